#include "tools/grade_modes.hpp"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <string>
#include <tuple>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_process.hpp"
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

// The status line of a live run: written over itself, erased before anything else is printed.
class Status {
public:
    explicit Status(bool live) : live_(live) {}
    ~Status() { clear(); }
    void show(const std::string& text) {
        if (!live_ || text == shown_) return;
        std::cout << "\r\x1b[K" << text << std::flush;
        shown_ = text;
    }
    void clear() {
        if (live_ && !shown_.empty()) std::cout << "\r\x1b[K" << std::flush;
        shown_.clear();
    }

private:
    bool live_;
    std::string shown_;
};

// Runs one build command with its output in a log; returns the first error if it failed.
std::string build(const std::string& command, const std::string& log_path) {
    write_file(log_path, "");
    const ProcessEnd end = run_process({{"/bin/sh", "-c", command}, log_path, ""}, [] { return true; });
    if (end.kind == ProcessEnd::Kind::exited && end.value == 0) return "";
    std::string error = first_error(read_file(log_path));
    if (error.empty()) error = "the build failed";
    return error + "\n(the whole compiler output: " + log_path + ")";
}

std::string replaced(std::string text, const std::string& name) {
    for (auto at = text.find("{}"); at != std::string::npos; at = text.find("{}", at + name.size())) text.replace(at, 2, name);
    return text;
}

// The failure pictures (tests/support/picture.hpp) are named after their exercise:
// "10.6_adam_trajectory.png" belongs to 10.6. A file named otherwise is not one and is left alone.
std::optional<std::string> picture_owner(const std::string& file) {
    const auto underscore = file.find('_');
    if (underscore == std::string::npos || !(file.ends_with(".png") || file.ends_with(".png.tmp"))) return std::nullopt;
    return normalise_id(file.substr(0, underscore));
}

bool picture_of(const std::string& file, int chapter, const std::string& exercise) {
    const auto owner = picture_owner(file);
    return owner && chapter_of(*owner) == chapter && (exercise.empty() || *owner == exercise);
}

// Before a chapter (or one exercise) is graded, its old pictures go: what is listed afterwards was
// drawn by this run. Other chapters' pictures stay until they are graded again.
void clear_pictures(const std::string& dir, int chapter, const std::string& exercise) {
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
        if (picture_of(entry.path().filename().string(), chapter, exercise)) std::filesystem::remove(entry.path(), error);
    }
}

// The pictures of the graded chapters, in exercise order (10.2 before 10.10), then by name.
std::vector<std::string> pictures_drawn(const Options& options, const std::vector<ChapterGrade>& grades) {
    std::vector<std::tuple<int, int, std::string>> found;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(options.limits.pictures_dir, error)) {
        const std::string file = entry.path().filename().string();
        if (!file.ends_with(".png")) continue;
        for (const ChapterGrade& grade : grades) {
            if (!picture_of(file, grade.chapter.number, options.exercise)) continue;
            const std::string id = *picture_owner(file);
            found.emplace_back(chapter_of(id), std::stoi(id.substr(id.find('.') + 1)), entry.path().string());
        }
    }
    std::sort(found.begin(), found.end());
    std::vector<std::string> paths;
    for (const auto& picture : found) paths.push_back(std::get<2>(picture));
    return paths;
}

// Grades every chapter of the options (or the one exercise), each built first when there is a build
// command, shows each as soon as it is graded (`shown`), and writes results.json and junit.xml.
std::vector<ChapterGrade> grade_all(const Options& options, bool& written,
                                    const std::function<void(const ChapterGrade&)>& shown) {
    Status status(options.live);
    if (!options.prepare_command.empty()) {
        status.show("Building the course's library and the grader's support (once; later runs reuse them)...");
        const std::string error = build(options.prepare_command, options.out_dir + "/prepare.build.log");
        status.clear();
        if (!error.empty()) std::cout << "The shared library did not build:\n" << error << "\n\n";
    }
    const std::string& pictures = options.limits.pictures_dir;
    if (!pictures.empty()) {
        std::error_code error;
        std::filesystem::create_directories(pictures, error);
        // The tests may run as the autograder's unprivileged user: the folder is theirs to draw in.
        if (options.limits.uid >= 0 && chown(pictures.c_str(), static_cast<uid_t>(options.limits.uid),
                                             static_cast<gid_t>(options.limits.gid)) != 0) {
            std::cerr << "grade: cannot hand " << pictures << " to the tests' user: no failure pictures\n";
        }
    }
    std::vector<ChapterGrade> grades;
    const std::size_t total = options.chapters.size();
    for (std::size_t k = 0; k < total; ++k) {
        const std::string& name = options.chapters[k];
        const std::string where = total > 1 ? "chapter " + std::to_string(k + 1) + " of " + std::to_string(total) + ", " + name
                                            : name;
        try {
            Chapter chapter = load_chapter(options.chapters_dir, name);
            std::string build_error;
            if (!options.build_command.empty()) {
                status.show("Building " + where + "...");
                build_error = build(replaced(options.build_command, name), options.out_dir + "/" + name + ".build.log");
            }
            if (!pictures.empty()) clear_pictures(pictures, chapter.number, options.exercise);
            std::string filter;
            if (!options.exercise.empty()) {
                const Exercise* exercise = chapter.find(options.exercise);
                chapter.exercises = exercise != nullptr ? std::vector<Exercise>{*exercise} : std::vector<Exercise>{};
                chapter.questions = -1;  // one exercise: not the place to list the chapter's questions
                filter = suite_filter(options.exercise);
            }
            status.show("Testing " + where + "...");
            const Ticker ticker = [&](const std::string& test, double seconds) {
                if (seconds >= 2) {
                    status.show("Testing " + where + ": " + test + " has run " + std::to_string(static_cast<int>(seconds)) +
                                " s (limit " + std::to_string(static_cast<int>(options.limits.test_seconds)) + " s)");
                }
            };
            const ChapterRun run = run_chapter(options.bin_dir, name, options.out_dir, options.limits, filter, ticker);
            grades.push_back(grade_chapter(chapter, run));
            if (run.error == did_not_compile) grades.back().build_error = build_error;
        } catch (const CatalogueError& error) {
            grades.push_back(unreadable_chapter(name, error.what()));
        }
        status.clear();
        shown(grades.back());
    }
    written = write_file(options.out_dir + "/results.json",
                         results_json(grades, options.hidden, options.challenges, options.challenge_bonus)) &&
              write_file(options.out_dir + "/junit.xml", junit_xml(grades));
    if (!written) std::cerr << "grade: cannot write the reports in " << options.out_dir << "\n";
    return grades;
}

// The catalogues of the chapters to grade, for the scoreboard's column widths (a broken one is
// reported when its chapter is graded).
std::vector<Chapter> catalogues(const Options& options) {
    std::vector<Chapter> chapters;
    for (const std::string& name : options.chapters) {
        try {
            chapters.push_back(load_chapter(options.chapters_dir, name));
            if (!options.exercise.empty()) {
                const Exercise* exercise = chapters.back().find(options.exercise);
                chapters.back().exercises = exercise != nullptr ? std::vector<Exercise>{*exercise} : std::vector<Exercise>{};
            }
        } catch (const CatalogueError&) {
        }
    }
    return chapters;
}

}  // namespace

// GCC's and clang's "file:line:col: error: ..." and the source line and caret under it.
std::string first_error(const std::string& log) {
    const std::vector<std::string> lines = lines_of(clean_utf8(log));
    const auto diagnostic = [](const std::string& line) {
        const auto colon = line.find(':');
        return colon != std::string::npos && colon > 0 && line[0] != ' ' && colon + 1 < line.size() &&
               std::isdigit(static_cast<unsigned char>(line[colon + 1]));
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool compiler = diagnostic(lines[i]) && lines[i].find(" error: ") != std::string::npos;
        const bool linker = lines[i].find("undefined reference") != std::string::npos ||
                            lines[i].find("ld: error") != std::string::npos || lines[i].find("multiple definition") != std::string::npos;
        if (!compiler && !linker) continue;
        std::string text;
        if (compiler && i > 0 && lines[i - 1].find(": In ") != std::string::npos) text = lines[i - 1] + "\n";
        text += cut(lines[i], 300);
        for (std::size_t k = i + 1; k < lines.size() && k <= i + 4 && !diagnostic(lines[k]); ++k) text += "\n" + cut(lines[k], 300);
        return text;
    }
    return "";
}

int grade_students_work(const Options& options) {
    bool written = false;
    const std::size_t width = scoreboard_width(catalogues(options));
    std::cout << "\n";
    const std::vector<ChapterGrade> grades =
        grade_all(options, written, [&](const ChapterGrade& grade) { print_chapter(grade, width, options.colour, std::cout); });
    print_total(grades, options.colour, std::cout);
    if (!options.limits.pictures_dir.empty()) {
        const std::vector<std::string> pictures = pictures_drawn(options, grades);
        if (!pictures.empty()) {
            std::cout << "\nPictures of what went wrong (open them in any image viewer):\n";
            for (const std::string& path : pictures) {
                const std::string file = std::filesystem::path(path).filename().string();
                std::cout << "  " << *picture_owner(file) << std::string(std::max<std::size_t>(1, 7 - picture_owner(file)->size()), ' ')
                          << path << "\n";
            }
        }
    }
    const bool all_pass = std::all_of(grades.begin(), grades.end(), [](const ChapterGrade& g) { return g.all_pass(); });
    return !written ? 2 : all_pass ? 0 : 1;
}

int show_progress(const Options& options) {
    bool written = false;
    const std::size_t width = progress_width(catalogues(options));
    print_progress_header(width, options.colour, std::cout);
    const std::vector<ChapterGrade> grades =
        grade_all(options, written, [&](const ChapterGrade& grade) { print_progress_line(grade, width, options.colour, std::cout); });
    print_progress_total(grades, width, options.colour, std::cout);
    return written ? 0 : 2;
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
