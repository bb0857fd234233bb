// Chapter 04 — gradient descent.
// Walks down the loss surface by following −∇ℒ: checks the analytic gradient against finite
// differences, shows the four learning-rate regimes on chapter 01's line fit, how the condition number
// sets the pace, and compares all three methods of chapters 02–04. Writes 03_gradient_descent.png,
// 03b_gd_convergence.png, 03c_finite_differences.png and 04_all_methods_comparison.png. Run: make run CH=04 ARGS="--lr 0.1"
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/04_gradient_descent/all_methods.hpp"
#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "chapters/04_gradient_descent/gd_figure.hpp"
#include "common/cli.hpp"
#include "common/errors.hpp"
#include "common/gradcheck.hpp"
#include "common/say.hpp"

namespace gd = course::gradient_descent;
namespace rs = course::random_search;
using course::fmt;
using course::say;

namespace {

const course::Program kProgram{
    "04_gradient_descent",
    "Chapter 04: gradient descent on a line fit; learning rates, conditioning, and all methods compared.",
    {course::Flag::real("lr", 0.05, "learning rate α of your run in step 4", 1e-6, 10.0),
     course::Flag::integer("max-iters", 2000, "iteration cap of your run", 1, 10000000),
     course::Flag::real("tol", 1e-8, "stop when ‖∇ℒ‖ ≤ tol", 1e-14, 1.0),
     course::Flag::point("start", "-1,2", "start point w,b of every run on the line fit", -20.0, 20.0),
     course::Flag::real("shift", 1.0, "how far the inputs x are moved off-centre", 0.0, 10.0),
     course::Flag::integer("budget", 2000, "function evaluations per run in the comparison", 50, 1000000),
     course::Flag::integer("seeds", 5, "runs per method and problem in the comparison", 1, 100)}};

std::string point(const rs::Vector& t) { return "(" + fmt(t[0], 6) + ", " + fmt(t[1], 6) + ")"; }

double worst_relative_error(const rs::Vector& analytic, const rs::Vector& numerical) {
    double worst = 0.0;
    for (std::size_t i = 0; i < analytic.size(); ++i)
        worst = std::max(worst, course::relative_error(analytic[i], numerical[i]));
    return worst;
}

// Iterations GD needs with α = 2/(μ + L) on a quadratic of condition number κ: the error shrinks
// by ρ = (κ − 1)/(κ + 1) per step, so about ln(‖∇ℒ₀‖/tol) / ln(1/ρ) steps reach ‖∇ℒ‖ ≤ tol.
void condition_number_lesson(std::uint64_t seed, const rs::Vector& start, double tol) {
    for (const double shift : {0.0, 2.0, 5.0}) {
        const auto data = gd::shifted_line_data(seed, 40, shift);
        const auto c = gd::line_loss_curvature(data);
        const double lr = 2.0 / (c.smallest + c.largest);
        const gd::Objective f = [&data](const rs::Vector& t) { return gd::line_loss(data, t); };
        const gd::Gradient g = [&data](const rs::Vector& t) { return gd::line_loss_gradient(data, t); };
        const auto r = gd::gradient_descent(f, g, start, {.lr = lr, .max_iters = 1000000, .tol = tol});
        say("   x in [%2.4g, %2.4g]: κ = %-7.3g α = 2/(μ + L) = %-8.3g %s after %zu iterations", shift - 2,
            shift + 2, c.condition(), lr, gd::to_string(r.status).c_str(),
            r.iterations);
    }
}

// 1. The loss and its gradient by the chain rule, checked against finite differences at the start.
void gradient_lesson(const gd::Objective& loss, const gd::Gradient& gradient, const rs::Vector& start, double shift,
                     std::uint64_t seed) {
    say("1. The loss: chapter 01's line fit, ℒ(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)², on 40 points with x in");
    say("   [%.4g, %.4g] (seed %llu). By the chain rule ∂ℒ/∂w = (2/n) Σ rᵢxᵢ and ∂ℒ/∂b = (2/n) Σ rᵢ, rᵢ the residual.",
        shift - 2.0, shift + 2.0, static_cast<unsigned long long>(seed));
    const auto analytic = gradient(start);
    const auto forward = gd::forward_difference_gradient(loss, start, 1e-6);
    const auto central = gd::central_difference_gradient(loss, start, 1e-6);
    say("   At θ₀ = %s the analytic gradient is %s. With h = 1e-6 the forward difference", point(start).c_str(),
        point(analytic).c_str());
    say("   matches it to a relative error of %.2g, the central difference to %.2g.",
        worst_relative_error(analytic, forward), worst_relative_error(analytic, central));
}

// 2. How the error of a finite difference falls with h, until rounding takes over.
gd::FiniteDifferenceErrors finite_difference_lesson() {
    say("2. Finite differences on Rastrigin (not a quadratic, so the truncation error shows): the error of");
    say("   the forward difference falls like h, of the central like h², until rounding (≈ ε·|f|/h) takes over.");
    const auto errors = gd::finite_difference_errors();
    say("   Fitted slopes of log(error) against log(h) for h in [1e-4, 1e-2]: forward %.3g, central %.3g.",
        errors.forward_slope, errors.central_slope);
    say("   Smallest measured error at h = %.2g (forward) and %.2g (central); balancing truncation against",
        errors.forward_best_h, errors.central_best_h);
    say("   rounding predicts h* = 2√(ε|f|/|f''|) = %.2g and h* = (3ε|f|/|f'''|)^(1/3) = %.2g: Rastrigin's",
        errors.forward_predicted_h, errors.central_predicted_h);
    say("   |f'''| ≈ 2400 puts the central optimum near 1e-6, not at the rule of thumb ε^(1/3) ≈ 1e-5.");
    return errors;
}

// 3. The Hessian's eigenvalues bound the learning rate: four rates from one start.
std::vector<gd::Regime> regimes_lesson(const gd::LineData& data, const gd::Objective& loss, const gd::Gradient& gradient,
                                       const rs::Vector& start, std::size_t iterations) {
    const auto curvature = gd::line_loss_curvature(data);
    const double edge = 2.0 / curvature.largest;
    say("3. The Hessian of ℒ has eigenvalues μ = λmin = %.4g and L = λmax = %.4g (condition number κ = %.3g).",
        curvature.smallest, curvature.largest, curvature.condition());
    say("   GD converges iff 0 < α < 2/L = %.4g; from %s, four learning rates:", edge, point(start).c_str());
    auto regimes = gd::run_regimes(loss, gradient, start, curvature, iterations);
    const double best = gd::line_loss(data, gd::line_loss_minimizer(data));
    for (const auto& regime : regimes)
        say("   %-12s α = %-9.3g %-22s after %3zu updates: ℒ − ℒ* = %.3g", regime.name.c_str(), regime.lr,
            gd::to_string(regime.result.status).c_str(), regime.result.iterations, regime.result.losses.back() - best);
    return regimes;
}

// 4. The student's own run, with the rate, cap and tolerance of the flags.
gd::GdResult your_run_lesson(const gd::LineData& data, const gd::Objective& loss, const gd::Gradient& gradient,
                             const rs::Vector& start, const gd::GdOptions& options) {
    say("4. Your run: α = %.4g, at most %lld iterations, stop when ‖∇ℒ‖ ≤ %.4g.", options.lr,
        static_cast<long long>(options.max_iters), options.tol);
    auto mine = gd::gradient_descent(loss, gradient, start, options);
    say("   %s after %zu iterations: θ = %s, ‖∇ℒ‖ = %.3g;", gd::to_string(mine.status).c_str(), mine.iterations,
        point(mine.theta).c_str(), mine.grad_norm);
    say("   least squares gives %s.", point(gd::line_loss_minimizer(data)).c_str());
    return mine;
}

// 6. Figures 03, 03b and 03c.
void gd_figures(const gd::LineData& data, const std::vector<gd::Regime>& regimes, const rs::Vector& start,
                const gd::FiniteDifferenceErrors& errors, const std::string& out) {
    const std::string paths_path = out + "/03_gradient_descent.png";
    const std::string convergence_path = out + "/03b_gd_convergence.png";
    const std::string differences_path = out + "/03c_finite_differences.png";
    gd::draw_gradient_descent_paths(data, regimes, start, paths_path);
    gd::draw_convergence_figure(data, regimes, convergence_path);
    gd::draw_finite_difference_figure(errors, differences_path);
    say("6. Wrote %s,", paths_path.c_str());
    say("   %s and %s", convergence_path.c_str(), differences_path.c_str());
}

// 7-8. Random search, hill climbing and gradient descent on three problems, and figure 04.
void comparison_lesson(const gd::ComparisonSettings& settings, const std::string& out) {
    say("7. All three methods, %zu evaluations and %zu seeds each (GD with central-difference gradients,", settings.budget,
        settings.seeds);
    say("   5 evaluations per step in 2-D; hill climbing and GD start from the same random point):");
    const auto runs = gd::compare_all_methods(settings);
    say("   %-16s %-18s %10s %8s %8s", "problem", "method", "median L", "evals", "global");
    for (const auto& row : gd::comparison_table(runs))
        say("   %-16s %-18s %10s %8s %8s", row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(),
            row[4].c_str());
    say("   On the round bowl one gradient step lands on the minimum. On the elongated bowl GD pays 5");
    say("   evaluations a step and creeps along the valley at the rate 1 − 1/κ, yet ends lowest; with");
    say("   backpropagation (chapter 08) a gradient costs a few evaluations in any dimension, not 2d. On");
    say("   Rastrigin GD stops in the nearest valley, like one climb of chapter 03: a gradient is local.");
    const std::string all_path = out + "/04_all_methods_comparison.png";
    gd::draw_comparison(runs, settings, all_path);
    say("8. Wrote %s", all_path.c_str());
    say("   (its wall-time panels are measured, so they differ slightly from run to run)");
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const auto start = args.point("start");
        if (start.size() != 2) throw course::UsageError("--start: expected two coordinates w,b, e.g. --start=-1,2");
        const double shift = args.real("shift");
        const gd::GdOptions yours{.lr = args.real("lr"),
                                  .max_iters = static_cast<std::size_t>(args.integer("max-iters")),
                                  .tol = args.real("tol")};
        const gd::ComparisonSettings comparison{
            .budget = static_cast<std::size_t>(args.quick() ? 400 : args.integer("budget")),
            .seeds = static_cast<std::size_t>(args.quick() ? 3 : args.integer("seeds")),
            .seed = args.seed()};
        const auto data = gd::shifted_line_data(args.seed(), 40, shift);
        const gd::Objective loss = [&data](const rs::Vector& t) { return gd::line_loss(data, t); };
        const gd::Gradient gradient = [&data](const rs::Vector& t) { return gd::line_loss_gradient(data, t); };

        gradient_lesson(loss, gradient, start, shift, args.seed());
        const auto errors = finite_difference_lesson();
        const auto regimes = regimes_lesson(data, loss, gradient, start, args.quick() ? 120 : 150);
        const auto mine = your_run_lesson(data, loss, gradient, start, yours);
        say("5. The condition number sets the pace: the same points with x centred on 0, 2 and 5 (tol %.4g):", yours.tol);
        condition_number_lesson(args.seed(), start, yours.tol);
        say("   Centring (and scaling) the inputs is why ML standardises features: it makes the valley round.");
        gd_figures(data, regimes, start, errors, args.out());
        comparison_lesson(comparison, args.out());

        if (mine.status == gd::GdStatus::diverged)
            throw course::RuntimeFailure("your run diverged at step " + std::to_string(mine.iterations) + " with --lr " +
                                         fmt(yours.lr) + ": 2/L is " + fmt(2.0 / gd::line_loss_curvature(data).largest) +
                                         " here, try a smaller learning rate");
    });
}
