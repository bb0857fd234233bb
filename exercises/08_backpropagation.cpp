// Chapter 08 — backpropagation. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=08`. Stuck? `make hint EX=8.3`. The README derives every formula.
//
// Shapes, for a batch of n examples: h[l] is n×in, W is in×out, b is 1×out, z[l] and δ are n×out.
// A gradient has the shape of what it is the gradient of: dW like W, db like b.
// Write into the output matrices the caller passes (out.resize(rows, cols) first; it keeps the
// storage), and use matmul_into(C, A, B, transpose_a, transpose_b) for products: the training loop
// then allocates nothing.
#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::backpropagation {

// Exercise 8.1 — the loss and where backpropagation starts.
//   L = (1/2n) Σᵢ ||ŷᵢ − yᵢ||²   (n = rows; sum over every entry of Ŷ − Y)
//   ∂L/∂Ŷ = (Ŷ − Y)/n            (the ½ cancels the 2 of the square)
// Throw course::ShapeError if the shapes differ or are empty.
double mse_loss(const Matrix& predictions, const Matrix& targets, Matrix& dpredictions) {
    throw NotImplemented("8.1");
}

// Exercise 8.2 — one dense layer Z = H·W + b, backwards. delta = ∂L/∂Z (n×out), input = H (n×in).
//   dW = Hᵀ·δ            matmul_into(dW, input, delta, true, false)
//   db = Σ over rows of δ (1×out)
//   dinput = δ·Wᵀ        only when dinput is not null
// Throw course::ShapeError when the shapes do not fit W.
void dense_backward(const Dense& layer, const Matrix& input, const Matrix& delta, Matrix& dW, Matrix& db,
                    Matrix* dinput) {
    throw NotImplemented("8.2");
}

// Exercise 8.3 — the backward pass through the whole network.
//   δ of the last (linear) layer = dY
//   for l = last … 0:   dense_backward(layers[l], cache.h[l], δ[l], dW[l], db[l], l > 0 ? &δ[l−1] : nullptr)
//                        δ[l−1] ⊙= 1 − h[l]²      (h[l] = tanh(z[l−1]), and tanh' = 1 − tanh²)
// Resize grads.dW, grads.db and grads.delta to one entry per layer first.
void backward(const Network& network, const ForwardCache& cache, const Matrix& dY, Gradients& grads) {
    throw NotImplemented("8.3");
}

// Exercise 8.4 — one step of gradient descent on every layer.
//   W ← W − lr·dW,   b ← b − lr·db        (Matrix::add_scaled does x += scale·y)
void sgd_step(Network& network, const Gradients& grads, double lr) {
    throw NotImplemented("8.4");
}

// Exercise 8.5 — the next mini-batch.
//   position == 0 → a new epoch: sampler.rng.shuffle(std::span(sampler.order)) first.
//   count = min(batch_size, n − position); row r of the batch is row order[position + r] of X (and Y).
//   position += count; when it reaches n, set it back to 0 and count the epoch.
std::size_t next_batch(BatchSampler& sampler, const Matrix& X, const Matrix& Y, Matrix& X_batch, Matrix& Y_batch) {
    throw NotImplemented("8.5");
}

// Exercise 8.6 — the training loop.
//   sampler = make_sampler(…), workspace = make_workspace(…); record the validation loss before step 1;
//   for step = 1 … iterations:  next_batch → training_step → check the loss is finite → record it
//                               → validation loss when step % eval_every == 0 or it is the last step
//                               → on_step(step, loss) if on_step is set.
// A loss that is NaN or ±Inf: throw course::RuntimeFailure saying at which step, and to lower the lr.
TrainHistory train(Network& network, const Dataset& train_set, const Dataset& validation_set,
                   const TrainOptions& options, const StepCallback& on_step) {
    throw NotImplemented("8.6");
}

}  // namespace course::backpropagation
