// Chapter 19 — recurrent networks: a vanilla RNN and an LSTM, backpropagation through time written out,
// vanishing and exploding gradients through time, and two tasks (the adding problem, synthetic sentiment).
//
// Notation (README): a batch of B sequences, each of T steps; xₜ is B×D (D input features, or the
// embedding of the tokens), hₜ and cₜ are B×H (H hidden units), h₀ = c₀ = 0. Rows are examples, so a
// layer computes xₜ·Wx + hₜ₋₁·Wh + b as chapter 06 does. A gradient is d + what it is the gradient of,
// with the same shape: dWh = ∂ℒ/∂Wh, dh = ∂ℒ/∂hₜ.
//
// Why forward/backward function pairs (llm.c style) and not chapter 08's autodiff graph: BPTT *is* the
// lesson here, so the loop that walks back through time, carries dh (and dc) from step t + 1 to step t
// and accumulates dW over the steps is written out where a student can read, break and test it; an
// autodiff tape would hide exactly that. It also lets every buffer be allocated once: a training step
// allocates nothing, where a tape would build T·(a dozen) nodes per step.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::recurrent {

// ---- the vanilla (Elman) RNN:  hₜ = tanh(xₜ·Wx + hₜ₋₁·Wh + b) --------------------------------------------
struct RnnParams {
    Matrix Wx;  // D×H
    Matrix Wh;  // H×H
    Matrix b;   // 1×H
};
struct RnnGrads {
    Matrix dWx, dWh, db;  // shaped like Wx, Wh, b
};
// What the forward pass through a sequence keeps for BPTT: h[0] = h₀ = 0, h[t] = hₜ for t = 1..T.
// dh, dz, dh_prev and dx are scratch buffers of rnn_backward (exercise 19.3), kept here so a step allocates
// nothing once they have their shapes.
struct RnnCache {
    std::vector<Matrix> h;
    Matrix dh, dz, dh_prev, dx;
};

// ---- the LSTM (Hochreiter & Schmidhuber 1997, with the forget gate of Gers et al. 2000) -----------------
// The four gates come from one product, PyTorch's layout and order (i, f, g, o), H columns each:
//   a = xₜ·Wx + hₜ₋₁·Wh + b                                    (B×4H)
//   i = σ(a[:, 0:H])   f = σ(a[:, H:2H])   g = tanh(a[:, 2H:3H])   o = σ(a[:, 3H:4H])
//   cₜ = f ⊙ cₜ₋₁ + i ⊙ g        hₜ = o ⊙ tanh(cₜ)
struct LstmParams {
    Matrix Wx;  // D×4H
    Matrix Wh;  // H×4H
    Matrix b;   // 1×4H; the forget block b[H:2H] starts at kForgetBias
};
struct LstmGrads {
    Matrix dWx, dWh, db;
};
// One step's forward values: a the B×4H pre-activations; the gates, the cell, tanh of the cell and the
// output, all B×H.
struct LstmStep {
    Matrix a, i, f, g, o, c, tanh_c, h;
};
// steps[0] holds only c = h = 0 (the initial state); steps[t] is step t = 1..T. The rest is scratch of
// lstm_backward (given), reused across calls.
struct LstmCache {
    std::vector<LstmStep> steps;
    Matrix dh, dc, dh_prev, dc_prev, dx, da;
};

// A forget bias of 1 at initialization (Gers et al. 2000; Jozefowicz et al. 2015): f ≈ σ(1) = 0.73, so
// the cell remembers from the first step instead of halving its content every step as σ(0) = 0.5 does.
inline constexpr double kForgetBias = 1.0;

// ---- given (cells.cpp) -------------------------------------------------------------------------------------
// C += op(A)·op(B), op transposing when asked; no allocation. Throws ShapeError on a mismatch.
void matmul_add(Matrix& c, const Matrix& a, const Matrix& b, bool transpose_a = false, bool transpose_b = false);
// Inline, so that the cells' loops call no function for it beside std::exp.
inline double sigmoid(double x) {
    // Two forms, so that exp never overflows: 1/(1 + e⁻ˣ) for x ≥ 0, eˣ/(1 + eˣ) below.
    if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
    const double e = std::exp(x);
    return e / (1.0 + e);
}
// PyTorch's nn.RNN / nn.LSTM initialization: every weight and bias U(−1/√H, 1/√H); the LSTM's forget
// bias then set to kForgetBias.
RnnParams make_rnn(std::size_t input_size, std::size_t hidden_size, Rng& rng);
LstmParams make_lstm(std::size_t input_size, std::size_t hidden_size, Rng& rng);
// Zero gradients shaped like the parameters.
RnnGrads zero_grads(const RnnParams& params);
LstmGrads zero_grads(const LstmParams& params);
// The whole sequence forward, xs[t − 1] = xₜ (each B×D), filling the cache (h₀ = c₀ = 0); calls the
// cell of exercise 19.1 or 19.4 for each step. Throws std::invalid_argument for an empty sequence.
void rnn_forward(const RnnParams& params, const std::vector<Matrix>& xs, RnnCache& cache);
void lstm_forward(const LstmParams& params, const std::vector<Matrix>& xs, LstmCache& cache);
// BPTT through the LSTM with exercise 19.5's cell: the LSTM twin of exercise 19.3 (same contract).
void lstm_backward(const LstmParams& params, const std::vector<Matrix>& xs, LstmCache& cache,
                   const std::vector<Matrix>& dhs, LstmGrads& grads, std::vector<Matrix>* dxs = nullptr);

// ---- exercises ([n]: README section n; exercises.md has the hints and the points) --------------------
// 19.1 One RNN step [1]: h = tanh(x·Wx + h_prev·Wh + b), written into h (resized to B×H).
void rnn_cell_forward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, Matrix& h);
// 19.2 Its backward [2]: given dh = ∂ℒ/∂h of this step's output h, ADDS this step's share to grads.dWx,
//      dWh, db (they accumulate over the steps of a sequence) and WRITES dz = ∂ℒ/∂z of the
//      pre-activation z, dh_prev = ∂ℒ/∂h_prev and dx = ∂ℒ/∂x (each resized). h is this step's output
//      as the forward pass computed it. Throws ShapeError if dh is not shaped like h.
void rnn_cell_backward(const RnnParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& h,
                       const Matrix& dh, RnnGrads& grads, Matrix& dz, Matrix& dh_prev, Matrix& dx);
// 19.3 Backpropagation through time [2]. dhs[t − 1] = ∂ℒ/∂hₜ from the loss directly (a head on the
//      last step gives zeros but for dhs[T − 1]). Sets grads to the gradient of the whole sequence
//      (zeroes them first), carrying ∂ℒ/∂hₜ from step t + 1 down to step t; fills (*dxs)[t − 1] =
//      ∂ℒ/∂xₜ when dxs is not null. The cache is rnn_forward's. Throws std::invalid_argument if
//      dhs.size() ≠ T.
void rnn_backward(const RnnParams& params, const std::vector<Matrix>& xs, RnnCache& cache,
                  const std::vector<Matrix>& dhs, RnnGrads& grads, std::vector<Matrix>* dxs = nullptr);
// 19.4 One LSTM step [3]: the gates, cₜ, tanh(cₜ) and hₜ of the equations above, into `step` (resized).
void lstm_cell_forward(const LstmParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& c_prev,
                       LstmStep& step);
// 19.5 Its backward [3]: dh = ∂ℒ/∂hₜ and dc = ∂ℒ/∂cₜ arriving from above and from step t + 1 (the cell
//      path). ADDS to grads; WRITES dh_prev, dc_prev, dx (resized); da is a B×4H scratch buffer.
void lstm_cell_backward(const LstmParams& params, const Matrix& x, const Matrix& h_prev, const Matrix& c_prev,
                        const LstmStep& step, const Matrix& dh, const Matrix& dc, LstmGrads& grads, Matrix& dh_prev,
                        Matrix& dc_prev, Matrix& dx, Matrix& da);
// 19.6 The adding problem [4]: n sequences of T steps, 2 features per step (a value U(0, 1), a marker
//      0/1). Exactly two markers: one at a step drawn uniformly from the first half [0, T/2), one from
//      the second half [T/2, T). X is n×2T, row r = (value₀, marker₀, value₁, marker₁, …); Y is n×1,
//      the sum of the two marked values. Draws, per sequence, the T values in order, then the two
//      positions. Throws std::invalid_argument for n = 0 or T < 2.
struct AddingData {
    Matrix X, Y;
};
AddingData make_adding_problem(std::size_t n, std::size_t T, Rng& rng);
//      The MSE of the best constant prediction (the mean of Y): Y's population variance. Throws
//      std::invalid_argument for an empty Y.
double constant_baseline_mse(const Matrix& Y);
// 19.7 An embedding [5]: table E is V×D; tokens holds B token ids (0 ≤ id < V, else std::out_of_range).
//      forward writes out (B×D), row r = E[tokens[r]]; backward ADDS each row of dout to dE[tokens[r]]
//      (a token used twice collects both gradients).
void embedding_forward(const Matrix& E, const std::vector<std::size_t>& tokens, Matrix& out);
void embedding_backward(const std::vector<std::size_t>& tokens, const Matrix& dout, Matrix& dE);
// 19.8 Gradients through time [6], for sequence `row` of a batch after the forward pass:
//      rnn: norms[k] = ‖∂h_T/∂h_{T−k}‖ (Frobenius) for k = 0..T (norms[0] = ‖I‖ = √H);
//      lstm: norms[k] = ‖∂c_T/∂c_{T−k}‖ along the cell path only (holding the gates fixed), k = 0..T.
//      Throws std::out_of_range for a row outside the batch.
std::vector<double> rnn_jacobian_norms(const RnnParams& params, const RnnCache& cache, std::size_t row);
std::vector<double> lstm_cell_path_norms(const LstmCache& cache, std::size_t row);

}  // namespace course::recurrent
