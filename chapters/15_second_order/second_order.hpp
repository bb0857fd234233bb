// Chapter 15 — second-order methods: Newton's method (exact and finite-difference Hessians, damped, with
// the Levenberg-style fix for negative curvature), line searches (Armijo backtracking, strong Wolfe),
// conjugate gradient, BFGS and L-BFGS, and their measured convergence orders.
//
// Notation (README): f the function, g = ∇f, H = ∇²f; a step x⁺ = x + αp along a direction p; along it
// φ(α) = f(x + αp) and φ'(α) = ∇f(x + αp)ᵀp. For quasi-Newton methods s = x⁺ − x, y = g⁺ − g, and
// H (the letter, in bfgs_update) is the approximation to the INVERSE Hessian, as in Nocedal & Wright.
//
// BFGS, L-BFGS and nonlinear CG are chapter 10's optimizers::UpdateRule, so they run behind the same
// optimizers::Optimizer as Adam, with torch.optim.LBFGS's step(params, closure) (methods.cpp).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "common/matrix.hpp"
#include "common/test_problems.hpp"

namespace course::second_order {

using problems::Problem;
using problems::Vector;
using GradientFunction = std::function<Vector(const Vector&)>;

// ---- line searches ---------------------------------------------------------------------------------------
// One trial of a line search: α, φ(α) and φ'(α).
struct LinePoint {
    double alpha = 0.0, phi = 0.0, dphi = 0.0;
};
// Evaluates φ and φ' at α (one function-and-gradient evaluation).
using LineFunction = std::function<LinePoint(double alpha)>;

struct LineSearchOptions {
    double c1 = 1e-4;          // sufficient decrease: φ(α) ≤ φ(0) + c1·α·φ'(0)
    double c2 = 0.9;           // curvature (strong Wolfe): |φ'(α)| ≤ c2·|φ'(0)|; 0.1 for nonlinear CG
    double alpha0 = 1.0;       // the first trial
    double shrink = 0.5;       // backtracking: α ← shrink·α
    double alpha_max = 1e10;   // strong Wolfe: the bracketing phase never tries beyond
    int max_evaluations = 60;  // then the search gives up (converged = false) with its best point
};
struct LineSearchResult {
    LinePoint point;                  // the accepted α with φ(α), φ'(α)
    int evaluations = 0;              // calls of the LineFunction
    bool converged = false;           // the conditions hold at point
    std::vector<LinePoint> trials{};  // every call in order (for figure 39)
};

// ---- given (linalg.cpp) ----------------------------------------------------------------------------------
double dot(const Vector& a, const Vector& b);
double norm(const Vector& a);  // Euclidean
// The Cholesky factor L (lower triangular, A = LLᵀ) of a symmetric matrix; false when A is not positive
// definite (a pivot ≤ 0). Reads only the lower triangle.
bool cholesky(const Matrix& A, Matrix& L);
// Solves LLᵀx = b by forward and back substitution.
Vector cholesky_solve(const Matrix& L, const Vector& b);
// Solves Ax = b by Gaussian elimination with partial pivoting (pure Newton on an indefinite H); throws
// course::RuntimeFailure for a singular A.
Vector solve(const Matrix& A, const Vector& b);
// A·v.
Vector multiply(const Matrix& A, const Vector& v);
// The minimiser of the cubic through (a, fa, da) and (b, fb, db) (φ and φ' at two points; Nocedal & Wright
// eq. 3.59), or NaN when it has none (the cubic has no real local minimum).
double cubic_minimizer(double a, double fa, double da, double b, double fb, double db);

// ---- exercises ------------------------------------------------------------------------------------------
// 15.1 The Hessian by central differences of the gradient: column j is (∇f(x + hⱼeⱼ) − ∇f(x − hⱼeⱼ))/2hⱼ
//      with hⱼ = h·max(1, |xⱼ|), then symmetrised, ½(A + Aᵀ). 2n gradient calls; x is not changed.
Matrix fd_hessian(const GradientFunction& gradient, const Vector& x, double h = 1e-5);
// 15.2 The Newton direction with the Levenberg-style fix (Nocedal & Wright Alg. 3.3, β = 1e-3): τ = 0 if
//      every Hᵢᵢ > 0, else −min Hᵢᵢ + β; while H + τI has no Cholesky factor, τ ← max(2τ, β). Returns
//      p solving (H + τI)p = −g, and τ. Throws ShapeError when H is not n×n for g of length n.
struct NewtonDirection {
    Vector p;
    double tau = 0.0;  // 0: the pure Newton step
};
NewtonDirection newton_direction(const Matrix& H, const Vector& g, double beta = 1e-3);
// 15.3 Armijo backtracking from α = alpha0: the first α = alpha0·shrinkᵏ with φ(α) ≤ φ(0) + c1·α·φ'(0).
//      at0 = (0, φ(0), φ'(0)). Throws std::invalid_argument unless φ'(0) < 0 (not a descent direction).
//      After max_evaluations without success: converged = false, point = the last trial.
LineSearchResult backtracking(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options = {});
// 15.4 A strong Wolfe line search, Nocedal & Wright Algorithms 3.5 (bracketing; α doubles, capped at
//      alpha_max) and 3.6 (zoom; the trial is cubic_minimizer of the bracket's ends when it lies in the
//      middle 80% of the bracket, else the midpoint). Returns α with φ(α) ≤ φ(0) + c1αφ'(0) and
//      |φ'(α)| ≤ c2|φ'(0)|. Same at0, errors and give-up rule as 15.3 (point = the best trial).
LineSearchResult strong_wolfe(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options = {});
// 15.5 Linear conjugate gradient for Ax = b, A symmetric positive definite, from x0: stops when
//      ‖r‖ ≤ tol·‖b‖ (r = b − Ax) or after max_iterations. residuals[k] = ‖r‖ after k steps.
struct CgResult {
    Vector x;
    std::vector<double> residuals;  // residuals[0] = ‖b − Ax0‖
    std::size_t iterations = 0;
};
CgResult conjugate_gradient(const Matrix& A, const Vector& b, const Vector& x0, double tol = 1e-10,
                            std::size_t max_iterations = 1000);
// 15.6 The BFGS update of the inverse-Hessian approximation, H ← (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ with
//      ρ = 1/yᵀs, in O(n²). Skips (returns false, H unchanged) unless yᵀs > 1e-10·‖s‖·‖y‖. And the scale
//      of the first H₀ = γI, γ = sᵀy/yᵀy (Nocedal & Wright eq. 6.20).
bool bfgs_update(Matrix& H, const Vector& s, const Vector& y);
double initial_scaling(const Vector& s, const Vector& y);
// 15.7 The L-BFGS two-loop recursion (Nocedal & Wright Alg. 7.4): the direction −H·g for the memory of
//      pairs s[i], y[i] (oldest first) with H₀ = γI, γ of the newest pair; −g when the memory is empty.
Vector lbfgs_direction(const Vector& g, const std::vector<Vector>& s, const std::vector<Vector>& y);
// 15.8 The measured order of convergence from errors eₖ > 0: p̂ₖ = ln(eₖ₊₁/eₖ)/ln(eₖ/eₖ₋₁) for k = 1 … n−2
//      (NaN where eₖ = eₖ₋₁), and the ratios eₖ₊₁/eₖᵖ for k = 0 … n−2. Throw std::invalid_argument for
//      an error ≤ 0 or NaN.
std::vector<double> order_estimates(const std::vector<double>& errors);
std::vector<double> rate_ratios(const std::vector<double>& errors, double p);

// ---- given: the methods (methods.cpp) --------------------------------------------------------------------
// One run of a method on a problem: entry k after k iterations (k = 0: the start).
struct Run {
    std::string method;
    std::vector<Vector> points;      // kept only for 2-D problems
    std::vector<double> f, grad_norm;
    std::size_t evaluations = 0;     // function-and-gradient evaluations (one closure call each)
    std::size_t hessians = 0;        // Hessian evaluations (Newton)
    std::size_t iterations() const { return f.empty() ? 0 : f.size() - 1; }
    bool converged = false;          // f − f* ≤ target reached
};
struct RunLimits {
    double target = 1e-8;            // stop when f − f* ≤ target (converged) …
    double grad_tol = 1e-12;         // … or when ‖∇f‖ ≤ grad_tol elsewhere (a stationary point: not converged)
    std::size_t max_iterations = 1000;
};

enum class NewtonVariant {
    pure,       // x ← x − H⁻¹g (Gaussian elimination), whatever the curvature
    damped,     // backtracking along the Newton direction
    levenberg,  // the direction of newton_direction (15.2), then backtracking
};
// Newton's method. hessian = the problem's own, or fd_hessian of its gradient when `finite_differences`.
Run newton(const Problem& problem, const Vector& start, NewtonVariant variant, const RunLimits& limits,
           bool finite_differences = false);

// The update rules (chapter 10's interface): one iteration per step(params, closure). The first trial
// step is min(1, 1/‖g‖₁) on the first iteration (as torch.optim.LBFGS) and 1 after.
std::unique_ptr<optimizers::UpdateRule> make_bfgs();                  // strong Wolfe, c2 = 0.9
std::unique_ptr<optimizers::UpdateRule> make_lbfgs(std::size_t memory = 10);  // strong Wolfe, c2 = 0.9
std::unique_ptr<optimizers::UpdateRule> make_nonlinear_cg();          // Polak–Ribière+, strong Wolfe c2 = 0.1

// Any Optimizer (the eight of chapter 10 or the rules above) on a problem, through step(params, closure):
// θ is one 1×n parameter; the closure evaluates f and ∇f and is counted. Divergence: RuntimeFailure.
Run run_optimizer(const Problem& problem, const Vector& start, optimizers::Optimizer optimizer,
                  const std::string& label, const RunLimits& limits);

// φ of problem at x along p, for the line-search lessons: a LineFunction that evaluates f and ∇f.
LineFunction line_of(const Problem& problem, const Vector& x, const Vector& p);

}  // namespace course::second_order
