// Chapter 13 — regularization. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=13`. Stuck? `make hint EX=13.3` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/13_regularization/regularization.hpp) defines
// the types. Each test runs only the exercise it grades (and chapter 10's optimizers, the reference for
// 13.1-13.2), with one exception that says so: 13.7's face-network test also runs your 13.3-13.5.
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/13_regularization/regularization.hpp"
#include "common/errors.hpp"

namespace course::regularization {

// Exercise 13.1 — the L2 penalty and its gradient (README, section 1).
// Returns the L2 penalty R = (λ/2)·‖θ‖² summed over every tensor (λ = weight_decay), and adds ∂R/∂θ to
// each tensor's grad. The trap: the grad already holds the loss's gradient when this runs, so ADD to it,
// never assign. Throws std::invalid_argument for λ < 0, a null value or grad, or a grad whose shape
// differs from its value's. With this, SGD on ℒ + R is torch.optim.SGD(weight_decay=λ).
double l2_penalty(const TensorList& params, double weight_decay) {
    throw NotImplemented("13.1");
}

// Exercise 13.2 — decoupled weight decay (README, section 1), the first line of torch.optim.AdamW's step:
// every tensor's value shrinks towards 0 by a factor that depends on the learning rate η (lr) and λ
// (weight_decay), as torch writes it. The trap: "decoupled" means the gradient is neither read nor
// written. Throws std::invalid_argument for λ < 0, η < 0 or a null value.
void decoupled_weight_decay(const TensorList& params, double lr, double weight_decay) {
    throw NotImplemented("13.2");
}

// Exercise 13.3 — inverted dropout, forward, as torch.nn.Dropout(p) (README, section 2). p is the
// probability to DROP. Training: one u = rng.uniform() per entry, row-major; the entry is dropped (mask 0)
// when u < p, otherwise kept, with the mask value that keeps E[out] = x; out = x ⊙ mask. Evaluation
// (training false): out = x, mask = 1. Resize mask and out to x's shape (they may come in with any shape
// and garbage). The trap: p = 0, p = 1 and evaluation draw NOTHING from rng (p = 1 gives zeros, as torch).
// Throws std::invalid_argument unless 0 ≤ p ≤ 1.
void dropout_forward(const Matrix& x, double p, bool training, Rng& rng, Matrix& mask, Matrix& out) {
    throw NotImplemented("13.3");
}

// Exercise 13.4 — dropout, backward (README, section 2): dx = ∂ℒ/∂x from dout = ∂ℒ/∂out and the mask the
// forward pass drew, dx resized to dout's shape and overwritten. Throws course::ShapeError if dout and
// mask differ in shape.
void dropout_backward(const Matrix& dout, const Matrix& mask, Matrix& dx) {
    throw NotImplemented("13.4");
}

// Exercise 13.5 — batch norm, training mode, as torch.nn.BatchNorm1d (README, section 3). Normalises each
// column with the batch's own mean and variance (eps = bn.options.eps), then applies γ and β; updates
// running_mean and running_var with bn.options.momentum and counts the batch in num_batches_tracked.
// Fills cache.x_hat (n×d, the normalised x) and cache.inv_std (1×d, 1/√(σ² + eps)); resizes out to n×d.
// The trap: two variances — the batch is normalised by the biased one (÷ n), the running variance takes
// the unbiased one (÷ (n − 1)). Throws std::invalid_argument for n < 2, course::ShapeError when x has not
// gamma.cols() columns.
void batchnorm_forward_train(BatchNorm& bn, const Matrix& x, BatchNormCache& cache, Matrix& out) {
    throw NotImplemented("13.5");
}

// Exercise 13.6 — batch norm, evaluation mode (README, section 3): the same normalisation and γ, β as
// 13.5, but with the running statistics instead of the batch's, for any n ≥ 1 (a batch of one has no
// statistics of its own). bn is not changed. Throws course::ShapeError when x has not gamma.cols() columns.
void batchnorm_forward_eval(const BatchNorm& bn, const Matrix& x, Matrix& out) {
    throw NotImplemented("13.6");
}

// Exercise 13.7 — batch norm, backward (README, section 3). From dout = ∂ℒ/∂out and the cache of the
// training forward pass (x̂ and inv_std), writes dx = ∂ℒ/∂x, dgamma = ∂ℒ/∂γ and dbeta = ∂ℒ/∂β, resized to
// n×d, 1×d, 1×d (they may hold an old step's values: overwrite them). Derive dx on paper first:
// questions.md, question 5. The trap: the batch's mean and variance depend on every xᵢ, so dx is not
// γ·inv_std·dout. Throws course::ShapeError when dout and cache.x_hat differ in shape.
void batchnorm_backward(const BatchNorm& bn, const BatchNormCache& cache, const Matrix& dout, Matrix& dx,
                        Matrix& dgamma, Matrix& dbeta) {
    throw NotImplemented("13.7");
}

// Exercise 13.8 — the horizontal flip of a face, and its label (README, section 4).
// Mirror image `row` (32×32, row-major) left to right, in place; the other rows are not touched. The
// trap: the label must follow the image. A face turned right becomes a face turned left, so the yaw
// targets(row, 0) changes sign; the pitch targets(row, 1) stays.
// Throws std::invalid_argument unless images is n×1024 and targets n×2, or when row ≥ n.
void flip_face(Matrix& images, Matrix& targets, std::size_t row) {
    throw NotImplemented("13.8");
}

// Exercise 13.9 — early stopping and ridge as spectral filters (README, section 5).
// gd_filter(λ, α, k): the factor f with w_k = f·c after k steps of gradient descent with step α from
// w = 0 on ½λw² − c·w (one eigen-direction of least squares, curvature λ), in closed form. The trap:
// λ = 0 (a flat direction) is a limit, not 0/0.
// tikhonov_filter(λ, τ): the same factor for the ridge minimiser of ½λw² − c·w + ½τw².
// Throw std::invalid_argument for λ < 0; gd_filter also for α ≤ 0 or k < 0; tikhonov_filter for τ < 0
// or λ + τ = 0.
double gd_filter(double lambda, double lr, std::int64_t steps) {
    throw NotImplemented("13.9");
}

double tikhonov_filter(double lambda, double strength) {
    throw NotImplemented("13.9");
}

}  // namespace course::regularization
