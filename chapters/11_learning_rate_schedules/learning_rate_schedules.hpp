// Chapter 11 — learning-rate schedules, warm-up, plateau reduction and early stopping.
//
// A schedule decides the learning rate ηₜ of step t from the base rate η₀ that the optimizer was built
// with. Here t counts the scheduler steps already taken, as in torch.optim.lr_scheduler: the first
// update uses t = 0, i.e. η₀ itself, and after every optimizer step the scheduler advances t by one.
//
//     StepLR              ηₜ = η₀ · γ^⌊t/s⌋                        (s = step_size)
//     ExponentialLR       ηₜ = η₀ · γᵗ
//     inverse time        ηₜ = η₀ / (1 + k·t)                      (Keras' InverseTimeDecay, k per step)
//     CosineAnnealingLR   ηₜ = η_min + (η₀ − η_min) · (1 + cos(π·t/T_max)) / 2
//     LinearLR            ηₜ = η₀ · (a + (b − a) · min(t, T)/T)     (a = start_factor, b = end_factor)
//     SGDR                ηₜ = η_min + (η₀ − η_min) · (1 + cos(π·T_cur/T_i)) / 2, restarting at η₀
//                         after cycles of T₀, T₀·T_mult, T₀·T_mult², … steps    (CosineAnnealingWarmRestarts)
//
// Each is a pure function of t (its closed form), so a curve can be drawn without running anything. A
// warm-up of W steps runs first and the schedule starts from its own t = 0 when it ends, as
// torch.optim.lr_scheduler.SequentialLR([LinearLR(start_factor, 1, W), schedule], milestones=[W]) does.
//
// ReduceLROnPlateau is not a function of t: it watches a metric (the validation loss) and cuts the rate
// when the metric stops improving. Its state and rules are PyTorch's exactly (README, section 5).
// Early stopping watches the same metric and ends training, keeping the weights of the best check.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "chapters/10_optimizers/optimizers.hpp"
#include "common/matrix.hpp"

namespace course::learning_rate_schedules {

// ---- the closed-form schedules: PyTorch's names and defaults -----------------------------------------
// (step_size, gamma of ExponentialLR and T_max have no default in PyTorch; the values here are the
// course's, and the face-network flags derive theirs from the run's length.)
struct StepLROptions {
    std::int64_t step_size = 100;  // steps between two cuts, ≥ 1
    double gamma = 0.1;            // the factor of each cut
};
struct ExponentialLROptions {
    double gamma = 0.99;  // the factor of every step
};
struct InverseTimeLROptions {
    double decay_rate = 0.01;  // k in η₀/(1 + k·t), ≥ 0
};
struct CosineAnnealingLROptions {
    std::int64_t T_max = 100;  // half a period: η reaches eta_min at t = T_max (and rises again after)
    double eta_min = 0.0;
};
struct CosineWarmRestartsOptions {  // PyTorch's CosineAnnealingWarmRestarts
    std::int64_t T_0 = 10;    // the first cycle's length, ≥ 1
    std::int64_t T_mult = 1;  // each cycle T_mult times as long as the one before, ≥ 1
    double eta_min = 0.0;
};
struct LinearLROptions {
    double start_factor = 1.0 / 3.0;  // in (0, 1]
    double end_factor = 1.0;          // in [0, 1]
    std::int64_t total_iters = 5;     // steps to go from the one factor to the other, ≥ 1
};

// No schedule: ηₜ = η₀.
struct ConstantSchedule {};
using AnySchedule = std::variant<ConstantSchedule, StepLROptions, ExponentialLROptions, InverseTimeLROptions,
                                 CosineAnnealingLROptions, CosineWarmRestartsOptions>;

// A linear warm-up from start_factor·η₀ to η₀ over `steps` steps (0: none), then the schedule.
struct WarmupOptions {
    std::int64_t steps = 0;
    double start_factor = 0.1;
};
struct Schedule {
    AnySchedule decay = ConstantSchedule{};
    WarmupOptions warmup{};
};

// ---- ReduceLROnPlateau: torch.optim.lr_scheduler's options, state and defaults ----------------------
enum class Mode { min, max };  // min: lower is better (a loss); max: higher is better (an accuracy)
enum class ThresholdMode { rel, abs };
struct PlateauOptions {
    Mode mode = Mode::min;
    double factor = 0.1;         // new lr = lr · factor, factor < 1
    std::int64_t patience = 10;  // bad epochs tolerated; the (patience + 1)-th in a row cuts the rate
    double threshold = 1e-4;     // how much better counts as better (see plateau_is_better)
    ThresholdMode threshold_mode = ThresholdMode::rel;
    std::int64_t cooldown = 0;  // epochs after a cut during which bad epochs are not counted
    double min_lr = 0.0;        // the rate is never cut below this
    double eps = 1e-8;          // a cut that would change the rate by eps or less is skipped
};
struct PlateauState {
    double lr = 0.0;                  // the current learning rate
    double best = 0.0;                // the best metric so far (±∞ before the first)
    std::int64_t num_bad_epochs = 0;  // epochs in a row without improvement (0 during cooldown)
    std::int64_t cooldown_counter = 0;
    std::int64_t last_epoch = 0;  // how many metrics plateau_step has seen
};

// ---- early stopping (PyTorch Lightning's EarlyStopping rules, Keras' restore_best_weights) -------------
struct EarlyStoppingOptions {
    std::int64_t patience = 3;         // stop after this many checks in a row without improvement
    double min_delta = 0.0;            // improvement means loss < best − min_delta
    bool restore_best_weights = true;  // at the end, put back the parameters of the best check
};
struct EarlyStoppingState {
    double best = std::numeric_limits<double>::infinity();
    std::int64_t wait = 0;        // checks in a row without improvement
    std::int64_t checks = 0;      // checks seen
    std::int64_t best_check = 0;  // the check (from 1) that set `best`; 0 before any
    bool stopped = false;
    std::vector<Matrix> best_weights;  // a copy of every parameter's value at the best check
};
enum class Verdict { improved, no_improvement, stop };

// ---- given (schedules.cpp) ---------------------------------------------------------------------------
// Throws std::invalid_argument with PyTorch's wording for options PyTorch would reject (step_size < 1,
// gamma ≤ 0, T_max < 1, factor ≥ 1, negative patience, …).
void validate(const Schedule& schedule);
void validate(const PlateauOptions& options);
void validate(const EarlyStoppingOptions& options);
// The decay alone at its own step t: the closed form of the schedule `decay` holds (11.1-11.3, 11.7;
// ConstantSchedule: base_lr). Calls the exercises, so in exercise mode it throws where they do.
double decay_lr(const AnySchedule& decay, double base_lr, std::int64_t step);
// "CosineAnnealingLR(T_max=1000, eta_min=0) after a 50-step warm-up from 0.1·lr", as PyTorch names it.
std::string describe(const Schedule& schedule);
std::string describe(const PlateauOptions& options);
std::string describe(const EarlyStoppingOptions& options);
// A fresh ReduceLROnPlateau at rate `lr`: best = +∞ in min mode, −∞ in max mode, counters 0. Validates.
PlateauState make_plateau_state(double lr, const PlateauOptions& options);

// ---- exercises (README §3-6; t = `step` ≥ 0, η₀ = `base_lr`) -----------------------------------------
// 11.1 StepLR: η₀·γ^⌊t/step_size⌋.
double step_lr(double base_lr, std::int64_t step, const StepLROptions& options);
// 11.2 ExponentialLR η₀·γᵗ, and inverse-time decay η₀/(1 + k·t).
double exponential_lr(double base_lr, std::int64_t step, const ExponentialLROptions& options);
double inverse_time_lr(double base_lr, std::int64_t step, const InverseTimeLROptions& options);
// 11.3 CosineAnnealingLR: η_min + (η₀ − η_min)·(1 + cos(π·t/T_max))/2, PyTorch's closed form for every t.
double cosine_annealing_lr(double base_lr, std::int64_t step, const CosineAnnealingLROptions& options);
// 11.4 LinearLR η₀·(a + (b − a)·min(t, T)/T); and a whole Schedule: a warm-up (LinearLR from
//      warmup.start_factor to 1 over W = warmup.steps steps) for t < W, then decay_lr at t − W.
double linear_lr(double base_lr, std::int64_t step, const LinearLROptions& options);
double scheduled_lr(const Schedule& schedule, double base_lr, std::int64_t step);
// 11.5 ReduceLROnPlateau: whether `current` beats `best` (mode, threshold, threshold_mode; strict, so a
//      tie or a NaN is never better), and one epoch of its rules on `metric`, in PyTorch's order;
//      returns the new state.lr.
bool plateau_is_better(double current, double best, const PlateauOptions& options);
double plateau_step(PlateauState& state, const PlateauOptions& options, double metric);
// 11.6 Early stopping on a validation loss (lower is better): the verdict of one check, with a snapshot
//      of the parameters' values at each improvement; and the snapshot put back. Reads and writes the
//      values only: a parameter's grad may be null.
Verdict early_stopping_update(EarlyStoppingState& state, const EarlyStoppingOptions& options, double val_loss,
                              const optimizers::ParameterList& params);
void restore_best_weights(const EarlyStoppingState& state, const optimizers::ParameterList& params);
// 11.7 CosineAnnealingWarmRestarts (SGDR): 11.3's cosine over cycles of T₀, T₀·T_mult, … steps, each
//      starting again at η₀; the cycle of t found exactly, in integers.
double cosine_warm_restarts_lr(double base_lr, std::int64_t step, const CosineWarmRestartsOptions& options);

}  // namespace course::learning_rate_schedules
