// Chapter 10 — running an optimizer: on a 2-D test function (the playground and the figures), on a
// diagonal quadratic (the theory of momentum), and writing a run as CSV.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/10_optimizers/test_functions.hpp"

namespace course::optimizers {

// A run: entry k is the point after k steps (k = 0 is the start) and f there.
struct Trajectory {
    std::vector<double> x, y, f;
    std::size_t diverged_at = 0;  // the step that produced NaN or ±∞ (not recorded); 0 if none did
    bool diverged() const { return diverged_at != 0; }
    std::size_t steps() const { return x.empty() ? 0 : x.size() - 1; }
};

struct RunOptions {
    std::size_t steps = 1000;
    double grad_noise = 0.0;  // σ of Gaussian noise added to each gradient coordinate (imitates SGD)
    std::uint64_t seed = 42;  // of the noise
    // Stop after the first step whose f ≤ stop_at (that point is the run's last): for a count of steps
    // to a target, where what comes after it does not matter. −∞: never.
    double stop_at = -std::numeric_limits<double>::infinity();
};

// `options.steps` steps of `optimizer` on f from `start`, each with the gradient at the current point
// (plus noise). Stops early, setting diverged_at, when a step gives a point or value that is NaN or ±∞,
// and at the first point with f ≤ options.stop_at.
Trajectory run_on_function(const TestFunction& function, Optimizer& optimizer, Point start,
                           const RunOptions& options);
// The same on f(x) = x² in one dimension, from x0: the values of x, entry k after k steps.
std::vector<double> run_on_parabola(Optimizer& optimizer, double x0, const RunOptions& options);

// The first step k with f[k] ≤ target, or `never` if there is none.
inline constexpr std::size_t never = std::numeric_limits<std::size_t>::max();
std::size_t steps_to_reach(const Trajectory& run, double target);

// CSV with the header step,x,y,f and one row per entry, numbers with 17 significant digits (enough to
// read back the exact double). Throws course::RuntimeFailure if the file cannot be written.
void write_trajectory_csv(const Trajectory& run, const std::string& path);

// ---- momentum on a quadratic f(θ) = ½ Σᵢ λᵢθᵢ² (README, "The theory of momentum") ---------------------
// Gradient descent multiplies the error along eigenvalue λ by (1 − αλ) each step: the worst factor.
double gd_rate(double lr, double lambda_min, double lambda_max);
// The heavy ball's rate heavy_ball_rate and its tuning optimal_heavy_ball are exercise 10.2 (optimizers.hpp).
// Runs `optimizer` on ½ Σ λᵢθᵢ² from θ = (1, …, 1) and returns the measured rate per step,
// (‖θ_end‖/‖θ_begin‖)^(1/(end − begin)), between steps `begin` and `end`.
double measured_rate(Optimizer& optimizer, const std::vector<double>& curvatures, std::size_t begin,
                     std::size_t end);

}  // namespace course::optimizers
