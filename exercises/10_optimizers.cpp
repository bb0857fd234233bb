// Chapter 10 — the optimizers. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=10`. Stuck? `make hint EX=10.1`. The README derives every rule.
//
// How a step looks in code. Every Matrix is a flat array of size() doubles, so one loop over the
// parameters and one over their entries visits every θᵢ and its gᵢ:
//
//     prepare_buffers(state.exp_avg, params, "adam_step");   // zero buffers on the first step only
//     ++state.step;
//     for (std::size_t p = 0; p < params.size(); ++p) {
//         double* theta = params[p].value->data();
//         const double* grad = params[p].grad->data();
//         double* m = state.exp_avg[p].data();
//         for (std::size_t i = 0; i < params[p].value->size(); ++i) { ... }
//     }
//
// Weight decay (λ = options.weight_decay) in every optimizer except AdamW is the L2 form: first thing
// in the loop, g = grad[i] + λ·theta[i] when λ ≠ 0.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "chapters/10_optimizers/optimizers.hpp"
#include "common/errors.hpp"

namespace course::optimizers {

// Exercise 10.1 — SGD with momentum (PyTorch's form).
//   g ← g + λθ
//   b ← g                          on the first step (no dampening: the buffer starts as the gradient)
//   b ← μ·b + (1 − dampening)·g    afterwards
//   θ ← θ − lr·b                   (or θ ← θ − lr·nesterov_direction(g, b, μ) when options.nesterov)
// Without momentum (μ = 0) there is no buffer: θ ← θ − lr·g. The first step is the one on which
// prepare_buffers(state.momentum_buffer, ...) returns true.
void sgd_step(const ParameterList& params, SgdState& state, const SgdOptions& options) {
    throw NotImplemented("10.1");
}

// Exercise 10.2 — Nesterov momentum. Sutskever's look-ahead form evaluates the gradient at θ + μv;
// PyTorch tracks the look-ahead point itself, and then the step direction becomes
//   g + μ·b        (b the buffer already updated with g)
double nesterov_direction(double grad, double buffer, double momentum) {
    throw NotImplemented("10.2");
}

// Exercise 10.3 — Adagrad: a per-coordinate learning rate from the sum of all past squared gradients.
//   s ← s + g²                       (state.sum starts at options.initial_accumulator_value)
//   θ ← θ − clr · g / (√s + eps)     clr = lr / (1 + (t − 1)·lr_decay), t = the step from 1
void adagrad_step(const ParameterList& params, AdagradState& state, const AdagradOptions& options) {
    throw NotImplemented("10.3");
}

// Exercise 10.4 — RMSprop: a moving average of g² instead of Adagrad's sum.
//   v ← α·v + (1 − α)·g²
//   centred:  ḡ ← α·ḡ + (1 − α)·g,  d = √(v − ḡ²) + eps;   otherwise d = √v + eps
//   momentum > 0:  b ← μ·b + g/d,  θ ← θ − lr·b;           otherwise θ ← θ − lr·g/d
void rmsprop_step(const ParameterList& params, RmspropState& state, const RmspropOptions& options) {
    throw NotImplemented("10.4");
}

// Exercise 10.5 — the bias correction of a moving average that starts at 0.
//   after t steps of m ← βm + (1 − β)g the weights on the gradients sum to 1 − βᵗ
double bias_correction(double beta, std::int64_t step) {
    throw NotImplemented("10.5");
}

// Exercise 10.6 — Adam = momentum (m) + RMSprop (v) + bias correction. With t = the step from 1:
//   m ← β₁·m + (1 − β₁)·g
//   v ← β₂·v + (1 − β₂)·g²
//   AMSGrad:  v_max ← max(v_max, v) and use v_max instead of v below (the raw v, not corrected)
//   θ ← θ − (lr / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + eps)
// Use bias_correction (10.5) for 1 − β₁ᵗ and 1 − β₂ᵗ, computed once per step, outside the loops.
void adam_step(const ParameterList& params, AdamState& state, const AdamOptions& options) {
    throw NotImplemented("10.6");
}

// Exercise 10.7 — AdamW: weight decay decoupled from the gradient.
//   θ ← θ·(1 − lr·λ)     for every entry of every parameter, then
//   adam_step with the same lr, betas, eps and amsgrad, and weight_decay = 0
void adamw_step(const ParameterList& params, AdamState& state, const AdamWOptions& options) {
    throw NotImplemented("10.7");
}

}  // namespace course::optimizers
