// Chapter 06 — reference solutions. Same functions, same order as exercises/06_neural_network.cpp.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/06_neural_network/neural_network.hpp"
#include "common/errors.hpp"

namespace course::neural_network {

// Exercise 6.1 — one dense layer on a batch.
//   Z = X·W + b: each row of X is one example; every row gets the same bias row b.
Matrix dense_forward(const Dense& layer, const Matrix& X) {
    if (X.cols() != layer.W.rows())
        throw ShapeError("dense_forward: input " + X.shape() + " does not fit weights " + layer.W.shape());
    Matrix Z(X.rows(), layer.W.cols());
    matmul_into(Z, X, layer.W);
    return add_row_vector(std::move(Z), layer.b);
}

// Exercise 6.2 — tanh, its slope, and the backward step of a tanh layer.
//   tanh'(z) = 1 − tanh²(z): from tanh = sinh/cosh and the quotient rule, (cosh² − sinh²)/cosh² = 1 − tanh².
//   Written with h = tanh(z) it is 1 − h², so the backward step needs only the forward pass's output:
//   dz = dh ⊙ (1 − h²), and z itself need not be kept.
Matrix tanh_activation(const Matrix& z) {
    Matrix h = z;
    for (std::size_t i = 0; i < h.size(); ++i) h.data()[i] = std::tanh(h.data()[i]);
    return h;
}

double tanh_derivative(double z) {
    const double t = std::tanh(z);
    return 1.0 - t * t;
}

Matrix tanh_backward(const Matrix& h, const Matrix& dh) {
    if (!h.same_shape(dh))
        throw ShapeError("tanh_backward: saved output h " + h.shape() + " and gradient dh " + dh.shape() + " differ");
    Matrix dz = dh;
    for (std::size_t i = 0; i < dz.size(); ++i) dz.data()[i] *= 1.0 - h.data()[i] * h.data()[i];
    return dz;
}

// Exercise 6.3 — Xavier/Glorot initialisation of a fan_in → fan_out layer.
//   Var(w) = 2/(fan_in + fan_out), the compromise between keeping the forward variance
//   (fan_in·Var(w) = 1) and the backward variance (fan_out·Var(w) = 1).
Dense init_dense(std::size_t fan_in, std::size_t fan_out, Rng& rng) {
    const double stddev = std::sqrt(2.0 / static_cast<double>(fan_in + fan_out));
    Dense layer{Matrix(fan_in, fan_out), Matrix(1, fan_out)};
    for (std::size_t i = 0; i < fan_in; ++i)
        for (std::size_t j = 0; j < fan_out; ++j) layer.W(i, j) = rng.normal(0.0, stddev);
    return layer;
}

// Exercise 6.4 — the forward pass of the whole network.
//   h⁰ = X; zˡ = hˡ·Wˡ + bˡ; hˡ⁺¹ = tanh(zˡ) for hidden layers, zˡ itself for the output layer.
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

// Exercise 6.5 — what the network costs.
//   Per layer: in·out weights and out biases. A forward pass spends a multiply and an add on every weight
//   for every example, and an add on every bias: about 2 FLOPs per parameter per example. The backward
//   pass needs each layer's input hˡ⁻¹ (for dWˡ = (hˡ⁻¹)ᵀδˡ, and as tanh's output for 1 − h²); the
//   output goes to the loss.
std::size_t parameter_count(const Network& network) {
    std::size_t count = 0;
    for (const Dense& layer : network.layers) count += layer.W.size() + layer.b.size();
    return count;
}

ForwardCost forward_cost(const std::vector<std::size_t>& sizes, std::size_t batch_size) {
    if (sizes.size() < 2) throw std::invalid_argument("forward_cost: need at least an input and an output size");
    for (const std::size_t size : sizes)
        if (size == 0) throw std::invalid_argument("forward_cost: a layer of size 0");
    ForwardCost cost;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        const std::size_t in = sizes[l], out = sizes[l + 1];
        cost.parameters += in * out + out;
        cost.flops += batch_size * (2 * in * out + out);
        cost.saved_for_backward += batch_size * in;
    }
    return cost;
}

// Exercise 6.6 — the variance argument, measured.
//   zₖ = Σᵢ xᵢWᵢₖ: fan_in independent terms of mean 0 (the weights have mean 0) and variance E[x²]·σ_w², so
//   Var(z) = fan_in·σ_w²·E[x²] and std(z) = σ_w·√fan_in·rms(x). The inputs' second moment, not their
//   variance, is what enters: a mean in x does not cancel once it is multiplied by random weights.
std::vector<double> preactivation_stds(const Network& network, const Matrix& X) {
    ForwardCache cache;
    forward(network, X, &cache);
    std::vector<double> stds;
    for (const Matrix& z : cache.z) {
        const double count = static_cast<double>(z.size());
        double mean = 0;
        for (const double v : z.values()) mean += v / count;
        double variance = 0;
        for (const double v : z.values()) variance += (v - mean) * (v - mean) / count;
        stds.push_back(std::sqrt(variance));
    }
    return stds;
}

double predicted_preactivation_std(std::size_t fan_in, double weight_std, double input_rms) {
    return weight_std * std::sqrt(static_cast<double>(fan_in)) * input_rms;
}

}  // namespace course::neural_network
