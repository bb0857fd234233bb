// Tests that grade chapter 03. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "chapters/03_hill_climbing/hill_climbing.hpp"
#include "tests/support/teach.hpp"

namespace hc = course::hill_climbing;
using course::teach::near;
using course::teach::vectors_near;
using hc::Vector;

namespace {

// Written out here, independently of the given code: the bowl (x − 1)² + (y + 0.5)² and Rastrigin.
double bowl_value(const Vector& t) { return std::pow(t[0] - 1.0, 2) + std::pow(t[1] + 0.5, 2); }
double rastrigin_value(const Vector& t) {
    double total = 20.0;
    for (double x : t) total += x * x - 10.0 * std::cos(2.0 * 3.141592653589793 * x);
    return total;
}

const hc::Box kBowlBox{{-4.0, -4.0}, {4.0, 4.0}};
const hc::Box kRastriginBox{{-5.12, -5.12}, {5.12, 5.12}};

}  // namespace

// ---- 3.1 ---------------------------------------------------------------------------------------------

TEST(Ex0301ProposeNeighbour, CentredOnXWithSpreadStep) {
    const Vector x{0.5, -1.0};
    course::Rng rng(1);
    const int n = 20000;
    double mean[2] = {0, 0}, square[2] = {0, 0};
    for (int k = 0; k < n; ++k) {
        const auto y = hc::propose_neighbour(x, 0.1, {{-10.0, -10.0}, {10.0, 10.0}}, rng);
        ASSERT_EQ(y.size(), 2u);
        for (int i = 0; i < 2; ++i) {
            mean[i] += (y[i] - x[i]) / n;
            square[i] += (y[i] - x[i]) * (y[i] - x[i]) / n;
        }
    }
    // Standard errors for 20000 draws of N(0, 0.1²): 0.0007 for the mean, 0.0005 for the std-dev.
    for (int i = 0; i < 2; ++i) {
        EXPECT_TRUE(near(mean[i], 0.0, 0.004, "mean offset of coordinate " + std::to_string(i) + " (step 0.1)"));
        EXPECT_TRUE(near(std::sqrt(square[i]), 0.1, 0.004,
                         "std-dev of the offset in coordinate " + std::to_string(i) + ": should be the step"))
            << "step is σ, the standard deviation of the Gaussian step (not its variance): x + step·z, z ~ N(0, 1)";
    }
}

TEST(Ex0301ProposeNeighbour, ReplaysTheGeneratorAndClampsIntoTheBox) {
    const Vector x{0.9, 0.2, 0.5};
    const hc::Box box{{0.0, 0.0, 0.0}, {1.0, 1.0, 1.0}};
    course::Rng reference(5), rng(5);
    for (int k = 0; k < 20; ++k) {
        Vector want(3);
        for (int i = 0; i < 3; ++i) want[i] = std::clamp(x[i] + 0.4 * reference.normal(), 0.0, 1.0);
        EXPECT_TRUE(vectors_near(hc::propose_neighbour(x, 0.4, box, rng), want, 1e-12,
                                 "clamp(xᵢ + 0.4·rng.normal(), 0, 1), one normal per coordinate in order"));
    }
}

TEST(Ex0301ProposeNeighbour, RejectsBadInput) {
    course::Rng rng(1);
    EXPECT_THROW(hc::propose_neighbour({0.0, 0.0}, 0.0, kBowlBox, rng), std::invalid_argument) << "step 0";
    EXPECT_THROW(hc::propose_neighbour({0.0}, 0.1, kBowlBox, rng), std::invalid_argument) << "1-D point, 2-D box";
    EXPECT_THROW(hc::propose_neighbour({0.0, 0.0}, 0.1, {{-1.0, -1.0}, {1.0, 1.0, 1.0}}, rng), std::invalid_argument)
        << "a 2-D point in a box with 2 lower and 3 upper bounds: check x against both";
}

// ---- 3.2 ---------------------------------------------------------------------------------------------

TEST(Ex0302ClimbStep, AcceptsExactlyTheBetterProposals) {
    // f(θ) = θ₀ on [−1, 1]: a proposal is better exactly when its coordinate is below the current one.
    // Replaying the generator tells where each proposal lands.
    const hc::Objective f = [](const Vector& t) { return t[0]; };
    const hc::Box box{{-1.0}, {1.0}};
    course::Rng reference(12), rng(12);
    hc::Climber climber{{0.8}, 0.8};
    for (int k = 0; k < 40; ++k) {
        const double proposal = std::clamp(climber.point[0] + 0.3 * reference.normal(), -1.0, 1.0);
        const bool better = proposal < climber.point[0];
        const double before = climber.point[0];
        EXPECT_EQ(hc::climb_step(f, climber, 0.3, box, rng), better)
            << "step " << k << ": from " << before << " the proposal " << proposal << (better ? " is" : " is not")
            << " better"
            << (proposal == before ? " (a tie, clamped at the box's edge: accept only strict improvements)" : "");
        // Not EXPECT_EQ: 0.3·rng.normal() and rng.normal(0, 0.3) round differently in the last bit.
        EXPECT_TRUE(near(climber.point[0], better ? proposal : before, 1e-12,
                         "step " + std::to_string(k) + ": where the climber should be"));
        EXPECT_EQ(climber.value, climber.point[0]) << "climber.value must stay f(climber.point)";
    }
}

TEST(Ex0302ClimbStep, OneEvaluationPerStepAndNeverWorse) {
    int calls = 0;
    const hc::Objective counted = [&calls](const Vector& t) { ++calls; return bowl_value(t); };
    course::Rng rng(3);
    hc::Climber climber{{3.0, 3.0}, bowl_value({3.0, 3.0})};
    for (int k = 1; k <= 200; ++k) {
        const double before = climber.value;
        hc::climb_step(counted, climber, 0.5, kBowlBox, rng);
        ASSERT_EQ(calls, k) << "each step evaluates f exactly once";
        ASSERT_LE(climber.value, before) << "step " << k << " made the climber worse";
    }
    EXPECT_LT(climber.value, 1.0) << "200 steps of size 0.5 downhill from (3, 3), where L = 16.25";
}

TEST(Ex0302ClimbStep, AtTheMinimumNothingIsAccepted) {
    course::Rng rng(4);
    hc::Climber climber{{1.0, -0.5}, 0.0};
    for (int k = 0; k < 100; ++k)
        ASSERT_FALSE(hc::climb_step(bowl_value, climber, 0.2, kBowlBox, rng)) << "no point beats the minimum, step " << k;
    EXPECT_EQ(climber.point, (Vector{1.0, -0.5})) << "the climber must not leave the minimum";
}

// ---- 3.3 ---------------------------------------------------------------------------------------------

TEST(Ex0303HillClimb, ConvergesOnTheBowl) {
    SCOPED_TRACE("this test also runs your 3.1 and 3.2 if your hill_climb is built on them, as the hints suggest");
    course::Rng rng(7);
    const auto result = hc::hill_climb(bowl_value, kBowlBox, {.budget = 3000, .start = Vector{-3.0, 3.0}}, rng);
    ASSERT_EQ(result.best_point.size(), 2u);
    EXPECT_TRUE(vectors_near(result.best_point, {1.0, -0.5}, 1e-3,
                             "best point after 3000 evaluations from (−3, 3); the bowl's minimiser is (1, −0.5)"));
    EXPECT_LT(result.best_value, 1e-6) << "random search with the same budget gets about 0.02 (chapter 02)";
}

TEST(Ex0303HillClimb, SpendsExactlyTheBudgetAndTracksTheBest) {
    SCOPED_TRACE("this test also runs your 3.1 and 3.2 if your hill_climb is built on them, as the hints suggest");
    std::vector<double> seen;
    const hc::Objective recorded = [&seen](const Vector& t) { seen.push_back(bowl_value(t)); return seen.back(); };
    course::Rng rng(8);
    const auto result = hc::hill_climb(recorded, kBowlBox, {.budget = 777}, rng);
    ASSERT_EQ(seen.size(), 777u) << "f must be called exactly budget = 777 times, restarts included";
    EXPECT_EQ(result.evaluations, 777u);
    ASSERT_EQ(result.best_so_far.size(), 777u) << "one best-so-far value per evaluation";
    double lowest = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < seen.size(); ++k) {
        lowest = std::min(lowest, seen[k]);
        ASSERT_EQ(result.best_so_far[k], lowest) << "best_so_far[" << k << "]: the lowest of the first " << k + 1
                                                 << " values f returned";
    }
    EXPECT_EQ(result.best_value, lowest);
    EXPECT_EQ(bowl_value(result.best_point), result.best_value) << "f(best_point) must be best_value";
}

TEST(Ex0303HillClimb, GetsStuckOnRastriginWithoutRestarts) {
    SCOPED_TRACE("this test also runs your 3.1 and 3.2 if your hill_climb is built on them, as the hints suggest");
    // Rastrigin has a local minimum near every integer point; from (3, 2) with small steps the climb
    // settles in that basin, where f ≈ 3² + 2² = 13, far above the global minimum 0.
    course::Rng rng(9);
    const auto result = hc::hill_climb(rastrigin_value, kRastriginBox,
                                       {.budget = 5000, .step_size = 0.1, .restarts = false, .start = Vector{3.0, 2.0}},
                                       rng);
    EXPECT_LT(result.evaluations, 5000u) << "without restarts the climb stops once its step falls below min_step";
    EXPECT_EQ(result.paths.size(), 1u) << "one climb, one path";
    EXPECT_TRUE(vectors_near(result.best_point, {3.0, 2.0}, 0.1, "where the climb from (3, 2) ends"));
    EXPECT_GT(result.best_value, 12.0) << "stuck in the basin of (3, 2)";
}

TEST(Ex0303HillClimb, RestartsEscapeTheLocalMinimum) {
    SCOPED_TRACE("this test also runs your 3.1 and 3.2 if your hill_climb is built on them, as the hints suggest");
    // Each restart lands in a uniformly random basin; about one in ten has f < 5, and the budget
    // allows dozens of restarts.
    course::Rng rng(9);
    const auto result =
        hc::hill_climb(rastrigin_value, kRastriginBox, {.budget = 20000, .start = Vector{3.0, 2.0}}, rng);
    EXPECT_GT(result.paths.size(), 10u) << "with 20000 evaluations there should be many climbs";
    EXPECT_LT(result.best_value, 5.0) << "restarts should find a basin closer to the origin than (3, 2)";
    for (const auto& path : result.paths)
        for (std::size_t k = 1; k < path.size(); ++k)
            ASSERT_LT(rastrigin_value(path[k]), rastrigin_value(path[k - 1])) << "a climb's path only goes down";
}

TEST(Ex0303HillClimb, WhenEveryProposalFailsAClimbCostsOnePlusPatienceTimesTheDecays) {
    SCOPED_TRACE("this test also runs your 3.1 and 3.2 if your hill_climb is built on them, as the hints suggest");
    // A flat loss: no proposal is strictly better, so σ = 1 is halved after every 3 rejections: 1, 0.5,
    // 0.25, 0.125 each get 3 proposals, and at 0.0625 < min_step = 0.125 the climb stops: 1 + 3·4 = 13.
    int calls = 0;
    const hc::Objective flat = [&calls](const Vector&) { ++calls; return 0.0; };
    const hc::HillClimbOptions once{.budget = 1000, .step_size = 1.0, .step_decay = 0.5, .patience = 3,
                                    .min_step = 0.125, .restarts = false, .start = Vector{0.0}};
    course::Rng rng(2);
    const auto result = hc::hill_climb(flat, {{-10.0}, {10.0}}, once, rng);
    const auto got = result.evaluations;
    EXPECT_EQ(got, 13u) << "one climb on a flat loss: the start, then 3 rejections at each of σ = 1, 0.5, 0.25, 0.125"
                        << (got == 10u ? ". Got 10: the climb must go on while σ ≥ min_step (σ = min_step included)"
                            : got == 17u || got == 9u ? ". Off by one in patience? σ shrinks at the 3rd rejection in a row"
                            : got == 1000u ? ". Did you reset the rejection count after shrinking σ?"
                                           : "");
    EXPECT_EQ(calls, static_cast<int>(got)) << "evaluations must count the calls of f";
    ASSERT_EQ(result.paths.size(), 1u) << "one climb, one path";
    EXPECT_EQ(result.paths.front().size(), 1u) << "no move was accepted: the path is just the start";

    // With restarts every climb starts again at σ = step_size: climbs of 13, 13, 13 and 1 evaluations.
    auto again = once;
    again.budget = 40;
    again.restarts = true;
    course::Rng rng2(3);
    const auto restarted = hc::hill_climb(flat, {{-10.0}, {10.0}}, again, rng2);
    EXPECT_EQ(restarted.evaluations, 40u) << "with restarts the whole budget is spent";
    EXPECT_EQ(restarted.paths.size(), 4u)
        << "40 evaluations = climbs of 13 + 13 + 13 + 1 when each climb starts again at σ = step_size (did you "
           "reset σ, and the rejection count, for every new climb?)";
    ASSERT_GE(restarted.paths.size(), 2u);
    EXPECT_NE(restarted.paths[1].front(), (Vector{0.0}))
        << "options.start is where the FIRST climb starts; every restart starts at a fresh uniform point of the box "
           "(random_search::sample_uniform), or restarts would walk into the same basin again";
    EXPECT_EQ(restarted.best_point, (Vector{0.0}))
        << "every value ties at 0, so the best point stays the first one evaluated, the start (0): a tie is not "
           "an improvement";

    // patience 1: σ shrinks after every rejection, 1 + 1·4 = 5 evaluations; budget 1: only the start.
    auto impatient = once;
    impatient.patience = 1;
    course::Rng rng3(4);
    EXPECT_EQ(hc::hill_climb(flat, {{-10.0}, {10.0}}, impatient, rng3).evaluations, 5u)
        << "patience 1 is allowed: σ = 1, 0.5, 0.25, 0.125 get one proposal each";
    auto tiny = once;
    tiny.budget = 1;
    const auto just_start = hc::hill_climb(flat, {{-10.0}, {10.0}}, tiny, rng3);
    EXPECT_EQ(just_start.evaluations, 1u) << "budget 1 is allowed: the start is the one evaluation";
    EXPECT_EQ(just_start.best_point, (Vector{0.0})) << "with budget 1 the best point is the start";
}

TEST(Ex0303HillClimb, PatienceCountsRejectionsInARowAndTheStepShrinksOnTime) {
    SCOPED_TRACE("this test also runs your 3.1 and 3.2 if your hill_climb is built on them, as the hints suggest");
    // f ignores θ and returns a scripted value per call, so the test decides which proposals succeed:
    // start 100, then R A R A R R A R R R A (R = 1000, worse; A = a new low). With patience 2 and decay 0.5, σ
    // is 1 up to the 6th proposal (the rejections before it are not in a row), 0.5 from the 7th, 0.25 from
    // the 10th. Each accepted move is θ + σ·z with z the proposal's normal, which the test replays.
    const std::vector<double> script{100, 1000, 99, 1000, 98, 1000, 1000, 97, 1000, 1000, 1000, 96};
    const std::vector<double> sigma{0, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.25, 0.25};  // σ of proposal k
    std::size_t calls = 0;
    const hc::Objective scripted = [&](const Vector&) { return script.at(calls++); };
    const hc::HillClimbOptions options{.budget = script.size(), .step_size = 1.0, .step_decay = 0.5, .patience = 2,
                                       .min_step = 1e-9, .restarts = false, .start = Vector{0.0}};
    course::Rng reference(17), rng(17);
    std::vector<double> want_path{0.0};
    for (std::size_t k = 1; k < script.size(); ++k) {
        const double z = reference.normal();
        if (script[k] < 1000) want_path.push_back(want_path.back() + sigma[k] * z);
    }
    const auto result = hc::hill_climb(scripted, {{-100.0}, {100.0}}, options, rng);
    ASSERT_EQ(result.paths.size(), 1u) << "one climb, one path";
    std::vector<double> got_path;
    for (const auto& p : result.paths.front()) got_path.push_back(p.at(0));
    EXPECT_TRUE(vectors_near(got_path, want_path, 1e-12,
                             "the start and the 4 accepted moves; moves 3 and 4 use σ = 0.5 and 0.25"))
        << "A wrong σ in a move means the decay came early or late: reset the count of rejections on every "
           "accepted move and after every decay, and shrink σ when the count reaches patience.";
    EXPECT_TRUE(vectors_near(result.best_so_far, {100, 100, 99, 99, 98, 98, 98, 97, 97, 97, 97, 96}, 0.0,
                             "best_so_far: the running minimum of the scripted values"));
    EXPECT_EQ(result.best_value, 96.0);
}

TEST(Ex0303HillClimb, RejectsBadOptions) {
    SCOPED_TRACE("this test also runs your 3.1 and 3.2 if your hill_climb is built on them, as the hints suggest");
    course::Rng rng(1);
    EXPECT_THROW(hc::hill_climb(bowl_value, kBowlBox, {.budget = 0}, rng), std::invalid_argument) << "budget 0";
    EXPECT_THROW(hc::hill_climb(bowl_value, kBowlBox, {.step_size = 0.0}, rng), std::invalid_argument) << "step 0";
    EXPECT_THROW(hc::hill_climb(bowl_value, kBowlBox, {.step_decay = 1.0}, rng), std::invalid_argument)
        << "a decay of 1 never shrinks the step";
    EXPECT_THROW(hc::hill_climb(bowl_value, kBowlBox, {.step_decay = 0.0}, rng), std::invalid_argument)
        << "a decay of 0 kills the step at once";
    EXPECT_THROW(hc::hill_climb(bowl_value, kBowlBox, {.patience = 0}, rng), std::invalid_argument) << "patience 0";
    EXPECT_THROW(hc::hill_climb(bowl_value, kBowlBox, {.min_step = -1.0}, rng), std::invalid_argument)
        << "a negative min_step";
    EXPECT_THROW(hc::hill_climb(bowl_value, kBowlBox, {.start = Vector{0.0}}, rng), std::invalid_argument)
        << "a 1-D start in a 2-D box";
    const auto no_floor = hc::hill_climb([](const Vector&) { return 1.0; }, kBowlBox,
                                         {.budget = 50, .min_step = 0.0, .restarts = false}, rng);
    EXPECT_EQ(no_floor.evaluations, 50u) << "min_step = 0 is allowed: σ never falls below it, so the climb uses "
                                            "the whole budget";
}

// ---- 3.4 ---------------------------------------------------------------------------------------------

TEST(Ex0304PercentileBand, HandComputedQuartiles) {
    // Index 0 holds 4 1 3 2 (sorted 1 2 3 4): positions 0.75, 1.5, 2.25 give 1.75, 2.5, 3.25.
    // Index 1 holds 10 20 30 40 (sorted): 17.5, 25, 32.5.
    const auto band = hc::percentile_band({{4.0, 40.0}, {1.0, 10.0}, {3.0, 30.0}, {2.0, 20.0}});
    ASSERT_EQ(band.median.size(), 2u) << "one median per index of the curves";
    // What the usual slips give at index 0 (values 4 1 3 2): the lower quartile, median and upper quartile.
    const double lo = band.lower.at(0), mid = band.median.at(0), hi = band.upper.at(0);
    SCOPED_TRACE(lo == 2.0 && mid == 3.0 ? "the quantiles sit one step too high: position q·(n − 1), not q·n"
                 : lo == 1.0 && mid == 2.0 ? "no interpolation: between order statistics i and i + 1 the quantile is "
                                             "vᵢ + (p − i)·(vᵢ₊₁ − vᵢ), p = q·(n − 1)"
                 : mid == 2.0 && hi == 2.75 ? "the values 4 1 3 2 were not sorted: quantiles are order statistics"
                                            : "index 0 holds 4 1 3 2, index 1 holds 10 20 30 40");
    EXPECT_TRUE(vectors_near(band.lower, {1.75, 17.5}, 1e-12, "25th percentiles"));
    EXPECT_TRUE(vectors_near(band.median, {2.5, 25.0}, 1e-12, "medians"));
    EXPECT_TRUE(vectors_near(band.upper, {3.25, 32.5}, 1e-12, "75th percentiles"));
}

TEST(Ex0304PercentileBand, OddCountAndSingleCurve) {
    const auto five = hc::percentile_band({{5.0}, {1.0}, {4.0}, {2.0}, {3.0}});
    EXPECT_TRUE(vectors_near(five.median, {3.0}, 1e-12, "median of 5 1 4 2 3"));
    EXPECT_TRUE(vectors_near(five.lower, {2.0}, 1e-12, "25th percentile of 1..5 sits at position 1"));
    const auto one = hc::percentile_band({{3.0, 2.0, 1.0}});
    EXPECT_TRUE(vectors_near(one.lower, {3.0, 2.0, 1.0}, 0.0, "one curve is its own band"));
    EXPECT_TRUE(vectors_near(one.upper, {3.0, 2.0, 1.0}, 0.0, "one curve is its own band"));
    EXPECT_THROW(hc::percentile_band({}), std::invalid_argument) << "no curves";
    EXPECT_THROW(hc::percentile_band({{1.0, 2.0}, {1.0}}), std::invalid_argument) << "lengths 2 and 1";
}

// ---- 3.5 ---------------------------------------------------------------------------------------------

TEST(Ex0305Annealing, MetropolisProbabilitiesByHand) {
    EXPECT_TRUE(near(hc::metropolis_acceptance(-3.0, 2.0), 1.0, 0.0, "downhill, Δ = −3 at T = 2: always"));
    EXPECT_TRUE(near(hc::metropolis_acceptance(1.0, 1.0), std::exp(-1.0), 1e-15, "uphill Δ = 1 at T = 1: e^(−1)"));
    EXPECT_TRUE(near(hc::metropolis_acceptance(2.0, 0.5), std::exp(-4.0), 1e-15,
                     "uphill Δ = 2 at T = 0.5: e^(−Δ/T) = e^(−4) (did you multiply by T?)"));
    EXPECT_TRUE(near(hc::metropolis_acceptance(0.0, 1.0), 1.0, 0.0, "a tie at T = 1: e^0 = 1"));
    EXPECT_TRUE(near(hc::metropolis_acceptance(1000.0, 1.0), 0.0, 1e-300, "a huge uphill step: practically never"));
}

TEST(Ex0305Annealing, AtZeroTemperatureItIsHillClimbing) {
    EXPECT_EQ(hc::metropolis_acceptance(-0.5, 0.0), 1.0) << "T = 0, a strict improvement: accepted";
    EXPECT_EQ(hc::metropolis_acceptance(0.0, 0.0), 0.0)
        << "T = 0, a tie: rejected, exactly like 3.2's strict rule (and no 0/0)";
    EXPECT_EQ(hc::metropolis_acceptance(3.0, 0.0), 0.0) << "T = 0, uphill: rejected";
    EXPECT_EQ(hc::metropolis_acceptance(std::numeric_limits<double>::quiet_NaN(), 1.0), 0.0)
        << "a NaN loss difference (a failed evaluation) is never accepted";
    EXPECT_THROW(hc::metropolis_acceptance(1.0, -1.0), std::invalid_argument) << "a negative temperature";
    EXPECT_THROW(hc::metropolis_acceptance(1.0, std::numeric_limits<double>::quiet_NaN()), std::invalid_argument)
        << "a NaN temperature";
}

TEST(Ex0305Annealing, HotterAcceptsMoreUphill) {
    double previous = 0.0;
    for (double t : {0.1, 0.5, 1.0, 5.0, 50.0}) {
        const double p = hc::metropolis_acceptance(1.0, t);
        EXPECT_GT(p, previous) << "an uphill step of 1 must be likelier at T = " << t << " than at a colder one";
        EXPECT_LT(p, 1.0) << "an uphill step is never certain at a finite temperature (T = " << t << ")";
        previous = p;
    }
}

TEST(Ex0305Annealing, GeometricScheduleHitsBothEnds) {
    // 16 → 1 in 5 steps: the ratio per step is (1/16)^(1/4) = 1/2.
    const hc::AnnealingSchedule halving{.t_start = 16.0, .t_end = 1.0, .steps = 5};
    const std::vector<double> want{16.0, 8.0, 4.0, 2.0, 1.0};
    for (std::size_t k = 0; k < 5; ++k) {
        const double got = hc::annealing_temperature(halving, k);
        EXPECT_TRUE(near(got, want[k], 1e-12,
                         "T at step " + std::to_string(k) + " of 16 → 1 in 5 steps (the last step is steps − 1)"))
            << (std::abs(got - (16.0 - 15.0 * static_cast<double>(k) / 4.0)) < 1e-12 && k > 0 && k < 4
                    ? "That is a linear schedule (equal differences); the contract asks for geometric cooling, equal "
                      "ratios T_{k+1}/T_k from t_start to t_end."
                    : "");
    }
    const hc::AnnealingSchedule two{.t_start = 0.5, .t_end = 0.02, .steps = 2};
    EXPECT_TRUE(near(hc::annealing_temperature(two, 0), 0.5, 1e-15, "first of 2 steps: t_start"));
    EXPECT_TRUE(near(hc::annealing_temperature(two, 1), 0.02, 1e-15, "last of 2 steps: t_end"));
    const hc::AnnealingSchedule constant{.t_start = 3.0, .t_end = 3.0, .steps = 4};
    EXPECT_TRUE(near(hc::annealing_temperature(constant, 2), 3.0, 1e-15, "t_end = t_start: a constant temperature"));
}

TEST(Ex0305Annealing, ScheduleRejectsBadArguments) {
    EXPECT_THROW(hc::annealing_temperature({.t_start = 1.0, .t_end = 0.1, .steps = 10}, 10), std::invalid_argument)
        << "step 10 of a 10-step schedule (steps are 0 … 9)";
    EXPECT_THROW(hc::annealing_temperature({.t_start = 1.0, .t_end = 0.1, .steps = 1}, 0), std::invalid_argument)
        << "one step cannot run from t_start to t_end";
    EXPECT_THROW(hc::annealing_temperature({.t_start = 1.0, .t_end = 2.0, .steps = 10}, 0), std::invalid_argument)
        << "t_end above t_start heats up";
    EXPECT_THROW(hc::annealing_temperature({.t_start = 1.0, .t_end = 0.0, .steps = 10}, 0), std::invalid_argument)
        << "t_end = 0: a geometric schedule never reaches 0";
}

TEST(Ex0305Annealing, ColdAnnealingNeverClimbsAndHotAnnealingWanders) {
    // The given simulated_annealing loop on the bowl; this test also runs your 3.1.
    course::Rng cold_rng(5);
    const auto cold = hc::simulated_annealing(bowl_value, kBowlBox,
                                              {.budget = 400, .t_start = 1e-12, .t_end = 1e-13, .start = Vector{-3.0, 3.0}},
                                              cold_rng);
    const auto& path = cold.paths.front();
    for (std::size_t k = 1; k < path.size(); ++k)
        ASSERT_LT(bowl_value(path[k]), bowl_value(path[k - 1]))
            << "at T ≈ 0 annealing is hill climbing: accepted move " << k << " went uphill (is the probability "
            << "exp(−Δ/T), with Δ = new − old?)";
    EXPECT_GT(path.size(), 10u) << "downhill moves are always accepted";
    course::Rng hot_rng(5);
    const auto hot = hc::simulated_annealing(bowl_value, kBowlBox,
                                             {.budget = 400, .t_start = 1e9, .t_end = 1e8, .start = Vector{-3.0, 3.0}},
                                             hot_rng);
    EXPECT_GT(hot.paths.front().size(), 390u) << "at T = 10⁸ almost every one of the 399 proposals is accepted";
}
