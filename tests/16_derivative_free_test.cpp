// Tests that grade chapter 16. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter16…
// suites test the given code and pass on the stubs too.
//
// What the exercises are compared with, never with a copy of the solution:
//   8. hand-computed kernels and a textbook Cholesky factor, and L·Lᵀ = A on random SPD matrices;
//   9. the GP posterior written out by hand for one and two observations (a 2×2 inverse);
//   10. expected improvement integrated numerically (Simpson) from its definition;
//   11. the loop replayed with the given pieces, and the published minimum of the Forrester function.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "chapters/16_derivative_free/lecture.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace df = course::derivative_free;
using course::Matrix;
using course::teach::near;
using course::teach::show;
using df::Vector;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The Forrester et al. (2008) test function on [0, 1]: f(x) = (6x − 2)² sin(12x − 4), one global minimum
// f(0.757249) = −6.020740 beside a local one near x = 0.14.
double forrester(const Vector& x) { return std::pow(6.0 * x[0] - 2.0, 2) * std::sin(12.0 * x[0] - 4.0); }
constexpr double kForresterMinimum = -6.020740055;

}  // namespace

namespace {

// Rastrigin in n dimensions: 10n + Σ (xᵢ² − 10 cos 2πxᵢ), global minimum 0 at the origin.
double rastrigin(const Vector& x) {
    double total = 10.0 * static_cast<double>(x.size());
    for (const double xi : x) total += xi * xi - 10.0 * std::cos(2.0 * std::numbers::pi * xi);
    return total;
}

double rosenbrock(const Vector& x) { return 100.0 * std::pow(x[1] - x[0] * x[0], 2) + std::pow(1.0 - x[0], 2); }

double sphere(const Vector& x) {
    double total = 0.0;
    for (const double xi : x) total += xi * xi;
    return total;
}

std::string point(const Vector& x) {
    std::string s = "(";
    for (std::size_t i = 0; i < x.size(); ++i) s += (i ? ", " : "") + show(x[i]);
    return s + ")";
}

}  // namespace

// ==== 16.1 Tournament selection ===============================================================================

TEST(Ex1601Tournament, ReturnsTheBestOfTheDrawnContestants) {
    const Vector fitness{3, 1, 4, 1, 5, 9, 2, 6};
    course::Rng rng(5), replay(5);
    for (int call = 0; call < 200; ++call) {
        const std::size_t k = 1 + static_cast<std::size_t>(call % 4);
        std::size_t want = replay.index(fitness.size());
        for (std::size_t i = 1; i < k; ++i) {
            const std::size_t c = replay.index(fitness.size());
            if (fitness[c] < fitness[want]) want = c;
        }
        const std::size_t got = df::tournament_select(fitness, k, rng);
        ASSERT_EQ(got, want) << "call " << call << ", k = " << k << ", fitness {3, 1, 4, 1, 5, 9, 2, 6}: the winner of k "
                             << "draws rng.index(8) (lowest fitness wins, the first drawn of equals; k draws, not k + 1)";
    }
}

TEST(Ex1601Tournament, WinningOddsFollowTheOrderStatistics) {
    // With n distinct values, the r-th best wins a k-tournament with probability ((n − r + 1)ᵏ − (n − r)ᵏ)/nᵏ.
    const Vector fitness{7, 2, 9, 4, 0, 5, 8, 1, 6, 3};  // rank r holds value r − 1
    const double n = 10.0, k = 3.0;
    const int draws = 100000;
    course::Rng rng(11);
    std::vector<int> wins(10, 0);
    for (int i = 0; i < draws; ++i) ++wins[static_cast<std::size_t>(fitness[df::tournament_select(fitness, 3, rng)])];
    for (int r = 1; r <= 10; ++r) {
        const double p = (std::pow(n - r + 1, k) - std::pow(n - r, k)) / std::pow(n, k);
        const double got = wins[static_cast<std::size_t>(r - 1)] / static_cast<double>(draws);
        EXPECT_TRUE(near(got, p, 5.0 * std::sqrt(p * (1 - p) / draws) + 1e-4,
                         "share of 3-tournaments won by rank " + std::to_string(r) + " of 10 (did the highest win?)"));
    }
}

TEST(Ex1601Tournament, RejectsEmptyInput) {
    course::Rng rng(1);
    EXPECT_THROW(df::tournament_select({}, 2, rng), std::invalid_argument) << "no fitness values";
    EXPECT_THROW(df::tournament_select({1.0, 2.0}, 0, rng), std::invalid_argument) << "k = 0";
}

// ==== 16.2 Crossover and mutation =============================================================================

TEST(Ex1602Variation, UniformCrossoverSwapsGenesOnACoinFlipEach) {
    const Vector a{1, 2, 3, 4, 5, 6}, b{-1, -2, -3, -4, -5, -6};
    course::Rng rng(3), replay(3);
    for (int trial = 0; trial < 50; ++trial) {
        const auto [c1, c2] = df::uniform_crossover(a, b, rng);
        ASSERT_EQ(c1.size(), a.size()) << "child 1's length";
        ASSERT_EQ(c2.size(), a.size()) << "child 2's length";
        for (std::size_t i = 0; i < a.size(); ++i) {
            const bool swap = replay.uniform() < 0.5;
            EXPECT_EQ(c1[i], swap ? b[i] : a[i]) << "trial " << trial << ", gene " << i << ": child 1 takes b's gene "
                                                 << "exactly when that gene's uniform() < 0.5";
            EXPECT_EQ(c2[i], swap ? a[i] : b[i]) << "trial " << trial << ", gene " << i << ": child 2 gets the other one";
        }
    }
    EXPECT_THROW(df::uniform_crossover({1.0}, {1.0, 2.0}, rng), std::invalid_argument) << "parents of lengths 1 and 2";
}

TEST(Ex1602Variation, MutationStepsScaleWithEachCoordinatesWidth) {
    const df::Box box{{-50.0, 0.0}, {50.0, 1.0}};  // widths 100 and 1
    course::Rng rng(4);
    const int trials = 20000;
    double sum_sq0 = 0.0, sum_sq1 = 0.0;
    int moved = 0;
    for (int t = 0; t < trials; ++t) {
        const Vector x = df::gaussian_mutation({0.0, 0.5}, box, 0.3, 0.01, rng);
        sum_sq0 += x[0] * x[0];
        sum_sq1 += (x[1] - 0.5) * (x[1] - 0.5);
        moved += x[0] != 0.0;
    }
    // Each gene moves with probability 0.3 by N(0, (0.01·width)²): variance 0.3·(0.01·width)².
    EXPECT_TRUE(near(sum_sq0 / trials, 0.3 * 1.0, 0.05, "mean squared step of gene 0 (width 100, σ = 1, rate 0.3)"));
    EXPECT_TRUE(near(sum_sq1 / trials, 0.3 * 1e-4, 0.05e-4, "mean squared step of gene 1 (width 1, σ = 0.01, rate 0.3)"));
    EXPECT_TRUE(near(moved / static_cast<double>(trials), 0.3, 0.015, "share of genes mutated at rate 0.3"));
}

TEST(Ex1602Variation, MutationDrawsInTheStatedOrderAndClampsIntoTheBox) {
    const df::Box box{{-1.0, -1.0, -1.0}, {1.0, 1.0, 1.0}};
    course::Rng rng(9), replay(9);
    for (int t = 0; t < 40; ++t) {
        const Vector x0{0.9, -0.95, 0.2};
        const Vector got = df::gaussian_mutation(x0, box, 0.5, 0.2, rng);
        Vector want = x0;
        for (std::size_t i = 0; i < 3; ++i) {
            if (replay.uniform() < 0.5) want[i] += replay.normal(0.0, 0.2 * 2.0);
            want[i] = std::clamp(want[i], -1.0, 1.0);
        }
        ASSERT_TRUE(course::teach::vectors_near(got, want, 1e-15,
                                                "mutation " + std::to_string(t) + " of (0.9, −0.95, 0.2) in [−1, 1]³, rate 0.5, "
                                                "scale 0.2: per gene one uniform(), then normal(0, 0.2·2) if below the "
                                                "rate, then clamp"));
    }
    const Vector outside = df::gaussian_mutation({3.0, -7.0, 0.0}, box, 0.0, 0.2, rng);
    EXPECT_TRUE(course::teach::vectors_near(outside, {1.0, -1.0, 0.0}, 0.0,
                                            "rate 0 still clamps: (3, −7, 0) into [−1, 1]³"));
    EXPECT_THROW(df::gaussian_mutation({0.0}, box, 0.5, 0.1, rng), std::invalid_argument) << "a 1-D point in a 3-D box";
}

// ==== 16.3 The genetic algorithm ==============================================================================
// Every 16.3 test also runs your 16.1 and 16.2 (the GA selects, crosses and mutates with them).

TEST(Ex1603GeneticAlgorithm, KeepsTheBookkeepingAndCountsEveryEvaluation) {
    const df::Box box{{-5.12, -5.12}, {5.12, 5.12}};
    std::size_t calls = 0;
    auto f = [&](const Vector& x) {
        ++calls;
        return rastrigin(x);
    };
    course::Rng rng(2);
    const df::GeneticOptions o{.population = 15, .generations = 8, .elite = 3};
    const df::GeneticResult r = df::genetic_algorithm(f, box, o, rng);
    EXPECT_EQ(calls, 15u + 8u * (15u - 3u)) << "evaluations: the initial 15, then 12 children per generation "
                                            << "(elites keep their values and are not evaluated again)";
    ASSERT_EQ(r.generations.size(), 9u) << "generations[0] is the initial population, then one per generation";
    ASSERT_EQ(r.fitness.size(), 9u);
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t g = 0; g < r.generations.size(); ++g) {
        ASSERT_EQ(r.generations[g].size(), 15u) << "population size in generation " << g;
        ASSERT_EQ(r.fitness[g].size(), 15u) << "fitness values in generation " << g;
        for (std::size_t i = 0; i < 15; ++i) {
            EXPECT_EQ(r.fitness[g][i], rastrigin(r.generations[g][i])) << "fitness[" << g << "][" << i << "]";
            for (std::size_t j = 0; j < 2; ++j)
                EXPECT_TRUE(r.generations[g][i][j] >= -5.12 && r.generations[g][i][j] <= 5.12)
                    << "individual " << point(r.generations[g][i]) << " left the box [−5.12, 5.12]²";
            best = std::min(best, r.fitness[g][i]);
        }
    }
    EXPECT_EQ(r.best_value, best) << "best_value: the lowest value of any generation";
    EXPECT_EQ(rastrigin(r.best_point), r.best_value) << "f(best_point)";
}

TEST(Ex1603GeneticAlgorithm, WithoutElitesAnOddPopulationAndTheBestOfAllGenerations) {
    // elite 0 and 15 places: the children come in pairs, so the last pair of each generation has room for
    // one. Without elites the best can be lost, so the best point is the best of EVERY generation.
    const df::Box box{{-5.12, -5.12}, {5.12, 5.12}};
    course::Rng rng(12);
    const df::GeneticResult r =
        df::genetic_algorithm(rastrigin, box, {.population = 15, .generations = 12, .mutation_rate = 0.9, .elite = 0}, rng);
    ASSERT_EQ(r.generations.size(), 13u);
    for (std::size_t g = 0; g < r.generations.size(); ++g) {
        EXPECT_EQ(r.generations[g].size(), 15u) << "generation " << g << " of a population of 15 without elites: when one "
                                                << "place is left, the second child of the pair is dropped";
        EXPECT_EQ(r.fitness[g].size(), r.generations[g].size()) << "one value per individual in generation " << g;
    }
    double best = std::numeric_limits<double>::infinity();
    std::size_t where = 0;
    for (std::size_t g = 0; g < r.fitness.size(); ++g)
        for (const double v : r.fitness[g])
            if (v < best) best = v, where = g;
    const double last = *std::min_element(r.fitness.back().begin(), r.fitness.back().end());
    ASSERT_LT(best, last) << "(the test's case: without elites the best, of generation " << where << ", is lost by the end)";
    EXPECT_EQ(r.best_value, best) << "best_value must be the best of all generations (found in generation " << where
                                  << "), not of the last one (" << last << ")";
}

TEST(Ex1603GeneticAlgorithm, ElitismNeverLosesTheBest) {
    const df::Box box{{-5.12, -5.12, -5.12}, {5.12, 5.12, 5.12}};
    course::Rng rng(6);
    const df::GeneticResult r =
        df::genetic_algorithm(rastrigin, box, {.population = 12, .generations = 30, .mutation_rate = 0.9, .elite = 2}, rng);
    for (std::size_t g = 1; g < r.fitness.size(); ++g) {
        Vector previous = r.fitness[g - 1];
        std::stable_sort(previous.begin(), previous.end());
        for (std::size_t e = 0; e < 2; ++e)
            EXPECT_TRUE(std::find(r.fitness[g].begin(), r.fitness[g].end(), previous[e]) != r.fitness[g].end())
                << "generation " << g << " lost elite " << e << " (value " << previous[e]
                << ") of generation " << g - 1 << ": copy the 2 best unchanged";
        EXPECT_LE(*std::min_element(r.fitness[g].begin(), r.fitness[g].end()), previous[0])
            << "with elitism the best value can only fall; generation " << g;
    }
}

TEST(Ex1603GeneticAlgorithm, WithoutVariationSelectionOnlyCopies) {
    // Crossover and mutation off: every later individual is a copy of an initial one, and selection
    // concentrates the population on the good ones.
    const df::Box box{{-5.12, -5.12}, {5.12, 5.12}};
    course::Rng rng(8);
    const df::GeneticResult r = df::genetic_algorithm(
        rastrigin, box, {.population = 20, .generations = 10, .crossover_rate = 0.0, .mutation_rate = 0.0, .elite = 1}, rng);
    const df::Population& first = r.generations.front();
    for (const Vector& x : r.generations.back())
        EXPECT_TRUE(std::find(first.begin(), first.end(), x) != first.end())
            << point(x) << " in the last generation is no initial individual (crossover_rate 0 copies the parents)";
    const Vector& last = r.fitness.back();
    const double mean_last = std::accumulate(last.begin(), last.end(), 0.0) / 20.0;
    const double mean_first = std::accumulate(r.fitness[0].begin(), r.fitness[0].end(), 0.0) / 20.0;
    EXPECT_LT(mean_last, 0.5 * mean_first) << "tournaments should favour the low values: mean fitness "
                                           << mean_first << " at the start, " << mean_last << " after 10 generations";
}

TEST(Ex1603GeneticAlgorithm, FindsTheRastriginBasinAndRejectsBadOptions) {
    const df::Box box{{-5.12, -5.12}, {5.12, 5.12}};
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        course::Rng rng(seed);
        const df::GeneticResult r = df::genetic_algorithm(rastrigin, box, {.population = 40, .generations = 60}, rng);
        EXPECT_LT(r.best_value, 0.5) << "2-D Rastrigin after 60 generations of 40 (seed " << seed
                                     << "): the global basin has f < 1, the next-best minima f ≈ 1";
    }
    course::Rng rng(1);
    EXPECT_THROW(df::genetic_algorithm(rastrigin, box, {.population = 1}, rng), std::invalid_argument) << "population 1";
    EXPECT_THROW(df::genetic_algorithm(rastrigin, box, {.population = 4, .elite = 4}, rng), std::invalid_argument)
        << "elite = population leaves no room for children";
    EXPECT_THROW(df::genetic_algorithm(rastrigin, box, {.tournament = 0}, rng), std::invalid_argument) << "tournament 0";
}

// ==== 16.4 One Nelder-Mead step ===============================================================================

namespace {

struct StepCase {
    const char* what;
    std::vector<Vector> points;  // sorted best first
    df::SimplexMove move;
    std::vector<Vector> after;  // sorted best first
    std::size_t evaluations;
};

std::string move_name(df::SimplexMove m) {
    switch (m) {
        case df::SimplexMove::reflect: return "reflect";
        case df::SimplexMove::expand: return "expand";
        case df::SimplexMove::contract_outside: return "contract_outside";
        case df::SimplexMove::contract_inside: return "contract_inside";
        case df::SimplexMove::shrink: return "shrink";
    }
    return "?";
}

void expect_step(const df::Objective& f, const StepCase& c, const df::NelderMeadCoefficients& coefficients = {}) {
    df::Simplex s;
    for (const Vector& p : c.points) {
        s.points.push_back(p);
        s.values.push_back(f(p));
    }
    std::size_t calls = 0;
    const df::Objective counted = [&](const Vector& x) {
        ++calls;
        return f(x);
    };
    const df::SimplexMove got = df::nelder_mead_step(counted, s, coefficients);
    EXPECT_EQ(move_name(got), move_name(c.move)) << c.what;
    EXPECT_EQ(calls, c.evaluations) << c.what << ": evaluations of f in this step";
    ASSERT_EQ(s.points.size(), c.after.size()) << c.what << ": the simplex keeps n + 1 vertices";
    ASSERT_EQ(s.values.size(), c.after.size()) << c.what << ": one value per vertex";
    for (std::size_t i = 0; i < c.after.size(); ++i) {
        EXPECT_TRUE(course::teach::vectors_near(s.points[i], c.after[i], 1e-12,
                                                std::string(c.what) + ": vertex " + std::to_string(i) +
                                                    " after the step (best first; every trial lies on the line from the "
                                                    "worst vertex through x̄, the centroid of the n OTHER vertices)"));
        EXPECT_TRUE(near(s.values[i], f(c.after[i]), 1e-12, std::string(c.what) + ": value of vertex " + std::to_string(i)));
    }
}

}  // namespace

TEST(Ex1604NelderMeadStep, HandComputedMovesOnTheBowl) {
    // f = x² + y². Each case gives the centroid x̄ of the two best and the reflection x_r = 2x̄ − x_w.
    // x̄ = (−1.5, −0.5), x_r = (−1, 0), f = 1 < f₁ = 2; x_e = x̄ + 2(x_r − x̄) = (−0.5, 0.5), f = 0.5 < 1: expand.
    expect_step(sphere, {"expand: (−1,−1), (−2,0), (−2,−1)", {{-1, -1}, {-2, 0}, {-2, -1}}, df::SimplexMove::expand,
                         {{-0.5, 0.5}, {-1, -1}, {-2, 0}}, 2});
    // x̄ = (−1.5, −1), x_r = (−1, 0), f = 1 < 2; x_e = (−0.5, 1), f = 1.25 ≥ 1: keep the reflection.
    expect_step(sphere, {"expansion tried and rejected: (−1,−1), (−2,−1), (−2,−2)", {{-1, -1}, {-2, -1}, {-2, -2}},
                         df::SimplexMove::reflect, {{-1, 0}, {-1, -1}, {-2, -1}}, 2});
    // x̄ = (1.5, 1), x_r = (0, −1), f = 1 = f₁: not below the best, so no expansion; below fₙ = 10: reflect.
    expect_step(sphere, {"reflect with f_r = f₁ exactly: (0,1), (3,1), (3,3)", {{0, 1}, {3, 1}, {3, 3}},
                         df::SimplexMove::reflect, {{0, 1}, {0, -1}, {3, 1}}, 1});
    // x̄ = (−1.5, 0), x_r = (−1, 2), f = 5 = fₙ: not a plain reflection; < f_w = 8, so contract outside:
    // x_c = x̄ + ½(x_r − x̄) = (−1.25, 1), f = 2.5625 ≤ 5.
    expect_step(sphere, {"contract outside with f_r = fₙ exactly: (−1,1), (−2,−1), (−2,−2)", {{-1, 1}, {-2, -1}, {-2, -2}},
                         df::SimplexMove::contract_outside, {{-1, 1}, {-1.25, 1}, {-2, -1}}, 2});
    // x̄ = (−2, −1.5), x_r = (−3, −6), f = 45 ≥ f_w = 10: contract inside, x_cc = x̄ + ½(x_w − x̄) = (−1.5, 0.75),
    // f = 2.8125 < 10.
    expect_step(sphere, {"contract inside: (−2,−1), (−2,−2), (−1,3)", {{-2, -1}, {-2, -2}, {-1, 3}},
                         df::SimplexMove::contract_inside, {{-1.5, 0.75}, {-2, -1}, {-2, -2}}, 2});
}

TEST(Ex1604NelderMeadStep, ShrinksWhenContractionFails) {
    // f = (x² + y² − 4)², a ring. Vertices (−2,−1) f = 1, (1,−1) f = 4, (−2,−2) f = 16; x̄ = (−0.5, −1),
    // x_r = (1, 0), f = 9 (between fₙ and f_w); x_c = (0.25, −0.5), f ≈ 13.6 > 9: shrink towards (−2, −1):
    // (1,−1) → (−0.5, −1), f = 7.5625; (−2,−2) → (−2, −1.5), f = 5.0625.
    auto ring = [](const Vector& x) { return std::pow(x[0] * x[0] + x[1] * x[1] - 4.0, 2); };
    expect_step(ring, {"shrink on the ring", {{-2, -1}, {1, -1}, {-2, -2}}, df::SimplexMove::shrink,
                       {{-2, -1}, {-2, -1.5}, {-0.5, -1}}, 4});
}

TEST(Ex1604NelderMeadStep, UsesTheCoefficientsItIsGiven) {
    // γ = 3 instead of 2 in the expand case above: x_e = x̄ + 3(x_r − x̄) = (0, 1), f = 1, not below f_r = 1:
    // reflect. With γ = 2.5: x_e = (−0.25, 0.75), f = 0.625 < 1: expand there.
    expect_step(sphere, {"γ = 3", {{-1, -1}, {-2, 0}, {-2, -1}}, df::SimplexMove::reflect, {{-1, 0}, {-1, -1}, {-2, 0}}, 2},
                {.expansion = 3.0});
    expect_step(sphere, {"γ = 2.5", {{-1, -1}, {-2, 0}, {-2, -1}}, df::SimplexMove::expand,
                         {{-0.25, 0.75}, {-1, -1}, {-2, 0}}, 2},
                {.expansion = 2.5});
    // ρ = 0.25 in the inside case: x_cc = x̄ + ¼(x_w − x̄) = (−1.75, −0.375), f ≈ 3.2031.
    expect_step(sphere, {"ρ = 0.25", {{-2, -1}, {-2, -2}, {-1, 3}}, df::SimplexMove::contract_inside,
                         {{-1.75, -0.375}, {-2, -1}, {-2, -2}}, 2},
                {.contraction = 0.25});
}

// ==== 16.5 Nelder-Mead ========================================================================================
// Every 16.5 test also runs your 16.4 (one step).

TEST(Ex1605NelderMead, SolvesRosenbrockFromTheClassicStart) {
    std::size_t calls = 0;
    auto f = [&](const Vector& x) {
        ++calls;
        return rosenbrock(x);
    };
    const df::NelderMeadResult r = df::nelder_mead(f, {-1.2, 1.0});
    EXPECT_TRUE(course::teach::vectors_near(r.best_point, {1.0, 1.0}, 1e-4, "Nelder-Mead's answer on Rosenbrock from (−1.2, 1)"));
    EXPECT_LT(r.best_value, 1e-8) << "f at the answer";
    EXPECT_EQ(r.evaluations, calls) << "evaluations must count every call of f, the initial simplex's 3 included";
    EXPECT_LT(r.evaluations, 600u) << "Nelder-Mead needs a few hundred evaluations here, not the whole budget";
    EXPECT_EQ(r.trace.size(), r.moves.size() + 1) << "the trace holds the start simplex and one per step";
    const df::Simplex& last = r.trace.back();
    for (std::size_t i = 1; i < last.points.size(); ++i)
        EXPECT_LE(std::abs(last.values[i] - last.values[0]), 1e-10) << "stopped before every vertex was within fatol";
}

TEST(Ex1605NelderMead, StopsAtTheBudgetAndWorksInOneDimension) {
    std::size_t calls = 0;
    auto f = [&](const Vector& x) {
        ++calls;
        return rosenbrock(x);
    };
    const df::NelderMeadResult r = df::nelder_mead(f, {-1.2, 1.0}, {.max_evaluations = 40});
    EXPECT_EQ(r.evaluations, calls);
    EXPECT_GE(r.evaluations, 40u) << "stop only once the budget of 40 is used";
    EXPECT_LE(r.evaluations, 40u + 3u) << "a step costs at most n + 2 = 4 evaluations: check the budget every step";
    const df::NelderMeadResult line =
        df::nelder_mead([](const Vector& x) { return (x[0] - 3.0) * (x[0] - 3.0) + 1.5; }, {0.0});
    EXPECT_TRUE(near(line.best_point[0], 3.0, 1e-6, "1-D Nelder-Mead on (x − 3)² + 1.5 from 0"));
    EXPECT_TRUE(near(line.best_value, 1.5, 1e-10, "best_value of 1-D Nelder-Mead on (x − 3)² + 1.5: f at the best vertex"));
}

TEST(Ex1605NelderMead, EqualValuesAreNotConvergenceUntilTheSimplexIsSmall) {
    // f = max(0, ‖x‖² − 100)²: 0 on a disc of radius 10, so every vertex of the start simplex at (1, 2) has
    // the value 0. Converged needs the values within fatol AND the vertices within xatol of the best: the
    // simplex must shrink from 0.5 to 1e-8 first.
    std::size_t calls = 0;
    auto flat = [&](const Vector& x) {
        ++calls;
        return std::pow(std::max(0.0, x[0] * x[0] + x[1] * x[1] - 100.0), 2);
    };
    const df::NelderMeadResult r = df::nelder_mead(flat, {1.0, 2.0});
    EXPECT_GT(r.moves.size(), 0u) << "all three start values are 0, but the vertices are 0.5 apart, far more than xatol = "
                                     "1e-8: not converged yet (both tests, values and points)";
    const df::Simplex& last = r.trace.back();
    for (std::size_t i = 1; i < last.points.size(); ++i)
        for (std::size_t j = 0; j < 2; ++j)
            EXPECT_LE(std::abs(last.points[i][j] - last.points[0][j]), 1e-8)
                << "vertex " << i << ", coordinate " << j << " of the last simplex is not within xatol of the best vertex";
    EXPECT_EQ(r.evaluations, calls);
}

// ==== 16.6 CMA-ES parameters ==================================================================================

TEST(Ex1606CmaParameters, DefaultPopulationAndWeights) {
    for (const auto& [n, lambda] : std::vector<std::pair<std::size_t, std::size_t>>{{1, 4}, {2, 6}, {10, 10}, {100, 17}}) {
        const df::CmaParameters p = df::cma_parameters(n);
        EXPECT_EQ(p.lambda, lambda) << "λ = 4 + ⌊3 ln n⌋ for n = " << n;
        EXPECT_EQ(p.mu, lambda / 2) << "μ = ⌊λ/2⌋ for n = " << n;
        EXPECT_EQ(p.dim, n);
        ASSERT_EQ(p.weights.size(), p.mu) << "one weight per parent";
        double total = 0.0;
        for (std::size_t i = 0; i < p.mu; ++i) {
            total += p.weights[i];
            EXPECT_GT(p.weights[i], 0.0) << "w" << i + 1 << " for n = " << n;
            if (i > 0) {
                EXPECT_LT(p.weights[i], p.weights[i - 1]) << "the weights fall with the rank";
            }
        }
        EXPECT_TRUE(near(total, 1.0, 1e-14, "Σ wᵢ for n = " + std::to_string(n)));
    }
    const df::CmaParameters p = df::cma_parameters(3, 20);
    EXPECT_EQ(p.lambda, 20u) << "a λ that is given is used";
    // w'ᵢ = ln(10.5) − ln i for i = 1 … 10, normalised.
    double total = 0.0;
    for (int i = 1; i <= 10; ++i) total += std::log(10.5) - std::log(i);
    for (int i = 1; i <= 10; ++i)
        EXPECT_TRUE(near(p.weights[static_cast<std::size_t>(i - 1)], (std::log(10.5) - std::log(i)) / total, 1e-14,
                         "w" + std::to_string(i) + " for λ = 20: (ln((λ + 1)/2) − ln i)/Σ"));
    EXPECT_THROW(df::cma_parameters(0), std::invalid_argument) << "dimension 0";
    EXPECT_THROW(df::cma_parameters(3, 1), std::invalid_argument) << "λ = 1";
}

TEST(Ex1606CmaParameters, LearningRatesFromTheTutorialsFormulas) {
    // {1, 1000}: a population far larger than the dimension, where c_μ's cap at 1 − c₁ applies.
    for (const auto& [n_int, lambda] :
         std::vector<std::pair<std::size_t, std::size_t>>{{2, 0}, {10, 0}, {3, 20}, {40, 0}, {1, 1000}}) {
        const df::CmaParameters p = df::cma_parameters(n_int, lambda);
        const double n = static_cast<double>(n_int);
        double squares = 0.0;
        for (const double w : p.weights) squares += w * w;
        const double mu_eff = 1.0 / squares;
        const std::string at = " for n = " + std::to_string(n_int) + ", λ = " + std::to_string(p.lambda);
        EXPECT_TRUE(near(p.mu_eff, mu_eff, 1e-12, "μ_eff = 1/Σwᵢ²" + at));
        const double cs = (mu_eff + 2) / (n + mu_eff + 5);
        EXPECT_TRUE(near(p.c_sigma, cs, 1e-14, "c_σ = (μ_eff + 2)/(n + μ_eff + 5)" + at));
        EXPECT_TRUE(near(p.d_sigma, 1 + 2 * std::max(0.0, std::sqrt((mu_eff - 1) / (n + 1)) - 1) + cs, 1e-14,
                         "d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1)) − 1) + c_σ" + at));
        EXPECT_TRUE(near(p.c_c, (4 + mu_eff / n) / (n + 4 + 2 * mu_eff / n), 1e-14, "c_c" + at));
        const double c1 = 2 / ((n + 1.3) * (n + 1.3) + mu_eff);
        EXPECT_TRUE(near(p.c1, c1, 1e-14, "c₁ = 2/((n + 1.3)² + μ_eff)" + at));
        EXPECT_TRUE(near(p.c_mu, std::min(1 - c1, 2 * (mu_eff - 2 + 1 / mu_eff) / ((n + 2) * (n + 2) + mu_eff)), 1e-14,
                         "c_μ = min(1 − c₁, 2(μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff)) (capped: C must not forget more "
                         "than all of itself)" + at));
        EXPECT_TRUE(near(p.chi_n, std::sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n)), 1e-14, "E‖N(0, I)‖" + at));
    }
    // Hand-computed for n = 2, λ = 6: w ∝ (ln 3.5, ln 1.75, ln 3.5/3) → μ_eff = 2.0286 (4 digits).
    EXPECT_TRUE(near(df::cma_parameters(2).mu_eff, 2.0286, 5e-5, "μ_eff for n = 2, λ = 6"));
}

// ==== 16.7 The CMA-ES update ==================================================================================

namespace {

// Made-up strategy parameters: the update must use the ones it is given.
df::CmaParameters test_parameters() {
    return {.dim = 2, .lambda = 4, .mu = 2, .weights = {0.7, 0.3}, .mu_eff = 1.0 / (0.49 + 0.09), .c_sigma = 0.3,
            .d_sigma = 1.5, .c_c = 0.4, .c1 = 0.1, .c_mu = 0.2, .chi_n = 1.25};
}

}  // namespace

TEST(Ex1607CmaUpdate, FirstUpdateFromTheIdentityByHand) {
    const df::CmaParameters p = test_parameters();
    df::CmaState s = df::initial_cma_state({1.0, -1.0}, 0.5);
    // Values in scrambled order: the two best are x = (1.5, −1) (f = 1) and (1, −0.5) (f = 2).
    const df::Population samples{{0.0, 0.0}, {1.0, -0.5}, {2.0, 2.0}, {1.5, -1.0}};
    df::cma_update(s, p, samples, {5.0, 2.0, 9.0, 1.0});
    // y₁ = (1, 0), y₂ = (0, 1); ⟨y⟩ = (0.7, 0.3); m = (1, −1) + 0.5·(0.7, 0.3).
    EXPECT_TRUE(course::teach::vectors_near(s.mean, {1.35, -0.85}, 1e-14,
                                            "new mean: m + σΣwᵢyᵢ over the two best (sort by value first)"));
    const double gs = std::sqrt(0.3 * 1.7 * p.mu_eff);
    EXPECT_TRUE(course::teach::vectors_near(s.p_sigma, {gs * 0.7, gs * 0.3}, 1e-14,
                                            "p_σ = √(c_σ(2 − c_σ)μ_eff)·C^(−1/2)⟨y⟩ with C = I"));
    const double norm = gs * std::hypot(0.7, 0.3);
    const bool h = norm / std::sqrt(1 - std::pow(0.7, 2)) < (1.4 + 2.0 / 3.0) * 1.25;
    ASSERT_TRUE(h) << "(the test's case: the stall test passes)";
    const double gc = std::sqrt(0.4 * 1.6 * p.mu_eff);
    EXPECT_TRUE(course::teach::vectors_near(s.p_c, {gc * 0.7, gc * 0.3}, 1e-14, "p_c = √(c_c(2 − c_c)μ_eff)·⟨y⟩"));
    const double pc0 = gc * 0.7, pc1 = gc * 0.3, keep = 1 - 0.1 - 0.2;
    const double c00 = keep + 0.1 * pc0 * pc0 + 0.2 * 0.7, c11 = keep + 0.1 * pc1 * pc1 + 0.2 * 0.3, c01 = 0.1 * pc0 * pc1;
    EXPECT_TRUE(near(s.C(0, 0), c00, 1e-14, "C₀₀ = (1 − c₁ − c_μ) + c₁p_c₀² + c_μΣwᵢyᵢ₀²"));
    EXPECT_TRUE(near(s.C(1, 1), c11, 1e-14, "C₁₁"));
    EXPECT_TRUE(near(s.C(0, 1), c01, 1e-14, "C₀₁: rank-one term only (y₁ and y₂ are orthogonal)"));
    EXPECT_TRUE(near(s.C(1, 0), c01, 1e-14, "C₁₀ = C₀₁"));
    EXPECT_TRUE(near(s.sigma, 0.5 * std::exp(0.3 / 1.5 * (norm / 1.25 - 1)), 1e-14,
                     "σ ← σ exp((c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1))"));
    EXPECT_EQ(s.generation, 1u) << "one update done";
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 2; ++j) {
            double bdb = 0.0;
            for (std::size_t k = 0; k < 2; ++k) bdb += s.B(i, k) * s.D[k] * s.D[k] * s.B(j, k);
            EXPECT_TRUE(near(bdb, s.C(i, j), 1e-12, "B·diag(D²)·Bᵀ = C after the update: call decompose_covariance"));
        }
}

TEST(Ex1607CmaUpdate, WhitensTheStepWithCToTheMinusHalf) {
    const df::CmaParameters p = test_parameters();
    df::CmaState s = df::initial_cma_state({0.0, 0.0}, 1.0);
    s.C = Matrix::from_rows({{4.0, 0.0}, {0.0, 1.0}});
    df::decompose_covariance(s);
    df::cma_update(s, p, {{2.0, 0.0}, {0.0, 1.0}, {5.0, 5.0}, {-5.0, 5.0}}, {1.0, 2.0, 3.0, 4.0});
    // ⟨y⟩ = (1.4, 0.3); C^(−1/2)⟨y⟩ = (1.4/2, 0.3).
    const double gs = std::sqrt(0.3 * 1.7 * p.mu_eff);
    EXPECT_TRUE(course::teach::vectors_near(s.p_sigma, {gs * 0.7, gs * 0.3}, 1e-13,
                                            "p_σ with C = diag(4, 1): C^(−1/2)⟨y⟩ = (⟨y⟩₀/2, ⟨y⟩₁), not C^(−1) or C^(1/2)"));
    const double gc = std::sqrt(0.4 * 1.6 * p.mu_eff);
    EXPECT_TRUE(course::teach::vectors_near(s.p_c, {gc * 1.4, gc * 0.3}, 1e-13, "p_c uses ⟨y⟩ itself, not whitened"));
    EXPECT_TRUE(near(s.C(0, 0), 0.7 * 4 + 0.1 * gc * gc * 1.96 + 0.2 * 0.7 * 4.0, 1e-12, "C₀₀: the old C is kept with weight 1 − c₁ − c_μ"));
}

TEST(Ex1607CmaUpdate, StallTestSwitchesOffThePath) {
    // A long p_σ (10, 0) fails the stall test: p_c only decays, and C gains c₁δ with δ = c_c(2 − c_c).
    const df::CmaParameters p = test_parameters();
    df::CmaState s = df::initial_cma_state({0.0, 0.0}, 1.0);
    s.p_sigma = {10.0, 0.0};
    s.p_c = {1.0, 2.0};
    df::cma_update(s, p, {{1.0, 0.0}, {0.0, 1.0}, {3.0, 3.0}, {-3.0, 3.0}}, {1.0, 2.0, 3.0, 4.0});
    EXPECT_TRUE(course::teach::vectors_near(s.p_c, {0.6, 1.2}, 1e-14, "p_c = (1 − c_c)p_c when h_σ = 0"));
    const double keep = 1 + 0.1 * 0.4 * 1.6 - 0.1 - 0.2;
    EXPECT_TRUE(near(s.C(0, 0), keep + 0.1 * 0.36 + 0.2 * 0.7, 1e-14, "C₀₀ with h_σ = 0: (1 + c₁δ − c₁ − c_μ) + c₁p_c₀² + c_μ·0.7"));
    const double ps0 = 0.7 * 10 + std::sqrt(0.3 * 1.7 * p.mu_eff) * 0.7, ps1 = std::sqrt(0.3 * 1.7 * p.mu_eff) * 0.3;
    EXPECT_TRUE(near(s.sigma, std::exp(0.2 * (std::hypot(ps0, ps1) / 1.25 - 1)), 1e-12, "σ grows with a long p_σ"));
}

TEST(Ex1607CmaUpdate, StallTestDividesByTheRootOfItsBiasCorrection) {
    // The best two samples sit on the mean, so ⟨y⟩ = 0 and p_σ ← (1 − c_σ)p_σ = 0.7·p_σ; with p_c = 0, C₀₀
    // is 1 − c₁ − c_μ = 0.7 when h_σ = 1 and 0.7 + c₁c_c(2 − c_c) = 0.764 when h_σ = 0. In generation 0 the
    // threshold is ‖p_σ‖/√(1 − 0.7²) < (1.4 + 2/3)·1.25, i.e. ‖p_σ‖ < 1.8448.
    const df::CmaParameters p = test_parameters();
    const df::Population samples{{0.0, 0.0}, {0.0, 0.0}, {3.0, 3.0}, {-3.0, 3.0}};
    struct Case { double new_norm; bool passes; const char* why; };
    for (const Case c : {Case{1.6, true, "‖p_σ‖ = 1.6: 1.6/√0.51 = 2.24 < 2.58, so h_σ = 1 (dividing by 0.51 "
                                         "instead of its root, or using generation g in place of g + 1, fails it)"},
                         Case{2.2, false, "‖p_σ‖ = 2.2: 2.2/√0.51 = 3.08 ≥ 2.58, so h_σ = 0 (without the "
                                          "correction, 2.2 < 2.58 would pass)"},
                         Case{2.57 * std::sqrt(0.51), true, "‖p_σ‖/√0.51 = 2.57, just below (1.4 + 2/(n + 1))·chi_n = "
                                                            "2.583 for n = 2: h_σ = 1"},
                         Case{1.87, false, "‖p_σ‖ = 1.87: 1.87/√0.51 = 2.619, just above (1.4 + 2/(n + 1))·chi_n = "
                                           "2.583 for n = 2: h_σ = 0 (is the threshold exactly 1.4 + 2/(n + 1)?)"}}) {
        df::CmaState s = df::initial_cma_state({0.0, 0.0}, 1.0);
        s.p_sigma = {c.new_norm / 0.7, 0.0};
        s.p_c = {0.0, 0.0};
        df::cma_update(s, p, samples, {1.0, 2.0, 3.0, 4.0});
        EXPECT_TRUE(near(s.C(0, 0), c.passes ? 0.7 : 0.7 + 0.1 * 0.4 * 1.6, 1e-14, c.why));
    }
}

TEST(Ex1607CmaUpdate, RejectsEachInconsistentInputOnItsOwn) {
    const df::CmaParameters p = test_parameters();
    const df::Population four{{0.0, 0.0}, {1.0, 0.0}, {0.0, 1.0}, {1.0, 1.0}};
    df::CmaState s = df::initial_cma_state({0.0, 0.0}, 1.0);
    EXPECT_THROW(df::cma_update(s, p, four, {1.0, 2.0, 3.0}), std::invalid_argument) << "4 samples, 3 values";
    EXPECT_THROW(df::cma_update(s, p, {{0.0, 0.0}}, {1.0}), std::invalid_argument) << "1 sample for μ = 2";
    df::CmaState three = df::initial_cma_state({0.0, 0.0, 0.0}, 1.0);
    EXPECT_THROW(df::cma_update(three, p, {{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, {1.0, 2.0, 3.0, 4.0}),
                 std::invalid_argument)
        << "parameters for n = 2, a mean of length 3";
}

TEST(Ex1607CmaUpdate, LearnsARotatedEllipsoidAndAdaptsTheStep) {
    // This test also runs your 16.6. f(x) = Σ 10^(4i/(n−1)) zᵢ² with z = Qx, Q a fixed rotation: condition 10⁴.
    const std::size_t n = 5;
    Matrix Q = Matrix::identity(n);
    for (std::size_t i = 0; i + 1 < n; ++i) {  // Givens rotations by 0.5 + 0.3i in planes (i, i + 1)
        const double a = 0.5 + 0.3 * static_cast<double>(i), c = std::cos(a), s = std::sin(a);
        Matrix G = Matrix::identity(n);
        G(i, i) = c, G(i, i + 1) = -s, G(i + 1, i) = s, G(i + 1, i + 1) = c;
        Q = course::matmul(G, Q);
    }
    auto ellipsoid = [&](const Vector& x) {
        double total = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            double z = 0.0;
            for (std::size_t j = 0; j < n; ++j) z += Q(i, j) * x[j];
            total += std::pow(10.0, 4.0 * static_cast<double>(i) / (n - 1.0)) * z * z;
        }
        return total;
    };
    course::Rng rng(3);
    const df::CmaResult r = df::cma_es(ellipsoid, Vector(n, 1.0), 0.5, {.max_evaluations = 6000, .target = 1e-10}, rng);
    EXPECT_LT(r.best_value, 1e-10) << "CMA-ES on a 5-D rotated ellipsoid of condition 10⁴ after " << r.evaluations
                                   << " evaluations (the reference needs about 2000)";
    const df::CmaState& last = r.states.back();
    const double axis_ratio = last.D.back() / last.D.front();
    EXPECT_TRUE(axis_ratio > 30.0 && axis_ratio < 300.0)
        << "C should learn the inverse Hessian: its axis ratio √cond ≈ 100, got " << axis_ratio;

    course::Rng rng2(4);  // on a linear slope, cumulative step-size adaptation must make σ grow
    const df::CmaResult slope = df::cma_es([](const Vector& x) { return x[0]; }, {0.0, 0.0, 0.0}, 0.1,
                                           {.max_evaluations = 30 * 7}, rng2);
    EXPECT_GT(slope.states.back().sigma, 1.0) << "σ after 30 generations on f = x₀ from σ = 0.1 (a path longer than "
                                              << "expected means the steps are too short)";
}

// ==== 16.8 The RBF kernel and Cholesky ========================================================================

TEST(Ex1608KernelAndCholesky, KernelAtHandComputedDistances) {
    const df::GpOptions o{.length_scale = 0.5, .signal_variance = 2.5};
    EXPECT_TRUE(near(df::rbf_kernel({0.3}, {0.3}, o), 2.5, 1e-15, "k(x, x) = σ_f² with σ_f² = 2.5"));
    EXPECT_TRUE(near(df::rbf_kernel({0.0}, {0.5}, o), 2.5 * std::exp(-0.5), 1e-14,
                     "k at distance ℓ = 0.5: σ_f² e^(−1/2) (exp(−d²/(2ℓ²)), not exp(−d/ℓ) or exp(−d²/ℓ²))"));
    EXPECT_TRUE(near(df::rbf_kernel({1.0}, {0.0}, o), 2.5 * std::exp(-2.0), 1e-14, "k at distance 2ℓ: σ_f² e^(−2)"));
    const df::GpOptions wide{.length_scale = 5.0, .signal_variance = 1.0};
    EXPECT_TRUE(near(df::rbf_kernel({0.0, 0.0}, {3.0, 4.0}, wide), std::exp(-0.5), 1e-14,
                     "k((0, 0), (3, 4)) with ℓ = 5: the squared distance sums both coordinates, 25/(2·25)"));
    EXPECT_THROW(df::rbf_kernel({0.0}, {0.0, 1.0}, o), std::invalid_argument) << "points of lengths 1 and 2";
}

TEST(Ex1608KernelAndCholesky, TextbookFactor) {
    // [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]].
    const Matrix A = Matrix::from_rows({{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}});
    const Matrix want = Matrix::from_rows({{2, 0, 0}, {6, 1, 0}, {-8, 5, 3}});
    const Matrix L = df::cholesky(A);
    ASSERT_TRUE(L.same_shape(want)) << "cholesky of a 3×3 matrix returned " << L.shape();
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            EXPECT_TRUE(near(L(i, j), want(i, j), 1e-12,
                             "L(" + std::to_string(i) + "," + std::to_string(j) + ") of [[4,12,−16],[12,37,−43],[−16,−43,98]]" +
                                 (j > i ? " (above the diagonal: must be 0)" : "")));
}

TEST(Ex1608KernelAndCholesky, RebuildsRandomPositiveDefiniteMatrices) {
    course::Rng rng(8);
    for (const std::size_t n : {1u, 2u, 5u, 9u}) {
        Matrix B(n, n);
        for (std::size_t i = 0; i < B.size(); ++i) B.data()[i] = rng.normal();
        Matrix A = course::matmul(B, course::transpose(B));
        for (std::size_t i = 0; i < n; ++i) A(i, i) += 0.5;
        const Matrix L = df::cholesky(A);
        ASSERT_TRUE(L.same_shape(A)) << "cholesky of a " << A.shape() << " matrix returned " << L.shape();
        const Matrix rebuilt = course::matmul(L, course::transpose(L));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                EXPECT_TRUE(near(rebuilt(i, j), A(i, j), 1e-10, "(L·Lᵀ)(" + std::to_string(i) + "," + std::to_string(j) +
                                                                    ") for a random " + std::to_string(n) + "×" +
                                                                    std::to_string(n) + " SPD matrix"));
                if (j > i) {
                    EXPECT_EQ(L(i, j), 0.0) << "L must be lower triangular: L(" << i << "," << j << ")";
                }
            }
    }
}

TEST(Ex1608KernelAndCholesky, RejectsWhatIsNotPositiveDefinite) {
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{1, 2}, {2, 1}})), std::domain_error)
        << "[[1, 2], [2, 1]] has eigenvalues −1 and 3: the second pivot is 1 − 4 = −3";
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{1, 1}, {1, 1}})), std::domain_error)
        << "[[1, 1], [1, 1]] is singular: the second pivot is exactly 0, and 0 is not > 0";
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{-4}})), std::domain_error) << "a 1×1 matrix [−4]";
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{1, 1}, {1, 1 + 1e-13}})), std::domain_error)
        << "[[1, 1], [1, 1 + 1e-13]]: the pivot 1e-13 is below kPivotTolerance·|A₁₁| = 1e-12, rounding noise of a 0";
    const Matrix L = df::cholesky(Matrix::from_rows({{1, 1}, {1, 1 + 1e-8}}));
    EXPECT_TRUE(near(L(1, 1), 1e-4, 1e-9, "L₁₁ of [[1, 1], [1, 1 + 1e-8]]: a pivot of 1e-8 is small but real"));
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{kNaN}})), std::domain_error) << "a NaN pivot (use !(s > 0))";
    EXPECT_THROW(df::cholesky(Matrix(2, 3, 1.0)), course::ShapeError) << "a 2×3 matrix is not square";
}

// ==== 16.9 The GP posterior ===================================================================================
// Every 16.9 test also runs your 16.8 (the kernel and the Cholesky factor).

TEST(Ex1609GaussianProcess, OneObservationMatchesTheClosedForm) {
    // One point: K = σ_f² + σₙ², so μ(x) = m + k(x, x₁)(y₁ − m)/(σ_f² + σₙ²) and σ²(x) = σ_f² − k(x, x₁)²/(σ_f² + σₙ²).
    const df::GpOptions o{.length_scale = 0.5, .signal_variance = 1.5, .noise_variance = 0.1, .prior_mean = 0.5};
    const df::GaussianProcess gp = df::fit_gp({{0.3}}, {2.0}, o);
    EXPECT_EQ(gp.jitter, 0.0) << "K + σₙ²I = [1.6] factors at once: the jitter is a repair for a failed Cholesky, 0 here";
    for (const double x : {0.3, 0.5, 1.0, -0.4, 3.0}) {
        const double k = 1.5 * std::exp(-(x - 0.3) * (x - 0.3) / (2.0 * 0.25));
        const df::Prediction p = df::predict(gp, {x});
        const std::string at = " at x = " + show(x) + " (one observation y = 2 at 0.3, m = 0.5, σ_f² = 1.5, σₙ² = 0.1)";
        EXPECT_TRUE(near(p.mean, 0.5 + k * 1.5 / 1.6, 1e-12, "μ" + at + "; forgot the prior mean m or the noise?"));
        EXPECT_TRUE(near(p.variance, 1.5 - k * k / 1.6, 1e-12, "σ²" + at));
    }
}

TEST(Ex1609GaussianProcess, TwoObservationsMatchTheClosedForm) {
    // x₁ = 0, x₂ = 1 in 2-D coordinates (0, 0) and (1, 0): K + σₙ²I = [[a, c], [c, a]], inverse [[a, −c], [−c, a]]/(a² − c²).
    const df::GpOptions o{.length_scale = 0.8, .signal_variance = 2.0, .noise_variance = 0.05, .prior_mean = -1.0};
    const std::vector<Vector> X{{0.0, 0.0}, {1.0, 0.0}};
    const Vector y{1.0, 3.0};
    const df::GaussianProcess gp = df::fit_gp(X, y, o);
    auto k = [&](const Vector& a, const Vector& b) {
        const double d2 = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
        return 2.0 * std::exp(-d2 / (2.0 * 0.64));
    };
    const double a = 2.0 + 0.05, c = k(X[0], X[1]), det = a * a - c * c;
    const double r1 = y[0] + 1.0, r2 = y[1] + 1.0;  // y − m
    for (const Vector& x : {Vector{0.5, 0.0}, Vector{0.0, 0.0}, Vector{2.0, 1.0}, Vector{0.3, -0.4}}) {
        const double k1 = k(x, X[0]), k2 = k(x, X[1]);
        const double w1 = (a * k1 - c * k2) / det, w2 = (-c * k1 + a * k2) / det;  // k*ᵀ(K + σₙ²I)⁻¹
        const df::Prediction p = df::predict(gp, x);
        const std::string at = " at (" + show(x[0]) + ", " + show(x[1]) + ") from y = 1 at (0, 0) and 3 at (1, 0)";
        EXPECT_TRUE(near(p.mean, -1.0 + w1 * r1 + w2 * r2, 1e-12, "μ" + at));
        EXPECT_TRUE(near(p.variance, 2.0 - (w1 * k1 + w2 * k2), 1e-12, "σ²" + at + " = k(x, x) − k*ᵀ(K + σₙ²I)⁻¹k*"));
    }
}

TEST(Ex1609GaussianProcess, InterpolatesWithoutNoiseAndRevertsToThePriorFarAway) {
    const df::GpOptions o{.length_scale = 0.3, .signal_variance = 1.0, .noise_variance = 0.0, .prior_mean = 0.25};
    const std::vector<Vector> X{{0.0}, {0.4}, {1.0}};
    const Vector y{1.0, -2.0, 0.5};
    const df::GaussianProcess gp = df::fit_gp(X, y, o);
    EXPECT_EQ(gp.jitter, 0.0) << "these three points are well apart: Cholesky succeeds without jitter";
    for (std::size_t i = 0; i < X.size(); ++i) {
        const df::Prediction p = df::predict(gp, X[i]);
        EXPECT_TRUE(near(p.mean, y[i], 1e-9, "μ at observed x = " + show(X[i][0]) + " without noise (passes through y)"));
        EXPECT_GE(p.variance, 0.0) << "σ² at an observed point is 0 up to rounding: clamp it at 0";
        EXPECT_LT(p.variance, 1e-9) << "σ² at observed x = " << X[i][0];
    }
    const df::Prediction far = df::predict(gp, {25.0});
    EXPECT_TRUE(near(far.mean, 0.25, 1e-12, "μ far from the data: the prior mean m = 0.25"));
    EXPECT_TRUE(near(far.variance, 1.0, 1e-12, "σ² far from the data: the prior variance σ_f² = 1"));
}

TEST(Ex1609GaussianProcess, JitterRescuesARepeatedPoint) {
    // The same x twice makes K singular; the jitter acts as a small noise and the mean averages the two.
    const df::GpOptions o{.length_scale = 0.5, .signal_variance = 2.0, .noise_variance = 0.0};
    const df::GaussianProcess gp = df::fit_gp({{0.2}, {0.2}, {0.9}}, {1.0, 3.0, 0.0}, o);
    EXPECT_GT(gp.jitter, 0.0) << "K has two equal rows: the first Cholesky must fail and a jitter be added";
    EXPECT_LE(gp.jitter, 1e-4 * 2.0 * (1 + 1e-9)) << "the jitter stops at 1e-4·σ_f²";
    EXPECT_GE(gp.jitter, 1e-10 * 2.0 * (1 - 1e-9)) << "the first jitter tried is 1e-10·σ_f²";
    EXPECT_TRUE(near(df::predict(gp, {0.2}).mean, 2.0, 1e-3, "μ at the repeated point (values 1 and 3)"));
    EXPECT_THROW(df::fit_gp({}, {}, o), std::invalid_argument) << "no points";
    EXPECT_THROW(df::fit_gp({{0.0}, {1.0}}, {1.0}, o), std::invalid_argument) << "2 points, 1 value";
    EXPECT_THROW(df::fit_gp({{0.0}, {1.0, 2.0}}, {1.0, 2.0}, o), std::invalid_argument) << "points of lengths 1 and 2";
}

// ==== 16.10 Expected improvement and UCB ======================================================================

namespace {

// E[max(b − f, 0)] for f ~ N(μ, σ²), by composite Simpson over μ ± 12σ: the definition, not the formula.
double expected_improvement_by_integration(double mu, double sigma, double b) {
    const int n = 20000;
    const double lo = mu - 12.0 * sigma, hi = mu + 12.0 * sigma, h = (hi - lo) / n;
    double total = 0.0;
    for (int i = 0; i <= n; ++i) {
        const double f = lo + i * h, t = (f - mu) / sigma;
        const double g = std::max(b - f, 0.0) * std::exp(-0.5 * t * t) / (sigma * std::sqrt(2.0 * std::numbers::pi));
        total += g * (i == 0 || i == n ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0));
    }
    return total * h / 3.0;
}

}  // namespace

TEST(Ex1610Acquisition, ExpectedImprovementAtTheBestIsSigmaTimesPhiOfZero) {
    for (const double sigma : {0.1, 1.0, 3.0}) {
        const double got = df::expected_improvement({.mean = 2.0, .variance = sigma * sigma}, 2.0, 0.0);
        EXPECT_TRUE(near(got, sigma / std::sqrt(2.0 * std::numbers::pi), 1e-12,
                         "EI with μ = best = 2, σ = " + show(sigma) + ": σφ(0) (the variance is σ², take its root)"));
    }
}

TEST(Ex1610Acquisition, ExpectedImprovementMatchesItsDefinitionIntegrated) {
    struct Case {
        double mu, sigma, best, xi;
    };
    for (const Case c : {Case{1.0, 2.0, 0.5, 0.1}, Case{-1.0, 0.5, 0.0, 0.0}, Case{3.0, 0.7, 0.0, 0.0},
                         Case{0.2, 1.5, 0.4, 0.3}, Case{-2.0, 0.1, -1.0, 0.01}}) {
        const double want = expected_improvement_by_integration(c.mu, c.sigma, c.best - c.xi);
        const double got = df::expected_improvement({c.mu, c.sigma * c.sigma}, c.best, c.xi);
        EXPECT_TRUE(near(got, want, 1e-8 + 1e-7 * want,
                         "EI for μ = " + show(c.mu) + ", σ = " + show(c.sigma) + ", best = " + show(c.best) + ", ξ = " +
                             show(c.xi) + " against ∫max(best − ξ − f, 0) dN(f; μ, σ²) (sign of best − μ? ξ subtracted?)"));
    }
}

TEST(Ex1610Acquisition, ZeroVarianceIsTheCertainImprovement) {
    EXPECT_TRUE(near(df::expected_improvement({.mean = 1.0, .variance = 0.0}, 3.0, 0.5), 1.5, 1e-15,
                     "EI with σ = 0, μ = 1, best = 3, ξ = 0.5: max(3 − 0.5 − 1, 0)"));
    EXPECT_TRUE(near(df::expected_improvement({.mean = 4.0, .variance = 0.0}, 3.0, 0.0), 0.0, 0.0,
                     "EI with σ = 0 above the best: no improvement (and no 0/0)"));
    EXPECT_TRUE(near(df::expected_improvement({.mean = 2.5, .variance = 0.0}, 3.0, 0.5), 0.0, 0.0,
                     "EI with σ = 0 and μ = best − ξ exactly: 0. Dividing first gives z = 0/0 = NaN: handle σ = 0 "
                     "before computing z"));
}

TEST(Ex1610Acquisition, UpperConfidenceBoundOfMinusF) {
    EXPECT_TRUE(near(df::upper_confidence_bound({.mean = 1.0, .variance = 4.0}, 2.0), 3.0, 1e-15,
                     "UCB with μ = 1, σ² = 4, κ = 2: −μ + κσ = −1 + 4 (σ, not σ²; −μ since we minimise)"));
    EXPECT_TRUE(near(df::upper_confidence_bound({.mean = -0.5, .variance = 0.0}, 5.0), 0.5, 1e-15,
                     "UCB with μ = −0.5, σ = 0: −μ"));
}

// ==== 16.11 The Bayesian-optimization loop ====================================================================

TEST(Ex1611BayesOpt, RejectsImpossibleBudgets) {
    course::Rng rng(1);
    const df::Box box{{0.0}, {1.0}};
    EXPECT_THROW(df::bayes_opt(forrester, box, {.initial_points = 0}, rng), std::invalid_argument) << "initial_points 0";
    EXPECT_THROW(df::bayes_opt(forrester, box, {.initial_points = 5, .budget = 4}, rng), std::invalid_argument)
        << "budget 4 < initial_points 5";
    EXPECT_THROW(df::bayes_opt([](const Vector&) { return kNaN; }, box, {.initial_points = 2, .budget = 3}, rng),
                 course::RuntimeFailure)
        << "an objective that returns NaN";
}

TEST(Ex1611BayesOpt, FollowsTheRecipeStepByStep) {
    // Replays the loop with the given pieces (this test also runs your 16.8-16.10).
    const df::Box box{{-1.0, 0.0}, {2.0, 3.0}};
    auto f = [](const Vector& x) { return (x[0] - 0.5) * (x[0] - 0.5) + std::sin(3.0 * x[1]); };
    const df::BayesOptOptions options{.initial_points = 3, .budget = 6, .candidates = 200};
    course::Rng rng(7), replay(7);
    std::vector<std::size_t> seen;
    const df::BayesOptResult r =
        df::bayes_opt(f, box, options, rng, [&](const df::BayesOptStep& s) { seen.push_back(s.evaluation); });
    ASSERT_EQ(r.points.size(), 6u) << "budget 6: six points in all, the initial three included";
    ASSERT_EQ(r.values.size(), 6u);
    ASSERT_EQ(r.best_so_far.size(), 6u);
    EXPECT_EQ(seen, (std::vector<std::size_t>{3, 4, 5})) << "the observer sees evaluations 3, 4, 5 (after the design)";
    std::vector<Vector> points;
    Vector values;
    for (std::size_t i = 0; i < 3; ++i) {
        points.push_back(course::random_search::sample_uniform(box, replay));
        EXPECT_TRUE(course::teach::vectors_near(r.points[i], points.back(), 0.0,
                                                "initial point " + std::to_string(i) + " (sample_uniform, in order)"));
        values.push_back(f(points.back()));
    }
    for (std::size_t i = 3; i < 6; ++i) {
        const df::Surrogate s = df::fit_surrogate(points, values, box, options);
        const std::vector<Vector> cands = df::propose_candidates(s, options, replay);
        std::size_t best = 0;
        for (std::size_t c = 1; c < cands.size(); ++c)
            if (df::acquisition_value(s, cands[c], options) > df::acquisition_value(s, cands[best], options)) best = c;
        EXPECT_TRUE(course::teach::vectors_near(r.points[i], cands[best], 0.0,
                                                "point " + std::to_string(i) + ": the candidate of largest acquisition"));
        points.push_back(cands[best]);
        values.push_back(f(points.back()));
    }
    double running = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_TRUE(near(r.values[i], f(r.points[i]), 0.0, "values[" + std::to_string(i) + "] = f(points[i])"));
        running = std::min(running, r.values[i]);
        EXPECT_TRUE(near(r.best_so_far[i], running, 0.0,
                         "best_so_far[" + std::to_string(i) + "]: the running minimum of values[0.." + std::to_string(i) + "]"));
    }
    EXPECT_TRUE(near(r.best_value, running, 0.0, "best_value: the lowest value"));
    EXPECT_TRUE(near(f(r.best_point), r.best_value, 0.0, "f(best_point) = best_value"));
    // Where each evaluation went, numbered, on the contours of f: yours and the replayed recipe's.
    course::teach::on_failure_draw("bayes_opt_points", [&](course::plot::Figure& fig) {
        namespace plot = course::plot;
        auto& ax = fig.axes();
        const auto grid = plot::sample([&](double x, double y) { return f({x, y}); }, -1.0, 2.0, 0.0, 3.0, 121, 121);
        ax.contourf(grid, {.n_levels = 14}).colorbar("f(x) = (x₀ − 0.5)² + sin(3x₁)");
        const auto draw = [&](const std::vector<Vector>& pts, plot::LineOptions style, plot::Color text, double dx, double dy) {
            std::vector<double> xs, ys;
            for (const Vector& p : pts)
                if (p.size() == 2) xs.push_back(p[0]), ys.push_back(p[1]);
            style.style = plot::LineStyle::none, style.marker_size = 13;
            ax.plot(xs, ys, style);
            for (std::size_t i = 0; i < xs.size(); ++i)
                ax.annotate(std::to_string(i), xs[i], ys[i],
                            {.marker = plot::Marker::none, .color = text, .dx = dx, .dy = dy, .font_size = 13});
        };
        auto reference = course::teach::reference_style("the recipe's points (replayed)");
        reference.color = plot::colors::white;
        draw(points, reference, plot::colors::blue, -16, 8);
        draw(r.points, course::teach::yours_style("your points"), plot::hex("#b35900"), 8, -18);
        ax.xlim(-1.0, 2.0).ylim(0.0, 3.0).xlabel("x₀").ylabel("x₁").legend({.font_size = 10});
        ax.title("bayes_opt (3 random, 3 by expected improvement): yours and the recipe's");
    });
}

TEST(Ex1611BayesOpt, FindsTheForresterMinimumInFifteenEvaluations) {
    // This test also runs your 16.8-16.10. Random search needs ~100 draws to land within 0.05 of it.
    const df::Box box{{0.0}, {1.0}};
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        course::Rng rng(seed);
        const df::BayesOptResult r = df::bayes_opt(forrester, box, {.initial_points = 4, .budget = 15}, rng);
        EXPECT_TRUE(near(r.best_value, kForresterMinimum, 0.05,
                         "best of 15 BO evaluations (EI) on the Forrester function, seed " + std::to_string(seed)));
    }
    course::Rng rng(4);
    const df::BayesOptResult r = df::bayes_opt(
        forrester, box, {.initial_points = 4, .budget = 15, .acquisition = df::Acquisition::upper_confidence_bound}, rng);
    EXPECT_TRUE(near(r.best_value, kForresterMinimum, 0.05, "best of 15 BO evaluations with UCB (κ = 2)"));
}

// ==== The given code ==========================================================================================

TEST(Chapter16Given, TriangularSolvesAndTheNormalDistribution) {
    const Matrix L = Matrix::from_rows({{2, 0, 0}, {6, 1, 0}, {-8, 5, 3}});
    const Vector x = df::solve_lower(L, {2, 7, 0});  // 2x₀ = 2, 6x₀ + x₁ = 7, −8x₀ + 5x₁ + 3x₂ = 0
    EXPECT_TRUE(course::teach::vectors_near(x, {1, 1, 1}, 1e-14, "solve_lower"));
    const Vector z = df::solve_lower_transposed(L, {2 + 6 - 8, 1 + 5, 3});  // Lᵀ·(1, 1, 1)
    EXPECT_TRUE(course::teach::vectors_near(z, {1, 1, 1}, 1e-14, "solve_lower_transposed"));
    EXPECT_TRUE(near(df::normal_cdf(1.959963985), 0.975, 1e-9, "Φ(1.96)"));
    EXPECT_TRUE(near(df::normal_cdf(-10.0), 7.619853024e-24, 1e-32, "Φ(−10), the far tail"));
    EXPECT_TRUE(near(df::normal_pdf(0.0), 1.0 / std::sqrt(2.0 * std::numbers::pi), 1e-15, "φ(0)"));
}

TEST(Chapter16Given, EigenDecompositionRebuildsTheCovariance) {
    df::CmaState s = df::initial_cma_state({0.0, 0.0, 0.0}, 1.0);
    s.C = Matrix::from_rows({{4.0, 1.0, 0.5}, {1.0, 3.0, -0.2}, {0.5, -0.2, 1.0}});
    df::decompose_covariance(s);
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j) {
            double bdb = 0.0, btb = 0.0;
            for (std::size_t k = 0; k < 3; ++k) {
                bdb += s.B(i, k) * s.D[k] * s.D[k] * s.B(j, k);
                btb += s.B(k, i) * s.B(k, j);
            }
            EXPECT_TRUE(near(bdb, s.C(i, j), 1e-12, "B·diag(D²)·Bᵀ"));
            EXPECT_TRUE(near(btb, i == j ? 1.0 : 0.0, 1e-12, "BᵀB = I"));
        }
    EXPECT_LE(s.D[0], s.D[1]);
    EXPECT_LE(s.D[1], s.D[2]) << "D ascending";
}

TEST(Chapter16Given, EvaluationsToTargetAndTheStartSimplex) {
    EXPECT_EQ(df::evaluations_to_target({5.0, 3.0, 1.0, 1.0}, 1.0), 3u) << "first reaches the target at evaluation 3";
    EXPECT_EQ(df::evaluations_to_target({5.0, 3.0}, 1.0), 0u) << "never";
    const df::Simplex s = df::initial_simplex(sphere, {1.0, 2.0}, 0.5);
    ASSERT_EQ(s.points.size(), 3u);
    EXPECT_TRUE(course::teach::vectors_near(s.points[0], {1.0, 2.0}, 0.0, "best vertex of the start simplex"));
    EXPECT_TRUE(near(s.values[2], sphere({1.0, 2.5}), 0.0, "worst vertex: x₀ + 0.5·e₂"));
}
