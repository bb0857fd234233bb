// The catalogue of test problems (test_problems.hpp). Each gradient and Hessian is derived in the comment
// above it; tests/common/test_problems_test.cpp checks them against finite differences.
#include "common/test_problems.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <utility>

namespace course::problems {

namespace {

constexpr double pi = std::numbers::pi;

void require_dim(const Vector& t, std::size_t dim, const char* name) {
    if (t.size() != dim)
        throw std::invalid_argument(std::string(name) + ": expects a point with " + std::to_string(dim) +
                                    " coordinates, got " + std::to_string(t.size()));
}

Vector constant(std::size_t dim, double v) { return Vector(dim, v); }

// The pattern (a, b, a, b, …) of length dim: the n-D start points.
Vector alternating(std::size_t dim, double a, double b) {
    Vector v(dim);
    for (std::size_t i = 0; i < dim; ++i) v[i] = i % 2 == 0 ? a : b;
    return v;
}

Matrix symmetric2(double a, double b, double c) { return Matrix::from_rows({{a, b}, {b, c}}); }

// A 2-D problem from f(x, y), ∇f and ∇²f written on (x, y).
template <class F, class G, class H>
Problem two_d(const char* name, std::string formula, F f, G g, H h, std::vector<Vector> minimizers, double minimum,
              Vector start, double x0, double x1, double y0, double y1) {
    Problem p;
    p.name = name;
    p.formula = std::move(formula);
    p.dim = 2;
    p.value = [name, f](const Vector& t) {
        require_dim(t, 2, name);
        return f(t[0], t[1]);
    };
    p.gradient = [name, g](const Vector& t) {
        require_dim(t, 2, name);
        return g(t[0], t[1]);
    };
    p.hessian = [name, h](const Vector& t) {
        require_dim(t, 2, name);
        return h(t[0], t[1]);
    };
    p.minimizers = std::move(minimizers);
    p.minimum = minimum;
    p.start = std::move(start);
    p.lower = {x0, y0};
    p.upper = {x1, y1};
    return p;
}

}  // namespace

// Σ xᵢ²: ∇f = 2x, ∇²f = 2I.
Problem sphere(std::size_t dim) {
    if (dim == 0) throw std::invalid_argument("sphere: the dimension must be at least 1");
    Problem p;
    p.name = "sphere";
    p.formula = dim == 2 ? "f(x, y) = x² + y²" : "f(x) = Σ xᵢ²";
    p.dim = dim;
    p.value = [dim](const Vector& t) {
        require_dim(t, dim, "sphere");
        double total = 0.0;
        for (double x : t) total += x * x;
        return total;
    };
    p.gradient = [dim](const Vector& t) {
        require_dim(t, dim, "sphere");
        Vector g(t);
        for (double& x : g) x *= 2.0;
        return g;
    };
    p.hessian = [dim](const Vector& t) {
        require_dim(t, dim, "sphere");
        return 2.0 * Matrix::identity(dim);
    };
    p.minimizers = {constant(dim, 0.0)};
    p.start = alternating(dim, 3.0, 4.0);
    p.lower = constant(dim, -5.12);
    p.upper = constant(dim, 5.12);
    return p;
}

// ½ Σ λᵢxᵢ²: ∇f = (λᵢxᵢ), ∇²f = diag(λ).
Problem quadratic(std::size_t dim, double condition) {
    if (dim == 0) throw std::invalid_argument("quadratic: the dimension must be at least 1");
    if (!(condition >= 1.0) || !std::isfinite(condition))
        throw std::invalid_argument("quadratic: the condition number must be finite and ≥ 1, got " +
                                    std::to_string(condition));
    Vector lambda(dim, 1.0);
    for (std::size_t i = 1; i < dim; ++i)
        lambda[i] = std::pow(condition, static_cast<double>(i) / static_cast<double>(dim - 1));
    if (dim > 1) lambda[dim - 1] = condition;  // exactly κ, whatever pow rounds to
    Problem p;
    p.name = "quadratic";
    p.formula = "f(x) = ½ Σ λᵢxᵢ², λᵢ = κ^(i/(d−1)), κ = " + std::to_string(condition);
    p.dim = dim;
    p.value = [dim, lambda](const Vector& t) {
        require_dim(t, dim, "quadratic");
        double total = 0.0;
        for (std::size_t i = 0; i < dim; ++i) total += lambda[i] * t[i] * t[i];
        return 0.5 * total;
    };
    p.gradient = [dim, lambda](const Vector& t) {
        require_dim(t, dim, "quadratic");
        Vector g(dim);
        for (std::size_t i = 0; i < dim; ++i) g[i] = lambda[i] * t[i];
        return g;
    };
    p.hessian = [dim, lambda](const Vector& t) {
        require_dim(t, dim, "quadratic");
        Matrix h(dim, dim);
        for (std::size_t i = 0; i < dim; ++i) h(i, i) = lambda[i];
        return h;
    };
    p.minimizers = {constant(dim, 0.0)};
    p.start = constant(dim, 1.0);
    p.lower = constant(dim, -5.0);
    p.upper = constant(dim, 5.0);
    return p;
}

// 0.1x² + 2y²: ∇f = (0.2x, 4y), ∇²f = diag(0.2, 4).
Problem ill_conditioned() {
    return two_d(
        "ill_conditioned", "f(x, y) = 0.1x² + 2y²", [](double x, double y) { return 0.1 * x * x + 2 * y * y; },
        [](double x, double y) { return Vector{0.2 * x, 4 * y}; },
        [](double, double) { return symmetric2(0.2, 0.0, 4.0); }, {{0, 0}}, 0.0, {-4.5, 2}, -5, 5, -5, 5);
}

// (x − 1)² + (y + 0.5)²: ∇f = (2(x − 1), 2(y + 0.5)), ∇²f = 2I.
Problem bowl() {
    return two_d(
        "bowl", "f(x, y) = (x − 1)² + (y + 0.5)²",
        [](double x, double y) { return (x - 1.0) * (x - 1.0) + (y + 0.5) * (y + 0.5); },
        [](double x, double y) { return Vector{2.0 * (x - 1.0), 2.0 * (y + 0.5)}; },
        [](double, double) { return symmetric2(2.0, 0.0, 2.0); }, {{1.0, -0.5}}, 0.0, {-3, 3}, -4, 4, -4, 4);
}

// With u = Rᵀ(θ − c) the loss is ½(u₁² + κu₂²); A = R diag(1, κ) Rᵀ is symmetric, so ∇f = A(θ − c), ∇²f = A.
Problem elongated_bowl(double condition) {
    if (!(condition >= 1.0)) throw std::invalid_argument("elongated_bowl: the condition number must be ≥ 1");
    const double angle = pi / 6.0;
    const double c = std::cos(angle), s = std::sin(angle);
    const double a11 = c * c + condition * s * s;
    const double a12 = (1.0 - condition) * c * s;
    const double a22 = s * s + condition * c * c;
    return two_d(
        "elongated_bowl", "f(θ) = ½(θ − c)ᵀA(θ − c), A = R diag(1, κ) Rᵀ",
        [=](double x, double y) {
            const double dx = x - 1.0, dy = y + 0.5;
            return 0.5 * (a11 * dx * dx + 2.0 * a12 * dx * dy + a22 * dy * dy);
        },
        [=](double x, double y) {
            const double dx = x - 1.0, dy = y + 0.5;
            return Vector{a11 * dx + a12 * dy, a12 * dx + a22 * dy};
        },
        [=](double, double) { return symmetric2(a11, a12, a22); }, {{1.0, -0.5}}, 0.0, {-3, 3}, -4, 4, -4, 4);
}

// Σᵢ (1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)². Term i touches xᵢ and xᵢ₊₁:
//   ∂/∂xᵢ = −2(1 − xᵢ) − 400xᵢ(xᵢ₊₁ − xᵢ²),  ∂/∂xᵢ₊₁ = 200(xᵢ₊₁ − xᵢ²);
//   ∂²/∂xᵢ² = 2 − 400(xᵢ₊₁ − xᵢ²) + 800xᵢ²,  ∂²/∂xᵢ∂xᵢ₊₁ = −400xᵢ,  ∂²/∂xᵢ₊₁² = 200.
Problem rosenbrock(std::size_t dim) {
    if (dim < 2) throw std::invalid_argument("rosenbrock: the dimension must be at least 2");
    Problem p;
    p.name = "rosenbrock";
    p.formula = dim == 2 ? "f(x, y) = (1 − x)² + 100(y − x²)²" : "f(x) = Σ (1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)²";
    p.dim = dim;
    p.value = [dim](const Vector& t) {
        require_dim(t, dim, "rosenbrock");
        double total = 0.0;
        for (std::size_t i = 0; i + 1 < dim; ++i) {
            const double x = t[i], y = t[i + 1];
            total += (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
        }
        return total;
    };
    p.gradient = [dim](const Vector& t) {
        require_dim(t, dim, "rosenbrock");
        Vector g(dim, 0.0);
        for (std::size_t i = 0; i + 1 < dim; ++i) {
            const double x = t[i], y = t[i + 1];
            g[i] += -2 * (1 - x) - 400 * x * (y - x * x);
            g[i + 1] += 200 * (y - x * x);
        }
        return g;
    };
    p.hessian = [dim](const Vector& t) {
        require_dim(t, dim, "rosenbrock");
        Matrix h(dim, dim);
        for (std::size_t i = 0; i + 1 < dim; ++i) {
            const double x = t[i], y = t[i + 1];
            h(i, i) += 2 - 400 * (y - x * x) + 800 * x * x;
            h(i, i + 1) += -400 * x;
            h(i + 1, i) += -400 * x;
            h(i + 1, i + 1) += 200;
        }
        return h;
    };
    p.minimizers = {constant(dim, 1.0)};
    p.start = alternating(dim, -1.2, 1.0);
    p.lower = constant(dim, -2.048);
    p.upper = constant(dim, 2.048);
    return p;
}

// Σₖ rₖ² with r₁ = 1.5 − x + xy, r₂ = 2.25 − x + xy², r₃ = 2.625 − x + xy³:
//   ∇f = Σ 2rₖ∇rₖ,  ∇²f = Σ 2(∇rₖ∇rₖᵀ + rₖ∇²rₖ), with ∇rₖ = (yᵏ − 1, k·x·yᵏ⁻¹) and
//   ∇²rₖ = [[0, k·yᵏ⁻¹], [k·yᵏ⁻¹, k(k − 1)·x·yᵏ⁻²]].
Problem beale() {
    return two_d(
        "beale", "f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²",
        [](double x, double y) {
            const double r1 = 1.5 - x + x * y, r2 = 2.25 - x + x * y * y, r3 = 2.625 - x + x * y * y * y;
            return r1 * r1 + r2 * r2 + r3 * r3;
        },
        [](double x, double y) {
            const double r1 = 1.5 - x + x * y, r2 = 2.25 - x + x * y * y, r3 = 2.625 - x + x * y * y * y;
            return Vector{2 * r1 * (y - 1) + 2 * r2 * (y * y - 1) + 2 * r3 * (y * y * y - 1),
                          2 * r1 * x + 2 * r2 * 2 * x * y + 2 * r3 * 3 * x * y * y};
        },
        [](double x, double y) {
            const double r[3] = {1.5 - x + x * y, 2.25 - x + x * y * y, 2.625 - x + x * y * y * y};
            double hxx = 0, hxy = 0, hyy = 0;
            for (int k = 1; k <= 3; ++k) {
                const double rk = r[k - 1];
                const double yk1 = std::pow(y, k - 1), yk = yk1 * y;
                const double ax = yk - 1, ay = k * x * yk1;                 // ∇rₖ
                const double bxy = k * yk1, byy = k * (k - 1) * x * (k >= 2 ? std::pow(y, k - 2) : 0.0);
                hxx += 2 * ax * ax;
                hxy += 2 * (ax * ay + rk * bxy);
                hyy += 2 * (ay * ay + rk * byy);
            }
            return symmetric2(hxx, hxy, hyy);
        },
        {{3, 0.5}}, 0.0, {1, 1.5}, -4.5, 4.5, -4.5, 4.5);
}

// a = x + 2y − 7, b = 2x + y − 5: ∇f = (2a + 4b, 4a + 2b), ∇²f = [[10, 8], [8, 10]].
Problem booth() {
    return two_d(
        "booth", "f(x, y) = (x + 2y − 7)² + (2x + y − 5)²",
        [](double x, double y) {
            const double a = x + 2 * y - 7, b = 2 * x + y - 5;
            return a * a + b * b;
        },
        [](double x, double y) {
            const double a = x + 2 * y - 7, b = 2 * x + y - 5;
            return Vector{2 * a + 4 * b, 4 * a + 2 * b};
        },
        [](double, double) { return symmetric2(10, 8, 10); }, {{1, 3}}, 0.0, {-8, 8}, -10, 10, -10, 10);
}

// a = x² + y − 11, b = x + y² − 7: ∇f = (4xa + 2b, 2a + 4yb),
// ∇²f = [[12x² + 4y − 42, 4x + 4y], [4x + 4y, 12y² + 4x − 26]].
Problem himmelblau() {
    return two_d(
        "himmelblau", "f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
        [](double x, double y) {
            const double a = x * x + y - 11, b = x + y * y - 7;
            return a * a + b * b;
        },
        [](double x, double y) {
            const double a = x * x + y - 11, b = x + y * y - 7;
            return Vector{4 * x * a + 2 * b, 2 * a + 4 * y * b};
        },
        [](double x, double y) {
            return symmetric2(12 * x * x + 4 * y - 42, 4 * x + 4 * y, 12 * y * y + 4 * x - 26);
        },
        {{3, 2},
         {-2.805118086952745, 3.131312518250573},
         {-3.779310253377747, -3.283185991286170},
         {3.584428340330492, -1.848126526964404}},
        0.0, {0, 0}, -5, 5, -5, 5);
}

// 4x² − 2.1x⁴ + x⁶/3 + xy − 4y² + 4y⁴: ∇f = (8x − 8.4x³ + 2x⁵ + y, x − 8y + 16y³),
// ∇²f = [[8 − 25.2x² + 10x⁴, 1], [1, −8 + 48y²]].
Problem six_hump_camel() {
    return two_d(
        "six_hump_camel", "f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y²",
        [](double x, double y) {
            const double x2 = x * x, y2 = y * y;
            return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (4 * y2 - 4) * y2;
        },
        [](double x, double y) {
            const double x2 = x * x;
            return Vector{8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y, x - 8 * y + 16 * y * y * y};
        },
        [](double x, double y) { return symmetric2(8 - 25.2 * x * x + 10 * x * x * x * x, 1, -8 + 48 * y * y); },
        {{0.08984201368301331, -0.7126564032704135}, {-0.08984201368301331, 0.7126564032704135}},
        -1.031628453489877, {-1.5, 1.5}, -3, 3, -2, 2);
}

// x² − y²: ∇f = (2x, −2y), ∇²f = diag(2, −2).
Problem saddle() {
    return two_d(
        "saddle", "f(x, y) = x² − y²", [](double x, double y) { return x * x - y * y; },
        [](double x, double y) { return Vector{2 * x, -2 * y}; },
        [](double, double) { return symmetric2(2, 0, -2); }, {}, -std::numeric_limits<double>::infinity(),
        {-1.5, 0.01}, -2, 2, -2, 2);
}

// 10d + Σ (xᵢ² − 10 cos 2πxᵢ): ∂f/∂xᵢ = 2xᵢ + 20π sin 2πxᵢ, ∂²f/∂xᵢ² = 2 + 40π² cos 2πxᵢ (diagonal).
Problem rastrigin(std::size_t dim) {
    if (dim == 0) throw std::invalid_argument("rastrigin: the dimension must be at least 1");
    constexpr double two_pi = 2.0 * pi;
    Problem p;
    p.name = "rastrigin";
    p.formula = dim == 2 ? "f(x, y) = 20 + x² − 10 cos 2πx + y² − 10 cos 2πy" : "f(x) = 10d + Σ (xᵢ² − 10 cos 2πxᵢ)";
    p.dim = dim;
    p.value = [dim](const Vector& t) {
        require_dim(t, dim, "rastrigin");
        double total = 10.0 * static_cast<double>(dim);
        for (double x : t) total += x * x - 10.0 * std::cos(two_pi * x);
        return total;
    };
    p.gradient = [dim](const Vector& t) {
        require_dim(t, dim, "rastrigin");
        Vector g(dim);
        for (std::size_t i = 0; i < dim; ++i) g[i] = 2.0 * t[i] + 10.0 * two_pi * std::sin(two_pi * t[i]);
        return g;
    };
    p.hessian = [dim](const Vector& t) {
        require_dim(t, dim, "rastrigin");
        Matrix h(dim, dim);
        for (std::size_t i = 0; i < dim; ++i) h(i, i) = 2.0 + 20.0 * two_pi * pi * std::cos(two_pi * t[i]);
        return h;
    };
    p.minimizers = {constant(dim, 0.0)};
    p.start = alternating(dim, 3.2, -2.7);
    p.lower = constant(dim, -5.12);
    p.upper = constant(dim, 5.12);
    return p;
}

// With r = √(Σxᵢ²/d) and c = Σ cos 2πxᵢ / d: f = −20e^(−0.2r) − e^c + e + 20.
//   ∂r/∂xᵢ = xᵢ/(d·r), so the cone gives (4/d)·e^(−0.2r)/r · xᵢ; the ripple gives (2π/d)·e^c · sin 2πxᵢ.
// At r = 0 the cone has no gradient; we return its subgradient 0.
Problem ackley(std::size_t dim) {
    if (dim == 0) throw std::invalid_argument("ackley: the dimension must be at least 1");
    Problem p;
    p.name = "ackley";
    p.formula = dim == 2 ? "f(x, y) = −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20"
                         : "f(x) = −20 exp(−0.2 √(Σxᵢ²/d)) − exp(Σ cos 2πxᵢ / d) + e + 20";
    p.dim = dim;
    const double d = static_cast<double>(dim);
    p.value = [dim, d](const Vector& t) {
        require_dim(t, dim, "ackley");
        double squares = 0.0, cosines = 0.0;
        for (double x : t) squares += x * x;
        for (double x : t) cosines += std::cos(2 * pi * x);
        const double r = std::sqrt(squares / d);
        return -20 * std::exp(-0.2 * r) - std::exp(cosines / d) + std::numbers::e + 20;
    };
    p.gradient = [dim, d](const Vector& t) {
        require_dim(t, dim, "ackley");
        double squares = 0.0, cosines = 0.0;
        for (double x : t) squares += x * x;
        for (double x : t) cosines += std::cos(2 * pi * x);
        const double r = std::sqrt(squares / d);
        const double cone = r > 0 ? (4.0 / d) * std::exp(-0.2 * r) / r : 0.0;
        const double ripple = (2 * pi / d) * std::exp(cosines / d);
        Vector g(dim);
        for (std::size_t i = 0; i < dim; ++i) g[i] = cone * t[i] + ripple * std::sin(2 * pi * t[i]);
        return g;
    };
    p.minimizers = {constant(dim, 0.0)};
    p.start = alternating(dim, 2.5, -3.5);
    p.lower = constant(dim, -5.0);
    p.upper = constant(dim, 5.0);
    return p;
}

std::vector<std::string> problem_names() {
    return {"sphere", "ill_conditioned", "rosenbrock", "beale",     "himmelblau", "booth",          "rastrigin",
            "ackley", "six_hump_camel",  "saddle",     "quadratic", "bowl",       "elongated_bowl"};
}

Problem make_problem(const std::string& name, std::size_t dim) {
    const auto only_2d = [&](Problem (*make)()) {
        if (dim != 2) throw std::invalid_argument(name + " is 2-D only, not " + std::to_string(dim) + "-D");
        return make();
    };
    if (name == "sphere") return sphere(dim);
    if (name == "quadratic") return quadratic(dim, 100.0);
    if (name == "rosenbrock") return rosenbrock(dim);
    if (name == "rastrigin") return rastrigin(dim);
    if (name == "ackley") return ackley(dim);
    if (name == "ill_conditioned") return only_2d(ill_conditioned);
    if (name == "beale") return only_2d(beale);
    if (name == "booth") return only_2d(booth);
    if (name == "himmelblau") return only_2d(himmelblau);
    if (name == "six_hump_camel") return only_2d(six_hump_camel);
    if (name == "saddle") return only_2d(saddle);
    if (name == "bowl") return only_2d(bowl);
    if (name == "elongated_bowl") {
        if (dim != 2) throw std::invalid_argument(name + " is 2-D only, not " + std::to_string(dim) + "-D");
        return elongated_bowl(20.0);
    }
    std::string known;
    for (const auto& n : problem_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown test problem '" + name + "' (known: " + known + ")");
}

}  // namespace course::problems
