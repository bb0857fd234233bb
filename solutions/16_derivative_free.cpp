// Chapter 16 — derivative-free optimization: the reference solutions.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "common/errors.hpp"

namespace course::derivative_free {

// Exercise 16.8 — the RBF kernel and the Cholesky factorisation.
// k(a, b) = σ_f² exp(−‖a − b‖²/(2ℓ²)): 1·σ_f² at distance 0, falling to e^(−½) of it at one length scale.
double rbf_kernel(const Vector& a, const Vector& b, const GpOptions& options) {
    if (a.size() != b.size())
        throw std::invalid_argument("rbf_kernel: points of different lengths, " + std::to_string(a.size()) + " and " +
                                    std::to_string(b.size()));
    double squared = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) squared += (a[i] - b[i]) * (a[i] - b[i]);
    return options.signal_variance * std::exp(-squared / (2.0 * options.length_scale * options.length_scale));
}

// Cholesky–Banachiewicz, row by row: Lᵢⱼ = (Aᵢⱼ − Σ_{k<j} LᵢₖLⱼₖ)/Lⱼⱼ below the diagonal and
// Lᵢᵢ = √(Aᵢᵢ − Σ_{k<i} Lᵢₖ²) on it. A pivot under the square root that is ≤ 0 means A is not positive
// definite; one that is positive but below 1e-12·|Aᵢᵢ| is rounding noise of a 0 (a repeated point gives
// 2 − (√2)² = ±4e-16), and dividing by its root would amplify that noise into garbage.
Matrix cholesky(const Matrix& A) {
    if (A.rows() != A.cols()) throw ShapeError("cholesky: A must be square, got " + A.shape());
    const std::size_t n = A.rows();
    Matrix L(n, n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double s = A(i, j);
            for (std::size_t k = 0; k < j; ++k) s -= L(i, k) * L(j, k);
            if (i == j) {
                if (!(s > kPivotTolerance * std::abs(A(i, i))))
                    throw std::domain_error("cholesky: pivot " + std::to_string(i) + " is " + std::to_string(s) +
                                            ", not above 1e-12·|A(i,i)|: the matrix is not (numerically) positive definite");
                L(i, i) = std::sqrt(s);
            } else {
                L(i, j) = s / L(j, j);
            }
        }
    }
    return L;
}

// Exercise 16.9 — fitting a GP and predicting with it.
// Two points at the same place (or very close at a long length scale) make K singular: its Cholesky
// fails, and a small jitter on the diagonal (a tiny noise variance) repairs it.
GaussianProcess fit_gp(const std::vector<Vector>& X, const Vector& y, const GpOptions& options) {
    if (X.empty()) throw std::invalid_argument("fit_gp: no points to fit");
    if (X.size() != y.size())
        throw std::invalid_argument("fit_gp: " + std::to_string(X.size()) + " points but " + std::to_string(y.size()) +
                                    " values");
    for (const Vector& x : X)
        if (x.size() != X.front().size()) throw std::invalid_argument("fit_gp: points of different lengths");
    const std::size_t n = X.size();
    Matrix K(n, n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) K(i, j) = rbf_kernel(X[i], X[j], options);

    GaussianProcess gp{.options = options, .X = X, .y = y};
    for (double jitter = 0.0;;) {
        Matrix A = K;
        for (std::size_t i = 0; i < n; ++i) A(i, i) += options.noise_variance + jitter;
        try {
            gp.L = cholesky(A);
            gp.jitter = jitter;
            break;
        } catch (const std::domain_error&) {
            jitter = jitter == 0.0 ? 1e-10 * options.signal_variance : 10.0 * jitter;
            if (jitter > 1e-4 * options.signal_variance * (1.0 + 1e-9)) throw;
        }
    }
    Vector centred(n);
    for (std::size_t i = 0; i < n; ++i) centred[i] = y[i] - options.prior_mean;
    gp.alpha = solve_lower_transposed(gp.L, solve_lower(gp.L, centred));  // (LLᵀ)⁻¹ = L⁻ᵀL⁻¹
    return gp;
}

Prediction predict(const GaussianProcess& gp, const Vector& x) {
    const std::size_t n = gp.X.size();
    Vector k_star(n);
    for (std::size_t i = 0; i < n; ++i) k_star[i] = rbf_kernel(gp.X[i], x, gp.options);
    double mean = gp.options.prior_mean;
    for (std::size_t i = 0; i < n; ++i) mean += k_star[i] * gp.alpha[i];
    const Vector v = solve_lower(gp.L, k_star);
    double variance = rbf_kernel(x, x, gp.options);
    for (const double vi : v) variance -= vi * vi;
    return {mean, std::max(variance, 0.0)};
}

// Exercise 16.10 — expected improvement and the confidence bound.
// With f(x) ~ N(μ, σ²) and the improvement I = max(b − f, 0), b = best − ξ: E[I] = ∫_{f<b} (b − f) dN
// = (b − μ)Φ(z) + σφ(z), z = (b − μ)/σ (substitute f = μ + σt and use ∫ t φ(t) dt = −φ).
double expected_improvement(const Prediction& p, double best, double xi) {
    const double gain = best - xi - p.mean;
    const double sigma = std::sqrt(std::max(p.variance, 0.0));
    if (sigma == 0.0) return std::max(gain, 0.0);
    const double z = gain / sigma;
    return gain * normal_cdf(z) + sigma * normal_pdf(z);
}

double upper_confidence_bound(const Prediction& p, double kappa) {
    return -p.mean + kappa * std::sqrt(std::max(p.variance, 0.0));
}

// Exercise 16.11 — the Bayesian-optimization loop.
BayesOptResult bayes_opt(const Objective& f, const Box& box, const BayesOptOptions& options, Rng& rng,
                         const BayesOptObserver& observer) {
    if (options.initial_points == 0) throw std::invalid_argument("bayes_opt: initial_points must be ≥ 1");
    if (options.budget < options.initial_points)
        throw std::invalid_argument("bayes_opt: budget " + std::to_string(options.budget) +
                                    " is below initial_points " + std::to_string(options.initial_points));
    BayesOptResult result;
    if (options.candidates == 0) throw std::invalid_argument("bayes_opt: options.candidates must be ≥ 1");
    auto record = [&](Vector x) {
        const double value = f(x);
        if (!std::isfinite(value))
            throw RuntimeFailure("bayes_opt: f returned " + std::to_string(value) + " at evaluation " +
                                 std::to_string(result.values.size()) + "; the GP needs finite values");
        result.points.push_back(std::move(x));
        result.values.push_back(value);
        result.best_so_far.push_back(result.best_so_far.empty() ? value : std::min(result.best_so_far.back(), value));
    };
    for (std::size_t i = 0; i < options.initial_points; ++i) record(random_search::sample_uniform(box, rng));
    while (result.points.size() < options.budget) {
        const Surrogate surrogate = fit_surrogate(result.points, result.values, box, options);
        const std::vector<Vector> candidates = propose_candidates(surrogate, options, rng);
        std::size_t chosen = 0;
        double largest = -std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < candidates.size(); ++c) {
            const double a = acquisition_value(surrogate, candidates[c], options);
            if (a > largest) {
                largest = a;
                chosen = c;
            }
        }
        if (observer) observer({surrogate, candidates[chosen], largest, result.points.size()});
        record(candidates[chosen]);
    }
    const auto best = std::min_element(result.values.begin(), result.values.end()) - result.values.begin();
    result.best_point = result.points[static_cast<std::size_t>(best)];
    result.best_value = result.values[static_cast<std::size_t>(best)];
    return result;
}

}  // namespace course::derivative_free
