// Chapter 04 — gradient descent. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=04`. Stuck? `make hint EX=4.2` (then LEVEL=2, LEVEL=3). The README derives the math;
// ℒ is the loss, L the smoothness constant λ_max(H), μ = λ_min(H).
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "common/errors.hpp"

namespace course::gradient_descent {

// Exercise 4.1 — forward-difference gradient (README §2).
//   Returns the forward-difference estimate of ∇f at θ, one entry per coordinate, with step h.
//   Error O(h). Exactly d + 1 evaluations of f for d coordinates; every difference is taken from θ itself.
//   Throws std::invalid_argument unless h > 0.
Vector forward_difference_gradient(const Objective& f, Vector theta, double h) {
    throw NotImplemented("4.1");
}

// Exercise 4.2 — central-difference gradient (README §2).
//   Returns the central-difference estimate of ∇f at θ with step h. Error O(h²), exact on a quadratic.
//   Exactly 2d evaluations of f; each coordinate is perturbed from θ itself.
//   Throws std::invalid_argument unless h > 0.
Vector central_difference_gradient(const Objective& f, Vector theta, double h) {
    throw NotImplemented("4.2");
}

// Exercise 4.3 — the analytic gradient of the line-fit loss ℒ(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)² (README §1).
//   Returns (∂ℒ/∂w, ∂ℒ/∂b) at θ = (w, b), derived by the chain rule.
//   Throws std::invalid_argument if θ has not 2 entries, or x and y are empty or differ in size.
Vector line_loss_gradient(const LineData& data, const Vector& theta) {
    throw NotImplemented("4.3");
}

// Exercise 4.4 — has the run diverged? (README §3, "Recognising divergence")
//   losses = ℒ(θ₀), ℒ(θ₁), …  Returns
//     non_finite  if the last loss is NaN or ±∞;
//     growing     if each of the last `patience` steps strictly raised the loss AND the last loss is
//                 strictly above the first (a plateau is not a rise; a bump below the start is not divergence);
//     none        otherwise, including an empty history or too few steps to judge.
//   Throws std::invalid_argument for patience 0.
Divergence detect_divergence(const std::vector<double>& losses, std::size_t patience) {
    throw NotImplemented("4.4");
}

// Exercise 4.5 — gradient descent with a tolerance, an iteration cap and divergence detection (README §3-4).
//   θ ← θ − lr·∇ℒ(θ) from `start`. Stops with
//     converged  as soon as a gradient has ‖∇ℒ‖ ≤ tol (also at the start, also on the cap's last iterate);
//     max_iters  when max_iters updates are made and the last gradient is still above tol;
//     diverged   when detect_divergence (your 4.4) says so after an update, or ℒ(start) is not finite:
//                stop at once — never take a gradient where the loss is NaN.
//   Fills every field of GdResult (losses and path hold θ₀ too; grad_norm is the last one computed).
//   Throws std::invalid_argument for lr ≤ 0, tol < 0, patience 0 or an empty start.
GdResult gradient_descent(const Objective& f, const Gradient& grad, Vector start, GdOptions options) {
    throw NotImplemented("4.5");
}

// Exercise 4.6 — the 2/L threshold and κ from the Hessian (README §3, §5).
//   analyze_hessian: the eigenvalues μ ≤ L of a symmetric 2×2 Hessian and every field of QuadraticSpectrum
//   (κ, the largest learning rate at which GD still converges, the constant learning rate with the best
//   rate, and GD's rate there). The trap: neither diagonal entry is an eigenvalue unless H(0,1) = 0, and
//   the larger one may come second.
//   gd_rate: GD's contraction factor per step on that quadratic at learning rate lr, the worst over both
//   eigen-directions; a factor below −1 grows the error as surely as one above 1.
//   Throws course::ShapeError unless H is 2×2; std::invalid_argument unless H(0,1) == H(1,0) and μ > 0.
QuadraticSpectrum analyze_hessian(const Matrix& hessian) {
    throw NotImplemented("4.6");
}

double gd_rate(const QuadraticSpectrum& spectrum, double lr) {
    throw NotImplemented("4.6");
}

}  // namespace course::gradient_descent
