// Tests that grade chapter 19. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter19…
// suites test the given code and pass on the stubs too.
//
// What the exercises are compared with, never with a copy of the solution:
//   19.1, 19.4  the cell equations evaluated here entry by entry (test-owned reference steps);
//   19.2, 19.3, 19.5  central differences of a loss computed with the test-owned forward pass, for
//               every parameter, the inputs and the initial state;
//   19.6  the construction's invariants, and the variance 1/6 of a sum of two U(0, 1);
//   19.7  hand-computed tables with repeated tokens;
//   19.8  Jacobians ∂h_T/∂h_{T−k} by central differences through the test's own forward pass.
// Output and scratch buffers arrive NaN-filled (the harness rule), and the BPTT cache is reused across
// calls, so a forgotten reset fails. tests/mutants/19_recurrent_networks.md lists the student bugs the
// tests must catch (`make check-mutants CH=19`).
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/19_recurrent_networks/lecture.hpp"
#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "tests/19_recurrent_networks_support.hpp"
#include "common/errors.hpp"
#include "common/gradcheck.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace rc = course::recurrent;
using course::Matrix;
using course::teach::near;
using namespace course::recurrent_test;

// ==== given code =========================================================================================

TEST(Chapter19Given, MatmulAddAgreesWithMatmulInEveryTransposeCase) {
    const Matrix A = random_matrix(3, 5, 1), B = random_matrix(5, 4, 2), At = course::transpose(A),
                 Bt = course::transpose(B);
    const Matrix want = course::matmul(A, B) + 1.0;
    for (int mode = 0; mode < 4; ++mode) {
        Matrix C(3, 4, 1.0);
        rc::matmul_add(C, mode & 1 ? At : A, mode & 2 ? Bt : B, mode & 1, mode & 2);
        EXPECT_LT(course::max_abs_diff(C, want), 1e-12) << "matmul_add, transpose mode " << mode;
    }
}

TEST(Chapter19Given, LstmStartsWithForgetBiasOneAndPyTorchBounds) {
    course::Rng rng(5);
    const rc::LstmParams p = rc::make_lstm(3, 4, rng);
    ASSERT_EQ(p.b.cols(), 16u);
    for (std::size_t j = 0; j < 16; ++j) {
        if (j >= 4 && j < 8)
            EXPECT_EQ(p.b(0, j), 1.0) << "forget bias, column " << j;
        else
            EXPECT_LE(std::abs(p.b(0, j)), 0.5) << "bias column " << j << " outside U(−1/√H, 1/√H)";
    }
}

// ==== 19.1 The RNN cell, forward ===========================================================================

TEST(Ex1901RnnCellForward, MatchesTheEquationEntryByEntry) {
    const rc::RnnParams p = random_rnn(3, 4, 21);
    const Matrix x = random_matrix(2, 3, 22), h_prev = random_matrix(2, 4, 23);
    Matrix h;
    rc::rnn_cell_forward(p, x, h_prev, h);
    EXPECT_TRUE(matrices_near(h, reference_rnn_step(p, x, h_prev), 1e-12,
                              "h = tanh(x·Wx + h_prev·Wh + b), B = 2, D = 3, H = 4 (forgot h_prev·Wh or b?)"));
}

TEST(Ex1901RnnCellForward, AHiddenStateOfZeroAndNoInputGivesTanhOfTheBias) {
    const rc::RnnParams p = random_rnn(2, 3, 24);
    Matrix h(7, 7, 5.0);  // a wrong shape and stale values: the cell must resize and overwrite
    rc::rnn_cell_forward(p, Matrix(1, 2), Matrix(1, 3), h);
    ASSERT_EQ(h.shape(), Matrix(1, 3).shape()) << "h must be resized to B×H";
    for (std::size_t j = 0; j < 3; ++j)
        EXPECT_TRUE(near(h(0, j), std::tanh(p.b(0, j)), 1e-12, "h[" + std::to_string(j) + "] with x = 0, h_prev = 0"));
}

// ==== 19.2 The RNN cell, backward =========================================================================

TEST(Ex1902RnnCellBackward, EveryGradientAgreesWithCentralDifferences) {
    const rc::RnnParams p = random_rnn(3, 4, 31);
    const Matrix x = random_matrix(2, 3, 32), h_prev = random_matrix(2, 4, 33), R = random_matrix(2, 4, 34);
    const Matrix h = reference_rnn_step(p, x, h_prev);
    rc::RnnGrads g = rc::zero_grads(p);
    // Reused buffers: dz, dh_prev and dx are written, not added to (NaN shows the difference).
    Matrix dz = poisoned_matrix(2, 4), dh_prev = poisoned_matrix(2, 4), dx = poisoned_matrix(2, 3);
    rc::rnn_cell_backward(p, x, h_prev, h, R, g, dz, dh_prev, dx);
    // ℒ = Σ h ⊙ R, so ∂ℒ/∂h = R.
    auto loss = [&](const rc::RnnParams& q, const Matrix& xx, const Matrix& hp) {
        return course::sum(reference_rnn_step(q, xx, hp) * R);
    };
    expect_rnn_param_grads(p, g, [&](const rc::RnnParams& q) { return loss(q, x, h_prev); }, "one RNN step");
    EXPECT_TRUE(agree(dx, course::numerical_gradient([&](const Matrix& v) { return loss(p, v, h_prev); }, x),
                      "dx (into a NaN-filled buffer: resize, zero, then add the product)"));
    EXPECT_TRUE(agree(dh_prev, course::numerical_gradient([&](const Matrix& v) { return loss(p, x, v); }, h_prev),
                      "dh_prev (a missing transpose? into a NaN-filled buffer: zero it before adding to it)"));
    Matrix want_dz = R;
    for (std::size_t k = 0; k < h.size(); ++k) want_dz.data()[k] *= 1.0 - h.data()[k] * h.data()[k];
    EXPECT_TRUE(matrices_near(dz, want_dz, 1e-12, "dz = dh ⊙ (1 − h²) (tanh' from the output h, not z)"));
}

TEST(Ex1902RnnCellBackward, AddsToTheGradientsInsteadOfOverwritingThem) {
    const rc::RnnParams p = random_rnn(2, 3, 35);
    const Matrix x = random_matrix(2, 2, 36), h_prev = random_matrix(2, 3, 37), R = random_matrix(2, 3, 38);
    const Matrix h = reference_rnn_step(p, x, h_prev);
    rc::RnnGrads fresh = rc::zero_grads(p), preloaded = rc::zero_grads(p);
    for (Matrix* m : {&preloaded.dWx, &preloaded.dWh, &preloaded.db}) m->fill(1.0);
    Matrix dz, dh_prev, dx;
    rc::rnn_cell_backward(p, x, h_prev, h, R, fresh, dz, dh_prev, dx);
    rc::rnn_cell_backward(p, x, h_prev, h, R, preloaded, dz, dh_prev, dx);
    EXPECT_TRUE(matrices_near(preloaded.dWx, fresh.dWx + 1.0, 1e-12, "dWx starting from 1: the step's share is added"));
    EXPECT_TRUE(matrices_near(preloaded.dWh, fresh.dWh + 1.0, 1e-12, "dWh starting from 1: the step's share is added"));
    EXPECT_TRUE(matrices_near(preloaded.db, fresh.db + 1.0, 1e-12, "db starting from 1: the step's share is added"));
}

TEST(Ex1902RnnCellBackward, RejectsAGradientShapedUnlikeTheOutput) {
    const rc::RnnParams p = random_rnn(2, 3, 39);
    const Matrix x = random_matrix(2, 2, 40), h_prev = random_matrix(2, 3, 41);
    const Matrix h = reference_rnn_step(p, x, h_prev);
    rc::RnnGrads g = rc::zero_grads(p);
    Matrix dz, dh_prev, dx;
    EXPECT_THROW(rc::rnn_cell_backward(p, x, h_prev, h, Matrix(2, 2), g, dz, dh_prev, dx), course::ShapeError)
        << "dh (2×2) for h (2×3)";
    EXPECT_THROW(rc::rnn_cell_backward(p, x, h_prev, h, Matrix(3, 3), g, dz, dh_prev, dx), course::ShapeError)
        << "dh (3×3) for h (2×3)";
}

// ==== 19.3 Backpropagation through time ====================================================================

TEST(Ex1903RnnBackward, ALossOnTheLastStepReachesEveryStep) {
    expect_bptt_matches_central_differences(5, {4}, "ℒ on h_T only (did you carry dh from step t + 1?)");
}

TEST(Ex1903RnnBackward, ALossOnEveryStepAddsItsOwnGradient) {
    expect_bptt_matches_central_differences(4, {0, 1, 2, 3}, "ℒ on every hₜ (did you add dhs[t − 1] at each step?)");
}

TEST(Ex1903RnnBackward, ALossOnTheFirstStepOnly) {
    expect_bptt_matches_central_differences(3, {0}, "ℒ on h₁ only: the later steps add nothing");
}

TEST(Ex1903RnnBackward, EveryStepsShareIsRightIncludingTheFirst) {
    // A property of BPTT itself, step by step: feed an input at step t only (the others 0), with ℒ on h_T.
    // Then dWx = x_tᵀ·dz_t is step t's share alone, and it must match central differences for every t,
    // the first included: by then the gradient has come back through every later step's Wh and tanh'.
    const std::size_t T = 5;
    const Sequence s = random_sequence(T, 2, 3, 4, 53);
    const Matrix R = random_matrix(2, 4, 54);
    std::vector<double> yours_norm, reference_norm, steps;  // ‖step t's share of dWx‖, for the picture
    const auto norm = [](const Matrix& m) {
        double squares = 0.0;
        for (double v : m.values()) squares += v * v;
        return std::sqrt(squares);
    };
    for (std::size_t t = 1; t <= T; ++t) {
        std::vector<Matrix> xs(T, Matrix(2, 3));
        xs[t - 1] = s.xs[t - 1];
        std::vector<Matrix> dhs(T, Matrix(2, 4));
        dhs[T - 1] = R;
        rc::RnnCache cache = reference_rnn_cache(s.rnn, xs);
        rc::RnnGrads g = rc::zero_grads(s.rnn);
        rc::rnn_backward(s.rnn, xs, cache, dhs, g);
        const Matrix numerical = course::numerical_gradient(
            [&](const Matrix& wx) {
                rc::RnnParams q = s.rnn;
                q.Wx = wx;
                return course::sum(reference_rnn_cache(q, xs).h[T] * R);
            },
            s.rnn.Wx);
        EXPECT_TRUE(agree(g.dWx, numerical,
                          "dWx with an input at step " + std::to_string(t) + " of " + std::to_string(T) +
                              " only and ℒ on h_T: step " + std::to_string(t) + "'s share" +
                              (t == 1 ? " (the FIRST step: does your loop reach t = 1, with h_prev = h₀?)"
                                      : " (the carry dh from step t + 1, and h_prev = cache.h[t − 1])")));
        steps.push_back(static_cast<double>(t)), yours_norm.push_back(norm(g.dWx)), reference_norm.push_back(norm(numerical));
    }
    // Step by step, the size of each step's share: it shrinks going back in time (tanh' < 1 and Wh at
    // every step), and a share that is missing or wrong stands out against central differences.
    course::teach::draw_curves_on_failure(
        course::teach::test_failed(), "bptt_per_step",
        {.title = "BPTT, T = 5, ℒ on h_T: each step's share of dWx, yours and central differences",
         .xlabel = "time step t of the input (ℒ at t = 5)", .ylabel = "‖dWx‖ from an input at step t only",
         .x = steps, .yours = yours_norm, .reference = reference_norm,
         .reference_label = "central differences", .more = [](course::plot::Axes& ax) {
             ax.xticks({1, 2, 3, 4, 5});
         }});
}

TEST(Ex1903RnnBackward, CallingTwiceGivesTheSameGradients) {
    const Sequence s = random_sequence(3, 2, 3, 4, 51);
    rc::RnnCache cache = reference_rnn_cache(s.rnn, s.xs);
    const std::vector<Matrix> dhs = last_step_only(s, 3);
    rc::RnnGrads first = rc::zero_grads(s.rnn), second = rc::zero_grads(s.rnn);
    rc::rnn_backward(s.rnn, s.xs, cache, dhs, first);
    rc::rnn_backward(s.rnn, s.xs, cache, dhs, second);
    rc::rnn_backward(s.rnn, s.xs, cache, dhs, second);
    EXPECT_TRUE(matrices_near(second.dWh, first.dWh, 1e-12,
                              "dWh after a second call with the same grads object and the same cache (zero the "
                              "gradients AND the carried dh first: the cache's scratch holds the last call's)"));
}

TEST(Ex1903RnnBackward, RejectsGradientsForTheWrongNumberOfSteps) {
    const Sequence s = random_sequence(3, 2, 3, 4, 52);
    rc::RnnCache cache = reference_rnn_cache(s.rnn, s.xs);
    rc::RnnGrads g = rc::zero_grads(s.rnn);
    EXPECT_THROW(rc::rnn_backward(s.rnn, s.xs, cache, last_step_only(s, 2), g), std::invalid_argument)
        << "two dhs for a sequence of three steps";
}

// ==== 19.4 The LSTM cell, forward ===========================================================================

TEST(Ex1904LstmCellForward, MatchesTheGateEquationsEntryByEntry) {
    const rc::LstmParams p = random_lstm(3, 4, 61);
    const Matrix x = random_matrix(2, 3, 62), h_prev = random_matrix(2, 4, 63), c_prev = random_matrix(2, 4, 64);
    rc::LstmStep got;  // the previous step's buffers, as lstm_forward reuses them: overwrite every entry
    got.a = poisoned_matrix(2, 16);
    for (Matrix* m : {&got.i, &got.f, &got.g, &got.o, &got.c, &got.tanh_c, &got.h}) *m = poisoned_matrix(2, 4);
    rc::lstm_cell_forward(p, x, h_prev, c_prev, got);
    const rc::LstmStep want = reference_lstm_step(p, x, h_prev, c_prev);
    EXPECT_TRUE(matrices_near(got.a, want.a, 1e-12, "LSTM step: a = x·Wx + h_prev·Wh + b, into a NaN-filled buffer "
                                                    "(start from b, do not add to what a held)"));
    const char* names[] = {"i (σ of columns 0:H)", "f (σ of columns H:2H)", "g (tanh of columns 2H:3H)",
                           "o (σ of columns 3H:4H)", "c = f ⊙ c_prev + i ⊙ g", "tanh(c)", "h = o ⊙ tanh(c)"};
    const Matrix rc::LstmStep::*fields[] = {&rc::LstmStep::i, &rc::LstmStep::f, &rc::LstmStep::g, &rc::LstmStep::o,
                                            &rc::LstmStep::c, &rc::LstmStep::tanh_c, &rc::LstmStep::h};
    for (int k = 0; k < 7; ++k)
        EXPECT_TRUE(matrices_near(got.*fields[k], want.*fields[k], 1e-12, std::string("LSTM step: ") + names[k]));
}

TEST(Ex1904LstmCellForward, GateOrderIsInputForgetCellOutput) {
    // Zero weights; biases +5 on one block at a time: only that gate opens (σ(5) = 0.9933).
    rc::LstmParams p{Matrix(1, 8), Matrix(2, 8), Matrix(1, 8)};
    const Matrix x(1, 1), h_prev(1, 2), c_prev(1, 2, 1.0);
    const char* gate[] = {"i", "f", "g", "o"};
    for (std::size_t block = 0; block < 4; ++block) {
        p.b.fill(0.0);
        p.b(0, 2 * block) = p.b(0, 2 * block + 1) = 5.0;
        rc::LstmStep s;
        rc::lstm_cell_forward(p, x, h_prev, c_prev, s);
        const double big = 1.0 / (1.0 + std::exp(-5.0));
        const double i = block == 0 ? big : 0.5, f = block == 1 ? big : 0.5, g = block == 2 ? std::tanh(5.0) : 0.0;
        const double o = block == 3 ? big : 0.5, c = f * 1.0 + i * g;
        EXPECT_TRUE(near(s.c(0, 0), c, 1e-12, std::string("c with bias +5 on the ") + gate[block] +
                                                   " block (PyTorch's order i, f, g, o)"));
        EXPECT_TRUE(near(s.h(0, 0), o * std::tanh(c), 1e-12, std::string("h with bias +5 on the ") + gate[block] + " block"));
    }
}

// ==== 19.5 The LSTM cell, backward ==========================================================================

TEST(Ex1905LstmCellBackward, EveryGradientAgreesWithCentralDifferences) {
    expect_lstm_cell_backward_matches(false);
}

TEST(Ex1905LstmCellBackward, TheCellPathCarriesDcBackThroughTheForgetGate) {
    expect_lstm_cell_backward_matches(true);
}

TEST(Ex1905LstmCellBackward, AddsToTheGradientsInsteadOfOverwritingThem) {
    const rc::LstmParams p = random_lstm(2, 3, 119);
    const Matrix x = random_matrix(2, 2, 120), h_prev = random_matrix(2, 3, 121), c_prev = random_matrix(2, 3, 122);
    const Matrix dh = random_matrix(2, 3, 123), dc = random_matrix(2, 3, 124);
    const rc::LstmStep step = reference_lstm_step(p, x, h_prev, c_prev);
    rc::LstmGrads fresh = rc::zero_grads(p), preloaded = rc::zero_grads(p);
    for (Matrix* m : {&preloaded.dWx, &preloaded.dWh, &preloaded.db}) m->fill(1.0);
    Matrix dh_prev, dc_prev, dx, da;
    rc::lstm_cell_backward(p, x, h_prev, c_prev, step, dh, dc, fresh, dh_prev, dc_prev, dx, da);
    rc::lstm_cell_backward(p, x, h_prev, c_prev, step, dh, dc, preloaded, dh_prev, dc_prev, dx, da);
    EXPECT_TRUE(matrices_near(preloaded.dWx, fresh.dWx + 1.0, 1e-12, "dWx starting from 1: the step's share is ADDED "
                                                                     "(the weights serve every step)"));
    EXPECT_TRUE(matrices_near(preloaded.dWh, fresh.dWh + 1.0, 1e-12, "dWh starting from 1: the step's share is added"));
    EXPECT_TRUE(matrices_near(preloaded.db, fresh.db + 1.0, 1e-12, "db starting from 1: the step's share is added"));
}

TEST(Ex1905LstmCellBackward, RejectsGradientsShapedUnlikeTheState) {
    const rc::LstmParams p = random_lstm(2, 3, 117);
    const Matrix x = random_matrix(2, 2, 118), h_prev(2, 3), c_prev(2, 3);
    const rc::LstmStep step = reference_lstm_step(p, x, h_prev, c_prev);
    rc::LstmGrads g = rc::zero_grads(p);
    Matrix dh_prev, dc_prev, dx, da;
    EXPECT_THROW(rc::lstm_cell_backward(p, x, h_prev, c_prev, step, Matrix(2, 2), Matrix(2, 3), g, dh_prev, dc_prev,
                                        dx, da),
                 course::ShapeError)
        << "dh (2×2) for h (2×3)";
    EXPECT_THROW(rc::lstm_cell_backward(p, x, h_prev, c_prev, step, Matrix(2, 3), Matrix(1, 3), g, dh_prev, dc_prev,
                                        dx, da),
                 course::ShapeError)
        << "dc (1×3) for c (2×3)";
}

TEST(Ex1905LstmCellBackward, ThroughTimeWithTheGivenLoopEveryParameterAgrees) {
    const Sequence s = random_sequence(4, 2, 3, 3, 71);
    rc::LstmCache cache = reference_lstm_cache(s.lstm, s.xs);
    std::vector<Matrix> dhs;
    for (std::size_t t = 0; t < 4; ++t) dhs.push_back(random_matrix(2, 3, 80 + t));
    rc::LstmGrads g = rc::zero_grads(s.lstm);
    std::vector<Matrix> dxs;
    rc::lstm_backward(s.lstm, s.xs, cache, dhs, g, &dxs);
    auto loss = [&](const rc::LstmParams& q, const std::vector<Matrix>& xs) {
        const rc::LstmCache c = reference_lstm_cache(q, xs);
        double total = 0.0;
        for (std::size_t t = 0; t < xs.size(); ++t) total += course::sum(c.steps[t + 1].h * dhs[t]);
        return total;
    };
    expect_lstm_param_grads(s.lstm, g, [&](const rc::LstmParams& q) { return loss(q, s.xs); },
                            "4-step LSTM with a loss on every hₜ, through the given lstm_backward (your 19.5 at "
                            "every step; the forward pass is the test's own, not your 19.4)");
    std::vector<Matrix> xs = s.xs;
    const Matrix numeric = course::numerical_gradient(
        [&](const Matrix& v) {
            xs[0] = v;
            return loss(s.lstm, xs);
        },
        s.xs[0]);
    EXPECT_TRUE(agree(dxs[0], numeric, "dx₁ through all four steps"));
}

// ==== 19.6 The adding problem ================================================================================

TEST(Ex1906AddingProblem, TwoMarkersOneInEachHalfAndTheirSum) {
    course::Rng rng(91);
    for (const std::size_t T : {2u, 7u, 20u}) {
        const rc::AddingData d = rc::make_adding_problem(300, T, rng);
        ASSERT_EQ(d.X.shape(), Matrix(300, 2 * T).shape()) << "X is n × 2T for T = " << T;
        ASSERT_EQ(d.Y.shape(), Matrix(300, 1).shape()) << "Y is n × 1";
        std::vector<int> first_half(T, 0), second_half(T, 0);
        for (std::size_t r = 0; r < 300; ++r) {
            double sum = 0.0;
            std::vector<std::size_t> marks;
            for (std::size_t t = 0; t < T; ++t) {
                const double v = d.X(r, 2 * t), m = d.X(r, 2 * t + 1);
                ASSERT_TRUE(v >= 0.0 && v < 1.0) << "value at step " << t << " of row " << r << " is " << v;
                ASSERT_TRUE(m == 0.0 || m == 1.0) << "marker at step " << t << " is " << m;
                if (m == 1.0) {
                    marks.push_back(t);
                    sum += v;
                }
            }
            ASSERT_EQ(marks.size(), 2u) << "row " << r << " of T = " << T << " has " << marks.size() << " markers";
            EXPECT_LT(marks[0], T / 2) << "first marker in [0, T/2), T = " << T;
            EXPECT_GE(marks[1], T / 2) << "second marker in [T/2, T), T = " << T;
            EXPECT_TRUE(near(d.Y(r, 0), sum, 1e-15, "Y = the sum of the two marked values"));
            ++first_half[marks[0]];
            ++second_half[marks[1]];
        }
        if (T == 20)
            for (std::size_t t = 0; t < 10; ++t) {
                EXPECT_GT(first_half[t], 10) << "step " << t << " is almost never marked: positions not uniform";
                EXPECT_GT(second_half[10 + t], 10) << "step " << 10 + t << " is almost never marked";
            }
    }
}

TEST(Ex1906AddingProblem, DrawsInTheDocumentedOrder) {
    // Per sequence: the T values in step order, then the first marked step, then the second. The test
    // replays that order on a twin generator, so the program's numbers are the same for every student.
    course::Rng rng(94), twin(94);
    const std::size_t T = 8;
    const rc::AddingData d = rc::make_adding_problem(3, T, rng);
    for (std::size_t r = 0; r < 3; ++r) {
        for (std::size_t t = 0; t < T; ++t)
            EXPECT_EQ(d.X(r, 2 * t), twin.uniform()) << "row " << r << ", value of step " << t
                                                     << " (draw T values per row, no more, before the positions)";
        const std::size_t first = twin.index(T / 2), second = T / 2 + twin.index(T - T / 2);
        EXPECT_EQ(d.X(r, 2 * first + 1), 1.0) << "row " << r << ": first marker at step " << first;
        EXPECT_EQ(d.X(r, 2 * second + 1), 1.0) << "row " << r << ": second marker at step " << second;
    }
}

TEST(Ex1906AddingProblem, TheConstantPredictorScoresOneSixth) {
    course::Rng rng(92);
    const rc::AddingData d = rc::make_adding_problem(40000, 10, rng);
    // Var(u₁ + u₂) = 1/12 + 1/12; the sampling error of 40,000 draws is about 0.001.
    EXPECT_TRUE(near(rc::constant_baseline_mse(d.Y), 1.0 / 6.0, 0.004, "baseline MSE of 40,000 adding sequences"));
    EXPECT_TRUE(near(rc::constant_baseline_mse(Matrix::column({1.0, 2.0, 3.0, 4.0})), 1.25, 1e-12,
                     "MSE of predicting the mean 2.5 for [1, 2, 3, 4] (divide by n = 4, not n − 1)"));
    EXPECT_TRUE(near(rc::constant_baseline_mse(Matrix::column({3.0})), 0.0, 1e-15, "one target"));
}

TEST(Ex1906AddingProblem, RejectsEmptyAndTooShortRequests) {
    course::Rng rng(93);
    EXPECT_THROW(rc::make_adding_problem(0, 10, rng), std::invalid_argument) << "n = 0";
    EXPECT_THROW(rc::make_adding_problem(5, 1, rng), std::invalid_argument) << "T = 1 has no room for two markers";
    EXPECT_THROW(rc::constant_baseline_mse(Matrix()), std::invalid_argument) << "no targets";
}

// ==== 19.7 The embedding =====================================================================================

TEST(Ex1907Embedding, ForwardLooksUpOneRowPerToken) {
    const Matrix E = Matrix::from_rows({{1, 2}, {3, 4}, {5, 6}});
    Matrix out(9, 9, 7.0);
    rc::embedding_forward(E, {2, 0, 2}, out);
    EXPECT_TRUE(matrices_near(out, Matrix::from_rows({{5, 6}, {1, 2}, {5, 6}}), 0.0, "embedding of tokens {2, 0, 2}"));
}

TEST(Ex1907Embedding, BackwardAccumulatesRepeatedTokens) {
    const Matrix dout = Matrix::from_rows({{1, 10}, {2, 20}, {4, 40}});
    Matrix dE(3, 2, 0.5);  // a gradient already there from earlier steps: added to, not replaced
    rc::embedding_backward({2, 0, 2}, dout, dE);
    EXPECT_TRUE(matrices_near(dE, Matrix::from_rows({{2.5, 20.5}, {0.5, 0.5}, {5.5, 50.5}}), 1e-15,
                              "dE after tokens {2, 0, 2} onto 0.5 everywhere (token 2 twice: 1 + 4 and 10 + 40)"));
}

TEST(Ex1907Embedding, TheWholeSentimentModelAgreesWithCentralDifferences) {
    // Tokens with repeats (vocabulary 4, 3 sequences of 5), an LSTM of 3 units, a logit on h_T: every
    // parameter's gradient, the table E's included, against central differences of the model's own loss.
    // This test also runs your 19.4 and 19.5 (the LSTM) and the chapter's given model: exercises.md says so.
    course::Rng rng(121);
    rc::SequenceModel model({.cell = rc::CellKind::lstm, .steps = 5, .vocab = 4, .embedding = 2, .hidden = 3,
                             .task = rc::Task::classification},
                            rng);
    const Matrix X = Matrix::from_rows({{0, 1, 1, 3, 2}, {2, 2, 2, 0, 1}, {3, 0, 3, 1, 1}});
    const Matrix Y = Matrix::column({1.0, 0.0, 1.0});
    model.loss_and_gradients(X, Y);
    const char* names[] = {"dWx", "dWh", "db", "dV", "dc", "dE"};
    const auto& params = model.parameters();
    ASSERT_EQ(params.size(), 6u) << "Wx, Wh, b, V, c and E";
    for (std::size_t k = 0; k < params.size(); ++k) {
        const Matrix analytic = *params[k].grad, original = *params[k].value;
        const Matrix numerical = course::numerical_gradient(
            [&](const Matrix& v) {
                *params[k].value = v;
                const double loss = model.evaluate(X, Y);
                *params[k].value = original;
                return loss;
            },
            original);
        EXPECT_TRUE(agree(analytic, numerical, std::string("sentiment model: ") + names[k] +
                                                   " (dE: each step's dx added to its token's row; this test "
                                                   "also runs your 19.4 and 19.5)"));
    }
}

TEST(Ex1907Embedding, RejectsTokensOutsideTheVocabulary) {
    const Matrix E(3, 2);
    Matrix out, dE(3, 2);
    EXPECT_THROW(rc::embedding_forward(E, {0, 3}, out), std::out_of_range) << "token 3 of a vocabulary of 3";
    EXPECT_THROW(rc::embedding_backward({3}, Matrix(1, 2), dE), std::out_of_range) << "token 3 of a vocabulary of 3";
}

// ==== 19.8 Gradients through time ===========================================================================

TEST(Ex1908GradientNorms, RnnJacobianNormsAgreeWithCentralDifferences) {
    const Sequence s = random_sequence(6, 2, 2, 3, 101);
    const rc::RnnCache cache = reference_rnn_cache(s.rnn, s.xs);
    for (const std::size_t row : {0u, 1u}) {
        const std::vector<double> got = rc::rnn_jacobian_norms(s.rnn, cache, row);
        ASSERT_EQ(got.size(), 7u) << "one norm per lag k = 0..T, T = 6";
        for (std::size_t k = 0; k <= 6; ++k)
            EXPECT_TRUE(near(got[k], numerical_jacobian_norm(s.rnn, s.xs, cache, row, k), 1e-6,
                             "‖∂h_T/∂h_{T−k}‖ for row " + std::to_string(row) + ", lag k = " + std::to_string(k) +
                                 " (k = 0 is ‖I‖ = √H; Jₜ uses hₜ of this row and Whᵀ)"));
    }
}

TEST(Ex1908GradientNorms, LstmCellPathIsTheProductOfForgetGates) {
    rc::LstmCache cache;
    cache.steps.resize(4);
    const double f[3][2][2] = {{{0.5, 0.9}, {0.1, 0.2}}, {{0.5, 0.8}, {0.3, 0.4}}, {{0.5, 0.5}, {0.5, 0.6}}};
    for (std::size_t t = 0; t < 4; ++t) {
        cache.steps[t].c = Matrix(2, 2);
        cache.steps[t].f = Matrix(2, 2);
        if (t > 0)
            for (std::size_t r = 0; r < 2; ++r)
                for (std::size_t j = 0; j < 2; ++j) cache.steps[t].f(r, j) = f[t - 1][r][j];
    }
    // Row 0: unit 0 keeps 0.5 per step, unit 1 0.5, 0.8, 0.9 going back from step 3.
    const std::vector<double> want{std::sqrt(2.0), std::hypot(0.5, 0.5), std::hypot(0.25, 0.4), std::hypot(0.125, 0.36)};
    EXPECT_TRUE(course::teach::vectors_near(rc::lstm_cell_path_norms(cache, 0), want, 1e-12,
                                            "‖∂c_3/∂c_{3−k}‖ along the cell path, row 0 (k = 0..3)"));
    const std::vector<double> row1{std::sqrt(2.0), std::hypot(0.5, 0.6), std::hypot(0.15, 0.24),
                                   std::hypot(0.015, 0.048)};
    EXPECT_TRUE(course::teach::vectors_near(rc::lstm_cell_path_norms(cache, 1), row1, 1e-12,
                                            "the same for row 1 (use the requested row's gates)"));
}

TEST(Ex1908GradientNorms, RejectsARowOutsideTheBatch) {
    const Sequence s = random_sequence(2, 2, 2, 2, 102);
    const rc::RnnCache cache = reference_rnn_cache(s.rnn, s.xs);
    EXPECT_THROW(rc::rnn_jacobian_norms(s.rnn, cache, 2), std::out_of_range) << "row 2 of a batch of 2";
    EXPECT_THROW(rc::lstm_cell_path_norms(reference_lstm_cache(s.lstm, s.xs), 5), std::out_of_range)
        << "row 5 of a batch of 2";
}
