// Chapter 14, given code: what the lecture runs — the study over a list of runs with its records
// (plan.cpp) — and what it draws, figures 30 to 36 (figures.cpp, figures_study.cpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/study.hpp"

namespace course::fashion_mnist {

// ---- the study (plan.cpp) -------------------------------------------------------------------------------
// Trains every run of `configs` that runs_dir does not hold a record of yet (all of them with force),
// writes its record, and reads every run back from its record: the figures and the table are drawn from
// the files. `progress`: a line per epoch and per run, with the time left (nondeterministic, so only for
// the full study); otherwise one line per run, reproducible. Appends to `outcome`, which may carry
// earlier calls' runs: the trained run with the best validation accuracy is kept there with its model.
struct StudyOutcome {
    std::vector<StudyRun> runs;          // in the order of configs, from the records
    std::size_t trained = 0, skipped = 0;
    std::optional<RunResult> best_trained;
};
void run_study(const std::vector<RunConfig>& configs, const FashionMnist& data, const std::string& runs_dir,
               bool force, const WatchSettings& watch, bool progress, StudyOutcome& outcome);
// The best run of the records (summary_table's first row of `runs`): the one kept in `trained` when it
// is that run, else trained again (training is deterministic: the same seed gives the same weights).
RunResult best_model(const std::vector<StudyRun>& runs, const StudyOutcome& trained,
                     const std::vector<RunConfig>& configs, const FashionMnist& data, const WatchSettings& watch);
std::vector<RunRecord> records_of(const std::vector<StudyRun>& runs);

// The root mean square of each hidden layer's activations at initialisation, for a deep MLP of `depth`
// hidden layers of `width` units on the images X (README, section 5).
std::vector<double> activation_rms(Activation activation, InitScheme scheme, const Matrix& X, std::size_t depth,
                                   std::size_t width, std::uint64_t seed);
struct ActivationProfile {
    std::string label;
    std::vector<double> rms;
};

// ---- figures (figures.cpp, figures_study.cpp) ------------------------------------------------------------
// 30: four training images of each class, captioned with the class name.
void draw_samples(const Dataset& train, const std::string& path);
// 31: the training loss and the validation accuracy per epoch, one line per run given (the best run of
// each optimizer).
void draw_optimizer_curves(const std::vector<StudyRun>& runs, const std::vector<std::size_t>& which,
                           const std::string& path);
// 32: left, the best validation accuracy of each optimizer at each learning rate (bars); right, the
// validation accuracy per epoch at each batch size.
void draw_lr_batch(const std::vector<StudyRun>& runs, const std::vector<std::size_t>& batch_runs, const std::string& path);
// 33: left, the activations' RMS per layer at initialisation on `inputs` ("1,000 images"); right,
// validation accuracy per epoch of the runs given (one per initialisation).
void draw_init_effect(const std::vector<ActivationProfile>& profiles, const std::string& inputs,
                      const std::vector<StudyRun>& runs, const std::vector<std::size_t>& init_runs, const std::string& path);
// 34: the confusion matrix of the test set, counts in each cell, rows normalised for the colour; the
// rows and columns in class order, named "k name".
void draw_confusion(const Matrix& counts, const std::vector<std::string>& names, const std::string& path);
// 35: misclassified test images with their true and predicted classes (the first `count`).
void draw_misclassified(const Dataset& test, const Matrix& logits, std::size_t count, const std::string& path);
// 36: every recorded run's best validation accuracy, sorted, coloured by optimizer; and the top of the
// summary table.
void draw_study_comparison(const std::vector<SummaryRow>& table, const std::vector<StudyRun>& runs,
                           const std::string& path);
// 67: the seed's whole grid, {SGD, momentum, RMSprop, Adam} × lr {0.01, 0.001} × batch {32, 64, 128} ×
// {Xavier, He}, from its records: each run's best validation accuracy in a heat map (optimizer and rate
// down, batch size and initialization across; an empty cell for a run not recorded), and the validation
// accuracy per epoch of each optimizer's best run.
void draw_seed_grid(const std::vector<StudyRun>& runs, const std::string& path);

}  // namespace course::fashion_mnist
