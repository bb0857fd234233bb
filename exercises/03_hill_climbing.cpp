// Chapter 03 — hill climbing. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=03`. Stuck? `make hint EX=3.3` (then LEVEL=2, LEVEL=3). The README derives the math.
// Chapter 02's sample_uniform and best_so_far are available here (random_search::…).
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "chapters/03_hill_climbing/hill_climbing.hpp"
#include "common/errors.hpp"

namespace course::hill_climbing {

// Exercise 3.1 — a neighbour proposal (README §1).
//   Returns x plus an isotropic Gaussian step of standard deviation `step` in every coordinate, clamped
//   into the box. Exactly one rng.normal() per coordinate, coordinates in order (the tests replay it).
//   Throws std::invalid_argument if x and the box differ in size, or step ≤ 0.
Vector propose_neighbour(const Vector& x, double step, const Box& box, Rng& rng) {
    throw NotImplemented("3.1");
}

// Exercise 3.2 — one hill-climbing step (README §2).
//   Proposes one neighbour of climber.point (your 3.1) and evaluates f there exactly once. Moves the
//   climber (point and value) only on a strict improvement; returns whether it moved.
//   climber.value holds f(climber.point) on entry and must still do so on return.
bool climb_step(const Objective& f, Climber& climber, double step, const Box& box, Rng& rng) {
    throw NotImplemented("3.2");
}

// Exercise 3.3 — the loop, with step-size decay and restarts (README §3-4).
//   Spends exactly options.budget evaluations of f (fewer only when restarts are off and the climb has
//   converged), every climb's start included. A climb starts at *options.start (the first climb, if set)
//   or at a uniform point of the box, with σ = options.step_size, and steps with your 3.2 while σ ≥
//   options.min_step; after options.patience rejections in a row, σ ← σ·options.step_decay.
//   Returns every field of SearchResult: best point and value, evaluations, one best-so-far entry per
//   evaluation, one path per climb (its start, then every accepted move).
//   Throws std::invalid_argument for a budget of 0, step_size ≤ 0, step_decay outside (0, 1), patience 0,
//   min_step < 0, or a start of the wrong dimension.
SearchResult hill_climb(const Objective& f, const Box& box, HillClimbOptions options, Rng& rng) {
    throw NotImplemented("3.3");
}

// Exercise 3.4 — a band over seeds: the 25th, 50th and 75th percentile at every index (README §5).
//   Index by index over curves of equal length, the percentiles of the values there, interpolated linearly
//   between order statistics (numpy's default method).
//   Throws std::invalid_argument for no curves or curves of different lengths.
Band percentile_band(const std::vector<std::vector<double>>& curves) {
    throw NotImplemented("3.4");
}

// Exercise 3.5 — simulated annealing's acceptance rule and cooling schedule (README §6).
//   metropolis_acceptance: the Metropolis probability of moving to a neighbour whose loss differs by
//     delta = ℒ(θ') − ℒ(θ) at temperature T. At T = 0 it must be exactly 3.2's rule (a strict improvement
//     or nothing); a NaN delta (a failed evaluation) is never accepted. Throws for T < 0 or NaN.
//   annealing_temperature: the temperature at step k of a geometric schedule that starts at
//     schedule.t_start (k = 0) and ends exactly at schedule.t_end (k = steps − 1).
//     Throws unless 0 < t_end ≤ t_start, steps ≥ 2 and k < steps.
//   All errors are std::invalid_argument.
double metropolis_acceptance(double delta, double temperature) {
    throw NotImplemented("3.5");
}

double annealing_temperature(const AnnealingSchedule& schedule, std::size_t k) {
    throw NotImplemented("3.5");
}

}  // namespace course::hill_climbing
