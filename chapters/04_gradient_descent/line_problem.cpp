// Chapter 04, given code: the chapter's loss (chapter 01's line fit on shifted inputs), its curvature
// and its exact minimiser, for checking what gradient descent finds.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/04_gradient_descent/gradient_descent.hpp"

namespace course::gradient_descent {

namespace {

loss_landscape::LineParams as_params(const Vector& theta) {
    if (theta.size() != 2)
        throw std::invalid_argument("line_loss: θ = (w, b) has 2 entries, got " + std::to_string(theta.size()));
    return {theta[0], theta[1]};
}

}  // namespace

LineData shifted_line_data(std::uint64_t seed, std::size_t n, double shift) {
    LineData data = loss_landscape::make_line_data(seed, n, 2.0, -1.0, 0.6);
    for (double& x : data.x) x += shift;
    return data;
}

double line_loss(const LineData& data, const Vector& theta) { return loss_landscape::mse_loss(data, as_params(theta)); }

// The loss is quadratic in (w, b), so its Hessian is constant: differentiating (1/n) Σ (w·xᵢ + b − yᵢ)²
// twice gives (2/n) Σ xᵢ², (2/n) Σ xᵢ and (2/n)·n.
Matrix line_loss_hessian(const LineData& data) {
    if (data.x.empty()) throw std::invalid_argument("line_loss_hessian: no data");
    const double n = static_cast<double>(data.x.size());
    double sum_x = 0.0, sum_xx = 0.0;
    for (double x : data.x) {
        sum_x += x;
        sum_xx += x * x;
    }
    return Matrix::from_rows({{2.0 * sum_xx / n, 2.0 * sum_x / n}, {2.0 * sum_x / n, 2.0}});
}

Curvature line_loss_curvature(const LineData& data) {
    const QuadraticSpectrum spectrum = analyze_hessian(line_loss_hessian(data));
    return {spectrum.mu, spectrum.L};
}

Vector line_loss_minimizer(const LineData& data) {
    const auto fit = loss_landscape::least_squares(data);
    return {fit.w, fit.b};
}

std::string to_string(GdStatus status) {
    switch (status) {
        case GdStatus::converged: return "converged";
        case GdStatus::max_iters: return "hit the iteration cap";
        case GdStatus::diverged: return "diverged";
    }
    return "?";
}

}  // namespace course::gradient_descent
