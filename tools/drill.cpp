// make drill: an exercise the student has already passed, written again from memory against the clock,
// the way an interview asks for it.
//
//   make drill [EX=10.6 | CH=10]   picks an exercise that passes on the student's code (the one named,
//                                  or the next by the schedule in tools/drill_record.hpp), writes
//                                  .drill/NN_topic.cpp: their exercises/NN_topic.cpp with that exercise's
//                                  block put back to its untouched stub (tools/reset.sh --stub), prints
//                                  what the exercise asks (no hint, no solution) and starts the clock
//   make drill done                grades the drill copy with the exercise's own tests and the grader's
//                                  own scoreboard, records the attempt and shows the earlier drills; a
//                                  failing one keeps the drill open for another `done`
//   make drill cancel              abandons the open drill (recorded: it comes first next time)
//   make hint, make solution       for the exercise being drilled, refuse (`drill guard ID`)
//
// The student's exercises/ is only ever read. The record, .drill/record.tsv, and the drill copies live
// in .drill/ at the repository's top, outside build/, so make clean and make reset leave them; the
// folder ignores itself for git (.drill/.gitignore), as exercises/.backup/ does: a student who wants
// the record in their repository adds it with git add -f. Exit status: 0 done, 1 refused or failed,
// 2 a bad command line or an unknown exercise. mk/drill.mk passes the flags; --help lists them.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>

#include "tools/drill_record.hpp"
#include "tools/drill_session.hpp"
#include "tools/grade_catalogue.hpp"
#include "tools/grade_modes.hpp"
#include "tools/grade_report.hpp"
#include "tools/grade_text.hpp"

namespace {

namespace fs = std::filesystem;
using namespace course::drill;
using course::grade::Chapter;
using course::grade::Exercise;

constexpr const char* usage = R"(usage: drill [start | done | cancel | guard ID] [flags]
  start              (the default) open a drill: --exercise ID, or the next one of --chapters LIST
  done               grade the open drill's copy and record the attempt
  cancel             abandon the open drill
  guard ID           exit 1, with one line saying why, if exercise ID is being drilled (--for names the command)
flags: --dir DIR (.drill)  --chapters-dir DIR (chapters)  --tools-dir DIR (tools)  --out DIR (build/drill)
  --bin-dir DIR, --prepare CMD, --build CMD           the student's test programs and how make test builds them
  --drill-bin-dir DIR, --drill-build CMD              the drill copy's test program and how to build it
  --test-timeout SECONDS  --now SECONDS (the clock, for the self-test)  --for TEXT
)";

Setup parse(int argc, char** argv) {
    Setup setup;
    const std::map<std::string, std::string Setup::*> flags = {
        {"--exercise", &Setup::exercise}, {"--chapters", &Setup::chapters},         {"--dir", &Setup::dir},
        {"--chapters-dir", &Setup::chapters_dir}, {"--tools-dir", &Setup::tools_dir}, {"--out", &Setup::out},
        {"--bin-dir", &Setup::bin_dir},   {"--prepare", &Setup::prepare},           {"--build", &Setup::build},
        {"--drill-bin-dir", &Setup::drill_bin_dir}, {"--drill-build", &Setup::drill_build}, {"--for", &Setup::what_for}};
    std::vector<std::string> words;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg.rfind("--", 0) != 0) {
            words.push_back(arg);
        } else if (i + 1 == argc) {
            throw UsageError{arg + " needs a value\n" + usage};
        } else if (arg == "--now" || arg == "--test-timeout") {
            char* end = nullptr;
            const double value = std::strtod(argv[++i], &end);
            if (*end != '\0' || !(value > 0)) throw UsageError{arg + " takes a positive number, not '" + argv[i] + "'"};
            if (arg == "--now") setup.now = static_cast<std::int64_t>(value);
            else setup.limits.test_seconds = value;
        } else if (flags.count(arg)) {
            setup.*flags.at(arg) = argv[++i];
        } else {
            throw UsageError{"unknown flag " + arg + "\n" + usage};
        }
    }
    if (!words.empty()) setup.action = words[0];
    const bool guard = setup.action == "guard";
    if (setup.action != "start" && setup.action != "done" && setup.action != "cancel" && !guard) {
        throw UsageError{"make drill takes done or cancel after it, not '" + setup.action + "'"};
    }
    if (guard ? words.size() != 2 : words.size() > 1) throw UsageError{usage};
    if (guard) setup.guarded = words[1];
    return setup;
}

// A chapter's directory name from what was typed ("10", "10_optimizers"); a UsageError if none.
std::string resolve_chapter(const Setup& setup, const std::string& typed) {
    try {
        return course::grade::resolve_chapter_name(setup.chapters_dir, course::grade::trim(typed));
    } catch (const course::grade::CatalogueError& error) {
        throw UsageError{std::string("make drill: ") + error.what()};
    }
}

// The exercise with this id and its chapter; a UsageError if the catalogue has no such exercise.
std::pair<Chapter, Exercise> find_exercise(const Setup& setup, const std::string& typed) {
    const auto id = course::grade::normalise_id(typed);
    if (!id) throw UsageError{"make drill: '" + typed + "' is not an exercise id such as 10.6"};
    const std::string name = resolve_chapter(setup, std::to_string(course::grade::chapter_of(*id)));
    const Chapter chapter = course::grade::load_chapter(setup.chapters_dir, name);
    if (const Exercise* exercise = chapter.find(*id)) return {chapter, *exercise};
    throw UsageError{"make drill: no exercise " + *id + " in " + setup.chapters_dir + "/" + name + "/exercises.md" +
                     (chapter.exercises.empty() ? "" : ": its exercises are " + chapter.exercises.front().id + " to " +
                                                           chapter.exercises.back().id)};
}

// Grades the student's own code, a chapter at a time and only as far as needed, to learn what passes.
class PassedExercises {
public:
    explicit PassedExercises(const Setup& setup) : setup_(setup) {}

    // Whether the exercise passes: its chapter's test program, built as make test builds it, run with
    // only that exercise's tests (only_this) or with all of them, judged by the grader's own rules.
    bool passes(const Chapter& chapter, const std::string& id, bool only_this) {
        if (!graded_.count(chapter.name)) {
            std::set<std::string>& passed = graded_[chapter.name];
            const bool live = isatty(STDOUT_FILENO);  // a status line while it builds and runs, erased after
            if (live) std::cout << "Checking what passes on your code: " << chapter.name << "..." << std::flush;
            const std::string logs = setup_.out + "/check";
            fs::create_directories(logs);
            if (!prepared_ && !setup_.prepare.empty()) run_shell(setup_.prepare, logs + "/prepare.build.log");
            prepared_ = true;
            if (!setup_.build.empty()) run_shell(replace_braces(setup_.build, chapter.name), logs + "/" + chapter.name + ".build.log");
            const auto run = course::grade::run_chapter(setup_.bin_dir, chapter.name, logs, setup_.limits,
                                                        only_this ? course::grade::suite_filter(id) : "");
            for (const auto& grade : course::grade::grade_chapter(chapter, run).exercises) {
                if (grade.earned) passed.insert(grade.exercise.id);
            }
            if (live) std::cout << "\r\x1b[K" << std::flush;
        }
        return graded_.at(chapter.name).count(id) > 0;
    }

private:
    const Setup& setup_;
    bool prepared_ = false;
    std::map<std::string, std::set<std::string>> graded_;
};

// The exercise to drill: the one named, if it passes; otherwise the first of the schedule that passes.
std::pair<Chapter, Exercise> pick(const Setup& setup, const Record& record) {
    PassedExercises passed(setup);
    if (!setup.exercise.empty()) {
        auto [chapter, exercise] = find_exercise(setup, setup.exercise);
        if (!passed.passes(chapter, exercise.id, true)) {
            throw Refusal{"make drill: exercise " + exercise.id + " does not pass on your code yet (make test EX=" + exercise.id +
                          " shows why); a drill rehearses what you have already passed"};
        }
        return {chapter, exercise};
    }
    std::vector<std::string> ids;
    std::map<std::string, std::pair<Chapter, Exercise>> by_id;
    std::string named;  // the chapters given, for the message when none of their exercises passes
    const auto names = setup.chapters.empty() ? course::grade::all_chapter_names(setup.chapters_dir)
                                              : course::grade::split(setup.chapters, ',');
    for (const std::string& typed : names) {
        const std::string name = resolve_chapter(setup, typed);
        if (!setup.chapters.empty()) named += (named.empty() ? "of " : ", ") + name;
        const Chapter chapter = course::grade::load_chapter(setup.chapters_dir, name);
        for (const Exercise& exercise : chapter.exercises) {
            ids.push_back(exercise.id);
            by_id[exercise.id] = {chapter, exercise};
        }
    }
    for (const std::string& id : drill_order(record, ids)) {
        if (passed.passes(by_id[id].first, id, false)) return by_id[id];
    }
    if (ids.empty()) throw Refusal{"make drill: there are no exercises in " + setup.chapters_dir + "/"};
    const auto& [chapter, first] = by_id[ids.front()];
    throw Refusal{"make drill: no exercise " + (named.empty() ? "" : named + " ") +
                  "passes on your code yet, so there is nothing to rehearse.\nStart with exercise " + first.id + " \u2014 " + first.title +
                  " (" + plural(first.points, "point") + "), in exercises/" + chapter.name + ".cpp: make test EX=" + first.id +
                  ", make hint EX=" + first.id + "."};
}

int start(const Setup& setup, Record& record) {
    if (const Drill* open = record.open()) {
        const auto typed = course::grade::normalise_id(setup.exercise);
        if (!setup.exercise.empty() && typed != open->exercise) {
            throw Refusal{"make drill: a drill of " + open->exercise + " is open: finish it (make drill done) or give it up (make drill cancel) first"};
        }
        const auto [chapter, exercise] = find_exercise(setup, open->exercise);
        if (!fs::exists(drill_copy_path(setup, chapter))) write_drill_copy(setup, chapter, exercise);  // deleted: afresh
        show_task(setup, record, *open, chapter, exercise);
        return 0;
    }
    const auto [chapter, exercise] = pick(setup, record);
    write_drill_copy(setup, chapter, exercise);
    record.append({setup.now, exercise.id, Event::start, 0, 0});
    show_task(setup, record, *record.open(), chapter, exercise);
    return 0;
}

int done(const Setup& setup, Record& record) {
    const Drill* open = record.open();
    if (open == nullptr) throw Refusal{"make drill done: no drill is open; make drill starts one (EX=N.M for a given exercise)"};
    const Drill drill = *open;
    const auto [chapter, exercise] = find_exercise(setup, drill.exercise);
    const std::string copy = drill_copy_path(setup, chapter);
    if (!fs::exists(copy)) throw Refusal{"make drill done: the drill copy " + copy + " is gone; make drill cancel, then make drill starts afresh"};
    course::grade::Options options;
    options.mode = "student";
    options.bin_dir = setup.drill_bin_dir;
    options.chapters_dir = setup.chapters_dir;
    options.out_dir = setup.out + "/grade";
    options.chapters = {chapter.name};
    options.exercise = exercise.id;
    options.build_command = setup.drill_build;
    options.limits = setup.limits;
    const char* term = std::getenv("TERM");  // as the grader decides it (tools/grade.cpp)
    options.live = isatty(STDOUT_FILENO) && !(term != nullptr && std::string(term) == "dumb");
    options.colour = options.live && std::getenv("NO_COLOR") == nullptr;
    fs::create_directories(options.out_dir);
    const int status = course::grade::grade_students_work(options);
    if (status == 2) throw Refusal{"make drill done: the grader could not write its reports in " + options.out_dir};
    const bool passed = status == 0;
    record.append({setup.now, exercise.id, passed ? Event::pass : Event::fail, setup.now - drill.started, drill.attempts + 1});
    show_result(setup, record, exercise, copy);
    return passed ? 0 : 1;
}

int cancel(const Setup& setup, Record& record) {
    const Drill* open = record.open();
    if (open == nullptr) throw Refusal{"make drill cancel: no drill is open"};
    const Drill drill = *open;
    record.append({setup.now, drill.exercise, Event::abandoned, setup.now - drill.started, drill.attempts});
    std::cout << "Drill " << drill.exercise << " abandoned after " << duration(setup.now - drill.started)
              << (drill.attempts == 0 ? "" : " and " + plural(drill.attempts, "attempt"))
              << ". It comes first the next time you run make drill.\n";
    return 0;
}

// make hint and make solution ask first: no help for the exercise being drilled.
int guard(const Setup& setup, const Record& record) {
    const Drill* open = record.open();
    if (open == nullptr || course::grade::normalise_id(setup.guarded) != open->exercise) return 0;
    std::cerr << setup.what_for << ": exercise " << open->exercise << " is being drilled (since " << clock_time(open->started)
              << "): no hint and no solution until make drill done passes it, or make drill cancel gives up.\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 2 && std::string(argv[1]) == "--help") {
        std::cout << usage;
        return 0;
    }
    try {
        const Setup setup = parse(argc, argv);
        std::string note;
        Record record = Record::load(setup.dir + "/record.tsv", note);
        if (!note.empty()) std::cerr << note << "\n";
        if (setup.action == "guard") return guard(setup, record);
        if (setup.action == "done") return done(setup, record);
        if (setup.action == "cancel") return cancel(setup, record);
        return start(setup, record);
    } catch (const course::drill::UsageError& error) {
        std::cerr << error.message << "\n";
        return 2;
    } catch (const course::drill::Refusal& error) {
        std::cerr << error.message << "\n";
        return 1;
    } catch (const std::exception& error) {
        std::cerr << "make drill: " << error.what() << "\n";
        return 1;
    }
}
