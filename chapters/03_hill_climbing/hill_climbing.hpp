// Chapter 03 — hill climbing (here: hill descent, since we minimise).
//
// Random search forgets everything after each sample. Local search remembers one point and only looks
// near it: propose a neighbour θ' = θ + σ·z (z a standard normal vector, σ the step size), move there if
// L(θ') < L(θ), otherwise stay. On a smooth bowl that walks straight downhill; once proposals keep
// failing, the step is too big for the bowl's remaining width, so σ shrinks (step-size decay). On a
// multimodal surface it walks into the nearest valley and stays there — the cure is to restart from a
// fresh random point and keep the best of all climbs.
//
// The functions, boxes and results are chapter 02's, so both methods run on the same problems with the
// same budget of function evaluations.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "chapters/02_random_search/random_search.hpp"
#include "common/random.hpp"

namespace course::hill_climbing {

using random_search::Box;
using random_search::Objective;
using random_search::SearchResult;
using random_search::Vector;

// Where a climb stands: its current point and the loss there.
struct Climber {
    Vector point;
    double value = 0.0;
};

struct HillClimbOptions {
    std::size_t budget = 1000;   // function evaluations in all, restarts included (≥ 1)
    double step_size = 0.5;      // σ at the start of every climb (> 0)
    double step_decay = 0.5;     // σ ← σ·step_decay after `patience` rejections in a row, in (0, 1)
    std::size_t patience = 20;   // rejections in a row that count as "the step is too big" (≥ 1)
    double min_step = 1e-4;      // a climb whose σ falls below this has converged (≥ 0)
    bool restarts = true;        // after convergence: restart from a uniform point (or stop, if false)
    std::optional<Vector> start;  // where the first climb starts; unset: a uniform point in the box
};

// Per-evaluation summary of many runs (one curve per seed): the 25th, 50th and 75th percentiles at each
// index, for drawing a median line inside an interquartile band.
struct Band {
    std::vector<double> lower;   // 25th percentile
    std::vector<double> median;  // 50th
    std::vector<double> upper;   // 75th
};

// Simulated annealing's cooling schedule: the temperature falls geometrically from t_start at step 0 to
// t_end at step steps − 1.
struct AnnealingSchedule {
    double t_start = 10.0;  // > 0
    double t_end = 0.01;    // in (0, t_start]
    std::size_t steps = 1000;  // ≥ 2
};

struct AnnealingOptions {
    std::size_t budget = 1000;  // function evaluations, the start included (≥ 2)
    double step_size = 0.5;     // σ of the neighbour proposals (> 0), fixed: the temperature does the cooling
    double t_start = 10.0;      // the schedule runs from t_start to t_end over the budget's budget − 1 steps
    double t_end = 0.01;
    std::optional<Vector> start;  // unset: a uniform point in the box
};

// ---- given: simulated annealing (annealing.cpp), built on exercises 3.1 and 3.5 ------------------------
// From the start, budget − 1 times: propose a neighbour (3.1), move there with the Metropolis probability
// (3.5) at the step's temperature (3.5), drawing one rng.uniform() only when that probability is strictly
// between 0 and 1. best_so_far and best_point track the lowest value evaluated; paths holds one path: the
// start and every accepted move. Throws std::invalid_argument for options out of range.
SearchResult simulated_annealing(const Objective& f, const Box& box, const AnnealingOptions& options, Rng& rng);

// ---- exercises --------------------------------------------------------------------------------------
// 3.1 A neighbour of x: x + step·z with z ~ N(0, I) (one rng.normal() per coordinate, in order), each
//     coordinate then clamped into the box. Throws std::invalid_argument if the sizes differ or step ≤ 0.
Vector propose_neighbour(const Vector& x, double step, const Box& box, Rng& rng);
// 3.2 One step: propose a neighbour of climber.point, evaluate it once, and move the climber there only
//     if it is strictly better. Returns whether the move was accepted.
bool climb_step(const Objective& f, Climber& climber, double step, const Box& box, Rng& rng);
// 3.3 Hill climbing with step-size decay and restarts, spending exactly options.budget evaluations
//     (fewer only when restarts are off and the climb converged). Throws std::invalid_argument for
//     options out of range.
SearchResult hill_climb(const Objective& f, const Box& box, HillClimbOptions options, Rng& rng);
// 3.4 The 25/50/75 percentiles, index by index, of curves of equal length (at least one curve),
//     with linear interpolation between order statistics (numpy's default): the q-quantile of sorted
//     values v₀ ≤ … ≤ v_{n−1} sits at position q·(n − 1). Throws std::invalid_argument otherwise.
Band percentile_band(const std::vector<std::vector<double>>& curves);
// 3.5 Simulated annealing's two rules. metropolis_acceptance: the probability of moving to a neighbour
//     whose loss differs by delta = ℒ(θ') − ℒ(θ) at temperature T ≥ 0 — 1 downhill, exp(−delta/T) uphill,
//     and at T = 0 exactly hill climbing's rule. annealing_temperature: the schedule's temperature at step k
//     (0 ≤ k < steps). Both throw std::invalid_argument for arguments out of range.
double metropolis_acceptance(double delta, double temperature);
double annealing_temperature(const AnnealingSchedule& schedule, std::size_t k);

}  // namespace course::hill_climbing
