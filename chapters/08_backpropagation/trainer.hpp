// Chapter 08, given code: the course's one training loop, fit(), for any model, with hooks.
//
// Exercise 8.6's train() is the loop you write yourself. fit() is the same loop, given, with the places
// where later chapters change it opened up as hooks, the way mlpack's ensmallen builds its optimizers:
// one driver loop, a small update policy plugged into it, and callbacks that watch and may stop it.
// So chapter 10 (the optimizers), chapter 11 (schedules, ReduceLROnPlateau, early stopping) and the
// chapters after them plug into one loop instead of each copying it. The model is a Trainable: three
// closures over the model's own parameters and gradient buffers. The face MLP is one (face_model below);
// chapter 13's nets with dropout and batch norm, chapter 14's classifier, chapter 18's CNN and chapter
// 19's sequence models are others. Per step, in this order:
//
//     η ← hooks.learning_rate(step)                    default: options.lr                  (chapter 11)
//     the next mini-batch (8.5); hooks.on_batch(X, Y)  may change it in place: augmentation (chapter 13)
//     ℒ ← model.loss_and_gradients(X, Y)               forward, loss, backward into the model's gradients
//     ℒ ← ℒ + hooks.regularizer()                      default: none; it adds ∂R/∂θ to the gradients (chapter 13)
//     ℒ not finite → course::RuntimeFailure naming the step
//     hooks.update(η)                                  default: model.sgd_step(η), θ ← θ − η·dθ  (chapter 10)
//     record ℒ and η; after every eval_every-th step and after the last: the validation loss, then
//     hooks.on_check(step, validation loss)            may end training after this step     (chapter 11)
//     hooks.on_step(step, ℒ)                           a progress line
//
// The step is counted from 1; ℒ is the mini-batch loss before the update (plus the penalty, if any);
// the validation loss is model.evaluate on the whole validation set, before the first step too. An epoch
// is ceil(n / batch_size) steps (the last batch of an epoch holds what is left). With no hooks, fit() on
// face_model does chapter 08's arithmetic on chapter 08's batches: its history equals train()'s to the
// last digit (chapter 11's tests hold it to that).
//
// The loop allocates nothing per step once its buffers have their shapes (tests/perf holds it to
// that), so neither may a model or a hook: each keeps what it needs between calls (an optimizer's state,
// a parameter list) rather than building it each time.
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
using UpdateHook = std::function<void(double lr)>;
// Called after each validation check with its step and the validation loss.
using CheckHook = std::function<AfterCheck(std::size_t step, double val_loss)>;

// What fit() needs of a model (the model object owns its parameters and buffers and outlives the fit):
struct Trainable {
    // Training mode on one batch (rows of X and Y): returns the batch loss and writes ∂ℒ/∂θ into the
    // model's gradient buffers.
    std::function<double(const Matrix& X, const Matrix& Y)> loss_and_gradients;
    // Evaluation mode on a whole data set: the validation loss (no dropout; batch norm's running stats).
    std::function<double(const Dataset& data)> evaluate;
    // The default update θ ← θ − η·dθ on every parameter (used when hooks.update is empty).
    UpdateHook sgd_step;
    // Optional: the matrix the loop should copy each batch's inputs into, when the model's forward pass
    // reads its input from a buffer of its own (the face MLP's cache.h[0]); loss_and_gradients then
    // receives that very matrix and need not copy it. Empty: the loop's own buffer.
    std::function<Matrix&()> input_buffer{};
};

// Each empty hook takes its default (see above). Each closure captures what it works on (the model's
// parameters and gradients, an optimizer).
struct TrainHooks {
    RateHook learning_rate{};                                  // η of step `step` (from 1); default options.lr
    std::function<void(Matrix& X, Matrix& Y)> on_batch{};      // may change the batch in place (augmentation)
    std::function<double()> regularizer{};                     // adds ∂R/∂θ to the model's gradients, returns R
    UpdateHook update{};                                       // an optimizer's step; default model.sgd_step
    CheckHook on_check{};                                      // after each validation check; may stop
    StepCallback on_step{};                                    // (step, ℒ): a progress line
};

struct FitHistory {
    TrainHistory history;        // as train()'s: every step's loss, the validation checks
    std::vector<double> lr;      // the rate each step used
    std::size_t stopped_at = 0;  // the step whose check returned stop; 0: the whole budget ran
};

// The face MLP of chapters 06 and 08 as a model: chapter 08's forward pass, mse_loss (8.1), backward
// (8.3) into workspace.grads (where an optimizer or a regulariser finds dW and db) and sgd_step (8.4);
// dataset_loss for evaluate. `workspace` is make_workspace(network, options.batch_size); the network
// and the workspace must outlive the Trainable.
Trainable face_model(Network& network, Workspace& workspace);

// Trains `model` in place for at most options.iterations steps of options.batch_size examples, drawn
// by chapter 08's sampler with options.seed; options.lr is the rate unless hooks.learning_rate is set.
// Throws std::invalid_argument for eval_every = 0 or a Trainable without loss_and_gradients, evaluate or
// (with no update hook) sgd_step, and course::RuntimeFailure naming the step and the rate when a step's
// loss is not finite.
FitHistory fit(Trainable& model, const Dataset& train_set, const Dataset& validation_set, const TrainOptions& options,
               const TrainHooks& hooks = {});

}  // namespace course::backpropagation
