// Chapter 15 — second-order methods: the reference solutions.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/15_second_order/second_order.hpp"
#include "common/errors.hpp"

namespace course::second_order {

// Exercise 15.1 — the Hessian by central differences of the gradient.
Matrix fd_hessian(const GradientFunction& gradient, const Vector& x, double h) {
    const std::size_t n = x.size();
    Matrix A(n, n);
    Vector probe = x;
    for (std::size_t j = 0; j < n; ++j) {
        const double step = h * std::max(1.0, std::abs(x[j]));
        probe[j] = x[j] + step;
        const Vector up = gradient(probe);
        probe[j] = x[j] - step;
        const Vector down = gradient(probe);
        probe[j] = x[j];
        for (std::size_t i = 0; i < n; ++i) A(i, j) = (up[i] - down[i]) / (2.0 * step);
    }
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = i + 1; j < n; ++j) A(i, j) = A(j, i) = 0.5 * (A(i, j) + A(j, i));
    return A;
}

// Exercise 15.2 — the Newton direction with an added multiple of the identity (N&W Alg. 3.3).
NewtonDirection newton_direction(const Matrix& H, const Vector& g, double beta) {
    const std::size_t n = g.size();
    if (H.rows() != n || H.cols() != n)
        throw ShapeError("newton_direction: H is " + H.shape() + " but g has " + std::to_string(n) + " entries");
    double min_diagonal = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) min_diagonal = std::min(min_diagonal, H(i, i));
    double tau = min_diagonal > 0.0 ? 0.0 : -min_diagonal + beta;
    Matrix shifted = H, L;
    for (;;) {
        for (std::size_t i = 0; i < n; ++i) shifted(i, i) = H(i, i) + tau;
        if (cholesky(shifted, L)) break;
        tau = std::max(2.0 * tau, beta);
    }
    Vector minus_g(n);
    for (std::size_t i = 0; i < n; ++i) minus_g[i] = -g[i];
    return {cholesky_solve(L, minus_g), tau};
}

// Exercise 15.3 — Armijo backtracking.
LineSearchResult backtracking(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options) {
    if (!(at0.dphi < 0.0))
        throw std::invalid_argument("backtracking: φ'(0) = " + std::to_string(at0.dphi) + " is not < 0 (not a descent direction)");
    LineSearchResult result;
    double alpha = options.alpha0;
    while (result.evaluations < options.max_evaluations) {
        const LinePoint trial = phi(alpha);
        ++result.evaluations;
        result.trials.push_back(trial);
        result.point = trial;
        if (trial.phi <= at0.phi + options.c1 * alpha * at0.dphi) {
            result.converged = true;
            return result;
        }
        alpha *= options.shrink;
    }
    return result;
}

// Exercise 15.4 — the strong Wolfe line search (N&W Algorithms 3.5 and 3.6).
LineSearchResult strong_wolfe(const LineFunction& phi, LinePoint at0, const LineSearchOptions& options) {
    if (!(at0.dphi < 0.0))
        throw std::invalid_argument("strong_wolfe: φ'(0) = " + std::to_string(at0.dphi) + " is not < 0 (not a descent direction)");
    LineSearchResult result;
    LinePoint best = at0;
    const auto evaluate = [&](double alpha) {
        const LinePoint trial = phi(alpha);
        ++result.evaluations;
        result.trials.push_back(trial);
        if (trial.phi < best.phi) best = trial;
        return trial;
    };
    const auto armijo = [&](const LinePoint& t) { return t.phi <= at0.phi + options.c1 * t.alpha * at0.dphi; };
    const auto curvature = [&](const LinePoint& t) { return std::abs(t.dphi) <= -options.c2 * at0.dphi; };
    const auto done = [&](const LinePoint& t, bool ok) {
        result.point = ok ? t : best;
        result.converged = ok;
        return result;
    };
    // Algorithm 3.6: lo satisfies sufficient decrease and has the lowest φ so far; the bracket [lo, hi]
    // holds a strong Wolfe point.
    const auto zoom = [&](LinePoint lo, LinePoint hi) {
        while (result.evaluations < options.max_evaluations) {
            const double left = std::min(lo.alpha, hi.alpha), right = std::max(lo.alpha, hi.alpha);
            double alpha = cubic_minimizer(lo.alpha, lo.phi, lo.dphi, hi.alpha, hi.phi, hi.dphi);
            const double margin = 0.1 * (right - left);
            if (!(alpha >= left + margin && alpha <= right - margin)) alpha = 0.5 * (left + right);
            const LinePoint trial = evaluate(alpha);
            if (!armijo(trial) || trial.phi >= lo.phi) {
                hi = trial;
            } else {
                if (curvature(trial)) return done(trial, true);
                if (trial.dphi * (hi.alpha - lo.alpha) >= 0.0) hi = lo;
                lo = trial;
            }
        }
        return done(best, false);
    };
    // Algorithm 3.5: grow α until it passes a minimiser of φ or meets the conditions.
    LinePoint previous = at0;
    double alpha = std::min(options.alpha0, options.alpha_max);
    for (int i = 1; result.evaluations < options.max_evaluations; ++i) {
        const LinePoint trial = evaluate(alpha);
        if (!armijo(trial) || (i > 1 && trial.phi >= previous.phi)) return zoom(previous, trial);
        if (curvature(trial)) return done(trial, true);
        if (trial.dphi >= 0.0) return zoom(trial, previous);
        if (alpha >= options.alpha_max) break;
        previous = trial;
        alpha = std::min(2.0 * alpha, options.alpha_max);
    }
    return done(best, false);
}

// Exercise 15.5 — linear conjugate gradient.
CgResult conjugate_gradient(const Matrix& A, const Vector& b, const Vector& x0, double tol, std::size_t max_iterations) {
    const std::size_t n = b.size();
    if (A.rows() != n || A.cols() != n || x0.size() != n)
        throw ShapeError("conjugate_gradient: A is " + A.shape() + ", b has " + std::to_string(n) + " entries, x0 " +
                         std::to_string(x0.size()));
    CgResult result{x0, {}, 0};
    const Vector Ax = multiply(A, x0);
    Vector r(n), p(n);
    for (std::size_t i = 0; i < n; ++i) r[i] = b[i] - Ax[i];
    p = r;
    double rr = dot(r, r);
    const double stop = tol * norm(b);
    result.residuals.push_back(std::sqrt(rr));
    while (std::sqrt(rr) > stop && result.iterations < max_iterations) {
        const Vector Ap = multiply(A, p);
        const double alpha = rr / dot(p, Ap);
        for (std::size_t i = 0; i < n; ++i) {
            result.x[i] += alpha * p[i];
            r[i] -= alpha * Ap[i];
        }
        const double rr_next = dot(r, r);
        const double beta = rr_next / rr;
        for (std::size_t i = 0; i < n; ++i) p[i] = r[i] + beta * p[i];
        rr = rr_next;
        ++result.iterations;
        result.residuals.push_back(std::sqrt(rr));
    }
    return result;
}

// Exercise 15.6 — the BFGS inverse update and the initial scaling.
bool bfgs_update(Matrix& H, const Vector& s, const Vector& y) {
    const std::size_t n = s.size();
    if (y.size() != n || H.rows() != n || H.cols() != n)
        throw ShapeError("bfgs_update: H is " + H.shape() + ", s has " + std::to_string(n) + " entries, y " +
                         std::to_string(y.size()));
    const double ys = dot(y, s);
    if (!(ys > 1e-10 * norm(s) * norm(y))) return false;
    const double rho = 1.0 / ys;
    const Vector Hy = multiply(H, y);  // H is symmetric, so yᵀH = (Hy)ᵀ
    const double yHy = dot(y, Hy);
    // (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ = H − ρ(Hy sᵀ + s yᵀH) + (ρ²yᵀHy + ρ) ssᵀ
    const double c = rho * rho * yHy + rho;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) H(i, j) += -rho * (Hy[i] * s[j] + s[i] * Hy[j]) + c * s[i] * s[j];
    return true;
}

double initial_scaling(const Vector& s, const Vector& y) { return dot(s, y) / dot(y, y); }

// Exercise 15.7 — the L-BFGS two-loop recursion.
Vector lbfgs_direction(const Vector& g, const std::vector<Vector>& s, const std::vector<Vector>& y) {
    if (s.size() != y.size())
        throw std::invalid_argument("lbfgs_direction: " + std::to_string(s.size()) + " s vectors but " +
                                    std::to_string(y.size()) + " y vectors");
    const std::size_t m = s.size();
    Vector q = g;
    std::vector<double> alpha(m), rho(m);
    for (std::size_t i = m; i-- > 0;) {  // newest to oldest
        rho[i] = 1.0 / dot(y[i], s[i]);
        alpha[i] = rho[i] * dot(s[i], q);
        for (std::size_t k = 0; k < q.size(); ++k) q[k] -= alpha[i] * y[i][k];
    }
    const double gamma = m == 0 ? 1.0 : initial_scaling(s[m - 1], y[m - 1]);
    for (double& v : q) v *= gamma;
    for (std::size_t i = 0; i < m; ++i) {  // oldest to newest
        const double beta = rho[i] * dot(y[i], q);
        for (std::size_t k = 0; k < q.size(); ++k) q[k] += (alpha[i] - beta) * s[i][k];
    }
    for (double& v : q) v = -v;
    return q;
}

// Exercise 15.8 — the measured order of convergence.
namespace {
void require_positive(const std::vector<double>& errors, const char* who) {
    for (std::size_t k = 0; k < errors.size(); ++k)
        if (!(errors[k] > 0.0))
            throw std::invalid_argument(std::string(who) + ": error " + std::to_string(k) + " is " +
                                        std::to_string(errors[k]) + " (errors must be > 0)");
}
}  // namespace

std::vector<double> order_estimates(const std::vector<double>& errors) {
    require_positive(errors, "order_estimates");
    std::vector<double> p;
    for (std::size_t k = 1; k + 1 < errors.size(); ++k) {
        const double below = std::log(errors[k] / errors[k - 1]);
        p.push_back(below == 0.0 ? std::numeric_limits<double>::quiet_NaN()
                                 : std::log(errors[k + 1] / errors[k]) / below);
    }
    return p;
}

std::vector<double> rate_ratios(const std::vector<double>& errors, double p) {
    require_positive(errors, "rate_ratios");
    std::vector<double> ratios;
    for (std::size_t k = 0; k + 1 < errors.size(); ++k) ratios.push_back(errors[k + 1] / std::pow(errors[k], p));
    return ratios;
}

}  // namespace course::second_order
