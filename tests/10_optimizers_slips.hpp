// Chapter 10's tests, part two: the classic slips of each step rule, written out here as scalar loops
// next to the right rule, so that a failing step can be told WHICH misconception its numbers come from.
//
// Every rule runs on one entry θ with the gradient gₜ = 3θ − 0.5 + 0.4·(−1)ᵗ (a tilted quadratic whose
// gradient also flips a little from step to step), for six steps, with hyperparameters chosen so that
// each slip is visible: large eps (its place shows), small betas (the corrections matter at every
// step), weight decay on. The right rule is the published one (the papers' m̂ and v̂, PyTorch's buffer);
// each slip is the same loop with one misconception in it, the ones tests/mutants/10_optimizers.md
// catalogues. names_the_slip() runs your step, compares it with the right rule and, when it differs,
// looks for the slip whose numbers yours are.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "chapters/10_optimizers/optimizers.hpp"
#include "tests/support/teach.hpp"

namespace slips {

namespace opt = course::optimizers;

// Whatever state a scalar rule needs: moments, buffers, products.
struct Scalar {
    double m = 0, v = 0, v_max = 0, buffer = 0, mean = 0, sum = 0, mu_product = 1;
};
// One step t (from 1) of a rule on one entry: g is the raw gradient, θ is updated in place.
using Rule = std::function<void(int t, double g, double& theta, Scalar& s)>;
struct Slip {
    std::string misconception;
    Rule rule;
};

inline double gradient_at(int t, double theta) { return 3.0 * theta - 0.5 + (t % 2 ? -0.4 : 0.4); }
constexpr int kSteps = 6;
constexpr double kStart = 1.2;

inline std::vector<double> scalar_run(const Rule& rule) {
    Scalar s;
    s.sum = 0;
    double theta = kStart;
    std::vector<double> path;
    for (int t = 1; t <= kSteps; ++t) {
        rule(t, gradient_at(t, theta), theta, s);
        path.push_back(theta);
    }
    return path;
}

// Your step on a 1×1 parameter, the same gradients, one state for the six steps.
template <class State>
std::vector<double> student_run(const std::function<void(const opt::ParameterList&, State&)>& step) {
    course::Matrix theta(1, 1, kStart), grad(1, 1);
    const opt::ParameterList params{{&theta, &grad}};
    State state;
    std::vector<double> path;
    for (int t = 1; t <= kSteps; ++t) {
        grad(0, 0) = gradient_at(t, theta(0, 0));
        step(params, state);
        path.push_back(theta(0, 0));
    }
    return path;
}

inline bool same(const std::vector<double>& a, const std::vector<double>& b, double tol) {
    if (a.size() != b.size()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!(std::abs(a[k] - b[k]) <= tol * std::max(1.0, std::abs(b[k])))) return false;
    return true;
}

// Passes when your six steps follow the right rule (to 1e-12); otherwise shows the first step that
// differs and, when your numbers are those of one of the slips, names its misconception.
inline ::testing::AssertionResult names_the_slip(const std::vector<double>& got, const Rule& right,
                                                 const std::vector<Slip>& slips, const std::string& what) {
    using course::teach::show;
    const std::vector<double> want = scalar_run(right);
    if (same(got, want, 1e-12)) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure();
    failure << what << ", on one entry from θ = " << show(kStart) << " with gₜ = 3θ − 0.5 ± 0.4: ";
    for (std::size_t k = 0; k < want.size(); ++k) {
        if (k < got.size() && std::abs(got[k] - want[k]) <= 1e-12 * std::max(1.0, std::abs(want[k]))) continue;
        failure << "θ after step " << k + 1 << " should be " << show(want[k]) << ", got "
                << (k < got.size() ? show(got[k]) : std::string("nothing"));
        break;
    }
    for (const double theta : got)
        if (std::isnan(theta))
            return failure << ". θ became NaN: a division by 0? With bias corrections, 1 − βᵗ is 0 while t is still 0: "
                              "count the step (++state.step) before computing anything from it";
    for (const Slip& slip : slips)
        if (same(got, scalar_run(slip.rule), 1e-9))
            return failure << ". Your six steps are exactly those of a known slip: " << slip.misconception;
    return failure << ". (Your numbers match none of the classic slips this test knows; compare your step with "
                      "the README's rule line by line.)";
}

// ---- SGD (torch.optim.SGD) ------------------------------------------------------------------------------
struct SgdSetting {
    double lr, momentum, dampening, weight_decay;
    bool nesterov;
};
inline Rule sgd_rule(SgdSetting o, int slip = 0) {
    return [o, slip](int t, double g, double& theta, Scalar& s) {
        double gi = g + (slip == 4 ? -1.0 : 1.0) * (slip == 5 ? 0.0 : o.weight_decay) * theta;
        const double old = s.buffer;
        if (slip == 1 && t == 1) s.buffer = (1 - o.dampening) * gi;
        else if (slip == 2) s.buffer = o.momentum * s.buffer + (1 - o.dampening) * gi;
        else if (slip == 3) s.buffer = t == 1 ? gi : o.momentum * s.buffer + o.dampening * gi;
        else s.buffer = t == 1 ? gi : o.momentum * s.buffer + (1 - o.dampening) * gi;
        double direction = s.buffer;
        if (o.nesterov) {
            if (slip == 6) direction = gi + o.momentum * old;
            else if (slip == 7) direction = o.momentum * gi + s.buffer;
            else if (slip == 8) direction = o.momentum * s.buffer;
            else direction = gi + o.momentum * s.buffer;
        }
        if (slip == 5) direction += o.weight_decay * theta;
        theta -= o.lr * direction;
    };
}
inline std::vector<Slip> sgd_slips(SgdSetting o) {
    std::vector<Slip> slips = {
        {"the first buffer is damped. PyTorch's buffer starts as the first gradient itself; (1 − τ) applies "
         "from the second step on", sgd_rule(o, 1)},
        {"the buffer starts at 0 like a moving average (b ← βb + (1 − τ)g from b = 0). PyTorch's b₁ is g, "
         "undamped; the two agree only when τ = 0", sgd_rule(o, 2)},
        {"dampening is used as the weight of the new gradient (b ← βb + τg). τ is what is damped AWAY: the "
         "gradient's weight is 1 − τ", sgd_rule(o, 3)},
        {"weight decay with the wrong sign (g − λθ). L2 decay is the gradient of (λ/2)‖θ‖²: +λθ", sgd_rule(o, 4)},
        {"weight decay added to the step instead of to g before the buffer. torch.optim.SGD's decay goes "
         "through the momentum buffer", sgd_rule(o, 5)},
    };
    if (o.nesterov) {
        slips.push_back({"Nesterov's look-ahead uses the buffer from BEFORE this step's update. The direction "
                         "g + βb takes b already updated with g", sgd_rule(o, 6)});
        slips.push_back({"Nesterov's direction with β on the wrong term (βg + b); it is g + βb", sgd_rule(o, 7)});
        slips.push_back({"Nesterov's direction without the gradient (βb); it is g + βb", sgd_rule(o, 8)});
    }
    return slips;
}

// ---- Adagrad (torch.optim.Adagrad) ---------------------------------------------------------------------
struct AdagradSetting {
    double lr, lr_decay, weight_decay, initial, eps;
};
inline Rule adagrad_rule(AdagradSetting o, int slip = 0) {
    return [o, slip](int t, double g, double& theta, Scalar& s) {
        if (t == 1) s.sum = slip == 3 ? 0.0 : o.initial;
        const double gi = g + o.weight_decay * theta;
        s.sum += slip == 4 ? g * g : gi * gi;
        const double clr = o.lr / (1 + (slip == 2 ? t : t - 1) * o.lr_decay);
        const double d = slip == 1 ? std::sqrt(s.sum + o.eps) : std::sqrt(s.sum) + o.eps;
        theta -= clr * gi / d;
    };
}
inline std::vector<Slip> adagrad_slips(AdagradSetting o) {
    return {
        {"eps inside the square root (√(s + eps)); torch.optim.Adagrad divides by √s + eps", adagrad_rule(o, 1)},
        {"the learning-rate decay counted from step 0: lr/(1 + t·lr_decay). It is lr/(1 + (t − 1)·lr_decay): the "
         "first step is not decayed", adagrad_rule(o, 2)},
        {"initial_accumulator_value ignored: the sum starts at 0 instead of at it", adagrad_rule(o, 3)},
        {"the sum accumulates the raw g². The gradient Adagrad sees is g + λθ, and that goes into the sum too",
         adagrad_rule(o, 4)},
    };
}

// ---- RMSprop (torch.optim.RMSprop) ---------------------------------------------------------------------
struct RmspropSetting {
    double lr, alpha, eps, weight_decay, momentum;
    bool centered;
};
inline Rule rmsprop_rule(RmspropSetting o, int slip = 0) {
    return [o, slip](int t, double g, double& theta, Scalar& s) {
        const double gi = g + o.weight_decay * theta;
        s.v = slip == 3 ? (1 - o.alpha) * s.v + o.alpha * gi * gi : o.alpha * s.v + (1 - o.alpha) * gi * gi;
        double variance = s.v;
        if (o.centered) {
            if (slip == 4) {
                variance = s.v - s.mean * s.mean;
                s.mean = o.alpha * s.mean + (1 - o.alpha) * gi;
            } else {
                s.mean = o.alpha * s.mean + (1 - o.alpha) * gi;
                variance = s.v - s.mean * s.mean;
            }
        }
        if (slip == 2) variance /= 1 - std::pow(o.alpha, t);
        const double d = slip == 1 ? std::sqrt(variance + o.eps) : std::sqrt(variance) + o.eps;
        if (o.momentum > 0) {
            if (slip == 5) {
                s.buffer = o.momentum * s.buffer + gi;
                theta -= o.lr * s.buffer / d;
            } else {
                s.buffer = o.momentum * s.buffer + gi / d;
                theta -= o.lr * s.buffer;
            }
        } else {
            theta -= o.lr * gi / d;
        }
    };
}
inline std::vector<Slip> rmsprop_slips(RmspropSetting o) {
    std::vector<Slip> slips = {
        {"eps inside the square root (√(v + eps)); RMSprop adds eps after the root", rmsprop_rule(o, 1)},
        {"Adam's bias correction borrowed (v/(1 − αᵗ)). RMSprop has none: its first step is about 10·lr by design",
         rmsprop_rule(o, 2)},
        {"α used as the weight of the new g². alpha is the decay: the old average keeps α, the new square gets 1 − α",
         rmsprop_rule(o, 3)},
    };
    if (o.centered)
        slips.push_back({"the centred mean ḡ is used before it is updated with this step's g. Both averages take "
                         "g first, then the variance v − ḡ² is formed", rmsprop_rule(o, 4)});
    if (o.momentum > 0)
        slips.push_back({"the momentum buffer accumulates the raw g and is divided afterwards. torch's buffer "
                         "accumulates the normalised gradient g/d", rmsprop_rule(o, 5)});
    return slips;
}

// ---- Adam (torch.optim.Adam) ---------------------------------------------------------------------------
struct AdamSetting {
    double lr, beta1, beta2, eps, weight_decay;
    bool amsgrad;
};
inline Rule adam_rule(AdamSetting o, int slip = 0) {
    return [o, slip](int t, double g, double& theta, Scalar& s) {
        const double gi = slip == 8 ? g : g + (slip == 9 ? -1.0 : 1.0) * o.weight_decay * theta;
        const int tc = slip == 1 ? t + 1 : t;  // the t of the corrections
        const double c1 = 1 - std::pow(o.beta1, tc), c2 = 1 - std::pow(o.beta2, tc);
        const double m_used = s.m;  // for slip 5: m updated after the step
        if (slip != 5) s.m = o.beta1 * s.m + (1 - o.beta1) * gi;
        s.v = o.beta2 * s.v + (1 - o.beta2) * (slip == 6 ? s.m * s.m : gi * gi);
        double second = s.v;
        if (o.amsgrad) {
            if (slip == 7) {
                s.v_max = std::max(s.v_max, s.v / c2);
                second = s.v_max * c2;
            } else {
                s.v_max = std::max(s.v_max, s.v);
                second = s.v_max;
            }
        }
        const double m_hat = (slip == 5 ? m_used : s.m) / c1, v_hat = second / c2;
        double denom = std::sqrt(v_hat) + o.eps;
        if (slip == 2) denom = std::sqrt(v_hat + o.eps);
        if (slip == 3) denom = (std::sqrt(second) + o.eps) / std::sqrt(c2);
        if (slip == 4) denom = std::sqrt(second) / c2 + o.eps;
        const double before = theta;
        theta -= o.lr * m_hat / denom;
        if (slip == 8) theta -= o.lr * o.weight_decay * before;
        if (slip == 5) s.m = o.beta1 * s.m + (1 - o.beta1) * gi;
    };
}
inline std::vector<Slip> adam_slips(AdamSetting o) {
    std::vector<Slip> slips = {
        {"the bias corrections use t + 1. After ++state.step the counter IS t: the first step divides by 1 − β¹",
         adam_rule(o, 1)},
        {"eps inside the square root (√(v̂ + eps)). Adam divides by √v̂ + eps", adam_rule(o, 2)},
        {"eps added before the second correction ((√v + eps)/√(1 − β₂ᵗ)). eps is added to the corrected root "
         "√v̂; corrected with it, eps is blown up early on", adam_rule(o, 3)},
        {"the second correction without its square root (√v/(1 − β₂ᵗ)). v̂ = v/(1 − β₂ᵗ) sits under the root, so "
         "√v̂ = √v/√(1 − β₂ᵗ)", adam_rule(o, 4)},
        {"m updated AFTER θ moves. Both moments take this step's g first; then θ steps with them (with m = 0 the "
         "first step does not move at all)", adam_rule(o, 5)},
        {"v averages m² instead of g². The second moment is of the raw gradient", adam_rule(o, 6)},
    };
    if (o.amsgrad)
        slips.push_back({"AMSGrad keeps the maximum of the corrected v̂. torch ≥ 2.0 keeps the running max of the "
                         "RAW v and corrects it afterwards", adam_rule(o, 7)});
    if (o.weight_decay != 0) {
        slips.push_back({"Adam's weight decay added to the step (θ −= … + lr·λθ): that is AdamW's decoupled "
                         "decay. Adam's weight_decay is L2: λθ goes into g, through both moments", adam_rule(o, 8)});
        slips.push_back({"weight decay with the wrong sign (g − λθ). L2 decay adds +λθ", adam_rule(o, 9)});
    }
    return slips;
}

// ---- AdamW (torch.optim.AdamW) -------------------------------------------------------------------------
inline Rule adamw_rule(AdamSetting o, int slip = 0) {
    AdamSetting inner = o;
    inner.weight_decay = 0;
    if (slip == 4) inner.beta1 = 0.9, inner.beta2 = 0.999, inner.eps = 1e-8, inner.amsgrad = false;
    if (slip == 1) inner.weight_decay = o.weight_decay;
    const Rule adam = adam_rule(inner);
    return [o, slip, adam](int t, double g, double& theta, Scalar& s) {
        const double keep = slip == 3 ? 1 - o.weight_decay : 1 - o.lr * o.weight_decay;
        if (slip == 0 || slip == 3 || slip == 4) theta *= keep;
        adam(t, g, theta, s);
        if (slip == 2) theta *= keep;
    };
}
inline std::vector<Slip> adamw_slips(AdamSetting o) {
    return {
        {"the decay goes into the gradient (Adam with L2). AdamW shrinks θ by (1 − lr·λ) OUTSIDE the moments; "
         "run through the normalisation, λθ moves every weight by about lr whatever its size", adamw_rule(o, 1)},
        {"the decay comes after the Adam step. torch.optim.AdamW decays θ first, then steps from the decayed θ",
         adamw_rule(o, 2)},
        {"the decay without the learning rate, θ(1 − λ). PyTorch's decoupled decay is θ(1 − lr·λ)", adamw_rule(o, 3)},
        {"adam_step called without AdamW's betas, eps and amsgrad: Adam's defaults were used", adamw_rule(o, 4)},
    };
}

// ---- NAdam (torch.optim.NAdam, torch ≥ 2.0) ------------------------------------------------------------
struct NAdamSetting {
    double lr, beta1, beta2, eps, weight_decay, momentum_decay;
};
inline Rule nadam_rule(NAdamSetting o, int slip = 0) {
    return [o, slip](int t, double g, double& theta, Scalar& s) {
        const auto mu_at = [&](int k) {
            return slip == 4 ? o.beta1 * (1 - 0.5 * std::pow(0.96, k) * o.momentum_decay)
                             : o.beta1 * (1 - 0.5 * std::pow(0.96, k * o.momentum_decay));
        };
        const double mu = mu_at(t), mu_next = slip == 2 ? mu : mu_at(t + 1);
        s.mu_product *= mu;
        const double product_next = slip == 1 ? s.mu_product * mu * mu_next : s.mu_product * mu_next;
        const double gi = g + o.weight_decay * theta;
        s.m = o.beta1 * s.m + (1 - o.beta1) * gi;
        s.v = o.beta2 * s.v + (1 - o.beta2) * gi * gi;
        const double grad_product = slip == 3 ? product_next : s.mu_product;
        const double m_hat = mu_next * s.m / (1 - product_next) + (1 - mu) * gi / (1 - grad_product);
        theta -= o.lr * m_hat / (std::sqrt(s.v / (1 - std::pow(o.beta2, t))) + o.eps);
    };
}
inline std::vector<Slip> nadam_slips(NAdamSetting o) {
    return {
        {"μₜ multiplied in twice (torch 1.x): the next product is Πᵢ≤ₜμᵢ·μₜ₊₁, each μ once", nadam_rule(o, 1)},
        {"no look-ahead: μₜ where μₜ₊₁ belongs. Nesterov's step uses the momentum of the NEXT step", nadam_rule(o, 2)},
        {"the gradient term corrected with the next product. It belongs to step t: 1 − Πᵢ≤ₜμᵢ", nadam_rule(o, 3)},
        {"the schedule read as 0.96ᵗ·ψ. ψ is in the exponent: μₜ = β₁(1 − ½·0.96^(tψ))", nadam_rule(o, 4)},
    };
}

}  // namespace slips
