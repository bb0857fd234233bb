// Given: the loops that run an optimizer on a test function, the CSV of a run, and the theory of
// momentum on a quadratic.
#include "chapters/10_optimizers/runs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "common/errors.hpp"
#include "common/random.hpp"

namespace course::optimizers {

Trajectory run_on_function(const TestFunction& function, Optimizer& optimizer, Point start,
                           const RunOptions& options) {
    Matrix theta = Matrix::row({start.x, start.y});
    Matrix dtheta(1, 2);
    const ParameterList params{{&theta, &dtheta}};
    Rng rng(options.seed);
    Trajectory run;
    run.x.reserve(options.steps + 1), run.y.reserve(options.steps + 1), run.f.reserve(options.steps + 1);
    run.x.push_back(start.x), run.y.push_back(start.y), run.f.push_back(function.value(start.x, start.y));
    for (std::size_t step = 1; step <= options.steps; ++step) {
        const Point g = function.gradient(theta(0, 0), theta(0, 1));
        dtheta(0, 0) = g.x;
        dtheta(0, 1) = g.y;
        if (options.grad_noise > 0.0) {
            dtheta(0, 0) += rng.normal(0.0, options.grad_noise);
            dtheta(0, 1) += rng.normal(0.0, options.grad_noise);
        }
        optimizer.step(params);
        const double x = theta(0, 0), y = theta(0, 1), f = function.value(x, y);
        if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(f)) {
            run.diverged_at = step;
            break;
        }
        run.x.push_back(x), run.y.push_back(y), run.f.push_back(f);
        if (f <= options.stop_at) break;
    }
    return run;
}

std::vector<double> run_on_parabola(Optimizer& optimizer, double x0, const RunOptions& options) {
    Matrix x(1, 1, x0), dx(1, 1);
    const ParameterList params{{&x, &dx}};
    Rng rng(options.seed);
    std::vector<double> path{x0};
    for (std::size_t step = 1; step <= options.steps && std::isfinite(x(0, 0)); ++step) {
        dx(0, 0) = 2.0 * x(0, 0) + (options.grad_noise > 0.0 ? rng.normal(0.0, options.grad_noise) : 0.0);
        optimizer.step(params);
        path.push_back(x(0, 0));
    }
    return path;
}

std::size_t steps_to_reach(const Trajectory& run, double target) {
    for (std::size_t k = 0; k < run.f.size(); ++k)
        if (run.f[k] <= target) return k;
    return never;
}

void write_trajectory_csv(const Trajectory& run, const std::string& path) {
    std::ofstream out(path);
    if (!out) throw RuntimeFailure("cannot write the trajectory to '" + path + "' (does its folder exist?)");
    out << "step,x,y,f\n";
    char line[128];
    for (std::size_t k = 0; k < run.x.size(); ++k) {
        std::snprintf(line, sizeof line, "%zu,%.17g,%.17g,%.17g\n", k, run.x[k], run.y[k], run.f[k]);
        out << line;
    }
    if (!out.flush()) throw RuntimeFailure("writing the trajectory to '" + path + "' failed");
}

// ---- the theory of momentum on a quadratic ---------------------------------------------------------------

double gd_rate(double lr, double lambda_min, double lambda_max) {
    return std::max(std::abs(1.0 - lr * lambda_min), std::abs(1.0 - lr * lambda_max));
}

// The envelope of ‖θ‖: the largest norm over `window` steps starting at k. In the oscillating regime
// ‖θₖ‖ itself swings through near-zero values, so the ratio of two single norms would be noise.
double measured_rate(Optimizer& optimizer, const std::vector<double>& curvatures, std::size_t begin,
                     std::size_t end) {
    constexpr std::size_t window = 60;
    Matrix theta(1, curvatures.size(), 1.0), dtheta(1, curvatures.size());
    const ParameterList params{{&theta, &dtheta}};
    std::vector<double> norms{norm(theta)};
    for (std::size_t step = 1; step < end + window; ++step) {
        for (std::size_t i = 0; i < curvatures.size(); ++i) dtheta(0, i) = curvatures[i] * theta(0, i);
        optimizer.step(params);
        norms.push_back(norm(theta));
    }
    const auto envelope = [&norms](std::size_t k) {
        return *std::max_element(norms.begin() + static_cast<std::ptrdiff_t>(k),
                                 norms.begin() + static_cast<std::ptrdiff_t>(k + window));
    };
    return std::pow(envelope(end) / envelope(begin), 1.0 / static_cast<double>(end - begin));
}

}  // namespace course::optimizers
