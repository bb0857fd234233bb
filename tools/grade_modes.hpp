// The grader's three ways of running the chapters' tests. Each returns the process exit status.
#pragma once

#include <string>
#include <vector>

#include "tools/grade_runner.hpp"

namespace course::grade {

struct Options {
    std::string mode;  // student, solutions, stubs
    std::string bin_dir;
    std::string chapters_dir = "chapters";
    std::string out_dir = "build/grade";
    std::vector<std::string> chapters;  // directory names, already resolved
    Limits limits;
    bool colour = false;
};

// The scoreboard: points per exercise. 0 only if every exercise passes.
int grade_students_work(const Options& options);

// For `make check` on binaries built from the solutions: every test passes, and tests and
// catalogue agree (every exercise has a test, every Ex suite names a listed exercise).
int check_solutions(const Options& options);

// For `make check` on binaries built from the untouched stubs: every exercise test fails, cleanly;
// every chapter check passes.
int check_stubs(const Options& options);

}  // namespace course::grade
