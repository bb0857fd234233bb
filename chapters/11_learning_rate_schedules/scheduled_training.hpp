// Chapter 11, given code: chapter 08's face network trained by any of chapter 10's optimizers, under a
// schedule or ReduceLROnPlateau, with early stopping — and the command-line flags with which this
// chapter's program runs it (--optimizer, --schedule, --warmup, --early-stopping-patience, …).
//
// The loop is chapter 08's fit() (chapters/08_backpropagation/trainer.hpp), with its hooks set so:
//   1. learning_rate: η ← the schedule's rate for t = step − 1 (or the plateau's current rate);
//   2. update: chapter 10's optimizer steps on (W, dW) and (b, db) of every layer at that rate;
//   3. on_check (every eval_every steps): ReduceLROnPlateau.step(val_loss) and the early-stopping
//      verdict on it, which may end training;
// and at the end the best check's weights are restored (restore_best_weights).
// With --optimizer sgd and no schedule it performs chapter 08's arithmetic, θ ← θ − η·dθ, on the same
// batches, so it reproduces chapter 08's run to the last digit.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "common/cli.hpp"

namespace course::learning_rate_schedules {

struct TrainingPlan {
    optimizers::AnyOptions optimizer = optimizers::SgdOptions{.lr = 0.1};  // its lr is the base rate η₀
    Schedule schedule{};                                                   // a closed form, after an optional warm-up
    std::optional<PlateauOptions> plateau{};  // instead of schedule.decay: stepped on each check
    std::optional<EarlyStoppingOptions> early_stopping{};
};

struct ScheduledHistory {
    backpropagation::TrainHistory history;  // as chapter 08's: every step's loss, the validation checks
    std::vector<double> lr;                 // the rate each step used
    std::size_t stopped_at = 0;             // the step after whose check early stopping fired; 0: it did not
    std::size_t best_step = 0;              // the check whose weights were restored; 0: none were
    double best_val_loss = 0.0;             // its validation loss
};

// Trains `network` in place. options: batch_size, iterations, eval_every and the shuffling seed of
// chapter 08 (options.lr is not used: the optimizer's lr is the base rate). Throws
// course::RuntimeFailure naming the step when a training loss is not finite (early stopping aside:
// a non-finite validation loss stops the run and restores the best weights instead).
ScheduledHistory train_scheduled(backpropagation::Network& network, const backpropagation::Dataset& train_set,
                                 const backpropagation::Dataset& validation_set,
                                 const backpropagation::TrainOptions& options, const TrainingPlan& plan,
                                 const backpropagation::StepCallback& on_step = {});

// ---- the command line of a training plan -------------------------------------------------------------
// `flags` (the program's own, which must include chapter 08's face_recipe_flags(), with --lr) followed by
// these: --optimizer and chapter 10's hyperparameter flags, --schedule and its settings, --warmup, the
// plateau's and early stopping's. --plateau-patience and --early-stopping-patience show both defaults:
// the plan's and the lecture's.
std::vector<Flag> with_training_plan_flags(std::vector<Flag> flags);
// Whether a flag that asks for a plan was given: any of the above but --plateau-factor,
// --plateau-patience and --early-stopping-patience, which tune the lecture as well.
bool training_plan_requested(const Args& args);
// The plan the flags ask for, for a run of options.iterations steps. An unset --lr keeps chapter 08's
// `options.lr` for sgd and takes PyTorch's default for the other optimizers. Throws course::UsageError
// naming the flag when a value does not apply or torch would reject it.
TrainingPlan training_plan_from_args(const Args& args, const backpropagation::TrainOptions& options);
// Chapter 08's experiment (its recipe flags, --eval-every if given) trained with the plan: prints what
// runs, a progress line, the stop and the restored check, and the test error.
void run_training_plan(const Args& args);

}  // namespace course::learning_rate_schedules
