// Chapter 03 — reference solutions. Same functions, same order as exercises/03_hill_climbing.cpp.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "chapters/03_hill_climbing/hill_climbing.hpp"

namespace course::hill_climbing {

namespace {

void check(const HillClimbOptions& o, const Box& box) {
    if (o.budget == 0 || !(o.step_size > 0.0) || !(o.step_decay > 0.0 && o.step_decay < 1.0) || o.patience == 0 ||
        !(o.min_step >= 0.0))
        throw std::invalid_argument(
            "hill_climb: need budget ≥ 1, step_size > 0, 0 < step_decay < 1, patience ≥ 1 and min_step ≥ 0");
    if (o.start && o.start->size() != box.lower.size())
        throw std::invalid_argument("hill_climb: the start point and the box differ in dimension");
}

}  // namespace

// Exercise 3.1 — a neighbour proposal.
// An isotropic Gaussian step: every direction equally likely, typical length step·√d. Clamping keeps
// the search inside the box that random search samples, so both explore the same space.
Vector propose_neighbour(const Vector& x, double step, const Box& box, Rng& rng) {
    if (x.size() != box.lower.size() || x.size() != box.upper.size())
        throw std::invalid_argument("propose_neighbour: the point has " + std::to_string(x.size()) +
                                    " coordinates but the box " + std::to_string(box.lower.size()));
    if (!(step > 0.0)) throw std::invalid_argument("propose_neighbour: the step must be > 0");
    Vector neighbour(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        neighbour[i] = std::clamp(x[i] + step * rng.normal(), box.lower[i], box.upper[i]);
    return neighbour;
}

// Exercise 3.2 — one hill-climbing step.
// Accept only strict improvements: on a plateau the climber stays put rather than wander.
bool climb_step(const Objective& f, Climber& climber, double step, const Box& box, Rng& rng) {
    Vector candidate = propose_neighbour(climber.point, step, box, rng);
    const double value = f(candidate);
    if (!(value < climber.value)) return false;
    climber.point = std::move(candidate);
    climber.value = value;
    return true;
}

// Exercise 3.3 — the loop, with step-size decay and restarts.
// The outer loop restarts; the inner loop climbs. Every evaluation, start points included, adds one
// entry to `values`, so the best-so-far curve has exactly one point per evaluation spent.
SearchResult hill_climb(const Objective& f, const Box& box, HillClimbOptions options, Rng& rng) {
    check(options, box);
    SearchResult result;
    result.best_value = std::numeric_limits<double>::infinity();
    std::vector<double> values;
    values.reserve(options.budget);
    auto record = [&](const Climber& c) {
        values.push_back(c.value);
        if (c.value < result.best_value) {
            result.best_value = c.value;
            result.best_point = c.point;
        }
    };
    bool first = true;
    while (values.size() < options.budget) {
        Vector start = first && options.start ? *options.start : random_search::sample_uniform(box, rng);
        first = false;
        Climber climber{start, f(start)};
        record(climber);
        result.paths.push_back({climber.point});
        double step = options.step_size;
        std::size_t rejections = 0;
        while (values.size() < options.budget && step >= options.min_step) {
            if (climb_step(f, climber, step, box, rng)) {
                rejections = 0;
                result.paths.back().push_back(climber.point);
            } else if (++rejections == options.patience) {
                step *= options.step_decay;  // `patience` misses in a row: the step overshoots the valley
                rejections = 0;
            }
            // A rejected proposal was no better than the climber, so the climber's value stands in for it:
            // the running minimum, all that best_so_far needs, is the same.
            record(climber);
        }
        if (!options.restarts) break;
    }
    result.evaluations = values.size();
    result.best_so_far = random_search::best_so_far(values);
    return result;
}

// Exercise 3.4 — a band over seeds: the 25th, 50th and 75th percentile at every index.
// Sorting each column costs O(n log n) per index; fine for the handful of seeds a figure shows.
Band percentile_band(const std::vector<std::vector<double>>& curves) {
    if (curves.empty()) throw std::invalid_argument("percentile_band: need at least one curve");
    const std::size_t length = curves.front().size();
    for (const auto& curve : curves)
        if (curve.size() != length)
            throw std::invalid_argument("percentile_band: curves of lengths " + std::to_string(length) + " and " +
                                        std::to_string(curve.size()));
    auto quantile = [](const std::vector<double>& sorted, double q) {
        const double position = q * static_cast<double>(sorted.size() - 1);
        const auto below = static_cast<std::size_t>(position);
        const std::size_t above = std::min(below + 1, sorted.size() - 1);
        return sorted[below] + (position - static_cast<double>(below)) * (sorted[above] - sorted[below]);
    };
    Band band;
    std::vector<double> column(curves.size());
    for (std::size_t k = 0; k < length; ++k) {
        for (std::size_t r = 0; r < curves.size(); ++r) column[r] = curves[r][k];
        std::sort(column.begin(), column.end());
        band.lower.push_back(quantile(column, 0.25));
        band.median.push_back(quantile(column, 0.50));
        band.upper.push_back(quantile(column, 0.75));
    }
    return band;
}

// Exercise 3.5 — simulated annealing's acceptance rule and cooling schedule.
// Metropolis: a move that changes the loss by Δ is taken with probability min(1, exp(−Δ/T)). At T = 0 only a
// strict improvement passes (hill climbing's rule), which is also the limit of exp(−Δ/T) as T → 0 for Δ > 0.
double metropolis_acceptance(double delta, double temperature) {
    if (!(temperature >= 0.0))
        throw std::invalid_argument("metropolis_acceptance: the temperature must be ≥ 0, got " +
                                    std::to_string(temperature));
    if (std::isnan(delta)) return 0.0;  // a failed evaluation is never a place to go
    if (delta < 0.0) return 1.0;
    if (temperature == 0.0) return 0.0;
    return std::exp(-delta / temperature);
}

// Geometric cooling: equal ratios per step, so the temperature spends as many steps in each decade.
// T_k = t_start·(t_end/t_start)^(k/(steps − 1)) runs from t_start at k = 0 to t_end at k = steps − 1.
double annealing_temperature(const AnnealingSchedule& schedule, std::size_t k) {
    if (!(schedule.t_start > 0.0) || !(schedule.t_end > 0.0) || schedule.t_end > schedule.t_start ||
        schedule.steps < 2)
        throw std::invalid_argument("annealing_temperature: need 0 < t_end ≤ t_start and steps ≥ 2");
    if (k >= schedule.steps)
        throw std::invalid_argument("annealing_temperature: step " + std::to_string(k) + " of a schedule of " +
                                    std::to_string(schedule.steps) + " steps");
    const double fraction = static_cast<double>(k) / static_cast<double>(schedule.steps - 1);
    return schedule.t_start * std::pow(schedule.t_end / schedule.t_start, fraction);
}

}  // namespace course::hill_climbing
