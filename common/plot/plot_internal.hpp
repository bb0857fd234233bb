// What an Axes records, and the pieces that draw it. Chapters never include this; the library's
// files share it. An Axes records artists as the chapter calls plot(), contourf() …; the Figure lays
// the panels out, resolves limits and ticks, and then asks each artist to draw itself.
#pragma once

#include <array>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "common/plot/canvas.hpp"
#include "common/plot/plot.hpp"

namespace course::plot {

// Default sizes in final-image pixels (PLOTTING.md: titles ~16, labels ~13, ticks ~11).
inline constexpr double title_size = 16;
inline constexpr double label_size = 13;
inline constexpr double tick_label_size = 11;
inline constexpr double suptitle_size = 18;
inline constexpr double tick_length = 4;
inline constexpr double tick_pad = 4;
inline constexpr Color ink{0x26, 0x26, 0x26};  // spines, ticks and labels: near-black, as matplotlib
inline constexpr Color grid_color{0xb0, 0xb0, 0xb0};

struct LineArtist {
    std::vector<double> xs, ys;
    LineOptions options;
    Color color;
};
struct ScatterArtist {
    std::vector<double> xs, ys;
    ScatterOptions options;
    Color color;
};
struct MarkerArtist {
    double x, y;
    MarkerOptions options;
};
struct AnnotateArtist {
    std::string text;
    double x, y;
    AnnotateOptions options;
};
struct ReferenceLine {
    bool horizontal;
    double value;
    LineOptions options;
    Color color;
};
struct FillArtist {
    std::vector<double> xs, lo, hi;
    FillOptions options;
    Color color;
};
struct BarArtist {
    std::vector<double> xs, heights;
    BarOptions options;
    Color color;
};
struct ArrowArtist {
    double x0, y0, x1, y1;
    ArrowOptions options;
};
struct TextArtist {
    double x, y;
    std::string text;
    TextOptions options;
};
struct ContourFillArtist {
    Grid grid;
    std::vector<double> levels;
    ContourOptions options;
};
struct ContourLineArtist {
    Grid grid;
    std::vector<double> levels;
    ContourOptions options;
};
struct HeatmapArtist {
    Grid grid;
    HeatmapOptions options;
    double vmin, vmax;
};
struct ImageArtist {
    std::vector<double> pixels;
    int width, height;
    ImageOptions options;
};

using Artist = std::variant<LineArtist, ScatterArtist, MarkerArtist, AnnotateArtist, ReferenceLine, FillArtist,
                            BarArtist, ArrowArtist, TextArtist, ContourFillArtist, ContourLineArtist, HeatmapArtist,
                            ImageArtist>;

// What a colorbar shows: discrete bands between levels, or a continuous ramp from lo to hi.
struct ColorScale {
    Colormap colormap = Colormap::viridis;
    double lo = 0, hi = 1;
    bool log = false;
    std::vector<double> levels;  // non-empty: bands
};

struct AxisSettings {
    std::string label;
    std::optional<std::pair<double, double>> limits;
    Scale scale = Scale::linear;
    std::optional<std::vector<Tick>> fixed_ticks;
    bool minor_labels = false;  // log scale: log_ticks_with_minor_labels instead of log_ticks
};

struct Surface3D {
    Grid grid;
    SurfaceOptions options;
};
struct Line3D {
    std::vector<double> xs, ys, zs;
    LineOptions options;
    Color color;
};
struct Marker3D {
    double x, y, z;
    MarkerOptions options;
};

struct TableData {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> header;
    TableOptions options;
};

// A data axis mapped onto a pixel interval, linear or logarithmic.
struct AxisMap {
    double lo = 0, hi = 1;  // data limits
    double p0 = 0, p1 = 1;  // pixels for lo and hi (p1 < p0 for y)
    bool log = false;
    double operator()(double v) const;
    double inverse(double pixel) const;
    bool valid(double v) const { return std::isfinite(v) && (!log || v > 0); }
};

struct AxesState {
    std::string title;
    AxisSettings x, y, z;
    bool grid = false;
    bool aspect_equal = false;
    std::optional<LegendOptions> legend;
    bool colorbar = false;
    std::string colorbar_label;
    std::optional<ColorScale> mappable;  // the last field or coloured scatter: what colorbar() shows
    std::vector<Artist> artists;
    int next_color = 0;

    bool is3d = false;
    double elevation = 30, azimuth = -60;
    std::vector<Surface3D> surfaces;
    std::vector<Line3D> lines3d;
    std::vector<Marker3D> markers3d;

    std::optional<TableData> table;
    bool is_image = false;

    // Resolved at render time, in final-image pixels.
    Rect area;
    AxisMap xmap, ymap;
    std::vector<Tick> xticks, yticks;

    Color next_cycle_color() { return tab10(next_color++); }
};

// Resolves automatic limits and ticks (needed before layout, since tick labels take space).
void resolve_limits(AxesState& state);
// Once the plot area is known: thins out any axis whose automatic tick labels would run into each
// other (fewer ticks, or fewer labels). True if a tick set changed, so the layout must be redone.
bool fit_tick_labels(AxesState& state);
// Space the panel needs around its plot area for title, labels, ticks and colorbar: {left, top, right, bottom}.
std::array<double, 4> panel_margins(const AxesState& state);
// Draws a 2-D panel whose plot area (state.area) is set; `scale` is the supersampling factor.
void draw_axes(Canvas& canvas, AxesState& state, double scale);
void draw_legend(Canvas& canvas, const AxesState& state, double scale);
// The colorbar of state.mappable, to the right of `beside` and as tall as it (final pixels).
void draw_colorbar(Canvas& canvas, const AxesState& state, Rect beside, double scale);
// Fields (contourf, contour lines, heatmaps, images) and the other series; false if `artist` is not theirs.
bool draw_field(Canvas& canvas, const AxesState& state, const Artist& artist, double scale);
void draw_series(Canvas& canvas, const AxesState& state, const Artist& artist, double scale);
// A data point in canvas pixels.
Point to_canvas(const AxesState& state, double x, double y, double scale);
// A polyline in the given style (solid, dashed, dotted), width in canvas pixels.
void stroke_styled(Canvas& canvas, const std::vector<Point>& points, Color color, double width, LineStyle style,
                   double alpha);
// An arrow from `from` to `to` with a filled triangular head, sizes in canvas pixels.
void draw_arrow_shape(Canvas& canvas, Point from, Point to, Color color, double width, double head, double alpha,
                      LineStyle style = LineStyle::solid);
// The pieces of a polyline inside `rect` (Liang–Barsky on each segment); non-finite points break it.
std::vector<std::vector<Point>> clip_polyline(const std::vector<Point>& points, Rect rect);
// Marching squares: the segments where the bilinear interpolant of `grid` crosses `level`.
std::vector<std::pair<Point, Point>> contour_segments(const Grid& grid, double level);
void draw_axes3d(Canvas& canvas, AxesState& state, Rect cell, double scale);
void draw_table(Canvas& canvas, const AxesState& state, Rect cell, double scale);
// The colorbar's strip width plus its labels, in final pixels (0 without a colorbar).
double colorbar_width(const AxesState& state);

}  // namespace course::plot
