// Chapter 06 — the neural network. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=06`. Stuck? `make hint EX=6.1`. The README derives the math.
#include <cmath>
#include <string>

#include "chapters/06_neural_network/neural_network.hpp"
#include "common/errors.hpp"

namespace course::neural_network {

// Exercise 6.1 — one dense layer on a batch.
//   Z = X·W + b       X: n×in, W: in×out, b: 1×out added to every row → Z: n×out
// matmul() and add_row_vector() from common/matrix.hpp do the work. If X.cols() != W.rows(), throw
// course::ShapeError with both shapes in the message (Matrix::shape() prints them).
Matrix dense_forward(const Dense& layer, const Matrix& X) {
    throw NotImplemented("6.1");
}

// Exercise 6.2 — the activation and its slope.
//   tanh(z) = (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ)        tanh'(z) = 1 − tanh²(z)
// Element-wise for matrices; std::tanh does the first.
Matrix tanh_activation(const Matrix& z) {
    throw NotImplemented("6.2");
}

double tanh_derivative(double z) {
    throw NotImplemented("6.2");
}

Matrix tanh_derivative(const Matrix& z) {
    throw NotImplemented("6.2");
}

// Exercise 6.3 — Xavier/Glorot initialisation of a fan_in → fan_out layer.
//   W (fan_in×fan_out) with every entry ~ N(0, σ²),  σ = sqrt(2 / (fan_in + fan_out));   b = 0 (1×fan_out)
// Draw the entries row by row with rng.normal(0.0, σ).
Dense init_dense(std::size_t fan_in, std::size_t fan_out, Rng& rng) {
    throw NotImplemented("6.3");
}

// Exercise 6.4 — the forward pass of the whole network.
//   h⁰ = X;   zˡ = dense_forward(layer l, hˡ);   hˡ⁺¹ = tanh(zˡ), except the last layer: hᴸ = zᴸ⁻¹
// When cache is not null, fill it: cache->h starts with X and gets every hˡ⁺¹, cache->z gets every zˡ
// (clear what was there before). Return the last h.
Matrix forward(const Network& network, const Matrix& X, ForwardCache* cache) {
    throw NotImplemented("6.4");
}

// Exercise 6.5 — the number of trainable parameters: Σ over layers of (entries of W + entries of b).
std::size_t parameter_count(const Network& network) {
    throw NotImplemented("6.5");
}

}  // namespace course::neural_network
