// Chapter 02 — reference solutions. Same functions, same order as exercises/02_random_search.cpp.
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "chapters/02_random_search/random_search.hpp"

namespace course::random_search {

// Exercise 2.1 — one candidate, uniform in the box.
// Each coordinate independently uniform on its own interval: the box's product distribution.
Vector sample_uniform(const Box& box, Rng& rng) {
    if (box.lower.empty() || box.lower.size() != box.upper.size())
        throw std::invalid_argument("sample_uniform: the box needs as many (> 0) lower as upper bounds, got " +
                                    std::to_string(box.lower.size()) + " and " + std::to_string(box.upper.size()));
    Vector theta(box.lower.size());
    for (std::size_t i = 0; i < theta.size(); ++i) {
        if (!(box.lower[i] <= box.upper[i]))
            throw std::invalid_argument("sample_uniform: lower bound " + std::to_string(box.lower[i]) +
                                        " is above upper bound " + std::to_string(box.upper[i]) + " in coordinate " +
                                        std::to_string(i));
        theta[i] = box.lower[i] + (box.upper[i] - box.lower[i]) * rng.uniform();
    }
    return theta;
}

// Exercise 2.2 — the best-so-far curve.
// `value < best` is false whenever value is NaN, so a NaN never replaces the best.
std::vector<double> best_so_far(const std::vector<double>& values) {
    std::vector<double> curve;
    curve.reserve(values.size());
    double best = std::numeric_limits<double>::infinity();
    for (double value : values) {
        if (value < best) best = value;
        curve.push_back(best);
    }
    return curve;
}

// Exercise 2.3 — random search with a budget of function evaluations.
// Every evaluation is independent of the others: nothing learnt from one sample guides the next.
SearchResult random_search(const Objective& f, const Box& box, SearchOptions options, Rng& rng) {
    if (options.budget == 0) throw std::invalid_argument("random_search: the budget must be at least 1 evaluation");
    SearchResult result;
    result.best_value = std::numeric_limits<double>::infinity();
    result.paths.emplace_back();
    std::vector<double> values;
    values.reserve(options.budget);
    for (std::size_t k = 0; k < options.budget; ++k) {
        Vector theta = sample_uniform(box, rng);
        const double value = f(theta);
        values.push_back(value);
        if (value < result.best_value) {
            result.best_value = value;
            result.best_point = theta;
            result.paths.front().push_back(theta);
        }
    }
    result.evaluations = values.size();
    result.best_so_far = best_so_far(values);
    return result;
}

// Exercise 2.4 — how much of the cube [−1, 1]ᵈ lies within `radius` of its centre.
// V_d(r) = π^(d/2) rᵈ / Γ(d/2 + 1) is the volume of the d-ball; the cube [−1, 1]ᵈ has volume 2ᵈ.
double ball_fraction(std::size_t dim, double radius) {
    if (dim == 0 || !(radius > 0.0 && radius <= 1.0))
        throw std::invalid_argument("ball_fraction: need dim ≥ 1 and 0 < radius ≤ 1, got dim " + std::to_string(dim) +
                                    " and radius " + std::to_string(radius));
    const double d = static_cast<double>(dim);
    return std::pow(std::numbers::pi, d / 2.0) * std::pow(radius / 2.0, d) / std::tgamma(d / 2.0 + 1.0);
}

// Exercise 2.5 — the same fraction by Monte Carlo.
// Compare squared distances with r², which avoids a square root per sample.
double hit_fraction(std::size_t dim, double radius, std::size_t samples, Rng& rng) {
    if (dim == 0 || samples == 0 || !(radius > 0.0))
        throw std::invalid_argument("hit_fraction: need dim ≥ 1, samples ≥ 1 and radius > 0");
    std::size_t hits = 0;
    for (std::size_t s = 0; s < samples; ++s) {
        double squared = 0.0;
        for (std::size_t i = 0; i < dim; ++i) {
            const double x = rng.uniform(-1.0, 1.0);
            squared += x * x;
        }
        if (squared <= radius * radius) ++hits;
    }
    return static_cast<double>(hits) / static_cast<double>(samples);
}

// Exercise 2.6 — the expected best of n samples.
// One sample: P(L ≤ t) = c·t^(d/2) with c = V_d/A, up to t_max = c^(−2/d) where it reaches 1. The best of n
// exceeds t only if all n samples do, so E[B_n] = ∫₀^t_max (1 − c·t^(d/2))ⁿ dt. With u = c·t^(d/2) this is
// t_max·(2/d)·∫₀¹ (1 − u)ⁿ u^(2/d − 1) du = t_max·(2/d)·B(2/d, n + 1) = t_max·Γ(1 + 2/d)·Γ(n + 1)/Γ(n + 1 + 2/d).
// Γ(n + 1) overflows a double beyond n = 170, so the ratio is taken as exp(lgamma − lgamma).
double expected_best_loss(std::size_t dim, double box_volume, std::size_t n) {
    if (dim == 0 || n == 0 || !(box_volume > 0.0))
        throw std::invalid_argument("expected_best_loss: need dim ≥ 1, box_volume > 0 and n ≥ 1, got dim " +
                                    std::to_string(dim) + ", box_volume " + std::to_string(box_volume) + ", n " +
                                    std::to_string(n));
    const double d = static_cast<double>(dim), samples = static_cast<double>(n);
    const double unit_ball = std::pow(std::numbers::pi, d / 2.0) / std::tgamma(d / 2.0 + 1.0);
    const double t_max = std::pow(box_volume / unit_ball, 2.0 / d);
    const double ratio = std::exp(std::lgamma(samples + 1.0) - std::lgamma(samples + 1.0 + 2.0 / d));
    return t_max * std::tgamma(1.0 + 2.0 / d) * ratio;
}

}  // namespace course::random_search
