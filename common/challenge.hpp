// The course's open challenges: one per part of the course, scored by `make challenge` and on
// Gradescope's leaderboard (extra credit). A challenge is a small program that reads the student's
// configuration file, runs the student's own exercises on a fixed problem with fixed seeds under a
// budget that it enforces itself, and reports one number:
//
//     part                  home chapter            the student's code it runs      score
//     I    (chapters 01-09)  04_gradient_descent     2.3, 3.3, 3.1 + 3.5, 4.1/4.2, 4.5   lowest loss (asc)
//     II   (chapters 10-14)  11_learning_rate_...    chapters 10 and 11                   lowest test MAE (asc)
//     III  (chapters 15-19)  15_second_order         chapter 15                           fewest evaluations (asc)
//
// This file holds what the three share: the definition of a challenge, its program's main, and the
// evaluation budget. Each chapter's challenge.hpp defines its challenge; its challenge_main.cpp is
//
//     int main(int argc, char** argv) { return course::challenge::challenge_main(argc, argv, part2()); }
//
// and tools/challenge runs it the way the grader runs tests: a process of its own with a time limit,
// so that a run that crashes or hangs scores nothing and says why (docs/INSTRUCTOR_GUIDE.md).
//
//     part2 --config exercises/challenge_part2.conf [--quick]   one run; the score also goes to $COURSE_RESULTS
//     part2 --about                                              its name, order, budget and the reference's score
//
// The process boundary guards against accidents, not against malice: the student's code runs in the
// challenge's process and could print anything. Instructors read the code behind the top entries.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/cli.hpp"

namespace course::challenge {

// Gradescope's leaderboard order: ascending ("asc") when lower is better, as for all three here.
enum class Order { ascending, descending };

struct Score {
    double value = 0.0;
    std::string text;                  // as reported, with fixed digits: the same bytes on every run
    std::vector<std::string> details;  // how it was reached, a few lines for the log and the report
};

struct Definition {
    std::string id;          // "part2": the program's name; the configuration is challenge_part2.conf
    std::string name;        // the leaderboard's column, short: "Part II: face MAE (°)"
    std::string goal;        // one sentence: what is measured under which budget, with whose code
    Order order = Order::ascending;
    std::string reference;   // the reference solutions' score with the default configuration, as printed
    std::vector<Flag> keys;  // the configuration's keys, with their types, ranges and defaults
    // One run. `quick`: the course's small sizes, for the tests. Throws course::UsageError for a
    // configuration that is well formed but makes no sense (a key that does not apply); any other
    // exception (a stub's NotImplemented, a diverged run, Stop) means no score, with its message.
    std::function<Score(const Args& config, bool quick)> run;
};

// Runs the challenge as its program. Exit status: 0 scored; 1 no score (the run failed; one line on
// stderr says why); 2 a bad command line or configuration (one line naming the key and what is
// allowed). On success the details and "score: X" go to stdout, and the file $COURSE_RESULTS (when
// set) receives "score<TAB>X" and a "detail<TAB>..." line per detail; on failure "error<TAB>why".
int challenge_main(int argc, char** argv, const Definition& challenge);

// A configuration file's text parsed against the challenge's keys (parse_config), for tests and tools.
Args parse_configuration(const Definition& challenge, const std::string& text, const std::string& file);

// A message about flags said in a configuration's words: "--momentum does not apply to --optimizer
// adam" becomes "momentum does not apply to optimizer adam".
std::string in_configuration_words(const std::string& message);

// ---- the budget ----------------------------------------------------------------------------------------
// Why the harness ended a run early. Deliberately not a std::exception, so that a method which catches
// std::exception (to survive a failed line search, say) does not swallow it; only the harness catches it.
struct Stop {
    std::string reason;
};

// Counts the evaluations a method makes through the objective the harness hands it. The harness
// charges each evaluation before making it; a charge that would pass the limit is refused (counted
// as a refusal, not as an evaluation, and not made) with Stop. Once finish() has been called, every
// charge is refused. So a method gets at most `limit` evaluations, whatever its code does: if it
// catches Stop with catch (...) and carries on, every further call is refused again, and a method that
// loops on refusals meets the time limit of tools/challenge.
class EvaluationBudget {
public:
    explicit EvaluationBudget(std::size_t limit);
    void charge(std::size_t cost = 1);       // throws Stop when refused
    void finish(const std::string& reason);  // the run is over (e.g. the target was reached)
    std::size_t used() const { return used_; }
    std::size_t limit() const { return limit_; }
    std::size_t refused() const { return refused_; }
    bool finished() const { return !finish_reason_.empty(); }

private:
    std::size_t limit_;
    std::size_t used_ = 0;
    std::size_t refused_ = 0;
    std::string finish_reason_;
};

// "1,000": whole numbers in the challenges' messages.
std::string thousands(std::size_t n);

}  // namespace course::challenge
