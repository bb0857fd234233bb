// Chapter 11 — learning-rate schedules: the reference solutions. Same functions, same order as
// exercises/11_learning_rate_schedules.cpp.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <variant>

#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "common/errors.hpp"

namespace course::learning_rate_schedules {

// Exercise 11.1 — StepLR.
// The rate is cut by γ once every step_size steps: after t steps, ⌊t/s⌋ cuts have happened.
// Integer division is the floor for t ≥ 0, and pow with an integer-valued exponent is exact enough.
double step_lr(double base_lr, std::int64_t step, const StepLROptions& options) {
    return base_lr * std::pow(options.gamma, static_cast<double>(step / options.step_size));
}

// Exercise 11.2 — ExponentialLR.
// A cut by γ every step: η₀·γᵗ. The half-life is ln 2 / −ln γ steps (γ = 0.99: about 69 steps).
double exponential_lr(double base_lr, std::int64_t step, const ExponentialLROptions& options) {
    return base_lr * std::pow(options.gamma, static_cast<double>(step));
}

// 11.2, second part — inverse-time decay.
// η₀/(1 + k·t): the 1/t decay of the Robbins–Monro conditions, Σηₜ = ∞ and Σηₜ² < ∞ (README).
double inverse_time_lr(double base_lr, std::int64_t step, const InverseTimeLROptions& options) {
    return base_lr / (1.0 + options.decay_rate * static_cast<double>(step));
}

// Exercise 11.3 — CosineAnnealingLR.
// Half a cosine wave from η₀ at t = 0 down to η_min at t = T_max. PyTorch's closed form does not
// stop there: cos(π·t/T_max) keeps going, so the rate climbs back to η₀ at t = 2·T_max, and so on.
double cosine_annealing_lr(double base_lr, std::int64_t step, const CosineAnnealingLROptions& options) {
    const double phase = std::numbers::pi * static_cast<double>(step) / static_cast<double>(options.T_max);
    return options.eta_min + (base_lr - options.eta_min) * (1.0 + std::cos(phase)) / 2.0;
}

// Exercise 11.4 — LinearLR.
// The factor goes linearly from start_factor at t = 0 to end_factor at t = T and stays there.
double linear_lr(double base_lr, std::int64_t step, const LinearLROptions& options) {
    const double progress =
        static_cast<double>(std::min(step, options.total_iters)) / static_cast<double>(options.total_iters);
    return base_lr * (options.start_factor + (options.end_factor - options.start_factor) * progress);
}

// 11.4, second part — a whole Schedule: warm-up, then the decay from its own t = 0.
// SequentialLR: the warm-up owns steps 0 … W − 1; at t = W the decay starts from its own step 0, so the
// rate there is exactly η₀ (the warm-up's end and the decay's start agree).
double scheduled_lr(const Schedule& schedule, double base_lr, std::int64_t step) {
    const std::int64_t warmup = schedule.warmup.steps;
    if (step < warmup) return linear_lr(base_lr, step, {schedule.warmup.start_factor, 1.0, warmup});
    return decay_lr(schedule.decay, base_lr, step - warmup);
}

// Exercise 11.5 — ReduceLROnPlateau's comparison.
// Better by more than the threshold. In rel mode the margin is a fraction of best; best starts at
// ±∞, and ∞·(1 − ε) = ∞, so any finite first metric is better. Every comparison with NaN is false, so
// NaN is never better (and never becomes best). As in PyTorch, rel mode assumes a positive metric: with
// best < 0 in min mode, best·(1 − ε) lies above best, and a slightly worse value still counts as better.
bool plateau_is_better(double current, double best, const PlateauOptions& options) {
    const double e = options.threshold;
    if (options.mode == Mode::min)
        return options.threshold_mode == ThresholdMode::rel ? current < best * (1.0 - e) : current < best - e;
    return options.threshold_mode == ThresholdMode::rel ? current > best * (1.0 + e) : current > best + e;
}

// 11.5, second part — one epoch of ReduceLROnPlateau.
// torch.optim.lr_scheduler.ReduceLROnPlateau.step, line for line.
double plateau_step(PlateauState& state, const PlateauOptions& options, double metric) {
    ++state.last_epoch;
    if (plateau_is_better(metric, state.best, options)) {
        state.best = metric;
        state.num_bad_epochs = 0;
    } else {
        ++state.num_bad_epochs;
    }
    if (state.cooldown_counter > 0) {  // in cooldown: bad epochs right after a cut are not held against us
        --state.cooldown_counter;
        state.num_bad_epochs = 0;
    }
    if (state.num_bad_epochs > options.patience) {
        const double reduced = std::max(state.lr * options.factor, options.min_lr);
        if (state.lr - reduced > options.eps) state.lr = reduced;  // at min_lr the "cut" is skipped
        state.cooldown_counter = options.cooldown;
        state.num_bad_epochs = 0;
    }
    return state.lr;
}

// Exercise 11.6 — early stopping.
// The snapshot is taken at every improvement, so at any moment it holds the best weights seen.
Verdict early_stopping_update(EarlyStoppingState& state, const EarlyStoppingOptions& options, double val_loss,
                              const optimizers::ParameterList& params) {
    ++state.checks;
    if (!std::isfinite(val_loss)) {
        state.stopped = true;
        return Verdict::stop;
    }
    if (val_loss < state.best - options.min_delta) {
        state.best = val_loss;
        state.best_check = state.checks;
        state.wait = 0;
        state.best_weights.resize(params.size());
        for (std::size_t i = 0; i < params.size(); ++i) state.best_weights[i] = *params[i].value;
        return Verdict::improved;
    }
    ++state.wait;
    if (state.wait >= options.patience) {
        state.stopped = true;
        return Verdict::stop;
    }
    return Verdict::no_improvement;
}

// 11.6, second part — restore the best weights.
void restore_best_weights(const EarlyStoppingState& state, const optimizers::ParameterList& params) {
    if (state.best_weights.empty()) return;
    if (state.best_weights.size() != params.size())
        throw ShapeError("restore_best_weights: a snapshot of " + std::to_string(state.best_weights.size()) +
                         " parameters for " + std::to_string(params.size()));
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (!state.best_weights[i].same_shape(*params[i].value))
            throw ShapeError("restore_best_weights: parameter " + std::to_string(i) + " is " +
                             params[i].value->shape() + ", its snapshot " + state.best_weights[i].shape());
        *params[i].value = state.best_weights[i];
    }
}

// Exercise 11.7 — CosineAnnealingWarmRestarts (SGDR).
// Walk the cycles in integers: subtract each cycle's length while t is past it. At T_cur = T_i the next
// cycle has begun, hence >=: the first step of a cycle is η₀, never η_min. PyTorch finds the cycle as
// ⌊log_{T_mult}(t·(T_mult − 1)/T_0 + 1)⌋, which rounds down wrongly at some restarts (T_0 = 1, T_mult = 3,
// t = 121: log₃ 243 comes out as 4.999…); the walk costs O(log t) steps for T_mult > 1 and is exact.
double cosine_warm_restarts_lr(double base_lr, std::int64_t step, const CosineWarmRestartsOptions& options) {
    std::int64_t T_cur = step, T_i = options.T_0;
    if (options.T_mult == 1) {
        T_cur = step % T_i;
    } else {
        while (T_cur >= T_i) {
            T_cur -= T_i;
            T_i *= options.T_mult;
        }
    }
    const double phase = std::numbers::pi * static_cast<double>(T_cur) / static_cast<double>(T_i);
    return options.eta_min + (base_lr - options.eta_min) * (1.0 + std::cos(phase)) / 2.0;
}

}  // namespace course::learning_rate_schedules
