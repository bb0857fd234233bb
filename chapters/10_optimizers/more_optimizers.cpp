// Given: Adadelta and Adamax, the two optimizers of the chapter that are not exercises. Read them after
// Adam: each is a small change to one of the ideas you implemented. Like the exercises they
// follow torch.optim's single-tensor code operation for operation.
#include <algorithm>
#include <cmath>
#include <cstddef>

#include "chapters/10_optimizers/optimizers.hpp"

namespace course::optimizers {

// Adadelta (Zeiler, 2012) has no learning rate in the paper (PyTorch keeps lr = 1 as a multiplier): the
// step is g scaled by RMS(past updates)/RMS(past gradients), so it carries the units of θ:
//     v ← ρv + (1 − ρ)g²,   Δ = √(a + eps)/√(v + eps) · g,   a ← ρa + (1 − ρ)Δ²,   θ ← θ − lr·Δ.
// At the start a = 0 and the steps are about √eps/RMS(g): tiny, which is why Adadelta starts slowly.
void adadelta_step(const ParameterList& params, AdadeltaState& state, const AdadeltaOptions& options) {
    prepare_buffers(state.square_avg, params, "adadelta_step");
    prepare_buffers(state.acc_delta, params, "adadelta_step");
    ++state.step;
    const double rho = options.rho;
    for (std::size_t p = 0; p < params.size(); ++p) {
        double* theta = params[p].value->data();
        const double* grad = params[p].grad->data();
        double* square_avg = state.square_avg[p].data();
        double* acc_delta = state.acc_delta[p].data();
        for (std::size_t i = 0; i < params[p].value->size(); ++i) {
            double g = grad[i];
            if (options.weight_decay != 0.0) g += options.weight_decay * theta[i];
            square_avg[i] = rho * square_avg[i] + (1.0 - rho) * g * g;
            const double std = std::sqrt(square_avg[i] + options.eps);
            const double delta = std::sqrt(acc_delta[i] + options.eps) / std * g;
            acc_delta[i] = rho * acc_delta[i] + (1.0 - rho) * delta * delta;
            theta[i] -= options.lr * delta;
        }
    }
}

// Adamax (Kingma & Ba, 2015, section 7): Adam with the L2 norm of past gradients replaced by the L∞
// norm, u = max(β₂u, |g|), which needs no bias correction (a max of decayed values is not pulled
// towards 0 the way a sum is). PyTorch adds eps inside the max so that u > 0.
void adamax_step(const ParameterList& params, AdamaxState& state, const AdamaxOptions& options) {
    prepare_buffers(state.exp_avg, params, "adamax_step");
    prepare_buffers(state.exp_inf, params, "adamax_step");
    ++state.step;
    const double beta1 = options.betas.beta1, beta2 = options.betas.beta2;
    const double clr = options.lr / (1.0 - std::pow(beta1, static_cast<double>(state.step)));
    for (std::size_t p = 0; p < params.size(); ++p) {
        double* theta = params[p].value->data();
        const double* grad = params[p].grad->data();
        double* m = state.exp_avg[p].data();
        double* u = state.exp_inf[p].data();
        for (std::size_t i = 0; i < params[p].value->size(); ++i) {
            double g = grad[i];
            if (options.weight_decay != 0.0) g += options.weight_decay * theta[i];
            m[i] = beta1 * m[i] + (1.0 - beta1) * g;
            u[i] = std::max(beta2 * u[i], std::abs(g) + options.eps);
            theta[i] -= clr * m[i] / u[i];
        }
    }
}

}  // namespace course::optimizers
