// Chapter 02 — random search. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=02`. Stuck? `make hint EX=2.3` (then LEVEL=2, LEVEL=3). The README derives the math.
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "chapters/02_random_search/random_search.hpp"
#include "common/errors.hpp"

namespace course::random_search {

// Exercise 2.1 — one candidate, uniform in the box (README §1).
//   Returns θ with θᵢ uniform on [lowerᵢ, upperᵢ), each coordinate independent, made from exactly one
//   rng.uniform() per coordinate, coordinates in order (the tests replay the generator).
//   Throws std::invalid_argument for an empty box, lower/upper of different lengths, or lowerᵢ > upperᵢ
//   (lowerᵢ = upperᵢ is allowed: that coordinate is fixed).
Vector sample_uniform(const Box& box, Rng& rng) {
    throw NotImplemented("2.1");
}

// Exercise 2.2 — the best-so-far curve (README §1).
//   Returns out with out[k] = the lowest of values[0], …, values[k]; as long as nothing comparable has
//   been seen, +∞. A NaN (a failed evaluation) is never an improvement. Empty in, empty out.
std::vector<double> best_so_far(const std::vector<double>& values) {
    throw NotImplemented("2.2");
}

// Exercise 2.3 — random search with a budget of function evaluations (README §1).
//   Draws options.budget candidates with your 2.1 and calls f exactly once on each (exactly budget calls
//   in all); keeps the lowest value and its point. Fills every field of SearchResult: evaluations,
//   best_so_far (your 2.2 on the values f returned, in order) and one path holding each new best point in
//   the order found. Throws std::invalid_argument for a budget of 0.
SearchResult random_search(const Objective& f, const Box& box, SearchOptions options, Rng& rng) {
    throw NotImplemented("2.3");
}

// Exercise 2.4 — how much of the cube [−1, 1]ᵈ lies within `radius` of its centre (README §3).
//   Returns the volume of the d-ball of that radius over the volume of the cube, in closed form.
//   Throws std::invalid_argument unless dim ≥ 1 and 0 < radius ≤ 1.
double ball_fraction(std::size_t dim, double radius) {
    throw NotImplemented("2.4");
}

// Exercise 2.5 — the same fraction by Monte Carlo (README §3).
//   Returns the share of `samples` points drawn uniformly in [−1, 1]ᵈ (d calls of rng.uniform(−1, 1) per
//   point) whose distance to the centre is at most `radius` (a point exactly on the sphere counts).
//   Throws std::invalid_argument unless dim ≥ 1, samples ≥ 1 and radius > 0.
double hit_fraction(std::size_t dim, double radius, std::size_t samples, Rng& rng) {
    throw NotImplemented("2.5");
}

// Exercise 2.6 — the expected best of n samples: the N^(−2/d) law, exactly (README §2).
//   For L(θ) = ‖θ − θ*‖² and θ uniform in a d-dimensional box of volume A around θ*, returns
//   E[min(L(θ₁), …, L(θₙ))] = ∫₀^∞ P(all n samples have L > t) dt, in closed form, taking one sample's
//   P(L ≤ t) as the ball of radius √t over the box, V_d·t^(d/2)/A (the box holds that ball until it is
//   nearly full, which makes the formula exact up to a negligible tail for large n).
//   Must stay finite and accurate for n in the millions. Throws std::invalid_argument unless dim ≥ 1,
//   box_volume > 0 and n ≥ 1.
double expected_best_loss(std::size_t dim, double box_volume, std::size_t n) {
    throw NotImplemented("2.6");
}

}  // namespace course::random_search
