#include "tools/drill_session.hpp"

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <utility>

#include "tools/grade_process.hpp"
#include "tools/grade_text.hpp"

namespace course::drill {

namespace {

namespace fs = std::filesystem;
using grade::lines_of;

// The first and last line (1-based) of an exercise's block in a C++ file, by tools/exercise_block.sh.
std::optional<std::pair<long, long>> block_lines(const Setup& setup, const std::string& file, const std::string& id) {
    const std::string log = setup.out + "/block-lines.txt";
    if (!run_program({setup.tools_dir + "/exercise_block.sh", file, id, "--lines"}, log)) return std::nullopt;
    const std::vector<std::string> numbers = grade::split(grade::trim(grade::read_file(log)), ' ');
    if (numbers.size() != 2) return std::nullopt;
    return std::pair{std::stol(numbers[0]), std::stol(numbers[1])};
}

// The file's lines, each with its line ending, so that joining them gives the file back byte for byte.
std::vector<std::string> raw_lines(const std::string& text) {
    std::vector<std::string> lines;
    for (std::size_t from = 0; from < text.size();) {
        const std::size_t end = text.find('\n', from);
        const std::size_t next = end == std::string::npos ? text.size() : end + 1;
        lines.push_back(text.substr(from, next - from));
        from = next;
    }
    return lines;
}

const char* outcome(const Drill& drill) {
    return drill.end == Drill::End::passed ? "passed" : drill.end == Drill::End::abandoned ? "abandoned" : "open";
}

// The closed drills of an exercise, one line each; the last one marked when it is the one just done.
void show_history(const Record& record, const std::string& id, bool last_is_this) {
    const std::vector<Drill> drills = record.closed_drills_of(id);
    if (drills.empty()) return;
    std::cout << "Your drills of " << id << ":\n";
    std::int64_t best = -1;
    for (std::size_t k = 0; k < drills.size(); ++k) {
        const Drill& d = drills[k];
        if (d.end == Drill::End::passed && (best < 0 || d.seconds < best)) best = d.seconds;
        char line[160];
        std::snprintf(line, sizeof line, "  %s  %-9s %12s  %s", clock_time(d.started).c_str(), outcome(d), duration(d.seconds).c_str(),
                      plural(d.attempts, "attempt").c_str());
        std::cout << line << (last_is_this && k + 1 == drills.size() ? "   (this one)" : "") << "\n";
    }
    if (best >= 0 && drills.size() > 1) std::cout << "Best time: " << duration(best) << ".\n";
}

}  // namespace

bool run_program(const std::vector<std::string>& argv, const std::string& log) {
    fs::create_directories(fs::path(log).parent_path());
    grade::write_file(log, "");
    const grade::ProcessEnd end = grade::run_process({argv, log, ""}, [] { return true; });
    return end.kind == grade::ProcessEnd::Kind::exited && end.value == 0;
}

bool run_shell(const std::string& command, const std::string& log) { return run_program({"/bin/sh", "-c", command}, log); }

std::string replace_braces(std::string text, const std::string& name) {
    for (auto at = text.find("{}"); at != std::string::npos; at = text.find("{}", at + name.size())) text.replace(at, 2, name);
    return text;
}

std::string plural(long count, const std::string& noun) { return std::to_string(count) + " " + noun + (count == 1 ? "" : "s"); }

std::string duration(std::int64_t seconds) {
    if (seconds < 60) return std::to_string(seconds) + " s";
    if (seconds < 3600) return std::to_string(seconds / 60) + " min " + std::to_string(seconds % 60) + " s";
    return std::to_string(seconds / 3600) + " h " + std::to_string(seconds % 3600 / 60) + " min";
}

std::string clock_time(std::int64_t when) {
    const std::time_t t = static_cast<std::time_t>(when);
    std::tm local{};
    localtime_r(&t, &local);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M", &local);
    return text;
}

std::string drill_copy_path(const Setup& setup, const grade::Chapter& chapter) { return setup.dir + "/" + chapter.name + ".cpp"; }

void write_drill_copy(const Setup& setup, const grade::Chapter& chapter, const grade::Exercise& exercise) {
    const std::string mine = "exercises/" + chapter.name + ".cpp";
    const std::string& id = exercise.id;
    if (!fs::is_regular_file(mine)) throw Refusal{"make drill: there is no " + mine + " to copy"};
    const std::string stub_log = setup.out + "/stub-" + id + ".txt";
    if (!run_program({setup.tools_dir + "/reset.sh", "--stub", id}, stub_log)) {
        const std::vector<std::string> why = lines_of(grade::read_file(stub_log));
        throw Refusal{"make drill: no untouched stub of " + id + " to drill with (" + (why.empty() ? "tools/reset.sh failed" : why[0]) + ")"};
    }
    const auto range = block_lines(setup, mine, id);
    if (!range) {
        throw Refusal{"make drill: " + mine + " has no line \"// Exercise " + id +
                      " ...\" to find the exercise by; put it back above the exercise's function(s)"};
    }
    const std::vector<std::string> lines = raw_lines(grade::read_file(mine));
    std::string copy;
    for (long k = 1; k <= static_cast<long>(lines.size()); ++k) {
        if (k == range->first) copy += grade::read_file(stub_log);
        if (k < range->first || k > range->second) copy += lines[static_cast<std::size_t>(k - 1)];
    }
    fs::create_directories(setup.dir);
    if (!fs::exists(setup.dir + "/.gitignore")) {
        grade::write_file(setup.dir + "/.gitignore",
                          "# make drill's record and drill copies (tools/drill.cpp): yours, not the course's.\n"
                          "# To keep the record in your own repository: git add -f .drill/record.tsv\n*\n");
    }
    const std::string path = drill_copy_path(setup, chapter), temporary = path + ".new";
    std::error_code error;
    const bool written = grade::write_file(temporary, copy);
    if (written) fs::rename(temporary, path, error);
    if (!written || error) throw Refusal{"make drill: cannot write " + path};
}

void show_task(const Setup& setup, const Record& record, const Drill& drill, const grade::Chapter& chapter,
               const grade::Exercise& exercise) {
    const std::string copy = drill_copy_path(setup, chapter);
    const auto range = block_lines(setup, copy, exercise.id);
    std::cout << "Drill " << exercise.id << " \u2014 " << exercise.title << " (" << plural(exercise.points, "point")
              << "): write it again from memory, against the clock.\n\n"
              << "Your drill copy: " << copy
              << (range ? ", lines " + std::to_string(range->first) + "-" + std::to_string(range->second) : std::string())
              << ", where exercise " << exercise.id << " is its stub again.\nThe rest of it is your exercises/" << chapter.name
              << ".cpp as it was; the drill never touches that file.\n\nWhat it asks:\n";
    for (const std::string& line : lines_of(exercise.description)) std::cout << "  " << line << "\n";
    if (exercise.description.empty()) std::cout << "  (the comment above the stub in your drill copy says it)\n";
    std::cout << "\n";
    if (setup.now > drill.started) {
        std::cout << "The clock has run " << duration(setup.now - drill.started) << " (since " << clock_time(drill.started) << "), "
                  << (drill.attempts == 0 ? "no attempt yet" : plural(drill.attempts, "attempt") + " so far") << ".\n";
    } else {
        std::cout << "The clock started at " << clock_time(drill.started) << ".\n";
    }
    std::cout << "make drill done    grades the drill copy with the exercise's tests (as often as you need)\n"
              << "make drill cancel  gives up; make hint and make solution stay closed for " << exercise.id << " until then\n";
    const std::vector<Drill> earlier = record.closed_drills_of(exercise.id);
    if (!earlier.empty()) {
        std::cout << "\n";
        show_history(record, exercise.id, false);
    }
}

void show_result(const Setup& setup, const Record& record, const grade::Exercise& exercise, const std::string& copy) {
    const std::vector<Drill> drills = record.closed_drills_of(exercise.id);
    const Drill* open = record.open();
    std::cout << "\n";
    if (open != nullptr) {
        std::cout << "Drill " << exercise.id << ": not yet (attempt " << open->attempts << ", " << duration(open->seconds)
                  << " since the start).\nFix " << copy << " and run make drill done again; make drill cancel gives up.\n";
        if (!drills.empty()) std::cout << "\n";
        show_history(record, exercise.id, false);
        return;
    }
    const Drill& drill = drills.back();
    std::cout << "Drill " << exercise.id << " passed in " << duration(drill.seconds)
              << (drill.attempts == 1 ? ", at the first attempt" : ", at attempt " + std::to_string(drill.attempts)) << ".\n\n";
    show_history(record, exercise.id, true);
    const Standing standing = standing_of(record, exercise.id);
    if (standing.failed_last) {
        std::cout << "It took more than one attempt, so it stays in box 0: make drill offers it first next time.\n";
    } else {
        std::cout << "Box " << standing.box << " of 6: make drill brings it back from " << clock_time(standing.due) << " (in "
                  << plural((standing.due - setup.now + 43200) / 86400, "day") << ").\n";
    }
}

}  // namespace course::drill
