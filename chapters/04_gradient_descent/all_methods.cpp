// Chapter 04, given code: the three methods of chapters 02–04 compared on equal terms (see all_methods.hpp).
#include "chapters/04_gradient_descent/all_methods.hpp"

#include <algorithm>
#include <cmath>

#include "chapters/03_hill_climbing/hill_climbing.hpp"
#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::gradient_descent {

namespace {

namespace rs = random_search;
namespace hc = hill_climbing;
namespace plot = course::plot;

// A run's log turned into the curves the figure needs; the curve is padded to the budget so that
// seeds can be summarised index by index even when gradient descent stopped early.
void record(MethodRuns& runs, const rs::EvaluationLog& log, const rs::TestFunction& problem, std::size_t budget) {
    auto curve = rs::best_so_far(log.values());
    runs.evaluations_used.push_back(curve.size());
    runs.final_values.push_back(curve.back());
    if (curve.back() - problem.minimum < 1e-3) ++runs.global_hits;
    curve.resize(budget, curve.back());
    runs.best_so_far.push_back(std::move(curve));
    if (runs.seconds.empty()) runs.seconds = log.seconds();
}

ProblemRuns run_problem(const rs::TestFunction& problem, const ComparisonSettings& settings) {
    ProblemRuns out{problem, {{"random search"}, {"hill climbing"}, {"gradient descent"}}};
    const std::size_t dim = problem.minimizer.size();
    for (std::size_t s = 0; s < settings.seeds; ++s) {
        // Hill climbing and gradient descent start from the same random point of the box.
        Rng start_rng(settings.seed + s + 1000);
        const Vector start = rs::sample_uniform(problem.bounds, start_rng);
        {
            rs::EvaluationLog log(problem.value);
            Rng rng(settings.seed + s);
            rs::random_search(log.objective(), problem.bounds, {.budget = settings.budget}, rng);
            record(out.methods[0], log, problem, settings.budget);
        }
        {
            rs::EvaluationLog log(problem.value);
            Rng rng(settings.seed + s);
            hc::hill_climb(log.objective(), problem.bounds, {.budget = settings.budget, .start = start}, rng);
            record(out.methods[1], log, problem, settings.budget);
        }
        {
            // One step costs 1 evaluation for the loss and 2d for the central-difference gradient.
            rs::EvaluationLog log(problem.value);
            const Objective f = log.objective();
            const Gradient grad = [&f](const Vector& t) { return central_difference_gradient(f, t, 1e-6); };
            const std::size_t max_iters = (settings.budget - 1) / (2 * dim + 1);
            gradient_descent(f, grad, start, {.lr = 1.0 / problem.max_curvature, .max_iters = max_iters, .tol = 1e-9});
            record(out.methods[2], log, problem, settings.budget);
        }
    }
    return out;
}

template <typename T>
T median(std::vector<T> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];  // the upper median for an even count: the table shows a value that occurred
}

const plot::Color kColors[3] = {plot::colors::orange, plot::colors::red, plot::colors::blue};

// Losses reach exactly 0 (a quadratic solved by one GD step); a log axis cannot show 0, so the curves
// are floored at 10⁻¹⁶, about the rounding error of the loss at its minimum.
std::vector<double> floored(std::vector<double> v) {
    for (double& x : v) x = std::max(x, 1e-16);
    return v;
}

void draw_against_evaluations(plot::Axes& ax, const ProblemRuns& runs) {
    for (std::size_t m = 0; m < runs.methods.size(); ++m) {
        const auto& method = runs.methods[m];
        const auto band = hc::percentile_band(method.best_so_far);
        const std::size_t used = *std::max_element(method.evaluations_used.begin(), method.evaluations_used.end());
        std::vector<double> xs(used), ys(band.median.begin(), band.median.begin() + static_cast<long>(used));
        for (std::size_t k = 0; k < used; ++k) xs[k] = static_cast<double>(k + 1);
        ax.plot(xs, floored(ys), {.color = kColors[m], .label = method.method});
        if (used < method.best_so_far.front().size())
            ax.scatter({xs.back()}, {std::max(ys.back(), 1e-16)},
                       {.color = kColors[m], .size = 9, .label = "GD stopped: ‖∇L‖ ≤ tol", .alpha = 1.0});
    }
    ax.xscale(plot::Scale::log).yscale(plot::Scale::log).grid();
    ax.title(runs.problem.name + ": median of the seeds").xlabel("function evaluations").ylabel("best ℒ so far");
    ax.legend({.font_size = 10});
}

void draw_against_time(plot::Axes& ax, const ProblemRuns& runs) {
    for (std::size_t m = 0; m < runs.methods.size(); ++m) {
        const auto& method = runs.methods[m];
        const auto& curve = method.best_so_far.front();
        const std::vector<double> ys(curve.begin(), curve.begin() + static_cast<long>(method.seconds.size()));
        ax.plot(method.seconds, floored(ys), {.color = kColors[m], .label = method.method});
    }
    ax.xscale(plot::Scale::log).yscale(plot::Scale::log).grid();
    ax.title(runs.problem.name + ": one seed against wall time").xlabel("seconds (measured; varies per run)").ylabel("best ℒ so far");
    ax.legend({.font_size = 10});
}

}  // namespace

std::vector<ProblemRuns> compare_all_methods(const ComparisonSettings& settings) {
    std::vector<ProblemRuns> runs;
    for (const auto& problem : {rs::bowl(), rs::elongated_bowl(), rs::rastrigin()})
        runs.push_back(run_problem(problem, settings));
    return runs;
}

std::vector<std::vector<std::string>> comparison_table(const std::vector<ProblemRuns>& runs) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& problem : runs)
        for (const auto& method : problem.methods)
            rows.push_back({problem.problem.name, method.method, fmt(median(method.final_values), 3),
                            std::to_string(median(method.evaluations_used)),
                            std::to_string(method.global_hits) + "/" + std::to_string(method.final_values.size())});
    return rows;
}

void draw_comparison(const std::vector<ProblemRuns>& runs, const ComparisonSettings& settings,
                     const std::string& path) {
    plot::Figure fig(1650, 1000, 2, 3);
    fig.suptitle("Random search, hill climbing and gradient descent: " + std::to_string(settings.budget) +
                 " evaluations per run, " + std::to_string(settings.seeds) + " seeds");
    for (int p = 0; p < 3; ++p) draw_against_evaluations(fig.subplot(0, p), runs[static_cast<std::size_t>(p)]);
    draw_against_time(fig.subplot(1, 0), runs[1]);
    draw_against_time(fig.subplot(1, 1), runs[2]);
    auto& table = fig.subplot(1, 2);
    table.table(comparison_table(runs), {"problem", "method", "median L", "evals", "global"},
                {.font_size = 12,
                 .align = {plot::HAlign::left, plot::HAlign::left, plot::HAlign::right, plot::HAlign::right,
                           plot::HAlign::right}});
    table.title("Final loss, evaluations used (medians), seeds at the global min");
    fig.save(path);
}

}  // namespace course::gradient_descent
