// Chapter 01 — the loss landscape. Your exercises: replace each `throw NotImplemented(...)` with
// your code, then run `make test CH=01`. Stuck? `make hint EX=1.2`. The README derives the math.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/01_loss_landscape/loss_landscape.hpp"
#include "common/errors.hpp"

namespace course::loss_landscape {

// Exercise 1.1 — the model.
//   ŷ = w·x + b
double predict(const LineParams& params, double x) {
    throw NotImplemented("1.1");
}

// Exercise 1.2 — the mean squared error over all n points.
//   L(w, b) = (1/n) Σᵢ (ŷᵢ − yᵢ)²
// Use predict(). Throw std::invalid_argument if there are no points or x and y differ in length.
double mse_loss(const LineData& data, const LineParams& params) {
    throw NotImplemented("1.2");
}

// Exercise 1.3 — the mean absolute error.
//   L₁(w, b) = (1/n) Σᵢ |ŷᵢ − yᵢ|
// Same input checks as 1.2.
double mae_loss(const LineData& data, const LineParams& params) {
    throw NotImplemented("1.3");
}

// Exercise 1.4 — the loss landscape on a grid.
//   losses(j, i) = mse_loss(data, {grid_w(spec, i), grid_b(spec, j)})
// Rows index b (spec.n_b of them), columns index w (spec.n_w of them).
Matrix loss_grid(const LineData& data, const GridSpec& spec) {
    throw NotImplemented("1.4");
}

// Exercise 1.5 — the lowest point of the grid.
// Scan losses in row-major order and keep the first strictly smaller value; return its indices,
// its (w, b) and its loss. Throw std::invalid_argument if losses is not spec.n_b × spec.n_w.
GridPoint grid_minimum(const Matrix& losses, const GridSpec& spec) {
    throw NotImplemented("1.5");
}

// Exercise 1.6 — the exact minimum, in closed form.
//   w* = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)²      b* = ȳ − w*·x̄
// Throw std::invalid_argument when all x are equal (the slope is then undetermined).
LineParams least_squares(const LineData& data) {
    throw NotImplemented("1.6");
}

}  // namespace course::loss_landscape
