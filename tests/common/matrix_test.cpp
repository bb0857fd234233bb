// Tests of common/matrix: construction, element-wise ops, matmul in every transpose combination against
// a naive triple loop, broadcasting, reductions, and the shape errors a student will meet.
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

using course::Matrix;

namespace {

Matrix random_matrix(std::size_t rows, std::size_t cols, course::Rng& rng) {
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(-1.0, 1.0);
    return m;
}

// The definition C(i, j) = Σ_p A(i, p) B(p, j), written as plainly as possible.
Matrix naive_product(const Matrix& a, const Matrix& b) {
    Matrix c(a.rows(), b.cols());
    for (std::size_t i = 0; i < a.rows(); ++i)
        for (std::size_t j = 0; j < b.cols(); ++j)
            for (std::size_t p = 0; p < a.cols(); ++p) c(i, j) += a(i, p) * b(p, j);
    return c;
}

std::string message_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const course::ShapeError& e) {
        return e.what();
    }
    return "(no ShapeError thrown)";
}

}  // namespace

TEST(Matrix, ConstructionAndIndexing) {
    const auto m = Matrix::from_rows({{1, 2, 3}, {4, 5, 6}});
    EXPECT_EQ(m.rows(), 2u);
    EXPECT_EQ(m.cols(), 3u);
    EXPECT_EQ(m(1, 0), 4.0);
    EXPECT_EQ(m.data()[5], 6.0) << "row-major: (1, 2) is the 6th value";
    EXPECT_EQ(m.shape(), "(2×3)");
    EXPECT_EQ(Matrix::identity(3)(2, 2), 1.0);
    EXPECT_EQ(Matrix::identity(3)(0, 2), 0.0);
    EXPECT_THROW(m.at(2, 0), std::out_of_range);
    EXPECT_THROW(Matrix(2, 2, std::vector<double>{1, 2, 3}), course::ShapeError);
    EXPECT_THROW(Matrix::from_rows({{1, 2}, {3}}), course::ShapeError);
}

TEST(Matrix, ElementWiseArithmetic) {
    const auto a = Matrix::from_rows({{1, 2}, {3, 4}});
    const auto b = Matrix::from_rows({{5, 6}, {7, 8}});
    EXPECT_EQ(a + b, Matrix::from_rows({{6, 8}, {10, 12}}));
    EXPECT_EQ(b - a, Matrix::from_rows({{4, 4}, {4, 4}}));
    EXPECT_EQ(a * b, Matrix::from_rows({{5, 12}, {21, 32}})) << "* is element-wise (Hadamard)";
    EXPECT_EQ(b / a, Matrix::from_rows({{5, 3}, {7.0 / 3.0, 2}}));
    EXPECT_EQ(2.0 * a - 1.0, Matrix::from_rows({{1, 3}, {5, 7}}));
    EXPECT_EQ(-a, Matrix::from_rows({{-1, -2}, {-3, -4}}));
    auto c = a;
    c.add_scaled(b, 0.5);
    EXPECT_EQ(c, Matrix::from_rows({{3.5, 5}, {6.5, 8}}));
}

TEST(Matrix, ShapeErrorsNameTheOperationAndBothShapes) {
    const Matrix a(2, 3), b(3, 2);
    EXPECT_EQ(message_of([&] { (void)(a + b); }), "add: shapes differ: (2×3) and (3×2)");
    EXPECT_EQ(message_of([&] { (void)course::matmul(a, a); }), "matmul: inner dimensions differ: (2×3) · (2×3)");
    EXPECT_EQ(message_of([&] { (void)course::add_row_vector(a, Matrix(1, 2)); }),
              "add_row_vector: expected a (1×3) row to broadcast over (2×3), got (1×2)");
}

TEST(Matrix, MatmulAgreesWithTheDefinitionInEveryTransposeCombination) {
    course::Rng rng(1);
    for (const auto& [m, k, n] : {std::tuple{1, 1, 1}, {3, 5, 2}, {7, 1, 9}, {32, 64, 17}}) {
        const auto a = random_matrix(m, k, rng), b = random_matrix(k, n, rng);
        const auto want = naive_product(a, b);
        Matrix got;
        course::matmul_into(got, a, b);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "A·B at " << m << "×" << k << "×" << n;
        course::matmul_into(got, course::transpose(a), b, true, false);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "(Aᵀ)ᵀ·B";
        course::matmul_into(got, a, course::transpose(b), false, true);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "A·(Bᵀ)ᵀ";
        course::matmul_into(got, course::transpose(a), course::transpose(b), true, true);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "(Aᵀ)ᵀ·(Bᵀ)ᵀ";
    }
}

// The kernel (common/matmul.cpp) works on tiles of up to 8×16 and blocks of 256 along the sum and 128
// rows; shapes that straddle every edge, including an empty sum, must still give the definition.
TEST(Matrix, MatmulAgreesWithTheDefinitionAcrossTileAndBlockEdges) {
    course::Rng rng(3);
    for (const auto& [m, k, n] : {std::tuple{131, 517, 35}, {1, 300, 40}, {9, 256, 17}, {257, 3, 1}, {5, 0, 3}}) {
        const auto a = random_matrix(m, k, rng), b = random_matrix(k, n, rng);
        const auto want = naive_product(a, b);
        Matrix got(m, n, 7.0);  // stale contents must not leak into the result
        course::matmul_into(got, a, b);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "A·B at " << m << "×" << k << "×" << n;
        course::matmul_into(got, course::transpose(a), b, true, false);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "(Aᵀ)ᵀ·B at " << m << "×" << k << "×" << n;
        course::matmul_into(got, a, course::transpose(b), false, true);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "A·(Bᵀ)ᵀ at " << m << "×" << k << "×" << n;
        course::matmul_into(got, course::transpose(a), course::transpose(b), true, true);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "(Aᵀ)ᵀ·(Bᵀ)ᵀ at " << m << "×" << k << "×" << n;
    }
}

// tanh_into replaces std::tanh in the training loops, so it must agree with it to the last bits: the
// distance in units in the last place (ulp) between two doubles of the same sign is the difference of
// their bit patterns read as integers.
TEST(Matrix, TanhIntoAgreesWithStdTanhWithinThreeUlp) {
    std::vector<double> xs{0.0, -0.0, 1e-300, -1e-300, 1e-20, 1e-9, -3e-6, 0.3465, 0.3466, 19.0, 20.5, 40.0, 800.0, -800.0};
    for (double x = -25.0; x <= 25.0; x += 0.000731) xs.push_back(x);
    for (double x = 1e-12; x < 1.0; x *= 1.01) xs.push_back(x), xs.push_back(-x);
    Matrix in(1, xs.size(), xs), out;
    course::tanh_into(out, in);
    std::int64_t worst = 0;
    double worst_x = 0.0;
    for (std::size_t i = 0; i < xs.size(); ++i) {
        const double want = std::tanh(xs[i]), got = out(0, i);
        ASSERT_EQ(std::signbit(got), std::signbit(want)) << "tanh(" << xs[i] << ") has the wrong sign: " << got;
        const std::int64_t ulp = std::abs(std::bit_cast<std::int64_t>(got) - std::bit_cast<std::int64_t>(want));
        if (ulp > worst) worst = ulp, worst_x = xs[i];
    }
    EXPECT_LE(worst, 3) << "tanh_into is " << worst << " ulp from std::tanh at x = " << worst_x;
    const double special[] = {INFINITY, -INFINITY, NAN};
    Matrix edge(1, 3, std::vector<double>(special, special + 3));
    course::tanh_into(edge, edge);
    EXPECT_EQ(edge(0, 0), 1.0) << "tanh(+inf)";
    EXPECT_EQ(edge(0, 1), -1.0) << "tanh(-inf)";
    EXPECT_TRUE(std::isnan(edge(0, 2))) << "tanh(NaN) must stay NaN, so that a diverging run is caught";
}

TEST(Matrix, MatmulIntoReusesItsBuffer) {
    course::Rng rng(2);
    const auto a = random_matrix(8, 4, rng), b = random_matrix(4, 6, rng);
    Matrix c;
    course::matmul_into(c, a, b);
    const double* storage = c.data();
    course::matmul_into(c, a, b);
    EXPECT_EQ(c.data(), storage) << "a second product of the same shape must not reallocate";
    EXPECT_THROW(course::matmul_into(c, c, b), course::ShapeError) << "aliasing the output is refused";
}

TEST(Matrix, BroadcastingAndReductions) {
    const auto m = Matrix::from_rows({{1, 2, 3}, {4, 5, 6}});
    EXPECT_EQ(course::add_row_vector(m, Matrix::row({10, 20, 30})), Matrix::from_rows({{11, 22, 33}, {14, 25, 36}}));
    EXPECT_EQ(course::mul_row_vector(m, Matrix::row({1, 0, -1})), Matrix::from_rows({{1, 0, -3}, {4, 0, -6}}));
    EXPECT_EQ(course::sum(m), 21.0);
    EXPECT_EQ(course::mean(m), 3.5);
    EXPECT_EQ(course::min(m), 1.0);
    EXPECT_EQ(course::max(m), 6.0);
    EXPECT_EQ(course::sum_rows(m), Matrix::row({5, 7, 9})) << "column sums: the bias gradient of a layer";
    EXPECT_EQ(course::mean_rows(m), Matrix::row({2.5, 3.5, 4.5}));
    EXPECT_EQ(course::sum_cols(m), Matrix::column({6, 15}));
    EXPECT_NEAR(course::norm(Matrix::row({3, 4})), 5.0, 1e-15);
    EXPECT_EQ(course::argmax_per_row(Matrix::from_rows({{1, 9, 3}, {7, 5, 6}})), (std::vector<std::size_t>{1, 0}));
    EXPECT_EQ(course::transpose(m), Matrix::from_rows({{1, 4}, {2, 5}, {3, 6}}));
    EXPECT_TRUE(course::all_finite(m));
    EXPECT_FALSE(course::all_finite(Matrix::row({1, NAN})));
    EXPECT_THROW(course::mean(Matrix()), course::ShapeError);
}
