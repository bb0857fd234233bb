// Chapter 08, given code: the one training loop with hooks (see trainer.hpp).
#include "chapters/08_backpropagation/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::backpropagation {

FitHistory fit(Trainable& model, const Dataset& train_set, const Dataset& validation_set, const TrainOptions& options,
               const TrainHooks& hooks) {
    if (options.eval_every == 0) throw std::invalid_argument("fit: eval_every must be at least 1");
    if (!model.loss_and_gradients || !model.evaluate || (!hooks.update && !model.sgd_step))
        throw std::invalid_argument("fit: the model needs loss_and_gradients, evaluate and sgd_step (or an update hook)");
    BatchSampler sampler = make_sampler(train_set.size(), options.batch_size, options.seed);
    Matrix own_X_batch, Y_batch;
    Matrix& X_batch = model.input_buffer ? model.input_buffer() : own_X_batch;
    FitHistory out;
    TrainHistory& history = out.history;
    const std::size_t checks = options.iterations / options.eval_every + 2;
    history.train_loss.reserve(options.iterations);
    out.lr.reserve(options.iterations);
    history.val_iterations.reserve(checks);
    history.val_loss.reserve(checks);
    history.val_iterations.push_back(0);
    history.val_loss.push_back(model.evaluate(validation_set));

    for (std::size_t step = 1; step <= options.iterations; ++step) {
        const double lr = hooks.learning_rate ? hooks.learning_rate(step) : options.lr;
        next_batch(sampler, train_set.X, train_set.Y, X_batch, Y_batch);
        if (hooks.on_batch) hooks.on_batch(X_batch, Y_batch);
        double loss = model.loss_and_gradients(X_batch, Y_batch);
        if (hooks.regularizer) loss += hooks.regularizer();
        if (!std::isfinite(loss))
            throw RuntimeFailure("training diverged: the loss is " + fmt(loss) + " at step " + std::to_string(step) +
                                 " of " + std::to_string(options.iterations) + " (lr = " + fmt(lr) +
                                 "); try a smaller learning rate, e.g. --lr " + fmt(std::min(lr / 10, 0.1)));
        if (hooks.update)
            hooks.update(lr);
        else
            model.sgd_step(lr);
        history.train_loss.push_back(loss);
        out.lr.push_back(lr);

        bool stop = false;
        if (step % options.eval_every == 0 || step == options.iterations) {
            const double val_loss = model.evaluate(validation_set);
            history.val_iterations.push_back(step);
            history.val_loss.push_back(val_loss);
            stop = hooks.on_check && hooks.on_check(step, val_loss) == AfterCheck::stop;
        }
        if (hooks.on_step) hooks.on_step(step, loss);
        if (stop) {
            out.stopped_at = step;
            break;
        }
    }
    return out;
}

// The face MLP as a Trainable: chapter 08's forward pass, mse_loss (8.1) and backward (8.3) into a
// workspace made once. The batch is copied straight into the cache's h[0], the forward pass's input, so
// forward_into has nothing to copy (it skips the copy when X is h[0] itself): training_step's swap,
// without a swap. FitHooks' network-shaped hooks become closures over the network and the workspace.
FitHistory fit(Network& network, const Dataset& train_set, const Dataset& validation_set, const TrainOptions& options,
               const FitHooks& hooks) {
    Workspace work = make_workspace(network, options.batch_size);
    ForwardCache validation_cache;
    Trainable model{
        .loss_and_gradients =
            [&](const Matrix& X, const Matrix& Y) {
                const Matrix& predictions = forward_into(network, X, work.cache);
                const double loss = mse_loss(predictions, Y, work.dY);
                backward(network, work.cache, work.dY, work.grads);
                return loss;
            },
        .evaluate = [&](const Dataset& data) { return dataset_loss(network, data, validation_cache); },
        .sgd_step = [&](double lr) { sgd_step(network, work.grads, lr); },
        .input_buffer = [&]() -> Matrix& { return work.cache.h[0]; },
    };
    TrainHooks train_hooks{.learning_rate = hooks.learning_rate, .on_check = hooks.on_check, .on_step = hooks.on_step};
    if (hooks.regularizer) train_hooks.regularizer = [&] { return hooks.regularizer(network, work.grads); };
    if (hooks.update) train_hooks.update = [&](double lr) { hooks.update(network, work.grads, lr); };
    return fit(model, train_set, validation_set, options, train_hooks);
}

}  // namespace course::backpropagation
