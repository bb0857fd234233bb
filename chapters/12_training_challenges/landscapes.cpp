// Chapter 12, given code: descents on two landscapes — the six-hump camel (many minima) and a strict
// saddle. Both run on the student's camel_gradient (exercise 12.1) or on the saddle's own gradient.
#include <cmath>
#include <cstdint>
#include <limits>

#include "chapters/12_training_challenges/lecture.hpp"
#include "common/random.hpp"

namespace course::training_challenges {

std::size_t nearest_camel_minimum(Vec2 p) {
    std::size_t best = 0;
    double best_distance = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < kCamelMinima.size(); ++i) {
        const double d = std::hypot(p.x - kCamelMinima[i].x, p.y - kCamelMinima[i].y);
        if (d < best_distance) best_distance = d, best = i;
    }
    return best;
}

Path descend_camel(Vec2 start, const DescentOptions& options) {
    Rng rng(options.seed);
    Path path;
    path.x.reserve(options.steps + 1);
    path.y.reserve(options.steps + 1);
    Vec2 p = start, buffer{};
    path.x.push_back(p.x);
    path.y.push_back(p.y);
    for (std::size_t k = 0; k < options.steps; ++k) {
        Vec2 g = camel_gradient(p);
        if (options.noise > 0.0 && k < options.noise_steps) g.x += rng.normal(0.0, options.noise), g.y += rng.normal(0.0, options.noise);
        if (options.momentum > 0.0) {
            buffer = k == 0 ? g : Vec2{options.momentum * buffer.x + g.x, options.momentum * buffer.y + g.y};
            g = buffer;
        }
        p = {p.x - options.lr * g.x, p.y - options.lr * g.y};
        path.x.push_back(p.x);
        path.y.push_back(p.y);
    }
    return path;
}

BasinMap camel_basins(int nx, int ny, const DescentOptions& options) {
    BasinMap map{.nx = nx, .ny = ny};
    for (int j = 0; j < ny; ++j)
        for (int i = 0; i < nx; ++i) {
            const Vec2 start{map.x0 + (map.x1 - map.x0) * i / (nx - 1), map.y0 + (map.y1 - map.y0) * j / (ny - 1)};
            Vec2 p = start;
            for (std::size_t k = 0; k < options.steps; ++k) {
                const Vec2 g = camel_gradient(p);
                p = {p.x - options.lr * g.x, p.y - options.lr * g.y};
            }
            map.basin.push_back(static_cast<double>(nearest_camel_minimum(p)));
        }
    return map;
}

double saddle(Vec2 p) { return p.x * p.x + p.y * p.y * p.y * p.y / 4.0 - p.y * p.y / 2.0; }

Vec2 saddle_gradient(Vec2 p) { return {2.0 * p.x, p.y * p.y * p.y - p.y}; }

SaddleRun descend_saddle(Vec2 start, double lr, double noise, std::size_t steps, double radius, std::uint64_t seed) {
    Rng rng(seed);
    SaddleRun run;
    Vec2 p = start;
    for (std::size_t k = 0;; ++k) {
        run.path.x.push_back(p.x);
        run.path.y.push_back(p.y);
        run.distance.push_back(std::abs(p.y));
        if (run.escaped_at < 0 && std::abs(p.y) >= radius) run.escaped_at = static_cast<std::int64_t>(k);
        if (k == steps) break;
        Vec2 g = saddle_gradient(p);
        if (noise > 0.0) g.x += rng.normal(0.0, noise), g.y += rng.normal(0.0, noise);
        p = {p.x - lr * g.x, p.y - lr * g.y};
    }
    return run;
}

}  // namespace course::training_challenges
