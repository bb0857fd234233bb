// Chapter 04 — reference solutions. Same functions, same order as exercises/04_gradient_descent.cpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "common/errors.hpp"

namespace course::gradient_descent {

// Exercise 4.1 — forward-difference gradient.
// Taylor: f(θ + h·eᵢ) = f(θ) + h·∂ᵢf + (h²/2)·∂ᵢ²f + …, so the quotient is ∂ᵢf + (h/2)·∂ᵢ²f + …: O(h).
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

// Exercise 4.2 — central-difference gradient.
// Subtracting the expansions at θ ± h·eᵢ cancels the even terms: the quotient is ∂ᵢf + (h²/6)·∂ᵢ³f + …
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

// Exercise 4.3 — the analytic gradient of the line-fit loss.
// ℒ = (1/n) Σ rᵢ² with rᵢ = w·xᵢ + b − yᵢ; the chain rule gives ∂ℒ/∂w = (2/n) Σ rᵢ·∂rᵢ/∂w = (2/n) Σ rᵢxᵢ
// and ∂ℒ/∂b = (2/n) Σ rᵢ.
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

// Exercise 4.4 — has the run diverged?
// A single rise is normal on a non-convex loss; a run of rises that has climbed above the start is not.
Divergence detect_divergence(const std::vector<double>& losses, std::size_t patience) {
    if (patience == 0) throw std::invalid_argument("detect_divergence: patience must be ≥ 1");
    if (losses.empty()) return Divergence::none;
    if (!std::isfinite(losses.back())) return Divergence::non_finite;
    if (losses.size() <= patience || !(losses.back() > losses.front())) return Divergence::none;
    for (std::size_t k = losses.size() - patience; k < losses.size(); ++k)
        if (!(losses[k] > losses[k - 1])) return Divergence::none;
    return Divergence::growing;
}

// Exercise 4.5 — gradient descent with a tolerance, an iteration cap and divergence detection.
// Check the gradient before stepping, so that a start already at the minimum costs no update, and
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

// Exercise 4.6 — the 2/L threshold and κ from the Hessian.
// The eigenvalues of a symmetric [[a, c], [c, d]] solve λ² − (a + d)λ + (ad − c²) = 0:
//     λ = (a + d)/2 ± √(((a − d)/2)² + c²).
// In H's eigenbasis GD multiplies each error component by (1 − αλᵢ), so it converges iff every
// |1 − αλᵢ| < 1, i.e. α < 2/L; the two extreme factors balance, 1 − αμ = −(1 − αL), at α = 2/(L + μ).
QuadraticSpectrum analyze_hessian(const Matrix& hessian) {
    if (hessian.rows() != 2 || hessian.cols() != 2)
        throw ShapeError("analyze_hessian: the Hessian must be 2×2, got " + hessian.shape());
    const double a = hessian(0, 0), c = hessian(0, 1), d = hessian(1, 1);
    if (c != hessian(1, 0)) throw std::invalid_argument("analyze_hessian: a Hessian is symmetric, H(0,1) ≠ H(1,0)");
    const double mean = (a + d) / 2.0, radius = std::hypot((a - d) / 2.0, c);
    QuadraticSpectrum s;
    s.mu = mean - radius;
    s.L = mean + radius;
    if (!(s.mu > 0.0))
        throw std::invalid_argument("analyze_hessian: λ_min = " + std::to_string(s.mu) +
                                    " ≤ 0, the quadratic is not strongly convex and has no condition number");
    s.kappa = s.L / s.mu;
    s.max_lr = 2.0 / s.L;
    s.best_lr = 2.0 / (s.L + s.mu);
    s.best_rate = (s.kappa - 1.0) / (s.kappa + 1.0);
    return s;
}

double gd_rate(const QuadraticSpectrum& spectrum, double lr) {
    return std::max(std::abs(1.0 - lr * spectrum.mu), std::abs(1.0 - lr * spectrum.L));
}

}  // namespace course::gradient_descent
