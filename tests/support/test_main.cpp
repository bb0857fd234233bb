// The course's GoogleTest main, linked into every test binary instead of gtest_main.
//
// It adds one thing to GoogleTest: when the environment variable COURSE_RESULTS names a file, every
// test start and end is appended to it as a line, flushed at once. The grader (tools/grade) reads
// this file to grade what ran even when a later test crashes or hangs the process:
//
//   START <tab> suite <tab> test
//   END   <tab> suite <tab> test <tab> PASS|FAIL|SKIP <tab> failure text
//
// Fields escape backslash, tab and newline as \\ \t \n, so every record is one line.
// Uncaught exceptions need nothing extra: GoogleTest catches them and reports
// `C++ exception with description "..."`, whose text course::NotImplemented writes to be read
// by a student (it names the exercise and the `make hint` command).
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

namespace {

// The failure text a record carries is cut here: enough for any assertion message, and a runaway
// message (a megabyte vector printed by a student) must not bloat the results file.
constexpr std::size_t max_failure_text = 4000;

std::string escape_field(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '\\': escaped += "\\\\"; break;
            case '\t': escaped += "\\t"; break;
            case '\n': escaped += "\\n"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

// EXPECT_TRUE(course::teach::near(...)) reports
//   Value of: course::teach::near(got, 6.0, 1e-9, "f'(3)")
//     Actual: false (f'(3): expected 6, got 5, tolerance 1e-09 (off by 1))
//   Expected: true
// of which a student needs only the explanation in the parentheses (and anything streamed after it).
std::string teaching_part(const std::string& message) {
    constexpr std::string_view actual = "\n  Actual: false (", expected = ")\nExpected: true";
    const auto from = message.find(actual);
    const auto to = message.find(expected);
    if (message.rfind("Value of: ", 0) != 0 || from == std::string::npos || to == std::string::npos || to < from) {
        return message;
    }
    return message.substr(from + actual.size(), to - from - actual.size()) + message.substr(to + expected.size());
}

// Every failed assertion of a test, compiler-style: "file:line: message".
std::string failure_text(const testing::TestResult& result) {
    std::string text;
    for (int i = 0; i < result.total_part_count(); ++i) {
        const testing::TestPartResult& part = result.GetTestPartResult(i);
        if (!part.failed()) continue;
        if (!text.empty()) text += '\n';
        if (part.file_name() != nullptr) {
            text += part.file_name();
            if (part.line_number() >= 0) text += ':' + std::to_string(part.line_number());
            text += ": ";
        }
        text += teaching_part(part.message());
    }
    if (text.size() > max_failure_text) {
        text.resize(max_failure_text);
        text += "\n... (cut)";
    }
    return text;
}

class ResultsRecorder : public testing::EmptyTestEventListener {
public:
    explicit ResultsRecorder(std::FILE* file) : file_(file) {}
    ~ResultsRecorder() override { std::fclose(file_); }
    ResultsRecorder(const ResultsRecorder&) = delete;
    ResultsRecorder& operator=(const ResultsRecorder&) = delete;

    void OnTestStart(const testing::TestInfo& test) override {
        write("START\t" + escape_field(test.test_suite_name()) + '\t' + escape_field(test.name()));
    }

    void OnTestEnd(const testing::TestInfo& test) override {
        const testing::TestResult& result = *test.result();
        const char* status = result.Failed() ? "FAIL" : result.Skipped() ? "SKIP" : "PASS";
        write("END\t" + escape_field(test.test_suite_name()) + '\t' + escape_field(test.name()) + '\t' +
              status + '\t' + escape_field(failure_text(result)));
    }

private:
    // Flushed line by line: if the next test kills the process, this record is already on disk.
    void write(const std::string& line) {
        std::fputs(line.c_str(), file_);
        std::fputc('\n', file_);
        std::fflush(file_);
    }

    std::FILE* file_;
};

}  // namespace

int main(int argc, char** argv) {
    testing::InitGoogleTest(&argc, argv);

    if (const char* results_path = std::getenv("COURSE_RESULTS"); results_path != nullptr && *results_path) {
        std::FILE* file = std::fopen(results_path, "a");
        if (file == nullptr) {
            std::perror(results_path);
            return 2;
        }
        // Under the grader stdout is a file, fully buffered by default; line buffering keeps a test's
        // printed output in the log even when the test then crashes.
        std::setvbuf(stdout, nullptr, _IOLBF, 0);
        // GoogleTest takes ownership of a listener through a raw pointer and deletes it at exit.
        testing::UnitTest::GetInstance()->listeners().Append(std::make_unique<ResultsRecorder>(file).release());
    }
    return RUN_ALL_TESTS();
}
