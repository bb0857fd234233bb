// Chapter 17, given code: a study's trials, recorded and resumed, and the comparison read back from them.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <string>
#include <utility>

#include "chapters/17_hyperparameter_search/study.hpp"
#include "common/errors.hpp"

namespace course::hyperparameter_search {

double final_val_loss(const records::Metrics& metrics) {
    const double inf = std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < metrics.columns.size(); ++c)
        if (metrics.columns[c] == "val_loss") return metrics.rows.empty() ? inf : metrics.rows.back().at(c);
    return inf;
}

records::Config trial_config(const SearchSpace& space, const Point& point, std::size_t steps,
                             const records::Config& fixed) {
    records::Config config;
    char text[32];
    for (std::size_t a = 0; a < space.size(); ++a) {
        std::snprintf(text, sizeof text, "%.6g", point.at(a));
        config.emplace_back(space[a].name, text);
    }
    config.emplace_back("steps", std::to_string(steps));
    config.insert(config.end(), fixed.begin(), fixed.end());
    return config;
}

Study::Study(std::string runs_dir, std::string name, SearchSpace space, records::Config fixed, Trainer trainer)
    : dir_((std::filesystem::path(runs_dir) / name).string()),
      space_(std::move(space)),
      fixed_(std::move(fixed)),
      trainer_(std::move(trainer)) {}

double Study::loss(const Point& point, std::size_t steps, const std::string& label) {
    char index[16];
    std::snprintf(index, sizeof index, "%03zu", trials_++);
    const std::string name = std::string(index) + "-" + label;
    const Trial trial = run_trial(dir_, name, trial_config(space_, point, steps, fixed_), trainer_);
    if (trial.trained) {
        ++trainings_;
        steps_trained_ += steps;
    }
    const double loss = final_val_loss(trial.metrics);
    if (on_trial) on_trial(name, steps, loss, trial.trained);
    return loss;
}

std::vector<RecordedTrial> read_study(const std::string& study_dir, const SearchSpace& space) {
    std::vector<RecordedTrial> trials;
    for (const std::string& name : records::list_runs(study_dir)) {
        const std::string dir = (std::filesystem::path(study_dir) / name).string();
        RecordedTrial trial{name, records::read_config(dir), {}, 0, 0.0, records::read_metrics(dir)};
        auto value = [&](const std::string& key) {
            for (const auto& [k, v] : trial.config)
                if (k == key) return std::stod(v);
            throw DataError(dir + "/config.json: no key \"" + key + "\"; this folder is not a trial of this study");
        };
        for (const Axis& axis : space) trial.point.push_back(value(axis.name));
        trial.steps = static_cast<std::size_t>(value("steps"));
        trial.val_loss = final_val_loss(trial.metrics);
        trials.push_back(std::move(trial));
    }
    return trials;
}

Incumbent incumbent_curve(const std::vector<RecordedTrial>& trials, std::size_t full_steps) {
    Incumbent curve;
    double spent = 0.0, best = std::numeric_limits<double>::infinity();
    for (const RecordedTrial& trial : trials) {
        spent += static_cast<double>(trial.steps);
        if (trial.steps == full_steps && trial.val_loss < best) best = trial.val_loss;
        curve.steps.push_back(spent);
        curve.best.push_back(best);
    }
    return curve;
}

}  // namespace course::hyperparameter_search
