// Given: the program's last lesson — seven methods to f − f* ≤ 1e-8 on three problems — and figure 42.
#include <chrono>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/15_second_order/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::second_order {

namespace {

namespace opt = optimizers;

struct Case {
    std::string label;
    Problem problem;
    double gd_lr;                  // below 2/L along the path
    opt::HeavyBallTuning momentum;  // lr and β
    double adam_lr;
};

std::vector<Case> cases() {
    // The quadratic's curvatures lie in [1, 1000]: GD's best step 2/(1 + 1000), the heavy ball tuned by
    // exercise 10.2's formula. Rosenbrock: steps found stable from the standard start (README).
    return {{"Rosenbrock 2-D", problems::rosenbrock(2), 1e-3, {.lr = 1e-4, .momentum = 0.9}, 1e-2},
            {"Rosenbrock 100-D", problems::rosenbrock(100), 5e-4, {.lr = 1e-4, .momentum = 0.9}, 1e-2},
            {"quadratic 100-D, κ = 1000", problems::quadratic(100, 1e3), 2.0 / 1001.0, opt::optimal_heavy_ball(1.0, 1e3), 1e-2}};
}

}  // namespace

void comparison_lesson(const Settings& settings) {
    const RunLimits first_order{.target = settings.target, .max_iterations = settings.max_iterations};
    const RunLimits second_order{.target = settings.target, .max_iterations = 1000};
    say("6. Seven methods to f − f* ≤ %.4g (at most %zu iterations; one evaluation = f and ∇f together, as a closure",
        settings.target, settings.max_iterations);
    say("   computes them; Newton also evaluates the Hessian). Every method starts at the catalogue's start point.");
    const std::vector<std::string> methods{"GD", "momentum", "Adam", "nonlinear CG", "BFGS", "L-BFGS", "Newton"};
    std::vector<std::vector<double>> evaluations(methods.size());
    std::vector<std::string> case_labels;
    for (const Case& c : cases()) {
        const Problem& p = c.problem;
        if (settings.quick && p.dim > 2 && p.name == "rosenbrock") continue;
        case_labels.push_back(c.label);
        say("   %s (start f = %.4g):", c.label.c_str(), p.value(p.start));
        say("      %-14s %10s %12s %9s  %s", "method", "iterations", "evaluations", "Hessians", "f − f* at the end");
        for (std::size_t m = 0; m < methods.size(); ++m) {
            const auto began = std::chrono::steady_clock::now();
            Run run;
            switch (m) {
                case 0: run = run_optimizer(p, p.start, opt::Optimizer(opt::SgdOptions{.lr = c.gd_lr}), methods[m], first_order); break;
                case 1: run = run_optimizer(p, p.start, opt::Optimizer(opt::SgdOptions{.lr = c.momentum.lr, .momentum = c.momentum.momentum}), methods[m], first_order); break;
                case 2: run = run_optimizer(p, p.start, opt::Optimizer(opt::AdamOptions{.lr = c.adam_lr}), methods[m], first_order); break;
                case 3: run = run_optimizer(p, p.start, opt::Optimizer(make_nonlinear_cg()), methods[m], first_order); break;
                case 4: run = run_optimizer(p, p.start, opt::Optimizer(make_bfgs()), methods[m], first_order); break;
                case 5: run = run_optimizer(p, p.start, opt::Optimizer(make_lbfgs(settings.memory)), methods[m], first_order); break;
                default: run = newton(p, p.start, NewtonVariant::levenberg, second_order); break;
            }
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
            std::string end = fmt(run.f.back() - p.minimum, 3);
            if (!run.converged) end += run.grad_norm.back() <= first_order.grad_tol ? "  stuck at a stationary point" : "  (budget spent)";
            say("      %-14s %10zu %12zu %9zu  %s%s", methods[m].c_str(), run.iterations(), run.evaluations, run.hessians, end.c_str(),
                settings.timings ? ("   " + fmt(seconds * 1e3, 3) + " ms").c_str() : "");
            evaluations[m].push_back(run.converged ? static_cast<double>(run.evaluations) : NAN);
        }
    }
    say("   The hyperparameters: GD lr 1e-3, 5e-4 and 2/1001; momentum lr 1e-4, β = 0.9 on Rosenbrock and exercise");
    say("   10.2's tuning on the quadratic; Adam lr 1e-2. BFGS, L-BFGS and CG have none to tune.");

    plot::Figure fig(1500, 640);
    plot::Axes& ax = fig.axes();
    const double width = 0.8 / static_cast<double>(methods.size());
    double top = 1.0;
    for (const auto& row : evaluations)
        for (double v : row) top = std::isfinite(v) ? std::max(top, v) : top;
    for (std::size_t m = 0; m < methods.size(); ++m) {
        std::vector<double> xs, hs, missed;
        for (std::size_t c = 0; c < case_labels.size(); ++c) {
            const double x = static_cast<double>(c) - 0.4 + width * (static_cast<double>(m) + 0.5);
            if (std::isfinite(evaluations[m][c])) {
                xs.push_back(x), hs.push_back(evaluations[m][c]);
            } else {
                missed.push_back(x);
            }
        }
        ax.bar(xs, hs, {.color = plot::tab10(static_cast<int>(m)), .width = width * 0.9, .label = methods[m]});
        for (double x : missed) ax.text(x, 1.4, "✗", {.color = plot::tab10(static_cast<int>(m)), .size = 16, .align = plot::HAlign::center});
    }
    std::vector<double> ticks;
    for (std::size_t c = 0; c < case_labels.size(); ++c) ticks.push_back(static_cast<double>(c));
    ax.xticks(ticks, case_labels).yscale(plot::Scale::log).ylim(1, top * 3).xlim(-0.5, static_cast<double>(case_labels.size()) - 0.5);
    ax.title("Function-and-gradient evaluations to f − f* ≤ 1e-8 (✗: not reached within the budget, or stuck)")
        .ylabel("evaluations (log scale)").grid().legend();
    fig.suptitle("Figure 42. What curvature buys: evaluations of seven methods on three problems");
    const std::string path = settings.out + "/42_method_comparison.png";
    fig.save(path);
    say("   Wrote %s", path.c_str());
}

}  // namespace course::second_order
