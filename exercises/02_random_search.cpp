// Chapter 02 — random search. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=02`. Stuck? `make hint EX=2.3`. The README derives the math.
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "chapters/02_random_search/random_search.hpp"
#include "common/errors.hpp"

namespace course::random_search {

// Exercise 2.1 — one candidate, uniform in the box.
//   θᵢ = lowerᵢ + (upperᵢ − lowerᵢ)·u,   u = rng.uniform() ∈ [0, 1), one draw per coordinate, in order.
// Throw std::invalid_argument for an empty box, lower/upper of different lengths, or lowerᵢ > upperᵢ.
Vector sample_uniform(const Box& box, Rng& rng) {
    throw NotImplemented("2.1");
}

// Exercise 2.2 — the best-so-far curve.
//   out[k] = min(values[0], …, values[k])
// Start from +∞ (not from values[0], which may be a NaN) and keep a running best; a NaN value must
// never become the best.
std::vector<double> best_so_far(const std::vector<double>& values) {
    throw NotImplemented("2.2");
}

// Exercise 2.3 — random search with a budget of function evaluations.
//   repeat budget times:  θ ← sample_uniform(box, rng);  v ← f(θ);  if v < best: best ← (θ, v)
// Call f exactly options.budget times. Fill every field of SearchResult: best_so_far from 2.2, and one
// path holding each new best point in the order found. Throw std::invalid_argument for a budget of 0.
SearchResult random_search(const Objective& f, const Box& box, SearchOptions options, Rng& rng) {
    throw NotImplemented("2.3");
}

// Exercise 2.4 — how much of the cube [−1, 1]ᵈ lies within `radius` of its centre.
//   fraction = π^(d/2) · rᵈ / Γ(d/2 + 1) / 2ᵈ          (std::tgamma is Γ)
// Throw std::invalid_argument unless dim ≥ 1 and 0 < radius ≤ 1.
double ball_fraction(std::size_t dim, double radius) {
    throw NotImplemented("2.4");
}

// Exercise 2.5 — the same fraction by Monte Carlo.
// Draw `samples` points with d coordinates each from rng.uniform(−1, 1); count those with Σ xᵢ² ≤ r².
// Throw std::invalid_argument unless dim ≥ 1, samples ≥ 1 and radius > 0.
double hit_fraction(std::size_t dim, double radius, std::size_t samples, Rng& rng) {
    throw NotImplemented("2.5");
}

}  // namespace course::random_search
