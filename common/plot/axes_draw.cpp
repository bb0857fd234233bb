// Drawing a 2-D panel: fields, grid, series, then the frame with ticks, labels and title on top.
#include <algorithm>
#include <cmath>

#include "common/plot/layout_check.hpp"
#include "common/plot/plot_internal.hpp"
#include "common/plot/text.hpp"

namespace course::plot {

namespace {

// Centre of the final-image pixel nearest to `final_px`, in canvas pixels: 1-pixel lines placed there
// stay crisp after downsampling instead of smearing over two pixels.
double snap(double final_px, double s) { return (std::floor(final_px) + 0.5) * s; }

bool is_background_field(const Artist& a) {
    return std::holds_alternative<ContourFillArtist>(a) || std::holds_alternative<HeatmapArtist>(a) ||
           std::holds_alternative<ImageArtist>(a);
}

bool is_on_top(const Artist& a) { return std::holds_alternative<MarkerArtist>(a) || std::holds_alternative<AnnotateArtist>(a); }

// Contour lines map a field, like the filled contours under them: a legend may sit on them (better
// not). Everything else, reference lines included, is data a legend must not hide.
Ink ink_kind(const Artist& a) { return std::holds_alternative<ContourLineArtist>(a) ? Ink::guide : Ink::data; }

Rect scaled(Rect r, double f) { return {r.left * f, r.top * f, r.right * f, r.bottom * f}; }

void draw_grid_lines(Canvas& canvas, const AxesState& state, double s) {
    const Rect& a = state.area;
    for (const Tick& t : state.xticks) {
        if (!t.major) continue;
        const double x = snap(state.xmap(t.value), s);
        canvas.fill_rect({x - 0.4 * s, a.top * s, x + 0.4 * s, a.bottom * s}, grid_color, 0.6);
    }
    for (const Tick& t : state.yticks) {
        if (!t.major) continue;
        const double y = snap(state.ymap(t.value), s);
        canvas.fill_rect({a.left * s, y - 0.4 * s, a.right * s, y + 0.4 * s}, grid_color, 0.6);
    }
}

void draw_frame(Canvas& canvas, const AxesState& state, double s) {
    const Rect& a = state.area;
    if (state.is_image) {
        // A thin grey frame, no ticks: the picture is the content.
        canvas.fill_rect({(a.left - 1) * s, (a.top - 1) * s, (a.right + 1) * s, a.top * s}, colors::gray);
        canvas.fill_rect({(a.left - 1) * s, a.bottom * s, (a.right + 1) * s, (a.bottom + 1) * s}, colors::gray);
        canvas.fill_rect({(a.left - 1) * s, a.top * s, a.left * s, a.bottom * s}, colors::gray);
        canvas.fill_rect({a.right * s, a.top * s, (a.right + 1) * s, a.bottom * s}, colors::gray);
        return;
    }
    // Spines: one final pixel each, just outside the plot area so they never cover data.
    canvas.fill_rect({(a.left - 1) * s, (a.top - 1) * s, (a.right + 1) * s, a.top * s}, ink);
    canvas.fill_rect({(a.left - 1) * s, a.bottom * s, (a.right + 1) * s, (a.bottom + 1) * s}, ink);
    canvas.fill_rect({(a.left - 1) * s, a.top * s, a.left * s, a.bottom * s}, ink);
    canvas.fill_rect({a.right * s, a.top * s, (a.right + 1) * s, a.bottom * s}, ink);

    const double label_gap = tick_length + tick_pad;
    std::vector<DrawnLabel> x_labels, y_labels;  // for the layout check
    for (const Tick& t : state.xticks) {
        const double x = snap(state.xmap(t.value), s);
        const double length = t.major ? tick_length : tick_length / 2;
        canvas.fill_rect({x - 0.5 * s, (a.bottom + 1) * s, x + 0.5 * s, (a.bottom + 1 + length) * s}, ink);
        if (!t.label.empty()) {
            const Rect box = draw_text(canvas, {x, (a.bottom + 1 + label_gap) * s}, t.label, tick_label_size * s, ink,
                                       HAlign::center, VAlign::top);
            x_labels.push_back({scaled(box, 1 / s), t.label});
        }
    }
    double widest = 0;
    for (const Tick& t : state.yticks) {
        const double y = snap(state.ymap(t.value), s);
        const double length = t.major ? tick_length : tick_length / 2;
        canvas.fill_rect({(a.left - 1 - length) * s, y - 0.5 * s, (a.left - 1) * s, y + 0.5 * s}, ink);
        if (!t.label.empty()) {
            const Rect box = draw_text(canvas, {(a.left - 1 - label_gap) * s, y}, t.label, tick_label_size * s, ink,
                                       HAlign::right, VAlign::center);
            y_labels.push_back({scaled(box, 1 / s), t.label});
            widest = std::max(widest, measure_text(t.label, tick_label_size).width);
        }
    }
    if (LayoutCheck* check = canvas.check()) check->tick_labels("x", x_labels), check->tick_labels("y", y_labels);
    const TextExtent tick_text = measure_text("0", tick_label_size);
    if (!state.x.label.empty()) {
        const double y = a.bottom + 1 + label_gap + tick_text.ascent + tick_text.descent + 6;
        draw_text(canvas, {(a.left + a.right) / 2 * s, y * s}, state.x.label, label_size * s, ink, HAlign::center, VAlign::top);
    }
    if (!state.y.label.empty()) {
        const double x = a.left - 1 - label_gap - widest - 6;
        draw_text(canvas, {x * s, (a.top + a.bottom) / 2 * s}, state.y.label, label_size * s, ink, HAlign::center,
                  VAlign::bottom, true);
    }
}

}  // namespace

void draw_axes(Canvas& canvas, AxesState& state, double s) {
    const Rect& a = state.area;
    canvas.clip({a.left * s, a.top * s, a.right * s, a.bottom * s});
    for (const Artist& artist : state.artists) {
        if (is_background_field(artist)) draw_field(canvas, state, artist, s);
    }
    if (state.grid) draw_grid_lines(canvas, state, s);
    // A panel with a legend records where its data lands: the legend is placed, and checked, by it.
    LayoutCheck* check = state.legend ? canvas.check() : nullptr;
    for (const Artist& artist : state.artists) {
        if (is_background_field(artist) || is_on_top(artist)) continue;
        if (std::holds_alternative<TextArtist>(artist)) canvas.unclip();  // text may leave the plot area
        if (check) check->record(ink_kind(artist));
        if (!draw_field(canvas, state, artist, s)) draw_series(canvas, state, artist, s);
        canvas.clip({a.left * s, a.top * s, a.right * s, a.bottom * s});
    }
    canvas.unclip();
    if (check) check->record(Ink::data);
    for (const Artist& artist : state.artists) {
        if (is_on_top(artist)) draw_series(canvas, state, artist, s);
    }
    if (check) check->record(Ink::none);
    draw_frame(canvas, state, s);
    if (!state.title.empty()) {
        const double y = state.is_image ? a.top - 6 : a.top - 8;
        // The title may use the panel's width, colorbar included.
        const double size = fitting_size(state.title, state.is_image ? label_size : title_size, a.width() + 2 * colorbar_width(state));
        draw_text(canvas, {(a.left + a.right) / 2 * s, y * s}, state.title, size * s, ink, HAlign::center, VAlign::bottom);
    }
    if (state.is_image && !state.x.label.empty()) {
        draw_text(canvas, {(a.left + a.right) / 2 * s, (a.bottom + 5) * s}, state.x.label, tick_label_size * s, ink,
                  HAlign::center, VAlign::top);
    }
    if (state.legend) draw_legend(canvas, state, s);
    if (state.colorbar) draw_colorbar(canvas, state, state.area, s);
}

}  // namespace course::plot
