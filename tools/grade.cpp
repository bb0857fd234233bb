// The course's grader: `make test` (the scoreboard, of everything, a chapter or one exercise),
// `make progress` (one line per chapter), `make check` (solutions pass, stubs fail, catalogues well
// formed) and `make hint` (levelled hints). Run with --help for the command line. Exit status: 0 all
// good, 1 something fails, 2 the command line is wrong.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_challenges.hpp"
#include "tools/grade_modes.hpp"
#include "tools/grade_text.hpp"

namespace {

using namespace course::grade;

constexpr int usage_status = 2;

constexpr const char* usage = R"(usage:
  grade --mode=student|progress|solutions|stubs --bin-dir DIR [--chapters LIST | --exercise ID]
        [--chapters-dir DIR] [--out DIR] [--chapter-timeout SECONDS] [--test-timeout SECONDS]
        [--prepare COMMAND] [--build COMMAND] [--run-as USER]
        [--hidden-suites FILE] [--hidden-visibility after_due_date|after_published|hidden|visible]
        [--challenges FILE] [--challenge-bonus N] [--pictures DIR]
  grade --hint ID [--level N] [--chapters-dir DIR]

  --mode=student     the scoreboard: points per exercise; exit 0 only when every exercise passes
  --mode=progress    one line per chapter (exercises done, points) and the next exercise to do
  --mode=solutions   for make check: every test passes against the solutions, tests match exercises.md,
                     hint levels are numbered 1..n
  --mode=stubs       for make check: every exercise test fails cleanly against the untouched stubs
  --bin-dir DIR      where the test binaries NN_topic_test are
  --chapters LIST    comma-separated chapters, by name (04_gradient_descent) or number (04);
                     default: every chapter in --chapters-dir
  --exercise ID      grade only exercise ID, e.g. 10.6 (its suites Ex1006*); exit 0 iff it passes
  --chapters-dir DIR the chapters with their exercises.md (default: chapters)
  --out DIR          logs, results.json and junit.xml (default: build/grade)
  --chapter-timeout  seconds for a chapter's whole test binary (default: 120)
  --test-timeout     seconds for one test (default: 20)
  --prepare COMMAND  student and progress modes: a shell command run once before grading (the build
                     of what every chapter shares); its output goes to OUT/prepare.build.log
  --build COMMAND    ... and a shell command run before each chapter is graded, {} standing for the
                     chapter's name: its output goes to OUT/NN_topic.build.log and its first error to
                     the scoreboard. On a terminal a status line says what is being built and run.
  --run-as USER      run the test programs as USER (the grader must be root): the autograder's
                     unprivileged account, so that student code cannot rewrite the grade files
  --hidden-suites F  the test suites (one name a line) that are hidden tests: results.json reports
                     them in an entry of their own per exercise, with --hidden-visibility (default
                     after_due_date); the exercise's points still need them to pass
  --challenges FILE  the challenges' results (make challenge's build/challenge/results.tsv): results.json
                     gets Gradescope's "leaderboard" array and an extra-credit entry per challenge
  --challenge-bonus N  points for a challenge whose score beats the reference's (default 0: the
                     entries score nothing and the leaderboard is the extra credit)
  --pictures DIR     student mode: a failing test that has a picture of what went wrong draws it into
                     DIR (as COURSE_FAILURE_PICTURES, tests/support/picture.hpp); the graded chapters'
                     old pictures are removed first, and the scoreboard ends with a list of the new ones
  --hint ID          print exercise ID's description and its first hint level, e.g. 4.2
  --level N          with --hint: print hint levels 1 to N
)";

struct UsageError {
    std::string message;
    bool show_usage = true;  // false when the command line is fine but names something that does not exist
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
                                                   "--out",   "--chapter-timeout", "--test-timeout", "--hint",
                                                   "--level", "--exercise", "--prepare", "--build", "--run-as", "--hidden-suites",
                                                   "--hidden-visibility", "--challenges", "--challenge-bonus", "--pictures"};
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

// The exercise with this id, and its chapter; a UsageError listing the valid ids if there is none.
std::pair<Chapter, Exercise> find_exercise(const std::string& typed, const std::string& chapters_dir) {
    if (const auto id = normalise_id(typed)) {
        std::optional<std::string> name;
        try {
            name = resolve_chapter_name(chapters_dir, std::to_string(chapter_of(*id)));
        } catch (const CatalogueError&) {
        }
        if (name) {
            const Chapter chapter = load_chapter(chapters_dir, *name);  // a broken catalogue says so here
            if (const Exercise* exercise = chapter.find(*id)) return {chapter, *exercise};
        }
    }
    std::string valid;
    for (const std::string& name : all_chapter_names(chapters_dir)) {
        try {
            for (const Exercise& exercise : load_chapter(chapters_dir, name).exercises) {
                valid += (valid.empty() ? "" : " ") + exercise.id;
            }
        } catch (const CatalogueError&) {
        }
    }
    throw UsageError{"no exercise '" + typed + "' in " + chapters_dir + "/*/exercises.md\n" +
                         (valid.empty() ? "there are no exercises there" : "valid ids: " + valid),
                     false};
}

// `make hint EX=10.6 [LEVEL=2]`: the title, the description, then hint levels 1..level, and what to
// type for the next one.
int print_hint(const std::string& typed, const std::string& typed_level, const std::string& chapters_dir) {
    const Exercise exercise = find_exercise(typed, chapters_dir).second;
    const std::size_t levels = exercise.hints.size();
    std::size_t level = 1;
    if (!typed_level.empty()) {
        char* end = nullptr;
        const long parsed = std::strtol(typed_level.c_str(), &end, 10);
        if (*end != '\0' || parsed < 1) throw UsageError{"LEVEL (--level) is a hint level 1, 2, ..., not '" + typed_level + "'", false};
        level = static_cast<std::size_t>(parsed);
    }
    if (level > std::max<std::size_t>(levels, 1)) {
        std::cerr << "grade: exercise " << exercise.id << " has " << levels << " hint level" << (levels == 1 ? "" : "s")
                  << (levels == 0 ? "" : ": LEVEL=1" + (levels == 1 ? std::string() : " to " + std::to_string(levels)))
                  << "\n";
        return usage_status;
    }
    std::cout << "Exercise " << exercise.id << " \u2014 " << exercise.title << " (" << exercise.points
              << (exercise.points == 1 ? " point" : " points") << ")\n";
    if (!exercise.description.empty()) std::cout << "\n" << exercise.description << "\n";
    if (levels == 0) {
        std::cout << "\n(no hint for this one: read the chapter's README)\n";
        return 0;
    }
    for (std::size_t k = 1; k <= level; ++k) {
        if (exercise.levelled) std::cout << "\n\u2500\u2500 Hint " << k << " of " << levels << " \u2500\u2500";
        std::cout << "\n" << exercise.hints[k - 1] << "\n";
    }
    const std::string command = "make hint EX=" + exercise.id;
    if (level < levels) {
        std::cout << "\nHint " << level << " of " << levels << " \u2014 next: " << command << " LEVEL=" << level + 1 << "\n";
    } else if (levels > 1) {
        std::cout << "\nThat was the last hint (" << levels << " of " << levels << "). Once your code passes, "
                  << "`make solution EX=" << exercise.id << "` shows the reference.\n";
    }
    return 0;
}

Options options_from(std::map<std::string, std::string>& flags) {
    Options options;
    options.mode = flags["--mode"];
    if (options.mode.empty()) throw UsageError{"say what to do: --mode=student|progress|solutions|stubs, or --hint ID"};
    if (options.mode != "student" && options.mode != "progress" && options.mode != "solutions" &&
        options.mode != "stubs") {
        throw UsageError{"--mode must be student, progress, solutions or stubs, not '" + options.mode + "'"};
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
    if (flags.count("--level")) throw UsageError{"--level goes with --hint"};
    if (flags.count("--exercise") && !flags["--exercise"].empty()) {
        if (options.mode != "student") throw UsageError{"--exercise goes with --mode=student"};
        const auto [chapter, exercise] = find_exercise(flags["--exercise"], options.chapters_dir);
        options.exercise = exercise.id;
        options.chapters = {chapter.name};
    } else if (!flags.count("--chapters") || flags["--chapters"].empty()) {
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
    if (flags.count("--prepare") || flags.count("--build")) {
        if (options.mode != "student" && options.mode != "progress") throw UsageError{"--prepare and --build go with --mode=student or progress"};
        options.prepare_command = flags["--prepare"];
        options.build_command = flags["--build"];
    }
    if (flags.count("--run-as")) {
        const passwd* user = getpwnam(flags["--run-as"].c_str());
        if (user == nullptr) throw UsageError{"--run-as: no user " + flags["--run-as"], false};
        if (geteuid() != 0) throw UsageError{"--run-as needs the grader to run as root", false};
        options.limits.uid = static_cast<int>(user->pw_uid);
        options.limits.gid = static_cast<int>(user->pw_gid);
    }
    if (flags.count("--hidden-suites")) {
        for (const std::string& line : lines_of(read_file(flags["--hidden-suites"]))) {
            if (!trim(line).empty()) options.hidden.suites.insert(trim(line));
        }
        if (options.hidden.suites.empty()) throw UsageError{"--hidden-suites: " + flags["--hidden-suites"] + " names no suite", false};
    }
    if (flags.count("--hidden-visibility")) {
        const std::string& v = flags["--hidden-visibility"];
        if (v != "hidden" && v != "after_due_date" && v != "after_published" && v != "visible") {
            throw UsageError{"--hidden-visibility is hidden, after_due_date, after_published or visible, not '" + v + "'"};
        }
        options.hidden.visibility = v;
    }
    if (flags.count("--challenges")) {
        try {
            options.challenges = read_challenge_results(flags["--challenges"]);
        } catch (const std::runtime_error& error) {
            // The grade stands without them: one entry says what went wrong.
            options.challenges = {{"challenges", "the challenges", "asc", "", "", "", error.what()}};
        }
    }
    if (flags.count("--challenge-bonus")) {
        char* end = nullptr;
        const long bonus = std::strtol(flags["--challenge-bonus"].c_str(), &end, 10);
        if (flags["--challenge-bonus"].empty() || *end != '\0' || bonus < 0 || bonus > 1000)
            throw UsageError{"--challenge-bonus takes a whole number of points from 0 to 1000, not '" + flags["--challenge-bonus"] + "'"};
        options.challenge_bonus = static_cast<int>(bonus);
    }
    if (flags.count("--pictures")) {
        if (options.mode != "student") throw UsageError{"--pictures goes with --mode=student"};
        if (flags["--pictures"].empty()) throw UsageError{"--pictures needs a folder"};
        options.limits.pictures_dir = flags["--pictures"];
    }
    const char* term = std::getenv("TERM");
    const bool terminal = isatty(STDOUT_FILENO) && !(term != nullptr && std::string(term) == "dumb");
    options.colour = terminal && std::getenv("NO_COLOR") == nullptr;
    options.live = terminal;
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
            return print_hint(flags["--hint"], flags.count("--level") ? flags["--level"] : "",
                              flags.count("--chapters-dir") ? flags["--chapters-dir"] : "chapters");
        }
        const Options options = options_from(flags);
        std::filesystem::create_directories(options.out_dir);
        if (options.mode == "student") return grade_students_work(options);
        if (options.mode == "progress") return show_progress(options);
        if (options.mode == "solutions") return check_solutions(options);
        return check_stubs(options);
    } catch (const UsageError& error) {
        std::cerr << "grade: " << error.message << "\n" << (error.show_usage ? usage : "");
        return usage_status;
    } catch (const std::exception& error) {
        std::cerr << "grade: " << error.what() << "\n";
        return usage_status;
    }
}
