// Chapter 01 — the loss landscape. Your exercises: replace each `throw NotImplemented(...)` with
// your code, then run `make test CH=01`. Stuck? `make hint EX=1.2` (then LEVEL=2, LEVEL=3).
// The README derives the math; ℒ is the loss. The model ŷ = predict(params, x) = w·x + b is given.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/01_loss_landscape/loss_landscape.hpp"
#include "common/errors.hpp"

namespace course::loss_landscape {

// Exercise 1.1 — the residuals (README §2).
//   Returns rᵢ = ŷᵢ − yᵢ for every point, in the order of the data: prediction minus target, the sign
//   convention every gradient in this course is written in.
//   Throws std::invalid_argument when there are no points or x and y differ in length.
std::vector<double> residuals(const LineData& data, const LineParams& params) {
    throw NotImplemented("1.1");
}

// Exercise 1.2 — the mean squared error (README §2).
//   Returns ℒ(w, b), the loss of the line on the data: one number, the mean over all n points (not a sum,
//   not n − 1, and no square root: that would be the RMSE). Same input errors as 1.1.
double mse_loss(const LineData& data, const LineParams& params) {
    throw NotImplemented("1.2");
}

// Exercise 1.3 — the mean absolute error (README §2).
//   Returns the mean over all n points of each residual's size: the absolute value is taken per residual,
//   before anything is added up. Same input errors as 1.1.
double mae_loss(const LineData& data, const LineParams& params) {
    throw NotImplemented("1.3");
}

// Exercise 1.4 — the best constant model ŷ = c: what MSE and MAE each choose (README §2, "Outliers").
//   mse_best_constant: the c that minimises (1/n) Σ (c − yᵢ)².
//   mae_best_constant: the c that minimises (1/n) Σ |c − yᵢ|; when a whole interval of c minimises it
//                      (an even count), its midpoint. y need not be sorted, and stays unchanged.
//   Both throw std::invalid_argument for no values.
double mse_best_constant(const std::vector<double>& y) {
    throw NotImplemented("1.4");
}

double mae_best_constant(const std::vector<double>& y) {
    throw NotImplemented("1.4");
}

// Exercise 1.5 — the loss landscape on a grid (README §4).
//   Returns a spec.n_b × spec.n_w matrix with losses(j, i) = ℒ at (grid_w(spec, i), grid_b(spec, j)):
//   rows index b, columns index w, so that a plot puts w on the horizontal axis.
Matrix loss_grid(const LineData& data, const GridSpec& spec) {
    throw NotImplemented("1.5");
}

// Exercise 1.6 — the lowest point of the grid (README §4).
//   Returns the entry with the smallest loss: its column i_w, row j_b, its (w, b) and its loss. On ties,
//   the first one in row-major order. Throws std::invalid_argument if losses is not spec.n_b × spec.n_w.
GridPoint grid_minimum(const Matrix& losses, const GridSpec& spec) {
    throw NotImplemented("1.6");
}

// Exercise 1.7 — the exact minimum from the normal equations (README §5).
//   Returns the (w*, b*) where ∂ℒ/∂w = ∂ℒ/∂b = 0. Throws std::invalid_argument for no points, x and y of
//   different lengths, or all x equal (the slope is then undetermined).
LineParams least_squares(const LineData& data) {
    throw NotImplemented("1.7");
}

}  // namespace course::loss_landscape
