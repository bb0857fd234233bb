// The catalogue of wrong versions (tools/mutants_catalogue.hpp) and its check, `make check-mutants`.
// Run from the repository's root (the Makefile does):
//
//   mutants lint  [--chapters LIST] [--min N]   every catalogue parses, every entry applies to its
//                                               solution, every exercise has at least N (default 2)
//                                               wrong versions that its tests must catch (make check)
//   mutants write --out DIR [--chapters LIST]   writes DIR/NN_topic/KK/solution.cpp (the solution with
//                                               wrong version KK in it, rewritten only when it changed)
//                                               and DIR/NN_topic/KK/id; lists DIR/.../verdict in DIR/targets
//   mutants report --dir DIR [--chapters LIST]  reads the verdicts the Makefile wrote (killed, survived,
//                                               broken) and prints the chapter-by-chapter result
//
// Exit status: 0 all good, 1 a check fails, 2 the command line is wrong.
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_text.hpp"
#include "tools/mutants_catalogue.hpp"

namespace {

namespace fs = std::filesystem;
using namespace course;
using grade::read_file;
using grade::trim;

constexpr int usage_status = 2;
constexpr const char* usage =
    "usage: mutants lint [--chapters LIST] [--min N] | mutants write --out DIR [--chapters LIST] |\n"
    "       mutants report --dir DIR [--chapters LIST]\n";

struct UsageError {
    std::string message;
};

struct Chapter {
    std::string name;  // 15_second_order
    grade::Chapter exercises;
    mutants::Catalogue catalogue;
    std::string solution_path;
};

std::string catalogue_path(const std::string& name) { return "tests/mutants/" + name + ".md"; }

std::vector<Chapter> load(const std::string& list) {
    std::vector<std::string> names;
    if (list.empty()) {
        names = grade::all_chapter_names("chapters");
    } else {
        for (const std::string& typed : grade::split(list, ',')) names.push_back(grade::resolve_chapter_name("chapters", trim(typed)));
    }
    std::vector<Chapter> chapters;
    for (const std::string& name : names) {
        Chapter chapter{name, grade::load_chapter("chapters", name), {}, "solutions/" + name + ".cpp"};
        chapter.catalogue = mutants::load_catalogue(catalogue_path(name), name, chapter.exercises.number);
        for (const mutants::Entry& entry : chapter.catalogue.entries) {
            if (chapter.exercises.find(entry.id) == nullptr) {
                throw mutants::CatalogueError(chapter.catalogue.path + ":" + std::to_string(entry.line) + ": exercise " +
                                              entry.id + " is not in chapters/" + name + "/exercises.md");
            }
        }
        chapters.push_back(std::move(chapter));
    }
    return chapters;
}

// Two digits: the entry's folder name under DIR/NN_topic/.
std::string number(std::size_t k) { return (k < 10 ? "0" : "") + std::to_string(k); }

int lint(const std::vector<Chapter>& chapters, int minimum) {
    int problems = 0, entries = 0, equivalent = 0;
    for (const Chapter& chapter : chapters) {
        const std::string solution = read_file(chapter.solution_path);
        std::map<std::string, int> caught;  // per exercise, the entries its tests must catch
        for (const mutants::Entry& entry : chapter.catalogue.entries) {
            try {
                mutants::apply_entry(entry, solution, chapter.catalogue.path, chapter.solution_path);
            } catch (const mutants::CatalogueError& error) {
                std::cerr << error.what() << "\n";
                ++problems;
            }
            if (entry.equivalent.empty()) ++caught[entry.id];
        }
        for (const grade::Exercise& exercise : chapter.exercises.exercises) {
            if (caught[exercise.id] >= minimum) continue;
            std::cerr << chapter.catalogue.path << ": exercise " << exercise.id << " has " << caught[exercise.id]
                      << " wrong version" << (caught[exercise.id] == 1 ? "" : "s") << " for its tests to catch; it needs "
                      << minimum << "\n";
            ++problems;
        }
        entries += static_cast<int>(chapter.catalogue.entries.size());
        for (const mutants::Entry& entry : chapter.catalogue.entries) equivalent += entry.equivalent.empty() ? 0 : 1;
    }
    if (problems > 0) return 1;
    std::cout << "  " << entries << " wrong versions in " << chapters.size() << " catalogue" << (chapters.size() == 1 ? "" : "s")
              << " apply to their solutions (" << equivalent << " declared equivalent)\n";
    return 0;
}

int write(const std::vector<Chapter>& chapters, const std::string& out) {
    std::string targets;
    for (const Chapter& chapter : chapters) {
        const std::string solution = read_file(chapter.solution_path);
        const fs::path folder = fs::path(out) / chapter.name;
        std::size_t k = 0;
        for (const mutants::Entry& entry : chapter.catalogue.entries) {
            const fs::path dir = folder / number(++k);
            fs::create_directories(dir);
            const std::string mutated = mutants::apply_entry(entry, solution, chapter.catalogue.path, chapter.solution_path);
            // Rewritten only when it changed, so that make re-runs only the wrong versions that changed.
            if (read_file((dir / "solution.cpp").string()) != mutated) grade::write_file((dir / "solution.cpp").string(), mutated);
            if (read_file((dir / "id").string()) != entry.id + "\n") grade::write_file((dir / "id").string(), entry.id + "\n");
            targets += (dir / "verdict").string() + "\n";
        }
        // Folders of entries that are gone.
        std::error_code error;
        for (std::size_t extra = k + 1; fs::exists(folder / number(extra), error); ++extra) fs::remove_all(folder / number(extra), error);
    }
    grade::write_file(out + "/targets", targets);
    return 0;
}

int report(const std::vector<Chapter>& chapters, const std::string& dir) {
    int problems = 0, all = 0, all_killed = 0, all_equivalent = 0;
    for (const Chapter& chapter : chapters) {
        int killed = 0, equivalent = 0;
        std::vector<std::string> notes;
        std::size_t k = 0;
        for (const mutants::Entry& entry : chapter.catalogue.entries) {
            const std::string folder = dir + "/" + chapter.name + "/" + number(++k);
            const std::string verdict = trim(read_file(folder + "/verdict"));
            const std::string where = chapter.catalogue.path + ":" + std::to_string(entry.line);
            const std::string name = entry.id + " " + entry.title;
            if (verdict == "killed" && entry.equivalent.empty()) {
                ++killed;
            } else if (verdict == "survived" && !entry.equivalent.empty()) {
                ++equivalent;
            } else if (verdict == "killed") {
                notes.push_back("KILLED, though declared equivalent: " + name + " (" + where +
                                "): a test tells it apart after all; drop its \"Equivalent:\" line");
            } else if (verdict == "survived") {
                std::string said;
                for (const std::string& line : grade::lines_of(grade::first_lines(entry.misconception, 3))) said += "\n      " + line;
                notes.push_back("SURVIVED: " + name + " (" + where + ")" + said +
                                "\n      every test of exercise " + entry.id + " passes on this wrong version: " + folder +
                                "/grade.log");
            } else {
                notes.push_back("BROKEN: " + name + " (" + where + "): " +
                                (verdict.empty() ? std::string("no verdict (was it run?)") : verdict) + "; " + folder + "/build.log");
            }
        }
        const int total = static_cast<int>(chapter.catalogue.entries.size());
        std::cout << "  " << chapter.name << ": " << total << " wrong versions, " << killed << " caught"
                  << (equivalent > 0 ? ", " + std::to_string(equivalent) + " declared equivalent" : "")
                  << (notes.empty() ? "" : ", " + std::to_string(notes.size()) + " NOT") << "\n";
        for (const std::string& note : notes) std::cout << "    " << note << "\n";
        problems += static_cast<int>(notes.size());
        all += total;
        all_killed += killed;
        all_equivalent += equivalent;
    }
    std::cout << "check-mutants: " << all_killed << " of " << all - all_equivalent << " wrong versions caught by their exercise's tests"
              << (all_equivalent > 0 ? " (" + std::to_string(all_equivalent) + " more declared equivalent)" : "")
              << (problems > 0 ? "; " + std::to_string(problems) + " to mend (above)" : "") << "\n";
    return problems > 0 ? 1 : 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 2) throw UsageError{"say what to do"};
        const std::string command = argv[1];
        if (command == "--help" || command == "-h") {
            std::cout << usage;
            return 0;
        }
        std::map<std::string, std::string> flags;
        for (int i = 2; i < argc; i += 2) {
            const std::string flag = argv[i];
            if (flag != "--chapters" && flag != "--min" && flag != "--out" && flag != "--dir") throw UsageError{"unknown flag " + flag};
            if (i + 1 >= argc) throw UsageError{flag + " needs a value"};
            flags[flag] = argv[i + 1];
        }
        const std::vector<Chapter> chapters = load(flags["--chapters"]);
        if (command == "lint") {
            const std::string typed = flags.count("--min") ? flags["--min"] : "2";
            if (typed.empty() || typed.find_first_not_of("0123456789") != std::string::npos) throw UsageError{"--min takes a whole number"};
            return lint(chapters, std::stoi(typed));
        }
        if (command == "write") {
            if (flags["--out"].empty()) throw UsageError{"write needs --out DIR"};
            return write(chapters, flags["--out"]);
        }
        if (command == "report") {
            if (flags["--dir"].empty()) throw UsageError{"report needs --dir DIR"};
            return report(chapters, flags["--dir"]);
        }
        throw UsageError{"unknown command " + command};
    } catch (const UsageError& error) {
        std::cerr << "mutants: " << error.message << "\n" << usage;
        return usage_status;
    } catch (const std::exception& error) {
        std::cerr << "mutants: " << error.what() << "\n";
        return 1;
    }
}
