// Runs one chapter's test binary and returns a verdict for every test it contains, whatever the
// tests do: crash, hang, abort or call exit().
//
// The binary runs once with COURSE_RESULTS set, so tests/support/test_main.cpp records each test's
// start and end. A test that runs longer than the test limit is killed (the watchdog reads the
// records as they are written). A test that started but never ended is failed with the reason the
// process died; every test that had not run yet is then run alone, so that one broken exercise
// costs only its own points.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace course::grade {

struct TestResult {
    enum class Outcome { passed, failed, skipped };
    std::string suite;
    std::string name;
    Outcome outcome = Outcome::failed;
    bool clean = true;    // false when the test crashed, hung or ended the process
    std::string reason;   // the failure messages, or how the process died and its last output

    std::string full_name() const { return suite + "." + name; }
};

// What a chapter's tests may do: how long they may run, as whom, and where they may draw. The
// autograder runs the student's code as an unprivileged user (uid, gid), so that it cannot rewrite the
// grade the grader writes; -1 runs it as the grader's own user. A failing test draws a picture of
// what went wrong into pictures_dir (exported as COURSE_FAILURE_PICTURES, tests/support/picture.hpp);
// "" draws none.
struct Limits {
    double chapter_seconds = 120;
    double test_seconds = 20;
    int uid = -1;
    int gid = -1;
    std::string pictures_dir;
};

struct ChapterRun {
    std::vector<TestResult> tests;
    std::string error;     // why nothing could be run (binary missing, listing failed); "" if it ran
    std::string log_path;  // the test binary's own output
};

// Runs bin_dir/<chapter>_test, writing its output and records under out_dir. A non-empty filter
// (a --gtest_filter pattern, e.g. "Ex1006*:*/Ex1006*") runs only the tests it matches.
// Called every few milliseconds while the tests run: the test running now and its seconds so far.
using Ticker = std::function<void(const std::string& test, double seconds)>;

ChapterRun run_chapter(const std::string& bin_dir, const std::string& chapter, const std::string& out_dir,
                       const Limits& limits, const std::string& filter = "", const Ticker& ticker = {});

// The reason given for a missing test binary; the scoreboard recognises it.
inline constexpr const char* did_not_compile = "did not compile";

}  // namespace course::grade
