// 3-D panels: an orthographic view of surfaces, paths and points, inside a box with back panes, grid
// lines, ticks and axis labels, after matplotlib's mplot3d.
//
// The data box is normalised to [−½, ½]² × [−⅜, ⅜] (matplotlib's 4:4:3 box) and viewed from the
// direction c = (cos e cos a, cos e sin a, sin e) for elevation e and azimuth a. Screen right is
// r = (−sin a, cos a, 0), screen up is u = c × r, and the depth of a point is its dot product with c.
// Quads are painted far to near (painter's algorithm), each in the colormap at its mean height,
// dimmed by a Lambert term so the shape reads even in print.
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "common/plot/plot_internal.hpp"
#include "common/plot/text.hpp"

namespace course::plot {

namespace {

struct Vec3 {
    double x, y, z;
};
Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
double dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
Vec3 cross(Vec3 a, Vec3 b) { return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x}; }
Vec3 normalised(Vec3 v) {
    const double n = std::sqrt(dot(v, v));
    return n > 0 ? Vec3{v.x / n, v.y / n, v.z / n} : v;
}

struct Range {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    void settle() {
        if (lo > hi) lo = 0, hi = 1;
        if (hi == lo) lo -= 0.5, hi += 0.5;
    }
};

struct View {
    Range x, y, z;
    Vec3 camera, right, up;
    double scale = 1, cx = 0, cy = 0;  // canvas pixels

    Vec3 normalise(double px, double py, double pz) const {
        return {(px - x.lo) / (x.hi - x.lo) - 0.5, (py - y.lo) / (y.hi - y.lo) - 0.5, ((pz - z.lo) / (z.hi - z.lo) - 0.5) * 0.75};
    }
    Point project(Vec3 p) const { return {cx + scale * dot(p, right), cy - scale * dot(p, up)}; }
    Point operator()(double px, double py, double pz) const { return project(normalise(px, py, pz)); }
    double depth(Vec3 p) const { return dot(p, camera); }
};

View make_view(const AxesState& state, Rect area, double s) {
    View v;
    for (const Surface3D& surface : state.surfaces) {
        v.x.add(surface.grid.x0), v.x.add(surface.grid.x1), v.y.add(surface.grid.y0), v.y.add(surface.grid.y1);
        for (double z : surface.grid.z) v.z.add(z);
    }
    for (const Line3D& line : state.lines3d) {
        for (std::size_t k = 0; k < line.xs.size(); ++k) v.x.add(line.xs[k]), v.y.add(line.ys[k]), v.z.add(line.zs[k]);
    }
    for (const Marker3D& m : state.markers3d) v.x.add(m.x), v.y.add(m.y), v.z.add(m.z);
    if (state.x.limits) v.x = {state.x.limits->first, state.x.limits->second};
    if (state.y.limits) v.y = {state.y.limits->first, state.y.limits->second};
    if (state.z.limits) v.z = {state.z.limits->first, state.z.limits->second};
    v.x.settle(), v.y.settle(), v.z.settle();
    const double e = state.elevation * std::numbers::pi / 180, a = state.azimuth * std::numbers::pi / 180;
    v.camera = {std::cos(e) * std::cos(a), std::cos(e) * std::sin(a), std::sin(e)};
    v.right = {-std::sin(a), std::cos(a), 0};
    v.up = cross(v.camera, v.right);
    // Fit the projected box into the panel, leaving room around it for tick and axis labels.
    double left = 1e300, right = -1e300, bottom = 1e300, top = -1e300;
    for (int k = 0; k < 8; ++k) {
        const Vec3 p{(k & 1) ? 0.5 : -0.5, (k & 2) ? 0.5 : -0.5, (k & 4) ? 0.375 : -0.375};
        left = std::min(left, dot(p, v.right)), right = std::max(right, dot(p, v.right));
        bottom = std::min(bottom, dot(p, v.up)), top = std::max(top, dot(p, v.up));
    }
    const double margin = 62;
    v.scale = s * std::min((area.width() - 2 * margin) / (right - left), (area.height() - 1.4 * margin) / (top - bottom));
    v.cx = s * (area.left + area.right) / 2 - v.scale * (left + right) / 2;
    v.cy = s * (area.top + area.bottom) / 2 + v.scale * (top + bottom) / 2 - 0.15 * margin * s;
    return v;
}

// Which side of the box is at the back, per axis: −½ or +½ in normalised coordinates.
struct Sides {
    double back_x, back_y, floor_z;
};

void draw_panes(Canvas& canvas, const View& v, const Sides& sides, const std::vector<Tick>& xt, const std::vector<Tick>& yt,
                const std::vector<Tick>& zt, double s) {
    const double bx = sides.back_x, by = sides.back_y, fz = sides.floor_z;
    const Color pane = hex("#f2f2f2"), line = hex("#d4d4d4");
    auto quad = [&](Vec3 a, Vec3 b, Vec3 c, Vec3 d) {
        canvas.fill_polygon({v.project(a), v.project(b), v.project(c), v.project(d)}, pane);
        canvas.stroke({v.project(a), v.project(b), v.project(c), v.project(d)}, line, 0.8 * s, 1.0, true);
    };
    const double zt_ = 0.375;
    quad({bx, -0.5, -zt_}, {bx, 0.5, -zt_}, {bx, 0.5, zt_}, {bx, -0.5, zt_});
    quad({-0.5, by, -zt_}, {0.5, by, -zt_}, {0.5, by, zt_}, {-0.5, by, zt_});
    quad({-0.5, -0.5, fz}, {0.5, -0.5, fz}, {0.5, 0.5, fz}, {-0.5, 0.5, fz});
    auto segment = [&](Vec3 a, Vec3 b) { canvas.stroke({v.project(a), v.project(b)}, line, 0.8 * s); };
    for (const Tick& t : xt) {
        const double x = v.normalise(t.value, v.y.lo, v.z.lo).x;
        segment({x, by, -zt_}, {x, by, zt_}), segment({x, -0.5, fz}, {x, 0.5, fz});
    }
    for (const Tick& t : yt) {
        const double y = v.normalise(v.x.lo, t.value, v.z.lo).y;
        segment({bx, y, -zt_}, {bx, y, zt_}), segment({-0.5, y, fz}, {0.5, y, fz});
    }
    for (const Tick& t : zt) {
        const double z = v.normalise(v.x.lo, v.y.lo, t.value).z;
        segment({bx, -0.5, z}, {bx, 0.5, z}), segment({-0.5, by, z}, {0.5, by, z});
    }
}

// A 3-D box edge is short on screen: at most five or six ticks, keeping zero if it is one of them.
std::vector<Tick> thinned(std::vector<Tick> ticks) {
    if (ticks.size() <= 6) return ticks;
    std::size_t parity = 0;
    for (std::size_t k = 0; k < ticks.size(); ++k) {
        if (std::fabs(ticks[k].value) < 1e-12) parity = k % 2;
    }
    std::vector<Tick> kept;
    for (std::size_t k = parity; k < ticks.size(); k += 2) kept.push_back(ticks[k]);
    return kept;
}

bool overlaps(const Rect& a, const Rect& b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

// Ticks and labels along one box edge from a to b (normalised), with values lo..hi. Labels that
// would overlap one already drawn (where two axes meet at a corner) are left out.
void draw_axis(Canvas& canvas, const View& v, Vec3 a, Vec3 b, double lo, double hi, const std::vector<Tick>& ticks,
               const std::string& label, std::vector<Rect>& drawn, double s) {
    const Point pa = v.project(a), pb = v.project(b);
    const Point centre = v.project({0, 0, 0});
    const Point mid{(pa.x + pb.x) / 2, (pa.y + pb.y) / 2};
    // Outward: away from the box centre, perpendicular to the edge on screen.
    double ex = pb.x - pa.x, ey = pb.y - pa.y;
    const double elen = std::hypot(ex, ey);
    ex /= elen, ey /= elen;
    double ox = -ey, oy = ex;
    if (ox * (mid.x - centre.x) + oy * (mid.y - centre.y) < 0) ox = -ox, oy = -oy;
    canvas.stroke({pa, pb}, ink, 1.0 * s);
    const HAlign align = ox > 0.35 ? HAlign::left : ox < -0.35 ? HAlign::right : HAlign::center;
    const VAlign valign = oy > 0.35 ? VAlign::top : oy < -0.35 ? VAlign::bottom : VAlign::center;
    double reach = 0;
    for (const Tick& t : ticks) {
        const double f = (t.value - lo) / (hi - lo);
        const Point p{pa.x + (pb.x - pa.x) * f, pa.y + (pb.y - pa.y) * f};
        canvas.stroke({p, {p.x + ox * 5 * s, p.y + oy * 5 * s}}, ink, 1.0 * s);
        const Point anchor{p.x + ox * 9 * s, p.y + oy * 9 * s};
        const Rect box = text_box(anchor, t.label, tick_label_size * s, align, valign);
        if (std::any_of(drawn.begin(), drawn.end(), [&](const Rect& r) { return overlaps(r, box); })) continue;
        drawn.push_back(box);
        draw_text(canvas, anchor, t.label, tick_label_size * s, ink, align, valign);
        const TextExtent e = measure_text(t.label, tick_label_size);
        reach = std::max(reach, std::fabs(ox) * e.width + std::fabs(oy) * (e.ascent + e.descent));
    }
    if (label.empty()) return;
    // Clear the tick labels by the label's own half extent in the outward direction, too.
    const bool vertical = std::fabs(ey) > 0.9;
    const TextExtent le = measure_text(label, label_size);
    const double half_extent = vertical ? (le.ascent + le.descent) / 2
                                        : std::fabs(ox) * le.width / 2 + std::fabs(oy) * (le.ascent + le.descent) / 2;
    const double distance = (9 + reach + 6 + half_extent) * s;
    draw_text(canvas, {mid.x + ox * distance, mid.y + oy * distance}, label, label_size * s, ink, HAlign::center,
              VAlign::center, vertical);
}

void draw_surface(Canvas& canvas, const View& v, const Surface3D& surface, const ColorScale& scale, double s) {
    const Grid& g = surface.grid;
    const Vec3 light = normalised(Vec3{-0.4 * v.right.x + 0.7 * v.up.x + 0.6 * v.camera.x,
                                       -0.4 * v.right.y + 0.7 * v.up.y + 0.6 * v.camera.y,
                                       -0.4 * v.right.z + 0.7 * v.up.z + 0.6 * v.camera.z});
    struct Quad {
        double depth;
        std::vector<Point> corners;
        Color fill;
    };
    std::vector<Quad> quads;
    quads.reserve(static_cast<std::size_t>(g.nx - 1) * (g.ny - 1));
    for (int j = 0; j + 1 < g.ny; ++j) {
        for (int i = 0; i + 1 < g.nx; ++i) {
            const double z[4] = {g.at(i, j), g.at(i + 1, j), g.at(i + 1, j + 1), g.at(i, j + 1)};
            if (!std::isfinite(z[0]) || !std::isfinite(z[1]) || !std::isfinite(z[2]) || !std::isfinite(z[3])) continue;
            const Vec3 p[4] = {v.normalise(g.x(i), g.y(j), z[0]), v.normalise(g.x(i + 1), g.y(j), z[1]),
                               v.normalise(g.x(i + 1), g.y(j + 1), z[2]), v.normalise(g.x(i), g.y(j + 1), z[3])};
            const double mean_z = (z[0] + z[1] + z[2] + z[3]) / 4;
            const Vec3 centre{(p[0].x + p[1].x + p[2].x + p[3].x) / 4, (p[0].y + p[1].y + p[2].y + p[3].y) / 4,
                              (p[0].z + p[1].z + p[2].z + p[3].z) / 4};
            const Vec3 normal = normalised(cross(p[2] - p[0], p[3] - p[1]));
            const double lambert = std::fabs(dot(normal, light));
            const Color base = colormap(surface.options.colormap, (mean_z - scale.lo) / (scale.hi - scale.lo));
            const Color lit = mix(colors::black, base, 0.55 + 0.45 * lambert);
            quads.push_back({v.depth(centre),
                             {v.project(p[0]), v.project(p[1]), v.project(p[2]), v.project(p[3])}, lit});
        }
    }
    std::stable_sort(quads.begin(), quads.end(), [](const Quad& a, const Quad& b) { return a.depth < b.depth; });
    for (const Quad& q : quads) {
        canvas.fill_polygon(q.corners, q.fill, surface.options.alpha);
        if (surface.options.edges) canvas.stroke(q.corners, mix(colors::black, q.fill, 0.6), 0.4 * s, 0.7, true);
    }
}

}  // namespace

void draw_axes3d(Canvas& canvas, AxesState& state, Rect area, double s) {
    const double bar_width = colorbar_width(state);
    const Rect box_area{area.left, area.top, area.right - (bar_width > 0 ? bar_width + 8 : 0), area.bottom};
    const View v = make_view(state, box_area, s);
    if (!state.title.empty()) {
        draw_text(canvas, {(area.left + area.right) / 2 * s, (area.top - 8) * s}, state.title,
                  fitting_size(state.title, title_size, area.width() + 16) * s, ink,
                  HAlign::center, VAlign::bottom);
    }
    const Sides sides{v.camera.x > 0 ? -0.5 : 0.5, v.camera.y > 0 ? -0.5 : 0.5, v.camera.z > 0 ? -0.375 : 0.375};
    const auto xt = thinned(linear_ticks(v.x.lo, v.x.hi)), yt = thinned(linear_ticks(v.y.lo, v.y.hi)),
               zt = thinned(linear_ticks(v.z.lo, v.z.hi));
    std::vector<Rect> drawn;
    draw_panes(canvas, v, sides, xt, yt, zt, s);
    const double fx = -sides.back_x, fy = -sides.back_y, fz = sides.floor_z;
    draw_axis(canvas, v, {-0.5, fy, fz}, {0.5, fy, fz}, v.x.lo, v.x.hi, xt, state.x.label, drawn, s);
    draw_axis(canvas, v, {fx, -0.5, fz}, {fx, 0.5, fz}, v.y.lo, v.y.hi, yt, state.y.label, drawn, s);
    // The z axis stands on whichever side corner appears leftmost on screen.
    std::array<Vec3, 2> side_corners = {{{sides.back_x, fy, 0}, {fx, sides.back_y, 0}}};
    const Vec3 zc = dot(side_corners[0], v.right) < dot(side_corners[1], v.right) ? side_corners[0] : side_corners[1];
    draw_axis(canvas, v, {zc.x, zc.y, -0.375}, {zc.x, zc.y, 0.375}, v.z.lo, v.z.hi, zt, state.z.label, drawn, s);

    const ColorScale scale = state.mappable.value_or(ColorScale{});
    for (const Surface3D& surface : state.surfaces) draw_surface(canvas, v, surface, scale, s);
    for (const Line3D& line : state.lines3d) {
        std::vector<Point> points;
        for (std::size_t k = 0; k < line.xs.size(); ++k) {
            const bool ok = std::isfinite(line.xs[k]) && std::isfinite(line.ys[k]) && std::isfinite(line.zs[k]);
            points.push_back(ok ? v(line.xs[k], line.ys[k], line.zs[k]) : Point{std::nan(""), std::nan("")});
        }
        for (const auto& piece : clip_polyline(points, {0, 0, double(canvas.width()), double(canvas.height())})) {
            stroke_styled(canvas, piece, line.color, line.options.width * s, line.options.style, line.options.alpha);
            if (line.options.marker == Marker::none) continue;
            for (const Point& p : piece) draw_marker(canvas, line.options.marker, p, line.options.marker_size * s, line.color, line.color, 0);
        }
    }
    for (const Marker3D& m : state.markers3d) {
        draw_marker(canvas, m.options.marker, v(m.x, m.y, m.z), m.options.size * s, m.options.color.value_or(colors::red),
                    m.options.edge_color, 1.0 * s);
    }
    if (state.colorbar && state.mappable) {
        // A 3-D panel's colorbar sits at its right edge, beside the box, shorter than the panel.
        double box_right = -1e300;
        for (int k = 0; k < 8; ++k) {
            box_right = std::max(box_right, v.project({(k & 1) ? 0.5 : -0.5, (k & 2) ? 0.5 : -0.5, (k & 4) ? 0.375 : -0.375}).x / s);
        }
        const double bar_left = std::min(box_right + 24, area.right - bar_width);
        draw_colorbar(canvas, state, {bar_left - 14, area.top + area.height() * 0.2, bar_left - 14, area.bottom - area.height() * 0.2}, s);
    }
}

}  // namespace course::plot
