#include "tools/grade_report.hpp"

#include <algorithm>
#include <ostream>

#include "tools/grade_text.hpp"

namespace course::grade {

namespace {

// The scoreboard shows the first failing test of an exercise, this many lines of it: enough for
// gtest's EXPECT_NEAR, which names both values before the test's own explanation.
constexpr std::size_t scoreboard_reason_lines = 6;
constexpr std::size_t report_output_bytes = 2000;
constexpr std::string_view not_implemented_note = "not implemented yet";

bool failed(const TestResult& test) { return test.outcome == TestResult::Outcome::failed; }

// The stub's own NotImplemented, as opposed to a call into another unfinished exercise (whose
// message, naming that exercise, is the better thing to show).
bool is_own_stub(const TestResult& test, const std::string& id) {
    return test.reason.find("Exercise " + id + " is not implemented yet") != std::string::npos;
}

// A test's failure text as the scoreboard shows it: gtest's wording for an exception that escaped the
// test ("C++ exception with description "..." thrown in the test body.") said plainly, and never an
// empty line. When the exception is another exercise's stub, says which exercise to do first.
std::string readable(const std::string& reason, const std::string& id) {
    constexpr std::string_view thrown = "C++ exception with description \"", body = "\" thrown in the test body.";
    std::string text;
    for (const std::string& line : lines_of(reason)) {
        std::string shown = line;
        const auto from = line.find(thrown);
        const auto to = line.rfind(body);
        if (from != std::string::npos && to != std::string::npos && to >= from + thrown.size()) {
            const std::string what = line.substr(from + thrown.size(), to - from - thrown.size());
            shown = "threw an exception: " + (trim(what).empty() ? "(with an empty message)" : what);
            const std::string prefix = "Exercise ", suffix = " is not implemented yet";
            const auto end = what.find(suffix);
            if (what.rfind(prefix, 0) == 0 && end != std::string::npos) {
                const std::string stub = what.substr(prefix.size(), end - prefix.size());
                if (stub != id) shown += "\n(this test also runs your " + stub + ", which is not implemented yet: do " + stub + " first)";
            }
        } else if (line.find("Unknown C++ exception thrown in the test body") != std::string::npos) {
            shown = "threw something that is not a std::exception (a plain int or string?)";
        }
        if (!trim(shown).empty()) text += (text.empty() ? "" : "\n") + shown;
    }
    if (text.empty()) text = "(it failed without a message; the chapter's log below has its output)";
    return text;
}

// Why an exercise that has tests does not earn its points: all failures in full, and the first
// one in short for the scoreboard. "" if it earns them.
struct Why {
    std::string full;
    std::string in_short;
};
Why failure_reason(const Exercise& exercise, const std::vector<TestResult>& tests) {
    std::vector<const TestResult*> failures;
    for (const TestResult& test : tests) {
        if (failed(test)) failures.push_back(&test);
    }
    if (failures.empty()) return {};
    if (std::all_of(failures.begin(), failures.end(), [&](auto* t) { return is_own_stub(*t, exercise.id); })) {
        return {std::string(not_implemented_note), std::string(not_implemented_note)};
    }
    // The stub's own NotImplemented teaches least, so the other failures come first.
    std::stable_partition(failures.begin(), failures.end(), [&](auto* t) { return !is_own_stub(*t, exercise.id); });
    Why why;
    for (const TestResult* test : failures) {
        why.full += (why.full.empty() ? "" : "\n\n") + test->full_name() + " failed:\n" + readable(test->reason, exercise.id);
    }
    why.in_short = failures[0]->full_name() + " failed:\n" +
                   first_lines(readable(failures[0]->reason, exercise.id), scoreboard_reason_lines);
    if (failures.size() > 1) {
        const std::size_t more = failures.size() - 1;
        why.in_short += "\n(and " + std::to_string(more) + " more failing test" + (more == 1 ? ")" : "s)");
    }
    return why;
}

std::string points_text(int points) { return std::to_string(points) + (points == 1 ? " point" : " points"); }

std::string pad_right(const std::string& text, std::size_t width) {
    const std::size_t shown = display_width(text);
    return shown >= width ? text : text + std::string(width - shown, ' ');
}

std::string indented(const std::string& text, const std::string& indent) {
    std::string result;
    for (const std::string& line : lines_of(text)) result += indent + line + "\n";
    return result;
}

// Why an exercise fails, for the reports: a chapter that did not compile says what the compiler said.
std::string full_reason(const ChapterGrade& chapter, const ExerciseGrade& e) {
    if (e.reason == did_not_compile && !chapter.build_error.empty()) return std::string(did_not_compile) + ":\n" + chapter.build_error;
    return e.reason;
}

struct Style {
    bool colour;
    std::string paint(const std::string& text, const char* code) const {
        return colour ? std::string("\x1b[") + code + "m" + text + "\x1b[0m" : text;
    }
    std::string pass() const { return paint("PASS", "32"); }
    std::string fail() const { return paint("FAIL", "31"); }
    std::string bold(const std::string& text) const { return paint(text, "1"); }
};

}  // namespace

int ExerciseGrade::passed_tests() const {
    return static_cast<int>(std::count_if(tests.begin(), tests.end(), [](const TestResult& t) {
        return t.outcome == TestResult::Outcome::passed;
    }));
}

int ChapterGrade::points() const {
    int total = 0;
    for (const ExerciseGrade& e : exercises) total += e.points();
    return total;
}

bool ChapterGrade::all_pass() const {
    return failed_checks.empty() && std::all_of(exercises.begin(), exercises.end(), [](auto& e) { return e.earned; });
}

ChapterGrade grade_chapter(const Chapter& chapter, const ChapterRun& run) {
    ChapterGrade grade{chapter, run.log_path, {}, {}};
    for (const Exercise& exercise : chapter.exercises) {
        ExerciseGrade exercise_grade{exercise, {}, false, run.error, run.error};
        for (const TestResult& test : run.tests) {
            if (exercise_id_of_suite(test.suite) == exercise.id) exercise_grade.tests.push_back(test);
        }
        if (run.error.empty() && exercise_grade.tests.empty()) {
            exercise_grade.reason = "this exercise has no tests yet";
        } else if (run.error.empty()) {
            const Why why = failure_reason(exercise, exercise_grade.tests);
            exercise_grade.reason = why.full;
            exercise_grade.summary = why.in_short;
        }
        if (exercise_grade.reason.empty() && exercise_grade.passed_tests() == 0) {
            exercise_grade.reason = "all its tests were skipped";
        }
        if (exercise_grade.summary.empty()) exercise_grade.summary = exercise_grade.reason;
        exercise_grade.earned = exercise_grade.reason.empty();
        grade.exercises.push_back(std::move(exercise_grade));
    }
    for (const TestResult& test : run.tests) {
        const auto id = exercise_id_of_suite(test.suite);
        if (failed(test) && (!id || chapter.find(*id) == nullptr)) grade.failed_checks.push_back(test);
    }
    if (chapter.exercises.empty() && !run.error.empty()) {
        grade.failed_checks.push_back({"(chapter)", "tests", TestResult::Outcome::failed, false, run.error});
    }
    return grade;
}

ChapterGrade unreadable_chapter(const std::string& name, const std::string& error) {
    ChapterGrade grade;
    grade.chapter.name = name;
    grade.chapter.topic = name;
    grade.failed_checks.push_back({"(chapter)", "exercises.md", TestResult::Outcome::failed, false, error});
    return grade;
}

std::size_t scoreboard_width(const std::vector<Chapter>& chapters) {
    std::size_t width = 0;
    for (const Chapter& chapter : chapters) {
        for (const Exercise& e : chapter.exercises) width = std::max(width, display_width(e.id + "  " + e.title));
    }
    return width;
}

void print_chapter(const ChapterGrade& chapter, std::size_t width, bool colour, std::ostream& out) {
    const Style style{colour};
    char number[8];
    std::snprintf(number, sizeof number, "%02d", chapter.chapter.number);
    out << style.bold("Chapter " + std::string(number) + " \xC2\xB7 " + chapter.chapter.topic) << "   "
        << chapter.points() << "/" << points_text(chapter.chapter.total_points()) << "\n";
    const bool uncompiled = !chapter.exercises.empty() && chapter.exercises[0].reason == did_not_compile;
    if (uncompiled) {
        out << "  " << style.fail() << " it does not compile, so none of its exercises can be graded:\n"
            << indented(chapter.build_error.empty() ? std::string("(no compiler output was kept)") : chapter.build_error, "       ");
    }
    for (const ExerciseGrade& e : chapter.exercises) {
        out << "  " << pad_right(e.exercise.id + "  " + e.exercise.title, width) << "  "
            << pad_right(points_text(e.exercise.points), 9) << "  " << (e.earned ? style.pass() : style.fail());
        if (!e.tests.empty()) out << "  " << e.passed_tests() << "/" << e.tests.size() << " tests";
        out << "\n";
        if (e.earned || uncompiled) continue;
        out << indented(e.summary, "       ");
        out << "       " << hint_command(e.exercise) << "\n";
    }
    for (const TestResult& check : chapter.failed_checks) {
        out << "  chapter check " << check.full_name() << "  " << style.fail() << "\n"
            << indented(first_lines(readable(check.reason, ""), scoreboard_reason_lines), "       ");
    }
    if (chapter.chapter.questions > 0) {
        out << "  " << chapter.chapter.questions_path << ": " << chapter.chapter.questions << " question"
            << (chapter.chapter.questions == 1 ? "" : "s") << " to answer in writing (not graded)\n";
    }
    if (!chapter.all_pass() && !chapter.log_path.empty() && !uncompiled) {
        out << "  (all test output: " << chapter.log_path << ")\n";
    }
    out << "\n";
}

void print_total(const std::vector<ChapterGrade>& chapters, bool colour, std::ostream& out) {
    const Style style{colour};
    int earned = 0, possible = 0;
    bool any_failure = false;
    for (const ChapterGrade& chapter : chapters) {
        earned += chapter.points();
        possible += chapter.chapter.total_points();
        any_failure = any_failure || !chapter.all_pass();
    }
    const int percent = possible > 0 ? earned * 100 / possible : 100;
    out << style.bold("Total: " + std::to_string(earned) + "/" + points_text(possible) + " (" +
                      std::to_string(percent) + "%)")
        << "\n";
    if (any_failure) {
        out << "Keep going: `make test EX=N.M` grades one exercise, `make test CH=NN` one chapter, `make hint EX=N.M`\n"
            << "shows a hint (LEVEL=2, 3 for more), `make progress` the overview.\n";
    }
}

std::string hint_command(const Exercise& exercise) {
    const std::size_t levels = exercise.hints.size();
    if (levels == 0) return "hints: none for this one yet; the chapter's README explains the idea";
    return "hints: make hint EX=" + exercise.id + " (" + std::to_string(levels) + (levels == 1 ? " level)" : " levels)");
}

std::size_t progress_width(const std::vector<Chapter>& chapters) {
    std::size_t width = 5;  // "Total"
    for (const Chapter& chapter : chapters) width = std::max(width, display_width(chapter.name) + 1);
    return width;
}

namespace {
std::string fraction(int got, int of, std::size_t width) {
    const std::string text = std::to_string(got) + "/" + std::to_string(of);
    return std::string(width > text.size() ? width - text.size() : 0, ' ') + text;
}
int passed_exercises(const ChapterGrade& chapter) {
    return static_cast<int>(std::count_if(chapter.exercises.begin(), chapter.exercises.end(), [](auto& e) { return e.earned; }));
}
}  // namespace

void print_progress_header(std::size_t width, bool colour, std::ostream& out) {
    out << Style{colour}.bold(pad_right("Chapter", width) + "  exercises     points") << "\n";
}

void print_progress_line(const ChapterGrade& chapter, std::size_t width, bool colour, std::ostream& out) {
    const Style style{colour};
    const int passed = passed_exercises(chapter);
    const int count = static_cast<int>(chapter.exercises.size());
    std::string note;
    if (!chapter.exercises.empty() && chapter.exercises[0].reason == did_not_compile) {
        note = "  " + style.fail() + " does not compile: " +
               (chapter.build_error.empty() ? std::string("make test CH=") + chapter.chapter.name.substr(0, 2)
                                            : first_lines(chapter.build_error, 1));
    } else if (!chapter.failed_checks.empty()) {
        note = "  " + style.fail() + " " + first_lines(chapter.failed_checks[0].reason, 1);
    } else if (count > 0 && passed == count) {
        note = "  " + style.pass();
    }
    out << pad_right(chapter.chapter.name.substr(0, 2) + " " + chapter.chapter.topic, width) << "  "
        << fraction(passed, count, 9) << "  " << fraction(chapter.points(), chapter.chapter.total_points(), 9) << note << "\n";
}

void print_progress_total(const std::vector<ChapterGrade>& chapters, std::size_t width, bool colour, std::ostream& out) {
    const Style style{colour};
    int done = 0, exercises = 0, earned = 0, possible = 0;
    const ExerciseGrade* next = nullptr;
    const ChapterGrade* next_chapter = nullptr;
    for (const ChapterGrade& chapter : chapters) {
        done += passed_exercises(chapter);
        exercises += static_cast<int>(chapter.exercises.size());
        earned += chapter.points();
        possible += chapter.chapter.total_points();
        for (const ExerciseGrade& e : chapter.exercises) {
            if (next == nullptr && !e.earned) {
                next = &e;
                next_chapter = &chapter;
            }
        }
    }
    const int percent = possible > 0 ? earned * 100 / possible : 100;
    out << style.bold(pad_right("Total", width) + "  " + fraction(done, exercises, 9) + "  " +
                      fraction(earned, possible, 9) + "  (" + std::to_string(percent) + "%)")
        << "\n\n";
    if (next == nullptr) {
        out << "Every exercise passes. The chapters' questions.md files hold questions to answer in writing.\n";
        return;
    }
    out << "Next: exercise " << next->exercise.id << " \u2014 " << next->exercise.title << " ("
        << points_text(next->exercise.points) << "), in exercises/" << next_chapter->chapter.name << ".cpp\n"
        << "  make test EX=" << next->exercise.id << "    grade just this one\n";
    if (!next->exercise.hints.empty()) {
        const std::size_t levels = next->exercise.hints.size();
        out << "  make hint EX=" << next->exercise.id << "    "
            << (levels == 1 ? "its hint" : "the first of its " + std::to_string(levels) + " hint levels") << "\n";
    }
}

std::string results_json(const std::vector<ChapterGrade>& chapters, const HiddenTests& hidden,
                         const std::vector<ChallengeResult>& challenges, int bonus) {
    int earned = 0, possible = 0;
    std::string tests;
    const auto entry = [&](const std::string& number, const std::string& name, int score, int max_score, bool passed,
                           const std::string& output, const std::string& visibility) {
        tests += std::string(tests.empty() ? "" : ",\n") + "    {\"number\": " + json_string(number) +
                 ", \"name\": " + json_string(clean_utf8(name)) + ", \"score\": " + std::to_string(score) +
                 ", \"max_score\": " + std::to_string(max_score) + ", \"status\": \"" +
                 (passed ? "passed" : "failed") + "\", \"output\": " +
                 json_string(cut(clean_utf8(output), report_output_bytes)) +
                 (visibility.empty() ? "" : ", \"visibility\": " + json_string(visibility)) + "}";
    };
    const auto passing = [](const std::vector<TestResult>& t) {
        return std::to_string(std::count_if(t.begin(), t.end(), [](const TestResult& r) { return !failed(r); })) + "/" +
               std::to_string(t.size()) + " tests pass";
    };
    for (const ChapterGrade& chapter : chapters) {
        for (const ExerciseGrade& e : chapter.exercises) {
            std::vector<TestResult> open, secret;
            for (const TestResult& t : e.tests) (hidden.holds(t) ? secret : open).push_back(t);
            const std::string title = e.exercise.id + " " + e.exercise.title;
            if (secret.empty()) {
                entry(e.exercise.id, title, e.points(), e.exercise.points, e.earned, e.earned ? passing(e.tests) : full_reason(chapter, e), "");
            } else {
                // What the public tests say; the hidden ones only in their own entry.
                const Why open_why = failure_reason(e.exercise, open);
                std::string said = e.reason == did_not_compile ? full_reason(chapter, e)
                                   : open_why.full.empty() ? passing(open) : open_why.full;
                if (open_why.full.empty() && !e.earned && e.reason != did_not_compile) {
                    said += "; its points also need its hidden tests, shown " + hidden.visibility;
                }
                entry(e.exercise.id, title, e.points(), e.exercise.points, e.earned, said, "");
                const Why secret_why = failure_reason(e.exercise, secret);
                entry(e.exercise.id + "h", title + " (hidden tests)", 0, 0, secret_why.full.empty() && e.reason != did_not_compile,
                      secret_why.full.empty() ? passing(secret) : secret_why.full, hidden.visibility);
            }
            earned += e.points();
            possible += e.exercise.points;
        }
        for (const TestResult& check : chapter.failed_checks) {
            entry(chapter.chapter.name, chapter.chapter.name + " chapter check " + check.full_name(), 0, 0, false,
                  check.reason, "");
        }
    }
    // The challenges after the exercises: visible at once (a leaderboard is live), extra credit only.
    int extra = 0;
    for (const ChallengeEntry& c : challenge_entries(challenges, bonus)) {
        entry(c.number, c.name, c.score, 0, c.passed, c.output, "visible");
        extra += c.score;
    }
    return "{\n  \"score\": " + std::to_string(earned + extra) + ",\n  \"output\": " +
           json_string("Total: " + std::to_string(earned) + "/" + points_text(possible) +
                       (extra > 0 ? " and " + std::to_string(extra) + " extra credit from the challenges" : "")) +
           (hidden.suites.empty() ? "" : ",\n  \"stdout_visibility\": \"hidden\"") +
           (challenges.empty() ? "" : ",\n  \"leaderboard\": " + leaderboard_json(challenges)) + ",\n  \"tests\": [\n" +
           tests + "\n  ]\n}\n";
}

std::string junit_xml(const std::vector<ChapterGrade>& chapters) {
    std::string suites;
    int all_tests = 0, all_failures = 0;
    for (const ChapterGrade& chapter : chapters) {
        const std::string classname = xml_text(clean_utf8(chapter.chapter.name));
        std::string cases;
        int failures = 0;
        const auto testcase = [&](const std::string& name, bool passed, const std::string& reason) {
            cases += "    <testcase classname=\"" + classname + "\" name=\"" + xml_text(clean_utf8(name)) + "\"";
            if (passed) {
                cases += "/>\n";
                return;
            }
            ++failures;
            const std::string text = cut(clean_utf8(reason), report_output_bytes);
            cases += ">\n      <failure message=\"" + xml_text(lines_of(text).empty() ? "" : lines_of(text)[0]) +
                     "\">" + xml_text(text) + "</failure>\n    </testcase>\n";
        };
        for (const ExerciseGrade& e : chapter.exercises) testcase(e.exercise.id + " " + e.exercise.title, e.earned, full_reason(chapter, e));
        for (const TestResult& check : chapter.failed_checks) testcase("chapter check " + check.full_name(), false, check.reason);
        const int count = static_cast<int>(chapter.exercises.size() + chapter.failed_checks.size());
        suites += "  <testsuite name=\"" + classname + "\" tests=\"" + std::to_string(count) + "\" failures=\"" +
                  std::to_string(failures) + "\">\n" + cases + "  </testsuite>\n";
        all_tests += count;
        all_failures += failures;
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"course\" tests=\"" +
           std::to_string(all_tests) + "\" failures=\"" + std::to_string(all_failures) + "\">\n" + suites +
           "</testsuites>\n";
}

}  // namespace course::grade
