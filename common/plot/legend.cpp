// The legend (a framed box in the least crowded corner) and the colorbar beside a field.
#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

#include "common/plot/layout_check.hpp"
#include "common/plot/plot_internal.hpp"
#include "common/plot/text.hpp"

namespace course::plot {

namespace {

enum class SampleKind { line, marker, patch, arrow };

struct Entry {
    std::string label;
    SampleKind kind;
    Color color;
    LineStyle style = LineStyle::solid;
    double width = 1.8;
    Marker marker = Marker::none;
    double marker_size = 6;
    double alpha = 1;
    Color edge = colors::black;
};

std::vector<Entry> legend_entries(const AxesState& state) {
    std::vector<Entry> entries;
    for (const Artist& artist : state.artists) {
        if (const auto* l = std::get_if<LineArtist>(&artist); l && !l->options.label.empty()) {
            entries.push_back({l->options.label, SampleKind::line, l->color, l->options.style, l->options.width,
                               l->options.marker, l->options.marker_size, l->options.alpha});
        } else if (const auto* r = std::get_if<ReferenceLine>(&artist); r && !r->options.label.empty()) {
            entries.push_back({r->options.label, SampleKind::line, r->color, r->options.style, r->options.width,
                               Marker::none, 0, r->options.alpha});
        } else if (const auto* s = std::get_if<ScatterArtist>(&artist); s && !s->options.label.empty()) {
            entries.push_back({s->options.label, SampleKind::marker, s->color, LineStyle::none, 0, s->options.marker,
                               s->options.size, s->options.alpha, s->options.edge_color.value_or(s->color)});
        } else if (const auto* m = std::get_if<MarkerArtist>(&artist); m && !m->options.label.empty()) {
            entries.push_back({m->options.label, SampleKind::marker, m->options.color.value_or(colors::red),
                               LineStyle::none, 0, m->options.marker, std::min(m->options.size, 14.0), 1,
                               m->options.edge_color});
        } else if (const auto* f = std::get_if<FillArtist>(&artist); f && !f->options.label.empty()) {
            entries.push_back({f->options.label, SampleKind::patch, f->color, LineStyle::solid, 0, Marker::none, 0,
                               f->options.alpha});
        } else if (const auto* b = std::get_if<BarArtist>(&artist); b && !b->options.label.empty()) {
            entries.push_back({b->options.label, SampleKind::patch, b->color, LineStyle::solid, 0, Marker::none, 0,
                               b->options.alpha});
        } else if (const auto* a = std::get_if<ArrowArtist>(&artist); a && !a->options.label.empty()) {
            entries.push_back({a->options.label, SampleKind::arrow, a->options.color, a->options.style, a->options.width,
                               Marker::none, 0, a->options.alpha});
        }
    }
    return entries;
}

void draw_sample(Canvas& canvas, const Entry& e, Rect box, double s) {
    const double mid = (box.top + box.bottom) / 2;
    switch (e.kind) {
        case SampleKind::line:
            stroke_styled(canvas, {{box.left, mid}, {box.right, mid}}, e.color, e.width * s, e.style, e.alpha);
            if (e.marker != Marker::none) {
                draw_marker(canvas, e.marker, {(box.left + box.right) / 2, mid}, e.marker_size * s, e.color, e.color, 0, e.alpha);
            }
            break;
        case SampleKind::marker:
            draw_marker(canvas, e.marker, {(box.left + box.right) / 2, mid}, e.marker_size * s, e.color, e.edge,
                        e.edge == e.color ? 0 : 0.8 * s, e.alpha);
            break;
        case SampleKind::patch:
            canvas.fill_rect({box.left, box.top + 2 * s, box.right, box.bottom - 2 * s}, e.color, std::max(e.alpha, 0.35));
            break;
        case SampleKind::arrow:
            draw_arrow_shape(canvas, {box.left, mid}, {box.right, mid}, e.color, e.width * s, 8 * s, e.alpha, e.style);
            break;
    }
}

struct Place {
    Corner corner;
    const char* name;
    double fx, fy;  // where the box sits in the plot area: 0 left/top, ½ centre, 1 right/bottom
};

// matplotlib's loc="best" candidates in its order (ties go to the first): the four corners, then
// the middles of the right, left, bottom and top edges. Then, for Corner::best only, the quarter points
// of the top and bottom edges: a wide panel with vertical reference lines (a plateau, an early stop)
// often has its free space between them, where none of matplotlib's places falls.
constexpr std::array<Place, 12> places = {{{Corner::upper_right, "upper right", 1, 0},
                                           {Corner::upper_left, "upper left", 0, 0},
                                           {Corner::lower_left, "lower left", 0, 1},
                                           {Corner::lower_right, "lower right", 1, 1},
                                           {Corner::center_right, "center right", 1, 0.5},
                                           {Corner::center_left, "center left", 0, 0.5},
                                           {Corner::lower_center, "lower center", 0.5, 1},
                                           {Corner::upper_center, "upper center", 0.5, 0},
                                           {Corner::best, "upper, a quarter from the left", 0.25, 0},
                                           {Corner::best, "upper, a quarter from the right", 0.75, 0},
                                           {Corner::best, "lower, a quarter from the left", 0.25, 1},
                                           {Corner::best, "lower, a quarter from the right", 0.75, 1}}};

// The legend's box: where `location` says, or for Corner::best the place that hides the least of
// what the panel drew (the check's ink map: data first, then guides, then data just around the box).
// The chosen box is handed to the check, which reports data left under it, with the best place's
// count when the chapter chose another: what a fix can expect from Corner::best.
Rect legend_box(LayoutCheck* check, const Rect& a, Corner location, double width, double height) {
    static constexpr double inset = 8;
    // Corners computed from their own spines; other places at the fraction f of the free run between.
    auto along = [](double lo, double hi, double size, double f) {
        if (f == 0) return std::pair{lo + inset, lo + inset + size};
        if (f == 1) return std::pair{hi - inset - size, hi - inset};
        if (f == 0.5) return std::pair{(lo + hi - size) / 2, (lo + hi + size) / 2};
        const double start = lo + inset + f * (hi - lo - 2 * inset - size);
        return std::pair{start, start + size};
    };
    auto box_at = [&](const Place& p) {
        const auto [left, right] = along(a.left, a.right, width, p.fx);
        const auto [top, bottom] = along(a.top, a.bottom, height, p.fy);
        return Rect{left, top, right, bottom};
    };
    auto best = [&] {
        const Place* least = &places[0];
        double fewest = 1e300;
        for (const Place& p : places) {
            const Rect r = box_at(p);
            const InkCount inside = check->count(r), around = check->count({r.left - 4, r.top - 4, r.right + 4, r.bottom + 4});
            const double badness = 16.0 * inside.data + 2.0 * inside.guide + (around.data - inside.data);
            if (badness < fewest) fewest = badness, least = &p;
        }
        return least;
    };
    // Without a check (no ink map) best falls back on the upper right.
    const Place& chosen = location == Corner::best ? (check ? *best() : places[0])
                                                   : *std::find_if(places.begin(), places.end(),
                                                                   [&](const Place& p) { return p.corner == location; });
    const Rect box = box_at(chosen);
    if (!check) return box;
    if (check->legend_hides_data(box)) {
        const Place& least = location == Corner::best ? chosen : *best();
        check->legend_placed(box, chosen.name, least.name, check->legend_hides_data(box_at(least)));
    }
    return box;
}

}  // namespace

void draw_legend(Canvas& canvas, const AxesState& state, double s) {
    const std::vector<Entry> entries = legend_entries(state);
    if (entries.empty()) return;
    const double size = state.legend->font_size;
    const double pad = 6, sample = 2.2 * size, gap = 0.7 * size, row = 1.55 * size;
    double text_width = 0;
    for (const Entry& e : entries) text_width = std::max(text_width, measure_text(e.label, size).width);
    const double width = pad + sample + gap + text_width + pad + 2;
    const double height = 2 * pad + row * entries.size() - (row - size * 1.2);
    const Rect box = legend_box(canvas.check(), state.area, state.legend->location, width, height);
    canvas.fill_rect({box.left * s, box.top * s, box.right * s, box.bottom * s}, colors::white, 0.85);
    canvas.stroke({{box.left * s, box.top * s}, {box.right * s, box.top * s}, {box.right * s, box.bottom * s},
                   {box.left * s, box.bottom * s}},
                  hex("#cccccc"), 1.0 * s, 1.0, true);
    for (std::size_t k = 0; k < entries.size(); ++k) {
        const double centre = box.top + pad + size * 0.6 + row * k;
        draw_sample(canvas, entries[k], {(box.left + pad) * s, (centre - size * 0.5) * s, (box.left + pad + sample) * s,
                                         (centre + size * 0.5) * s}, s);
        draw_text(canvas, {(box.left + pad + sample + gap) * s, centre * s}, entries[k].label, size * s, ink,
                  HAlign::left, VAlign::center);
    }
}

void draw_colorbar(Canvas& canvas, const AxesState& state, Rect beside, double s) {
    if (!state.mappable) return;
    const ColorScale& scale = *state.mappable;
    const Rect& a = beside;
    const double x0 = a.right + 14, x1 = x0 + 16;
    const double lo = scale.log ? std::log10(scale.lo) : scale.lo, hi = scale.log ? std::log10(scale.hi) : scale.hi;
    auto y_of = [&](double v) { return a.bottom - ((scale.log ? std::log10(v) : v) - lo) / (hi - lo) * a.height(); };
    if (!scale.levels.empty()) {
        const std::size_t bands = scale.levels.size() - 1;
        for (std::size_t b = 0; b < bands; ++b) {
            const Color c = colormap(scale.colormap, (b + 0.5) / bands);
            canvas.fill_rect({x0 * s, y_of(scale.levels[b + 1]) * s, x1 * s, y_of(scale.levels[b]) * s}, c);
        }
    } else {
        for (int py = static_cast<int>(a.top * s); py < static_cast<int>(a.bottom * s); ++py) {
            const double t = (a.bottom * s - (py + 0.5)) / (a.height() * s);
            canvas.fill_rect({x0 * s, double(py), x1 * s, double(py + 1)}, colormap(scale.colormap, t));
        }
    }
    canvas.stroke({{x0 * s, a.top * s}, {x1 * s, a.top * s}, {x1 * s, a.bottom * s}, {x0 * s, a.bottom * s}}, ink, s, 1.0,
                  true);
    double widest = 0;
    std::vector<DrawnLabel> labels;
    for (const Tick& t : scale.log ? log_ticks(scale.lo, scale.hi) : linear_ticks(scale.lo, scale.hi)) {
        if (t.value < std::min(scale.lo, scale.hi) || t.value > std::max(scale.lo, scale.hi)) continue;
        const double y = (std::floor(y_of(t.value)) + 0.5) * s;
        const double length = t.major ? tick_length : tick_length / 2;
        canvas.fill_rect({x1 * s, y - 0.5 * s, (x1 + length) * s, y + 0.5 * s}, ink);
        if (t.label.empty()) continue;
        const Rect ink_box = draw_text(canvas, {(x1 + tick_length + tick_pad) * s, y}, t.label, tick_label_size * s, ink,
                                       HAlign::left, VAlign::center);
        labels.push_back({{ink_box.left / s, ink_box.top / s, ink_box.right / s, ink_box.bottom / s}, t.label});
        widest = std::max(widest, measure_text(t.label, tick_label_size).width);
    }
    if (canvas.check()) canvas.check()->tick_labels("colorbar", labels);
    if (!state.colorbar_label.empty()) {
        const double x = x1 + tick_length + tick_pad + widest + 6;
        draw_text(canvas, {x * s, (a.top + a.bottom) / 2 * s}, state.colorbar_label, label_size * s, ink, HAlign::center,
                  VAlign::top, true);
    }
}

}  // namespace course::plot
