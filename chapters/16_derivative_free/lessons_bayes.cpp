// Chapter 16, given code: the lecture's steps 4-6 — the Gaussian process and Bayesian optimization in one and
// two dimensions, and the comparison of every method by evaluations to a target.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/lecture.hpp"
#include "common/say.hpp"

namespace course::derivative_free {

namespace {

std::string median_count(std::vector<std::size_t> counts) {
    std::size_t hits = 0;
    for (const std::size_t c : counts) hits += c > 0;
    if (hits * 2 <= counts.size()) return "miss (" + std::to_string(hits) + "/" + std::to_string(counts.size()) + ")";
    for (std::size_t& c : counts)
        if (c == 0) c = static_cast<std::size_t>(-1);  // a miss counts as "more than any budget"
    std::sort(counts.begin(), counts.end());
    return std::to_string(counts[counts.size() / 2]) + " (" + std::to_string(hits) + "/" + std::to_string(counts.size()) + ")";
}

}  // namespace

void gaussian_process_lesson(const Args& args) {
    say("4. A Gaussian process with the RBF kernel k(a, b) = σ_f² exp(−‖a − b‖²/(2ℓ²)). Two observations,");
    say("   f(0) = 1 and f(1) = −1, ℓ = 0.5, σ_f² = 1, no noise: the posterior in closed form (a 2×2 inverse) and");
    const GaussianProcess two = fit_gp({{0.0}, {1.0}}, {1.0, -1.0}, {.length_scale = 0.5});
    const double c = std::exp(-2.0), k_mid = std::exp(-0.5);
    say("   from fit_gp: μ(0.5) = %.3g (k*ᵀK⁻¹y = 0 by symmetry), σ²(0.5) = %.6g against 1 − 2e^(−1)/(1 + e^(−2)) = %.6g,",
        predict(two, {0.5}).mean, predict(two, {0.5}).variance,
        1.0 - 2.0 * k_mid * k_mid / (1.0 + c));
    say("   σ²(0) = %.3g at an observation, σ²(3) = %.6g far away (the prior σ_f²).", predict(two, {0.0}).variance,
        predict(two, {3.0}).variance);
    say("   Expected improvement at a point whose mean equals the best value: EI = σφ(0) = %.6g for σ = 1 (code: %.6g).",
        1.0 / std::sqrt(2.0 * std::numbers::pi), expected_improvement({0.0, 1.0}, 0.0, 0.0));

    say("   Bayesian optimization of the Forrester function (6x − 2)² sin(12x − 4) on [0, 1] (minimum −6.0207 at");
    say("   x = 0.7572, a local one at x = 0.14): 3 random points, then EI (ξ = 0.01), ℓ by marginal likelihood.");
    const Box box{{0.0}, {1.0}};
    const std::vector<std::size_t> snap_at{3, 5, 7, 9};
    std::vector<BayesSnapshot> snapshots;
    BayesOptOptions options{.initial_points = 3, .budget = 12, .candidates = 1000};
    Rng rng(args.seed());
    Objective f = [](const Vector& x) { return forrester(x[0]); };
    const BayesOptResult run = bayes_opt(f, box, options, rng, [&](const BayesOptStep& step) {
        say("   evaluation %2zu at x = %-7.4g (EI = %.3g, ℓ = %.2g in box units)", step.evaluation + 1, step.next[0],
            step.acquisition, step.surrogate.gp.options.length_scale);
        if (std::find(snap_at.begin(), snap_at.end(), step.evaluation) == snap_at.end()) return;
        BayesSnapshot s{.next = step.next[0], .evaluations = step.evaluation};
        for (int i = 0; i <= 300; ++i) {
            const double x = i / 300.0;
            const Prediction p = predict(step.surrogate, {x});
            s.xs.push_back(x);
            s.truth.push_back(forrester(x));
            s.mean.push_back(p.mean);
            s.sd.push_back(std::sqrt(p.variance));
            s.acquisition.push_back(acquisition_value(step.surrogate, {x}, options));
        }
        for (std::size_t i = 0; i < step.surrogate.gp.X.size(); ++i) {
            s.observed_x.push_back(step.surrogate.gp.X[i][0]);
            s.observed_y.push_back(step.surrogate.y_mean + step.surrogate.y_scale * step.surrogate.gp.y[i]);
        }
        snapshots.push_back(std::move(s));
    });
    say("   Best after %zu evaluations: f(%.5g) = %.5g (the minimum is −6.0207).", run.values.size(),
        run.best_point[0], run.best_value);
    std::size_t hits = 0;
    const std::size_t seeds = args.quick() ? 5 : 20;
    for (std::size_t s = 0; s < seeds; ++s) {
        Rng r(args.seed() + 10 + s), r2(args.seed() + 10 + s);
        hits += bayes_opt(f, box, options, r).best_value < -6.0;
    }
    std::size_t random_hits = 0;
    for (std::size_t s = 0; s < seeds; ++s) {
        Rng r(args.seed() + 10 + s);
        random_hits += random_search::random_search(f, box, {.budget = 12}, r).best_value < -6.0;
    }
    say("   Over %zu seeds, 12 evaluations reach f < −6.0: BO %zu times, random search %zu times.", seeds, hits, random_hits);
    const std::string path = args.out() + "/46_bayes_opt_1d.png";
    draw_bayes_1d_figure(snapshots, "EI", path);
    say("   Wrote %s", path.c_str());
}

void bayes_2d_lesson(const Args& args) {
    const Problem2 problem = lecture_problem("himmelblau");
    const std::size_t budget = args.quick() ? 25 : 50, seeds = args.quick() ? 3 : 9;
    say("5. Bayesian optimization in 2-D on Himmelblau, f = (x² + y − 11)² + (x + y² − 7)², four minima f = 0,");
    say("   box [−5, 5]²: %zu evaluations, EI against UCB (κ = 2) and random search, %zu seeds each.", budget, seeds);
    std::vector<NamedCurve> curves{{"BO, expected improvement", {}}, {"BO, UCB κ = 2", {}}, {"random search", {}}};
    std::vector<std::vector<double>> runs[3];
    BayesOptResult shown;
    for (std::size_t s = 0; s < seeds; ++s) {
        for (int a = 0; a < 2; ++a) {
            Rng rng(args.seed() + 7 * s);
            const BayesOptOptions o{.initial_points = 5, .budget = budget,
                                    .acquisition = a == 0 ? Acquisition::expected_improvement : Acquisition::upper_confidence_bound,
                                    .candidates = 250};
            BayesOptResult r = bayes_opt(problem.f, problem.box, o, rng);
            runs[a].push_back(r.best_so_far);
            if (s == 0 && a == 0) shown = std::move(r);
        }
        Rng rng(args.seed() + 7 * s);
        runs[2].push_back(random_search::random_search(problem.f, problem.box, {.budget = budget}, rng).best_so_far);
    }
    for (int a = 0; a < 3; ++a) {
        for (std::size_t k = 0; k < budget; ++k) {
            std::vector<double> column;
            for (const auto& run : runs[a]) column.push_back(run[k] - problem.minimum + 1e-12);
            std::sort(column.begin(), column.end());
            curves[static_cast<std::size_t>(a)].ys.push_back(column[column.size() / 2]);
        }
        say("   %-26s median best f after 10, 25, %zu evaluations: %-9.3g %-9.3g %.3g", curves[static_cast<std::size_t>(a)].label.c_str(),
            budget, curves[static_cast<std::size_t>(a)].ys[9], curves[static_cast<std::size_t>(a)].ys[24],
            curves[static_cast<std::size_t>(a)].ys.back());
    }
    const std::string path = args.out() + "/47_bayes_opt_2d.png";
    draw_bayes_2d_figure(shown, [&](double x, double y) { return problem.f({x, y}) + 0.1; }, problem.box,
                         "Bayesian optimization on Himmelblau: it samples where the model is uncertain or promising",
                         curves, path);
    say("   Wrote %s", path.c_str());
}

void comparison_lesson(const Args& args) {
    // --quick shrinks the study unless a flag was given explicitly.
    auto flag = [&](const char* name, std::size_t quick) {
        return args.quick() && !args.given(name) ? quick : static_cast<std::size_t>(args.integer(name));
    };
    const StudyOptions options{.seeds = flag("seeds", 3), .budget = flag("budget", 400), .bo_budget = flag("bo-budget", 20)};
    say("6. Evaluations to reach f* + 0.1 and f* + 1e-6, median over %zu random starts (BO: %zu evaluations at most,",
        options.seeds, options.bo_budget);
    say("   the others %zu; a gradient counts as one evaluation, its value comes with it):", options.budget);
    const std::vector<std::string> names{"rosenbrock", "rastrigin", "himmelblau", "six_hump_camel"};
    std::vector<std::vector<MethodCurve>> all;
    std::vector<std::string> titles;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header{"problem, target"};
    for (const std::string& name : names) {
        const Problem2 problem = lecture_problem(name);
        titles.push_back(problem.name);
        all.push_back(compare_methods(problem, options, args.seed()));
        for (std::size_t t = 0; t < options.tolerances.size(); ++t) {
            std::vector<std::string> row{problem.name + ", f* + " + fmt(options.tolerances[t])};
            std::string line;
            for (const MethodCurve& curve : all.back()) {
                if (header.size() <= all.back().size()) header.push_back(curve.method);
                row.push_back(median_count(curve.to_target[t]));
                line += row.back() + std::string(14 - std::min<std::size_t>(13, row.back().size()), ' ');
            }
            line.erase(line.find_last_not_of(' ') + 1);
            say("   %-26s %s", row.front().c_str(), line.c_str());
            rows.push_back(std::move(row));
        }
    }
    std::string order;
    for (std::size_t h = 1; h < header.size(); ++h) order += (h > 1 ? ", " : "") + header[h];
    say("   (columns: %s;", order.c_str());
    say("   each entry the median evaluations and (k/n) the runs that hit; “miss” when half of them or more miss)");
    say("   Gradient descent is fast from a good basin and stuck in a bad one; Nelder-Mead and CMA-ES reach high");
    say("   precision on smooth problems; BO gets near a minimum in few evaluations but not to 1e-6.");
    const std::string path48 = args.out() + "/48_evaluations_to_target.png";
    draw_comparison_figure({titles[0], titles[1]}, {all[0], all[1]}, path48);
    say("   Wrote %s", path48.c_str());
    const std::string path49 = args.out() + "/49_evaluations_table.png";
    draw_table_figure(rows, header, "Median evaluations to a target over " + std::to_string(options.seeds) +
                                        " random starts, and (k/n) the runs that reach it", path49);
    say("   Wrote %s", path49.c_str());
}

}  // namespace course::derivative_free
