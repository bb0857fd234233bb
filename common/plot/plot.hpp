// The course's figure library: matplotlib-like figures written to PNG, from scratch on stb_truetype
// and stb_image_write. This is the one header a chapter includes.
//
//   plot::Figure fig(1200, 500, 1, 2);                    // 1 row, 2 columns
//   auto& left = fig.subplot(0, 0);
//   left.contourf(plot::sample(rosenbrock, -2, 2, -1, 3, 200, 200), {.log_levels = true});
//   left.colorbar("loss");
//   left.plot(path_x, path_y, {.color = plot::colors::white, .marker = plot::Marker::circle});
//   left.marker(1, 1, {.marker = plot::Marker::star, .label = "minimum"});
//   auto& right = fig.subplot(0, 1);
//   right.yscale(plot::Scale::log).xlabel("step").ylabel("loss").grid(true);
//   right.plot(steps, sgd_loss, {.label = "SGD"});
//   right.plot(steps, adam_loss, {.label = "Adam"});
//   right.legend();
//   fig.save("figures/04_all_methods_comparison.png");
//
// Conventions: sizes (line widths, marker sizes, font sizes, offsets) are pixels of the final image;
// data coordinates have y pointing up; options are structs read with designated initializers in
// declaration order, like PyTorch keyword arguments. Series colours default to the tab10 cycle.
// Input errors: xs/ys of different lengths throw std::invalid_argument naming the call; NaN or Inf
// points are skipped (a line breaks there); on a log axis non-positive values are skipped; an empty
// series draws nothing. Rendering is deterministic: the same figure gives the same PNG bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace course::plot {

// ---------------------------------------------------------------------------------------- colours

struct Color {
    std::uint8_t r = 0, g = 0, b = 0;
    friend bool operator==(Color, Color) = default;
};

// "#1f77b4" or "1f77b4"; throws std::invalid_argument on anything else.
Color hex(std::string_view rrggbb);
// A matplotlib colour name: "black", "white", "gray", "lightgray", "red", "green", "blue", "orange",
// "purple", "brown", "pink", "olive", "cyan", or "tab:blue" … "tab:cyan". Throws on unknown names.
Color named(std::string_view name);
// The tab10 cycle (#1f77b4, #ff7f0e, …); i wraps around, so tab10(10) == tab10(0).
Color tab10(int i);
// Perceptual colormap through its nine published anchors, linear in between; t is clamped to [0, 1].
Color viridis(double t);
// Linear interpolation a → b, t in [0, 1].
Color mix(Color a, Color b, double t);

namespace colors {
inline constexpr Color black{0, 0, 0};
inline constexpr Color white{255, 255, 255};
inline constexpr Color gray{128, 128, 128};
inline constexpr Color light_gray{211, 211, 211};
inline constexpr Color dark_gray{64, 64, 64};
inline constexpr Color blue{0x1f, 0x77, 0xb4};    // tab10(0)
inline constexpr Color orange{0xff, 0x7f, 0x0e};  // tab10(1)
inline constexpr Color green{0x2c, 0xa0, 0x2c};   // tab10(2)
inline constexpr Color red{0xd6, 0x27, 0x28};     // tab10(3)
inline constexpr Color purple{0x94, 0x67, 0xbd};  // tab10(4)
inline constexpr Color brown{0x8c, 0x56, 0x4b};   // tab10(5)
inline constexpr Color pink{0xe3, 0x77, 0xc2};    // tab10(6)
inline constexpr Color olive{0xbc, 0xbd, 0x22};   // tab10(8)
inline constexpr Color cyan{0x17, 0xbe, 0xcf};    // tab10(9)
}  // namespace colors

enum class Colormap { viridis, gray, coolwarm };
// The colour of `map` at t in [0, 1] (clamped).
Color colormap(Colormap map, double t);

// ---------------------------------------------------------------------------------- sampled fields

// A function sampled on a regular grid: z[j * nx + i] is the value at (x(i), y(j)), with
// x(i) = x0 + i (x1 − x0) / (nx − 1) and likewise y(j). nx, ny ≥ 2.
struct Grid {
    int nx = 0, ny = 0;
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
    std::vector<double> z{};

    double x(int i) const { return x0 + (x1 - x0) * i / (nx - 1); }
    double y(int j) const { return y0 + (y1 - y0) * j / (ny - 1); }
    double at(int i, int j) const { return z[static_cast<std::size_t>(j) * nx + i]; }
    double& at(int i, int j) { return z[static_cast<std::size_t>(j) * nx + i]; }
    // Smallest and largest finite value (NaN if there is none).
    double min() const;
    double max() const;
};

// Samples f(x, y) on an nx × ny grid over [x0, x1] × [y0, y1]. Throws if nx or ny < 2.
Grid sample(const std::function<double(double, double)>& f, double x0, double x1, double y0, double y1,
            int nx, int ny);

// n + 1 level boundaries, evenly spaced (linear) or geometrically spaced (log, lo > 0).
std::vector<double> linear_levels(double lo, double hi, int n);
std::vector<double> log_levels(double lo, double hi, int n);

// The x values first, first + 1, …, first + n − 1 for a curve drawn against its index: step 0, 1, …
// of a run (first = 0), or layer 1, 2, … of a network (first = 1).
std::vector<double> index_axis(std::size_t n, double first = 0.0);

// ------------------------------------------------------------------------------------------ ticks

struct Tick {
    double value = 0;
    std::string label{};  // empty for minor ticks
    bool major = true;
};

// 4–8 "nice" ticks (steps of 1, 2, 2.5 or 5 × 10ᵏ) inside [lo, hi], labels without trailing zeros
// and with a true minus sign; very large or small values are labelled like "2×10⁵".
std::vector<Tick> linear_ticks(double lo, double hi);
// Major ticks at powers of ten labelled "10ⁿ" (every 2nd, 3rd … decade on wide ranges), minor ticks at
// 2..9 × 10ⁿ; ranges under about one decade fall back to labelled 1-2-5 ticks.
std::vector<Tick> log_ticks(double lo, double hi);
// log_ticks, plus labels on the minor ticks at 2 and 5 × 10ⁿ ("2×10⁻¹", "5×10⁻¹") when the range spans at
// most three decades: two or three labelled powers of ten are too few to read a value off the axis.
// Wider ranges get log_ticks unchanged. Axes::xminor_labels / yminor_labels select it.
std::vector<Tick> log_ticks_with_minor_labels(double lo, double hi);

// ------------------------------------------------------------------------------------------- text

// Size of a UTF-8 string set in the course font at `size_px` (em size): the advance width and the
// font's ascent and descent above / below the baseline (both positive). Kerning included.
struct TextExtent {
    double width = 0, ascent = 0, descent = 0;
};
TextExtent measure_text(std::string_view utf8, double size_px);
// The TrueType font in use ("" when none was found and stb_easy_font's bitmap font is used instead).
// Searched: $COURSE_FONT, Debian/Ubuntu, Fedora, Arch, macOS and Homebrew locations of DejaVu Sans.
// COURSE_FONT=builtin forces the bitmap fallback.
std::string font_path();

// ---------------------------------------------------------------------------------------- options

enum class LineStyle { solid, dashed, dotted, none };
enum class Marker { none, circle, square, triangle, diamond, x, plus, star };
enum class Scale { linear, log };
// Where a legend sits inside the plot area; best: the place that hides the least drawn data.
enum class Corner { best, upper_right, upper_left, lower_left, lower_right, center_right, center_left, lower_center, upper_center };
enum class HAlign { left, center, right };
enum class VAlign { top, center, baseline, bottom };
enum class Coords { data, axes };  // axes: (0, 0) lower left … (1, 1) upper right of the plot area

struct LineOptions {
    std::optional<Color> color{};  // unset: the axes' next tab10 colour
    double width = 1.8;
    LineStyle style = LineStyle::solid;
    std::string label{};            // non-empty: listed by legend()
    Marker marker = Marker::none;  // drawn at every point
    double marker_size = 6;
    double alpha = 1.0;
};

struct ScatterOptions {
    std::optional<Color> color{};  // unset: the axes' next tab10 colour
    double size = 6;              // marker diameter
    Marker marker = Marker::circle;
    std::string label{};
    double alpha = 0.8;
    std::vector<double> values{};   // optional, one per point: colour by `colormap` (colorbar() shows it)
    Colormap colormap = Colormap::viridis;
    std::optional<Color> edge_color{};
};

// A single emphasised point ("minimum", "start"), drawn on top of everything else in the axes.
struct MarkerOptions {
    Marker marker = Marker::star;
    std::optional<Color> color{};  // unset: red
    double size = 16;
    std::string label{};
    Color edge_color = colors::black;
};

struct AnnotateOptions {
    Marker marker = Marker::circle;  // Marker::none for text with an arrow only
    std::optional<Color> color{};      // of marker, arrow and text; unset: black
    double marker_size = 8;
    double dx = 10, dy = 10;         // text offset from the point, pixels, y up
    bool arrow = false;              // an arrow from the text to the point
    double font_size = 11;
};

struct FillOptions {
    std::optional<Color> color{};  // unset: the axes' next tab10 colour
    double alpha = 0.25;
    std::string label{};
};

struct ArrowOptions {
    Color color = colors::black;
    double width = 1.6;
    double head_size = 9;  // length of the head
    std::string label{};
    double alpha = 1.0;
    LineStyle style = LineStyle::solid;  // of the shaft; the head is always filled
};

struct TextOptions {
    Color color = colors::black;
    double size = 11;
    HAlign align = HAlign::left;
    VAlign valign = VAlign::baseline;
    Coords coords = Coords::data;
    std::optional<Color> background{};  // a padded box behind the text
};

struct BarOptions {
    std::optional<Color> color{};  // unset: the axes' next tab10 colour
    double width = 0.8;          // in data units
    std::string label{};
    double alpha = 1.0;
};

// Levels for contourf()/contour(): explicit ascending boundaries, or n_levels bands spanning the data,
// evenly spaced or (log_levels) geometrically spaced — right for functions such as Rosenbrock whose
// values span many decades. With log levels a grid minimum ≤ 0 is lifted to max·1e-6.
struct ContourOptions {
    std::vector<double> levels{};
    int n_levels = 12;
    bool log_levels = false;
    Colormap colormap = Colormap::viridis;
    std::optional<Color> color{};  // contour(): one colour for every line; unset: black
    double width = 0.8;          // contour(): line width
    double alpha = 1.0;
};

// imshow()/heatmap(): each grid cell a rectangle coloured by its value.
struct HeatmapOptions {
    std::optional<double> vmin{}, vmax{};  // unset: the grid's range
    Colormap colormap = Colormap::viridis;
    bool log = false;                  // colour by log10 of the value
};

// image(): a row-major image, row 0 at the top, values vmin..vmax, nearest-neighbour upscaled.
// Data coordinates are pixels: x in [0, width] to the right, y in [0, height] upwards, so an arrow from
// (w/2, h/2) to (w/2 + dx, h/2 + dy) points right for dx > 0 and up for dy > 0.
struct ImageOptions {
    double vmin = 0, vmax = 1;
    Colormap colormap = Colormap::gray;
    int channels = 1;  // 3: pixels are interleaved RGB in [vmin, vmax] and the colormap is not used
};

struct SurfaceOptions {
    Colormap colormap = Colormap::viridis;
    bool edges = true;  // thin darker quad edges, a wireframe look
    double alpha = 1.0;
};

struct LegendOptions {
    // best: of the four corners and the four edge middles, the one whose box covers the least drawn
    // data (lines along their length, markers, bars, bands, text), as matplotlib's loc="best".
    Corner location = Corner::best;
    double font_size = 11;
};

struct TableOptions {
    double font_size = 12;
    std::vector<HAlign> align{};  // per column; unset: first column left, others right (numbers)
};

// ------------------------------------------------------------------------------------------ axes

struct AxesState;  // the recorded artists and settings (plot_internal.hpp)

// One panel of a Figure. Calls record what to draw; drawing happens when the figure renders, once the
// layout and the automatic limits are known. Setters return *this so they chain.
class Axes {
public:
    Axes();
    ~Axes();
    Axes(const Axes&) = delete;
    Axes& operator=(const Axes&) = delete;

    // Labels and scales.
    Axes& title(std::string text);
    Axes& xlabel(std::string text);   // under image() tiles it serves as the caption
    Axes& ylabel(std::string text);   // drawn rotated 90°
    Axes& zlabel(std::string text);   // 3-D axes only
    Axes& xlim(double lo, double hi);  // default: the data range plus a 5% margin
    Axes& ylim(double lo, double hi);
    Axes& zlim(double lo, double hi);
    Axes& xscale(Scale scale);
    Axes& yscale(Scale scale);
    Axes& xminor_labels(bool on = true);  // a log axis over ≤ 3 decades labels 2 and 5 × 10ⁿ too
    Axes& yminor_labels(bool on = true);
    Axes& xticks(std::vector<double> values, std::vector<std::string> labels = {});  // fixed ticks
    Axes& yticks(std::vector<double> values, std::vector<std::string> labels = {});
    Axes& grid(bool on = true);        // light grey lines at the major ticks
    Axes& aspect_equal(bool on = true);  // one data unit is as long in x as in y
    Axes& legend(LegendOptions options = {});
    Axes& colorbar(std::string label = "");  // for the last contourf/heatmap/imshow/scatter-with-values/surface

    // Series.
    Axes& plot(const std::vector<double>& xs, const std::vector<double>& ys, LineOptions options = {});
    Axes& plot(const std::vector<double>& ys, LineOptions options = {});  // xs = 0, 1, 2, …
    Axes& scatter(const std::vector<double>& xs, const std::vector<double>& ys, ScatterOptions options = {});
    Axes& marker(double x, double y, MarkerOptions options = {});
    Axes& annotate(std::string text, double x, double y, AnnotateOptions options = {});
    Axes& axhline(double y, LineOptions options = {.color = colors::gray, .width = 1.0, .style = LineStyle::dashed});
    Axes& axvline(double x, LineOptions options = {.color = colors::gray, .width = 1.0, .style = LineStyle::dashed});
    Axes& fill_between(const std::vector<double>& xs, const std::vector<double>& lo,
                       const std::vector<double>& hi, FillOptions options = {});
    Axes& bar(const std::vector<double>& xs, const std::vector<double>& heights, BarOptions options = {});
    Axes& hist(const std::vector<double>& values, int bins = 20, BarOptions options = {});
    Axes& arrow(double x0, double y0, double x1, double y1, ArrowOptions options = {});
    Axes& text(double x, double y, std::string text, TextOptions options = {});

    // Fields.
    Axes& contourf(const Grid& grid, ContourOptions options = {});
    Axes& contour(const Grid& grid, ContourOptions options = {});
    Axes& heatmap(const Grid& grid, HeatmapOptions options = {});
    Axes& imshow(const Grid& grid, HeatmapOptions options = {}) { return heatmap(grid, options); }
    // A grayscale (or RGB) picture filling the panel at equal aspect, without ticks; see ImageOptions.
    Axes& image(const std::vector<double>& pixels, int width, int height, ImageOptions options = {});

    // 3-D: the first of these turns the axes into an orthographic 3-D view (matplotlib's default
    // elevation 30°, azimuth −60°) with a box, ticks and axis labels.
    Axes& surface(const Grid& grid, SurfaceOptions options = {});
    Axes& plot3d(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& zs,
                 LineOptions options = {});
    Axes& marker3d(double x, double y, double z, MarkerOptions options = {});
    Axes& view(double elevation_deg, double azimuth_deg);

    // A table of strings in a panel without ticks, e.g. final loss and evaluations per optimizer.
    Axes& table(std::vector<std::vector<std::string>> rows, std::vector<std::string> header = {},
                TableOptions options = {});

    // Where data point (x, y) lands in the final image, in pixels (x right, y down, pixel (i, j)
    // covering [i, i+1) × [j, j+1)). Valid after the figure has rendered (render() or save()).
    std::array<double, 2> to_pixel(double x, double y) const;
    // The plot area [left, top, right, bottom] in final-image pixels, valid after rendering.
    std::array<double, 4> plot_area() const;

    AxesState& state() { return *state_; }
    const AxesState& state() const { return *state_; }

private:
    std::unique_ptr<AxesState> state_;
};

// ---------------------------------------------------------------------------------------- figure

// An RGB image, 3 bytes per pixel, rows top to bottom.
struct Image {
    int width = 0, height = 0;
    std::vector<std::uint8_t> rgb{};
};

class Figure {
public:
    // A figure of width × height pixels holding a rows × cols grid of panels. Multi-panel figures
    // should be at least 1000 px wide (≈1200 × 500 for two panels, 800 × 600 for one).
    Figure(int width_px, int height_px, int rows = 1, int cols = 1);
    ~Figure();
    Figure(const Figure&) = delete;
    Figure& operator=(const Figure&) = delete;

    // The panel at (row, col), counted from 0 at the top left; created on first use.
    Axes& subplot(int row, int col);
    // matplotlib's add_subplot(rows, cols, index): index counts from 1, row by row. rows and cols must
    // match the figure's grid.
    Axes& add_axes(int rows, int cols, int index);
    // The first panel: for single-panel figures.
    Axes& axes() { return subplot(0, 0); }

    Figure& suptitle(std::string text);
    // Rendering resolution multiplier for anti-aliasing (1..4, default 3): the figure is drawn this many
    // times larger and box-filtered down.
    Figure& supersample(int factor);

    // Draws the figure; also fixes each Axes' layout for to_pixel().
    Image render();
    // Renders and writes a PNG: to `path`.tmp in the same folder, then renamed over `path`, so a crash
    // never leaves half a figure. Creates missing folders; throws std::runtime_error naming the path.
    // With $COURSE_FIGURE_CHECK set, appends the layout problems to that file ("name.png: problem").
    void save(const std::filesystem::path& path);

    // What the last render found mechanically wrong, one line each, starting with its kind:
    // "legend: …" (a legend box over drawn data), "ticks: …" (tick labels running into each other),
    // "clipped: …" (text cut off at the image's edge). Empty when the layout is clean.
    const std::vector<std::string>& layout_problems() const { return layout_problems_; }

    int width() const { return width_; }
    int height() const { return height_; }

private:
    int width_, height_, rows_, cols_;
    int supersample_ = 3;
    std::string suptitle_{};
    std::vector<std::unique_ptr<Axes>> axes_{};  // rows_ × cols_, null until first used
    std::vector<std::string> layout_problems_{};
};

// Encodes an RGB image as PNG bytes, and writes bytes atomically (tmp + rename) as Figure::save does.
std::vector<std::uint8_t> encode_png(const Image& image);
void write_file_atomically(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes);

}  // namespace course::plot
