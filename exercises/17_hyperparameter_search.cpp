// Chapter 17 — hyperparameter search. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=17`. Stuck? `make hint EX=17.6` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/17_hyperparameter_search/hyperparameter_search.hpp)
// defines the types. 17.3 calls your 17.1; the last test of 17.9 runs the given Hyperband, and with it
// your 17.1, 17.3, 17.6 and 17.7. The other exercises are graded alone.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/17_hyperparameter_search/hyperparameter_search.hpp"
#include "common/errors.hpp"

namespace course::hyperparameter_search {

// Exercise 17.1 — log-uniform sampling (README, section 2).
// One number in [low, high] such that every factor of ten is equally likely, from exactly ONE call
// rng.uniform(a, b) on the logarithmic scale (the tests replay the generator). The result must stay
// within [low, high]. Throws std::invalid_argument unless 0 < low < high.
// The trap: a check written as `low <= 0 || low >= high` lets a NaN bound through.
double log_uniform(double low, double high, Rng& rng) {
    throw NotImplemented("17.1");
}

// Exercise 17.2 — grid search's points (README, section 1).
// per_axis = k values per axis, evenly spaced from low to high (in ln on a log axis), both ends included,
// rounded on an integer axis; then every combination, the first axis varying slowest: for 2 axes
// {a0, a1} × {b0, b1} the order is (a0,b0), (a0,b1), (a1,b0), (a1,b1). Throws std::invalid_argument for
// k < 2, no axes, or a log axis with low ≤ 0.
// The trap: the ends must be EXACTLY low and high, which floating point does not give you by itself.
std::vector<Point> grid_points(const SearchSpace& space, std::size_t per_axis) {
    throw NotImplemented("17.2");
}

// Exercise 17.3 — random search's points (README, section 1).
// n points, each axis an independent draw: your 17.1 on a log axis, rng.uniform(low, high) otherwise,
// std::round on an integer axis.
// The trap: the order of the draws is part of the contract (point by point, axis by axis within a
// point): the tests replay the rng.
std::vector<Point> random_points(const SearchSpace& space, std::size_t n, Rng& rng) {
    throw NotImplemented("17.3");
}

// Exercise 17.4 — distinct values per axis (README, section 1: Bergstra & Bengio's picture).
// counts[a] = how many different values points[·][a] takes (exact ==). No points → {}. Points of
// different lengths → std::invalid_argument.
// The trap: {1, 2, 1} has two distinct values, not three changes.
std::vector<std::size_t> distinct_per_axis(const std::vector<Point>& points) {
    throw NotImplemented("17.4");
}

// Exercise 17.5 — the best value at the edge of the grid (README, section 3).
// best = the index of the lowest loss (the first on a tie; skip NaN). For each axis a, with lo and hi
// the smallest and largest value any point has on it: if lo < hi and points[best][a] == lo, warn
// {a, true, value}; else if it == hi, warn {a, false, value}. Warnings in axis order.
// Throws std::invalid_argument for no points, losses.size() != points.size(), or every loss NaN.
// The trap: a NaN loss is never the best, not even as the starting "best so far".
std::vector<EdgeWarning> best_at_edge(const std::vector<Point>& points, const std::vector<double>& losses) {
    throw NotImplemented("17.5");
}

// Exercise 17.6 — Hyperband's brackets (README, section 4; Li et al. 2018, algorithm 1).
// The brackets s = s_max, s_max − 1, …, 0 in that order, each with its rungs (nᵢ configurations, rᵢ
// resource each) of successive halving. For R = 81, η = 3 the first bracket is s = 4 with rungs
// (81, 1), (27, 3), (9, 9), (3, 27), (1, 81); the README's table has the others. Throws
// std::invalid_argument for R < 1 or η < 2.
// The trap: s_max = ⌊log_η R⌋ by a floating-point log loses a bracket (ln 243/ln 3 = 4.999…): count in
// integers.
std::vector<Bracket> hyperband_brackets(std::size_t R, std::size_t eta) {
    throw NotImplemented("17.6");
}

// Exercise 17.7 — successive halving (README, section 4).
// Start with configurations 0 … rungs[0].configs − 1. At rung i: losses = evaluate(c, rungs[i].resource)
// for each current c, in increasing c; record configs and losses. Unless it is the last rung, keep the
// rungs[i + 1].configs configurations with the LOWEST losses (ties: lower configuration number; NaN
// ranks after every number), sorted by configuration number. best = the lowest loss of the last rung.
// Throws std::invalid_argument for no rungs, or a rung with 0 configurations or more than the previous.
// The trap: losses at different budgets do not compare; and ties must stay in configuration order.
Halving successive_halving(const std::vector<Rung>& rungs, const Evaluate& evaluate) {
    throw NotImplemented("17.7");
}

// Exercise 17.8 — the unit cube of Bayesian optimization (README, section 5).
// to_unit: each axis mapped onto [0, 1], low → 0 and high → 1, linearly in x (in ln x on a log axis).
// from_unit: its inverse, back into the space. Both throw std::invalid_argument when the point has not
// one value per axis.
// The trap: from_unit receives whatever the GP proposes, possibly outside [0, 1]: its result must still
// lie within [low, high], and be whole on an integer axis.
Point to_unit(const SearchSpace& space, const Point& point) {
    throw NotImplemented("17.8");
}

Point from_unit(const SearchSpace& space, const Point& unit) {
    throw NotImplemented("17.8");
}

// Exercise 17.9 — a resumable trial (README, section 6).
// dir = study_dir/name. If records::is_recorded(dir): read_config; the same config → return
// {read_metrics(dir), false} without calling train; another config → throw course::DataError naming dir
// and the first key that differs. Otherwise: metrics = train(config), records::write_run(dir, config,
// metrics), return {metrics, true}.
// The trap: a folder that exists is not necessarily a record (a run killed half-way): ask is_recorded.
Trial run_trial(const std::string& study_dir, const std::string& name, const records::Config& config,
                const Trainer& train) {
    throw NotImplemented("17.9");
}

// Exercise 17.10 — k-fold cross-validation (README, section 8).
// kfold_split: k folds of the examples 0 … n − 1, as scikit-learn's KFold(n_splits=k) cuts them: fold f
// validates on a contiguous block, the blocks in order, of ⌊n/k⌋ + 1 examples for the first n mod k folds
// and ⌊n/k⌋ for the others; its training set is every other example, in increasing order. Throws
// std::invalid_argument for k < 2 or k > n (k = n, leave-one-out, is allowed).
// cross_validate: scores[f] = score(folds[f].train, folds[f].validation), one call per fold in fold order;
// mean = their mean; stddev = the SAMPLE standard deviation √(Σ(sᵢ − mean)²/(k − 1)). (scikit-learn's
// cv_results_ divides by k: not this contract.) Throws std::invalid_argument for fewer than 2 folds.
// The trap: the n mod k left-over examples go one each to the FIRST folds, not all to the last one, and
// not nowhere.
std::vector<Fold> kfold_split(std::size_t n, std::size_t k) {
    throw NotImplemented("17.10");
}

CrossValidation cross_validate(const std::vector<Fold>& folds, const FoldScore& score) {
    throw NotImplemented("17.10");
}

}  // namespace course::hyperparameter_search
