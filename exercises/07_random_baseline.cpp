// Chapter 07 — the random baseline. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=07`. Stuck? `make hint EX=7.1`. The README derives the math.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "common/errors.hpp"

namespace course::random_baseline {

// Exercise 7.1 — the mean absolute error in degrees, one per output column.
//   yaw = (1/n) Σᵢ |predᵢ₀ − trueᵢ₀|       pitch = (1/n) Σᵢ |predᵢ₁ − trueᵢ₁|
// Throw course::ShapeError unless both matrices are n×2 with the same n > 0.
AngleErrors mean_absolute_error_degrees(const Matrix& predicted_angles, const Matrix& true_angles) {
    throw NotImplemented("7.1");
}

// Exercise 7.2 — the baseline that ignores the picture: always predict the training set's mean angles.
//   c = ( mean of train_angles' column 0, mean of column 1 );   return n rows, each equal to c
// Throw std::invalid_argument when train_angles is empty or not m×2.
Matrix mean_baseline_predictions(const Matrix& train_angles, std::size_t n) {
    throw NotImplemented("7.2");
}

}  // namespace course::random_baseline
