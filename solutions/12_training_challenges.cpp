// Chapter 12 — why training is hard: the reference solutions.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/12_training_challenges/training_challenges.hpp"
#include "common/errors.hpp"

namespace course::training_challenges {

// Exercise 12.1 — the six-hump camel, its gradient and Hessian.
// f = 4x² − 2.1x⁴ + x⁶/3 + xy − 4y² + 4y⁴, differentiated term by term.
double camel(Vec2 p) {
    const double x2 = p.x * p.x, y2 = p.y * p.y;
    return (4.0 - 2.1 * x2 + x2 * x2 / 3.0) * x2 + p.x * p.y + (-4.0 + 4.0 * y2) * y2;
}

Vec2 camel_gradient(Vec2 p) {
    const double x2 = p.x * p.x;
    return {8.0 * p.x - 8.4 * x2 * p.x + 2.0 * x2 * x2 * p.x + p.y, p.x - 8.0 * p.y + 16.0 * p.y * p.y * p.y};
}

Hessian2 camel_hessian(Vec2 p) {
    const double x2 = p.x * p.x;
    return {8.0 - 25.2 * x2 + 10.0 * x2 * x2, 1.0, -8.0 + 48.0 * p.y * p.y};
}

// Exercise 12.2 — the eigenvalues of [[a, b], [b, d]] are the roots of λ² − (a + d)λ + (ad − b²):
// λ = m ∓ r with m = (a + d)/2 the mean of the diagonal and r = √(((a − d)/2)² + b²) ≥ 0. hypot keeps
// r accurate when the two terms differ wildly in size.
Eigen2 eigenvalues(const Hessian2& h) {
    const double mean = (h.xx + h.yy) / 2.0;
    const double radius = std::hypot((h.xx - h.yy) / 2.0, h.xy);
    return {mean - radius, mean + radius};
}

// An eigenvalue within tol of zero leaves the second-order test undecided (x⁴ and x³ both have H = 0).
CriticalPoint classify_critical_point(const Hessian2& h, double tol) {
    const Eigen2 e = eigenvalues(h);
    if (std::abs(e.min) <= tol || std::abs(e.max) <= tol) return CriticalPoint::degenerate;
    if (e.min > 0.0) return CriticalPoint::minimum;
    if (e.max < 0.0) return CriticalPoint::maximum;
    return CriticalPoint::saddle;
}

// Exercise 12.3 — near the saddle, along the eigenvector of λ_min < 0, one step multiplies the
// coordinate by 1 − ηλ_min = 1 + η|λ_min|. After k steps it is δ(1 + η|λ|)ᵏ, which reaches r when
// k ≥ ln(r/δ)/ln(1 + η|λ|). log1p keeps ln(1 + η|λ|) accurate for a small η|λ|.
std::int64_t predicted_escape_steps(double lr, double lambda_min, double delta, double radius) {
    if (!(lr > 0.0)) throw std::invalid_argument("predicted_escape_steps: lr must be > 0");
    if (!(lambda_min < 0.0))
        throw std::invalid_argument("predicted_escape_steps: λ_min must be < 0 (a direction of negative curvature)");
    if (!(delta > 0.0))
        throw std::invalid_argument("predicted_escape_steps: δ must be > 0 (δ = 0 is the stable manifold: no escape)");
    if (!(radius > 0.0)) throw std::invalid_argument("predicted_escape_steps: radius must be > 0");
    if (delta >= radius) return 0;
    return static_cast<std::int64_t>(std::ceil(std::log(radius / delta) / std::log1p(lr * -lambda_min)));
}

// Exercise 12.4 — backward from the output to the input. With g = ∂ℒ/∂h[ℓ + 1] coming down:
//   δ = g ⊙ σ'(z[ℓ])   (the last layer is linear: δ = g)
//   dW[ℓ] = h[ℓ]ᵀ·δ,  db[ℓ] = Σ_rows δ,  ∂ℒ/∂h[ℓ] = δ·Wᵀ (+ g through the skip, whose Jacobian is I).
Gradients deep_backward(const DeepNet& net, const DeepCache& cache, const Matrix& dY) {
    const std::size_t depth = net.layers.size();
    Gradients grads;
    grads.dW.resize(depth);
    grads.db.resize(depth);
    // matmul_into reads the transposed operands in place, so no transpose is copied; the products are
    // the same, entry for entry. σ'(z) ⊙ g (not g ⊙ σ'(z), the same numbers) multiplies in place into
    // the fresh σ'(z) (`*=`: operator* would return a copy of it). The first layer's ∂ℒ/∂h[0] (the
    // input's) is not needed.
    Matrix g = dY, down, delta;
    for (std::size_t l = depth; l-- > 0;) {
        if (l + 1 < depth) {
            delta = activation_derivative(net.activation, cache.z[l]);
            delta *= g;
        } else {
            delta = g;
        }
        matmul_into(grads.dW[l], cache.h[l], delta, /*transpose_a=*/true);
        grads.db[l] = sum_rows(delta);
        if (l == 0) break;
        matmul_into(down, delta, net.layers[l].W, /*transpose_a=*/false, /*transpose_b=*/true);
        if (has_skip(net, l)) down += g;
        std::swap(g, down);
    }
    return grads;
}

// Exercise 12.5 — the schemes keep Var(w) at a value chosen for the layer's fan: Xavier (Glorot &
// Bengio, 2010) balances forward and backward, 2/(fan_in + fan_out); He (2015) doubles 1/fan_in to make
// up for ReLU zeroing half its inputs. U(−a, a) has variance a²/3, hence a = √(6/(fan_in + fan_out)).
Dense init_layer(std::size_t fan_in, std::size_t fan_out, InitScheme scheme, Rng& rng) {
    Dense layer{Matrix(fan_in, fan_out), Matrix(1, fan_out)};
    const double fans = static_cast<double>(fan_in + fan_out);
    for (std::size_t i = 0; i < layer.W.size(); ++i) {
        double& w = layer.W.data()[i];
        switch (scheme) {
            case InitScheme::zero: w = 0.0; break;
            case InitScheme::small: w = rng.normal(0.0, kSmallStd); break;
            case InitScheme::large: w = rng.normal(0.0, kLargeStd); break;
            case InitScheme::xavier_uniform: {
                const double a = std::sqrt(6.0 / fans);
                w = rng.uniform(-a, a);
                break;
            }
            case InitScheme::xavier_normal: w = rng.normal(0.0, std::sqrt(2.0 / fans)); break;
            case InitScheme::he_normal: w = rng.normal(0.0, std::sqrt(2.0 / static_cast<double>(fan_in))); break;
        }
    }
    return layer;
}

// Exercise 12.6 — one norm for the whole model, so clipping rescales every gradient by the same factor
// and keeps the direction of the full gradient; the 1e-6 keeps the factor finite at a zero gradient.
double clip_grad_norm(const std::vector<Matrix*>& grads, double max_norm) {
    if (max_norm < 0.0) throw std::invalid_argument("clip_grad_norm: max_norm must be ≥ 0");
    double sum_squares = 0.0;
    for (const Matrix* g : grads)
        for (const double v : g->values()) sum_squares += v * v;
    const double total_norm = std::sqrt(sum_squares);
    const double factor = std::min(1.0, max_norm / (total_norm + 1e-6));
    for (Matrix* g : grads) *g *= factor;
    return total_norm;
}

void clip_grad_value(const std::vector<Matrix*>& grads, double clip_value) {
    if (clip_value < 0.0) throw std::invalid_argument("clip_grad_value: clip_value must be ≥ 0");
    for (Matrix* g : grads)
        for (std::size_t i = 0; i < g->size(); ++i) g->data()[i] = std::clamp(g->data()[i], -clip_value, clip_value);
}

// Exercise 12.7 — an untrained classifier spreads its probability evenly: −ln(1/K) = ln K per example.
// The best constant prediction for the mean squared error is each column's mean, and its loss is the
// targets' variance (population form: the loss divides by n, and so does this).
double expected_initial_cross_entropy(std::size_t num_classes) {
    if (num_classes == 0) throw std::invalid_argument("expected_initial_cross_entropy: K must be ≥ 1");
    return std::log(static_cast<double>(num_classes));
}

double expected_initial_mse(const Matrix& targets) {
    if (targets.empty()) throw std::invalid_argument("expected_initial_mse: no targets");
    const Matrix means = mean_rows(targets);
    double sum_squares = 0.0;
    for (std::size_t r = 0; r < targets.rows(); ++r)
        for (std::size_t c = 0; c < targets.cols(); ++c) {
            const double d = targets(r, c) - means(0, c);
            sum_squares += d * d;
        }
    return sum_squares / static_cast<double>(targets.size());
}

// Exercise 12.8 — the relative size of one step, per parameter (CS231n's rule of thumb: about 1e-3).
std::vector<double> update_to_weight_ratios(const std::vector<Matrix>& before, const std::vector<Matrix>& after) {
    if (before.size() != after.size())
        throw std::invalid_argument("update_to_weight_ratios: " + std::to_string(before.size()) + " parameters before, " +
                                    std::to_string(after.size()) + " after");
    std::vector<double> ratios;
    for (std::size_t i = 0; i < before.size(); ++i) {
        if (!before[i].same_shape(after[i]))
            throw ShapeError("update_to_weight_ratios: parameter " + std::to_string(i) + " was " + before[i].shape() +
                             ", is " + after[i].shape());
        const double update = norm(after[i] - before[i]), weight = norm(before[i]);
        if (weight == 0.0)
            ratios.push_back(update == 0.0 ? 0.0 : std::numeric_limits<double>::infinity());
        else
            ratios.push_back(update / weight);
    }
    return ratios;
}

RatioVerdict judge_update_ratio(double ratio) {
    if (ratio < kRatioLow) return RatioVerdict::too_small;
    if (ratio > kRatioHigh) return RatioVerdict::too_large;
    return RatioVerdict::healthy;
}

// Exercise 12.9 — the rules of README section 8, most alarming first.
Diagnosis diagnose(const History& history, const DiagnosisRules& rules) {
    const std::vector<double>& train = history.train_loss;
    const std::vector<double>& val = history.val_loss;
    if (train.empty()) throw std::invalid_argument("diagnose: no training losses");
    if (!val.empty() && val.size() != train.size())
        throw std::invalid_argument("diagnose: " + std::to_string(val.size()) + " validation losses for " +
                                    std::to_string(train.size()) + " training losses");
    const double first = train.front(), last = train.back();
    for (const auto* curve : {&train, &val})
        for (const double v : *curve)
            if (!std::isfinite(v)) return Diagnosis::lr_too_high;
    if (*std::max_element(train.begin(), train.end()) > rules.blow_up * first) return Diagnosis::lr_too_high;
    if (train.size() < 3) throw std::invalid_argument("diagnose: the shape of a curve needs at least 3 losses");
    const double reference = history.chance > 0.0 ? std::min(first, history.chance) : first;
    if (last > (1.0 - rules.min_progress) * reference) return Diagnosis::not_learning;
    if (!val.empty()) {
        const auto best = static_cast<std::size_t>(std::min_element(val.begin(), val.end()) - val.begin());
        if (val.back() > (1.0 + rules.overfit_gap) * val[best] && last < train[best]) return Diagnosis::overfitting;
    }
    const std::size_t middle = (train.size() - 1) / 2;
    if (train[middle] - last >= rules.slow_ratio * (reference - train[middle])) return Diagnosis::lr_too_low;
    return Diagnosis::healthy;
}

}  // namespace course::training_challenges
