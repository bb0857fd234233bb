// What make drill writes and says (tools/drill.cpp has the commands): the drill copy, the task, the
// verdict, and the student's earlier drills of the exercise.
#pragma once

#include <cstdint>
#include <ctime>
#include <string>
#include <vector>

#include "tools/drill_record.hpp"
#include "tools/grade_catalogue.hpp"
#include "tools/grade_runner.hpp"

namespace course::drill {

// The command line, as mk/drill.mk gives it.
struct Setup {
    std::string action = "start", guarded, exercise, chapters, what_for = "make hint";
    std::string dir = ".drill", chapters_dir = "chapters", tools_dir = "tools", out = "build/drill";
    std::string bin_dir, prepare, build, drill_bin_dir, drill_build;
    grade::Limits limits;
    std::int64_t now = std::time(nullptr);
};

struct UsageError {  // exit status 2
    std::string message;
};
struct Refusal {  // exit status 1: the message says why, in a line or two
    std::string message;
};

// Runs a program (or a shell command) to its end, its output in `log`; true if it exited with 0.
bool run_program(const std::vector<std::string>& argv, const std::string& log);
bool run_shell(const std::string& command, const std::string& log);
std::string replace_braces(std::string text, const std::string& name);  // "{}" → name, as grade --build does

std::string plural(long count, const std::string& noun);  // "1 attempt", "2 attempts"
std::string duration(std::int64_t seconds);               // "45 s", "12 min 4 s", "1 h 3 min"
std::string clock_time(std::int64_t when);                // "2025-06-02 14:02", local time

// dir/NN_topic.cpp, the drill copy of a chapter's exercise file.
std::string drill_copy_path(const Setup& setup, const grade::Chapter& chapter);

// Writes the drill copy: the student's exercises/NN_topic.cpp with the exercise's block replaced by
// its untouched stub, which tools/reset.sh --stub takes from git. exercises/ is only read.
void write_drill_copy(const Setup& setup, const grade::Chapter& chapter, const grade::Exercise& exercise);

// The task of an open drill: where to write, what the exercise asks, the clock, the earlier drills.
void show_task(const Setup& setup, const Record& record, const Drill& drill, const grade::Chapter& chapter,
               const grade::Exercise& exercise);

// After `make drill done` has been recorded: the verdict, the drills of the exercise, when it is due again.
void show_result(const Setup& setup, const Record& record, const grade::Exercise& exercise, const std::string& copy);

}  // namespace course::drill
