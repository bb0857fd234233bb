// Chapter 08 — backpropagation and mini-batch gradient descent.
//
// The network of chapter 06 (1024 → 32 → 16 → 8 → 2, tanh hidden layers, linear output) is trained
// on a batch X (n×1024, one face per row) with targets Y (n×2) by minimising
//
//     L = (1/2n) Σᵢ ||ŷᵢ − yᵢ||²,
//
// half the squared error of each example, averaged over the batch. With h⁰ = X and, for layer l,
// zˡ = hˡ·Wˡ + bˡ, the chain rule run backwards from the loss gives (README, section 2):
//
//     δ (output layer)  = ∂L/∂Ŷ = (Ŷ − Y)/n                     (the output is linear: ŷ = z)
//     dWˡ = hˡᵀ·δˡ       dbˡ = column sums of δˡ              (same shapes as Wˡ and bˡ)
//     δˡ⁻¹ = (δˡ·Wˡᵀ) ⊙ (1 − hˡ ⊙ hˡ)                         (tanh' written with tanh's output)
//
// where δˡ = ∂L/∂zˡ. Indices follow chapter 06's ForwardCache: layer l reads h[l], computes z[l], and
// its output is h[l + 1]. Gradients are named d + what they are the gradient of, with its shape:
// dW[l] is ∂L/∂W of layers[l].
//
// Every function that runs inside the training loop writes into buffers the caller owns (Matrix::resize
// reuses storage), so that once the buffers have their shapes a training step allocates nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "chapters/06_neural_network/neural_network.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::backpropagation {

using neural_network::Dense;
using neural_network::ForwardCache;
using neural_network::Network;

// ∂L/∂(every parameter), layer by layer, plus the δ of each layer that produced them.
struct Gradients {
    std::vector<Matrix> dW;     // dW[l]: same shape as layers[l].W (in×out)
    std::vector<Matrix> db;     // db[l]: same shape as layers[l].b (1×out)
    std::vector<Matrix> delta;  // delta[l] = ∂L/∂z[l], n×out: kept so that you can look at it
};

// Inputs and targets, already normalised (chapter 05): X n×1024, Y n×2.
struct Dataset {
    Matrix X, Y;
    std::size_t size() const { return X.rows(); }
};

// Walks through a data set in mini-batches: a fresh random order at the start of every epoch, then
// consecutive slices of it. The last batch of an epoch holds what is left (n mod batch_size rows).
struct BatchSampler {
    std::vector<std::size_t> order;  // a permutation of 0..n−1, reshuffled each epoch
    std::size_t batch_size = 32;
    std::size_t position = 0;        // where in `order` the next batch starts; 0 = a new epoch
    std::size_t epoch = 0;           // epochs completed
    Rng rng{0};
};

// Everything one training step writes to, allocated once (make_workspace) and reused.
struct Workspace {
    Matrix X_batch, Y_batch;  // the current mini-batch
    ForwardCache cache;       // z[l], h[l + 1]; h[0] is X_batch's storage during training_step (a swap)
    Matrix dY;                // ∂L/∂Ŷ
    Gradients grads;
};

struct TrainOptions {
    double lr = 0.1;                // the learning rate η of θ ← θ − η·∂L/∂θ
    std::size_t batch_size = 32;
    std::size_t iterations = 1000;  // mini-batch steps
    std::size_t eval_every = 25;    // validation loss before the first step, every eval_every, after the last
    std::uint64_t seed = 1;         // of the shuffling
};

struct TrainHistory {
    std::vector<double> train_loss;           // the mini-batch loss of every step, before its update
    std::vector<std::size_t> val_iterations;  // the steps after which it was measured (0: before training)
    std::vector<double> val_loss;             // the loss on the whole validation set there
};

// Called after every step with the step (from 1) and its mini-batch loss: for a progress line.
using StepCallback = std::function<void(std::size_t iteration, double loss)>;

// ---- given (training.cpp) -----------------------------------------------------------------------------
// An empty history with room for every step's loss and every validation point of a run: filling it
// then never allocates.
TrainHistory make_history(const TrainOptions& options);
// Buffers for a network and a batch size; the gradients already have their parameters' shapes.
Workspace make_workspace(const Network& network, std::size_t batch_size);
// A sampler over n examples (n ≥ 1, batch_size ≥ 1), order 0..n−1, shuffled when the first batch is taken.
BatchSampler make_sampler(std::size_t n, std::size_t batch_size, std::uint64_t seed);
// Chapter 06's forward pass without allocation once `cache` has its shapes: fills cache.h[0] = X,
// cache.z[l] and cache.h[l + 1], and returns the output cache.h.back().
const Matrix& forward_into(const Network& network, const Matrix& X, ForwardCache& cache);
// One step of mini-batch gradient descent on workspace.X_batch / Y_batch: forward_into, mse_loss,
// backward, sgd_step. Returns the batch's loss before the update. The forward pass reads X_batch
// without copying it: X_batch and cache.h[0] swap storage for the step and back (training.cpp), so
// X_batch is unchanged afterwards and cache.h[0] holds stale rows. A forward_into called with
// cache.h[0] itself as X computes on it in place.
double training_step(Network& network, Workspace& workspace, double lr);
// The loss on a whole data set, using `cache` as scratch (no gradient; cache.h[0] is left as it was).
double dataset_loss(const Network& network, const Dataset& data, ForwardCache& cache);

// ---- exercises ----------------------------------------------------------------------------------------
// 8.1 L = (1/2n) Σᵢ ||ŷᵢ − yᵢ||² over the n rows, and dpredictions = ∂L/∂Ŷ = (Ŷ − Y)/n (resized to Ŷ's
//     shape). Throws course::ShapeError if the shapes differ or are empty.
double mse_loss(const Matrix& predictions, const Matrix& targets, Matrix& dpredictions);
// 8.2 One dense layer Z = H·W + b backwards. Given delta = ∂L/∂Z (n×out) and the layer's input H (n×in):
//     dW = Hᵀ·delta,  db = column sums of delta,  and, unless dinput is null, dinput = delta·Wᵀ = ∂L/∂H.
void dense_backward(const Dense& layer, const Matrix& input, const Matrix& delta, Matrix& dW, Matrix& db,
                    Matrix* dinput);
// 8.3 The whole backward pass, from dY = ∂L/∂Ŷ and the cache of the forward pass that produced Ŷ: fills
//     grads.delta[l], grads.dW[l], grads.db[l] for every layer (resizing the vectors if needed).
void backward(const Network& network, const ForwardCache& cache, const Matrix& dY, Gradients& grads);
// 8.4 Plain gradient descent on every parameter: W ← W − lr·dW, b ← b − lr·db.
void sgd_step(Network& network, const Gradients& grads, double lr);
// 8.5 The next mini-batch: copies rows order[position …] of X and Y into X_batch and Y_batch (resized
//     to the batch's row count), shuffling `order` with sampler.rng first when a new epoch starts.
//     Returns how many rows the batch has.
std::size_t next_batch(BatchSampler& sampler, const Matrix& X, const Matrix& Y, Matrix& X_batch, Matrix& Y_batch);
// 8.6 The training loop: `options.iterations` steps of training_step on batches from next_batch, the
//     loss of each step in the history, and the validation loss (dataset_loss) before the first step,
//     after every eval_every-th and after the last. Calls on_step after each step. Throws
//     course::RuntimeFailure naming the step when the loss is not finite.
TrainHistory train(Network& network, const Dataset& train_set, const Dataset& validation_set,
                   const TrainOptions& options, const StepCallback& on_step = {});


// ---- exercises added with the levelled hints (issue 12) -----------------------------------------------
// 8.4, second part: overfitting one batch, the first check of a new training loop (README §4). A network
// with far more parameters than the batch has numbers can fit it exactly, so its loss must fall to about 0;
// one that stalls has a bug (a sign, a missing tanh′, a δ handed to the wrong layer), whatever the rate.
struct OverfitOptions {
    double lr = 0.1;               // the step of every training_step
    std::size_t max_steps = 1000;  // at most this many steps
    double target = 1e-4;          // a loss at or below this counts as memorised
};
struct OverfitResult {
    std::vector<double> losses;  // what each step reported: the batch's loss before that step's update
    bool reached = false;        // whether a step reported a loss ≤ target (it is then the last one)
};
// training_step on (X, Y) until a step reports a loss ≤ options.target or options.max_steps steps ran.
OverfitResult overfit_one_batch(Network& network, const Matrix& X, const Matrix& Y, const OverfitOptions& options = {});

// 8.7 Gradient checking a backward pass (README §3). A GradientFunction is any backward pass: it returns
// the gradients of ℒ = (1/2n) Σᵢ ||ŷᵢ − yᵢ||² of `network` on the batch (X, Y), one dW and db per layer.
using GradientFunction = std::function<Gradients(const Network& network, const Matrix& X, const Matrix& Y)>;
struct GradCheckOptions {
    double h = 1e-5;           // the central difference's step (common/gradcheck.hpp explains why 1e-5)
    std::size_t samples = 10;  // entries checked per W and per b (all of them when it has no more)
    std::uint64_t seed = 1;    // which entries
};
// The largest course::relative_error between analytic and numerical among the entries checked of one
// layer's dW and of its db. A correct backward pass gives at most 1e-6 on this chapter's networks, a bug
// 1e-3 to 1 (README §3 explains that threshold).
struct LayerGradCheck {
    double weights = 0.0;
    double bias = 0.0;
};
// One LayerGradCheck per layer, in the order of network.layers. Leaves the network as it was. Throws
// std::invalid_argument unless h > 0 and samples ≥ 1, course::ShapeError when the gradients do not
// have the network's layers and shapes.
std::vector<LayerGradCheck> gradient_check(const Network& network, const Matrix& X, const Matrix& Y,
                                           const GradientFunction& gradients, const GradCheckOptions& options = {});

}  // namespace course::backpropagation
