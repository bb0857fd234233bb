// Tests that grade chapter 01. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); the
// Chapter01Data suite checks the given code and must pass on the stubs too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/01_loss_landscape/loss_landscape.hpp"
#include "tests/support/teach.hpp"

namespace ll = course::loss_landscape;
using course::teach::near;
using course::teach::vectors_near;

namespace {

// The losses written out independently of the student's code, to check against.
double reference_mse(const ll::LineData& d, double w, double b) {
    double total = 0.0;
    for (std::size_t i = 0; i < d.x.size(); ++i) total += std::pow(w * d.x[i] + b - d.y[i], 2);
    return total / static_cast<double>(d.x.size());
}
double constant_mse(const std::vector<double>& y, double c) {
    double total = 0.0;
    for (double v : y) total += (c - v) * (c - v);
    return total / static_cast<double>(y.size());
}
double constant_mae(const std::vector<double>& y, double c) {
    double total = 0.0;
    for (double v : y) total += std::abs(c - v);
    return total / static_cast<double>(y.size());
}

// Points (0, 1), (1, 3), (2, 2); the line ŷ = x + 1 predicts 1, 2, 3 there.
const ll::LineData kThreePoints{{0.0, 1.0, 2.0}, {1.0, 3.0, 2.0}};
// Points (0, 1), (0, 3), (1, 4), (1, 6): x̄ = 0.5, Sxx = 1, Sxy = 3, so least squares is exactly ŷ = 3x + 2.
const ll::LineData kPairs{{0.0, 0.0, 1.0, 1.0}, {1.0, 3.0, 4.0, 6.0}};

// The harness rule for inputs: storage that runs on past the last entry with NaN, so that a loop that
// reads one entry too many (i <= n) picks up a NaN instead of a harmless leftover.
std::vector<double> with_nan_beyond(const std::vector<double>& values) {
    std::vector<double> out(values.size() + 8, std::numeric_limits<double>::quiet_NaN());
    out.resize(values.size());  // the NaN stay in the storage behind the last entry
    std::copy(values.begin(), values.end(), out.begin());
    return out;
}

// What a wrong mean usually is: the sum, or the sum over n − 1.
std::string mean_hint(double got, double sum, std::size_t n) {
    if (std::abs(got - sum) < 1e-9) return " — that is the sum: divide by n";
    if (std::abs(got - sum / static_cast<double>(n - 1)) < 1e-9) return " — that divides by n − 1: the mean divides by n";
    if (std::abs(got - std::sqrt(sum / static_cast<double>(n))) < 1e-9)
        return " — that is the root of the mean (the RMSE people report); the loss is the mean itself, no square root";
    return "";
}

}  // namespace

// ---- 1.1 ---------------------------------------------------------------------------------------------

TEST(Ex0101Residuals, PredictionMinusTargetInOrder) {
    const auto r = ll::residuals(kThreePoints, {1.0, 1.0});
    const bool flipped = r.size() == 3 && r[1] == 1.0 && r[2] == -1.0;
    const bool no_intercept = r.size() == 3 && r[0] == -1.0 && r[1] == -2.0 && r[2] == 0.0;
    EXPECT_TRUE(vectors_near(r, {0.0, -1.0, 1.0}, 1e-12, "residuals of ŷ = x + 1 on (0,1) (1,3) (2,2)"))
        << (flipped ? "Your signs are flipped: did you compute y − ŷ? The course's residual is ŷ − y, prediction "
                      "minus target."
            : no_intercept ? "Every residual is short by b = 1: the prediction is w·x + b (use predict(params, x))."
                           : "");
    EXPECT_TRUE(vectors_near(ll::residuals(kThreePoints, {-2.0, 0.5}), {-0.5, -4.5, -5.5}, 1e-12,
                             "residuals of ŷ = −2x + 0.5 (a negative slope)"));
}

TEST(Ex0101Residuals, AtTheLeastSquaresLineTheySumToZeroAndAreOrthogonalToX) {
    // ŷ = 3x + 2 is the least-squares line of kPairs (worked out by hand above): its residuals 1, −1, 1, −1
    // satisfy both normal equations, Σ rᵢ = 0 and Σ rᵢ·xᵢ = 0 (README §5).
    const auto r = ll::residuals(kPairs, {3.0, 2.0});
    ASSERT_TRUE(vectors_near(r, {1.0, -1.0, 1.0, -1.0}, 1e-12, "residuals of ŷ = 3x + 2 on (0,1) (0,3) (1,4) (1,6)"));
    EXPECT_TRUE(near(r[0] + r[1] + r[2] + r[3], 0.0, 1e-12, "Σ rᵢ at the least-squares line"));
    EXPECT_TRUE(near(r[2] + r[3], 0.0, 1e-12, "Σ rᵢ·xᵢ at the least-squares line (x is 0, 0, 1, 1)"));
}

TEST(Ex0101Residuals, RejectsEmptyOrMismatchedData) {
    EXPECT_THROW(ll::residuals({{}, {}}, {1.0, 0.0}), std::invalid_argument) << "no points at all";
    EXPECT_THROW(ll::residuals({{1.0, 2.0}, {1.0}}, {1.0, 0.0}), std::invalid_argument) << "2 x values, 1 y value";
    EXPECT_THROW(ll::residuals({{1.0}, {1.0, 2.0}}, {1.0, 0.0}), std::invalid_argument) << "1 x value, 2 y values";
}

// ---- 1.2 ---------------------------------------------------------------------------------------------

TEST(Ex0102MseLoss, HandComputedValueIsAMeanOverN) {
    // Residuals of ŷ = x + 1 on (0,1), (1,3), (2,2): 0, −1, 1 → squares sum to 2, over n = 3 points.
    const double got = ll::mse_loss(kThreePoints, {1.0, 1.0});
    EXPECT_TRUE(near(got, 2.0 / 3.0, 1e-12, "MSE of ŷ = x + 1 on (0,1) (1,3) (2,2): residuals 0, −1, 1"))
        << mean_hint(got, 2.0, 3);
    // ŷ = 0: residuals −1, −3, −2, squares 1 + 9 + 4 = 14 over 3.
    EXPECT_TRUE(near(ll::mse_loss(kThreePoints, {0.0, 0.0}), 14.0 / 3.0, 1e-12, "MSE of the line ŷ = 0"));
}

TEST(Ex0102MseLoss, ZeroForAPerfectFit) {
    const ll::LineData exact{{-1.0, 0.5, 3.0}, {-1.0, 3.5, 11.0}};  // y = 3x + 2 exactly
    EXPECT_TRUE(near(ll::mse_loss(exact, {3.0, 2.0}), 0.0, 1e-12, "MSE of the true line y = 3x + 2"));
}

TEST(Ex0102MseLoss, MatchesTheFormulaOnNoisyData) {
    const auto data = ll::make_line_data(7);
    for (const ll::LineParams p : {ll::LineParams{0.0, 0.0}, {2.0, -1.0}, {-1.0, 3.0}})
        EXPECT_TRUE(near(ll::mse_loss(data, p), reference_mse(data, p.w, p.b), 1e-10,
                         "MSE at w = " + std::to_string(p.w) + ", b = " + std::to_string(p.b) +
                             " (40 points from make_line_data(7))"));
}

TEST(Ex0102MseLoss, RejectsEmptyOrMismatchedData) {
    EXPECT_THROW(ll::mse_loss({{}, {}}, {1.0, 0.0}), std::invalid_argument) << "no points at all";
    EXPECT_THROW(ll::mse_loss({{1.0, 2.0}, {1.0}}, {1.0, 0.0}), std::invalid_argument) << "2 x values, 1 y value";
}

// ---- 1.3 ---------------------------------------------------------------------------------------------

TEST(Ex0103MaeLoss, HandComputedValues) {
    const double got = ll::mae_loss(kThreePoints, {1.0, 1.0});
    EXPECT_TRUE(near(got, 2.0 / 3.0, 1e-12, "MAE of ŷ = x + 1: (|0| + |−1| + |1|)/3"))
        << (got == 0.0 ? " — the residuals 0, −1, 1 cancelled: take the absolute value of each residual before summing"
                       : mean_hint(got, 2.0, 3));
    EXPECT_TRUE(near(ll::mae_loss(kThreePoints, {0.0, 0.0}), 2.0, 1e-12,
                     "MAE of ŷ = 0: residuals −1, −3, −2 (did you forget the absolute value?)"));
}

TEST(Ex0103MaeLoss, AnOutlierMovesMaeLessThanMse) {
    ll::LineData with_outlier{{0.0, 1.0, 2.0, 3.0}, {0.0, 1.0, 2.0, 13.0}};  // y = x, one point off by 10
    EXPECT_TRUE(near(ll::mae_loss(with_outlier, {1.0, 0.0}), 2.5, 1e-12, "MAE: one residual of 10 over 4 points"));
    // For contrast the MSE (written out here, so that a slip in your 1.2 does not cost 1.3's point): 100/4.
    EXPECT_NEAR(reference_mse(with_outlier, 1.0, 0.0), 25.0, 1e-12) << "its square, 100, over 4 points";
    EXPECT_THROW(ll::mae_loss({{}, {}}, {1.0, 0.0}), std::invalid_argument) << "no points at all";
}

// ---- 1.4 ---------------------------------------------------------------------------------------------

TEST(Ex0104BestConstant, MeanForMseMedianForMae) {
    const std::vector<double> odd{3.0, 100.0, 1.0, 4.0, 2.0};  // sorted: 1 2 3 4 100
    const double mean = ll::mse_best_constant(odd);
    EXPECT_TRUE(near(mean, 22.0, 1e-12, "MSE's best constant for 3 100 1 4 2: the mean"))
        << mean_hint(mean, 110.0, 5);
    EXPECT_TRUE(near(ll::mae_best_constant(odd), 3.0, 1e-12,
                     "MAE's best constant for 3 100 1 4 2: the median (the middle of the sorted values — did you "
                     "sort a copy first?)"));
    EXPECT_TRUE(near(ll::mse_best_constant({7.0}), 7.0, 0.0, "one value: it is its own mean"));
    EXPECT_TRUE(near(ll::mae_best_constant({7.0}), 7.0, 0.0, "one value: it is its own median"));
}

TEST(Ex0104BestConstant, EvenCountTakesTheMidpointOfTheTwoMiddleValues) {
    // 10 1 4 2, sorted 1 2 4 10: every c in [2, 4] has the same MAE; the contract asks for the midpoint 3.
    EXPECT_TRUE(near(ll::mae_best_constant({10.0, 1.0, 4.0, 2.0}), 3.0, 1e-12,
                     "median of 10 1 4 2: (2 + 4)/2, the two middle values of the sorted copy"));
    EXPECT_TRUE(near(ll::mae_best_constant({5.0, 1.0}), 3.0, 1e-12, "median of 5 1: (1 + 5)/2"));
    EXPECT_TRUE(near(ll::mse_best_constant({10.0, 1.0, 4.0, 2.0}), 4.25, 1e-12, "mean of 10 1 4 2: 17/4"));
}

TEST(Ex0104BestConstant, NoOtherConstantDoesBetter) {
    // The defining property, checked with losses written out here: nudging c either way never helps.
    const std::vector<double> y{0.3, -1.2, 2.5, 0.9, 40.0, 1.1, -0.4};  // one outlier at 40
    const double c_mse = ll::mse_best_constant(y), c_mae = ll::mae_best_constant(y);
    for (double nudge : {-0.5, -0.01, 0.01, 0.5}) {
        EXPECT_LT(constant_mse(y, c_mse), constant_mse(y, c_mse + nudge))
            << "the MSE at your c = " << c_mse << " should be below the MSE at c + " << nudge;
        EXPECT_LT(constant_mae(y, c_mae), constant_mae(y, c_mae + nudge))
            << "the MAE at your c = " << c_mae << " should be below the MAE at c + " << nudge;
    }
}

TEST(Ex0104BestConstant, AnOutlierDragsTheMeanButNotTheMedian) {
    std::vector<double> y{1.0, 2.0, 3.0, 4.0, 5.0};
    const double mean_before = ll::mse_best_constant(y), median_before = ll::mae_best_constant(y);
    y[4] = 1005.0;  // one value wrong by 1000
    EXPECT_TRUE(near(ll::mse_best_constant(y) - mean_before, 200.0, 1e-9, "how far 1000/5 drags the mean"));
    EXPECT_TRUE(near(ll::mae_best_constant(y) - median_before, 0.0, 0.0, "how far it moves the median"));
    EXPECT_THROW(ll::mse_best_constant({}), std::invalid_argument) << "no values: no mean";
    EXPECT_THROW(ll::mae_best_constant({}), std::invalid_argument) << "no values: no median";
}

// ---- 1.5 ---------------------------------------------------------------------------------------------

TEST(Ex0105LossGrid, ShapeAndEveryEntry) {
    const auto data = ll::make_line_data(3, 12);
    const ll::GridSpec spec{-1.0, 3.0, -2.0, 1.0, 5, 4};
    const auto losses = ll::loss_grid(data, spec);
    ASSERT_EQ(losses.rows(), 4u) << "rows index b: spec.n_b = 4";
    ASSERT_EQ(losses.cols(), 5u) << "columns index w: spec.n_w = 5";
    // Every entry against the MSE written out here; the first miss is reported with what the two usual
    // slips would have computed there.
    std::size_t misses = 0;
    std::string first;
    for (std::size_t j = 0; j < 4; ++j)
        for (std::size_t i = 0; i < 5; ++i) {
            const double got = losses(j, i), want = reference_mse(data, ll::grid_w(spec, i), ll::grid_b(spec, j));
            if (std::abs(got - want) <= 1e-10) continue;
            if (misses++ > 0) continue;
            const double swapped = reference_mse(data, ll::grid_w(spec, j), ll::grid_b(spec, i));
            const double by_n = reference_mse(data, spec.w_min + static_cast<double>(i) * (spec.w_max - spec.w_min) / 5.0,
                                              ll::grid_b(spec, j));
            first = "losses(" + std::to_string(j) + ", " + std::to_string(i) + ") should be the MSE at w = grid_w(spec, " +
                    std::to_string(i) + ") = " + course::teach::show(ll::grid_w(spec, i)) + ", b = grid_b(spec, " +
                    std::to_string(j) + ") = " + course::teach::show(ll::grid_b(spec, j)) + ": expected " +
                    course::teach::show(want) + ", got " + course::teach::show(got) + ". " +
                    (std::abs(got - swapped) < 1e-10
                         ? "That is the MSE at w = grid_w(j), b = grid_b(i): row j is b and column i is w, not the other "
                           "way round."
                     : std::abs(got - by_n) < 1e-10
                         ? "That is the MSE at w = w_min + i·(w_max − w_min)/n_w: the grid spacing divides by n_w − 1, so "
                           "that the last column sits at w_max (grid_w does it for you)."
                         : "");
        }
    EXPECT_EQ(misses, 0u) << misses << " of the 20 entries of the 4×5 grid are wrong (tolerance 1e-10); the first: "
                          << first;
}

// ---- 1.6 ---------------------------------------------------------------------------------------------

TEST(Ex0106GridMinimum, FindsTheSmallestEntry) {
    const ll::GridSpec spec{0.0, 2.0, 0.0, 1.0, 3, 2};
    const auto losses = course::Matrix::from_rows({{5.0, 4.0, 3.0}, {2.0, 0.5, 9.0}});
    const auto best = ll::grid_minimum(losses, spec);
    EXPECT_EQ(best.j_b, 1u) << "the smallest value, 0.5, is in row 1"
                            << (best.loss == 0.0 ? ": your minimum reports loss 0, a value the matrix does not hold. Did the "
                                                   "running minimum start at 0 (a default GridPoint)? Start it at entry "
                                                   "(0, 0) instead."
                                : best.loss == 0.5 ? ": the loss 0.5 is right, its place is not — did you update the "
                                                     "indices and coordinates together with the loss?"
                                                   : "");
    EXPECT_EQ(best.i_w, 1u) << "the smallest value, 0.5, is in column 1";
    EXPECT_DOUBLE_EQ(best.loss, 0.5);
    EXPECT_DOUBLE_EQ(best.w, 1.0) << "column 1 of 3 over w ∈ [0, 2]";
    EXPECT_DOUBLE_EQ(best.b, 1.0) << "row 1 of 2 over b ∈ [0, 1]";
}

TEST(Ex0106GridMinimum, TheFirstAndTheLastEntryCanWin) {
    const ll::GridSpec spec{-1.0, 1.0, 10.0, 20.0, 3, 2};
    const auto first = ll::grid_minimum(course::Matrix::from_rows({{-1.0, 4.0, 3.0}, {2.0, 0.5, 9.0}}), spec);
    EXPECT_EQ(first.i_w, 0u) << "the minimum −1 sits at (0, 0): did your scan skip the first entry?";
    EXPECT_EQ(first.j_b, 0u);
    EXPECT_DOUBLE_EQ(first.loss, -1.0);
    EXPECT_DOUBLE_EQ(first.w, -1.0) << "column 0: w_min";
    EXPECT_DOUBLE_EQ(first.b, 10.0) << "row 0: b_min";
    const auto row_start = ll::grid_minimum(course::Matrix::from_rows({{5.0, 4.0, 3.0}, {-2.0, 0.5, 9.0}}), spec);
    EXPECT_EQ(row_start.j_b, 1u) << "the minimum −2 sits at row 1, column 0: does every row's scan start at column 0?";
    EXPECT_EQ(row_start.i_w, 0u);
    const auto last = ll::grid_minimum(course::Matrix::from_rows({{5.0, 4.0, 3.0}, {2.0, 0.5, 0.25}}), spec);
    EXPECT_EQ(last.i_w, 2u) << "the minimum 0.25 sits at row 1, column 2: did your loop stop one short?";
    EXPECT_EQ(last.j_b, 1u);
    EXPECT_DOUBLE_EQ(last.w, 1.0) << "column 2: w_max";
    EXPECT_DOUBLE_EQ(last.b, 20.0) << "row 1: b_max";
}

TEST(Ex0106GridMinimum, TiesKeepTheFirstAndShapesAreChecked) {
    const ll::GridSpec spec{0.0, 1.0, 0.0, 1.0, 2, 2};
    const auto best = ll::grid_minimum(course::Matrix::from_rows({{3.0, 1.0}, {1.0, 2.0}}), spec);
    EXPECT_EQ(best.j_b, 0u) << "two entries equal 1.0; the first in row-major order is (0, 1): a later tie "
                               "must not replace it (< rather than <=)";
    EXPECT_EQ(best.i_w, 1u);
    EXPECT_THROW(ll::grid_minimum(course::Matrix(3, 2), spec), std::invalid_argument)
        << "a 3×2 matrix does not match a 2×2 grid";
    EXPECT_THROW(ll::grid_minimum(course::Matrix(2, 3), spec), std::invalid_argument)
        << "a 2×3 matrix does not match a 2×2 grid";
}

// ---- 1.7 ---------------------------------------------------------------------------------------------

TEST(Ex0107LeastSquares, RecoversAnExactLine) {
    const ll::LineData exact{{-2.0, -1.0, 0.5, 4.0}, {-7.0, -4.0, 0.5, 11.0}};  // y = 3x − 1
    const auto fit = ll::least_squares(exact);
    // The slope a line forced through the origin would have: Σxy/Σx² = 62.25/21.25.
    const double through_origin = (14.0 + 4.0 + 0.25 + 44.0) / (4.0 + 1.0 + 0.25 + 16.0);
    EXPECT_TRUE(near(fit.w, 3.0, 1e-12, "slope of y = 3x − 1 through 4 exact points"))
        << (std::abs(fit.w - 1.0 / 3.0) < 1e-9 ? "That is 1/3: Sxx/Sxy upside down. The slope is Sxy/Sxx."
            : std::abs(fit.w - through_origin) < 1e-9
                ? "That is Σxy/Σx², the slope of a line forced through the origin: take the sums about the means, "
                  "Σ(x − x̄)(y − ȳ)/Σ(x − x̄)²."
                : "");
    EXPECT_TRUE(near(fit.b, -1.0, 1e-12, "intercept of y = 3x − 1 (b = ȳ − w·x̄)"))
        << (std::abs(fit.b - 1.25) < 1e-9 ? "That is ȳ + w·x̄ (x̄ = 0.375, ȳ = 0.125): from ȳ = w·x̄ + b, b = ȳ − w·x̄." : "");
}

TEST(Ex0107LeastSquares, AFeatureFarFromZeroAndNoReadPastTheEnd) {
    // x near 10⁶: Σxᵢ² and n·x̄² agree in their first 12 digits, so any formula that subtracts them (the
    // one-pass Σxy − n·x̄ȳ, or Σ(x + x̄)(x − x̄)) loses the slope to cancellation. Centred sums keep it.
    ll::LineData far;
    for (double v : {0.1, 0.7, 1.3, 2.9}) far.x.push_back(1e6 + v), far.y.push_back(3.0 * (1e6 + v) - 1.0);
    far = {with_nan_beyond(far.x), with_nan_beyond(far.y)};
    const auto fit = ll::least_squares(far);
    EXPECT_TRUE(near(fit.w, 3.0, 1e-6, "slope of y = 3x − 1 through 4 points with x near 10⁶"))
        << (std::isnan(fit.w) ? "NaN: did a loop read one entry past the end of x or y (i <= n)?"
                              : "Subtract the means first: Sxy = Σ(xᵢ − x̄)(yᵢ − ȳ), Sxx = Σ(xᵢ − x̄)², each term "
                                "small, instead of differences of huge sums.");
}

TEST(Ex0107LeastSquares, HandComputedFitOfNoisyPairs) {
    // x̄ = 0.5, ȳ = 3.5, Sxx = 4·0.25 = 1, Sxy = 1.25 + 0.25 + 0.25 + 1.25 = 3: w* = 3, b* = 3.5 − 1.5 = 2.
    const auto fit = ll::least_squares(kPairs);
    EXPECT_TRUE(near(fit.w, 3.0, 1e-12, "w* = Sxy/Sxx for (0,1) (0,3) (1,4) (1,6)"));
    EXPECT_TRUE(near(fit.b, 2.0, 1e-12, "b* = ȳ − w*·x̄ for (0,1) (0,3) (1,4) (1,6)"));
}

TEST(Ex0107LeastSquares, GradientOfTheLossVanishesThere) {
    // At the minimiser ∂ℒ/∂w = (2/n) Σ rᵢxᵢ and ∂ℒ/∂b = (2/n) Σ rᵢ are zero; check by central differences.
    const auto data = ll::make_line_data(11);
    const auto fit = ll::least_squares(data);
    const double h = 1e-6;
    const double dw = (reference_mse(data, fit.w + h, fit.b) - reference_mse(data, fit.w - h, fit.b)) / (2 * h);
    const double db = (reference_mse(data, fit.w, fit.b + h) - reference_mse(data, fit.w, fit.b - h)) / (2 * h);
    EXPECT_NEAR(dw, 0.0, 1e-6) << "∂ℒ/∂w at your (w, b) = (" << fit.w << ", " << fit.b << ")";
    EXPECT_NEAR(db, 0.0, 1e-6) << "∂ℒ/∂b at your (w, b) = (" << fit.w << ", " << fit.b << ")";
}

TEST(Ex0107LeastSquares, AgreesWithTheGridMinimumAndRejectsBadData) {
    const auto data = ll::make_line_data(5);
    const ll::GridSpec spec;  // the chapter's default grid, steps of 0.05
    const auto fit = ll::least_squares(data);
    // The exact minimum is the true lowest point, so it must lie within one grid step of the grid's.
    double best = 1e300, best_w = 0, best_b = 0;
    for (std::size_t j = 0; j < spec.n_b; ++j)
        for (std::size_t i = 0; i < spec.n_w; ++i) {
            const double loss = reference_mse(data, ll::grid_w(spec, i), ll::grid_b(spec, j));
            if (loss < best) best = loss, best_w = ll::grid_w(spec, i), best_b = ll::grid_b(spec, j);
        }
    EXPECT_NEAR(fit.w, best_w, 0.05) << "the grid's best w, within one grid step";
    EXPECT_NEAR(fit.b, best_b, 0.05) << "the grid's best b, within one grid step";
    EXPECT_LE(reference_mse(data, fit.w, fit.b), best) << "no grid point may beat the exact minimum";
    EXPECT_THROW(ll::least_squares({{1.0, 1.0, 1.0}, {0.0, 1.0, 2.0}}), std::invalid_argument)
        << "every x equal: the slope is undetermined";
    EXPECT_THROW(ll::least_squares({{}, {}}), std::invalid_argument) << "no points at all";
    EXPECT_THROW(ll::least_squares({{1.0, 2.0}, {1.0}}), std::invalid_argument) << "2 x values, 1 y value";
}

// ---- the given code -------------------------------------------------------------------------------------

TEST(Chapter01Data, SameSeedSamePointsAndTheNoiseIsReal) {
    const auto a = ll::make_line_data(42), b = ll::make_line_data(42), c = ll::make_line_data(43);
    EXPECT_EQ(a.x, b.x);
    EXPECT_EQ(a.y, b.y);
    EXPECT_NE(a.x, c.x) << "another seed gives other points";
    EXPECT_GT(reference_mse(a, 2.0, -1.0), 0.1) << "the data should be noisy around y = 2x − 1";
}

TEST(Chapter01Data, PredictIsTheLine) {
    EXPECT_DOUBLE_EQ(ll::predict({2.0, 1.0}, 3.0), 7.0) << "ŷ = w·x + b with w=2, b=1, x=3";
    EXPECT_DOUBLE_EQ(ll::predict({5.0, -1.5}, 0.0), -1.5) << "at x=0 the prediction is the intercept b";
}
