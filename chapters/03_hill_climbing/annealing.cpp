// Chapter 03, given code: simulated annealing, the loop around exercise 3.5's two rules.
//
// Hill climbing never accepts a worse point, so it stays in the first valley it reaches. Annealing
// accepts an uphill move of size Δ with probability exp(−Δ/T): while the temperature T is high compared
// with the barriers between valleys the walker roams between them, and as T falls it settles, more and
// more like a hill climber, into a valley that is usually among the deeper ones.
#include <limits>
#include <stdexcept>
#include <string>

#include "chapters/03_hill_climbing/hill_climbing.hpp"

namespace course::hill_climbing {

SearchResult simulated_annealing(const Objective& f, const Box& box, const AnnealingOptions& options, Rng& rng) {
    if (options.budget < 2 || !(options.step_size > 0.0))
        throw std::invalid_argument("simulated_annealing: need budget ≥ 2 and step_size > 0");
    if (options.start && options.start->size() != box.lower.size())
        throw std::invalid_argument("simulated_annealing: the start point and the box differ in dimension");
    const AnnealingSchedule schedule{options.t_start, options.t_end, options.budget - 1};

    SearchResult result;
    result.best_value = std::numeric_limits<double>::infinity();
    std::vector<double> values;
    values.reserve(options.budget);
    auto record = [&](const Vector& point, double value) {
        values.push_back(value);
        if (value < result.best_value) {
            result.best_value = value;
            result.best_point = point;
        }
    };

    Vector start = options.start ? *options.start : random_search::sample_uniform(box, rng);
    Climber walker{start, f(start)};
    record(walker.point, walker.value);
    result.paths.push_back({walker.point});
    for (std::size_t k = 0; k + 1 < options.budget; ++k) {
        const double temperature = annealing_temperature(schedule, k);
        Vector candidate = propose_neighbour(walker.point, options.step_size, box, rng);
        const double value = f(candidate);
        record(candidate, value);
        const double p = metropolis_acceptance(value - walker.value, temperature);
        const bool accept = p >= 1.0 || (p > 0.0 && rng.uniform() < p);
        if (accept) {
            walker = {std::move(candidate), value};
            result.paths.back().push_back(walker.point);
        }
    }
    result.evaluations = values.size();
    result.best_so_far = random_search::best_so_far(values);
    return result;
}

}  // namespace course::hill_climbing
