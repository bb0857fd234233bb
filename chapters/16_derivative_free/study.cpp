// Chapter 16, given code: evaluations to a target, gradient descent with backtracking (the gradient-based
// reference), and the study that runs every method of the chapter on one problem from several seeds.
#include <algorithm>
#include <cmath>
#include <string>

#include "chapters/16_derivative_free/lecture.hpp"

namespace course::derivative_free {

std::size_t evaluations_to_target(const std::vector<double>& best_so_far, double target) {
    for (std::size_t k = 0; k < best_so_far.size(); ++k)
        if (best_so_far[k] <= target) return k + 1;
    return 0;
}

// A value-and-gradient call counts as one evaluation (reverse-mode autodiff returns the value with the
// gradient at a small constant factor of the cost), and every trial point of the line search as one more.
// Armijo's test on the projected step: f(x⁺) ≤ f(x) + c·∇f(x)ᵀ(x⁺ − x).
void gradient_descent(const Objective& recorded_f, const GradientFn& gradient, const Vector& start, const Box& box,
                      std::size_t max_evaluations) {
    const double c = 1e-4;
    Vector x = start, trial(x.size());
    double fx = recorded_f(x), step = 1.0;
    for (std::size_t used = 1; used < max_evaluations;) {
        const Vector g = gradient(x);
        for (step = std::min(1.0, 2.0 * step); used < max_evaluations; step *= 0.5) {
            double decrease = 0.0;
            for (std::size_t i = 0; i < x.size(); ++i) {
                trial[i] = std::clamp(x[i] - step * g[i], box.lower[i], box.upper[i]);
                decrease += g[i] * (trial[i] - x[i]);
            }
            const double f_trial = recorded_f(trial);
            ++used;
            if (f_trial <= fx + c * decrease) {
                x = trial;
                fx = f_trial;
                break;
            }
            if (step < 1e-20) return;  // no descent left: a stationary point (or the box's corner)
        }
    }
}

namespace {

Vector uniform_start(const Box& box, Rng& rng) { return random_search::sample_uniform(box, rng); }

// The median over runs at every evaluation count (runs are padded with their last value).
std::vector<double> median_curve(std::vector<std::vector<double>> runs, std::size_t budget) {
    std::vector<double> median(budget);
    for (auto& run : runs) run.resize(budget, run.empty() ? 1e300 : run.back());
    std::vector<double> column(runs.size());
    for (std::size_t k = 0; k < budget; ++k) {
        for (std::size_t r = 0; r < runs.size(); ++r) column[r] = runs[r][k];
        std::sort(column.begin(), column.end());
        const std::size_t m = column.size() / 2;
        median[k] = column.size() % 2 ? column[m] : 0.5 * (column[m - 1] + column[m]);
    }
    return median;
}

}  // namespace

std::vector<MethodCurve> compare_methods(const Problem2& problem, const StudyOptions& options, std::uint64_t seed) {
    const Box& box = problem.box;
    const double width = box.upper[0] - box.lower[0];
    const std::size_t budget = options.budget;
    using Runner = std::function<void(const Objective&, Rng&)>;
    const std::vector<std::pair<std::string, Runner>> methods{
        {"random search", [&](const Objective& f, Rng& rng) { random_search::random_search(f, box, {.budget = budget}, rng); }},
        {"genetic algorithm",
         [&](const Objective& f, Rng& rng) {
             genetic_algorithm(f, box, {.population = 20, .generations = (budget - 20) / 18, .elite = 2}, rng);
         }},
        {"Nelder-Mead",
         [&](const Objective& f, Rng& rng) {
             nelder_mead(f, uniform_start(box, rng), {.initial_step = 0.1 * width, .max_evaluations = budget});
         }},
        {"CMA-ES",
         [&](const Objective& f, Rng& rng) {
             cma_es(f, uniform_start(box, rng), 0.25 * width, {.max_evaluations = budget}, rng);
         }},
        {"Bayesian opt. (EI)",
         [&](const Objective& f, Rng& rng) {
             bayes_opt(f, box, {.initial_points = 5, .budget = options.bo_budget, .candidates = 250}, rng);
         }},
        {"gradient descent",
         [&](const Objective& f, Rng& rng) { gradient_descent(f, problem.gradient, uniform_start(box, rng), box, budget); }}};

    std::vector<MethodCurve> curves;
    for (std::size_t m = 0; m < methods.size(); ++m) {
        MethodCurve curve{.method = methods[m].first, .to_target = std::vector<std::vector<std::size_t>>(options.tolerances.size())};
        std::vector<std::vector<double>> runs;
        for (std::size_t s = 0; s < options.seeds; ++s) {
            Rng rng(seed + 1000 * s + m);
            Recorder recorder(problem.f);
            methods[m].second(recorder.objective(), rng);
            std::vector<double> gap = recorder.best_so_far();
            if (gap.size() > budget) gap.resize(budget);
            for (double& v : gap) v -= problem.minimum;
            for (std::size_t t = 0; t < options.tolerances.size(); ++t)
                curve.to_target[t].push_back(evaluations_to_target(gap, options.tolerances[t]));
            runs.push_back(std::move(gap));
        }
        const std::size_t length = m == 4 ? options.bo_budget : budget;
        curve.median_best = median_curve(std::move(runs), length);
        curves.push_back(std::move(curve));
    }
    return curves;
}

}  // namespace course::derivative_free
