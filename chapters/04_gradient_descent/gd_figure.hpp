// Chapter 04, given code: the experiments behind figures 03, 03b and 03c and their drawing — the four
// learning-rate regimes, finite-difference errors against h, and iterations against κ.
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

// ‖numerical − analytic‖ of Rastrigin's gradient at (0.3, −0.2) for h from 1e-12 to 1e-1, the slopes of
// log(error) against log(h) fitted where truncation dominates (1e-4 ≤ h ≤ 1e-2), the h at which each
// error was smallest, and the h* that balances truncation against rounding (README §2):
//     forward  h·|f''|/2 + 2ε|f|/h    is least at  h* = 2·√(ε|f|/|f''|)
//     central  h²·|f'''|/6 + ε|f|/h   is least at  h* = (3ε|f|/|f'''|)^(1/3)
// with ε = 2⁻⁵³ the unit roundoff and |f''|, |f'''| the largest over the two coordinates.
struct FiniteDifferenceErrors {
    std::vector<double> h, forward, central;
    double forward_slope = 0.0, central_slope = 0.0;
    double forward_best_h = 0.0, central_best_h = 0.0;            // measured: where the error is least
    double forward_predicted_h = 0.0, central_predicted_h = 0.0;  // h* from the formulas above
};
FiniteDifferenceErrors finite_difference_errors();

// Gradient descent on elongated_bowl(κ) from (−3, 3) to ‖∇ℒ‖ ≤ 1e-6, for κ from 1 to 1000: iterations
// measured with α = 1/L and with α = 2/(μ + L), and predicted from the rates 1 − 1/κ and
// (κ − 1)/(κ + 1) on a finer grid of κ.
struct ConditionSweep {
    std::vector<double> kappa, measured_one_over_l, measured_optimal;
    std::vector<double> kappa_theory, theory_one_over_l, theory_optimal;
};
ConditionSweep condition_sweep();

// 03_gradient_descent.png: the four regimes' paths on the loss's contours.
void draw_gradient_descent_paths(const LineData& data, const std::vector<Regime>& regimes, const Vector& start,
                                 const std::string& path);
// 03b_gd_convergence.png: the regimes' loss curves, and iterations against the condition number.
void draw_convergence_figure(const LineData& data, const std::vector<Regime>& regimes, const std::string& path);
// 03c_finite_differences.png: the error of finite-difference gradients against h, with h* marked.
void draw_finite_difference_figure(const FiniteDifferenceErrors& errors, const std::string& path);

}  // namespace course::gradient_descent
