// The challenges' results (common/challenge.hpp) as tools/challenge writes them, in
// build/challenge/results.tsv, and as the grader reads them (--challenges FILE) into results.json:
// Gradescope's top-level "leaderboard" array and one extra-credit entry per challenge.
//
// results.tsv has a header line and one line per challenge, seven tab-separated fields, with \\, \t and
// \n escaped as in the test records (unescape_field): id, name, order (asc|desc), score (as printed;
// empty when the run scored nothing), the reference's score, the verdict (better, equal, worse; empty
// without a score) and a message (why there is no score, or how the score was reached).
#pragma once

#include <string>
#include <vector>

namespace course::grade {

struct ChallengeResult {
    std::string id;         // "part2"
    std::string name;       // the leaderboard's column
    std::string order;      // "asc" (lower is better) or "desc"
    std::string score;      // "" when the run scored nothing
    std::string reference;  // the reference solutions' score with the default configuration
    std::string verdict;    // "better", "equal" or "worse" than the reference; "" without a score
    std::string message;

    bool scored() const { return !score.empty(); }
};

// "better", "equal" or "worse": `score` against `reference` in `order`; "" if either is not a number.
std::string challenge_verdict(const std::string& score, const std::string& reference, const std::string& order);
// Whether text is a JSON number as written (what a leaderboard value must be): -?digits[.digits][e±digits].
bool is_json_number(const std::string& text);

std::string challenge_results_tsv(const std::vector<ChallengeResult>& results);
// Throws std::runtime_error naming the file and the line when it cannot be read or is malformed.
std::vector<ChallengeResult> read_challenge_results(const std::string& path);

// results.json's pieces: the "leaderboard" array (an entry {"name", "value", "order"} per challenge
// that scored) and the tests entries, each with max_score 0 and a score of `bonus` when the score beats
// the reference (0 with the default bonus 0: the leaderboard is the extra credit, awarded by hand).
std::string leaderboard_json(const std::vector<ChallengeResult>& results);
struct ChallengeEntry {
    std::string number, name, output;
    int score = 0;
    bool passed = false;
};
std::vector<ChallengeEntry> challenge_entries(const std::vector<ChallengeResult>& results, int bonus);

}  // namespace course::grade
