// Chapter 12 — why training is hard.
// Local minima on the six-hump camel, escape from a strict saddle, vanishing and exploding gradients
// through deep networks, initialization, gradient clipping, residual connections, and the checks that
// debug a run, and wider against deeper at one parameter count. Writes figures 18_local_minima.png …
// 23_diagnosing_curves.png and 66_width_depth.png.
// Run: make run CH=12 ARGS="--depth 20 --lr 0.05"
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/12_training_challenges/lecture.hpp"
#include "common/cli.hpp"
#include "common/random.hpp"
#include "common/say.hpp"

namespace tc = course::training_challenges;
using course::fmt;
using course::say;

namespace {

const course::Program kProgram{
    "12_training_challenges",
    "Chapter 12: local minima, saddle points, vanishing and exploding gradients, initialization, clipping, "
    "residual connections and debugging a run.",
    {course::Flag::integer("depth", 16, "layers of the deep network in the gradient study", 3, 60),
     course::Flag::integer("width", 32, "units per hidden layer", 2, 256),
     course::Flag::real("lr", 0.1, "learning rate of the training runs", 1e-5, 10.0),
     course::Flag::integer("steps", 1000, "SGD steps of each training run", 10, 100000)}};

const char* kind_name(tc::CriticalPoint kind) {
    switch (kind) {
        case tc::CriticalPoint::minimum: return "minimum";
        case tc::CriticalPoint::maximum: return "maximum";
        case tc::CriticalPoint::saddle: return "saddle";
        case tc::CriticalPoint::degenerate: return "degenerate";
    }
    return "?";
}

void local_minima_lesson(const course::Args& args) {
    say("1. Local minima. The six-hump camel f(x, y) = (4 − 2.1x² + x⁴/3)x² + xy + (−4 + 4y²)y² has six:");
    for (std::size_t i = 0; i < tc::kCamelMinima.size(); ++i) {
        const tc::Vec2 m = tc::kCamelMinima[i];
        const tc::Hessian2 h = tc::camel_hessian(m);
        const tc::Eigen2 e = tc::eigenvalues(h);
        say("   %zu: (%7.4f, %7.4f)  f = %-8.5g |∇f| = %-9.2g λ = %6.2f, %6.2f  → %s", i, m.x, m.y,
            tc::camel(m), std::hypot(tc::camel_gradient(m).x, tc::camel_gradient(m).y),
            e.min, e.max, kind_name(tc::classify_critical_point(h)));
    }
    const tc::DescentOptions gd{.lr = 0.01, .steps = args.quick() ? 600u : 1500u};
    const tc::BasinMap basins = tc::camel_basins(args.quick() ? 60 : 160, args.quick() ? 34 : 88, gd);
    std::vector<int> count(6, 0);
    for (const double b : basins.basin) ++count[static_cast<std::size_t>(b)];
    say("   Gradient descent (η = %.4g, %zu steps) from each start of a %d × %d grid reaches minimum 0 … 5 from",
        gd.lr, gd.steps, basins.nx, basins.ny);
    std::string shares;
    for (const int c : count) shares += fmt(100.0 * c / static_cast<double>(basins.basin.size()), 3) + "%  ";
    say("   %sof the starts: the basin decides, and %.3g%% miss the global minima.", shares.c_str(),
        100.0 * (1.0 - static_cast<double>(count[0] + count[1]) / static_cast<double>(basins.basin.size())));

    const std::vector<std::pair<std::string, tc::DescentOptions>> methods{
        {"plain GD", gd},
        {"heavy ball β = 0.9", {.lr = 0.01, .momentum = 0.9, .steps = gd.steps}},
        {"noisy SGD σ = 6", {.lr = 0.01, .noise = 6.0, .noise_steps = gd.steps / 2, .steps = gd.steps}}};
    const int starts = args.quick() ? 40 : 200;
    say("   From %d random starts in [−2, 2] × [−1.1, 1.1], the share that ends at a global minimum (f = −1.0316)", starts);
    say("   (noisy SGD: noise in the first half of the steps only):");
    for (const auto& [label, options] : methods) {
        course::Rng rng(args.seed());
        int global = 0;
        for (int s = 0; s < starts; ++s) {
            tc::DescentOptions run = options;
            run.seed = rng.next_u64();
            const tc::Vec2 start{rng.uniform(-2.0, 2.0), rng.uniform(-1.1, 1.1)};
            const tc::Path p = tc::descend_camel(start, run);
            global += tc::nearest_camel_minimum({p.x.back(), p.y.back()}) < 2;
        }
        say("   %s%5.1f%%", course::pad_right(label, 22).c_str(), 100.0 * global / starts);
    }
    std::vector<tc::NamedPath> paths;
    for (const auto& [label, options] : methods) paths.push_back({label, tc::descend_camel({1.9, 0.9}, options)});
    say("   From (1.9, 0.9): GD stops at minimum %zu, the heavy ball at %zu, noisy SGD wanders to %zu.",
        tc::nearest_camel_minimum({paths[0].path.x.back(), paths[0].path.y.back()}),
        tc::nearest_camel_minimum({paths[1].path.x.back(), paths[1].path.y.back()}),
        tc::nearest_camel_minimum({paths[2].path.x.back(), paths[2].path.y.back()}));
    const std::string path = args.out() + "/18_local_minima.png";
    tc::draw_local_minima_figure(basins, paths, path);
    say("   Wrote %s", path.c_str());
}

void saddle_lesson(const course::Args& args) {
    const tc::Hessian2 h{2.0, 0.0, -1.0};
    const tc::Eigen2 e = tc::eigenvalues(h);
    const double lr = 0.1, radius = 0.1;
    say("2. Saddle points. f(x, y) = x² + y⁴/4 − y²/2 has ∇f = 0 at the origin, H = diag(2, −1): λ = %.4g, %.4g → %s.",
        e.min, e.max, kind_name(tc::classify_critical_point(h)));
    say("   Along y each GD step multiplies y by 1 + η|λ_min| = %.4g: from y₀ = δ it needs ln(r/δ)/ln(1 + η|λ|) steps",
        1.0 + lr);
    say("   to reach |y| = r = %.4g. Predicted against measured (η = %.4g, from x₀ = 1):", radius,
        lr);
    std::vector<tc::EscapeCurve> curves;
    for (const double delta : {1e-2, 1e-4, 1e-6, 1e-8}) {
        const std::int64_t predicted = tc::predicted_escape_steps(lr, e.min, delta, radius);
        const tc::SaddleRun run = tc::descend_saddle({1.0, delta}, lr, 0.0, 250, radius, args.seed());
        say("   δ = %-6.4g predicted %4lld steps, measured %4lld", delta, static_cast<long long>(predicted),
            static_cast<long long>(run.escaped_at));
        tc::EscapeCurve curve{"δ = " + fmt(delta), run.distance, {}};
        for (std::size_t k = 0; k < run.distance.size(); ++k) curve.predicted.push_back(delta * std::pow(1.0 + lr, k));
        curves.push_back(std::move(curve));
    }
    say("   Each factor 100 in δ costs ln 100/ln 1.1 = %.3g steps more; the cubic term, 1%% of the linear one at r,",
        std::log(100.0) / std::log(1.1));
    say("   costs none.");
    const tc::SaddleRun still = tc::descend_saddle({1.0, 0.0}, lr, 0.0, 250, radius, args.seed());
    const tc::SaddleRun noisy = tc::descend_saddle({1.0, 0.0}, lr, 1e-6, 250, radius, args.seed());
    const tc::Vec2 end{still.path.x.back(), still.path.y.back()};
    say("   From (1, 0), on the stable manifold y = 0: after 250 steps (%.3g, %.4g), |∇f| = %.3g — it looks converged,",
        end.x, end.y, std::hypot(tc::saddle_gradient(end).x, tc::saddle_gradient(end).y));
    say("   but it sits on the saddle (f = 0, the minima have f = −0.25). Gradient noise of σ = 1e-6 escapes at step %lld.",
        static_cast<long long>(noisy.escaped_at));
    const std::vector<tc::NamedPath> paths{{"y₀ = 0 exactly", still.path},
                                           {"y₀ = 0, noise σ = 1e-6", noisy.path},
                                           {"y₀ = 1e-2", tc::descend_saddle({1.0, 1e-2}, lr, 0.0, 250, radius, 1).path}};
    const std::string path = args.out() + "/19_saddle_escape.png";
    tc::draw_saddle_figure(curves, paths, path);
    say("   Wrote %s", path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        local_minima_lesson(args);
        saddle_lesson(args);
        const std::size_t n = args.quick() ? 256 : 512;
        const tc::RingsData data = tc::make_rings(n, n, args.seed());
        tc::gradient_lesson(args, data);
        tc::initialization_lesson(args, data);
        tc::debugging_lesson(args, data);
        tc::width_depth_lesson(args, data);
    });
}
