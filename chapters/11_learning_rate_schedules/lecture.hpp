// Chapter 11, given code: what the lecture runs and draws — gradient descent with noisy gradients on
// f(x) = x² under each schedule (parabola.cpp), and figures 16 and 17 (figures.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "chapters/11_learning_rate_schedules/scheduled_training.hpp"

namespace course::learning_rate_schedules {

// ---- gradient descent on f(x) = x² with noisy gradients (README, section 1) -----------------------------
// Each step sees g = 2x + σξ with ξ ~ N(0, 1), as a mini-batch gradient sees the full one plus noise:
//     xₜ₊₁ = xₜ − ηₜ(2xₜ + σξₜ) = (1 − 2ηₜ)xₜ − ηₜσξₜ.
// Squaring and taking expectations (ξₜ is independent of xₜ and has mean 0) gives the mean square
// exactly, without sampling:  E[xₜ₊₁²] = (1 − 2ηₜ)²·E[xₜ²] + ηₜ²σ².
struct NoisyParabola {
    double x0 = 5.0;     // the start
    double sigma = 4.0;  // σ of the gradient noise
    std::size_t steps = 500;
    std::uint64_t seed = 42;  // of the one sampled path
};
struct ParabolaRun {
    std::string label;
    std::vector<double> lr;           // ηₜ, t = 0 … steps − 1
    std::vector<double> mean_square;  // E[xₜ²], t = 0 … steps (the recursion above)
    std::vector<double> sample;       // one noisy path x₀ … x_steps
};
ParabolaRun run_noisy_parabola(const std::string& label, const Schedule& schedule, double base_lr,
                               const NoisyParabola& problem);
// The fixed point of the recursion with a constant rate η: E[x²] = ησ²/(4(1 − η)) ≈ ησ²/4, the noise
// floor, proportional to η.
double noise_floor(double lr, double sigma);

// ---- figures -----------------------------------------------------------------------------------------
// 16: left, ηₜ of each schedule against t; right, E[xₜ²] of noisy GD on x² under each, with the
// constant rates' noise floors dashed.
struct ScheduleCurve {
    std::string label;
    std::vector<double> lr;
};
void draw_schedules_figure(const std::vector<ScheduleCurve>& schedules, const std::vector<ParabolaRun>& runs,
                           const NoisyParabola& problem, const std::string& path);
// 17: the face network under ReduceLROnPlateau and early stopping: top, the training loss (running
// mean) and the validation loss with the stopping point and the restored best check marked; bottom,
// the learning rate on a log scale.
void draw_plateau_figure(const ScheduledHistory& run, const TrainingPlan& plan, std::size_t batch_size,
                         const std::string& path);

}  // namespace course::learning_rate_schedules
