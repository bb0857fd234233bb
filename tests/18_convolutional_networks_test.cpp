// Tests that grade chapter 18. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter18…
// suites test the given code and pass on the stubs too.
//
// What the exercises are compared with, never with a copy of the solution:
//   1. hand-computed sizes, including the padding, stride and floor cases;
//   2. a hand-computed cross-correlation (its flipped twin, a convolution, gives other numbers) and the
//      test's own convolution, written differently: pad the image first, then slide the window;
//   3-4. central differences of Σ G ⊙ conv(X) through that reference convolution;
//   5. W·im2col equals the reference convolution; col2im is im2col's adjoint (⟨im2col x, C⟩ = ⟨x, col2im C⟩);
//   6-7. hand-made windows with ties, overlapping windows, and central differences;
//   8. hand-computed statistics and torch's running-average rule (unbiased variance, momentum 0.1);
//   9-10. central differences through the test's own batch-norm and residual forward passes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/18_convolutional_networks/cnn.hpp"
#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "chapters/18_convolutional_networks/shapes.hpp"
#include "chapters/18_convolutional_networks/training.hpp"
#include "common/errors.hpp"
#include "common/gradcheck.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace cv = course::convolutional;
using course::Matrix;
using course::teach::near;
using course::teach::poison;
using course::teach::vectors_near;

namespace {

Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    course::Rng rng(seed);
    Matrix m(rows, cols);
    for (std::size_t t = 0; t < m.size(); ++t) m.data()[t] = rng.uniform(-1.0, 1.0);
    return m;
}

cv::Conv2d random_conv(const cv::ConvSpec& spec, std::uint64_t seed) {
    return {spec, random_matrix(spec.out_channels, spec.in_channels * spec.kernel * spec.kernel, seed),
            random_matrix(1, spec.out_channels, seed + 1)};
}

// The test's own convolution: copy each image into a zero-padded array, then slide the window over it.
Matrix reference_conv(const Matrix& X, cv::Shape3 in, const cv::Conv2d& layer) {
    const auto& s = layer.spec;
    const std::size_t k = s.kernel, ph = in.height + 2 * s.padding, pw = in.width + 2 * s.padding;
    const std::size_t ho = (ph - k) / s.stride + 1, wo = (pw - k) / s.stride + 1;
    Matrix Y(X.rows(), s.out_channels * ho * wo);
    std::vector<double> padded(in.channels * ph * pw);
    for (std::size_t n = 0; n < X.rows(); ++n) {
        std::fill(padded.begin(), padded.end(), 0.0);
        for (std::size_t c = 0; c < in.channels; ++c)
            for (std::size_t r = 0; r < in.height; ++r)
                for (std::size_t q = 0; q < in.width; ++q)
                    padded[(c * ph + r + s.padding) * pw + q + s.padding] = X(n, (c * in.height + r) * in.width + q);
        for (std::size_t f = 0; f < s.out_channels; ++f)
            for (std::size_t i = 0; i < ho; ++i)
                for (std::size_t j = 0; j < wo; ++j) {
                    double total = layer.bias(0, f);
                    for (std::size_t c = 0; c < in.channels; ++c)
                        for (std::size_t u = 0; u < k; ++u)
                            for (std::size_t v = 0; v < k; ++v)
                                total += layer.weight(f, (c * k + u) * k + v) *
                                         padded[(c * ph + i * s.stride + u) * pw + j * s.stride + v];
                    Y(n, (f * ho + i) * wo + j) = total;
                }
    }
    return Y;
}

double weighted_sum(const Matrix& Y, const Matrix& G) {
    double total = 0.0;
    for (std::size_t t = 0; t < Y.size(); ++t) total += Y.data()[t] * G.data()[t];
    return total;
}

::testing::AssertionResult agrees(const Matrix& analytic, const Matrix& numerical, double tol, const std::string& what) {
    if (!analytic.same_shape(numerical))
        return ::testing::AssertionFailure() << what << ": the gradient is " << analytic.shape() << ", expected "
                                             << numerical.shape();
    const course::GradCheckReport report = course::compare_gradients(analytic, numerical);
    if (report.max_relative_error <= tol) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << what << " (analytic vs central differences, tolerance " << tol
                                         << "):\n" << report.describe();
}

// The three layer shapes every convolution test runs: plain, padded, and strided with padding.
struct ConvCase {
    const char* name;
    cv::Shape3 in;
    cv::ConvSpec spec;
};
const std::vector<ConvCase> kConvCases{
    {"2×5×5, 3 filters 3×3, stride 1, padding 0", {2, 5, 5}, {2, 3, 3, 1, 0}},
    {"2×5×4, 2 filters 3×3, stride 1, padding 1", {2, 5, 4}, {2, 2, 3, 1, 1}},
    {"1×7×6, 2 filters 3×3, stride 2, padding 1", {1, 7, 6}, {1, 2, 3, 2, 1}},
    {"2×6×6, 1 filter 2×2, stride 2, padding 0", {2, 6, 6}, {2, 1, 2, 2, 0}},
};

std::vector<double> as_vector(const Matrix& m) { return m.values(); }

// The harness rule: an output buffer arrives as training hands it over, already shaped and holding the
// previous batch's numbers (here NaN, so that an entry the exercise forgets to write shows).
Matrix poisoned_matrix(std::size_t rows, std::size_t cols) {
    Matrix m(rows, cols);
    poison(m);
    return m;
}

}  // namespace

// ---- 18.1 ------------------------------------------------------------------------------------------
TEST(Ex1801ConvOutputSize, HandComputedSizes) {
    struct Case { std::size_t n, k, s, p, want; const char* why; };
    const Case cases[] = {
        {28, 3, 1, 1, 28, "'same' padding keeps the size"},
        {28, 5, 1, 0, 24, "valid: n − k + 1 (forgot the + 1?)"},
        {28, 2, 2, 0, 14, "a 2×2 pool halves"},
        {7, 3, 2, 0, 3, "⌊(7 − 3)/2⌋ + 1"},
        {7, 3, 2, 1, 4, "padding counts twice: ⌊(7 + 2 − 3)/2⌋ + 1"},
        {8, 3, 2, 1, 4, "floor, not ceil: ⌊7/2⌋ + 1 = 4"},
        {5, 5, 1, 0, 1, "a window as large as the input fits once"},
        {3, 5, 1, 1, 1, "padding can make a window fit"},
    };
    for (const Case& c : cases)
        EXPECT_TRUE(near(static_cast<double>(cv::conv_output_size(c.n, c.k, c.s, c.p)), static_cast<double>(c.want), 0,
                         "conv_output_size(n=" + std::to_string(c.n) + ", k=" + std::to_string(c.k) + ", s=" +
                             std::to_string(c.s) + ", p=" + std::to_string(c.p) + "): " + c.why));
}

TEST(Ex1801ConvOutputSize, RejectsWindowsThatDoNotFit) {
    EXPECT_THROW(cv::conv_output_size(4, 5, 1, 0), std::invalid_argument) << "k = 5 > n + 2p = 4";
    EXPECT_THROW(cv::conv_output_size(2, 5, 1, 1), std::invalid_argument) << "k = 5 > n + 2p = 4";
    EXPECT_THROW(cv::conv_output_size(8, 3, 0, 0), std::invalid_argument) << "stride 0";
    EXPECT_THROW(cv::conv_output_size(8, 0, 1, 0), std::invalid_argument) << "kernel 0";
}

// ---- 18.2 ------------------------------------------------------------------------------------------
TEST(Ex1802ConvForward, CrossCorrelationNotConvolution) {
    // X = [[1 2 3] [4 5 6] [7 8 9]], W = [[1 2] [3 4]]: Y[0][0] = 1·1 + 2·2 + 3·4 + 4·5 = 37. A flipped
    // kernel (true convolution) would give 4·1 + 3·2 + 2·4 + 1·5 = 23.
    const Matrix X = Matrix::row({1, 2, 3, 4, 5, 6, 7, 8, 9});
    const cv::Conv2d layer{{1, 1, 2, 1, 0}, Matrix::row({1, 2, 3, 4}), Matrix::row({0.5})};
    const Matrix Y = cv::conv2d_forward(X, {1, 3, 3}, layer);
    EXPECT_TRUE(vectors_near(as_vector(Y), {37.5, 47.5, 67.5, 77.5}, 1e-12,
                             "conv2d_forward of 1..9 (3×3) with [[1 2] [3 4]], bias 0.5 (23.5 first means a flipped "
                             "kernel; 37 means the bias is missing)"));
}

TEST(Ex1802ConvForward, PaddingAndStride) {
    // X = 1..9 (3×3), a 3×3 kernel of ones, padding 1, stride 2: windows centred on the corners sum
    // 2×2 blocks: 1+2+4+5 = 12, 2+3+5+6 = 16, 4+5+7+8 = 24, 5+6+8+9 = 28.
    const Matrix X = Matrix::row({1, 2, 3, 4, 5, 6, 7, 8, 9});
    const cv::Conv2d layer{{1, 1, 3, 2, 1}, Matrix(1, 9, 1.0), Matrix(1, 1, 0.0)};
    const Matrix Y = cv::conv2d_forward(X, {1, 3, 3}, layer);
    EXPECT_TRUE(vectors_near(as_vector(Y), {12, 16, 24, 28}, 1e-12,
                             "conv2d_forward, 3×3 ones, stride 2, padding 1, on 1..9 (off-by-one in the padding "
                             "shifts every window)"));
}

TEST(Ex1802ConvForward, MatchesReferenceOnEveryShape) {
    for (const ConvCase& c : kConvCases) {
        const Matrix X = random_matrix(2, c.in.size(), 11);
        const cv::Conv2d layer = random_conv(c.spec, 12);
        const Matrix got = cv::conv2d_forward(X, c.in, layer);
        const Matrix want = reference_conv(X, c.in, layer);
        EXPECT_TRUE(vectors_near(as_vector(got), as_vector(want), 1e-12, std::string("conv2d_forward, ") + c.name));
    }
}

TEST(Ex1802ConvForward, RejectsWrongChannels) {
    const cv::Conv2d layer = random_conv({3, 1, 3, 1, 0}, 1);
    EXPECT_THROW(cv::conv2d_forward(Matrix(1, 25), {1, 5, 5}, layer), course::ShapeError)
        << "a 3-channel layer on a 1-channel image";
}

// ---- 18.3 ------------------------------------------------------------------------------------------
TEST(Ex1803ConvBackwardInput, MatchesCentralDifferences) {
    for (const ConvCase& c : kConvCases) {
        const Matrix X = random_matrix(2, c.in.size(), 21);
        const cv::Conv2d layer = random_conv(c.spec, 22);
        const Matrix G = random_matrix(2, reference_conv(X, c.in, layer).cols(), 23);
        const Matrix analytic = cv::conv2d_backward_input(G, c.in, layer);
        const Matrix numerical = course::numerical_gradient(
            [&](const Matrix& x) { return weighted_sum(reference_conv(x, c.in, layer), G); }, X);
        const auto agree = agrees(analytic, numerical, 1e-7, std::string("dX of Σ G ⊙ conv(X), ") + c.name);
        EXPECT_TRUE(agree);
        course::teach::draw_gradients_on_failure(!agree, "conv_backward_input",
                                                 std::string("conv2d_backward_input, ") + c.name +
                                                     ": your dX and central differences (2 images)",
                                                 analytic.values(), numerical.values(), 1e-7, "entry of dX, image by image");
    }
}

TEST(Ex1803ConvBackwardInput, PaddingPositionsAreDropped) {
    // One pixel, a 3×3 kernel 1..9, padding 1: the single output Y = 5·x (the kernel's centre), so
    // dX = 5·dY, not the sum of the kernel.
    const cv::Conv2d layer{{1, 1, 3, 1, 1}, Matrix::row({1, 2, 3, 4, 5, 6, 7, 8, 9}), Matrix(1, 1, 0.0)};
    const Matrix dX = cv::conv2d_backward_input(Matrix::row({2.0}), {1, 1, 1}, layer);
    EXPECT_TRUE(vectors_near(as_vector(dX), {10.0}, 1e-12, "dX of a 1×1 image, 3×3 kernel 1..9, padding 1, dY = 2"));
}

// ---- 18.4 ------------------------------------------------------------------------------------------
TEST(Ex1804ConvBackwardWeights, MatchesCentralDifferences) {
    for (const ConvCase& c : kConvCases) {
        const Matrix X = random_matrix(3, c.in.size(), 31);
        cv::Conv2d layer = random_conv(c.spec, 32);
        const Matrix G = random_matrix(3, reference_conv(X, c.in, layer).cols(), 33);
        const cv::ConvGrads g = cv::conv2d_backward_weights(X, G, c.in, c.spec);
        const Matrix dW = course::numerical_gradient(
            [&](const Matrix& w) { return weighted_sum(reference_conv(X, c.in, {c.spec, w, layer.bias}), G); },
            layer.weight);
        const Matrix db = course::numerical_gradient(
            [&](const Matrix& b) { return weighted_sum(reference_conv(X, c.in, {c.spec, layer.weight, b}), G); },
            layer.bias);
        EXPECT_TRUE(agrees(g.dweight, dW, 1e-7, std::string("dW, summed over a batch of 3, ") + c.name));
        EXPECT_TRUE(agrees(g.dbias, db, 1e-7, std::string("db, summed over a batch of 3, ") + c.name));
    }
}

// ---- 18.5 ------------------------------------------------------------------------------------------
TEST(Ex1805Im2col, HandComputedColumns) {
    // 1..4 as a 2×2 image, k = 2, padding 1, stride 1: 3×3 windows; the first window is all padding
    // except its bottom-right corner, which holds pixel 1.
    const double image[] = {1, 2, 3, 4};
    Matrix cols = poisoned_matrix(4, 9);  // a reused buffer: every entry must be written, the zeros too
    cv::im2col(image, {1, 2, 2}, {1, 1, 2, 1, 1}, cols);
    ASSERT_EQ(cols.rows(), 4u) << "im2col: rows = C·k·k";
    ASSERT_EQ(cols.cols(), 9u) << "im2col: columns = Ho·Wo";
    EXPECT_TRUE(vectors_near(as_vector(cols),
                             {0, 0, 0, 0, 1, 2, 0, 3, 4,    // (u, v) = (0, 0)
                              0, 0, 0, 1, 2, 0, 3, 4, 0,    // (0, 1)
                              0, 1, 2, 0, 3, 4, 0, 0, 0,    // (1, 0)
                              1, 2, 0, 3, 4, 0, 0, 0, 0},   // (1, 1)
                             0, "im2col of [[1 2] [3 4]], k = 2, padding 1, into a reused buffer (NaN where the "
                                "window hangs over the padding: im2col must WRITE those zeros, not assume a "
                                "fresh buffer)"));
}

TEST(Ex1805Im2col, WeightsTimesColumnsIsTheConvolution) {
    // One cols buffer for every shape, as the training loop reuses its workspace: it starts as 60 × 60
    // NaN and is resized (not cleared) from one layer shape to the next.
    Matrix cols = poisoned_matrix(60, 60);
    for (const ConvCase& c : kConvCases) {
        const Matrix X = random_matrix(1, c.in.size(), 41);
        const cv::Conv2d layer = random_conv(c.spec, 42);
        poison(cols);
        cv::im2col(X.data(), c.in, c.spec, cols);
        ASSERT_EQ(cols.rows(), c.spec.in_channels * c.spec.kernel * c.spec.kernel) << "im2col: rows = C·k·k, " << c.name;
        Matrix got = course::matmul(layer.weight, cols);
        for (std::size_t f = 0; f < got.rows(); ++f)
            for (std::size_t t = 0; t < got.cols(); ++t) got(f, t) += layer.bias(0, f);
        EXPECT_TRUE(vectors_near(as_vector(got), as_vector(reference_conv(X, c.in, layer)), 1e-12,
                                 std::string("W · im2col(x) + b against the convolution, into a reused NaN-filled "
                                             "buffer (NaN: an entry im2col never wrote, e.g. the padding), ") +
                                     c.name));
    }
}

TEST(Ex1805Im2col, Col2imIsTheAdjoint) {
    for (const ConvCase& c : kConvCases) {
        const Matrix x = random_matrix(1, c.in.size(), 51);
        Matrix cols;
        cv::im2col(x.data(), c.in, c.spec, cols);
        const Matrix C = random_matrix(cols.rows(), cols.cols(), 52);
        std::vector<double> back(c.in.size(), 123.0);  // col2im must overwrite, not add to, what was there
        cv::col2im(C, c.in, c.spec, back.data());
        double lhs = weighted_sum(cols, C), rhs = 0.0;
        for (std::size_t t = 0; t < back.size(); ++t) rhs += x.data()[t] * back[t];
        EXPECT_TRUE(near(rhs, lhs, 1e-10, std::string("⟨x, col2im(C)⟩ against ⟨im2col(x), C⟩, ") + c.name));
    }
}

TEST(Ex1805Im2col, Col2imRejectsColumnsOfTheWrongShape) {
    std::vector<double> image(9, 0.0);
    EXPECT_THROW(cv::col2im(Matrix(4, 5, 1.0), {1, 3, 3}, {1, 1, 2, 1, 0}, image.data()), course::ShapeError)
        << "col2im of 4 × 5 columns for a 3×3 image and k = 2 (it needs C·k·k × Ho·Wo = 4 × 4): reading by the "
           "image's shape would run past the columns";
    EXPECT_THROW(cv::col2im(Matrix(3, 4, 1.0), {1, 3, 3}, {1, 1, 2, 1, 0}, image.data()), course::ShapeError)
        << "col2im of 3 × 4 columns for C·k·k = 4 rows";
}

TEST(Ex1805Im2col, Col2imCountsOverlaps) {
    // All-ones columns of a 3×3 image, k = 2, stride 1: each pixel gets the number of windows covering it.
    Matrix ones(4, 4, 1.0);
    std::vector<double> image(9, 0.0);
    cv::col2im(ones, {1, 3, 3}, {1, 1, 2, 1, 0}, image.data());
    EXPECT_TRUE(vectors_near(image, {1, 2, 1, 2, 4, 2, 1, 2, 1}, 0,
                             "col2im of ones, 3×3 image, k = 2: corners 1, edges 2, centre 4 (= instead of +=?)"));
}

TEST(Ex1805Im2col, FastConvolutionAgreesWithReference) {
    for (const ConvCase& c : kConvCases) {
        const Matrix X = random_matrix(3, c.in.size(), 61);
        const cv::Conv2d layer = random_conv(c.spec, 62);
        cv::ConvWorkspace ws;
        Matrix Y;
        cv::conv2d_forward_fast(X, c.in, layer, ws, Y);
        EXPECT_TRUE(vectors_near(as_vector(Y), as_vector(reference_conv(X, c.in, layer)), 1e-12,
                                 std::string("conv2d_forward_fast, ") + c.name));
        const Matrix G = random_matrix(Y.rows(), Y.cols(), 63);
        cv::ConvGrads grads;
        Matrix dX;
        cv::conv2d_backward_fast(X, G, c.in, layer, ws, grads, dX);
        const Matrix numerical = course::numerical_gradient(
            [&](const Matrix& x) { return weighted_sum(reference_conv(x, c.in, layer), G); }, X);
        EXPECT_TRUE(agrees(dX, numerical, 1e-7, std::string("conv2d_backward_fast dX, ") + c.name));
    }
}

// ---- 18.6 ------------------------------------------------------------------------------------------
TEST(Ex1806MaxPool, ForwardAndArgmaxByHand) {
    // 4×4, 2×2 windows: maxima 6, 8, 14, 16 at indices 5, 7, 13, 15 (one example, one channel), and a
    // second channel of the negated values whose maxima are the windows' top-left entries.
    Matrix X(1, 32);
    for (std::size_t t = 0; t < 16; ++t) X(0, t) = static_cast<double>(t + 1), X(0, 16 + t) = -static_cast<double>(t + 1);
    Matrix Y = poisoned_matrix(1, 8);
    std::vector<std::size_t> argmax(8, 999);  // the previous batch's winners: must be overwritten
    cv::max_pool_forward(X, {2, 4, 4}, {2, 2}, Y, argmax);
    EXPECT_TRUE(vectors_near(as_vector(Y), {6, 8, 14, 16, -1, -3, -9, -11}, 0, "max-pool 2×2 of 1..16 and −1..−16"));
    const std::vector<double> where(argmax.begin(), argmax.end());
    EXPECT_TRUE(vectors_near(where, {5, 7, 13, 15, 16, 18, 24, 26}, 0,
                             "argmax, as indices into the example's row (channel 2 starts at 16)"));
}

TEST(Ex1806MaxPool, TiesGoToTheFirstMaximum) {
    // Window [[5 5] [1 5]]: PyTorch sends the gradient to the first 5 (index 0) only, not to all three.
    const Matrix X = Matrix::row({5, 5, 1, 5});
    Matrix Y, dX = poisoned_matrix(1, 4);
    std::vector<std::size_t> argmax;
    cv::max_pool_forward(X, {1, 2, 2}, {2, 2}, Y, argmax);
    cv::max_pool_backward(Matrix::row({1.0}), argmax, {1, 2, 2}, {2, 2}, dX);
    EXPECT_TRUE(vectors_near(as_vector(dX), {1, 0, 0, 0}, 0,
                             "dX of max-pool on [[5 5] [1 5]] with dY = 1, into a NaN-filled buffer (>= instead of "
                             "> picks the last tie; sharing it among ties changes the sum; NaN: dX not zeroed)"));
}

TEST(Ex1806MaxPool, ANaNInTheWindowWinsAsInPyTorch) {
    // Three 2×2 windows of one 2×6 image: [[1 NaN] [3 2]], [[NaN 4] [5 NaN]], [[NaN 7] [8 6]]. No comparison
    // with a NaN is true, so `>` alone reports 3, 5 and 8 and the NaN vanishes from the network; PyTorch
    // takes a NaN as the new maximum (val > max || isnan(val)): Y is NaN and argmax the LAST NaN.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const Matrix X = Matrix::row({1, nan, nan, 4, nan, 7, 3, 2, 5, nan, 8, 6});
    Matrix Y = poisoned_matrix(1, 3), dX = poisoned_matrix(1, 12);
    std::vector<std::size_t> argmax(3, 999);
    cv::max_pool_forward(X, {1, 2, 6}, {2, 2}, Y, argmax);
    for (std::size_t o = 0; o < 3; ++o)
        EXPECT_TRUE(std::isnan(Y(0, o))) << "window " << o + 1 << " of 3 holds a NaN, so its maximum is NaN (as torch.nn.MaxPool2d), got "
                                         << Y(0, o) << ": x > best is false for x = NaN, test std::isnan(x) as well";
    const std::vector<double> where(argmax.begin(), argmax.end());
    EXPECT_TRUE(vectors_near(where, {1, 9, 4}, 0,
                             "argmax of windows holding NaN: the NaN's index, the LAST NaN in row-by-row order when "
                             "there are two (the second window: indices 2 and 9), as PyTorch's kernel; a NaN as the window's "
                             "first entry stays the winner (the third window: index 4)"));
    cv::max_pool_backward(Matrix::row({1.0, 2.0, 3.0}), argmax, {1, 2, 6}, {2, 2}, dX);
    EXPECT_TRUE(vectors_near(as_vector(dX), {0, 1, 0, 0, 3, 0, 0, 0, 0, 2, 0, 0}, 0,
                             "dX: each window's dY at its NaN (indices 1, 9 and 4), 0 elsewhere"));
}

TEST(Ex1806MaxPool, OverlappingWindowsAddUp) {
    // 1×3×3, k = 2, stride 1: the centre (9) is the maximum of all four windows and collects every dY.
    const Matrix X = Matrix::row({1, 2, 3, 4, 9, 5, 6, 7, 8});
    Matrix Y, dX;
    std::vector<std::size_t> argmax;
    cv::max_pool_forward(X, {1, 3, 3}, {2, 1}, Y, argmax);
    EXPECT_TRUE(vectors_near(as_vector(Y), {9, 9, 9, 9}, 0, "overlapping max-pool, k = 2, stride 1"));
    cv::max_pool_backward(Matrix::row({1, 2, 3, 4}), argmax, {1, 3, 3}, {2, 1}, dX);
    EXPECT_TRUE(vectors_near(as_vector(dX), {0, 0, 0, 0, 10, 0, 0, 0, 0}, 0,
                             "dX: the centre wins four windows and collects 1 + 2 + 3 + 4 (= instead of +=?)"));
}

TEST(Ex1806MaxPool, BackwardZeroesAReusedBuffer) {
    // Training hands max_pool_backward the same dX every step: the entries that won no window must be
    // set to 0, not left holding the previous step's gradient. Two steps into one buffer, the second
    // must equal a fresh computation.
    const cv::Shape3 in{2, 4, 4};
    const Matrix X1 = random_matrix(2, in.size(), 73), X2 = random_matrix(2, in.size(), 74);
    Matrix Y;
    std::vector<std::size_t> argmax;
    Matrix dX = poisoned_matrix(2, in.size());
    cv::max_pool_forward(X1, in, {2, 2}, Y, argmax);
    cv::max_pool_backward(random_matrix(2, Y.cols(), 75), argmax, in, {2, 2}, dX);
    std::size_t nonzero = 0;
    for (std::size_t t = 0; t < dX.size(); ++t) nonzero += dX.data()[t] != 0.0;
    EXPECT_EQ(nonzero, 2u * 8u) << "after one backward pass into a NaN-filled dX, exactly one entry per window (16) "
                                    "is nonzero and the other 48 are 0; anything else (NaN!) means dX was not "
                                    "zeroed before the scatter";
    cv::max_pool_forward(X2, in, {2, 2}, Y, argmax);
    const Matrix G2 = random_matrix(2, Y.cols(), 76);
    cv::max_pool_backward(G2, argmax, in, {2, 2}, dX);
    Matrix fresh;
    cv::max_pool_backward(G2, argmax, in, {2, 2}, fresh);
    EXPECT_TRUE(vectors_near(as_vector(dX), as_vector(fresh), 0,
                             "the second batch's dX in the reused buffer against a fresh buffer (zero dX before "
                             "adding: otherwise the first batch's winners keep their old gradient)"));
    EXPECT_TRUE(std::all_of(argmax.begin(), argmax.end(), [&](std::size_t a) { return a < in.size(); }))
        << "argmax holds indices within an example's row, 0 … C·H·W − 1";
}

TEST(Ex1806MaxPool, MatchesCentralDifferences) {
    const cv::Shape3 in{2, 6, 6};
    const Matrix X = random_matrix(2, in.size(), 71);  // continuous values: no ties, no kinks nearby
    Matrix Y = poisoned_matrix(2, 8), dX = poisoned_matrix(2, in.size());
    std::vector<std::size_t> argmax;
    cv::max_pool_forward(X, in, {3, 2}, Y, argmax);
    const Matrix G = random_matrix(Y.rows(), Y.cols(), 72);
    cv::max_pool_backward(G, argmax, in, {3, 2}, dX);
    const Matrix numerical = course::numerical_gradient(
        [&](const Matrix& x) {
            Matrix y(2, Y.cols());
            for (std::size_t n = 0; n < 2; ++n)
                for (std::size_t c = 0; c < 2; ++c)
                    for (std::size_t i = 0; i < 2; ++i)
                        for (std::size_t j = 0; j < 2; ++j) {
                            double best = -1e300;
                            for (std::size_t u = 0; u < 3; ++u)
                                for (std::size_t v = 0; v < 3; ++v)
                                    best = std::max(best, x(n, (c * 6 + 2 * i + u) * 6 + 2 * j + v));
                            y(n, (c * 2 + i) * 2 + j) = best;
                        }
            return weighted_sum(y, G);
        },
        X, 1e-6);
    EXPECT_TRUE(agrees(dX, numerical, 1e-6, "max-pool 3×3 stride 2 on 2×2×6×6, two examples (argmax of example n "
                                            "at n·C·Ho·Wo + o), buffers NaN-filled"));
}

// ---- 18.7 ------------------------------------------------------------------------------------------
TEST(Ex1807AvgPool, ForwardAndBackwardByHand) {
    const Matrix X = Matrix::row({1, 2, 3, 4, 9, 5, 6, 7, 8});
    Matrix Y = poisoned_matrix(1, 4), dX = poisoned_matrix(1, 9);  // reused buffers: overwrite, do not add to them
    cv::avg_pool_forward(X, {1, 3, 3}, {2, 1}, Y);
    EXPECT_TRUE(vectors_near(as_vector(Y), {4, 4.75, 6.5, 7.25}, 1e-12, "avg-pool k = 2, stride 1 of [[1 2 3] [4 9 5] [6 7 8]]"));
    cv::avg_pool_backward(Matrix::row({4, 8, 12, 16}), {1, 3, 3}, {2, 1}, dX);
    EXPECT_TRUE(vectors_near(as_vector(dX), {1, 3, 2, 4, 10, 6, 3, 7, 4}, 1e-12,
                             "avg-pool backward, dY = [4 8 12 16], into a NaN-filled dX: each window spreads dY/4 "
                             "(dY/2 or dY means /k instead of /k²; a missing += loses the overlaps; NaN: dX not "
                             "zeroed first)"));
    cv::avg_pool_backward(Matrix::row({4, 0, 0, 0}), {1, 3, 3}, {2, 1}, dX);
    EXPECT_TRUE(vectors_near(as_vector(dX), {1, 1, 0, 1, 1, 0, 0, 0, 0}, 1e-12,
                             "a second backward pass into the same dX, dY = [4 0 0 0]: the first pass's gradient "
                             "must be gone (zero dX, then add)"));
}

TEST(Ex1807AvgPool, MatchesCentralDifferences) {
    const cv::Shape3 in{2, 5, 5};
    const Matrix X = random_matrix(2, in.size(), 81);
    Matrix Y = poisoned_matrix(2, 8), dX = poisoned_matrix(2, in.size());
    cv::avg_pool_forward(X, in, {3, 2}, Y);
    const Matrix G = random_matrix(Y.rows(), Y.cols(), 82);
    cv::avg_pool_backward(G, in, {3, 2}, dX);
    const Matrix numerical = course::numerical_gradient(
        [&](const Matrix& x) {
            Matrix y;
            cv::avg_pool_forward(x, in, {3, 2}, y);
            return weighted_sum(y, G);
        },
        X);
    EXPECT_TRUE(agrees(dX, numerical, 1e-7, "avg-pool 3×3 stride 2 on 2×2×5×5"));
}

// ---- 18.8 ------------------------------------------------------------------------------------------
namespace {
// The test's own training-mode batch norm (output only), for the central differences of 18.9.
Matrix reference_batchnorm(const Matrix& X, cv::Shape3 in, const Matrix& gamma, const Matrix& beta, double eps) {
    const std::size_t plane = in.height * in.width;
    Matrix Y(X.rows(), X.cols());
    for (std::size_t c = 0; c < in.channels; ++c) {
        std::vector<double> values;
        for (std::size_t n = 0; n < X.rows(); ++n)
            for (std::size_t t = 0; t < plane; ++t) values.push_back(X(n, c * plane + t));
        double mu = 0.0, var = 0.0;
        for (double v : values) mu += v / static_cast<double>(values.size());
        for (double v : values) var += (v - mu) * (v - mu) / static_cast<double>(values.size());
        for (std::size_t n = 0; n < X.rows(); ++n)
            for (std::size_t t = 0; t < plane; ++t)
                Y(n, c * plane + t) = gamma(0, c) * (X(n, c * plane + t) - mu) / std::sqrt(var + eps) + beta(0, c);
    }
    return Y;
}
}  // namespace

TEST(Ex1808BatchNorm2dForward, StatisticsPerChannelByHand) {
    // Two examples, two channels of 1×2. Channel 0 holds {1, 3, 5, 7} (rows 1 3 | … and 5 7 | …): μ = 4,
    // biased σ² = 5, unbiased 20/3. Channel 1 holds {2, 2, 2, 2}: μ = 2, σ² = 0.
    const Matrix X = Matrix::from_rows({{1, 3, 2, 2}, {5, 7, 2, 2}});
    cv::BatchNorm2d bn = cv::make_batchnorm2d(2);
    bn.gamma = Matrix::row({2.0, 1.0});
    bn.beta = Matrix::row({0.5, -1.0});
    Matrix Y = poisoned_matrix(2, 4);
    cv::BatchNormCache cache{poisoned_matrix(2, 4), poisoned_matrix(1, 2), poisoned_matrix(1, 2)};  // reused
    cv::batchnorm2d_forward_train(X, {2, 1, 2}, bn, Y, cache);
    const double s = 1.0 / std::sqrt(5.0 + 1e-5);
    EXPECT_TRUE(vectors_near(as_vector(Y), {0.5 - 6 * s, 0.5 - 2 * s, -1, -1, 0.5 + 2 * s, 0.5 + 6 * s, -1, -1}, 1e-12,
                             "Y = γ(x − μ)/√(σ² + eps) + β, σ² biased (divide by M = N·H·W = 4); statistics per "
                             "channel over the whole batch, not per example"));
    EXPECT_TRUE(vectors_near(as_vector(cache.mean), {4, 2}, 1e-12, "cache.mean"));
    EXPECT_TRUE(vectors_near(as_vector(cache.inv_std), {s, 1.0 / std::sqrt(1e-5)}, 1e-9, "cache.inv_std = 1/√(σ² + eps)"));
    EXPECT_TRUE(vectors_near(as_vector(bn.running_mean), {0.4, 0.2}, 1e-12,
                             "running_mean = 0.9·0 + 0.1·μ (momentum weights the NEW batch)"));
    EXPECT_TRUE(vectors_near(as_vector(bn.running_var), {0.9 + 0.1 * 20.0 / 3.0, 0.9}, 1e-12,
                             "running_var = 0.9·1 + 0.1·(unbiased σ² = 20/3): torch keeps the unbiased variance "
                             "(0.9 + 0.1·5 = 1.4 means you used the biased one)"));
}

TEST(Ex1808BatchNorm2dForward, RunningAveragesAccumulate) {
    cv::BatchNorm2d bn = cv::make_batchnorm2d(1);
    Matrix Y;
    cv::BatchNormCache cache;
    cv::batchnorm2d_forward_train(Matrix::from_rows({{0, 2}}), {1, 1, 2}, bn, Y, cache);  // μ 1, unbiased σ² 2
    cv::batchnorm2d_forward_train(Matrix::from_rows({{4, 8}}), {1, 1, 2}, bn, Y, cache);  // μ 6, unbiased σ² 8
    EXPECT_TRUE(near(bn.running_mean(0, 0), 0.9 * 0.1 + 0.1 * 6.0, 1e-12, "running_mean after batches {0,2} and {4,8}"));
    EXPECT_TRUE(near(bn.running_var(0, 0), 0.9 * (0.9 + 0.1 * 2.0) + 0.1 * 8.0, 1e-12,
                     "running_var after batches {0,2} and {4,8}"));
}

TEST(Ex1808BatchNorm2dForward, RejectsASingleValue) {
    cv::BatchNorm2d bn = cv::make_batchnorm2d(1);
    Matrix Y;
    cv::BatchNormCache cache;
    EXPECT_THROW(cv::batchnorm2d_forward_train(Matrix(1, 1, 3.0), {1, 1, 1}, bn, Y, cache), std::invalid_argument)
        << "M = 1: the unbiased variance divides by M − 1 = 0";
}

// ---- 18.9 ------------------------------------------------------------------------------------------
TEST(Ex1809BatchNorm2dBackward, MatchesCentralDifferences) {
    const cv::Shape3 in{3, 2, 3};
    const Matrix X = random_matrix(4, in.size(), 91);
    cv::BatchNorm2d bn = cv::make_batchnorm2d(3);
    bn.gamma = random_matrix(1, 3, 92);
    bn.beta = random_matrix(1, 3, 93);
    Matrix Y;
    cv::BatchNormCache cache;
    cv::batchnorm2d_forward_train(X, in, bn, Y, cache);
    const Matrix G = random_matrix(4, in.size(), 94);
    // Reused buffers, as in training: NaN-filled, so that a gradient added to instead of written shows.
    Matrix dX = poisoned_matrix(4, in.size()), dgamma = poisoned_matrix(1, 3), dbeta = poisoned_matrix(1, 3);
    cv::batchnorm2d_backward(G, in, bn, cache, dX, dgamma, dbeta);
    const auto loss = [&](const Matrix& x, const Matrix& g, const Matrix& b) {
        return weighted_sum(reference_batchnorm(x, in, g, b, bn.eps), G);
    };
    EXPECT_TRUE(agrees(dX, course::numerical_gradient([&](const Matrix& x) { return loss(x, bn.gamma, bn.beta); }, X),
                       1e-6, "dX of BatchNorm2d (only the γ·dY/σ term? every x̂ depends on the whole channel)"));
    EXPECT_TRUE(agrees(dgamma, course::numerical_gradient([&](const Matrix& g) { return loss(X, g, bn.beta); }, bn.gamma),
                       1e-7, "dgamma per channel (written, not added to the buffer's old value; x̂, not x)"));
    EXPECT_TRUE(agrees(dbeta, course::numerical_gradient([&](const Matrix& b) { return loss(X, bn.gamma, b); }, bn.beta),
                       1e-7, "dbeta per channel (written, not added to the buffer's old value)"));
}

TEST(Ex1809BatchNorm2dBackward, GradientSumsToZeroPerChannel) {
    // Shifting a whole channel by a constant leaves its output unchanged, so Σ dX over a channel is 0.
    const cv::Shape3 in{2, 3, 3};
    const Matrix X = random_matrix(3, in.size(), 95);
    cv::BatchNorm2d bn = cv::make_batchnorm2d(2);
    Matrix Y, dX, dgamma, dbeta;
    cv::BatchNormCache cache;
    cv::batchnorm2d_forward_train(X, in, bn, Y, cache);
    cv::batchnorm2d_backward(random_matrix(3, in.size(), 96), in, bn, cache, dX, dgamma, dbeta);
    for (std::size_t c = 0; c < 2; ++c) {
        double total = 0.0;
        for (std::size_t n = 0; n < 3; ++n)
            for (std::size_t t = 0; t < 9; ++t) total += dX(n, c * 9 + t);
        EXPECT_TRUE(near(total, 0.0, 1e-10, "Σ dX over channel " + std::to_string(c) +
                                                " (adding a constant to a whole channel changes nothing after "
                                                "normalisation, so this sum is 0; it is not when the path "
                                                "through μ is missing)"));
    }
}

// ---- 18.10 -----------------------------------------------------------------------------------------
TEST(Ex1810ResidualBackward, MatchesCentralDifferences) {
    // The cache comes from the test's own forward pass (the reference convolution and ReLU), so this
    // test runs your 18.3 and 18.4 (through residual_backward), not your 18.2.
    const cv::Shape3 in{2, 4, 4};
    course::Rng rng(101);
    cv::ResidualBlock block = cv::make_residual_block(2, rng);
    block.conv2.weight = random_matrix(block.conv2.weight.rows(), block.conv2.weight.cols(), 102);
    block.conv1.bias = random_matrix(1, 2, 103);
    block.conv2.bias = random_matrix(1, 2, 104);
    const Matrix X = random_matrix(2, in.size(), 105);
    const Matrix G = random_matrix(2, in.size(), 106);
    const auto relu = [](Matrix m) {
        for (std::size_t t = 0; t < m.size(); ++t) m.data()[t] = std::max(0.0, m.data()[t]);
        return m;
    };
    // relu(X + conv2(relu(conv1(X)))), every intermediate kept as residual_forward keeps it.
    cv::ResidualCache cache;
    cache.X = X;
    cache.A = reference_conv(X, in, block.conv1);
    cache.H = relu(cache.A);
    cache.B = reference_conv(cache.H, in, block.conv2);
    cache.Y = relu(X + cache.B);
    std::size_t clipped = 0;
    for (std::size_t t = 0; t < cache.Y.size(); ++t) clipped += cache.Y.data()[t] == 0.0;
    ASSERT_GT(clipped, 0u) << "the test needs some Y clipped by the final ReLU, so that dS differs from dY";
    const cv::ResidualGrads g = cv::residual_backward(block, in, cache, G);
    const auto loss = [&](const Matrix& x, const cv::Conv2d& c1, const cv::Conv2d& c2) {
        return weighted_sum(relu(x + reference_conv(relu(reference_conv(x, in, c1)), in, c2)), G);
    };
    EXPECT_TRUE(agrees(g.dX, course::numerical_gradient([&](const Matrix& x) { return loss(x, block.conv1, block.conv2); }, X),
                       1e-6, "dX of a residual block: X reaches the sum by the skip AND the branch, and both shares "
                             "pass the final ReLU's mask first (dY itself on the skip is wrong where Y = 0)"));
    EXPECT_TRUE(agrees(g.conv1.dweight,
                       course::numerical_gradient(
                           [&](const Matrix& w) { return loss(X, {block.conv1.spec, w, block.conv1.bias}, block.conv2); },
                           block.conv1.weight),
                       1e-6, "dW of the first convolution (its input is X, its output gradient masked by A > 0)"));
    EXPECT_TRUE(agrees(g.conv1.dbias,
                       course::numerical_gradient(
                           [&](const Matrix& b) { return loss(X, {block.conv1.spec, block.conv1.weight, b}, block.conv2); },
                           block.conv1.bias),
                       1e-6, "db of the first convolution"));
    EXPECT_TRUE(agrees(g.conv2.dweight,
                       course::numerical_gradient(
                           [&](const Matrix& w) { return loss(X, block.conv1, {block.conv2.spec, w, block.conv2.bias}); },
                           block.conv2.weight),
                       1e-6, "dW of the second convolution (its input is H = relu(A), not A)"));
    EXPECT_TRUE(agrees(g.conv2.dbias,
                       course::numerical_gradient(
                           [&](const Matrix& b) { return loss(X, block.conv1, {block.conv2.spec, block.conv2.weight, b}); },
                           block.conv2.bias),
                       1e-6, "db of the second convolution"));
}

// ---- given code ------------------------------------------------------------------------------------
TEST(Chapter18Given, SoftmaxCrossEntropyGradient) {
    const Matrix Z = random_matrix(3, 4, 111) * 3.0;
    const Matrix Y = Matrix::from_rows({{0, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}});
    Matrix dZ;
    const double loss = cv::cross_entropy(Z, Y, &dZ);  // chapter 12's, which chapter 18 trains with
    double want = 0.0;
    for (std::size_t r = 0; r < 3; ++r) {
        double total = 0.0;
        for (std::size_t c = 0; c < 4; ++c) total += std::exp(Z(r, c));
        for (std::size_t c = 0; c < 4; ++c) want -= Y(r, c) * std::log(std::exp(Z(r, c)) / total) / 3.0;
    }
    EXPECT_TRUE(near(loss, want, 1e-12, "mean cross-entropy"));
    Matrix scratch;
    EXPECT_TRUE(agrees(dZ, course::numerical_gradient([&](const Matrix& z) { return cv::cross_entropy(z, Y, &scratch); }, Z),
                       1e-7, "dZ of softmax cross-entropy"));
}

TEST(Chapter18Given, ShapesAreDeterministicAndBalanced) {
    const cv::Dataset a = cv::make_shapes(60, 7), b = cv::make_shapes(60, 7);
    EXPECT_TRUE(a.X == b.X) << "make_shapes with the same seed";
    for (std::size_t c = 0; c < 6; ++c) {
        double count = 0.0;
        for (std::size_t r = 0; r < 60; ++r) count += a.Y(r, c);
        EXPECT_TRUE(near(count, 10.0, 0, "examples of class " + std::to_string(c)));
    }
    EXPECT_GE(course::min(a.X), 0.0);
    EXPECT_LE(course::max(a.X), 1.0);
}

namespace {

// The test's own augmentation of one side × side image: mirror first (column j ← column side−1−j), then
// move every pixel by (dx, dy), zeros where nothing lands.
std::vector<double> moved(const std::vector<double>& image, int side, bool mirror, int dx, int dy) {
    std::vector<double> mirrored(image.size()), out(image.size(), 0.0);
    for (int i = 0; i < side; ++i)
        for (int j = 0; j < side; ++j) mirrored[i * side + j] = image[i * side + (mirror ? side - 1 - j : j)];
    for (int i = 0; i < side; ++i)
        for (int j = 0; j < side; ++j)
            if (i + dy >= 0 && i + dy < side && j + dx >= 0 && j + dx < side)
                out[(i + dy) * side + j + dx] = mirrored[i * side + j];
    return out;
}

}  // namespace

TEST(Chapter18Given, AugmentationMirrorsAndMovesEveryImageOnItsOwn) {
    constexpr int side = 8;
    constexpr std::size_t images = 1000;
    std::vector<double> pattern(side * side);
    for (std::size_t t = 0; t < pattern.size(); ++t) pattern[t] = 1.0 + static_cast<double>(t);  // no symmetry
    Matrix X(images, side * side);
    for (std::size_t r = 0; r < images; ++r) std::copy(pattern.begin(), pattern.end(), X.row_data(r));
    course::Rng rng(5);
    cv::augment_images(X, side, {.flip = true, .max_shift = 2}, rng);
    // Each row must be the pattern under exactly one of the 2 × 5 × 5 moves, and every move must occur.
    std::vector<int> seen(50, 0);
    for (std::size_t r = 0; r < images; ++r) {
        const std::vector<double> row(X.row_data(r), X.row_data(r) + side * side);
        int matches = 0;
        for (int m = 0; m < 2; ++m)
            for (int dx = -2; dx <= 2; ++dx)
                for (int dy = -2; dy <= 2; ++dy)
                    if (row == moved(pattern, side, m == 1, dx, dy)) {
                        ++matches;
                        ++seen[static_cast<std::size_t>((m * 5 + dx + 2) * 5 + dy + 2)];
                    }
        ASSERT_EQ(matches, 1) << "image " << r << " is not the pattern mirrored and moved by whole pixels";
    }
    for (std::size_t move = 0; move < seen.size(); ++move)
        EXPECT_GT(seen[move], 0) << "move " << move << " (mirror, dx + 2, dy + 2 in base 2·5·5) never drawn in 1000 images";

    Matrix still(3, side * side, 0.5);
    cv::augment_images(still, side, {}, rng);
    EXPECT_TRUE(still == Matrix(3, side * side, 0.5)) << "no flip and no shift must leave the images as they are";
}

TEST(Chapter18Given, WholeNetworkGradientMatchesCentralDifferences) {
    // The given Cnn chains every layer (conv, batch norm, ReLU, max-pool, the residual block, dropout,
    // dense, cross-entropy): its loss_and_gradients against central differences of its own loss, on a
    // sample of entries of every parameter. Two models built with the same seed are the same, down to
    // the dropout generator's state, so each evaluation below builds a fresh one and draws the same masks.
    // It needs exercises 18.5, 18.6, 18.8 and 18.9 (the network runs on them), and chapter 13's 13.3 and 13.4
    // for its dropout (the reference, or yours in a release without solutions/): skipped until they run.
    const cv::Dataset data = cv::make_shapes(6, 21);
    for (const bool residual : {false, true}) {
        const cv::CnnConfig config{.classes = 6, .channels1 = 4, .channels2 = 6, .residual = residual, .dropout = 0.3};
        std::vector<Matrix> analytic;
        try {
            cv::Cnn model(config, 77);
            model.loss_and_gradients(data.X, data.Y);
            for (const auto& p : model.parameters()) analytic.push_back(*p.grad);
        } catch (const course::NotImplemented& e) {
            GTEST_SKIP() << "the network runs on your exercises: " << e.what();
        }
        const std::size_t tensors = analytic.size();
        ASSERT_EQ(tensors, residual ? 14u : 10u) << "parameter tensors of the " << (residual ? "residual " : "") << "CNN";
        auto loss_with = [&](std::size_t tensor, std::size_t entry, double delta) {
            cv::Cnn model(config, 77);
            model.parameters()[tensor].value->data()[entry] += delta;
            return model.loss_and_gradients(data.X, data.Y);
        };
        const double h = 1e-5;
        for (std::size_t k = 0; k < tensors; ++k) {
            const std::size_t size = analytic[k].size(), stride = std::max<std::size_t>(1, size / 7);
            for (std::size_t i = 0; i < size; i += stride) {
                const double numerical = (loss_with(k, i, h) - loss_with(k, i, -h)) / (2 * h);
                const double a = analytic[k].data()[i];
                // A relative test, with an absolute floor: a convolution's bias in front of batch norm
                // has a true gradient of exactly 0 (the norm subtracts the mean), and its central
                // difference is rounding noise of about 1e-11.
                EXPECT_LE(std::abs(a - numerical), 1e-6 * std::max(std::abs(a), std::abs(numerical)) + 1e-9)
                    << (residual ? "residual CNN" : "CNN") << ", parameter tensor " << k << " entry " << i
                    << ": analytic " << a << ", central difference " << numerical;
            }
        }
    }
}
