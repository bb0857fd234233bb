// The figure's mechanical self-check; see layout_check.hpp.
#include "common/plot/layout_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace course::plot {

namespace {

bool has_ink(Rect r) { return r.right > r.left && r.bottom > r.top; }

std::string in_quotes(std::string_view text) { return "“" + std::string(text) + "”"; }

}  // namespace

LayoutCheck::LayoutCheck(int width, int height, int scale) : width_(width), height_(height), scale_(scale) {}

void LayoutCheck::begin_panel(std::string name) {
    panel_ = std::move(name);
    recording_ = Ink::none;
}

void LayoutCheck::record(Ink kind) {
    recording_ = kind;
    if (kind != Ink::none && ink_.empty()) ink_.assign(static_cast<std::size_t>(width_) * height_, 0);
}

void LayoutCheck::mark(const Mask& mask) {
    if (recording_ == Ink::none) return;
    const auto bit = static_cast<std::uint8_t>(recording_);
    const int w = mask.x1 - mask.x0;
    for (int y = mask.y0; y < mask.y1; ++y) {
        const std::uint8_t* row = mask.covered.data() + static_cast<std::size_t>(y - mask.y0) * w;
        std::uint8_t* out = ink_.data() + static_cast<std::size_t>(y / scale_) * width_;
        for (int x = mask.x0; x < mask.x1; ++x) {
            if (row[x - mask.x0]) out[x / scale_] |= bit;
        }
    }
}

void LayoutCheck::mark(int x0, int y0, int w, int h, const std::uint8_t* coverage) {
    if (recording_ == Ink::none) return;
    const auto bit = static_cast<std::uint8_t>(recording_);
    const int canvas_w = width_ * scale_, canvas_h = height_ * scale_;
    for (int y = std::max(0, y0); y < std::min(canvas_h, y0 + h); ++y) {
        for (int x = std::max(0, x0); x < std::min(canvas_w, x0 + w); ++x) {
            // A quarter coverage and more is ink a reader sees; the faint fringe is not.
            if (coverage[static_cast<std::size_t>(y - y0) * w + (x - x0)] >= 64) {
                ink_[static_cast<std::size_t>(y / scale_) * width_ + x / scale_] |= bit;
            }
        }
    }
}

InkCount LayoutCheck::count(Rect box) const {
    InkCount n;
    if (ink_.empty()) return n;
    // Pixels whose centre (x + ½, y + ½) lies inside the box.
    const int x0 = std::max(0, static_cast<int>(std::ceil(box.left - 0.5)));
    const int x1 = std::min(width_, static_cast<int>(std::floor(box.right - 0.5)) + 1);
    const int y0 = std::max(0, static_cast<int>(std::ceil(box.top - 0.5)));
    const int y1 = std::min(height_, static_cast<int>(std::floor(box.bottom - 0.5)) + 1);
    for (int y = y0; y < y1; ++y) {
        const std::uint8_t* row = ink_.data() + static_cast<std::size_t>(y) * width_;
        for (int x = x0; x < x1; ++x) {
            n.data += row[x] & static_cast<std::uint8_t>(Ink::data) ? 1 : 0;
            n.guide += row[x] & static_cast<std::uint8_t>(Ink::guide) ? 1 : 0;
        }
    }
    return n;
}

void LayoutCheck::text_drawn(Rect ink, std::string_view text) {
    if (!has_ink(ink)) return;
    // Glyph boxes are whole samples; half a final pixel past the edge is the fringe, not a glyph.
    const double slack = scale_ / 2.0, w = double(width_) * scale_ + slack, h = double(height_) * scale_ + slack;
    const char* edge = ink.left < -slack ? "left" : ink.right > w ? "right" : ink.top < -slack ? "top"
                     : ink.bottom > h ? "bottom" : nullptr;
    if (edge) problem("clipped", in_quotes(text) + " is cut off at the " + edge + " edge of the image");
}

void LayoutCheck::tick_labels(std::string_view axis, const std::vector<DrawnLabel>& labels) {
    // Ink boxes less than a pixel apart read as one word ("−0.075−0.05"); any pair, not only
    // neighbours, since hand-placed ticks need not be in order.
    for (std::size_t i = 0; i < labels.size(); ++i) {
        for (std::size_t j = i + 1; j < labels.size(); ++j) {
            const Rect& a = labels[i].ink;
            const Rect& b = labels[j].ink;
            if (!has_ink(a) || !has_ink(b)) continue;
            const bool apart = a.right + 1 <= b.left || b.right + 1 <= a.left || a.bottom + 1 <= b.top || b.bottom + 1 <= a.top;
            if (!apart) {
                problem("ticks", "the " + std::string(axis) + " tick labels " + in_quotes(labels[i].text) + " and " +
                                     in_quotes(labels[j].text) + " run into each other");
                return;  // one per axis says enough
            }
        }
    }
}

int LayoutCheck::legend_hides_data(Rect box) const {
    return count({box.left + 1, box.top + 1, box.right - 1, box.bottom - 1}).data;
}

void LayoutCheck::legend_placed(Rect box, std::string_view where, std::string_view best, int best_hides) {
    const int hidden = legend_hides_data(box);
    if (hidden == 0) return;
    std::string text = "the legend (" + std::string(where) + ") covers " + std::to_string(hidden) + " px of drawn data";
    if (where == best) text += "; no place inside the panel is free";
    else if (best_hides == 0) text += "; Corner::best (" + std::string(best) + ") covers none";
    else text += "; no place is free, the least crowded is " + std::string(best) + " (" + std::to_string(best_hides) + " px)";
    problem("legend", text);
}

void LayoutCheck::problem(std::string_view kind, std::string text) {
    problems_.push_back(std::string(kind) + ": " + (panel_.empty() ? "" : panel_ + ": ") + text);
}

void append_layout_report(const std::string& figure_name, const std::vector<std::string>& problems) {
    const char* report = std::getenv("COURSE_FIGURE_CHECK");
    if (!report || !*report || problems.empty()) return;
    std::string lines;
    for (const std::string& p : problems) lines += figure_name + ": " + p + "\n";
    // One write per figure, appended (O_APPEND): check-figures runs several programs at once, and each
    // figure's lines arrive whole.
    std::ofstream out(report, std::ios::app);
    out << lines;
}

}  // namespace course::plot
