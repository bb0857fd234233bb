// Chapter 08 — backpropagation. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=08`. Stuck? `make hint EX=8.3` (then LEVEL=2, LEVEL=3). The README
// derives every formula; its section numbers are given with each exercise.
//
// Notation (README §2): ℒ is the loss, layers[l] is layer ℓ = l + 1 of the README (W¹ = layers[0].W),
// D the number of layers. For a batch of n examples: h[l] is n×in, W is in×out, b is 1×out, z[l] and
// δ are n×out. A gradient has the shape of what it is the gradient of: dW like W, db like b.
// Write into the output matrices the caller passes (resize them first: Matrix::resize keeps the
// storage) and use matmul_into(C, A, B, transpose_a, transpose_b) for products: the training loop
// then allocates nothing.
#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>
#include <string>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "common/errors.hpp"
#include "common/gradcheck.hpp"
#include "common/say.hpp"

namespace course::backpropagation {

// Exercise 8.1 — the loss and where backpropagation starts (README §2, "The loss").
//   Returns ℒ, the half mean squared error of the batch: half the squared error of each example (a row
//   of Ŷ − Y), averaged over the n examples. Writes ∂ℒ/∂Ŷ into dpredictions, resized to Ŷ's shape and
//   overwritten (whatever it held before). Throws course::ShapeError, naming both shapes, when the shapes
//   differ or are empty.
double mse_loss(const Matrix& predictions, const Matrix& targets, Matrix& dpredictions) {
    throw NotImplemented("8.1");
}

// Exercise 8.2 — one dense layer Z = H·W + b, backwards (README §2, "The weights of layer ℓ" and "The
// layer below").
//   Given delta = δ = ∂ℒ/∂Z (n×out) and the layer's input H (n×in), writes dW = ∂ℒ/∂W, db = ∂ℒ/∂b and,
//   when dinput is not null, *dinput = ∂ℒ/∂H, each with the shape of what it is the gradient of. The
//   outputs may come in with any shape and old values: overwrite them. Throws course::ShapeError when
//   input and delta differ in rows or do not fit W (input n×W.rows(), delta n×W.cols()).
void dense_backward(const Dense& layer, const Matrix& input, const Matrix& delta, Matrix& dW, Matrix& db,
                    Matrix* dinput) {
    throw NotImplemented("8.2");
}

// Exercise 8.3 — the backward pass through the whole network (README §2, the recursion for δ).
//   From dY = ∂ℒ/∂Ŷ and the cache of the forward pass that produced Ŷ, fills for every layer l
//   grads.delta[l] = ∂ℒ/∂z[l], grads.dW[l] and grads.db[l] (resize the three vectors to one entry per
//   layer). The output layer is linear, the hidden ones tanh; use 8.2 for each layer. The first layer's
//   input is the data: nobody needs ∂ℒ/∂X, so don't compute it. Throws course::ShapeError when the cache
//   does not hold one z per layer and one h more.
void backward(const Network& network, const ForwardCache& cache, const Matrix& dY, Gradients& grads) {
    throw NotImplemented("8.3");
}

// Exercise 8.4 — the gradient descent step, and the first check of any training loop (README §4).
//   sgd_step: one step θ ← θ − lr·∂ℒ/∂θ on every W and b of the network. Throws course::ShapeError when
//   grads does not hold one dW and one db per layer.
//   overfit_one_batch: training_step (given) on the one batch (X, Y) again and again with options.lr; it
//   stops after the first step that reports a loss ≤ options.target, or after options.max_steps steps.
//   The result holds the loss each step reported (the loss it started from) and whether the target was
//   reached. (X, Y) are the batch for every step: a network that cannot memorise 8 examples has a bug.
void sgd_step(Network& network, const Gradients& grads, double lr) {
    throw NotImplemented("8.4");
}

OverfitResult overfit_one_batch(Network& network, const Matrix& X, const Matrix& Y, const OverfitOptions& options) {
    throw NotImplemented("8.4");
}

// Exercise 8.5 — the next mini-batch, sampled without replacement (README §4).
//   Copies the next min(batch_size, what is left of the epoch) examples, in the order sampler.order
//   gives, into X_batch and Y_batch (resized to that many rows) and returns how many. A new epoch (position
//   0) starts with a fresh shuffle of sampler.order by sampler.rng; the batch that ends an epoch counts it
//   in sampler.epoch and sets position back to 0. Throws course::ShapeError when X or Y has not one row
//   per example of the sampler.
std::size_t next_batch(BatchSampler& sampler, const Matrix& X, const Matrix& Y, Matrix& X_batch, Matrix& Y_batch) {
    throw NotImplemented("8.5");
}

// Exercise 8.6 — the training loop (README §4).
//   options.iterations steps (counted from 1), each on the next batch (8.5) through training_step
//   (given), with their losses in the history; the validation loss (dataset_loss) before the first
//   step, after every eval_every-th step and after the last; on_step(step, loss) after every step when
//   it is set. A loss that is not finite (NaN, +∞ or −∞) stops training with course::RuntimeFailure
//   saying at which step and suggesting a smaller learning rate. Throws std::invalid_argument when
//   eval_every is 0.
TrainHistory train(Network& network, const Dataset& train_set, const Dataset& validation_set,
                   const TrainOptions& options, const StepCallback& on_step) {
    throw NotImplemented("8.6");
}

// Exercise 8.7 — check a backward pass against central differences (README §3, common/gradcheck.hpp).
//   Calls `gradients` once for the network's gradients on (X, Y), then compares, in every layer, sampled
//   entries of dW and of db with the central difference of the loss ℒ of the network on (X, Y) with step
//   options.h. Checks options.samples entries of each W and each b, drawn by an Rng seeded with
//   options.seed, or all of them when the matrix has at most that many. Returns, per layer, the largest
//   course::relative_error among the entries checked of W and of b. The network is left as it was.
//   Throws std::invalid_argument unless h > 0 and samples ≥ 1, and course::ShapeError when the
//   gradients have not the network's layers and shapes.
std::vector<LayerGradCheck> gradient_check(const Network& network, const Matrix& X, const Matrix& Y,
                                           const GradientFunction& gradients, const GradCheckOptions& options) {
    throw NotImplemented("8.7");
}

}  // namespace course::backpropagation
