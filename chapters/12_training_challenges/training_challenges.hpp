// Chapter 12 — why training is hard: local minima, saddle points, vanishing and exploding gradients,
// initialization, gradient clipping, residual connections, and the checks that debug a model.
//
// Notation (README): ℒ is the loss; L the smoothness constant; ℓ a layer index and D the number of
// layers (W¹ … Wᴰ in the README, layers[0] … layers[D − 1] here); η the learning rate; H the Hessian
// with eigenvalues λ_min ≤ λ_max. A gradient is d + what it is the gradient of: dW is ∂ℒ/∂W.
//
// The exercises are the tools a practitioner reaches for when training misbehaves: classify a critical
// point, predict how long gradient descent lingers at a saddle, backpropagate through a deep (optionally
// residual) network to see where its gradient goes, initialize it so that it does not vanish, clip a
// gradient that explodes, and the four sanity checks of a run (initial loss, update/weight ratio, the
// shape of the curves). The given code (landscapes.cpp, deep_network.cpp, training.cpp) runs them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "chapters/06_neural_network/neural_network.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::training_challenges {

using neural_network::Dense;  // W: in×out, b: 1×out, Z = X·W + b

// ---- 1. landscapes in two dimensions ------------------------------------------------------------------
struct Vec2 {
    double x = 0.0, y = 0.0;
};
// A symmetric 2×2 matrix [[xx, xy], [xy, yy]]: the Hessian of f(x, y).
struct Hessian2 {
    double xx = 0.0, xy = 0.0, yy = 0.0;
};
struct Eigen2 {
    double min = 0.0, max = 0.0;  // λ_min ≤ λ_max
};
enum class CriticalPoint { minimum, maximum, saddle, degenerate };

// ---- 2. a deep fully connected network ------------------------------------------------------------------
enum class Activation { tanh, sigmoid, relu };
// layers[ℓ] maps h[ℓ] to z[ℓ] = h[ℓ]·W + b. Hidden layers (all but the last) apply the activation,
// h[ℓ + 1] = σ(z[ℓ]), or with a residual connection h[ℓ + 1] = h[ℓ] + σ(z[ℓ]) where the layer is square
// (has_skip). The last layer is linear: its output z[D − 1] = h[D] is the logits.
struct DeepNet {
    std::vector<Dense> layers;
    Activation activation = Activation::tanh;
    bool residual = false;
};
// What the forward pass computed: h[0] = X, z[ℓ] for each layer, h[ℓ + 1] after it (h.back() = output).
struct DeepCache {
    std::vector<Matrix> z, h;
};
// One gradient per layer, shaped like the layer: dW[ℓ] = ∂ℒ/∂W of layers[ℓ], db[ℓ] = ∂ℒ/∂b.
struct Gradients {
    std::vector<Matrix> dW, db;
};

enum class InitScheme {
    zero,            // W = 0
    small,           // W ~ N(0, kSmallStd²)
    large,           // W ~ N(0, kLargeStd²)
    xavier_uniform,  // torch.nn.init.xavier_uniform_: U(−a, a), a = √(6/(fan_in + fan_out))
    xavier_normal,   // torch.nn.init.xavier_normal_:  N(0, 2/(fan_in + fan_out))
    he_normal,       // torch.nn.init.kaiming_normal_(nonlinearity='relu'), fan_in mode: N(0, 2/fan_in)
};
inline constexpr double kSmallStd = 0.01;
inline constexpr double kLargeStd = 1.0;

// ---- 3. debugging a run ------------------------------------------------------------------------------------
// The update/weight ratio ‖Δθ‖/‖θ‖ of one step is healthy in [kRatioLow, kRatioHigh] (about 1e-3).
inline constexpr double kRatioLow = 1e-4;
inline constexpr double kRatioHigh = 1e-2;
enum class RatioVerdict { too_small, healthy, too_large };

// Losses recorded at regular checks, the first before any step. val_loss may be empty. chance is the
// loss of a model that has learned nothing (exercise 12.7: ln K, or the targets' variance); 0 if unknown.
struct History {
    std::vector<double> train_loss, val_loss;
    double chance = 0.0;
};
enum class Diagnosis { healthy, lr_too_high, not_learning, overfitting, lr_too_low };
// The thresholds of diagnose() (README, section 8 derives each).
struct DiagnosisRules {
    double blow_up = 1.5;       // a training loss above blow_up·ℒ₀ has diverged
    double min_progress = 0.05; // ending above (1 − min_progress)·min(ℒ₀, chance): nothing learned
    double overfit_gap = 0.1;   // validation ending above (1 + overfit_gap)·its minimum is overfitting
    double slow_ratio = 0.5;    // a second half that falls ≥ slow_ratio × the first half's fall: too slow
};

// ---- given (deep_network.cpp) ------------------------------------------------------------------------------
Matrix activate(Activation activation, const Matrix& z);
Matrix activation_derivative(Activation activation, const Matrix& z);  // σ'(z), element-wise
// True when layers[layer] carries a skip connection: net.residual, a hidden layer, and in == out.
bool has_skip(const DeepNet& net, std::size_t layer);
// The forward pass above; fills cache when it is not null. Throws ShapeError if X has the wrong width.
Matrix deep_forward(const DeepNet& net, const Matrix& X, DeepCache* cache = nullptr);
// sizes[0] → sizes[1] → … → sizes.back(), each layer from init_layer (exercise 12.5), drawn in order.
DeepNet make_deep_net(const std::vector<std::size_t>& sizes, Activation activation, InitScheme scheme, Rng& rng,
                      bool residual = false);
// Every dW and db, in the order dW[0], db[0], dW[1], …: the list clip_grad_norm takes.
std::vector<Matrix*> gradient_list(Gradients& grads);
// ‖dW[ℓ]‖ (Frobenius) for each layer.
std::vector<double> layer_gradient_norms(const Gradients& grads);
// Softmax cross-entropy, the mean over the batch's rows, and its gradient with respect to the logits,
// (softmax(logits) − Y)/n. Y is one-hot, the same shape as logits.
double cross_entropy(const Matrix& logits, const Matrix& Y, Matrix* dlogits = nullptr);

// ---- exercises --------------------------------------------------------------------------------------------
// 12.1 The six-hump camel f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y², its gradient and Hessian.
double camel(Vec2 p);
Vec2 camel_gradient(Vec2 p);
Hessian2 camel_hessian(Vec2 p);
// 12.2 The eigenvalues of a symmetric 2×2 matrix (closed form), and what they make of a critical point:
//      degenerate if some |λ| ≤ tol, else minimum (both > 0), maximum (both < 0) or saddle.
Eigen2 eigenvalues(const Hessian2& h);
CriticalPoint classify_critical_point(const Hessian2& h, double tol = 1e-8);
// 12.3 Steps gradient descent needs to carry a perturbation δ along an eigen-direction with λ_min < 0
//      out to distance `radius`: the least k with δ(1 + η|λ_min|)ᵏ ≥ radius (0 if δ ≥ radius).
//      Throws std::invalid_argument unless lr > 0, λ_min < 0, δ > 0 and radius > 0.
std::int64_t predicted_escape_steps(double lr, double lambda_min, double delta, double radius);
// 12.4 Backpropagation through net from dY = ∂ℒ/∂(output): every layer's dW and db, skips included.
Gradients deep_backward(const DeepNet& net, const DeepCache& cache, const Matrix& dY);
// 12.5 One layer fan_in → fan_out (W: fan_in×fan_out, b = 0) initialised by `scheme`, drawn from rng.
Dense init_layer(std::size_t fan_in, std::size_t fan_out, InitScheme scheme, Rng& rng);
// 12.6 torch.nn.utils.clip_grad_norm_ (the L2 norm over all the gradients together; returns it, as
//      measured before clipping) and clip_grad_value_ (every entry into [−clip_value, clip_value]).
//      Both throw std::invalid_argument for a negative bound.
double clip_grad_norm(const std::vector<Matrix*>& grads, double max_norm);
void clip_grad_value(const std::vector<Matrix*>& grads, double clip_value);
// 12.7 The loss an untrained model should start at: ln K for softmax cross-entropy over K classes
//      (K ≥ 1), the targets' variance (mean over columns, divided by n) for the mean squared error.
//      Throw std::invalid_argument for K = 0 or empty targets.
double expected_initial_cross_entropy(std::size_t num_classes);
double expected_initial_mse(const Matrix& targets);
// 12.8 ‖after − before‖/‖before‖ per parameter (0/0 = 0, x/0 = +∞), and its verdict against
//      [kRatioLow, kRatioHigh]. Lists of different lengths: std::invalid_argument; shapes: ShapeError.
std::vector<double> update_to_weight_ratios(const std::vector<Matrix>& before, const std::vector<Matrix>& after);
RatioVerdict judge_update_ratio(double ratio);
// 12.9 What a run's curves say, by the rules of README section 8, checked in this order:
//      lr_too_high, not_learning, overfitting, lr_too_low, else healthy.
Diagnosis diagnose(const History& history, const DiagnosisRules& rules = {});

}  // namespace course::training_challenges
