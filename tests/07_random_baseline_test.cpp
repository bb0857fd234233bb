// Tests that grade chapter 07. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace fd = course::face_dataset;
namespace nn = course::neural_network;
namespace rb = course::random_baseline;
using course::Matrix;
using course::teach::near;

namespace {
// The harness rule for inputs: a copy of m whose storage runs on past its last entry with NaN, so that
// a loop that reads one row too many (i <= rows) picks up a NaN instead of a harmless leftover.
Matrix with_nan_beyond(const Matrix& m) {
    std::vector<double> values(m.size() + 2 * m.cols() + 8, std::numeric_limits<double>::quiet_NaN());
    values.resize(m.size());  // the NaN stay in the storage behind the last entry
    std::copy(m.values().begin(), m.values().end(), values.begin());
    return Matrix(m.rows(), m.cols(), std::move(values));
}
}  // namespace

TEST(Ex0701MeanAbsoluteErrorDegrees, HandComputedPerOutput) {
    const auto predicted = with_nan_beyond(Matrix::from_rows({{10, 0}, {-20, 5}}));
    const auto truth = with_nan_beyond(Matrix::from_rows({{0, 0}, {0, -5}}));
    const auto errors = rb::mean_absolute_error_degrees(predicted, truth);
    EXPECT_TRUE(near(errors.yaw, 15, 1e-12, "yaw MAE of predictions (10, −20) for truths (0, 0): (10 + 20) / 2"))
        << (errors.yaw == -5 ? "the misses +10 and −20 cancelled: the MAE adds their sizes |miss|"
            : errors.yaw == 30 ? "that divides by n − 1 = 1: the MAE is a mean over the n = 2 faces"
            : errors.yaw == 10 && errors.pitch == 10 ? "both columns were pooled into one score: yaw and pitch are "
                                                       "scored separately, column 0 and column 1"
            : std::isnan(errors.yaw) ? "NaN: did the loop read one face past the last row (i <= n)?"
                                                     : "");
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

TEST(Ex0701MeanAbsoluteErrorDegrees, DividesByNAndKeepsTheColumnsApart) {
    // Four faces, misses yaw (4, −4, 4, −4) and pitch (1, 0, 0, −1): yaw 16/4 = 4, pitch 2/4 = 0.5.
    const auto predicted = Matrix::from_rows({{14, 1}, {-4, 5}, {34, -20}, {-4, 9}});
    const auto truth = Matrix::from_rows({{10, 0}, {0, 5}, {30, -20}, {0, 10}});
    const auto errors = rb::mean_absolute_error_degrees(predicted, truth);
    EXPECT_TRUE(near(errors.yaw, 4, 1e-12, "yaw MAE of misses (4, −4, 4, −4) over n = 4 (not n − 1 = 3; not 0: "
                                           "the signs must not cancel)"));
    EXPECT_TRUE(near(errors.pitch, 0.5, 1e-12, "pitch MAE of misses (1, 0, 0, −1) over n = 4: column 1 is pitch"));
}

TEST(Ex0702MeanBaseline, HandComputedMeans) {
    const auto train = with_nan_beyond(Matrix::from_rows({{10, 2}, {20, -4}, {-3, 5}}));
    const auto predictions = rb::mean_baseline_predictions(train, 4);
    ASSERT_EQ(predictions.rows(), 4u) << "one prediction per face to predict";
    ASSERT_EQ(predictions.cols(), 2u) << "yaw and pitch";
    const double got = predictions(0, 0);
    EXPECT_TRUE(near(got, 9, 1e-12, "row 0: mean yaw (10 + 20 − 3) / 3"))
        << (got == 6.75 ? "that is 27/4: divided by n = 4, the faces to predict; the mean is over the m = 3 TRAINING "
                          "targets"
            : got == 0 ? "0 is the centre of the yaw range, not the mean of these training targets"
                       : "");
    for (std::size_t i = 0; i < 4; ++i) {
        if (i > 0) {
            EXPECT_TRUE(near(predictions(i, 0), 9, 1e-12, "row " + std::to_string(i) + ": mean yaw (10 + 20 − 3) / 3"));
        }
        EXPECT_TRUE(near(predictions(i, 1), 1, 1e-12, "row " + std::to_string(i) + ": mean pitch (2 − 4 + 5) / 3"));
    }
    EXPECT_THROW(rb::mean_baseline_predictions(Matrix(0, 2), 3), std::invalid_argument) << "no training angles";
    EXPECT_THROW(rb::mean_baseline_predictions(Matrix(3, 3), 3), std::invalid_argument) << "3 columns: not (yaw, pitch)";
    EXPECT_THROW(rb::mean_baseline_predictions(Matrix(3, 1), 3), std::invalid_argument) << "1 column: not (yaw, pitch)";
    EXPECT_EQ(rb::mean_baseline_predictions(train, 0).rows(), 0u) << "no faces to predict: an empty 0×2 answer";
    const auto one = rb::mean_baseline_predictions(Matrix::from_rows({{5, -2}}), 2);
    EXPECT_TRUE(course::teach::vectors_near(one.values(), {5, -2, 5, -2}, 1e-12,
                                            "one training face (5°, −2°) is a valid training set: its mean is itself"));
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

// The tests of 7.3 check your closed forms against averages over many draws made here (the course's Rng),
// so a formula that is right on paper passes however you wrote it.
namespace {
double simulated_mae_constant(double c, double A, course::Rng& rng, int draws) {
    double total = 0;
    for (int k = 0; k < draws; ++k) total += std::abs(c - rng.uniform(-A, A));
    return total / draws;
}
}  // namespace

TEST(Ex0703GuessingCosts, ConstantGuessClosedForm) {
    EXPECT_TRUE(near(rb::expected_mae_constant(0, 60), 30, 1e-12, "E|0 − Y|, Y ~ U(−60°, 60°): half the half-range"))
        << (rb::expected_mae_constant(0, 60) == 60 ? "twice the answer: the density of Y on [−A, A] is 1/(2A), not 1/A" : "");
    EXPECT_TRUE(near(rb::expected_mae_constant(0, 30), 15, 1e-12, "E|0 − Y|, Y ~ U(−30°, 30°)"));
    EXPECT_TRUE(near(rb::expected_mae_constant(30, 60), 37.5, 1e-12,
                     "E|30 − Y|, Y ~ U(−60°, 60°) = (A² + c²)/(2A) = (3600 + 900)/120"));
    EXPECT_TRUE(near(rb::expected_mae_constant(-30, 60), 37.5, 1e-12, "E|−30 − Y|: by symmetry as for c = +30"));
    EXPECT_TRUE(near(rb::expected_mae_constant(60, 60), 60, 1e-12, "E|60 − Y|, c at the end of the range"));
    EXPECT_TRUE(near(rb::expected_mae_constant(90, 60), 90, 1e-12,
                     "E|90 − Y|, Y ~ U(−60°, 60°): c beyond the range misses every Y on the same side, so it is "
                     "|c − E Y| = 90 (did you use the inside formula (A² + c²)/(2A) = 97.5 outside the range?)"));
    EXPECT_TRUE(near(rb::expected_mae_constant(-75, 60), 75, 1e-12, "E|−75 − Y|, below the range"));
    course::Rng rng(71);
    for (const double c : {-50.0, -12.0, 5.0, 44.0, 70.0}) {
        const double measured = simulated_mae_constant(c, 60, rng, 200000);
        EXPECT_TRUE(near(rb::expected_mae_constant(c, 60), measured, 0.01 * measured,
                         "E|c − Y| for c = " + course::teach::show(c) + ", Y ~ U(−60°, 60°), against the mean of "
                         "200,000 draws (1 %)"));
    }
}

TEST(Ex0703GuessingCosts, UniformGuessClosedForm) {
    EXPECT_TRUE(near(rb::expected_mae_uniform_guess(60), 40, 1e-12,
                     "E|G − Y|, G and Y independent U(−60°, 60°): 2A/3 (the average of (A² + G²)/(2A) over G)"));
    EXPECT_TRUE(near(rb::expected_mae_uniform_guess(30), 20, 1e-12, "E|G − Y| for pitch, A = 30°"));
    course::Rng rng(72);
    double total = 0;
    for (int k = 0; k < 200000; ++k) total += std::abs(rng.uniform(-1.5, 1.5) - rng.uniform(-1.5, 1.5));
    EXPECT_TRUE(near(rb::expected_mae_uniform_guess(1.5), total / 200000, 0.01,
                     "E|G − Y| for A = 1.5 against the mean of 200,000 pairs of draws"));
}

TEST(Ex0703GuessingCosts, UniformGuessesDrawnInOrderOverBothRanges) {
    course::Rng used(73), replay(73);
    const Matrix guesses = rb::uniform_guess_predictions(3, 60, 30, used);
    ASSERT_EQ(guesses.rows(), 3u) << "one guess per face";
    ASSERT_EQ(guesses.cols(), 2u) << "yaw and pitch";
    std::vector<double> want;
    for (int i = 0; i < 3; ++i) want.push_back(replay.uniform(-60, 60)), want.push_back(replay.uniform(-30, 30));
    EXPECT_TRUE(course::teach::vectors_near(guesses.values(), want, 1e-15,
                                            "3 guesses (seed 73) against rng.uniform(−60, 60), rng.uniform(−30, 30) "
                                            "drawn row by row, yaw first; did you swap the ranges or the order?"));
    const Matrix many = rb::uniform_guess_predictions(20000, 60, 30, used);
    double yaw_low = 0, yaw_high = 0, pitch_low = 0, pitch_high = 0;
    for (std::size_t i = 0; i < many.rows(); ++i) {
        yaw_low = std::min(yaw_low, many(i, 0)), yaw_high = std::max(yaw_high, many(i, 0));
        pitch_low = std::min(pitch_low, many(i, 1)), pitch_high = std::max(pitch_high, many(i, 1));
    }
    EXPECT_TRUE(yaw_low >= -60 && yaw_low < -59 && yaw_high < 60 && yaw_high > 59)
        << "20,000 yaw guesses should fill [−60°, 60°): got [" << yaw_low << ", " << yaw_high << "]";
    EXPECT_TRUE(pitch_low >= -30 && pitch_low < -29 && pitch_high < 30 && pitch_high > 29)
        << "20,000 pitch guesses should fill [−30°, 30°): got [" << pitch_low << ", " << pitch_high << "]";
    // The guesses in the (yaw, pitch) plane: the first three against the replayed draws, and the 20,000
    // against the box they should fill.
    course::teach::on_failure_draw("uniform_guesses", [&](course::plot::Figure& fig) {
        namespace plot = course::plot;
        auto& ax = fig.axes();
        std::vector<double> many_yaw, many_pitch;
        for (std::size_t i = 0; many.cols() == 2 && i < many.rows() && i < 2000; ++i) many_yaw.push_back(many(i, 0)), many_pitch.push_back(many(i, 1));
        ax.scatter(many_yaw, many_pitch, {.color = plot::colors::light_gray, .size = 3, .label = "your next 2,000 guesses",
                                          .alpha = 0.6});
        ax.plot({-60, 60, 60, -60, -60}, {-30, -30, 30, 30, -30},
                {.color = plot::colors::dark_gray, .width = 1.2, .style = plot::LineStyle::dotted,
                 .label = "[−60°, 60°) × [−30°, 30°)"});
        std::vector<double> want_yaw, want_pitch, got_yaw, got_pitch;
        for (std::size_t i = 0; i + 1 < want.size(); i += 2) want_yaw.push_back(want[i]), want_pitch.push_back(want[i + 1]);
        for (std::size_t i = 0; i < 3; ++i) got_yaw.push_back(guesses(i, 0)), got_pitch.push_back(guesses(i, 1));
        auto reference = course::teach::reference_style("reference: uniform(−60, 60), uniform(−30, 30), row by row");
        auto yours = course::teach::yours_style("your first 3 guesses");
        reference.style = yours.style = plot::LineStyle::none;
        reference.marker_size = 12, yours.marker_size = 12;
        ax.plot(want_yaw, want_pitch, reference).plot(got_yaw, got_pitch, yours);
        for (std::size_t i = 0; i < 3; ++i) ax.annotate(std::to_string(i), want_yaw[i], want_pitch[i], {.marker = plot::Marker::none});
        ax.xlim(-75, 75).ylim(-45, 45).grid(true).xlabel("yaw guess (°)").ylabel("pitch guess (°)");
        ax.title("uniform_guess_predictions(seed 73): your guesses and the reference's").legend({.font_size = 10});
    });
}

TEST(Ex0703GuessingCosts, RejectsEmptyRanges) {
    course::Rng rng(1);
    EXPECT_THROW(rb::expected_mae_constant(0, 0), std::invalid_argument) << "A = 0: no range";
    EXPECT_THROW(rb::expected_mae_constant(1, -5), std::invalid_argument) << "A = −5";
    EXPECT_THROW(rb::expected_mae_uniform_guess(0), std::invalid_argument) << "A = 0";
    EXPECT_THROW(rb::uniform_guess_predictions(4, 0, 30, rng), std::invalid_argument) << "max_yaw = 0";
    EXPECT_THROW(rb::uniform_guess_predictions(4, 60, -1, rng), std::invalid_argument) << "max_pitch = −1";
    EXPECT_THROW(rb::uniform_guess_predictions(4, 60, 0, rng), std::invalid_argument) << "max_pitch = 0";
    // Small ranges are ranges: nothing requires A ≥ 1 (angles in radians, say).
    EXPECT_TRUE(near(rb::expected_mae_constant(0.25, 0.5), 0.3125, 1e-12, "E|0.25 − Y|, Y ~ U(−0.5, 0.5): (0.25 + 0.0625)/1"));
    EXPECT_TRUE(near(rb::expected_mae_uniform_guess(0.75), 0.5, 1e-12, "E|G − Y| for A = 0.75: 2·0.75/3"));
    EXPECT_EQ(rb::uniform_guess_predictions(2, 0.5, 0.25, rng).rows(), 2u) << "half-ranges 0.5 and 0.25 are valid";
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
