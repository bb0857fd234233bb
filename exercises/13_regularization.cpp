// Chapter 13 — regularization. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=13`. Stuck? `make hint EX=13.3` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/13_regularization/regularization.hpp) defines
// the types. The exercises stand alone: no test of one needs another.
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/13_regularization/regularization.hpp"
#include "common/errors.hpp"

namespace course::regularization {

// Exercise 13.1 — the L2 penalty and its gradient (README, section 1).
//   R(θ) = (λ/2)·Σ over every tensor of Σ θ²,   ∂R/∂θ = λ·θ, ADDED to each grad (never assigned).
// Returns R. Throws std::invalid_argument for λ < 0, a null value or grad, or a grad whose shape
// differs from its value's. With this, SGD on ℒ + R is torch.optim.SGD(weight_decay=λ).
double l2_penalty(const TensorList& params, double weight_decay) {
    throw NotImplemented("13.1");
}

// Exercise 13.2 — decoupled weight decay (README, section 1).
//   θ ← θ − η·λ·θ = (1 − η·λ)·θ on every tensor; the gradient is not read.
// torch.optim.AdamW does this before its Adam step. Throws std::invalid_argument for λ < 0, η < 0 or a
// null value.
void decoupled_weight_decay(const TensorList& params, double lr, double weight_decay) {
    throw NotImplemented("13.2");
}

// Exercise 13.3 — inverted dropout, forward (README, section 2). p is the probability to DROP.
// Training: one u = rng.uniform() per entry, row-major; dropped (mask 0) when u < p, otherwise kept with
// mask 1/(1 − p); out = x ⊙ mask. p = 0: mask 1, p = 1: mask 0 (out is zeros), neither draws.
// Evaluation (training false): out = x, mask = 1, nothing drawn. Resize mask and out to x's shape.
// Throws std::invalid_argument unless 0 ≤ p ≤ 1.
void dropout_forward(const Matrix& x, double p, bool training, Rng& rng, Matrix& mask, Matrix& out) {
    throw NotImplemented("13.3");
}

// Exercise 13.4 — dropout, backward (README, section 2): dx = dout ⊙ mask, dx resized to dout's shape.
// Throws course::ShapeError if dout and mask differ in shape.
void dropout_backward(const Matrix& dout, const Matrix& mask, Matrix& dx) {
    throw NotImplemented("13.4");
}

// Exercise 13.5 — batch norm, training mode (README, section 3). Per column j over the n rows:
//   μ = mean, σ² = (1/n)·Σ(x − μ)² (biased), x̂ = (x − μ)/√(σ² + eps), out = γ·x̂ + β;
//   running_mean ← (1 − m)·running_mean + m·μ,  running_var ← (1 − m)·running_var + m·σ²·n/(n − 1),
//   with m = bn.options.momentum, and ++num_batches_tracked. Fill cache.x_hat (n×d) and cache.inv_std
//   (1×d, 1/√(σ² + eps)); resize out to n×d.
// Throws std::invalid_argument for n < 2, course::ShapeError when x has not gamma.cols() columns.
void batchnorm_forward_train(BatchNorm& bn, const Matrix& x, BatchNormCache& cache, Matrix& out) {
    throw NotImplemented("13.5");
}

// Exercise 13.6 — batch norm, evaluation mode (README, section 3).
//   out = γ·(x − running_mean)/√(running_var + eps) + β, for any n ≥ 1; bn is not changed.
// Throws course::ShapeError when x has not gamma.cols() columns.
void batchnorm_forward_eval(const BatchNorm& bn, const Matrix& x, Matrix& out) {
    throw NotImplemented("13.6");
}

// Exercise 13.7 — batch norm, backward (README, section 3). Sums over rows, per column:
//   dβ = Σ dout,  dγ = Σ dout ⊙ x̂,  dx = (1/n)·γ·inv_std·(n·dout − Σ dout − x̂·Σ(dout ⊙ x̂)).
// Write (do not accumulate) dx, dgamma, dbeta, resized to n×d, 1×d, 1×d. Throws course::ShapeError when
// dout and cache.x_hat differ in shape.
void batchnorm_backward(const BatchNorm& bn, const BatchNormCache& cache, const Matrix& dout, Matrix& dx,
                        Matrix& dgamma, Matrix& dbeta) {
    throw NotImplemented("13.7");
}

// Exercise 13.8 — the horizontal flip of a face, and its label (README, section 4).
// Mirror image `row` (32×32, row-major): column c ↔ 31 − c in every pixel row. A face turned right
// becomes a face turned left: negate targets(row, 0), the yaw; the pitch targets(row, 1) stays.
// Throws std::invalid_argument unless images is n×1024 and targets n×2, or when row ≥ n.
void flip_face(Matrix& images, Matrix& targets, std::size_t row) {
    throw NotImplemented("13.8");
}

// Exercise 13.9 — early stopping and ridge as spectral filters (README, section 5).
//   gd_filter(λ, α, k)      = (1 − (1 − αλ)ᵏ)/λ, and α·k at λ = 0 (its limit);
//   tikhonov_filter(λ, τ)   = 1/(λ + τ).
// Throw std::invalid_argument for λ < 0; gd_filter also for α ≤ 0 or k < 0; tikhonov_filter for τ < 0
// or λ + τ = 0.
double gd_filter(double lambda, double lr, std::int64_t steps) {
    throw NotImplemented("13.9");
}

double tikhonov_filter(double lambda, double strength) {
    throw NotImplemented("13.9");
}

}  // namespace course::regularization
