// Chapter 07 — reference solutions. Same functions, same order as exercises/07_random_baseline.cpp.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "common/errors.hpp"

namespace course::random_baseline {

// 7.1 One running sum of |error| per column, divided by n.
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

// 7.2 The constant c minimising Σ(c − yᵢ)² solves Σ(c − yᵢ) = 0: the mean.
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

}  // namespace course::random_baseline
