// The course's exception types. Every error a student can cause is an exception whose message says
// what went wrong and what to do about it; a chapter's main() turns it into one line on stderr.
#pragma once

#include <stdexcept>
#include <string>

namespace course {

// Thrown by every exercise stub. The grader recognises it and points the student to the hint.
struct NotImplemented : std::logic_error {
    explicit NotImplemented(const std::string& exercise_id)
        : std::logic_error("Exercise " + exercise_id + " is not implemented yet (run `make hint EX=" +
                           exercise_id + "` for a hint)"),
          id(exercise_id) {}
    std::string id;
};

// Two operands whose shapes do not fit together; the message names the operation and both shapes.
struct ShapeError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// A command-line flag that is unknown or out of range. main() prints it with the usage, exit status 2.
struct UsageError : std::invalid_argument {
    using std::invalid_argument::invalid_argument;
};

// Training produced NaN or Inf.
struct RuntimeFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// A data or record file that is missing, truncated or corrupt. The message names the file, says what is
// wrong with it and how to get a good one (the package to install, the flag that points elsewhere).
// run_main prints it whole and exits with status 2, as for a bad flag: the run cannot start as asked.
struct DataError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

}  // namespace course
