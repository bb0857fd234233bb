// Drawing the series an Axes records: lines, scatter, markers, bands, bars, arrows, text.
#include <algorithm>
#include <cmath>

#include "common/plot/plot_internal.hpp"
#include "common/plot/text.hpp"

namespace course::plot {

Point to_canvas(const AxesState& state, double x, double y, double scale) {
    return {state.xmap(x) * scale, state.ymap(y) * scale};
}

std::vector<std::vector<Point>> clip_polyline(const std::vector<Point>& points, Rect rect) {
    std::vector<std::vector<Point>> pieces;
    std::vector<Point> current;
    auto flush = [&] {
        if (!current.empty()) pieces.push_back(std::move(current));
        current.clear();
    };
    auto finite = [](Point p) { return std::isfinite(p.x) && std::isfinite(p.y); };
    if (points.size() == 1 && finite(points[0]) && rect.contains(points[0])) return {{points[0]}};
    for (std::size_t k = 0; k + 1 < points.size(); ++k) {
        const Point a = points[k], b = points[k + 1];
        if (!finite(a) || !finite(b)) {
            flush();
            continue;
        }
        // Liang–Barsky: the parameter interval [t0, t1] of a + t (b − a) inside the rectangle.
        double t0 = 0, t1 = 1;
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double p[4] = {-dx, dx, -dy, dy};
        const double q[4] = {a.x - rect.left, rect.right - a.x, a.y - rect.top, rect.bottom - a.y};
        bool visible = true;
        for (int i = 0; i < 4 && visible; ++i) {
            if (p[i] == 0) {
                visible = q[i] >= 0;
            } else {
                const double t = q[i] / p[i];
                if (p[i] < 0) t0 = std::max(t0, t);
                else t1 = std::min(t1, t);
                visible = t0 <= t1;
            }
        }
        if (!visible) {
            flush();
            continue;
        }
        const Point start{a.x + t0 * dx, a.y + t0 * dy}, end{a.x + t1 * dx, a.y + t1 * dy};
        if (current.empty() || t0 > 0) {
            flush();
            current.push_back(start);
        }
        current.push_back(end);
        if (t1 < 1) flush();
    }
    flush();
    return pieces;
}

void stroke_styled(Canvas& canvas, const std::vector<Point>& points, Color color, double width, LineStyle style,
                   double alpha) {
    switch (style) {
        case LineStyle::none: return;
        case LineStyle::solid: canvas.stroke(points, color, width, alpha); return;
        // Round caps add half a width at each end of a dash, so the "on" lengths are shortened by one
        // width: dashes read as 3.7 widths with 1.6-width gaps, dots as round dots 2 widths apart.
        case LineStyle::dashed: canvas.stroke_dashed(points, color, width, {2.7 * width, 2.6 * width}, alpha); return;
        case LineStyle::dotted: canvas.stroke_dashed(points, color, width, {0.01 * width, 2.2 * width + 2}, alpha); return;
    }
}

void draw_arrow_shape(Canvas& canvas, Point from, Point to, Color color, double width, double head, double alpha,
                      LineStyle style) {
    const double length = std::hypot(to.x - from.x, to.y - from.y);
    if (!(length > 1e-9)) return;
    head = std::min(head, length * 0.6);
    const double ux = (to.x - from.x) / length, uy = (to.y - from.y) / length;
    const Point neck{to.x - ux * head, to.y - uy * head};
    const double half = head * 0.45;
    Mask mask = canvas.mask_for({std::min(from.x, to.x) - head - width, std::min(from.y, to.y) - head - width,
                                 std::max(from.x, to.x) + head + width, std::max(from.y, to.y) + head + width});
    // A dashed or dotted shaft is stroked on its own; the head stays solid, so the direction still reads.
    if (style == LineStyle::solid) mask.stroke({from, {neck.x + ux * width * 0.5, neck.y + uy * width * 0.5}}, width);
    else stroke_styled(canvas, {from, neck}, color, width, style, alpha);
    mask.fill_polygon({to, {neck.x - uy * half, neck.y + ux * half}, {neck.x + uy * half, neck.y - ux * half}});
    canvas.blend(mask, color, alpha);
}

namespace {

std::vector<Point> canvas_points(const AxesState& state, const std::vector<double>& xs, const std::vector<double>& ys,
                                 double scale) {
    std::vector<Point> points(xs.size());
    for (std::size_t k = 0; k < xs.size(); ++k) {
        // Points the axis cannot show become NaN, which breaks the line there.
        points[k] = state.xmap.valid(xs[k]) && state.ymap.valid(ys[k]) ? to_canvas(state, xs[k], ys[k], scale)
                                                                       : Point{std::nan(""), std::nan("")};
    }
    return points;
}

Rect canvas_area(const AxesState& state, double scale, double pad) {
    return {state.area.left * scale - pad, state.area.top * scale - pad, state.area.right * scale + pad,
            state.area.bottom * scale + pad};
}

void draw_line(Canvas& canvas, const AxesState& state, const LineArtist& line, double s) {
    const std::vector<Point> points = canvas_points(state, line.xs, line.ys, s);
    const double width = line.options.width * s;
    for (const auto& piece : clip_polyline(points, canvas_area(state, s, width * 4))) {
        stroke_styled(canvas, piece, line.color, width, line.options.style, line.options.alpha);
    }
    if (line.options.marker == Marker::none) return;
    const Rect area = canvas_area(state, s, 0);
    for (const Point& p : points) {
        if (std::isfinite(p.x) && std::isfinite(p.y) && area.contains(p)) {
            draw_marker(canvas, line.options.marker, p, line.options.marker_size * s, line.color, line.color, 0,
                        line.options.alpha);
        }
    }
}

void draw_scatter(Canvas& canvas, const AxesState& state, const ScatterArtist& scatter, double s) {
    const std::vector<Point> points = canvas_points(state, scatter.xs, scatter.ys, s);
    const Rect area = canvas_area(state, s, scatter.options.size * s);
    const auto& o = scatter.options;
    for (std::size_t k = 0; k < points.size(); ++k) {
        if (!std::isfinite(points[k].x) || !std::isfinite(points[k].y) || !area.contains(points[k])) continue;
        Color fill = scatter.color;
        if (!o.values.empty() && state.mappable) {
            fill = colormap(o.colormap, (o.values[k] - state.mappable->lo) / (state.mappable->hi - state.mappable->lo));
        }
        draw_marker(canvas, o.marker, points[k], o.size * s, fill, o.edge_color.value_or(fill),
                    o.edge_color ? 0.8 * s : 0, o.alpha);
    }
}

void draw_polygon_band(Canvas& canvas, const AxesState& state, const FillArtist& fill, double s) {
    // One polygon per run of drawable points: along hi forwards, back along lo.
    std::vector<Point> upper, lower;
    auto flush = [&] {
        if (upper.size() >= 2) {
            std::vector<Point> polygon = upper;
            polygon.insert(polygon.end(), lower.rbegin(), lower.rend());
            canvas.fill_polygon(polygon, fill.color, fill.options.alpha);
        }
        upper.clear(), lower.clear();
    };
    for (std::size_t k = 0; k < fill.xs.size(); ++k) {
        if (!state.xmap.valid(fill.xs[k]) || !state.ymap.valid(fill.lo[k]) || !state.ymap.valid(fill.hi[k])) {
            flush();
            continue;
        }
        upper.push_back(to_canvas(state, fill.xs[k], fill.hi[k], s));
        lower.push_back(to_canvas(state, fill.xs[k], fill.lo[k], s));
    }
    flush();
}

void draw_bars(Canvas& canvas, const AxesState& state, const BarArtist& bars, double s) {
    const double base = state.ymap.log ? state.area.bottom * s + 1 : state.ymap(0) * s;
    for (std::size_t k = 0; k < bars.xs.size(); ++k) {
        const double half = bars.options.width / 2;
        if (!state.xmap.valid(bars.xs[k] - half) || !state.xmap.valid(bars.xs[k] + half) ||
            !state.ymap.valid(bars.heights[k])) {
            continue;
        }
        const double left = state.xmap(bars.xs[k] - half) * s, right = state.xmap(bars.xs[k] + half) * s;
        const double top = state.ymap(bars.heights[k]) * s;
        const Rect bar{left, std::min(top, base), right, std::max(top, base)};
        canvas.fill_rect(bar, bars.color, bars.options.alpha);
        // A hairline white edge keeps adjacent bars (histograms) apart.
        canvas.stroke({{bar.left, bar.bottom}, {bar.left, bar.top}, {bar.right, bar.top}, {bar.right, bar.bottom}},
                      colors::white, 0.8 * s);
    }
}

void draw_text_artist(Canvas& canvas, const AxesState& state, const TextArtist& t, double s) {
    const auto& o = t.options;
    Point anchor;
    if (o.coords == Coords::axes) {
        anchor = {(state.area.left + t.x * state.area.width()) * s, (state.area.bottom - t.y * state.area.height()) * s};
    } else {
        if (!state.xmap.valid(t.x) || !state.ymap.valid(t.y)) return;
        anchor = to_canvas(state, t.x, t.y, s);
    }
    if (o.background) {
        const Rect box = text_box(anchor, t.text, o.size * s, o.align, o.valign);
        const double pad = 3 * s;
        canvas.fill_rect({box.left - pad, box.top - pad, box.right + pad, box.bottom + pad}, *o.background, 0.85);
    }
    draw_text(canvas, anchor, t.text, o.size * s, o.color, o.align, o.valign);
}

void draw_annotation(Canvas& canvas, const AxesState& state, const AnnotateArtist& a, double s) {
    if (!state.xmap.valid(a.x) || !state.ymap.valid(a.y)) return;
    const auto& o = a.options;
    const Color color = o.color.value_or(colors::black);
    const Point p = to_canvas(state, a.x, a.y, s);
    const Point anchor{p.x + o.dx * s, p.y - o.dy * s};
    const HAlign align = o.dx > 0 ? HAlign::left : o.dx < 0 ? HAlign::right : HAlign::center;
    const VAlign valign = o.dy > 0 ? VAlign::bottom : o.dy < 0 ? VAlign::top : VAlign::center;
    if (o.arrow) {
        const double gap = (o.marker == Marker::none ? 2 : o.marker_size / 2 + 3) * s;
        const double length = std::hypot(anchor.x - p.x, anchor.y - p.y);
        if (length > gap) {
            const Point tip{p.x + (anchor.x - p.x) / length * gap, p.y + (anchor.y - p.y) / length * gap};
            draw_arrow_shape(canvas, anchor, tip, color, 1.2 * s, 7 * s, 1.0);
        }
    }
    if (o.marker != Marker::none) draw_marker(canvas, o.marker, p, o.marker_size * s, color, colors::black, 0.8 * s);
    const Rect box = text_box(anchor, a.text, o.font_size * s, align, valign);
    // A translucent box in the opposite brightness keeps the label readable over any background.
    const bool light_text = 0.299 * color.r + 0.587 * color.g + 0.114 * color.b > 150;
    canvas.fill_rect({box.left - 3 * s, box.top, box.right + 3 * s, box.bottom}, light_text ? colors::black : colors::white,
                     light_text ? 0.45 : 0.7);
    draw_text(canvas, anchor, a.text, o.font_size * s, color, align, valign);
}

}  // namespace

void draw_series(Canvas& canvas, const AxesState& state, const Artist& artist, double s) {
    if (const auto* line = std::get_if<LineArtist>(&artist)) {
        draw_line(canvas, state, *line, s);
    } else if (const auto* scatter = std::get_if<ScatterArtist>(&artist)) {
        draw_scatter(canvas, state, *scatter, s);
    } else if (const auto* fill = std::get_if<FillArtist>(&artist)) {
        draw_polygon_band(canvas, state, *fill, s);
    } else if (const auto* bars = std::get_if<BarArtist>(&artist)) {
        draw_bars(canvas, state, *bars, s);
    } else if (const auto* ref = std::get_if<ReferenceLine>(&artist)) {
        if (!(ref->horizontal ? state.ymap : state.xmap).valid(ref->value)) return;
        const Rect area = canvas_area(state, s, 0);
        const double at = ref->horizontal ? state.ymap(ref->value) * s : state.xmap(ref->value) * s;
        const std::vector<Point> points = ref->horizontal ? std::vector<Point>{{area.left, at}, {area.right, at}}
                                                          : std::vector<Point>{{at, area.top}, {at, area.bottom}};
        stroke_styled(canvas, points, ref->color, ref->options.width * s, ref->options.style, ref->options.alpha);
    } else if (const auto* arrow = std::get_if<ArrowArtist>(&artist)) {
        if (!state.xmap.valid(arrow->x0) || !state.ymap.valid(arrow->y0) || !state.xmap.valid(arrow->x1) ||
            !state.ymap.valid(arrow->y1)) {
            return;
        }
        const auto& o = arrow->options;
        draw_arrow_shape(canvas, to_canvas(state, arrow->x0, arrow->y0, s), to_canvas(state, arrow->x1, arrow->y1, s),
                         o.color, o.width * s, o.head_size * s, o.alpha, o.style);
    } else if (const auto* marker = std::get_if<MarkerArtist>(&artist)) {
        if (!state.xmap.valid(marker->x) || !state.ymap.valid(marker->y)) return;
        const auto& o = marker->options;
        draw_marker(canvas, o.marker, to_canvas(state, marker->x, marker->y, s), o.size * s,
                    o.color.value_or(colors::red), o.edge_color, 1.0 * s);
    } else if (const auto* text = std::get_if<TextArtist>(&artist)) {
        draw_text_artist(canvas, state, *text, s);
    } else if (const auto* note = std::get_if<AnnotateArtist>(&artist)) {
        draw_annotation(canvas, state, *note, s);
    }
}

}  // namespace course::plot
