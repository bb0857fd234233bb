#include "common/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "common/errors.hpp"

namespace course {

namespace {

// Below this, a gradient entry is too small to be resolved by central differences of an f of order
// 1 (whose round-off alone is about 1e-11), so it is compared on this absolute scale instead.
constexpr double relative_error_floor = 1e-8;

std::string show(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

std::string at(std::size_t row, std::size_t col) {
    return "(" + std::to_string(row) + ", " + std::to_string(col) + ")";
}

}  // namespace

Matrix numerical_gradient(const std::function<double(const Matrix&)>& f, const Matrix& x, double h) {
    if (!(h > 0.0)) throw std::invalid_argument("numerical_gradient: the step h must be positive, got " + show(h));
    Matrix probe = x;
    Matrix gradient(x.rows(), x.cols());
    for (std::size_t i = 0; i < x.size(); ++i) {
        const double original = x.data()[i];
        const double above = original + h;
        const double below = original - h;
        probe.data()[i] = above;
        const double f_above = f(probe);
        probe.data()[i] = below;
        const double f_below = f(probe);
        probe.data()[i] = original;  // restored exactly, not by subtracting h again
        // Dividing by the step actually taken, rather than by 2h, removes the error of rounding
        // x ± h to the nearest doubles.
        gradient.data()[i] = (f_above - f_below) / (above - below);
    }
    return gradient;
}

double relative_error(double analytic, double numerical) {
    const double difference = std::abs(analytic - numerical);
    if (difference == 0.0) return 0.0;
    return difference / std::max({std::abs(analytic), std::abs(numerical), relative_error_floor});
}

double max_relative_error(const Matrix& analytic, const Matrix& numerical) {
    return compare_gradients(analytic, numerical).max_relative_error;
}

GradCheckReport compare_gradients(const Matrix& analytic, const Matrix& numerical) {
    require_same_shape("compare_gradients", analytic, numerical);
    GradCheckReport report{.analytic = analytic, .numerical = numerical};
    for (std::size_t r = 0; r < analytic.rows(); ++r)
        for (std::size_t c = 0; c < analytic.cols(); ++c) {
            const double error = relative_error(analytic(r, c), numerical(r, c));
            // A NaN (from a NaN or infinite gradient) is the worst error of all, and stays reported.
            const bool worse = std::isnan(error) ? !std::isnan(report.max_relative_error)
                                                 : error > report.max_relative_error;
            if (worse) {
                report.max_relative_error = error;
                report.worst_row = r;
                report.worst_col = c;
            }
        }
    return report;
}

std::string GradCheckReport::describe() const {
    std::string text = "gradient " + analytic.shape() + ": max relative error " + show(max_relative_error);
    if (analytic.empty()) return text;
    text += " at " + at(worst_row, worst_col) + ", analytic " + show(analytic(worst_row, worst_col)) +
            " vs numerical " + show(numerical(worst_row, worst_col));
    constexpr std::size_t entries_shown_in_full = 16;
    if (analytic.size() <= entries_shown_in_full) {
        text += "\n  entry        analytic           numerical          relative error";
        for (std::size_t r = 0; r < analytic.rows(); ++r)
            for (std::size_t c = 0; c < analytic.cols(); ++c) {
                char line[160];
                std::snprintf(line, sizeof line, "\n  %-10s %-18.10g %-18.10g %.3g", at(r, c).c_str(), analytic(r, c),
                              numerical(r, c), relative_error(analytic(r, c), numerical(r, c)));
                text += line;
            }
    }
    return text;
}

GradCheckReport check_gradient(const std::function<Var(const Var&)>& f, const Matrix& x, double h) {
    return check_gradients([&f](const std::vector<Var>& inputs) { return f(inputs[0]); }, {x}, h).front();
}

std::vector<GradCheckReport> check_gradients(const std::function<Var(const std::vector<Var>&)>& f,
                                             const std::vector<Matrix>& inputs, double h) {
    std::vector<Var> parameters;
    for (const Matrix& input : inputs) parameters.push_back(parameter(input));
    f(parameters).backward();

    std::vector<GradCheckReport> reports;
    for (std::size_t k = 0; k < inputs.size(); ++k) {
        // Input k varies, every input is a constant: the numerical pass builds graphs it never
        // differentiates, so it costs forward passes only.
        auto f_of_input_k = [&](const Matrix& x) {
            std::vector<Var> constants;
            for (std::size_t j = 0; j < inputs.size(); ++j) constants.push_back(constant(j == k ? x : inputs[j]));
            return f(constants).item();
        };
        reports.push_back(compare_gradients(parameters[k].grad(), numerical_gradient(f_of_input_k, inputs[k], h)));
    }
    return reports;
}

}  // namespace course
