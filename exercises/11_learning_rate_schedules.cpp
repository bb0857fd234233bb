// Chapter 11 — learning-rate schedules. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=11`. Stuck? `make hint EX=11.5` (and LEVEL=2, LEVEL=3 for more). The README
// derives every formula; the header (learning_rate_schedules.hpp) has the option structs and their
// PyTorch defaults.
//
// t (`step`) counts the scheduler steps already taken: the first update uses t = 0, so every schedule
// starts at the base rate η₀ (`base_lr`), warm-up aside. t ≥ 0 always.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <variant>

#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "common/errors.hpp"

namespace course::learning_rate_schedules {

// Exercise 11.1 — StepLR (README §3): η₀ cut by the factor options.gamma once every options.step_size
// steps; for t < step_size no cut has happened yet. Returns ηₜ.
double step_lr(double base_lr, std::int64_t step, const StepLROptions& options) {
    throw NotImplemented("11.1");
}

// Exercise 11.2 — ExponentialLR (README §3): η₀ cut by options.gamma at every step. Returns ηₜ.
double exponential_lr(double base_lr, std::int64_t step, const ExponentialLROptions& options) {
    throw NotImplemented("11.2");
}

// 11.2, second part — inverse-time decay (README §2-3), the 1/t schedule of the Robbins–Monro conditions:
// η₀ divided by a denominator that is 1 at t = 0 and grows by options.decay_rate per step. Returns ηₜ.
double inverse_time_lr(double base_lr, std::int64_t step, const InverseTimeLROptions& options) {
    throw NotImplemented("11.2");
}

// Exercise 11.3 — CosineAnnealingLR, PyTorch's closed form (README §3): half a cosine from η₀ at t = 0
// to options.eta_min at t = T_max, and for t > T_max the same cosine onwards (no clamp: back up to η₀
// at 2·T_max). Returns ηₜ.
double cosine_annealing_lr(double base_lr, std::int64_t step, const CosineAnnealingLROptions& options) {
    throw NotImplemented("11.3");
}

// Exercise 11.4 — LinearLR (README §4): η₀ times a factor that moves linearly from options.start_factor
// at t = 0 to options.end_factor at t = total_iters, and stays there after. Returns ηₜ.
double linear_lr(double base_lr, std::int64_t step, const LinearLROptions& options) {
    throw NotImplemented("11.4");
}

// 11.4, second part — a whole Schedule, as PyTorch's SequentialLR([LinearLR, decay], milestones=[W]) runs it
// (README §4): for the first W = schedule.warmup.steps steps a linear warm-up from
// warmup.start_factor·η₀ towards η₀ (W = 0: none); from t = W the decay, starting from its own t = 0.
// decay_lr (given) computes any decay at its own step. Returns ηₜ.
double scheduled_lr(const Schedule& schedule, double base_lr, std::int64_t step) {
    throw NotImplemented("11.4");
}

// Exercise 11.5 — ReduceLROnPlateau's comparison (README §5): whether `current` is better than `best`
// by more than options.threshold, in the direction of options.mode (min: lower is better) and relative
// to best or absolute (options.threshold_mode). Strict: a tie is not better, and NaN is never better.
bool plateau_is_better(double current, double best, const PlateauOptions& options) {
    throw NotImplemented("11.5");
}

// 11.5, second part — one epoch of ReduceLROnPlateau with `metric`, PyTorch's rules in PyTorch's order
// (README §5): it counts the epoch, updates best and num_bad_epochs, honours the cooldown after a cut,
// and when the bad epochs exceed patience cuts state.lr by options.factor, never below options.min_lr
// and not at all if the change would be options.eps or less. Returns the new state.lr.
double plateau_step(PlateauState& state, const PlateauOptions& options, double metric) {
    throw NotImplemented("11.5");
}

// Exercise 11.6 — one check of early stopping on a validation loss, lower is better (README §6).
// Counts the check in state.checks. An improvement (by more than options.min_delta) updates best,
// best_check and the wait, snapshots every parameter's value into state.best_weights and returns
// improved. Otherwise the wait grows, and once it reaches options.patience: stop. A loss that is not
// finite stops at once and leaves best and the snapshot alone. Every stop sets state.stopped. Reads
// only the parameters' values (a parameter's grad may be null).
Verdict early_stopping_update(EarlyStoppingState& state, const EarlyStoppingOptions& options, double val_loss,
                              const optimizers::ParameterList& params) {
    throw NotImplemented("11.6");
}

// 11.6, second part — puts the snapshot back into every parameter's value; without a snapshot, does
// nothing. Throws course::ShapeError if the snapshot does not fit the parameters.
void restore_best_weights(const EarlyStoppingState& state, const optimizers::ParameterList& params) {
    throw NotImplemented("11.6");
}

// Exercise 11.7 — CosineAnnealingWarmRestarts, SGDR (README §3): cycles of T_0, T_0·T_mult,
// T_0·T_mult², … steps back to back from t = 0; in each, 11.3's cosine from η₀ towards options.eta_min
// over the cycle's length, and at the first step of every cycle η₀ again. The cycle of t is found
// exactly, in integer arithmetic (PyTorch's logarithm misplaces some restarts). Returns ηₜ.
double cosine_warm_restarts_lr(double base_lr, std::int64_t step, const CosineWarmRestartsOptions& options) {
    throw NotImplemented("11.7");
}

}  // namespace course::learning_rate_schedules
