// Chapter 19 tests: the test's own reference forward passes (written from the equations, independent of
// the exercises) and the gradient-checking helpers the test file uses.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/gradcheck.hpp"
#include "common/random.hpp"
#include "tests/support/teach.hpp"

namespace course::recurrent_test {

namespace rc = course::recurrent;

inline Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed, double scale = 1.0) {
    Rng rng(seed);
    Matrix m(rows, cols);
    for (std::size_t k = 0; k < m.size(); ++k) m.data()[k] = rng.normal(0.0, scale);
    return m;
}
inline rc::RnnParams random_rnn(std::size_t D, std::size_t H, std::uint64_t seed) {
    return {random_matrix(D, H, seed, 0.6), random_matrix(H, H, seed + 1000, 0.6), random_matrix(1, H, seed + 2000, 0.3)};
}
inline rc::LstmParams random_lstm(std::size_t D, std::size_t H, std::uint64_t seed) {
    return {random_matrix(D, 4 * H, seed, 0.6), random_matrix(H, 4 * H, seed + 1000, 0.6),
            random_matrix(1, 4 * H, seed + 2000, 0.3)};
}

inline ::testing::AssertionResult matrices_near(const Matrix& got, const Matrix& want, double tol, const std::string& what) {
    if (!got.same_shape(want))
        return ::testing::AssertionFailure() << what << ": got shape " << got.shape() << ", expected " << want.shape();
    return course::teach::vectors_near(got.values(), want.values(), tol, what);
}

// Analytic against numerical, entry by entry: within 1e-6 in relative error or in absolute difference
// (the absolute test spares entries near 0 the rounding noise of the difference quotient, h = 1e-5).
inline ::testing::AssertionResult agree(const Matrix& analytic, const Matrix& numerical, const std::string& what) {
    if (!analytic.same_shape(numerical))
        return ::testing::AssertionFailure() << what << ": the gradient is " << analytic.shape() << ", the parameter "
                                             << numerical.shape();
    return course::teach::gradients_agree(analytic.values(), numerical.values(), 1e-6,
                                          what + " (analytic vs central differences)");
}

inline double sig(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// The harness rule: an output or scratch buffer arrives as training hands it over, already shaped and
// holding an earlier step's numbers (here NaN), so an entry that is added to instead of written shows.
inline Matrix poisoned_matrix(std::size_t rows, std::size_t cols) {
    Matrix m(rows, cols);
    course::teach::poison(m);
    return m;
}
inline void poison_scratch(rc::RnnCache& cache, std::size_t B, std::size_t D, std::size_t H) {
    cache.dh = poisoned_matrix(B, H);
    cache.dz = poisoned_matrix(B, H);
    cache.dh_prev = poisoned_matrix(B, H);
    cache.dx = poisoned_matrix(B, D);
}

// hₜ = tanh(xₜ·Wx + hₜ₋₁·Wh + b), entry by entry.
inline Matrix reference_rnn_step(const rc::RnnParams& p, const Matrix& x, const Matrix& h_prev) {
    const std::size_t B = x.rows(), D = x.cols(), H = p.Wh.rows();
    Matrix h(B, H);
    for (std::size_t r = 0; r < B; ++r)
        for (std::size_t j = 0; j < H; ++j) {
            double z = p.b(0, j);
            for (std::size_t d = 0; d < D; ++d) z += x(r, d) * p.Wx(d, j);
            for (std::size_t k = 0; k < H; ++k) z += h_prev(r, k) * p.Wh(k, j);
            h(r, j) = std::tanh(z);
        }
    return h;
}

inline rc::LstmStep reference_lstm_step(const rc::LstmParams& p, const Matrix& x, const Matrix& h_prev,
                                        const Matrix& c_prev) {
    const std::size_t B = x.rows(), D = x.cols(), H = p.Wh.rows();
    rc::LstmStep s;
    for (Matrix* m : {&s.i, &s.f, &s.g, &s.o, &s.c, &s.tanh_c, &s.h}) *m = Matrix(B, H);
    s.a = Matrix(B, 4 * H);
    for (std::size_t r = 0; r < B; ++r) {
        for (std::size_t j = 0; j < 4 * H; ++j) {
            double z = p.b(0, j);
            for (std::size_t d = 0; d < D; ++d) z += x(r, d) * p.Wx(d, j);
            for (std::size_t k = 0; k < H; ++k) z += h_prev(r, k) * p.Wh(k, j);
            s.a(r, j) = z;
        }
        for (std::size_t j = 0; j < H; ++j) {
            s.i(r, j) = sig(s.a(r, j));
            s.f(r, j) = sig(s.a(r, H + j));
            s.g(r, j) = std::tanh(s.a(r, 2 * H + j));
            s.o(r, j) = sig(s.a(r, 3 * H + j));
            s.c(r, j) = s.f(r, j) * c_prev(r, j) + s.i(r, j) * s.g(r, j);
            s.tanh_c(r, j) = std::tanh(s.c(r, j));
            s.h(r, j) = s.o(r, j) * s.tanh_c(r, j);
        }
    }
    return s;
}

inline rc::RnnCache reference_rnn_cache(const rc::RnnParams& p, const std::vector<Matrix>& xs) {
    rc::RnnCache cache;
    cache.h.push_back(Matrix(xs[0].rows(), p.Wh.rows()));
    for (const Matrix& x : xs) cache.h.push_back(reference_rnn_step(p, x, cache.h.back()));
    return cache;
}

inline rc::LstmCache reference_lstm_cache(const rc::LstmParams& p, const std::vector<Matrix>& xs) {
    rc::LstmCache cache;
    rc::LstmStep start;
    start.c = start.h = Matrix(xs[0].rows(), p.Wh.rows());
    cache.steps.push_back(start);
    for (const Matrix& x : xs) {
        const rc::LstmStep& prev = cache.steps.back();
        cache.steps.push_back(reference_lstm_step(p, x, prev.h, prev.c));
    }
    return cache;
}

struct Sequence {
    std::vector<Matrix> xs;
    rc::RnnParams rnn;
    rc::LstmParams lstm;
};
inline Sequence random_sequence(std::size_t T, std::size_t B, std::size_t D, std::size_t H, std::uint64_t seed) {
    Sequence s{{}, random_rnn(D, H, seed), random_lstm(D, H, seed + 1)};
    for (std::size_t t = 0; t < T; ++t) s.xs.push_back(random_matrix(B, D, seed + 10 + t));
    return s;
}
// n gradients ∂ℒ/∂hₜ: random on the last one, zero before it.
inline std::vector<Matrix> last_step_only(const Sequence& s, std::size_t n) {
    const std::size_t B = s.xs[0].rows(), H = s.rnn.Wh.rows();
    std::vector<Matrix> dhs(n, Matrix(B, H));
    if (n) dhs.back() = random_matrix(B, H, 4242);
    return dhs;
}

inline void expect_rnn_param_grads(const rc::RnnParams& p, const rc::RnnGrads& g,
                                   const std::function<double(const rc::RnnParams&)>& loss, const std::string& what) {
    Matrix rc::RnnParams::*values[] = {&rc::RnnParams::Wx, &rc::RnnParams::Wh, &rc::RnnParams::b};
    const Matrix* grads[] = {&g.dWx, &g.dWh, &g.db};
    const char* names[] = {"dWx", "dWh", "db"};
    for (int k = 0; k < 3; ++k) {
        const Matrix numerical = numerical_gradient(
            [&](const Matrix& v) {
                rc::RnnParams q = p;
                q.*values[k] = v;
                return loss(q);
            },
            p.*values[k]);
        EXPECT_TRUE(agree(*grads[k], numerical, what + ": " + names[k]));
    }
}

inline void expect_lstm_param_grads(const rc::LstmParams& p, const rc::LstmGrads& g,
                                    const std::function<double(const rc::LstmParams&)>& loss, const std::string& what) {
    Matrix rc::LstmParams::*values[] = {&rc::LstmParams::Wx, &rc::LstmParams::Wh, &rc::LstmParams::b};
    const Matrix* grads[] = {&g.dWx, &g.dWh, &g.db};
    const char* names[] = {"dWx", "dWh", "db"};
    for (int k = 0; k < 3; ++k) {
        const Matrix numerical = numerical_gradient(
            [&](const Matrix& v) {
                rc::LstmParams q = p;
                q.*values[k] = v;
                return loss(q);
            },
            p.*values[k]);
        EXPECT_TRUE(agree(*grads[k], numerical, what + ": " + names[k]));
    }
}

// ℒ = Σ over the steps in loss_steps of Σ hₜ ⊙ Rₜ, through the test's own forward pass; the cache that
// rnn_backward reads is the test's too, so only exercises 19.2 and 19.3 run.
inline void expect_bptt_matches_central_differences(std::size_t T, const std::vector<std::size_t>& loss_steps,
                                                    const std::string& what) {
    const Sequence s = random_sequence(T, 2, 3, 4, 40 + T);
    std::vector<Matrix> dhs(T, Matrix(2, 4));
    for (const std::size_t t : loss_steps) dhs[t] = random_matrix(2, 4, 500 + t);
    auto loss = [&](const rc::RnnParams& q, const std::vector<Matrix>& xs) {
        const rc::RnnCache c = reference_rnn_cache(q, xs);
        double total = 0.0;
        for (std::size_t t = 0; t < T; ++t) total += sum(c.h[t + 1] * dhs[t]);
        return total;
    };
    rc::RnnCache cache = reference_rnn_cache(s.rnn, s.xs);
    poison_scratch(cache, 2, 3, 4);  // the scratch of an earlier call: reset what you carry
    rc::RnnGrads g = rc::zero_grads(s.rnn);
    for (Matrix* m : {&g.dWx, &g.dWh, &g.db}) course::teach::poison(*m);  // the previous batch's gradient
    std::vector<Matrix> dxs(T, poisoned_matrix(2, 3));
    rc::rnn_backward(s.rnn, s.xs, cache, dhs, g, &dxs);
    for (const Matrix* m : {&g.dWx, &g.dWh, &g.db})
        EXPECT_TRUE(std::none_of(m->data(), m->data() + m->size(), [](double v) { return std::isnan(v); }))
            << what << ": NaN in the weight gradients. The grads and the cache's scratch (cache.dh, …) were "
                       "handed in NaN-filled, as a reused cache and last batch's gradients would be: zero the "
                       "gradients and the carried dh before walking back from step T";
    expect_rnn_param_grads(s.rnn, g, [&](const rc::RnnParams& q) { return loss(q, s.xs); },
                           what + ", T = " + std::to_string(T) + " (this test also runs your 19.2)");
    ASSERT_EQ(dxs.size(), T) << what << ": one dx per step";
    for (std::size_t t = 0; t < T; ++t) {
        std::vector<Matrix> xs = s.xs;
        const Matrix numerical = numerical_gradient(
            [&](const Matrix& v) {
                xs[t] = v;
                return loss(s.rnn, xs);
            },
            s.xs[t]);
        EXPECT_TRUE(agree(dxs[t], numerical, what + ": dx at step " + std::to_string(t + 1)));
    }
}

// One LSTM step with ℒ = Σ h ⊙ R (+ Σ c ⊙ S when with_dc: a gradient arriving along the cell path).
inline void expect_lstm_cell_backward_matches(bool with_dc) {
    const rc::LstmParams p = random_lstm(3, 4, 111);
    const Matrix x = random_matrix(2, 3, 112), h_prev = random_matrix(2, 4, 113), c_prev = random_matrix(2, 4, 114);
    const Matrix R = random_matrix(2, 4, 115), S = with_dc ? random_matrix(2, 4, 116) : Matrix(2, 4);
    auto loss = [&](const rc::LstmParams& q, const Matrix& xx, const Matrix& hp, const Matrix& cp) {
        const rc::LstmStep s = reference_lstm_step(q, xx, hp, cp);
        return sum(s.h * R) + sum(s.c * S);
    };
    const rc::LstmStep step = reference_lstm_step(p, x, h_prev, c_prev);
    rc::LstmGrads g = rc::zero_grads(p);
    // Reused buffers: written, not added to (NaN shows an entry that was added to or never written).
    Matrix dh_prev = poisoned_matrix(2, 4), dc_prev = poisoned_matrix(2, 4), dx = poisoned_matrix(2, 3),
           da = poisoned_matrix(2, 16);
    rc::lstm_cell_backward(p, x, h_prev, c_prev, step, R, S, g, dh_prev, dc_prev, dx, da);
    const std::string what = with_dc ? "one LSTM step, ℒ on h and on c (dc = S comes in along the cell path)"
                                     : "one LSTM step, ℒ = Σ h ⊙ R (dc = 0)";
    expect_lstm_param_grads(p, g, [&](const rc::LstmParams& q) { return loss(q, x, h_prev, c_prev); }, what);
    EXPECT_TRUE(agree(dx, numerical_gradient([&](const Matrix& v) { return loss(p, v, h_prev, c_prev); }, x),
                      what + ": dx"));
    EXPECT_TRUE(agree(dh_prev, numerical_gradient([&](const Matrix& v) { return loss(p, x, v, c_prev); }, h_prev),
                      what + ": dh_prev"));
    EXPECT_TRUE(agree(dc_prev, numerical_gradient([&](const Matrix& v) { return loss(p, x, h_prev, v); }, c_prev),
                      what + ": dc_prev = (dc + dh ⊙ o ⊙ (1 − tanh²c)) ⊙ f"));
}

// ‖∂h_T/∂h_{T−k}‖_F for one row, by central differences: perturb h_{T−k} of that row and run the
// test's forward pass from there to T.
inline double numerical_jacobian_norm(const rc::RnnParams& p, const std::vector<Matrix>& xs, const rc::RnnCache& cache,
                                      std::size_t row, std::size_t k) {
    const std::size_t T = xs.size(), H = p.Wh.rows(), start = T - k;
    auto run = [&](const Matrix& h_start) {
        Matrix h = h_start;
        for (std::size_t t = start + 1; t <= T; ++t) h = reference_rnn_step(p, xs[t - 1], h);
        return h;
    };
    double sum_squares = 0.0;
    const double eps = 1e-6;
    for (std::size_t j = 0; j < H; ++j) {
        Matrix plus = cache.h[start], minus = cache.h[start];
        plus(row, j) += eps;
        minus(row, j) -= eps;
        const Matrix up = run(plus), down = run(minus);
        for (std::size_t i = 0; i < H; ++i) {
            const double d = (up(row, i) - down(row, i)) / (2.0 * eps);
            sum_squares += d * d;
        }
    }
    return std::sqrt(sum_squares);
}

}  // namespace course::recurrent_test
