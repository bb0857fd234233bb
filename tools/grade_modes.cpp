#include "tools/grade_modes.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <iostream>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_report.hpp"
#include "tools/grade_text.hpp"

namespace course::grade {

namespace {

// Collects what `make check` objects to, printed as it is found so that CI logs read in order.
class Verdict {
public:
    void error(const std::string& chapter, const std::string& message) {
        std::cout << "error: " << chapter << ": " << message << "\n";
        ++errors_;
    }
    void warning(const std::string& chapter, const std::string& message) {
        std::cout << "warning: " << chapter << ": " << message << "\n";
    }
    int errors() const { return errors_; }

private:
    int errors_ = 0;
};

// "1 exercise", "3 exercises".
std::string count(std::size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

std::string quoted_reason(const std::string& reason) {
    std::string quoted;
    for (const std::string& line : lines_of(first_lines(reason, 6))) quoted += "\n    " + line;
    return quoted;
}

bool mentions_not_implemented(const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    return lower.find("not implemented") != std::string::npos;
}

// The hint levels of an exercise: "### Hint 1" to "### Hint n" in order (an error otherwise), with
// text under each; a section in the older format (no levels) or without a description is a warning.
void check_hints(const std::string& chapter, const Exercise& exercise, Verdict& verdict) {
    const std::string which = "exercise " + exercise.id + " (" + exercise.title + ")";
    if (!exercise.hint_problem.empty()) {
        verdict.error(chapter, which + ": its hint levels are out of order: " + exercise.hint_problem);
        return;
    }
    if (!exercise.levelled) {
        verdict.warning(chapter, which + " has no \"### Hint 1\" ... \"### Hint n\" levels" +
                                     (exercise.hints.empty() ? " and no hint at all" : " (its text is shown as one hint)"));
        return;
    }
    for (std::size_t k = 0; k < exercise.hints.size(); ++k) {
        if (exercise.hints[k].empty()) verdict.error(chapter, which + ": \"### Hint " + std::to_string(k + 1) + "\" is empty");
    }
    if (exercise.description.empty()) {
        verdict.warning(chapter, which + " has no description above \"### Hint 1\" (what the exercise asks)");
    }
}

// Loads the catalogue and runs the binary; on failure reports it and returns false.
bool load_and_run(const Options& options, const std::string& name, Chapter& chapter, ChapterRun& run,
                  Verdict& verdict) {
    try {
        chapter = load_chapter(options.chapters_dir, name);
    } catch (const CatalogueError& error) {
        verdict.error(name, error.what());
        return false;
    }
    run = run_chapter(options.bin_dir, name, options.out_dir, options.limits);
    if (!run.error.empty()) {
        verdict.error(name, run.error == did_not_compile
                                ? "no test binary " + options.bin_dir + "/" + name + "_test (did it compile?)"
                                : run.error);
        return false;
    }
    return true;
}

// Grades every chapter of the options (or the one exercise) and writes results.json and junit.xml.
std::vector<ChapterGrade> grade_all(const Options& options, bool& written) {
    std::vector<ChapterGrade> grades;
    for (const std::string& name : options.chapters) {
        try {
            Chapter chapter = load_chapter(options.chapters_dir, name);
            std::string filter;
            if (!options.exercise.empty()) {
                const Exercise* exercise = chapter.find(options.exercise);
                chapter.exercises = exercise != nullptr ? std::vector<Exercise>{*exercise} : std::vector<Exercise>{};
                chapter.questions = -1;  // one exercise: not the place to list the chapter's questions
                filter = suite_filter(options.exercise);
            }
            grades.push_back(grade_chapter(chapter, run_chapter(options.bin_dir, name, options.out_dir, options.limits, filter)));
        } catch (const CatalogueError& error) {
            grades.push_back(unreadable_chapter(name, error.what()));
        }
    }
    written = write_file(options.out_dir + "/results.json", results_json(grades)) &&
              write_file(options.out_dir + "/junit.xml", junit_xml(grades));
    if (!written) std::cerr << "grade: cannot write the reports in " << options.out_dir << "\n";
    return grades;
}

}  // namespace

int grade_students_work(const Options& options) {
    bool written = false;
    const std::vector<ChapterGrade> grades = grade_all(options, written);
    std::cout << "\n";
    print_scoreboard(grades, options.colour, std::cout);
    const bool all_pass = std::all_of(grades.begin(), grades.end(), [](const ChapterGrade& g) { return g.all_pass(); });
    return all_pass && written ? 0 : 1;
}

int show_progress(const Options& options) {
    bool written = false;
    const std::vector<ChapterGrade> grades = grade_all(options, written);
    print_progress(grades, options.colour, std::cout);
    return written ? 0 : 1;
}

int check_solutions(const Options& options) {
    Verdict verdict;
    for (const std::string& name : options.chapters) {
        Chapter chapter;
        ChapterRun run;
        if (!load_and_run(options, name, chapter, run, verdict)) continue;
        const int errors_before = verdict.errors();
        const std::string catalogue = options.chapters_dir + "/" + name + "/exercises.md";
        std::size_t exercise_tests = 0;
        std::string previous_suite;
        for (const TestResult& test : run.tests) {
            const auto id = exercise_id_of_suite(test.suite);
            if (id && chapter.find(*id) == nullptr && test.suite != previous_suite) {
                verdict.error(name, "suite " + test.suite + " names exercise " + *id + ", which " + catalogue +
                                        " does not list");
            }
            previous_suite = test.suite;
            if (id) ++exercise_tests;
            if (test.outcome == TestResult::Outcome::failed) {
                verdict.error(name, test.full_name() + " fails against the solutions:" + quoted_reason(test.reason));
            } else if (test.outcome == TestResult::Outcome::skipped) {
                verdict.warning(name, test.full_name() + " was skipped");
            }
        }
        for (const Exercise& exercise : chapter.exercises) {
            const bool tested = std::any_of(run.tests.begin(), run.tests.end(), [&](const TestResult& t) {
                return exercise_id_of_suite(t.suite) == exercise.id;
            });
            if (!tested) {
                verdict.error(name, "exercise " + exercise.id + " (" + exercise.title + ") has no tests: name a suite " +
                                        suite_prefix(exercise.id) + "Something");
            }
            check_hints(name, exercise, verdict);
        }
        if (verdict.errors() == errors_before) {
            std::cout << name << ": " << count(chapter.exercises.size(), "exercise") << ", all "
                      << count(exercise_tests, "exercise test") << " and "
                      << count(run.tests.size() - exercise_tests, "chapter check") << " pass against the solutions\n";
        }
    }
    if (verdict.errors() > 0) std::cout << "grade --mode=solutions: " << verdict.errors() << " problem(s)\n";
    return verdict.errors() == 0 ? 0 : 1;
}

int check_stubs(const Options& options) {
    Verdict verdict;
    for (const std::string& name : options.chapters) {
        Chapter chapter;
        ChapterRun run;
        if (!load_and_run(options, name, chapter, run, verdict)) continue;
        const int errors_before = verdict.errors();
        std::size_t exercise_tests = 0;
        for (const TestResult& test : run.tests) {
            const auto id = exercise_id_of_suite(test.suite);
            if (!id) {
                if (test.outcome == TestResult::Outcome::failed) {
                    verdict.error(name, "chapter check " + test.full_name() +
                                            " fails on the stubs (chapter checks test given code):" +
                                            quoted_reason(test.reason));
                }
                continue;
            }
            ++exercise_tests;
            if (test.outcome == TestResult::Outcome::passed) {
                verdict.error(name, "exercise " + *id + " is broken: its stub already passes " + test.full_name());
            } else if (test.outcome == TestResult::Outcome::skipped) {
                verdict.warning(name, test.full_name() + " was skipped on the stub instead of failing");
            } else if (!test.clean) {
                verdict.error(name, test.full_name() + " must fail cleanly on the stub (stubs never crash or hang), but:" +
                                        quoted_reason(test.reason));
            } else if (!mentions_not_implemented(test.reason)) {
                verdict.warning(name, test.full_name() + " fails on the stub without saying \"not implemented\":" +
                                          quoted_reason(test.reason));
            }
        }
        if (verdict.errors() == errors_before) {
            std::cout << name << ": all " << count(exercise_tests, "exercise test") << " fail cleanly on the stubs; "
                      << "chapter checks pass: " << run.tests.size() - exercise_tests << "\n";
        }
    }
    if (verdict.errors() > 0) std::cout << "grade --mode=stubs: " << verdict.errors() << " problem(s)\n";
    return verdict.errors() == 0 ? 0 : 1;
}

}  // namespace course::grade
