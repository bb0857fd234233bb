// Chapter 08 — reference solutions. Same functions, same order as exercises/08_backpropagation.cpp.
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

// Exercise 8.1 — the loss and where backpropagation starts.
//   ℒ = (1/2n) Σᵢ Σⱼ (Ŷᵢⱼ − Yᵢⱼ)². Each entry appears in one term, whose derivative is
//   (1/2n)·2·(Ŷᵢⱼ − Yᵢⱼ): so ∂ℒ/∂Ŷ = (Ŷ − Y)/n. The ½ is there to cancel the 2.
double mse_loss(const Matrix& predictions, const Matrix& targets, Matrix& dpredictions) {
    if (!predictions.same_shape(targets) || predictions.empty())
        throw ShapeError("mse_loss: predictions " + predictions.shape() + " and targets " + targets.shape() +
                         " must have the same, non-empty shape");
    const double n = static_cast<double>(predictions.rows());
    dpredictions.resize(predictions.rows(), predictions.cols());
    double total = 0.0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const double diff = predictions.data()[i] - targets.data()[i];
        total += diff * diff;
        dpredictions.data()[i] = diff / n;
    }
    return total / (2.0 * n);
}

// Exercise 8.2 — one dense layer Z = H·W + b, backwards.
//   Zᵣⱼ = Σₖ Hᵣₖ·Wₖⱼ + bⱼ. W's entry (k, j) reaches the loss through Z's column j in every row r:
//   ∂ℒ/∂Wₖⱼ = Σᵣ δᵣⱼ·Hᵣₖ = (Hᵀ·δ)ₖⱼ;   ∂ℒ/∂bⱼ = Σᵣ δᵣⱼ;   ∂ℒ/∂Hᵣₖ = Σⱼ δᵣⱼ·Wₖⱼ = (δ·Wᵀ)ᵣₖ.
void dense_backward(const Dense& layer, const Matrix& input, const Matrix& delta, Matrix& dW, Matrix& db,
                    Matrix* dinput) {
    if (input.rows() != delta.rows() || input.cols() != layer.W.rows() || delta.cols() != layer.W.cols())
        throw ShapeError("dense_backward: input " + input.shape() + ", delta " + delta.shape() +
                         " do not fit weights " + layer.W.shape());
    matmul_into(dW, input, delta, /*transpose_a=*/true);
    db.resize(1, delta.cols());
    db.fill(0.0);
    for (std::size_t r = 0; r < delta.rows(); ++r)
        for (std::size_t c = 0; c < delta.cols(); ++c) db(0, c) += delta(r, c);
    if (dinput) matmul_into(*dinput, delta, layer.W, false, /*transpose_b=*/true);
}

// Exercise 8.3 — the backward pass through the whole network.
//   Start from δ of the (linear) output layer, ∂ℒ/∂Ŷ, and walk back. For layer l, dense_backward
//   gives dW, db and ∂ℒ/∂h[l]; h[l] = tanh(z[l−1]), so δ of layer l−1 is ∂ℒ/∂h[l] ⊙ (1 − h[l]²).
//   The first layer's input is the data, whose gradient nobody needs: skip that product.
void backward(const Network& network, const ForwardCache& cache, const Matrix& dY, Gradients& grads) {
    const std::size_t layers = network.layers.size();
    if (cache.h.size() != layers + 1 || cache.z.size() != layers)
        throw ShapeError("backward: the cache holds " + std::to_string(cache.h.size()) + " activations for " +
                         std::to_string(layers) + " layers; run the forward pass with this network first");
    grads.dW.resize(layers);
    grads.db.resize(layers);
    grads.delta.resize(layers);
    grads.delta[layers - 1].resize(dY.rows(), dY.cols());
    std::copy(dY.data(), dY.data() + dY.size(), grads.delta[layers - 1].data());
    for (std::size_t l = layers; l-- > 0;) {
        Matrix* dinput = l > 0 ? &grads.delta[l - 1] : nullptr;
        dense_backward(network.layers[l], cache.h[l], grads.delta[l], grads.dW[l], grads.db[l], dinput);
        if (dinput) {
            const Matrix& h = cache.h[l];
            for (std::size_t i = 0; i < h.size(); ++i) dinput->data()[i] *= 1.0 - h.data()[i] * h.data()[i];
        }
    }
}

// Exercise 8.4 — the gradient descent step, and overfitting one batch.
//   One step downhill: −∇ℒ is the direction of steepest descent, lr how far to go.
void sgd_step(Network& network, const Gradients& grads, double lr) {
    if (grads.dW.size() != network.layers.size() || grads.db.size() != network.layers.size())
        throw ShapeError("sgd_step: gradients for " + std::to_string(grads.dW.size()) + " layers, network has " +
                         std::to_string(network.layers.size()));
    for (std::size_t l = 0; l < network.layers.size(); ++l) {
        network.layers[l].W.add_scaled(grads.dW[l], -lr);
        network.layers[l].b.add_scaled(grads.db[l], -lr);
    }
}

//   Overfitting one batch: the batch goes into a workspace once; training_step gives X_batch back after
//   every step (it only lends it to the forward cache), so every step trains on the same rows. A step
//   that reports a loss that is not finite ends the run too: more steps would only carry the NaN.
OverfitResult overfit_one_batch(Network& network, const Matrix& X, const Matrix& Y, const OverfitOptions& options) {
    Workspace workspace = make_workspace(network, X.rows());
    workspace.X_batch = X;
    workspace.Y_batch = Y;
    OverfitResult result;
    result.losses.reserve(options.max_steps);
    for (std::size_t step = 1; step <= options.max_steps; ++step) {
        const double loss = training_step(network, workspace, options.lr);
        result.losses.push_back(loss);
        if (!std::isfinite(loss)) break;
        if (loss <= options.target) {
            result.reached = true;
            break;
        }
    }
    return result;
}

// Exercise 8.5 — the next mini-batch, sampled without replacement.
//   A new permutation per epoch means every example is seen exactly once per epoch, in an order that
//   differs from epoch to epoch.
std::size_t next_batch(BatchSampler& sampler, const Matrix& X, const Matrix& Y, Matrix& X_batch, Matrix& Y_batch) {
    const std::size_t n = sampler.order.size();
    if (X.rows() != n || Y.rows() != n)
        throw ShapeError("next_batch: the sampler covers " + std::to_string(n) + " examples but X is " + X.shape() +
                         " and Y is " + Y.shape());
    if (sampler.position == 0) sampler.rng.shuffle(std::span(sampler.order));
    const std::size_t count = std::min(sampler.batch_size, n - sampler.position);
    X_batch.resize(count, X.cols());
    Y_batch.resize(count, Y.cols());
    for (std::size_t r = 0; r < count; ++r) {
        const std::size_t example = sampler.order[sampler.position + r];
        std::copy(X.row_data(example), X.row_data(example) + X.cols(), X_batch.row_data(r));
        std::copy(Y.row_data(example), Y.row_data(example) + Y.cols(), Y_batch.row_data(r));
    }
    sampler.position += count;
    if (sampler.position == n) {
        sampler.position = 0;
        ++sampler.epoch;
    }
    return count;
}

// Exercise 8.6 — the training loop.
//   Sample, step, check, record. Every buffer gets its shape before the first step (the validation
//   cache by measuring the untrained network), so the loop itself allocates nothing.
TrainHistory train(Network& network, const Dataset& train_set, const Dataset& validation_set,
                   const TrainOptions& options, const StepCallback& on_step) {
    if (options.eval_every == 0) throw std::invalid_argument("train: eval_every must be at least 1");
    BatchSampler sampler = make_sampler(train_set.size(), options.batch_size, options.seed);
    Workspace workspace = make_workspace(network, options.batch_size);
    ForwardCache validation_cache;
    TrainHistory history = make_history(options);
    history.val_iterations.push_back(0);
    history.val_loss.push_back(dataset_loss(network, validation_set, validation_cache));
    for (std::size_t step = 1; step <= options.iterations; ++step) {
        next_batch(sampler, train_set.X, train_set.Y, workspace.X_batch, workspace.Y_batch);
        const double loss = training_step(network, workspace, options.lr);
        if (!std::isfinite(loss))
            throw RuntimeFailure("training diverged: the loss is " + fmt(loss) + " at step " + std::to_string(step) +
                                 " of " + std::to_string(options.iterations) + " (lr = " + fmt(options.lr) +
                                 "); try a smaller learning rate, e.g. --lr " + fmt(std::min(options.lr / 10, 0.1)));
        history.train_loss.push_back(loss);
        if (step % options.eval_every == 0 || step == options.iterations) {
            history.val_iterations.push_back(step);
            history.val_loss.push_back(dataset_loss(network, validation_set, validation_cache));
        }
        if (on_step) on_step(step, loss);
    }
    return history;
}


// Exercise 8.7 — check a backward pass against central differences.
//   ∂ℒ/∂θᵢ ≈ (ℒ(θ + h·eᵢ) − ℒ(θ − h·eᵢ))/2h, with an error O(h²) (common/gradcheck.hpp). Each entry
//   costs two forward passes, so a large W (W¹ has 32,768 entries) is checked on a random sample of its
//   entries; a bug in a layer's formula shows in nearly every entry, so a few suffice.
std::vector<LayerGradCheck> gradient_check(const Network& network, const Matrix& X, const Matrix& Y,
                                           const GradientFunction& gradients, const GradCheckOptions& options) {
    if (!(options.h > 0) || options.samples == 0)
        throw std::invalid_argument("gradient_check: need h > 0 and samples ≥ 1, got h = " + fmt(options.h) +
                                    ", samples = " + std::to_string(options.samples));
    const Gradients grads = gradients(network, X, Y);
    const std::size_t layers = network.layers.size();
    if (grads.dW.size() != layers || grads.db.size() != layers)
        throw ShapeError("gradient_check: the backward pass returned " + std::to_string(grads.dW.size()) + " dW and " +
                         std::to_string(grads.db.size()) + " db for " + std::to_string(layers) + " layers");
    for (std::size_t l = 0; l < layers; ++l) {
        if (!grads.dW[l].same_shape(network.layers[l].W) || !grads.db[l].same_shape(network.layers[l].b))
            throw ShapeError("gradient_check: layer " + std::to_string(l) + " has W " + network.layers[l].W.shape() +
                             " and b " + network.layers[l].b.shape() + ", the backward pass returned dW " +
                             grads.dW[l].shape() + " and db " + grads.db[l].shape());
    }
    Network probe = network;
    const Dataset batch{X, Y};
    ForwardCache cache;
    Rng rng(options.seed);
    // The largest relative error over the checked entries of one parameter matrix of `probe`.
    auto worst_entry = [&](Matrix& parameter, const Matrix& analytic) {
        const bool every = parameter.size() <= options.samples;
        const std::size_t count = every ? parameter.size() : options.samples;
        double worst = 0.0;
        for (std::size_t k = 0; k < count; ++k) {
            const std::size_t i = every ? k : rng.index(parameter.size());
            const double saved = parameter.data()[i];
            parameter.data()[i] = saved + options.h;
            const double plus = dataset_loss(probe, batch, cache);
            parameter.data()[i] = saved - options.h;
            const double minus = dataset_loss(probe, batch, cache);
            parameter.data()[i] = saved;
            worst = std::max(worst, relative_error(analytic.data()[i], (plus - minus) / (2 * options.h)));
        }
        return worst;
    };
    std::vector<LayerGradCheck> checks(layers);
    for (std::size_t l = 0; l < layers; ++l) {
        checks[l].weights = worst_entry(probe.layers[l].W, grads.dW[l]);
        checks[l].bias = worst_entry(probe.layers[l].b, grads.db[l]);
    }
    return checks;
}

}  // namespace course::backpropagation
