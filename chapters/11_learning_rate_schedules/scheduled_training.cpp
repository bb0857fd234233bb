// Given: chapter 08's training loop with chapter 10's optimizers, this chapter's schedules, the plateau
// and early stopping (see scheduled_training.hpp).
#include "chapters/11_learning_rate_schedules/scheduled_training.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::learning_rate_schedules {

namespace bp = course::backpropagation;
namespace opt = course::optimizers;

namespace {

// (W, dW) and (b, db) of every layer: the parameter list of chapter 10, pointing into chapter 08's
// network and the workspace its backward pass writes to.
opt::ParameterList network_parameters(bp::Network& network, bp::Workspace& work) {
    opt::ParameterList params;
    for (std::size_t l = 0; l < network.layers.size(); ++l) {
        params.push_back({&network.layers[l].W, &work.grads.dW[l]});
        params.push_back({&network.layers[l].b, &work.grads.db[l]});
    }
    return params;
}

}  // namespace

ScheduledHistory train_scheduled(bp::Network& network, const bp::Dataset& train_set, const bp::Dataset& validation_set,
                                 const bp::TrainOptions& options, const TrainingPlan& plan,
                                 const bp::StepCallback& on_step) {
    if (options.eval_every == 0) throw std::invalid_argument("train_scheduled: eval_every must be at least 1");
    validate(plan.schedule);
    if (plan.plateau && !std::holds_alternative<ConstantSchedule>(plan.schedule.decay))
        throw std::invalid_argument(
            "train_scheduled: ReduceLROnPlateau replaces the schedule's decay; use one of them");
    if (plan.early_stopping) validate(*plan.early_stopping);
    opt::Optimizer optimizer(plan.optimizer);
    const double base_lr = optimizer.lr();
    std::optional<PlateauState> plateau;
    if (plan.plateau) plateau = make_plateau_state(base_lr, *plan.plateau);
    EarlyStoppingState stopping;

    bp::BatchSampler sampler = bp::make_sampler(train_set.size(), options.batch_size, options.seed);
    bp::Workspace work = bp::make_workspace(network, options.batch_size);
    const opt::ParameterList params = network_parameters(network, work);
    bp::ForwardCache eval_cache;
    ScheduledHistory out;
    bp::TrainHistory& history = out.history;
    history.val_iterations.push_back(0);
    history.val_loss.push_back(bp::dataset_loss(network, validation_set, eval_cache));

    const auto warmup = static_cast<std::size_t>(plan.schedule.warmup.steps);
    for (std::size_t step = 1; step <= options.iterations; ++step) {
        const auto t = static_cast<std::int64_t>(step - 1);  // scheduler steps taken before this update
        double lr = base_lr;  // no schedule: no call into exercise 11.4, so 11.6 grades on its own
        if (plateau && step > warmup)
            lr = plateau->lr;
        else if (warmup > 0 || !std::holds_alternative<ConstantSchedule>(plan.schedule.decay))
            lr = scheduled_lr(plan.schedule, base_lr, t);
        optimizer.set_lr(lr);
        out.lr.push_back(lr);

        bp::next_batch(sampler, train_set.X, train_set.Y, work.X_batch, work.Y_batch);
        const Matrix& predictions = bp::forward_into(network, work.X_batch, work.cache);
        const double loss = bp::mse_loss(predictions, work.Y_batch, work.dY);
        if (!std::isfinite(loss))
            throw RuntimeFailure("training diverged: the loss is " + fmt(loss) + " at step " + std::to_string(step) +
                                 " (" + optimizer.name() + ", lr = " + fmt(lr) + "); try a smaller learning rate");
        bp::backward(network, work.cache, work.dY, work.grads);
        optimizer.step(params);
        history.train_loss.push_back(loss);

        bool stop = false;
        if (step % options.eval_every == 0 || step == options.iterations) {
            const double val_loss = bp::dataset_loss(network, validation_set, eval_cache);
            history.val_iterations.push_back(step);
            history.val_loss.push_back(val_loss);
            // The plateau sees only checks after the warm-up: a rising rate is not a plateau.
            if (plateau && step >= warmup) plateau_step(*plateau, *plan.plateau, val_loss);
            if (plan.early_stopping) {
                const Verdict verdict = early_stopping_update(stopping, *plan.early_stopping, val_loss, params);
                if (verdict == Verdict::improved) out.best_step = step;
                if (verdict == Verdict::stop) out.stopped_at = step, stop = true;
            }
        }
        if (on_step) on_step(step, loss);
        if (stop) break;
    }
    if (plan.early_stopping && plan.early_stopping->restore_best_weights && !stopping.best_weights.empty()) {
        restore_best_weights(stopping, params);
        out.best_val_loss = stopping.best;
    } else {
        out.best_step = 0;
    }
    return out;
}

}  // namespace course::learning_rate_schedules
