#include "common/challenge.hpp"

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>

#include "common/errors.hpp"

namespace course::challenge {

namespace {

// The challenge program's own command line (the configuration's keys are in the file, not here).
Program program_of(const Definition& challenge) {
    return {challenge.id,
            challenge.goal + "\nRun by `make challenge`, which gives it your exercises/challenge_" + challenge.id +
                ".conf.",
            {Flag::text("config", "exercises/challenge_" + challenge.id + ".conf", "the configuration file"),
             Flag::on_off("about", "print the challenge's name, order and the reference's score, and exit")}};
}

// Result fields go one a line, so a newline or a tab inside one is written as a space.
std::string one_line(std::string text) {
    for (char& c : text)
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
    return text;
}

void write_results(const std::string& text) {
    const char* path = std::getenv("COURSE_RESULTS");
    if (path == nullptr || *path == '\0') return;
    std::ofstream out(path, std::ios::trunc);
    out << text;
}

// The one line of a run that scored nothing: on stderr, and in the results file for tools/challenge.
int no_score(const Definition& challenge, const std::string& why, int status) {
    std::fprintf(stderr, "%s: %s\n", challenge.id.c_str(), one_line(why).c_str());
    write_results("error\t" + one_line(why) + "\n");
    return status;
}

}  // namespace

Args parse_configuration(const Definition& challenge, const std::string& text, const std::string& file) {
    return parse_config(text, file, {challenge.id, challenge.goal, challenge.keys});
}

std::string in_configuration_words(const std::string& message) {
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
        const bool dashes = message.compare(i, 2, "--") == 0 && i + 2 < message.size() &&
                            std::isalpha(static_cast<unsigned char>(message[i + 2])) &&
                            (i == 0 || !std::isalnum(static_cast<unsigned char>(message[i - 1])));
        if (dashes) {
            ++i;
            continue;
        }
        out += message[i];
    }
    return out;
}

int challenge_main(int argc, char** argv, const Definition& challenge) {
    const Program program = program_of(challenge);
    Args args;
    try {
        args = parse_args(std::vector<std::string>(argv + 1, argv + argc), program);
    } catch (const HelpRequested&) {
        std::fputs(usage(program).c_str(), stdout);
        return 0;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "%s: %s\n\n%s", challenge.id.c_str(), e.what(), usage(program).c_str());
        return 2;
    }
    for (const char* fixed : {"seed", "out"})
        if (args.given(fixed)) {
            std::fprintf(stderr, "%s: --%s is not taken: a challenge's seeds are fixed and it draws no figures\n",
                         challenge.id.c_str(), fixed);
            return 2;
        }
    if (args.on("about")) {
        std::printf("id\t%s\nname\t%s\norder\t%s\nreference\t%s\ngoal\t%s\n", challenge.id.c_str(),
                    challenge.name.c_str(), challenge.order == Order::ascending ? "asc" : "desc",
                    challenge.reference.c_str(), one_line(challenge.goal).c_str());
        return 0;
    }
    const std::string& file = args.text("config");
    std::ifstream in(file);
    if (!in)
        return no_score(challenge,
                        file + ": cannot read it (`git checkout " + file + "` brings back the default)", 2);
    std::ostringstream text;
    text << in.rdbuf();
    try {
        const Args config = parse_configuration(challenge, text.str(), file);
        const Score score = challenge.run(config, args.quick());
        std::string results = "score\t" + score.text + "\n";
        for (const std::string& line : score.details) {
            std::printf("%s\n", line.c_str());
            results += "detail\t" + one_line(line) + "\n";
        }
        std::printf("score: %s\n", score.text.c_str());
        std::fflush(stdout);
        write_results(results);
        return 0;
    } catch (const UsageError& e) {
        const std::string what = e.what();
        // parse_config's messages start with "FILE:LINE:"; those of the run name the file here.
        return no_score(challenge, in_configuration_words(what.rfind(file + ":", 0) == 0 ? what : file + ": " + what), 2);
    } catch (const Stop& stop) {
        return no_score(challenge, stop.reason, 1);
    } catch (const std::exception& e) {
        return no_score(challenge, in_configuration_words(e.what()), 1);  // "try a smaller lr", not "--lr"
    } catch (...) {
        return no_score(challenge, "the run threw something that is not a std::exception", 1);
    }
}

EvaluationBudget::EvaluationBudget(std::size_t limit) : limit_(limit) {}

void EvaluationBudget::charge(std::size_t cost) {
    if (finished()) {
        ++refused_;
        throw Stop{finish_reason_};
    }
    if (used_ + cost > limit_) {
        ++refused_;
        throw Stop{"cut off at the budget of " + thousands(limit_) + " evaluations"};
    }
    used_ += cost;
}

void EvaluationBudget::finish(const std::string& reason) { finish_reason_ = reason.empty() ? "finished" : reason; }

std::string thousands(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace course::challenge
