// Chapter 16 — derivative-free optimization: your exercises. Each function states its contract; the
// README derives the formulas and exercises.md has three levels of hints (`make hint EX=16.N`).
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "common/errors.hpp"

namespace course::derivative_free {

// Exercise 16.1 — tournament selection.
// Draw k contestants with replacement: k calls of rng.index(fitness.size()), in order. Return the index of
// the lowest fitness among them; on equal fitness the one drawn first wins. No fitness or k = 0:
// std::invalid_argument.
std::size_t tournament_select(const Vector& fitness, std::size_t k, Rng& rng) {
    throw NotImplemented("16.1");
}

// Exercise 16.2 — uniform crossover and Gaussian mutation.
// Crossover: children start as copies of a and b; for each gene i in order, u = rng.uniform(); if u < 0.5
// swap gene i between the children. Parents of different lengths: std::invalid_argument.
std::pair<Vector, Vector> uniform_crossover(const Vector& a, const Vector& b, Rng& rng) {
    throw NotImplemented("16.2");
}

// Mutation: for each gene i in order, u = rng.uniform(); if u < rate, xᵢ += rng.normal(0, scale·(upperᵢ −
// lowerᵢ)); then, mutated or not, clamp xᵢ into [lowerᵢ, upperᵢ]. A point whose length is not the box's:
// std::invalid_argument.
Vector gaussian_mutation(Vector x, const Box& box, double rate, double scale, Rng& rng) {
    throw NotImplemented("16.2");
}

// Exercise 16.3 — the genetic algorithm with elitism (README, section 2).
// population = initial_population(box, options.population, rng), each evaluated in order. Then for each of
// options.generations generations:
//   1. the `elite` best individuals (stable order by value) go into the next generation unchanged, with
//      their values (not evaluated again);
//   2. until the next generation is full: i = tournament_select(fitness, k, rng), then j likewise;
//      u = rng.uniform(); children = u < crossover_rate ? uniform_crossover(pᵢ, pⱼ, rng) : {pᵢ, pⱼ};
//      for child 1, then child 2 (skipped when the generation is full): gaussian_mutation, evaluate, append.
// Record every generation and its values (generations[0] the initial one); best_point/best_value over all
// of them (the first of equals). population < 2, elite ≥ population or tournament = 0: std::invalid_argument.
GeneticResult genetic_algorithm(const Objective& f, const Box& box, const GeneticOptions& options, Rng& rng) {
    throw NotImplemented("16.3");
}

// Exercise 16.4 — one Nelder-Mead step (README, section 3).
// The simplex is sorted best first: x₁ … x_{n+1} with f₁ ≤ … ≤ f_{n+1}; x̄ = the mean of x₁ … xₙ.
//   x_r = x̄ + α(x̄ − x_{n+1}).        f_r < f₁: x_e = x̄ + γ(x_r − x̄); keep x_e if f_e < f_r (expand), else x_r.
//   f₁ ≤ f_r < fₙ: keep x_r (reflect).
//   fₙ ≤ f_r < f_{n+1}: x_c = x̄ + ρ(x_r − x̄); keep it if f_c ≤ f_r (contract outside), else shrink.
//   f_r ≥ f_{n+1}: x_cc = x̄ + ρ(x_{n+1} − x̄); keep it if f_cc < f_{n+1} (contract inside), else shrink.
//   shrink: xᵢ ← x₁ + σ(xᵢ − x₁) for i = 2 … n+1, each evaluated again.
// A kept point replaces x_{n+1} (with its value); finish with sort_simplex. Return the move.
SimplexMove nelder_mead_step(const Objective& f, Simplex& simplex, const NelderMeadCoefficients& c) {
    throw NotImplemented("16.4");
}

// Exercise 16.5 — Nelder-Mead from a start point.
// Count every call of f in result.evaluations (wrap f). simplex = initial_simplex(f, start,
// options.initial_step); trace it. While evaluations < max_evaluations and not converged: one
// nelder_mead_step with options.coefficients, record the move and the simplex. Converged: every vertex
// within options.fatol of f₁ and within options.xatol of x₁ in every coordinate. best = x₁, f₁.
NelderMeadResult nelder_mead(const Objective& f, const Vector& start, const NelderMeadOptions& options) {
    throw NotImplemented("16.5");
}

// Exercise 16.6 — CMA-ES's default strategy parameters (README, section 4; Hansen's tutorial, Table 1).
//   λ = 4 + ⌊3 ln n⌋ when lambda = 0, μ = ⌊λ/2⌋, wᵢ ∝ ln((λ + 1)/2) − ln i (i = 1 … μ), Σ wᵢ = 1,
//   μ_eff = 1/Σ wᵢ², c_σ = (μ_eff + 2)/(n + μ_eff + 5), d_σ = 1 + 2·max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ,
//   c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n), c₁ = 2/((n + 1.3)² + μ_eff),
//   c_μ = min(1 − c₁, 2(μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff)), E‖N(0, I)‖ ≈ √n(1 − 1/(4n) + 1/(21n²)).
// dim = 0, or a given λ < 2: std::invalid_argument.
CmaParameters cma_parameters(std::size_t dim, std::size_t lambda) {
    throw NotImplemented("16.6");
}

// Exercise 16.7 — one CMA-ES update (README, section 4). Sort the samples by value; yᵢ = (x_{i:λ} − m)/σ
// for the μ best; ⟨y⟩ = Σ wᵢyᵢ; g = state.generation. Then, in this order:
//   m ← m + σ⟨y⟩
//   p_σ ← (1 − c_σ)p_σ + √(c_σ(2 − c_σ)μ_eff) · C^(−1/2)⟨y⟩,  with C^(−1/2) = B·diag(1/D)·Bᵀ (state.B, state.D)
//   h_σ = ‖p_σ‖/√(1 − (1 − c_σ)^(2(g+1))) < (1.4 + 2/(n + 1))·chi_n
//   p_c ← (1 − c_c)p_c + h_σ·√(c_c(2 − c_c)μ_eff) · ⟨y⟩
//   C ← (1 + c₁δ − c₁ − c_μ)C + c₁ p_c p_cᵀ + c_μ Σᵢ wᵢ yᵢyᵢᵀ,  δ = (1 − h_σ)c_c(2 − c_c)
//   σ ← σ·exp((c_σ/d_σ)(‖p_σ‖/chi_n − 1))
// then ++state.generation and decompose_covariance(state). samples and values of different lengths, fewer
// than μ samples, or params.dim ≠ the mean's length: std::invalid_argument.
void cma_update(CmaState& state, const CmaParameters& params, const Population& samples, const Vector& values) {
    throw NotImplemented("16.7");
}

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
