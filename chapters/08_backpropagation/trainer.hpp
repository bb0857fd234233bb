// Chapter 08, given code: the course's one training loop for the face network, with hooks.
//
// Exercise 8.6's train() is the loop you write yourself. fit() is the same loop, given, with the places
// where later chapters change it opened up as hooks, the way mlpack's ensmallen builds its optimizers:
// one driver loop, a small update policy plugged into it, and callbacks that watch and may stop it.
// So chapter 10 (the optimizers), chapter 11 (schedules, ReduceLROnPlateau, early stopping) and the
// chapters after them plug into one loop instead of each copying it. Per step, in this order:
//
//     η ← hooks.learning_rate(step)                    default: options.lr                  (chapter 11)
//     the next mini-batch (8.5); forward; ℒ = mse_loss (8.1); backward (8.3) into grads
//     ℒ ← ℒ + hooks.regularizer(network, grads)        default: none; it adds ∂R/∂θ to grads (chapter 13)
//     ℒ not finite → course::RuntimeFailure naming the step
//     hooks.update(network, grads, η)                  default: θ ← θ − η·dθ, sgd_step (8.4) (chapter 10)
//     record ℒ and η; after every eval_every-th step and after the last: the validation loss, then
//     hooks.on_check(step, validation loss)            may end training after this step     (chapter 11)
//     hooks.on_step(step, ℒ)                           a progress line
//
// The step is counted from 1; ℒ is the mini-batch loss before the update (plus the penalty, if any);
// the validation loss is the plain loss on the whole validation set, before the first step too. With
// no hooks, fit() does chapter 08's arithmetic on chapter 08's batches: its history equals train()'s
// to the last digit (chapter 11's tests hold it to that).
//
// The loop allocates nothing per step once its buffers have their shapes (tests/perf holds it to
// that), so neither may a hook: a hook keeps what it needs between calls (an optimizer's state, a
// parameter list) rather than building it each time. `grads` is the same object at every step of a
// fit(), so a hook may keep pointers into it.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "chapters/08_backpropagation/backpropagation.hpp"

namespace course::backpropagation {

// What a check's callback decides.
enum class AfterCheck { keep_training, stop };

// The rate η of step `step` (from 1).
using RateHook = std::function<double(std::size_t step)>;
// One update of every parameter from its gradient at rate η: an optimizer's step.
using UpdateHook = std::function<void(Network& network, const Gradients& grads, double lr)>;
// A penalty R(θ) on the weights: adds ∂R/∂θ to grads.dW / grads.db and returns R, which joins the loss.
using RegularizerHook = std::function<double(const Network& network, Gradients& grads)>;
// Called after each validation check with its step and the validation loss.
using CheckHook = std::function<AfterCheck(std::size_t step, double val_loss)>;

// Each empty hook takes its default (see above).
struct FitHooks {
    RateHook learning_rate{};
    UpdateHook update{};
    RegularizerHook regularizer{};
    CheckHook on_check{};
    StepCallback on_step{};
};

struct FitHistory {
    TrainHistory history;        // as train()'s: every step's loss, the validation checks
    std::vector<double> lr;      // the rate each step used
    std::size_t stopped_at = 0;  // the step whose check returned stop; 0: the whole budget ran
};

// Trains `network` in place for at most options.iterations steps of options.batch_size examples, drawn
// by chapter 08's sampler with options.seed; options.lr is the rate unless hooks.learning_rate is set.
// Throws std::invalid_argument for eval_every = 0, and course::RuntimeFailure naming the step and the
// rate when a step's loss is not finite.
FitHistory fit(Network& network, const Dataset& train_set, const Dataset& validation_set, const TrainOptions& options,
               const FitHooks& hooks = {});

}  // namespace course::backpropagation
