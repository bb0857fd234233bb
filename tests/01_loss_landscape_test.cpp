// Tests that grade chapter 01. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "chapters/01_loss_landscape/loss_landscape.hpp"

namespace ll = course::loss_landscape;

namespace {

// The loss written out independently of the student's code, to check against.
double reference_mse(const ll::LineData& d, double w, double b) {
    double total = 0.0;
    for (std::size_t i = 0; i < d.x.size(); ++i) total += std::pow(w * d.x[i] + b - d.y[i], 2);
    return total / static_cast<double>(d.x.size());
}

const ll::LineData kThreePoints{{0.0, 1.0, 2.0}, {1.0, 3.0, 2.0}};

}  // namespace

TEST(Ex0101Predict, HandComputedValues) {
    EXPECT_DOUBLE_EQ(ll::predict({2.0, 1.0}, 3.0), 7.0) << "ŷ = w·x + b with w=2, b=1, x=3";
    EXPECT_DOUBLE_EQ(ll::predict({-0.5, 4.0}, 2.0), 3.0) << "w=−0.5, b=4, x=2";
    EXPECT_DOUBLE_EQ(ll::predict({5.0, -1.5}, 0.0), -1.5) << "at x=0 the prediction is the intercept b";
}

TEST(Ex0102MseLoss, HandComputedValue) {
    // Residuals of ŷ = x + 1 on (0,1), (1,3), (2,2): 0, −1, 1 → MSE = (0 + 1 + 1)/3.
    EXPECT_NEAR(ll::mse_loss(kThreePoints, {1.0, 1.0}), 2.0 / 3.0, 1e-12)
        << "points (0,1) (1,3) (2,2), line ŷ = x + 1: residuals 0, −1, 1";
}

TEST(Ex0102MseLoss, ZeroForAPerfectFit) {
    const ll::LineData exact{{-1.0, 0.5, 3.0}, {-1.0, 3.5, 11.0}};  // y = 3x + 2 exactly
    EXPECT_NEAR(ll::mse_loss(exact, {3.0, 2.0}), 0.0, 1e-12) << "the true line must have zero loss";
}

TEST(Ex0102MseLoss, MatchesTheFormulaOnNoisyData) {
    const auto data = ll::make_line_data(7);
    for (const ll::LineParams p : {ll::LineParams{0.0, 0.0}, {2.0, -1.0}, {-1.0, 3.0}})
        EXPECT_NEAR(ll::mse_loss(data, p), reference_mse(data, p.w, p.b), 1e-10)
            << "at w=" << p.w << ", b=" << p.b << " (40 points from make_line_data(7))";
}

TEST(Ex0102MseLoss, RejectsEmptyOrMismatchedData) {
    EXPECT_THROW(ll::mse_loss({{}, {}}, {1.0, 0.0}), std::invalid_argument) << "no points at all";
    EXPECT_THROW(ll::mse_loss({{1.0, 2.0}, {1.0}}, {1.0, 0.0}), std::invalid_argument) << "2 x values, 1 y value";
}

TEST(Ex0103MaeLoss, HandComputedValue) {
    EXPECT_NEAR(ll::mae_loss(kThreePoints, {1.0, 1.0}), 2.0 / 3.0, 1e-12) << "|0| + |−1| + |1| over 3 points";
    EXPECT_NEAR(ll::mae_loss(kThreePoints, {0.0, 0.0}), 2.0, 1e-12) << "the line ŷ = 0: |1| + |3| + |2| over 3";
}

TEST(Ex0103MaeLoss, AnOutlierMovesMaeLessThanMse) {
    ll::LineData with_outlier{{0.0, 1.0, 2.0, 3.0}, {0.0, 1.0, 2.0, 13.0}};  // y = x, one point off by 10
    EXPECT_NEAR(ll::mae_loss(with_outlier, {1.0, 0.0}), 2.5, 1e-12) << "one residual of 10 over 4 points";
    // For contrast the MSE (written out here, so that a slip in your 1.2 does not cost 1.3's point): 100/4.
    EXPECT_NEAR(reference_mse(with_outlier, 1.0, 0.0), 25.0, 1e-12) << "its square, 100, over 4 points";
    EXPECT_THROW(ll::mae_loss({{}, {}}, {1.0, 0.0}), std::invalid_argument) << "no points at all";
}

TEST(Ex0104LossGrid, ShapeAndEveryEntry) {
    const auto data = ll::make_line_data(3, 12);
    const ll::GridSpec spec{-1.0, 3.0, -2.0, 1.0, 5, 4};
    const auto losses = ll::loss_grid(data, spec);
    ASSERT_EQ(losses.rows(), 4u) << "rows index b: spec.n_b = 4";
    ASSERT_EQ(losses.cols(), 5u) << "columns index w: spec.n_w = 5";
    for (std::size_t j = 0; j < 4; ++j)
        for (std::size_t i = 0; i < 5; ++i)
            EXPECT_NEAR(losses(j, i), reference_mse(data, ll::grid_w(spec, i), ll::grid_b(spec, j)), 1e-10)
                << "losses(" << j << ", " << i << ") should be the MSE at w=" << ll::grid_w(spec, i)
                << ", b=" << ll::grid_b(spec, j);
}

TEST(Ex0105GridMinimum, FindsTheSmallestEntry) {
    const ll::GridSpec spec{0.0, 2.0, 0.0, 1.0, 3, 2};
    const auto losses = course::Matrix::from_rows({{5.0, 4.0, 3.0}, {2.0, 0.5, 9.0}});
    const auto best = ll::grid_minimum(losses, spec);
    EXPECT_EQ(best.j_b, 1u) << "the smallest value, 0.5, is in row 1";
    EXPECT_EQ(best.i_w, 1u) << "the smallest value, 0.5, is in column 1";
    EXPECT_DOUBLE_EQ(best.loss, 0.5);
    EXPECT_DOUBLE_EQ(best.w, 1.0) << "column 1 of 3 over w ∈ [0, 2]";
    EXPECT_DOUBLE_EQ(best.b, 1.0) << "row 1 of 2 over b ∈ [0, 1]";
}

TEST(Ex0105GridMinimum, TiesKeepTheFirstAndShapesAreChecked) {
    const ll::GridSpec spec{0.0, 1.0, 0.0, 1.0, 2, 2};
    const auto best = ll::grid_minimum(course::Matrix::from_rows({{3.0, 1.0}, {1.0, 2.0}}), spec);
    EXPECT_EQ(best.j_b, 0u) << "two entries equal 1.0; the first in row-major order is (0, 1)";
    EXPECT_EQ(best.i_w, 1u);
    EXPECT_THROW(ll::grid_minimum(course::Matrix(3, 2), spec), std::invalid_argument)
        << "a 3×2 matrix does not match a 2×2 grid";
}

TEST(Ex0106LeastSquares, RecoversAnExactLine) {
    const ll::LineData exact{{-2.0, -1.0, 0.5, 4.0}, {-7.0, -4.0, 0.5, 11.0}};  // y = 3x − 1
    const auto fit = ll::least_squares(exact);
    EXPECT_NEAR(fit.w, 3.0, 1e-12) << "slope of y = 3x − 1";
    EXPECT_NEAR(fit.b, -1.0, 1e-12) << "intercept of y = 3x − 1";
}

TEST(Ex0106LeastSquares, GradientOfTheLossVanishesThere) {
    // At the minimiser ∂L/∂w = (2/n) Σ rᵢxᵢ and ∂L/∂b = (2/n) Σ rᵢ are zero; check by central differences.
    const auto data = ll::make_line_data(11);
    const auto fit = ll::least_squares(data);
    const double h = 1e-6;
    const double dw = (reference_mse(data, fit.w + h, fit.b) - reference_mse(data, fit.w - h, fit.b)) / (2 * h);
    const double db = (reference_mse(data, fit.w, fit.b + h) - reference_mse(data, fit.w, fit.b - h)) / (2 * h);
    EXPECT_NEAR(dw, 0.0, 1e-6) << "∂L/∂w at your (w, b) = (" << fit.w << ", " << fit.b << ")";
    EXPECT_NEAR(db, 0.0, 1e-6) << "∂L/∂b at your (w, b) = (" << fit.w << ", " << fit.b << ")";
}

TEST(Ex0106LeastSquares, AgreesWithTheGridMinimumAndRejectsConstantX) {
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
}

TEST(Chapter01Data, SameSeedSamePointsAndTheNoiseIsReal) {
    const auto a = ll::make_line_data(42), b = ll::make_line_data(42), c = ll::make_line_data(43);
    EXPECT_EQ(a.x, b.x);
    EXPECT_EQ(a.y, b.y);
    EXPECT_NE(a.x, c.x) << "another seed gives other points";
    EXPECT_GT(reference_mse(a, 2.0, -1.0), 0.1) << "the data should be noisy around y = 2x − 1";
}
