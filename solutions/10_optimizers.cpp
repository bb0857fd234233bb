// Chapter 10 — reference solutions. Same functions, same order as exercises/10_optimizers.cpp.
// Each loop follows torch.optim's single-tensor code operation for operation, so that in double
// precision the trajectories agree with PyTorch's to rounding.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/10_optimizers/optimizers.hpp"

namespace course::optimizers {

// Exercise 10.1 — SGD with momentum and Nesterov.
// Weight decay as an L2 penalty (λ/2)‖θ‖² adds λθ to the gradient. PyTorch's buffer starts as the
// first gradient itself (no dampening on step 1), then b ← μb + (1 − τ)g.
void sgd_step(const ParameterList& params, SgdState& state, const SgdOptions& given) {
    // A copy of the options, not the caller's reference: the compiler then knows that no store to θ
    // changes them, reads them once instead of once per entry, and vectorises the loop. The
    // arithmetic is the same, entry by entry.
    const SgdOptions options = given;
    check_parameters(params, "sgd_step");
    const bool uses_momentum = options.momentum != 0.0;
    const bool first_step = uses_momentum && prepare_buffers(state.momentum_buffer, params, "sgd_step");
    ++state.step;
    for (std::size_t p = 0; p < params.size(); ++p) {
        double* theta = params[p].value->data();
        const double* grad = params[p].grad->data();
        double* buffer = uses_momentum ? state.momentum_buffer[p].data() : nullptr;
        for (std::size_t i = 0; i < params[p].value->size(); ++i) {
            double g = grad[i];
            if (options.weight_decay != 0.0) g += options.weight_decay * theta[i];
            if (uses_momentum) {
                buffer[i] = first_step ? g : options.momentum * buffer[i] + (1.0 - options.dampening) * g;
                g = options.nesterov ? nesterov_direction(g, buffer[i], options.momentum) : buffer[i];
            }
            theta[i] -= options.lr * g;
        }
    }
}

// With φ = θ + μv the look-ahead point of Sutskever's form, the update in φ reads
// φ ← φ − lr·(g(φ) + μb): the gradient plus the momentum buffer once more (README).
double nesterov_direction(double grad, double buffer, double momentum) { return grad + momentum * buffer; }

// Exercise 10.2 — the heavy ball's rate on a quadratic, and its tuning.
// The roots of z² − bz + β multiply to β. Complex roots (b² < 4β) are conjugate, so both have |z| = √β.
// Real roots (b ± √D)/2: the larger modulus is the one on the side of b's sign, (|b| + √D)/2.
double heavy_ball_rate(double lr, double momentum, double curvature) {
    const double b = 1.0 + momentum - lr * curvature;
    const double discriminant = b * b - 4.0 * momentum;
    if (discriminant < 0.0) return std::sqrt(momentum);
    return (std::abs(b) + std::sqrt(discriminant)) / 2.0;
}

// Both ends of the spectrum at the edge of the complex regime, (1 + β − αλ)² = 4β at λ = μ and at λ = L:
// 1 + β − αμ = 2√β and 1 + β − αL = −2√β. Adding gives α(L + μ) = 2(1 + β), subtracting α(L − μ) = 4√β;
// so √β = (√L − √μ)/(√L + √μ) and α = 4/(√L + √μ)². Every curvature in between is then complex: rate √β.
HeavyBallTuning optimal_heavy_ball(double lambda_min, double lambda_max) {
    if (!(lambda_min > 0.0) || !(lambda_max >= lambda_min) || !std::isfinite(lambda_max))
        throw std::invalid_argument("optimal_heavy_ball: needs 0 < lambda_min <= lambda_max < inf, got [" +
                                    std::to_string(lambda_min) + ", " + std::to_string(lambda_max) + "]");
    const double s_min = std::sqrt(lambda_min), s_max = std::sqrt(lambda_max);
    const double rate = (s_max - s_min) / (s_max + s_min);  // (√κ − 1)/(√κ + 1)
    return {.lr = 4.0 / ((s_max + s_min) * (s_max + s_min)), .momentum = rate * rate, .rate = rate};
}

// Exercise 10.3 — Adagrad.
void adagrad_step(const ParameterList& params, AdagradState& state, const AdagradOptions& options) {
    prepare_buffers(state.sum, params, "adagrad_step", options.initial_accumulator_value);
    ++state.step;
    const double clr = options.lr / (1.0 + static_cast<double>(state.step - 1) * options.lr_decay);
    for (std::size_t p = 0; p < params.size(); ++p) {
        double* theta = params[p].value->data();
        const double* grad = params[p].grad->data();
        double* sum = state.sum[p].data();
        for (std::size_t i = 0; i < params[p].value->size(); ++i) {
            double g = grad[i];
            if (options.weight_decay != 0.0) g += options.weight_decay * theta[i];
            sum[i] += g * g;
            const double std = std::sqrt(sum[i]) + options.eps;
            theta[i] -= clr * g / std;
        }
    }
}

// Exercise 10.4 — RMSprop.
// Centred: v − ḡ² estimates the variance of g, so the step is g over its standard deviation.
void rmsprop_step(const ParameterList& params, RmspropState& state, const RmspropOptions& options) {
    const char* who = "rmsprop_step";
    prepare_buffers(state.square_avg, params, who);
    if (options.momentum > 0.0) prepare_buffers(state.momentum_buffer, params, who);
    if (options.centered) prepare_buffers(state.grad_avg, params, who);
    ++state.step;
    const double alpha = options.alpha;
    for (std::size_t p = 0; p < params.size(); ++p) {
        double* theta = params[p].value->data();
        const double* grad = params[p].grad->data();
        double* square_avg = state.square_avg[p].data();
        for (std::size_t i = 0; i < params[p].value->size(); ++i) {
            double g = grad[i];
            if (options.weight_decay != 0.0) g += options.weight_decay * theta[i];
            square_avg[i] = alpha * square_avg[i] + (1.0 - alpha) * g * g;
            double avg;
            if (options.centered) {
                double& grad_avg = state.grad_avg[p].data()[i];
                grad_avg = alpha * grad_avg + (1.0 - alpha) * g;
                avg = std::sqrt(square_avg[i] - grad_avg * grad_avg);
            } else {
                avg = std::sqrt(square_avg[i]);
            }
            avg += options.eps;
            if (options.momentum > 0.0) {
                double& buffer = state.momentum_buffer[p].data()[i];
                buffer = options.momentum * buffer + g / avg;
                theta[i] -= options.lr * buffer;
            } else {
                theta[i] -= options.lr * g / avg;
            }
        }
    }
}

// Exercise 10.5 — the bias correction of a moving average started at 0.
// m after t steps from m₀ = 0 is (1 − β) Σₖ βᵗ⁻ᵏ xₖ, whose weights sum to 1 − βᵗ.
double bias_correction(double beta, std::int64_t step) { return 1.0 - std::pow(beta, static_cast<double>(step)); }

// The running average keeps its raw value; only what is returned is divided by the correction.
std::vector<double> debiased_moving_average(const std::vector<double>& values, double beta) {
    if (!(beta >= 0.0 && beta < 1.0))
        throw std::invalid_argument("debiased_moving_average: beta must be in [0, 1), got " + std::to_string(beta));
    std::vector<double> out;
    out.reserve(values.size());
    double average = 0.0;
    for (std::size_t k = 0; k < values.size(); ++k) {
        average = beta * average + (1.0 - beta) * values[k];
        out.push_back(average / bias_correction(beta, static_cast<std::int64_t>(k) + 1));
    }
    return out;
}

// Exercise 10.6 — Adam.
// PyTorch folds the corrections into two scalars: the step size lr/(1 − β₁ᵗ) and the divisor
// √(1 − β₂ᵗ) of √v, with eps added after the division.
void adam_step(const ParameterList& params, AdamState& state, const AdamOptions& given) {
    // A copy of the options, not the caller's reference: the compiler then knows that no store to θ
    // changes them, reads them once instead of once per entry, and vectorises the loop (with
    // -fno-math-errno for the square roots, mk/build.mk). The arithmetic is the same, entry by entry.
    const AdamOptions options = given;
    const char* who = "adam_step";
    prepare_buffers(state.exp_avg, params, who);
    prepare_buffers(state.exp_avg_sq, params, who);
    if (options.amsgrad) prepare_buffers(state.max_exp_avg_sq, params, who);
    ++state.step;
    const double beta1 = options.betas.beta1, beta2 = options.betas.beta2;
    const double step_size = options.lr / bias_correction(beta1, state.step);
    const double bias_correction2_sqrt = std::sqrt(bias_correction(beta2, state.step));
    for (std::size_t p = 0; p < params.size(); ++p) {
        double* theta = params[p].value->data();
        const double* grad = params[p].grad->data();
        double* m = state.exp_avg[p].data();
        double* v = state.exp_avg_sq[p].data();
        for (std::size_t i = 0; i < params[p].value->size(); ++i) {
            double g = grad[i];
            if (options.weight_decay != 0.0) g += options.weight_decay * theta[i];
            m[i] = beta1 * m[i] + (1.0 - beta1) * g;
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
            double second_moment = v[i];
            if (options.amsgrad) {
                double& v_max = state.max_exp_avg_sq[p].data()[i];
                v_max = std::max(v_max, v[i]);
                second_moment = v_max;
            }
            const double denom = std::sqrt(second_moment) / bias_correction2_sqrt + options.eps;
            theta[i] -= step_size * m[i] / denom;
        }
    }
}

// Exercise 10.7 — AdamW.
// Adam's step does not read θ when its weight decay is 0, so decaying every θ first is the same
// as PyTorch's per-parameter order.
void adamw_step(const ParameterList& params, AdamState& state, const AdamWOptions& options) {
    check_parameters(params, "adamw_step");
    const double keep = 1.0 - options.lr * options.weight_decay;
    for (const Parameter& parameter : params) *parameter.value *= keep;
    adam_step(params, state,
              {.lr = options.lr, .betas = options.betas, .eps = options.eps, .weight_decay = 0.0,
               .amsgrad = options.amsgrad});
}

// Exercise 10.8 — NAdam (Dozat, 2016): Adam with Nesterov's look-ahead. Nesterov's step uses the momentum
// of the NEXT step; with a schedule μₜ = β₁(1 − ½·0.96^(tψ)) for the momentum, the bias-corrected
// look-ahead first moment is
//     m̂ = μₜ₊₁·m/(1 − Πᵢ≤ₜ₊₁ μᵢ) + (1 − μₜ)·g/(1 − Πᵢ≤ₜ μᵢ),
// and θ ← θ − lr·m̂/(√(v/(1 − β₂ᵗ)) + eps). The product Πμᵢ is kept in the state (in double), each μₜ
// multiplied in exactly once; torch 1.x multiplied μₜ twice into the t+1 product (fixed in 2.0).
void nadam_step(const ParameterList& params, NAdamState& state, const NAdamOptions& options) {
    prepare_buffers(state.exp_avg, params, "nadam_step");
    prepare_buffers(state.exp_avg_sq, params, "nadam_step");
    ++state.step;
    const double t = static_cast<double>(state.step);
    const double beta1 = options.betas.beta1, beta2 = options.betas.beta2;
    const double bias_correction2 = 1.0 - std::pow(beta2, t);
    const double mu = beta1 * (1.0 - 0.5 * std::pow(0.96, t * options.momentum_decay));
    const double mu_next = beta1 * (1.0 - 0.5 * std::pow(0.96, (t + 1.0) * options.momentum_decay));
    state.mu_product *= mu;
    const double mu_product_next = state.mu_product * mu_next;
    const double grad_scale = -options.lr * (1.0 - mu) / (1.0 - state.mu_product);
    const double momentum_scale = -options.lr * mu_next / (1.0 - mu_product_next);
    for (std::size_t p = 0; p < params.size(); ++p) {
        double* theta = params[p].value->data();
        const double* grad = params[p].grad->data();
        double* m = state.exp_avg[p].data();
        double* v = state.exp_avg_sq[p].data();
        for (std::size_t i = 0; i < params[p].value->size(); ++i) {
            double g = grad[i];
            if (options.weight_decay != 0.0) g += options.weight_decay * theta[i];
            m[i] = beta1 * m[i] + (1.0 - beta1) * g;
            v[i] = beta2 * v[i] + (1.0 - beta2) * g * g;
            const double denom = std::sqrt(v[i] / bias_correction2) + options.eps;
            theta[i] += grad_scale * g / denom;
            theta[i] += momentum_scale * m[i] / denom;
        }
    }
}

}  // namespace course::optimizers
