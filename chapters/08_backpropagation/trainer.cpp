// Chapter 08, given code: the one training loop with hooks, and the face MLP as its model (see trainer.hpp).
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

// The batch is copied straight into the cache's h[0], the forward pass's input, so forward_into has
// nothing to copy (it skips the copy when X is h[0] itself): training_step's swap, without a swap. The
// validation pass keeps a cache of its own, inside evaluate.
Trainable face_model(Network& network, Workspace& workspace) {
    return Trainable{
        .loss_and_gradients =
            [&network, &workspace](const Matrix& X, const Matrix& Y) {
                const Matrix& predictions = forward_into(network, X, workspace.cache);
                const double loss = mse_loss(predictions, Y, workspace.dY);
                backward(network, workspace.cache, workspace.dY, workspace.grads);
                return loss;
            },
        .evaluate = [&network, cache = ForwardCache{}](const Dataset& data) mutable {
            return dataset_loss(network, data, cache);
        },
        .sgd_step = [&network, &workspace](double lr) { sgd_step(network, workspace.grads, lr); },
        .input_buffer = [&workspace]() -> Matrix& { return workspace.cache.h[0]; },
    };
}

}  // namespace course::backpropagation
