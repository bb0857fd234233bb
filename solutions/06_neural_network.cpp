// Chapter 06 — reference solutions. Same functions, same order as exercises/06_neural_network.cpp.
#include <cmath>
#include <string>

#include "chapters/06_neural_network/neural_network.hpp"
#include "common/errors.hpp"

namespace course::neural_network {

// 6.1 Z = X·W + b: each row of X is one example; every row gets the same bias row b.
Matrix dense_forward(const Dense& layer, const Matrix& X) {
    if (X.cols() != layer.W.rows())
        throw ShapeError("dense_forward: input " + X.shape() + " does not fit weights " + layer.W.shape());
    Matrix Z(X.rows(), layer.W.cols());
    matmul_into(Z, X, layer.W);
    return add_row_vector(std::move(Z), layer.b);
}

// 6.2 tanh'(z) = 1 − tanh²(z): from tanh = sinh/cosh and the quotient rule,
//     (cosh² − sinh²)/cosh² = 1 − tanh².
Matrix tanh_activation(const Matrix& z) {
    Matrix h = z;
    for (std::size_t i = 0; i < h.size(); ++i) h.data()[i] = std::tanh(h.data()[i]);
    return h;
}

double tanh_derivative(double z) {
    const double t = std::tanh(z);
    return 1.0 - t * t;
}

Matrix tanh_derivative(const Matrix& z) {
    Matrix d = z;
    for (std::size_t i = 0; i < d.size(); ++i) d.data()[i] = tanh_derivative(d.data()[i]);
    return d;
}

// 6.3 Glorot: Var(w) = 2/(fan_in + fan_out), the compromise between keeping the forward variance
//     (fan_in·Var(w) = 1) and the backward variance (fan_out·Var(w) = 1).
Dense init_dense(std::size_t fan_in, std::size_t fan_out, Rng& rng) {
    const double stddev = std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
    Dense layer{Matrix(fan_in, fan_out), Matrix(1, fan_out)};
    for (std::size_t i = 0; i < fan_in; ++i)
        for (std::size_t j = 0; j < fan_out; ++j) layer.W(i, j) = rng.normal(0.0, stddev);
    return layer;
}

// 6.4 h⁰ = X; zˡ = hˡ·Wˡ + bˡ; hˡ⁺¹ = tanh(zˡ) for hidden layers, zˡ itself for the output layer.
Matrix forward(const Network& network, const Matrix& X, ForwardCache* cache) {
    if (cache) {
        cache->z.clear();
        cache->h.assign(1, X);
    }
    Matrix h = X;
    for (std::size_t l = 0; l < network.layers.size(); ++l) {
        Matrix z = dense_forward(network.layers[l], h);
        const bool output_layer = l + 1 == network.layers.size();
        h = output_layer ? z : tanh_activation(z);
        if (cache) {
            cache->z.push_back(std::move(z));
            cache->h.push_back(h);
        }
    }
    return h;
}

// 6.5
std::size_t parameter_count(const Network& network) {
    std::size_t count = 0;
    for (const Dense& layer : network.layers) count += layer.W.size() + layer.b.size();
    return count;
}

}  // namespace course::neural_network
