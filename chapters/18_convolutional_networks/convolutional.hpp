// Chapter 18 — convolutional networks: conv2d (direct loops, then im2col + the course's matmul),
// stride and padding, max and average pooling, batch normalization over channels, residual blocks.
//
// Layout. A batch of images is a Matrix with one example per row, each row the example's channels one
// after another, each channel row by row (PyTorch's NCHW, flattened): entry (c, i, j) of example n is
// X(n, (c·H + i)·W + j). So a Dataset of images is the same {X, Y} as every earlier chapter's.
//
// A convolution layer with C input channels, F filters of k × k, stride s and padding p keeps its
// weights as an F × (C·k·k) matrix (row f is filter f, entry (c, u, v) at column (c·k + u)·k + v) and a
// 1 × F bias. Like torch.nn.Conv2d it computes a cross-correlation (the kernel is NOT flipped):
//
//     Y[n, f, i, j] = b[f] + Σ_c Σ_u Σ_v W[f, c, u, v] · X[n, c, s·i + u − p, s·j + v − p]
//
// with X = 0 outside the image (zero padding). Notation (README): a gradient is d + the name of what it
// is the gradient of, with the same shape: dY = ∂ℒ/∂Y, dW = ∂ℒ/∂W.
#pragma once

#include <cstddef>
#include <vector>

#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::convolutional {

// The shape of one example: channels × height × width.
struct Shape3 {
    std::size_t channels = 1, height = 1, width = 1;
    std::size_t size() const { return channels * height * width; }
    friend bool operator==(const Shape3&, const Shape3&) = default;
};

struct ConvSpec {
    std::size_t in_channels = 1;
    std::size_t out_channels = 1;
    std::size_t kernel = 3;   // k × k
    std::size_t stride = 1;
    std::size_t padding = 0;  // zeros on every side
};

struct Conv2d {
    ConvSpec spec{};
    Matrix weight;  // out_channels × (in_channels·k·k)
    Matrix bias;    // 1 × out_channels
};

struct ConvGrads {
    Matrix dweight;  // shaped like weight
    Matrix dbias;    // 1 × out_channels
};

// Pooling windows of kernel × kernel moved by stride, no padding (torch.nn.MaxPool2d(k, s)).
struct PoolSpec {
    std::size_t kernel = 2;
    std::size_t stride = 2;
};

// torch.nn.BatchNorm2d(channels): per channel c, statistics over the N·H·W values of that channel.
struct BatchNorm2d {
    std::size_t channels = 1;
    Matrix gamma;         // 1 × C, starts at 1
    Matrix beta;          // 1 × C, starts at 0
    Matrix running_mean;  // 1 × C, starts at 0
    Matrix running_var;   // 1 × C, starts at 1
    double momentum = 0.1;  // weight of the NEW batch in the running averages
    double eps = 1e-5;
};

// What the training-mode forward pass keeps for the backward pass.
struct BatchNormCache {
    Matrix x_hat;    // the normalised input, shaped like X
    Matrix mean;     // 1 × C, the batch means
    Matrix inv_std;  // 1 × C, 1/√(σ²_B + eps) with the biased batch variance σ²_B
};

// ---- given (layers.cpp) ----------------------------------------------------------------------------
// The output shape of a convolution or pooling (uses 18.1); throws course::ShapeError naming the
// layer when the channels differ or the window does not fit.
Shape3 conv_output_shape(Shape3 in, const ConvSpec& spec);
Shape3 pool_output_shape(Shape3 in, const PoolSpec& spec);
// A layer with He-normal weights (std √(2 / (C·k·k)), for ReLU) and zero bias.
Conv2d make_conv(const ConvSpec& spec, Rng& rng);
// torch's initial state (γ = 1, β = 0, running mean 0 and variance 1, momentum 0.1, eps 1e-5): chapter
// 13's make_batch_norm, per channel.
BatchNorm2d make_batchnorm2d(std::size_t channels);
// Evaluation mode: normalise with the running statistics; nothing is updated.
void batchnorm2d_forward_eval(const Matrix& X, Shape3 in, const BatchNorm2d& bn, Matrix& Y);
// ReLU and its backward pass (dX = dY where X > 0, else 0); dX may be dY.
void relu_forward(const Matrix& X, Matrix& Y);
void relu_backward(const Matrix& X, const Matrix& dY, Matrix& dX);

// The fast convolution: for each example, im2col (18.5) then one matrix product
// Y_n = W · cols_n + b (F × Ho·Wo, which is the example's output row in NCHW order). The backward pass
// recomputes cols_n and accumulates dW += dY_n · cols_nᵀ, db += Σ dY_n, dcols = Wᵀ · dY_n, and scatters
// dcols back with col2im. Scratch buffers live in ConvWorkspace, so a step allocates nothing.
struct ConvWorkspace {
    Matrix cols, out, dout, dcols, dweight;
};
void conv2d_forward_fast(const Matrix& X, Shape3 in, const Conv2d& layer, ConvWorkspace& ws, Matrix& Y);
// dX is written when want_dX (the first layer does not need it).
void conv2d_backward_fast(const Matrix& X, const Matrix& dY, Shape3 in, const Conv2d& layer, ConvWorkspace& ws,
                          ConvGrads& grads, Matrix& dX, bool want_dX = true);

// A residual block (He et al. 2016, without batch norm): two same-shape 3 × 3 convolutions with a skip,
//     A = conv1(X),  H = relu(A),  B = conv2(H),  Y = relu(X + B).
struct ResidualBlock {
    Conv2d conv1, conv2;  // both C → C, kernel 3, stride 1, padding 1
};
struct ResidualCache {
    Matrix X, A, H, B, Y;
};
struct ResidualGrads {
    ConvGrads conv1, conv2;
    Matrix dX;
};
ResidualBlock make_residual_block(std::size_t channels, Rng& rng);
// Runs the block on X (with the direct conv2d_forward of 18.2) and keeps every intermediate.
void residual_forward(const ResidualBlock& block, Shape3 in, const Matrix& X, ResidualCache& cache);

// ---- exercises (README section in brackets; exercises.md has the hints) ------------------------------
// 18.1 The output size of a convolution or pooling along one axis [2]: ⌊(n + 2p − k)/s⌋ + 1.
//      Throws std::invalid_argument when k = 0, s = 0 or the window does not fit (k > n + 2p).
std::size_t conv_output_size(std::size_t input, std::size_t kernel, std::size_t stride, std::size_t padding);

// 18.2 The convolution layer's forward pass by direct loops [1-2]: N × (C·H·W) → N × (F·Ho·Wo).
Matrix conv2d_forward(const Matrix& X, Shape3 in, const Conv2d& layer);

// 18.3 Its backward pass to the input [3]: dX = ∂ℒ/∂X from dY = ∂ℒ/∂Y, shaped like X.
Matrix conv2d_backward_input(const Matrix& dY, Shape3 in, const Conv2d& layer);

// 18.4 Its backward pass to the parameters [3]: dW and db, summed over the batch.
ConvGrads conv2d_backward_weights(const Matrix& X, const Matrix& dY, Shape3 in, const ConvSpec& spec);

// 18.5 im2col and its adjoint col2im [4]. im2col writes the patches of ONE example (image points at
//      its C·H·W values) as the columns of cols, (C·k·k) × (Ho·Wo): column i·Wo + j holds the window of
//      output (i, j), row (c·k + u)·k + v its entry (c, u, v), 0 where the window hangs over the padding.
//      col2im does the reverse: it ADDS every entry of cols back onto the image position it came from
//      (image is C·H·W values, set to zero first; padding positions are dropped).
void im2col(const double* image, Shape3 in, const ConvSpec& spec, Matrix& cols);
void col2im(const Matrix& cols, Shape3 in, const ConvSpec& spec, double* image);

// 18.6 Max pooling [5]. Forward: Y = the maximum of each window, argmax = the index (within the
//      example's row, 0 … C·H·W − 1) of the entry it came from; on a tie the FIRST maximum in the
//      window's row-by-row order wins (as PyTorch's CPU kernel), and a NaN wins over every number (the
//      last NaN of the window, as PyTorch: a diverged activation propagates). Backward: each dY entry goes to its
//      argmax only; dX has X's shape (N × C·H·W), zero elsewhere; overlapping windows add up.
void max_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y,
                      std::vector<std::size_t>& argmax);
void max_pool_backward(const Matrix& dY, const std::vector<std::size_t>& argmax, Shape3 in, const PoolSpec& spec,
                       Matrix& dX);

// 18.7 Average pooling [5]: forward the mean of each k × k window; backward spreads each dY entry
//      evenly, dY/k², over its window (overlapping windows add up).
void avg_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y);
void avg_pool_backward(const Matrix& dY, Shape3 in, const PoolSpec& spec, Matrix& dX);

// 18.8 BatchNorm2d in training mode [6]: per channel c over its M = N·H·W values, the mean μ and the
//      BIASED variance σ² (divide by M) normalise x̂ = (x − μ)/√(σ² + eps), Y = γ·x̂ + β; the running
//      averages move by the momentum towards μ and the UNBIASED variance σ²·M/(M − 1):
//      running ← (1 − momentum)·running + momentum·batch. Throws std::invalid_argument when M < 2.
void batchnorm2d_forward_train(const Matrix& X, Shape3 in, BatchNorm2d& bn, Matrix& Y, BatchNormCache& cache);

// 18.9 BatchNorm2d's backward pass [6]: from dY and the cache of 18.8, dX (shaped like X), dgamma and
//      dbeta (1 × C). Every x̂ depends on every x of its channel through μ and σ².
void batchnorm2d_backward(const Matrix& dY, Shape3 in, const BatchNorm2d& bn, const BatchNormCache& cache,
                          Matrix& dX, Matrix& dgamma, Matrix& dbeta);

// 18.10 A residual block's backward pass [7]: from the cache of residual_forward and dY, the
//       gradients of both convolutions and dX, which gets the skip's share AND the branch's share.
ResidualGrads residual_backward(const ResidualBlock& block, Shape3 in, const ResidualCache& cache, const Matrix& dY);

}  // namespace course::convolutional
