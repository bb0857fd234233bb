// Chapter 02, given code: the test functions of chapters 02–04, each with its gradient and its known
// minimum, and the evaluation log that chapter 04 uses to time every method the same way.
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/02_random_search/random_search.hpp"

namespace course::random_search {

namespace {

void require_dim(const Vector& theta, std::size_t dim, const std::string& name) {
    if (theta.size() != dim)
        throw std::invalid_argument(name + ": expects a point with " + std::to_string(dim) + " coordinates, got " +
                                    std::to_string(theta.size()));
}

Box cube(std::size_t dim, double half_width) { return {Vector(dim, -half_width), Vector(dim, half_width)}; }

}  // namespace

TestFunction bowl() {
    TestFunction f;
    f.name = "bowl";
    f.value = [](const Vector& t) {
        require_dim(t, 2, "bowl");
        return (t[0] - 1.0) * (t[0] - 1.0) + (t[1] + 0.5) * (t[1] + 0.5);
    };
    f.gradient = [](const Vector& t) {
        require_dim(t, 2, "bowl");
        return Vector{2.0 * (t[0] - 1.0), 2.0 * (t[1] + 0.5)};
    };
    f.bounds = cube(2, 4.0);
    f.minimizer = {1.0, -0.5};
    f.max_curvature = 2.0;  // the Hessian is 2·I
    return f;
}

// With u = Rᵀ(θ − c) the loss is ½(u₁² + κ u₂²): in the rotated coordinates u the valley's axes are the
// coordinate axes, with curvatures 1 and κ. A = R diag(1, κ) Rᵀ is symmetric, so ∇f = A(θ − c).
TestFunction elongated_bowl(double condition) {
    if (!(condition >= 1.0)) throw std::invalid_argument("elongated_bowl: the condition number must be ≥ 1");
    const double angle = std::numbers::pi / 6.0;
    const double c = std::cos(angle), s = std::sin(angle);
    // A = R diag(1, κ) Rᵀ with R = [[c, −s], [s, c]], written out.
    const double a11 = c * c + condition * s * s;
    const double a12 = (1.0 - condition) * c * s;
    const double a22 = s * s + condition * c * c;
    TestFunction f;
    f.name = "elongated bowl";
    f.value = [=](const Vector& t) {
        require_dim(t, 2, "elongated_bowl");
        const double dx = t[0] - 1.0, dy = t[1] + 0.5;
        return 0.5 * (a11 * dx * dx + 2.0 * a12 * dx * dy + a22 * dy * dy);
    };
    f.gradient = [=](const Vector& t) {
        require_dim(t, 2, "elongated_bowl");
        const double dx = t[0] - 1.0, dy = t[1] + 0.5;
        return Vector{a11 * dx + a12 * dy, a12 * dx + a22 * dy};
    };
    f.bounds = cube(2, 4.0);
    f.minimizer = {1.0, -0.5};
    f.max_curvature = condition;
    return f;
}

// Each coordinate adds xᵢ² − 10 cos 2πxᵢ: a parabola with a ripple of height 20 on top, so every
// integer point is (nearly) a local minimum. f'' = 2 + 40π² cos 2πx is largest, 2 + 40π², at integers.
TestFunction rastrigin(std::size_t dim) {
    if (dim == 0) throw std::invalid_argument("rastrigin: the dimension must be at least 1");
    constexpr double two_pi = 2.0 * std::numbers::pi;
    TestFunction f;
    f.name = "Rastrigin";
    f.value = [dim](const Vector& t) {
        require_dim(t, dim, "rastrigin");
        double total = 10.0 * static_cast<double>(dim);
        for (double x : t) total += x * x - 10.0 * std::cos(two_pi * x);
        return total;
    };
    f.gradient = [dim](const Vector& t) {
        require_dim(t, dim, "rastrigin");
        Vector g(dim);
        for (std::size_t i = 0; i < dim; ++i) g[i] = 2.0 * t[i] + 10.0 * two_pi * std::sin(two_pi * t[i]);
        return g;
    };
    f.bounds = cube(dim, 5.12);
    f.minimizer = Vector(dim, 0.0);
    f.max_curvature = 2.0 + 40.0 * std::numbers::pi * std::numbers::pi;
    return f;
}

TestFunction himmelblau() {
    TestFunction f;
    f.name = "Himmelblau";
    f.value = [](const Vector& t) {
        require_dim(t, 2, "himmelblau");
        const double p = t[0] * t[0] + t[1] - 11.0, q = t[0] + t[1] * t[1] - 7.0;
        return p * p + q * q;
    };
    // ∂/∂x = 2p·2x + 2q,  ∂/∂y = 2p + 2q·2y  (chain rule through p and q).
    f.gradient = [](const Vector& t) {
        require_dim(t, 2, "himmelblau");
        const double p = t[0] * t[0] + t[1] - 11.0, q = t[0] + t[1] * t[1] - 7.0;
        return Vector{4.0 * t[0] * p + 2.0 * q, 2.0 * p + 4.0 * t[1] * q};
    };
    f.bounds = cube(2, 5.0);
    f.minimizer = {3.0, 2.0};
    // The Hessian [[12x² + 4y − 42, 4x + 4y], [4x + 4y, 12y² + 4x − 26]] has its largest eigenvalue on
    // the box at the corner (5, 5): 286 + √(8² + 40²) ≈ 326.8.
    f.max_curvature = 286.0 + std::sqrt(64.0 + 1600.0);
    return f;
}

TestFunction sphere(std::size_t dim) {
    if (dim == 0) throw std::invalid_argument("sphere: the dimension must be at least 1");
    TestFunction f;
    f.name = "sphere";
    f.value = [dim](const Vector& t) {
        require_dim(t, dim, "sphere");
        double total = 0.0;
        for (double x : t) total += x * x;
        return total;
    };
    f.gradient = [dim](const Vector& t) {
        require_dim(t, dim, "sphere");
        Vector g(t);
        for (double& x : g) x *= 2.0;
        return g;
    };
    f.bounds = cube(dim, 1.0);
    f.minimizer = Vector(dim, 0.0);
    f.max_curvature = 2.0;
    return f;
}

EvaluationLog::EvaluationLog(Objective f) : f_(std::move(f)), start_(std::chrono::steady_clock::now()) {}

Objective EvaluationLog::objective() {
    return [this](const Vector& theta) {
        const double value = f_(theta);
        values_.push_back(value);
        seconds_.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
        return value;
    };
}

}  // namespace course::random_search
