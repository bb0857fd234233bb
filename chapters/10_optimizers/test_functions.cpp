// Given: the chapter's ten test functions. Each gradient is derived by hand in the comment above it and
// checked against central differences in the tests (Chapter10TestFunctions).
#include "chapters/10_optimizers/test_functions.hpp"

#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>

namespace course::optimizers {

namespace {

constexpr double pi = std::numbers::pi;

// x² + y²: the round bowl, every direction the same curvature 2.
double sphere(double x, double y) { return x * x + y * y; }
Point d_sphere(double x, double y) { return {2 * x, 2 * y}; }

// 0.1x² + 2y²: curvatures 0.2 and 4, condition number 20 — a ravine along x.
double ill_conditioned(double x, double y) { return 0.1 * x * x + 2 * y * y; }
Point d_ill_conditioned(double x, double y) { return {0.2 * x, 4 * y}; }

// (1 − x)² + 100(y − x²)²: a curved, flat-bottomed valley along y = x².
//   ∂f/∂x = −2(1 − x) − 400x(y − x²),  ∂f/∂y = 200(y − x²).
double rosenbrock(double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); }
Point d_rosenbrock(double x, double y) { return {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)}; }

// Σₖ (cₖ − x + x·yᵏ)² with c = 1.5, 2.25, 2.625: flat plateaus and sharp ridges.
//   With rₖ = cₖ − x + x·yᵏ:  ∂f/∂x = Σ 2rₖ(yᵏ − 1),  ∂f/∂y = Σ 2rₖ·k·x·yᵏ⁻¹.
double beale(double x, double y) {
    const double r1 = 1.5 - x + x * y, r2 = 2.25 - x + x * y * y, r3 = 2.625 - x + x * y * y * y;
    return r1 * r1 + r2 * r2 + r3 * r3;
}
Point d_beale(double x, double y) {
    const double r1 = 1.5 - x + x * y, r2 = 2.25 - x + x * y * y, r3 = 2.625 - x + x * y * y * y;
    return {2 * r1 * (y - 1) + 2 * r2 * (y * y - 1) + 2 * r3 * (y * y * y - 1),
            2 * r1 * x + 2 * r2 * 2 * x * y + 2 * r3 * 3 * x * y * y};
}

// (x² + y − 11)² + (x + y² − 7)²: four minima of value 0.
//   With a = x² + y − 11, b = x + y² − 7:  ∂f/∂x = 4xa + 2b,  ∂f/∂y = 2a + 4yb.
double himmelblau(double x, double y) {
    const double a = x * x + y - 11, b = x + y * y - 7;
    return a * a + b * b;
}
Point d_himmelblau(double x, double y) {
    const double a = x * x + y - 11, b = x + y * y - 7;
    return {4 * x * a + 2 * b, 2 * a + 4 * y * b};
}

// (x + 2y − 7)² + (2x + y − 5)²: a tilted quadratic bowl, minimum at (1, 3).
double booth(double x, double y) {
    const double a = x + 2 * y - 7, b = 2 * x + y - 5;
    return a * a + b * b;
}
Point d_booth(double x, double y) {
    const double a = x + 2 * y - 7, b = 2 * x + y - 5;
    return {2 * a + 4 * b, 4 * a + 2 * b};
}

// 20 + Σ (θᵢ² − 10 cos 2πθᵢ): a bowl covered in local minima.  ∂f/∂θᵢ = 2θᵢ + 20π sin 2πθᵢ.
double rastrigin(double x, double y) {
    return 20 + x * x - 10 * std::cos(2 * pi * x) + y * y - 10 * std::cos(2 * pi * y);
}
Point d_rastrigin(double x, double y) {
    return {2 * x + 20 * pi * std::sin(2 * pi * x), 2 * y + 20 * pi * std::sin(2 * pi * y)};
}

// −20·exp(−0.2r) − exp(½(cos 2πx + cos 2πy)) + e + 20 with r = √(½(x² + y²)): nearly flat far out,
// a deep funnel at the origin. ∂r/∂x = x/(2r), so the first term gives 2x·exp(−0.2r)/r and the second
// π sin(2πx)·exp(½(…)). At r = 0 the cone has no gradient; we return its subgradient 0.
double ackley(double x, double y) {
    const double r = std::sqrt(0.5 * (x * x + y * y));
    return -20 * std::exp(-0.2 * r) - std::exp(0.5 * (std::cos(2 * pi * x) + std::cos(2 * pi * y))) +
           std::numbers::e + 20;
}
Point d_ackley(double x, double y) {
    const double r = std::sqrt(0.5 * (x * x + y * y));
    const double cone = r > 0 ? 2 * std::exp(-0.2 * r) / r : 0.0;
    const double ripple = pi * std::exp(0.5 * (std::cos(2 * pi * x) + std::cos(2 * pi * y)));
    return {cone * x + ripple * std::sin(2 * pi * x), cone * y + ripple * std::sin(2 * pi * y)};
}

// (4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y² = 4x² − 2.1x⁴ + x⁶/3 + xy − 4y² + 4y⁴: six minima, two global.
double six_hump_camel(double x, double y) {
    const double x2 = x * x, y2 = y * y;
    return (4 - 2.1 * x2 + x2 * x2 / 3) * x2 + x * y + (4 * y2 - 4) * y2;
}
Point d_six_hump_camel(double x, double y) {
    const double x2 = x * x;
    return {8 * x - 8.4 * x2 * x + 2 * x2 * x2 * x + y, x - 8 * y + 16 * y * y * y};
}

// x² − y²: a saddle at the origin, unbounded below along y.
double saddle(double x, double y) { return x * x - y * y; }
Point d_saddle(double x, double y) { return {2 * x, -2 * y}; }

}  // namespace

const std::vector<TestFunction>& test_functions() {
    static const std::vector<TestFunction> functions{
        {"sphere", "f(x, y) = x² + y²", sphere, d_sphere, -5.12, 5.12, -5.12, 5.12, {{0, 0}}, 0.0, {3, 4}},
        {"ill_conditioned", "f(x, y) = 0.1x² + 2y²", ill_conditioned, d_ill_conditioned, -5, 5, -5, 5,
         {{0, 0}}, 0.0, {-4.5, 2}},
        {"rosenbrock", "f(x, y) = (1 − x)² + 100(y − x²)²", rosenbrock, d_rosenbrock, -2.048, 2.048, -2.048,
         2.048, {{1, 1}}, 0.0, {-1.5, -1.5}},
        {"beale", "f(x, y) = (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", beale, d_beale, -4.5,
         4.5, -4.5, 4.5, {{3, 0.5}}, 0.0, {1, 1.5}},
        {"himmelblau", "f(x, y) = (x² + y − 11)² + (x + y² − 7)²", himmelblau, d_himmelblau, -5, 5, -5, 5,
         {{3, 2},
          {-2.805118086952745, 3.131312518250573},
          {-3.779310253377747, -3.283185991286170},
          {3.584428340330492, -1.848126526964404}},
         0.0, {0, 0}},
        {"booth", "f(x, y) = (x + 2y − 7)² + (2x + y − 5)²", booth, d_booth, -10, 10, -10, 10, {{1, 3}}, 0.0,
         {-8, 8}},
        {"rastrigin", "f(x, y) = 20 + x² − 10 cos 2πx + y² − 10 cos 2πy", rastrigin, d_rastrigin, -5.12, 5.12,
         -5.12, 5.12, {{0, 0}}, 0.0, {3.2, -2.7}},
        {"ackley", "f(x, y) = −20 exp(−0.2 √(½(x² + y²))) − exp(½(cos 2πx + cos 2πy)) + e + 20", ackley,
         d_ackley, -5, 5, -5, 5, {{0, 0}}, 0.0, {2.5, -3.5}},
        {"six_hump_camel", "f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y²", six_hump_camel,
         d_six_hump_camel, -3, 3, -2, 2,
         {{0.08984201368301331, -0.7126564032704135}, {-0.08984201368301331, 0.7126564032704135}},
         -1.031628453489877, {-1.5, 1.5}},
        {"saddle", "f(x, y) = x² − y²", saddle, d_saddle, -2, 2, -2, 2, {}, -std::numeric_limits<double>::infinity(), {-1.5, 0.01}},
    };
    return functions;
}

const TestFunction& test_function(const std::string& name) {
    for (const TestFunction& f : test_functions())
        if (f.name == name) return f;
    std::string known;
    for (const auto& n : test_function_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown test function '" + name + "' (known: " + known + ")");
}

std::vector<std::string> test_function_names() {
    std::vector<std::string> names;
    for (const TestFunction& f : test_functions()) names.push_back(f.name);
    return names;
}

}  // namespace course::optimizers
