// Chapter 16, given code: the problems the lecture runs on.
#include <cmath>
#include <memory>
#include <numbers>
#include <string>
#include <stdexcept>

#include "chapters/16_derivative_free/lecture.hpp"
#include "common/matrix.hpp"

namespace course::derivative_free {

double forrester(double x) { return (6.0 * x - 2.0) * (6.0 * x - 2.0) * std::sin(12.0 * x - 4.0); }

Objective rotated_ellipsoid(std::size_t dim, double log10_condition) {
    auto Q = std::make_shared<Matrix>(Matrix::identity(dim));
    for (std::size_t i = 0; i + 1 < dim; ++i) {
        const double a = 0.5 + 0.3 * static_cast<double>(i), c = std::cos(a), s = std::sin(a);
        Matrix G = Matrix::identity(dim);
        G(i, i) = c;
        G(i, i + 1) = -s;
        G(i + 1, i) = s;
        G(i + 1, i + 1) = c;
        *Q = matmul(G, *Q);
    }
    Vector scale(dim);
    for (std::size_t i = 0; i < dim; ++i)
        scale[i] = dim == 1 ? 1.0 : std::pow(10.0, log10_condition * static_cast<double>(i) / static_cast<double>(dim - 1));
    return [Q, scale](const Vector& x) {
        double total = 0.0;
        for (std::size_t i = 0; i < scale.size(); ++i) {
            double z = 0.0;
            for (std::size_t j = 0; j < scale.size(); ++j) z += (*Q)(i, j) * x[j];
            total += scale[i] * z * z;
        }
        return total;
    };
}

// TEMPORARY until common/test_problems.hpp lands on main.
Problem2 lecture_problem(const std::string& name) {
    if (name == "rastrigin")
        return {"Rastrigin", [](const Vector& x) {
                    double t = 20.0;
                    for (const double v : x) t += v * v - 10.0 * std::cos(2.0 * std::numbers::pi * v);
                    return t;
                },
                [](const Vector& x) {
                    Vector g(x.size());
                    for (std::size_t i = 0; i < x.size(); ++i) g[i] = 2.0 * x[i] + 20.0 * std::numbers::pi * std::sin(2.0 * std::numbers::pi * x[i]);
                    return g;
                },
                {{-5.12, -5.12}, {5.12, 5.12}}, 0.0};
    if (name == "rosenbrock")
        return {"Rosenbrock", [](const Vector& x) { return 100.0 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1.0 - x[0], 2); },
                [](const Vector& x) {
                    return Vector{-400.0 * x[0] * (x[1] - x[0] * x[0]) - 2.0 * (1.0 - x[0]), 200.0 * (x[1] - x[0] * x[0])};
                },
                {{-2.0, -2.0}, {2.0, 2.0}}, 0.0};
    if (name == "himmelblau")
        return {"Himmelblau", [](const Vector& x) { return std::pow(x[0] * x[0] + x[1] - 11.0, 2) + std::pow(x[0] + x[1] * x[1] - 7.0, 2); },
                [](const Vector& x) {
                    const double a = x[0] * x[0] + x[1] - 11.0, b = x[0] + x[1] * x[1] - 7.0;
                    return Vector{4.0 * x[0] * a + 2.0 * b, 2.0 * a + 4.0 * x[1] * b};
                },
                {{-5.0, -5.0}, {5.0, 5.0}}, 0.0};
    if (name == "six_hump_camel")
        return {"six-hump camel", [](const Vector& p) {
                    const double x = p[0], y = p[1];
                    return (4.0 - 2.1 * x * x + x * x * x * x / 3.0) * x * x + x * y + (-4.0 + 4.0 * y * y) * y * y;
                },
                [](const Vector& p) {
                    const double x = p[0], y = p[1];
                    return Vector{8.0 * x - 8.4 * x * x * x + 2.0 * x * x * x * x * x + y, x - 8.0 * y + 16.0 * y * y * y};
                },
                {{-3.0, -2.0}, {3.0, 2.0}}, -1.031628453489877};
    throw std::invalid_argument("lecture_problem: unknown problem " + name);
}

}  // namespace course::derivative_free
