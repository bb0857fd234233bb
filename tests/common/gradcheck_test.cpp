// Tests of common/gradcheck: central differences, relative errors, and that check_gradient both
// passes a correct backward rule and catches a wrong one.
#include "common/gradcheck.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/autodiff.hpp"
#include "common/errors.hpp"

namespace {

using course::Matrix;
using course::Var;

double sum_of_squares(const Matrix& x) {
    double total = 0.0;
    for (double v : x.values()) total += v * v;
    return total;
}

TEST(GradCheckNumericalGradient, MatchesTheKnownGradientOfASumOfSquares) {
    const Matrix x = Matrix::from_rows({{0.3, -1.2, 2.0}, {0.0, 5.0, -0.7}});
    const Matrix gradient = course::numerical_gradient(sum_of_squares, x);
    EXPECT_LT(course::max_abs_diff(gradient, 2.0 * x), 1e-9) << "∂(Σx²)/∂x = 2x; got " << course::to_string(gradient, 12);
}

TEST(GradCheckNumericalGradient, ErrorShrinksLikeHSquared) {
    // (sin(1 + h) − sin(1 − h)) / 2h = cos(1)·sin(h)/h ≈ cos(1)·(1 − h²/6): halving h quarters the error.
    const auto f = [](const Matrix& x) { return std::sin(x(0, 0)); };
    const Matrix x(1, 1, 1.0);
    const auto error = [&](double h) { return std::abs(course::numerical_gradient(f, x, h)(0, 0) - std::cos(1.0)); };
    const double ratio = error(1e-2) / error(0.5e-2);
    EXPECT_NEAR(ratio, 4.0, 0.01) << "error(h) / error(h/2) for central differences";
    EXPECT_NEAR(error(1e-2), std::cos(1.0) * 1e-4 / 6.0, 1e-9) << "the leading error term is h²/6 · |f'''|";
}

TEST(GradCheckNumericalGradient, PerturbsOneCoordinateAtATimeAndRestoresIt) {
    const Matrix x = Matrix::from_rows({{1.0, 2.0}, {3.0, 4.0}});
    std::vector<Matrix> seen;
    course::numerical_gradient([&seen](const Matrix& probe) { seen.push_back(probe); return 0.0; }, x, 0.5);
    ASSERT_EQ(seen.size(), 8u) << "two evaluations per coordinate";
    for (std::size_t k = 0; k < seen.size(); ++k) {
        const Matrix difference = seen[k] - x;
        for (std::size_t i = 0; i < x.size(); ++i) {
            const double want = i == k / 2 ? (k % 2 == 0 ? 0.5 : -0.5) : 0.0;
            EXPECT_EQ(difference.data()[i], want) << "evaluation " << k << ", entry " << i;
        }
    }
}

TEST(GradCheckNumericalGradient, RejectsAStepThatIsNotPositive) {
    EXPECT_THROW(course::numerical_gradient(sum_of_squares, Matrix(1, 1), 0.0), std::invalid_argument);
    EXPECT_THROW(course::numerical_gradient(sum_of_squares, Matrix(1, 1), -1e-5), std::invalid_argument);
}

TEST(GradCheckRelativeError, IsZeroWhenBothAreZero) { EXPECT_EQ(course::relative_error(0.0, 0.0), 0.0); }

TEST(GradCheckRelativeError, IsSymmetricAndScaleFree) {
    EXPECT_NEAR(course::relative_error(1.0, 1.1), 0.1 / 1.1, 1e-15);
    EXPECT_EQ(course::relative_error(1.1, 1.0), course::relative_error(1.0, 1.1));
    EXPECT_NEAR(course::relative_error(1e6, 1.1e6), 0.1 / 1.1, 1e-12);
    EXPECT_DOUBLE_EQ(course::relative_error(-2.0, 2.0), 2.0) << "opposite signs: the worst a relative error gets";
}

TEST(GradCheckRelativeError, FloorKeepsTinyValuesFromBlowingUp) {
    EXPECT_DOUBLE_EQ(course::relative_error(1e-20, 0.0), 1e-12) << "1e-20 away from 0, measured against the 1e-8 floor";
    EXPECT_DOUBLE_EQ(course::relative_error(3e-9, 1e-9), 0.2);
}

TEST(GradCheckMaxRelativeError, FindsTheWorstEntry) {
    const Matrix analytic = Matrix::from_rows({{1.0, 2.0}, {3.0, 4.0}});
    const Matrix numerical = Matrix::from_rows({{1.0, 2.0}, {3.3, 4.0}});
    EXPECT_NEAR(course::max_relative_error(analytic, numerical), 0.3 / 3.3, 1e-15);
    const auto report = course::compare_gradients(analytic, numerical);
    EXPECT_EQ(report.worst_row, 1u);
    EXPECT_EQ(report.worst_col, 0u);
}

TEST(GradCheckMaxRelativeError, NaNIsTheWorstAndIsNotHidden) {
    const Matrix analytic = Matrix::from_rows({{std::numeric_limits<double>::quiet_NaN(), 1.0, 5.0}});
    const Matrix numerical = Matrix::from_rows({{1.0, 1.0, 1.0}});
    const auto report = course::compare_gradients(analytic, numerical);
    EXPECT_TRUE(std::isnan(report.max_relative_error)) << report.describe();
    EXPECT_EQ(report.worst_col, 0u);
}

TEST(GradCheckMaxRelativeError, ShapeMismatchNamesBothShapes) {
    try {
        course::max_relative_error(Matrix(2, 3), Matrix(3, 2));
        FAIL() << "expected a ShapeError";
    } catch (const course::ShapeError& error) {
        EXPECT_EQ(std::string(error.what()), "compare_gradients: shapes differ: (2×3) and (3×2)");
    }
}

TEST(GradCheckCheckGradient, PassesACorrectGradient) {
    const Matrix x = Matrix::from_rows({{0.3, -1.2, 0.8}, {0.1, 0.5, -0.7}});
    const auto report = course::check_gradient([](const Var& v) { return course::sum(course::tanh(v) * v); }, x);
    EXPECT_LT(report.max_relative_error, 1e-7) << report.describe();
    EXPECT_LT(course::max_abs_diff(report.analytic, report.numerical), 1e-9);
}

// x² with a planted bug: the backward rule forgets the last entry's gradient.
Var square_missing_last_entry(const Var& x) {
    return course::make_op("square_missing_last_entry", x.value() * x.value(), {x}, [](course::Node& C) {
        course::Node& A = *C.parents[0];
        for (std::size_t i = 0; i + 1 < C.value.size(); ++i)
            A.grad.data()[i] += C.grad.data()[i] * 2.0 * A.value.data()[i];
    });
}

TEST(GradCheckCheckGradient, CatchesAWrongBackwardRuleAndPointsAtIt) {
    const Matrix x = Matrix::from_rows({{0.3, -1.2}, {0.8, 0.5}});
    const auto report = course::check_gradient([](const Var& v) { return course::sum(square_missing_last_entry(v)); }, x);
    EXPECT_GT(report.max_relative_error, 1e-3) << report.describe();
    EXPECT_EQ(report.worst_row, 1u);
    EXPECT_EQ(report.worst_col, 1u);
    const std::string text = report.describe();
    EXPECT_NE(text.find("at (1, 1), analytic 0 vs numerical 1"), std::string::npos) << text;
}

TEST(GradCheckCheckGradients, ReportsOneResultPerInput) {
    const Matrix a = Matrix::from_rows({{1.0, 2.0}}), b = Matrix::from_rows({{3.0, -4.0}});
    const auto reports = course::check_gradients([](const std::vector<Var>& v) { return course::sum(v[0] * v[1]); },
                                                 {a, b});
    ASSERT_EQ(reports.size(), 2u);
    EXPECT_EQ(reports[0].analytic, b) << "∂Σ(a⊙b)/∂a = b";
    EXPECT_EQ(reports[1].analytic, a) << "∂Σ(a⊙b)/∂b = a";
    for (const auto& report : reports) EXPECT_LT(report.max_relative_error, 1e-9) << report.describe();
}

}  // namespace
