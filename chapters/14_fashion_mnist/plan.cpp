// Chapter 14, given code: the study over a list of runs, with its records.
#include <chrono>
#include <cmath>
#include <filesystem>

#include "chapters/14_fashion_mnist/lecture.hpp"
#include "common/records.hpp"
#include "common/say.hpp"

namespace course::fashion_mnist {

std::vector<RunRecord> records_of(const std::vector<StudyRun>& runs) {
    std::vector<RunRecord> records;
    for (const StudyRun& run : runs) records.push_back(run.record);
    return records;
}

namespace {

double best_accuracy(const std::vector<EpochRow>& epochs) {
    double best = 0.0;
    for (const EpochRow& row : epochs) best = std::max(best, row.val_accuracy);
    return best;
}

}  // namespace

void run_study(const std::vector<RunConfig>& configs, const StudyData& data, const std::string& runs_dir,
               bool force, const WatchSettings& watch, bool progress, StudyOutcome& outcome) {
    const std::size_t trained_before = outcome.trained, skipped_before = outcome.skipped;
    const auto start = std::chrono::steady_clock::now();
    for (std::size_t k = 0; k < configs.size(); ++k) {
        const std::string name = run_name(configs[k]);
        const std::string dir = (std::filesystem::path(runs_dir) / name).string();
        if (!force && records::is_recorded(dir)) {
            ++outcome.skipped;
        } else {
            const auto on_epoch = [&](std::size_t epoch, const EpochRow& row) {
                if (!progress) return;
                const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
                const double done = static_cast<double>(outcome.trained - trained_before) +
                                    static_cast<double>(epoch) / static_cast<double>(configs[k].epochs);
                const double left =
                    elapsed / done * (static_cast<double>(configs.size() - (outcome.skipped - skipped_before)) - done);
                say("   run %zu of %zu %-32s epoch %2zu/%zu  loss %.4f  val acc %.4f  lr %.2g  (about %.0f min left)", k + 1,
                    configs.size(), name.c_str(), epoch, configs[k].epochs, row.train_loss, row.val_accuracy, row.lr,
                    std::ceil(left / 60.0));
            };
            RunResult run = train_run(configs[k], data, watch, on_epoch);
            write_record(runs_dir, run, data);
            ++outcome.trained;
            say("   run %zu of %zu %-32s %2zu epochs%s, best val acc %.4f; epoch %zu restored, test acc %.4f", k + 1,
                configs.size(), name.c_str(), run.epochs.size(), run.stopped_early ? " (stopped)" : "",
                best_accuracy(run.epochs), run.best_epoch, run.test.accuracy);
            if (!outcome.best_trained || best_accuracy(run.epochs) > best_accuracy(outcome.best_trained->epochs))
                outcome.best_trained = std::move(run);
        }
        outcome.runs.push_back(read_record(runs_dir, name));
    }
}

RunResult best_model(const std::vector<StudyRun>& runs, const StudyOutcome& trained,
                     const std::vector<RunConfig>& configs, const StudyData& data, const WatchSettings& watch) {
    const std::string best = summary_table(records_of(runs)).front().name;
    if (trained.best_trained && run_name(trained.best_trained->config) == best) return *trained.best_trained;
    for (const RunConfig& config : configs)
        if (run_name(config) == best) return train_run(config, data, watch);
    throw std::logic_error("best_model: the best run " + best + " is not one of the study's runs");
}

std::vector<double> activation_rms(Activation activation, InitScheme scheme, const Matrix& X, std::size_t depth,
                                   std::size_t width, std::uint64_t seed) {
    std::vector<std::size_t> sizes{X.cols()};
    for (std::size_t l = 0; l < depth; ++l) sizes.push_back(width);
    sizes.push_back(kClasses);
    Rng rng(seed);
    Mlp model = make_mlp(sizes, activation, scheme, rng);
    mlp_forward(model, X);
    std::vector<double> rms;
    for (std::size_t l = 1; l <= depth; ++l) rms.push_back(std::sqrt(mean(model.h[l] * model.h[l])));
    return rms;
}

}  // namespace course::fashion_mnist
