// Chapter 13 — regularization: what keeps a network that can memorise its training set from doing so.
//
// Notation (README): ℒ is the loss, θ any parameter, dθ = ∂ℒ/∂θ its gradient (same shape), η the
// learning rate, λ = weight_decay. Batches are n×d matrices, one example per row, as everywhere.
//
// Five tools, each exactly as PyTorch defines it, so that a student can carry the numbers across:
//   weight decay   torch.optim's weight_decay: an L2 penalty through the gradient (SGD, Adam), or
//                  decoupled from it (AdamW, Loshchilov & Hutter 2019)                    13.1-13.2
//   dropout        torch.nn.Dropout(p): p is the probability to DROP, survivors scaled by 1/(1 − p)
//                  in training, the identity in evaluation                                 13.3-13.4
//   batch norm     torch.nn.BatchNorm1d(d, eps=1e-5, momentum=0.1): batch statistics in training
//                  (biased variance to normalise, unbiased into the running variance), running
//                  statistics in evaluation                                                 13.5-13.7
//   augmentation   new training faces from old ones: a horizontal flip negates the yaw      13.8
//   early stopping a spectral filter, compared with Tikhonov's (ridge)                      13.9
//
// How batch norm and dropout are built: as forward/backward pairs of plain functions writing into
// buffers the caller owns (llm.c's style), not as autodiff ops. The course's face network is trained
// by hand-written backpropagation (chapter 08) with buffers that are allocated once, and these layers
// slot into it without a graph per step; each backward is derived in the README next to its formula
// and checked against central differences of its own forward pass in the tests.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::regularization {

// A parameter the penalties act on: its value θ and its gradient buffer dθ (same shape). The
// regularizers add to dθ (13.1) or move θ (13.2); neither owns anything.
struct Tensor {
    Matrix* value = nullptr;
    Matrix* grad = nullptr;
};
using TensorList = std::vector<Tensor>;

// torch.nn.BatchNorm1d's hyperparameters, in its signature order and with its defaults.
struct BatchNormOptions {
    double eps = 1e-5;       // inside the square root: x̂ = (x − μ)/√(σ² + eps)
    double momentum = 0.1;   // the weight of the NEW batch: running = (1 − momentum)·running + momentum·batch
};

// A batch-norm layer over d features: the affine parameters (learned) and the running statistics
// (buffers, not learned). make_batch_norm starts them as torch does: γ = 1, β = 0, mean 0, variance 1.
struct BatchNorm {
    Matrix gamma, beta;                      // 1×d
    Matrix running_mean, running_var;        // 1×d
    std::int64_t num_batches_tracked = 0;    // training batches seen (torch keeps the same counter)
    BatchNormOptions options{};
};

// What the training forward pass keeps for the backward pass.
struct BatchNormCache {
    Matrix x_hat;    // n×d: (x − μ_B)/√(σ²_B + eps), the normalised input
    Matrix inv_std;  // 1×d: 1/√(σ²_B + eps), σ²_B the BIASED batch variance (divided by n)
};

// ---- given (regularizers.cpp) -----------------------------------------------------------------------
BatchNorm make_batch_norm(std::size_t features, BatchNormOptions options = {});
// Augmentation besides the flip (13.8), for square images stored as rows, row 0 at the top. shift_image
// moves image `row` of side × side pixels by (dx, dy) whole pixels (dx > 0 right, dy > 0 down), filling
// what comes in from outside with `fill` (chapter 18 moves its 28 × 28 images with it too);
// add_pixel_noise adds N(0, std²) to every pixel of face `row` (32 × 32).
void shift_image(Matrix& images, std::size_t row, std::size_t side, int dx, int dy, double fill);
void add_pixel_noise(Matrix& images, std::size_t row, double std, Rng& rng);

// ---- exercises ----------------------------------------------------------------------------------------
// 13.1 The L2 penalty R(θ) = (λ/2)·Σ ‖θ‖² over every tensor of params, and its gradient: adds λ·θ to
//      each grad (so that SGD on ℒ + R is torch.optim.SGD(weight_decay=λ) on ℒ). Returns R. λ = 0 adds
//      nothing and returns 0. Throws std::invalid_argument for λ < 0, a null pointer, or a grad whose
//      shape differs from its value's.
double l2_penalty(const TensorList& params, double weight_decay);
// 13.2 Decoupled weight decay, torch.optim.AdamW's first line: θ ← θ − η·λ·θ on every tensor, before
//      (and apart from) the optimizer's step on the loss's gradient. Reads no gradient. Throws
//      std::invalid_argument for λ < 0, η < 0 or a null value.
void decoupled_weight_decay(const TensorList& params, double lr, double weight_decay);

// 13.3 Inverted dropout, torch.nn.Dropout(p), p the probability to DROP a unit.
//      Training: for each entry in row-major order draw u = rng.uniform(); the entry is dropped when
//      u < p: mask = 0, else mask = 1/(1 − p); out = x ⊙ mask. p = 0 keeps all (mask 1) and p = 1 drops
//      all (mask 0, out 0, as torch) without drawing. Evaluation (training = false): out = x, mask = 1,
//      nothing drawn. mask and out are resized to x's shape. Throws std::invalid_argument unless
//      0 ≤ p ≤ 1.
void dropout_forward(const Matrix& x, double p, bool training, Rng& rng, Matrix& mask, Matrix& out);
// 13.4 Backward through the mask: dx = dout ⊙ mask (resized to dout's shape). ShapeError if they differ.
void dropout_backward(const Matrix& dout, const Matrix& mask, Matrix& dx);

// 13.5 Batch norm in training mode, per feature (column) j over the n rows of x:
//        μ = (1/n) Σᵢ xᵢⱼ,  σ² = (1/n) Σᵢ (xᵢⱼ − μ)²,  x̂ = (x − μ)/√(σ² + eps),  out = γ·x̂ + β,
//      then the running statistics, with m = options.momentum:
//        running_mean ← (1 − m)·running_mean + m·μ
//        running_var  ← (1 − m)·running_var  + m·σ²·n/(n − 1)       (the UNBIASED variance)
//      and num_batches_tracked + 1. Fills cache (x̂, 1/√(σ² + eps)); out resized to n×d.
//      Throws std::invalid_argument for n < 2 ("expected more than 1 value per feature", as torch),
//      ShapeError when x has not d = gamma.cols() columns.
void batchnorm_forward_train(BatchNorm& bn, const Matrix& x, BatchNormCache& cache, Matrix& out);
// 13.6 Batch norm in evaluation mode: out = γ·(x − running_mean)/√(running_var + eps) + β. Changes
//      nothing in bn; works for any n ≥ 1. ShapeError when x has not d columns.
void batchnorm_forward_eval(const BatchNorm& bn, const Matrix& x, Matrix& out);
// 13.7 The backward pass of 13.5, from dout = ∂ℒ/∂out: dx, dgamma and dbeta. Deriving dx is
//      question 5 of questions.md (x̂ depends on x through μ and σ² too); the tests check it against
//      central differences. dx, dgamma, dbeta are written (not accumulated), resized to x's, γ's and
//      β's shapes.
//      ShapeError when dout and cache.x_hat differ.
void batchnorm_backward(const BatchNorm& bn, const BatchNormCache& cache, const Matrix& dout, Matrix& dx,
                        Matrix& dgamma, Matrix& dbeta);

// 13.8 Mirror face `row` left to right (column c ↔ 31 − c in every pixel row) and negate its yaw,
//      targets(row, 0); the pitch, targets(row, 1), stays. images: n×1024, targets: n×2 (degrees or
//      normalised: only the sign matters). Throws std::invalid_argument for other shapes or a row ≥ n.
void flip_face(Matrix& images, Matrix& targets, std::size_t row);

// 13.9 Early stopping and ridge as spectral filters (README, section 5). On ℒ(w) = ½‖Xw − y‖², gradient
//      descent from w = 0 with step α after k steps, and ridge with strength τ, both give
//      w = Σᵢ f(λᵢ)·(uᵢᵀXᵀy)·uᵢ over the eigenpairs (λᵢ, uᵢ) of XᵀX, with
//        gd_filter:       f(λ) = (1 − (1 − αλ)ᵏ)/λ,   whose limit at λ = 0 is α·k,
//        tikhonov_filter: f(λ) = 1/(λ + τ).
//      Both throw std::invalid_argument for λ < 0; gd_filter for α ≤ 0 or k < 0; tikhonov_filter for
//      τ < 0 or λ + τ = 0.
double gd_filter(double lambda, double lr, std::int64_t steps);
double tikhonov_filter(double lambda, double strength);

}  // namespace course::regularization
