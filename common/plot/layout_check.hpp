// The figure's mechanical self-check. A check cannot judge beauty, but the library knows every box it
// draws, so while a figure renders it records what is mechanical and can be wrong: a legend box over
// drawn data, tick labels that run into each other, text cut off at the image's edge.
// Figure::layout_problems() lists what it found; Figure::save() also appends the list to the file
// named by $COURSE_FIGURE_CHECK, which `make check-figures` reads. Recording only reads what the
// drawing code computes anyway: it never changes a pixel.
//
// Where data lies is recorded as the canvas blends it (an "ink map" of final-image pixels), only for
// panels with a legend: the same map places the legend where it covers the least (Corner::best).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/plot/canvas.hpp"

namespace course::plot {

// What the canvas is drawing, as far as a legend is concerned. Background fields, grid and frame are
// not recorded at all; guides (contour lines over a field) may be covered but better not.
enum class Ink : std::uint8_t { none = 0, data = 1, guide = 2 };

struct InkCount {
    int data = 0, guide = 0;
};

// A drawn label: its ink box in final-image pixels and its text (to name it in a problem).
struct DrawnLabel {
    Rect ink;
    std::string text;
};

class LayoutCheck {
public:
    // A figure of width × height final pixels, drawn `scale` times larger.
    LayoutCheck(int width, int height, int scale);

    // The panel being drawn, so that problems can say where: "panel (1, 2) “Adam”".
    void begin_panel(std::string name);

    // Ink blended from now on is recorded as `kind` (Ink::none: not recorded).
    void record(Ink kind);
    bool recording() const { return recording_ != Ink::none; }
    // Called by the canvas: the samples of a shape, or a glyph coverage buffer, in canvas pixels.
    void mark(const Mask& mask);
    void mark(int x, int y, int w, int h, const std::uint8_t* coverage);
    // Recorded ink whose pixel centres lie inside `box` (final pixels).
    InkCount count(Rect box) const;

    // Text whose ink (canvas pixels) reaches past the image's edge is a problem.
    void text_drawn(Rect ink_canvas, std::string_view text);
    // One axis' tick labels in drawing order: any two closer than a pixel apart are a problem.
    void tick_labels(std::string_view axis, const std::vector<DrawnLabel>& labels);
    // Data pixels under a legend box (final pixels), its frame's own pixel row left out: data that only
    // touches the frame is not hidden.
    int legend_hides_data(Rect box) const;
    // A legend at `where` that hides data is a problem; the message adds what the least crowded place
    // (`best`, hiding `best_hides` pixels) would do.
    void legend_placed(Rect box, std::string_view where, std::string_view best, int best_hides);

    const std::vector<std::string>& problems() const { return problems_; }

private:
    void problem(std::string_view kind, std::string text);

    int width_, height_, scale_;
    std::string panel_;
    Ink recording_ = Ink::none;
    std::vector<std::uint8_t> ink_;  // width × height, bits of Ink; allocated on first use
    std::vector<std::string> problems_;
};

// Appends `problems` of the figure written to `path` to the report named by $COURSE_FIGURE_CHECK, one
// line each: "file.png: kind: text". Nothing when the variable is unset or there is nothing to report.
void append_layout_report(const std::string& figure_name, const std::vector<std::string>& problems);

}  // namespace course::plot
