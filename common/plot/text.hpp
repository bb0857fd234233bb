// Text: UTF-8 strings set in DejaVu Sans with stb_truetype (kerning, sub-pixel positioning), drawn
// horizontally or rotated 90° counter-clockwise (for y labels). Without a TrueType font, stb_easy_font's
// bitmap font is scaled up instead, so a figure is still written.
#pragma once

#include <string_view>

#include "common/plot/canvas.hpp"
#include "common/plot/plot.hpp"

namespace course::plot {

// Table headers are bold: DejaVu Sans Bold where installed, else the regular face emboldened.
enum class Weight { regular, bold };

// Draws `utf8` at `size_px` (em size, canvas pixels) so that the point of the text box picked by
// (align, valign) lands on `anchor`. Rotated text reads bottom to top; align then runs along it.
// Returns the box its glyphs ink (canvas pixels; empty for blank text), which the canvas's layout
// check is told about too.
Rect draw_text(Canvas& canvas, Point anchor, std::string_view utf8, double size_px, Color color,
               HAlign align = HAlign::left, VAlign valign = VAlign::baseline, bool rotated = false,
               double alpha = 1.0, Weight weight = Weight::regular);

// measure_text() (plot.hpp) in the given weight: bold text is wider.
TextExtent measure_text(std::string_view utf8, double size_px, Weight weight);

// `size_px` or smaller, down to 70% of it, so that `utf8` fits in `max_width` (long titles in narrow panels).
double fitting_size(std::string_view utf8, double size_px, double max_width);

// The box draw_text() inks, relative to the anchor (useful for padding a background behind text).
Rect text_box(Point anchor, std::string_view utf8, double size_px, HAlign align, VAlign valign);

}  // namespace course::plot
