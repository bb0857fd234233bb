// Chapter 18 — convolutional networks. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=18`. Stuck? `make hint EX=18.2` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/18_convolutional_networks/convolutional.hpp)
// defines the layout (NCHW rows) and the types. The given shape helpers conv_output_shape and
// pool_output_shape call your 18.1, so do 18.1 first; 18.10 calls your 18.3 and 18.4.
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "common/errors.hpp"

namespace course::convolutional {

// Exercise 18.1 — the output size of a sliding window (README, section 2).
// A window of k moved by s over n inputs padded by p on both sides fits ⌊(n + 2p − k)/s⌋ + 1 times.
// Throws std::invalid_argument when kernel = 0, stride = 0 or kernel > input + 2·padding (careful:
// std::size_t cannot go negative, so check before you subtract).
std::size_t conv_output_size(std::size_t input, std::size_t kernel, std::size_t stride, std::size_t padding) {
    throw NotImplemented("18.1");
}

// Exercise 18.2 — conv2d forward by direct loops (README, sections 1-2).
//   Y[n, f, i, j] = b[f] + Σ_c Σ_u Σ_v W[f, (c·k + u)·k + v] · X[n, c, s·i + u − p, s·j + v − p]
// with X = 0 outside the image. A cross-correlation, like torch.nn.Conv2d: do NOT flip the kernel.
// X is N × (C·H·W); return N × (F·Ho·Wo), each row in NCHW order. conv_output_shape(in, layer.spec)
// gives (F, Ho, Wo) and checks the channels.
Matrix conv2d_forward(const Matrix& X, Shape3 in, const Conv2d& layer) {
    throw NotImplemented("18.2");
}

// Exercise 18.3 — conv2d backward to the input (README, section 3).
// dX[n, c, r, q] = Σ dY[n, f, i, j]·W[f, c, u, v] over every (f, i, j, u, v) whose window put W[f, c, u, v]
// on X[n, c, r, q] (r = s·i + u − p, q = s·j + v − p). dY is N × (F·Ho·Wo); return N × (C·H·W).
Matrix conv2d_backward_input(const Matrix& dY, Shape3 in, const Conv2d& layer) {
    throw NotImplemented("18.3");
}

// Exercise 18.4 — conv2d backward to the weights and bias (README, section 3).
// dW[f, c, u, v] = Σ_n Σ_i Σ_j dY[n, f, i, j]·X[n, c, s·i + u − p, s·j + v − p],  db[f] = Σ_n Σ_i Σ_j dY[n, f, i, j].
// Return dweight (F × C·k·k) and dbias (1 × F), summed over the batch.
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
void im2col(const double* image, Shape3 in, const ConvSpec& spec, Matrix& cols) {
    throw NotImplemented("18.5");
}

void col2im(const Matrix& cols, Shape3 in, const ConvSpec& spec, double* image) {
    throw NotImplemented("18.5");
}

// Exercise 18.6 — max pooling (README, section 5).
// Forward: Y (N × C·Ho·Wo, use Y.resize) holds each window's maximum; argmax (N·C·Ho·Wo entries, output
// (n, o) at n·(C·Ho·Wo) + o) the index of the winner within its example's row. Ties: the FIRST maximum
// in row-by-row window order wins. pool_output_shape(in, spec) gives (C, Ho, Wo).
// Backward: dX (N × C·H·W) is zero except that each dY entry is ADDED at its argmax.
void max_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y,
                      std::vector<std::size_t>& argmax) {
    throw NotImplemented("18.6");
}

void max_pool_backward(const Matrix& dY, const std::vector<std::size_t>& argmax, Shape3 in, const PoolSpec& spec,
                       Matrix& dX) {
    throw NotImplemented("18.6");
}

// Exercise 18.7 — average pooling (README, section 5).
// Forward: the mean of each k × k window. Backward: each dY entry spread as dY/k² over its window,
// overlapping windows adding up; dX has X's shape.
void avg_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y) {
    throw NotImplemented("18.7");
}

void avg_pool_backward(const Matrix& dY, Shape3 in, const PoolSpec& spec, Matrix& dX) {
    throw NotImplemented("18.7");
}

// Exercise 18.8 — BatchNorm2d forward in training mode (README, section 6).
// Per channel c, over its M = N·H·W values: μ, the BIASED variance σ² = Σ(x − μ)²/M,
// x̂ = (x − μ)/√(σ² + eps), Y = γ[c]·x̂ + β[c]. Keep x̂, μ and 1/√(σ² + eps) in cache (resize them).
// Then running_mean ← (1 − momentum)·running_mean + momentum·μ and
//      running_var  ← (1 − momentum)·running_var  + momentum·σ²·M/(M − 1)   (UNBIASED, as torch).
// Throws std::invalid_argument when M < 2.
void batchnorm2d_forward_train(const Matrix& X, Shape3 in, BatchNorm2d& bn, Matrix& Y, BatchNormCache& cache) {
    throw NotImplemented("18.8");
}

// Exercise 18.9 — BatchNorm2d backward (README, section 6).
//   dbeta[c] = Σ dY,  dgamma[c] = Σ dY·x̂,  and with dx̂ = γ·dY and means over the channel's M values,
//   dX = (1/√(σ² + eps))·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂)).
void batchnorm2d_backward(const Matrix& dY, Shape3 in, const BatchNorm2d& bn, const BatchNormCache& cache,
                          Matrix& dX, Matrix& dgamma, Matrix& dbeta) {
    throw NotImplemented("18.9");
}

// Exercise 18.10 — a residual block's backward pass (README, section 7).
// The forward pass was A = conv1(X), H = relu(A), B = conv2(H), Y = relu(X + B) (cache holds them all).
// Go back through it with relu_backward and your 18.3 / 18.4; remember that X reached Y by two paths.
ResidualGrads residual_backward(const ResidualBlock& block, Shape3 in, const ResidualCache& cache, const Matrix& dY) {
    throw NotImplemented("18.10");
}

}  // namespace course::convolutional
