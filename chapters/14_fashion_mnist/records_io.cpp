// Chapter 14, given code: a run of the study as a record (common/records) and back.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "chapters/14_fashion_mnist/study.hpp"
#include "common/errors.hpp"
#include "common/records.hpp"

namespace course::fashion_mnist {
namespace {

std::string number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    return text;
}

const std::string& value_of(const records::Config& config, const std::string& key, const std::string& run_dir) {
    for (const auto& [k, v] : config)
        if (k == key) return v;
    throw DataError(run_dir + "/config.json: no \"" + key + "\" (a record of another chapter, or an older one: "
                    "delete the folder or run with --force)");
}

double parse_number(const std::string& text, const std::string& key, const std::string& run_dir) {
    try {
        std::size_t used = 0;
        const double value = std::stod(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    throw DataError(run_dir + "/config.json: \"" + key + "\" is " + text + ", not a number");
}

// "mlp 784-256-128-10": the real shape, a table's too.
std::string model_text(const StudyData& data) {
    std::string text = "mlp ";
    for (const std::size_t size : data.mlp_sizes()) text += (text.size() > 4 ? "-" : "") + std::to_string(size);
    return text;
}

}  // namespace

void write_record(const std::string& runs_dir, const RunResult& run, const StudyData& data) {
    const RunConfig& c = run.config;
    const records::Config config{{"chapter", "14_fashion_mnist"},
                                 {"name", run_name(c)},
                                 {"model", model_text(data)},
                                 {"optimizer", c.optimizer},
                                 {"lr", number(c.lr)},
                                 {"batch_size", std::to_string(c.batch_size)},
                                 {"init", scheme_name(c.init)},
                                 {"activation", activation_name(c.activation)},
                                 {"epochs", std::to_string(c.epochs)},
                                 {"seed", std::to_string(c.seed)},
                                 {"train_size", std::to_string(data.train.size())},
                                 {"validation_size", std::to_string(data.validation.size())},
                                 {"test_size", std::to_string(data.test.size())},
                                 {"best_epoch", std::to_string(run.best_epoch)},
                                 {"stopped_early", run.stopped_early ? "true" : "false"},
                                 {"test_loss", number(run.test.loss)},
                                 {"test_accuracy", number(run.test.accuracy)}};
    records::Metrics metrics{{"epoch", "train_loss", "val_loss", "val_accuracy", "lr", "seconds"}, {}};
    for (std::size_t e = 0; e < run.epochs.size(); ++e) {
        const EpochRow& r = run.epochs[e];
        metrics.rows.push_back({static_cast<double>(e + 1), r.train_loss, r.val_loss, r.val_accuracy, r.lr, r.seconds});
    }
    records::write_run((std::filesystem::path(runs_dir) / run_name(c)).string(), config, metrics);
}

StudyRun read_record(const std::string& runs_dir, const std::string& name) {
    const std::string dir = (std::filesystem::path(runs_dir) / name).string();
    const records::Config config = records::read_config(dir);
    const records::Metrics metrics = records::read_metrics(dir);
    StudyRun run;
    run.record.name = value_of(config, "name", dir);
    run.record.optimizer = value_of(config, "optimizer", dir);
    run.record.init = value_of(config, "init", dir);
    run.record.lr = parse_number(value_of(config, "lr", dir), "lr", dir);
    run.record.batch_size = static_cast<std::size_t>(parse_number(value_of(config, "batch_size", dir), "batch_size", dir));
    run.record.test_accuracy = parse_number(value_of(config, "test_accuracy", dir), "test_accuracy", dir);
    const std::vector<std::string> want{"epoch", "train_loss", "val_loss", "val_accuracy", "lr", "seconds"};
    if (metrics.columns != want)
        throw DataError(dir + "/metrics.csv: columns are not epoch, train_loss, val_loss, val_accuracy, lr, seconds");
    for (const auto& row : metrics.rows) {
        run.train_loss.push_back(row[1]);
        run.val_loss.push_back(row[2]);
        run.record.val_accuracy.push_back(row[3]);
        run.lr.push_back(row[4]);
    }
    return run;
}

std::vector<StudyRun> read_records(const std::string& runs_dir) {
    namespace fs = std::filesystem;
    std::error_code error;
    if (!fs::is_directory(runs_dir, error))
        throw DataError(runs_dir + ": not a folder of run records (one subfolder per run, each with config.json)");
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(runs_dir))
        if (entry.is_directory() && fs::exists(entry.path() / "config.json")) names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    std::vector<StudyRun> runs;
    for (const std::string& name : names) runs.push_back(read_record(runs_dir, name));
    return runs;
}

}  // namespace course::fashion_mnist
