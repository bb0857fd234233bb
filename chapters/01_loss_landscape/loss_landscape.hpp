// Chapter 01 — the loss landscape.
//
// The optimization problem of the whole course in its smallest form: fit a line ŷ = w·x + b to noisy
// points by choosing the parameters θ = (w, b) that minimise the mean squared error
//
//     ℒ(w, b) = (1/n) Σᵢ (w·xᵢ + b − yᵢ)².
//
// Evaluated over a grid of (w, b), ℒ is a surface over the parameter plane: the loss landscape. Every
// later optimizer is a strategy for walking down such a surface without seeing all of it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/matrix.hpp"

namespace course::loss_landscape {

struct LineData {
    std::vector<double> x;
    std::vector<double> y;
};

struct LineParams {
    double w = 0.0;  // slope
    double b = 0.0;  // intercept
};

// The rectangle of the (w, b) plane to evaluate, and how many grid points along each axis (≥ 2).
// Grid point (i, j) sits at w = w_min + i·(w_max − w_min)/(n_w − 1), b likewise with j.
struct GridSpec {
    double w_min = -1.0, w_max = 5.0;
    double b_min = -4.0, b_max = 2.0;
    std::size_t n_w = 121, n_b = 121;
};

struct GridPoint {
    std::size_t i_w = 0;  // column of the loss matrix
    std::size_t j_b = 0;  // row of the loss matrix
    double w = 0.0, b = 0.0, loss = 0.0;
};

// ---- given: the data and the model ---------------------------------------------------------------------
// n points with x uniform in [−2, 2] and y = true_w·x + true_b + Gaussian noise of the given std-dev,
// drawn from the course's generator: the same seed gives the same points everywhere.
LineData make_line_data(std::uint64_t seed, std::size_t n = 40, double true_w = 2.0, double true_b = -1.0,
                        double noise = 0.6);
double grid_w(const GridSpec& spec, std::size_t i);
double grid_b(const GridSpec& spec, std::size_t j);
// The model's prediction ŷ = w·x + b.
double predict(const LineParams& params, double x);

// ---- exercises --------------------------------------------------------------------------------------
// 1.1 The residuals rᵢ = ŷᵢ − yᵢ (prediction minus target), one per point, in order. Throws
//     std::invalid_argument for no points or x and y of different lengths.
std::vector<double> residuals(const LineData& data, const LineParams& params);
// 1.2 The mean squared error (1/n) Σ rᵢ². Throws std::invalid_argument for empty or unequal x, y.
double mse_loss(const LineData& data, const LineParams& params);
// 1.3 The mean absolute error (1/n) Σ |rᵢ|, the loss that is robust to outliers but has a kink.
double mae_loss(const LineData& data, const LineParams& params);
// 1.4 The best constant model ŷ = c for targets y: the c that minimises the MSE (the mean) and the c
//     that minimises the MAE (the median; for an even count the midpoint of the two middle values).
//     Throws std::invalid_argument for no values.
double mse_best_constant(const std::vector<double>& y);
double mae_best_constant(const std::vector<double>& y);
// 1.5 The landscape: losses(j, i) = mse_loss at (grid_w(i), grid_b(j)); rows are b, columns are w.
Matrix loss_grid(const LineData& data, const GridSpec& spec);
// 1.6 The grid point with the smallest loss (the first one met in row-major order on ties).
GridPoint grid_minimum(const Matrix& losses, const GridSpec& spec);
// 1.7 The exact minimiser from the normal equations (closed-form least squares).
LineParams least_squares(const LineData& data);

}  // namespace course::loss_landscape
