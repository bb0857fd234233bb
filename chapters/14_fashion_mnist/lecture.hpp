// Chapter 14, given code: what the lecture runs — its settings, parsed from the flags once (main.cpp),
// its later steps (lessons.cpp), the study over a list of runs with its records (plan.cpp) — and what
// it draws, figures 30 to 36 (figures.cpp, figures_study.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/study.hpp"

namespace course::fashion_mnist {

// ---- the lecture's settings (main.cpp's settings_of reads them from the flags) --------------------------
// --full's filter of the seed's grid: per factor "all", or the one value to keep ("sgd", "0.01", "64",
// "he_normal").
struct GridFilter {
    std::string optimizer = "all", lr = "all", batch_size = "all", init = "all";
    bool keeps(const RunConfig& config) const;
};
// What the lecture runs. The scale is a preset: the default run, --quick, --full, or a table's own split.
struct Settings {
    bool table = false;          // --csv: a table of your own instead of Fashion-MNIST
    std::string csv, target;     // the table's file, its column of classes ("": the last column)
    DataOptions fashion;         // otherwise Fashion-MNIST's folder and the images of each part
    std::size_t epochs = 4;      // of each run
    bool full = false;           // the seed's whole grid (filtered by `only`), with a progress line per epoch
    GridFilter only;
    bool force = false;          // train again the runs that runs_dir already holds
    std::string runs_dir;        // where the records go
    bool temporary_runs = true;  // runs_dir is this process's own folder, removed at the end
    WatchSettings watch;         // ReduceLROnPlateau and early stopping, per epoch
    std::uint64_t seed = 42;
    std::string out;             // the figures' folder
    std::string grid;            // the records of the seed's whole grid, committed (step 9, figure 67)
    bool grid_given = false;     // --grid was given: a missing folder is an error, not a note
};

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
void run_study(const std::vector<RunConfig>& configs, const StudyData& data, const std::string& runs_dir,
               bool force, const WatchSettings& watch, bool progress, StudyOutcome& outcome);
// The best run of the records (summary_table's first row of `runs`): the one kept in `trained` when it
// is that run, else trained again (training is deterministic: the same seed gives the same weights).
RunResult best_model(const std::vector<StudyRun>& runs, const StudyOutcome& trained,
                     const std::vector<RunConfig>& configs, const StudyData& data, const WatchSettings& watch);
std::vector<RunRecord> records_of(const std::vector<StudyRun>& runs);

// The root mean square of each hidden layer's activations at initialisation, for a deep MLP of `depth`
// hidden layers of `width` units on the images X (README, section 5).
std::vector<double> activation_rms(Activation activation, InitScheme scheme, const Matrix& X, std::size_t depth,
                                   std::size_t width, std::uint64_t seed);
struct ActivationProfile {
    std::string label;
    std::vector<double> rms;
};

// ---- the lecture's later steps (lessons.cpp) --------------------------------------------------------------
// Steps 4-6: the optimizers at both rates (batch 64, He), then the batch sizes and the other
// initialization for the best of them — read from the seed's grid (settings.grid) when it is there and
// the data are Fashion-MNIST's, trained otherwise (a table, or the grid's folder missing); with --full
// the grid instead. Then the study asked again, which trains nothing and reads every run back from its
// record.
struct StudyRuns {
    std::vector<RunConfig> configs;  // every configuration trained
    std::vector<StudyRun> grid;      // the seed's grid when steps 5-6 read it (figures 32 and 33 too)
    StudyOutcome trained;            // as trained (with the best run's model)
    StudyOutcome recorded;           // read back from the records: what steps 7-8 and the figures use
};
StudyRuns study_lesson(const StudyData& data, const Settings& settings);
// Step 7, the summary table (exercise 14.9), and figures 31-33 and 36 from the records; `profiles` of
// step 3 on `profile_inputs` ("1,000 images") for figure 33's left panel.
void summary_lesson(const StudyRuns& study, const std::vector<ActivationProfile>& profiles,
                    const std::string& profile_inputs, const Settings& settings);
// Step 8: the best run on the test set, per class, and figures 34 and 35 (images only).
void best_run_lesson(const StudyRuns& study, const StudyData& data, const Settings& settings);

// ---- figures (figures.cpp, figures_study.cpp) ------------------------------------------------------------
// 30: four training images of each class, captioned with the class name.
void draw_samples(const Dataset& train, const std::string& path);
// 31: the training loss and the validation accuracy per epoch, one line per run given (the best run of
// each optimizer).
void draw_optimizer_curves(const std::vector<StudyRun>& runs, const std::vector<std::size_t>& which,
                           const std::string& path);
// 32: left, the best validation accuracy of each optimizer at each learning rate (bars); right, the
// validation accuracy per epoch at each batch size: batch_source[i] for i in batch_runs (`runs` itself, or
// the seed's grid, which the title then names).
void draw_lr_batch(const std::vector<StudyRun>& runs, const std::vector<StudyRun>& batch_source,
                   const std::vector<std::size_t>& batch_runs, const std::string& path);
// 33: left, the activations' RMS per layer at initialisation on `inputs` ("1,000 images"); right,
// validation accuracy per epoch of the runs given (one per initialisation; `grid`: they are the seed's
// grid's, which the title then says).
void draw_init_effect(const std::vector<ActivationProfile>& profiles, const std::string& inputs,
                      const std::vector<StudyRun>& runs, const std::vector<std::size_t>& init_runs, bool grid,
                      const std::string& path);
// 34: the confusion matrix of the test set, counts in each cell, rows normalised for the colour; the
// rows and columns in class order, both axes labelled by the class names (or, when the names under the
// columns would run into each other, by class numbers, keyed to the names on the true-class axis).
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
