// Given: gradient descent with noisy gradients on f(x) = x² under a schedule (see lecture.hpp).
#include <cstdint>

#include "chapters/11_learning_rate_schedules/lecture.hpp"
#include "common/random.hpp"

namespace course::learning_rate_schedules {

ParabolaRun run_noisy_parabola(const std::string& label, const Schedule& schedule, double base_lr,
                               const NoisyParabola& problem) {
    validate(schedule);
    ParabolaRun run{label, {}, {problem.x0 * problem.x0}, {problem.x0}};
    Rng rng(problem.seed);
    double mean_square = problem.x0 * problem.x0, x = problem.x0;
    for (std::size_t t = 0; t < problem.steps; ++t) {
        const double lr = scheduled_lr(schedule, base_lr, static_cast<std::int64_t>(t));
        const double shrink = 1.0 - 2.0 * lr;
        mean_square = shrink * shrink * mean_square + lr * lr * problem.sigma * problem.sigma;
        x -= lr * (2.0 * x + problem.sigma * rng.normal());
        run.lr.push_back(lr);
        run.mean_square.push_back(mean_square);
        run.sample.push_back(x);
    }
    return run;
}

// m = (1 − 2η)²m + η²σ²  ⇒  m·(1 − (1 − 2η)²) = η²σ²  ⇒  m = η²σ²/(4η − 4η²) = ησ²/(4(1 − η)).
double noise_floor(double lr, double sigma) {
    return lr * sigma * sigma / (4.0 * (1.0 - lr));
}

}  // namespace course::learning_rate_schedules
