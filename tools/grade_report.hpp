// Student mode: turns test verdicts into points, and points into the scoreboard on the terminal (or
// the compact progress table), a Gradescope results.json and a JUnit XML report.
#pragma once

#include <iosfwd>
#include <set>
#include <string>
#include <vector>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_challenges.hpp"
#include "tools/grade_runner.hpp"

namespace course::grade {

struct ExerciseGrade {
    Exercise exercise;
    std::vector<TestResult> tests;  // the tests of its suites
    bool earned = false;            // all its tests pass, and there is at least one
    std::string reason;             // why not, in full: "" if earned
    std::string summary;            // why not, in short, for the scoreboard

    int passed_tests() const;
    int points() const { return earned ? exercise.points : 0; }
};

struct ChapterGrade {
    Chapter chapter;
    std::string log_path;
    std::string build_error;  // the compiler's first error when the chapter did not compile, and where its log is
    std::vector<ExerciseGrade> exercises;
    std::vector<TestResult> failed_checks;  // chapter checks (non-exercise suites) that failed

    int points() const;
    bool all_pass() const;
};

ChapterGrade grade_chapter(const Chapter& chapter, const ChapterRun& run);

// A chapter whose catalogue could not be read: nothing to grade, one failing check saying why.
ChapterGrade unreadable_chapter(const std::string& name, const std::string& error);

// The scoreboard, printed a chapter at a time as each is graded: `width` aligns the exercise titles
// of all the chapters to be graded (scoreboard_width), then print_total closes it.
std::size_t scoreboard_width(const std::vector<Chapter>& chapters);
void print_chapter(const ChapterGrade& chapter, std::size_t width, bool colour, std::ostream& out);
void print_total(const std::vector<ChapterGrade>& chapters, bool colour, std::ostream& out);

// `make progress`: a line per chapter (exercises done, points), printed as each is graded, then the
// total and the first exercise in chapter order that does not pass yet, with the commands to work on it.
std::size_t progress_width(const std::vector<Chapter>& chapters);
void print_progress_header(std::size_t width, bool colour, std::ostream& out);
void print_progress_line(const ChapterGrade& chapter, std::size_t width, bool colour, std::ostream& out);
void print_progress_total(const std::vector<ChapterGrade>& chapters, std::size_t width, bool colour, std::ostream& out);

// "hints: make hint EX=10.6 (3 levels)": how to get an exercise's hints and how many there are.
std::string hint_command(const Exercise& exercise);
// Hidden tests (make autograder HIDDEN=dir): their suites, and when Gradescope shows their results.
struct HiddenTests {
    std::set<std::string> suites;
    std::string visibility = "after_due_date";
    bool holds(const TestResult& test) const { return suites.count(test.suite) > 0; }
};

// Gradescope's results.json: an entry per exercise; an exercise with hidden tests gets a second entry
// for them with the hidden visibility, and its own entry says only what its public tests say. With the
// challenges' results (make challenge): the top-level "leaderboard" array and an entry per challenge,
// max_score 0, scoring `bonus` extra points when it beats the reference (grade_challenges.hpp).
std::string results_json(const std::vector<ChapterGrade>& chapters, const HiddenTests& hidden = {},
                         const std::vector<ChallengeResult>& challenges = {}, int bonus = 0);
std::string junit_xml(const std::vector<ChapterGrade>& chapters);

}  // namespace course::grade
