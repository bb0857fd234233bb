// Chapter 18, given code: a synthetic image task for developing and testing the network without any
// download — 28 × 28 grey images of six shapes drawn at a random place, size and brightness, on noise.
// Position varies from image to image, which is what a convolution (the same filter everywhere) handles
// and a dense layer (a separate weight for every pixel) must learn place by place.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "chapters/18_convolutional_networks/cnn.hpp"

namespace course::convolutional {

inline constexpr std::array<std::string_view, 6> kShapeNames{"ring", "square", "plus", "cross", "bars", "dot"};

// n images, classes in turn (example i has class i mod 6); X rows are 784 pixels in [0, 1], Y one-hot.
Dataset make_shapes(std::size_t n, std::uint64_t seed);

}  // namespace course::convolutional
