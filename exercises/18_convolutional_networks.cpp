// Chapter 18 — convolutional networks. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=18`. Stuck? `make hint EX=18.2` (LEVEL=2, LEVEL=3 for more).
// The README derives the formulas, except the backward passes of 18.9 and 18.10, which questions.md
// asks you to derive; the header (chapters/18_convolutional_networks/convolutional.hpp)
// defines the layout (NCHW rows) and the types. The given shape helpers conv_output_shape and
// pool_output_shape call your 18.1, so do 18.1 first (every later test runs it); 18.10 calls your 18.3
// and 18.4. Output buffers passed by reference (Matrix& Y, dX, cols, …) come in reused, holding the
// previous batch's numbers: write every entry.
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "common/errors.hpp"

namespace course::convolutional {

// Exercise 18.1 — the output size of a sliding window (README, section 2).
// How many positions a window of `kernel` inputs, moved by `stride`, has along `input` inputs padded by
// `padding` zeros on both sides. Throws std::invalid_argument when kernel = 0, stride = 0 or the window
// does not fit even once.
// The trap: std::size_t cannot go negative, so check before you subtract.
std::size_t conv_output_size(std::size_t input, std::size_t kernel, std::size_t stride, std::size_t padding) {
    throw NotImplemented("18.1");
}

// Exercise 18.2 — conv2d forward by direct loops (README, sections 1-2).
// torch.nn.Conv2d's output for a batch: each filter slid over each example with the layer's stride and
// zero padding, plus the filter's bias; a cross-correlation (the kernel is not flipped). X is
// N × (C·H·W); return N × (F·Ho·Wo), each row in NCHW order; weight(f, (c·k + u)·k + v) is filter f's
// entry (c, u, v). conv_output_shape(in, layer.spec) gives (F, Ho, Wo) and checks the channels.
// The trap: a window may start in the padding, at a negative input row or column.
Matrix conv2d_forward(const Matrix& X, Shape3 in, const Conv2d& layer) {
    throw NotImplemented("18.2");
}

// Exercise 18.3 — conv2d backward to the input (README, section 3).
// dX = ∂ℒ/∂X for the layer of 18.2 (same stride, padding and layout), from dY = ∂ℒ/∂Y.
// dY is N × (F·Ho·Wo); return N × (C·H·W).
// The trap: one input pixel sits in many windows; and the padding's zeros receive no gradient.
Matrix conv2d_backward_input(const Matrix& dY, Shape3 in, const Conv2d& layer) {
    throw NotImplemented("18.3");
}

// Exercise 18.4 — conv2d backward to the weights and bias (README, section 3).
// dW = ∂ℒ/∂W and db = ∂ℒ/∂b for the layer of 18.2, from its input X and dY. Return dweight (F × C·k·k,
// laid out like weight) and dbias (1 × F).
// The trap: sum over the batch and every position, without a 1/N (the loss already has it).
ConvGrads conv2d_backward_weights(const Matrix& X, const Matrix& dY, Shape3 in, const ConvSpec& spec) {
    throw NotImplemented("18.4");
}

// Exercise 18.5 — im2col and col2im (README, section 4).
// im2col: cols becomes (C·k·k) × (Ho·Wo) (use cols.resize); column i·Wo + j holds the window of output
// (i, j), row (c·k + u)·k + v the entry (c, u, v) of it, 0 where it falls in the padding. Then
// W · cols is the convolution of this one example.
// col2im: the adjoint. Set the C·H·W values of image to 0, then ADD every entry of cols onto the
// position im2col read it from (skip padding positions). Throws course::ShapeError when cols has the
// wrong shape.
// The trap: cols comes in reused, holding the previous image's windows: write the padding's 0s too.
void im2col(const double* image, Shape3 in, const ConvSpec& spec, Matrix& cols) {
    throw NotImplemented("18.5");
}

void col2im(const Matrix& cols, Shape3 in, const ConvSpec& spec, double* image) {
    throw NotImplemented("18.5");
}

// Exercise 18.6 — max pooling (README, section 5).
// Forward: Y (N × C·Ho·Wo, use Y.resize) holds each window's maximum; argmax (N·C·Ho·Wo entries, output
// (n, o) at n·(C·Ho·Wo) + o) the index of the winner within its example's row. Ties: the FIRST maximum
// in row-by-row window order wins; a NaN wins over every number (the last NaN, as PyTorch), so that a
// diverged activation propagates. pool_output_shape(in, spec) gives (C, Ho, Wo).
// Backward: dX (N × C·H·W) is zero except that each dY entry is ADDED at its argmax.
// The trap: dX comes in reused, holding the previous batch's gradient: the entries that won nothing
// must be 0 too.
void max_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y,
                      std::vector<std::size_t>& argmax) {
    throw NotImplemented("18.6");
}

void max_pool_backward(const Matrix& dY, const std::vector<std::size_t>& argmax, Shape3 in, const PoolSpec& spec,
                       Matrix& dX) {
    throw NotImplemented("18.6");
}

// Exercise 18.7 — average pooling (README, section 5).
// Forward: the mean of each k × k window into Y (N × C·Ho·Wo). Backward: dX (X's shape) = ∂ℒ/∂X, each
// dY entry spread evenly over its window, overlapping windows adding up.
// The trap: as in 18.6, dX comes in reused.
void avg_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y) {
    throw NotImplemented("18.7");
}

void avg_pool_backward(const Matrix& dY, Shape3 in, const PoolSpec& spec, Matrix& dX) {
    throw NotImplemented("18.7");
}

// Exercise 18.8 — BatchNorm2d forward in training mode (README, section 6).
// torch.nn.BatchNorm2d's training forward: each channel normalised with its mean and variance over its
// M = N·H·W values in the batch, then scaled by γ[c] and shifted by β[c]; the running averages move
// towards the batch's statistics by bn.momentum (torch's convention). Keep x̂, μ and 1/√(σ² + eps) in
// cache (resize them). Throws std::invalid_argument when M < 2.
// The trap: torch normalises with the BIASED variance but stores the UNBIASED one in running_var.
void batchnorm2d_forward_train(const Matrix& X, Shape3 in, BatchNorm2d& bn, Matrix& Y, BatchNormCache& cache) {
    throw NotImplemented("18.8");
}

// Exercise 18.9 — BatchNorm2d backward (README, section 6; derive it first: questions.md, "Batch norm
// backward").
// From dY and the cache of 18.8: dX = ∂ℒ/∂X (X's shape), dgamma and dbeta (1 × C), all three WRITTEN
// (resized, not added to).
// The trap: x̂ depends on every x of its channel, through μ and σ², not only on its own x.
void batchnorm2d_backward(const Matrix& dY, Shape3 in, const BatchNorm2d& bn, const BatchNormCache& cache,
                          Matrix& dX, Matrix& dgamma, Matrix& dbeta) {
    throw NotImplemented("18.9");
}

// Exercise 18.10 — a residual block's backward pass (README, section 7; derive it first: questions.md,
// "Residual backward").
// The forward pass was A = conv1(X), H = relu(A), B = conv2(H), Y = relu(X + B) (cache holds them all).
// Return both convolutions' gradients and dX, using relu_backward and your 18.3 / 18.4.
// The trap: X reached Y by two paths.
ResidualGrads residual_backward(const ResidualBlock& block, Shape3 in, const ResidualCache& cache, const Matrix& dY) {
    throw NotImplemented("18.10");
}

}  // namespace course::convolutional
