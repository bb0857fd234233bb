// Chapter 16, given code: the surrogate that the Bayesian-optimization loop (exercise 16.11) fits at every
// iteration, and the candidates at which it reads the acquisition.
//
// Two standard choices make one set of GP options work on any problem: the inputs are scaled to the unit
// cube (so a length scale is a fraction of the box), and the values are standardised (so σ_f² = 1 is the
// right prior variance and ξ, κ are in units of the spread seen so far). The length scale is chosen by the
// marginal likelihood (type-II maximum likelihood) over a short list, as most BO libraries do with a
// gradient-based search.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "chapters/16_derivative_free/bayesian_optimization.hpp"

namespace course::derivative_free {

namespace {

Vector to_unit(const Box& box, const Vector& x) {
    Vector u(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) u[i] = (x[i] - box.lower[i]) / (box.upper[i] - box.lower[i]);
    return u;
}

}  // namespace

Surrogate fit_surrogate(const std::vector<Vector>& points, const Vector& values, const Box& box,
                        const BayesOptOptions& options) {
    if (points.empty() || points.size() != values.size())
        throw std::invalid_argument("fit_surrogate: needs as many values as points (and at least one)");
    if (options.length_scales.empty()) throw std::invalid_argument("fit_surrogate: options.length_scales is empty");
    Surrogate s{.box = box};
    const double n = static_cast<double>(values.size());
    s.y_mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
    double spread = 0.0;
    for (const double v : values) spread += (v - s.y_mean) * (v - s.y_mean);
    s.y_scale = spread > 0.0 ? std::sqrt(spread / n) : 1.0;

    std::vector<Vector> X;
    Vector y;
    for (std::size_t i = 0; i < points.size(); ++i) {
        X.push_back(to_unit(box, points[i]));
        y.push_back((values[i] - s.y_mean) / s.y_scale);
    }
    double best = -std::numeric_limits<double>::infinity();
    for (const double ell : options.length_scales) {
        GaussianProcess gp = fit_gp(X, y, {.length_scale = ell, .signal_variance = 1.0,
                                           .noise_variance = options.noise_variance, .prior_mean = 0.0});
        const double evidence = log_marginal_likelihood(gp);
        if (evidence > best) {
            best = evidence;
            s.gp = std::move(gp);
        }
    }
    return s;
}

Prediction predict(const Surrogate& surrogate, const Vector& x) {
    const Prediction p = predict(surrogate.gp, to_unit(surrogate.box, x));
    return {surrogate.y_mean + surrogate.y_scale * p.mean, surrogate.y_scale * surrogate.y_scale * p.variance};
}

double acquisition_value(const Surrogate& surrogate, const Vector& x, const BayesOptOptions& options) {
    const Prediction p = predict(surrogate.gp, to_unit(surrogate.box, x));
    if (options.acquisition == Acquisition::upper_confidence_bound) return upper_confidence_bound(p, options.kappa);
    const double best = *std::min_element(surrogate.gp.y.begin(), surrogate.gp.y.end());
    return expected_improvement(p, best, options.xi);
}

std::vector<Vector> propose_candidates(const Surrogate& surrogate, const BayesOptOptions& options, Rng& rng) {
    const Box& box = surrogate.box;
    const std::size_t d = box.lower.size();
    std::vector<std::size_t> order(surrogate.gp.y.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return surrogate.gp.y[a] < surrogate.gp.y[b]; });
    const std::size_t elite = std::min<std::size_t>(order.size(), 3);

    std::vector<Vector> candidates;
    candidates.reserve(options.candidates);
    for (std::size_t c = 0; c < options.candidates; ++c) {
        Vector x(d);
        if (c % 2 == 0) {
            for (std::size_t i = 0; i < d; ++i) x[i] = rng.uniform(box.lower[i], box.upper[i]);
        } else {
            const Vector& centre = surrogate.gp.X[order[(c / 2) % elite]];  // unit-cube coordinates
            for (std::size_t i = 0; i < d; ++i) {
                const double u = std::clamp(centre[i] + rng.normal(0.0, 0.05), 0.0, 1.0);
                x[i] = box.lower[i] + u * (box.upper[i] - box.lower[i]);
            }
        }
        candidates.push_back(std::move(x));
    }
    return candidates;
}

}  // namespace course::derivative_free
