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

// Exercise 16.1 — tournament selection (README, section 2).
// Draws k contestants with replacement, k calls of rng.index(fitness.size()) in order (the test replays
// them), and returns the index of the fittest; on a tie the one drawn first wins. No fitness or k = 0:
// std::invalid_argument. The trap: fitness is the value being MINIMISED — the fittest is the lowest.
std::size_t tournament_select(const Vector& fitness, std::size_t k, Rng& rng) {
    throw NotImplemented("16.1");
}

// Exercise 16.2 — uniform crossover and Gaussian mutation (README, section 2).
// Crossover: two children, copies of a and b, that exchange gene i when that gene's rng.uniform() < 0.5
// (one draw per gene, in order). Parents of different lengths: std::invalid_argument.
std::pair<Vector, Vector> uniform_crossover(const Vector& a, const Vector& b, Rng& rng) {
    throw NotImplemented("16.2");
}

// Mutation: per gene in order, one rng.uniform(); below `rate`, add Gaussian noise of standard deviation
// scale × the box's width in that coordinate (rng.normal). Every gene, mutated or not, ends clamped
// into the box. A point whose length is not the box's: std::invalid_argument. The trap: the width is
// per coordinate, and rng.normal takes a standard deviation, not a variance.
Vector gaussian_mutation(Vector x, const Box& box, double rate, double scale, Rng& rng) {
    throw NotImplemented("16.2");
}

// Exercise 16.3 — the genetic algorithm with elitism (README, section 2). The random draws, in this order
// (the tests replay them): initial_population(box, options.population, rng); then per generation and per
// pair of children: two tournament_select calls, one rng.uniform() that decides crossover (below
// crossover_rate) or copies, then gaussian_mutation of child 1 and of child 2. Each generation starts
// with the `elite` best of the last (stable order by value) with their values. Records every generation
// and its values (generations[0] the initial one); best_point/best_value over all of them (the first of
// equals). population < 2, elite ≥ population or tournament = 0: std::invalid_argument. The trap: elites
// are not evaluated again, and the second child of a pair is dropped when only one place is left.
GeneticResult genetic_algorithm(const Objective& f, const Box& box, const GeneticOptions& options, Rng& rng) {
    throw NotImplemented("16.3");
}

// Exercise 16.4 — one Nelder-Mead step (README, section 3, its decision diagram; the coefficients α, γ,
// ρ, σ of `c`, and the comparisons of Lagarias et al. 1998). `simplex` comes sorted best first and leaves
// sorted best first (sort_simplex); a kept trial point replaces the worst vertex, with its value; a
// shrink evaluates the n moved vertices again. Returns the move made. The trap: the centroid is that of
// the n best vertices, without the worst, and the ties matter (f_r = f₁ does not expand, f_r = fₙ does
// not reflect).
SimplexMove nelder_mead_step(const Objective& f, Simplex& simplex, const NelderMeadCoefficients& c) {
    throw NotImplemented("16.4");
}

// Exercise 16.5 — Nelder-Mead from a start point (README, section 3). Starts from initial_simplex(start,
// options.initial_step) and takes nelder_mead_step's (with options.coefficients) while fewer than
// max_evaluations calls of f were made and the simplex has not converged; result.evaluations counts
// every call of f, the start simplex's included; trace holds the simplex before the first step and after
// each, moves each step's move; best = the best vertex. The trap: converged is scipy's test, BOTH every
// value within fatol of f₁ AND every vertex within xatol of x₁ in every coordinate.
NelderMeadResult nelder_mead(const Objective& f, const Vector& start, const NelderMeadOptions& options) {
    throw NotImplemented("16.5");
}

// Exercise 16.6 — CMA-ES's default strategy parameters (README, section 4; Hansen's tutorial,
// arXiv:1604.00772, Table 1, positive weights only): every field of CmaParameters for dimension n and
// population λ (the default λ when lambda = 0). dim = 0, or a given λ < 2: std::invalid_argument. The
// trap: μ_eff is defined for weights that already sum to 1, and n is a double in every formula.
CmaParameters cma_parameters(std::size_t dim, std::size_t lambda) {
    throw NotImplemented("16.6");
}

// Exercise 16.7 — one CMA-ES update (README, section 4; Hansen's tutorial, the (μ/μ_w, λ)-CMA-ES with
// cumulative step-size adaptation, the h_σ stall test, and the rank-one plus rank-μ covariance update).
// From one generation's samples and their values (in any order) it moves the mean, both evolution paths,
// C and σ, then counts the generation and refreshes B and D (decompose_covariance). samples and values of
// different lengths, fewer than μ samples, or params.dim ≠ the mean's length: std::invalid_argument. The
// trap: the steps yᵢ use the OLD mean and σ, and only p_σ is whitened with C^(−1/2) = B·diag(1/D)·Bᵀ.
void cma_update(CmaState& state, const CmaParameters& params, const Population& samples, const Vector& values) {
    throw NotImplemented("16.7");
}

// Exercise 16.8 — the RBF kernel and the Cholesky factorisation (README, section 5).
// rbf_kernel: the squared-exponential kernel of the header, σ_f² = options.signal_variance and
// ℓ = options.length_scale. Points of different lengths: std::invalid_argument.
double rbf_kernel(const Vector& a, const Vector& b, const GpOptions& options) {
    throw NotImplemented("16.8");
}

// cholesky: L lower triangular, zero above the diagonal, with L·Lᵀ = A (the Cholesky–Banachiewicz order,
// row by row); only the lower triangle of A is read. A not square: ShapeError. The trap: a pivot (the
// number under a square root) must be above kPivotTolerance·|Aᵢᵢ|, not merely > 0 (rounding noise of a
// zero), and NaN must fail too: std::domain_error naming the pivot.
Matrix cholesky(const Matrix& A) {
    throw NotImplemented("16.8");
}

// Exercise 16.9 — fitting a GP and predicting with it (README, section 5; the header's notation).
// fit_gp fills every field of GaussianProcess: L and α of the header with no jitter first; when your
// cholesky throws std::domain_error, again with a jitter of 1e-10·σ_f² on the diagonal, then 10× more
// each time, and past 1e-4·σ_f² the error goes out; gp.jitter records the one used. No points, X and y of
// different lengths, or points of different lengths: std::invalid_argument. The trap: the prior mean m
// is subtracted from y before solving and added back in μ(x).
GaussianProcess fit_gp(const std::vector<Vector>& X, const Vector& y, const GpOptions& options) {
    throw NotImplemented("16.9");
}

// predict: the posterior mean and variance at x (the header's μ(x) and σ²(x), through your kernel and the
// given triangular solves). The trap: σ² is the variance of f(x), without the observation noise, and
// rounding can make it slightly negative at an observed point — clamp it at 0.
Prediction predict(const GaussianProcess& gp, const Vector& x) {
    throw NotImplemented("16.9");
}

// Exercise 16.10 — expected improvement and the confidence bound (README, section 6).
// expected_improvement: E[max(best − ξ − f(x), 0)] for f(x) ~ N(mean, variance), in closed form (the
// given normal_cdf and normal_pdf), and the certain improvement when the variance is 0.
// upper_confidence_bound: the optimistic bound of −f, κ standard deviations up. The trap: the Prediction
// holds the variance σ², and both formulas want σ.
double expected_improvement(const Prediction& p, double best, double xi) {
    throw NotImplemented("16.10");
}

double upper_confidence_bound(const Prediction& p, double kappa) {
    throw NotImplemented("16.10");
}

// Exercise 16.11 — the Bayesian-optimization loop (README, section 6). The calls, in this order (the test
// replays them with the same seed): options.initial_points draws of random_search::sample_uniform, each
// evaluated; then, until options.budget evaluations in all: fit_surrogate, propose_candidates, the
// candidate with the largest acquisition_value (the first on ties), the observer (if set) with the index
// the new point will have, its evaluation. best_so_far[k] = the best of values[0..k]; best_point and
// best_value: the first lowest. initial_points = 0, budget < initial_points or candidates = 0:
// std::invalid_argument. The trap: a value that is NaN or ±∞ poisons every later fit — throw
// course::RuntimeFailure naming the evaluation.
BayesOptResult bayes_opt(const Objective& f, const Box& box, const BayesOptOptions& options, Rng& rng,
                         const BayesOptObserver& observer) {
    throw NotImplemented("16.11");
}

}  // namespace course::derivative_free
