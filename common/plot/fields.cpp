// Fields on 2-D axes: filled contours, contour lines (marching squares), heatmaps and images.
#include <algorithm>
#include <cmath>

#include "common/plot/plot_internal.hpp"

namespace course::plot {

namespace {

// For every canvas column (or row) inside the plot area, where its centre falls in grid-index space.
// Precomputing these keeps the per-pixel loops free of transforms and function calls.
std::vector<double> grid_positions(const AxisMap& map, double data0, double data1, int samples, int first, int last,
                                   double scale) {
    std::vector<double> positions;
    for (int p = first; p < last; ++p) {
        const double data = map.inverse((p + 0.5) / scale);
        positions.push_back((data - data0) / (data1 - data0) * (samples - 1));
    }
    return positions;
}

struct PixelRange {
    int x0, x1, y0, y1;
};

PixelRange area_pixels(const AxesState& state, double s) {
    return {static_cast<int>(std::floor(state.area.left * s)), static_cast<int>(std::ceil(state.area.right * s)),
            static_cast<int>(std::floor(state.area.top * s)), static_cast<int>(std::ceil(state.area.bottom * s))};
}

// Bilinear interpolation inside the cell that contains grid-index position (fx, fy).
double bilinear(const Grid& g, double fx, double fy) {
    const int i = std::min(static_cast<int>(fx), g.nx - 2), j = std::min(static_cast<int>(fy), g.ny - 2);
    const double tx = fx - i, ty = fy - j;
    const double bottom = g.at(i, j) + (g.at(i + 1, j) - g.at(i, j)) * tx;
    const double top = g.at(i, j + 1) + (g.at(i + 1, j + 1) - g.at(i, j + 1)) * tx;
    return bottom + (top - bottom) * ty;
}

void fill_contours(Canvas& canvas, const AxesState& state, const ContourFillArtist& field, double s) {
    const Grid& g = field.grid;
    const std::vector<double>& levels = field.levels;
    const int bands = std::max(1, static_cast<int>(levels.size()) - 1);
    std::vector<Color> band_colors;
    for (int b = 0; b < bands; ++b) band_colors.push_back(colormap(field.options.colormap, (b + 0.5) / bands));
    const PixelRange r = area_pixels(state, s);
    const auto columns = grid_positions(state.xmap, g.x0, g.x1, g.nx, r.x0, r.x1, s);
    const auto rows = grid_positions(state.ymap, g.y0, g.y1, g.ny, r.y0, r.y1, s);
    for (int py = r.y0; py < r.y1; ++py) {
        const double fy = rows[static_cast<std::size_t>(py - r.y0)];
        if (!(fy >= 0 && fy <= g.ny - 1)) continue;
        for (int px = r.x0; px < r.x1; ++px) {
            const double fx = columns[static_cast<std::size_t>(px - r.x0)];
            if (!(fx >= 0 && fx <= g.nx - 1)) continue;
            const double v = bilinear(g, fx, fy);
            if (std::isnan(v)) continue;
            // The band [levels[b], levels[b+1]) holding v; values beyond the outer levels take the
            // outer bands, as matplotlib's extend="both".
            const auto above = std::upper_bound(levels.begin(), levels.end(), v) - levels.begin();
            const int band = std::clamp(static_cast<int>(above) - 1, 0, bands - 1);
            const Color c = band_colors[static_cast<std::size_t>(band)];
            if (field.options.alpha >= 1) {
                canvas.set(px, py, c);
            } else {
                canvas.set(px, py, mix(canvas.get(px, py), c, field.options.alpha));
            }
        }
    }
}

void draw_contour_lines(Canvas& canvas, const AxesState& state, const ContourLineArtist& field, double s) {
    const double width = field.options.width * s;
    const Color color = field.options.color.value_or(colors::black);
    for (double level : field.levels) {
        Mask mask = canvas.mask_for(canvas.clip_rect());
        for (const auto& [a, b] : contour_segments(field.grid, level)) {
            if (!state.xmap.valid(a.x) || !state.ymap.valid(a.y) || !state.xmap.valid(b.x) || !state.ymap.valid(b.y)) continue;
            mask.stroke({to_canvas(state, a.x, a.y, s), to_canvas(state, b.x, b.y, s)}, width);
        }
        canvas.blend(mask, color, field.options.alpha);
    }
}

void draw_heatmap(Canvas& canvas, const AxesState& state, const HeatmapArtist& field, double s) {
    const Grid& g = field.grid;
    const PixelRange r = area_pixels(state, s);
    const auto columns = grid_positions(state.xmap, g.x0, g.x1, g.nx, r.x0, r.x1, s);
    const auto rows = grid_positions(state.ymap, g.y0, g.y1, g.ny, r.y0, r.y1, s);
    const bool log = field.options.log;
    const double lo = log ? std::log10(field.vmin) : field.vmin, hi = log ? std::log10(field.vmax) : field.vmax;
    for (int py = r.y0; py < r.y1; ++py) {
        const long j = std::lround(rows[static_cast<std::size_t>(py - r.y0)]);
        if (j < 0 || j >= g.ny) continue;
        for (int px = r.x0; px < r.x1; ++px) {
            const long i = std::lround(columns[static_cast<std::size_t>(px - r.x0)]);
            if (i < 0 || i >= g.nx) continue;
            double v = g.at(static_cast<int>(i), static_cast<int>(j));
            if (log) v = v > 0 ? std::log10(v) : lo;
            if (std::isnan(v)) continue;
            canvas.set(px, py, colormap(field.options.colormap, (v - lo) / (hi - lo)));
        }
    }
}

void draw_image(Canvas& canvas, const AxesState& state, const ImageArtist& image, double s) {
    const PixelRange r = area_pixels(state, s);
    const auto& o = image.options;
    const double span = o.vmax - o.vmin == 0 ? 1 : o.vmax - o.vmin;
    auto level = [&](double v) { return static_cast<std::uint8_t>(std::lround(255 * std::clamp((v - o.vmin) / span, 0.0, 1.0))); };
    // Nearest neighbour: each image pixel becomes a crisp block; row 0 is at the top (y = height).
    std::vector<int> column_of;
    for (int px = r.x0; px < r.x1; ++px) {
        const double x = state.xmap.inverse((px + 0.5) / s);
        column_of.push_back(x < 0 ? -1 : static_cast<int>(std::floor(x)));
    }
    for (int py = r.y0; py < r.y1; ++py) {
        const double y = state.ymap.inverse((py + 0.5) / s);
        const int row = image.height - 1 - static_cast<int>(std::floor(y));
        if (y < 0 || row < 0 || row >= image.height) continue;
        for (int px = r.x0; px < r.x1; ++px) {
            const int col = column_of[static_cast<std::size_t>(px - r.x0)];
            if (col < 0 || col >= image.width) continue;
            const std::size_t at = (static_cast<std::size_t>(row) * image.width + col) * o.channels;
            if (o.channels == 3) {
                canvas.set(px, py, {level(image.pixels[at]), level(image.pixels[at + 1]), level(image.pixels[at + 2])});
            } else {
                canvas.set(px, py, colormap(o.colormap, (image.pixels[at] - o.vmin) / span));
            }
        }
    }
}

}  // namespace

std::vector<std::pair<Point, Point>> contour_segments(const Grid& g, double level) {
    std::vector<std::pair<Point, Point>> segments;
    for (int j = 0; j + 1 < g.ny; ++j) {
        for (int i = 0; i + 1 < g.nx; ++i) {
            // Corners counter-clockwise from the lower left; edge k joins corner k and corner k + 1.
            const double v[4] = {g.at(i, j), g.at(i + 1, j), g.at(i + 1, j + 1), g.at(i, j + 1)};
            const Point corner[4] = {{g.x(i), g.y(j)}, {g.x(i + 1), g.y(j)}, {g.x(i + 1), g.y(j + 1)}, {g.x(i), g.y(j + 1)}};
            if (std::isnan(v[0]) || std::isnan(v[1]) || std::isnan(v[2]) || std::isnan(v[3])) continue;
            bool above[4];
            for (int k = 0; k < 4; ++k) above[k] = v[k] > level;
            Point crossing[4];
            int crossed[4], n = 0;
            for (int k = 0; k < 4; ++k) {
                const int m = (k + 1) % 4;
                if (above[k] == above[m]) continue;
                // Linear interpolation along the edge to where the value equals the level.
                const double t = (level - v[k]) / (v[m] - v[k]);
                crossing[k] = {corner[k].x + t * (corner[m].x - corner[k].x), corner[k].y + t * (corner[m].y - corner[k].y)};
                crossed[n++] = k;
            }
            if (n == 2) {
                segments.push_back({crossing[crossed[0]], crossing[crossed[1]]});
            } else if (n == 4) {
                // Saddle: the cell centre's average decides which diagonal pair stays connected. If the
                // centre is on corner 0's side, corners 0 and 2 join through the middle and the lines cut
                // off corners 1 and 3 (edges 0–1 and 2–3); otherwise they cut off corners 0 and 2.
                const bool centre_above = (v[0] + v[1] + v[2] + v[3]) / 4 > level;
                if (centre_above == above[0]) {
                    segments.push_back({crossing[0], crossing[1]});
                    segments.push_back({crossing[2], crossing[3]});
                } else {
                    segments.push_back({crossing[3], crossing[0]});
                    segments.push_back({crossing[1], crossing[2]});
                }
            }
        }
    }
    return segments;
}

bool draw_field(Canvas& canvas, const AxesState& state, const Artist& artist, double s) {
    if (const auto* f = std::get_if<ContourFillArtist>(&artist)) fill_contours(canvas, state, *f, s);
    else if (const auto* l = std::get_if<ContourLineArtist>(&artist)) draw_contour_lines(canvas, state, *l, s);
    else if (const auto* h = std::get_if<HeatmapArtist>(&artist)) draw_heatmap(canvas, state, *h, s);
    else if (const auto* i = std::get_if<ImageArtist>(&artist)) draw_image(canvas, state, *i, s);
    else return false;
    return true;
}

}  // namespace course::plot
