// Chapter 16, given code: the parts of CMA-ES around the update of exercise 16.7 — the start state, the
// eigen-decomposition of C that sampling and C^(−1/2) need, sampling, and the loop.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "common/errors.hpp"

namespace course::derivative_free {

CmaState initial_cma_state(const Vector& start, double sigma) {
    if (start.empty()) throw std::invalid_argument("initial_cma_state: the start point is empty");
    if (!(sigma > 0.0)) throw std::invalid_argument("initial_cma_state: σ must be > 0, got " + std::to_string(sigma));
    const std::size_t n = start.size();
    return {.mean = start, .sigma = sigma, .C = Matrix::identity(n), .B = Matrix::identity(n), .D = Vector(n, 1.0),
            .p_sigma = Vector(n, 0.0), .p_c = Vector(n, 0.0), .generation = 0};
}

// Cyclic Jacobi: rotate away the largest off-diagonal entries until C is diagonal to rounding. For the
// n ≤ 50 of this chapter it is fast, and it is exact where a power iteration would not be.
void decompose_covariance(CmaState& state) {
    const std::size_t n = state.C.rows();
    Matrix A = state.C;
    for (std::size_t i = 0; i < n; ++i)  // C is symmetric in exact arithmetic; keep it so in floating point
        for (std::size_t j = 0; j < i; ++j) A(i, j) = A(j, i) = 0.5 * (A(i, j) + A(j, i));
    state.C = A;
    Matrix V = Matrix::identity(n);
    for (int sweep = 0; sweep < 100; ++sweep) {
        double off = 0.0, diag = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            diag += A(i, i) * A(i, i);
            for (std::size_t j = i + 1; j < n; ++j) off += A(i, j) * A(i, j);
        }
        if (off <= 1e-30 * diag) break;
        for (std::size_t p = 0; p < n; ++p)
            for (std::size_t q = p + 1; q < n; ++q) {
                if (A(p, q) == 0.0) continue;
                const double theta = (A(q, q) - A(p, p)) / (2.0 * A(p, q));
                const double t = (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
                const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
                for (std::size_t k = 0; k < n; ++k) {  // A ← A·J, then Jᵀ·A
                    const double akp = A(k, p), akq = A(k, q);
                    A(k, p) = c * akp - s * akq;
                    A(k, q) = s * akp + c * akq;
                }
                for (std::size_t k = 0; k < n; ++k) {
                    const double apk = A(p, k), aqk = A(q, k);
                    A(p, k) = c * apk - s * aqk;
                    A(q, k) = s * apk + c * aqk;
                }
                for (std::size_t k = 0; k < n; ++k) {
                    const double vkp = V(k, p), vkq = V(k, q);
                    V(k, p) = c * vkp - s * vkq;
                    V(k, q) = s * vkp + c * vkq;
                }
            }
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return A(a, a) < A(b, b); });
    state.B = Matrix(n, n);
    state.D.assign(n, 0.0);
    for (std::size_t j = 0; j < n; ++j) {
        const double eigenvalue = A(order[j], order[j]);
        if (!(eigenvalue > 0.0))
            throw RuntimeFailure("CMA-ES: the covariance lost positive definiteness (eigenvalue " +
                                 std::to_string(eigenvalue) + ") at generation " + std::to_string(state.generation));
        state.D[j] = std::sqrt(eigenvalue);
        for (std::size_t i = 0; i < n; ++i) state.B(i, j) = V(i, order[j]);
    }
}

Population sample_population(const CmaState& state, std::size_t lambda, Rng& rng) {
    const std::size_t n = state.mean.size();
    Population samples(lambda, Vector(n));
    Vector scaled(n);
    for (Vector& x : samples) {
        for (std::size_t j = 0; j < n; ++j) scaled[j] = state.D[j] * rng.normal();
        for (std::size_t i = 0; i < n; ++i) {
            double step = 0.0;
            for (std::size_t j = 0; j < n; ++j) step += state.B(i, j) * scaled[j];
            x[i] = state.mean[i] + state.sigma * step;
        }
    }
    return samples;
}

CmaResult cma_es(const Objective& f, const Vector& start, double sigma, const CmaOptions& options, Rng& rng) {
    const CmaParameters params = cma_parameters(start.size(), options.lambda);
    CmaState state = initial_cma_state(start, sigma);
    CmaResult result{.best_point = start, .best_value = std::numeric_limits<double>::infinity()};
    while (result.evaluations + params.lambda <= options.max_evaluations && result.best_value > options.target &&
           state.sigma * state.D.back() > options.min_sigma) {
        result.states.push_back(state);
        Population samples = sample_population(state, params.lambda, rng);
        Vector values(samples.size());
        for (std::size_t k = 0; k < samples.size(); ++k) {
            values[k] = f(samples[k]);
            if (!std::isfinite(values[k]))
                throw RuntimeFailure("CMA-ES: f returned " + std::to_string(values[k]) + " at generation " +
                                     std::to_string(state.generation) + "; start closer or with a smaller σ");
            if (values[k] < result.best_value) {
                result.best_value = values[k];
                result.best_point = samples[k];
            }
        }
        result.evaluations += samples.size();
        cma_update(state, params, samples, values);
        result.populations.push_back(std::move(samples));
    }
    result.states.push_back(state);
    return result;
}

}  // namespace course::derivative_free
