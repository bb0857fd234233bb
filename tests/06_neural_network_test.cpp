// Tests that grade chapter 06 (in progress).
#include <gtest/gtest.h>

#include "chapters/06_neural_network/neural_network.hpp"

TEST(Chapter06Network, ArchitectureSizes) {
    EXPECT_EQ(course::neural_network::kFaceNetworkSizes.size(), 5u);
}
