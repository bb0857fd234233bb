// Experiment records: one folder per training run, holding what was asked (config.json) and what
// happened (metrics.csv), so a study can be compared, plotted and resumed from files alone.
//
//   runs/<study>/<run>/config.json   a flat JSON object: {"optimizer": "adam", "lr": 0.001, ...}
//   runs/<study>/<run>/metrics.csv   a header and one row of numbers per epoch (or per trial)
//
//   course::records::write_run("runs/lr_study/lr=0.01", {{"lr", "0.01"}, {"optimizer", "adam"}},
//                              {{"epoch", "loss"}, {{1, 0.71}, {2, 0.43}}});
//   for (const auto& name : course::records::list_runs("runs/lr_study")) ...
//
// A run counts as recorded when both files exist. Each is written to a temporary name and renamed into
// place, config.json last, so a run killed half-way is never mistaken for a finished one: a study that
// is interrupted and started again redoes exactly the runs that have no record.
//
// Numbers: config values are the text the caller gives (written unquoted when they are valid JSON
// numbers, so `"lr": 0.001` reads as a number in any JSON tool, and quoted otherwise); metrics are
// printed with %.17g, which reads back to the same double bit for bit.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace course::records {

using Config = std::vector<std::pair<std::string, std::string>>;  // key → value, in order

struct Metrics {
    std::vector<std::string> columns;         // the CSV header: no commas, quotes or line breaks
    std::vector<std::vector<double>> rows;    // each row has columns.size() numbers
};

// True when run_dir holds both config.json and metrics.csv (a run that finished writing its record).
bool is_recorded(const std::string& run_dir);

// Writes run_dir/config.json and run_dir/metrics.csv, creating run_dir and its parents. Replaces an
// earlier record of the same run. Throws std::invalid_argument for a key or column the formats cannot
// hold (an empty key or column, a column with a comma, quote or line break, a row of the wrong length,
// a repeated key) and std::runtime_error when a file cannot be written.
void write_run(const std::string& run_dir, const Config& config, const Metrics& metrics);

// Read a record back. A missing, truncated or corrupt file throws course::DataError naming the file,
// the line and what is wrong.
Config read_config(const std::string& run_dir);
Metrics read_metrics(const std::string& run_dir);

// The names (not paths) of the recorded runs directly under study_dir, sorted; folders without a
// complete record are left out. A study_dir that does not exist has no runs.
std::vector<std::string> list_runs(const std::string& study_dir);

}  // namespace course::records
