// Chapter 15 — second-order methods. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=15`. Stuck? `make hint EX=15.4` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/15_second_order/second_order.hpp) declares the
// types and the given helpers (dot, norm, cholesky, cholesky_solve, solve, multiply, cubic_minimizer).
// 15.6's initial_scaling is used by 15.7; everything else stands alone.
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
// Column j of the result is (∇f(x + hⱼeⱼ) − ∇f(x − hⱼeⱼ)) / (2hⱼ), with the relative step
// hⱼ = h·max(1, |xⱼ|) (a fixed h is too small for large |xⱼ|). Then make it exactly symmetric:
// Aᵢⱼ = Aⱼᵢ = ½(Aᵢⱼ + Aⱼᵢ). Calls `gradient` 2n times and returns an n×n Matrix.
Matrix fd_hessian(const GradientFunction& gradient, const Vector& x, double h) {
    throw NotImplemented("15.1");
}

// Exercise 15.2 — the Newton direction, fixed for negative curvature (README, section 3; Nocedal &
// Wright Algorithm 3.3). τ starts at 0 when every diagonal entry Hᵢᵢ > 0, else at −min Hᵢᵢ + β. While
// cholesky(H + τI, L) fails, τ ← max(2τ, β). Then p solves (H + τI)p = −g (cholesky_solve).
// Returns {p, τ}. Throws course::ShapeError when H is not n×n for a g of length n.
NewtonDirection newton_direction(const Matrix& H, const Vector& g, double beta) {
    throw NotImplemented("15.2");
}

// Exercise 15.3 — Armijo backtracking (README, section 4). at0 = (0, φ(0), φ'(0)). Try α = alpha0,
// then shrink·α, …; accept the first α with φ(α) ≤ φ(0) + c1·α·φ'(0): converged = true, point = that
// trial. Record every call of phi in `trials` and count it in `evaluations`; stop after
// max_evaluations calls with converged = false and point = the last trial.
// Throws std::invalid_argument unless φ'(0) < 0.
LineSearchResult backtracking(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options) {
    throw NotImplemented("15.3");
}

// Exercise 15.4 — the strong Wolfe line search (README, section 4; Nocedal & Wright Alg. 3.5 and 3.6).
// Bracketing from α₁ = alpha0 (α doubles each round, at most alpha_max): zoom(α₍ᵢ₋₁₎, αᵢ) when αᵢ breaks
// sufficient decrease or (i > 1) φ(αᵢ) ≥ φ(αᵢ₋₁); accept αᵢ when |φ'(αᵢ)| ≤ c2|φ'(0)|; zoom(αᵢ, αᵢ₋₁)
// when φ'(αᵢ) ≥ 0. zoom(lo, hi): trial α = cubic_minimizer(lo, hi) if it lies in the middle 80% of
// the bracket, else the midpoint; the trial replaces hi when it breaks sufficient decrease or
// φ(α) ≥ φ(lo); otherwise accept it if the curvature condition holds, else (hi ← lo if
// φ'(α)(hi − lo) ≥ 0) and lo ← α. Trials, evaluations, errors as in 15.3; when it gives up,
// point = the trial with the lowest φ (or at0 if none is lower).
LineSearchResult strong_wolfe(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options) {
    throw NotImplemented("15.4");
}

// Exercise 15.5 — linear conjugate gradient (README, section 5; Nocedal & Wright Alg. 5.2).
// r = b − Ax, p = r; each step: α = rᵀr/pᵀAp, x += αp, r −= αAp, β = r⁺ᵀr⁺/rᵀr, p = r + βp.
// Stop when ‖r‖ ≤ tol·‖b‖ or after max_iterations steps. residuals[k] = ‖r‖ after k steps (k = 0:
// at x0), iterations = the steps taken. Throws course::ShapeError for mismatched sizes.
CgResult conjugate_gradient(const Matrix& A, const Vector& b, const Vector& x0, double tol, std::size_t max_iterations) {
    throw NotImplemented("15.5");
}

// Exercise 15.6 — the BFGS update of the inverse Hessian (README, section 6; N&W eq. 6.17 and 6.20).
// With ρ = 1/yᵀs: H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ, written out so that it costs O(n²) (no n×n
// products). Skip (return false, H unchanged) unless yᵀs > 1e-10·‖s‖·‖y‖; return true after an update.
// ShapeError for mismatched sizes. initial_scaling returns γ = sᵀy/yᵀy.
bool bfgs_update(Matrix& H, const Vector& s, const Vector& y) {
    throw NotImplemented("15.6");
}

double initial_scaling(const Vector& s, const Vector& y) {
    throw NotImplemented("15.6");
}

// Exercise 15.7 — the L-BFGS two-loop recursion (README, section 6; N&W Algorithm 7.4). s and y hold
// the pairs oldest first. q = g; newest to oldest: ρᵢ = 1/yᵢᵀsᵢ, αᵢ = ρᵢsᵢᵀq, q −= αᵢyᵢ; r = γq with
// γ = initial_scaling of the newest pair (1 when there is none); oldest to newest: β = ρᵢyᵢᵀr,
// r += (αᵢ − β)sᵢ. Return −r. std::invalid_argument when s and y differ in length.
Vector lbfgs_direction(const Vector& g, const std::vector<Vector>& s, const std::vector<Vector>& y) {
    throw NotImplemented("15.7");
}

// Exercise 15.8 — the measured order of convergence (README, section 7). If eₖ₊₁ ≈ C·eₖᵖ then
// p ≈ ln(eₖ₊₁/eₖ)/ln(eₖ/eₖ₋₁): one estimate for each k = 1 … n−2 (NaN when eₖ = eₖ₋₁; none for
// fewer than 3 errors). rate_ratios returns eₖ₊₁/eₖᵖ for k = 0 … n−2. Both throw
// std::invalid_argument, naming the index, for an error that is ≤ 0 or NaN.
std::vector<double> order_estimates(const std::vector<double>& errors) {
    throw NotImplemented("15.8");
}

std::vector<double> rate_ratios(const std::vector<double>& errors, double p) {
    throw NotImplemented("15.8");
}

}  // namespace course::second_order
