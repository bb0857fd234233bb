// Tests of common/autodiff: every op's gradient against central differences, the accumulation
// semantics of backward(), error messages, numerical stability and the shape of the graph in memory.
#include "common/autodiff.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/gradcheck.hpp"

namespace {

using course::Matrix;
using course::Var;

// Entries uniform in [low, high) from a 64-bit linear congruential generator (Knuth's MMIX
// constants): deterministic on every platform, and independent of the course's own generator.
Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed, double low = -1.0, double high = 1.0) {
    Matrix m(rows, cols);
    std::uint64_t state = seed * 2654435761u + 1;
    for (std::size_t i = 0; i < m.size(); ++i) {
        state = state * 6364136223846793005u + 1442695040888963407u;
        const double unit = static_cast<double>(state >> 11) / 9007199254740992.0;  // top 53 bits / 2^53
        m.data()[i] = low + (high - low) * unit;
    }
    return m;
}

// Entries of magnitude in [0.2, 1.2) with random signs: nowhere near relu's kink at 0, nor a pole of
// division at 0.
Matrix away_from_zero(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    Matrix m = random_matrix(rows, cols, seed);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] += m.data()[i] >= 0 ? 0.2 : -0.2;
    return m;
}

// Σ C ⊙ R for fixed random weights R: a scalar whose upstream gradient dC = R differs from entry to
// entry, so that a rule that ignores dC (or reads it transposed) cannot pass as it could under sum().
Var weighted_sum(const Var& c) {
    return course::sum(c * course::constant(random_matrix(c.rows(), c.cols(), 977, 0.5, 1.5)));
}

// Every input's autodiff gradient agrees with central differences to `tolerance`.
void expect_gradients_match(const std::function<Var(const std::vector<Var>&)>& f, const std::vector<Matrix>& inputs,
                            double tolerance = 1e-7) {
    const auto reports = course::check_gradients(f, inputs);
    for (std::size_t k = 0; k < reports.size(); ++k)
        EXPECT_LT(reports[k].max_relative_error, tolerance) << "input " << k << ": " << reports[k].describe();
}

void expect_gradient_matches(const std::function<Var(const Var&)>& f, const Matrix& x, double tolerance = 1e-7) {
    const auto report = course::check_gradient(f, x);
    EXPECT_LT(report.max_relative_error, tolerance) << report.describe();
}

// The message of the exception that `action` throws, or "" if it throws none of type E.
template <class E>
std::string message_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const E& error) {
        return error.what();
    }
    return "";
}

// --- each op against central differences ------------------------------------------------------------

TEST(AutodiffAdd, GradientMatchesCentralDifferences) {
    expect_gradients_match([](const auto& v) { return weighted_sum(v[0] + v[1]); },
                           {random_matrix(3, 4, 1), random_matrix(3, 4, 2)});
}

TEST(AutodiffSub, GradientMatchesCentralDifferences) {
    expect_gradients_match([](const auto& v) { return weighted_sum(v[0] - v[1]); },
                           {random_matrix(3, 4, 3), random_matrix(3, 4, 4)});
}

TEST(AutodiffMul, GradientMatchesCentralDifferences) {
    expect_gradients_match([](const auto& v) { return weighted_sum(v[0] * v[1]); },
                           {random_matrix(3, 4, 5), random_matrix(3, 4, 6)});
}

TEST(AutodiffDiv, GradientMatchesCentralDifferences) {
    expect_gradients_match([](const auto& v) { return weighted_sum(v[0] / v[1]); },
                           {random_matrix(3, 4, 7), away_from_zero(3, 4, 8)});
}

TEST(AutodiffNeg, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(-x); }, random_matrix(2, 3, 9));
}

TEST(AutodiffScale, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::scale(x, -2.5)); }, random_matrix(2, 3, 10));
}

TEST(AutodiffAddScalar, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::add_scalar(x, 3.0)); },
                            random_matrix(2, 3, 11));
}

TEST(AutodiffPow, GradientMatchesCentralDifferencesForSeveralExponents) {
    for (double exponent : {2.0, 3.0, 0.5, -1.5}) {
        SCOPED_TRACE("exponent " + std::to_string(exponent));
        expect_gradient_matches([exponent](const Var& x) { return weighted_sum(course::pow(x, exponent)); },
                                random_matrix(2, 3, 12, 0.5, 2.0));
    }
}

TEST(AutodiffPow, ZeroExponentHasZeroGradientEvenAtZero) {
    Var x = course::parameter(Matrix::from_rows({{0.0, 2.0}}));
    course::sum(course::pow(x, 0.0)).backward();
    EXPECT_EQ(x.grad(), Matrix(1, 2, 0.0)) << course::to_string(x.grad());
}

TEST(AutodiffExp, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::exp(x)); }, random_matrix(2, 3, 13));
}

TEST(AutodiffLog, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::log(x)); },
                            random_matrix(2, 3, 14, 0.5, 3.0));
}

TEST(AutodiffTanh, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::tanh(x)); }, random_matrix(3, 3, 15, -2, 2));
}

TEST(AutodiffSigmoid, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::sigmoid(x)); },
                            random_matrix(3, 3, 16, -3, 3));
}

TEST(AutodiffSigmoid, StaysFiniteForHugeInputs) {
    Var x = course::parameter(Matrix::from_rows({{-1000.0, 1000.0, 0.0}}));
    Var y = course::sigmoid(x);
    EXPECT_EQ(y.value(), Matrix::from_rows({{0.0, 1.0, 0.5}})) << course::to_string(y.value());
    course::sum(y).backward();
    EXPECT_EQ(x.grad(), Matrix::from_rows({{0.0, 0.0, 0.25}})) << course::to_string(x.grad());
}

TEST(AutodiffRelu, GradientMatchesCentralDifferencesAwayFromTheKink) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::relu(x)); }, away_from_zero(3, 4, 17));
}

TEST(AutodiffRelu, DerivativeAtZeroIsZero) {
    Var x = course::parameter(Matrix::from_rows({{-1.0, 0.0, 2.0}}));
    course::sum(course::relu(x)).backward();
    EXPECT_EQ(x.grad(), Matrix::from_rows({{0.0, 0.0, 1.0}})) << course::to_string(x.grad());
}

TEST(AutodiffMatmul, GradientMatchesCentralDifferencesForBothFactors) {
    expect_gradients_match([](const auto& v) { return weighted_sum(course::matmul(v[0], v[1])); },
                           {random_matrix(4, 3, 18), random_matrix(3, 5, 19)});
}

TEST(AutodiffMatmul, SameInputAsBothFactors) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::matmul(x, x)); }, random_matrix(3, 3, 57));
}

TEST(AutodiffMatmul, ProductsAddToOtherContributionsInEitherOrder) {
    // x feeds a matmul and an element-wise op; whichever rule runs first, both contributions count.
    const Matrix W = random_matrix(3, 2, 58);
    expect_gradient_matches([&W](const Var& x) { return weighted_sum(course::matmul(x, course::constant(W))) + weighted_sum(x * x); },
                            random_matrix(4, 3, 59));
    expect_gradient_matches([&W](const Var& x) { return weighted_sum(x * x) + weighted_sum(course::matmul(x, course::constant(W))); },
                            random_matrix(4, 3, 60));
}

TEST(AutodiffMatmul, GradientsAccumulateAcrossCallsAndRestartAfterZeroGrad) {
    Var X = course::constant(random_matrix(4, 3, 61));
    Var W = course::parameter(random_matrix(3, 2, 62));
    Var loss = weighted_sum(course::matmul(X, W));
    loss.backward();
    const Matrix once = W.grad();
    loss.backward();
    EXPECT_LT(course::max_abs_diff(W.grad(), 2.0 * once), 1e-15) << "the second product is added, not written over";
    W.zero_grad();
    loss.backward();
    EXPECT_LT(course::max_abs_diff(W.grad(), once), 1e-15) << "after zero_grad only the new gradient remains";
}

TEST(AutodiffMatmul, ConstantFactorGetsNoGradient) {
    Var X = course::constant(random_matrix(4, 3, 20));
    Var W = course::parameter(random_matrix(3, 2, 21));
    weighted_sum(course::matmul(X, W)).backward();
    EXPECT_FALSE(X.requires_grad());
    EXPECT_THROW(X.grad(), std::logic_error);
    EXPECT_EQ(W.grad().rows(), 3u);
}

TEST(AutodiffTranspose, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return weighted_sum(course::transpose(x)); }, random_matrix(2, 3, 22));
}

TEST(AutodiffAddRow, GradientMatchesCentralDifferencesForMatrixAndRow) {
    expect_gradients_match([](const auto& v) { return weighted_sum(course::add_row(v[0], v[1])); },
                           {random_matrix(4, 3, 23), random_matrix(1, 3, 24)});
}

TEST(AutodiffAddRow, RowGradientIsTheColumnSums) {
    Var X = course::constant(Matrix(3, 2));
    Var b = course::parameter(Matrix(1, 2));
    Matrix upstream = Matrix::from_rows({{1, 10}, {2, 20}, {3, 30}});
    course::sum(course::add_row(X, b) * course::constant(upstream)).backward();
    EXPECT_EQ(b.grad(), Matrix::from_rows({{6, 60}})) << course::to_string(b.grad());
}

TEST(AutodiffLinear, GradientMatchesCentralDifferencesForInputWeightsAndBias) {
    expect_gradients_match([](const auto& v) { return weighted_sum(course::linear(v[0], v[1], v[2])); },
                           {random_matrix(4, 3, 63), random_matrix(3, 5, 64), random_matrix(1, 5, 65)});
}

TEST(AutodiffLinear, IsAddRowOfMatmulToTheLastBit) {
    // The same arithmetic in the same order, one node instead of two: values and gradients agree exactly.
    const Matrix X = random_matrix(6, 4, 66), W = random_matrix(4, 3, 67), b = random_matrix(1, 3, 68);
    Var x1 = course::parameter(X), w1 = course::parameter(W), b1 = course::parameter(b);
    Var x2 = course::parameter(X), w2 = course::parameter(W), b2 = course::parameter(b);
    Var fused = course::linear(x1, w1, b1), separate = course::add_row(course::matmul(x2, w2), b2);
    EXPECT_EQ(fused.value(), separate.value());
    EXPECT_EQ(fused.op(), "linear");
    weighted_sum(course::tanh(fused)).backward();
    weighted_sum(course::tanh(separate)).backward();
    EXPECT_EQ(x1.grad(), x2.grad()) << "dX = dC·Wᵀ";
    EXPECT_EQ(w1.grad(), w2.grad()) << "dW = Xᵀ·dC";
    EXPECT_EQ(b1.grad(), b2.grad()) << "db = column sums of dC";
}

TEST(AutodiffSum, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return course::sum(course::tanh(x)) * 3.0; }, random_matrix(2, 3, 25));
}

TEST(AutodiffMean, GradientMatchesCentralDifferences) {
    expect_gradient_matches([](const Var& x) { return course::mean(course::tanh(x)) * 3.0; }, random_matrix(2, 3, 26));
}

TEST(AutodiffOperators, ScalarFormsMatchCentralDifferences) {
    expect_gradient_matches(
        [](const Var& x) { return weighted_sum((2.0 + x) * 3.0 - (1.0 - x) / 4.0 + 5.0 / x + 2.0 * x - 1.0); },
        away_from_zero(2, 3, 27));
}

TEST(AutodiffMse, ValueIsTheMeanOverAllEntries) {
    Var pred = course::constant(Matrix::from_rows({{1, 2, 3}, {0, 0, 0}}));
    Var target = course::constant(Matrix(2, 3));
    EXPECT_DOUBLE_EQ(course::mse(pred, target).item(), 14.0 / 6.0) << "(1 + 4 + 9) / 6 entries";
}

TEST(AutodiffMse, GradientMatchesCentralDifferencesForPredictionAndTarget) {
    expect_gradients_match([](const auto& v) { return course::mse(v[0], v[1]) * 3.0; },
                           {random_matrix(4, 3, 28), random_matrix(4, 3, 29)});
}

TEST(AutodiffHalfMsePerExample, ValueIsHalfTheSquaredNormAveragedOverRows) {
    Var pred = course::constant(Matrix::from_rows({{1, 2, 3}, {0, 0, 0}}));
    Var target = course::constant(Matrix(2, 3));
    EXPECT_DOUBLE_EQ(course::half_mse_per_example(pred, target).item(), 14.0 / 4.0) << "(1 + 4 + 9) / (2 · 2 rows)";
}

TEST(AutodiffHalfMsePerExample, GradientMatchesCentralDifferencesForPredictionAndTarget) {
    expect_gradients_match([](const auto& v) { return course::half_mse_per_example(v[0], v[1]) * 3.0; },
                           {random_matrix(4, 3, 30), random_matrix(4, 3, 31)});
}

TEST(AutodiffSoftmaxCrossEntropy, GradientMatchesCentralDifferences) {
    const std::vector<std::size_t> labels{2, 0, 1, 2};
    expect_gradient_matches([&labels](const Var& z) { return course::softmax_cross_entropy(z, labels) * 3.0; },
                            random_matrix(4, 3, 32, -2, 2));
}

TEST(AutodiffSoftmaxCrossEntropy, UniformLogitsGiveLogOfTheClassCount) {
    Var logits = course::constant(Matrix(2, 4, 0.7));
    EXPECT_NEAR(course::softmax_cross_entropy(logits, {0, 3}).item(), std::log(4.0), 1e-15);
}

TEST(AutodiffSoftmaxCrossEntropy, StableForLogitsOfAThousand) {
    Var logits = course::parameter(Matrix::from_rows({{1000, 0}, {0, 1000}, {1000, 1000}}));
    Var loss = course::softmax_cross_entropy(logits, {0, 0, 1});
    // Row losses: 0 (certain and right), 1000 (certain and wrong), log 2 (a tie).
    EXPECT_NEAR(loss.item(), (1000.0 + std::log(2.0)) / 3.0, 1e-12);
    loss.backward();
    // dZ = (softmax(Z) − onehot(labels)) / 3.
    const Matrix want = Matrix::from_rows({{0, 0}, {-1, 1}, {0.5, -0.5}}) / 3.0;
    EXPECT_LT(course::max_abs_diff(logits.grad(), want), 1e-15) << course::to_string(logits.grad());
}

// --- backward() semantics ----------------------------------------------------------------------------

TEST(AutodiffBackward, GradientsAccumulateAcrossCalls) {
    const Matrix x0 = random_matrix(2, 3, 33);
    Var x = course::parameter(x0);
    Var loss = course::sum(x * x);
    loss.backward();
    loss.backward();
    EXPECT_LT(course::max_abs_diff(x.grad(), 4.0 * x0), 1e-15) << "two backward() calls on Σx² add 2x twice";
}

TEST(AutodiffBackward, IntermediateGradientsAreRecomputedNotAccumulated) {
    Var x = course::parameter(random_matrix(2, 2, 34));
    Var h = x * 3.0;
    Var loss = course::sum(h);
    loss.backward();
    loss.backward();
    EXPECT_EQ(h.grad(), Matrix(2, 2, 1.0)) << "∂loss/∂h is 1, however many times backward() ran";
    EXPECT_EQ(x.grad(), Matrix(2, 2, 6.0));
}

TEST(AutodiffBackward, ZeroGradResetsParameters) {
    const Matrix x0 = random_matrix(2, 3, 35);
    Var x = course::parameter(x0);
    Var w = course::parameter(random_matrix(2, 3, 36));
    course::sum(x * w).backward();
    std::vector<Var> parameters{x, w};
    course::zero_grad(parameters);
    EXPECT_EQ(x.grad(), Matrix(2, 3, 0.0));
    EXPECT_EQ(w.grad(), Matrix(2, 3, 0.0));
    course::sum(x * x).backward();
    EXPECT_LT(course::max_abs_diff(x.grad(), 2.0 * x0), 1e-15) << "after zero_grad only the new gradient remains";
}

TEST(AutodiffBackward, TwoLossesSharingAParameterAddTheirGradients) {
    const Matrix x0 = random_matrix(2, 2, 37);
    Var x = course::parameter(x0);
    course::sum(x * x).backward();
    course::sum(x * 3.0).backward();
    EXPECT_LT(course::max_abs_diff(x.grad(), 2.0 * x0 + 3.0), 1e-15);
}

TEST(AutodiffBackward, SharedSubexpressionGetsBothContributions) {
    const Matrix x0 = random_matrix(2, 3, 38);
    Var x = course::parameter(x0);
    Var h = course::tanh(x);
    course::sum(h * h + h).backward();  // h feeds mul twice and add once
    // dL/dx = (2h + 1)(1 − h²)
    Matrix want(2, 3);
    for (std::size_t i = 0; i < want.size(); ++i) {
        const double t = std::tanh(x0.data()[i]);
        want.data()[i] = (2 * t + 1) * (1 - t * t);
    }
    EXPECT_LT(course::max_abs_diff(x.grad(), want), 1e-15) << course::to_string(x.grad());
    expect_gradient_matches([](const Var& x) { Var h = course::tanh(x); return weighted_sum(h * h + h); }, x0);
}

TEST(AutodiffBackward, SameInputTwiceInOneOp) {
    Var x = course::parameter(Matrix::from_rows({{1.5, -2.0}}));
    course::sum(x + x).backward();
    EXPECT_EQ(x.grad(), Matrix::from_rows({{2.0, 2.0}}));
}

TEST(AutodiffBackward, ParameterAsTheRootGetsGradientOne) {
    Var x = course::parameter(Matrix(1, 1, 4.0));
    x.backward();
    EXPECT_EQ(x.grad(), Matrix(1, 1, 1.0));
}

TEST(AutodiffBackward, NonScalarResultThrowsAndSaysHowToReduce) {
    Var x = course::parameter(Matrix(2, 3));
    const std::string message = message_of<course::ShapeError>([&] { course::tanh(x).backward(); });
    EXPECT_NE(message.find("backward"), std::string::npos) << message;
    EXPECT_NE(message.find("(2×3)"), std::string::npos) << message;
    EXPECT_NE(message.find("sum()"), std::string::npos) << message;
}

TEST(AutodiffBackward, ResultOfConstantsOnlyThrows) {
    Var c = course::sum(course::constant(Matrix(2, 2, 1.0)));
    EXPECT_THROW(c.backward(), std::logic_error);
}

TEST(AutodiffBackward, ChainOfAHundredThousandOpsNeedsNoDeepRecursion) {
    // Recursive topological sorting or recursive destruction would overflow the stack here.
    Var x = course::parameter(Matrix(1, 1, 0.5));
    Var y = x;
    for (int i = 0; i < 100000; ++i) y = y * 1.0;
    y.backward();
    EXPECT_EQ(x.grad()(0, 0), 1.0);
}

// --- an op written outside the library, with a typed context ------------------------------------------

// C = s · M ⊙ A[first : first + count, :], the shape of op a later chapter writes (dropout's mask and
// its scale, a convolution's offsets): two integers, a real and a saved matrix in the node's context,
// read back by a captureless rule.   dA[first + i, j] += s · M[i, j] · dC[i, j].
Var scaled_masked_rows(const Var& a, std::size_t first, std::size_t count, double s, const Matrix& mask) {
    Matrix c(count, a.cols());
    for (std::size_t i = 0; i < count; ++i)
        for (std::size_t j = 0; j < a.cols(); ++j) c(i, j) = s * mask(i, j) * a.value()(first + i, j);
    const auto first_row = static_cast<std::int64_t>(first), rows = static_cast<std::int64_t>(count);
    return course::make_op(
        "scaled_masked_rows", std::move(c), {a},
        [](course::Node& C) {
            course::Node& A = *C.parents[0];
            const auto first_row = static_cast<std::size_t>(C.context.ints[0]);
            const auto rows = static_cast<std::size_t>(C.context.ints[1]);
            const double s = C.context.reals[0];
            const Matrix& M = C.context.saved[0];
            for (std::size_t i = 0; i < rows; ++i)
                for (std::size_t j = 0; j < C.value.cols(); ++j) A.grad(first_row + i, j) += s * M(i, j) * C.grad(i, j);
        },
        {.ints = {first_row, rows}, .reals = {s}, .saved = {mask}});
}

TEST(AutodiffMakeOp, ContextCarriesIntegersRealsAndMatricesToTheRule) {
    const Matrix mask = Matrix::from_rows({{1.0, 0.0, 1.0}, {0.0, 1.0, 1.0}});
    expect_gradient_matches([&](const Var& x) { return weighted_sum(scaled_masked_rows(x, 1, 2, 2.5, mask)); },
                            random_matrix(4, 3, 45));
    Var x = course::parameter(random_matrix(4, 3, 46));
    course::sum(scaled_masked_rows(x, 1, 2, 2.5, mask)).backward();
    // Rows 0 and 3 are not used; the others get s·mask.
    const Matrix want = Matrix::from_rows({{0, 0, 0}, {2.5, 0, 2.5}, {0, 2.5, 2.5}, {0, 0, 0}});
    EXPECT_EQ(x.grad(), want) << course::to_string(x.grad());
}

// --- a network ---------------------------------------------------------------------------------------

// ŷ = tanh(X·W1 + b1)·W2 + b2 with the course's loss L = (1/2n) Σᵢ ||ŷᵢ − yᵢ||².
Var two_layer_loss(const std::vector<Var>& p, const Matrix& X, const Matrix& Y) {
    Var hidden = course::tanh(course::add_row(course::matmul(course::constant(X), p[0]), p[1]));
    Var prediction = course::add_row(course::matmul(hidden, p[2]), p[3]);
    return course::half_mse_per_example(prediction, course::constant(Y));
}

TEST(AutodiffMlp, TwoLayerTanhGradientsMatchCentralDifferences) {
    const Matrix X = random_matrix(6, 5, 39), Y = random_matrix(6, 2, 40);
    expect_gradients_match([&](const auto& p) { return two_layer_loss(p, X, Y); },
                           {random_matrix(5, 4, 41), random_matrix(1, 4, 42), random_matrix(4, 2, 43),
                            random_matrix(1, 2, 44)});
}

TEST(AutodiffMlp, TwoLayerTanhWithMseGradientsMatchCentralDifferences) {
    const Matrix X = random_matrix(6, 5, 45), Y = random_matrix(6, 2, 46);
    expect_gradients_match(
        [&](const auto& p) {
            Var h = course::tanh(course::add_row(course::matmul(course::constant(X), p[0]), p[1]));
            return course::mse(course::add_row(course::matmul(h, p[2]), p[3]), course::constant(Y));
        },
        {random_matrix(5, 4, 47), random_matrix(1, 4, 48), random_matrix(4, 2, 49), random_matrix(1, 2, 50)});
}

TEST(AutodiffMlp, AgreesWithHandWrittenBackprop) {
    const Matrix X = random_matrix(6, 5, 51), Y = random_matrix(6, 2, 52);
    std::vector<Var> p{course::parameter(random_matrix(5, 4, 53)), course::parameter(random_matrix(1, 4, 54)),
                       course::parameter(random_matrix(4, 2, 55)), course::parameter(random_matrix(1, 2, 56))};
    two_layer_loss(p, X, Y).backward();

    // By hand: Z1 = X·W1 + b1, H = tanh Z1, Ŷ = H·W2 + b2, L = (1/2n)||Ŷ − Y||².
    const Matrix H = map(course::add_row_vector(course::matmul(X, p[0].value()), p[1].value()),
                         [](double z) { return std::tanh(z); });
    const Matrix dY = (course::add_row_vector(course::matmul(H, p[2].value()), p[3].value()) - Y) / 6.0;
    const Matrix dZ1 = course::matmul(dY, course::transpose(p[2].value())) * map(H, [](double h) { return 1 - h * h; });
    EXPECT_LT(course::max_abs_diff(p[0].grad(), course::matmul(course::transpose(X), dZ1)), 1e-14);
    EXPECT_LT(course::max_abs_diff(p[1].grad(), course::sum_rows(dZ1)), 1e-14);
    EXPECT_LT(course::max_abs_diff(p[2].grad(), course::matmul(course::transpose(H), dY)), 1e-14);
    EXPECT_LT(course::max_abs_diff(p[3].grad(), course::sum_rows(dY)), 1e-14);
}

// --- errors ------------------------------------------------------------------------------------------

TEST(AutodiffShapeErrors, ElementwiseOpsNameTheOpAndBothShapes) {
    Var a = course::parameter(Matrix(2, 3)), b = course::parameter(Matrix(3, 2));
    const std::vector<std::pair<std::string, std::function<void()>>> cases{
        {"add", [&] { a + b; }},  {"sub", [&] { a - b; }}, {"mul", [&] { a * b; }},
        {"div", [&] { a / b; }}, {"mse", [&] { course::mse(a, b); }},
        {"half_mse_per_example", [&] { course::half_mse_per_example(a, b); }}};
    for (const auto& [op, action] : cases) {
        const std::string message = message_of<course::ShapeError>(action);
        EXPECT_EQ(message, op + ": shapes differ: (2×3) and (3×2)") << "the ShapeError of " << op;
    }
}

TEST(AutodiffShapeErrors, MatmulNamesTheOpAndBothShapes) {
    Var a = course::parameter(Matrix(2, 3)), b = course::parameter(Matrix(2, 3));
    const std::string message = message_of<course::ShapeError>([&] { course::matmul(a, b); });
    EXPECT_NE(message.find("matmul"), std::string::npos) << message;
    EXPECT_NE(message.find("(2×3) · (2×3)"), std::string::npos) << message;
}

TEST(AutodiffShapeErrors, AddRowNamesTheExpectedAndActualRow) {
    Var X = course::parameter(Matrix(3, 3)), b = course::parameter(Matrix(1, 2));
    EXPECT_EQ(message_of<course::ShapeError>([&] { course::add_row(X, b); }),
              "add_row: expected a (1×3) row to broadcast over (3×3), got (1×2)");
}

TEST(AutodiffShapeErrors, LinearNamesTheOpAndTheShapes) {
    Var X = course::constant(Matrix(5, 3)), W = course::parameter(Matrix(3, 2)), b = course::parameter(Matrix(1, 3));
    EXPECT_EQ(message_of<course::ShapeError>([&] { course::linear(X, W, b); }),
              "linear: expected a (1×2) bias for the weights (3×2), got (1×3)");
    Var W4 = course::parameter(Matrix(4, 2));
    EXPECT_EQ(message_of<course::ShapeError>([&] { course::linear(X, W4, b); }),
              "linear: inputs (5×3) do not fit the weights (4×2)");
}

TEST(AutodiffShapeErrors, SoftmaxCrossEntropyChecksTheLabels) {
    Var logits = course::parameter(Matrix(2, 3));
    EXPECT_NE(message_of<course::ShapeError>([&] { course::softmax_cross_entropy(logits, {0}); }).find("1 labels for (2×3)"),
              std::string::npos);
    EXPECT_NE(message_of<std::out_of_range>([&] { course::softmax_cross_entropy(logits, {0, 3}); }).find("label 3 of row 1"),
              std::string::npos);
}

TEST(AutodiffVar, DefaultIsAnEmptyConstant) {
    Var v;
    EXPECT_EQ(v.rows(), 0u);
    EXPECT_FALSE(v.requires_grad());
    EXPECT_THROW(v.item(), course::ShapeError);
}

}  // namespace
