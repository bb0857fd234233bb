// Chapter 16 — derivative-free optimization: your exercises. Each function states its contract; the
// README derives the formulas and exercises.md has three levels of hints (`make hint EX=16.N`).
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
// k(a, b) = σ_f² exp(−‖a − b‖²/(2ℓ²)) with σ_f² = options.signal_variance and ℓ = options.length_scale.
// Points of different lengths: std::invalid_argument.
double rbf_kernel(const Vector& a, const Vector& b, const GpOptions& options) {
    throw NotImplemented("16.8");
}

// L lower triangular with L·Lᵀ = A, row by row (README, section 5):
//   Lᵢᵢ = √(Aᵢᵢ − Σ_{k<i} Lᵢₖ²),   Lᵢⱼ = (Aᵢⱼ − Σ_{k<j} LᵢₖLⱼₖ)/Lⱼⱼ for j < i,   zeros above the diagonal.
// A not square: ShapeError. A pivot (the number under the square root) that is not above
// kPivotTolerance·|Aᵢᵢ| (1e-12·|Aᵢᵢ|: rounding noise of a zero), or is NaN: std::domain_error naming the
// pivot. Only the lower triangle of A is read.
Matrix cholesky(const Matrix& A) {
    throw NotImplemented("16.8");
}

// Exercise 16.9 — fitting a GP and predicting with it.
// K = [k(xᵢ, xⱼ)], L = cholesky(K + (σₙ² + jitter)·I), α = (K + (σₙ² + jitter)I)⁻¹(y − m) by two triangular
// solves (solve_lower, then solve_lower_transposed). jitter starts at 0; when cholesky throws
// std::domain_error retry with 1e-10·σ_f², then 10× more each time; past 1e-4·σ_f², rethrow. Record the
// jitter used in gp.jitter. No points, X and y of different lengths, or points of different lengths:
// std::invalid_argument.
GaussianProcess fit_gp(const std::vector<Vector>& X, const Vector& y, const GpOptions& options) {
    throw NotImplemented("16.9");
}

// μ(x) = m + k*ᵀα and σ²(x) = k(x, x) − vᵀv with v = L⁻¹k*, k*ᵢ = k(xᵢ, x); clamp σ² at 0 (rounding can
// make it slightly negative at an observed point).
Prediction predict(const GaussianProcess& gp, const Vector& x) {
    throw NotImplemented("16.9");
}

// Exercise 16.10 — expected improvement and the confidence bound.
// EI = (b − μ)Φ(z) + σφ(z), z = (b − μ)/σ, b = best − ξ, σ = √variance; when σ = 0: max(b − μ, 0).
// normal_cdf and normal_pdf are given. UCB = −μ + κσ.
double expected_improvement(const Prediction& p, double best, double xi) {
    throw NotImplemented("16.10");
}

double upper_confidence_bound(const Prediction& p, double kappa) {
    throw NotImplemented("16.10");
}

// Exercise 16.11 — the Bayesian-optimization loop (README, section 6).
//   1. options.initial_points draws of random_search::sample_uniform(box, rng), evaluated in order;
//   2. while fewer than options.budget evaluations: s = fit_surrogate(points, values, box, options);
//      cands = propose_candidates(s, options, rng); the candidate with the largest
//      acquisition_value(s, cand, options) (the first on ties); observer({s, next, its acquisition,
//      its index}) if observer is set; evaluate it and append.
//   3. best_so_far[k] = min(values[0..k]); best_point, best_value: the lowest value's point (the first).
// initial_points = 0, budget < initial_points or candidates = 0: std::invalid_argument. A value that is
// NaN or ±∞: course::RuntimeFailure naming the evaluation.
BayesOptResult bayes_opt(const Objective& f, const Box& box, const BayesOptOptions& options, Rng& rng,
                         const BayesOptObserver& observer) {
    throw NotImplemented("16.11");
}

}  // namespace course::derivative_free
