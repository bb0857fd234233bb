// Chapter 04, given code: the experiments behind 03_gradient_descent.png and the figure itself —
// the four learning-rate regimes, finite-difference errors against h, and iterations against κ.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "chapters/04_gradient_descent/gradient_descent.hpp"

namespace course::gradient_descent {

// One learning rate and what it did.
struct Regime {
    std::string name;  // "too small", "good", "oscillating", "divergent"
    std::string rule;  // how lr relates to L, e.g. "0.95·2/L"
    double lr = 0.0;
    GdResult result;
};
// α = 0.05·(2/L), 1/L, 0.95·(2/L) and 1.05·(2/L) from `start`, each for at most `iterations` updates.
std::vector<Regime> run_regimes(const Objective& f, const Gradient& grad, const Vector& start,
                                const Curvature& curvature, std::size_t iterations);

// ‖numerical − analytic‖ of Rastrigin's gradient at (0.3, −0.2) for h from 1e-12 to 1e-1, and the
// slopes of log(error) against log(h) fitted where truncation dominates (1e-4 ≤ h ≤ 1e-2).
struct FiniteDifferenceErrors {
    std::vector<double> h, forward, central;
    double forward_slope = 0.0, central_slope = 0.0;
};
FiniteDifferenceErrors finite_difference_errors();

// Gradient descent on elongated_bowl(κ) from (−3, 3) to ‖∇L‖ ≤ 1e-6, for κ from 1 to 1000: iterations
// measured with α = 1/L and with α = 2/(λmin + λmax), and predicted from the rates 1 − 1/κ and
// (κ − 1)/(κ + 1) on a finer grid of κ.
struct ConditionSweep {
    std::vector<double> kappa, measured_one_over_l, measured_optimal;
    std::vector<double> kappa_theory, theory_one_over_l, theory_optimal;
};
ConditionSweep condition_sweep();

void draw_gradient_descent_figure(const LineData& data, const std::vector<Regime>& regimes,
                                  const FiniteDifferenceErrors& errors, const Vector& start, const std::string& path);

}  // namespace course::gradient_descent
