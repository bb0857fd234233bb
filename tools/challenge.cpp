// make challenge: runs each challenge program (common/challenge.hpp) on the student's configuration,
// each in a process of its own under a time limit (tools/grade_process, as the grader runs tests), and
// prints a table: the challenge, your score, the reference's score, better or worse. It writes
// OUT/results.tsv (tools/grade_challenges.hpp), which the grader turns into results.json's leaderboard.
// Exit status: 0 (a challenge without a score is extra credit not earned, not an error), 2 when the
// command line is wrong or the results cannot be written.
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "tools/grade_challenges.hpp"
#include "tools/grade_modes.hpp"
#include "tools/grade_process.hpp"
#include "tools/grade_text.hpp"

namespace {

using namespace course::grade;

constexpr const char* usage = R"(usage:
  challenge --bin-dir DIR --challenges part1,part2,... [--config-dir DIR] [--out DIR] [--build COMMAND]
            [--timeout SECONDS] [--run-as USER] [--quick]

  --bin-dir DIR      where the challenge programs are (DIR/part1, ...)
  --challenges LIST  which ones, comma-separated (none: an empty table and results file)
  --config-dir DIR   where challenge_<id>.conf is (default: exercises)
  --out DIR          logs and results.tsv (default: build/challenge)
  --build COMMAND    a shell command run before each challenge, {} standing for its id; its output goes
                     to OUT/<id>.build.log and its first error to the report
  --timeout SECONDS  for one run (default 120); a run that takes longer scores nothing
  --run-as USER      run the programs as USER (needs root): the autograder's unprivileged account
  --quick            the course's small sizes (for the tests; the scores then differ from the reference's)
)";

struct Settings {
    std::string bin_dir, config_dir = "exercises", out_dir = "build/challenge", build;
    std::vector<std::string> ids;
    double timeout = 120;
    int uid = -1, gid = -1;
    bool quick = false;
};

struct Failure {
    std::string message;
};

Settings parse(int argc, char** argv) {
    Settings s;
    std::map<std::string, std::string> flags;
    for (int i = 1; i < argc; ++i) {
        std::string flag = argv[i];
        if (flag == "--quick") {
            s.quick = true;
            continue;
        }
        if (flag == "--help" || flag == "-h") throw Failure{""};
        std::string value;
        if (const auto eq = flag.find('='); eq != std::string::npos) {
            value = flag.substr(eq + 1);
            flag.resize(eq);
        } else if (i + 1 < argc) {
            value = argv[++i];
        } else {
            throw Failure{flag + " needs a value"};
        }
        static const std::vector<std::string> known{"--bin-dir", "--challenges", "--config-dir", "--out",
                                                    "--build",   "--timeout",    "--run-as"};
        if (std::find(known.begin(), known.end(), flag) == known.end()) throw Failure{"unknown flag " + flag};
        flags[flag] = value;
    }
    if (flags["--bin-dir"].empty()) throw Failure{"--bin-dir is required"};
    if (!flags.count("--challenges")) throw Failure{"--challenges is required (it may be empty)"};
    s.bin_dir = flags["--bin-dir"];
    for (const std::string& id : split(flags["--challenges"], ','))
        if (!trim(id).empty()) s.ids.push_back(trim(id));
    if (flags.count("--config-dir")) s.config_dir = flags["--config-dir"];
    if (flags.count("--out")) s.out_dir = flags["--out"];
    s.build = flags["--build"];
    if (flags.count("--timeout")) {
        char* end = nullptr;
        s.timeout = std::strtod(flags["--timeout"].c_str(), &end);
        if (*end != '\0' || !(s.timeout > 0)) throw Failure{"--timeout takes a positive number of seconds"};
    }
    if (flags.count("--run-as")) {
        const passwd* user = getpwnam(flags["--run-as"].c_str());
        if (user == nullptr) throw Failure{"--run-as: no user " + flags["--run-as"]};
        if (geteuid() != 0) throw Failure{"--run-as needs root"};
        s.uid = static_cast<int>(user->pw_uid);
        s.gid = static_cast<int>(user->pw_gid);
    }
    return s;
}

std::string replaced(std::string text, const std::string& id) {
    for (auto at = text.find("{}"); at != std::string::npos; at = text.find("{}", at + id.size())) text.replace(at, 2, id);
    return text;
}

// Runs argv with its output in log_path (emptied first) and the time limit; the results file, if any,
// is emptied first too, so that an old run's score is never read as this one's. A challenge program
// (the student's code) runs as --run-as's user; the build, as the grader's does, as this tool's.
enum class As { tool, student };
ProcessEnd run(const Settings& s, As as, std::vector<std::string> argv, const std::string& log_path, double seconds,
               const std::string& results_path = "") {
    write_file(log_path, "");
    if (!results_path.empty()) write_file(results_path, "");
    const auto start = std::chrono::steady_clock::now();
    const auto keep_running = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < seconds;
    };
    const bool student = as == As::student;
    return run_process({std::move(argv), log_path, results_path, student ? s.uid : -1, student ? s.gid : -1}, keep_running);
}

// "key<TAB>value" lines; a key given more than once keeps every value, in order.
std::multimap<std::string, std::string> fields_of(const std::string& text) {
    std::multimap<std::string, std::string> fields;
    for (const std::string& line : lines_of(text)) {
        const auto tab = line.find('\t');
        if (tab != std::string::npos) fields.emplace(line.substr(0, tab), clean_utf8(line.substr(tab + 1)));
    }
    return fields;
}

std::string first(const std::multimap<std::string, std::string>& fields, const std::string& key) {
    const auto it = fields.find(key);
    return it == fields.end() ? "" : it->second;
}

std::string last_line(const std::string& path) {
    const auto lines = lines_of(clean_utf8(read_file(path)));
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (!trim(*it).empty()) return trim(*it);
    return "";
}

ChallengeResult run_challenge(const Settings& s, const std::string& id) {
    ChallengeResult r{id, id, "asc", "", "", "", ""};
    const std::string base = s.out_dir + "/" + id;
    std::string build_error;
    if (!s.build.empty()) {
        const ProcessEnd built = run(s, As::tool, {"/bin/sh", "-c", replaced(s.build, id)}, base + ".build.log", 1e9);
        if (!(built.kind == ProcessEnd::Kind::exited && built.value == 0)) {
            build_error = first_error(read_file(base + ".build.log"));
            if (build_error.empty()) build_error = "the build failed";
        }
    }
    const std::string program = s.bin_dir + "/" + id;
    if (!build_error.empty() || access(program.c_str(), X_OK) != 0) {
        r.message = build_error.empty() ? "there is no program " + program
                                        : "it did not compile:\n" + build_error + "\n(the whole output: " + base + ".build.log)";
        return r;
    }
    // What the challenge is: its name, order and the reference's score, from the program itself.
    const ProcessEnd about = run(s, As::student, {program, "--about"}, base + ".about", 30);
    if (about.kind == ProcessEnd::Kind::exited && about.value == 0) {
        const auto fields = fields_of(read_file(base + ".about"));
        r.name = first(fields, "name").empty() ? id : first(fields, "name");
        r.order = first(fields, "order") == "desc" ? "desc" : "asc";
        r.reference = first(fields, "reference");
    }
    const std::string config = s.config_dir + "/challenge_" + id + ".conf";
    std::vector<std::string> argv{program, "--config", config};
    if (s.quick) argv.push_back("--quick");
    const std::string log = base + ".log", results = base + ".result";
    const ProcessEnd end = run(s, As::student, argv, log, s.timeout, results);
    const auto fields = fields_of(read_file(results));
    // Why it failed: in the program's own words when it said (its results file), else its last line.
    const std::string said = first(fields, "error"), last = last_line(log);
    switch (end.kind) {
        case ProcessEnd::Kind::exited:
            if (end.value == 0 && is_json_number(first(fields, "score"))) {
                r.score = first(fields, "score");
                r.verdict = challenge_verdict(r.score, r.reference, r.order);
                for (auto [it, stop] = fields.equal_range("detail"); it != stop; ++it)
                    r.message += (r.message.empty() ? "" : "\n") + it->second;
            } else if (end.value == 0) {
                r.message = "the run ended without a score (its output: " + log + ")";
            } else if (!said.empty()) {
                r.message = said;
            } else {
                r.message = "the run failed with exit status " + std::to_string(end.value) +
                            (last.empty() ? "" : "; the last line of its output: " + last) + " (all of it: " + log + ")";
            }
            break;
        case ProcessEnd::Kind::signalled:
            r.message = "the run " + describe_signal(end.value) + " (its output: " + log + ")";
            break;
        case ProcessEnd::Kind::stopped:
            r.message = "the run took longer than " + std::to_string(static_cast<int>(s.timeout)) +
                        " s and was stopped: an endless loop? (its output: " + log + ")";
            break;
        case ProcessEnd::Kind::could_not_start:
            r.message = "the run could not start: " + end.error;
            break;
    }
    return r;
}

// Why a challenge has no score, under its row: at most eight lines.
std::string indented_reason(const std::string& message) {
    std::string out;
    for (const std::string& line : lines_of(first_lines(message, 8))) out += "      " + line + "\n";
    return out;
}

std::string padded(const std::string& text, std::size_t width) {
    const std::size_t w = display_width(text);
    return text + std::string(w < width ? width - w : 0, ' ');
}

void print_table(const Settings& s, const std::vector<ChallengeResult>& results) {
    std::size_t name_width = display_width("challenge");
    for (const ChallengeResult& r : results) name_width = std::max(name_width, display_width(r.name));
    std::cout << "\nThe challenges (extra credit; Gradescope's leaderboard). Your configurations: " << s.config_dir
              << "/challenge_<part>.conf\n\n"
              << "  " << padded("challenge", name_width) << "  " << padded("your score", 12) << padded("reference", 12)
              << "vs the reference\n";
    for (const ChallengeResult& r : results) {
        std::cout << "  " << padded(r.name, name_width) << "  " << padded(r.scored() ? r.score : "-", 12)
                  << padded(r.reference.empty() ? "?" : r.reference, 12)
                  << (r.scored() ? (r.verdict.empty() ? "?" : r.verdict) : "no score") << "\n";
        if (!r.scored()) std::cout << indented_reason(r.message);
    }
    std::cout << "\nEach run's output is in " << s.out_dir << "/<part>.log. Edit a configuration and run `make challenge`"
              << " again;\nthe chapters' READMEs (04, 11, 15) explain each challenge under \"The challenge\".\n";
}

}  // namespace

int main(int argc, char** argv) {
    Settings settings;
    try {
        settings = parse(argc, argv);
    } catch (const Failure& failure) {
        if (failure.message.empty()) {
            std::cout << usage;
            return 0;
        }
        std::cerr << "challenge: " << failure.message << "\n" << usage;
        return 2;
    }
    std::filesystem::create_directories(settings.out_dir);
    std::vector<ChallengeResult> results;
    for (const std::string& id : settings.ids) results.push_back(run_challenge(settings, id));
    if (!write_file(settings.out_dir + "/results.tsv", challenge_results_tsv(results))) {
        std::cerr << "challenge: cannot write " << settings.out_dir << "/results.tsv\n";
        return 2;
    }
    if (results.empty()) {
        std::cout << "No challenge lives in the chapters selected: they are in chapters 04 (part I), 11 (part II) "
                     "and 15 (part III).\n";
        return 0;
    }
    print_table(settings, results);
    return 0;
}
