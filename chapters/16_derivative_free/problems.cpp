// Chapter 16, given code: the problems the lecture runs on.
#include <cctype>
#include <cmath>
#include <memory>
#include <string>
#include <stdexcept>

#include "chapters/16_derivative_free/lecture.hpp"
#include "common/matrix.hpp"
#include "common/test_problems.hpp"

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

// The catalogue's problem, its standard domain as the box, and a display name for tables and titles.
Problem2 lecture_problem(const std::string& name) {
    const problems::Problem p = problems::make_problem(name, 2);
    std::string display = name == "six_hump_camel" ? "six-hump camel" : name;
    display[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(display[0])));
    return {display, p.value, p.gradient, {p.lower, p.upper}, p.minimum};
}

}  // namespace course::derivative_free
