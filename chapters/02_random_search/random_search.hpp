// Chapter 02 — random search.
//
// The simplest optimizer that works at all: draw candidates θ₁, θ₂, … independently from a
// distribution over the parameter space (here: uniform in a box), evaluate the loss at each, keep the
// best. It needs no gradient, no continuity, no start point, and it cannot get stuck; what it costs is
// function evaluations, and in d dimensions the chance that one sample lands within ε of the optimum
// shrinks like εᵈ — so it is a fine tool in 2 or 3 dimensions and hopeless for a neural network.
//
// This header also holds the 2-D test functions with known minima that chapters 03 and 04 reuse, so
// that random search, hill climbing and gradient descent are compared on exactly the same problems.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/random.hpp"

namespace course::random_search {

using Vector = std::vector<double>;
// A loss to minimise, L(θ), and its gradient ∇L(θ) (same length as θ).
using Objective = std::function<double(const Vector&)>;
using Gradient = std::function<Vector(const Vector&)>;

// The search space: lower[i] ≤ θᵢ ≤ upper[i] for every coordinate i.
struct Box {
    Vector lower;
    Vector upper;
};

// A test problem whose answer is known, so that a search can be scored against it.
struct TestFunction {
    std::string name;
    Objective value;
    Gradient gradient;           // analytic ∇f
    Box bounds;                  // where to search
    Vector minimizer;            // a global minimiser (Himmelblau has four; this is one of them)
    double minimum = 0.0;        // f(minimizer)
    double max_curvature = 0.0;  // L: the largest Hessian eigenvalue over the box (for learning rates)
};

// ---- given: test functions (test_functions.cpp) ---------------------------------------------------------
// f(x, y) = (x − 1)² + (y + 0.5)²: a round bowl, minimum 0 at (1, −0.5), box [−4, 4]², L = 2.
TestFunction bowl();
// f(θ) = ½ (θ − c)ᵀ A (θ − c) with c = (1, −0.5) and A = R diag(1, condition) Rᵀ, R a rotation by 30°:
// an elongated, tilted valley whose condition number is `condition` (≥ 1); box [−4, 4]², L = condition.
TestFunction elongated_bowl(double condition = 20.0);
// Rastrigin: f(θ) = 10·d + Σᵢ (θᵢ² − 10 cos 2πθᵢ), global minimum 0 at the origin, a local minimum near
// every integer point; box [−5.12, 5.12]ᵈ, L = 2 + 40π².
TestFunction rastrigin(std::size_t dim = 2);
// Himmelblau: f(x, y) = (x² + y − 11)² + (x + y² − 7)², four global minima of value 0, one at (3, 2);
// box [−5, 5]². Its curvature varies too much for one L; max_curvature is the largest on the box.
TestFunction himmelblau();
// f(θ) = Σ θᵢ² on [−1, 1]ᵈ: the same bowl in any dimension, minimum 0 at the origin.
TestFunction sphere(std::size_t dim);

// Every call of an objective, with its value and the time since the log was made: how chapter 04
// measures loss against evaluations and against wall time for any method, without the method's help.
class EvaluationLog {
public:
    explicit EvaluationLog(Objective f);
    // The wrapped objective; it records into this log, which must outlive it.
    Objective objective();
    std::size_t count() const { return values_.size(); }
    const std::vector<double>& values() const { return values_; }
    const std::vector<double>& seconds() const { return seconds_; }

private:
    Objective f_;
    std::chrono::steady_clock::time_point start_;
    std::vector<double> values_;
    std::vector<double> seconds_;
};

// ---- what a search returns (also used by chapter 03) ---------------------------------------------------
struct SearchResult {
    Vector best_point;                 // empty only if no value was below +∞ (all NaN or +∞)
    double best_value = 0.0;
    std::size_t evaluations = 0;       // calls of the objective, exactly
    std::vector<double> best_so_far;   // best_so_far[k]: the lowest value among evaluations 0 … k
    // The trail of the search, for plots: random search has one (each new best point, in order);
    // hill climbing one per climb (its start, then every accepted move).
    std::vector<std::vector<Vector>> paths;
};

struct SearchOptions {
    std::size_t budget = 1000;  // function evaluations, ≥ 1
};

// ---- exercises --------------------------------------------------------------------------------------
// 2.1 A point drawn uniformly from the box: θᵢ = lowerᵢ + (upperᵢ − lowerᵢ)·u, u ~ U[0, 1), one draw per
//     coordinate in order. Throws std::invalid_argument for an empty box, lower and upper of different
//     lengths, or lowerᵢ > upperᵢ.
Vector sample_uniform(const Box& box, Rng& rng);
// 2.2 The running minimum: out[k] = min(values[0], …, values[k]). NaN is never an improvement, so the
//     curve is +∞ until the first value that is not NaN.
std::vector<double> best_so_far(const std::vector<double>& values);
// 2.3 Random search: options.budget samples from sample_uniform, each evaluated once; keep the best.
//     Throws std::invalid_argument for a budget of 0.
SearchResult random_search(const Objective& f, const Box& box, SearchOptions options, Rng& rng);
// 2.4 The fraction of the cube [−1, 1]ᵈ within Euclidean distance `radius` (≤ 1) of its centre, in
//     closed form: the volume of a d-ball, π^(d/2) rᵈ / Γ(d/2 + 1), over the cube's volume 2ᵈ.
double ball_fraction(std::size_t dim, double radius);
// 2.5 The same fraction estimated by Monte Carlo: the share of `samples` uniform points in [−1, 1]ᵈ
//     that land within `radius` of the centre. This is random search's chance of a hit per evaluation.
double hit_fraction(std::size_t dim, double radius, std::size_t samples, Rng& rng);
// 2.6 The expected best loss after n uniform samples, E[min(L(θ₁), …, L(θₙ))], for L(θ) = ‖θ − θ*‖² with θ
//     uniform in a d-dimensional box of volume `box_volume` that holds every ball around θ* that matters:
//     one sample has P(L ≤ t) = V_d·t^(d/2)/A (V_d the unit ball's volume), and E[B_n] = ∫₀^∞ P(B_n > t) dt
//     has a closed form that falls like n^(−2/d) (README §2). Must stay finite for n in the millions.
//     Throws std::invalid_argument unless dim ≥ 1, box_volume > 0 and n ≥ 1.
double expected_best_loss(std::size_t dim, double box_volume, std::size_t n);

}  // namespace course::random_search
