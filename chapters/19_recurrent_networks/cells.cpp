// Chapter 19, given code: the helpers of the cells, initialization, and the sequence loops around the
// cells of exercises 19.1 and 19.4 (forward) and 19.5 (the LSTM's BPTT).
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/errors.hpp"

namespace course::recurrent {

void matmul_add(Matrix& c, const Matrix& a, const Matrix& b, bool transpose_a, bool transpose_b) {
    const std::size_t m = transpose_a ? a.cols() : a.rows(), k = transpose_a ? a.rows() : a.cols();
    const std::size_t kb = transpose_b ? b.cols() : b.rows(), n = transpose_b ? b.rows() : b.cols();
    if (k != kb || c.rows() != m || c.cols() != n)
        throw ShapeError("matmul_add: C " + c.shape() + " += " + a.shape() + (transpose_a ? "ᵀ" : "") + " · " +
                         b.shape() + (transpose_b ? "ᵀ" : ""));
    // Loop orders that keep the innermost loop running along contiguous rows, which the compiler
    // vectorises: C[i] += A[i][p]·B[p] (plain), C[i] += A[p][i]·B[p] (Aᵀ, the dW of the backward pass),
    // and for Bᵀ a dot product of two rows with four partial sums (dh_prev = dz·Whᵀ).
    // Without Bᵀ, a block of kBlock entries of C's row i is summed over p in a local array, which the
    // compiler keeps in registers, instead of being loaded and stored again for every p; each entry
    // still adds its products in the order p = 0, 1, …, k − 1, so the result is that of the plain loop.
    if (!transpose_b) {
        constexpr std::size_t kBlock = 16;
        for (std::size_t i = 0; i < m; ++i) {
            double* ci = c.row_data(i);
            std::size_t j0 = 0;
            for (; j0 + kBlock <= n; j0 += kBlock) {
                double sums[kBlock];
                for (std::size_t j = 0; j < kBlock; ++j) sums[j] = ci[j0 + j];
                for (std::size_t p = 0; p < k; ++p) {
                    const double aip = transpose_a ? a(p, i) : a(i, p);
                    if (aip == 0.0) continue;
                    const double* bp = b.row_data(p) + j0;
                    for (std::size_t j = 0; j < kBlock; ++j) sums[j] += aip * bp[j];
                }
                for (std::size_t j = 0; j < kBlock; ++j) ci[j0 + j] = sums[j];
            }
            for (std::size_t p = 0; p < k && j0 < n; ++p) {  // the last n mod kBlock entries
                const double aip = transpose_a ? a(p, i) : a(i, p);
                if (aip == 0.0) continue;
                const double* bp = b.row_data(p);
                for (std::size_t j = j0; j < n; ++j) ci[j] += aip * bp[j];
            }
        }
        return;
    }
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            const double* bj = b.row_data(j);
            double s[4] = {0.0, 0.0, 0.0, 0.0};
            std::size_t p = 0;
            if (!transpose_a) {
                const double* ai = a.row_data(i);
                for (; p + 4 <= k; p += 4)
                    for (std::size_t q = 0; q < 4; ++q) s[q] += ai[p + q] * bj[p + q];
                for (; p < k; ++p) s[0] += ai[p] * bj[p];
            } else {
                for (; p < k; ++p) s[0] += a(p, i) * bj[p];
            }
            c(i, j) += (s[0] + s[1]) + (s[2] + s[3]);
        }
}

namespace {

Matrix uniform_matrix(std::size_t rows, std::size_t cols, double bound, Rng& rng) {
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(-bound, bound);
    return m;
}

void require_sequence(const std::vector<Matrix>& xs, const char* who) {
    if (xs.empty()) throw std::invalid_argument(std::string(who) + ": the sequence is empty (T = 0)");
}

}  // namespace

RnnParams make_rnn(std::size_t input_size, std::size_t hidden_size, Rng& rng) {
    const double k = 1.0 / std::sqrt(static_cast<double>(hidden_size));
    RnnParams p;
    p.Wx = uniform_matrix(input_size, hidden_size, k, rng);
    p.Wh = uniform_matrix(hidden_size, hidden_size, k, rng);
    p.b = uniform_matrix(1, hidden_size, k, rng);
    return p;
}

LstmParams make_lstm(std::size_t input_size, std::size_t hidden_size, Rng& rng) {
    const double k = 1.0 / std::sqrt(static_cast<double>(hidden_size));
    LstmParams p;
    p.Wx = uniform_matrix(input_size, 4 * hidden_size, k, rng);
    p.Wh = uniform_matrix(hidden_size, 4 * hidden_size, k, rng);
    p.b = uniform_matrix(1, 4 * hidden_size, k, rng);
    for (std::size_t j = hidden_size; j < 2 * hidden_size; ++j) p.b(0, j) = kForgetBias;
    return p;
}

RnnGrads zero_grads(const RnnParams& p) {
    return {Matrix(p.Wx.rows(), p.Wx.cols()), Matrix(p.Wh.rows(), p.Wh.cols()), Matrix(1, p.b.cols())};
}

LstmGrads zero_grads(const LstmParams& p) {
    return {Matrix(p.Wx.rows(), p.Wx.cols()), Matrix(p.Wh.rows(), p.Wh.cols()), Matrix(1, p.b.cols())};
}

void rnn_forward(const RnnParams& params, const std::vector<Matrix>& xs, RnnCache& cache) {
    require_sequence(xs, "rnn_forward");
    const std::size_t T = xs.size(), B = xs[0].rows(), H = params.Wh.rows();
    cache.h.resize(T + 1);
    cache.h[0].resize(B, H);
    cache.h[0].fill(0.0);
    for (std::size_t t = 1; t <= T; ++t) rnn_cell_forward(params, xs[t - 1], cache.h[t - 1], cache.h[t]);
}

void lstm_forward(const LstmParams& params, const std::vector<Matrix>& xs, LstmCache& cache) {
    require_sequence(xs, "lstm_forward");
    const std::size_t T = xs.size(), B = xs[0].rows(), H = params.Wh.rows();
    cache.steps.resize(T + 1);
    for (Matrix* m : {&cache.steps[0].c, &cache.steps[0].h}) {
        m->resize(B, H);
        m->fill(0.0);
    }
    for (std::size_t t = 1; t <= T; ++t)
        lstm_cell_forward(params, xs[t - 1], cache.steps[t - 1].h, cache.steps[t - 1].c, cache.steps[t]);
}

// BPTT through the LSTM: two quantities flow back from step t + 1, dh (through the gates' use of hₜ)
// and dc (along the cell path); each step adds the loss's own ∂ℒ/∂hₜ to the first.
void lstm_backward(const LstmParams& params, const std::vector<Matrix>& xs, LstmCache& cache,
                   const std::vector<Matrix>& dhs, LstmGrads& grads, std::vector<Matrix>* dxs) {
    const std::size_t T = xs.size();
    if (dhs.size() != T || cache.steps.size() != T + 1)
        throw std::invalid_argument("lstm_backward: " + std::to_string(dhs.size()) + " gradients dhs and " +
                                    std::to_string(cache.steps.size()) + " cached steps for a sequence of T = " +
                                    std::to_string(T) + " (want T and T + 1: run lstm_forward first)");
    for (Matrix* g : {&grads.dWx, &grads.dWh, &grads.db}) g->fill(0.0);
    if (dxs) dxs->resize(T);
    const Matrix& last = cache.steps[T].h;
    cache.dh.resize(last.rows(), last.cols());
    cache.dc.resize(last.rows(), last.cols());
    cache.dh.fill(0.0);
    cache.dc.fill(0.0);
    for (std::size_t t = T; t >= 1; --t) {
        cache.dh += dhs[t - 1];
        lstm_cell_backward(params, xs[t - 1], cache.steps[t - 1].h, cache.steps[t - 1].c, cache.steps[t], cache.dh,
                           cache.dc, grads, cache.dh_prev, cache.dc_prev, dxs ? (*dxs)[t - 1] : cache.dx, cache.da);
        std::swap(cache.dh, cache.dh_prev);
        std::swap(cache.dc, cache.dc_prev);
    }
}

}  // namespace course::recurrent
