// Chapter 17 — hyperparameter search: the reference solutions.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <limits>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/17_hyperparameter_search/hyperparameter_search.hpp"
#include "common/errors.hpp"

namespace course::hyperparameter_search {

// Exercise 17.1 — log-uniform sampling. If u is uniform on [ln a, ln b), then x = eᵘ has
// P(x < t) = (ln t − ln a)/(ln b − ln a): every factor of 10 gets the same share of the draws.
double log_uniform(double low, double high, Rng& rng) {
    if (!(low > 0.0 && low < high && std::isfinite(high)))
        throw std::invalid_argument("log_uniform: needs 0 < low < high, got low = " + std::to_string(low) +
                                    ", high = " + std::to_string(high));
    return std::clamp(std::exp(rng.uniform(std::log(low), std::log(high))), low, high);
}

// Exercise 17.2 — grid search. Value j of k on an axis sits at t = j/(k − 1) of the way from low to high,
// measured in ln on a log axis; the two ends are set exactly so that rounding cannot move them.
std::vector<Point> grid_points(const SearchSpace& space, std::size_t per_axis) {
    if (per_axis < 2) throw std::invalid_argument("grid_points: per_axis must be at least 2");
    if (space.empty()) throw std::invalid_argument("grid_points: the space has no axes");
    std::vector<std::vector<double>> values(space.size());
    for (std::size_t a = 0; a < space.size(); ++a) {
        const Axis& axis = space[a];
        if (axis.log && axis.low <= 0.0)
            throw std::invalid_argument("grid_points: log axis " + axis.name + " needs low > 0");
        for (std::size_t j = 0; j < per_axis; ++j) {
            const double t = static_cast<double>(j) / static_cast<double>(per_axis - 1);
            double v = axis.log ? std::exp(std::log(axis.low) + t * (std::log(axis.high) - std::log(axis.low)))
                                : axis.low + t * (axis.high - axis.low);
            if (j == 0) v = axis.low;
            if (j + 1 == per_axis) v = axis.high;
            values[a].push_back(axis.integer ? std::round(v) : v);
        }
    }
    std::size_t total = 1;
    for (std::size_t a = 0; a < space.size(); ++a) total *= per_axis;
    std::vector<Point> points;
    points.reserve(total);
    for (std::size_t index = 0; index < total; ++index) {
        // index written in base per_axis, most significant digit first: the first axis varies slowest.
        Point p(space.size());
        std::size_t rest = index;
        for (std::size_t a = space.size(); a-- > 0;) {
            p[a] = values[a][rest % per_axis];
            rest /= per_axis;
        }
        points.push_back(std::move(p));
    }
    return points;
}

// Exercise 17.3 — random search: every axis of every point an independent draw.
std::vector<Point> random_points(const SearchSpace& space, std::size_t n, Rng& rng) {
    std::vector<Point> points;
    points.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        Point p;
        for (const Axis& axis : space) {
            const double v = axis.log ? log_uniform(axis.low, axis.high, rng) : rng.uniform(axis.low, axis.high);
            p.push_back(axis.integer ? std::round(v) : v);
        }
        points.push_back(std::move(p));
    }
    return points;
}

// Exercise 17.4 — distinct values per axis: the projection of the trials onto each axis.
std::vector<std::size_t> distinct_per_axis(const std::vector<Point>& points) {
    if (points.empty()) return {};
    const std::size_t dims = points.front().size();
    std::vector<std::set<double>> seen(dims);
    for (const Point& p : points) {
        if (p.size() != dims) throw std::invalid_argument("distinct_per_axis: points of different lengths");
        for (std::size_t a = 0; a < dims; ++a) seen[a].insert(p[a]);
    }
    std::vector<std::size_t> counts;
    for (const auto& s : seen) counts.push_back(s.size());
    return counts;
}

// Exercise 17.5 — the edge check. If the best trial sits on the boundary of what was tried, the true
// optimum may lie beyond it: the range, not the model, limited the search.
std::vector<EdgeWarning> best_at_edge(const std::vector<Point>& points, const std::vector<double>& losses) {
    if (points.empty()) throw std::invalid_argument("best_at_edge: no points");
    if (losses.size() != points.size()) throw std::invalid_argument("best_at_edge: one loss per point needed");
    std::size_t best = points.size();
    for (std::size_t i = 0; i < points.size(); ++i)
        if (!std::isnan(losses[i]) && (best == points.size() || losses[i] < losses[best])) best = i;
    if (best == points.size()) throw std::invalid_argument("best_at_edge: every loss is NaN");
    std::vector<EdgeWarning> warnings;
    for (std::size_t a = 0; a < points[best].size(); ++a) {
        const double v = points[best][a];
        double lo = v, hi = v;
        for (const Point& p : points) {
            lo = std::min(lo, p.at(a));
            hi = std::max(hi, p.at(a));
        }
        if (lo == hi) continue;
        if (v == lo) warnings.push_back({a, true, v});
        else if (v == hi) warnings.push_back({a, false, v});
    }
    return warnings;
}

// Exercise 17.6 — Hyperband's brackets. s_max counts how often R can be divided by η, in integers:
// std::log(243)/std::log(3) is 4.999999999999999 in floating point, and its floor would lose a bracket.
std::vector<Bracket> hyperband_brackets(std::size_t R, std::size_t eta) {
    if (R < 1 || eta < 2) throw std::invalid_argument("hyperband_brackets: needs R ≥ 1 and η ≥ 2");
    std::size_t s_max = 0;
    for (std::size_t p = eta; p <= R; p *= eta) ++s_max;
    const auto power = [eta](std::size_t k) {  // ηᵏ
        std::size_t p = 1;
        while (k-- > 0) p *= eta;
        return p;
    };
    std::vector<Bracket> brackets;
    for (std::size_t s = s_max + 1; s-- > 0;) {
        // n = ⌈(B/R)·ηˢ/(s + 1)⌉ with B/R = s_max + 1, in integers.
        const std::size_t n = ((s_max + 1) * power(s) + s) / (s + 1);
        Bracket bracket{s, {}};
        for (std::size_t i = 0; i <= s; ++i)
            bracket.rungs.push_back({n / power(i), static_cast<double>(R) / static_cast<double>(power(s - i))});
        brackets.push_back(std::move(bracket));
    }
    return brackets;
}

// Exercise 17.7 — successive halving: evaluate, rank, keep the best, give them more.
Halving successive_halving(const std::vector<Rung>& rungs, const Evaluate& evaluate) {
    if (rungs.empty()) throw std::invalid_argument("successive_halving: no rungs");
    for (std::size_t i = 0; i < rungs.size(); ++i)
        if (rungs[i].configs == 0 || (i > 0 && rungs[i].configs > rungs[i - 1].configs))
            throw std::invalid_argument("successive_halving: rung " + std::to_string(i) +
                                        " must keep between 1 and the previous rung's configurations");
    Halving out;
    std::vector<std::size_t> current(rungs[0].configs);
    std::iota(current.begin(), current.end(), std::size_t{0});
    for (std::size_t i = 0; i < rungs.size(); ++i) {
        std::vector<double> losses;
        for (const std::size_t c : current) losses.push_back(evaluate(c, rungs[i].resource));
        out.configs.push_back(current);
        out.losses.push_back(losses);
        std::vector<std::size_t> rank(current.size());
        std::iota(rank.begin(), rank.end(), std::size_t{0});
        // Lowest loss first, NaN after every number, ties by configuration number (current is sorted).
        std::stable_sort(rank.begin(), rank.end(), [&](std::size_t a, std::size_t b) {
            if (std::isnan(losses[a]) || std::isnan(losses[b])) return !std::isnan(losses[a]) && std::isnan(losses[b]);
            return losses[a] < losses[b];
        });
        if (i + 1 == rungs.size()) {
            out.best = current[rank[0]];
            out.best_loss = losses[rank[0]];
            break;
        }
        std::vector<std::size_t> kept;
        for (std::size_t k = 0; k < rungs[i + 1].configs; ++k) kept.push_back(current[rank[k]]);
        std::sort(kept.begin(), kept.end());
        current = std::move(kept);
    }
    return out;
}

// Exercise 17.8 — the unit cube of Bayesian optimization. A GP with one length scale per axis is easier
// to fit when every axis spans [0, 1], and a rate's ln is where its effect is smooth.
Point to_unit(const SearchSpace& space, const Point& point) {
    if (point.size() != space.size()) throw std::invalid_argument("to_unit: one value per axis needed");
    Point unit(point.size());
    for (std::size_t a = 0; a < space.size(); ++a) {
        const Axis& axis = space[a];
        unit[a] = axis.log ? (std::log(point[a]) - std::log(axis.low)) / (std::log(axis.high) - std::log(axis.low))
                           : (point[a] - axis.low) / (axis.high - axis.low);
    }
    return unit;
}

Point from_unit(const SearchSpace& space, const Point& unit) {
    if (unit.size() != space.size()) throw std::invalid_argument("from_unit: one value per axis needed");
    Point point(unit.size());
    for (std::size_t a = 0; a < space.size(); ++a) {
        const Axis& axis = space[a];
        const double t = unit[a];  // outside [0, 1] too: the clamp below brings v back into range
        double v = axis.log ? std::exp(std::log(axis.low) + t * (std::log(axis.high) - std::log(axis.low)))
                            : axis.low + t * (axis.high - axis.low);
        v = std::clamp(v, axis.low, axis.high);
        point[a] = axis.integer ? std::round(v) : v;
    }
    return point;
}

// Exercise 17.9 — a resumable trial. The record is the proof that the work was done: trust it when it is
// complete and answers the same question, redo the trial when it is absent or half-written.
Trial run_trial(const std::string& study_dir, const std::string& name, const records::Config& config,
                const Trainer& train) {
    const std::string dir = (std::filesystem::path(study_dir) / name).string();
    if (records::is_recorded(dir)) {
        const records::Config recorded = records::read_config(dir);
        if (recorded == config) return {records::read_metrics(dir), false};
        // The first entry where they part; one of the two iterators is not at its end, as they differ.
        const auto [in_record, in_config] = std::mismatch(recorded.begin(), recorded.end(), config.begin(), config.end());
        const std::string key = in_config != config.end() ? in_config->first : in_record->first;
        throw DataError(dir + ": recorded with another config (first difference at key \"" + key +
                        "\"); delete the folder or choose another --runs folder");
    }
    Trial trial{train(config), true};
    records::write_run(dir, config, trial.metrics);
    return trial;
}

// Exercise 17.10 — k-fold cross-validation. The n mod k examples that k does not divide go one each to
// the FIRST folds (scikit-learn's KFold), so the sizes differ by at most one and every example validates
// exactly once. Each fold's training set is the other k − 1 folds: (k − 1)/k of the data.
std::vector<Fold> kfold_split(std::size_t n, std::size_t k) {
    if (k < 2 || k > n)
        throw std::invalid_argument("kfold_split: needs 2 ≤ k ≤ n, got k = " + std::to_string(k) +
                                    " for n = " + std::to_string(n));
    std::vector<Fold> folds(k);
    std::size_t start = 0;
    for (std::size_t f = 0; f < k; ++f) {
        const std::size_t size = n / k + (f < n % k ? 1 : 0);
        for (std::size_t i = 0; i < n; ++i) {
            if (i >= start && i < start + size) folds[f].validation.push_back(i);
            else folds[f].train.push_back(i);
        }
        start += size;
    }
    return folds;
}

// The k scores are k looks at the same method, each trained on (k − 1)/k of the data: their mean is the
// estimate, their spread how much one look could have been off. The spread is estimated from the sample
// itself, around the sample's own mean, hence the divisor k − 1 (Bessel's correction).
CrossValidation cross_validate(const std::vector<Fold>& folds, const FoldScore& score) {
    if (folds.size() < 2)
        throw std::invalid_argument("cross_validate: needs at least 2 folds, got " + std::to_string(folds.size()));
    CrossValidation cv;
    for (const Fold& fold : folds) cv.scores.push_back(score(fold.train, fold.validation));
    const double k = static_cast<double>(cv.scores.size());
    cv.mean = std::accumulate(cv.scores.begin(), cv.scores.end(), 0.0) / k;
    double squares = 0.0;
    for (const double s : cv.scores) squares += (s - cv.mean) * (s - cv.mean);
    cv.stddev = std::sqrt(squares / (k - 1.0));
    return cv;
}

}  // namespace course::hyperparameter_search
