// Chapter 17, given code: grid and random search and Hyperband, run as recorded studies.
#include <algorithm>
#include <cmath>
#include <vector>
#include <cstdio>
#include <limits>
#include <string>

#include "chapters/17_hyperparameter_search/study.hpp"

namespace course::hyperparameter_search {

std::vector<double> run_points(Study& study, const std::vector<Point>& points, std::size_t steps) {
    std::vector<double> losses;
    for (std::size_t i = 0; i < points.size(); ++i) losses.push_back(study.loss(points[i], steps, "point"));
    return losses;
}

HyperbandRun run_hyperband(Study& study, std::size_t R, std::size_t eta, std::size_t unit_steps, Rng& rng) {
    HyperbandRun run;
    run.brackets = hyperband_brackets(R, eta);
    run.best_loss = std::numeric_limits<double>::infinity();
    for (const Bracket& bracket : run.brackets) {
        const std::vector<Point> points = random_points(study.space(), bracket.rungs.front().configs, rng);
        std::size_t rung = 0;
        const Evaluate evaluate = [&](std::size_t config, double resource) {
            // The rung is the one whose resource this is: successive halving raises it rung by rung.
            while (rung + 1 < bracket.rungs.size() && resource > bracket.rungs[rung].resource) ++rung;
            char label[48];
            std::snprintf(label, sizeof label, "s%zu-rung%zu-config%03zu", bracket.s, rung, config);
            const auto steps = static_cast<std::size_t>(std::llround(resource * static_cast<double>(unit_steps)));
            return study.loss(points[config], std::max<std::size_t>(1, steps), label);
        };
        const Halving halving = successive_halving(bracket.rungs, evaluate);
        if (halving.best_loss < run.best_loss) {
            run.best_loss = halving.best_loss;
            run.best = points[halving.best];
        }
        run.points.push_back(points);
        run.halvings.push_back(halving);
    }
    return run;
}

BayesRun run_bayes(Study& study, std::size_t trials, std::size_t initial, std::size_t steps, Rng& rng) {
    BayesRun run;
    run.options.initial_points = initial;
    run.options.budget = trials;
    const std::size_t d = study.space().size();
    const derivative_free::Box unit_square{std::vector<double>(d, 0.0), std::vector<double>(d, 1.0)};
    const derivative_free::Objective f = [&](const derivative_free::Vector& u) {
        const Point point = from_unit(study.space(), u);
        const double loss = study.loss(point, steps, "bayes");
        run.points.push_back(point);
        run.losses.push_back(loss);
        return std::log(loss < kLossCap ? loss : kLossCap);  // a NaN or +inf loss counts as the cap
    };
    run.result = derivative_free::bayes_opt(f, unit_square, run.options, rng);
    return run;
}

}  // namespace course::hyperparameter_search
