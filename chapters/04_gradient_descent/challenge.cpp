// Chapter 04, given code: the challenge of part I (see challenge.hpp).
#include "chapters/04_gradient_descent/challenge.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/03_hill_climbing/hill_climbing.hpp"
#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "common/errors.hpp"

namespace course::gradient_descent {

namespace {

namespace rs = random_search;
namespace hc = hill_climbing;

const std::vector<std::string> kMethods{"random_search", "hill_climbing", "annealing", "gradient_descent"};

// The configuration's keys, each with the methods it applies to. The defaults are the exercises' own
// (HillClimbOptions, AnnealingOptions, GdOptions), so an empty file runs chapter 03's hill climbing.
std::vector<Flag> part1_keys() {
    return {
        Flag::choice("method", "hill_climbing", "the search", kMethods),
        Flag::real("step-size", 0.5, "hill_climbing, annealing: σ of the neighbour proposals", 1e-9, 100),
        Flag::real("step-decay", 0.5, "hill_climbing: σ ← σ·step-decay after `patience` rejections", 1e-6, 0.999999),
        Flag::integer("patience", 20, "hill_climbing: rejections in a row before σ shrinks", 1, 100000),
        Flag::real("min-step", 1e-4, "hill_climbing: a climb whose σ falls below this has converged", 0, 100),
        Flag::choice("restarts", "yes", "hill_climbing, gradient_descent: start again from a random point",
                     {"yes", "no"}),
        Flag::real("t-start", 10.0, "annealing: the first temperature", 1e-12, 1e12),
        Flag::real("t-end", 0.01, "annealing: the last temperature (≤ t-start)", 1e-12, 1e12),
        Flag::real("lr", 1e-3, "gradient_descent: the learning rate α", 1e-12, 100),
        Flag::choice("gradient", "central", "gradient_descent: central (4.2) or forward (4.1) differences",
                     {"central", "forward"}),
        Flag::real("h", 1e-6, "gradient_descent: the finite-difference step", 1e-12, 1),
        Flag::real("tol", 1e-8, "gradient_descent: a descent has converged when ‖∇ℒ‖ ≤ tol", 0, 1e6),
    };
}

const std::vector<std::pair<std::string, std::vector<std::string>>> kAppliesTo{
    {"step-size", {"hill_climbing", "annealing"}},  {"step-decay", {"hill_climbing"}},
    {"patience", {"hill_climbing"}},                {"min-step", {"hill_climbing"}},
    {"restarts", {"hill_climbing", "gradient_descent"}}, {"t-start", {"annealing"}},
    {"t-end", {"annealing"}},                       {"lr", {"gradient_descent"}},
    {"gradient", {"gradient_descent"}},             {"h", {"gradient_descent"}},
    {"tol", {"gradient_descent"}},
};

std::string listed(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) out += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + names[i];
    return out;
}

// Gradient descent again and again from random points of the box, each descent until it converges or
// diverges (or only once, without restarts), until the harness stops it at the budget.
Search descents(const GdOptions& options, bool central, double h, bool restarts) {
    return [=](const rs::Objective& f, const rs::Box& box, std::size_t budget, Rng& rng) {
        const Gradient gradient = [&](const Vector& theta) {
            return central ? central_difference_gradient(f, theta, h) : forward_difference_gradient(f, theta, h);
        };
        GdOptions each = options;
        each.max_iters = budget;  // no descent costs less than one evaluation per iteration
        do gradient_descent(f, gradient, rs::sample_uniform(box, rng), each);
        while (restarts);
    };
}

}  // namespace

Search part1_search(const Args& config) {
    const std::string method = config.text("method");
    for (const auto& [key, methods] : kAppliesTo)
        if (config.given(key) && std::find(methods.begin(), methods.end(), method) == methods.end())
            throw UsageError(key + " applies to method " + listed(methods) + " only, not to " + method);
    const bool restarts = config.text("restarts") == "yes";
    if (method == "random_search")
        return [](const rs::Objective& f, const rs::Box& box, std::size_t budget, Rng& rng) {
            rs::random_search(f, box, {.budget = budget}, rng);
        };
    if (method == "hill_climbing") {
        const hc::HillClimbOptions options{.step_size = config.real("step-size"),
                                           .step_decay = config.real("step-decay"),
                                           .patience = static_cast<std::size_t>(config.integer("patience")),
                                           .min_step = config.real("min-step"),
                                           .restarts = restarts};
        return [options](const rs::Objective& f, const rs::Box& box, std::size_t budget, Rng& rng) {
            hc::HillClimbOptions with_budget = options;
            with_budget.budget = budget;
            hc::hill_climb(f, box, with_budget, rng);
        };
    }
    if (method == "annealing") {
        if (config.real("t-end") > config.real("t-start"))
            throw UsageError("t-end (" + config.text("t-end") + ") must not be above t-start (" + config.text("t-start") + ")");
        const hc::AnnealingOptions options{.step_size = config.real("step-size"),
                                           .t_start = config.real("t-start"),
                                           .t_end = config.real("t-end")};
        return [options](const rs::Objective& f, const rs::Box& box, std::size_t budget, Rng& rng) {
            hc::AnnealingOptions with_budget = options;
            with_budget.budget = budget;
            hc::simulated_annealing(f, box, with_budget, rng);
        };
    }
    return descents({.lr = config.real("lr"), .tol = config.real("tol")}, config.text("gradient") == "central",
                    config.real("h"), restarts);
}

Part1Run run_part1_seed(const Search& search, const Part1Setup& setup, std::uint64_t seed) {
    const rs::TestFunction problem = rs::rastrigin(setup.dim);
    challenge::EvaluationBudget budget(setup.budget);
    double best = std::numeric_limits<double>::infinity();
    // Every evaluation goes through here: charged first (the one past the budget is refused with
    // challenge::Stop before anything is computed), then recorded. NaN is never a best.
    const rs::Objective counted = [&](const Vector& theta) {
        if (theta.size() != setup.dim)
            throw std::invalid_argument("the search evaluated a point with " + std::to_string(theta.size()) +
                                        " coordinates; the problem has " + std::to_string(setup.dim));
        budget.charge();
        const double value = problem.value(theta);
        if (value < best) best = value;
        return value;
    };
    Rng rng(seed);
    try {
        search(counted, problem.bounds, setup.budget, rng);
    } catch (const challenge::Stop&) {
        // the budget is spent: the run ends here, its best stands
    }
    return {best, budget.used(), budget.refused()};
}

challenge::Score score_part1(const Search& search, const Part1Setup& setup) {
    challenge::Score score;
    double sum = 0.0;
    char line[160];
    for (const std::uint64_t seed : setup.seeds) {
        const Part1Run run = run_part1_seed(search, setup, seed);
        if (!std::isfinite(run.best))
            throw RuntimeFailure("seed " + std::to_string(seed) + ": no evaluation gave a finite loss in " +
                                 challenge::thousands(run.evaluations) + " evaluations");
        sum += run.best;
        std::snprintf(line, sizeof line, "seed %llu: best loss %.4f after %s evaluations%s",
                      static_cast<unsigned long long>(seed), run.best, challenge::thousands(run.evaluations).c_str(),
                      run.refused > 0 ? (" (cut off at the budget: " + std::to_string(run.refused) + " more refused)").c_str() : "");
        score.details.push_back(line);
    }
    score.value = sum / static_cast<double>(setup.seeds.size());
    std::snprintf(line, sizeof line, "%.4f", score.value);
    score.text = line;
    score.value = std::strtod(line, nullptr);  // the score is what is printed, to the last digit
    return score;
}

challenge::Definition part1_challenge() {
    return {
        .id = "part1",
        .name = "Part I: Rastrigin 5-D, 2000 evaluations (mean best loss)",
        .goal = "The lowest loss on Rastrigin's function in 5 dimensions with 2,000 evaluations, the mean over "
                "five seeds, by your random search, hill climbing, annealing or gradient descent (chapters 02-04).",
        .order = challenge::Order::ascending,
        .reference = "11.1435",  // measured: make check-challenge keeps it true
        .keys = part1_keys(),
        .run = [](const Args& config, bool) { return score_part1(part1_search(config), Part1Setup{}); },
    };
}

}  // namespace course::gradient_descent
