// Tests that grade chapter 13. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter13…
// suites test the given code and pass on the stubs too.
//
// What "equal to torch's semantics" is compared with here (no PyTorch on this machine): the formulas of
// the torch.optim, torch.nn.Dropout and torch.nn.BatchNorm1d documentation, worked by hand on small
// cases (the numbers are in the comments), and chapter 10's torch.optim SGD, Adam and AdamW. Never a
// copy of the solution:
//   13.1-13.2  hand-computed penalties and decays; chapter 10's SGD(weight_decay), Adam(weight_decay)
//              and AdamW as the independent implementations of "L2 through the gradient" and "decoupled";
//   13.3-13.4  statistics of 100,000 draws with a fixed seed (the drop rate, the kept value, the mean),
//              the draw order replayed with the test's own Rng, torch's p = 0 and p = 1;
//   13.5-13.7  a 3×3 batch worked by hand (biased and unbiased variances, momentum 0.1, eps in the
//              root), and central differences of the test's own forward pass for dx, dγ, dβ;
//   13.8       an image whose pixel values are their coordinates, and chapter 05's renderer at ±yaw;
//   13.9       gradient descent iterated on a 1-D quadratic, and the ridge minimiser.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "chapters/10_optimizers/optimizers.hpp"
#include "chapters/13_regularization/lecture.hpp"
#include "chapters/13_regularization/regularization.hpp"
#include "common/errors.hpp"
#include "common/gradcheck.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace rg = course::regularization;
namespace opt = course::optimizers;
using course::Matrix;
using course::teach::near;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed, double std = 1.0) {
    course::Rng rng(seed);
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.normal(0.0, std);
    return m;
}

::testing::AssertionResult matrices_near(const Matrix& got, const Matrix& want, double tol, const std::string& what) {
    if (!got.same_shape(want))
        return ::testing::AssertionFailure() << what << ": expected shape " << want.shape() << ", got " << got.shape();
    std::vector<course::teach::Mismatch> missed;
    for (std::size_t r = 0; r < got.rows(); ++r)
        for (std::size_t c = 0; c < got.cols(); ++c)
            if (!(std::abs(got(r, c) - want(r, c)) <= tol))
                missed.push_back({"(" + std::to_string(r) + "," + std::to_string(c) + ")", got(r, c), want(r, c)});
    return course::teach::mismatches(what, missed, got.size(), tol);
}

// ---- helpers for 13.1-13.2: a two-tensor "model" and its gradients at each step ----------------------
struct TwoTensors {
    Matrix W = Matrix::from_rows({{1.0, -2.0}, {0.5, 3.0}});
    Matrix b = Matrix::from_rows({{-1.5, 0.25}});
    Matrix dW{2, 2}, db{1, 2};
    rg::TensorList tensors() { return {{&W, &dW}, {&b, &db}}; }
    opt::ParameterList params() { return {{&W, &dW}, {&b, &db}}; }
    // A gradient that changes from step to step and depends on θ (ℒ = Σ (θ − c)⁴/4 + sin-shaped noise),
    // so that an optimizer's state matters.
    void loss_gradient(int step) {
        for (std::size_t k = 0; k < W.size(); ++k)
            dW.data()[k] = std::pow(W.data()[k] - 0.3, 3) + 0.1 * std::sin(step + static_cast<double>(k));
        for (std::size_t k = 0; k < b.size(); ++k)
            db.data()[k] = 5.0 * (b.data()[k] + 0.2) + 0.1 * std::cos(step * 0.5 + static_cast<double>(k));
    }
};

// The test's own batch norm forward, from torch.nn.BatchNorm1d's documented formula (training mode).
Matrix reference_batchnorm(const Matrix& x, const Matrix& gamma, const Matrix& beta, double eps) {
    Matrix out(x.rows(), x.cols());
    const double n = static_cast<double>(x.rows());
    for (std::size_t j = 0; j < x.cols(); ++j) {
        double mean = 0.0, var = 0.0;
        for (std::size_t i = 0; i < x.rows(); ++i) mean += x(i, j) / n;
        for (std::size_t i = 0; i < x.rows(); ++i) var += (x(i, j) - mean) * (x(i, j) - mean) / n;
        for (std::size_t i = 0; i < x.rows(); ++i)
            out(i, j) = gamma(0, j) * (x(i, j) - mean) / std::sqrt(var + eps) + beta(0, j);
    }
    return out;
}

double weighted_sum(const Matrix& out, const Matrix& R) {
    double total = 0.0;
    for (std::size_t k = 0; k < out.size(); ++k) total += out.data()[k] * R.data()[k];
    return total;
}

}  // namespace

// ---- 13.1 the L2 penalty ---------------------------------------------------------------------------------
// W = [[1, −2], [0.5, 3]], b = [−1.5, 0.25]: Σθ² = 1 + 4 + 0.25 + 9 + 2.25 + 0.0625 = 16.5625.
TEST(Ex1301L2Penalty, ValueIsHalfLambdaTimesSumOfSquaresOverEveryTensor) {
    TwoTensors m;
    const double R = rg::l2_penalty(m.tensors(), 0.1);
    EXPECT_TRUE(near(R, 0.05 * 16.5625, 1e-12,
                     "R = (λ/2)·Σθ² with λ = 0.1, Σθ² = 16.5625 over W and b (twice this: the ½ was forgotten; "
                     "1.0375 less: b was left out)"));
}

TEST(Ex1301L2Penalty, AddsLambdaThetaToTheGradientsWithoutReplacingThem) {
    TwoTensors m;
    m.dW = Matrix::from_rows({{0.5, 0.5}, {-1.0, 2.0}});
    m.db = Matrix::from_rows({{1.0, -1.0}});
    rg::l2_penalty(m.tensors(), 0.2);
    EXPECT_TRUE(matrices_near(m.dW, Matrix::from_rows({{0.7, 0.1}, {-0.9, 2.6}}), 1e-12,
                              "dW after l2_penalty(λ = 0.2): the old dW plus λ·W (a sign error subtracts; "
                              "assigning forgets the loss's gradient)"));
    EXPECT_TRUE(matrices_near(m.db, Matrix::from_rows({{0.7, -0.95}}), 1e-12, "db after l2_penalty(λ = 0.2): db + λ·b"));
}

// Three entries, so that a loop that runs one entry too far (k <= size) reads and writes past the end
// of a block with no slack: the heap's bookkeeping right behind it is corrupted and the program stops.
TEST(Ex1301L2Penalty, EveryEntryAndNoMoreOfATensorOfThree) {
    Matrix theta = Matrix::from_rows({{2.0, -1.0, 3.0}}), grad = Matrix::from_rows({{0.5, 0.5, 0.5}});
    EXPECT_TRUE(near(rg::l2_penalty({{&theta, &grad}}, 0.5), 0.25 * 14.0, 1e-12, "R = (0.5/2)·(4 + 1 + 9) for θ = [2, −1, 3]"));
    EXPECT_TRUE(matrices_near(grad, Matrix::from_rows({{1.5, 0.0, 2.0}}), 1e-12, "grad + 0.5·θ, every entry of the 1×3"));
}

TEST(Ex1301L2Penalty, ZeroLambdaAddsNothing) {
    TwoTensors m;
    m.dW.fill(0.5);
    EXPECT_TRUE(near(rg::l2_penalty(m.tensors(), 0.0), 0.0, 0.0, "R with λ = 0"));
    EXPECT_TRUE(matrices_near(m.dW, Matrix(2, 2, 0.5), 0.0, "dW after l2_penalty(λ = 0)"));
}

// torch.optim.SGD(weight_decay=λ) is g ← g + λθ, then the step: chapter 10's sgd_step with weight_decay
// must match chapter 10's plain step on the gradient your penalty changed, step after step.
TEST(Ex1301L2Penalty, MakesPlainSgdAndAdamEqualToTorchsWeightDecayOption) {
    const double lambda = 0.05;
    for (const bool adam : {false, true}) {
        TwoTensors mine, torch;
        opt::SgdState sgd_mine, sgd_torch;
        opt::AdamState adam_mine, adam_torch;
        for (int step = 1; step <= 6; ++step) {
            mine.loss_gradient(step);
            torch.loss_gradient(step);
            rg::l2_penalty(mine.tensors(), lambda);
            if (adam) {
                opt::adam_step(mine.params(), adam_mine, {.lr = 0.01});
                opt::adam_step(torch.params(), adam_torch, {.lr = 0.01, .weight_decay = lambda});
            } else {
                opt::sgd_step(mine.params(), sgd_mine, {.lr = 0.1, .momentum = 0.9});
                opt::sgd_step(torch.params(), sgd_torch, {.lr = 0.1, .momentum = 0.9, .weight_decay = lambda});
            }
        }
        const std::string what = std::string(adam ? "Adam" : "SGD(momentum 0.9)") +
                                 " on ℒ + your R vs chapter 10's weight_decay = 0.05, W after 6 steps";
        EXPECT_TRUE(matrices_near(mine.W, torch.W, 1e-12, what));
        EXPECT_TRUE(matrices_near(mine.b, torch.b, 1e-12, what + " (b)"));
    }
}

TEST(Ex1301L2Penalty, RejectsNegativeLambdaNullPointersAndMismatchedShapes) {
    TwoTensors m;
    EXPECT_THROW(rg::l2_penalty(m.tensors(), -0.1), std::invalid_argument) << "λ = −0.1 must be rejected";
    EXPECT_THROW(rg::l2_penalty({{&m.W, nullptr}}, 0.1), std::invalid_argument) << "a null grad must be rejected";
    EXPECT_THROW(rg::l2_penalty({{&m.W, &m.db}}, 0.1), std::invalid_argument)
        << "a (1×2) grad for a (2×2) value must be rejected";
    EXPECT_THROW(rg::l2_penalty({{&m.b, &m.dW}}, 0.1), std::invalid_argument)
        << "a (2×2) grad for a (1×2) value must be rejected too: compare shapes (same_shape), not sizes";
    Matrix column(2, 1);
    EXPECT_THROW(rg::l2_penalty({{&m.b, &column}}, 0.1), std::invalid_argument)
        << "a (2×1) grad for a (1×2) value: the same number of entries, but not the same tensor's gradient";
}

// ---- 13.2 decoupled weight decay -------------------------------------------------------------------------
TEST(Ex1302DecoupledDecay, ShrinksEveryTensorByOneMinusLrTimesLambda) {
    TwoTensors m;
    m.dW.fill(7.0);
    rg::decoupled_weight_decay(m.tensors(), 0.1, 0.5);  // factor 1 − 0.05 = 0.95
    EXPECT_TRUE(matrices_near(m.W, Matrix::from_rows({{0.95, -1.9}, {0.475, 2.85}}), 1e-12,
                              "W after decoupled decay with η = 0.1, λ = 0.5: W·(1 − ηλ) = 0.95·W (λ alone, "
                              "without η, gives 0.5·W)"));
    EXPECT_TRUE(matrices_near(m.b, Matrix::from_rows({{-1.425, 0.2375}}), 1e-12, "b after the same decay"));
    EXPECT_TRUE(matrices_near(m.dW, Matrix(2, 2, 7.0), 0.0, "dW: decoupled decay must not touch the gradient"));
}

TEST(Ex1302DecoupledDecay, ThenAdamIsTorchsAdamW) {
    const double lambda = 0.1, lr = 0.01;
    TwoTensors mine, torch;
    opt::AdamState adam_mine, adam_torch;
    for (int step = 1; step <= 6; ++step) {
        mine.loss_gradient(step);
        torch.loss_gradient(step);
        rg::decoupled_weight_decay(mine.tensors(), lr, lambda);
        opt::adam_step(mine.params(), adam_mine, {.lr = lr});
        opt::adamw_step(torch.params(), adam_torch, {.lr = lr, .weight_decay = lambda});
    }
    EXPECT_TRUE(matrices_near(mine.W, torch.W, 1e-12, "your decay + Adam(lr 0.01) vs chapter 10's AdamW(λ = 0.1), W after 6 steps"));
    EXPECT_TRUE(matrices_near(mine.b, torch.b, 1e-12, "the same, b"));
}

// For SGD the two regularizers are the same update: θ − η(g + λθ) = (1 − ηλ)θ − ηg (torch's AdamW form
// multiplies λ by η; the paper's decoupled factor is that ηλ). For Adam they are not: L2's λθ is divided
// by √v̂ with the rest of the gradient, decoupled decay is not.
TEST(Ex1302DecoupledDecay, CoincidesWithL2ForSgdButNotForAdam) {
    const double lambda = 0.1, lr = 0.05;
    TwoTensors decoupled, l2;
    opt::SgdState s1, s2;
    for (int step = 1; step <= 8; ++step) {
        decoupled.loss_gradient(step);
        l2.loss_gradient(step);
        rg::decoupled_weight_decay(decoupled.tensors(), lr, lambda);
        opt::sgd_step(decoupled.params(), s1, {.lr = lr});
        opt::sgd_step(l2.params(), s2, {.lr = lr, .weight_decay = lambda});
    }
    EXPECT_TRUE(matrices_near(decoupled.W, l2.W, 1e-12, "plain SGD: decoupled decay (η = 0.05, λ = 0.1) vs L2 with the same λ, W after 8 steps"));

    TwoTensors adamw, adam_l2;
    opt::AdamState a1, a2;
    for (int step = 1; step <= 8; ++step) {
        adamw.loss_gradient(step);
        adam_l2.loss_gradient(step);
        rg::decoupled_weight_decay(adamw.tensors(), lr, lambda);
        opt::adam_step(adamw.params(), a1, {.lr = lr});
        opt::adam_step(adam_l2.params(), a2, {.lr = lr, .weight_decay = lambda});
    }
    EXPECT_GT(course::max_abs_diff(adamw.W, adam_l2.W), 1e-3)
        << "Adam: decoupled decay and L2 with the same λ = 0.1 should give different weights after 8 steps; "
           "they agree to within 1e-3, so your decay is probably not applied";
}

TEST(Ex1302DecoupledDecay, RejectsNegativeLambdaOrLrAndNullValues) {
    TwoTensors m;
    EXPECT_THROW(rg::decoupled_weight_decay(m.tensors(), 0.1, -1.0), std::invalid_argument) << "λ = −1";
    EXPECT_THROW(rg::decoupled_weight_decay(m.tensors(), -0.1, 1.0), std::invalid_argument) << "η = −0.1";
    EXPECT_THROW(rg::decoupled_weight_decay({{nullptr, &m.dW}}, 0.1, 1.0), std::invalid_argument) << "a null value";
}

// ---- 13.3 dropout forward --------------------------------------------------------------------------------
// 100,000 ones, p = 0.3: the share dropped has standard deviation √(0.3·0.7/1e5) ≈ 0.0015, the mean of
// the output √(p/(1 − p)/1e5) ≈ 0.0021; the tolerances are about 4 of those.
TEST(Ex1303DropoutForward, DropsAShareOfPAndScalesTheRestByOneOverOneMinusP) {
    const Matrix x(200, 500, 1.0);
    course::Rng rng(7);
    Matrix mask(3, 3), out(3, 3);  // buffers of a previous, smaller batch, full of garbage
    course::teach::poison(mask), course::teach::poison(out);
    rg::dropout_forward(x, 0.3, true, rng, mask, out);
    ASSERT_TRUE(out.same_shape(x)) << "out should be resized to x's (200×500), got " << out.shape();
    ASSERT_TRUE(mask.same_shape(x)) << "mask should be resized to x's (200×500), got " << mask.shape();
    double zeros = 0, total = 0, wrong_kept = 0;
    for (std::size_t k = 0; k < out.size(); ++k) {
        zeros += out.data()[k] == 0.0;
        total += out.data()[k];
        if (out.data()[k] != 0.0 && std::abs(out.data()[k] - 1.0 / 0.7) > 1e-12) ++wrong_kept;
    }
    EXPECT_TRUE(near(zeros / 1e5, 0.3, 0.006,
                     "share of the 100,000 entries dropped with p = 0.3 (0.7: p was read as the KEEP probability)"));
    EXPECT_EQ(wrong_kept, 0) << "every kept entry of x = 1 should be 1/(1 − p) = 1.428571…; " << wrong_kept
                             << " were not (1: the 1/(1 − p) was forgotten; 0.7: scaled by 1 − p)";
    EXPECT_TRUE(near(total / 1e5, 1.0, 0.01, "mean of dropout(1) over 100,000 entries: inverted dropout keeps E[out] = x"));
}

TEST(Ex1303DropoutForward, ExpectationOfEveryEntryIsItsInput) {
    const Matrix x = Matrix::from_rows({{1.0, -2.0, 0.5}, {3.0, 0.0, -1.0}});
    course::Rng rng(11);
    Matrix mask, out, sum(2, 3);
    const int draws = 20000;
    for (int d = 0; d < draws; ++d) {
        rg::dropout_forward(x, 0.5, true, rng, mask, out);
        sum += out;
    }
    sum /= draws;
    // Each average has std |x|·√(p/(1 − p)/draws) = |x|·0.0071; tolerance 0.03·|x| + 1e-12.
    for (std::size_t k = 0; k < x.size(); ++k)
        EXPECT_TRUE(near(sum.data()[k], x.data()[k], 0.03 * std::abs(x.data()[k]) + 1e-12,
                         "mean of 20,000 dropout(x, p = 0.5) draws at entry " + std::to_string(k)));
}

TEST(Ex1303DropoutForward, DrawsOneUniformPerEntryInRowMajorOrderAndDropsBelowP) {
    const Matrix x = random_matrix(4, 5, 3);
    course::Rng rng(99), replay(99);
    Matrix mask, out;
    rg::dropout_forward(x, 0.4, true, rng, mask, out);
    for (std::size_t k = 0; k < x.size(); ++k) {
        const double u = replay.uniform();
        const double want = u < 0.4 ? 0.0 : 1.0 / 0.6;
        EXPECT_TRUE(near(mask.data()[k], want, 1e-12,
                         "mask entry " + std::to_string(k) + " (u = " + std::to_string(u) + ", dropped when u < p = 0.4)"));
        EXPECT_TRUE(near(out.data()[k], x.data()[k] * want, 1e-12, "out entry " + std::to_string(k) + " = x·mask"));
    }
}

TEST(Ex1303DropoutForward, EvaluationModeIsTheIdentityAndDrawsNothing) {
    const Matrix x = random_matrix(3, 4, 5);
    course::Rng rng(1), untouched(1);
    Matrix mask, out;
    rg::dropout_forward(x, 0.5, false, rng, mask, out);
    EXPECT_TRUE(matrices_near(out, x, 0.0, "dropout in evaluation mode, p = 0.5: out = x (no 1/(1 − p) at eval)"));
    EXPECT_TRUE(matrices_near(mask, Matrix(3, 4, 1.0), 0.0, "the mask in evaluation mode: all ones"));
    EXPECT_EQ(rng.next_u64(), untouched.next_u64()) << "evaluation mode must not draw from rng";
}

TEST(Ex1303DropoutForward, PZeroKeepsEverythingAndPOneDropsEverythingAsTorch) {
    const Matrix x = random_matrix(3, 4, 6);
    course::Rng rng(2), untouched(2);
    Matrix mask(3, 4), out(3, 4);
    course::teach::poison(mask), course::teach::poison(out);
    rg::dropout_forward(x, 0.0, true, rng, mask, out);
    EXPECT_TRUE(matrices_near(out, x, 0.0, "training dropout with p = 0: out = x"));
    EXPECT_TRUE(matrices_near(mask, Matrix(3, 4, 1.0), 0.0, "training dropout with p = 0: mask = 1"));
    {
        course::Rng after = rng, replay = untouched;
        EXPECT_EQ(after.next_u64(), replay.next_u64())
            << "training dropout with p = 0 must not draw from rng (the contract: nothing is random when nothing "
               "can be dropped). Drawing anyway moves the generator, and every later mask of the run changes";
    }
    rg::dropout_forward(x, 1.0, true, rng, mask, out);
    EXPECT_TRUE(matrices_near(out, Matrix(3, 4, 0.0), 0.0,
                              "training dropout with p = 1: torch returns zeros (not NaN from 1/(1 − p) = 1/0)"));
    EXPECT_TRUE(matrices_near(mask, Matrix(3, 4, 0.0), 0.0, "training dropout with p = 1: mask = 0"));
    EXPECT_EQ(rng.next_u64(), untouched.next_u64())
        << "training dropout with p = 1 must not draw from rng either: every entry is dropped whatever u is, so "
           "drawing only moves the generator (special-case p = 0 and p = 1 before the loop of draws)";
}

TEST(Ex1303DropoutForward, RejectsPOutsideZeroOne) {
    course::Rng rng(1);
    Matrix mask, out;
    for (const double p : {-0.1, 1.5, kNaN, 1.0 + 1e-9, -1e-12})
        EXPECT_THROW(rg::dropout_forward(Matrix(2, 2, 1.0), p, true, rng, mask, out), std::invalid_argument)
            << "p = " << course::teach::show(p) << " is outside [0, 1] (the bounds are exact: 1 + 1e-9 is out)";
}

// ---- 13.4 dropout backward -------------------------------------------------------------------------------
TEST(Ex1304DropoutBackward, GradientIsDoutTimesTheMask) {
    const Matrix mask = Matrix::from_rows({{0.0, 2.0, 2.0}, {2.0, 0.0, 2.0}});
    const Matrix dout = Matrix::from_rows({{1.0, -3.0, 0.5}, {4.0, 7.0, -1.0}});
    Matrix dx(2, 3);  // garbage (NaN) that must be overwritten, not added to
    course::teach::poison(dx);
    rg::dropout_backward(dout, mask, dx);
    EXPECT_TRUE(matrices_near(dx, Matrix::from_rows({{0.0, -6.0, 1.0}, {8.0, 0.0, -2.0}}), 1e-12,
                              "dx = dout ⊙ mask with p = 0.5 (kept units scaled by 2; the scale belongs in dx too)"));
}

// out = x ⊙ mask with a fixed mask is linear in x: central differences of Σ R ⊙ out give R ⊙ mask.
TEST(Ex1304DropoutBackward, MatchesCentralDifferencesOfTheMaskedForward) {
    const Matrix mask = Matrix::from_rows({{0.0, 1.25, 1.25, 1.25}, {1.25, 1.25, 0.0, 1.25}});
    const Matrix R = random_matrix(2, 4, 8), x = random_matrix(2, 4, 9);
    Matrix dx;
    rg::dropout_backward(R, mask, dx);
    const Matrix numerical = course::numerical_gradient([&](const Matrix& v) { return weighted_sum(v * mask, R); }, x);
    const course::GradCheckReport report = course::compare_gradients(dx, numerical);
    EXPECT_LT(report.max_relative_error, 1e-8) << "dropout backward vs central differences:\n" << report.describe();
}

TEST(Ex1304DropoutBackward, RejectsShapesThatDiffer) {
    Matrix dx;
    EXPECT_THROW(rg::dropout_backward(Matrix(2, 3), Matrix(3, 2), dx), course::ShapeError) << "dout (2×3), mask (3×2)";
}

// ---- 13.5 batch norm, training ---------------------------------------------------------------------------
// x = [[1, 2, 0], [3, 6, 0.002], [5, 10, 0.004]], γ = [2, 0.5, 1], β = [1, −1, 0]:
//   column 0: μ = 3, σ² = 8/3 (biased), unbiased 4;   column 1: μ = 6, σ² = 32/3, unbiased 16;
//   column 2: μ = 0.002, σ² = 8/3·1e-6, unbiased 4e-6 — small enough that eps = 1e-5 matters.
namespace {
const Matrix kBatch = Matrix::from_rows({{1.0, 2.0, 0.0}, {3.0, 6.0, 0.002}, {5.0, 10.0, 0.004}});
rg::BatchNorm hand_norm() {
    rg::BatchNorm bn = rg::make_batch_norm(3);
    bn.gamma = Matrix::from_rows({{2.0, 0.5, 1.0}});
    bn.beta = Matrix::from_rows({{1.0, -1.0, 0.0}});
    return bn;
}
}  // namespace

TEST(Ex1305BatchNormTrain, NormalisesWithTheBiasedBatchVarianceAndEpsInsideTheRoot) {
    rg::BatchNorm bn = hand_norm();
    rg::BatchNormCache cache{Matrix(5, 2), Matrix(1, 2)};  // a cache and an output of another batch: garbage
    Matrix out(5, 2);
    course::teach::poison(cache.x_hat), course::teach::poison(cache.inv_std), course::teach::poison(out);
    rg::batchnorm_forward_train(bn, kBatch, cache, out);
    const double s0 = 1.0 / std::sqrt(8.0 / 3.0 + 1e-5), s1 = 1.0 / std::sqrt(32.0 / 3.0 + 1e-5),
                 s2 = 1.0 / std::sqrt(8.0 / 3.0 * 1e-6 + 1e-5);
    const Matrix want = Matrix::from_rows({{1.0 - 4.0 * s0, -1.0 - 2.0 * s1, -0.002 * s2},
                                           {1.0, -1.0, 0.0},
                                           {1.0 + 4.0 * s0, -1.0 + 2.0 * s1, 0.002 * s2}});
    EXPECT_TRUE(matrices_near(out, want, 1e-9,
                              "batch norm (training) of the 3×3 hand batch: γ·(x − μ)/√(σ² + 1e-5) + β with the "
                              "biased σ² (÷n); column 2 is off if eps sits outside the root, all are if σ² is ÷(n − 1)"));
    EXPECT_TRUE(matrices_near(cache.inv_std, Matrix::from_rows({{s0, s1, s2}}), 1e-9, "cache.inv_std = 1/√(σ² + eps)"));
    EXPECT_TRUE(near(cache.x_hat(2, 0), 2.0 * s0, 1e-9, "cache.x_hat(2, 0) = (5 − 3)/√(8/3 + eps), before γ and β"));
}

TEST(Ex1305BatchNormTrain, RunningStatisticsUseMomentumOnTheNewBatchAndTheUnbiasedVariance) {
    rg::BatchNorm bn = hand_norm();
    rg::BatchNormCache cache;
    Matrix out;
    rg::batchnorm_forward_train(bn, kBatch, cache, out);
    EXPECT_TRUE(matrices_near(bn.running_mean, Matrix::from_rows({{0.3, 0.6, 0.0002}}), 1e-12,
                              "running_mean after one batch from 0: 0.9·0 + 0.1·μ (0.9·μ if the momentum convention "
                              "is reversed: torch's 0.1 weighs the NEW batch)"));
    EXPECT_TRUE(matrices_near(bn.running_var, Matrix::from_rows({{0.9 + 0.4, 0.9 + 1.6, 0.9 + 4e-7}}), 1e-12,
                              "running_var after one batch from 1: 0.9·1 + 0.1·(unbiased σ²) = 1.3, 2.5, 0.9000004 "
                              "(1.2667 in column 0: the biased variance went in)"));
    EXPECT_EQ(bn.num_batches_tracked, 1) << "num_batches_tracked after one training batch";
    // A second batch: x + 1 has the same variances and means one higher.
    Matrix shifted = kBatch + 1.0;
    rg::batchnorm_forward_train(bn, shifted, cache, out);
    EXPECT_TRUE(matrices_near(bn.running_mean, Matrix::from_rows({{0.9 * 0.3 + 0.4, 0.9 * 0.6 + 0.7, 0.9 * 0.0002 + 0.1002}}),
                              1e-12, "running_mean after a second batch (x + 1)"));
    EXPECT_TRUE(near(bn.running_var(0, 0), 0.9 * 1.3 + 0.4, 1e-12, "running_var(0) after a second batch"));
    EXPECT_EQ(bn.num_batches_tracked, 2) << "num_batches_tracked after two training batches";
}

TEST(Ex1305BatchNormTrain, OutputColumnsHaveMeanBetaAndStdGammaOnRandomData) {
    rg::BatchNorm bn = rg::make_batch_norm(4);
    bn.gamma = Matrix::from_rows({{0.5, 2.0, 1.0, 3.0}});
    bn.beta = Matrix::from_rows({{-1.0, 0.0, 4.0, 0.5}});
    Matrix x = random_matrix(64, 4, 21, 3.0) + 5.0;
    rg::BatchNormCache cache;
    Matrix out;
    rg::batchnorm_forward_train(bn, x, cache, out);
    for (std::size_t j = 0; j < 4; ++j) {
        double mean = 0.0, var = 0.0;
        for (std::size_t i = 0; i < 64; ++i) mean += out(i, j) / 64.0;
        for (std::size_t i = 0; i < 64; ++i) var += (out(i, j) - mean) * (out(i, j) - mean) / 64.0;
        EXPECT_TRUE(near(mean, bn.beta(0, j), 1e-9, "mean of output column " + std::to_string(j) + " = β"));
        EXPECT_TRUE(near(std::sqrt(var), bn.gamma(0, j), 1e-5, "std (÷n) of output column " + std::to_string(j) + " = γ"));
    }
}

// Normalising removes any shift: BN(x + c) = BN(x). With c = 1e6 and a spread of 0.01 this holds only if
// the variance is computed from the deviations, Σ(x − μ)², and not as Σx² − n·μ² (or Σ(x + μ)(x − μ)),
// which subtract numbers of order 1e12 to find one of order 1e-3 and keep none of its digits.
TEST(Ex1305BatchNormTrain, IsShiftInvariantEvenFarFromZero) {
    const Matrix small = random_matrix(16, 2, 23, 0.01);
    const Matrix far = small + 1e6;
    rg::BatchNorm bn_small = rg::make_batch_norm(2), bn_far = rg::make_batch_norm(2);
    rg::BatchNormCache cache;
    Matrix out_small, out_far;
    rg::batchnorm_forward_train(bn_small, small, cache, out_small);
    rg::batchnorm_forward_train(bn_far, far, cache, out_far);
    EXPECT_TRUE(matrices_near(out_far, out_small, 1e-5,
                              "BN(x + 1e6) against BN(x) for x of spread 0.01 (compute σ² from the deviations x − μ)"));
}

// Two rows are enough (torch accepts them): x = [1, 3] has μ = 2, biased σ² = 1 and unbiased variance 2.
TEST(Ex1305BatchNormTrain, ABatchOfTwoIsTheSmallestItNormalises) {
    rg::BatchNorm bn = rg::make_batch_norm(1);
    rg::BatchNormCache cache;
    Matrix out;
    rg::batchnorm_forward_train(bn, Matrix::from_rows({{1.0}, {3.0}}), cache, out);
    const double s = 1.0 / std::sqrt(1.0 + 1e-5);
    EXPECT_TRUE(matrices_near(out, Matrix::from_rows({{-s}, {s}}), 1e-12, "BN of the batch [1, 3]: ∓1/√(1 + eps)"));
    EXPECT_TRUE(near(bn.running_var(0, 0), 0.9 + 0.1 * 2.0, 1e-12,
                     "running_var after [1, 3]: 0.9·1 + 0.1·2 (the unbiased variance of two values, ÷ (n − 1) = 1)"));
}

TEST(Ex1305BatchNormTrain, RejectsABatchOfOneAndTheWrongWidth) {
    rg::BatchNorm bn = rg::make_batch_norm(3);
    rg::BatchNormCache cache;
    Matrix out;
    EXPECT_THROW(rg::batchnorm_forward_train(bn, Matrix(1, 3, 1.0), cache, out), std::invalid_argument)
        << "a batch of 1 row has no variance: torch raises 'Expected more than 1 value per channel'";
    EXPECT_THROW(rg::batchnorm_forward_train(bn, Matrix(4, 2, 1.0), cache, out), course::ShapeError)
        << "4×2 input for a 3-feature batch norm";
}

// ---- 13.6 batch norm, evaluation -------------------------------------------------------------------------
TEST(Ex1306BatchNormEval, UsesTheRunningStatisticsAndChangesNothing) {
    rg::BatchNorm bn = rg::make_batch_norm(3);
    bn.gamma = Matrix::from_rows({{2.0, 1.0, 0.5}});
    bn.beta = Matrix::from_rows({{0.5, -1.0, 0.0}});
    bn.running_mean = Matrix::from_rows({{1.0, -2.0, 0.0}});
    bn.running_var = Matrix::from_rows({{4.0, 0.25, 1e-6}});
    bn.num_batches_tracked = 5;
    const rg::BatchNorm before = bn;
    Matrix out(4, 4);
    course::teach::poison(out);
    rg::batchnorm_forward_eval(bn, Matrix::from_rows({{3.0, -1.0, 0.001}}), out);
    const Matrix want = Matrix::from_rows(
        {{2.0 * 2.0 / std::sqrt(4.0 + 1e-5) + 0.5, 1.0 / std::sqrt(0.25 + 1e-5) - 1.0, 0.5 * 0.001 / std::sqrt(1e-6 + 1e-5)}});
    EXPECT_TRUE(matrices_near(out, want, 1e-9,
                              "eval batch norm of one row [3, −1, 0.001] with running mean [1, −2, 0], var "
                              "[4, 0.25, 1e-6]: γ·(x − mean)/√(var + eps) + β (a batch of one has no statistics of "
                              "its own: batch stats give β)"));
    EXPECT_TRUE(matrices_near(bn.running_mean, before.running_mean, 0.0, "running_mean after eval: unchanged"));
    EXPECT_TRUE(matrices_near(bn.running_var, before.running_var, 0.0, "running_var after eval: unchanged"));
    EXPECT_EQ(bn.num_batches_tracked, 5) << "evaluation does not count batches";
}

TEST(Ex1306BatchNormEval, IsAnAffineMapOfEachColumnForAnyBatch) {
    rg::BatchNorm bn = rg::make_batch_norm(2);
    bn.running_mean = Matrix::from_rows({{0.5, -0.5}});
    bn.running_var = Matrix::from_rows({{9.0, 0.01}});
    const Matrix x = random_matrix(5, 2, 4);
    Matrix out;
    rg::batchnorm_forward_eval(bn, x, out);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_TRUE(near(out(i, 0), (x(i, 0) - 0.5) / std::sqrt(9.0 + 1e-5), 1e-12, "row " + std::to_string(i) + ", col 0"));
        EXPECT_TRUE(near(out(i, 1), (x(i, 1) + 0.5) / std::sqrt(0.01 + 1e-5), 1e-9, "row " + std::to_string(i) + ", col 1"));
    }
    EXPECT_THROW(rg::batchnorm_forward_eval(bn, Matrix(2, 3), out), course::ShapeError) << "2×3 input, 2 features";
}

// ---- 13.7 batch norm, backward ---------------------------------------------------------------------------
namespace {
// The cache of a training forward pass, computed by the test from the documented formula.
rg::BatchNormCache reference_cache(const Matrix& x, double eps) {
    rg::BatchNormCache cache{Matrix(x.rows(), x.cols()), Matrix(1, x.cols())};
    const double n = static_cast<double>(x.rows());
    for (std::size_t j = 0; j < x.cols(); ++j) {
        double mean = 0.0, var = 0.0;
        for (std::size_t i = 0; i < x.rows(); ++i) mean += x(i, j) / n;
        for (std::size_t i = 0; i < x.rows(); ++i) var += (x(i, j) - mean) * (x(i, j) - mean) / n;
        cache.inv_std(0, j) = 1.0 / std::sqrt(var + eps);
        for (std::size_t i = 0; i < x.rows(); ++i) cache.x_hat(i, j) = (x(i, j) - mean) * cache.inv_std(0, j);
    }
    return cache;
}
}  // namespace

TEST(Ex1307BatchNormBackward, MatchesCentralDifferencesForXGammaAndBeta) {
    const Matrix x = random_matrix(6, 3, 31, 2.0), R = random_matrix(6, 3, 32);
    rg::BatchNorm bn = rg::make_batch_norm(3);
    bn.gamma = Matrix::from_rows({{1.5, -0.7, 0.3}});
    bn.beta = Matrix::from_rows({{0.2, 0.1, -0.4}});
    const rg::BatchNormCache cache = reference_cache(x, 1e-5);
    Matrix dx(6, 3), dgamma(1, 3), dbeta(1, 3);  // garbage (NaN) from a last step: must be overwritten
    course::teach::poison(dx), course::teach::poison(dgamma), course::teach::poison(dbeta);
    rg::batchnorm_backward(bn, cache, R, dx, dgamma, dbeta);
    // ℒ = Σ R ⊙ BN(x), so ∂ℒ/∂out = R.
    const auto num_x = course::numerical_gradient(
        [&](const Matrix& v) { return weighted_sum(reference_batchnorm(v, bn.gamma, bn.beta, 1e-5), R); }, x);
    const auto num_gamma = course::numerical_gradient(
        [&](const Matrix& g) { return weighted_sum(reference_batchnorm(x, g, bn.beta, 1e-5), R); }, bn.gamma);
    const auto num_beta = course::numerical_gradient(
        [&](const Matrix& b) { return weighted_sum(reference_batchnorm(x, bn.gamma, b, 1e-5), R); }, bn.beta);
    const auto rx = course::compare_gradients(dx, num_x);
    EXPECT_LT(rx.max_relative_error, 1e-6)
        << "dx vs central differences. Every xᵢ reaches the loss three ways: directly through x̂ᵢ, through the "
           "batch mean μ and through the batch variance σ². Treating μ and σ as constants keeps only the first "
           "(dx = γ·inv_std·dout); dropping the path through σ² keeps two. questions.md, question 5, derives all "
           "three:\n" << rx.describe();
    const auto rg_ = course::compare_gradients(dgamma, num_gamma);
    EXPECT_LT(rg_.max_relative_error, 1e-6) << "dγ vs central differences (out = γ·x̂ + β; the buffer came in holding "
                                               "NaN, so write dγ, do not add to it):\n" << rg_.describe();
    const auto rb = course::compare_gradients(dbeta, num_beta);
    EXPECT_LT(rb.max_relative_error, 1e-6) << "dβ vs central differences (out = γ·x̂ + β; the buffer came in holding "
                                              "NaN, so write dβ, do not add to it):\n" << rb.describe();
    course::teach::draw_gradients_on_failure(
        !(rx.max_relative_error < 1e-6), "batchnorm_dx",
        "Batch norm backward, dx for a 6×3 batch: your gradient and central differences", dx.values(), num_x.values(), 1e-6,
        "entry of dx, row by row (6 examples × 3 features)");
}

// Through a normalisation, a gradient that is the same for every row (it only shifts the batch) and one
// proportional to x̂ (it only scales it) cannot change anything: dx = 0.
TEST(Ex1307BatchNormBackward, GradientsThatOnlyShiftOrScaleTheBatchVanish) {
    const Matrix x = random_matrix(5, 2, 41);
    rg::BatchNorm bn = rg::make_batch_norm(2);
    const rg::BatchNormCache cache = reference_cache(x, 1e-5);
    Matrix dx, dgamma, dbeta;
    rg::batchnorm_backward(bn, cache, Matrix(5, 2, 1.0), dx, dgamma, dbeta);
    EXPECT_TRUE(matrices_near(dx, Matrix(5, 2, 0.0), 1e-12, "dx for dout = 1 everywhere (the Σ dout term cancels it)"));
    EXPECT_TRUE(matrices_near(dbeta, Matrix(1, 2, 5.0), 1e-12, "dβ = Σ dout over the 5 rows"));
    rg::batchnorm_backward(bn, cache, cache.x_hat, dx, dgamma, dbeta);
    // Not exactly 0: with eps, Σ x̂² = n·σ²/(σ² + eps) falls short of n by a relative eps/σ² ≈ 1e-5.
    EXPECT_TRUE(matrices_near(dx, Matrix(5, 2, 0.0), 1e-3, "dx for dout = x̂ (the x̂·Σ(dout ⊙ x̂) term cancels it)"));
}

TEST(Ex1307BatchNormBackward, RejectsADoutOfAnotherShape) {
    rg::BatchNorm bn = rg::make_batch_norm(2);
    const rg::BatchNormCache cache = reference_cache(random_matrix(4, 2, 1), 1e-5);
    Matrix dx, dgamma, dbeta;
    EXPECT_THROW(rg::batchnorm_backward(bn, cache, Matrix(3, 2), dx, dgamma, dbeta), course::ShapeError)
        << "dout (3×2) against a cache of a 4×2 batch";
}

// The chapter's face network (given code) with batch norm and dropout everywhere, on a small 6-5-4-2
// network: every dW, db, dγ, dβ of loss_and_gradients against central differences of the same loss. A
// fresh network with the same seed draws the same dropout masks, so the loss is a fixed function.
// This test also runs your 13.3, 13.4 and 13.5: do those first.
TEST(Ex1307BatchNormBackward, TheChaptersFaceNetworkBackpropagatesThroughBatchNormAndDropout) {
    SCOPED_TRACE("this test also runs your 13.3 (dropout forward), 13.4 (dropout backward) and 13.5 (batch norm "
                 "forward): if one of those fails its own tests, mend it first");
    course::neural_network::Network initial;
    const std::vector<std::size_t> sizes{6, 5, 4, 2};
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l)
        initial.layers.push_back({random_matrix(sizes[l], sizes[l + 1], 60 + l, 0.7), random_matrix(1, sizes[l + 1], 70 + l, 0.2)});
    const rg::FaceNetOptions options{.input_dropout = 0.2, .hidden_dropout = 0.25, .batch_norm = true, .seed = 5};
    const Matrix X = random_matrix(7, 6, 81), Y = random_matrix(7, 2, 82);
    rg::FaceNet net(initial, options);
    net.loss_and_gradients(X, Y);
    // The loss as a function of tensor t's value, from a fresh network (same masks).
    auto loss_of = [&](std::size_t t, const Matrix& value) {
        rg::FaceNet fresh(initial, options);
        *fresh.tensors()[t].value = value;
        return fresh.loss_and_gradients(X, Y);
    };
    ASSERT_EQ(net.tensors().size(), 10u) << "W, b of 3 layers and γ, β of 2 batch norms";
    for (std::size_t t = 0; t < net.tensors().size(); ++t) {
        const Matrix value = *net.tensors()[t].value;
        const Matrix numerical = course::numerical_gradient([&](const Matrix& v) { return loss_of(t, v); }, value);
        // The biases before a batch norm have a gradient of exactly 0 (the normalisation removes any shift):
        // gradients_agree accepts an absolute difference within tol where the relative error is noise.
        EXPECT_TRUE(course::teach::gradients_agree(net.tensors()[t].grad->values(), numerical.values(), 1e-6,
                                                   "tensor " + std::to_string(t) + " of the face network (W, b per "
                                                   "layer, then γ, β per batch norm) vs central differences"));
    }
}

// ---- 13.8 flip ---------------------------------------------------------------------------------------------
TEST(Ex1308FlipFace, MirrorsEveryPixelRowAndNegatesOnlyTheYaw) {
    Matrix images(2, 1024), targets = Matrix::from_rows({{20.0, 10.0}, {-5.0, 3.0}});
    for (std::size_t k = 0; k < 1024; ++k) images(0, k) = static_cast<double>(k), images(1, k) = -1.0;
    rg::flip_face(images, targets, 0);
    std::vector<course::teach::Mismatch> missed;
    for (std::size_t r = 0; r < 32; ++r)
        for (std::size_t c = 0; c < 32; ++c)
            if (images(0, r * 32 + c) != static_cast<double>(r * 32 + 31 - c))
                missed.push_back({"(row " + std::to_string(r) + ", col " + std::to_string(c) + ")", images(0, r * 32 + c),
                                  static_cast<double>(r * 32 + 31 - c)});
    EXPECT_TRUE(course::teach::mismatches("flipped image whose pixel (r, c) held r·32 + c: pixel (r, c) must now hold "
                                          "r·32 + 31 − c (32 − c is off by one; 31 − r flips it upside down)",
                                          missed, 1024, 0.0));
    EXPECT_TRUE(near(targets(0, 0), -20.0, 0.0, "yaw of the flipped face (was 20°): a mirrored face looks the other way"));
    EXPECT_TRUE(near(targets(0, 1), 10.0, 0.0, "pitch of the flipped face (was 10°): up stays up"));
    EXPECT_TRUE(near(images(1, 0), -1.0, 0.0, "row 1 was not asked to flip"));
    EXPECT_TRUE(near(targets(1, 0), -5.0, 0.0, "row 1's yaw was not asked to flip"));
}

TEST(Ex1308FlipFace, FlippingTwiceRestoresTheFace) {
    Matrix images = random_matrix(3, 1024, 51), targets = random_matrix(3, 2, 52);
    const Matrix images0 = images, targets0 = targets;
    rg::flip_face(images, targets, 2);
    rg::flip_face(images, targets, 2);
    EXPECT_TRUE(matrices_near(images, images0, 0.0, "images after two flips of row 2"));
    EXPECT_TRUE(matrices_near(targets, targets0, 0.0, "targets after two flips of row 2"));
}

// Chapter 05's renderer draws a face at yaw +30° and at −30°; the mirror of the first must look like the
// second (its light and features are left-right symmetric up to small details) and carry its label.
TEST(Ex1308FlipFace, AFlippedRenderedFaceIsTheFaceTurnedTheOtherWay) {
    namespace fd = course::face_dataset;
    Matrix images = fd::render_face(30.0, 10.0), targets = Matrix::from_rows({{30.0, 10.0}});
    const Matrix turned = fd::render_face(-30.0, 10.0), same = fd::render_face(30.0, 10.0);
    rg::flip_face(images, targets, 0);
    const double to_turned = course::norm(images - turned), to_same = course::norm(images - same);
    EXPECT_LT(to_turned, 0.5 * to_same) << "the flip of a face rendered at yaw +30° should be much closer to the face "
                                           "at −30° (distance " << to_turned << ") than to the one at +30° (" << to_same << ")";
    EXPECT_TRUE(near(targets(0, 0), -30.0, 0.0, "its yaw label after the flip"));
}

TEST(Ex1308FlipFace, RejectsOtherShapesAndRowsOutOfRange) {
    Matrix images(2, 1024), targets(2, 2), wide(2, 3), small(2, 100);
    EXPECT_THROW(rg::flip_face(images, targets, 2), std::invalid_argument) << "row 2 of 2";
    EXPECT_THROW(rg::flip_face(images, wide, 0), std::invalid_argument) << "targets 2×3";
    EXPECT_THROW(rg::flip_face(small, targets, 0), std::invalid_argument) << "images 2×100";
}

// ---- 13.9 early stopping vs ridge ------------------------------------------------------------------------
// On ℒ(w) = ½λw² − c·w, gradient descent from 0 gives w_k = f(λ)·c: iterate it and divide by c.
namespace {
double iterate_gd(double lambda, double lr, int steps) {
    const double c = 1.0;
    double w = 0.0;
    for (int k = 0; k < steps; ++k) w -= lr * (lambda * w - c);
    return w / c;
}
}  // namespace

// The tolerance is relative (1e-12 of the value): the README's (1 − (1 − αλ)ᵏ)/λ loses a few digits to
// the cancellation 1 − (almost 1) when αλ is small — 2.2e-12 on 19.806 at λ = 1e-3, α = 0.5, k = 40,
// a relative 1.1e-13 — and is right; a k off by one misses by a relative 1e-3 or more.
TEST(Ex1309SpectralFilters, GradientDescentFilterMatchesIteratedGradientDescent) {
    struct Case {
        double lambda, lr;
        int steps;
    };
    const auto close = [](double got, double want) { return std::abs(got - want) <= 1e-12 * std::abs(want) + 1e-15; };
    for (const Case& c : {Case{2.0, 0.1, 3}, Case{0.5, 0.2, 1}, Case{10.0, 0.15, 7}, Case{1e-3, 0.5, 40},
                          Case{3.0, 0.1, 0}, Case{1.0, 1.0, 5}, Case{2.0, 0.5, 0}, Case{4.0, 0.25, 1}}) {
        const double want = iterate_gd(c.lambda, c.lr, c.steps), got = rg::gd_filter(c.lambda, c.lr, c.steps);
        std::string diagnosis;
        if (!close(got, want)) {
            if (c.steps > 0 && close(got, iterate_gd(c.lambda, c.lr, c.steps - 1)))
                diagnosis = ": your value is the one after k − 1 steps, so k is off by one";
            else if (close(got, iterate_gd(c.lambda, c.lr, c.steps + 1)))
                diagnosis = ": your value is the one after k + 1 steps, so k is off by one";
            else
                diagnosis = ": relative error " + course::teach::show(std::abs(got - want) / std::abs(want)) +
                            ", not the value after k − 1 or k + 1 steps either";
        }
        EXPECT_TRUE(near(got, want, 1e-12 * std::abs(want) + 1e-15,
                         "gd_filter(λ = " + course::teach::show(c.lambda) + ", α = " + course::teach::show(c.lr) +
                             ", k = " + std::to_string(c.steps) + ") vs k steps of GD from 0, relative tolerance 1e-12" +
                             diagnosis));
    }
    EXPECT_TRUE(near(rg::gd_filter(2.0, 0.1, 3), 0.244, 1e-12, "gd_filter(2, 0.1, 3) = (1 − 0.8³)/2"));
}

TEST(Ex1309SpectralFilters, ZeroEigenvalueGivesTheLimitAlphaK) {
    EXPECT_TRUE(near(rg::gd_filter(0.0, 0.1, 25), 2.5, 1e-12,
                     "gd_filter at λ = 0 (a flat direction): α·k = 2.5, the limit of (1 − (1 − αλ)ᵏ)/λ — not 0/0"));
    EXPECT_TRUE(near(rg::gd_filter(1e-9, 0.1, 100), 10.0 * (1.0 - 99 * 0.1 * 1e-9 / 2), 1e-5,
                     "gd_filter at λ = 1e-9, α = 0.1, k = 100: ≈ α·k·(1 − (k − 1)αλ/2)"));
}

TEST(Ex1309SpectralFilters, TikhonovFilterIsOneOverLambdaPlusTau) {
    EXPECT_TRUE(near(rg::tikhonov_filter(3.0, 0.5), 1.0 / 3.5, 1e-15, "tikhonov_filter(λ = 3, τ = 0.5)"));
    EXPECT_TRUE(near(rg::tikhonov_filter(0.0, 0.25), 4.0, 1e-15, "tikhonov_filter(λ = 0, τ = 0.25): 1/τ"));
    EXPECT_TRUE(near(rg::tikhonov_filter(2.0, 0.0), 0.5, 1e-15, "tikhonov_filter(λ = 2, τ = 0): least squares, 1/λ"));
    // The ridge minimiser of ½λw² − cw + ½τw² is c/(λ + τ).
    const double lambda = 1.7, tau = 0.3, c = 2.0;
    EXPECT_TRUE(near(rg::tikhonov_filter(lambda, tau) * c, c / (lambda + tau), 1e-15, "ridge solution / c"));
}

// Early stopping after k steps behaves like ridge with τ = 1/(αk): the same value α·k = 1/τ at λ = 0,
// both ≈ 1/λ for λ ≫ τ, and both ≤ 1/λ.
TEST(Ex1309SpectralFilters, EarlyStoppingActsLikeRidgeWithTauOneOverAlphaK) {
    const double lr = 0.01;
    const std::int64_t k = 100;
    const double tau = 1.0 / (lr * k);
    EXPECT_TRUE(near(rg::gd_filter(0.0, lr, k), rg::tikhonov_filter(0.0, tau), 1e-12, "both filters at λ = 0"));
    for (const double lambda : {10.0, 30.0, 90.0}) {
        EXPECT_LE(rg::gd_filter(lambda, lr, k), 1.0 / lambda + 1e-15) << "gd_filter(" << lambda << ") ≤ 1/λ";
        EXPECT_TRUE(near(rg::gd_filter(lambda, lr, k) * lambda, 1.0, 0.01, "λ·gd_filter for λ = " + std::to_string(lambda) + " ≫ τ = 1"));
    }
}

TEST(Ex1309SpectralFilters, RejectsInvalidArguments) {
    EXPECT_THROW(rg::gd_filter(-1.0, 0.1, 5), std::invalid_argument) << "λ = −1";
    EXPECT_THROW(rg::gd_filter(1.0, 0.0, 5), std::invalid_argument) << "α = 0";
    EXPECT_THROW(rg::gd_filter(1.0, 0.1, -1), std::invalid_argument) << "k = −1";
    EXPECT_THROW(rg::tikhonov_filter(-1.0, 1.0), std::invalid_argument) << "λ = −1";
    EXPECT_THROW(rg::tikhonov_filter(1.0, -0.5), std::invalid_argument) << "τ = −0.5";
    EXPECT_THROW(rg::tikhonov_filter(0.0, 0.0), std::invalid_argument) << "λ = τ = 0";
}

// ---- given code -------------------------------------------------------------------------------------------
TEST(Chapter13Given, BatchNormStartsAsTorchDoes) {
    const rg::BatchNorm bn = rg::make_batch_norm(3);
    EXPECT_TRUE(matrices_near(bn.gamma, Matrix(1, 3, 1.0), 0.0, "γ"));
    EXPECT_TRUE(matrices_near(bn.beta, Matrix(1, 3, 0.0), 0.0, "β"));
    EXPECT_TRUE(matrices_near(bn.running_mean, Matrix(1, 3, 0.0), 0.0, "running_mean"));
    EXPECT_TRUE(matrices_near(bn.running_var, Matrix(1, 3, 1.0), 0.0, "running_var"));
    EXPECT_EQ(bn.num_batches_tracked, 0);
    EXPECT_TRUE(near(bn.options.eps, 1e-5, 0.0, "eps"));
    EXPECT_TRUE(near(bn.options.momentum, 0.1, 0.0, "momentum"));
}

TEST(Chapter13Given, ShiftMovesTheFaceAndFillsTheEdge) {
    Matrix images(1, 1024);
    for (std::size_t k = 0; k < 1024; ++k) images(0, k) = static_cast<double>(k);
    rg::shift_image(images, 0, 32, 2, -1, -7.0);  // right by 2, up by 1
    EXPECT_EQ(images(0, 5 * 32 + 10), static_cast<double>(6 * 32 + 8)) << "pixel (r 5, c 10) comes from (r 6, c 8)";
    EXPECT_EQ(images(0, 5 * 32 + 1), -7.0) << "columns 0-1 come from outside";
    EXPECT_EQ(images(0, 31 * 32 + 20), -7.0) << "the bottom row comes from outside";
}

TEST(Chapter13Given, ShiftInPlaceMovesAnySquareImageEveryWay) {
    // shift_image works in place, walking against the shift; on a 5×5 image (chapter 18 moves 28×28
    // ones) every move up to 2 pixels each way must match a copy-based reference, the second image untouched.
    constexpr int side = 5;
    for (int dx = -2; dx <= 2; ++dx)
        for (int dy = -2; dy <= 2; ++dy) {
            Matrix images(2, side * side);
            for (std::size_t k = 0; k < images.size(); ++k) images.data()[k] = static_cast<double>(k);
            const Matrix original = images;
            rg::shift_image(images, 0, side, dx, dy, -1.0);
            for (int r = 0; r < side; ++r)
                for (int c = 0; c < side; ++c) {
                    const int from_r = r - dy, from_c = c - dx;
                    const bool inside = from_r >= 0 && from_r < side && from_c >= 0 && from_c < side;
                    ASSERT_EQ(images(0, r * side + c), inside ? original(0, from_r * side + from_c) : -1.0)
                        << "pixel (r " << r << ", c " << c << ") after a shift by (dx " << dx << ", dy " << dy << ")";
                }
            for (int k = 0; k < side * side; ++k) ASSERT_EQ(images(1, k), original(1, k)) << "row 1 is not shifted";
        }
    Matrix faces(1, 1024);
    EXPECT_THROW(rg::shift_image(faces, 0, 28, 1, 1, 0.0), std::invalid_argument) << "1024 pixels are not 28×28";
}
