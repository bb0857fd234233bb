// Chapter 18, given code: every backward pass of the chapter against central differences, on small
// random inputs, for the program's step 2 (the tests do the same, with tolerances).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace course::convolutional {

struct GradientCheck {
    std::string what;
    double max_relative_error = 0.0;
};

std::vector<GradientCheck> gradient_checks(std::uint64_t seed);

}  // namespace course::convolutional
