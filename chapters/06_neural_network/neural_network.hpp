// Chapter 06 — the neural network: a multilayer perceptron 1024 → 32 → 16 → 8 → 2.
//
// A dense layer maps a batch X (n×in, one example per row) to
//
//     Z = X·W + b        W: in×out,  b: 1×out added to every row ("broadcast")
//
// and a hidden layer follows it with H = tanh(Z), element-wise. The output layer stays linear: its two
// numbers are the normalised yaw and pitch, which may be any real number. Written out for our network,
// with h⁰ = X:
//
//     z¹ = h⁰W¹ + b¹, h¹ = tanh(z¹)   (32)       z³ = h²W³ + b³, h³ = tanh(z³)   (8)
//     z² = h¹W² + b², h² = tanh(z²)   (16)       z⁴ = h³W⁴ + b⁴, ŷ = h⁴ = z⁴      (2)
//
// Parameters: Σₗ (inₗ·outₗ + outₗ) = 32,800 + 528 + 136 + 18 = 33,482.
// Initialisation (Glorot & Bengio, 2010): Var(w) = 2 / (fan_in + fan_out) keeps the variance of the
// activations and of the gradients about the same from layer to layer (README, section 4).
// Gradients (chapter 08) are named d + what they are the gradient of: dW is ∂ℒ/∂W, with ℒ the loss.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::neural_network {

struct Dense {
    Matrix W;  // in×out
    Matrix b;  // 1×out
};

struct Network {
    std::vector<Dense> layers;  // layers[l] maps sizes[l] → sizes[l + 1]; all but the last use tanh
};

// The values a forward pass computed, for backpropagation (chapter 08) and for looking inside:
// h[0] = X, and for layer l: z[l] = h[l]·W + b, h[l + 1] = tanh(z[l]) (hidden) or z[l] (output).
// So z has one entry per layer and h one more; h.back() is the network's output.
struct ForwardCache {
    std::vector<Matrix> z, h;
};

enum class Init {
    xavier,  // Glorot normal: w ~ N(0, 2/(fan_in + fan_out)), b = 0 — the default, right for tanh
    zero,    // every weight 0: shows why symmetry must be broken
    large,   // w ~ N(0, large_std²): shows saturation (tanh stuck at ±1, tanh' ≈ 0)
};

struct InitOptions {
    Init scheme = Init::xavier;
    double large_std = 1.0;
};

// The course's architecture.
inline const std::vector<std::size_t> kFaceNetworkSizes{1024, 32, 16, 8, 2};

// ---- given (network.cpp) -------------------------------------------------------------------------------
// A network with layers sizes[0] → sizes[1] → … → sizes.back(), initialised by options.scheme (the
// Xavier case calls init_dense, exercise 6.3). Throws std::invalid_argument for fewer than two sizes or
// a zero size. Layers are drawn in order from rng, so a seed gives the same network everywhere.
Network make_network(const std::vector<std::size_t>& sizes, Rng& rng, InitOptions options = {});
// "1024 → 32 → 16 → 8 → 2"
std::string describe(const Network& network);

// ---- exercises -------------------------------------------------------------------------------------------
// 6.1 One dense layer: Z = X·W + b, b added to every row. Throws course::ShapeError if X has not W.rows()
//     columns (the message names both shapes).
Matrix dense_forward(const Dense& layer, const Matrix& X);
// 6.2 tanh, element-wise; its slope tanh'(z); and a tanh layer's backward step from the output h = tanh(z)
//     that the forward pass saved: given dh = ∂ℒ/∂h, return dz = ∂ℒ/∂z (README, section 2). tanh_backward
//     throws course::ShapeError if h and dh differ in shape.
Matrix tanh_activation(const Matrix& z);
double tanh_derivative(double z);
Matrix tanh_backward(const Matrix& h, const Matrix& dh);
// 6.3 A layer fan_in → fan_out with W ~ N(0, 2/(fan_in + fan_out)) drawn row by row from rng, b = 0.
Dense init_dense(std::size_t fan_in, std::size_t fan_out, Rng& rng);
// 6.4 The whole network on a batch X (n×sizes[0]) → n×sizes.back(); fills cache when it is not null.
Matrix forward(const Network& network, const Matrix& X, ForwardCache* cache = nullptr);
// 6.5 What the network costs (README, section 3): how many numbers training adjusts (Σ over layers of
//     W's and b's entries), and for a network of the given sizes and a batch of batch_size examples, the
//     floating-point operations of one forward pass and the numbers backpropagation must keep from it.
//     forward_cost throws std::invalid_argument for fewer than two sizes or a zero size.
struct ForwardCost {
    std::size_t parameters = 0;          // Σₗ (inₗ·outₗ + outₗ), whatever the batch
    std::size_t flops = 0;               // a multiply and an add per weight and example, an add per bias and
                                         // example; tanh is not counted
    std::size_t saved_for_backward = 0;  // the input hˡ⁻¹ of every layer, for every example of the batch
};
std::size_t parameter_count(const Network& network);
ForwardCost forward_cost(const std::vector<std::size_t>& sizes, std::size_t batch_size);
// 6.6 The variance argument, measured (README, section 4). preactivation_stds: for a batch X, the standard
//     deviation of all entries of each layer's zˡ pooled together (population form), one per layer, from
//     a forward pass. predicted_preactivation_std: the std of z = x·W that the variance argument predicts
//     for fan_in inputs of root mean square input_rms and independent zero-mean weights of std weight_std
//     (biases 0).
std::vector<double> preactivation_stds(const Network& network, const Matrix& X);
double predicted_preactivation_std(std::size_t fan_in, double weight_std, double input_rms);

}  // namespace course::neural_network
