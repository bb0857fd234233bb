// Chapter 15 — second-order methods. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=15`. Stuck? `make hint EX=15.4` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/15_second_order/second_order.hpp) declares the
// types and the given helpers (dot, norm, cholesky, cholesky_solve, solve, multiply, cubic_minimizer).
// 15.7 uses 15.6's initial_scaling. Two tests run whole methods and say so: 15.6's BFGS run also runs
// your 15.4, 15.7's L-BFGS run your 15.4 and 15.6. Every other test calls only its own exercise.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/15_second_order/second_order.hpp"
#include "common/errors.hpp"

namespace course::second_order {

// Exercise 15.1 — the Hessian by central differences of the gradient (README, section 2).
// Returns the n×n approximation of ∇²f(x), column by column from 2n calls of `gradient`, made exactly
// symmetric; x is not changed. The trap: the step must be relative to each coordinate (a fixed h loses
// every digit at |xⱼ| = 10⁶), and each probe moves one coordinate only.
Matrix fd_hessian(const GradientFunction& gradient, const Vector& x, double h) {
    throw NotImplemented("15.1");
}

// Exercise 15.2 — the Newton direction, fixed for negative curvature (README, section 3; Nocedal &
// Wright Algorithm 3.3, "Cholesky with added multiple of the identity", β = beta). Returns {p, τ}: the
// smallest τ of the algorithm's sequence for which H + τI has a Cholesky factor, and p solving
// (H + τI)p = −g. Throws course::ShapeError when H is not n×n for a g of length n. The trap: τ = 0 can
// fail too (a positive diagonal does not make H positive definite), and doubling 0 stays 0.
NewtonDirection newton_direction(const Matrix& H, const Vector& g, double beta) {
    throw NotImplemented("15.2");
}

// Exercise 15.3 — Armijo backtracking (README, section 4). at0 = (0, φ(0), φ'(0)). Tries α = alpha0,
// shrink·alpha0, shrink²·alpha0, … and accepts the first that meets the sufficient-decrease (Armijo)
// condition with options.c1: converged = true, point = that trial. Every call of phi is recorded in
// `trials` and counted in `evaluations`; after max_evaluations calls without success: converged = false,
// point = the last trial. Throws std::invalid_argument unless φ'(0) < 0. The trap: φ'(0) < 0, so the
// Armijo line through φ(0) slopes DOWN; a step exactly on it is accepted.
LineSearchResult backtracking(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options) {
    throw NotImplemented("15.3");
}

// Exercise 15.4 — the strong Wolfe line search (README, section 4; Nocedal & Wright Algorithms 3.5,
// bracketing with α doubling from alpha0 up to alpha_max, and 3.6, zoom, whose trial is the given
// cubic_minimizer of the bracket's ends when it lies in the bracket's middle 80%, else the midpoint).
// Returns a point meeting sufficient decrease (c1) and the strong curvature condition (c2). Trials,
// evaluations and errors as in 15.3; after max_evaluations calls: converged = false, point = the trial
// with the lowest φ (or at0 if none is lower). The trap: zoom(lo, hi) is ordered by φ, not by α — lo is
// always the best point so far that meets sufficient decrease, and the bracket is the last two trials.
LineSearchResult strong_wolfe(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options) {
    throw NotImplemented("15.4");
}

// Exercise 15.5 — linear conjugate gradient for Ax = b, A symmetric positive definite, from x0 (README,
// section 5; Nocedal & Wright Algorithm 5.2). residuals[k] = ‖b − Axₖ‖ after k steps (k = 0: at x0),
// iterations = the steps taken; one A·p per step. Throws course::ShapeError for mismatched sizes. The
// trap: the stop is RELATIVE, ‖r‖ ≤ tol·‖b‖ (checked before each step, so b = 0 takes none), or after
// max_iterations steps.
CgResult conjugate_gradient(const Matrix& A, const Vector& b, const Vector& x0, double tol, std::size_t max_iterations) {
    throw NotImplemented("15.5");
}

// Exercise 15.6 — the BFGS update of the inverse-Hessian approximation H (README, section 6; Nocedal &
// Wright eq. 6.17), in O(n²) operations (no n×n products): afterwards H y = s. Returns true after an
// update; ShapeError for mismatched sizes. initial_scaling: the γ of H₀ = γI, N&W eq. 6.20. The trap:
// yᵀs > 0 is not enough — skip (return false, H untouched) unless yᵀs > 1e-10·‖s‖·‖y‖, a scaled test.
bool bfgs_update(Matrix& H, const Vector& s, const Vector& y) {
    throw NotImplemented("15.6");
}

double initial_scaling(const Vector& s, const Vector& y) {
    throw NotImplemented("15.6");
}

// Exercise 15.7 — the L-BFGS two-loop recursion (README, section 6; Nocedal & Wright Algorithm 7.4).
// Returns the direction −H·g, H the BFGS matrix built from H₀ = γI by the pairs s[i], y[i] (oldest
// first), without forming H; −g when the memory is empty. std::invalid_argument when s and y differ in
// length. The trap: γ comes from the NEWEST pair (your 15.6's initial_scaling), and the two loops run in
// opposite orders.
Vector lbfgs_direction(const Vector& g, const std::vector<Vector>& s, const std::vector<Vector>& y) {
    throw NotImplemented("15.7");
}

// Exercise 15.8 — the measured order of convergence (README, section 7), from errors eₖ modelled as
// eₖ₊₁ ≈ C·eₖᵖ: order_estimates returns one estimate p̂ₖ per k = 1 … n−2 (none for fewer than 3 errors);
// rate_ratios returns eₖ₊₁/eₖᵖ for k = 0 … n−2. Both throw std::invalid_argument, naming the index, for
// an error that is ≤ 0 or NaN. The trap: where eₖ = eₖ₋₁ the estimate divides by ln 1 = 0 — return NaN
// there, not ±∞.
std::vector<double> order_estimates(const std::vector<double>& errors) {
    throw NotImplemented("15.8");
}

std::vector<double> rate_ratios(const std::vector<double>& errors, double p) {
    throw NotImplemented("15.8");
}

}  // namespace course::second_order
