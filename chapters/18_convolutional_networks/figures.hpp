// Chapter 18, given code: the chapter's figures (56-59).
#pragma once

#include <string>
#include <vector>

#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "chapters/18_convolutional_networks/training.hpp"

namespace course::convolutional {

// 56: the first layer's filters as small images (blue negative, red positive, one colour scale).
void draw_filters(const Conv2d& layer, const std::string& title, const std::string& path);
// 57: one image and the first layer's feature maps of it (rows of maps: c₁ × 784).
void draw_feature_maps(const std::vector<double>& image, const std::string& caption, const Matrix& maps,
                       const std::string& path);
// 58: validation loss and accuracy per epoch of each run.
void draw_training_curves(const std::vector<TrainingRun>& runs, const std::string& data_name, const std::string& path);
// 59: test images with true and predicted classes, mistakes marked.
void draw_predictions(const Matrix& X, const std::vector<std::size_t>& truth, const std::vector<std::size_t>& predicted,
                      const std::vector<std::string>& names, const std::string& path);

}  // namespace course::convolutional
