// Tests that grade chapter 12. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter12…
// suites test the given code and pass on the stubs too.
//
// What the exercises are compared with, never with a copy of the solution:
//   1. the six-hump camel's published minima, and central differences of the test's own f;
//   2. the trace and determinant of a 2×2 matrix, hand-picked matrices and the tol boundary;
//   3. gradient descent's linear recursion iterated step by step;
//   4. central differences of the network's loss through the given deep_forward;
//   5. sample statistics of 40,000 draws against torch.nn.init's documented variances;
//   6. hand-computed clipping (total norm 5, the 1e-6 of torch), and the boundaries;
//   7-9. hand-computed values, each rule's boundary and the order of the rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/12_training_challenges/lecture.hpp"
#include "chapters/12_training_challenges/training_challenges.hpp"
#include "common/errors.hpp"
#include "common/gradcheck.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace tc = course::training_challenges;
using course::Matrix;
using course::teach::near;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The test's own camel, written from the published definition.
double camel_reference(double x, double y) {
    return (4.0 - 2.1 * x * x + x * x * x * x / 3.0) * x * x + x * y + (-4.0 + 4.0 * y * y) * y * y;
}

// A network with weights drawn by the test itself (not by init_layer), N(0, 0.8²) and biases N(0, 0.3²).
tc::DeepNet random_net(const std::vector<std::size_t>& sizes, tc::Activation activation, bool residual,
                       std::uint64_t seed) {
    course::Rng rng(seed);
    tc::DeepNet net{.activation = activation, .residual = residual};
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        tc::Dense layer{Matrix(sizes[l], sizes[l + 1]), Matrix(1, sizes[l + 1])};
        for (std::size_t i = 0; i < layer.W.size(); ++i) layer.W.data()[i] = rng.normal(0.0, 0.8);
        for (std::size_t i = 0; i < layer.b.size(); ++i) layer.b.data()[i] = rng.normal(0.0, 0.3);
        net.layers.push_back(std::move(layer));
    }
    return net;
}

Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    course::Rng rng(seed);
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.normal();
    return m;
}

// ℒ = Σ output ⊙ R, so that ∂ℒ/∂output = R: the gradient of every parameter, checked against central
// differences of ℒ through the given forward pass.
void expect_backward_matches_central_differences(const tc::DeepNet& net, const std::string& what) {
    const Matrix X = random_matrix(5, net.layers.front().W.rows(), 11);
    const Matrix R = random_matrix(5, net.layers.back().W.cols(), 12);
    tc::DeepCache cache;
    tc::deep_forward(net, X, &cache);
    const tc::Gradients grads = tc::deep_backward(net, cache, R);
    ASSERT_EQ(grads.dW.size(), net.layers.size()) << what << ": one dW per layer";
    ASSERT_EQ(grads.db.size(), net.layers.size()) << what << ": one db per layer";
    std::vector<double> error_dW, error_db;  // per layer, for the picture
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        for (const bool bias : {false, true}) {
            const Matrix& analytic = bias ? grads.db[l] : grads.dW[l];
            const Matrix& value = bias ? net.layers[l].b : net.layers[l].W;
            const std::string name = what + ": " + (bias ? "db[" : "dW[") + std::to_string(l) + "]";
            ASSERT_TRUE(analytic.same_shape(value)) << name << " is " << analytic.shape() << ", the parameter is "
                                                    << value.shape();
            auto loss = [&](const Matrix& p) {
                tc::DeepNet copy = net;
                (bias ? copy.layers[l].b : copy.layers[l].W) = p;
                return course::sum(tc::deep_forward(copy, X) * R);
            };
            const course::GradCheckReport report = course::compare_gradients(analytic, course::numerical_gradient(loss, value, 1e-6));
            EXPECT_LT(report.max_relative_error, 1e-5)
                << name << " against central differences (did you use h instead of z in σ', forget the skip's "
                << "identity term, or apply σ' to the linear last layer?)\n" << report.describe();
            (bias ? error_db : error_dW).push_back(report.max_relative_error);
        }
    }
    // Layer by layer, how far your gradients are from central differences: a slip in one layer's σ'
    // shows in that layer and in every layer below it, which the backward pass reaches through it.
    course::teach::on_failure_draw("deep_backward_layers", [&](course::plot::Figure& fig) {
        namespace plot = course::plot;
        auto& ax = fig.axes();
        const auto floored = [](std::vector<double> errors) {
            for (double& e : errors) e = std::isfinite(e) ? std::max(e, 1e-16) : 1.0;
            return errors;
        };
        ax.axhline(1e-5, {.color = plot::colors::dark_gray, .width = 1.2, .style = plot::LineStyle::dashed,
                          .label = "tolerance 1e-5"});
        ax.plot(plot::index_axis(error_dW.size()), floored(error_dW),
                {.color = plot::colors::orange, .width = 2.0, .label = "your dW[l]", .marker = plot::Marker::x, .marker_size = 10});
        ax.plot(plot::index_axis(error_db.size()), floored(error_db),
                {.color = plot::colors::purple, .width = 2.0, .style = plot::LineStyle::dashed, .label = "your db[l]",
                 .marker = plot::Marker::square, .marker_size = 8});
        std::vector<double> layers;
        std::vector<std::string> labels;
        for (std::size_t l = 0; l < net.layers.size(); ++l) layers.push_back(static_cast<double>(l)), labels.push_back(std::to_string(l));
        ax.xticks(layers, labels).yscale(plot::Scale::log).grid(true).legend();
        ax.xlabel("layer l (0 = the input layer)").ylabel("max relative error against central differences");
        ax.title("deep_backward, " + what + ": your gradients against central differences");
    });
}

// Mean and standard deviation of a matrix's entries.
std::pair<double, double> moments(const Matrix& m) {
    double total = 0.0, squares = 0.0;
    for (const double v : m.values()) total += v;
    const double mean = total / static_cast<double>(m.size());
    for (const double v : m.values()) squares += (v - mean) * (v - mean);
    return {mean, std::sqrt(squares / static_cast<double>(m.size()))};
}

tc::History history(std::vector<double> train, std::vector<double> val = {}, double chance = 0.0) {
    return {std::move(train), std::move(val), chance};
}

std::string diagnosis_name(tc::Diagnosis d) {
    switch (d) {
        case tc::Diagnosis::healthy: return "healthy";
        case tc::Diagnosis::lr_too_high: return "lr_too_high";
        case tc::Diagnosis::not_learning: return "not_learning";
        case tc::Diagnosis::overfitting: return "overfitting";
        case tc::Diagnosis::lr_too_low: return "lr_too_low";
    }
    return "?";
}

void expect_diagnosis(const tc::History& h, tc::Diagnosis want, const std::string& what,
                      const tc::DiagnosisRules& rules = {}) {
    const tc::Diagnosis got = tc::diagnose(h, rules);
    EXPECT_EQ(diagnosis_name(got), diagnosis_name(want)) << what;
}

}  // namespace

// ==== 12.1 The six-hump camel ================================================================================

TEST(Ex1201Camel, ValuesAtHandComputedPointsAndThePublishedMinima) {
    EXPECT_TRUE(near(tc::camel({0.0, 0.0}), 0.0, 1e-15, "camel(0, 0)"));
    // (4 − 2.1 + 1/3)·1 + 1·1 + (−4 + 4)·1 = 3.2333…
    EXPECT_TRUE(near(tc::camel({1.0, 1.0}), 4.0 - 2.1 + 1.0 / 3.0 + 1.0, 1e-12, "camel(1, 1)"));
    // (4 − 2.1 + 1/3)·1 − 0.5 + (−4 + 1)·0.25 = 0.98333…
    EXPECT_TRUE(near(tc::camel({-1.0, 0.5}), 4.0 - 2.1 + 1.0 / 3.0 - 0.5 - 0.75, 1e-12, "camel(−1, 0.5)"));
    for (const tc::Vec2 m : {tc::kCamelMinima[0], tc::kCamelMinima[1]})
        EXPECT_TRUE(near(tc::camel(m), -1.0316284535, 1e-9, "camel at a global minimum (±0.0898, ∓0.7127)"));
}

TEST(Ex1201Camel, GradientAgreesWithCentralDifferences) {
    course::Rng rng(3);
    for (int i = 0; i < 12; ++i) {
        const double x = rng.uniform(-2.0, 2.0), y = rng.uniform(-1.2, 1.2), h = 1e-6;
        const tc::Vec2 g = tc::camel_gradient({x, y});
        const double gx = (camel_reference(x + h, y) - camel_reference(x - h, y)) / (2 * h);
        const double gy = (camel_reference(x, y + h) - camel_reference(x, y - h)) / (2 * h);
        const std::string at = " at (" + course::teach::show(x) + ", " + course::teach::show(y) + ")";
        EXPECT_TRUE(near(g.x, gx, 1e-6 * (1.0 + std::abs(gx)), "∂f/∂x" + at + " against central differences (the xy term gives +y; x⁶/3 gives 2x⁵)"));
        EXPECT_TRUE(near(g.y, gy, 1e-6 * (1.0 + std::abs(gy)), "∂f/∂y" + at + " against central differences (the xy term gives +x)"));
    }
}

TEST(Ex1201Camel, GradientVanishesAtAllSixMinima) {
    for (std::size_t i = 0; i < tc::kCamelMinima.size(); ++i) {
        const tc::Vec2 g = tc::camel_gradient(tc::kCamelMinima[i]);
        EXPECT_LT(std::hypot(g.x, g.y), 1e-7) << "|∇f| at minimum " << i << " (" << tc::kCamelMinima[i].x << ", "
                                             << tc::kCamelMinima[i].y << ") should be ~0, got (" << g.x << ", " << g.y
                                             << ")";
    }
}

TEST(Ex1201Camel, HessianAgreesWithSecondDifferences) {
    course::Rng rng(4);
    for (int i = 0; i < 10; ++i) {
        const double x = rng.uniform(-2.0, 2.0), y = rng.uniform(-1.2, 1.2), h = 1e-4;
        const tc::Hessian2 H = tc::camel_hessian({x, y});
        const double f = camel_reference(x, y);
        const double fxx = (camel_reference(x + h, y) - 2 * f + camel_reference(x - h, y)) / (h * h);
        const double fyy = (camel_reference(x, y + h) - 2 * f + camel_reference(x, y - h)) / (h * h);
        const double fxy = (camel_reference(x + h, y + h) - camel_reference(x + h, y - h) - camel_reference(x - h, y + h) +
                            camel_reference(x - h, y - h)) / (4 * h * h);
        const std::string at = " at (" + course::teach::show(x) + ", " + course::teach::show(y) + ")";
        EXPECT_TRUE(near(H.xx, fxx, 1e-4 * (1.0 + std::abs(fxx)), "∂²f/∂x²" + at));
        EXPECT_TRUE(near(H.yy, fyy, 1e-4 * (1.0 + std::abs(fyy)), "∂²f/∂y²" + at));
        EXPECT_TRUE(near(H.xy, fxy, 1e-4 * (1.0 + std::abs(fxy)), "∂²f/∂x∂y" + at + " (the xy term makes it 1, not 0)"));
    }
}

// ==== 12.2 Eigenvalues and the second-derivative test =========================================================

TEST(Ex1202CriticalPoints, EigenvaluesOfHandPickedMatricesInOrder) {
    struct Case {
        tc::Hessian2 h;
        double lo, hi;
        const char* what;
    };
    for (const Case& c : {Case{{2, 0, -1}, -1, 2, "diag(2, −1): the smaller one first"},
                          Case{{4, 0, 1}, 1, 4, "diag(4, 1)"},
                          Case{{2, 1, 2}, 1, 3, "[[2, 1], [1, 2]]"},
                          Case{{0, 3, 0}, -3, 3, "[[0, 3], [3, 0]]: only the off-diagonal b² term"},
                          Case{{5, 2, 1}, 3 - 2 * std::sqrt(2.0), 3 + 2 * std::sqrt(2.0), "[[5, 2], [2, 1]]"}}) {
        const tc::Eigen2 e = tc::eigenvalues(c.h);
        EXPECT_TRUE(near(e.min, c.lo, 1e-12, std::string("λ_min of ") + c.what + " (the off-diagonal entry moves both eigenvalues)"));
        EXPECT_TRUE(near(e.max, c.hi, 1e-12, std::string("λ_max of ") + c.what));
    }
}

TEST(Ex1202CriticalPoints, EigenvaluesKeepTraceAndDeterminant) {
    course::Rng rng(5);
    for (int i = 0; i < 20; ++i) {
        const tc::Hessian2 h{rng.uniform(-5, 5), rng.uniform(-5, 5), rng.uniform(-5, 5)};
        const tc::Eigen2 e = tc::eigenvalues(h);
        EXPECT_LE(e.min, e.max) << "λ_min ≤ λ_max";
        EXPECT_TRUE(near(e.min + e.max, h.xx + h.yy, 1e-10, "λ_min + λ_max = trace"));
        EXPECT_TRUE(near(e.min * e.max, h.xx * h.yy - h.xy * h.xy, 1e-9, "λ_min·λ_max = det"));
    }
}

TEST(Ex1202CriticalPoints, ClassifiesBySignsOfTheEigenvalues) {
    using K = tc::CriticalPoint;
    auto name = [](K k) {
        return k == K::minimum ? "minimum" : k == K::maximum ? "maximum" : k == K::saddle ? "saddle" : "degenerate";
    };
    struct Case {
        tc::Hessian2 h;
        K want;
        const char* what;
    };
    for (const Case& c : {Case{{2, 0, 3}, K::minimum, "diag(2, 3)"},
                          Case{{-2, 0, -3}, K::maximum, "diag(−2, −3)"},
                          Case{{2, 0, -1}, K::saddle, "diag(2, −1)"},
                          Case{{-1, 0, 2}, K::saddle, "diag(−1, 2)"},
                          Case{{0.5, 0, -1}, K::saddle, "diag(0.5, −1): λ_max = 0.5 is positive, if small"},
                          Case{{1, 2, 1}, K::saddle, "[[1, 2], [2, 1]]: positive diagonal, eigenvalues −1 and 3"},
                          Case{{-1, 2, -1}, K::saddle, "[[−1, 2], [2, −1]]: eigenvalues −3 and 1"},
                          Case{{1, 0, 0}, K::degenerate, "diag(1, 0)"},
                          Case{{0, 0, -1}, K::degenerate, "diag(0, −1)"},
                          Case{{1, 1, 1}, K::degenerate, "[[1, 1], [1, 1]]: eigenvalues 0 and 2"}})
        EXPECT_STREQ(name(tc::classify_critical_point(c.h)), name(c.want)) << c.what;
}

TEST(Ex1202CriticalPoints, ToleranceBoundaryIsInclusiveOnBothSides) {
    using K = tc::CriticalPoint;
    EXPECT_EQ(tc::classify_critical_point({1.0, 0.0, 0.25}, 0.25), K::degenerate)
        << "diag(1, 0.25) with tol 0.25: |λ| ≤ tol is degenerate (did you write < ?)";
    EXPECT_EQ(tc::classify_critical_point({1.0, 0.0, 0.5}, 0.25), K::minimum) << "diag(1, 0.5) with tol 0.25";
    EXPECT_EQ(tc::classify_critical_point({1.0, 0.0, -0.25}, 0.25), K::degenerate)
        << "diag(1, −0.25) with tol 0.25: a negative eigenvalue is near zero too (|λ|)";
    EXPECT_EQ(tc::classify_critical_point({-0.25, 0.0, -1.0}, 0.25), K::degenerate)
        << "diag(−0.25, −1) with tol 0.25: check λ_max as well as λ_min";
    EXPECT_EQ(tc::classify_critical_point({1.0, 0.0, 1e-9}), K::degenerate) << "diag(1, 1e-9) with the default tol 1e-8";
    EXPECT_EQ(tc::classify_critical_point({1.0, 0.0, 1e-7}), K::minimum) << "diag(1, 1e-7) with the default tol 1e-8";
}

// ==== 12.3 Escape time from a saddle ==========================================================================

TEST(Ex1203SaddleEscape, MatchesTheIteratedLinearStep) {
    struct Case {
        double lr, lambda, delta, radius;
    };
    for (const Case& c : {Case{0.1, -1.0, 1e-2, 0.1}, Case{0.05, -2.0, 1e-6, 0.5}, Case{0.01, -0.3, 1e-3, 1.0},
                          Case{0.5, -3.0, 1e-9, 2.0}, Case{1e-3, -0.7, 0.2, 0.9}}) {
        std::int64_t k = 0;  // y ← (1 − ηλ)·y until it reaches the radius
        for (double y = c.delta; y < c.radius; y *= 1.0 - c.lr * c.lambda) ++k;
        const std::int64_t got = tc::predicted_escape_steps(c.lr, c.lambda, c.delta, c.radius);
        EXPECT_EQ(got, k) << "predicted_escape_steps(lr " << c.lr << ", λ " << c.lambda << ", δ " << c.delta << ", r "
                          << c.radius << "): iterating y ← (1 + η|λ|)y from δ reaches r after " << k
                          << " steps (a k one off: ceil against floor, or t counted from 1?)";
    }
}

TEST(Ex1203SaddleEscape, ExactPowersAndStartsOutsideTheRadius) {
    EXPECT_EQ(tc::predicted_escape_steps(1.0, -1.0, 0.25, 1.0), 2) << "factor 2 per step: 0.25 → 0.5 → 1 (exactly r)";
    EXPECT_EQ(tc::predicted_escape_steps(1.0, -1.0, 0.3, 1.0), 2) << "factor 2: 0.3 → 0.6 → 1.2 (round up)";
    EXPECT_EQ(tc::predicted_escape_steps(0.1, -1.0, 0.5, 0.5), 0) << "δ = radius: already there, 0 steps";
    EXPECT_EQ(tc::predicted_escape_steps(0.1, -1.0, 0.7, 0.5), 0) << "δ > radius: 0 steps";
}

TEST(Ex1203SaddleEscape, RejectsWhatHasNoEscape) {
    EXPECT_THROW(tc::predicted_escape_steps(0.1, 0.0, 1e-3, 1.0), std::invalid_argument) << "λ_min = 0";
    EXPECT_THROW(tc::predicted_escape_steps(0.1, 2.0, 1e-3, 1.0), std::invalid_argument) << "λ_min > 0: a minimum";
    EXPECT_THROW(tc::predicted_escape_steps(0.1, -1.0, 0.0, 1.0), std::invalid_argument) << "δ = 0: the stable manifold";
    EXPECT_THROW(tc::predicted_escape_steps(0.1, -1.0, -1e-3, 1.0), std::invalid_argument) << "δ < 0";
    EXPECT_THROW(tc::predicted_escape_steps(0.0, -1.0, 1e-3, 1.0), std::invalid_argument) << "lr = 0";
    EXPECT_THROW(tc::predicted_escape_steps(0.1, -1.0, 1e-3, 0.0), std::invalid_argument) << "radius = 0";
}

TEST(Ex1203SaddleEscape, PredictsTheGivenSaddleRun) {
    // f = x² + y⁴/4 − y²/2 has λ_min = −1 at the origin; the cubic term is tiny below |y| = 0.1.
    for (const double delta : {1e-3, 1e-5, 1e-7}) {
        const tc::SaddleRun run = tc::descend_saddle({1.0, delta}, 0.1, 0.0, 400, 0.1, 1);
        EXPECT_EQ(tc::predicted_escape_steps(0.1, -1.0, delta, 0.1), run.escaped_at)
            << "δ = " << delta << ": gradient descent on the chapter's saddle escaped at step " << run.escaped_at;
    }
}

// ==== 12.4 Backpropagation through a deep network ===========================================================

TEST(Ex1204DeepBackward, OneLinearLayerIsXTransposeTimesDY) {
    const tc::DeepNet net = random_net({3, 2}, tc::Activation::tanh, false, 1);
    const Matrix X = Matrix::from_rows({{1, 2, 3}, {-1, 0, 2}});
    const Matrix dY = Matrix::from_rows({{0.5, -1}, {2, 1}});
    tc::DeepCache cache;
    tc::deep_forward(net, X, &cache);
    const tc::Gradients g = tc::deep_backward(net, cache, dY);
    ASSERT_EQ(g.dW.size(), 1u);
    // dW = Xᵀ·dY = [[1·0.5 − 1·2, −1 − 1], [1, −2], [1.5 + 4, −3 + 2]], db = column sums of dY.
    const Matrix dW = Matrix::from_rows({{-1.5, -2}, {1, -2}, {5.5, -1}});
    EXPECT_LT(course::max_abs_diff(g.dW[0], dW), 1e-12) << "dW of a single linear layer is Xᵀ·dY (the last layer is linear: no σ′ there); got\n"
                                                        << course::to_string(g.dW[0]);
    EXPECT_LT(course::max_abs_diff(g.db[0], Matrix::from_rows({{2.5, 0}})), 1e-12)
        << "db is the column sums of dY; got " << course::to_string(g.db[0]);
}

TEST(Ex1204DeepBackward, PlainTanhNetworkAgreesWithCentralDifferences) {
    expect_backward_matches_central_differences(random_net({3, 4, 5, 4, 2}, tc::Activation::tanh, false, 2),
                                                "tanh 3 → 4 → 5 → 4 → 2");
}

TEST(Ex1204DeepBackward, PlainSigmoidNetworkAgreesWithCentralDifferences) {
    expect_backward_matches_central_differences(random_net({3, 4, 4, 2}, tc::Activation::sigmoid, false, 3),
                                                "sigmoid 3 → 4 → 4 → 2");
}

TEST(Ex1204DeepBackward, PlainReluNetworkAgreesWithCentralDifferences) {
    expect_backward_matches_central_differences(random_net({3, 6, 6, 2}, tc::Activation::relu, false, 4),
                                                "relu 3 → 6 → 6 → 2");
}

TEST(Ex1204DeepBackward, ResidualNetworkAgreesWithCentralDifferences) {
    // Layers 1 and 2 (4 → 4) carry skips; layer 0 (3 → 4) and the output layer do not.
    const tc::DeepNet tanh_net = random_net({3, 4, 4, 4, 2}, tc::Activation::tanh, true, 5);
    ASSERT_TRUE(tc::has_skip(tanh_net, 1) && tc::has_skip(tanh_net, 2) && !tc::has_skip(tanh_net, 0));
    expect_backward_matches_central_differences(tanh_net, "residual tanh 3 → 4 → 4 → 4 → 2 (skips on layers 1, 2)");
    expect_backward_matches_central_differences(random_net({2, 5, 5, 3}, tc::Activation::relu, true, 6),
                                                "residual relu 2 → 5 → 5 → 3 (a skip on layer 1)");
}

TEST(Ex1204DeepBackward, SquareOutputLayerHasNoSkip) {
    // The last layer is square here (4 → 4), but only hidden layers carry skips (has_skip says so).
    expect_backward_matches_central_differences(random_net({4, 4, 4}, tc::Activation::tanh, true, 7),
                                                "residual tanh 4 → 4 → 4 (a skip on layer 0 only)");
}

// ==== 12.5 Initialization schemes ===============================================================================

TEST(Ex1205InitLayer, ShapesZeroBiasesAndTheZeroScheme) {
    for (const tc::InitScheme scheme : {tc::InitScheme::zero, tc::InitScheme::small, tc::InitScheme::large,
                                        tc::InitScheme::xavier_uniform, tc::InitScheme::xavier_normal,
                                        tc::InitScheme::he_normal}) {
        course::Rng rng(1);
        const tc::Dense layer = tc::init_layer(7, 3, scheme, rng);
        EXPECT_EQ(layer.W.shape(), "(7×3)") << "W is fan_in × fan_out (scheme " << static_cast<int>(scheme) << ")";
        EXPECT_EQ(layer.b.shape(), "(1×3)") << "b is 1 × fan_out";
        EXPECT_EQ(course::max(course::map(layer.b, [](double v) { return std::abs(v); })), 0.0) << "biases start at 0";
    }
    course::Rng rng(1);
    const tc::Dense zero = tc::init_layer(5, 4, tc::InitScheme::zero, rng);
    EXPECT_EQ(course::norm(zero.W), 0.0) << "the zero scheme";
}

TEST(Ex1205InitLayer, StandardDeviationsOfTorchNnInit) {
    // fan_in = 400, fan_out = 100: 40,000 draws, so a sample std is within about 0.4% of the true one.
    struct Case {
        tc::InitScheme scheme;
        double std;
        const char* what;
    };
    for (const Case& c : {Case{tc::InitScheme::small, 0.01, "small: N(0, 0.01²) (the std is 0.01, not the variance)"},
                          Case{tc::InitScheme::large, 1.0, "large: N(0, 1)"},
                          Case{tc::InitScheme::xavier_normal, std::sqrt(2.0 / 500.0), "xavier_normal: √(2/(fan_in + fan_out))"},
                          Case{tc::InitScheme::xavier_uniform, std::sqrt(6.0 / 500.0) / std::sqrt(3.0),
                               "xavier_uniform: U(−a, a), a = √(6/(fan_in + fan_out)), std a/√3"},
                          Case{tc::InitScheme::he_normal, std::sqrt(2.0 / 400.0), "he_normal: √(2/fan_in), fan_in = W.rows()"}}) {
        course::Rng rng(9);
        const auto [mean, std] = moments(tc::init_layer(400, 100, c.scheme, rng).W);
        EXPECT_TRUE(near(std, c.std, 0.02 * c.std, std::string("sample std of ") + c.what));
        EXPECT_TRUE(near(mean, 0.0, 4.0 * c.std / 200.0, std::string("sample mean of ") + c.what));
    }
}

TEST(Ex1205InitLayer, XavierUniformStaysWithinItsBoundAndFillsIt) {
    course::Rng rng(10);
    const Matrix W = tc::init_layer(300, 200, tc::InitScheme::xavier_uniform, rng).W;
    const double a = std::sqrt(6.0 / 500.0);
    std::size_t outer = 0;
    for (const double v : W.values()) outer += std::abs(v) > a / 2;
    EXPECT_LE(course::max(W), a) << "U(−a, a) with a = √(6/500) never exceeds a";
    EXPECT_GE(course::min(W), -a) << "U(−a, a) never goes below −a";
    EXPECT_GT(course::max(W), 0.99 * a) << "60,000 uniform draws come within 1% of the bound a = " << a;
    EXPECT_TRUE(near(static_cast<double>(outer) / static_cast<double>(W.size()), 0.5, 0.02,
                     "share of |w| > a/2 (a uniform puts half its draws there, a normal far fewer)"));
}

TEST(Ex1205InitLayer, DrawsFromTheGivenGenerator) {
    course::Rng a(21), b(21);
    const Matrix first = tc::init_layer(4, 3, tc::InitScheme::xavier_normal, a).W;
    EXPECT_EQ(first, tc::init_layer(4, 3, tc::InitScheme::xavier_normal, b).W) << "the same seed gives the same W";
    EXPECT_FALSE(first == tc::init_layer(4, 3, tc::InitScheme::xavier_normal, a).W)
        << "a second call on the same rng continues its stream: draw from rng, not from a generator of your own";
}

// ==== 12.6 Gradient clipping ====================================================================================

TEST(Ex1206Clipping, NormIsTotalOverAllGradientsAndReturnedBeforeClipping) {
    Matrix g1 = Matrix::from_rows({{3.0}}), g2 = Matrix::from_rows({{4.0}});
    const double total = tc::clip_grad_norm({&g1, &g2}, 1.0);
    EXPECT_TRUE(near(total, 5.0, 1e-12, "clip_grad_norm returns the total norm √(3² + 4²) before clipping"));
    const double factor = 1.0 / (5.0 + 1e-6);
    EXPECT_TRUE(near(g1(0, 0), 3.0 * factor, 1e-15, "g1 scaled by max_norm/(total + 1e-6): one factor for all"));
    EXPECT_TRUE(near(g2(0, 0), 4.0 * factor, 1e-15, "g2 scaled by the same factor (clipping each alone gives 1)"));
}

TEST(Ex1206Clipping, NormOfSeveralShapes) {
    Matrix a = Matrix::from_rows({{1, -2, 2}, {0, 4, -2}}), b = Matrix::from_rows({{-1}, {3}}), c(0, 0);
    // 1 + 4 + 4 + 0 + 16 + 4 + 1 + 9 = 39
    const Matrix a0 = a, b0 = b;
    const double total = tc::clip_grad_norm({&a, &c, &b}, 2.0);
    EXPECT_TRUE(near(total, std::sqrt(39.0), 1e-12, "total norm of a 2×3, an empty and a 2×1 gradient"));
    const double factor = 2.0 / (std::sqrt(39.0) + 1e-6);
    EXPECT_LT(course::max_abs_diff(a, a0 * factor), 1e-15) << "every entry of every gradient scaled by " << factor;
    EXPECT_LT(course::max_abs_diff(b, b0 * factor), 1e-15) << "every entry of every gradient scaled by " << factor;
}

TEST(Ex1206Clipping, FactorIsClampedAtOneAndKeepsTorchsEpsilon) {
    Matrix small = Matrix::from_rows({{0.3, 0.4}});
    EXPECT_TRUE(near(tc::clip_grad_norm({&small}, 10.0), 0.5, 1e-15, "total norm 0.5"));
    EXPECT_EQ(small, Matrix::from_rows({{0.3, 0.4}})) << "below max_norm the factor is clamped to 1: untouched";
    Matrix at = Matrix::from_rows({{3.0, 4.0}});
    tc::clip_grad_norm({&at}, 5.0);
    EXPECT_TRUE(near(at(0, 1), 4.0 * 5.0 / (5.0 + 1e-6), 1e-15,
                     "norm exactly max_norm: torch still multiplies by max_norm/(norm + 1e-6) < 1"));
    Matrix tiny = Matrix::from_rows({{3e-7, 4e-7}});  // norm 5e-7: the 1e-6 decides the factor, 5e-7/1.5e-6 = 1/3
    tc::clip_grad_norm({&tiny}, 5e-7);
    EXPECT_TRUE(near(tiny(0, 0), 1e-7, 1e-20, "norm 5e-7, max_norm 5e-7: factor 5e-7/(5e-7 + 1e-6) = 1/3 (the 1e-6 "
                                              "belongs to the denominator, next to the norm)"));
    Matrix zero(2, 2);
    EXPECT_EQ(tc::clip_grad_norm({&zero}, 1.0), 0.0) << "a zero gradient has norm 0";
    EXPECT_TRUE(course::all_finite(zero)) << "and stays finite (no 0/0)";
    EXPECT_EQ(tc::clip_grad_norm({}, 1.0), 0.0) << "no gradients: norm 0";
    Matrix some = Matrix::from_rows({{1.0, -1.0}});
    tc::clip_grad_norm({&some}, 0.0);
    EXPECT_EQ(some, Matrix::from_rows({{0.0, -0.0}})) << "max_norm 0 zeroes the gradient";
    EXPECT_THROW(tc::clip_grad_norm({&some}, -1.0), std::invalid_argument) << "a negative max_norm";
}

TEST(Ex1206Clipping, ValueClampsEveryEntryOfEveryGradient) {
    Matrix a = Matrix::from_rows({{-3, -1, 0}, {0.5, 1, 7}}), b = Matrix::from_rows({{2, -2}});
    tc::clip_grad_value({&a, &b}, 1.0);
    EXPECT_EQ(a, Matrix::from_rows({{-1, -1, 0}, {0.5, 1, 1}})) << "clip_value 1: −3 → −1, 7 → 1, ±1 stay";
    EXPECT_EQ(b, Matrix::from_rows({{1, -1}})) << "the second gradient is clipped too";
    Matrix c = Matrix::from_rows({{0.2, -0.3}});
    tc::clip_grad_value({&c}, 0.0);
    EXPECT_EQ(course::norm(c), 0.0) << "clip_value 0 zeroes every entry";
    EXPECT_THROW(tc::clip_grad_value({&c}, -0.5), std::invalid_argument) << "a negative clip_value";
}

// ==== 12.7 The initial-loss check ================================================================================

TEST(Ex1207InitialLoss, CrossEntropyIsTheNaturalLogOfK) {
    EXPECT_TRUE(near(tc::expected_initial_cross_entropy(1), 0.0, 1e-15, "K = 1"));
    EXPECT_TRUE(near(tc::expected_initial_cross_entropy(2), 0.6931471805599453, 1e-15,
                     "K = 2: ln 2 (log₂ would say 1, log₁₀ 0.301)"));
    EXPECT_TRUE(near(tc::expected_initial_cross_entropy(10), 2.302585092994046, 1e-14, "K = 10: ln 10"));
    EXPECT_THROW(tc::expected_initial_cross_entropy(0), std::invalid_argument) << "K = 0";
}

TEST(Ex1207InitialLoss, CrossEntropyOfUniformLogitsAgrees) {
    // Any constant logits give the uniform prediction; the given cross_entropy measures it.
    Matrix Y(4, 5);
    for (std::size_t r = 0; r < 4; ++r) Y(r, r) = 1.0;
    EXPECT_TRUE(near(tc::expected_initial_cross_entropy(5), tc::cross_entropy(Matrix(4, 5, 0.7), Y), 1e-12,
                     "ln 5 against the cross-entropy of constant logits"));
}

TEST(Ex1207InitialLoss, MseIsThePopulationVariancePerColumn) {
    EXPECT_TRUE(near(tc::expected_initial_mse(Matrix::column({1, 2, 3, 4})), 1.25, 1e-15,
                     "targets 1, 2, 3, 4: Σ(y − 2.5)²/4 = 1.25 (dividing by n − 1 gives 1.667)"));
    // Columns with means 2 and 12: variances 8/3 and 8, averaged: 16/3. One global mean (7) would give 27.
    EXPECT_TRUE(near(tc::expected_initial_mse(Matrix::from_rows({{0, 10}, {2, 10}, {4, 16}})), 16.0 / 3.0, 1e-12,
                     "two columns [0, 2, 4] and [10, 10, 16]: each about its own mean, averaged over all entries"));
    EXPECT_TRUE(near(tc::expected_initial_mse(Matrix::from_rows({{3, -1}})), 0.0, 1e-15, "one row: variance 0"));
    EXPECT_THROW(tc::expected_initial_mse(Matrix()), std::invalid_argument) << "no targets";
}

// ==== 12.8 The update/weight ratio ===============================================================================

TEST(Ex1208UpdateRatio, NormOfTheUpdateOverNormOfTheWeightsBefore) {
    const std::vector<Matrix> before{Matrix::from_rows({{3, 4}}), Matrix::from_rows({{1, 0}}), Matrix::from_rows({{1}, {0}})};
    const std::vector<Matrix> after{Matrix::from_rows({{3, 4.05}}), Matrix::from_rows({{3, 0}}), Matrix::from_rows({{1}, {1}})};
    const std::vector<double> ratios = tc::update_to_weight_ratios(before, after);
    ASSERT_EQ(ratios.size(), 3u) << "one ratio per parameter";
    EXPECT_TRUE(near(ratios[0], 0.01, 1e-12, "(3, 4) → (3, 4.05): ‖Δ‖ = 0.05 over ‖θ‖ = 5"));
    EXPECT_TRUE(near(ratios[1], 2.0, 1e-12, "(1, 0) → (3, 0): ‖Δ‖ = 2 over the norm BEFORE, 1 (not after, 3)"));
    EXPECT_TRUE(near(ratios[2], 1.0, 1e-12, "(1, 0) → (1, 1): ‖Δ‖ = 1 (not ‖after‖/‖before‖ − 1 = 0.414)"));
}

TEST(Ex1208UpdateRatio, ZeroWeightsAndMismatches) {
    const auto ratios = tc::update_to_weight_ratios({Matrix(1, 2), Matrix(1, 2)}, {Matrix(1, 2), Matrix::from_rows({{0, 1e-3}})});
    ASSERT_EQ(ratios.size(), 2u);
    EXPECT_EQ(ratios[0], 0.0) << "zero weights, zero update: 0";
    EXPECT_EQ(ratios[1], kInf) << "zero weights, a non-zero update: +∞";
    EXPECT_THROW(tc::update_to_weight_ratios({Matrix(1, 1)}, {}), std::invalid_argument) << "1 parameter before, 0 after";
    EXPECT_THROW(tc::update_to_weight_ratios({Matrix(1, 2, 1.0)}, {Matrix(2, 1, 1.0)}), course::ShapeError)
        << "a parameter that changed shape";
    EXPECT_TRUE(tc::update_to_weight_ratios({}, {}).empty()) << "no parameters, no ratios";
}

TEST(Ex1208UpdateRatio, VerdictBoundariesAreHealthy) {
    using V = tc::RatioVerdict;
    EXPECT_EQ(tc::judge_update_ratio(1e-3), V::healthy) << "1e-3, the rule of thumb";
    EXPECT_EQ(tc::judge_update_ratio(tc::kRatioLow), V::healthy) << "exactly kRatioLow is healthy (both ends included)";
    EXPECT_EQ(tc::judge_update_ratio(tc::kRatioHigh), V::healthy) << "exactly kRatioHigh is healthy";
    EXPECT_EQ(tc::judge_update_ratio(0.99 * tc::kRatioLow), V::too_small) << "just under kRatioLow";
    EXPECT_EQ(tc::judge_update_ratio(1.01 * tc::kRatioHigh), V::too_large) << "just over kRatioHigh";
    EXPECT_EQ(tc::judge_update_ratio(0.0), V::too_small) << "0: nothing moves";
    EXPECT_EQ(tc::judge_update_ratio(kInf), V::too_large) << "+∞ (weights that were 0)";
}

// ==== 12.9 Diagnosing curves =====================================================================================

TEST(Ex1209Diagnose, TheFiveTypicalCurves) {
    std::vector<double> fast, slow, val_fast;
    for (int k = 0; k <= 20; ++k) {
        fast.push_back(0.1 + 1.0 * std::exp(-k / 3.0));
        val_fast.push_back(0.15 + 1.0 * std::exp(-k / 3.0));
        slow.push_back(1.1 - 0.02 * k);
    }
    expect_diagnosis(history(fast, val_fast), tc::Diagnosis::healthy, "a fast fall to a floor, validation close by");
    expect_diagnosis(history(slow), tc::Diagnosis::lr_too_low, "a straight line down: still falling as fast as at the start");
    expect_diagnosis(history({1.1, 1.3, 2.5, 9.0, 40.0}), tc::Diagnosis::lr_too_high, "a loss that explodes");
    expect_diagnosis(history({1.1, 1.09, 1.1, 1.08, 1.09}), tc::Diagnosis::not_learning, "a flat loss");
    expect_diagnosis(history({1.1, 0.6, 0.3, 0.1, 0.05}, {1.1, 0.7, 0.6, 0.8, 1.0}), tc::Diagnosis::overfitting,
                     "training falls while validation turns up");
}

TEST(Ex1209Diagnose, NonFiniteValuesMeanTheRateIsTooHigh) {
    expect_diagnosis(history({1.0, kNaN}), tc::Diagnosis::lr_too_high, "a NaN after one check (2 losses are enough)");
    expect_diagnosis(history({1.0, 0.5, kInf, 0.2}), tc::Diagnosis::lr_too_high, "an Inf in the training loss");
    expect_diagnosis(history({1.0, 0.5, 0.3, 0.2}, {1.0, kNaN, 0.3, 0.2}), tc::Diagnosis::lr_too_high,
                     "a NaN in the validation loss only");
    // An infinite training loss also trips the blow-up rule; in the validation loss only the finiteness
    // test can see it (std::isnan lets ±∞ through: use std::isfinite).
    expect_diagnosis(history({1.0, 0.5, 0.3, 0.2}, {1.0, 0.5, kInf, 0.3}), tc::Diagnosis::lr_too_high,
                     "+∞ in the validation loss only (std::isnan lets it through; std::isfinite does not)");
    expect_diagnosis(history({1.0, 0.5, 0.3, 0.2}, {1.0, 0.5, -kInf, 0.3}), tc::Diagnosis::lr_too_high,
                     "−∞ in the validation loss only (std::isnan lets it through; std::isfinite does not)");
}

TEST(Ex1209Diagnose, BoundariesOfEachRule) {
    // Rule 1: max > blow_up·ℒ₀ (strict). 1.5 is not above 1.5·1.0.
    expect_diagnosis(history({1.0, 1.5, 0.2, 0.12, 0.1}), tc::Diagnosis::healthy, "a bump to exactly 1.5·ℒ₀");
    expect_diagnosis(history({1.0, 1.5000001, 0.2, 0.12, 0.1}), tc::Diagnosis::lr_too_high, "a bump just above 1.5·ℒ₀");
    // Rule 2: last > (1 − min_progress)·reference (strict).
    expect_diagnosis(history({1.0, 0.97, 1.0 - 0.05}), tc::Diagnosis::lr_too_low,
                     "ending at exactly 0.95·ℒ₀ has learned (then rule 4: 0.02 then 0.02 is too slow)");
    expect_diagnosis(history({1.0, 0.97, 0.951}), tc::Diagnosis::not_learning, "ending at 0.951·ℒ₀");
    // Rule 3: val.back() > (1 + overfit_gap)·min(val) (strict), and training below its value at that check.
    expect_diagnosis(history({1.0, 0.5, 0.2, 0.1, 0.09}, {1.0, 0.5, 0.4, 0.4, 0.44}), tc::Diagnosis::healthy,
                     "validation ends at exactly 1.1 × its minimum 0.4 (0.44 is not above 0.44)");
    expect_diagnosis(history({1.0, 0.5, 0.2, 0.1, 0.09}, {1.0, 0.5, 0.4, 0.4, 0.45}), tc::Diagnosis::overfitting,
                     "validation ends at 0.45 > 1.1 × 0.4");
    // Rule 4: fall of the second half ≥ slow_ratio × fall of the first half (inclusive).
    expect_diagnosis(history({1.0, 0.5, 0.25}), tc::Diagnosis::lr_too_low, "falls 0.5 then 0.25: exactly half");
    expect_diagnosis(history({1.0, 0.5, 0.2500001}), tc::Diagnosis::healthy, "falls 0.5 then just under 0.25");
}

TEST(Ex1209Diagnose, MiddleIsTheCheckAtIndexHalfOfNMinusOne) {
    // 4 losses: the middle is index (4 − 1)/2 = 1. Falls 0.4 then 0.3 ≥ 0.2: too slow. (Index 2 would
    // see falls 0.6 then 0.1: healthy.)
    expect_diagnosis(history({1.0, 0.6, 0.4, 0.3}), tc::Diagnosis::lr_too_low, "losses 1, 0.6, 0.4, 0.3");
    expect_diagnosis(history({1.0, 0.3, 0.2, 0.15, 0.14}), tc::Diagnosis::healthy, "losses 1, 0.3, 0.2, 0.15, 0.14");
}

TEST(Ex1209Diagnose, ChanceLevelIsTheReferenceWhenTheStartIsAboveIt) {
    // An init far above ln 3 drops to chance in a few steps without learning anything.
    expect_diagnosis(history({1.65, 1.12, 1.1, 1.09, 1.08}, {}, std::log(3.0)), tc::Diagnosis::not_learning,
                     "ℒ₀ = 1.65 falling only to chance ln 3 = 1.0986");
    expect_diagnosis(history({1.65, 1.12, 1.1, 1.09, 1.08}), tc::Diagnosis::healthy,
                     "the same curve with chance unknown (0): measured from ℒ₀");
    expect_diagnosis(history({1.65, 1.0, 0.98, 0.9, 0.85}, {}, std::log(3.0)), tc::Diagnosis::lr_too_low,
                     "ℒ₀ = 1.65, chance 1.0986: first half 1.0986 → 0.98, second half 0.98 → 0.85");
    expect_diagnosis(history({1.0, 0.4, 0.2, 0.15, 0.14}, {}, 5.0), tc::Diagnosis::healthy,
                     "chance above ℒ₀: the reference is ℒ₀");
}

TEST(Ex1209Diagnose, RulesApplyInOrderWithTheGivenThresholds) {
    // Flat training and rising validation: not_learning comes before overfitting.
    expect_diagnosis(history({1.0, 0.99, 0.98, 0.99, 0.98}, {1.0, 0.9, 0.9, 1.2, 1.3}), tc::Diagnosis::not_learning,
                     "flat training, rising validation");
    // Overfitting and a straight-line training curve: overfitting comes before lr_too_low.
    expect_diagnosis(history({1.0, 0.8, 0.6, 0.4, 0.2}, {1.0, 0.8, 0.7, 0.9, 1.0}), tc::Diagnosis::overfitting,
                     "validation up 43%, training a straight line");
    // Training above its value at validation's best check: not overfitting.
    expect_diagnosis(history({1.0, 0.5, 0.3, 0.35, 0.32}, {1.0, 0.6, 0.4, 0.5, 0.6}), tc::Diagnosis::healthy,
                     "validation up, but training is higher than at validation's best check");
    expect_diagnosis(history({1.0, 1.3, 0.5, 0.2, 0.15}), tc::Diagnosis::lr_too_high, "a bump of 1.3 with blow_up 1.2",
                     {.blow_up = 1.2});
    expect_diagnosis(history({1.0, 0.9, 0.8}), tc::Diagnosis::not_learning, "ending at 0.8 with min_progress 0.3",
                     {.min_progress = 0.3});
    expect_diagnosis(history({1.0, 0.5, 0.2, 0.1, 0.09}, {1.0, 0.5, 0.4, 0.4, 0.43}), tc::Diagnosis::overfitting,
                     "validation 0.43 over a minimum 0.4 with overfit_gap 0.05", {.overfit_gap = 0.05});
    expect_diagnosis(history({1.0, 0.5, 0.3}), tc::Diagnosis::healthy, "falls 0.5 then 0.2 with slow_ratio 0.5");
    expect_diagnosis(history({1.0, 0.5, 0.3}), tc::Diagnosis::lr_too_low, "falls 0.5 then 0.2 with slow_ratio 0.3",
                     {.slow_ratio = 0.3});
}

TEST(Ex1209Diagnose, RejectsHistoriesItCannotRead) {
    EXPECT_THROW(tc::diagnose(history({})), std::invalid_argument) << "no losses";
    EXPECT_THROW(tc::diagnose(history({1.0, 0.5})), std::invalid_argument) << "2 finite losses: no middle";
    EXPECT_THROW(tc::diagnose(history({1.0, 0.5, 0.3}, {1.0, 0.5})), std::invalid_argument)
        << "3 training losses, 2 validation losses";
}

// ==== the given code ===============================================================================================

TEST(Chapter12Given, ForwardPassShapesAndSkips) {
    const tc::DeepNet net = random_net({2, 3, 3, 2}, tc::Activation::tanh, true, 1);
    tc::DeepCache cache;
    const Matrix out = tc::deep_forward(net, Matrix(4, 2, 0.5), &cache);
    EXPECT_EQ(out.shape(), "(4×2)");
    EXPECT_EQ(cache.z.size(), 3u);
    EXPECT_EQ(cache.h.size(), 4u);
    // Layer 1 (3 → 3) has a skip: h[2] = h[1] + tanh(z[1]).
    EXPECT_LT(course::max_abs_diff(cache.h[2], cache.h[1] + tc::activate(tc::Activation::tanh, cache.z[1])), 1e-15);
    EXPECT_THROW(tc::deep_forward(net, Matrix(4, 3)), course::ShapeError);
}

TEST(Chapter12Given, CrossEntropyAndItsGradient) {
    const Matrix logits = Matrix::from_rows({{1.0, 2.0, 0.5}, {0.0, -1.0, 3.0}});
    const Matrix Y = Matrix::from_rows({{0, 1, 0}, {1, 0, 0}});
    Matrix d;
    tc::cross_entropy(logits, Y, &d);
    const Matrix numerical = course::numerical_gradient([&](const Matrix& z) { return tc::cross_entropy(z, Y); }, logits);
    EXPECT_LT(course::max_abs_diff(d, numerical), 1e-8);
}

TEST(Chapter12Given, RingsAreBalancedAndSaddleStaysOnItsStableManifold) {
    const tc::RingsData data = tc::make_rings(3000, 10, 1);
    const Matrix counts = course::sum_rows(data.train.Y);
    for (std::size_t c = 0; c < 3; ++c) EXPECT_NEAR(counts(0, c) / 3000.0, 1.0 / 3.0, 0.03) << "class " << c;
    const tc::SaddleRun run = tc::descend_saddle({1.0, 0.0}, 0.1, 0.0, 100, 0.1, 1);
    EXPECT_EQ(run.escaped_at, -1);
    EXPECT_EQ(run.path.y.back(), 0.0);
}

TEST(Chapter12Given, WidthForBudgetMatchesParameterCountsAcrossDepths) {
    // 2 → 91 → 3: 2·91 + 91 + 91·3 + 3 = 549 parameters, the budget of the lecture's step 10.
    EXPECT_EQ(tc::mlp_parameter_count({2, 91, 3}), 549u);
    EXPECT_EQ(tc::mlp_parameter_count(tc::mlp_sizes(2, 8, 8, 3)), 2u * 8 + 8 + 7 * (8 * 8 + 8) + 8 * 3 + 3);
    EXPECT_EQ(tc::mlp_sizes(2, 3, 5, 3), (std::vector<std::size_t>{2, 5, 5, 5, 3}));
    const std::vector<std::pair<std::size_t, std::size_t>> want{{1, 91}, {2, 20}, {4, 12}, {8, 8}};
    for (const auto& [layers, width] : want) {
        EXPECT_EQ(tc::width_for_budget(2, layers, 3, 549), width) << layers << " hidden layers at 549 parameters";
        const double count = static_cast<double>(tc::mlp_parameter_count(tc::mlp_sizes(2, layers, width, 3)));
        EXPECT_NEAR(count / 549.0, 1.0, 0.02) << layers << " × " << width;
    }
    // Nearest, not the last one under: 2 → w → w → 3 has 543 at w = 20 and 591 at 21; for 570, 591 is nearer.
    EXPECT_EQ(tc::width_for_budget(2, 2, 3, 570), 21u);
    EXPECT_EQ(tc::width_for_budget(2, 2, 3, 1), 1u) << "a budget below the smallest network gives width 1";
    EXPECT_THROW(tc::width_for_budget(2, 0, 3, 549), std::invalid_argument);
}
