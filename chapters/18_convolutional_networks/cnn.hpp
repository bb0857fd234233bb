// Chapter 18, given code: a small convolutional network for 28 × 28 grey images, trained through the
// course's one loop (chapter 08's fit) with chapter 10's optimizers.
//
//   conv 3×3 (1 → c₁, padding 1) → BatchNorm2d → ReLU → max-pool 2        28×28 → c₁×14×14
//   [residual block: conv 3×3 → ReLU → conv 3×3, + skip, ReLU]             (the --arch residual variant)
//   conv 3×3 (c₁ → c₂, padding 1) → BatchNorm2d → ReLU → max-pool 2        → c₂×7×7
//   dropout (p) → dense (c₂·49 → classes) → softmax cross-entropy
//
// The convolutions run as im2col + matmul (conv2d_forward_fast), pooling and batch norm through the
// exercises 18.6, 18.8 and 18.9, dropout through chapter 13's 13.3 and 13.4. Every buffer is a member, shaped on the first batch and reused, so a
// training step allocates nothing; evaluation runs in chunks of at most kEvalChunk images.
// A small MLP (784 → hidden → classes, ReLU) with the same loss is the baseline the curves compare with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/10_optimizers/optimizers.hpp"
#include "chapters/12_training_challenges/training_challenges.hpp"
#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::convolutional {

using backpropagation::Dataset;  // X: N × 784 pixels in [0, 1]; Y: N × classes, one-hot

// The loss is chapter 12's cross_entropy(logits, Y, &dlogits): the mean softmax cross-entropy against
// one-hot targets, stable (each row shifted by its maximum), with dlogits = (softmax(Z) − Y)/N.
using training_challenges::cross_entropy;
// The share of rows whose largest logit is at the target's 1.
double accuracy(const Matrix& Z, const Matrix& Y);

struct CnnConfig {
    Shape3 input{1, 28, 28};
    std::size_t classes = 10;
    std::size_t channels1 = 16;
    std::size_t channels2 = 32;
    bool residual = false;
    double dropout = 0.0;  // before the dense layer
};

struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};

class Cnn {
public:
    static constexpr std::size_t kEvalChunk = 128;

    Cnn(const CnnConfig& config, std::uint64_t seed);

    // Training mode on one batch: returns the mean loss and fills every gradient (dropout drawn from
    // the model's own generator, batch statistics in the batch norms, running statistics updated).
    double loss_and_gradients(const Matrix& X, const Matrix& Y);
    // Evaluation mode (running statistics, no dropout) over a whole set.
    Evaluation evaluate(const Dataset& data);
    // θ ← θ − η·dθ on every parameter.
    void sgd_step(double lr);
    // (value, gradient) pairs for chapter 10's optimizers, built once.
    const optimizers::ParameterList& parameters() const { return params_; }
    std::size_t parameter_count() const;

    // For the figures: the first layer's filters, and its feature maps (after BN and ReLU, eval mode)
    // on one image: c₁ maps of 28 × 28, one per row of the result.
    const Conv2d& first_layer() const { return conv1_; }
    Matrix first_feature_maps(const Matrix& image);
    const CnnConfig& config() const { return config_; }
    // Evaluation-mode forward pass: the logits of X (a reference into the model, valid until the next call).
    const Matrix& forward_eval(const Matrix& X);

private:
    CnnConfig config_;
    Shape3 s1_, p1_, s2_, p2_;  // after conv1, pool1, conv2, pool2
    PoolSpec pool_{2, 2};
    Conv2d conv1_, conv2_, res_a_, res_b_;
    BatchNorm2d bn1_, bn2_;
    Matrix dense_w_, dense_b_;
    ConvGrads g_conv1_, g_conv2_, g_res_a_, g_res_b_;
    Matrix g_gamma1_, g_beta1_, g_gamma2_, g_beta2_, g_dense_w_, g_dense_b_;
    optimizers::ParameterList params_;
    Rng rng_;

    // The forward pass's activations. Training and evaluation keep separate sets: a batch of 64 and an
    // evaluation chunk of 128 would otherwise regrow (and so zero-fill) every buffer at every switch.
    struct Activations {
        ConvWorkspace ws1, ws2, ws_a, ws_b;  // one per layer, for the same reason
        std::vector<std::size_t> arg1, arg2;
        Matrix c1, b1, r1, q1, ra, rh, rb, rs, rout, c2, b2, r2, q2, logits;
    };
    // Runs the layers on X; batch norm in training mode (updating its caches) or evaluation mode.
    const Matrix& forward(const Matrix& X, bool training, Activations& a);

    Activations train_, eval_;
    BatchNormCache bn1_cache_, bn2_cache_;
    Matrix mask_, drop_, dlogits_, eval_dlogits_;
    Matrix d_drop_, d_q2_, d_r2_, d_b2_, d_c2_, d_rout_, d_rh_, d_ra_, d_tmp_, d_q1_, d_r1_, d_b1_, d_c1_;
    Matrix chunk_x_, chunk_y_;
};

// The baseline: 784 → hidden (ReLU) → classes, He-normal weights, the same loss.
class Mlp {
public:
    Mlp(std::size_t inputs, std::size_t hidden, std::size_t classes, std::uint64_t seed);
    double loss_and_gradients(const Matrix& X, const Matrix& Y);
    Evaluation evaluate(const Dataset& data);
    void sgd_step(double lr);
    const optimizers::ParameterList& parameters() const { return params_; }

private:
    Matrix w1_, b1_, w2_, b2_, dw1_, db1_, dw2_, db2_;
    Matrix z1_, h1_, logits_, dlogits_, dh1_;
    optimizers::ParameterList params_;
};

}  // namespace course::convolutional
