// Chapter 07 — the random baseline. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=07`. Stuck? `make hint EX=7.1` (and LEVEL=2, LEVEL=3 for more).
// The README derives the math; random_baseline.hpp defines the types.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "common/errors.hpp"

namespace course::random_baseline {

// Exercise 7.1 — the mean absolute error in degrees, one per output column (README, section 1).
//   in:  predicted_angles, true_angles: n×2, column 0 yaw and column 1 pitch, in degrees
//   out: {yaw, pitch}, each the mean over the n faces of the absolute miss in that column
//   errors: course::ShapeError unless both are n×2 with the same n > 0 (name both shapes).
AngleErrors mean_absolute_error_degrees(const Matrix& predicted_angles, const Matrix& true_angles) {
    throw NotImplemented("7.1");
}

// Exercise 7.2 — the baseline that ignores the picture (README, section 3).
//   in:  train_angles: m×2 training targets; n: how many faces to predict
//   out: n×2, every row the constant that minimises the squared error on the training targets
//   errors: std::invalid_argument when train_angles has no rows or not 2 columns.
Matrix mean_baseline_predictions(const Matrix& train_angles, std::size_t n) {
    throw NotImplemented("7.2");
}

// Exercise 7.3 — what guessing costs, in closed form and by drawing (README, section 4).
//   expected_mae_constant(c, A):   E|c − Y| for Y uniform on [−A, A], for ANY real c (also |c| > A)
//   expected_mae_uniform_guess(A): E|G − Y| for G and Y independent, both uniform on [−A, A]
//   uniform_guess_predictions(n, max_yaw, max_pitch, rng): n×2 guesses, yaw uniform on [−max_yaw, max_yaw),
//       pitch on [−max_pitch, max_pitch); drawn row by row, yaw before pitch, one rng.uniform each
//   errors: all three throw std::invalid_argument for a half-range ≤ 0.
// Derive the closed forms on paper first; the tests compare them with averages over many draws.
double expected_mae_constant(double c, double half_range) {
    throw NotImplemented("7.3");
}

double expected_mae_uniform_guess(double half_range) {
    throw NotImplemented("7.3");
}

Matrix uniform_guess_predictions(std::size_t n, double max_yaw, double max_pitch, Rng& rng) {
    throw NotImplemented("7.3");
}

}  // namespace course::random_baseline
