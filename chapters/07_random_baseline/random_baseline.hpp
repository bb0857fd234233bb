// Chapter 07 — what an untrained network predicts, and the baselines a trained one must beat.
//
// The score of the whole face problem is the mean absolute error in degrees, per output:
//
//     MAE_yaw = (1/n) Σᵢ |ŷaw_i − yaw_i|,     MAE_pitch likewise,     MAE = (MAE_yaw + MAE_pitch) / 2.
//
// A model earns its keep only if it beats a model that ignores the picture. The simplest such model
// predicts the same angles for every face; the constant that minimises the squared error on the training
// set is the mean of the training targets (and the one that minimises the absolute error is the median).
// For yaw uniform on [−60°, 60°] either constant is about 0° and its MAE about 60/2 = 30°; for pitch
// about 15°. Guessing at random over the range is worse: 2/3 of the half-range, 40° and 20° (README,
// section 4). An untrained network's outputs are close to a constant too — but not to the right one.
#pragma once

#include <cstddef>
#include <string>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "chapters/06_neural_network/neural_network.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::random_baseline {

// Mean absolute errors in degrees.
struct AngleErrors {
    double yaw = 0, pitch = 0;
    double mean() const { return (yaw + pitch) / 2; }
};

// ---- given (baseline.cpp) --------------------------------------------------------------------------------
// The network's predictions in degrees: normalise the images with the training statistics, run the
// network, and map its outputs back from [−1, 1] to degrees. images: n×1024 → n×2 (yaw, pitch).
Matrix predict_angles(const neural_network::Network& network, const face_dataset::Normalizer& normalizer,
                      const Matrix& images);
// "yaw 12.3°, pitch 4.5°, mean 8.4°"
std::string describe(const AngleErrors& errors);

// ---- exercises -------------------------------------------------------------------------------------------
// 7.1 MAE per output column between predicted and true angles (both n×2, degrees). Throws
//     course::ShapeError if the shapes differ or are not n×2 with n > 0.
AngleErrors mean_absolute_error_degrees(const Matrix& predicted_angles, const Matrix& true_angles);
// 7.2 The mean-prediction baseline: the column means of the training angles (m×2), repeated on each of
//     n rows. Throws std::invalid_argument for an empty training set.
Matrix mean_baseline_predictions(const Matrix& train_angles, std::size_t n);
// 7.3 Two guessers that ignore the picture, for a true angle Y uniform on [−A, A] (A = half_range > 0):
//     expected_mae_constant(c, A) is E|c − Y| for any real c, expected_mae_uniform_guess(A) is E|G − Y|
//     for a guess G uniform on [−A, A] drawn independently of Y, both in closed form (README, section 4);
//     uniform_guess_predictions(n, max_yaw, max_pitch, rng) draws such guesses for n faces: n×2 (yaw,
//     pitch), row by row, yaw before pitch, with rng.uniform(−max, max). All three throw
//     std::invalid_argument for a half-range ≤ 0.
double expected_mae_constant(double c, double half_range);
double expected_mae_uniform_guess(double half_range);
Matrix uniform_guess_predictions(std::size_t n, double max_yaw, double max_pitch, Rng& rng);

}  // namespace course::random_baseline
