// Chapter 04, given code: the experiments and the drawing of 03_gradient_descent.png (see gd_figure.hpp).
#include "chapters/04_gradient_descent/gd_figure.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::gradient_descent {

namespace {

namespace plot = course::plot;

double norm(const Vector& v) {
    double squared = 0.0;
    for (double x : v) squared += x * x;
    return std::sqrt(squared);
}

// Least-squares slope of log y against log x over the points with lo ≤ x ≤ hi.
double loglog_slope(const std::vector<double>& xs, const std::vector<double>& ys, double lo, double hi) {
    std::vector<double> lx, ly;
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (xs[i] >= lo && xs[i] <= hi) lx.push_back(std::log(xs[i])), ly.push_back(std::log(ys[i]));
    double mx = 0.0, my = 0.0;
    for (std::size_t i = 0; i < lx.size(); ++i) mx += lx[i], my += ly[i];
    mx /= static_cast<double>(lx.size());
    my /= static_cast<double>(lx.size());
    double sxy = 0.0, sxx = 0.0;
    for (std::size_t i = 0; i < lx.size(); ++i) sxy += (lx[i] - mx) * (ly[i] - my), sxx += (lx[i] - mx) * (lx[i] - mx);
    return sxy / sxx;
}

// Iterations for ‖∇L‖ to fall from g0 to tol when it shrinks by ρ per step (one step if ρ = 0).
double predicted_iterations(double g0, double tol, double rho) {
    if (rho <= 0.0) return 1.0;
    return std::max(1.0, std::ceil(std::log(g0 / tol) / std::log(1.0 / rho)));
}

const plot::Color kRegimeColors[4] = {plot::colors::purple, plot::colors::green, plot::colors::orange,
                                      plot::colors::red};

std::vector<double> coordinate(const std::vector<Vector>& path, std::size_t i) {
    std::vector<double> out;
    for (const auto& p : path) out.push_back(p[i]);
    return out;
}

void draw_paths(plot::Axes& ax, const LineData& data, const std::vector<Regime>& regimes, const Vector& start) {
    const Vector best = line_loss_minimizer(data);
    // The window is the box around every path (the divergent zigzag included) and the minimum, with a
    // margin of a tenth: the paths run along the valley's long axis, and a window centred on the minimum
    // and sized for the start left most of the panel empty.
    double w0 = std::min(start[0], best[0]), w1 = std::max(start[0], best[0]);
    double b0 = std::min(start[1], best[1]), b1 = std::max(start[1], best[1]);
    for (const Regime& regime : regimes) {
        for (const Vector& p : regime.result.path) {
            if (!std::isfinite(p[0]) || !std::isfinite(p[1])) continue;
            w0 = std::min(w0, p[0]), w1 = std::max(w1, p[0]), b0 = std::min(b0, p[1]), b1 = std::max(b1, p[1]);
        }
    }
    const double margin_w = 0.1 * (w1 - w0), margin_b = 0.1 * (b1 - b0);
    w0 -= margin_w, w1 += margin_w, b0 -= margin_b, b1 += margin_b;
    const auto grid = plot::sample([&](double w, double b) { return line_loss(data, {w, b}); }, w0, w1, b0, b1, 181, 181);
    ax.contourf(grid, {.n_levels = 16, .log_levels = true}).colorbar("ℒ(w, b), log scale");
    ax.contour(grid, {.n_levels = 16, .log_levels = true, .color = plot::colors::white, .width = 0.6, .alpha = 0.5});
    // Drawn divergent, oscillating, too small, good. The good and the too-small paths follow the same
    // curve (both are close to the gradient flow), the small one a tenth as far: it is a wide
    // translucent band under the good path, which is drawn last, thick, with its dots on top. The
    // divergent zigzag is drawn first, dashed, so that the others stay visible where they cross it.
    for (const std::size_t r : {3, 2, 0, 1}) {
        const auto& path = regimes[r].result.path;
        const bool band = r == 0, good = r == 1, divergent = r == 3;
        ax.plot(coordinate(path, 0), coordinate(path, 1),
                {.color = kRegimeColors[r], .width = band ? 9.0 : good ? 2.8 : 1.6,
                 .style = divergent ? plot::LineStyle::dashed : plot::LineStyle::solid,
                 .label = regimes[r].name + ": α = " + regimes[r].rule + " = " + fmt(regimes[r].lr, 3),
                 .marker = band || divergent ? plot::Marker::none : plot::Marker::circle,
                 .marker_size = good ? 4.5 : 3.0, .alpha = band ? 0.6 : 1.0});
    }
    ax.marker(start[0], start[1], {.marker = plot::Marker::square, .color = plot::colors::white, .size = 11, .label = "start"});
    ax.marker(best[0], best[1], {.color = plot::colors::white, .size = 16, .label = "least squares (minimum)"});
    ax.xlim(w0, w1).ylim(b0, b1);
    ax.title("Paths from the same start").xlabel("slope w").ylabel("intercept b");
    ax.legend({.font_size = 11});
}

void draw_losses(plot::Axes& ax, const LineData& data, const std::vector<Regime>& regimes) {
    const double best = line_loss(data, line_loss_minimizer(data));
    for (std::size_t r = 0; r < regimes.size(); ++r) {
        const auto& losses = regimes[r].result.losses;
        std::vector<double> ks, gaps;
        for (std::size_t k = 0; k < losses.size(); ++k)
            ks.push_back(static_cast<double>(k)), gaps.push_back(std::max(losses[k] - best, 1e-16));
        ax.plot(ks, gaps, {.color = kRegimeColors[r], .label = regimes[r].name});
        if (regimes[r].result.status == GdStatus::diverged) {
            ax.marker(ks.back(), gaps.back(), {.marker = plot::Marker::x, .color = kRegimeColors[r], .size = 16,
                                               .label = "divergence detected"});
            ax.annotate("diverged: stopped at step " + std::to_string(regimes[r].result.iterations), ks.back(),
                        gaps.back(), {.marker = plot::Marker::none, .color = kRegimeColors[r], .dx = 14, .dy = -4});
        }
    }
    // Headroom above the highest point, so that the divergence × is not drawn on the frame.
    double highest = 1e-16, lowest = 1.0;
    for (const auto& regime : regimes)
        for (double loss : regime.result.losses)
            highest = std::max(highest, loss - best), lowest = std::min(lowest, std::max(loss - best, 1e-16));
    ax.yscale(plot::Scale::log).ylim(0.3 * lowest, 30.0 * highest).grid();
    ax.title("Loss above its minimum, ℒ(θₖ) − ℒ*").xlabel("iteration k").ylabel("ℒ − ℒ*");
    ax.legend({.font_size = 10});
}

void draw_errors(plot::Axes& ax, const FiniteDifferenceErrors& e) {
    // Below h ≈ 1e-8 both errors are rounding and the curves coincide: the forward one is wider, with
    // larger circles, under the central one's dashes and squares, so both stay visible there.
    ax.plot(e.h, e.forward, {.color = plot::colors::blue, .width = 3.0, .label = "forward difference", .marker = plot::Marker::circle,
                             .marker_size = 7});
    ax.plot(e.h, e.central, {.color = plot::colors::red, .width = 1.6, .style = plot::LineStyle::dashed, .label = "central difference",
                             .marker = plot::Marker::square, .marker_size = 4});
    // Reference slopes, a decade below the measured value at h = 1e-2 so that they stay visible.
    const auto at = static_cast<std::size_t>(std::find_if(e.h.begin(), e.h.end(), [](double h) { return h >= 1e-2; }) -
                                             e.h.begin());
    std::vector<double> hs, line1, line2;
    for (double h = 1e-6; h <= 0.11; h *= 10) {
        hs.push_back(h);
        line1.push_back(0.1 * e.forward[at] * h / e.h[at]);
        line2.push_back(0.1 * e.central[at] * (h / e.h[at]) * (h / e.h[at]));
    }
    ax.plot(hs, line1, {.color = plot::colors::dark_gray, .width = 1.0, .style = plot::LineStyle::dashed, .label = "∝ h"});
    ax.plot(hs, line2, {.color = plot::colors::dark_gray, .width = 1.0, .style = plot::LineStyle::dotted, .label = "∝ h²"});
    ax.axvline(e.forward_predicted_h, {.color = plot::colors::blue, .width = 1.0, .style = plot::LineStyle::dashed,
                                       .label = "forward h* = 2√(ε|f|/|f''|) = " + fmt(e.forward_predicted_h, 2)});
    ax.axvline(e.central_predicted_h, {.color = plot::colors::red, .width = 1.0, .style = plot::LineStyle::dashed,
                                       .label = "central h* = (3ε|f|/|f'''|)^(1/3) = " + fmt(e.central_predicted_h, 2)});
    ax.xscale(plot::Scale::log).yscale(plot::Scale::log).grid();
    ax.title("Gradient error against step h (Rastrigin at (0.3, −0.2))").xlabel("h").ylabel("‖numerical − analytic‖");
    ax.legend({.font_size = 10});
}

void draw_condition(plot::Axes& ax, const ConditionSweep& s) {
    ax.plot(s.kappa_theory, s.theory_one_over_l, {.color = plot::colors::blue, .width = 1.2, .style = plot::LineStyle::dashed,
                                           .label = "α = 1/L, theory: ρ = 1 − 1/κ"});
    ax.scatter(s.kappa, s.measured_one_over_l, {.color = plot::colors::blue, .size = 8, .label = "α = 1/L, measured"});
    ax.plot(s.kappa_theory, s.theory_optimal, {.color = plot::colors::green, .width = 1.2, .style = plot::LineStyle::dashed,
                                        .label = "α = 2/(μ + L), theory: ρ = (κ − 1)/(κ + 1)"});
    ax.scatter(s.kappa, s.measured_optimal, {.color = plot::colors::green, .size = 8, .label = "α = 2/(μ + L), measured"});
    ax.xscale(plot::Scale::log).yscale(plot::Scale::log).grid();
    ax.title("Iterations to ‖∇ℒ‖ ≤ 10⁻⁶ on a quadratic").xlabel("condition number κ = L/μ").ylabel("iterations");
    ax.legend({.font_size = 10});
}

}  // namespace

std::vector<Regime> run_regimes(const Objective& f, const Gradient& grad, const Vector& start,
                                const Curvature& curvature, std::size_t iterations) {
    const double edge = 2.0 / curvature.largest;
    std::vector<Regime> regimes{{"too small", "0.05·2/L", 0.05 * edge, {}},
                                {"good", "1/L", 0.5 * edge, {}},
                                {"oscillating", "0.95·2/L", 0.95 * edge, {}},
                                {"divergent", "1.05·2/L", 1.05 * edge, {}}};
    for (auto& regime : regimes)
        regime.result = gradient_descent(f, grad, start, {.lr = regime.lr, .max_iters = iterations, .tol = 1e-12});
    return regimes;
}

FiniteDifferenceErrors finite_difference_errors() {
    const auto f = random_search::rastrigin();
    const Vector at{0.3, -0.2};
    const Vector exact = f.gradient(at);
    FiniteDifferenceErrors e;
    for (int k = -48; k <= -4; ++k) {  // h = 10^(k/4): four points per decade, 1e-12 … 1e-1
        const double h = std::pow(10.0, k / 4.0);
        Vector fwd = forward_difference_gradient(f.value, at, h), ctr = central_difference_gradient(f.value, at, h);
        for (std::size_t i = 0; i < exact.size(); ++i) fwd[i] -= exact[i], ctr[i] -= exact[i];
        e.h.push_back(h);
        e.forward.push_back(norm(fwd));
        e.central.push_back(norm(ctr));
    }
    e.forward_slope = loglog_slope(e.h, e.forward, 1e-4, 1e-2);
    e.central_slope = loglog_slope(e.h, e.central, 1e-4, 1e-2);
    e.forward_best_h = e.h[static_cast<std::size_t>(std::min_element(e.forward.begin(), e.forward.end()) - e.forward.begin())];
    e.central_best_h = e.h[static_cast<std::size_t>(std::min_element(e.central.begin(), e.central.end()) - e.central.begin())];
    // Rastrigin is a sum over coordinates of xᵢ² − 10·cos(2πxᵢ) (plus 10 each), so along coordinate i
    // f'' = 2 + 40π²·cos(2πxᵢ) and f‴ = −80π³·sin(2πxᵢ).
    const double pi = std::numbers::pi, unit_roundoff = 0.5 * std::numeric_limits<double>::epsilon();
    double second = 0.0, third = 0.0;
    for (double x : at) {
        second = std::max(second, std::abs(2.0 + 40.0 * pi * pi * std::cos(2.0 * pi * x)));
        third = std::max(third, std::abs(80.0 * pi * pi * pi * std::sin(2.0 * pi * x)));
    }
    const double value = std::abs(f.value(at));
    e.forward_predicted_h = 2.0 * std::sqrt(unit_roundoff * value / second);
    e.central_predicted_h = std::cbrt(3.0 * unit_roundoff * value / third);
    return e;
}

// Theory: in the eigenbasis of A each gradient component is multiplied by (1 − αλᵢ) per step.
// With α = 2/(1 + κ) both factors have size ρ = (κ − 1)/(κ + 1), so ‖∇Lₖ‖ = ρᵏ‖∇L₀‖ exactly. With
// α = 1/L = 1/κ the steep component vanishes in one step and the shallow one shrinks by ρ = 1 − 1/κ, so
// ‖∇Lₖ‖ = ρᵏ·|v·∇L₀| with v = (cos 30°, sin 30°), the shallow axis of elongated_bowl.
ConditionSweep condition_sweep() {
    const double tol = 1e-6;
    const Vector start{-3.0, 3.0};
    ConditionSweep s;
    for (int i = 0; i <= 60; ++i) {
        const double kappa = std::pow(10.0, i / 20.0);
        const auto f = random_search::elongated_bowl(kappa);
        const Vector g0 = f.gradient(start);
        const double shallow = std::abs(std::cos(std::numbers::pi / 6) * g0[0] + std::sin(std::numbers::pi / 6) * g0[1]);
        s.kappa_theory.push_back(kappa);
        s.theory_one_over_l.push_back(kappa == 1.0 ? 1.0 : predicted_iterations(shallow, tol, 1.0 - 1.0 / kappa));
        s.theory_optimal.push_back(predicted_iterations(norm(g0), tol, (kappa - 1.0) / (kappa + 1.0)));
    }
    for (double kappa : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0}) {
        const auto f = random_search::elongated_bowl(kappa);
        const auto a = gradient_descent(f.value, f.gradient, start, {.lr = 1.0 / kappa, .max_iters = 1000000, .tol = tol});
        const auto b =
            gradient_descent(f.value, f.gradient, start, {.lr = 2.0 / (1.0 + kappa), .max_iters = 1000000, .tol = tol});
        s.kappa.push_back(kappa);
        s.measured_one_over_l.push_back(static_cast<double>(a.iterations));
        s.measured_optimal.push_back(static_cast<double>(b.iterations));
    }
    return s;
}

void draw_gradient_descent_paths(const LineData& data, const std::vector<Regime>& regimes, const Vector& start,
                                 const std::string& path) {
    plot::Figure fig(1000, 800);
    fig.suptitle("Gradient descent θ ← θ − α∇ℒ(θ) on the line fit: four learning rates from one start");
    draw_paths(fig.axes(), data, regimes, start);
    fig.save(path);
}

void draw_convergence_figure(const LineData& data, const std::vector<Regime>& regimes, const std::string& path) {
    plot::Figure fig(1300, 560, 1, 2);
    fig.suptitle("How fast: the four learning rates on the line fit, and the condition number κ on a quadratic");
    draw_losses(fig.subplot(0, 0), data, regimes);
    draw_condition(fig.subplot(0, 1), condition_sweep());
    fig.save(path);
}

void draw_finite_difference_figure(const FiniteDifferenceErrors& errors, const std::string& path) {
    plot::Figure fig(900, 650);
    fig.suptitle("Finite-difference gradients: truncation (right) against rounding (left)");
    draw_errors(fig.axes(), errors);
    fig.save(path);
}

}  // namespace course::gradient_descent
