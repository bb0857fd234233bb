// Chapter 03 — hill climbing. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=03`. Stuck? `make hint EX=3.3`. The README derives the math.
// Chapter 02's sample_uniform and best_so_far are available here (random_search::…).
#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

#include "chapters/03_hill_climbing/hill_climbing.hpp"
#include "common/errors.hpp"

namespace course::hill_climbing {

// Exercise 3.1 — a neighbour proposal.
//   x'ᵢ = clamp(xᵢ + step·zᵢ, lowerᵢ, upperᵢ),   zᵢ = rng.normal(), one per coordinate, in order.
// Throw std::invalid_argument if x and the box differ in size, or step ≤ 0.
Vector propose_neighbour(const Vector& x, double step, const Box& box, Rng& rng) {
    throw NotImplemented("3.1");
}

// Exercise 3.2 — one hill-climbing step.
//   θ' = propose_neighbour(θ);  if f(θ') < f(θ): θ ← θ'      (exactly one call of f)
// climber.value already holds f(climber.point). Return true when the climber moved.
bool climb_step(const Objective& f, Climber& climber, double step, const Box& box, Rng& rng) {
    throw NotImplemented("3.2");
}

// Exercise 3.3 — the loop, with step-size decay and restarts.
//   until the budget is spent:
//     start a climb at options.start (first climb, if set) or random_search::sample_uniform(box, rng);
//     σ ← options.step_size
//     while budget left and σ ≥ options.min_step:
//       climb_step(…, σ); after options.patience rejections in a row: σ ← σ·options.step_decay
//     if !options.restarts: stop
// One entry of the best-so-far curve per evaluation (the climb's start counts); one path per climb.
SearchResult hill_climb(const Objective& f, const Box& box, HillClimbOptions options, Rng& rng) {
    throw NotImplemented("3.3");
}

// Exercise 3.4 — a band over seeds: the 25th, 50th and 75th percentile at every index.
//   sort the values at index k; the q-quantile lies at position p = q·(n − 1):
//   v[⌊p⌋] + (p − ⌊p⌋)·(v[⌊p⌋ + 1] − v[⌊p⌋])
// Throw std::invalid_argument for no curves or curves of different lengths.
Band percentile_band(const std::vector<std::vector<double>>& curves) {
    throw NotImplemented("3.4");
}

}  // namespace course::hill_climbing
