// Tests that grade chapter 08. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
// The independent references: central differences of a loss written out here (through chapter 06's
// forward pass), the shared autodiff library, and hand-computed values. Tests of 8.4 to 8.6 train
// through the given training_step, so they also run your 8.1-8.3: their messages say so.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/batch_regimes.hpp"
#include "common/autodiff.hpp"
#include "common/errors.hpp"
#include "common/gradcheck.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace bp = course::backpropagation;
namespace nn = course::neural_network;
using course::Matrix;

namespace {

// The one threshold of the chapter's central-difference checks (README §3): the relative error that a
// correct gradient stays under on these small networks, with h = 1e-5. Bugs give 1e-3 to 1.
constexpr double kGradTolerance = 1e-6;

Matrix random_matrix(std::size_t rows, std::size_t cols, course::Rng& rng, double scale = 1.0) {
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.normal(0.0, scale);
    return m;
}

// A small network 5 → 4 → 3 → 2 with random (not Xavier-small) biases, and a batch of 6 examples.
struct Problem {
    nn::Network net;
    Matrix X, Y;
};

Problem small_problem(std::uint64_t seed, const std::vector<std::size_t>& sizes = {5, 4, 3, 2}, std::size_t n = 6) {
    course::Rng rng(seed);
    Problem p{nn::make_network(sizes, rng), Matrix(), Matrix()};
    for (auto& layer : p.net.layers) layer.b = random_matrix(1, layer.b.cols(), rng, 0.3);
    p.X = random_matrix(n, sizes.front(), rng);
    p.Y = random_matrix(n, sizes.back(), rng);
    return p;
}

// ℒ = (1/2n) Σ ||ŷ − y||², the definition, evaluated with chapter 06's forward pass.
double reference_loss(const nn::Network& net, const Matrix& X, const Matrix& Y) {
    const Matrix pred = nn::forward(net, X);
    double total = 0.0;
    for (std::size_t i = 0; i < pred.size(); ++i) total += std::pow(pred.data()[i] - Y.data()[i], 2);
    return total / (2.0 * static_cast<double>(X.rows()));
}

// The student's backward pass, started from an output gradient computed here: (Ŷ − Y)/n.
bp::Gradients student_gradients(const Problem& p) {
    nn::ForwardCache cache;
    const Matrix pred = nn::forward(p.net, p.X, &cache);
    const Matrix dY = (pred - p.Y) / static_cast<double>(p.X.rows());
    bp::Gradients grads;
    bp::backward(p.net, cache, dY, grads);
    return grads;
}

// ∂ℒ/∂(layer l's W or b) by central differences of reference_loss.
Matrix numerical_layer_gradient(const Problem& p, std::size_t l, bool bias) {
    const Matrix& start = bias ? p.net.layers[l].b : p.net.layers[l].W;
    return course::numerical_gradient(
        [&](const Matrix& value) {
            nn::Network changed = p.net;
            (bias ? changed.layers[l].b : changed.layers[l].W) = value;
            return reference_loss(changed, p.X, p.Y);
        },
        start);
}

// The same gradients from the shared autodiff library, one {dW, db} pair per layer.
std::vector<std::pair<Matrix, Matrix>> autodiff_gradients(const nn::Network& net, const Matrix& X, const Matrix& Y) {
    std::vector<course::Var> Ws, bs;
    course::Var h = course::constant(X);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        Ws.push_back(course::parameter(net.layers[l].W));
        bs.push_back(course::parameter(net.layers[l].b));
        const course::Var z = course::add_row(course::matmul(h, Ws.back()), bs.back());
        h = l + 1 == net.layers.size() ? z : course::tanh(z);
    }
    course::half_mse_per_example(h, course::constant(Y)).backward();
    std::vector<std::pair<Matrix, Matrix>> grads;
    for (std::size_t l = 0; l < Ws.size(); ++l) grads.emplace_back(Ws[l].grad(), bs[l].grad());
    return grads;
}

// "layers[0] (W¹ b¹, 5→4, tanh)": the code's index and the README's layer number side by side.
std::string layer_name(const nn::Network& net, std::size_t l) {
    static const char* const superscripts[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    const std::string number = l + 1 < 10 ? superscripts[l + 1] : "?";
    return "layers[" + std::to_string(l) + "] (W" + number + " b" + number + ", " +
           std::to_string(net.layers[l].W.rows()) + "→" + std::to_string(net.layers[l].W.cols()) +
           (l + 1 == net.layers.size() ? ", linear output)" : ", tanh)");
}

::testing::AssertionResult gradient_matches(const Matrix& analytic, const Matrix& numerical, double tol,
                                            const std::string& what) {
    if (!analytic.same_shape(numerical))
        return ::testing::AssertionFailure() << what << ": your gradient is " << analytic.shape() << ", it must be "
                                             << numerical.shape() << " like the parameter";
    const auto report = course::compare_gradients(analytic, numerical);
    if (report.max_relative_error <= tol) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << what << " is wrong (tolerance " << course::teach::show(tol)
                                         << "): " << report.describe();
}

// When gradient_matches fails: both gradients entry by entry and their relative errors
// (tests/support/picture.hpp), from the values the test already has.
void draw_gradient_on_failure(const Matrix& analytic, const Matrix& numerical, std::string_view name, const std::string& what,
                              std::string entry_label) {
    const bool failed = !analytic.same_shape(numerical) ||
                        !(course::compare_gradients(analytic, numerical).max_relative_error <= kGradTolerance);
    course::teach::draw_gradients_on_failure(failed, name, what + ": your gradient and central differences",
                                             analytic.values(), numerical.values(), kGradTolerance, std::move(entry_label));
}

}  // namespace

// ---- 8.1 -------------------------------------------------------------------------------------------------

TEST(Ex0801MseLoss, HandComputedValueAndGradient) {
    const auto pred = Matrix::from_rows({{1.0, 2.0}, {3.0, 4.0}});
    const auto target = Matrix::from_rows({{0.0, 2.0}, {3.0, 2.0}});
    Matrix dpred;  // empty: mse_loss must size it
    // Differences (1, 0) and (0, 2): squared norms 1 and 4, so ℒ = (1 + 4)/(2·2) = 1.25.
    EXPECT_TRUE(course::teach::near(bp::mse_loss(pred, target, dpred), 1.25, 1e-12,
                                    "ℒ for Ŷ = [[1,2],[3,4]], Y = [[0,2],[3,2]] (n = 2 examples). 2.5 means a "
                                    "missing ½; 0.625 a division by the 4 entries instead of the 2 examples"));
    ASSERT_EQ(dpred.shape(), pred.shape()) << "dpredictions must have the predictions' shape";
    EXPECT_TRUE(course::teach::vectors_near(dpred.values(), {0.5, 0.0, 0.0, 1.0}, 1e-12,
                                            "∂ℒ/∂Ŷ = (Ŷ − Y)/n = [[1,0],[0,2]]/2 ([[1,0],[0,2]]: the ½ does "
                                            "cancel the 2; negative: Y − Ŷ is the wrong sign)"));
}

TEST(Ex0801MseLoss, GradientMatchesCentralDifferences) {
    course::Rng rng(3);
    const Matrix pred = random_matrix(5, 2, rng), target = random_matrix(5, 2, rng);
    Matrix dpred;
    bp::mse_loss(pred, target, dpred);
    const Matrix numerical = course::numerical_gradient(
        [&](const Matrix& p) {
            double total = 0.0;
            for (std::size_t i = 0; i < p.size(); ++i) total += std::pow(p.data()[i] - target.data()[i], 2);
            return total / (2.0 * 5.0);
        },
        pred);
    EXPECT_TRUE(gradient_matches(dpred, numerical, kGradTolerance, "∂ℒ/∂Ŷ for a random 5×2 batch"));
}

TEST(Ex0801MseLoss, OverwritesAGradientBufferOfAnotherShape) {
    // The training loop hands the same dY to every step: its old shape and values must not leak in.
    const auto pred = Matrix::from_rows({{1.0, 2.0}, {3.0, 4.0}});
    const auto target = Matrix::from_rows({{0.0, 2.0}, {3.0, 2.0}});
    Matrix dpred(3, 3);
    course::teach::poison(dpred);  // NaN: an entry that is added to instead of assigned stays NaN
    for (int call = 1; call <= 2; ++call) {
        EXPECT_TRUE(course::teach::near(bp::mse_loss(pred, target, dpred), 1.25, 1e-12, "ℒ, call " + std::to_string(call)));
        ASSERT_EQ(dpred.shape(), pred.shape()) << "dpredictions came in 3×3: resize it to the predictions' shape";
        EXPECT_TRUE(course::teach::vectors_near(dpred.values(), {0.5, 0.0, 0.0, 1.0}, 1e-12,
                                                "∂ℒ/∂Ŷ, call " + std::to_string(call) +
                                                    " on a buffer that held NaN: assign each entry, don't add to it"));
    }
}

TEST(Ex0801MseLoss, RejectsShapesThatDiffer) {
    Matrix dpred;
    EXPECT_THROW(bp::mse_loss(Matrix(3, 2), Matrix(2, 2), dpred), course::ShapeError) << "(3×2) vs (2×2): rows differ";
    EXPECT_THROW(bp::mse_loss(Matrix(2, 2), Matrix(2, 3), dpred), course::ShapeError) << "(2×2) vs (2×3): columns differ";
    EXPECT_THROW(bp::mse_loss(Matrix(), Matrix(), dpred), course::ShapeError) << "an empty batch has no loss";
}

// ---- 8.2 -------------------------------------------------------------------------------------------------
// With the scalar ℒ = Σ G ⊙ (H·W + b) for a fixed G, ∂ℒ/∂Z = G exactly: so dense_backward(delta = G)
// must return the central-difference gradients of that ℒ with respect to W, b and H.

namespace {
double linear_probe(const Matrix& H, const Matrix& W, const Matrix& b, const Matrix& G) {
    const Matrix Z = course::add_row_vector(course::matmul(H, W), b);
    return course::sum(Z * G);
}
}  // namespace

TEST(Ex0802DenseBackward, MatchesCentralDifferencesForWbAndTheInput) {
    course::Rng rng(5);
    const nn::Dense layer{random_matrix(4, 3, rng), random_matrix(1, 3, rng)};
    const Matrix H = random_matrix(6, 4, rng), G = random_matrix(6, 3, rng);
    Matrix dW, db, dH;
    bp::dense_backward(layer, H, G, dW, db, &dH);
    const Matrix numerical_dW = course::numerical_gradient([&](const Matrix& W) { return linear_probe(H, W, layer.b, G); }, layer.W);
    const Matrix numerical_db = course::numerical_gradient([&](const Matrix& b) { return linear_probe(H, layer.W, b, G); }, layer.b);
    const Matrix numerical_dH = course::numerical_gradient([&](const Matrix& h) { return linear_probe(h, layer.W, layer.b, G); }, H);
    EXPECT_TRUE(gradient_matches(dW, numerical_dW, kGradTolerance, "dW = Hᵀ·δ (H 6×4, W 4×3)"));
    EXPECT_TRUE(gradient_matches(db, numerical_db, kGradTolerance,
                                 "db = column sums of δ (summed over the 6 examples, not averaged: the 1/n is in δ already)"));
    EXPECT_TRUE(gradient_matches(dH, numerical_dH, kGradTolerance, "dinput = δ·Wᵀ"));
    draw_gradient_on_failure(dW, numerical_dW, "dense_backward_dW", "dW = Hᵀ·δ of a dense layer (H 6×4, W 4×3)", "entry of dW, row by row");
    draw_gradient_on_failure(db, numerical_db, "dense_backward_db", "db = column sums of δ (6 examples, 3 outputs)", "entry of db");
    draw_gradient_on_failure(dH, numerical_dH, "dense_backward_dinput", "dinput = δ·Wᵀ (6 examples × 4 inputs)", "entry of dinput, row by row");
}

TEST(Ex0802DenseBackward, HandComputedAndNoInputGradientWhenNull) {
    // H = [[1, 2]], W = [[1, 0, 2], [0, 1, −1]], δ = [[1, −1, 0.5]] (one example).
    const nn::Dense layer{Matrix::from_rows({{1.0, 0.0, 2.0}, {0.0, 1.0, -1.0}}), Matrix(1, 3)};
    const auto H = Matrix::from_rows({{1.0, 2.0}}), delta = Matrix::from_rows({{1.0, -1.0, 0.5}});
    Matrix dW, db;
    bp::dense_backward(layer, H, delta, dW, db, nullptr);
    ASSERT_EQ(dW.shape(), layer.W.shape()) << "dW has W's shape (in×out)";
    EXPECT_TRUE(course::teach::vectors_near(dW.values(), {1.0, -1.0, 0.5, 2.0, -2.0, 1.0}, 1e-12,
                                            "dW = Hᵀ·δ = [1,2]ᵀ·[1,−1,0.5]"));
    EXPECT_TRUE(course::teach::vectors_near(db.values(), {1.0, -1.0, 0.5}, 1e-12, "db = δ for one example"));
    Matrix dH;
    bp::dense_backward(layer, H, delta, dW, db, &dH);
    // δ·Wᵀ: row 0 of W is [1, 0, 2] → 1·1 + 0·(−1) + 2·0.5 = 2; row 1 is [0, 1, −1] → 0 − 1 − 0.5 = −1.5.
    EXPECT_TRUE(course::teach::vectors_near(dH.values(), {2.0, -1.5}, 1e-12, "dinput = δ·Wᵀ"));
}

TEST(Ex0802DenseBackward, OverwritesOutputsThatHeldOldValues) {
    // backward() reuses the same dW, db and δ buffers at every step: nothing of the last step may stay.
    const nn::Dense layer{Matrix::from_rows({{1.0, 0.0, 2.0}, {0.0, 1.0, -1.0}}), Matrix(1, 3)};
    const auto H = Matrix::from_rows({{1.0, 2.0}, {0.0, 1.0}}), delta = Matrix::from_rows({{1.0, -1.0, 0.5}, {2.0, 0.0, -1.0}});
    Matrix dW(5, 5), db(5, 5), dH(5, 5);
    course::teach::poison(dW), course::teach::poison(db), course::teach::poison(dH);
    bp::dense_backward(layer, H, delta, dW, db, &dH);
    EXPECT_TRUE(course::teach::vectors_near(dW.values(), {1.0, -1.0, 0.5, 4.0, -2.0, 0.0}, 1e-12,
                                            "dW = Hᵀ·δ, into a buffer that held NaN"));
    ASSERT_EQ(db.shape(), "(1×3)") << "db has b's shape: 1×out";
    EXPECT_TRUE(course::teach::vectors_near(db.values(), {3.0, -1.0, -0.5}, 1e-12,
                                            "db = column sums of δ, into a buffer that held NaN: start the sums at 0 (db.fill(0) after the resize)"));
    EXPECT_TRUE(course::teach::vectors_near(dH.values(), {2.0, -1.5, 0.0, 1.0}, 1e-12, "dinput = δ·Wᵀ, into a buffer that held NaN"));
}

TEST(Ex0802DenseBackward, RejectsShapesThatDoNotFitW) {
    const nn::Dense layer{Matrix(4, 3), Matrix(1, 3)};
    Matrix dW, db;
    EXPECT_THROW(bp::dense_backward(layer, Matrix(6, 4), Matrix(6, 2), dW, db, nullptr), course::ShapeError)
        << "δ (6×2) for a layer with 3 outputs";
    EXPECT_THROW(bp::dense_backward(layer, Matrix(6, 5), Matrix(6, 3), dW, db, nullptr), course::ShapeError)
        << "input (6×5) for a layer with 4 inputs";
    EXPECT_THROW(bp::dense_backward(layer, Matrix(5, 4), Matrix(6, 3), dW, db, nullptr), course::ShapeError)
        << "input (5×4) and δ (6×3) differ in batch size";
}

// ---- 8.3 -------------------------------------------------------------------------------------------------

TEST(Ex0803Backward, EveryLayerMatchesCentralDifferences) {
    const Problem p = small_problem(11);
    const bp::Gradients grads = student_gradients(p);
    ASSERT_EQ(grads.dW.size(), p.net.layers.size()) << "one dW per layer";
    ASSERT_EQ(grads.db.size(), p.net.layers.size()) << "one db per layer";
    SCOPED_TRACE("layers are checked from the output down: the first one that fails is where the bug starts "
                 "(its own dW/db, or the δ handed down to it: δ·Wᵀ times 1 − h²)");
    for (std::size_t l = p.net.layers.size(); l-- > 0;) {
        EXPECT_TRUE(gradient_matches(grads.dW[l], numerical_layer_gradient(p, l, false), kGradTolerance,
                                     "dW of " + layer_name(p.net, l)));
        EXPECT_TRUE(gradient_matches(grads.db[l], numerical_layer_gradient(p, l, true), kGradTolerance,
                                     "db of " + layer_name(p.net, l)));
    }
}

TEST(Ex0803Backward, EveryLayerMatchesAutodiffOnTheFaceNetwork) {
    // The course's 1024 → 32 → 16 → 8 → 2 network on a batch of 8 random "images".
    course::Rng rng(21);
    Problem p{nn::make_network(nn::kFaceNetworkSizes, rng), random_matrix(8, 1024, rng), random_matrix(8, 2, rng)};
    const bp::Gradients grads = student_gradients(p);
    const auto reference = autodiff_gradients(p.net, p.X, p.Y);
    ASSERT_EQ(grads.dW.size(), reference.size()) << "one dW per layer";
    ASSERT_EQ(grads.db.size(), reference.size()) << "one db per layer";
    SCOPED_TRACE("in these messages the 'numerical' values are the autodiff library's gradients: both are exact, "
                 "so they agree to rounding (1e-8)");
    for (std::size_t l = reference.size(); l-- > 0;) {
        EXPECT_TRUE(gradient_matches(grads.dW[l], reference[l].first, 1e-8, "dW of " + layer_name(p.net, l)));
        EXPECT_TRUE(gradient_matches(grads.db[l], reference[l].second, 1e-8, "db of " + layer_name(p.net, l)));
    }
}

TEST(Ex0803Backward, KeepsTheDeltaOfEveryLayer) {
    const Problem p = small_problem(12);
    const bp::Gradients grads = student_gradients(p);
    ASSERT_EQ(grads.delta.size(), p.net.layers.size()) << "one δ per layer";
    nn::ForwardCache cache;
    const Matrix pred = nn::forward(p.net, p.X, &cache);
    const Matrix dY = (pred - p.Y) / 6.0;
    EXPECT_TRUE(course::teach::vectors_near(grads.delta.back().values(), dY.values(), 1e-12,
                                            "δ of the linear output layer is dY itself"));
    // δ of a hidden layer is ∂ℒ/∂z: perturb z[1] through the layers above it, by central differences.
    const Matrix numerical = course::numerical_gradient(
        [&](const Matrix& z) {
            Matrix h = course::map(z, [](double v) { return std::tanh(v); });
            for (std::size_t l = 2; l < p.net.layers.size(); ++l) {
                const Matrix zl = nn::dense_forward(p.net.layers[l], h);
                h = l + 1 == p.net.layers.size() ? zl : nn::tanh_activation(zl);
            }
            return course::sum((h - p.Y) * (h - p.Y)) / 12.0;
        },
        cache.z[1]);
    EXPECT_TRUE(gradient_matches(grads.delta[1], numerical, kGradTolerance,
                                 "δ[1] = ∂ℒ/∂z[1] of layers[1] (4→3, tanh): ∂ℒ/∂h[2] ⊙ (1 − h[2]²)"));
}

TEST(Ex0803Backward, AOneLayerNetworkIsLinearRegression) {
    // No hidden layer: δ is dY, no tanh′ anywhere, and no layer below to hand a δ to.
    const Problem p = small_problem(15, {3, 2}, 4);
    const bp::Gradients grads = student_gradients(p);
    ASSERT_EQ(grads.dW.size(), 1u) << "one layer, one dW";
    ASSERT_EQ(grads.db.size(), 1u) << "one layer, one db";
    EXPECT_TRUE(gradient_matches(grads.dW[0], numerical_layer_gradient(p, 0, false), kGradTolerance,
                                 "dW = Xᵀ·(Ŷ − Y)/n of a single linear layer"));
    EXPECT_TRUE(gradient_matches(grads.db[0], numerical_layer_gradient(p, 0, true), kGradTolerance,
                                 "db of a single linear layer"));
}

TEST(Ex0803Backward, ReusesItsGradientsAcrossCalls) {
    // training_step passes the same Gradients every step; here it first held a bigger network's.
    course::Rng rng(16);
    Problem big{nn::make_network({5, 7, 6, 4, 3, 2}, rng), random_matrix(6, 5, rng), random_matrix(6, 2, rng)};
    bp::Gradients grads = student_gradients(big);
    for (auto* part : {&grads.dW, &grads.db, &grads.delta})
        for (Matrix& m : *part) course::teach::poison(m);  // last step's buffers, as garbage
    const Problem p = small_problem(17);
    nn::ForwardCache cache;
    const Matrix pred = nn::forward(p.net, p.X, &cache);
    for (int call = 1; call <= 2; ++call) {
        bp::backward(p.net, cache, (pred - p.Y) / 6.0, grads);
        ASSERT_EQ(grads.dW.size(), 3u) << "call " << call << ": one dW per layer of this network (resize, don't append)";
        ASSERT_EQ(grads.delta.size(), 3u) << "call " << call << ": one δ per layer of this network";
        for (std::size_t l = 0; l < 3; ++l)
            EXPECT_TRUE(gradient_matches(grads.dW[l], numerical_layer_gradient(p, l, false), kGradTolerance,
                                         "call " + std::to_string(call) + ", dW of " + layer_name(p.net, l)));
    }
}

TEST(Ex0803Backward, RejectsACacheFromAnotherNetwork) {
    const Problem p = small_problem(18);
    nn::ForwardCache cache;
    const Matrix dY = (nn::forward(p.net, p.X, &cache) - p.Y) / 6.0;
    bp::Gradients grads;
    nn::ForwardCache short_h = cache;
    short_h.h.pop_back();
    EXPECT_THROW(bp::backward(p.net, short_h, dY, grads), course::ShapeError)
        << "a cache with 3 activations h for 3 layers (it must hold h[0] = X and one h per layer)";
    nn::ForwardCache short_z = cache;
    short_z.z.pop_back();
    EXPECT_THROW(bp::backward(p.net, short_z, dY, grads), course::ShapeError) << "a cache with 2 z for 3 layers";
}

// ---- 8.4 -------------------------------------------------------------------------------------------------

TEST(Ex0804SgdStep, MovesEveryParameterAgainstItsGradient) {
    nn::Network net{{nn::Dense{Matrix::from_rows({{1.0, 2.0}}), Matrix::from_rows({{0.5, -0.5}})},
                     nn::Dense{Matrix::from_rows({{3.0}, {-1.0}}), Matrix::from_rows({{0.0}})}}};
    bp::Gradients grads;
    grads.dW = {Matrix::from_rows({{2.0, -4.0}}), Matrix::from_rows({{1.0}, {1.0}})};
    grads.db = {Matrix::from_rows({{1.0, 1.0}}), Matrix::from_rows({{-2.0}})};
    bp::sgd_step(net, grads, 0.5);
    EXPECT_TRUE(course::teach::vectors_near(net.layers[0].W.values(), {0.0, 4.0}, 1e-12, "W¹ − 0.5·dW¹ = [1,2] − [1,−2]"));
    EXPECT_TRUE(course::teach::vectors_near(net.layers[0].b.values(), {0.0, -1.0}, 1e-12,
                                            "b¹ − 0.5·db¹ (still [0.5, −0.5]? the biases are parameters too)"));
    EXPECT_TRUE(course::teach::vectors_near(net.layers[1].W.values(), {2.5, -1.5}, 1e-12, "W² − 0.5·dW²"));
    EXPECT_TRUE(course::teach::vectors_near(net.layers[1].b.values(), {1.0}, 1e-12, "b² − 0.5·db² = 0 + 1"));
}

TEST(Ex0804SgdStep, ASmallStepLowersTheLoss) {
    Problem p = small_problem(13);
    const double before = reference_loss(p.net, p.X, p.Y);
    const auto reference = autodiff_gradients(p.net, p.X, p.Y);
    bp::Gradients grads;
    for (const auto& [dW, db] : reference) grads.dW.push_back(dW), grads.db.push_back(db);
    bp::sgd_step(p.net, grads, 0.01);
    EXPECT_LT(reference_loss(p.net, p.X, p.Y), before) << "a step of lr = 0.01 along −∇ℒ must go downhill";
}

TEST(Ex0804SgdStep, RejectsGradientsOfAnotherNetwork) {
    const Problem start = small_problem(19);
    bp::Gradients grads;
    for (const auto& layer : start.net.layers) grads.dW.push_back(layer.W), grads.db.push_back(layer.b);
    nn::Network net = start.net;
    bp::Gradients fewer_dW = grads;
    fewer_dW.dW.pop_back();
    EXPECT_THROW(bp::sgd_step(net, fewer_dW, 0.1), course::ShapeError) << "2 dW for a network of 3 layers";
    bp::Gradients fewer_db = grads;
    fewer_db.db.pop_back();
    EXPECT_THROW(bp::sgd_step(net, fewer_db, 0.1), course::ShapeError) << "3 dW but 2 db for a network of 3 layers";
}

TEST(Ex0804SgdStep, RepeatedStepsOnOneBatchKeepLoweringItsLoss) {
    SCOPED_TRACE("this test also runs your 8.1-8.3, through the given training_step");
    // Each step must report the loss of the batch under the parameters it starts from.
    Problem p = small_problem(14);
    bp::Workspace ws = bp::make_workspace(p.net, p.X.rows());
    ws.X_batch = p.X;
    ws.Y_batch = p.Y;
    double previous = 0.0;
    for (int step = 1; step <= 3; ++step) {
        const double expected = reference_loss(p.net, p.X, p.Y);
        const double loss = bp::training_step(p.net, ws, 0.05);
        EXPECT_NEAR(loss, expected, 1e-12) << "step " << step << " reports the batch's loss before its update";
        if (step > 1) {
            EXPECT_LT(loss, previous) << "step " << step << ": the same batch, a lower loss";
        }
        EXPECT_EQ(ws.X_batch, p.X) << "the batch is still in X_batch after step " << step;
        previous = loss;
    }
}

namespace {
// Eight examples of 5 inputs and 2 targets for a network 5 → 16 → 8 → 2: 250 parameters for 16 numbers
// to fit, so gradient descent can drive the loss to about 0.
Problem memorisable_batch() { return small_problem(51, {5, 16, 8, 2}, 8); }
}  // namespace

TEST(Ex0804OverfitOneBatch, MemorisesEightExamples) {
    SCOPED_TRACE("this test also runs your 8.1-8.3 and sgd_step, through the given training_step");
    Problem p = memorisable_batch();
    const double initial = reference_loss(p.net, p.X, p.Y);
    const bp::OverfitResult result = bp::overfit_one_batch(p.net, p.X, p.Y, {.lr = 0.3, .max_steps = 3000, .target = 1e-4});
    ASSERT_FALSE(result.losses.empty()) << "one loss per step";
    EXPECT_TRUE(course::teach::near(result.losses.front(), initial, 1e-12, "the loss the first step reports (before its update)"));
    EXPECT_TRUE(result.reached) << "after " << result.losses.size() << " steps the batch's loss is still "
                                << result.losses.back() << " > 1e-4: 250 parameters can fit 16 numbers";
    EXPECT_LE(result.losses.back(), 1e-4) << "the last step is the one that reported a loss ≤ target";
    for (std::size_t k = 0; k + 1 < result.losses.size(); ++k)
        ASSERT_GT(result.losses[k], 1e-4) << "step " << k + 1 << " reported " << result.losses[k]
                                          << " ≤ target and training went on: stop after that step";
    EXPECT_LT(reference_loss(p.net, p.X, p.Y), result.losses.back()) << "the network is trained in place";
}

TEST(Ex0804OverfitOneBatch, RunsMaxStepsWhenTheTargetIsOutOfReach) {
    SCOPED_TRACE("this test also runs your 8.1-8.3 and sgd_step, through the given training_step");
    Problem p = memorisable_batch();
    const bp::OverfitResult result = bp::overfit_one_batch(p.net, p.X, p.Y, {.lr = 0.1, .max_steps = 7, .target = 0.0});
    EXPECT_EQ(result.losses.size(), 7u) << "max_steps = 7 steps, one loss each (steps 1 … 7)";
    EXPECT_FALSE(result.reached) << "a loss of exactly 0 was never reported";
    for (std::size_t k = 1; k < result.losses.size(); ++k)
        EXPECT_LT(result.losses[k], result.losses[k - 1]) << "step " << k + 1 << ": the same batch, a lower loss";
}

TEST(Ex0804OverfitOneBatch, StopsAtTheFirstLossAtOrBelowTheTarget) {
    SCOPED_TRACE("this test also runs your 8.1-8.3 and sgd_step, through the given training_step");
    const Problem p = memorisable_batch();
    nn::Network first = p.net;
    const auto run = bp::overfit_one_batch(first, p.X, p.Y, {.lr = 0.1, .max_steps = 5, .target = -1.0});
    ASSERT_EQ(run.losses.size(), 5u) << "a negative target is never reached: 5 steps";
    // The same run with the third step's loss as the target: it is reached exactly, at step 3.
    nn::Network second = p.net;
    const auto stopped = bp::overfit_one_batch(second, p.X, p.Y, {.lr = 0.1, .max_steps = 5, .target = run.losses[2]});
    EXPECT_EQ(stopped.losses.size(), 3u) << "step 3 reported a loss equal to the target: ≤ target counts as reached";
    EXPECT_TRUE(stopped.reached) << "a loss equal to the target reaches it";
}

TEST(Ex0804OverfitOneBatch, ALossThatIsNoLongerFiniteEndsTheRun) {
    SCOPED_TRACE("this test also runs your 8.1-8.3 and sgd_step, through the given training_step");
    Problem p = memorisable_batch();
    const auto result = bp::overfit_one_batch(p.net, p.X, p.Y, {.lr = 1e6, .max_steps = 500, .target = 1e-4});
    ASSERT_FALSE(result.losses.empty());
    EXPECT_LT(result.losses.size(), 500u) << "lr = 1e6 overflows within a few dozen steps: stop at the first loss "
                                             "that is NaN or ±∞ (std::isfinite) instead of running on";
    EXPECT_FALSE(std::isfinite(result.losses.back())) << "the last loss is the one that was not finite";
    EXPECT_FALSE(result.reached);
}

// ---- 8.5 -------------------------------------------------------------------------------------------------

namespace {
// Row i of X is [i], row i of Y is [10·i]: a batch's rows tell which examples it holds.
struct Indexed {
    Matrix X, Y;
};
Indexed indexed_data(std::size_t n) {
    Indexed d{Matrix(n, 1), Matrix(n, 1)};
    for (std::size_t i = 0; i < n; ++i) d.X(i, 0) = static_cast<double>(i), d.Y(i, 0) = 10.0 * static_cast<double>(i);
    return d;
}
std::vector<std::size_t> batch_indices(const Matrix& X_batch) {
    std::vector<std::size_t> indices;
    for (std::size_t r = 0; r < X_batch.rows(); ++r) indices.push_back(static_cast<std::size_t>(X_batch(r, 0)));
    return indices;
}
}  // namespace

TEST(Ex0805NextBatch, EveryExampleOncePerEpochWithAShortLastBatch) {
    const Indexed d = indexed_data(10);
    auto sampler = bp::make_sampler(10, 4, 7);
    Matrix Xb(4, 1), Yb(4, 1);
    course::teach::poison(Xb), course::teach::poison(Yb);
    for (int epoch = 0; epoch < 3; ++epoch) {
        std::multiset<std::size_t> seen;
        for (const std::size_t expected_rows : {4u, 4u, 2u}) {
            const std::size_t rows = bp::next_batch(sampler, d.X, d.Y, Xb, Yb);
            ASSERT_EQ(rows, expected_rows) << "10 examples in batches of 4: 4, 4, then the 2 left (epoch " << epoch << ")";
            ASSERT_EQ(Xb.rows(), expected_rows) << "X_batch must be resized to the batch's rows";
            ASSERT_EQ(Yb.rows(), expected_rows) << "Y_batch must be resized to the batch's rows";
            for (std::size_t r = 0; r < rows; ++r) {
                EXPECT_EQ(Yb(r, 0), 10.0 * Xb(r, 0)) << "row " << r << " of Y_batch must belong to row " << r << " of X_batch";
                seen.insert(static_cast<std::size_t>(Xb(r, 0)));
            }
        }
        const std::multiset<std::size_t> all{0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        EXPECT_EQ(seen, all) << "epoch " << epoch << " must contain every example exactly once";
        EXPECT_EQ(sampler.epoch, static_cast<std::size_t>(epoch + 1)) << "sampler.epoch counts completed epochs";
        EXPECT_EQ(sampler.position, 0u) << "after an epoch the next batch starts a new one";
    }
}

TEST(Ex0805NextBatch, ShufflesEachEpochDifferently) {
    const Indexed d = indexed_data(40);
    auto sampler = bp::make_sampler(40, 40, 3);
    Matrix Xb, Yb;
    bp::next_batch(sampler, d.X, d.Y, Xb, Yb);
    const auto first = batch_indices(Xb);
    bp::next_batch(sampler, d.X, d.Y, Xb, Yb);
    const auto second = batch_indices(Xb);
    std::vector<std::size_t> identity(40);
    for (std::size_t i = 0; i < 40; ++i) identity[i] = i;
    EXPECT_NE(first, identity) << "the first epoch must be shuffled too, not taken in order 0, 1, 2, …";
    EXPECT_NE(first, second) << "each epoch needs a fresh order: shuffle whenever position is 0";
}

TEST(Ex0805NextBatch, TheSameSeedGivesTheSameBatches) {
    const Indexed d = indexed_data(25);
    auto a = bp::make_sampler(25, 8, 99), b = bp::make_sampler(25, 8, 99), c = bp::make_sampler(25, 8, 100);
    Matrix Xa, Ya, Xb, Yb, Xc, Yc;
    bool all_equal_to_c = true;
    for (int step = 0; step < 10; ++step) {
        bp::next_batch(a, d.X, d.Y, Xa, Ya);
        bp::next_batch(b, d.X, d.Y, Xb, Yb);
        bp::next_batch(c, d.X, d.Y, Xc, Yc);
        EXPECT_EQ(batch_indices(Xa), batch_indices(Xb)) << "batch " << step << " with the same seed (99)";
        all_equal_to_c = all_equal_to_c && batch_indices(Xa) == batch_indices(Xc);
    }
    EXPECT_FALSE(all_equal_to_c) << "seeds 99 and 100 gave the same ten batches: use sampler.rng to shuffle";
}

TEST(Ex0805NextBatch, RejectsDataOfAnotherSize) {
    const Indexed d = indexed_data(10), fewer = indexed_data(9);
    Matrix Xb, Yb;
    auto sampler = bp::make_sampler(10, 4, 1);
    EXPECT_THROW(bp::next_batch(sampler, fewer.X, d.Y, Xb, Yb), course::ShapeError)
        << "a sampler over 10 examples, X with 9 rows";
    EXPECT_THROW(bp::next_batch(sampler, d.X, fewer.Y, Xb, Yb), course::ShapeError)
        << "a sampler over 10 examples, Y with 9 rows";
}

// ---- 8.6 -------------------------------------------------------------------------------------------------

namespace {
// A regression problem a small network can learn: targets from a random "teacher" network.
struct Learnable {
    bp::Dataset train, validation;
};
Learnable teacher_problem(std::uint64_t seed) {
    course::Rng rng(seed);
    const nn::Network teacher = nn::make_network({6, 5, 2}, rng);
    const Matrix X_train = random_matrix(200, 6, rng), X_val = random_matrix(50, 6, rng);
    return {{X_train, nn::forward(teacher, X_train)}, {X_val, nn::forward(teacher, X_val)}};
}
nn::Network student_network(std::uint64_t seed) {
    course::Rng rng(seed);
    return nn::make_network({6, 8, 4, 2}, rng);
}
}  // namespace

TEST(Ex0806Train, TheValidationLossFallsAndTheHistoryIsComplete) {
    SCOPED_TRACE("this test also runs your 8.1-8.5, through next_batch and the given training_step");
    const Learnable data = teacher_problem(1);
    nn::Network net = student_network(2);
    const double initial = reference_loss(net, data.validation.X, data.validation.Y);
    const auto history = bp::train(net, data.train, data.validation,
                                   {.lr = 0.2, .batch_size = 16, .iterations = 330, .eval_every = 50, .seed = 3});
    ASSERT_EQ(history.train_loss.size(), 330u) << "one training loss per step";
    const std::vector<std::size_t> expected_steps{0, 50, 100, 150, 200, 250, 300, 330};
    EXPECT_EQ(history.val_iterations, expected_steps) << "before training, every 50 steps, and after the last (330)";
    ASSERT_EQ(history.val_loss.size(), expected_steps.size()) << "one validation loss per entry of val_iterations";
    EXPECT_TRUE(course::teach::near(history.val_loss.front(), initial, 1e-12, "validation loss at step 0"));
    EXPECT_TRUE(course::teach::near(history.val_loss.back(), reference_loss(net, data.validation.X, data.validation.Y),
                                    1e-12, "the last validation loss is the trained network's"));
    EXPECT_LT(history.val_loss.back(), 0.5 * initial)
        << "330 steps of lr 0.2 should at least halve the validation loss; it went from " << initial << " to "
        << history.val_loss.back();
}

namespace {
// Whether `text` contains `number` as a whole number (not as part of a longer one: 26 is not in 126).
bool contains_number(const std::string& text, std::size_t number) {
    const std::string digits = std::to_string(number);
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    for (std::size_t at = text.find(digits); at != std::string::npos; at = text.find(digits, at + 1)) {
        const bool starts = at == 0 || !is_digit(text[at - 1]);
        const bool ends = at + digits.size() == text.size() || !is_digit(text[at + digits.size()]);
        if (starts && ends) return true;
    }
    return false;
}
}  // namespace

TEST(Ex0806Train, DivergenceStopsWithTheStepAndAdvice) {
    SCOPED_TRACE("this test also runs your 8.1-8.5, through next_batch and the given training_step");
    // With lr = 1e6 the loss grows by orders of magnitude each step: finite for a couple of dozen steps,
    // then +∞ (a check with std::isnan alone lets that through), then NaN. on_step sees every step that
    // passed the check, so the step the message must name is the one after the last on_step call.
    const Learnable data = teacher_problem(4);
    nn::Network net = student_network(5);
    std::vector<double> seen;
    try {
        bp::train(net, data.train, data.validation, {.lr = 1e6, .batch_size = 16, .iterations = 200},
                  [&](std::size_t, double loss) { seen.push_back(loss); });
        FAIL() << "lr = 1e6 overflows the weights within a few steps; train must throw course::RuntimeFailure";
    } catch (const course::RuntimeFailure& failure) {
        const std::string message = failure.what();
        for (std::size_t k = 0; k < seen.size(); ++k)
            ASSERT_TRUE(std::isfinite(seen[k])) << "step " << k + 1 << " had the loss " << seen[k]
                                                << " and training went on: stop on NaN and on ±∞ (std::isfinite)";
        const std::size_t failing_step = seen.size() + 1;
        EXPECT_NE(message.find("step"), std::string::npos) << "the message must say at which step: " << message;
        EXPECT_TRUE(contains_number(message, failing_step))
            << "the loss first stopped being finite at step " << failing_step
            << " (steps count from 1); the message must name it: " << message;
        EXPECT_NE(message.find("learning rate"), std::string::npos)
            << "the message must suggest a smaller learning rate: " << message;
    }
}

TEST(Ex0806Train, SameSeedSameRunAndOnStepSeesEveryStep) {
    SCOPED_TRACE("this test also runs your 8.1-8.5, through next_batch and the given training_step");
    const Learnable data = teacher_problem(6);
    nn::Network a = student_network(7), b = student_network(7);
    const bp::TrainOptions options{.lr = 0.1, .batch_size = 10, .iterations = 40, .eval_every = 10, .seed = 8};
    std::vector<std::size_t> steps;
    std::vector<double> losses;
    const auto first = bp::train(a, data.train, data.validation, options, [&](std::size_t step, double loss) {
        steps.push_back(step);
        losses.push_back(loss);
    });
    const auto second = bp::train(b, data.train, data.validation, options);
    EXPECT_EQ(first.train_loss, second.train_loss) << "the same seed must give the same batches and losses";
    EXPECT_EQ(a.layers[0].W, b.layers[0].W) << "and the same trained weights";
    ASSERT_EQ(steps.size(), 40u) << "on_step is called once per step";
    EXPECT_EQ(steps.front(), 1u) << "steps count from 1";
    EXPECT_EQ(steps.back(), 40u);
    EXPECT_EQ(losses, first.train_loss) << "on_step receives each step's loss";
}

TEST(Ex0806Train, ALastStepThatIsAlsoACheckIsRecordedOnce) {
    SCOPED_TRACE("this test also runs your 8.1-8.5, through next_batch and the given training_step");
    const Learnable data = teacher_problem(9);
    nn::Network net = student_network(10);
    const auto history = bp::train(net, data.train, data.validation,
                                   {.lr = 0.1, .batch_size = 16, .iterations = 100, .eval_every = 25, .seed = 11});
    const std::vector<std::size_t> expected_steps{0, 25, 50, 75, 100};
    EXPECT_EQ(history.val_iterations, expected_steps)
        << "step 100 is both the last step and a multiple of eval_every: one check, not two";
    EXPECT_EQ(history.val_loss.size(), expected_steps.size()) << "one validation loss per check";
}

TEST(Ex0806Train, RejectsEvalEveryZero) {
    const Learnable data = teacher_problem(12);
    nn::Network net = student_network(13);
    EXPECT_THROW(bp::train(net, data.train, data.validation, {.iterations = 10, .eval_every = 0}), std::invalid_argument)
        << "eval_every = 0 would check after no step at all (and step % 0 is undefined)";
}

// ---- 8.7 -------------------------------------------------------------------------------------------------

namespace {
// A backward pass that is right: the autodiff library's gradients (independent of your 8.1-8.3).
bp::Gradients true_gradients(const nn::Network& net, const Matrix& X, const Matrix& Y) {
    bp::Gradients grads;
    for (auto& [dW, db] : autodiff_gradients(net, X, Y)) grads.dW.push_back(dW), grads.db.push_back(db);
    return grads;
}

// The right gradients with one bug planted in them by `plant`.
bp::GradientFunction with_bug(const std::function<void(bp::Gradients&)>& plant) {
    return [plant](const nn::Network& net, const Matrix& X, const Matrix& Y) {
        bp::Gradients grads = true_gradients(net, X, Y);
        plant(grads);
        return grads;
    };
}

// A realistic bug: a backward pass that forgets tanh′, handing δ·Wᵀ down as it is. Only the output
// layer's gradients stay right.
bp::Gradients gradients_without_tanh_slope(const nn::Network& net, const Matrix& X, const Matrix& Y) {
    nn::ForwardCache cache;
    Matrix delta = (nn::forward(net, X, &cache) - Y) / static_cast<double>(X.rows());
    bp::Gradients grads;
    grads.dW.resize(net.layers.size());
    grads.db.resize(net.layers.size());
    for (std::size_t l = net.layers.size(); l-- > 0;) {
        grads.dW[l] = course::matmul(course::transpose(cache.h[l]), delta);
        grads.db[l] = course::sum_rows(delta);
        delta = course::matmul(delta, course::transpose(net.layers[l].W));  // (… ⊙ (1 − h²) forgotten)
    }
    return grads;
}

// "layers[0]: W 3.1e-10, b 2e-11; layers[1]: …", for messages.
std::string show_checks(const std::vector<bp::LayerGradCheck>& checks) {
    std::string text;
    for (std::size_t l = 0; l < checks.size(); ++l)
        text += (l ? "; layers[" : "layers[") + std::to_string(l) + "]: W " + course::teach::show(checks[l].weights) +
                ", b " + course::teach::show(checks[l].bias);
    return text;
}

constexpr double kBugFound = 1e-2;  // a planted bug's relative error is of order 1
}  // namespace

TEST(Ex0807GradientCheck, AcceptsTheRightGradientsOfEveryLayer) {
    const Problem p = small_problem(41);
    const auto checks = bp::gradient_check(p.net, p.X, p.Y, true_gradients);
    ASSERT_EQ(checks.size(), p.net.layers.size()) << "one LayerGradCheck per layer";
    SCOPED_TRACE("these gradients are right (the autodiff library's), so a large error comes from the check: "
                 "(ℒ(θ + h) − ℒ(θ − h))/2h, not the one-sided (ℒ(θ + h) − ℒ(θ))/h, whose error O(h) ≈ 1e-5 is "
                 "far above the central difference's O(h²); each entry restored after it is moved? " +
                 show_checks(checks));
    for (std::size_t l = 0; l < checks.size(); ++l) {
        EXPECT_LE(checks[l].weights, kGradTolerance) << "dW of " << layer_name(p.net, l);
        EXPECT_LE(checks[l].bias, kGradTolerance) << "db of " << layer_name(p.net, l);
    }
}

TEST(Ex0807GradientCheck, FindsAPlantedBugInTheLayerWhereItIs) {
    const Problem p = small_problem(42);
    struct Bug {
        std::string what;
        std::size_t layer;
        bool in_bias;
        std::function<void(bp::Gradients&)> plant;
    };
    const std::vector<Bug> bugs = {
        {"dW of layers[0] doubled (W¹: the first layer is checked too)", 0, false, [](bp::Gradients& g) { g.dW[0] *= 2.0; }},
        {"db of layers[0] halved", 0, true, [](bp::Gradients& g) { g.db[0] *= 0.5; }},
        {"dW of layers[1] all 0, as if the layer were skipped", 1, false, [](bp::Gradients& g) { g.dW[1].fill(0.0); }},
        {"db of layers[2] with the wrong sign (b³: the last layer is checked too)", 2, true,
         [](bp::Gradients& g) { g.db[2] *= -1.0; }},
    };
    for (const Bug& bug : bugs) {
        const auto checks = bp::gradient_check(p.net, p.X, p.Y, with_bug(bug.plant));
        ASSERT_EQ(checks.size(), p.net.layers.size()) << "one LayerGradCheck per layer";
        SCOPED_TRACE("planted bug: " + bug.what + "; your check reports " + show_checks(checks));
        for (std::size_t l = 0; l < checks.size(); ++l) {
            for (const bool bias : {false, true}) {
                const double error = bias ? checks[l].bias : checks[l].weights;
                const std::string where = std::string(bias ? "db" : "dW") + " of " + layer_name(p.net, l);
                if (l == bug.layer && bias == bug.in_bias) {
                    EXPECT_GT(error, kBugFound) << where << " has the bug: its relative error must be of order 1";
                } else {
                    EXPECT_LE(error, kGradTolerance) << where << " is right: is each result stored in its own layer "
                                                        "and field (weights for W, bias for b)?";
                }
            }
        }
    }
}

TEST(Ex0807GradientCheck, ShowsWhereABackwardPassWithoutTanhSlopeGoesWrong) {
    // The classic bug of 8.3, in a backward pass written here: only the output layer stays right, so the
    // first wrong layer from the top is the one below the output: that is where to look.
    const Problem p = small_problem(46);
    const auto checks = bp::gradient_check(p.net, p.X, p.Y, gradients_without_tanh_slope);
    ASSERT_EQ(checks.size(), 3u) << "one LayerGradCheck per layer";
    SCOPED_TRACE("a backward pass that forgets tanh′; your check reports " + show_checks(checks));
    EXPECT_LE(checks[2].weights, kGradTolerance) << "the output layer's dW does not involve tanh′: it is right";
    EXPECT_LE(checks[2].bias, kGradTolerance) << "the output layer's db is right";
    for (std::size_t l = 0; l < 2; ++l) {
        EXPECT_GT(checks[l].weights, kBugFound) << "dW of " << layer_name(p.net, l) << " misses tanh′";
        EXPECT_GT(checks[l].bias, kBugFound) << "db of " << layer_name(p.net, l) << " misses tanh′";
    }
}

TEST(Ex0807GradientCheck, ChecksEveryEntryOfASmallMatrix) {
    // db of layers[1] has 3 entries; with samples = 3 each of them must be checked, none left to chance.
    const Problem p = small_problem(43);
    for (std::size_t entry = 0; entry < 3; ++entry) {
        const auto checks = bp::gradient_check(p.net, p.X, p.Y,
                                               with_bug([entry](bp::Gradients& g) { g.db[1].data()[entry] += 1.0; }),
                                               {.samples = 3});
        ASSERT_EQ(checks.size(), 3u) << "one LayerGradCheck per layer";
        EXPECT_GT(checks[1].bias, kBugFound)
            << "a bug in entry " << entry << " of db of layers[1] (3 entries, samples = 3) went unseen: a matrix "
            << "with at most `samples` entries is checked entry by entry, not by random draws. " << show_checks(checks);
    }
}

TEST(Ex0807GradientCheck, SamplesOtherEntriesWithAnotherSeed) {
    // W¹ here has 20 entries; samples = 5 checks 5 of them, drawn with options.seed. A bug in one entry
    // is then found by some seeds and missed by others.
    const Problem p = small_problem(44);
    const auto one_wrong_entry = with_bug([](bp::Gradients& g) { g.dW[0].data()[7] += 1.0; });
    int found = 0;
    for (std::uint64_t seed = 1; seed <= 40; ++seed) {
        const auto checks = bp::gradient_check(p.net, p.X, p.Y, one_wrong_entry, {.samples = 5, .seed = seed});
        ASSERT_EQ(checks.size(), 3u) << "one LayerGradCheck per layer";
        if (checks[0].weights > kGradTolerance) ++found;
        EXPECT_LE(checks[1].weights, kGradTolerance) << "seed " << seed << ": layers[1] is right. " << show_checks(checks);
    }
    EXPECT_GT(found, 0) << "a bug in entry 7 of W¹'s 20 was found by none of 40 seeds: are W¹'s entries checked?";
    EXPECT_LT(found, 40) << "all 40 seeds found the bug in entry 7 of W¹'s 20 with samples = 5: check `samples` "
                            "entries drawn at random with an Rng seeded by options.seed, not every entry";
    const auto a = bp::gradient_check(p.net, p.X, p.Y, one_wrong_entry, {.samples = 5, .seed = 3});
    const auto b = bp::gradient_check(p.net, p.X, p.Y, one_wrong_entry, {.samples = 5, .seed = 3});
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t l = 0; l < a.size(); ++l)
        EXPECT_EQ(a[l].weights, b[l].weights) << "the same seed must check the same entries (layers[" << l << "])";
}

TEST(Ex0807GradientCheck, UsesTheCentralDifferenceWithStepH) {
    // With h = 0.3 the central difference's own error, about (h²/6)·ℒ''', is visible; with 1e-5 it is not.
    const Problem p = small_problem(45);
    const auto fine = bp::gradient_check(p.net, p.X, p.Y, true_gradients, {.h = 1e-5, .samples = 50});
    const auto coarse = bp::gradient_check(p.net, p.X, p.Y, true_gradients, {.h = 0.3, .samples = 50});
    ASSERT_EQ(fine.size(), 3u);
    ASSERT_EQ(coarse.size(), 3u);
    double worst_fine = 0, worst_coarse = 0;
    for (std::size_t l = 0; l < 3; ++l) {
        worst_fine = std::max({worst_fine, fine[l].weights, fine[l].bias});
        worst_coarse = std::max({worst_coarse, coarse[l].weights, coarse[l].bias});
    }
    EXPECT_LE(worst_fine, kGradTolerance) << "h = 1e-5: " << show_checks(fine);
    EXPECT_GT(worst_coarse, 1e-4) << "h = 0.3 must show the difference quotient's truncation error; does the "
                                     "check use options.h? " << show_checks(coarse);
}

TEST(Ex0807GradientCheck, RejectsBadOptionsAndGradientsOfAnotherShape) {
    const Problem p = small_problem(47);
    EXPECT_THROW(bp::gradient_check(p.net, p.X, p.Y, true_gradients, {.h = 0.0}), std::invalid_argument) << "h = 0";
    EXPECT_THROW(bp::gradient_check(p.net, p.X, p.Y, true_gradients, {.h = -1e-5}), std::invalid_argument) << "h < 0";
    EXPECT_THROW(bp::gradient_check(p.net, p.X, p.Y, true_gradients, {.h = std::nan("")}), std::invalid_argument)
        << "h = NaN (write the test as !(h > 0), which NaN fails too)";
    EXPECT_THROW(bp::gradient_check(p.net, p.X, p.Y, true_gradients, {.samples = 0}), std::invalid_argument)
        << "samples = 0 would check nothing";
    const std::vector<std::pair<std::string, std::function<void(bp::Gradients&)>>> wrong_shapes = {
        {"a dW and a db missing", [](bp::Gradients& g) { g.dW.pop_back(), g.db.pop_back(); }},
        {"a db missing", [](bp::Gradients& g) { g.db.pop_back(); }},
        {"dW of layers[1] transposed (3×4 for W 4×3)", [](bp::Gradients& g) { g.dW[1] = course::transpose(g.dW[1]); }},
        {"db of layers[2] as a column (2×1 for b 1×2)", [](bp::Gradients& g) { g.db[2] = course::transpose(g.db[2]); }},
        {"db of layers[0] as a column (4×1 for b 1×4: the first layer's shapes are checked too)",
         [](bp::Gradients& g) { g.db[0] = course::transpose(g.db[0]); }},
    };
    for (const auto& [what, plant] : wrong_shapes)
        EXPECT_THROW(bp::gradient_check(p.net, p.X, p.Y, with_bug(plant)), course::ShapeError)
            << what << ": a gradient that cannot be compared must be a ShapeError, not a read past the end";
}

TEST(Ex0807GradientCheck, YourBackwardPassPassesYourCheckOnTheFaceNetwork) {
    SCOPED_TRACE("this test also runs your 8.1 and 8.3: it is the check of your own backward pass");
    course::Rng rng(48);
    const nn::Network net = nn::make_network(nn::kFaceNetworkSizes, rng);
    const Matrix X = random_matrix(8, 1024, rng), Y = random_matrix(8, 2, rng);
    const auto yours = [](const nn::Network& network, const Matrix& inputs, const Matrix& targets) {
        nn::ForwardCache cache;
        const Matrix predictions = nn::forward(network, inputs, &cache);
        Matrix dY;
        bp::mse_loss(predictions, targets, dY);
        bp::Gradients grads;
        bp::backward(network, cache, dY, grads);
        return grads;
    };
    const auto checks = bp::gradient_check(net, X, Y, yours, {.samples = 10, .seed = 5});
    ASSERT_EQ(checks.size(), 4u) << "one LayerGradCheck per layer";
    for (std::size_t l = 0; l < 4; ++l) {
        EXPECT_LE(checks[l].weights, kGradTolerance) << "dW of " << layer_name(net, l) << ": " << show_checks(checks);
        EXPECT_LE(checks[l].bias, kGradTolerance) << "db of " << layer_name(net, l) << ": " << show_checks(checks);
    }
}

// ---- given code (passes without any exercise) ---------------------------------------------------------

TEST(Chapter08Given, ForwardIntoMatchesChapter06AndReusesTheCache) {
    const Problem p = small_problem(31);
    nn::ForwardCache expected;
    const Matrix want = nn::forward(p.net, p.X, &expected);
    nn::ForwardCache cache;
    for (int round = 0; round < 2; ++round) {
        const Matrix& got = bp::forward_into(p.net, p.X, cache);
        EXPECT_LT(course::max_abs_diff(got, want), 1e-12) << "round " << round;
        ASSERT_EQ(cache.z.size(), expected.z.size());
        ASSERT_EQ(cache.h.size(), expected.h.size());
        for (std::size_t l = 0; l < cache.z.size(); ++l) EXPECT_LT(course::max_abs_diff(cache.z[l], expected.z[l]), 1e-12);
        for (std::size_t l = 0; l < cache.h.size(); ++l) EXPECT_LT(course::max_abs_diff(cache.h[l], expected.h[l]), 1e-12);
    }
}

TEST(Chapter08Given, ForwardIntoOnTheCachesOwnInputDoesNotCopy) {
    const Problem p = small_problem(33);
    const Matrix want = nn::forward(p.net, p.X);
    nn::ForwardCache cache;
    bp::forward_into(p.net, p.X, cache);
    const double* storage = cache.h[0].data();
    const Matrix& got = bp::forward_into(p.net, cache.h[0], cache);
    EXPECT_LT(course::max_abs_diff(got, want), 1e-12);
    EXPECT_EQ(cache.h[0].data(), storage) << "h[0] is used where it is";
    EXPECT_EQ(cache.h[0], p.X);
}

TEST(Chapter08Given, TrainingStepGivesTheBatchBackWhenAStepThrows) {
    // training_step lends X_batch to the forward cache for the step (a swap, not a copy); an exception
    // on the way (here targets of the wrong shape; on the stubs, "not implemented") must not keep it.
    const Problem p = small_problem(34);
    nn::Network net = p.net;
    bp::Workspace ws;  // not from make_workspace: an empty cache must work too
    ws.X_batch = p.X;
    ws.Y_batch = Matrix(p.X.rows() + 1, 2);
    EXPECT_ANY_THROW(bp::training_step(net, ws, 0.1));
    EXPECT_EQ(ws.X_batch, p.X) << "X_batch still holds the batch after the exception";
}

TEST(Chapter08Given, WorkspaceShapesAndDatasetLoss) {
    course::Rng rng(1);
    const nn::Network net = nn::make_network(nn::kFaceNetworkSizes, rng);
    const bp::Workspace ws = bp::make_workspace(net, 32);
    ASSERT_EQ(ws.grads.dW.size(), 4u);
    for (std::size_t l = 0; l < 4; ++l) {
        EXPECT_EQ(ws.grads.dW[l].shape(), net.layers[l].W.shape()) << "dW[" << l << "]";
        EXPECT_EQ(ws.grads.db[l].shape(), net.layers[l].b.shape()) << "db[" << l << "]";
    }
    EXPECT_EQ(ws.X_batch.shape(), "(32×1024)");
    const Problem p = small_problem(32);
    nn::ForwardCache cache;
    EXPECT_NEAR(bp::dataset_loss(p.net, {p.X, p.Y}, cache), reference_loss(p.net, p.X, p.Y), 1e-12);
    EXPECT_THROW(bp::make_sampler(0, 32, 1), std::invalid_argument);
}

TEST(Chapter08Given, BatchRegimesCountStepsAndExamplesAsTheSamplerCutsAnEpoch) {
    // 10 examples in batches of 3: an epoch is 3 + 3 + 3 + 1, so 4 steps, and the count of examples
    // seen jumps by 1 at every 4th step.
    EXPECT_EQ(bp::steps_per_epoch(10, 3), 4u);
    const std::vector<std::size_t> want{0, 3, 6, 9, 10, 13, 16, 19, 20};
    for (std::size_t step = 0; step < want.size(); ++step)
        EXPECT_EQ(bp::examples_after(step, 10, 3), want[step]) << "after step " << step << " of batches of 3 from 10";
    EXPECT_EQ(bp::steps_per_epoch(10, 0), 1u) << "batch 0 stands for the whole set";
    EXPECT_EQ(bp::examples_after(2, 10, 0), 20u);
    EXPECT_EQ(bp::examples_after(7, 10, 1), 7u);
    EXPECT_EQ(bp::steps_per_epoch(5, 32), 1u) << "a batch larger than the set is the set";
    EXPECT_EQ(bp::examples_after(3, 5, 32), 15u);
    EXPECT_THROW(bp::steps_per_epoch(0, 32), std::invalid_argument);
}

TEST(Chapter08Given, BatchRegimesCheckOnALogGridAndAcrossEachEpoch) {
    // 10 steps, 4 a epoch, 2 checks an epoch: 1, 2, 4, 8 for the log axis, every 2nd step, and the last.
    EXPECT_EQ(bp::regime_check_steps(10, 4, 2), (std::vector<std::size_t>{1, 2, 4, 6, 8, 10}));
    EXPECT_EQ(bp::regime_check_steps(10, 4, 0), (std::vector<std::size_t>{10}));
    EXPECT_EQ(bp::regime_check_steps(3, 1, 6), (std::vector<std::size_t>{1, 2, 3})) << "full batch: every step";
    EXPECT_TRUE(bp::regime_check_steps(0, 1, 6).empty());
}
