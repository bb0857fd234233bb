// Chapter 01 — reference solutions. Same functions, same order as exercises/01_loss_landscape.cpp.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/01_loss_landscape/loss_landscape.hpp"

namespace course::loss_landscape {

namespace {
void require_points(const LineData& data, const char* who) {
    if (data.x.empty() || data.x.size() != data.y.size())
        throw std::invalid_argument(std::string(who) + ": need the same number (> 0) of x and y values, got " +
                                    std::to_string(data.x.size()) + " and " + std::to_string(data.y.size()));
}
}  // namespace

// Exercise 1.1 — the residuals.
// Prediction minus target, so that ∂ℒ/∂b = (2/n) Σ rᵢ: a positive mean residual means the line is too high.
std::vector<double> residuals(const LineData& data, const LineParams& params) {
    require_points(data, "residuals");
    std::vector<double> r(data.x.size());
    for (std::size_t i = 0; i < r.size(); ++i) r[i] = predict(params, data.x[i]) - data.y[i];
    return r;
}

// Exercise 1.2 — the mean squared error.
double mse_loss(const LineData& data, const LineParams& params) {
    double total = 0.0;
    for (double r : residuals(data, params)) total += r * r;
    return total / static_cast<double>(data.x.size());
}

// Exercise 1.3 — the mean absolute error.
double mae_loss(const LineData& data, const LineParams& params) {
    double total = 0.0;
    for (double r : residuals(data, params)) total += std::abs(r);
    return total / static_cast<double>(data.x.size());
}

// Exercise 1.4 — the best constant model under MSE and under MAE.
// d/dc (1/n) Σ (c − yᵢ)² = (2/n) Σ (c − yᵢ) = 0 at the mean. The MAE's slope in c is
// (#{yᵢ < c} − #{yᵢ > c})/n: zero, or changing sign, where as many values lie above c as below — the median.
double mse_best_constant(const std::vector<double>& y) {
    if (y.empty()) throw std::invalid_argument("mse_best_constant: need at least one value");
    double total = 0.0;
    for (double v : y) total += v;
    return total / static_cast<double>(y.size());
}

double mae_best_constant(const std::vector<double>& y) {
    if (y.empty()) throw std::invalid_argument("mae_best_constant: need at least one value");
    std::vector<double> sorted = y;
    std::sort(sorted.begin(), sorted.end());
    const std::size_t n = sorted.size();
    return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
}

// Exercise 1.5 — the loss landscape on a grid.
Matrix loss_grid(const LineData& data, const GridSpec& spec) {
    Matrix losses(spec.n_b, spec.n_w);
    for (std::size_t j = 0; j < spec.n_b; ++j)
        for (std::size_t i = 0; i < spec.n_w; ++i) losses(j, i) = mse_loss(data, {grid_w(spec, i), grid_b(spec, j)});
    return losses;
}

// Exercise 1.6 — the lowest point of the grid.
GridPoint grid_minimum(const Matrix& losses, const GridSpec& spec) {
    if (losses.rows() != spec.n_b || losses.cols() != spec.n_w)
        throw std::invalid_argument("grid_minimum: losses are " + losses.shape() + " but the grid is (" +
                                    std::to_string(spec.n_b) + "×" + std::to_string(spec.n_w) + ")");
    GridPoint best{0, 0, grid_w(spec, 0), grid_b(spec, 0), losses(0, 0)};
    for (std::size_t j = 0; j < losses.rows(); ++j)
        for (std::size_t i = 0; i < losses.cols(); ++i)
            if (losses(j, i) < best.loss) best = {i, j, grid_w(spec, i), grid_b(spec, j), losses(j, i)};
    return best;
}

// Exercise 1.7 — the exact minimum, in closed form.
// Setting ∂ℒ/∂w = ∂ℒ/∂b = 0 gives the normal equations; their solution is
//     w = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)²,   b = ȳ − w·x̄.
LineParams least_squares(const LineData& data) {
    require_points(data, "least_squares");
    const double n = static_cast<double>(data.x.size());
    double x_mean = 0.0, y_mean = 0.0;
    for (std::size_t i = 0; i < data.x.size(); ++i) {
        x_mean += data.x[i] / n;
        y_mean += data.y[i] / n;
    }
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t i = 0; i < data.x.size(); ++i) {
        sxy += (data.x[i] - x_mean) * (data.y[i] - y_mean);
        sxx += (data.x[i] - x_mean) * (data.x[i] - x_mean);
    }
    if (sxx == 0.0) throw std::invalid_argument("least_squares: all x are equal, so the slope is undetermined");
    const double w = sxy / sxx;
    return {w, y_mean - w * x_mean};
}

}  // namespace course::loss_landscape
