// Chapter 04 — gradient descent. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=04`. Stuck? `make hint EX=4.2`. The README derives the math.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "common/errors.hpp"

namespace course::gradient_descent {

// Exercise 4.1 — forward-difference gradient.
//   ∂f/∂θᵢ ≈ (f(θ + h·eᵢ) − f(θ)) / h          error O(h); d + 1 evaluations of f
// Evaluate f(θ) once, then perturb one coordinate at a time and restore it before the next.
// Throw std::invalid_argument unless h > 0.
Vector forward_difference_gradient(const Objective& f, Vector theta, double h) {
    throw NotImplemented("4.1");
}

// Exercise 4.2 — central-difference gradient.
//   ∂f/∂θᵢ ≈ (f(θ + h·eᵢ) − f(θ − h·eᵢ)) / 2h      error O(h²), versus O(h) for the forward difference.
// Perturb one coordinate at a time; restore it before moving on. Throw std::invalid_argument unless h > 0.
Vector central_difference_gradient(const Objective& f, Vector theta, double h) {
    throw NotImplemented("4.2");
}

// Exercise 4.3 — the analytic gradient of the chapter's loss L(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)².
//   rᵢ = w·xᵢ + b − yᵢ,   ∂L/∂w = (2/n) Σ rᵢ·xᵢ,   ∂L/∂b = (2/n) Σ rᵢ
// θ = (w, b). Throw std::invalid_argument if θ has not 2 entries, or x and y are empty or differ in size.
Vector line_loss_gradient(const LineData& data, const Vector& theta) {
    throw NotImplemented("4.3");
}

// Exercise 4.4 — has the run diverged?
//   non_finite: the last loss is NaN or ±∞ (std::isfinite)
//   growing:    each of the last `patience` steps raised the loss, and the last loss > losses[0]
//   none:       otherwise (also for an empty history)
// Throw std::invalid_argument for patience 0.
Divergence detect_divergence(const std::vector<double>& losses, std::size_t patience) {
    throw NotImplemented("4.4");
}

// Exercise 4.5 — gradient descent with a tolerance, an iteration cap and divergence detection.
//   record L(θ₀); then repeat:
//     g ← ∇L(θ);  if ‖g‖ ≤ tol: converged.   if max_iters updates done: max_iters.
//     θ ← θ − lr·g;  record L(θ) and θ;  if detect_divergence(losses, patience) ≠ none: diverged, stop.
// Fill every field of GdResult. Throw std::invalid_argument for lr ≤ 0, tol < 0, patience 0, empty start.
GdResult gradient_descent(const Objective& f, const Gradient& grad, Vector start, GdOptions options) {
    throw NotImplemented("4.5");
}

}  // namespace course::gradient_descent
