// The course's grader: `make test` (the scoreboard), `make check` (solutions pass, stubs fail) and
// `make hint`. Run with --help for the command line. Exit status: 0 all good, 1 something fails,
// 2 the command line is wrong.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_modes.hpp"
#include "tools/grade_text.hpp"

namespace {

using namespace course::grade;

constexpr int usage_status = 2;

constexpr const char* usage = R"(usage:
  grade --mode=student|solutions|stubs --bin-dir DIR [--chapters LIST] [--chapters-dir DIR]
        [--out DIR] [--chapter-timeout SECONDS] [--test-timeout SECONDS]
  grade --hint ID [--chapters-dir DIR]

  --mode=student     the scoreboard: points per exercise; exit 0 only when every exercise passes
  --mode=solutions   for make check: every test passes against the solutions, tests match exercises.md
  --mode=stubs       for make check: every exercise test fails cleanly against the untouched stubs
  --bin-dir DIR      where the test binaries NN_topic_test are
  --chapters LIST    comma-separated chapters, by name (04_gradient_descent) or number (04);
                     default: every chapter in --chapters-dir
  --chapters-dir DIR the chapters with their exercises.md (default: chapters)
  --out DIR          logs, results.json and junit.xml (default: build/grade)
  --chapter-timeout  seconds for a chapter's whole test binary (default: 120)
  --test-timeout     seconds for one test (default: 20)
  --hint ID          print the hint of exercise ID, e.g. 4.2
)";

struct UsageError {
    std::string message;
};

double parse_seconds(const std::string& flag, const std::string& value) {
    char* end = nullptr;
    const double seconds = std::strtod(value.c_str(), &end);
    if (value.empty() || *end != '\0' || !(seconds > 0)) {
        throw UsageError{flag + " takes a positive number of seconds, not '" + value + "'"};
    }
    return seconds;
}

// The flags as given, each --flag VALUE or --flag=VALUE.
std::map<std::string, std::string> parse_flags(int argc, char** argv) {
    static const std::vector<std::string> known = {"--mode",  "--bin-dir",         "--chapters",     "--chapters-dir",
                                                   "--out",   "--chapter-timeout", "--test-timeout", "--hint"};
    std::map<std::string, std::string> flags;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            flags["--help"] = "";
            continue;
        }
        std::optional<std::string> value;
        if (const auto equals = flag.find('='); equals != std::string::npos) {
            value = flag.substr(equals + 1);
            flag.resize(equals);
        }
        if (std::find(known.begin(), known.end(), flag) == known.end()) throw UsageError{"unknown flag " + flag};
        if (!value) {
            if (i + 1 == argc) throw UsageError{flag + " needs a value"};
            value = argv[++i];
        }
        if (flags.count(flag)) throw UsageError{flag + " is given twice"};
        flags[flag] = *value;
    }
    return flags;
}

int print_hint(const std::string& typed, const std::string& chapters_dir) {
    const auto id = normalise_id(typed);
    std::string valid;
    for (const std::string& name : all_chapter_names(chapters_dir)) {
        const Chapter chapter = load_chapter(chapters_dir, name);
        for (const Exercise& exercise : chapter.exercises) {
            if (id == exercise.id) {
                std::cout << "Exercise " << exercise.id << " \u2014 " << exercise.title << " (" << exercise.points
                          << (exercise.points == 1 ? " point" : " points") << ")\n\n"
                          << (exercise.hint.empty() ? "(no hint for this one: read the chapter's README)" : exercise.hint)
                          << "\n";
                return 0;
            }
            valid += (valid.empty() ? "" : " ") + exercise.id;
        }
    }
    std::cerr << "grade: no exercise '" << typed << "' in " << chapters_dir << "/*/exercises.md\n"
              << (valid.empty() ? "there are no exercises there" : "valid ids: " + valid) << "\n";
    return usage_status;
}

Options options_from(std::map<std::string, std::string>& flags) {
    Options options;
    options.mode = flags["--mode"];
    if (options.mode.empty()) throw UsageError{"say what to do: --mode=student|solutions|stubs, or --hint ID"};
    if (options.mode != "student" && options.mode != "solutions" && options.mode != "stubs") {
        throw UsageError{"--mode must be student, solutions or stubs, not '" + options.mode + "'"};
    }
    if (flags["--bin-dir"].empty()) throw UsageError{"--bin-dir is required: the directory of the test binaries"};
    options.bin_dir = flags["--bin-dir"];
    if (flags.count("--chapters-dir")) options.chapters_dir = flags["--chapters-dir"];
    if (flags.count("--out")) options.out_dir = flags["--out"];
    if (flags.count("--chapter-timeout")) {
        options.limits.chapter_seconds = parse_seconds("--chapter-timeout", flags["--chapter-timeout"]);
    }
    if (flags.count("--test-timeout")) {
        options.limits.test_seconds = parse_seconds("--test-timeout", flags["--test-timeout"]);
    }
    if (!flags.count("--chapters") || flags["--chapters"].empty()) {
        options.chapters = all_chapter_names(options.chapters_dir);
        if (options.chapters.empty()) throw UsageError{"no chapters with an exercises.md in " + options.chapters_dir + "/"};
    } else {
        for (const std::string& typed : split(flags["--chapters"], ',')) {
            try {
                options.chapters.push_back(resolve_chapter_name(options.chapters_dir, trim(typed)));
            } catch (const CatalogueError& error) {
                throw UsageError{std::string("--chapters: ") + error.what()};
            }
        }
    }
    const char* term = std::getenv("TERM");
    options.colour = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr &&
                     !(term != nullptr && std::string(term) == "dumb");
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        auto flags = parse_flags(argc, argv);
        if (flags.count("--help")) {
            std::cout << usage;
            return 0;
        }
        if (flags.count("--hint")) {
            return print_hint(flags["--hint"], flags.count("--chapters-dir") ? flags["--chapters-dir"] : "chapters");
        }
        const Options options = options_from(flags);
        std::filesystem::create_directories(options.out_dir);
        if (options.mode == "student") return grade_students_work(options);
        if (options.mode == "solutions") return check_solutions(options);
        return check_stubs(options);
    } catch (const UsageError& error) {
        std::cerr << "grade: " << error.message << "\n" << usage;
        return usage_status;
    } catch (const std::exception& error) {
        std::cerr << "grade: " << error.what() << "\n";
        return usage_status;
    }
}
