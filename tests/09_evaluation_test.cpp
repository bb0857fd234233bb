// Tests that grade chapter 09. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <stdexcept>
#include <vector>

#include "chapters/09_evaluation/evaluation.hpp"
#include "chapters/09_evaluation/report.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
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
    EXPECT_THROW(ev::mae_per_output(Matrix(0, 2), Matrix(0, 2)), course::ShapeError) << "no rows: no mean (0/0 would come back as NaN): check the rows, not only the shapes";
}

TEST(Ex0902RmsePerOutput, HandComputedPerColumn) {
    // yaw: √((4 + 4 + 4)/3) = 2; pitch: √((1 + 0 + 16)/3) = √(17/3).
    EXPECT_TRUE(course::teach::vectors_near(ev::rmse_per_output(kPredicted, kTruth), {2.0, std::sqrt(17.0 / 3.0)},
                                            1e-12, "RMSE √(Σe²/n) of misses yaw (+2, −2, +2) and pitch (−1, 0, +4). yaw 2.449 = √(12/2): "
                                            "n − 1 is for an unbiased variance, the RMSE is a plain mean over n; "
                                            "yaw 4 = 12/3: the root is missing; yaw 1.15 = √12/3: the root goes around the mean"));
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
    // Per bin, your counts and mean errors against the ones worked out above, at the bins' centres.
    course::teach::on_failure_draw("error_by_angle", [&](course::plot::Figure& fig) {
        namespace plot = course::plot;
        const std::vector<double> centres{-50, -30, -10, 10, 30, 50};
        const std::vector<double> want_count{2, 0, 0, 3, 0, 1}, want_abs{8, 0, 0, 2, 0, 10}, want_signed{8, 0, 0, -2.0 / 3.0, 0, -10};
        std::vector<double> count, abs_error, signed_error;
        for (const auto& bin : bins) {
            count.push_back(static_cast<double>(bin.count));
            abs_error.push_back(bin.mean_abs_error), signed_error.push_back(bin.mean_error);
        }
        auto reference = course::teach::reference_style(), yours = course::teach::yours_style();
        reference.style = yours.style = plot::LineStyle::none;
        reference.marker_size = yours.marker_size = 11;
        const auto panel = [&](plot::Axes& ax, const std::vector<double>& want, const std::vector<double>& got,
                               std::string title, std::string ylabel) {
            for (double edge = -40; edge <= 40; edge += 20) ax.axvline(edge, {.color = plot::colors::light_gray, .width = 1.0});
            ax.axhline(0.0, {.color = plot::colors::gray, .width = 0.8});
            ax.plot(centres, want, reference).plot(centres, got, yours);
            ax.xlim(-60, 60).xticks({-60, -40, -20, 0, 20, 40, 60}).title(std::move(title));
            ax.xlabel("true angle (°), bins of 20°").ylabel(std::move(ylabel)).legend();
        };
        panel(fig.subplot(0, 0), want_count, count, "Faces per bin", "count");
        panel(fig.subplot(0, 1), want_abs, abs_error, "Mean |error| per bin (empty bins: 0)", "mean |predicted − true| (°)");
        fig.subplot(0, 1).plot(centres, signed_error, {.color = plot::colors::green, .style = plot::LineStyle::none,
                                                       .label = "yours, signed", .marker = plot::Marker::triangle});
        fig.subplot(0, 1).plot(centres, want_signed, {.color = plot::colors::purple, .style = plot::LineStyle::none,
                                                      .label = "reference, signed", .marker = plot::Marker::diamond, .marker_size = 7});
        fig.suptitle("error_by_angle(6 faces, [−60°, 60°], 6 bins): your bins and the reference's");
    }, course::teach::two_panels);
}

TEST(Ex0903ErrorByAngle, EndsAndBadInput) {
    const auto bins = ev::error_by_angle({30.0, -31.0, 45.0}, {30.0, -30.0, 40.0}, -30.0, 30.0, 3);
    ASSERT_EQ(bins.size(), 3u);
    EXPECT_EQ(bins[2].count, 2u) << "hi itself (30°) and 45° beyond it belong to the last bin";
    EXPECT_EQ(bins[0].count, 1u) << "−31°, below lo, belongs to the first bin (values outside [lo, hi] are clamped to an end bin, not dropped)";
    EXPECT_THROW(ev::error_by_angle({1.0}, {1.0, 2.0}, 0.0, 1.0, 2), std::invalid_argument) << "1 truth, 2 predictions";
    EXPECT_THROW(ev::error_by_angle({1.0}, {1.0}, 0.0, 1.0, 0), std::invalid_argument) << "zero bins";
    EXPECT_THROW(ev::error_by_angle({1.0}, {1.0}, 1.0, 1.0, 2), std::invalid_argument) << "lo = hi";
}

TEST(Ex0903ErrorByAngle, AValueOnAnInnerEdgeBelongsToTheBinThatStartsThere) {
    // Four bins of 10° over [0, 40]: edges 0, 10, 20, 30, 40. Each truth sits exactly on an edge.
    const std::vector<double> truth{0.0, 10.0, 20.0, 30.0, 40.0};
    const std::vector<double> predicted{1.0, 12.0, 23.0, 34.0, 45.0};
    const auto bins = ev::error_by_angle(truth, predicted, 0.0, 40.0, 4);
    ASSERT_EQ(bins.size(), 4u);
    const std::vector<double> counts{static_cast<double>(bins[0].count), static_cast<double>(bins[1].count),
                                     static_cast<double>(bins[2].count), static_cast<double>(bins[3].count)};
    EXPECT_TRUE(course::teach::vectors_near(counts, {1, 1, 1, 2}, 0,
                                            "faces per bin for truths 0, 10, 20, 30, 40 in bins [0,10) [10,20) [20,30) "
                                            "[30,40]: 10 starts bin 1 (a bin is [lo, hi), not (lo, hi]), and hi = 40 "
                                            "joins the last bin"));
    EXPECT_TRUE(course::teach::near(bins[1].mean_error, 2.0, 1e-12, "bin [10, 20) holds only the face at 10°, miss +2"));
    EXPECT_TRUE(course::teach::near(bins[3].mean_abs_error, 4.5, 1e-12, "bin [30, 40] holds 30° and 40°, misses 4 and 5"));
    EXPECT_TRUE(course::teach::near(bins[2].lo, 20.0, 1e-12, "bin 2 starts at lo + 2·width"));
    EXPECT_TRUE(course::teach::near(bins[2].hi, 30.0, 1e-12, "bin 2 ends at lo + 3·width"));
    EXPECT_TRUE(course::teach::near(bins[2].centre(), 25.0, 1e-12, "bin 2's centre"));
}

TEST(Ex0904BootstrapInterval, QuantileInterpolatesBetweenSortedValues) {
    using course::teach::near;
    EXPECT_TRUE(near(ev::quantile({30.0, 10.0, 20.0}, 0.5), 20.0, 1e-12, "median of {30, 10, 20}: sort first"));
    EXPECT_TRUE(near(ev::quantile({4.0, 1.0, 3.0, 2.0}, 0.5), 2.5, 1e-12, "median of {1, 2, 3, 4}: halfway between 2 and 3"));
    const std::vector<double> v{50.0, 10.0, 40.0, 20.0, 30.0};
    EXPECT_TRUE(near(ev::quantile(v, 0.1), 14.0, 1e-12,
                     "10 % quantile of {10, 20, 30, 40, 50}: position 0.1·(5 − 1) = 0.4, so 10 + 0.4·10 "
                     "(position p·n = 0.5 would give 15)"));
    EXPECT_TRUE(near(ev::quantile(v, 0.9), 46.0, 1e-12, "90 % quantile: position 3.6, so 40 + 0.6·10"));
    EXPECT_TRUE(near(ev::quantile(v, 0.0), 10.0, 1e-12, "p = 0: the smallest value"));
    EXPECT_TRUE(near(ev::quantile(v, 1.0), 50.0, 1e-12, "p = 1: the largest value (and no read past the end)"));
    EXPECT_TRUE(near(ev::quantile({7.0}, 0.3), 7.0, 1e-12, "one value: every quantile is that value"));
    EXPECT_THROW(ev::quantile({}, 0.5), std::invalid_argument) << "no values: no quantile";
    EXPECT_THROW(ev::quantile(v, 1.5), std::invalid_argument) << "p = 1.5 is outside [0, 1]";
    EXPECT_THROW(ev::quantile(v, -0.1), std::invalid_argument) << "p = −0.1 is outside [0, 1]";
}

namespace {
// n absolute errors of Gaussian misses with std 8°, and their mean and population std.
struct ErrorSample {
    std::vector<double> errors;
    double mean = 0, stddev = 0;
};
ErrorSample gaussian_abs_errors(std::size_t n, std::uint64_t seed) {
    course::Rng rng(seed);
    ErrorSample s;
    for (std::size_t i = 0; i < n; ++i) s.errors.push_back(std::abs(rng.normal(0.0, 8.0)));
    for (const double e : s.errors) s.mean += e / static_cast<double>(n);
    for (const double e : s.errors) s.stddev += (e - s.mean) * (e - s.mean) / static_cast<double>(n);
    s.stddev = std::sqrt(s.stddev);
    return s;
}
}  // namespace

// The MAE is a mean of n values, so by the central limit theorem the MAE of a redraw is close to normal
// with std σ/√n (σ the population std of the errors): the 95 % interval is about MAE ± 1.96·σ/√n.
TEST(Ex0904BootstrapInterval, WidthFollowsTheStandardErrorOfTheMean) {
    const ErrorSample s = gaussian_abs_errors(400, 91);
    course::Rng rng(92);
    const ev::ConfidenceInterval ci = ev::bootstrap_mae_interval(s.errors, 4000, 0.95, rng);
    const double half_width = 1.96 * s.stddev / std::sqrt(400.0);
    ASSERT_LT(ci.lo, ci.hi) << "the interval [" << ci.lo << ", " << ci.hi << "] should have lo < hi";
    EXPECT_TRUE(course::teach::near(ci.hi - ci.lo, 2 * half_width, 0.06 * 2 * half_width,
                                    "width of the 95 % bootstrap interval of the MAE of 400 errors, against "
                                    "2·1.96·σ/√n (6 %). Far too narrow: do you draw WITH replacement, n values per "
                                    "resample? About 16 % too narrow: the quantiles are (1 ∓ 0.95)/2, not (1 ∓ 0.9)/2"));
    EXPECT_TRUE(course::teach::near((ci.lo + ci.hi) / 2, s.mean, 0.1 * half_width,
                                    "the interval's centre against the sample MAE"));
    course::Rng rng90(92);
    const ev::ConfidenceInterval ci90 = ev::bootstrap_mae_interval(s.errors, 4000, 0.90, rng90);
    EXPECT_TRUE(course::teach::near((ci90.hi - ci90.lo) / (ci.hi - ci.lo), 1.645 / 1.96, 0.04,
                                    "width of the 90 % interval over the 95 % one: z₀.₉₅/z₀.₉₇₅ = 1.645/1.96"));
}

TEST(Ex0904BootstrapInterval, QuadrupleTheFacesHalveTheWidth) {
    const ErrorSample small = gaussian_abs_errors(100, 93), large = gaussian_abs_errors(1600, 94);
    course::Rng a(95), b(96);
    const auto ci_small = ev::bootstrap_mae_interval(small.errors, 3000, 0.95, a);
    const auto ci_large = ev::bootstrap_mae_interval(large.errors, 3000, 0.95, b);
    const double ratio = ((ci_small.hi - ci_small.lo) / small.stddev) / ((ci_large.hi - ci_large.lo) / large.stddev);
    EXPECT_TRUE(course::teach::near(ratio, 4.0, 0.4,
                                    "width per σ of 100 errors over that of 1600: √(1600/100) = 4. Each resample "
                                    "must have n values, the size of the test set"));
}

TEST(Ex0904BootstrapInterval, FollowsTheDrawOrderOfTheContract) {
    // 5 errors, 6 resamples: replay the contract's draws (n calls rng.index(n) per resample, resample
    // after resample) and its quantile, independently of your code.
    const std::vector<double> errors{1.0, 2.0, 4.0, 8.0, 16.0};
    course::Rng used(97), replay(97);
    const auto ci = ev::bootstrap_mae_interval(errors, 6, 0.5, used);
    std::vector<double> means;
    for (int r = 0; r < 6; ++r) {
        double total = 0;
        for (int k = 0; k < 5; ++k) total += errors[replay.index(5)];
        means.push_back(total / 5);
    }
    std::sort(means.begin(), means.end());  // quantiles 0.25 and 0.75 of 6 values: positions 1.25 and 3.75
    const double lo = means[1] + 0.25 * (means[2] - means[1]), hi = means[3] + 0.75 * (means[4] - means[3]);
    EXPECT_TRUE(course::teach::vectors_near({ci.lo, ci.hi}, {lo, hi}, 1e-12,
                                            "50 % interval of 6 resamples of {1, 2, 4, 8, 16} (seed 97), replayed: "
                                            "n = 5 draws of rng.index(5) per resample, means' quantiles 0.25 and 0.75"));
    EXPECT_EQ(used.next_u64(), replay.next_u64()) << "exactly 6 × 5 draws from rng";
    course::Rng single(100), single_replay(100);
    const auto one = ev::bootstrap_mae_interval(errors, 1, 0.95, single);
    double total = 0;
    for (int k = 0; k < 5; ++k) total += errors[single_replay.index(5)];
    EXPECT_TRUE(course::teach::vectors_near({one.lo, one.hi}, {total / 5, total / 5}, 1e-12,
                                            "one resample is allowed (if useless): both ends are its MAE"));
    course::Rng rng(98);
    const auto same = ev::bootstrap_mae_interval({2.5, 2.5, 2.5}, 50, 0.95, rng);
    EXPECT_TRUE(course::teach::vectors_near({same.lo, same.hi}, {2.5, 2.5}, 1e-12,
                                            "errors all 2.5°: every resample's MAE is 2.5°, so is the interval"));
}

TEST(Ex0904BootstrapInterval, RejectsBadArguments) {
    course::Rng rng(99);
    EXPECT_THROW(ev::bootstrap_mae_interval({}, 100, 0.95, rng), std::invalid_argument) << "no errors";
    EXPECT_THROW(ev::bootstrap_mae_interval({1.0, 2.0}, 0, 0.95, rng), std::invalid_argument) << "0 resamples";
    EXPECT_THROW(ev::bootstrap_mae_interval({1.0, 2.0}, 100, 1.0, rng), std::invalid_argument) << "confidence 1: a 100 % interval is just the range of the resamples; the allowed range (0, 1) is open";
    EXPECT_THROW(ev::bootstrap_mae_interval({1.0, 2.0}, 100, 0.0, rng), std::invalid_argument) << "confidence 0";
    EXPECT_THROW(ev::bootstrap_mae_interval({1.0, 2.0}, 100, 95.0, rng), std::invalid_argument)
        << "confidence 95: a fraction is expected (0.95)";
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
