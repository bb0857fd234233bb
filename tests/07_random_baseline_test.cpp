// Tests that grade chapter 07. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "common/errors.hpp"
#include "tests/support/teach.hpp"

namespace fd = course::face_dataset;
namespace nn = course::neural_network;
namespace rb = course::random_baseline;
using course::Matrix;
using course::teach::near;

TEST(Ex0701MeanAbsoluteErrorDegrees, HandComputedPerOutput) {
    const auto predicted = Matrix::from_rows({{10, 0}, {-20, 5}});
    const auto truth = Matrix::from_rows({{0, 0}, {0, -5}});
    const auto errors = rb::mean_absolute_error_degrees(predicted, truth);
    EXPECT_TRUE(near(errors.yaw, 15, 1e-12, "yaw MAE of predictions (10, −20) for truths (0, 0): (10 + 20) / 2"));
    EXPECT_TRUE(near(errors.pitch, 5, 1e-12, "pitch MAE of predictions (0, 5) for truths (0, −5): (0 + 10) / 2"));
    EXPECT_TRUE(near(errors.mean(), 10, 1e-12, "the mean of the two MAEs"));
}

TEST(Ex0701MeanAbsoluteErrorDegrees, ZeroWhenRightAndSymmetric) {
    const auto a = Matrix::from_rows({{12.5, -3}, {-40, 20}, {7, 7}});
    const auto b = Matrix::from_rows({{10, -1}, {-35, 21}, {7, 10}});
    const auto exact = rb::mean_absolute_error_degrees(a, a);
    EXPECT_TRUE(near(exact.yaw, 0, 0, "MAE of perfect yaw predictions") && near(exact.pitch, 0, 0, "and pitch"));
    const auto ab = rb::mean_absolute_error_degrees(a, b), ba = rb::mean_absolute_error_degrees(b, a);
    EXPECT_TRUE(near(ab.yaw, 2.5, 1e-12, "yaw MAE: |2.5| + |−5| + |0| over 3"));
    EXPECT_TRUE(near(ab.pitch, 2, 1e-12, "pitch MAE: |−2| + |−1| + |−3| over 3"));
    EXPECT_TRUE(near(ba.yaw, ab.yaw, 0, "the MAE does not care which argument is the prediction"));
}

TEST(Ex0701MeanAbsoluteErrorDegrees, RejectsBadShapes) {
    EXPECT_THROW(rb::mean_absolute_error_degrees(Matrix(3, 2), Matrix(4, 2)), course::ShapeError) << "3 vs 4 rows";
    EXPECT_THROW(rb::mean_absolute_error_degrees(Matrix(3, 3), Matrix(3, 3)), course::ShapeError) << "3 columns";
    EXPECT_THROW(rb::mean_absolute_error_degrees(Matrix(0, 2), Matrix(0, 2)), course::ShapeError) << "no rows";
}

TEST(Ex0702MeanBaseline, HandComputedMeans) {
    const auto train = Matrix::from_rows({{10, 2}, {20, -4}, {-3, 5}});
    const auto predictions = rb::mean_baseline_predictions(train, 4);
    ASSERT_EQ(predictions.rows(), 4u) << "one prediction per face to predict";
    ASSERT_EQ(predictions.cols(), 2u) << "yaw and pitch";
    for (std::size_t i = 0; i < 4; ++i) {
        EXPECT_TRUE(near(predictions(i, 0), 9, 1e-12, "row " + std::to_string(i) + ": mean yaw (10 + 20 − 3) / 3"));
        EXPECT_TRUE(near(predictions(i, 1), 1, 1e-12, "row " + std::to_string(i) + ": mean pitch (2 − 4 + 5) / 3"));
    }
    EXPECT_THROW(rb::mean_baseline_predictions(Matrix(0, 2), 3), std::invalid_argument) << "no training angles";
}

// For yaw uniform on [−60°, 60°] the constant 0 is off by |yaw| on average, 30°; for pitch 15°.
TEST(Ex0702MeanBaseline, ScoresAboutHalfTheRangeOnUniformAngles) {
    const auto train = fd::generate_faces(2000, 21).angles, test = fd::generate_faces(2000, 22).angles;
    const auto predictions = rb::mean_baseline_predictions(train, test.rows());
    double yaw = 0, pitch = 0;
    for (std::size_t i = 0; i < test.rows(); ++i)
        yaw += std::abs(predictions(i, 0) - test(i, 0)) / 2000, pitch += std::abs(predictions(i, 1) - test(i, 1)) / 2000;
    EXPECT_TRUE(near(yaw, 30, 1.5, "the mean baseline's yaw MAE on 2000 test faces"));
    EXPECT_TRUE(near(pitch, 15, 0.75, "the mean baseline's pitch MAE on 2000 test faces"));
}

TEST(Chapter07Baseline, PredictAnglesIsNormaliseForwardDenormalise) {
    course::Rng rng(2);
    const auto net = nn::make_network(nn::kFaceNetworkSizes, rng);
    const auto faces = fd::generate_faces(20, 3);
    const auto normalizer = fd::fit_normalizer(faces);
    const auto got = rb::predict_angles(net, normalizer, faces.images);
    ASSERT_EQ(got.rows(), 20u);
    ASSERT_EQ(got.cols(), 2u);
    const auto out = nn::forward(net, fd::normalize_inputs(normalizer, faces.images));
    EXPECT_TRUE(near(got(4, 0), 60 * out(4, 0), 1e-12, "yaw of face 4: 60 × the network's first output"));
    EXPECT_TRUE(near(got(4, 1), 30 * out(4, 1), 1e-12, "pitch of face 4: 30 × the network's second output"));
}

TEST(Chapter07Baseline, DescribeNamesBothAngles) {
    const auto text = rb::describe({10.0, 4.0});
    EXPECT_NE(text.find("yaw 10.0°"), std::string::npos) << text;
    EXPECT_NE(text.find("mean 7.0°"), std::string::npos) << text;
}
