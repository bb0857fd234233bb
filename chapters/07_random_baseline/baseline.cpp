// Chapter 07, given code: the network as a predictor of angles in degrees.
#include <cstdio>
#include <string>

#include "chapters/07_random_baseline/random_baseline.hpp"

namespace course::random_baseline {

Matrix predict_angles(const neural_network::Network& network, const face_dataset::Normalizer& normalizer,
                      const Matrix& images) {
    const Matrix outputs = neural_network::forward(network, face_dataset::normalize_inputs(normalizer, images));
    return face_dataset::denormalize_targets(normalizer, outputs);
}

std::string describe(const AngleErrors& errors) {
    char text[96];
    std::snprintf(text, sizeof text, "yaw %.1f°, pitch %.1f°, mean %.1f°", errors.yaw, errors.pitch, errors.mean());
    return text;
}

}  // namespace course::random_baseline
