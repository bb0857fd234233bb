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
#include "tests/support/picture.hpp"
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
    Matrix Z;
    ASSERT_NO_THROW(Z = nn::dense_forward(layer, X))
        << "a batch of 2 examples with 3 features through a 3 → 2 layer is valid: X's COLUMNS must match W's rows "
           "(X's rows are the examples, any number of them)";
    ASSERT_EQ(Z.rows(), 2u) << "one output row per input row";
    ASSERT_EQ(Z.cols(), 2u) << "as many outputs as W has columns";
    // Row 0: (1+0+3, 2−1+1) + (0.5, −2) = (4.5, 0);  row 1: (2+0−3, 4+0−1) + b = (−0.5, 1).
    EXPECT_TRUE(course::teach::vectors_near(Z.values(), {4.5, 0.0, -0.5, 1.0}, 1e-12,
                                            "X·W + b with X = [[1,1,1],[2,0,−1]], W = [[1,2],[0,−1],[3,1]], b = [0.5,−2]"))
        << (Z.size() == 4 && Z.values()[0] == 4.0 && Z.values()[1] == 2.0 ? "That is X·W without b: add the bias row "
                                                                            "to every example."
                                                                          : "");
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

TEST(Ex0601DenseForward, BiasGoesToEveryRowAndWIsNotTransposed) {
    // 3 examples through a 2 → 4 layer: n ≠ out, so a bias added down the columns or X·Wᵀ cannot pass.
    const nn::Dense layer{Matrix::from_rows({{1, 0, 2, -1}, {0, 1, 1, 3}}), Matrix::row({10, 20, 30, 40})};
    const auto X = Matrix::from_rows({{1, 2}, {-1, 0}, {0, 0}});
    const auto Z = nn::dense_forward(layer, X);
    ASSERT_EQ(Z.rows(), 3u) << "Z has one row per example (n = 3); did you multiply in the other order?";
    ASSERT_EQ(Z.cols(), 4u) << "Z has one column per output unit (out = 4)";
    // Row 2 is all-zero input: its output is the bias itself, whatever the weights.
    EXPECT_TRUE(course::teach::vectors_near(Z.values(),
                                            {11, 22, 34, 45, 9, 20, 28, 41, 10, 20, 30, 40}, 1e-12,
                                            "X·W + b for X = [[1,2],[−1,0],[0,0]], W = [[1,0,2,−1],[0,1,1,3]], "
                                            "b = [10,20,30,40]; did you add b[i] to row i instead of b[j] to column j?"));
}

TEST(Ex0602Tanh, ValuesAndShape) {
    const auto h = nn::tanh_activation(Matrix::from_rows({{0, 1, -1}, {20, -20, 0.5}}));
    ASSERT_EQ(h.rows(), 2u);
    ASSERT_EQ(h.cols(), 3u);
    const double t1 = (std::exp(1) - std::exp(-1)) / (std::exp(1) + std::exp(-1));
    const double t05 = (std::exp(0.5) - std::exp(-0.5)) / (std::exp(0.5) + std::exp(-0.5));
    EXPECT_TRUE(course::teach::vectors_near(h.values(), {0, t1, -t1, 1, -1, t05}, 1e-12,
                                            "tanh of [[0, 1, −1], [20, −20, 0.5]] from (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ)"));
    // A unit with a huge pre-activation is saturated, not undefined (a large init produces such z).
    const auto far = nn::tanh_activation(Matrix::row({800.0, -800.0}));
    EXPECT_TRUE(course::teach::vectors_near(far.values(), {1.0, -1.0}, 0.0, "tanh of [800, −800]"))
        << "e⁸⁰⁰ overflows a double to ∞, and (eᶻ − e⁻ᶻ)/(eᶻ + e⁻ᶻ) becomes ∞/∞ = NaN: use std::tanh, which "
           "saturates at ±1";
}

TEST(Ex0602Tanh, DerivativeMatchesCentralDifferences) {
    const double h = 1e-5;
    std::vector<double> analytic, numerical;
    for (const double z : {-3.0, -1.0, -0.2, 0.0, 0.4, 1.5, 4.0}) {
        analytic.push_back(nn::tanh_derivative(z));
        numerical.push_back((std::tanh(z + h) - std::tanh(z - h)) / (2 * h));
    }
    EXPECT_TRUE(course::teach::gradients_agree(analytic, numerical, 1e-7, "tanh'(z) at z = −3, −1, −0.2, 0, 0.4, 1.5, 4"))
        << "tanh_derivative receives z itself, not the saved output h = tanh(z): 1 − h² needs h = tanh(z) first";
    course::teach::draw_curves_on_failure(
        course::teach::test_failed(), "tanh_derivative",
        {.title = "tanh′(z): your tanh_derivative and central differences of std::tanh",
         .xlabel = "z", .ylabel = "tanh′(z)", .x = {-3.0, -1.0, -0.2, 0.0, 0.4, 1.5, 4.0},
         .yours = analytic, .reference = numerical, .reference_label = "central differences"});
    EXPECT_TRUE(near(nn::tanh_derivative(0.0), 1.0, 1e-15, "tanh'(0), the steepest point"));
    EXPECT_TRUE(near(nn::tanh_derivative(10.0), 0.0, 1e-7, "tanh'(10): a saturated unit has (almost) no slope"));
}

// ℒ(z) = Σᵢⱼ cᵢⱼ·tanh(zᵢⱼ), so ∂ℒ/∂h = c; tanh_backward(h, c) must be ∂ℒ/∂z, checked entry by entry
// against central differences of ℒ. Only h = tanh(z) goes in: the function never sees z.
TEST(Ex0602Tanh, BackwardFromTheSavedOutputMatchesCentralDifferences) {
    const auto z = Matrix::from_rows({{-2.0, -0.3, 0.0}, {0.7, 1.5, 3.0}});
    const auto c = Matrix::from_rows({{0.5, -1.0, 2.0}, {1.5, -0.25, 3.0}});
    const auto loss = [&](const Matrix& at) {
        double total = 0;
        for (std::size_t i = 0; i < at.size(); ++i) total += c.values()[i] * std::tanh(at.values()[i]);
        return total;
    };
    const double step = 1e-5;
    std::vector<double> numerical;
    for (std::size_t i = 0; i < z.size(); ++i) {
        Matrix plus = z, minus = z;
        plus.data()[i] += step, minus.data()[i] -= step;
        numerical.push_back((loss(plus) - loss(minus)) / (2 * step));
    }
    Matrix h = z;
    for (std::size_t i = 0; i < h.size(); ++i) h.data()[i] = std::tanh(z.values()[i]);
    const auto dz = nn::tanh_backward(h, c);
    ASSERT_TRUE(dz.same_shape(z)) << "dz has the shape of h, got " << dz.shape();
    EXPECT_TRUE(course::teach::gradients_agree(dz.values(), numerical, 1e-7,
                                               "∂ℒ/∂z for ℒ = Σ c ⊙ tanh(z), from tanh_backward(h = tanh(z), dh = c). "
                                               "Did you use 1 − h² (h is already tanh(z): not 1 − tanh²(h)), "
                                               "and multiply by dh entry by entry?"));
}

TEST(Ex0602Tanh, BackwardIsLocalAndChecksShapes) {
    // At h = 0 the slope is 1 and dz = dh; at |h| = 1 (saturated) nothing passes back.
    const auto dz = nn::tanh_backward(Matrix::row({0.0, 1.0, -1.0, 0.5}), Matrix::row({3.0, 3.0, 3.0, -2.0}));
    EXPECT_TRUE(course::teach::vectors_near(dz.values(), {3.0, 0.0, 0.0, -1.5}, 1e-12,
                                            "tanh_backward(h = [0, 1, −1, 0.5], dh = [3, 3, 3, −2]) = dh ⊙ (1 − h²)"));
    EXPECT_THROW(nn::tanh_backward(Matrix(2, 3), Matrix(3, 2)), course::ShapeError)
        << "h (2×3) and dh (3×2) do not match: expected course::ShapeError";
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
    EXPECT_TRUE(near(stddev, want, 0.03 * want, "sample std of W for 1024 → 32, σ = sqrt(2 / (1024 + 32))"))
        << (std::abs(stddev - want * want) < 0.03 * want * want
                ? "That is the variance 2/(fan_in + fan_out) used as the std: rng.normal takes σ, its square root."
            : std::abs(stddev - std::sqrt(1.0 / 1024)) < 0.03 * want
                ? "That is σ² = 1/fan_in (LeCun's rule); Glorot's variance averages fan_in and fan_out."
                : "");
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

TEST(Ex0603InitDense, DrawsRowByRowFromTheGenerator) {
    // The contract: one rng.normal(0, σ) per entry, W(0,0), W(0,1), …, row after row. Chapters 07-11 rely
    // on it for their byte-identical results.
    course::Rng used(9), replay(9);
    const auto layer = nn::init_dense(3, 5, used);
    const double sigma = std::sqrt(2.0 / 8.0);
    std::vector<double> want;
    for (int k = 0; k < 15; ++k) want.push_back(replay.normal(0.0, sigma));
    EXPECT_TRUE(course::teach::vectors_near(layer.W.values(), want, 1e-15,
                                            "W of a 3 → 5 layer (seed 9) against 15 draws of N(0, 2/8) in row-major "
                                            "order; did you draw column by column, or draw the biases too?"));
    EXPECT_EQ(used.next_u64(), replay.next_u64()) << "init_dense must make exactly fan_in·fan_out draws";
}

TEST(Ex0604Forward, HandComputedTinyNetwork) {
    SCOPED_TRACE("this test also runs your 6.1 and 6.2 (forward is built on dense_forward and tanh_activation)");
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

TEST(Ex0604Forward, AStaleCacheIsReplacedWhole) {
    SCOPED_TRACE("this test also runs your 6.1 and 6.2 (forward is built on dense_forward and tanh_activation)");
    // The harness rule: a cache handed in is never fresh. This one holds three stale layers of NaN from
    // some other network; after the pass it must hold exactly this pass's two layers.
    const auto net = tiny_network();
    const auto X = Matrix::from_rows({{1, 0}, {0, 1}});
    nn::ForwardCache cache;
    for (int k = 0; k < 3; ++k) {
        Matrix stale(3, 3);
        course::teach::poison(stale);
        cache.z.push_back(stale);
        cache.h.push_back(stale);
    }
    cache.h.push_back(Matrix(3, 3));
    const auto out = nn::forward(net, X, &cache);
    ASSERT_EQ(cache.z.size(), 2u) << "cache.z came in with 3 stale entries: clear it, then one entry per layer";
    ASSERT_EQ(cache.h.size(), 3u) << "cache.h came in with 4 stale entries: clear it, then the input and one entry "
                                     "per layer";
    EXPECT_TRUE(cache.h[0] == X) << "cache.h[0] is this pass's input batch";
    EXPECT_TRUE(course::teach::vectors_near(cache.z[0].values(), {1, -0.5, 0.5, 2.5}, 1e-12, "cache.z[0] = X·W¹ + b¹"));
    EXPECT_TRUE(course::teach::vectors_near(cache.h[1].values(),
                                            {std::tanh(1.0), std::tanh(-0.5), std::tanh(0.5), std::tanh(2.5)}, 1e-12,
                                            "cache.h[1] = tanh(z¹), the layer's output (not z¹)"));
    EXPECT_TRUE(course::teach::vectors_near(cache.h[2].values(), out.values(), 0, "cache.h[2] is the output"));
}

TEST(Ex0604Forward, WithoutACacheAndOnTheFaceNetwork) {
    SCOPED_TRACE("this test also runs your 6.1 and 6.2 (forward is built on dense_forward and tanh_activation)");
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

TEST(Ex0605ForwardCost, TheFaceNetworkHas33482Parameters) {
    nn::Network net;
    std::size_t by_formula = 0;
    for (std::size_t l = 0; l + 1 < nn::kFaceNetworkSizes.size(); ++l) {
        const std::size_t in = nn::kFaceNetworkSizes[l], out = nn::kFaceNetworkSizes[l + 1];
        net.layers.push_back({Matrix(in, out), Matrix(1, out)});
        by_formula += in * out + out;
    }
    EXPECT_EQ(by_formula, 33482u) << "Σ (in·out + out) over 1024→32, 32→16, 16→8, 8→2";
    EXPECT_EQ(nn::parameter_count(net), 33482u) << "1024·32+32 + 32·16+16 + 16·8+8 + 8·2+2; did you forget the biases?";
    EXPECT_EQ(nn::parameter_count(tiny_network()), 9u) << "2→2→1: (4 + 2) + (2 + 1)";
    EXPECT_EQ(nn::parameter_count(nn::Network{}), 0u) << "no layers, no parameters";
}

TEST(Ex0605ForwardCost, HandCountedSmallNetwork) {
    // 3 → 4 → 2, batch 5.  parameters: 3·4 + 4 + 4·2 + 2 = 26
    // flops: 5·(2·3·4 + 4) + 5·(2·4·2 + 2) = 140 + 90 = 230;  saved: 5·3 + 5·4 = 35 (the inputs of both layers)
    const nn::ForwardCost cost = nn::forward_cost({3, 4, 2}, 5);
    EXPECT_EQ(cost.parameters, 26u) << "3 → 4 → 2: weights 12 + 8, biases 4 + 2 (the batch does not change it)";
    EXPECT_EQ(cost.flops, 230u) << "batch 5 through 3 → 4 → 2: 2 FLOPs per weight per example (multiply and add) "
                                   "+ 1 per bias per example = 5·(24 + 4) + 5·(16 + 2)";
    EXPECT_EQ(cost.saved_for_backward, 35u)
        << "backprop keeps each layer's INPUT for every example: 5·3 (X) + 5·4 (h¹); the output (5·2) goes to the "
           "loss, and z is not needed because tanh' = 1 − h²";
}

TEST(Ex0605ForwardCost, FaceNetworkBatchOf32) {
    const nn::ForwardCost one = nn::forward_cost(nn::kFaceNetworkSizes, 1), batch = nn::forward_cost(nn::kFaceNetworkSizes, 32);
    EXPECT_EQ(one.parameters, 33482u) << "the face network's parameters, from its sizes";
    EXPECT_EQ(batch.parameters, 33482u) << "parameters do not grow with the batch";
    // 2·(weights) + (biases) per example: 2·33,424 + 58 = 66,906 ≈ 2 FLOPs per parameter.
    EXPECT_EQ(one.flops, 66906u) << "one face through 1024 → 32 → 16 → 8 → 2: 2·33,424 weights + 58 biases";
    EXPECT_EQ(batch.flops, 32u * 66906u) << "a batch of 32 costs 32 times one example";
    EXPECT_EQ(one.saved_for_backward, 1080u) << "inputs of the four layers for one face: 1024 + 32 + 16 + 8";
    EXPECT_EQ(batch.saved_for_backward, 32u * 1080u) << "a batch of 32 keeps 32 times as much";
    EXPECT_EQ(nn::forward_cost({7, 3}, 0).flops, 0u) << "an empty batch costs nothing";
}

TEST(Ex0605ForwardCost, RejectsFewerThanTwoSizesOrAZeroSize) {
    EXPECT_THROW(nn::forward_cost({1024}, 1), std::invalid_argument) << "one size makes no layer";
    EXPECT_THROW(nn::forward_cost({}, 1), std::invalid_argument) << "no sizes at all";
    EXPECT_THROW(nn::forward_cost({1024, 0, 2}, 1), std::invalid_argument) << "a layer of 0 units";
    EXPECT_THROW(nn::forward_cost({4, 2, 0}, 1), std::invalid_argument) << "an output of 0 units (the last size)";
}

// 6.6's tests run your forward pass (6.4, and through it 6.1 and 6.2): pass those first.
TEST(Ex0606VarianceArgument, HandComputedPooledStdOfZ) {
    SCOPED_TRACE("this test also runs your 6.4 (and through it 6.1 and 6.2): preactivation_stds runs forward");
    // tiny_network on X = I: z¹ has entries 1, −0.5, 0.5, 2.5 (mean 0.875), z² the two outputs.
    const auto stds = nn::preactivation_stds(tiny_network(), Matrix::from_rows({{1, 0}, {0, 1}}));
    ASSERT_EQ(stds.size(), 2u) << "one std per layer (the input has none)";
    const double z1 = std::sqrt((0.125 * 0.125 + 1.375 * 1.375 + 0.375 * 0.375 + 1.625 * 1.625) / 4);
    EXPECT_TRUE(near(stds[0], z1, 1e-12,
                     "std of z¹'s four entries {1, −0.5, 0.5, 2.5}, all pooled, divided by 4 (not 3: population "
                     "form); of z, not of h = tanh(z); with the mean 0.875 subtracted"));
    const double y0 = 2 * std::tanh(1.0) + 3 * std::tanh(-0.5) + 1, y1 = 2 * std::tanh(0.5) + 3 * std::tanh(2.5) + 1;
    EXPECT_TRUE(near(stds[1], std::abs(y0 - y1) / 2, 1e-12, "std of the two outputs z² (the linear layer's z)"));
}

TEST(Ex0606VarianceArgument, PredictionFormula) {
    EXPECT_TRUE(near(nn::predicted_preactivation_std(1024, 1.0, 1.0), 32, 1e-12,
                     "1024 inputs of rms 1, weights N(0, 1): Var(z) = 1024, std 32 (did you forget the square root "
                     "of fan_in?)"));
    EXPECT_TRUE(near(nn::predicted_preactivation_std(1024, std::sqrt(2.0 / 1056), 1.0), std::sqrt(2048.0 / 1056), 1e-12,
                     "Xavier's 1024 → 32 layer on inputs of rms 1: std √(1024·2/1056) ≈ 1.39"));
    EXPECT_TRUE(near(nn::predicted_preactivation_std(400, 0.07, 1.5), 0.07 * 20 * 1.5, 1e-12,
                     "400 inputs of rms 1.5, weight std 0.07: σ_w·√fan_in·rms(x)"));
    EXPECT_TRUE(near(nn::predicted_preactivation_std(9, 0.5, 0.0), 0.0, 0.0, "inputs all 0: z is 0"));
}

// The argument holds for whatever weights and inputs: measured here on a 400 → 60 → 1 network with
// weights N(0, 0.07²) drawn by the test, and inputs N(0.5, 1) whose rms (√1.25) is not their std.
TEST(Ex0606VarianceArgument, MeasuredMatchesPredictedOnTheFirstLayer) {
    SCOPED_TRACE("this test also runs your 6.4 (and through it 6.1 and 6.2): preactivation_stds runs forward");
    course::Rng rng(66);
    nn::Network net;
    net.layers.push_back({Matrix(400, 60), Matrix(1, 60)});
    net.layers.push_back({Matrix(60, 1), Matrix(1, 1)});
    for (nn::Dense& layer : net.layers)
        for (std::size_t i = 0; i < layer.W.size(); ++i) layer.W.data()[i] = rng.normal(0.0, 0.07);
    Matrix X(1000, 400);
    for (std::size_t i = 0; i < X.size(); ++i) X.data()[i] = rng.normal(0.5, 1.0);
    const auto stds = nn::preactivation_stds(net, X);
    ASSERT_EQ(stds.size(), 2u) << "one std per layer";
    const double predicted = 0.07 * std::sqrt(400.0) * std::sqrt(1.25);
    EXPECT_TRUE(near(stds[0], predicted, 0.03 * predicted,
                     "measured std of z¹ (400 → 60, w ~ N(0, 0.07²), x ~ N(0.5, 1)) against "
                     "0.07·√400·rms(x) = 0.07·20·√1.25 (3 %)"));
    EXPECT_TRUE(near(nn::predicted_preactivation_std(400, 0.07, std::sqrt(1.25)), predicted, 1e-12,
                     "your prediction for the same layer"));
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
