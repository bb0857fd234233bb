// Chapter 19 — recurrent networks. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=19`. Stuck? `make hint EX=19.3` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/19_recurrent_networks/recurrent_networks.hpp)
// defines the types. Given helpers you may call: matmul_add(C, A, B, transpose_a, transpose_b) adds
// op(A)·op(B) to C without allocating, sigmoid(x), zero_grads(params).
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/errors.hpp"

namespace course::recurrent {

// Exercise 19.1 — one step of the vanilla RNN (README, section 1).
//   h = tanh(x·Wx + h_prev·Wh + b)      x: B×D, h_prev: B×H, Wx: D×H, Wh: H×H, b: 1×H
// Resize h to B×H and overwrite it (it may hold an earlier step's values).
void rnn_cell_forward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, Matrix& h) {
    throw NotImplemented("19.1");
}

// Exercise 19.2 — its backward pass (README, section 2). dh = ∂ℒ/∂h arrives for this step's output h.
//   dz = dh ⊙ (1 − h²)   then   dWx += xᵀ·dz,  dWh += h_prevᵀ·dz,  db += Σ_rows dz,
//   dh_prev = dz·Whᵀ,  dx = dz·Wxᵀ.
// ADD to grads (the same weights serve every step); WRITE dz, dh_prev, dx (resize them).
// ShapeError if dh is not shaped like h.
void rnn_cell_backward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& h,
                       const Matrix& dh, RnnGrads& grads, Matrix& dz, Matrix& dh_prev, Matrix& dx) {
    throw NotImplemented("19.2");
}

// Exercise 19.3 — backpropagation through time (README, section 2). cache.h[0..T] from the forward pass;
// dhs[t − 1] = ∂ℒ/∂hₜ from the loss itself. Zero grads, then walk t = T, T − 1, …, 1:
//   the gradient reaching hₜ = dhs[t − 1] + (what step t + 1 sent back as its dh_prev)
//   and hand it to rnn_cell_backward. Use cache.dh, cache.dz, cache.dh_prev, cache.dx as scratch, and
//   (*dxs)[t − 1] for dx when dxs is not null (resize dxs to T). std::invalid_argument if dhs.size() ≠ T.
void rnn_backward(const RnnParams& params, const std::vector<Matrix>& xs, RnnCache& cache,
                  const std::vector<Matrix>& dhs, RnnGrads& grads, std::vector<Matrix>* dxs) {
    throw NotImplemented("19.3");
}

// Exercise 19.4 — one LSTM step (README, section 3). a = x·Wx + h_prev·Wh + b is B×4H; its column
// blocks of H, in PyTorch's order, are the gates:
//   i = σ(a[:, 0:H])  f = σ(a[:, H:2H])  g = tanh(a[:, 2H:3H])  o = σ(a[:, 3H:4H])
//   c = f ⊙ c_prev + i ⊙ g,   tanh_c = tanh(c),   h = o ⊙ tanh_c
// Fill every field of step (resize each: a to B×4H, the others to B×H).
void lstm_cell_forward(const LstmParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& c_prev,
                       LstmStep& step) {
    throw NotImplemented("19.4");
}

// Exercise 19.5 — its backward pass (README, section 3). dh = ∂ℒ/∂hₜ, dc = ∂ℒ/∂cₜ from step t + 1.
//   dc_total = dc + dh ⊙ o ⊙ (1 − tanh_c²)
//   da = [dc_total ⊙ g ⊙ i(1−i) | dc_total ⊙ c_prev ⊙ f(1−f) | dc_total ⊙ i ⊙ (1−g²) | dh ⊙ tanh_c ⊙ o(1−o)]
//   dc_prev = dc_total ⊙ f;  dWx += xᵀ·da;  dWh += h_prevᵀ·da;  db += Σ_rows da;
//   dh_prev = da·Whᵀ;  dx = da·Wxᵀ.
// ADD to grads; WRITE da (B×4H), dh_prev, dc_prev, dx. ShapeError if dh or dc is not B×H.
void lstm_cell_backward(const LstmParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& c_prev,
                        const LstmStep& step, const Matrix& dh, const Matrix& dc, LstmGrads& grads, Matrix& dh_prev,
                        Matrix& dc_prev, Matrix& dx, Matrix& da) {
    throw NotImplemented("19.5");
}

// Exercise 19.6 — the adding problem (README, section 4). Row r of X: (value₀, marker₀, value₁, …),
// values U(0, 1) drawn with rng.uniform() in step order, then the first marked step rng.index(T/2), then
// the second T/2 + rng.index(T − T/2). Y(r, 0) = the sum of the two marked values.
// std::invalid_argument for n = 0 or T < 2.
AddingData make_adding_problem(std::size_t n, std::size_t T, Rng& rng) {
    throw NotImplemented("19.6");
}

// The MSE of predicting each column's mean: Σ (y − ȳ)² / (number of entries). Empty: invalid_argument.
double constant_baseline_mse(const Matrix& Y) {
    throw NotImplemented("19.6");
}

// Exercise 19.7 — an embedding (README, section 5). out row r = E row tokens[r]; dE row tokens[r] +=
// dout row r. A token id ≥ E.rows() (or dE.rows()): std::out_of_range naming the token.
void embedding_forward(const Matrix& E, const std::vector<std::size_t>& tokens, Matrix& out) {
    throw NotImplemented("19.7");
}

void embedding_backward(const std::vector<std::size_t>& tokens, const Matrix& dout, Matrix& dE) {
    throw NotImplemented("19.7");
}

// Exercise 19.8 — gradients through time (README, section 6), for batch row `row`.
//   RNN:  Jₜ = ∂hₜ/∂hₜ₋₁ = diag(1 − hₜ²)·Whᵀ;  ∂h_T/∂h_{T−k} = J_T·J_{T−1}⋯J_{T−k+1};  norms[k] its
//         Frobenius norm, k = 0..T (k = 0: the identity, √H).
//   LSTM cell path:  ∂c_T/∂c_{T−k} = diag(f_T ⊙ ⋯ ⊙ f_{T−k+1}) (cache.steps[t].f), norms[k] likewise.
// std::out_of_range for a row outside the batch.
std::vector<double> rnn_jacobian_norms(const RnnParams& params, const RnnCache& cache, std::size_t row) {
    throw NotImplemented("19.8");
}

std::vector<double> lstm_cell_path_norms(const LstmCache& cache, std::size_t row) {
    throw NotImplemented("19.8");
}

}  // namespace course::recurrent
