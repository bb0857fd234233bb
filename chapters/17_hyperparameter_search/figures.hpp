// Chapter 17, given code: the figures 50-55 (figures.cpp). Losses above kLossCap (a diverged trial, or one
// worse than the untrained network) are drawn at the cap with a cross.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "chapters/17_hyperparameter_search/study.hpp"

namespace course::hyperparameter_search {

// A set of trials to draw: their points and final validation losses.
struct Trials {
    std::vector<Point> points;
    std::vector<double> losses;
};

// 50: where grid and random search put their trials in the (η, width) plane, and the loss against η.
void draw_grid_vs_random(const std::string& path, const Trials& grid, const Trials& random);
// 51: the share of draws per decade of η, uniform against log-uniform on [low, high].
void draw_log_uniform(const std::string& path, double low, double high, std::size_t draws, std::uint64_t seed);
// 52: a grid whose best rate sits at its edge, and the grid over the extended range.
void draw_edge_check(const std::string& path, const Trials& narrow, const Trials& wide);
// 53: successive halving in Hyperband's most aggressive bracket: each configuration's loss per rung.
void draw_successive_halving(const std::string& path, const HyperbandRun& run, std::size_t unit_steps);
// 54: Bayesian optimization: the GP's mean of ln(loss) over the search space with the trials in order,
//     and the best loss so far per trial against random search's.
void draw_bayes(const std::string& path, const SearchSpace& space, const BayesRun& bayes, const Trials& random);
// 55: best validation loss so far against training steps spent, per study, read from the records.
void draw_comparison(const std::string& path, const std::vector<std::pair<std::string, Incumbent>>& curves);

}  // namespace course::hyperparameter_search
