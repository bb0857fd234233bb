// Tests of common/challenge: the evaluation budget that no method can overdraw, the configuration's
// errors in one line, and the challenge program's exit statuses and results file.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/challenge.hpp"
#include "common/errors.hpp"

namespace {

namespace ch = course::challenge;

ch::Definition demo() {
    ch::Definition d;
    d.id = "demo";
    d.name = "Demo: twice x";
    d.goal = "A demo.";
    d.reference = "4";
    d.keys = {course::Flag::real("x", 2.0, "the number", 0.0, 10.0),
              course::Flag::choice("mode", "plain", "how", {"plain", "crash", "usage", "stop"})};
    d.run = [](const course::Args& config, bool) {
        const std::string& mode = config.text("mode");
        if (mode == "crash") throw course::RuntimeFailure("training diverged; try a smaller --lr");
        if (mode == "usage") throw course::UsageError("--x does not apply to --mode usage");
        if (mode == "stop") throw ch::Stop{"cut off at the budget"};
        ch::Score s;
        s.value = 2 * config.real("x");
        s.text = std::to_string(static_cast<int>(s.value));
        s.details = {"doubled"};
        return s;
    };
    return d;
}

std::string temp_path(const std::string& name) { return ::testing::TempDir() + "challenge_test_" + name; }

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct Ran {
    int status;
    std::string out, err, results;
};

Ran run_demo(const std::string& config_text, std::vector<std::string> extra = {}) {
    const std::string config = temp_path("demo.conf"), results = temp_path("demo.results");
    write(config, config_text);
    write(results, "");
    setenv("COURSE_RESULTS", results.c_str(), 1);
    std::vector<std::string> words{"demo", "--config", config};
    words.insert(words.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    testing::internal::CaptureStdout();
    testing::internal::CaptureStderr();
    const int status = ch::challenge_main(static_cast<int>(argv.size()), argv.data(), demo());
    Ran ran{status, testing::internal::GetCapturedStdout(), testing::internal::GetCapturedStderr(), read(results)};
    unsetenv("COURSE_RESULTS");
    return ran;
}

}  // namespace

TEST(ChallengeBudget, NoMethodGetsMoreThanTheLimit) {
    ch::EvaluationBudget budget(3);
    budget.charge();
    budget.charge(2);
    EXPECT_EQ(budget.used(), 3u);
    for (int attempt = 0; attempt < 5; ++attempt) {  // a method that catches the refusal and tries again
        try {
            budget.charge();
            ADD_FAILURE() << "the 4th evaluation of a budget of 3 was allowed";
        } catch (const ch::Stop& stop) {
            EXPECT_EQ(stop.reason, "cut off at the budget of 3 evaluations");
        }
    }
    EXPECT_EQ(budget.used(), 3u) << "refused evaluations are not counted as made";
    EXPECT_EQ(budget.refused(), 5u);
}

TEST(ChallengeBudget, ACostThatWouldPassTheLimitIsRefusedWhole) {
    ch::EvaluationBudget budget(3);
    budget.charge(2);
    EXPECT_THROW(budget.charge(2), ch::Stop) << "an exact Hessian costing 2 must not fit in the 1 left";
    EXPECT_EQ(budget.used(), 2u);
    budget.charge(1);
    EXPECT_EQ(budget.used(), 3u);
}

TEST(ChallengeBudget, AfterFinishEveryChargeIsRefused) {
    ch::EvaluationBudget budget(100);
    budget.charge();
    budget.finish("the target is reached");
    EXPECT_TRUE(budget.finished());
    try {
        budget.charge();
        ADD_FAILURE() << "a finished run was charged";
    } catch (const ch::Stop& stop) {
        EXPECT_EQ(stop.reason, "the target is reached");
    }
    EXPECT_EQ(budget.used(), 1u);
}

TEST(ChallengeBudget, StopIsNotAStdException) {
    // A method that catches std::exception to survive a failed step must not swallow the harness's stop.
    bool swallowed = false;
    try {
        try {
            throw ch::Stop{"cut off"};
        } catch (const std::exception&) {
            swallowed = true;
        }
    } catch (const ch::Stop&) {
    }
    EXPECT_FALSE(swallowed);
}

TEST(ChallengeConfiguration, ErrorsAreOneLineNamingTheKey) {
    const auto error_of = [](const std::string& text) {
        try {
            ch::parse_configuration(demo(), text, "my.conf");
        } catch (const course::UsageError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_EQ(error_of("x = 11\n"), "my.conf:1: x: expected a number in [0, 10], got '11'");
    EXPECT_EQ(error_of("# a comment\n\nmode = fast\n"), "my.conf:3: mode: expected one of plain, crash, usage, stop, got 'fast'");
    EXPECT_EQ(error_of("X = 1\n"), "my.conf:1: unknown key 'X'; did you mean x?");
    EXPECT_EQ(error_of("seed = 1\n"), "my.conf:1: unknown key 'seed' (the keys: x, mode)")
        << "the seed is the challenge's, not the configuration's";
    EXPECT_EQ(error_of("x = 1\nx = 2\n"), "my.conf:2: x is set twice (each key once)");
    EXPECT_EQ(error_of("x 1\n"), "my.conf:1: expected `key = value`, got 'x 1'");
    const course::Args args = ch::parse_configuration(demo(), "x = 3   # three\n", "my.conf");
    EXPECT_DOUBLE_EQ(args.real("x"), 3.0);
    EXPECT_TRUE(args.given("x"));
    EXPECT_FALSE(args.given("mode"));
}

TEST(ChallengeConfiguration, FlagsAreSaidInTheConfigurationsWords) {
    EXPECT_EQ(ch::in_configuration_words("--momentum does not apply to --optimizer adam"),
              "momentum does not apply to optimizer adam");
    EXPECT_EQ(ch::in_configuration_words("a --- b, x--y, 3 -- 4"), "a --- b, x--y, 3 -- 4");
}

TEST(ChallengeProgram, AScoreGoesToStdoutAndTheResultsFile) {
    const Ran ran = run_demo("x = 3\n");
    EXPECT_EQ(ran.status, 0) << ran.err;
    EXPECT_EQ(ran.out, "doubled\nscore: 6\n");
    EXPECT_EQ(ran.results, "score\t6\ndetail\tdoubled\n");
}

TEST(ChallengeProgram, ABadConfigurationExitsWith2AndOneLine) {
    const Ran ran = run_demo("x = eleven\n");
    EXPECT_EQ(ran.status, 2);
    EXPECT_EQ(ran.err, "demo: " + temp_path("demo.conf") + ":1: x: expected a number in [0, 10], got 'eleven'\n");
    EXPECT_EQ(ran.results.rfind("error\t", 0), 0u) << ran.results;
    const Ran usage = run_demo("mode = usage\n");
    EXPECT_EQ(usage.status, 2);
    EXPECT_EQ(usage.err, "demo: " + temp_path("demo.conf") + ": x does not apply to mode usage\n");
}

TEST(ChallengeProgram, AFailedRunScoresNothingAndSaysWhy) {
    const Ran crash = run_demo("mode = crash\n");
    EXPECT_EQ(crash.status, 1);
    EXPECT_EQ(crash.err, "demo: training diverged; try a smaller lr\n");
    EXPECT_EQ(crash.results, "error\ttraining diverged; try a smaller lr\n");
    EXPECT_EQ(crash.out.find("score"), std::string::npos) << crash.out;
    const Ran stop = run_demo("mode = stop\n");
    EXPECT_EQ(stop.status, 1);
    EXPECT_EQ(stop.results, "error\tcut off at the budget\n");
}

TEST(ChallengeProgram, AboutNamesTheChallenge) {
    const Ran ran = run_demo("", {"--about"});
    EXPECT_EQ(ran.status, 0);
    EXPECT_EQ(ran.out, "id\tdemo\nname\tDemo: twice x\norder\tasc\nreference\t4\ngoal\tA demo.\n");
}

TEST(ChallengeProgram, AMissingConfigurationSaysHowToGetItBack) {
    std::vector<std::string> words{"demo", "--config", temp_path("no-such.conf")};
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    testing::internal::CaptureStderr();
    EXPECT_EQ(ch::challenge_main(3, argv.data(), demo()), 2);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("cannot read it (`git checkout"), std::string::npos);
}

TEST(ChallengeThousands, GroupsDigits) {
    EXPECT_EQ(ch::thousands(0), "0");
    EXPECT_EQ(ch::thousands(999), "999");
    EXPECT_EQ(ch::thousands(1000), "1,000");
    EXPECT_EQ(ch::thousands(1234567), "1,234,567");
}

TEST(ChallengeProgram, TheSeedIsTheChallengesNotTheCommandLines) {
    const Ran ran = run_demo("", {"--seed", "7"});
    EXPECT_EQ(ran.status, 2);
    EXPECT_EQ(ran.err, "demo: --seed is not taken: a challenge's seeds are fixed and it draws no figures\n");
}
