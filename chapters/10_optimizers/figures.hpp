// Chapter 10 — drawing the figures 11–15 (the lecture computes what they show).
#pragma once

#include <string>
#include <vector>

#include "chapters/10_optimizers/comparisons.hpp"

namespace course::optimizers {

// 11: the lineup on f(x) = x² from x = 8 (paths on the parabola, |x| against the step), and plain SGD
// with exact and with noisy gradients.
struct ParabolaRuns {
    std::vector<Contender> lineup;
    std::vector<std::vector<double>> paths;  // x after k steps, per contender
    std::vector<double> exact, noisy;        // SGD with exact gradients and with gradient noise
    double noise = 0.0;
    double lr = 0.0;  // of exact and noisy
};
void draw_parabola_figure(const ParabolaRuns& runs, const std::string& path);
// 12: paths from (−1.5, −1.5) over Rosenbrock's log-scale contours, and f against the step (log-log).
void draw_rosenbrock_figure(const std::vector<Contender>& lineup, const std::vector<Trajectory>& runs,
                            const std::string& path);
// 13: paths on Beale and on the saddle x² − y².
void draw_beale_saddle_figure(const std::vector<Contender>& beale_lineup, const std::vector<Trajectory>& beale_runs,
                              const std::vector<Contender>& saddle_lineup, const std::vector<Trajectory>& saddle_runs,
                              const std::string& path);
// 14: the face network's training loss (smoothed by debiased_moving_average, β = 0.98) and validation loss
// per optimizer, log scale, and AdamW − Adam.
void draw_face_figure(const std::vector<FaceCurve>& curves, const FaceSettings& settings, const std::string& path);
// 15: the table of iterations to reach the tolerance.
void draw_iterations_figure(const IterationsTable& table, const std::string& path);

}  // namespace course::optimizers
