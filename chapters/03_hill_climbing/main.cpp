// Chapter 03 — hill climbing.
// Local search with neighbour proposals, accept-if-better, step-size decay and restarts, run against
// chapter 02's random search with the same budget of function evaluations on a smooth bowl and on the
// multimodal Rastrigin function. Writes 02_random_vs_hillclimbing.png.
// Run: make run CH=03 ARGS="--step 1.0 --budget 3000"
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/03_hill_climbing/hill_climbing.hpp"
#include "common/cli.hpp"
#include "common/errors.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace hc = course::hill_climbing;
namespace rs = course::random_search;
namespace plot = course::plot;
using course::say;

namespace {

const course::Program kProgram{
    "03_hill_climbing",
    "Chapter 03: hill climbing against random search, same problems, same budget of evaluations.",
    {course::Flag::integer("budget", 1500, "function evaluations per run", 10, 1000000),
     course::Flag::real("step", 0.5, "initial step size σ of the neighbour proposals", 1e-4, 10.0),
     course::Flag::real("decay", 0.5, "step ← step·decay after `patience` rejections in a row", 0.01, 0.99),
     course::Flag::integer("patience", 20, "rejections in a row before the step shrinks", 1, 10000),
     course::Flag::point("start", "-3,3", "where the first climb starts, x,y", -4.0, 4.0),
     course::Flag::integer("seeds", 10, "runs per method for the best-so-far bands", 1, 200),
     course::Flag::real("t-start", 20.0, "simulated annealing's first temperature", 1e-6, 1e6),
     course::Flag::real("t-end", 0.01, "simulated annealing's last temperature (≤ --t-start)", 1e-9, 1e6)}};

// Both methods on one problem, over several seeds: the runs of the first seed (drawn as paths) and the
// bands of all best-so-far curves.
struct Duel {
    rs::TestFunction problem;
    rs::SearchResult random_run, climb_run;
    hc::Band random_band, climb_band;
    std::vector<double> random_finals, climb_finals;
};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const std::size_t n = v.size();
    return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

Duel run_duel(const rs::TestFunction& problem, const hc::HillClimbOptions& options, std::size_t seeds,
              std::uint64_t seed) {
    Duel duel{problem, {}, {}, {}, {}, {}, {}};
    std::vector<std::vector<double>> random_curves, climb_curves;
    for (std::size_t s = 0; s < seeds; ++s) {
        course::Rng random_rng(seed + s), climb_rng(seed + s);
        auto random_run = rs::random_search(problem.value, problem.bounds, {.budget = options.budget}, random_rng);
        auto climb_run = hc::hill_climb(problem.value, problem.bounds, options, climb_rng);
        random_curves.push_back(random_run.best_so_far);
        climb_curves.push_back(climb_run.best_so_far);
        duel.random_finals.push_back(random_run.best_value);
        duel.climb_finals.push_back(climb_run.best_value);
        if (s == 0) duel.random_run = std::move(random_run), duel.climb_run = std::move(climb_run);
    }
    duel.random_band = hc::percentile_band(random_curves);
    duel.climb_band = hc::percentile_band(climb_curves);
    return duel;
}

// The median final best of simulated annealing over the same seeds as run_duel (the first from the start).
double median_annealed(const rs::TestFunction& problem, const hc::AnnealingOptions& options, std::size_t seeds,
                       std::uint64_t seed) {
    std::vector<double> finals;
    for (std::size_t s = 0; s < seeds; ++s) {
        course::Rng rng(seed + s);
        finals.push_back(hc::simulated_annealing(problem.value, problem.bounds, options, rng).best_value);
    }
    return median(finals);
}

std::vector<double> coordinate(const std::vector<rs::Vector>& path, std::size_t i) {
    std::vector<double> out;
    for (const auto& p : path) out.push_back(p[i]);
    return out;
}

// Left: the contour map with the first seed's trails — random search's successive best points and the
// first few climbs. Right: best-so-far against evaluations, median and interquartile band over seeds.
void draw_duel(plot::Figure& fig, int row, const Duel& duel, std::size_t seeds) {
    const auto& f = duel.problem;
    auto& map = fig.subplot(row, 0);
    const auto grid = plot::sample([&](double x, double y) { return f.value({x, y}); }, f.bounds.lower[0],
                                   f.bounds.upper[0], f.bounds.lower[1], f.bounds.upper[1], 161, 161);
    map.contourf(grid, {.n_levels = 14}).colorbar("ℒ(x, y)");
    map.contour(grid, {.n_levels = 14, .color = plot::colors::white, .width = 0.6, .alpha = 0.5});
    const auto& trail = duel.random_run.paths.front();
    map.plot(coordinate(trail, 0), coordinate(trail, 1),
             {.color = plot::colors::orange, .width = 1.0, .style = plot::LineStyle::dashed,
              .label = "random search: each new best", .marker = plot::Marker::circle, .marker_size = 6});
    const std::size_t climbs = std::min<std::size_t>(duel.climb_run.paths.size(), 4);
    std::vector<double> start_x, start_y;
    for (std::size_t c = 0; c < climbs; ++c) {
        const auto& path = duel.climb_run.paths[c];
        map.plot(coordinate(path, 0), coordinate(path, 1),
                 {.color = plot::colors::red, .width = 1.8,
                  .label = c == 0 ? "hill climbing: first " + std::to_string(climbs) + " climbs" : ""});
        start_x.push_back(path.front()[0]);
        start_y.push_back(path.front()[1]);
    }
    map.scatter(start_x, start_y, {.color = plot::colors::red, .size = 9, .marker = plot::Marker::square,
                                   .label = "start of a climb", .alpha = 1.0, .edge_color = plot::colors::white});
    map.marker(f.minimizer[0], f.minimizer[1], {.color = plot::colors::white, .label = "global minimum"});
    map.xlim(f.bounds.lower[0], f.bounds.upper[0]).ylim(f.bounds.lower[1], f.bounds.upper[1]).aspect_equal();
    map.title(f.name + ": the trails of one seed").xlabel("x").ylabel("y").legend();

    auto& curve = fig.subplot(row, 1);
    std::vector<double> evaluations(duel.random_band.median.size());
    for (std::size_t k = 0; k < evaluations.size(); ++k) evaluations[k] = static_cast<double>(k + 1);
    const std::string over = " (median, " + std::to_string(seeds) + " seeds)";
    curve.fill_between(evaluations, duel.random_band.lower, duel.random_band.upper, {.color = plot::colors::orange});
    curve.plot(evaluations, duel.random_band.median, {.color = plot::colors::orange, .label = "random search" + over});
    curve.fill_between(evaluations, duel.climb_band.lower, duel.climb_band.upper, {.color = plot::colors::red});
    curve.plot(evaluations, duel.climb_band.median, {.color = plot::colors::red, .label = "hill climbing" + over});
    if (f.name == "bowl") {
        // The best of N uniform samples: P(ℒ ≤ t) = πt/64 for one sample (a disc of area πt in a box of
        // area 64), so E[min] = ∫ (1 − πt/64)ᴺ dt = 64/(π(N + 1)): chapter 02's exercise 2.6 with d = 2.
        std::vector<double> theory;
        for (std::size_t n = 1; n <= evaluations.size(); ++n) theory.push_back(rs::expected_best_loss(2, 64.0, n));
        curve.plot(evaluations, theory, {.color = plot::colors::dark_gray, .width = 1.2, .style = plot::LineStyle::dashed,
                                         .label = "random search, theory: 64/(π(N + 1))"});
    }
    curve.xscale(plot::Scale::log).yscale(plot::Scale::log).grid();
    curve.title(f.name + ": best loss so far, 25–75% band").xlabel("function evaluations").ylabel("best ℒ so far");
    curve.legend();
}

// 1. Hill climbing against random search on the bowl, one run of each.
void bowl_lesson(const hc::HillClimbOptions& options, std::uint64_t seed) {
    const std::vector<double>& start = *options.start;  // main always sets it
    say("1. Hill climbing on the bowl ℒ = (x − 1)² + (y + 0.5)², from (%.4g, %.4g) with step σ = %.4g:",
        start[0], start[1], options.step_size);
    say("   propose θ' = θ + σ·z with z ~ N(0, I); move if ℒ(θ') < ℒ(θ); after %zu misses in a row σ ← %.4g·σ;",
        options.patience, options.step_decay);
    say("   when σ < %.4g the climb has converged and restarts from a random point.", options.min_step);
    const auto bowl = rs::bowl();
    course::Rng rng(seed);
    const auto climb = hc::hill_climb(bowl.value, bowl.bounds, options, rng);
    course::Rng random_rng(seed);
    const auto random = rs::random_search(bowl.value, bowl.bounds, {.budget = options.budget}, random_rng);
    say("   %zu evaluations, %zu climbs: best ℒ = %.4g at (%.6g, %.6g).", climb.evaluations, climb.paths.size(),
        climb.best_value, climb.best_point[0], climb.best_point[1]);
    say("   Random search with the same budget and seed: ℒ = %.4g.", random.best_value);
    say("   Each accepted step shrinks the distance by a fixed fraction, so the error falls geometrically;");
    say("   random search's best of N samples only improves like 1/N in 2-D.");
}

// 2. Rastrigin: one climb gets stuck, restarts help, annealing walks from valley to valley.
void rastrigin_lesson(const hc::HillClimbOptions& options, const hc::AnnealingOptions& anneal, std::uint64_t seed) {
    const std::vector<double>& start = *options.start;  // main always sets it
    say("2. Rastrigin, 10·2 + Σ (θᵢ² − 10 cos 2πθᵢ): a local minimum near every integer point.");
    const auto rastrigin = rs::rastrigin();
    auto once = options;
    once.restarts = false;
    course::Rng stuck_rng(seed);
    const auto stuck = hc::hill_climb(rastrigin.value, rastrigin.bounds, once, stuck_rng);
    say("   One climb from (%.4g, %.4g) stops after %zu evaluations at (%.3g, %.3g), ℒ = %.4g: stuck in its valley.",
        start[0], start[1], stuck.evaluations, stuck.best_point[0], stuck.best_point[1], stuck.best_value);
    course::Rng restart_rng(seed);
    const auto restarted = hc::hill_climb(rastrigin.value, rastrigin.bounds, options, restart_rng);
    say("   With restarts, the same %zu evaluations make %zu climbs and reach ℒ = %.4g at (%.3g, %.3g).",
        options.budget, restarted.paths.size(), restarted.best_value, restarted.best_point[0], restarted.best_point[1]);
    course::Rng anneal_rng(seed);
    const auto annealed = hc::simulated_annealing(rastrigin.value, rastrigin.bounds, anneal, anneal_rng);
    say("   Simulated annealing instead accepts an uphill step Δ with probability exp(−Δ/T) while the");
    say("   temperature T cools geometrically from %.4g to %.4g: one walker from (%.4g, %.4g), the same %zu evaluations,",
        anneal.t_start, anneal.t_end, start[0], start[1], options.budget);
    say("   %zu accepted moves, best ℒ = %.4g at (%.3g, %.3g).", annealed.paths.front().size() - 1,
        annealed.best_value, annealed.best_point[0], annealed.best_point[1]);
}

// 3. The three methods over many seeds on both problems, and figure 02.
void duel_lesson(const hc::HillClimbOptions& options, const hc::AnnealingOptions& anneal, std::size_t seeds,
                 std::uint64_t seed, const std::string& out) {
    say("3. Each method, %zu seeds, %zu evaluations per run (seeds %llu …): median final best ℒ",
        seeds, options.budget, static_cast<unsigned long long>(seed));
    const Duel on_bowl = run_duel(rs::bowl(), options, seeds, seed);
    const Duel on_rastrigin = run_duel(rs::rastrigin(), options, seeds, seed);
    say("   %-12s %16s %16s %20s", "problem", "random search", "hill climbing", "simulated annealing");
    for (const Duel* duel : {&on_bowl, &on_rastrigin})
        say("   %-12s %16.3g %16.3g %20.3g", duel->problem.name.c_str(), median(duel->random_finals),
            median(duel->climb_finals), median_annealed(duel->problem, anneal, seeds, seed));
    say("   On the bowl local search wins by orders of magnitude. On Rastrigin each climb ends in whichever");
    say("   valley it started in, so hill climbing with restarts is random search over valleys: better,");
    say("   but no longer by much. Annealing's uphill moves let one walker cross from valley to valley and");
    say("   settle in a deep one, but its fixed step σ leaves it short of a climber's polish on the bowl.");
    say("   Gradient descent (chapter 04) is the local method that scales.");

    const std::string path = out + "/02_random_vs_hillclimbing.png";
    plot::Figure fig(1300, 1120, 2, 2);
    fig.suptitle("Random search against hill climbing, " + std::to_string(options.budget) +
                 " function evaluations per run");
    draw_duel(fig, 0, on_bowl, seeds);
    draw_duel(fig, 1, on_rastrigin, seeds);
    fig.save(path);
    say("4. Wrote %s", path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const auto start = args.point("start");
        if (start.size() != 2) throw course::UsageError("--start: expected two coordinates x,y, e.g. --start=-3,3");
        const hc::HillClimbOptions options{.budget = static_cast<std::size_t>(args.quick() ? 400 : args.integer("budget")),
                                           .step_size = args.real("step"),
                                           .step_decay = args.real("decay"),
                                           .patience = static_cast<std::size_t>(args.integer("patience")),
                                           .start = start};
        const hc::AnnealingOptions anneal{.budget = options.budget, .step_size = options.step_size,
                                          .t_start = args.real("t-start"), .t_end = args.real("t-end"),
                                          .start = start};
        const auto seeds = static_cast<std::size_t>(args.quick() ? 5 : args.integer("seeds"));
        bowl_lesson(options, args.seed());
        rastrigin_lesson(options, anneal, args.seed());
        duel_lesson(options, anneal, seeds, args.seed(), args.out());
    });
}
