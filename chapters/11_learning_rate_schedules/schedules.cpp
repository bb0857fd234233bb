// Given: the checks torch.optim.lr_scheduler makes, the decay of a schedule by its kind, the names
// PyTorch prints, and a fresh plateau state.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <variant>

#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "common/say.hpp"

namespace course::learning_rate_schedules {

namespace {

void require(bool ok, const std::string& message) {
    if (!ok) throw std::invalid_argument(message);
}

std::string text(double value) {
    return fmt(value, 6);
}

}  // namespace

void validate(const Schedule& schedule) {
    if (const auto* s = std::get_if<StepLROptions>(&schedule.decay)) {
        require(s->step_size >= 1, "StepLR: step_size must be at least 1, got " + std::to_string(s->step_size));
        require(s->gamma > 0, "StepLR: gamma must be positive, got " + text(s->gamma));
    } else if (const auto* s = std::get_if<ExponentialLROptions>(&schedule.decay)) {
        require(s->gamma > 0, "ExponentialLR: gamma must be positive, got " + text(s->gamma));
    } else if (const auto* s = std::get_if<InverseTimeLROptions>(&schedule.decay)) {
        require(s->decay_rate >= 0, "inverse time decay: decay_rate must be ≥ 0, got " + text(s->decay_rate));
    } else if (const auto* s = std::get_if<CosineAnnealingLROptions>(&schedule.decay)) {
        require(s->T_max >= 1, "CosineAnnealingLR: T_max must be at least 1, got " + std::to_string(s->T_max));
        require(s->eta_min >= 0, "CosineAnnealingLR: eta_min must be ≥ 0, got " + text(s->eta_min));
    } else if (const auto* s = std::get_if<CosineWarmRestartsOptions>(&schedule.decay)) {
        // PyTorch: "Expected positive integer T_0", "Expected integer T_mult >= 1".
        require(s->T_0 >= 1, "CosineAnnealingWarmRestarts: T_0 must be at least 1, got " + std::to_string(s->T_0));
        require(s->T_mult >= 1,
                "CosineAnnealingWarmRestarts: T_mult must be at least 1, got " + std::to_string(s->T_mult));
        require(s->eta_min >= 0, "CosineAnnealingWarmRestarts: eta_min must be ≥ 0, got " + text(s->eta_min));
    }
    require(schedule.warmup.steps >= 0, "warm-up: steps must be ≥ 0, got " + std::to_string(schedule.warmup.steps));
    // LinearLR: "Starting multiplicative factor expected to be greater than 0 and less or equal to 1."
    require(schedule.warmup.start_factor > 0 && schedule.warmup.start_factor <= 1,
            "warm-up (LinearLR): start_factor must be in (0, 1], got " + text(schedule.warmup.start_factor));
}

void validate(const PlateauOptions& options) {
    require(options.factor < 1.0, "ReduceLROnPlateau: factor should be < 1.0, got " + text(options.factor));
    require(options.factor >= 0.0, "ReduceLROnPlateau: factor must be ≥ 0, got " + text(options.factor));
    require(options.patience >= 0, "ReduceLROnPlateau: patience must be ≥ 0, got " + std::to_string(options.patience));
    require(options.cooldown >= 0, "ReduceLROnPlateau: cooldown must be ≥ 0, got " + std::to_string(options.cooldown));
    require(options.threshold >= 0, "ReduceLROnPlateau: threshold must be ≥ 0, got " + text(options.threshold));
    require(options.min_lr >= 0, "ReduceLROnPlateau: min_lr must be ≥ 0, got " + text(options.min_lr));
    require(options.eps >= 0, "ReduceLROnPlateau: eps must be ≥ 0, got " + text(options.eps));
}

void validate(const EarlyStoppingOptions& options) {
    require(options.patience >= 0, "early stopping: patience must be ≥ 0, got " + std::to_string(options.patience));
    require(options.min_delta >= 0, "early stopping: min_delta must be ≥ 0, got " + text(options.min_delta));
}

double decay_lr(const AnySchedule& decay, double base_lr, std::int64_t step) {
    if (const auto* s = std::get_if<StepLROptions>(&decay)) return step_lr(base_lr, step, *s);
    if (const auto* s = std::get_if<ExponentialLROptions>(&decay)) return exponential_lr(base_lr, step, *s);
    if (const auto* s = std::get_if<InverseTimeLROptions>(&decay)) return inverse_time_lr(base_lr, step, *s);
    if (const auto* s = std::get_if<CosineAnnealingLROptions>(&decay)) return cosine_annealing_lr(base_lr, step, *s);
    if (const auto* s = std::get_if<CosineWarmRestartsOptions>(&decay))
        return cosine_warm_restarts_lr(base_lr, step, *s);
    return base_lr;  // ConstantSchedule
}

std::string describe(const Schedule& schedule) {
    std::string name = "constant lr";
    if (const auto* s = std::get_if<StepLROptions>(&schedule.decay))
        name = "StepLR(step_size=" + std::to_string(s->step_size) + ", gamma=" + text(s->gamma) + ")";
    else if (const auto* s = std::get_if<ExponentialLROptions>(&schedule.decay))
        name = "ExponentialLR(gamma=" + text(s->gamma) + ")";
    else if (const auto* s = std::get_if<InverseTimeLROptions>(&schedule.decay))
        name = "inverse time decay lr/(1 + " + text(s->decay_rate) + "·t)";
    else if (const auto* s = std::get_if<CosineAnnealingLROptions>(&schedule.decay))
        name = "CosineAnnealingLR(T_max=" + std::to_string(s->T_max) + ", eta_min=" + text(s->eta_min) + ")";
    else if (const auto* s = std::get_if<CosineWarmRestartsOptions>(&schedule.decay))
        name = "CosineAnnealingWarmRestarts(T_0=" + std::to_string(s->T_0) + ", T_mult=" + std::to_string(s->T_mult) +
               ", eta_min=" + text(s->eta_min) + ")";
    if (schedule.warmup.steps > 0)
        name += " after a " + std::to_string(schedule.warmup.steps) + "-step linear warm-up from " +
                text(schedule.warmup.start_factor) + "·lr";
    return name;
}

std::string describe(const PlateauOptions& o) {
    return std::string("ReduceLROnPlateau(mode='") + (o.mode == Mode::min ? "min" : "max") +
           "', factor=" + text(o.factor) + ", patience=" + std::to_string(o.patience) +
           ", threshold=" + text(o.threshold) + ", threshold_mode='" +
           (o.threshold_mode == ThresholdMode::rel ? "rel" : "abs") + "', cooldown=" + std::to_string(o.cooldown) +
           ", min_lr=" + text(o.min_lr) + ", eps=" + text(o.eps) + ")";
}

std::string describe(const EarlyStoppingOptions& o) {
    return "EarlyStopping(patience=" + std::to_string(o.patience) + ", min_delta=" + text(o.min_delta) +
           ", restore_best_weights=" + (o.restore_best_weights ? "True" : "False") + ")";
}

PlateauState make_plateau_state(double lr, const PlateauOptions& options) {
    validate(options);
    const double worst = std::numeric_limits<double>::infinity();
    return PlateauState{.lr = lr, .best = options.mode == Mode::min ? worst : -worst};
}

}  // namespace course::learning_rate_schedules
