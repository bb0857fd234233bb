// Chapter 17 — hyperparameter search: grid, random, successive halving, Hyperband, Bayesian optimization.
//
// A hyperparameter is a number the training loop does not learn: the learning rate η, the width of a
// layer. A search proposes points λ of a search space Λ, trains the network at each (a "trial") and
// keeps the λ with the lowest validation loss f(λ). Training is the expensive part, so the methods
// differ in where they spend it:
//
//   grid search      k values per axis, every combination: kᵈ trials, but only k distinct values of
//                    the one axis that matters (Bergstra & Bengio, 2012, figure 1)
//   random search    n independent draws: n distinct values on every axis
//   successive       n configurations on a small budget r, keep the best 1/η, give them η·r, repeat
//   halving (SH)     (Jamieson & Talwalkar, 2016): most of the budget goes to the promising ones
//   Hyperband        SH at every trade-off between "many configurations" and "a long budget each",
//                    brackets s = s_max … 0 (Li, Jamieson, DeSalvo, Rostamizadeh & Talwalkar, 2018)
//   Bayesian opt.    a Gaussian process models f from the trials so far; expected improvement picks
//                    the next λ (chapter 16)
//
// Every trial writes a record (common/records.hpp): runs/<study>/<trial>/config.json + metrics.csv.
// The comparison is drawn from those files, and a study that is interrupted and started again reads
// back what is recorded instead of training it again (exercise 17.9).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "common/records.hpp"

namespace course::hyperparameter_search {

// One axis of a search space: a named range [low, high] (both ends included).
struct Axis {
    std::string name;      // the config key: "lr", "width"
    double low = 0.0;
    double high = 1.0;
    bool log = false;      // spread log-uniformly (a rate, a width): equal room per factor of 10
    bool integer = false;  // values rounded to whole numbers (a width)
};
using SearchSpace = std::vector<Axis>;
using Point = std::vector<double>;  // one value per axis, in the space's order

// Successive halving's schedule: rung i evaluates `configs` configurations with `resource` units each.
struct Rung {
    std::size_t configs = 0;  // nᵢ
    double resource = 0.0;    // rᵢ
};
// One bracket of Hyperband: s + 1 rungs of successive halving.
struct Bracket {
    std::size_t s = 0;
    std::vector<Rung> rungs;
};

// Trains (or otherwise scores) configuration `config` with `resource` units of budget; lower is better.
using Evaluate = std::function<double(std::size_t config, double resource)>;

// What successive halving did, rung by rung.
struct Halving {
    std::vector<std::vector<std::size_t>> configs;  // configs[i]: the configurations evaluated at rung i
    std::vector<std::vector<double>> losses;        // losses[i][k]: the loss of configs[i][k] at rung i
    std::size_t best = 0;                           // the configuration with the lowest loss at the last rung
    double best_loss = 0.0;
};

// "The best value lies at the edge of what was tried": the range should be extended on that side.
struct EdgeWarning {
    std::size_t axis = 0;  // index into the space
    bool at_low = false;   // true: at the smallest value tried; false: at the largest
    double value = 0.0;    // the best trial's value on that axis
};

// A trial's record: what the study asked (its config) and what the training measured.
using Trainer = std::function<records::Metrics(const records::Config& config)>;
struct Trial {
    records::Metrics metrics;
    bool trained = false;  // false: read back from an existing record
};

// k-fold cross-validation: the n examples cut into k folds; each fold validates once, trained on the rest.
struct Fold {
    std::vector<std::size_t> validation;  // this fold's examples, in increasing order
    std::vector<std::size_t> train;       // every other example, in increasing order
};
// Trains on the examples `train` and returns the score on `validation` (here a loss: lower is better).
using FoldScore =
    std::function<double(const std::vector<std::size_t>& train, const std::vector<std::size_t>& validation)>;
// What the k folds measured.
struct CrossValidation {
    std::vector<double> scores;  // scores[f]: fold f's score
    double mean = 0.0;           // their mean: the cross-validated score
    double stddev = 0.0;         // their SAMPLE standard deviation, divisor k − 1
};

// ---- exercises --------------------------------------------------------------------------------------------
// 17.1 A log-uniform draw: exp(u) with u = rng.uniform(ln low, ln high), one draw, clamped to [low, high]
//      against rounding. Equal probability for [1e-4, 1e-3) and [1e-1, 1). Throws std::invalid_argument
//      unless 0 < low < high.
double log_uniform(double low, double high, Rng& rng);
// 17.2 Grid search's points: per axis `per_axis` values from low to high, both included, evenly spaced
//      (geometrically on a log axis; rounded on an integer axis), the ends exactly low and high; every
//      combination, the first axis varying slowest. Throws std::invalid_argument for per_axis < 2, an
//      empty space, or a log axis with low ≤ 0.
std::vector<Point> grid_points(const SearchSpace& space, std::size_t per_axis);
// 17.3 Random search's points: n points, each drawing its axes in the space's order: log_uniform on a
//      log axis, rng.uniform(low, high) otherwise; an integer axis rounded (std::round).
std::vector<Point> random_points(const SearchSpace& space, std::size_t n, Rng& rng);
// 17.4 How many distinct values each axis took over `points` (exact comparison): one count per axis.
//      Empty points → an empty vector; points of different lengths → std::invalid_argument.
std::vector<std::size_t> distinct_per_axis(const std::vector<Point>& points);
// 17.5 The edge check: for the point with the lowest loss (the first one on a tie; NaN never best), a
//      warning for every axis on which its value is the smallest or the largest value tried on that axis,
//      in axis order (an axis on which only one value was tried tells nothing: no warning).
//      Throws std::invalid_argument for no points, losses of another length, or all losses NaN.
std::vector<EdgeWarning> best_at_edge(const std::vector<Point>& points, const std::vector<double>& losses);
// 17.6 Hyperband's brackets for maximum resource R and ratio η ≥ 2 (Li et al., algorithm 1):
//      s_max = ⌊log_η R⌋ (in integers), B = (s_max + 1)·R; for s = s_max down to 0:
//      n = ⌈(B/R)·ηˢ/(s + 1)⌉, r = R·η⁻ˢ, and rung i = 0 … s has nᵢ = ⌊n·η⁻ⁱ⌋, rᵢ = r·ηⁱ.
//      Throws std::invalid_argument for R < 1 or η < 2.
std::vector<Bracket> hyperband_brackets(std::size_t R, std::size_t eta);
// 17.7 Successive halving over configurations 0 … rungs[0].configs − 1: rung i evaluates its configurations
//      with rungs[i].resource; the rungs[i + 1].configs with the lowest losses (ties: the lower
//      configuration number; NaN last) go on to rung i + 1, in increasing order of configuration number.
//      Throws std::invalid_argument for no rungs, a rung with 0 configurations or more than the one before.
Halving successive_halving(const std::vector<Rung>& rungs, const Evaluate& evaluate);
// 17.8 Bayesian optimization's coordinates: each axis mapped onto [0, 1] (log axes through ln), and back
//      (from_unit clamps to [0, 1] first and rounds integer axes). Throws std::invalid_argument when the
//      point has not one value per axis.
Point to_unit(const SearchSpace& space, const Point& point);
Point from_unit(const SearchSpace& space, const Point& unit);
// 17.9 One trial of a study, resumable: if study_dir/name is recorded (records::is_recorded) with this very
//      config, its metrics are read back and train is not called; if it holds no complete record, train
//      runs and its metrics are written with records::write_run. A record with another config is not this
//      trial: throws course::DataError naming the folder and the first key that differs.
Trial run_trial(const std::string& study_dir, const std::string& name, const records::Config& config,
                const Trainer& train);
// 17.10 k-fold cross-validation (scikit-learn's KFold(n_splits=k, shuffle=False)): fold f validates on the
//      contiguous examples [start_f, start_f + size_f), size_f = ⌊n/k⌋ + 1 for the first n mod k folds and
//      ⌊n/k⌋ for the others, and trains on all the other examples, in order. Throws std::invalid_argument
//      for k < 2 or k > n (k = n is leave-one-out).
std::vector<Fold> kfold_split(std::size_t n, std::size_t k);
//      cross_validate calls score(fold.train, fold.validation) once per fold, in fold order, and returns the
//      scores, their mean and their sample standard deviation √(Σ(sᵢ − mean)²/(k − 1)) (scikit-learn's
//      cv_results_ reports the divisor-k one, numpy's default). Throws std::invalid_argument for < 2 folds.
CrossValidation cross_validate(const std::vector<Fold>& folds, const FoldScore& score);

}  // namespace course::hyperparameter_search
