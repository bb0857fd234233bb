// Tests of tests/support/teach: the assertions that grade every exercise must pass what is right,
// fail what is wrong, and say so in words a student can act on.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "common/gradcheck.hpp"
#include "tests/support/teach.hpp"

namespace teach = course::teach;

namespace {

std::string message_of(const ::testing::AssertionResult& result) { return result.message(); }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(TeachNear, PassesWithinTheToleranceAndExplainsAMiss) {
    EXPECT_TRUE(teach::near(1.0 + 1e-10, 1.0, 1e-9, "x"));
    const auto miss = teach::near(5.0, 6.0, 1e-9, "f'(3)");
    ASSERT_FALSE(miss);
    EXPECT_EQ(message_of(miss), "f'(3): expected 6, got 5, tolerance 1e-09 (off by 1)");
}

TEST(TeachNear, NanNeverPasses) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_FALSE(teach::near(nan, 1.0, 1e9, "loss"));
    EXPECT_TRUE(contains(message_of(teach::near(nan, 1.0, 1e-6, "loss")), "got nan"));
}

TEST(TeachVectorsNear, ShowsSizesWhenTheyDiffer) {
    const auto result = teach::vectors_near({1, 2}, {1, 2, 3}, 1e-9, "grad");
    ASSERT_FALSE(result);
    EXPECT_EQ(message_of(result), "grad: expected 3 values, got 2");
}

TEST(TeachVectorsNear, ListsTheFirstMismatchesWithTheirIndex) {
    std::vector<double> got(10, 0.0), want(10, 0.0);
    for (int i : {2, 4, 5, 6, 7, 8, 9}) got[static_cast<std::size_t>(i)] = 1.0;
    const auto result = teach::vectors_near(got, want, 0.5, "weights");
    ASSERT_FALSE(result);
    const std::string message = message_of(result);
    EXPECT_TRUE(contains(message, "weights: 7 of 10 entries differ by more than 0.5")) << message;
    EXPECT_TRUE(contains(message, "[2] expected 0, got 1 (off by 1)")) << message;
    EXPECT_TRUE(contains(message, "[7] expected 0, got 1")) << message;
    EXPECT_FALSE(contains(message, "[8]")) << "only the first five mismatches are shown:\n" << message;
    EXPECT_TRUE(teach::vectors_near(got, got, 0.0, "same"));
}

TEST(TeachRelativeError, IsScaleFreeAndZeroForEqualValues) {
    EXPECT_DOUBLE_EQ(course::relative_error(0.0, 0.0), 0.0);
    EXPECT_DOUBLE_EQ(course::relative_error(2.0, 1.0), 0.5);
    EXPECT_DOUBLE_EQ(course::relative_error(-1.0, 1.0), 2.0);
}

TEST(TeachGradientsAgree, ShowsBothGradientsSideBySide) {
    EXPECT_TRUE(teach::gradients_agree({1.0, -2.0, 0.0}, {1.0 + 1e-9, -2.0, 1e-12}, 1e-6, "dW"))
        << "a true zero with rounding noise in the numerical gradient must agree";
    const auto result = teach::gradients_agree({1.0, 4.0}, {1.0, 2.0}, 1e-6, "dW1");
    ASSERT_FALSE(result);
    const std::string message = message_of(result);
    EXPECT_TRUE(contains(message, "dW1: analytic and numerical gradients disagree in 1 of 2 entries")) << message;
    EXPECT_TRUE(contains(message, "analytic       numerical  relative error")) << message;
    EXPECT_TRUE(contains(message, "[1]               4               2             0.5  <-")) << message;
}

TEST(TeachGradientsAgree, LongGradientsShowOnlyDisagreeingEntries) {
    std::vector<double> analytic(100, 1.0), numerical(100, 1.0);
    numerical[42] = 3.0;
    const std::string message = message_of(teach::gradients_agree(analytic, numerical, 1e-6, "db"));
    EXPECT_TRUE(contains(message, "[42]")) << message;
    EXPECT_FALSE(contains(message, "[0]")) << message;
    EXPECT_TRUE(teach::gradients_agree(analytic, analytic, 0.0, "db"));
    EXPECT_FALSE(teach::gradients_agree({1.0}, {1.0, 2.0}, 1e-6, "db"));
}
