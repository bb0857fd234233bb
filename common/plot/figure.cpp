// Figure: lays the panels out on a grid, renders them on a supersampled canvas, and writes the PNG.
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "common/plot/layout_check.hpp"
#include "common/plot/plot_internal.hpp"
#include "common/plot/text.hpp"

namespace course::plot {

Figure::Figure(int width_px, int height_px, int rows, int cols)
    : width_(width_px), height_(height_px), rows_(rows), cols_(cols) {
    if (width_px < 16 || height_px < 16 || width_px > 20000 || height_px > 20000) {
        throw std::invalid_argument("plot::Figure: size " + std::to_string(width_px) + "×" + std::to_string(height_px) +
                                    " px is out of range (16..20000 each)");
    }
    if (rows < 1 || cols < 1) {
        throw std::invalid_argument("plot::Figure: need at least one row and column of panels, got " +
                                    std::to_string(rows) + "×" + std::to_string(cols));
    }
    axes_.resize(static_cast<std::size_t>(rows) * cols);
}

Figure::~Figure() = default;

Axes& Figure::subplot(int row, int col) {
    if (row < 0 || row >= rows_ || col < 0 || col >= cols_) {
        throw std::out_of_range("Figure::subplot(" + std::to_string(row) + ", " + std::to_string(col) +
                                "): the figure has " + std::to_string(rows_) + " rows and " + std::to_string(cols_) +
                                " columns, counted from 0");
    }
    auto& slot = axes_[static_cast<std::size_t>(row) * cols_ + col];
    if (!slot) slot = std::make_unique<Axes>();
    return *slot;
}

Axes& Figure::add_axes(int rows, int cols, int index) {
    if (rows != rows_ || cols != cols_) {
        throw std::invalid_argument("Figure::add_axes(" + std::to_string(rows) + ", " + std::to_string(cols) +
                                    ", …): the figure was made with a " + std::to_string(rows_) + "×" +
                                    std::to_string(cols_) + " grid");
    }
    if (index < 1 || index > rows * cols) {
        throw std::out_of_range("Figure::add_axes(): index " + std::to_string(index) + " is not in 1.." +
                                std::to_string(rows * cols));
    }
    return subplot((index - 1) / cols, (index - 1) % cols);
}

Figure& Figure::suptitle(std::string text) {
    suptitle_ = std::move(text);
    return *this;
}

Figure& Figure::supersample(int factor) {
    if (factor < 1 || factor > 4) throw std::invalid_argument("Figure::supersample(): factor must be 1..4");
    supersample_ = factor;
    return *this;
}

namespace {

// Shrinks `area` around its centre to the aspect ratio width : height.
Rect fit_aspect(Rect area, double width, double height) {
    const double scale = std::min(area.width() / width, area.height() / height);
    const double w = width * scale, h = height * scale;
    const double left = std::round(area.left + (area.width() - w) / 2), top = std::round(area.top + (area.height() - h) / 2);
    return {left, top, left + std::round(w), top + std::round(h)};
}

bool is_plain_2d(const AxesState& s) { return !s.is3d && !s.table && !s.is_image; }

// How a problem names its panel: by position, and by title when it has one.
std::string panel_name(std::size_t row, std::size_t col, const AxesState& state) {
    std::string name = "panel (" + std::to_string(row) + ", " + std::to_string(col) + ")";
    if (!state.title.empty()) name += " “" + state.title + "”";
    return name;
}

}  // namespace

Image Figure::render() {
    const int s = supersample_;
    Canvas canvas(width_ * s, height_ * s, colors::white);
    LayoutCheck check(width_, height_, s);
    canvas.attach(&check);
    const double pad = 8;
    double top = pad;
    if (!suptitle_.empty()) {
        const TextExtent e = measure_text(suptitle_, suptitle_size);
        draw_text(canvas, {width_ / 2.0 * s, (top + 2) * s}, suptitle_, suptitle_size * s, ink, HAlign::center, VAlign::top);
        top += e.ascent + e.descent + 8;
    }
    const double cell_w = (width_ - 2 * pad) / cols_, cell_h = (height_ - top - pad) / rows_;

    // Margins first (they depend on tick labels, hence on limits); panels in one column share their
    // left/right margins and panels in one row their top/bottom, so spines line up across the figure.
    auto lay_out = [&] {
        std::vector<std::array<double, 4>> margins(axes_.size());
        std::vector<double> left(static_cast<std::size_t>(cols_)), right(left), upper(static_cast<std::size_t>(rows_)), lower(upper);
        for (std::size_t k = 0; k < axes_.size(); ++k) {
            if (!axes_[k]) continue;
            const AxesState& state = axes_[k]->state();
            margins[k] = panel_margins(state);
            if (!is_plain_2d(state)) continue;
            const std::size_t r = k / cols_, c = k % cols_;
            left[c] = std::max(left[c], margins[k][0]), right[c] = std::max(right[c], margins[k][2]);
            upper[r] = std::max(upper[r], margins[k][1]), lower[r] = std::max(lower[r], margins[k][3]);
        }
        for (std::size_t k = 0; k < axes_.size(); ++k) {
            if (!axes_[k]) continue;
            AxesState& state = axes_[k]->state();
            const std::size_t r = k / cols_, c = k % cols_;
            const Rect cell{pad + c * cell_w, top + r * cell_h, pad + (c + 1) * cell_w, top + (r + 1) * cell_h};
            const std::array<double, 4> m = is_plain_2d(state) ? std::array{left[c], upper[r], right[c], lower[r]} : margins[k];
            Rect area{std::round(cell.left + m[0]), std::round(cell.top + m[1]), std::round(cell.right - m[2]),
                      std::round(cell.bottom - m[3])};
            area.right = std::max(area.right, area.left + 10), area.bottom = std::max(area.bottom, area.top + 10);
            if (state.aspect_equal && !state.is3d && !state.table) {
                const double dx = std::fabs(state.xmap.hi - state.xmap.lo), dy = std::fabs(state.ymap.hi - state.ymap.lo);
                if (!state.xmap.log && !state.ymap.log && dx > 0 && dy > 0) area = fit_aspect(area, dx, dy);
            }
            state.area = area;
            state.xmap.p0 = area.left, state.xmap.p1 = area.right;
            state.ymap.p0 = area.bottom, state.ymap.p1 = area.top;
        }
    };
    for (auto& axes : axes_) {
        if (axes) resolve_limits(axes->state());
    }
    lay_out();
    // Tick labels that would collide at the panel's real size are thinned, which can narrow a margin;
    // lay out again until nothing changes (two rounds suffice in practice, three bound it).
    for (int round = 0; round < 3; ++round) {
        bool changed = false;
        for (auto& axes : axes_) changed = (axes && fit_tick_labels(axes->state())) || changed;
        if (!changed) break;
        lay_out();
    }
    for (std::size_t k = 0; k < axes_.size(); ++k) {
        if (!axes_[k]) continue;
        AxesState& state = axes_[k]->state();
        check.begin_panel(panel_name(k / cols_, k % cols_, state));
        if (state.is3d) draw_axes3d(canvas, state, state.area, s);
        else if (state.table) draw_table(canvas, state, state.area, s);
        else draw_axes(canvas, state, s);
    }
    layout_problems_ = check.problems();
    return canvas.downsample(s);
}

std::vector<std::uint8_t> encode_png(const Image& image) {
    std::vector<std::uint8_t> bytes;
    auto append = [](void* context, void* data, int size) {
        auto* out = static_cast<std::vector<std::uint8_t>*>(context);
        const auto* begin = static_cast<const std::uint8_t*>(data);
        out->insert(out->end(), begin, begin + size);
    };
    // zlib's fastest level: on the course's figures (flat colours, long runs) level 8, stb's default,
    // spent 0.1-0.2 s a figure searching for matches and saved under 0.5% of the bytes; the pixels
    // are the same at every level (docs/PERFORMANCE.md §8).
    stbi_write_png_compression_level = 1;
    if (!stbi_write_png_to_func(append, &bytes, image.width, image.height, 3, image.rgb.data(), image.width * 3)) {
        throw std::runtime_error("plot::encode_png: stb_image_write could not encode a " + std::to_string(image.width) +
                                 "×" + std::to_string(image.height) + " image");
    }
    return bytes;
}

void write_file_atomically(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
    std::error_code error;
    if (path.has_parent_path()) {
        std::filesystem::create_directories(path.parent_path(), error);
        if (error) {
            throw std::runtime_error("cannot write " + path.string() + ": cannot create its folder (" + error.message() + ")");
        }
    }
    std::filesystem::path temporary = path;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        out.close();
        if (!out) {
            std::filesystem::remove(temporary, error);
            throw std::runtime_error("cannot write " + path.string() + ": writing " + temporary.string() + " failed");
        }
    }
    // rename() replaces the target atomically on POSIX: readers see the old file or the new one, whole.
    std::filesystem::rename(temporary, path, error);
    if (error) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw std::runtime_error("cannot write " + path.string() + ": " + error.message());
    }
}

void Figure::save(const std::filesystem::path& path) {
    write_file_atomically(path, encode_png(render()));
    append_layout_report(path.filename().string(), layout_problems_);
}

}  // namespace course::plot
