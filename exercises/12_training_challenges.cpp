// Chapter 12 — why training is hard. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=12`. Stuck? `make hint EX=12.4` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/12_training_challenges/training_challenges.hpp)
// defines the types. Nothing here needs an earlier exercise of this chapter, except where noted.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/12_training_challenges/training_challenges.hpp"
#include "common/errors.hpp"

namespace course::training_challenges {

// Exercise 12.1 — the six-hump camel (README, section 1).
//   f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y²
// camel returns f, camel_gradient ∇f = (∂f/∂x, ∂f/∂y), camel_hessian the three distinct second
// partial derivatives. Its two global minima are (±0.0898, ∓0.7126), f = −1.0316.
double camel(Vec2 p) {
    throw NotImplemented("12.1");
}

Vec2 camel_gradient(Vec2 p) {
    throw NotImplemented("12.1");
}

Hessian2 camel_hessian(Vec2 p) {
    throw NotImplemented("12.1");
}

// Exercise 12.2 — the second-derivative test (README, section 2).
// eigenvalues: both eigenvalues of the symmetric matrix h in closed form, λ_min ≤ λ_max.
// classify_critical_point: degenerate when an eigenvalue is within tol of 0 (|λ| ≤ tol: the test cannot
// decide), otherwise minimum, maximum or saddle by their signs.
Eigen2 eigenvalues(const Hessian2& h) {
    throw NotImplemented("12.2");
}

CriticalPoint classify_critical_point(const Hessian2& h, double tol) {
    throw NotImplemented("12.2");
}

// Exercise 12.3 — escape time from a strict saddle (README, section 2).
// The number of gradient-descent steps (learning rate η = lr) after which a displacement δ along the
// eigenvector of λ_min < 0 has grown to at least `radius`, by the linearised step near the saddle (each
// step multiplies that coordinate by the same factor): the least such integer k; 0 when δ ≥ radius
// already. The trap: "least integer" — a real-valued k must be rounded the right way.
// Throws std::invalid_argument when lr ≤ 0, λ_min ≥ 0 (no negative curvature), δ ≤ 0 (the stable
// manifold: no escape at all) or radius ≤ 0.
std::int64_t predicted_escape_steps(double lr, double lambda_min, double delta, double radius) {
    throw NotImplemented("12.3");
}

// Exercise 12.4 — backpropagation through a deep network, with skips (README, sections 3-4).
// Given the cache of deep_forward (z[ℓ], h[ℓ]) and dY = ∂ℒ/∂(the network's output), return dW[ℓ] and
// db[ℓ] for every layer, shaped like W and b. Hidden layers apply net.activation (its derivative is
// activation_derivative); the last layer is linear; a layer with has_skip(net, ℓ) adds its input to
// its output. The tests check every entry against central differences.
Gradients deep_backward(const DeepNet& net, const DeepCache& cache, const Matrix& dY) {
    throw NotImplemented("12.4");
}

// Exercise 12.5 — initialization schemes (README, section 5; the header lists each distribution).
// W is fan_in×fan_out with every entry drawn from rng by `scheme`, b is 1×fan_out zeros. The Xavier
// schemes follow torch.nn.init.xavier_uniform_/xavier_normal_ (gain 1), He follows kaiming_normal_ with
// nonlinearity='relu' in fan_in mode.
Dense init_layer(std::size_t fan_in, std::size_t fan_out, InitScheme scheme, Rng& rng) {
    throw NotImplemented("12.5");
}

// Exercise 12.6 — gradient clipping, with torch.nn.utils' semantics (README, section 7).
// clip_grad_norm: the total 2-norm of all the gradients together (as if concatenated into one vector);
// when it exceeds max_norm, every gradient is scaled by the same factor max_norm/(total + 1e-6), never
// by a factor above 1. Returns the total norm measured before clipping.
// clip_grad_value: every entry clamped into [−clip_value, clip_value].
// Both throw std::invalid_argument for a negative bound.
double clip_grad_norm(const std::vector<Matrix*>& grads, double max_norm) {
    throw NotImplemented("12.6");
}

void clip_grad_value(const std::vector<Matrix*>& grads, double clip_value) {
    throw NotImplemented("12.6");
}

// Exercise 12.7 — the initial-loss check (README, section 8).
// The loss a model should report before it has learned anything: for softmax cross-entropy over K
// balanced classes, the loss of the uniform prediction; for the mean squared error, the loss of the best
// constant prediction (each target column's mean), averaged over every entry as the MSE averages.
// Throw std::invalid_argument for K = 0 and for empty targets.
double expected_initial_cross_entropy(std::size_t num_classes) {
    throw NotImplemented("12.7");
}

double expected_initial_mse(const Matrix& targets) {
    throw NotImplemented("12.7");
}

// Exercise 12.8 — the update/weight ratio (README, section 8).
// update_to_weight_ratios: for each parameter i, ‖after[i] − before[i]‖ / ‖before[i]‖ (Frobenius);
// a zero ‖before[i]‖ gives 0 if the update is zero too, +∞ otherwise. Lists of different lengths throw
// std::invalid_argument; a parameter whose shape changed throws course::ShapeError.
// judge_update_ratio: too_small below kRatioLow, too_large above kRatioHigh, healthy in between
// (both ends included).
std::vector<double> update_to_weight_ratios(const std::vector<Matrix>& before, const std::vector<Matrix>& after) {
    throw NotImplemented("12.8");
}

RatioVerdict judge_update_ratio(double ratio) {
    throw NotImplemented("12.8");
}

// Exercise 12.9 — diagnosing a run from its curves (README, section 8, "Reading the curves").
// Apply the README's five rules in order with the thresholds in `rules`; the first that fires decides.
// Needs at least 3 training losses (else std::invalid_argument); a non-empty val_loss must have as many
// entries as train_loss (else std::invalid_argument).
Diagnosis diagnose(const History& history, const DiagnosisRules& rules) {
    throw NotImplemented("12.9");
}

}  // namespace course::training_challenges
