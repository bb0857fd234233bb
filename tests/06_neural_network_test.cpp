// Tests that grade chapter 06. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/06_neural_network/neural_network.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "tests/support/teach.hpp"

namespace nn = course::neural_network;
using course::Matrix;
using course::teach::near;

namespace {

// Sample mean and (population) standard deviation of a matrix's entries.
std::pair<double, double> mean_std(const Matrix& m) {
    double mean = 0, square = 0;
    for (const double v : m.values()) mean += v, square += v * v;
    mean /= static_cast<double>(m.size());
    return {mean, std::sqrt(square / static_cast<double>(m.size()) - mean * mean)};
}

// A 2 → 2 → 1 network with hand-picked weights, evaluated by hand in the tests below.
nn::Network tiny_network() {
    nn::Network net;
    net.layers.push_back({Matrix::from_rows({{1.0, -1.0}, {0.5, 2.0}}), Matrix::row({0.0, 0.5})});
    net.layers.push_back({Matrix::from_rows({{2.0}, {3.0}}), Matrix::row({1.0})});
    return net;
}

}  // namespace

TEST(Ex0601DenseForward, HandComputedBatch) {
    const nn::Dense layer{Matrix::from_rows({{1, 2}, {0, -1}, {3, 1}}), Matrix::row({0.5, -2})};
    const auto X = Matrix::from_rows({{1, 1, 1}, {2, 0, -1}});
    const auto Z = nn::dense_forward(layer, X);
    ASSERT_EQ(Z.rows(), 2u) << "one output row per input row";
    ASSERT_EQ(Z.cols(), 2u) << "as many outputs as W has columns";
    // Row 0: (1+0+3, 2−1+1) + (0.5, −2) = (4.5, 0);  row 1: (2+0−3, 4+0−1) + b = (−0.5, 1).
    EXPECT_TRUE(course::teach::vectors_near(Z.values(), {4.5, 0.0, -0.5, 1.0}, 1e-12,
                                            "X·W + b with X = [[1,1,1],[2,0,−1]], W = [[1,2],[0,−1],[3,1]], b = [0.5,−2]"));
}

TEST(Ex0601DenseForward, RejectsMismatchedShapes) {
    const nn::Dense layer{Matrix(3, 2), Matrix(1, 2)};
    try {
        nn::dense_forward(layer, Matrix(4, 5));
        FAIL() << "a 4×5 batch cannot go through a 3→2 layer: expected course::ShapeError";
    } catch (const course::ShapeError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("(4×5)"), std::string::npos) << "the message should name the input's shape: " << message;
        EXPECT_NE(message.find("(3×2)"), std::string::npos) << "the message should name W's shape: " << message;
    }
}

TEST(Ex0602Tanh, ValuesAndShape) {
    const auto h = nn::tanh_activation(Matrix::from_rows({{0, 1, -1}, {20, -20, 0.5}}));
    ASSERT_EQ(h.rows(), 2u);
    ASSERT_EQ(h.cols(), 3u);
    const double t1 = (std::exp(1) - std::exp(-1)) / (std::exp(1) + std::exp(-1));
    const double t05 = (std::exp(0.5) - std::exp(-0.5)) / (std::exp(0.5) + std::exp(-0.5));
    EXPECT_TRUE(course::teach::vectors_near(h.values(), {0, t1, -t1, 1, -1, t05}, 1e-12,
                                            "tanh of [[0, 1, −1], [20, −20, 0.5]] from (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ)"));
}

TEST(Ex0602Tanh, DerivativeMatchesCentralDifferences) {
    const double h = 1e-5;
    std::vector<double> analytic, numerical;
    for (const double z : {-3.0, -1.0, -0.2, 0.0, 0.4, 1.5, 4.0}) {
        analytic.push_back(nn::tanh_derivative(z));
        numerical.push_back((std::tanh(z + h) - std::tanh(z - h)) / (2 * h));
    }
    EXPECT_TRUE(course::teach::gradients_agree(analytic, numerical, 1e-7, "tanh'(z) at z = −3, −1, −0.2, 0, 0.4, 1.5, 4"));
    EXPECT_TRUE(near(nn::tanh_derivative(0.0), 1.0, 1e-15, "tanh'(0), the steepest point"));
    EXPECT_TRUE(near(nn::tanh_derivative(10.0), 0.0, 1e-7, "tanh'(10): a saturated unit has (almost) no slope"));
}

TEST(Ex0602Tanh, MatrixDerivativeIsElementWise) {
    const auto z = Matrix::from_rows({{-2, 0}, {0.5, 3}});
    const auto d = nn::tanh_derivative(z);
    ASSERT_TRUE(d.same_shape(z)) << "tanh_derivative(Matrix) keeps the shape, got " << d.shape();
    for (std::size_t i = 0; i < 4; ++i) {
        const double t = std::tanh(z.values()[i]);
        EXPECT_TRUE(near(d.values()[i], 1 - t * t, 1e-12, "1 − tanh²(" + course::teach::show(z.values()[i]) + ")"));
    }
}

TEST(Ex0603InitDense, ShapesZeroBiasAndGlorotVariance) {
    course::Rng rng(17);
    const auto layer = nn::init_dense(1024, 32, rng);
    ASSERT_EQ(layer.W.rows(), 1024u) << "W is fan_in × fan_out";
    ASSERT_EQ(layer.W.cols(), 32u) << "W is fan_in × fan_out";
    ASSERT_EQ(layer.b.rows(), 1u) << "b is 1 × fan_out";
    ASSERT_EQ(layer.b.cols(), 32u) << "b is 1 × fan_out";
    EXPECT_EQ(course::max_abs_diff(layer.b, Matrix(1, 32)), 0.0) << "biases start at 0";
    const auto [mean, stddev] = mean_std(layer.W);
    const double want = std::sqrt(2.0 / (1024 + 32));
    // 32,768 samples: the sample std is within ~0.4 % of σ (one standard error); allow 3 %.
    EXPECT_TRUE(near(stddev, want, 0.03 * want, "sample std of W for 1024 → 32, σ = sqrt(2 / (1024 + 32))"));
    EXPECT_TRUE(near(mean, 0.0, 0.05 * want, "sample mean of W for 1024 → 32"));
}

TEST(Ex0603InitDense, SmallLayersAndDeterminism) {
    course::Rng a(3), b(3), c(4);
    const auto la = nn::init_dense(16, 8, a), lb = nn::init_dense(16, 8, b), lc = nn::init_dense(16, 8, c);
    EXPECT_TRUE(la.W == lb.W) << "the same generator state must give the same weights";
    EXPECT_FALSE(la.W == lc.W) << "another seed gives other weights";
    double total_square = 0;
    for (int k = 0; k < 200; ++k) total_square += std::pow(mean_std(nn::init_dense(16, 8, c).W).second, 2);
    EXPECT_TRUE(near(std::sqrt(total_square / 200), std::sqrt(2.0 / 24), 0.03 * std::sqrt(2.0 / 24),
                     "std of W over 200 layers 16 → 8, σ = sqrt(2 / 24)"));
}

TEST(Ex0604Forward, HandComputedTinyNetwork) {
    const auto net = tiny_network();
    const auto X = Matrix::from_rows({{1, 0}, {0, 1}});
    nn::ForwardCache cache;
    const auto out = nn::forward(net, X, &cache);
    // Example 0: z¹ = (1, −1) + (0, 0.5) = (1, −0.5); h¹ = tanh(z¹); ŷ = 2·tanh(1) + 3·tanh(−0.5) + 1.
    // Example 1: z¹ = (0.5, 2) + (0, 0.5) = (0.5, 2.5); ŷ = 2·tanh(0.5) + 3·tanh(2.5) + 1.
    const double y0 = 2 * std::tanh(1.0) + 3 * std::tanh(-0.5) + 1, y1 = 2 * std::tanh(0.5) + 3 * std::tanh(2.5) + 1;
    ASSERT_EQ(out.rows(), 2u);
    ASSERT_EQ(out.cols(), 1u);
    EXPECT_TRUE(course::teach::vectors_near(out.values(), {y0, y1}, 1e-12, "forward through 2 → 2 (tanh) → 1 (linear)"))
        << "the output layer is linear: ŷ = " << y1 << " may exceed 1";
    ASSERT_EQ(cache.z.size(), 2u) << "cache.z: one entry per layer";
    ASSERT_EQ(cache.h.size(), 3u) << "cache.h: the input plus one entry per layer";
    EXPECT_TRUE(cache.h[0] == X) << "cache.h[0] is the input batch";
    EXPECT_TRUE(course::teach::vectors_near(cache.z[0].values(), {1, -0.5, 0.5, 2.5}, 1e-12, "cache.z[0] = X·W¹ + b¹"));
    EXPECT_TRUE(near(cache.h[1](1, 1), std::tanh(2.5), 1e-12, "cache.h[1] = tanh(cache.z[0]), entry (1, 1)"));
    EXPECT_TRUE(course::teach::vectors_near(cache.h[2].values(), out.values(), 0, "cache.h[2] is the output"));
    // Chapter 08 reuses one cache for every mini-batch: a second pass must replace, not append.
    nn::forward(net, X, &cache);
    EXPECT_EQ(cache.z.size(), 2u) << "after a second forward pass with the same cache: clear it first";
    EXPECT_EQ(cache.h.size(), 3u) << "after a second forward pass with the same cache: clear it first";
}

TEST(Ex0604Forward, WithoutACacheAndOnTheFaceNetwork) {
    course::Rng rng(8);
    nn::Network net;
    for (std::size_t l = 0; l + 1 < nn::kFaceNetworkSizes.size(); ++l) {  // weights drawn here, not by 6.3
        const std::size_t in = nn::kFaceNetworkSizes[l], out = nn::kFaceNetworkSizes[l + 1];
        nn::Dense layer{Matrix(in, out), Matrix(1, out)};
        for (std::size_t i = 0; i < layer.W.size(); ++i) layer.W.data()[i] = rng.normal(0, 0.05);
        net.layers.push_back(layer);
    }
    Matrix X(5, 1024);
    for (std::size_t i = 0; i < X.size(); ++i) X.data()[i] = rng.normal();
    nn::ForwardCache cache;
    const auto with = nn::forward(net, X, &cache), without = nn::forward(net, X);
    ASSERT_EQ(with.rows(), 5u);
    ASSERT_EQ(with.cols(), 2u) << "1024 → 32 → 16 → 8 → 2 gives 2 outputs per example";
    EXPECT_TRUE(with == without) << "the cache must not change the result";
    ASSERT_EQ(cache.h.size(), 5u);
    for (std::size_t l = 1; l < 4; ++l)
        EXPECT_LE(course::max(course::map(cache.h[l], [](double v) { return std::abs(v); })), 1.0)
            << "hidden activations are tanh values in [−1, 1], layer " << l;
}

TEST(Ex0605ParameterCount, TheFaceNetworkHas33482) {
    nn::Network net;
    std::size_t by_formula = 0;
    for (std::size_t l = 0; l + 1 < nn::kFaceNetworkSizes.size(); ++l) {
        const std::size_t in = nn::kFaceNetworkSizes[l], out = nn::kFaceNetworkSizes[l + 1];
        net.layers.push_back({Matrix(in, out), Matrix(1, out)});
        by_formula += in * out + out;
    }
    EXPECT_EQ(by_formula, 33482u) << "Σ (in·out + out) over 1024→32, 32→16, 16→8, 8→2";
    EXPECT_EQ(nn::parameter_count(net), 33482u) << "1024·32+32 + 32·16+16 + 16·8+8 + 8·2+2";
}

TEST(Ex0605ParameterCount, SmallNetworks) {
    EXPECT_EQ(nn::parameter_count(tiny_network()), 9u) << "2→2→1: (4 + 2) + (2 + 1)";
    EXPECT_EQ(nn::parameter_count(nn::Network{}), 0u) << "no layers, no parameters";
}

TEST(Chapter06Network, ZeroAndLargeInitAndDescribe) {
    course::Rng rng(1);
    const auto zero = nn::make_network(nn::kFaceNetworkSizes, rng, {.scheme = nn::Init::zero});
    ASSERT_EQ(zero.layers.size(), 4u);
    EXPECT_EQ(nn::describe(zero), "1024 → 32 → 16 → 8 → 2");
    EXPECT_EQ(course::max(zero.layers[0].W), 0.0);
    const auto large = nn::make_network({100, 50}, rng, {.scheme = nn::Init::large, .large_std = 2.0});
    EXPECT_NEAR(mean_std(large.layers[0].W).second, 2.0, 0.1) << "large init draws N(0, large_std²)";
    EXPECT_THROW(nn::make_network({1024}, rng), std::invalid_argument) << "one size makes no layer";
    EXPECT_THROW(nn::make_network({1024, 0, 2}, rng), std::invalid_argument) << "a layer of 0 units";
}
