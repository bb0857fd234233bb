// Chapter 08, given code: the chapter's two figures (training_figures.cpp).
#pragma once

#include <string>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "chapters/07_random_baseline/random_baseline.hpp"
#include "chapters/08_backpropagation/backpropagation.hpp"

namespace course::backpropagation {

// 07_training_curves.png: the loss of every mini-batch (faint), its running mean, and the validation
// loss against the step, on a log scale.
void draw_training_curves(const TrainHistory& history, const TrainOptions& options, const std::string& path);

// 08_trained_predictions.png: the first test faces as generated, each with the true direction (green) and
// the predicted one (red) drawn as arrows from the centre, and its errors in degrees.
void draw_trained_predictions(const face_dataset::FaceSet& test, const Matrix& predicted_degrees,
                              const random_baseline::AngleErrors& errors, const std::string& path);

}  // namespace course::backpropagation
