// Chapter 02 — reference solutions. Same functions, same order as exercises/02_random_search.cpp.
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

#include "chapters/02_random_search/random_search.hpp"

namespace course::random_search {

// 2.1 Each coordinate independently uniform on its own interval: the box's product distribution.
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

// 2.2 `value < best` is false whenever value is NaN, so a NaN never replaces the best.
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

// 2.3 Every evaluation is independent of the others: nothing learnt from one sample guides the next.
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

// 2.4 V_d(r) = π^(d/2) rᵈ / Γ(d/2 + 1) is the volume of the d-ball; the cube [−1, 1]ᵈ has volume 2ᵈ.
double ball_fraction(std::size_t dim, double radius) {
    if (dim == 0 || !(radius > 0.0 && radius <= 1.0))
        throw std::invalid_argument("ball_fraction: need dim ≥ 1 and 0 < radius ≤ 1, got dim " + std::to_string(dim) +
                                    " and radius " + std::to_string(radius));
    const double d = static_cast<double>(dim);
    return std::pow(std::numbers::pi, d / 2.0) * std::pow(radius / 2.0, d) / std::tgamma(d / 2.0 + 1.0);
}

// 2.5 Compare squared distances with r², which avoids a square root per sample.
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

}  // namespace course::random_search
