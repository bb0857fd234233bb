#include "tools/grade_challenges.hpp"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

#include "tools/grade_text.hpp"

namespace course::grade {

namespace {

constexpr const char* header = "id\tname\torder\tscore\treference\tverdict\tmessage";
constexpr std::size_t fields_per_line = 7;
constexpr std::size_t output_bytes = 2000;

std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\t') out += "\\t";
        else if (c == '\n') out += "\\n";
        else if (c != '\r') out += c;
    }
    return out;
}

}  // namespace

bool is_json_number(const std::string& text) {
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
        return i > from;
    };
    if (i < text.size() && text[i] == '-') ++i;
    if (!digits()) return false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == text.size();
}

std::string challenge_verdict(const std::string& score, const std::string& reference, const std::string& order) {
    if (!is_json_number(score) || !is_json_number(reference)) return "";
    const double mine = std::strtod(score.c_str(), nullptr), theirs = std::strtod(reference.c_str(), nullptr);
    if (mine == theirs) return "equal";
    return (order == "desc" ? mine > theirs : mine < theirs) ? "better" : "worse";
}

std::string challenge_results_tsv(const std::vector<ChallengeResult>& results) {
    std::string text = std::string(header) + "\n";
    for (const ChallengeResult& r : results) {
        for (const std::string* field : {&r.id, &r.name, &r.order, &r.score, &r.reference, &r.verdict, &r.message})
            text += escaped(*field) + (field == &r.message ? "\n" : "\t");
    }
    return text;
}

std::vector<ChallengeResult> read_challenge_results(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error(path + ": cannot read it (make challenge writes it)");
    std::vector<ChallengeResult> results;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (number == 1) {
            if (line != header) throw std::runtime_error(path + ":1: not a challenge results file (no header)");
            continue;
        }
        if (line.empty()) continue;
        const std::vector<std::string> f = split(line, '\t');
        if (f.size() != fields_per_line)
            throw std::runtime_error(path + ":" + std::to_string(number) + ": expected " + std::to_string(fields_per_line) +
                                     " tab-separated fields, found " + std::to_string(f.size()));
        ChallengeResult r{unescape_field(f[0]), unescape_field(f[1]), unescape_field(f[2]), unescape_field(f[3]),
                          unescape_field(f[4]), unescape_field(f[5]), unescape_field(f[6])};
        if (r.order != "asc" && r.order != "desc")
            throw std::runtime_error(path + ":" + std::to_string(number) + ": order is asc or desc, not '" + r.order + "'");
        if (r.scored() && !is_json_number(r.score))
            throw std::runtime_error(path + ":" + std::to_string(number) + ": the score '" + r.score + "' is not a number");
        results.push_back(std::move(r));
    }
    return results;
}

std::string leaderboard_json(const std::vector<ChallengeResult>& results) {
    std::string entries;
    for (const ChallengeResult& r : results) {
        if (!r.scored()) continue;  // no score, no entry: the column stays empty for this submission
        entries += std::string(entries.empty() ? "" : ",\n") + "    {\"name\": " + json_string(clean_utf8(r.name)) +
                   ", \"value\": " + r.score + ", \"order\": " + json_string(r.order) + "}";
    }
    return entries.empty() ? "[]" : "[\n" + entries + "\n  ]";
}

std::vector<ChallengeEntry> challenge_entries(const std::vector<ChallengeResult>& results, int bonus) {
    std::vector<ChallengeEntry> entries;
    for (const ChallengeResult& r : results) {
        ChallengeEntry e;
        e.number = r.id;
        e.name = "Challenge (extra credit) " + r.name;
        e.passed = r.scored();
        e.score = r.scored() && r.verdict == "better" ? bonus : 0;
        const std::string better = r.order == "desc" ? "higher" : "lower";
        e.output = r.scored() ? "Your score: " + r.score + " (" + better + " is better); the reference solution with the " +
                                    "default configuration: " + r.reference + ", so yours is " +
                                    (r.verdict == "equal" ? "equal to it" : r.verdict + " than it") + "." +
                                    (e.score > 0 ? " Extra credit: " + std::to_string(e.score) + "." : "") +
                                    "\nIt is on the leaderboard as \"" + r.name + "\".\n" + r.message
                              : "No score: " + r.message + "\n(make challenge runs it on your machine.)";
        e.output = cut(clean_utf8(e.output), output_bytes);
        entries.push_back(std::move(e));
    }
    return entries;
}

}  // namespace course::grade
