// Printed output of the chapter programs: the narrative (say), and progress lines for long loops.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

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

// Columns of text that line up on a terminal. printf's %-20s pads bytes, and "η", "—" or "ℒ" take two or
// three bytes of UTF-8 for one character: these count characters (code points: every byte but the
// continuation bytes 10xxxxxx; every character the course prints is one column wide). pad_right gives
// `text` and spaces up to `width` characters, and at least `min_gap` spaces (1 keeps an over-long entry
// apart from the next column); pad_left puts the spaces first (right-aligned numbers).
std::size_t display_width(std::string_view text);
std::string pad_right(std::string_view text, std::size_t width, std::size_t min_gap = 0);
std::string pad_left(std::string_view text, std::size_t width);

// Formats a double compactly ("%.4g"-style) for narrative text.
std::string fmt(double value, int significant = 4);

}  // namespace course
