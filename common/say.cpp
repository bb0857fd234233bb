#include "common/say.hpp"

#include <unistd.h>

#include <cstdarg>
#include <algorithm>
#include <cstdio>

namespace course {

void say(const char* format, ...) {
    va_list args;
    va_start(args, format);
    std::vprintf(format, args);
    va_end(args);
    std::putchar('\n');
    std::fflush(stdout);
}

std::string fmt(double value, int significant) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*g", significant, value);
    return text;
}

Progress::Progress(std::string label, std::size_t total)
    : label_(std::move(label)),
      total_(total),
      terminal_(isatty(STDOUT_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

void Progress::update(std::size_t step, double loss) {
    if (terminal_) {
        const auto now = std::chrono::steady_clock::now();
        if (step != total_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
        last_draw_ = now;
        const double elapsed = std::chrono::duration<double>(now - start_).count();
        const double rate = elapsed > 0 ? static_cast<double>(step) / elapsed : 0.0;
        const double left = rate > 0 ? static_cast<double>(total_ - step) / rate : 0.0;
        std::printf("\r  %s %zu/%zu  loss %.5g  %.0f steps/s  %.1f s left   ", label_.c_str(), step, total_,
                    loss, rate, left);
        std::fflush(stdout);
    } else {
        const std::size_t every = total_ >= 10 ? total_ / 10 : 1;
        if (step % every == 0 || step == total_)
            std::printf("  %s %zu/%zu  loss %.6g\n", label_.c_str(), step, total_, loss);
    }
}

void Progress::finish() {
    if (terminal_ && !finished_) std::printf("\n");
    finished_ = true;
    std::fflush(stdout);
}

Progress::~Progress() { finish(); }

std::size_t display_width(std::string_view text) {
    std::size_t width = 0;
    for (const char c : text) width += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return width;
}

std::string pad_right(std::string_view text, std::size_t width, std::size_t min_gap) {
    const std::size_t shown = display_width(text);
    return std::string(text) + std::string(std::max(width > shown ? width - shown : 0, min_gap), ' ');
}

std::string pad_left(std::string_view text, std::size_t width) {
    const std::size_t shown = display_width(text);
    return std::string(width > shown ? width - shown : 0, ' ') + std::string(text);
}

}  // namespace course
