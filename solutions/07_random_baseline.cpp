// Chapter 07 — reference solutions. Same functions, same order as exercises/07_random_baseline.cpp.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "common/errors.hpp"

namespace course::random_baseline {

// Exercise 7.1 — the mean absolute error in degrees, one per output column.
//   One running sum of |error| per column, divided by n.
AngleErrors mean_absolute_error_degrees(const Matrix& predicted_angles, const Matrix& true_angles) {
    if (!predicted_angles.same_shape(true_angles) || true_angles.cols() != 2 || true_angles.rows() == 0)
        throw ShapeError("mean_absolute_error_degrees: need two n×2 matrices (n > 0), got predictions " +
                         predicted_angles.shape() + " and targets " + true_angles.shape());
    AngleErrors errors;
    for (std::size_t i = 0; i < true_angles.rows(); ++i) {
        errors.yaw += std::abs(predicted_angles(i, 0) - true_angles(i, 0));
        errors.pitch += std::abs(predicted_angles(i, 1) - true_angles(i, 1));
    }
    const double n = static_cast<double>(true_angles.rows());
    return {errors.yaw / n, errors.pitch / n};
}

// Exercise 7.2 — the baseline that ignores the picture: the training set's mean angles.
//   The constant c minimising Σ(c − yᵢ)² solves Σ(c − yᵢ) = 0: the mean.
Matrix mean_baseline_predictions(const Matrix& train_angles, std::size_t n) {
    if (train_angles.rows() == 0 || train_angles.cols() != 2)
        throw std::invalid_argument("mean_baseline_predictions: need m×2 training angles (m > 0), got " +
                                    train_angles.shape());
    const Matrix means = mean_rows(train_angles);
    Matrix predictions(n, 2);
    for (std::size_t i = 0; i < n; ++i) {
        predictions(i, 0) = means(0, 0);
        predictions(i, 1) = means(0, 1);
    }
    return predictions;
}

// Exercise 7.3 — what guessing costs, in closed form and by drawing.
//   For |c| ≤ A, split the integral at y = c:
//     E|c − Y| = (1/2A)·[∫₋ₐᶜ (c − y) dy + ∫ᶜₐ (y − c) dy] = (1/2A)·[(c + A)²/2 + (A − c)²/2] = (A² + c²)/(2A),
//   smallest at c = 0 (A/2). For |c| > A every miss has the same sign, so E|c − Y| = |c − E Y| = |c|.
//   A uniform guess G averages the first case over c: E|G − Y| = (A² + E G²)/(2A) = (A² + A²/3)/(2A) = 2A/3.
double expected_mae_constant(double c, double half_range) {
    if (!(half_range > 0)) throw std::invalid_argument("expected_mae_constant: the half-range must be > 0");
    if (std::abs(c) > half_range) return std::abs(c);
    return (half_range * half_range + c * c) / (2 * half_range);
}

double expected_mae_uniform_guess(double half_range) {
    if (!(half_range > 0)) throw std::invalid_argument("expected_mae_uniform_guess: the half-range must be > 0");
    return 2 * half_range / 3;
}

Matrix uniform_guess_predictions(std::size_t n, double max_yaw, double max_pitch, Rng& rng) {
    if (!(max_yaw > 0) || !(max_pitch > 0))
        throw std::invalid_argument("uniform_guess_predictions: the half-ranges must be > 0");
    Matrix guesses(n, 2);
    for (std::size_t i = 0; i < n; ++i) {
        guesses(i, 0) = rng.uniform(-max_yaw, max_yaw);
        guesses(i, 1) = rng.uniform(-max_pitch, max_pitch);
    }
    return guesses;
}

}  // namespace course::random_baseline
