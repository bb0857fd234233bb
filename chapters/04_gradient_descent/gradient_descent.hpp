// Chapter 04 — gradient descent.
//
// Random search and hill climbing learn the slope of the loss only by trial. If the loss ℒ is
// differentiable, its gradient ∇ℒ(θ) says it directly: −∇ℒ is the direction of steepest descent, and for
// a small step α
//     ℒ(θ − α∇ℒ) = ℒ(θ) − α‖∇ℒ‖² + O(α²)
// is below ℒ(θ). Gradient descent repeats θ ← θ − α∇ℒ(θ). On a quadratic with Hessian H it converges iff
// 0 < α < 2/L, L = λ_max(H) the smoothness constant, at the rate max|1 − αλᵢ| per step, so the condition
// number κ = L/μ (μ = λ_min(H)) sets the pace. The chapter's loss is chapter 01's line fit, on inputs that are not centred, which makes it
// ill-conditioned; gradients are computed analytically and checked with finite differences.
//
// Names: θ = (w, b) are the line's parameters; a gradient is a Vector of the same shape as θ.
// Notation (course-wide): ℒ is the loss (`loss` in code), L the smoothness constant λ_max(H), μ = λ_min(H).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/01_loss_landscape/loss_landscape.hpp"
#include "chapters/02_random_search/random_search.hpp"
#include "common/matrix.hpp"

namespace course::gradient_descent {

using loss_landscape::LineData;
using random_search::Gradient;
using random_search::Objective;
using random_search::Vector;

// ---- given: the chapter's loss (line_problem.cpp) -----------------------------------------------------
// Chapter 01's noisy line y = 2x − 1 (n points, noise 0.6) with every x moved right by `shift`: x lies in
// [shift − 2, shift + 2] and the line becomes y = 2x − 1 − 2·shift. Shifting does not change the best
// fit's slope, only how hard it is to find (see line_loss_curvature).
LineData shifted_line_data(std::uint64_t seed, std::size_t n = 40, double shift = 2.0);
// The mean squared error of the line θ = (w, b) on the data (chapter 01's mse_loss).
double line_loss(const LineData& data, const Vector& theta);
// The loss's Hessian, the same everywhere for a quadratic: H = (2/n) [[Σxᵢ², Σxᵢ], [Σxᵢ, n]] (2×2).
Matrix line_loss_hessian(const LineData& data);
// The extreme eigenvalues of that Hessian (calls exercise 4.6 on line_loss_hessian).
struct Curvature {
    double smallest = 0.0;  // μ
    double largest = 0.0;   // L, the "Lipschitz constant of the gradient": GD needs α < 2/L
    double condition() const { return largest / smallest; }
};
Curvature line_loss_curvature(const LineData& data);
// The exact minimiser, from chapter 01's closed form, as θ = (w*, b*).
Vector line_loss_minimizer(const LineData& data);

// ---- what gradient descent returns ----------------------------------------------------------------------
enum class Divergence { none, non_finite, growing };
enum class GdStatus { converged, max_iters, diverged };
std::string to_string(GdStatus status);

struct GdOptions {
    double lr = 0.1;               // the learning rate α (> 0)
    std::size_t max_iters = 1000;  // the iteration cap: at most this many updates
    double tol = 1e-8;             // converged once ‖∇L(θ)‖ ≤ tol (≥ 0)
    std::size_t patience = 5;      // rises in a row (above the start) that count as divergence (≥ 1)
};

struct GdResult {
    GdStatus status = GdStatus::max_iters;
    Vector theta;                 // the last iterate
    std::vector<double> losses;   // L(θ₀), L(θ₁), …: one more than the updates made
    std::vector<Vector> path;     // θ₀, θ₁, …
    std::size_t iterations = 0;   // updates made
    double grad_norm = 0.0;       // ‖∇L‖ at the last gradient computed (NaN if none was computed)
};

// What the Hessian of a quadratic says about gradient descent on it (exercise 4.6).
struct QuadraticSpectrum {
    double mu = 0.0;         // λ_min(H), the strong-convexity constant μ
    double L = 0.0;          // λ_max(H), the smoothness constant L
    double kappa = 0.0;      // the condition number κ = L/μ
    double max_lr = 0.0;     // 2/L: GD converges iff 0 < lr < max_lr
    double best_lr = 0.0;    // 2/(L + μ), the constant step with the smallest rate
    double best_rate = 0.0;  // (κ − 1)/(κ + 1), the rate at best_lr
};

// ---- exercises --------------------------------------------------------------------------------------
// 4.1 ∂f/∂θᵢ ≈ (f(θ + h·eᵢ) − f(θ)) / h: d + 1 evaluations of f, error O(h). Throws unless h > 0.
Vector forward_difference_gradient(const Objective& f, Vector theta, double h);
// 4.2 ∂f/∂θᵢ ≈ (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h: 2d evaluations of f, error O(h²). Throws unless h > 0.
Vector central_difference_gradient(const Objective& f, Vector theta, double h);
// 4.3 The analytic gradient of line_loss: (∂L/∂w, ∂L/∂b) = ((2/n) Σ rᵢxᵢ, (2/n) Σ rᵢ), rᵢ = w·xᵢ + b − yᵢ.
//     Throws std::invalid_argument if θ does not have 2 entries or the data is empty or mismatched.
Vector line_loss_gradient(const LineData& data, const Vector& theta);
// 4.4 Has the run diverged? non_finite if the last loss is NaN or ±∞; growing if each of the last
//     `patience` steps raised the loss and the last loss is above the first; else none.
//     Throws std::invalid_argument for patience 0.
Divergence detect_divergence(const std::vector<double>& losses, std::size_t patience);
// 4.5 Gradient descent from `start`: θ ← θ − lr·∇L(θ) until ‖∇L‖ ≤ tol (converged), max_iters updates
//     (max_iters), or detect_divergence says so (diverged: stop at once, do not continue).
//     Throws std::invalid_argument for lr ≤ 0, tol < 0, patience 0 or an empty start.
GdResult gradient_descent(const Objective& f, const Gradient& grad, Vector start, GdOptions options);
// 4.6 The spectrum of a symmetric positive definite 2×2 Hessian and what it predicts for GD (README §3, §5);
//     gd_rate is GD's rate ρ(lr) = maxᵢ |1 − lr·λᵢ| on that quadratic (> 1: the error grows).
//     Throws course::ShapeError unless 2×2, std::invalid_argument unless symmetric with μ > 0.
QuadraticSpectrum analyze_hessian(const Matrix& hessian);
double gd_rate(const QuadraticSpectrum& spectrum, double lr);

}  // namespace course::gradient_descent
