// Chapter 17, given code: grid and random search and Hyperband, run as recorded studies.
#include <algorithm>
#include <cmath>
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

}  // namespace course::hyperparameter_search
