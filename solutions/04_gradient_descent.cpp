// Chapter 04 — reference solutions. Same functions, same order as exercises/04_gradient_descent.cpp.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/04_gradient_descent/gradient_descent.hpp"

namespace course::gradient_descent {

// 4.1 Taylor: f(θ + h·eᵢ) = f(θ) + h·∂ᵢf + (h²/2)·∂ᵢ²f + …, so the quotient is ∂ᵢf + (h/2)·∂ᵢ²f + …: O(h).
Vector forward_difference_gradient(const Objective& f, Vector theta, double h) {
    if (!(h > 0.0)) throw std::invalid_argument("forward_difference_gradient: h must be > 0");
    const double at_theta = f(theta);
    Vector gradient(theta.size());
    for (std::size_t i = 0; i < theta.size(); ++i) {
        const double keep = theta[i];
        theta[i] = keep + h;
        gradient[i] = (f(theta) - at_theta) / h;
        theta[i] = keep;
    }
    return gradient;
}

// 4.2 Subtracting the expansions at θ ± h·eᵢ cancels the even terms: the quotient is ∂ᵢf + (h²/6)·∂ᵢ³f + …
Vector central_difference_gradient(const Objective& f, Vector theta, double h) {
    if (!(h > 0.0)) throw std::invalid_argument("central_difference_gradient: h must be > 0");
    Vector gradient(theta.size());
    for (std::size_t i = 0; i < theta.size(); ++i) {
        const double keep = theta[i];
        theta[i] = keep + h;
        const double up = f(theta);
        theta[i] = keep - h;
        const double down = f(theta);
        theta[i] = keep;
        gradient[i] = (up - down) / (2.0 * h);
    }
    return gradient;
}

// 4.3 L = (1/n) Σ rᵢ² with rᵢ = w·xᵢ + b − yᵢ; the chain rule gives ∂L/∂w = (2/n) Σ rᵢ·∂rᵢ/∂w = (2/n) Σ rᵢxᵢ
// and ∂L/∂b = (2/n) Σ rᵢ.
Vector line_loss_gradient(const LineData& data, const Vector& theta) {
    if (theta.size() != 2) throw std::invalid_argument("line_loss_gradient: θ = (w, b) needs 2 entries");
    if (data.x.empty() || data.x.size() != data.y.size())
        throw std::invalid_argument("line_loss_gradient: need the same number (> 0) of x and y values");
    const double n = static_cast<double>(data.x.size());
    double dw = 0.0, db = 0.0;
    for (std::size_t i = 0; i < data.x.size(); ++i) {
        const double residual = theta[0] * data.x[i] + theta[1] - data.y[i];
        dw += 2.0 * residual * data.x[i] / n;
        db += 2.0 * residual / n;
    }
    return {dw, db};
}

// 4.4 A single rise is normal on a non-convex loss; a run of rises that has climbed above the start is not.
Divergence detect_divergence(const std::vector<double>& losses, std::size_t patience) {
    if (patience == 0) throw std::invalid_argument("detect_divergence: patience must be ≥ 1");
    if (losses.empty()) return Divergence::none;
    if (!std::isfinite(losses.back())) return Divergence::non_finite;
    if (losses.size() <= patience || !(losses.back() > losses.front())) return Divergence::none;
    for (std::size_t k = losses.size() - patience; k < losses.size(); ++k)
        if (!(losses[k] > losses[k - 1])) return Divergence::none;
    return Divergence::growing;
}

// 4.5 Check the gradient before stepping, so that a start already at the minimum costs no update, and
// check divergence after stepping, so that a NaN is never stepped from.
GdResult gradient_descent(const Objective& f, const Gradient& grad, Vector start, GdOptions options) {
    if (!(options.lr > 0.0) || !(options.tol >= 0.0) || options.patience == 0 || start.empty())
        throw std::invalid_argument("gradient_descent: need lr > 0, tol ≥ 0, patience ≥ 1 and a start point");
    GdResult result;
    result.theta = std::move(start);
    result.losses.push_back(f(result.theta));
    result.path.push_back(result.theta);
    result.grad_norm = std::numeric_limits<double>::quiet_NaN();
    if (detect_divergence(result.losses, options.patience) != Divergence::none) {
        result.status = GdStatus::diverged;
        return result;
    }
    while (true) {
        const Vector g = grad(result.theta);
        if (g.size() != result.theta.size())
            throw std::invalid_argument("gradient_descent: the gradient has " + std::to_string(g.size()) +
                                        " entries but θ has " + std::to_string(result.theta.size()));
        double squared = 0.0;
        for (double gi : g) squared += gi * gi;
        result.grad_norm = std::sqrt(squared);
        if (result.grad_norm <= options.tol) {
            result.status = GdStatus::converged;
            return result;
        }
        if (result.iterations == options.max_iters) {
            result.status = GdStatus::max_iters;
            return result;
        }
        for (std::size_t i = 0; i < g.size(); ++i) result.theta[i] -= options.lr * g[i];
        ++result.iterations;
        result.losses.push_back(f(result.theta));
        result.path.push_back(result.theta);
        if (detect_divergence(result.losses, options.patience) != Divergence::none) {
            result.status = GdStatus::diverged;
            return result;
        }
    }
}

}  // namespace course::gradient_descent
