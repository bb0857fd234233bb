// Rasterisation by point sampling on a supersampled canvas; see canvas.hpp for the technique.
#include "common/plot/canvas.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "common/plot/layout_check.hpp"

namespace course::plot {

Mask::Mask(int x0_, int y0_, int x1_, int y1_)
    : x0(x0_), y0(y0_), x1(std::max(x0_, x1_)), y1(std::max(y0_, y1_)),
      covered(static_cast<std::size_t>(x1 - x0) * static_cast<std::size_t>(y1 - y0), 0) {}

void Mask::fill_polygon(const std::vector<Point>& polygon) {
    if (polygon.size() < 3) return;
    double top = polygon[0].y, bottom = polygon[0].y;
    for (const Point& p : polygon) {
        top = std::min(top, p.y);
        bottom = std::max(bottom, p.y);
    }
    // Sample row y has its centre at y + 0.5: rows with centres inside [top, bottom].
    const int row_begin = std::max(y0, static_cast<int>(std::ceil(top - 0.5)));
    const int row_end = std::min(y1, static_cast<int>(std::ceil(bottom - 0.5)));
    const int width = x1 - x0;
    std::vector<double> crossings;
    for (int y = row_begin; y < row_end; ++y) {
        const double yc = y + 0.5;
        crossings.clear();
        for (std::size_t k = 0; k < polygon.size(); ++k) {
            const Point a = polygon[k];
            const Point b = polygon[(k + 1) % polygon.size()];
            // Half-open in y so a vertex shared by two edges is counted once.
            if ((a.y <= yc && yc < b.y) || (b.y <= yc && yc < a.y)) {
                crossings.push_back(a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y));
            }
        }
        std::sort(crossings.begin(), crossings.end());
        std::uint8_t* row = covered.data() + static_cast<std::size_t>(y - y0) * width;
        for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
            // Samples whose centre x + 0.5 lies in [left, right).
            const double left = std::clamp(crossings[k] - 0.5, double(x0), double(x1));
            const double right = std::clamp(crossings[k + 1] - 0.5, double(x0), double(x1));
            const int begin = static_cast<int>(std::ceil(left));
            const int end = static_cast<int>(std::ceil(right));
            for (int x = begin; x < end; ++x) row[x - x0] = 1;
        }
    }
}

void Mask::fill_disk(Point centre, double radius) {
    const int row_begin = std::max(y0, static_cast<int>(std::ceil(centre.y - radius - 0.5)));
    const int row_end = std::min(y1, static_cast<int>(std::ceil(centre.y + radius - 0.5)));
    const int width = x1 - x0;
    for (int y = row_begin; y < row_end; ++y) {
        const double dy = y + 0.5 - centre.y;
        const double half = std::sqrt(std::max(0.0, radius * radius - dy * dy));
        const int begin = std::max(x0, static_cast<int>(std::ceil(centre.x - half - 0.5)));
        const int end = std::min(x1, static_cast<int>(std::ceil(centre.x + half - 0.5)));
        std::uint8_t* row = covered.data() + static_cast<std::size_t>(y - y0) * width;
        for (int x = begin; x < end; ++x) row[x - x0] = 1;
    }
}

void Mask::stroke(const std::vector<Point>& polyline, double width, bool closed) {
    const double half = width / 2;
    const std::size_t n = polyline.size();
    const std::size_t segments = closed ? n : (n == 0 ? 0 : n - 1);
    for (std::size_t k = 0; k < segments; ++k) {
        const Point a = polyline[k];
        const Point b = polyline[(k + 1) % n];
        const double length = std::hypot(b.x - a.x, b.y - a.y);
        if (length > 1e-9) {
            const double nx = -(b.y - a.y) / length * half, ny = (b.x - a.x) / length * half;
            fill_polygon({{a.x + nx, a.y + ny}, {b.x + nx, b.y + ny}, {b.x - nx, b.y - ny}, {a.x - nx, a.y - ny}});
        }
    }
    // Round joins and caps; below ~2 samples wide they are invisible and only cost time.
    if (width >= 2.0) {
        for (const Point& p : polyline) fill_disk(p, half);
    } else if (n == 1) {
        fill_disk(polyline[0], half);
    }
}

Canvas::Canvas(int width, int height, Color background)
    : width_(width), height_(height), clip_{0, 0, double(width), double(height)},
      rgb_(static_cast<std::size_t>(width) * height * 3) {
    for (std::size_t k = 0; k < rgb_.size(); k += 3) {
        rgb_[k] = background.r;
        rgb_[k + 1] = background.g;
        rgb_[k + 2] = background.b;
    }
}

void Canvas::clip(Rect rect) {
    clip_ = {std::max(0.0, rect.left), std::max(0.0, rect.top), std::min(double(width_), rect.right),
             std::min(double(height_), rect.bottom)};
}

void Canvas::unclip() { clip_ = {0, 0, double(width_), double(height_)}; }

Mask Canvas::mask_for(Rect bounds) const {
    const int x0 = static_cast<int>(std::floor(std::max(bounds.left, clip_.left)));
    const int y0 = static_cast<int>(std::floor(std::max(bounds.top, clip_.top)));
    const int x1 = static_cast<int>(std::ceil(std::min(bounds.right, clip_.right)));
    const int y1 = static_cast<int>(std::ceil(std::min(bounds.bottom, clip_.bottom)));
    return Mask(x0, y0, std::max(x0, x1), std::max(y0, y1));
}

namespace {
std::uint8_t blend_channel(std::uint8_t under, std::uint8_t over, double alpha) {
    return static_cast<std::uint8_t>(std::lround(under + (over - under) * alpha));
}
}  // namespace

void Canvas::blend(const Mask& mask, Color color, double alpha) {
    if (check_ && check_->recording()) check_->mark(mask);
    const int width = mask.x1 - mask.x0;
    for (int y = mask.y0; y < mask.y1; ++y) {
        const std::uint8_t* row = mask.covered.data() + static_cast<std::size_t>(y - mask.y0) * width;
        for (int x = mask.x0; x < mask.x1; ++x) {
            if (!row[x - mask.x0]) continue;
            std::uint8_t* px = &rgb_[(static_cast<std::size_t>(y) * width_ + x) * 3];
            if (alpha >= 1.0) {
                px[0] = color.r, px[1] = color.g, px[2] = color.b;
            } else {
                px[0] = blend_channel(px[0], color.r, alpha);
                px[1] = blend_channel(px[1], color.g, alpha);
                px[2] = blend_channel(px[2], color.b, alpha);
            }
        }
    }
}

void Canvas::blend_coverage(int x, int y, int w, int h, const std::uint8_t* coverage, Color color,
                            double alpha) {
    if (check_ && check_->recording()) check_->mark(x, y, w, h, coverage);
    const int cx0 = std::max(x, static_cast<int>(clip_.left)), cx1 = std::min(x + w, static_cast<int>(clip_.right));
    const int cy0 = std::max(y, static_cast<int>(clip_.top)), cy1 = std::min(y + h, static_cast<int>(clip_.bottom));
    for (int py = cy0; py < cy1; ++py) {
        for (int px = cx0; px < cx1; ++px) {
            const double a = coverage[static_cast<std::size_t>(py - y) * w + (px - x)] / 255.0 * alpha;
            if (a <= 0) continue;
            std::uint8_t* p = &rgb_[(static_cast<std::size_t>(py) * width_ + px) * 3];
            p[0] = blend_channel(p[0], color.r, a);
            p[1] = blend_channel(p[1], color.g, a);
            p[2] = blend_channel(p[2], color.b, a);
        }
    }
}

void Canvas::set(int x, int y, Color color) {
    if (x < clip_.left || x >= clip_.right || y < clip_.top || y >= clip_.bottom) return;
    std::uint8_t* p = &rgb_[(static_cast<std::size_t>(y) * width_ + x) * 3];
    p[0] = color.r, p[1] = color.g, p[2] = color.b;
}

Color Canvas::get(int x, int y) const {
    const std::uint8_t* p = &rgb_[(static_cast<std::size_t>(y) * width_ + x) * 3];
    return {p[0], p[1], p[2]};
}

void Canvas::fill_rect(Rect rect, Color color, double alpha) {
    fill_polygon({{rect.left, rect.top}, {rect.right, rect.top}, {rect.right, rect.bottom}, {rect.left, rect.bottom}},
                 color, alpha);
}

namespace {
Rect bounds_of(const std::vector<Point>& points, double pad) {
    Rect r{points[0].x, points[0].y, points[0].x, points[0].y};
    for (const Point& p : points) {
        r.left = std::min(r.left, p.x), r.right = std::max(r.right, p.x);
        r.top = std::min(r.top, p.y), r.bottom = std::max(r.bottom, p.y);
    }
    return {r.left - pad, r.top - pad, r.right + pad, r.bottom + pad};
}
}  // namespace

void Canvas::fill_polygon(const std::vector<Point>& polygon, Color color, double alpha) {
    if (polygon.size() < 3) return;
    Mask mask = mask_for(bounds_of(polygon, 1));
    mask.fill_polygon(polygon);
    blend(mask, color, alpha);
}

void Canvas::stroke(const std::vector<Point>& polyline, Color color, double width, double alpha, bool closed) {
    if (polyline.empty()) return;
    Mask mask = mask_for(bounds_of(polyline, width));
    mask.stroke(polyline, width, closed);
    blend(mask, color, alpha);
}

void Canvas::stroke_dashed(const std::vector<Point>& polyline, Color color, double width,
                           const std::vector<double>& pattern, double alpha) {
    if (polyline.size() < 2) return;
    Mask mask = mask_for(bounds_of(polyline, width));
    // Walk along the polyline, cutting it into the "on" pieces of the pattern; the pattern's phase
    // carries over from one segment to the next, as on a plotter.
    std::size_t phase = 0;
    double left_in_phase = pattern[0];
    std::vector<Point> piece{polyline[0]};
    for (std::size_t k = 0; k + 1 < polyline.size(); ++k) {
        Point a = polyline[k];
        const Point b = polyline[k + 1];
        double remaining = std::hypot(b.x - a.x, b.y - a.y);
        while (remaining > 0) {
            const double step = std::min(remaining, left_in_phase);
            const double t = step / remaining;
            a = {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
            remaining -= step;
            left_in_phase -= step;
            if (phase % 2 == 0) piece.push_back(a);
            if (left_in_phase <= 1e-12) {
                if (phase % 2 == 0) mask.stroke(piece, width);
                phase = (phase + 1) % pattern.size();
                left_in_phase = pattern[phase];
                piece.assign(1, a);
            }
        }
    }
    if (phase % 2 == 0 && piece.size() > 1) mask.stroke(piece, width);
    blend(mask, color, alpha);
}

void Canvas::fill_disk(Point centre, double radius, Color color, double alpha) {
    Mask mask = mask_for({centre.x - radius - 1, centre.y - radius - 1, centre.x + radius + 1, centre.y + radius + 1});
    mask.fill_disk(centre, radius);
    blend(mask, color, alpha);
}

Image Canvas::downsample(int factor) const {
    Image out{width_ / factor, height_ / factor, {}};
    out.rgb.resize(static_cast<std::size_t>(out.width) * out.height * 3);
    const int samples = factor * factor;
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            int sum[3] = {0, 0, 0};
            for (int dy = 0; dy < factor; ++dy) {
                const std::uint8_t* p = &rgb_[(static_cast<std::size_t>(y * factor + dy) * width_ + x * factor) * 3];
                for (int dx = 0; dx < factor * 3; dx += 3) {
                    sum[0] += p[dx], sum[1] += p[dx + 1], sum[2] += p[dx + 2];
                }
            }
            std::uint8_t* o = &out.rgb[(static_cast<std::size_t>(y) * out.width + x) * 3];
            for (int c = 0; c < 3; ++c) o[c] = static_cast<std::uint8_t>((sum[c] + samples / 2) / samples);
        }
    }
    return out;
}

namespace {
// The outline of a regular polygon or star around `c`; angle 0 points up.
std::vector<Point> star_points(Point c, double outer, double inner, int tips) {
    std::vector<Point> points;
    const int n = inner > 0 ? 2 * tips : tips;
    for (int k = 0; k < n; ++k) {
        const double r = (inner > 0 && k % 2 == 1) ? inner : outer;
        const double angle = 2 * std::numbers::pi * k / n;
        points.push_back({c.x + r * std::sin(angle), c.y - r * std::cos(angle)});
    }
    return points;
}
}  // namespace

void draw_marker(Canvas& canvas, Marker marker, Point c, double size, Color fill, Color edge, double edge_width,
                 double alpha) {
    const double r = size / 2;
    std::vector<Point> outline;
    switch (marker) {
        case Marker::none: return;
        case Marker::circle:
            canvas.fill_disk(c, r, fill, alpha);
            if (edge_width > 0) {
                Mask ring = canvas.mask_for({c.x - r - edge_width, c.y - r - edge_width, c.x + r + edge_width, c.y + r + edge_width});
                ring.stroke(star_points(c, r, 0, 48), edge_width, true);
                canvas.blend(ring, edge, alpha);
            }
            return;
        case Marker::x:
        case Marker::plus: {
            const double arm = marker == Marker::x ? r * std::numbers::sqrt2 / 2 * 1.15 : r;
            const double w = std::max(size * 0.18, 1.0);
            const bool diagonal = marker == Marker::x;
            Mask mask = canvas.mask_for({c.x - r - w, c.y - r - w, c.x + r + w, c.y + r + w});
            if (diagonal) {
                mask.stroke({{c.x - arm, c.y - arm}, {c.x + arm, c.y + arm}}, w);
                mask.stroke({{c.x - arm, c.y + arm}, {c.x + arm, c.y - arm}}, w);
            } else {
                mask.stroke({{c.x - arm, c.y}, {c.x + arm, c.y}}, w);
                mask.stroke({{c.x, c.y - arm}, {c.x, c.y + arm}}, w);
            }
            canvas.blend(mask, fill, alpha);
            return;
        }
        case Marker::square: outline = {{c.x - r * 0.85, c.y - r * 0.85}, {c.x + r * 0.85, c.y - r * 0.85},
                                        {c.x + r * 0.85, c.y + r * 0.85}, {c.x - r * 0.85, c.y + r * 0.85}}; break;
        case Marker::triangle: outline = star_points({c.x, c.y + r * 0.15}, r * 1.1, 0, 3); break;
        case Marker::diamond: outline = star_points(c, r, 0, 4); break;
        case Marker::star: outline = star_points({c.x, c.y + r * 0.08}, r * 1.05, r * 0.42, 5); break;
    }
    canvas.fill_polygon(outline, fill, alpha);
    if (edge_width > 0) canvas.stroke(outline, edge, edge_width, alpha, true);
}

}  // namespace course::plot
