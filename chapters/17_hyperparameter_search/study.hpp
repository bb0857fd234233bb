// Chapter 17, given code: the trials (the face network trained through chapter 08's one loop), a study
// that records every trial and resumes from its records, the search methods run as studies, and the
// comparison read back from the records.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/16_derivative_free/bayesian_optimization.hpp"
#include "chapters/17_hyperparameter_search/hyperparameter_search.hpp"
#include "common/random.hpp"
#include "common/records.hpp"

namespace course::hyperparameter_search {

// ---- the trials: the face network of chapter 08 (face_trial.cpp) ------------------------------------------
// The chapter's search space: the learning rate η on [1e-3, 3] and the first hidden layer's width on
// [4, 64], both log-scaled (the width rounded).
SearchSpace face_space();

// The faces every trial trains and validates on (chapter 08's preprocessing), and the fixed part of a
// trial's recipe.
struct FaceProblem {
    backpropagation::FaceData data;
    std::size_t faces = 0;
    std::size_t batch_size = 32;
    std::uint64_t seed = 42;
};
FaceProblem make_face_problem(std::size_t faces, std::uint64_t seed);

// Trains the network 1024 → width → 16 → 8 → 2 (chapter 08's recipe, first layer's Glorot weights
// halved) for `steps` mini-batch steps at rate lr with chapter 08's fit(), the weights and the batches
// drawn from problem.seed whatever the configuration (repeat k > 0: from other seeds, for the same data).
// Metrics: columns step, train_loss (the mean batch loss since the previous check), val_loss; one row per
// validation check (10 per run). A run whose loss stops being finite ends with a row of +inf.
records::Metrics train_face(const FaceProblem& problem, double lr, std::size_t width, std::size_t steps,
                            std::uint64_t repeat = 0);
// The same as a Trainer that reads lr, width, steps and (if present) repeat from a trial's config.
Trainer face_trainer(const FaceProblem& problem);

// ---- a study: a folder of trials (study.cpp) ----------------------------------------------------------------
// The last row's val_loss of a trial's metrics (+inf when there is no row or no such column).
double final_val_loss(const records::Metrics& metrics);

class Study {
public:
    // Trials live in runs_dir/name/<trial>/. `fixed` joins every trial's config (the seed, the data size).
    Study(std::string runs_dir, std::string name, SearchSpace space, records::Config fixed, Trainer trainer);
    // The final validation loss at `point` after `steps` steps. The trial is the study's k-th call
    // ("007-<label>"): read back when recorded, trained and recorded otherwise (exercise 17.9).
    double loss(const Point& point, std::size_t steps, const std::string& label);

    // Called after every trial (a progress line): its name, steps, final loss, and whether it trained.
    std::function<void(const std::string& name, std::size_t steps, double loss, bool trained)> on_trial;

    const std::string& dir() const { return dir_; }
    const SearchSpace& space() const { return space_; }
    std::size_t trials() const { return trials_; }                // calls of loss()
    std::size_t trainings() const { return trainings_; }          // of them, the ones that trained
    std::size_t steps_trained() const { return steps_trained_; }  // the steps those trainings ran

private:
    std::string dir_;
    SearchSpace space_;
    records::Config fixed_;
    Trainer trainer_;
    std::size_t trials_ = 0, trainings_ = 0, steps_trained_ = 0;
};

// A point's config: one key per axis (%.6g), then steps, then the study's fixed keys.
records::Config trial_config(const SearchSpace& space, const Point& point, std::size_t steps,
                             const records::Config& fixed);

// ---- the searches as studies (searches.cpp) ----------------------------------------------------------------
// Each point trained for `steps`; the losses in order.
std::vector<double> run_points(Study& study, const std::vector<Point>& points, std::size_t steps);

// Hyperband (Li et al., algorithm 1) with brackets from exercise 17.6: each bracket draws its rungs[0].configs
// points with random_points and runs successive halving (17.7), resource r meaning round(r · unit_steps)
// steps. The best point is the lowest loss among the brackets' last rungs (all at R · unit_steps steps).
struct HyperbandRun {
    std::vector<Bracket> brackets;
    std::vector<std::vector<Point>> points;  // per bracket, its configurations
    std::vector<Halving> halvings;           // per bracket
    Point best;
    double best_loss = 0.0;
};
HyperbandRun run_hyperband(Study& study, std::size_t R, std::size_t eta, std::size_t unit_steps, Rng& rng);

// Bayesian optimization: chapter 16's bayes_opt (expected improvement) in the unit square of exercise
// 17.8, on f(u) = ln min(loss(from_unit(u)), kLossCap): a trial worse than the cap (a diverged one, or one
// worse than the untrained network) counts as the cap, so one blow-up cannot stretch the GP's scale.
inline constexpr double kLossCap = 1.0;
struct BayesRun {
    derivative_free::BayesOptOptions options;
    derivative_free::BayesOptResult result;  // in unit coordinates, values ln(capped loss)
    std::vector<Point> points;               // the trials, in the space's own units
    std::vector<double> losses;              // their final validation losses
};
BayesRun run_bayes(Study& study, std::size_t trials, std::size_t initial, std::size_t steps, Rng& rng);

// ---- the comparison, from the records alone (study.cpp) -----------------------------------------------------
struct RecordedTrial {
    std::string name;
    records::Config config;
    std::vector<double> point;  // the space's axes, read from the config
    std::size_t steps = 0;
    double val_loss = 0.0;      // final_val_loss of its metrics
    records::Metrics metrics;
};
// Every recorded trial of runs_dir/name, in the order the study ran them (their names sort that way).
std::vector<RecordedTrial> read_study(const std::string& study_dir, const SearchSpace& space);
// After each trial: the training steps spent so far and the lowest val_loss among the trials trained for
// `full_steps` so far (+inf before the first): the "best so far against cost" curve.
struct Incumbent {
    std::vector<double> steps, best;
};
Incumbent incumbent_curve(const std::vector<RecordedTrial>& trials, std::size_t full_steps);

}  // namespace course::hyperparameter_search
