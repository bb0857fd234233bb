// The legend (a framed box in the least crowded corner) and the colorbar beside a field.
#include <algorithm>
#include <array>
#include <cmath>

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
            entries.push_back({a->options.label, SampleKind::arrow, a->options.color, LineStyle::solid, a->options.width,
                               Marker::none, 0, a->options.alpha});
        }
    }
    return entries;
}

// The places where data is drawn, in final pixels: line vertices and points every few pixels along
// each segment (so a line crossing a corner counts even without vertices there), and point markers.
std::vector<Point> occupied_points(const AxesState& state) {
    std::vector<Point> points;
    auto add_polyline = [&](const std::vector<double>& xs, const std::vector<double>& ys) {
        for (std::size_t k = 0; k < xs.size(); ++k) {
            if (!state.xmap.valid(xs[k]) || !state.ymap.valid(ys[k])) continue;
            const Point p{state.xmap(xs[k]), state.ymap(ys[k])};
            points.push_back(p);
            if (k + 1 < xs.size() && state.xmap.valid(xs[k + 1]) && state.ymap.valid(ys[k + 1])) {
                const Point q{state.xmap(xs[k + 1]), state.ymap(ys[k + 1])};
                const double length = std::hypot(q.x - p.x, q.y - p.y);
                const int steps = static_cast<int>(std::min(length / 4, 2000.0));
                for (int i = 1; i < steps; ++i) points.push_back({p.x + (q.x - p.x) * i / steps, p.y + (q.y - p.y) * i / steps});
            }
        }
    };
    for (const Artist& artist : state.artists) {
        if (const auto* l = std::get_if<LineArtist>(&artist)) add_polyline(l->xs, l->ys);
        else if (const auto* s = std::get_if<ScatterArtist>(&artist)) {
            for (std::size_t k = 0; k < s->xs.size(); ++k) add_polyline({s->xs[k]}, {s->ys[k]});
        } else if (const auto* f = std::get_if<FillArtist>(&artist)) add_polyline(f->xs, f->hi), add_polyline(f->xs, f->lo);
        else if (const auto* b = std::get_if<BarArtist>(&artist)) add_polyline(b->xs, b->heights);
        else if (const auto* m = std::get_if<MarkerArtist>(&artist)) add_polyline({m->x}, {m->y});
        else if (const auto* n = std::get_if<AnnotateArtist>(&artist)) add_polyline({n->x}, {n->y});
    }
    return points;
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
            draw_arrow_shape(canvas, {box.left, mid}, {box.right, mid}, e.color, e.width * s, 8 * s, e.alpha);
            break;
    }
}

}  // namespace

void draw_legend(Canvas& canvas, const AxesState& state, double s) {
    const std::vector<Entry> entries = legend_entries(state);
    if (entries.empty()) return;
    const double size = state.legend->font_size;
    const double pad = 6, sample = 2.2 * size, gap = 0.7 * size, row = 1.55 * size, inset = 8;
    double text_width = 0;
    for (const Entry& e : entries) text_width = std::max(text_width, measure_text(e.label, size).width);
    const double width = pad + sample + gap + text_width + pad + 2;
    const double height = 2 * pad + row * entries.size() - (row - size * 1.2);
    const Rect& a = state.area;
    const std::array<Rect, 4> corners = {{
        {a.right - inset - width, a.top + inset, a.right - inset, a.top + inset + height},        // upper right
        {a.left + inset, a.top + inset, a.left + inset + width, a.top + inset + height},          // upper left
        {a.left + inset, a.bottom - inset - height, a.left + inset + width, a.bottom - inset},    // lower left
        {a.right - inset - width, a.bottom - inset - height, a.right - inset, a.bottom - inset},  // lower right
    }};
    std::size_t choice = 0;
    switch (state.legend->location) {
        case Corner::upper_right: choice = 0; break;
        case Corner::upper_left: choice = 1; break;
        case Corner::lower_left: choice = 2; break;
        case Corner::lower_right: choice = 3; break;
        case Corner::best: {
            const std::vector<Point> occupied = occupied_points(state);
            std::size_t fewest = occupied.size() + 1;
            for (std::size_t c = 0; c < corners.size(); ++c) {
                const Rect r{corners[c].left - 4, corners[c].top - 4, corners[c].right + 4, corners[c].bottom + 4};
                const auto count = static_cast<std::size_t>(
                    std::count_if(occupied.begin(), occupied.end(), [&](Point p) { return r.contains(p); }));
                if (count < fewest) fewest = count, choice = c;
            }
            break;
        }
    }
    const Rect box = corners[choice];
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
    for (const Tick& t : scale.log ? log_ticks(scale.lo, scale.hi) : linear_ticks(scale.lo, scale.hi)) {
        if (t.value < std::min(scale.lo, scale.hi) || t.value > std::max(scale.lo, scale.hi)) continue;
        const double y = (std::floor(y_of(t.value)) + 0.5) * s;
        const double length = t.major ? tick_length : tick_length / 2;
        canvas.fill_rect({x1 * s, y - 0.5 * s, (x1 + length) * s, y + 0.5 * s}, ink);
        if (t.label.empty()) continue;
        draw_text(canvas, {(x1 + tick_length + tick_pad) * s, y}, t.label, tick_label_size * s, ink, HAlign::left, VAlign::center);
        widest = std::max(widest, measure_text(t.label, tick_label_size).width);
    }
    if (!state.colorbar_label.empty()) {
        const double x = x1 + tick_length + tick_pad + widest + 6;
        draw_text(canvas, {x * s, (a.top + a.bottom) / 2 * s}, state.colorbar_label, label_size * s, ink, HAlign::center,
                  VAlign::top, true);
    }
}

}  // namespace course::plot
