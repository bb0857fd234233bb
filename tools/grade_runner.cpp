#include "tools/grade_runner.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_process.hpp"
#include "tools/grade_text.hpp"

namespace course::grade {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t output_tail_lines = 6;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string seconds(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%g s", s);
    return text;
}

std::size_t file_size(const std::string& path) {
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    return error ? 0 : static_cast<std::size_t>(size);
}

// Follows a results file while the binary writes it: the test in progress, and those that ended.
class ResultsReader {
public:
    // Reads the records written from byte `from` on: each run appends to the chapter's one file.
    ResultsReader(std::string path, std::size_t from) : path_(std::move(path)), consumed_(from) {}

    void read_new_records() {
        const std::string content = read_file(path_);
        const auto last_newline = content.rfind('\n');
        if (last_newline == std::string::npos || last_newline < consumed_) return;
        for (const std::string& line : lines_of(content.substr(consumed_, last_newline + 1 - consumed_))) {
            const std::vector<std::string> fields = split(line, '\t');
            if (fields.size() == 3 && fields[0] == "START") {
                running_ = unescape_field(fields[1]) + "." + unescape_field(fields[2]);
                running_since_ = Clock::now();
                started_.push_back(*running_);
            } else if (fields.size() == 5 && fields[0] == "END") {
                TestResult result;
                result.suite = unescape_field(fields[1]);
                result.name = unescape_field(fields[2]);
                result.outcome = fields[3] == "PASS"   ? TestResult::Outcome::passed
                                 : fields[3] == "SKIP" ? TestResult::Outcome::skipped
                                                       : TestResult::Outcome::failed;
                result.reason = clean_utf8(unescape_field(fields[4]));
                ended_[result.full_name()] = result;
                running_.reset();
            }
        }
        consumed_ = last_newline + 1;
    }

    // Seconds the current test has been running, 0 if none is.
    double running_seconds() const { return running_ ? seconds_since(running_since_) : 0.0; }
    const std::optional<std::string>& running() const { return running_; }
    bool has_started_any() const { return !started_.empty(); }
    const TestResult* ended(const std::string& full_name) const {
        const auto it = ended_.find(full_name);
        return it == ended_.end() ? nullptr : &it->second;
    }

private:
    std::string path_;
    std::size_t consumed_ = 0;
    std::optional<std::string> running_;
    Clock::time_point running_since_;
    std::vector<std::string> started_;
    std::map<std::string, TestResult> ended_;
};

// The tests of a binary, from the output of --gtest_list_tests:
//   Suite.
//     Test
//     ParamTest/0  # GetParam() = 3
std::vector<TestResult> parse_test_list(const std::string& listing) {
    std::vector<TestResult> tests;
    std::string suite;
    for (const std::string& line : lines_of(listing)) {
        const std::string entry = trim(line.substr(0, line.find("  #")));
        if (entry.empty()) continue;
        if (line[0] != ' ') {
            suite = entry.back() == '.' ? entry.substr(0, entry.size() - 1) : entry;
        } else if (suite.rfind("DISABLED_", 0) != 0 && entry.rfind("DISABLED_", 0) != 0) {
            tests.emplace_back().suite = suite;
            tests.back().name = entry;
        }
    }
    return tests;
}

// What the test printed before it died: the log after gtest's "[ RUN      ] Suite.Test" line, from
// byte `from` on, as clean non-empty lines.
std::vector<std::string> output_of(const std::string& log_path, std::size_t from, const std::string& full_name) {
    const std::string log = read_file(log_path);
    std::string output = from < log.size() ? log.substr(from) : "";
    const std::string marker = "[ RUN      ] " + full_name + "\n";
    if (const auto at = output.rfind(marker); at != std::string::npos) output = output.substr(at + marker.size());
    std::vector<std::string> lines;
    for (const std::string& line : lines_of(clean_utf8(output))) {
        if (!trim(line).empty()) lines.push_back(cut(line, 300));
    }
    return lines;
}

// Where a sanitizer's report starts in the output, or output.size() if there is none.
std::size_t sanitizer_report(const std::vector<std::string>& output) {
    for (std::size_t i = 0; i < output.size(); ++i) {
        for (const std::string_view tool : {"AddressSanitizer: ", "LeakSanitizer: ", "runtime error: "}) {
            if (output[i].find(tool) != std::string::npos) return i;
        }
    }
    return output.size();
}

// Why a test that started never ended, from how its process ended, why we stopped it and what it
// printed last. A sanitizer's report replaces the last output: its first lines say what went wrong
// and where (the stack frames below them end in the C runtime, which teaches nothing).
std::string death_reason(const ProcessEnd& end, const std::string& stop_reason, const std::vector<std::string>& output) {
    const std::size_t report = sanitizer_report(output);
    std::string reason;
    switch (end.kind) {
        case ProcessEnd::Kind::stopped: reason = stop_reason; break;
        case ProcessEnd::Kind::signalled: reason = describe_signal(end.value); break;
        case ProcessEnd::Kind::could_not_start: reason = "could not start the test program: " + end.error; break;
        case ProcessEnd::Kind::exited:
            reason = report < output.size() ? "crashed: a sanitizer found an error"
                                            : "ended the program with exit status " + std::to_string(end.value) +
                                                  " before the test finished (a call to exit()?)";
    }
    const std::size_t first = report < output.size()            ? report
                              : output.size() > output_tail_lines ? output.size() - output_tail_lines
                                                                  : 0;
    if (first < output.size()) reason += report < output.size() ? "\nits report:" : "\nits last output:";
    for (std::size_t i = first; i < output.size() && i < first + output_tail_lines; ++i) reason += "\n  " + output[i];
    return reason;
}

TestResult died(const TestResult& test, std::string reason) {
    TestResult result = test;
    result.outcome = TestResult::Outcome::failed;
    result.clean = false;
    result.reason = std::move(reason);
    return result;
}

std::string test_timeout(const Limits& limits) {
    return "timed out after " + seconds(limits.test_seconds) + " \u2014 an infinite loop?";
}

struct Alone {
    TestResult result;
    bool program_broken = false;  // it died before the test started
};

// Runs one test in a process of its own, under the test limit.
Alone run_alone(const std::string& binary, const TestResult& test, const std::string& log_path,
                const std::string& results_path, const Limits& limits) {
    ResultsReader records(results_path, file_size(results_path));
    const std::size_t log_offset = file_size(log_path);
    const auto start = Clock::now();
    const ProcessEnd end = run_process({{binary, "--gtest_filter=" + test.full_name()}, log_path, results_path, limits.uid, limits.gid, limits.pictures_dir},
                                       [&] { return seconds_since(start) < limits.test_seconds; });
    records.read_new_records();
    if (const TestResult* result = records.ended(test.full_name())) return {*result};
    if (records.has_started_any()) {
        return {died(test, death_reason(end, test_timeout(limits), output_of(log_path, log_offset, test.full_name())))};
    }
    if (end.kind == ProcessEnd::Kind::exited && (end.value == 0 || end.value == 1)) {
        return {died(test, "did not run: the test program exited without starting it")};
    }
    return {died(test, "the test program died before this test could start: " +
                           death_reason(end, test_timeout(limits), output_of(log_path, log_offset, ""))),
            true};
}

}  // namespace

ChapterRun run_chapter(const std::string& bin_dir, const std::string& chapter, const std::string& out_dir,
                       const Limits& limits, const std::string& filter, const Ticker& ticker) {
    ChapterRun run;
    const std::string binary = bin_dir + "/" + chapter + "_test";
    const std::string results_path = out_dir + "/" + chapter + ".results";
    const std::string list_path = out_dir + "/" + chapter + ".list";
    if (!std::filesystem::exists(binary)) {
        run.error = did_not_compile;
        return run;
    }
    run.log_path = out_dir + "/" + chapter + ".log";
    for (const std::string& path : {results_path, list_path, run.log_path}) write_file(path, "");

    // 1. Which tests are there? A binary that cannot even list them crashes before main's work.
    const auto list_start = Clock::now();
    std::vector<std::string> argv = {binary};
    if (!filter.empty()) argv.push_back("--gtest_filter=" + filter);
    std::vector<std::string> list_argv = argv;
    list_argv.push_back("--gtest_list_tests");
    const ProcessEnd listed = run_process({list_argv, list_path, "", limits.uid, limits.gid},
                                          [&] { return seconds_since(list_start) < limits.test_seconds; });
    if (!(listed.kind == ProcessEnd::Kind::exited && listed.value == 0)) {
        run.error = "the test program failed before running any test: " +
                    death_reason(listed, "timed out after " + seconds(limits.test_seconds), output_of(list_path, 0, ""));
        return run;
    }
    const std::vector<TestResult> tests = parse_test_list(read_file(list_path));

    // 2. All tests in one process, each under the test limit, all under the chapter limit.
    ResultsReader reader(results_path, 0);
    std::string stop_reason;
    const auto chapter_start = Clock::now();
    const ProcessEnd end = run_process({argv, run.log_path, results_path, limits.uid, limits.gid, limits.pictures_dir}, [&] {
        reader.read_new_records();
        if (ticker && reader.running()) ticker(*reader.running(), reader.running_seconds());
        if (reader.running_seconds() > limits.test_seconds) {
            stop_reason = test_timeout(limits);
        } else if (seconds_since(chapter_start) > limits.chapter_seconds) {
            stop_reason = "timed out: the chapter's time limit of " + seconds(limits.chapter_seconds) +
                          " ran out during this test";
        }
        return stop_reason.empty();
    });
    reader.read_new_records();

    std::map<std::string, TestResult> verdicts;
    std::vector<TestResult> not_run;
    for (const TestResult& test : tests) {
        if (const TestResult* result = reader.ended(test.full_name())) {
            verdicts[test.full_name()] = *result;
        } else if (reader.running() == test.full_name()) {
            verdicts[test.full_name()] =
                died(test, death_reason(end, stop_reason, output_of(run.log_path, 0, test.full_name())));
        } else {
            not_run.push_back(test);
        }
    }

    // 3. Whatever the dead process never reached runs alone, each in a fresh process, within what
    // is left of the chapter's time. If one of them dies before its test even starts, the program
    // itself is broken and the rest would too. A test that timed out already fails its exercise, and
    // its exercise's other tests most likely loop in the same place: they are not run, so that one
    // endless loop costs one test limit, not one per test.
    std::optional<TestResult> broken;
    std::map<std::string, std::string> looped;  // exercise id -> the test that timed out
    const auto note_loop = [&](const TestResult& result) {
        const auto id = exercise_id_of_suite(result.suite);
        if (id && !result.clean && result.reason.rfind("timed out", 0) == 0 && !looped.count(*id)) looped[*id] = result.full_name();
    };
    for (const auto& [name, verdict] : verdicts) note_loop(verdict);
    for (const TestResult& test : not_run) {
        const auto id = exercise_id_of_suite(test.suite);
        if (broken) {
            verdicts[test.full_name()] = died(test, broken->reason);
        } else if (id && looped.count(*id)) {
            verdicts[test.full_name()] = died(test, "not run: " + looped[*id] + " of the same exercise timed out (an endless loop?), "
                                                    "which already fails exercise " + *id);
        } else if (seconds_since(chapter_start) > limits.chapter_seconds) {
            verdicts[test.full_name()] = died(test, "not run: the chapter's time limit of " + seconds(limits.chapter_seconds) +
                                                    " ran out" + (looped.empty() ? "" : " (exercise " + looped.begin()->first +
                                                    " looped in " + looped.begin()->second + ")"));
        } else {
            Limits left = limits;  // the chapter's limit holds for these too
            left.test_seconds = std::max(1.0, std::min(limits.test_seconds, limits.chapter_seconds - seconds_since(chapter_start)));
            const Alone alone = run_alone(binary, test, run.log_path, results_path, left);
            verdicts[test.full_name()] = alone.result;
            if (alone.program_broken) broken = alone.result;
            note_loop(alone.result);
        }
    }
    for (const TestResult& test : tests) run.tests.push_back(verdicts[test.full_name()]);  // in the binary's order
    return run;
}

}  // namespace course::grade

