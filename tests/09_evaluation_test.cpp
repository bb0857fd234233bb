// Tests that grade chapter 09. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <stdexcept>
#include <vector>

#include "chapters/09_evaluation/evaluation.hpp"
#include "chapters/09_evaluation/report.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "tests/support/teach.hpp"

namespace ev = course::evaluation;
using course::Matrix;

namespace {
// Three faces: misses (+2, −1), (−2, 0), (+2, +4) degrees in (yaw, pitch).
const Matrix kTruth = Matrix::from_rows({{10.0, 5.0}, {-20.0, 0.0}, {40.0, -10.0}});
const Matrix kPredicted = Matrix::from_rows({{12.0, 4.0}, {-22.0, 0.0}, {42.0, -6.0}});
}  // namespace

TEST(Ex0901MaePerOutput, HandComputedPerColumn) {
    EXPECT_TRUE(course::teach::vectors_near(ev::mae_per_output(kPredicted, kTruth), {2.0, 5.0 / 3.0}, 1e-12,
                                            "MAE of misses yaw (+2, −2, +2) and pitch (−1, 0, +4)"));
}

TEST(Ex0901MaePerOutput, SignsDoNotCancelAndShapesAreChecked) {
    const auto truth = Matrix::from_rows({{0.0}, {0.0}});
    EXPECT_TRUE(course::teach::vectors_near(ev::mae_per_output(Matrix::from_rows({{3.0}, {-3.0}}), truth), {3.0}, 1e-12,
                                            "misses +3 and −3: the mean miss is 0, the mean ABSOLUTE miss 3"));
    EXPECT_THROW(ev::mae_per_output(Matrix(3, 2), Matrix(2, 2)), course::ShapeError) << "3 predictions, 2 truths";
    EXPECT_THROW(ev::mae_per_output(Matrix(0, 2), Matrix(0, 2)), course::ShapeError) << "no rows: no mean";
}

TEST(Ex0902RmsePerOutput, HandComputedPerColumn) {
    // yaw: √((4 + 4 + 4)/3) = 2; pitch: √((1 + 0 + 16)/3) = √(17/3).
    EXPECT_TRUE(course::teach::vectors_near(ev::rmse_per_output(kPredicted, kTruth), {2.0, std::sqrt(17.0 / 3.0)},
                                            1e-12, "RMSE of misses yaw (+2, −2, +2) and pitch (−1, 0, +4)"));
    EXPECT_THROW(ev::rmse_per_output(Matrix(2, 2), Matrix(2, 3)), course::ShapeError) << "(2×2) vs (2×3)";
}

TEST(Ex0902RmsePerOutput, NeverBelowMaeAndEqualForEqualMisses) {
    course::Rng rng(4);
    Matrix truth(50, 2), predicted(50, 2);
    for (std::size_t i = 0; i < truth.size(); ++i) {
        truth.data()[i] = rng.uniform(-60.0, 60.0);
        predicted.data()[i] = truth.data()[i] + rng.normal(0.0, 8.0);
    }
    const auto rmse = ev::rmse_per_output(predicted, truth);
    ASSERT_EQ(rmse.size(), 2u) << "one RMSE per column";
    double reference = 0.0;  // column 0 written out
    for (std::size_t i = 0; i < 50; ++i) reference += std::pow(predicted(i, 0) - truth(i, 0), 2) / 50.0;
    EXPECT_TRUE(course::teach::near(rmse[0], std::sqrt(reference), 1e-12, "RMSE of 50 Gaussian misses (std 8)"));
    const auto mae = ev::mae_per_output(predicted, truth);
    for (std::size_t j = 0; j < 2; ++j) EXPECT_GE(rmse[j], mae[j]) << "RMSE ≥ MAE for column " << j;
    const auto same_size = Matrix::from_rows({{3.0}, {-3.0}, {3.0}});
    EXPECT_TRUE(course::teach::near(ev::rmse_per_output(same_size, Matrix(3, 1))[0], 3.0, 1e-12,
                                    "misses ±3 only: RMSE = MAE = 3"));
}

TEST(Ex0902RmsePerOutput, OverallNumbersCountEveryEntryOnce) {
    // The summary's "overall" numbers (given evaluate(), from your 9.1 and 9.2): with the same n rows in
    // every column, the mean of the MAEs is the MAE over all 6 entries, and the root of the mean of the
    // squared RMSEs is the RMSE over all 6 entries — not the mean of the two RMSEs.
    const ev::Metrics m = ev::evaluate(kPredicted, kTruth);
    EXPECT_TRUE(course::teach::near(m.overall_mae, (2 + 2 + 2 + 1 + 0 + 4) / 6.0, 1e-12,
                                    "overall MAE of the misses (+2, −2, +2) and (−1, 0, +4)"));
    EXPECT_TRUE(course::teach::near(m.overall_rmse, std::sqrt((4 + 4 + 4 + 1 + 0 + 16) / 6.0), 1e-12,
                                    "overall RMSE √(29/6), not (2 + √(17/3))/2"));
}

TEST(Ex0903ErrorByAngle, BinsCountsAndMeans) {
    // Bins of 20° over [−60, 60]: six bins.
    const std::vector<double> truth{-55.0, -50.0, 0.0, 5.0, 19.9, 59.0};
    const std::vector<double> predicted{-45.0, -44.0, 2.0, 1.0, 19.9, 49.0};
    const auto bins = ev::error_by_angle(truth, predicted, -60.0, 60.0, 6);
    ASSERT_EQ(bins.size(), 6u) << "six bins of 20° over [−60°, 60°]";
    EXPECT_TRUE(course::teach::near(bins[0].lo, -60.0, 1e-12, "bin 0 starts at lo"));
    EXPECT_TRUE(course::teach::near(bins[0].hi, -40.0, 1e-12, "bin 0 ends at lo + width"));
    EXPECT_EQ(bins[0].count, 2u) << "−55° and −50° fall in [−60, −40)";
    EXPECT_TRUE(course::teach::near(bins[0].mean_abs_error, 8.0, 1e-12, "misses +10 and +6 in bin 0"));
    EXPECT_TRUE(course::teach::near(bins[0].mean_error, 8.0, 1e-12, "both overestimate: mean signed error +8"));
    EXPECT_EQ(bins[1].count, 0u) << "nothing in [−40, −20)";
    EXPECT_TRUE(course::teach::near(bins[1].mean_abs_error, 0.0, 0.0, "an empty bin's mean |error| stays 0 (not 0/0)"));
    EXPECT_TRUE(course::teach::near(bins[1].mean_error, 0.0, 0.0, "an empty bin's mean signed error stays 0 (not 0/0)"));
    EXPECT_TRUE(course::teach::near(bins[5].hi, 60.0, 1e-12, "the last bin ends at hi"));
    EXPECT_EQ(bins[3].count, 3u) << "0°, 5° and 19.9° fall in [0, 20)";
    EXPECT_TRUE(course::teach::near(bins[3].mean_abs_error, 2.0, 1e-12, "misses +2, −4, 0 in bin 3"));
    EXPECT_TRUE(course::teach::near(bins[3].mean_error, -2.0 / 3.0, 1e-12, "signed misses +2, −4, 0 in bin 3"));
    EXPECT_TRUE(course::teach::near(bins[5].mean_error, -10.0, 1e-12, "59° predicted as 49°: underestimated"));
}

TEST(Ex0903ErrorByAngle, EndsAndBadInput) {
    const auto bins = ev::error_by_angle({30.0, -31.0, 45.0}, {30.0, -30.0, 40.0}, -30.0, 30.0, 3);
    ASSERT_EQ(bins.size(), 3u);
    EXPECT_EQ(bins[2].count, 2u) << "hi itself (30°) and 45° beyond it belong to the last bin";
    EXPECT_EQ(bins[0].count, 1u) << "−31°, below lo, belongs to the first bin";
    EXPECT_THROW(ev::error_by_angle({1.0}, {1.0, 2.0}, 0.0, 1.0, 2), std::invalid_argument) << "1 truth, 2 predictions";
    EXPECT_THROW(ev::error_by_angle({1.0}, {1.0}, 0.0, 1.0, 0), std::invalid_argument) << "zero bins";
    EXPECT_THROW(ev::error_by_angle({1.0}, {1.0}, 1.0, 1.0, 2), std::invalid_argument) << "lo = hi";
}

TEST(Chapter09Given, ColumnTakesOneOutput) {
    // evaluate() calls 9.1 and 9.2, so its overall numbers are graded with 9.2 (OverallNumbersCountEveryEntryOnce).
    EXPECT_EQ(ev::column(kTruth, 1), (std::vector<double>{5.0, 0.0, -10.0}));
    EXPECT_THROW(ev::column(kTruth, 2), std::invalid_argument);
}

TEST(Chapter09Given, TheSummaryEndsWithTheTestMaeLine) {
    ev::SummaryFacts facts;
    facts.architecture = "1024 → 32 → 16 → 8 → 2";
    facts.parameters_per_layer = {32800, 528, 136, 18};
    const ev::Metrics metrics{{9.5, 5.25}, {12.0, 7.0}, 7.375, 9.8};
    facts.test = facts.mean_baseline = facts.untrained = metrics;
    const std::string text = ev::summary_text(facts);
    EXPECT_NE(text.find("\nTest MAE: 7.38°\n"), std::string::npos) << "the line make figures and the course README quote:\n"
                                                                   << text;
    EXPECT_NE(text.find("33,482"), std::string::npos) << "the parameter count, summed over the layers";
}
