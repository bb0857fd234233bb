// The grader's three ways of running the chapters' tests. Each returns the process exit status.
#pragma once

#include <string>
#include <vector>

#include "tools/grade_report.hpp"
#include "tools/grade_runner.hpp"

namespace course::grade {

struct Options {
    std::string mode;  // student, progress, solutions, stubs
    std::string bin_dir;
    std::string chapters_dir = "chapters";
    std::string out_dir = "build/grade";
    std::vector<std::string> chapters;  // directory names, already resolved
    std::string exercise;               // "10.6": grade only this exercise (of the one chapter); "" for all
    Limits limits;
    bool colour = false;
    bool live = false;            // stdout is a terminal: a status line says what is being built or run
    std::string prepare_command;  // student and progress modes: a shell command run once before grading
    HiddenTests hidden;           // hidden tests' suites, for results.json
    std::vector<ChallengeResult> challenges;  // make challenge's results, for results.json's leaderboard
    int challenge_bonus = 0;                  // points for a challenge that beats the reference
    std::string build_command;    // ... and one run before each chapter, "{}" standing for its name;
                                  // its output goes to OUT/NN_topic.build.log, its first error to the scoreboard
};

// The scoreboard: points per exercise. 0 only if every exercise passes (with options.exercise: if
// that one passes).
int grade_students_work(const Options& options);

// `make progress`: grades like grade_students_work, prints one line per chapter and the next exercise
// to do. 0 unless the reports cannot be written.
int show_progress(const Options& options);

// For `make check` on binaries built from the solutions: every test passes, and tests and
// catalogue agree (every exercise has a test, every Ex suite names a listed exercise, hint levels are
// numbered 1..n; an exercise without levels is a warning).
int check_solutions(const Options& options);

// For `make check` on binaries built from the untouched stubs: every exercise test fails, cleanly;
// every chapter check passes.
int check_stubs(const Options& options);

// A compiler's first error in a build log, with the lines that show where, or the linker's first
// complaint; "" if there is none (also used by tools/challenge).
std::string first_error(const std::string& log);

}  // namespace course::grade
