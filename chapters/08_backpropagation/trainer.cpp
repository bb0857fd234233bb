// Chapter 08, given code: the one training loop with hooks (see trainer.hpp).
#include "chapters/08_backpropagation/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::backpropagation {

// The batch is copied straight into the cache's h[0], the forward pass's input, so that forward_into
// has nothing to copy (it skips the copy when X is h[0] itself): training_step's swap, without a swap.
FitHistory fit(Network& network, const Dataset& train_set, const Dataset& validation_set, const TrainOptions& options,
               const FitHooks& hooks) {
    if (options.eval_every == 0) throw std::invalid_argument("fit: eval_every must be at least 1");
    BatchSampler sampler = make_sampler(train_set.size(), options.batch_size, options.seed);
    Workspace work = make_workspace(network, options.batch_size);
    Matrix& X_batch = work.cache.h[0];
    ForwardCache validation_cache;
    FitHistory out;
    TrainHistory& history = out.history;
    const std::size_t checks = options.iterations / options.eval_every + 2;
    history.train_loss.reserve(options.iterations);
    out.lr.reserve(options.iterations);
    history.val_iterations.reserve(checks);
    history.val_loss.reserve(checks);
    history.val_iterations.push_back(0);
    history.val_loss.push_back(dataset_loss(network, validation_set, validation_cache));

    for (std::size_t step = 1; step <= options.iterations; ++step) {
        const double lr = hooks.learning_rate ? hooks.learning_rate(step) : options.lr;
        next_batch(sampler, train_set.X, train_set.Y, X_batch, work.Y_batch);
        const Matrix& predictions = forward_into(network, X_batch, work.cache);
        double loss = mse_loss(predictions, work.Y_batch, work.dY);
        backward(network, work.cache, work.dY, work.grads);
        if (hooks.regularizer) loss += hooks.regularizer(network, work.grads);
        if (!std::isfinite(loss))
            throw RuntimeFailure("training diverged: the loss is " + fmt(loss) + " at step " + std::to_string(step) +
                                 " of " + std::to_string(options.iterations) + " (lr = " + fmt(lr) +
                                 "); try a smaller learning rate, e.g. --lr " + fmt(std::min(lr / 10, 0.1)));
        if (hooks.update)
            hooks.update(network, work.grads, lr);
        else
            sgd_step(network, work.grads, lr);
        history.train_loss.push_back(loss);
        out.lr.push_back(lr);

        bool stop = false;
        if (step % options.eval_every == 0 || step == options.iterations) {
            const double val_loss = dataset_loss(network, validation_set, validation_cache);
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

}  // namespace course::backpropagation
