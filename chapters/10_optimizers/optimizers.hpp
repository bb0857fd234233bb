// Chapter 10 — the optimizers: SGD with momentum and Nesterov, Adagrad, Adadelta, RMSprop, Adam, AdamW,
// Adamax and NAdam, each exactly as torch.optim computes it (torch ≥ 2.0 code), with its parameter names
// and defaults, so that a run here and a run in PyTorch agree to rounding.
//
// One interface for all of them, whatever the model: a list of parameters, each a value matrix θ that
// the optimizer updates in place and the gradient matrix dθ = ∂ℒ/∂θ (ℒ the loss) that the caller's backward pass
// filled. A step reads the gradients, updates its own state (moving averages, step count) and moves θ:
//
//     ParameterList params{{&W, &dW}, {&b, &db}};           // or parameters_of(vars) for autodiff
//     AdamState state;                                      // empty: buffers appear on the first step
//     for (...) { compute dW, db; adam_step(params, state, {.lr = 1e-3, .amsgrad = true}); }
//
// Hyperparameters are option structs in PyTorch's signature order, so a call reads like PyTorch:
// `sgd_step(params, state, {.lr = 0.1, .momentum = 0.9, .nesterov = true})` is
// `torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True)`. State buffers are allocated on the
// first step (prepare_buffers) and reused after, so a step allocates nothing.
//
// Notation (README): g = ∂ℒ/∂θ for one entry (ℒ the loss), t = the step number from 1, λ = weight_decay.
//
// This file is the contract of the exercises. Picking one of the eight by name and running it as one
// object (make_options("adam", …), the Optimizer that the playground and later chapters train with) is
// given code in any_optimizer.hpp, which includes this file; no exercise needs it.
#pragma once

#include <cstdint>
#include <vector>

#include "common/autodiff.hpp"
#include "common/matrix.hpp"

namespace course::optimizers {

// One tensor that training adjusts, and its gradient (same shape). The optimizer owns neither.
struct Parameter {
    Matrix* value = nullptr;       // θ, updated in place
    const Matrix* grad = nullptr;  // dθ = ∂ℒ/∂θ, read only
};
using ParameterList = std::vector<Parameter>;

// ---- hyperparameters: torch.optim's names, order and defaults --------------------------------------
struct SgdOptions {
    double lr = 1e-3;  // torch ≥ 2.2 defaults to 1e-3 (earlier releases made lr a required argument)
    double momentum = 0.0;
    double dampening = 0.0;
    double weight_decay = 0.0;  // L2: g ← g + λθ
    bool nesterov = false;      // needs momentum > 0 and dampening = 0
};
struct AdagradOptions {
    double lr = 0.01;
    double lr_decay = 0.0;  // the step size is lr / (1 + (t − 1)·lr_decay)
    double weight_decay = 0.0;
    double initial_accumulator_value = 0.0;
    double eps = 1e-10;
};
struct AdadeltaOptions {
    double lr = 1.0;
    double rho = 0.9;
    double eps = 1e-6;
    double weight_decay = 0.0;
};
struct RmspropOptions {
    double lr = 0.01;
    double alpha = 0.99;  // the decay of the moving average of g²
    double eps = 1e-8;
    double weight_decay = 0.0;
    double momentum = 0.0;
    bool centered = false;  // divide by an estimate of the standard deviation of g instead of its RMS
};
struct Betas {
    double beta1 = 0.9;    // decay of the first moment m (the momentum)
    double beta2 = 0.999;  // decay of the second moment v (or of Adamax's infinity norm u)
};
struct AdamOptions {
    double lr = 1e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 0.0;  // L2, through the gradient (AdamW decouples it)
    bool amsgrad = false;
};
struct AdamWOptions {
    double lr = 1e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 1e-2;  // decoupled: θ ← θ·(1 − lr·λ) before the Adam step
    bool amsgrad = false;
};
struct AdamaxOptions {
    double lr = 2e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 0.0;
};
struct NAdamOptions {
    double lr = 2e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 0.0;
    double momentum_decay = 4e-3;  // ψ in μₜ = β₁(1 − ½·0.96^(tψ))
};

// ---- state: one buffer per parameter, shaped like it, empty until the first step -----------------------
struct SgdState {
    std::int64_t step = 0;
    std::vector<Matrix> momentum_buffer;  // b; only with momentum ≠ 0
};
struct AdagradState {
    std::int64_t step = 0;
    std::vector<Matrix> sum;  // Σ g² so far (plus initial_accumulator_value)
};
struct AdadeltaState {
    std::int64_t step = 0;
    std::vector<Matrix> square_avg, acc_delta;  // moving averages of g² and of the updates Δ²
};
struct RmspropState {
    std::int64_t step = 0;
    std::vector<Matrix> square_avg;       // moving average of g²
    std::vector<Matrix> momentum_buffer;  // only with momentum > 0
    std::vector<Matrix> grad_avg;         // moving average of g; only when centered
};
struct AdamState {
    std::int64_t step = 0;
    std::vector<Matrix> exp_avg;         // m: moving average of g
    std::vector<Matrix> exp_avg_sq;      // v: moving average of g²
    std::vector<Matrix> max_exp_avg_sq;  // running max of v (AMSGrad only)
};
struct AdamaxState {
    std::int64_t step = 0;
    std::vector<Matrix> exp_avg, exp_inf;  // m, and u = max(β₂u, |g| + eps)
};
struct NAdamState {
    std::int64_t step = 0;
    double mu_product = 1.0;  // μ₁·μ₂·…·μₜ, in double, each μₜ multiplied in once
    std::vector<Matrix> exp_avg, exp_avg_sq;
};

// ---- given (parameters.cpp) --------------------------------------------------------------------------
// Throws std::invalid_argument (a null pointer) or course::ShapeError (value and grad differ), naming
// `who` and the parameter's index.
void check_parameters(const ParameterList& params, const char* who);
// Checks params, then: the first time (buffers empty) makes one buffer per parameter, shaped like it and
// filled with `fill`, and returns true; afterwards checks that the same shapes came back (ShapeError
// otherwise) and returns false. The only allocation an optimizer makes.
bool prepare_buffers(std::vector<Matrix>& buffers, const ParameterList& params, const char* who,
                     double fill = 0.0);
// The parameters of an autodiff model: {&v.value(), &v.grad()} for each.
ParameterList parameters_of(std::vector<Var>& parameters);

// ---- exercises (README section in brackets; exercises.md has the hints) --------------------------------
// 10.1 SGD with momentum, dampening, L2 weight decay and Nesterov, as torch.optim.SGD [3]. Without
//      momentum there is no buffer; the momentum buffer starts as the first gradient, undamped.
void sgd_step(const ParameterList& params, SgdState& state, const SgdOptions& options);
//      Nesterov's step direction in PyTorch's form, from the gradient g and the momentum buffer b already
//      updated with g [3, "Nesterov's look-ahead"]; sgd_step uses it when options.nesterov.
double nesterov_direction(double grad, double buffer, double momentum);
// 10.2 The heavy ball on a quadratic [3, "The theory of momentum"]. Along an eigenvector of curvature λ
//      the error follows eₜ₊₁ = (1 + β − αλ)eₜ − βeₜ₋₁ (α = lr, β = momentum); the rate per step is the
//      largest modulus of the roots of z² − (1 + β − αλ)z + β.
double heavy_ball_rate(double lr, double momentum, double curvature);
//      The (α, β) that minimise the worst rate over curvatures in [μ, L] = [lambda_min, lambda_max], and
//      that rate. Throws std::invalid_argument unless 0 < lambda_min ≤ lambda_max < ∞.
struct HeavyBallTuning {
    double lr = 0.0, momentum = 0.0, rate = 0.0;
};
HeavyBallTuning optimal_heavy_ball(double lambda_min, double lambda_max);
// 10.3 Adagrad, as torch.optim.Adagrad [4].
void adagrad_step(const ParameterList& params, AdagradState& state, const AdagradOptions& options);
// 10.4 RMSprop with momentum and the centred variant, as torch.optim.RMSprop [4].
void rmsprop_step(const ParameterList& params, RmspropState& state, const RmspropOptions& options);
// 10.5 The bias correction of a moving average started at 0 [5]: the total weight 1 − βᵗ that t steps of
//      m ← βm + (1 − β)x put on the x's (t ≥ 1) …
double bias_correction(double beta, std::int64_t step);
//      … and the bias-corrected moving average of a series: entry t − 1 is mₜ/(1 − βᵗ), with m₀ = 0 (what
//      figure 14 draws as the "smoothed" loss). Empty in, empty out; throws std::invalid_argument unless
//      0 ≤ β < 1.
std::vector<double> debiased_moving_average(const std::vector<double>& values, double beta);
// 10.6 Adam, with L2 weight decay and AMSGrad, as torch.optim.Adam [5].
void adam_step(const ParameterList& params, AdamState& state, const AdamOptions& options);
// 10.7 AdamW: decoupled weight decay, then the Adam step, as torch.optim.AdamW [6].
void adamw_step(const ParameterList& params, AdamState& state, const AdamWOptions& options);
// 10.8 NAdam: Adam with Nesterov's look-ahead and a momentum schedule, as torch.optim.NAdam (torch ≥ 2.0:
//      state.mu_product holds μ₁·…·μₜ, each μ multiplied in once) [5].
void nadam_step(const ParameterList& params, NAdamState& state, const NAdamOptions& options);

// ---- given: the other two (more_optimizers.cpp) -----------------------------------------------------
// Adadelta: v ← ρv + (1 − ρ)g²;  Δ = √(a + eps)/√(v + eps) · g;  a ← ρa + (1 − ρ)Δ²;  θ ← θ − lr·Δ.
void adadelta_step(const ParameterList& params, AdadeltaState& state, const AdadeltaOptions& options);
// Adamax: m ← β₁m + (1 − β₁)g;  u ← max(β₂u, |g| + eps);  θ ← θ − lr/(1 − β₁ᵗ) · m/u.
void adamax_step(const ParameterList& params, AdamaxState& state, const AdamaxOptions& options);

}  // namespace course::optimizers
