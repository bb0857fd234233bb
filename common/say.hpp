// Printed output of the chapter programs: the narrative (say), and progress lines for long loops.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace course {

// printf-style narrative line, newline added; the compiler checks the format against the arguments.
[[gnu::format(printf, 1, 2)]] void say(const char* format, ...);

// A progress line for a loop of `total` steps. On a terminal it rewrites one line in place (step,
// loss, steps per second, time left) at most ten times a second; when output goes to a file or a pipe
// it prints a plain line every `total / 10` steps and no timings, so the output of a run is the same
// byte for byte for the same seed.
class Progress {
public:
    Progress(std::string label, std::size_t total);
    void update(std::size_t step, double loss);  // step counts from 1
    void finish();                               // ends the line on a terminal
    ~Progress();

private:
    std::string label_;
    std::size_t total_;
    bool terminal_;
    bool finished_ = false;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_draw_;
};

// Formats a double compactly ("%.4g"-style) for narrative text.
std::string fmt(double value, int significant = 4);

}  // namespace course
