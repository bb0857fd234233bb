// Tests of the three challenges' harnesses (chapters 04, 11 and 15's challenge.hpp), against the
// reference solutions: the shipped configurations hold the defaults and score the recorded reference,
// a configuration's errors name the key, the same configuration gives the same bytes, and no method
// gets more than its budget, whatever its code does. (make check-challenge; part II at the course's
// quick sizes, except where the reference is checked, by tests/tools/challenge_selftest.sh.)
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/04_gradient_descent/challenge.hpp"
#include "chapters/11_learning_rate_schedules/challenge.hpp"
#include "chapters/15_second_order/challenge.hpp"
#include "common/errors.hpp"

namespace {

namespace ch = course::challenge;
namespace gd = course::gradient_descent;
namespace lrs = course::learning_rate_schedules;
namespace so = course::second_order;

course::Args config(const ch::Definition& challenge, const std::string& text) {
    return ch::parse_configuration(challenge, text, "test.conf");
}

// The one line a configuration's error prints (as challenge_main says it), or "(accepted)".
std::string error_of(const ch::Definition& challenge, const std::string& text) {
    try {
        const course::Args args = config(challenge, text);
        if (challenge.id == "part1") gd::part1_search(args);
        if (challenge.id == "part2") lrs::part2_plan(args, lrs::Part2Setup::quick());
        if (challenge.id == "part3") so::part3_method(args);
    } catch (const course::UsageError& e) {
        return ch::in_configuration_words(e.what());
    }
    return "(accepted)";
}

std::string shipped(const std::string& id) {
    std::ifstream in("exercises/challenge_" + id + ".conf");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST(ChallengeShipped, TheConfigurationFilesHoldTheDefaults) {
    for (const ch::Definition& challenge : {gd::part1_challenge(), lrs::part2_challenge(), so::part3_challenge()}) {
        const std::string text = shipped(challenge.id);
        ASSERT_FALSE(text.empty()) << "exercises/challenge_" << challenge.id << ".conf is missing (run from the top)";
        const course::Args args = config(challenge, text);
        for (const course::Flag& key : challenge.keys) {
            if (!args.given(key.name)) continue;
            EXPECT_EQ(args.text(key.name), key.default_value == "0.1 for sgd, PyTorch's default for the others"
                                                    ? "0.1" : key.default_value)
                    << "exercises/challenge_" << challenge.id << ".conf sets " << key.name
                    << " to another value than its default: the reference's score is the defaults' (git checkout the file)";
        }
    }
}

TEST(ChallengeShipped, PartsIAndIIIScoreTheirRecordedReference) {
    const ch::Definition one = gd::part1_challenge(), three = so::part3_challenge();
    EXPECT_EQ(one.run(config(one, shipped("part1")), false).text, one.reference);
    EXPECT_EQ(three.run(config(three, shipped("part3")), false).text, three.reference);
}

TEST(ChallengeConfigurations, ErrorsNameTheKeyAndWhatIsAllowed) {
    const ch::Definition one = gd::part1_challenge(), two = lrs::part2_challenge(), three = so::part3_challenge();
    EXPECT_EQ(error_of(one, "method = annealing\nrestarts = no\n"),
              "restarts applies to method hill_climbing or gradient_descent only, not to annealing");
    EXPECT_EQ(error_of(one, "method = annealing\nt-start = 1\nt-end = 2\n"), "t-end (2) must not be above t-start (1)");
    EXPECT_EQ(error_of(one, "method = newton\n"),
              "test.conf:1: method: expected one of random_search, hill_climbing, annealing, gradient_descent, got 'newton'");
    EXPECT_EQ(error_of(one, "budget = 100000\n").substr(0, 36), "test.conf:1: unknown key 'budget' (t");
    EXPECT_EQ(error_of(two, "optimizer = adam\nmomentum = 0.9\n"), "momentum does not apply to optimizer adam");
    EXPECT_EQ(error_of(two, "schedule = cosine\nstep-size = 3\n"), "step-size applies to schedule step only");
    EXPECT_EQ(error_of(two, "iterations = 5000\n").substr(0, 40), "test.conf:1: unknown key 'iterations' (t");
    EXPECT_EQ(error_of(two, "batch_size = 64\n").substr(0, 40), "test.conf:1: unknown key 'batch_size' (t");
    EXPECT_EQ(error_of(two, "lr = -1\n"), "test.conf:1: lr: expected a number in [1e-06, 100], got '-1'");
    EXPECT_EQ(error_of(three, "method = bfgs\nmemory = 5\n"), "memory applies to method lbfgs only, not to bfgs");
    EXPECT_EQ(error_of(three, "line-search = backtracking\nc2 = 0.5\n"), "c2 applies to line-search wolfe only");
    EXPECT_EQ(error_of(three, "c1 = 0.5\nc2 = 0.1\n"), "c1 (0.5) must be below c2 (0.1)");
    EXPECT_EQ(error_of(three, "first-step = big\n"), "first-step: expected auto or a number in (0, 100], got 'big'");
    EXPECT_EQ(error_of(three, "method = lbfgs\nmemory = 0\n"), "test.conf:2: memory: expected a whole number in [1, 100], got '0'");
    EXPECT_EQ(error_of(three, "target = 1e-2\n").substr(0, 36), "test.conf:1: unknown key 'target' (t");
}

TEST(ChallengeDeterminism, TheSameConfigurationGivesTheSameBytes) {
    const gd::Search search = gd::part1_search(config(gd::part1_challenge(), "method = annealing\n"));
    const ch::Score a = gd::score_part1(search, {}), b = gd::score_part1(search, {});
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.details, b.details);
    const so::Part3Method method = so::part3_method(config(so::part3_challenge(), "method = lbfgs\n"));
    EXPECT_EQ(so::score_part3(method, {}).text, so::score_part3(method, {}).text);
    const lrs::Part2Setup quick = lrs::Part2Setup::quick();
    const lrs::TrainingPlan plan = lrs::part2_plan(config(lrs::part2_challenge(), "optimizer = adam\nschedule = cosine\n"), quick);
    const ch::Score c = lrs::score_part2(plan, quick), d = lrs::score_part2(plan, quick);
    EXPECT_EQ(c.text, d.text);
    EXPECT_EQ(c.details, d.details);
}

TEST(ChallengeBudgets, PartICutsAGreedySearchOffAtTheBudget) {
    const gd::Part1Setup setup{.dim = 5, .budget = 300, .seeds = {1}};
    // Evaluates forever, and reports a best of its own that the harness ignores.
    const gd::Search greedy = [](const course::random_search::Objective& f, const course::random_search::Box&,
                                 std::size_t, course::Rng&) {
        for (;;) f(std::vector<double>(5, 1.0));
    };
    const gd::Part1Run run = gd::run_part1_seed(greedy, setup, 1);
    EXPECT_EQ(run.evaluations, 300u);
    EXPECT_EQ(run.refused, 1u);
    EXPECT_NEAR(run.best, 5.0, 1e-12) << "Rastrigin at (1, …, 1) in 5-D is 5";
    // One that catches the refusal with catch (...) and tries 50 more times gets nothing more.
    const gd::Search stubborn = [](const course::random_search::Objective& f, const course::random_search::Box&,
                                   std::size_t, course::Rng&) {
        for (int k = 0; k < 351; ++k) {
            try {
                f(std::vector<double>(5, k < 300 ? 2.0 : 0.0));  // the 0 vector would be the global minimum
            } catch (...) {
            }
        }
    };
    const gd::Part1Run cheat = gd::run_part1_seed(stubborn, setup, 1);
    EXPECT_EQ(cheat.evaluations, 300u);
    EXPECT_EQ(cheat.refused, 51u);
    EXPECT_NEAR(cheat.best, 20.0, 1e-12) << "the evaluations past the budget must not count";
    const ch::Score score = gd::score_part1(greedy, setup);
    EXPECT_NE(score.details[0].find("cut off at the budget: 1 more refused"), std::string::npos) << score.details[0];
}

TEST(ChallengeBudgets, PartIIIsNoMethodWithMoreThanItsBudget) {
    so::Part3Method method = so::part3_method(config(so::part3_challenge(), ""));
    // A line search that never stops evaluating.
    method.line_search = [](const so::LineFunction& phi, so::LinePoint at0, const so::LineSearchOptions&) {
        for (double alpha = 1e-3;; alpha *= 1.0001) phi(alpha);
        return so::LineSearchResult{at0};
    };
    const so::Part3Setup setup{};
    const so::Part3Run run = so::run_part3_start(method, setup.starts[0], setup);
    EXPECT_FALSE(run.reached);
    EXPECT_EQ(run.evaluations, 1000u);
    EXPECT_EQ(run.why, "cut off at the budget of 1,000 evaluations");
    try {
        so::score_part3(method, setup);
        ADD_FAILURE() << "a method cut off at the budget scored";
    } catch (const course::RuntimeFailure& e) {
        EXPECT_NE(std::string(e.what()).find("from (-1.2, 1): f − f* did not reach 1e-8 (cut off at the budget of 1,000"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ChallengeBudgets, PartIIICountsTheFirstEvaluationAtTheTarget) {
    // Newton's full step from (−1.2, 1), then a method that swallows the harness's stop and keeps
    // evaluating: the count stays that of the evaluation that reached f − f* ≤ 1e-8.
    so::Part3Method newton = so::part3_method(config(so::part3_challenge(), "method = newton\nline-search = none\n"));
    const so::Part3Setup setup{.starts = {{-1.2, 1.0}}};
    const so::Part3Run honest = so::run_part3_start(newton, setup.starts[0], setup);
    ASSERT_TRUE(honest.reached);
    EXPECT_EQ(honest.evaluations, 16u) << "the start (1), then 5 iterations of a Hessian (2) and a full step (1)";
    newton.line_search = [](const so::LineFunction& phi, so::LinePoint at0, const so::LineSearchOptions& o) {
        try {
            phi(o.alpha0);
        } catch (...) {  // the target is reached: the harness stops the run, and this carries on regardless
            for (int k = 0; k < 10; ++k) try {
                    phi(o.alpha0 / 2);
                } catch (...) {
                }
        }
        return so::LineSearchResult{{o.alpha0, at0.phi, at0.dphi}, 1, true};
    };
    const so::Part3Run swallowed = so::run_part3_start(newton, setup.starts[0], setup);
    EXPECT_TRUE(swallowed.reached);
    EXPECT_EQ(swallowed.evaluations, 16u);
}

TEST(ChallengeBudgets, PartIIRunsExactlyTheSeedsStepsAndNoKeyChangesThem) {
    const lrs::Part2Setup quick = lrs::Part2Setup::quick();
    const lrs::Part2Run run = lrs::run_part2(lrs::part2_plan(config(lrs::part2_challenge(), ""), quick), quick);
    EXPECT_EQ(run.steps, quick.steps);
    EXPECT_EQ(run.history.history.train_loss.size(), quick.steps);
    for (const course::Flag& key : lrs::part2_challenge().keys)
        for (const char* budget : {"iterations", "batch-size", "faces", "seed", "eval-every"})
            EXPECT_NE(key.name, budget) << "the budget is the harness's, not a key of the configuration";
}

TEST(ChallengeFailures, AStubOrADivergedRunScoresNothing) {
    const ch::Definition two = lrs::part2_challenge();
    try {
        lrs::score_part2(lrs::part2_plan(config(two, "lr = 50\n"), lrs::Part2Setup::quick()), lrs::Part2Setup::quick());
        ADD_FAILURE() << "a diverged run scored";
    } catch (const course::RuntimeFailure& e) {
        EXPECT_NE(std::string(e.what()).find("diverged"), std::string::npos) << e.what();
    }
    const so::Part3Method steepest = so::part3_method(config(so::part3_challenge(), "method = steepest\n"));
    EXPECT_THROW(so::score_part3(steepest, {}), course::RuntimeFailure) << "steepest descent needs more than 1,000";
}
