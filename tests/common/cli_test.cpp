// Tests of common/cli: defaults, both flag spellings, negative values, and the errors users meet.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/cli.hpp"
#include "common/errors.hpp"

namespace {

const course::Program kProgram{"99_demo", "A demo.",
                               {course::Flag::real("lr", 0.1, "learning rate", 1e-6, 10.0),
                                course::Flag::integer("steps", 100, "steps", 1, 1000),
                                course::Flag::point("start", "-1.5,2", "start point", -10, 10),
                                course::Flag::choice("optimizer", "sgd", "optimizer", {"sgd", "adam"})}};

std::string error_of(std::vector<std::string> argv) {
    try {
        course::parse_args(argv, kProgram);
    } catch (const course::UsageError& e) {
        return e.what();
    }
    return "(accepted)";
}

}  // namespace

TEST(Cli, DefaultsAndCommonFlags) {
    const auto args = course::parse_args({}, kProgram);
    EXPECT_EQ(args.seed(), 42u);
    EXPECT_EQ(args.out(), "figures");
    EXPECT_FALSE(args.quick());
    EXPECT_DOUBLE_EQ(args.real("lr"), 0.1);
    EXPECT_EQ(args.integer("steps"), 100);
    EXPECT_EQ(args.point("start"), (std::vector<double>{-1.5, 2.0}));
    EXPECT_EQ(args.text("optimizer"), "sgd");
    EXPECT_FALSE(args.given("lr"));
}

TEST(Cli, BothSpellingsAndNegativeValues) {
    const auto args = course::parse_args({"--lr", "0.5", "--steps=7", "--start=-3,-4", "--quick", "--seed", "9",
                                          "--optimizer", "adam", "--out", "/tmp/x"},
                                         kProgram);
    EXPECT_DOUBLE_EQ(args.real("lr"), 0.5);
    EXPECT_EQ(args.integer("steps"), 7);
    EXPECT_EQ(args.point("start"), (std::vector<double>{-3.0, -4.0}));
    EXPECT_TRUE(args.quick());
    EXPECT_EQ(args.seed(), 9u);
    EXPECT_EQ(args.text("optimizer"), "adam");
    EXPECT_EQ(args.out(), "/tmp/x");
    EXPECT_TRUE(args.given("lr"));
    EXPECT_EQ(course::parse_args({"--start", "-1,-1"}, kProgram).point("start"), (std::vector<double>{-1, -1}));
}

TEST(Cli, ErrorsNameTheFlagAndWhatIsAllowed) {
    EXPECT_EQ(error_of({"--lr", "20"}), "--lr: expected a number in [1e-06, 10], got '20'");
    EXPECT_EQ(error_of({"--lr=abc"}), "--lr: expected a number in [1e-06, 10], got 'abc'");
    EXPECT_EQ(error_of({"--steps", "2.5"}), "--steps: expected a whole number in [1, 1000], got '2.5'");
    EXPECT_EQ(error_of({"--optimizer", "lbfgs"}), "--optimizer: expected one of sgd, adam, got 'lbfgs'");
    EXPECT_EQ(error_of({"--momentum", "0.9"}), "unknown flag --momentum (see --help for the flags this program takes)");
    EXPECT_EQ(error_of({"--lr"}), "--lr needs a value");
    EXPECT_EQ(error_of({"--start=1"}), "--start: expected comma-separated coordinates like 1.5,-2, each in [-10, 10], got '1'");
    EXPECT_EQ(error_of({"--quick=yes"}), "--quick is a switch and takes no value");
    EXPECT_EQ(error_of({"lr"}), "unexpected argument 'lr': flags start with --");
    EXPECT_EQ(error_of({"--seed", "-1"}), "--seed: expected a whole number in [0, 4294967295], got '-1'");
}

TEST(Cli, UsageListsEveryFlagWithItsRangeAndDefault) {
    const auto text = course::usage(kProgram);
    for (const char* piece : {"--lr X", "in [1e-06, 10]", "(default 0.1)", "--seed N", "--quick", "--out TEXT",
                              "--start X,Y", "sgd, adam", "--help"})
        EXPECT_NE(text.find(piece), std::string::npos) << "usage should mention " << piece << "\n" << text;
}

TEST(Cli, RunMainTurnsErrorsIntoExitStatuses) {
    std::vector<std::string> words{"prog", "--lr", "99"};
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    testing::internal::CaptureStderr();
    const int status = course::run_main(3, argv.data(), kProgram, [](const course::Args&) {});
    const auto err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(status, 2) << "a bad flag exits with status 2";
    EXPECT_NE(err.find("--lr: expected a number"), std::string::npos) << err;
    EXPECT_NE(err.find("usage:"), std::string::npos) << "the usage follows the error line";
    testing::internal::CaptureStderr();
    const int failed = course::run_main(1, argv.data(), kProgram, [](const course::Args&) {
        throw course::RuntimeFailure("training diverged at step 12: loss is NaN");
    });
    EXPECT_EQ(failed, 1);
    EXPECT_NE(testing::internal::GetCapturedStderr().find("diverged at step 12"), std::string::npos);
    testing::internal::CaptureStderr();
    const int no_data = course::run_main(1, argv.data(), kProgram, [](const course::Args&) {
        throw course::DataError("/data/train.idx: truncated; reinstall: apt-get install the-data");
    });
    const auto data_err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(no_data, 2) << "a missing or corrupt data file exits with status 2, as a bad flag does";
    EXPECT_NE(data_err.find("truncated; reinstall"), std::string::npos) << data_err;
    EXPECT_EQ(data_err.find("usage:"), std::string::npos) << "a data error is not a usage error:\n" << data_err;
}

TEST(Cli, ConfigurationFilesTakeTheProgramsOwnFlags) {
    const course::Program program{"99_demo", "A demo.",
                                  {course::Flag::real("weight-decay", 0.0, "λ", 0.0, 1.0),
                                   course::Flag::on_off("amsgrad", "the variant"),
                                   course::Flag::choice("optimizer", "sgd", "optimizer", {"sgd", "adam"})}};
    const auto args = course::parse_config("# comment\n optimizer = adam  # inline\nweight_decay = 0.01\n\namsgrad = true\n",
                                           "a.conf", program);
    EXPECT_EQ(args.text("optimizer"), "adam");
    EXPECT_DOUBLE_EQ(args.real("weight-decay"), 0.01) << "PyTorch's underscore stands for the flag's dash";
    EXPECT_TRUE(args.on("amsgrad"));
    EXPECT_EQ(args.seed(), 42u) << "the built-in flags keep their defaults";
    const auto off = course::parse_config("amsgrad = false\n", "a.conf", program);
    EXPECT_FALSE(off.on("amsgrad"));
    EXPECT_FALSE(off.given("amsgrad")) << "a switch set to false is a switch left off";
    const auto error_of = [&](const std::string& text) {
        try {
            course::parse_config(text, "a.conf", program);
        } catch (const course::UsageError& e) {
            return std::string(e.what());
        }
        return std::string("(accepted)");
    };
    EXPECT_EQ(error_of("amsgrad = yes\n"), "a.conf:1: amsgrad: expected true or false, got 'yes'");
    EXPECT_EQ(error_of("weight-decay = 2\n"), "a.conf:1: weight-decay: expected a number in [0, 1], got '2'");
    EXPECT_EQ(error_of("optimizer =\n"), "a.conf:1: optimizer: expected one of sgd, adam, got ''");
    EXPECT_EQ(error_of("quick = true\n"), "a.conf:1: unknown key 'quick' (the keys: weight-decay, amsgrad, optimizer)");
    EXPECT_EQ(error_of("WeightDecay = 0.1\n"), "a.conf:1: unknown key 'WeightDecay'; did you mean weight-decay?");
    EXPECT_EQ(error_of("optimizer = sgd\nweight_decay = 0\nweight-decay = 0\n"), "a.conf:3: weight-decay is set twice (each key once)");
}
