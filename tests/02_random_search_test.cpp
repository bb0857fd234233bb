// Tests that grade chapter 02. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); the
// Chapter02Functions suite checks the given test functions and must pass on the stubs too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <numbers>
#include <stdexcept>
#include <vector>

#include "chapters/02_random_search/random_search.hpp"
#include "tests/support/teach.hpp"

namespace rs = course::random_search;
using course::teach::near;
using course::teach::vectors_near;

namespace {

// The bowl (x − 1)² + (y + 0.5)² written out here, independently of the given code.
double bowl_value(const rs::Vector& t) { return std::pow(t[0] - 1.0, 2) + std::pow(t[1] + 0.5, 2); }

rs::Vector central_gradient(const rs::Objective& f, rs::Vector t, double h = 1e-6) {
    rs::Vector g(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        const double keep = t[i];
        t[i] = keep + h;
        const double up = f(t);
        t[i] = keep - h;
        const double down = f(t);
        t[i] = keep;
        g[i] = (up - down) / (2.0 * h);
    }
    return g;
}

// The harness rule for inputs: storage that runs on past the last entry with NaN, so that a loop that
// reads one entry too many (i <= n) picks up a NaN instead of a harmless leftover.
std::vector<double> with_nan_beyond(const std::vector<double>& values) {
    std::vector<double> out(values.size() + 8, std::numeric_limits<double>::quiet_NaN());
    out.resize(values.size());  // the NaN stay in the storage behind the last entry
    std::copy(values.begin(), values.end(), out.begin());
    return out;
}

bool inside(const rs::Vector& t, const rs::Box& box) {
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i] < box.lower[i] || t[i] > box.upper[i]) return false;
    return t.size() == box.lower.size();
}

}  // namespace

// ---- 2.1 ---------------------------------------------------------------------------------------------

TEST(Ex0201SampleUniform, StaysInTheBoxAndSpreadsOverIt) {
    const rs::Box box{{-1.0, 2.0}, {3.0, 2.5}};
    course::Rng rng(1);
    double sum0 = 0.0, sum1 = 0.0;
    const int n = 4000;
    for (int k = 0; k < n; ++k) {
        const auto t = rs::sample_uniform(box, rng);
        ASSERT_EQ(t.size(), 2u) << "a point of a 2-D box has 2 coordinates";
        ASSERT_TRUE(inside(t, box)) << "sample " << k << " = (" << t[0] << ", " << t[1]
                                    << ") is outside [−1, 3] × [2, 2.5]: u ∈ [0, 1) must be stretched by the "
                                       "interval's width upperᵢ − lowerᵢ, then shifted by lowerᵢ";
        sum0 += t[0];
        sum1 += t[1];
    }
    // Standard errors: 4/√12/√4000 ≈ 0.018 and 0.5/√12/√4000 ≈ 0.0023; the tolerances are 5 of them.
    EXPECT_TRUE(near(sum0 / n, 1.0, 0.09, "mean of coordinate 0 over 4000 samples of U[−1, 3]"));
    EXPECT_TRUE(near(sum1 / n, 2.25, 0.012, "mean of coordinate 1 over 4000 samples of U[2, 2.5]"));
}

TEST(Ex0201SampleUniform, OneDrawPerCoordinateInOrder) {
    const rs::Box box{{-1.0, 10.0, 0.0}, {1.0, 20.0, 0.0}};
    course::Rng reference(77), rng(77);
    const double u0 = reference.uniform(), u1 = reference.uniform(), u2 = reference.uniform();
    const rs::Vector want{-1.0 + 2.0 * u0, 10.0 + 10.0 * u1, 0.0 * u2};
    rs::Vector got;
    const rs::Box poisoned_box{with_nan_beyond(box.lower), with_nan_beyond(box.upper)};
    ASSERT_NO_THROW(got = rs::sample_uniform(poisoned_box, rng))
        << "coordinate 2 has lower = upper = 0: a fixed coordinate is allowed (only lowerᵢ > upperᵢ is an error). "
           "(The box's storage holds NaN behind its 3 bounds: a loop that runs to i <= size reads them.)";
    const bool one_draw = got.size() == 3 && std::abs(got[1] - (10.0 + 10.0 * u0)) < 1e-12;
    EXPECT_TRUE(vectors_near(got, want, 1e-12,
                             "θᵢ = lowerᵢ + (upperᵢ − lowerᵢ)·u with u = rng.uniform(), coordinates in order"))
        << (one_draw ? "Coordinate 1 used coordinate 0's draw: one u for all coordinates puts every sample on the "
                       "box's diagonal. Draw a fresh rng.uniform() for each coordinate."
                     : "");
}

TEST(Ex0201SampleUniform, RejectsBadBoxes) {
    course::Rng rng(1);
    EXPECT_THROW(rs::sample_uniform({{}, {}}, rng), std::invalid_argument) << "an empty box";
    EXPECT_THROW(rs::sample_uniform({{0.0, 0.0}, {1.0}}, rng), std::invalid_argument) << "2 lower bounds, 1 upper";
    EXPECT_THROW(rs::sample_uniform({{0.0, 2.0}, {1.0, 1.0}}, rng), std::invalid_argument)
        << "lower bound 2 above upper bound 1 in coordinate 1";
}

// ---- 2.2 ---------------------------------------------------------------------------------------------

TEST(Ex0202BestSoFar, HandComputedRunningMinimum) {
    EXPECT_EQ(rs::best_so_far({3.0, 5.0, 2.0, 2.0, 4.0, 1.0}), (std::vector<double>{3.0, 3.0, 2.0, 2.0, 2.0, 1.0}))
        << "values 3 5 2 2 4 1: one entry per value (not per improvement), the lowest so far; the running minimum "
           "starts at +∞ (nothing seen yet), not at 0";
    EXPECT_EQ(rs::best_so_far({-1.0}), (std::vector<double>{-1.0})) << "a single value";
    EXPECT_TRUE(rs::best_so_far({}).empty()) << "no values, no curve";
}

TEST(Ex0202BestSoFar, NanIsNeverAnImprovement) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(rs::best_so_far({4.0, nan, 3.0, nan}), (std::vector<double>{4.0, 4.0, 3.0, 3.0}))
        << "values 4 NaN 3 NaN: a NaN loss (a failed evaluation) must not replace the best";
    // Starting from the first value instead of +∞ breaks when that value is a NaN: every later
    // comparison with NaN is false, and the curve would stay NaN for ever.
    const double inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(rs::best_so_far({nan, 2.0, 1.0}), (std::vector<double>{inf, 2.0, 1.0}))
        << "values NaN 2 1: the curve starts at +∞ (nothing good seen yet), then 2, then 1";
}

// ---- 2.3 ---------------------------------------------------------------------------------------------

TEST(Ex0203RandomSearch, GetsCloseToTheMinimumOfAQuadratic) {
    // A hit within 0.25 of (1, −0.5) has probability π·0.25²/64 ≈ 0.0031 per sample in the box
    // [−4, 4]²; 4000 samples all miss with probability (1 − 0.0031)⁴⁰⁰⁰ ≈ 5·10⁻⁶.
    course::Rng rng(2024);
    const auto result = rs::random_search(bowl_value, {{-4.0, -4.0}, {4.0, 4.0}}, {.budget = 4000}, rng);
    ASSERT_EQ(result.best_point.size(), 2u) << "best_point of a 2-D search";
    EXPECT_LE(std::hypot(result.best_point[0] - 1.0, result.best_point[1] + 0.5), 0.25)
        << "best point (" << result.best_point[0] << ", " << result.best_point[1]
        << ") should lie within 0.25 of the minimiser (1, −0.5) after 4000 samples (seed 2024)";
    EXPECT_LE(result.best_value, 0.0625) << "the bowl is below 0.25² = 0.0625 within 0.25 of its minimum";
}

TEST(Ex0203RandomSearch, SpendsExactlyTheBudget) {
    int calls = 0;
    const rs::Objective counted = [&calls](const rs::Vector& t) { ++calls; return bowl_value(t); };
    course::Rng rng(3);
    const auto result = rs::random_search(counted, {{-4.0, -4.0}, {4.0, 4.0}}, {.budget = 137}, rng);
    EXPECT_EQ(calls, 137) << "f must be called exactly budget = 137 times";
    EXPECT_EQ(result.evaluations, 137u) << "result.evaluations counts the calls of f";
    EXPECT_EQ(result.best_so_far.size(), 137u) << "one best-so-far value per evaluation";
    EXPECT_THROW(rs::random_search(counted, {{0.0}, {1.0}}, {.budget = 0}, rng), std::invalid_argument)
        << "a budget of 0 evaluations";
}

TEST(Ex0203RandomSearch, BestSoFarNeverIncreasesAndMatchesTheBest) {
    std::vector<double> seen;
    const rs::Objective recorded = [&seen](const rs::Vector& t) { seen.push_back(bowl_value(t)); return seen.back(); };
    const rs::Box box{{-4.0, -4.0}, {4.0, 4.0}};
    course::Rng rng(11);
    const auto result = rs::random_search(recorded, box, {.budget = 500}, rng);
    ASSERT_EQ(result.best_so_far.size(), seen.size()) << "one best-so-far value per evaluation";
    double lowest = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < seen.size(); ++k) {
        lowest = std::min(lowest, seen[k]);
        ASSERT_EQ(result.best_so_far[k], lowest) << "best_so_far[" << k << "] is the lowest of the first " << k + 1
                                                 << " values f returned";
        if (k > 0) {
            ASSERT_LE(result.best_so_far[k], result.best_so_far[k - 1]) << "the curve went up at " << k;
        }
    }
    EXPECT_EQ(result.best_value, lowest) << "best_value is the lowest value f returned";
    EXPECT_TRUE(near(bowl_value(result.best_point), result.best_value, 0.0, "f(best_point) against best_value"));
}

TEST(Ex0203RandomSearch, ThePathHoldsEachNewBestInOrder) {
    const rs::Box box{{-4.0, -4.0}, {4.0, 4.0}};
    course::Rng rng(5);
    const auto result = rs::random_search(bowl_value, box, {.budget = 300}, rng);
    ASSERT_EQ(result.paths.size(), 1u) << "random search leaves one path: its successive best points";
    const auto& path = result.paths.front();
    ASSERT_FALSE(path.empty()) << "the first sample is always the best so far";
    EXPECT_EQ(path.back(), result.best_point)
        << "the path ends at the best point: only a new best is appended to it, not every sample";
    for (std::size_t k = 0; k < path.size(); ++k) {
        EXPECT_TRUE(inside(path[k], box)) << "path point " << k << " lies outside the box";
        if (k > 0) {
            EXPECT_LT(bowl_value(path[k]), bowl_value(path[k - 1])) << "path point " << k << " is no better";
        }
    }
}

TEST(Ex0203RandomSearch, ATieIsNotANewBest) {
    // A flat loss: every sample ties with the first, so the first stays the best and the path has one point.
    const rs::Box box{{-1.0, 0.0}, {1.0, 2.0}};
    course::Rng reference(6), rng(6);
    const double u0 = reference.uniform(), u1 = reference.uniform();
    const rs::Vector first{-1.0 + 2.0 * u0, 0.0 + 2.0 * u1};
    const auto result = rs::random_search([](const rs::Vector&) { return 5.0; }, box, {.budget = 50}, rng);
    ASSERT_EQ(result.paths.size(), 1u) << "random search leaves one path";
    EXPECT_EQ(result.paths.front().size(), 1u)
        << "on a flat loss only the first sample is a new best: a tie is not an improvement (< rather than <=)";
    EXPECT_TRUE(vectors_near(result.best_point, first, 1e-12, "best point on a flat loss: the first sample"));
    EXPECT_EQ(result.best_value, 5.0);
}

TEST(Ex0203RandomSearch, AllNanLeavesNoBestPoint) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    course::Rng rng(2);
    const auto result = rs::random_search([nan](const rs::Vector&) { return nan; }, {{0.0}, {1.0}}, {.budget = 4}, rng);
    EXPECT_TRUE(result.best_point.empty()) << "no evaluation succeeded, so there is no best point";
    EXPECT_EQ(result.best_value, std::numeric_limits<double>::infinity()) << "best_value starts at +∞ and stays";
    EXPECT_EQ(result.evaluations, 4u) << "a failed evaluation still spends the budget";
    ASSERT_EQ(result.paths.size(), 1u) << "one path, even when it stays empty";
    EXPECT_TRUE(result.paths.front().empty()) << "no new best was ever found";
}

// ---- 2.4 ---------------------------------------------------------------------------------------------

TEST(Ex0204BallFraction, HandComputedVolumes) {
    EXPECT_TRUE(near(rs::ball_fraction(1, 0.3), 0.3, 1e-12, "d = 1: the segment [−0.3, 0.3] is 0.6 of length 2"));
    EXPECT_TRUE(near(rs::ball_fraction(2, 0.5), std::numbers::pi * 0.25 / 4.0, 1e-12,
                     "d = 2: a disc of radius 0.5, area π·0.25, in a square of area 4"));
    const double three = rs::ball_fraction(3, 1.0);
    EXPECT_TRUE(near(three, std::numbers::pi / 6.0, 1e-12, "d = 3: the unit ball, volume 4π/3, in a cube of volume 8"))
        << (std::abs(three - std::numbers::pi / 8.0) < 1e-12
                ? "That is π¹/8: d/2 was computed on integers (3/2 = 1). Convert d to double first."
            : std::abs(three - std::pow(std::numbers::pi, 1.5) / 8.0 / std::tgamma(1.5)) < 1e-12
                ? "The d-ball's volume has Γ(d/2 + 1) in its denominator, not Γ(d/2)."
            : std::abs(three - 4.0 * std::numbers::pi / 3.0) < 1e-12
                ? "That is the ball's volume: divide by the cube's volume 2ᵈ to get the fraction."
                : "");
    // V₁₀(1) = π⁵/5! (Γ(6) = 120), over 2¹⁰.
    EXPECT_TRUE(near(rs::ball_fraction(10, 1.0), std::pow(std::numbers::pi, 5) / 120.0 / 1024.0, 1e-15,
                     "d = 10: the inscribed ball fills a quarter of a percent of the cube"));
}

TEST(Ex0204BallFraction, ShrinksWithDimensionAndRejectsBadInput) {
    for (std::size_t d = 1; d < 20; ++d)
        EXPECT_LT(rs::ball_fraction(d + 1, 0.5), rs::ball_fraction(d, 0.5))
            << "a hit within 0.5 must be rarer in " << d + 1 << " dimensions than in " << d;
    EXPECT_THROW(rs::ball_fraction(0, 0.5), std::invalid_argument) << "dimension 0";
    EXPECT_THROW(rs::ball_fraction(2, 0.0), std::invalid_argument) << "radius 0";
    EXPECT_THROW(rs::ball_fraction(2, 1.5), std::invalid_argument) << "radius 1.5 leaves the cube";
    EXPECT_THROW(rs::ball_fraction(2, 1.05), std::invalid_argument)
        << "radius 1.05 pokes out of the cube's faces, where the formula no longer gives the fraction: only "
           "0 < radius ≤ 1 is allowed";
    EXPECT_THROW(rs::ball_fraction(2, -0.5), std::invalid_argument) << "a negative radius";
}

// ---- 2.5 ---------------------------------------------------------------------------------------------

TEST(Ex0205HitFraction, AgreesWithTheVolumeFormula) {
    course::Rng rng(8);
    // Binomial standard error √(p(1 − p)/n): 0.0009 and 0.0006 for n = 200000; tolerances are 5 of them.
    const double disc = rs::hit_fraction(2, 0.5, 200000, rng);
    EXPECT_TRUE(near(disc, std::numbers::pi / 16.0, 0.0045, "d = 2, r = 0.5: the share of the square inside the disc is π/16"))
        << (std::abs(disc - std::numbers::pi / 8.0) < 0.0045
                ? "That is the share within √r = 0.71: compare the squared distance Σxᵢ² with r², not with r."
            : disc == 0.0 ? "No hits at all: is the squared distance reset to 0 for every point, and are hits/samples "
                            "divided as doubles?"
                          : "");
    EXPECT_TRUE(near(rs::hit_fraction(6, 1.0, 200000, rng), std::pow(std::numbers::pi, 3) / 6.0 / 64.0, 0.003,
                     "d = 6, r = 1: V₆ = π³/6 over 2⁶"));
    EXPECT_TRUE(near(rs::hit_fraction(1, 0.3, 100000, rng), 0.3, 0.008, "d = 1, r = 0.3"));
}

TEST(Ex0205HitFraction, ReplaysTheGeneratorExactly) {
    // d draws of rng.uniform(−1, 1) per point, points one after another: the count can be replayed.
    for (std::uint64_t seed : {4u, 5u, 6u, 7u}) {
        course::Rng reference(seed), rng(seed);
        std::size_t hits = 0;
        for (int s = 0; s < 300; ++s) {
            double squared = 0.0;
            for (int i = 0; i < 3; ++i) {
                const double x = reference.uniform(-1.0, 1.0);
                squared += x * x;
            }
            if (squared <= 0.49) ++hits;
        }
        EXPECT_TRUE(near(rs::hit_fraction(3, 0.7, 300, rng), static_cast<double>(hits) / 300.0, 1e-12,
                         "hits over 300 points of [−1, 1]³ within 0.7, seed " + std::to_string(seed) +
                             ": exactly 3 draws per point and exactly 300 points?"));
    }
}

TEST(Ex0205HitFraction, RejectsBadInput) {
    course::Rng a(4);
    EXPECT_THROW(rs::hit_fraction(0, 0.5, 10, a), std::invalid_argument) << "dimension 0";
    EXPECT_THROW(rs::hit_fraction(2, 0.5, 0, a), std::invalid_argument) << "no samples";
    EXPECT_THROW(rs::hit_fraction(2, 0.0, 10, a), std::invalid_argument) << "radius 0";
    EXPECT_TRUE(near(rs::hit_fraction(2, 1.5, 10, a), 1.0, 0.0, "radius 1.5 holds the whole square [−1, 1]²"))
        << "only radius ≤ 0 is an error here: a radius above √2 simply catches every point";
}

// ---- 2.6 ---------------------------------------------------------------------------------------------

TEST(Ex0206ExpectedBestLoss, HandComputedSmallCases) {
    // d = 1, box [−1, 1] (A = 2), θ* = 0: L = θ², and E[min of n] = 2/((n + 1)(n + 2)); one sample: E[θ²] = 1/3.
    const double one = rs::expected_best_loss(1, 2.0, 1);
    EXPECT_TRUE(near(one, 1.0 / 3.0, 1e-12, "d = 1, A = 2, n = 1: E[θ²] for θ ~ U[−1, 1]"))
        << (std::abs(one - 1.0 / 6.0) < 1e-12
                ? "Half the answer: a factor Γ(1 + 2/d) = Γ(3) = 2 is missing (it is 1 in d = 2, so only other "
                  "dimensions show it)."
                : "");
    EXPECT_TRUE(near(rs::expected_best_loss(1, 2.0, 3), 0.1, 1e-12, "d = 1, A = 2, n = 3: 2/(4·5)"));
    EXPECT_TRUE(near(rs::expected_best_loss(1, 0.5, 1), 0.0625 / 3.0, 1e-15,
                     "d = 1, A = 0.5 (a box smaller than 1 is fine), n = 1: E[θ²] for θ ~ U[−0.25, 0.25]"));
    // d = 2, A = 64: P(L ≤ t) = πt/64, so E[B_n] = 64/(π(n + 1)): one sample averages 32/π.
    EXPECT_TRUE(near(rs::expected_best_loss(2, 64.0, 1), 32.0 / std::numbers::pi, 1e-12, "d = 2, A = 64, n = 1"));
    EXPECT_TRUE(near(rs::expected_best_loss(2, 64.0, 99), 0.64 / std::numbers::pi, 1e-12,
                     "d = 2, A = 64, n = 99: 64/(π·100) (n + 1, not n)"));
    // d = 3, A = 8, n = 1: t_max = (8/(4π/3))^(2/3) = (6/π)^(2/3), and E[L] = t_max·(1 − 1/2.5) = 0.6·t_max.
    EXPECT_TRUE(near(rs::expected_best_loss(3, 8.0, 1), 0.6 * std::pow(6.0 / std::numbers::pi, 2.0 / 3.0), 1e-12,
                     "d = 3, A = 8, n = 1: the exponent is 2/d and the ball's volume 4π/3"));
}

TEST(Ex0206ExpectedBestLoss, StaysFiniteForMillionsOfSamples) {
    const double got = rs::expected_best_loss(2, 64.0, 10000000);
    const double want = 64.0 / (std::numbers::pi * 10000001.0);
    EXPECT_TRUE(near(got, want, want * 1e-7, "d = 2, A = 64, n = 10⁷: 64/(π(n + 1))"))
        << (std::isfinite(got) ? "" : "Γ(n + 1) overflows a double beyond n = 170: take the ratio of the two Γ as "
                                      "exp(lgamma(…) − lgamma(…))");
    // d = 10: Γ(n + 1)/Γ(n + 1.2) ≈ n^(−0.2), so E[B₁]/E[B_n] = Γ(n + 1.2)/(Γ(n + 1)·Γ(2.2)) ≈ n^0.2/Γ(2.2):
    // a million samples are only about 14 times better than one.
    const double one = rs::expected_best_loss(10, 1024.0, 1), million = rs::expected_best_loss(10, 1024.0, 1000000);
    EXPECT_TRUE(near(one / million, std::pow(1e6, 0.2) / std::tgamma(2.2), 1e-3,
                     "d = 10: E[B₁]/E[B₁₀₀₀₀₀₀] ≈ (10⁶)^0.2/Γ(2.2), the N^(−2/d) law"));
}

TEST(Ex0206ExpectedBestLoss, AgreesWithTheMeasuredAverage) {
    // The measured mean best of n samples over many runs, with this test's own sampling: the bowl
    // (x − 1)² + (y + 0.5)² on [−4, 4]² (d = 2, A = 64) and ‖θ‖² on [−1, 1]⁵ (d = 5, A = 32).
    struct Case { rs::Vector minimiser; double half_width; std::size_t n, runs; };
    for (const Case& c : {Case{{1.0, -0.5}, 4.0, 100, 2000}, Case{rs::Vector(5, 0.0), 1.0, 1000, 400}}) {
        course::Rng rng(31);
        double total = 0.0;
        for (std::size_t r = 0; r < c.runs; ++r) {
            double best = std::numeric_limits<double>::infinity();
            for (std::size_t k = 0; k < c.n; ++k) {
                double loss = 0.0;
                for (double centre : c.minimiser) loss += std::pow(rng.uniform(-c.half_width, c.half_width) - centre, 2);
                best = std::min(best, loss);
            }
            total += best;
        }
        const std::size_t dim = c.minimiser.size();
        const double measured = total / static_cast<double>(c.runs);
        const double volume = std::pow(2.0 * c.half_width, static_cast<double>(dim));
        // The best of n is roughly exponential, so its standard error is about mean/√runs; allow 5 of them.
        EXPECT_TRUE(near(rs::expected_best_loss(dim, volume, c.n), measured,
                         5.0 * measured / std::sqrt(static_cast<double>(c.runs)),
                         "d = " + std::to_string(dim) + ", n = " + std::to_string(c.n) + ": the mean best over " +
                             std::to_string(c.runs) + " measured runs"));
    }
}

TEST(Ex0206ExpectedBestLoss, RejectsBadInput) {
    EXPECT_THROW(rs::expected_best_loss(0, 1.0, 10), std::invalid_argument) << "dimension 0";
    EXPECT_THROW(rs::expected_best_loss(2, 0.0, 10), std::invalid_argument) << "a box of volume 0";
    EXPECT_THROW(rs::expected_best_loss(2, 1.0, 0), std::invalid_argument) << "no samples: no best";
}

// ---- the given test functions -------------------------------------------------------------------------

TEST(Chapter02Functions, KnownMinimaHaveTheirValueAndZeroGradient) {
    for (const auto& f : {rs::bowl(), rs::elongated_bowl(), rs::rastrigin(), rs::himmelblau(), rs::sphere(5)}) {
        EXPECT_TRUE(near(f.value(f.minimizer), f.minimum, 1e-12, f.name + " at its minimiser"));
        EXPECT_TRUE(vectors_near(f.gradient(f.minimizer), rs::Vector(f.minimizer.size(), 0.0), 1e-9,
                                 f.name + ": gradient at the minimiser"));
        course::Rng rng(9);
        for (int k = 0; k < 2000; ++k) {
            rs::Vector t(f.bounds.lower.size());
            for (std::size_t i = 0; i < t.size(); ++i) t[i] = rng.uniform(f.bounds.lower[i], f.bounds.upper[i]);
            ASSERT_GE(f.value(t), f.minimum) << f.name << ": a point of the box lies below the known minimum";
        }
    }
}

TEST(Chapter02Functions, HimmelblausFourPublishedMinima) {
    const auto f = rs::himmelblau();
    for (const rs::Vector& m : {rs::Vector{3.0, 2.0}, {-2.805118, 3.131312}, {-3.779310, -3.283186},
                                 {3.584428, -1.848126}})
        EXPECT_TRUE(near(f.value(m), 0.0, 1e-8, "Himmelblau at a published minimum (6 decimals)"));
    EXPECT_TRUE(near(f.value({0.0, 0.0}), 170.0, 1e-12, "Himmelblau at (0, 0): 11² + 7²"));
}

TEST(Chapter02Functions, GradientsAgreeWithCentralDifferences) {
    for (const auto& f : {rs::bowl(), rs::elongated_bowl(7.0), rs::rastrigin(3), rs::himmelblau()}) {
        course::Rng rng(21);
        for (int k = 0; k < 5; ++k) {
            rs::Vector t(f.bounds.lower.size());
            for (auto& x : t) x = rng.uniform(-2.0, 2.0);
            EXPECT_TRUE(course::teach::gradients_agree(f.gradient(t), central_gradient(f.value, t), 1e-6,
                                                       f.name + ": analytic against numerical gradient"));
        }
    }
}

TEST(Chapter02Functions, ElongatedBowlHasCurvaturesOneAndKappa) {
    // The Hessian by central differences of the gradient, then its eigenvalues in closed form.
    const auto f = rs::elongated_bowl(12.0);
    const rs::Vector at{0.3, 0.7};
    const double h = 1e-5;
    auto column = [&](std::size_t j) {
        rs::Vector up = at, down = at;
        up[j] += h;
        down[j] -= h;
        const auto gu = f.gradient(up), gd = f.gradient(down);
        return rs::Vector{(gu[0] - gd[0]) / (2 * h), (gu[1] - gd[1]) / (2 * h)};
    };
    const auto c0 = column(0), c1 = column(1);
    const double mean = (c0[0] + c1[1]) / 2.0, radius = std::hypot((c0[0] - c1[1]) / 2.0, c0[1]);
    EXPECT_TRUE(near(mean + radius, 12.0, 1e-6, "largest Hessian eigenvalue of elongated_bowl(12)"));
    EXPECT_TRUE(near(mean - radius, 1.0, 1e-6, "smallest Hessian eigenvalue of elongated_bowl(12)"));
    EXPECT_EQ(f.max_curvature, 12.0);
}

TEST(Chapter02Functions, EvaluationLogRecordsEveryCall) {
    rs::EvaluationLog log(rs::bowl().value);
    const auto f = log.objective();
    f({1.0, -0.5});
    f({0.0, 0.0});
    ASSERT_EQ(log.count(), 2u);
    EXPECT_EQ(log.values(), (std::vector<double>{0.0, 1.25}));
    EXPECT_LE(log.seconds()[0], log.seconds()[1]) << "time stamps never go back";
}
