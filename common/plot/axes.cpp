// Axes: the recording half. Each call checks its input and stores an artist; drawing happens at render.
#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/plot/plot_internal.hpp"
#include "common/plot/ticks.hpp"

namespace course::plot {

namespace {

void require_same_length(const char* call, const char* a_name, std::size_t a, const char* b_name, std::size_t b) {
    if (a != b) {
        throw std::invalid_argument(std::string("Axes::") + call + "(): " + a_name + " has " + std::to_string(a) +
                                    " values but " + b_name + " has " + std::to_string(b));
    }
}

void require_valid_grid(const char* call, const Grid& grid) {
    if (grid.nx < 2 || grid.ny < 2 || grid.z.size() != static_cast<std::size_t>(grid.nx) * grid.ny) {
        throw std::invalid_argument(std::string("Axes::") + call + "(): the grid must be at least 2×2 with nx·ny = " +
                                    std::to_string(grid.nx) + "·" + std::to_string(grid.ny) + " values, got " +
                                    std::to_string(grid.z.size()));
    }
    if (!(grid.x1 > grid.x0) || !(grid.y1 > grid.y0)) {
        throw std::invalid_argument(std::string("Axes::") + call + "(): the grid needs x0 < x1 and y0 < y1");
    }
}

// Contour levels from the options: explicit, or evenly / geometrically spaced over the finite data.
std::vector<double> contour_levels(const char* call, const Grid& grid, const ContourOptions& options) {
    if (!options.levels.empty()) {
        if (!std::is_sorted(options.levels.begin(), options.levels.end())) {
            throw std::invalid_argument(std::string("Axes::") + call + "(): levels must be ascending");
        }
        return options.levels;
    }
    double lo = grid.min(), hi = grid.max();
    if (std::isnan(lo)) return {0, 1};
    const int n = std::max(1, options.n_levels);
    if (options.log_levels) {
        if (!(hi > 0)) throw std::invalid_argument(std::string("Axes::") + call + "(): log levels need positive values");
        lo = std::max(lo, hi * 1e-6);
        if (!(hi > lo)) hi = lo * 10;
        return log_levels(lo, hi, n);
    }
    if (!(hi > lo)) hi = lo + 1;
    return linear_levels(lo, hi, n);
}

}  // namespace

Axes::Axes() : state_(std::make_unique<AxesState>()) {}
Axes::~Axes() = default;

Axes& Axes::title(std::string text) { state_->title = std::move(text); return *this; }
Axes& Axes::xlabel(std::string text) { state_->x.label = std::move(text); return *this; }
Axes& Axes::ylabel(std::string text) { state_->y.label = std::move(text); return *this; }
Axes& Axes::zlabel(std::string text) { state_->z.label = std::move(text); return *this; }

Axes& Axes::xlim(double lo, double hi) { state_->x.limits = {{lo, hi}}; return *this; }
Axes& Axes::ylim(double lo, double hi) { state_->y.limits = {{lo, hi}}; return *this; }
Axes& Axes::zlim(double lo, double hi) { state_->z.limits = {{lo, hi}}; return *this; }
Axes& Axes::xscale(Scale scale) { state_->x.scale = scale; return *this; }
Axes& Axes::yscale(Scale scale) { state_->y.scale = scale; return *this; }
Axes& Axes::xminor_labels(bool on) { state_->x.minor_labels = on; return *this; }
Axes& Axes::yminor_labels(bool on) { state_->y.minor_labels = on; return *this; }

namespace {
std::vector<Tick> fixed_ticks(const char* call, std::vector<double> values, std::vector<std::string> labels) {
    if (!labels.empty()) require_same_length(call, "values", values.size(), "labels", labels.size());
    std::vector<Tick> ticks;
    for (std::size_t k = 0; k < values.size(); ++k) {
        ticks.push_back({values[k], labels.empty() ? format_general(values[k]) : labels[k], true});
    }
    return ticks;
}
}  // namespace

Axes& Axes::xticks(std::vector<double> values, std::vector<std::string> labels) {
    state_->x.fixed_ticks = fixed_ticks("xticks", std::move(values), std::move(labels));
    return *this;
}
Axes& Axes::yticks(std::vector<double> values, std::vector<std::string> labels) {
    state_->y.fixed_ticks = fixed_ticks("yticks", std::move(values), std::move(labels));
    return *this;
}

Axes& Axes::grid(bool on) { state_->grid = on; return *this; }
Axes& Axes::aspect_equal(bool on) { state_->aspect_equal = on; return *this; }
Axes& Axes::legend(LegendOptions options) { state_->legend = options; return *this; }
Axes& Axes::colorbar(std::string label) {
    state_->colorbar = true;
    state_->colorbar_label = std::move(label);
    return *this;
}

Axes& Axes::plot(const std::vector<double>& xs, const std::vector<double>& ys, LineOptions options) {
    require_same_length("plot", "xs", xs.size(), "ys", ys.size());
    const Color color = options.color ? *options.color : state_->next_cycle_color();
    state_->artists.emplace_back(LineArtist{xs, ys, std::move(options), color});
    return *this;
}

Axes& Axes::plot(const std::vector<double>& ys, LineOptions options) {
    std::vector<double> xs(ys.size());
    for (std::size_t k = 0; k < xs.size(); ++k) xs[k] = static_cast<double>(k);
    return plot(xs, ys, std::move(options));
}

Axes& Axes::scatter(const std::vector<double>& xs, const std::vector<double>& ys, ScatterOptions options) {
    require_same_length("scatter", "xs", xs.size(), "ys", ys.size());
    if (!options.values.empty()) {
        require_same_length("scatter", "xs", xs.size(), "values", options.values.size());
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (double v : options.values) {
            if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
        }
        if (lo > hi) lo = 0, hi = 1;
        if (lo == hi) hi = lo + 1;
        state_->mappable = ColorScale{options.colormap, lo, hi, false, {}};
    }
    const Color color = options.color ? *options.color : state_->next_cycle_color();
    state_->artists.emplace_back(ScatterArtist{xs, ys, std::move(options), color});
    return *this;
}

Axes& Axes::marker(double x, double y, MarkerOptions options) {
    state_->artists.emplace_back(MarkerArtist{x, y, std::move(options)});
    return *this;
}

Axes& Axes::annotate(std::string text, double x, double y, AnnotateOptions options) {
    state_->artists.emplace_back(AnnotateArtist{std::move(text), x, y, options});
    return *this;
}

Axes& Axes::axhline(double y, LineOptions options) {
    const Color color = options.color ? *options.color : colors::gray;
    state_->artists.emplace_back(ReferenceLine{true, y, std::move(options), color});
    return *this;
}

Axes& Axes::axvline(double x, LineOptions options) {
    const Color color = options.color ? *options.color : colors::gray;
    state_->artists.emplace_back(ReferenceLine{false, x, std::move(options), color});
    return *this;
}

Axes& Axes::fill_between(const std::vector<double>& xs, const std::vector<double>& lo, const std::vector<double>& hi,
                         FillOptions options) {
    require_same_length("fill_between", "xs", xs.size(), "lo", lo.size());
    require_same_length("fill_between", "xs", xs.size(), "hi", hi.size());
    const Color color = options.color ? *options.color : state_->next_cycle_color();
    state_->artists.emplace_back(FillArtist{xs, lo, hi, std::move(options), color});
    return *this;
}

Axes& Axes::bar(const std::vector<double>& xs, const std::vector<double>& heights, BarOptions options) {
    require_same_length("bar", "xs", xs.size(), "heights", heights.size());
    const Color color = options.color ? *options.color : state_->next_cycle_color();
    state_->artists.emplace_back(BarArtist{xs, heights, std::move(options), color});
    return *this;
}

Axes& Axes::hist(const std::vector<double>& values, int bins, BarOptions options) {
    if (bins < 1) throw std::invalid_argument("Axes::hist(): bins must be at least 1, got " + std::to_string(bins));
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : values) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    if (lo > hi) return *this;  // nothing finite to count
    if (lo == hi) lo -= 0.5, hi += 0.5;
    const double width = (hi - lo) / bins;
    std::vector<double> centres(static_cast<std::size_t>(bins)), counts(static_cast<std::size_t>(bins), 0);
    for (int b = 0; b < bins; ++b) centres[static_cast<std::size_t>(b)] = lo + (b + 0.5) * width;
    for (double v : values) {
        if (!std::isfinite(v)) continue;
        const int b = std::min(bins - 1, static_cast<int>((v - lo) / width));
        counts[static_cast<std::size_t>(b)] += 1;
    }
    options.width = width;
    return bar(centres, counts, std::move(options));
}

Axes& Axes::arrow(double x0, double y0, double x1, double y1, ArrowOptions options) {
    state_->artists.emplace_back(ArrowArtist{x0, y0, x1, y1, std::move(options)});
    return *this;
}

Axes& Axes::text(double x, double y, std::string text, TextOptions options) {
    state_->artists.emplace_back(TextArtist{x, y, std::move(text), std::move(options)});
    return *this;
}

Axes& Axes::contourf(const Grid& grid, ContourOptions options) {
    require_valid_grid("contourf", grid);
    std::vector<double> levels = contour_levels("contourf", grid, options);
    state_->mappable = ColorScale{options.colormap, levels.front(), levels.back(), options.log_levels, levels};
    state_->artists.emplace_back(ContourFillArtist{grid, std::move(levels), std::move(options)});
    return *this;
}

Axes& Axes::contour(const Grid& grid, ContourOptions options) {
    require_valid_grid("contour", grid);
    std::vector<double> levels = contour_levels("contour", grid, options);
    state_->artists.emplace_back(ContourLineArtist{grid, std::move(levels), std::move(options)});
    return *this;
}

Axes& Axes::heatmap(const Grid& grid, HeatmapOptions options) {
    require_valid_grid("heatmap", grid);
    double lo = options.vmin ? *options.vmin : grid.min();
    double hi = options.vmax ? *options.vmax : grid.max();
    if (options.log) {
        if (!(hi > 0)) throw std::invalid_argument("Axes::heatmap(): log colours need positive values");
        if (!(lo > 0)) lo = hi * 1e-6;
    }
    if (std::isnan(lo) || std::isnan(hi)) lo = 0, hi = 1;
    if (!(hi > lo)) hi = lo + 1;
    state_->mappable = ColorScale{options.colormap, lo, hi, options.log, {}};
    state_->artists.emplace_back(HeatmapArtist{grid, options, lo, hi});
    return *this;
}

Axes& Axes::image(const std::vector<double>& pixels, int width, int height, ImageOptions options) {
    if (width < 1 || height < 1 || (options.channels != 1 && options.channels != 3) ||
        pixels.size() != static_cast<std::size_t>(width) * height * options.channels) {
        throw std::invalid_argument("Axes::image(): expected " + std::to_string(width) + "×" + std::to_string(height) +
                                    "×" + std::to_string(options.channels) + " pixels (channels 1 or 3), got " +
                                    std::to_string(pixels.size()));
    }
    state_->is_image = true;
    state_->aspect_equal = true;
    state_->x.limits = {{0.0, double(width)}};
    state_->y.limits = {{0.0, double(height)}};
    if (options.channels == 1) state_->mappable = ColorScale{options.colormap, options.vmin, options.vmax, false, {}};
    state_->artists.emplace_back(ImageArtist{pixels, width, height, options});
    return *this;
}

Axes& Axes::surface(const Grid& grid, SurfaceOptions options) {
    require_valid_grid("surface", grid);
    state_->is3d = true;
    double lo = grid.min(), hi = grid.max();
    if (std::isnan(lo)) lo = 0, hi = 1;
    if (!(hi > lo)) hi = lo + 1;
    state_->mappable = ColorScale{options.colormap, lo, hi, false, {}};
    state_->surfaces.push_back({grid, options});
    return *this;
}

Axes& Axes::plot3d(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& zs,
                   LineOptions options) {
    require_same_length("plot3d", "xs", xs.size(), "ys", ys.size());
    require_same_length("plot3d", "xs", xs.size(), "zs", zs.size());
    state_->is3d = true;
    const Color color = options.color ? *options.color : state_->next_cycle_color();
    state_->lines3d.push_back({xs, ys, zs, std::move(options), color});
    return *this;
}

Axes& Axes::marker3d(double x, double y, double z, MarkerOptions options) {
    state_->is3d = true;
    state_->markers3d.push_back({x, y, z, std::move(options)});
    return *this;
}

Axes& Axes::view(double elevation_deg, double azimuth_deg) {
    state_->elevation = elevation_deg;
    state_->azimuth = azimuth_deg;
    return *this;
}

Axes& Axes::table(std::vector<std::vector<std::string>> rows, std::vector<std::string> header, TableOptions options) {
    const std::size_t columns = header.empty() ? (rows.empty() ? 0 : rows[0].size()) : header.size();
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != columns) {
            throw std::invalid_argument("Axes::table(): row " + std::to_string(r) + " has " + std::to_string(rows[r].size()) +
                                        " cells but the table has " + std::to_string(columns) + " columns");
        }
    }
    state_->table = TableData{std::move(rows), std::move(header), std::move(options)};
    return *this;
}

std::array<double, 2> Axes::to_pixel(double x, double y) const { return {state_->xmap(x), state_->ymap(y)}; }

std::array<double, 4> Axes::plot_area() const {
    return {state_->area.left, state_->area.top, state_->area.right, state_->area.bottom};
}

double AxisMap::operator()(double v) const {
    if (log) return p0 + (std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)) * (p1 - p0);
    return p0 + (v - lo) / (hi - lo) * (p1 - p0);
}

double AxisMap::inverse(double pixel) const {
    const double t = (pixel - p0) / (p1 - p0);
    if (log) return std::pow(10.0, std::log10(lo) + t * (std::log10(hi) - std::log10(lo)));
    return lo + t * (hi - lo);
}

}  // namespace course::plot
