// Chapter 02 — random search.
// Samples candidates uniformly in a box and keeps the best: first on a 2-D bowl, then on the course's
// four test functions with the same budget, then in growing dimension, where the chance of a lucky
// hit collapses like εᵈ. Writes no figure: chapter 03 draws random search against hill climbing.
// Run: make run CH=02 ARGS="--budget 5000"
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/02_random_search/random_search.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace rs = course::random_search;
using course::fmt;
using course::say;

namespace {

const course::Program kProgram{
    "02_random_search",
    "Chapter 02: random search on 2-D test functions, and why it fails in high dimension.",
    {course::Flag::integer("budget", 2000, "function evaluations per search", 1, 10000000),
     course::Flag::real("radius", 0.25, "what counts as a hit: distance to the optimum in the unit cube", 0.01, 1.0),
     course::Flag::integer("samples", 200000, "Monte Carlo samples per dimension in step 4", 100, 100000000)}};

double distance(const rs::Vector& a, const rs::Vector& b) {
    double squared = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) squared += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(squared);
}

// The best value after 1, 10, 100, … evaluations: read off the best-so-far curve.
void print_milestones(const rs::SearchResult& result) {
    for (std::size_t n = 1; n <= result.best_so_far.size(); n *= 10)
        say("   after %7zu evaluation%s best ℒ = %.4g", n, n == 1 ? ": " : "s:", result.best_so_far[n - 1]);
}

// The best-so-far curve averaged over many seeds against its expectation E[B_N] (exercise 2.6): on the bowl
// over [−4, 4]², d = 2 and the box's volume is 64.
void expected_against_measured(const rs::TestFunction& bowl, std::size_t budget, std::size_t runs,
                               std::uint64_t seed) {
    std::vector<double> mean(budget, 0.0);
    for (std::size_t r = 0; r < runs; ++r) {
        course::Rng rng(seed + r);
        const auto run = rs::random_search(bowl.value, bowl.bounds, {.budget = budget}, rng);
        for (std::size_t k = 0; k < budget; ++k) mean[k] += run.best_so_far[k] / static_cast<double>(runs);
    }
    say("   %9s %22s %23s", "N", "mean best, measured", "expected, 64/(π(N+1))");  // π is 2 bytes, 1 column
    for (std::size_t n = 1; n <= budget; n *= 10)
        say("   %9zu %22.4g %22.4g", n, mean[n - 1], rs::expected_best_loss(2, 64.0, n));
}

void compare_test_functions(std::size_t budget, std::uint64_t seed) {
    say("   %-16s %-12s %-14s %s", "function", "known min", "best found", "distance to the minimiser");
    for (const auto& f : {rs::bowl(), rs::elongated_bowl(), rs::rastrigin(), rs::himmelblau()}) {
        course::Rng rng(seed);
        const auto result = rs::random_search(f.value, f.bounds, {.budget = budget}, rng);
        const std::string where = f.name == "Himmelblau" ? "(one of four minima: found (" +
                                                               fmt(result.best_point[0], 3) + ", " +
                                                               fmt(result.best_point[1], 3) + "))"
                                                         : fmt(distance(result.best_point, f.minimizer), 3);
        say("   %-16s %-12.4g %-14.4g %s", f.name.c_str(), f.minimum, result.best_value,
            where.c_str());
    }
}

// A wait in seconds in the unit a person would use.
std::string duration(double seconds) {
    if (seconds < 120.0) return fmt(seconds, 2) + " seconds";
    if (seconds < 2 * 3600.0) return fmt(seconds / 60.0, 2) + " minutes";
    if (seconds < 2 * 86400.0) return fmt(seconds / 3600.0, 2) + " hours";
    if (seconds < 3.156e7) return fmt(seconds / 86400.0, 2) + " days";
    const double years = seconds / 3.156e7;
    if (years < 1e5) return std::to_string(std::lround(years)) + " years";
    return fmt(years, 2) + " years";
}

// Hit probability p per sample, its Monte Carlo check, the expected evaluations 1/p until the first
// hit, and what a fixed budget of random search achieves on the d-dimensional sphere.
void curse_of_dimensionality(double radius, std::size_t samples, std::size_t budget, std::uint64_t seed) {
    say("   %4s %14s %14s %20s %24s", "d", "p (formula)", "p (sampled)", "evaluations ≈ 1/p",
        "best ℒ after budget");
    course::Rng rng(seed);
    for (std::size_t d : {1, 2, 3, 5, 10, 20}) {
        const double p = rs::ball_fraction(d, radius);
        const double sampled = rs::hit_fraction(d, radius, samples, rng);
        const auto f = rs::sphere(d);
        const auto result = rs::random_search(f.value, f.bounds, {.budget = budget}, rng);
        say("   %4zu %14.3g %14.3g %18.3g %22.3g", d, p, sampled, 1.0 / p,
            result.best_value);
    }
}

// 1-2. One random search on the bowl, its best-so-far curve, and the expected best of N samples.
void bowl_lesson(std::size_t budget, std::size_t runs, std::uint64_t seed) {
    say("1. Random search: draw θ uniformly in a box, evaluate ℒ(θ), keep the best; repeat %zu times.", budget);
    const auto bowl = rs::bowl();
    course::Rng rng(seed);
    const auto result = rs::random_search(bowl.value, bowl.bounds, {.budget = budget}, rng);
    say("   On the bowl ℒ = (x − 1)² + (y + 0.5)² over [−4, 4]² (seed %llu): best θ = (%.4g, %.4g), ℒ = %.4g,",
        static_cast<unsigned long long>(seed), result.best_point[0], result.best_point[1], result.best_value);
    say("   %.3g from the minimiser (1, −0.5), found with %zu evaluations and no gradient.",
        distance(result.best_point, bowl.minimizer), result.evaluations);

    say("2. The best-so-far curve only goes down, and ever more slowly: in d dimensions the best of N samples");
    say("   lies about N^(−1/d) from the optimum, so each extra digit of ℒ costs 10^(d/2) times more evaluations.");
    print_milestones(result);
    say("   One run is luck; the average over %zu seeds (%llu …) follows the expected best of N samples,", runs,
        static_cast<unsigned long long>(seed));
    say("   E[B_N] = ∫ P(all N samples above t) dt, which on this bowl is 64/(π(N + 1)):");
    expected_against_measured(bowl, budget, runs, seed);
    say("   At N = 1 the formula undershoots: it counts a disc of radius √t that has long left the box. By");
    say("   N = 10 the best sample lies so close to the minimum that the box's edge no longer matters.");
}

// 4. The chance of one sample landing near the centre of [−1, 1]^d, measured and exact.
void dimension_lesson(double radius, std::size_t samples, std::size_t budget, std::uint64_t seed) {
    say("4. The curse of dimensionality: the chance p that one sample of [−1, 1]^d lands within %.4g of the", radius);
    say("   centre is the volume of a d-ball over that of the cube, π^(d/2) r^d / Γ(d/2 + 1) / 2^d.");
    curse_of_dimensionality(radius, samples, budget, seed);
    const double wait = 1.0 / rs::ball_fraction(20, radius);
    say("   (A sampled 0 means not one of the %zu samples hit.)", samples);
    say("   p falls faster than exponentially: at d = 20 the expected wait is %.3g evaluations, %s", wait,
        duration(wait / 1e9).c_str());
    say("   at a billion evaluations a second. The network of chapter 06 has 33,482 dimensions.");
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const auto budget = static_cast<std::size_t>(args.quick() ? 300 : args.integer("budget"));
        const auto samples = static_cast<std::size_t>(args.quick() ? 20000 : args.integer("samples"));
        bowl_lesson(budget, args.quick() ? 40 : 200, args.seed());

        say("3. The same budget on every test function of chapters 02–04 (each search from seed %llu):",
            static_cast<unsigned long long>(args.seed()));
        compare_test_functions(budget, args.seed());
        say("   Rastrigin's 120 local minima do not bother it: random search never gets stuck, it only");
        say("   runs out of luck. Himmelblau's four minima are all equally good, and it finds one of them.");

        dimension_lesson(args.real("radius"), samples, budget, args.seed());

        say("5. When to use it: few parameters (≲ 5), a loss that is cheap, noisy, discontinuous or has no");
        say("   gradient, or as the honest baseline every smarter method must beat (hyperparameter search,");
        say("   chapter 17 is random search at heart). Chapter 03 spends the same budget more cleverly.");
    });
}
