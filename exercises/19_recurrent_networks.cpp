// Chapter 19 — recurrent networks. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=19`. Stuck? `make hint EX=19.3` (LEVEL=2, LEVEL=3 for more).
// The README derives the formulas, except the LSTM's backward pass (19.5), which questions.md asks you
// to derive; the header (chapters/19_recurrent_networks/recurrent_networks.hpp) defines the types.
// Given helpers you may call: matmul_add(C, A, B, transpose_a, transpose_b) adds
// op(A)·op(B) to C without allocating, sigmoid(x), zero_grads(params).
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/errors.hpp"

namespace course::recurrent {

// Exercise 19.1 — one step of the vanilla (Elman) RNN (README, section 1), for a batch of B rows:
// x: B×D, h_prev: B×H, Wx: D×H, Wh: H×H, b: 1×H; write the new state into h, resized to B×H.
// The trap: h arrives holding an earlier step's values (resizing does not clear it): overwrite it.
void rnn_cell_forward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, Matrix& h) {
    throw NotImplemented("19.1");
}

// Exercise 19.2 — its backward pass (README, section 2). dh = ∂ℒ/∂h arrives for this step's output h.
// ADD this step's share to grads.dWx, dWh, db (the same weights serve every step); WRITE dz = ∂ℒ/∂z of
// the pre-activation, dh_prev = ∂ℒ/∂h_prev and dx = ∂ℒ/∂x (resize them). ShapeError if dh is not
// shaped like h.
// The trap: dz, dh_prev and dx arrive reused, holding the previous step's values; matmul_add adds.
void rnn_cell_backward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& h,
                       const Matrix& dh, RnnGrads& grads, Matrix& dz, Matrix& dh_prev, Matrix& dx) {
    throw NotImplemented("19.2");
}

// Exercise 19.3 — backpropagation through time (README, section 2). cache.h[0..T] from the forward pass;
// dhs[t − 1] = ∂ℒ/∂hₜ from the loss itself. Set grads to the whole sequence's gradient (zero them
// first), walking back from step T to step 1 with your 19.2. Use cache.dh, cache.dz, cache.dh_prev,
// cache.dx as scratch (they survive from the previous call), and (*dxs)[t − 1] for dx when dxs is not
// null (resize dxs to T). std::invalid_argument if dhs.size() ≠ T.
// The trap: hₜ is used twice, by the loss and by step t + 1, so its gradient has two parts.
void rnn_backward(const RnnParams& params, const std::vector<Matrix>& xs, RnnCache& cache,
                  const std::vector<Matrix>& dhs, RnnGrads& grads, std::vector<Matrix>* dxs) {
    throw NotImplemented("19.3");
}

// Exercise 19.4 — one LSTM step (README, section 3; the header has the equations). The pre-activation
// a = x·Wx + h_prev·Wh + b is B×4H, and its column blocks of H are the gates in PyTorch's order
// (input, forget, cell candidate, output). Fill every field of step (resize each: a to B×4H, the others
// to B×H), tanh_c included: the backward pass needs it.
// The trap: step's buffers arrive holding the previous step's values: overwrite a, do not add to it.
void lstm_cell_forward(const LstmParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& c_prev,
                       LstmStep& step) {
    throw NotImplemented("19.4");
}

// Exercise 19.5 — its backward pass (README, section 3; derive it first: questions.md, question 5).
// dh = ∂ℒ/∂hₜ and dc = ∂ℒ/∂cₜ arrive from above and from step t + 1. ADD this step's share to grads;
// WRITE da = ∂ℒ/∂a (B×4H, the blocks in the forward pass's order), dh_prev, dc_prev and dx (resize
// them). ShapeError if dh or dc is not B×H.
// The trap: cₜ reaches the loss by two paths, through hₜ and along the cell path.
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

// Exercise 19.8 — gradients through time (README, section 6), for sequence `row` of the batch.
// rnn_jacobian_norms: norms[k] = ‖∂h_T/∂h_{T−k}‖ (Frobenius), k = 0..T, from the forward pass's cache.
// lstm_cell_path_norms: norms[k] = ‖∂c_T/∂c_{T−k}‖ along the cell path only (the gates held fixed).
// std::out_of_range for a row outside the batch.
// The trap: k = 0 is the identity (norm √H), and going back from T the k-th Jacobian belongs to step
// T − k + 1.
std::vector<double> rnn_jacobian_norms(const RnnParams& params, const RnnCache& cache, std::size_t row) {
    throw NotImplemented("19.8");
}

std::vector<double> lstm_cell_path_norms(const LstmCache& cache, std::size_t row) {
    throw NotImplemented("19.8");
}

}  // namespace course::recurrent
