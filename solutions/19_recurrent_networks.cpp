// Chapter 19 — recurrent networks: the reference solutions.
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/errors.hpp"

namespace course::recurrent {

// Exercise 19.1 — one RNN step, h = tanh(x·Wx + h_prev·Wh + b): the pre-activation is built in h itself.
void rnn_cell_forward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, Matrix& h) {
    const std::size_t B = x.rows(), H = params.Wh.rows();
    h.resize(B, H);
    for (std::size_t r = 0; r < B; ++r)
        for (std::size_t j = 0; j < H; ++j) h(r, j) = params.b(0, j);
    matmul_add(h, x, params.Wx);
    matmul_add(h, h_prev, params.Wh);
    for (std::size_t k = 0; k < h.size(); ++k) h.data()[k] = std::tanh(h.data()[k]);
}

// Exercise 19.2 — with z the pre-activation, h = tanh(z) and tanh'(z) = 1 − h²:
//   dz = dh ⊙ (1 − h²);  dWx += xᵀ·dz;  dWh += h_prevᵀ·dz;  db += Σ_rows dz;
//   dh_prev = dz·Whᵀ;  dx = dz·Wxᵀ.
void rnn_cell_backward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& h,
                       const Matrix& dh, RnnGrads& grads, Matrix& dz, Matrix& dh_prev, Matrix& dx) {
    if (!dh.same_shape(h)) throw ShapeError("rnn_cell_backward: dh is " + dh.shape() + ", h is " + h.shape());
    dz.resize(h.rows(), h.cols());
    for (std::size_t k = 0; k < h.size(); ++k) dz.data()[k] = dh.data()[k] * (1.0 - h.data()[k] * h.data()[k]);
    matmul_add(grads.dWx, x, dz, true, false);
    matmul_add(grads.dWh, h_prev, dz, true, false);
    for (std::size_t r = 0; r < dz.rows(); ++r)
        for (std::size_t j = 0; j < dz.cols(); ++j) grads.db(0, j) += dz(r, j);
    dh_prev.resize(h_prev.rows(), h_prev.cols());
    dh_prev.fill(0.0);
    matmul_add(dh_prev, dz, params.Wh, false, true);
    dx.resize(x.rows(), x.cols());
    dx.fill(0.0);
    matmul_add(dx, dz, params.Wx, false, true);
}

// Exercise 19.3 — hₜ feeds the loss directly (dhs[t − 1]) and step t + 1 (through Wh), so its gradient
// is the sum of the two; the weights are shared by every step, so their gradient is the sum over steps.
void rnn_backward(const RnnParams& params, const std::vector<Matrix>& xs, RnnCache& cache,
                  const std::vector<Matrix>& dhs, RnnGrads& grads, std::vector<Matrix>* dxs) {
    const std::size_t T = xs.size();
    if (dhs.size() != T || cache.h.size() != T + 1)
        throw std::invalid_argument("rnn_backward: " + std::to_string(dhs.size()) + " gradients dhs and " +
                                    std::to_string(cache.h.size()) + " cached states for a sequence of T = " +
                                    std::to_string(T) + " (want T and T + 1: run rnn_forward first)");
    for (Matrix* g : {&grads.dWx, &grads.dWh, &grads.db}) g->fill(0.0);
    if (dxs) dxs->resize(T);
    cache.dh.resize(cache.h[T].rows(), cache.h[T].cols());
    cache.dh.fill(0.0);
    for (std::size_t t = T; t >= 1; --t) {
        cache.dh += dhs[t - 1];
        rnn_cell_backward(params, xs[t - 1], cache.h[t - 1], cache.h[t], cache.dh, grads, cache.dz, cache.dh_prev,
                          dxs ? (*dxs)[t - 1] : cache.dx);
        std::swap(cache.dh, cache.dh_prev);
    }
}

// Exercise 19.4 — one product a = b + x·Wx + h_prev·Wh gives all four gates (columns i | f | g | o).
void lstm_cell_forward(const LstmParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& c_prev,
                       LstmStep& step) {
    const std::size_t B = x.rows(), H = params.Wh.rows();
    step.a.resize(B, 4 * H);
    for (std::size_t r = 0; r < B; ++r)
        for (std::size_t j = 0; j < 4 * H; ++j) step.a(r, j) = params.b(0, j);
    matmul_add(step.a, x, params.Wx);
    matmul_add(step.a, h_prev, params.Wh);
    for (Matrix* m : {&step.i, &step.f, &step.g, &step.o, &step.c, &step.tanh_c, &step.h}) m->resize(B, H);
    for (std::size_t r = 0; r < B; ++r)
        for (std::size_t j = 0; j < H; ++j) {
            step.i(r, j) = sigmoid(step.a(r, j));
            step.f(r, j) = sigmoid(step.a(r, H + j));
            step.g(r, j) = std::tanh(step.a(r, 2 * H + j));
            step.o(r, j) = sigmoid(step.a(r, 3 * H + j));
            step.c(r, j) = step.f(r, j) * c_prev(r, j) + step.i(r, j) * step.g(r, j);
            step.tanh_c(r, j) = std::tanh(step.c(r, j));
            step.h(r, j) = step.o(r, j) * step.tanh_c(r, j);
        }
}

// Exercise 19.5 — the cell cₜ receives dc from step t + 1 and, through hₜ = o ⊙ tanh(cₜ), from dh:
//   dc_total = dc + dh ⊙ o ⊙ (1 − tanh²cₜ)
//   da_i = dc_total ⊙ g ⊙ i(1 − i)        da_f = dc_total ⊙ c_prev ⊙ f(1 − f)
//   da_g = dc_total ⊙ i ⊙ (1 − g²)        da_o = dh ⊙ tanh(cₜ) ⊙ o(1 − o)
//   dc_prev = dc_total ⊙ f                (the cell path: no weight matrix, no squashing)
//   dWx += xᵀ·da;  dWh += h_prevᵀ·da;  db += Σ_rows da;  dh_prev = da·Whᵀ;  dx = da·Wxᵀ.
void lstm_cell_backward(const LstmParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& c_prev,
                        const LstmStep& step, const Matrix& dh, const Matrix& dc, LstmGrads& grads, Matrix& dh_prev,
                        Matrix& dc_prev, Matrix& dx, Matrix& da) {
    if (!dh.same_shape(step.h) || !dc.same_shape(step.c))
        throw ShapeError("lstm_cell_backward: dh is " + dh.shape() + " and dc " + dc.shape() + ", h and c are " +
                         step.h.shape());
    const std::size_t B = step.h.rows(), H = step.h.cols();
    da.resize(B, 4 * H);
    dc_prev.resize(B, H);
    for (std::size_t r = 0; r < B; ++r)
        for (std::size_t j = 0; j < H; ++j) {
            const double i = step.i(r, j), f = step.f(r, j), g = step.g(r, j), o = step.o(r, j);
            const double tc = step.tanh_c(r, j);
            const double dc_total = dc(r, j) + dh(r, j) * o * (1.0 - tc * tc);
            da(r, j) = dc_total * g * i * (1.0 - i);
            da(r, H + j) = dc_total * c_prev(r, j) * f * (1.0 - f);
            da(r, 2 * H + j) = dc_total * i * (1.0 - g * g);
            da(r, 3 * H + j) = dh(r, j) * tc * o * (1.0 - o);
            dc_prev(r, j) = dc_total * f;
        }
    matmul_add(grads.dWx, x, da, true, false);
    matmul_add(grads.dWh, h_prev, da, true, false);
    for (std::size_t r = 0; r < B; ++r)
        for (std::size_t j = 0; j < 4 * H; ++j) grads.db(0, j) += da(r, j);
    dh_prev.resize(B, H);
    dh_prev.fill(0.0);
    matmul_add(dh_prev, da, params.Wh, false, true);
    dx.resize(x.rows(), x.cols());
    dx.fill(0.0);
    matmul_add(dx, da, params.Wx, false, true);
}

// Exercise 19.6 — the adding problem of Hochreiter & Schmidhuber (1997), in the two-halves form of
// Le, Jaitly & Hinton (2015). The sum of two U(0, 1) has variance 2 · 1/12 = 1/6 ≈ 0.167: the MSE of
// always answering 1.
AddingData make_adding_problem(std::size_t n, std::size_t T, Rng& rng) {
    if (n == 0) throw std::invalid_argument("make_adding_problem: n must be ≥ 1");
    if (T < 2) throw std::invalid_argument("make_adding_problem: T must be ≥ 2 (two marked steps), got " + std::to_string(T));
    AddingData data{Matrix(n, 2 * T), Matrix(n, 1)};
    const std::size_t half = T / 2;
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t t = 0; t < T; ++t) data.X(r, 2 * t) = rng.uniform();
        const std::size_t first = rng.index(half), second = half + rng.index(T - half);
        data.X(r, 2 * first + 1) = 1.0;
        data.X(r, 2 * second + 1) = 1.0;
        data.Y(r, 0) = data.X(r, 2 * first) + data.X(r, 2 * second);
    }
    return data;
}

double constant_baseline_mse(const Matrix& Y) {
    if (Y.empty()) throw std::invalid_argument("constant_baseline_mse: no targets");
    const Matrix means = mean_rows(Y);
    double sum_squares = 0.0;
    for (std::size_t r = 0; r < Y.rows(); ++r)
        for (std::size_t c = 0; c < Y.cols(); ++c) {
            const double d = Y(r, c) - means(0, c);
            sum_squares += d * d;
        }
    return sum_squares / static_cast<double>(Y.size());
}

// Exercise 19.7 — an embedding is a matrix product with a one-hot row, onehot(id)·E, done by lookup; its
// gradient onehot(id)ᵀ·dout adds each dout row into the row of its token, so a repeated token sums.
void embedding_forward(const Matrix& E, const std::vector<std::size_t>& tokens, Matrix& out) {
    out.resize(tokens.size(), E.cols());
    for (std::size_t r = 0; r < tokens.size(); ++r) {
        if (tokens[r] >= E.rows())
            throw std::out_of_range("embedding_forward: token " + std::to_string(tokens[r]) + " at row " +
                                    std::to_string(r) + " is outside the vocabulary of " + std::to_string(E.rows()));
        for (std::size_t j = 0; j < E.cols(); ++j) out(r, j) = E(tokens[r], j);
    }
}

void embedding_backward(const std::vector<std::size_t>& tokens, const Matrix& dout, Matrix& dE) {
    if (dout.rows() != tokens.size() || dout.cols() != dE.cols())
        throw ShapeError("embedding_backward: dout is " + dout.shape() + " for " + std::to_string(tokens.size()) +
                         " tokens and a table " + dE.shape());
    for (std::size_t r = 0; r < tokens.size(); ++r) {
        if (tokens[r] >= dE.rows())
            throw std::out_of_range("embedding_backward: token " + std::to_string(tokens[r]) + " at row " +
                                    std::to_string(r) + " is outside the vocabulary of " + std::to_string(dE.rows()));
        for (std::size_t j = 0; j < dE.cols(); ++j) dE(tokens[r], j) += dout(r, j);
    }
}

// Exercise 19.8 — for one sequence (a row vector per step), hₜ = tanh(hₜ₋₁·Wh + …) has the Jacobian
// Jₜ = ∂hₜ/∂hₜ₋₁ = diag(1 − hₜ²)·Whᵀ, and the chain rule multiplies them: ∂h_T/∂h_{T−k} = J_T ⋯ J_{T−k+1}.
// Along the LSTM's cell path cₜ = f ⊙ cₜ₋₁ + …, so ∂cₜ/∂cₜ₋₁ = diag(fₜ): the product stays diagonal.
std::vector<double> rnn_jacobian_norms(const RnnParams& params, const RnnCache& cache, std::size_t row) {
    if (cache.h.empty() || row >= cache.h[0].rows())
        throw std::out_of_range("rnn_jacobian_norms: row " + std::to_string(row) + " outside a batch of " +
                                std::to_string(cache.h.empty() ? 0 : cache.h[0].rows()));
    const std::size_t T = cache.h.size() - 1, H = params.Wh.rows();
    Matrix M = Matrix::identity(H), next(H, H);
    std::vector<double> norms{norm(M)};
    for (std::size_t k = 1; k <= T; ++k) {
        const Matrix& h = cache.h[T - k + 1];
        // M ← M·diag(1 − h²)·Whᵀ: (M·diag(d))[a][j] = M[a][j]·d[j], then times Whᵀ.
        next.fill(0.0);
        for (std::size_t a = 0; a < H; ++a)
            for (std::size_t j = 0; j < H; ++j) {
                const double m = M(a, j) * (1.0 - h(row, j) * h(row, j));
                for (std::size_t b = 0; b < H; ++b) next(a, b) += m * params.Wh(b, j);
            }
        std::swap(M, next);
        norms.push_back(norm(M));
    }
    return norms;
}

std::vector<double> lstm_cell_path_norms(const LstmCache& cache, std::size_t row) {
    if (cache.steps.empty() || row >= cache.steps[0].c.rows())
        throw std::out_of_range("lstm_cell_path_norms: row " + std::to_string(row) + " outside a batch of " +
                                std::to_string(cache.steps.empty() ? 0 : cache.steps[0].c.rows()));
    const std::size_t T = cache.steps.size() - 1, H = cache.steps[0].c.cols();
    std::vector<double> product(H, 1.0), norms{std::sqrt(static_cast<double>(H))};
    for (std::size_t k = 1; k <= T; ++k) {
        double sum_squares = 0.0;
        for (std::size_t j = 0; j < H; ++j) {
            product[j] *= cache.steps[T - k + 1].f(row, j);
            sum_squares += product[j] * product[j];
        }
        norms.push_back(std::sqrt(sum_squares));
    }
    return norms;
}

}  // namespace course::recurrent
