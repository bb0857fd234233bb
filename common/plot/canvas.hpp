// The raster every figure is drawn on, and the shapes drawn into it.
//
// Anti-aliasing is by supersampling: a figure is drawn k times larger (k = 2..4), every shape with hard
// edges, and box-filtered down (downsample), so each final pixel's colour is the average over k×k
// samples — the shape's coverage — with no special cases for lines, markers or polygons.
//
// A shape first marks the samples it covers in a Mask, then the mask is blended once; so a
// semi-transparent polyline does not darken where its own segments overlap at the joints.
#pragma once

#include <cstdint>
#include <vector>

#include "common/plot/plot.hpp"

namespace course::plot {

class LayoutCheck;

struct Point {
    double x = 0, y = 0;
};

struct Rect {
    double left = 0, top = 0, right = 0, bottom = 0;
    double width() const { return right - left; }
    double height() const { return bottom - top; }
    bool contains(Point p) const { return p.x >= left && p.x <= right && p.y >= top && p.y <= bottom; }
};

// The set of samples a shape covers, over a bounding box of the canvas.
class Mask {
public:
    Mask(int x0, int y0, int x1, int y1);  // covers samples [x0, x1) × [y0, y1)
    // Covers the samples whose centres lie inside the polygon (even-odd rule). Adjacent polygons that
    // share an edge cover disjoint samples, so meshes have no seams and no double-blended pixels.
    void fill_polygon(const std::vector<Point>& polygon);
    void fill_disk(Point centre, double radius);
    // A thick polyline: a quad per segment plus round joins and caps.
    void stroke(const std::vector<Point>& polyline, double width, bool closed = false);

    int x0, y0, x1, y1;
    std::vector<std::uint8_t> covered;  // (x1 − x0) × (y1 − y0), row-major
};

class Canvas {
public:
    Canvas(int width, int height, Color background);

    int width() const { return width_; }
    int height() const { return height_; }

    // Drawing is limited to the clip rectangle (the whole canvas by default).
    void clip(Rect rect);
    void unclip();
    Rect clip_rect() const { return clip_; }

    // A mask sized to `bounds` intersected with the clip rectangle.
    Mask mask_for(Rect bounds) const;
    void blend(const Mask& mask, Color color, double alpha = 1.0);
    // Blends `color` with per-sample coverage 0..255 (text glyphs), top-left at (x, y).
    void blend_coverage(int x, int y, int w, int h, const std::uint8_t* coverage, Color color, double alpha = 1.0);
    void set(int x, int y, Color color);
    Color get(int x, int y) const;

    // Convenience shapes built on Mask.
    void fill_rect(Rect rect, Color color, double alpha = 1.0);
    void fill_polygon(const std::vector<Point>& polygon, Color color, double alpha = 1.0);
    void stroke(const std::vector<Point>& polyline, Color color, double width, double alpha = 1.0,
                bool closed = false);
    // A polyline with a dash pattern (lengths alternately on/off, in canvas pixels).
    void stroke_dashed(const std::vector<Point>& polyline, Color color, double width,
                       const std::vector<double>& pattern, double alpha = 1.0);
    void fill_disk(Point centre, double radius, Color color, double alpha = 1.0);

    // Box filter: each output pixel is the mean of a factor × factor block.
    Image downsample(int factor) const;

    // The figure's self-check, told of every blend while it records (null: nothing is recorded).
    void attach(LayoutCheck* check) { check_ = check; }
    LayoutCheck* check() const { return check_; }

private:
    int width_, height_;
    Rect clip_;
    LayoutCheck* check_ = nullptr;
    std::vector<std::uint8_t> rgb_;
};

// A marker shape centred at `centre`, `size` across (canvas pixels), filled and edged.
void draw_marker(Canvas& canvas, Marker marker, Point centre, double size, Color fill, Color edge,
                 double edge_width, double alpha = 1.0);

}  // namespace course::plot
