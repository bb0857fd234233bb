// Chapter 11 — learning-rate schedules. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=11`. Stuck? `make hint EX=11.5`. The README derives every formula.
//
// t (`step`) counts the scheduler steps already taken: the first update uses t = 0, so every schedule
// starts at the base rate η₀ (`base_lr`), warm-up aside.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <variant>

#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "common/errors.hpp"

namespace course::learning_rate_schedules {

// Exercise 11.1 — StepLR: cut the rate by γ every step_size steps.
//   ηₜ = η₀ · γ^⌊t / step_size⌋
// For t ≥ 0 the integer division t / step_size is the floor.
double step_lr(double base_lr, std::int64_t step, const StepLROptions& options) {
    throw NotImplemented("11.1");
}

// Exercise 11.2 — ExponentialLR: a cut by γ every step.
//   ηₜ = η₀ · γᵗ
double exponential_lr(double base_lr, std::int64_t step, const ExponentialLROptions& options) {
    throw NotImplemented("11.2");
}

// Exercise 11.2 — inverse-time decay, the 1/t schedule of stochastic approximation.
//   ηₜ = η₀ / (1 + k·t)      k = options.decay_rate
double inverse_time_lr(double base_lr, std::int64_t step, const InverseTimeLROptions& options) {
    throw NotImplemented("11.2");
}

// Exercise 11.3 — CosineAnnealingLR, PyTorch's closed form (for t > T_max it keeps following the cosine).
//   ηₜ = η_min + (η₀ − η_min) · (1 + cos(π·t / T_max)) / 2
// std::numbers::pi is π; convert t and T_max to double before dividing.
double cosine_annealing_lr(double base_lr, std::int64_t step, const CosineAnnealingLROptions& options) {
    throw NotImplemented("11.3");
}

// Exercise 11.4 — LinearLR: the factor moves linearly from a = start_factor to b = end_factor in T steps.
//   ηₜ = η₀ · (a + (b − a) · min(t, T) / T)      T = options.total_iters
double linear_lr(double base_lr, std::int64_t step, const LinearLROptions& options) {
    throw NotImplemented("11.4");
}

// Exercise 11.4 — a whole schedule: W = schedule.warmup.steps steps of linear warm-up, then the decay.
//   t < W:  linear_lr(η₀, t, {warmup.start_factor, 1.0, W})
//   t ≥ W:  the decay at t − W (std::get_if on schedule.decay tells which one; ConstantSchedule is η₀)
double scheduled_lr(const Schedule& schedule, double base_lr, std::int64_t step) {
    throw NotImplemented("11.4");
}

// Exercise 11.5 — ReduceLROnPlateau's comparison. ε = options.threshold:
//   min, rel: current < best·(1 − ε)      min, abs: current < best − ε
//   max, rel: current > best·(1 + ε)      max, abs: current > best + ε
// Strict comparisons: a tie is not an improvement, and NaN compares false with everything.
bool plateau_is_better(double current, double best, const PlateauOptions& options) {
    throw NotImplemented("11.5");
}

// Exercise 11.5 — one epoch of ReduceLROnPlateau, in PyTorch's order:
//   1. last_epoch + 1; better → best = metric, num_bad_epochs = 0; else num_bad_epochs + 1
//   2. cooldown_counter > 0 → cooldown_counter − 1 and num_bad_epochs = 0
//   3. num_bad_epochs > patience → new = max(lr·factor, min_lr); if lr − new > eps then lr = new;
//      cooldown_counter = cooldown; num_bad_epochs = 0
// Return state.lr.
double plateau_step(PlateauState& state, const PlateauOptions& options, double metric) {
    throw NotImplemented("11.5");
}

// Exercise 11.6 — early stopping on a validation loss. checks + 1, then:
//   not finite (std::isfinite)          → stopped = true, return stop (best and snapshot unchanged)
//   val_loss < best − min_delta          → best, best_check = checks, wait = 0, snapshot, return improved
//   otherwise wait + 1; wait ≥ patience  → stopped = true, return stop; else return no_improvement
// The snapshot: best_weights.resize(params.size()), then best_weights[i] = *params[i].value.
Verdict early_stopping_update(EarlyStoppingState& state, const EarlyStoppingOptions& options, double val_loss,
                              const optimizers::ParameterList& params) {
    throw NotImplemented("11.6");
}

// Exercise 11.6 — put the snapshot back: *params[i].value = best_weights[i] (nothing to do without one).
void restore_best_weights(const EarlyStoppingState& state, const optimizers::ParameterList& params) {
    throw NotImplemented("11.6");
}

}  // namespace course::learning_rate_schedules
