// Tests that grade chapter 07 (in progress).
#include <gtest/gtest.h>

#include "chapters/07_random_baseline/random_baseline.hpp"

TEST(Chapter07Baseline, DescribeNamesBothAngles) {
    const auto text = course::random_baseline::describe({10.0, 4.0});
    EXPECT_NE(text.find("yaw 10.0"), std::string::npos) << text;
    EXPECT_NE(text.find("mean 7.0"), std::string::npos) << text;
}
