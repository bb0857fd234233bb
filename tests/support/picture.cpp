#include "tests/support/picture.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <system_error>

namespace course::teach {

namespace {

namespace fs = std::filesystem;

// "Ex1006Adam" (or "Prefix/Ex1006Adam" for a parameterised suite) → "10.6"; the suite itself for a
// chapter check.
std::string exercise_id(std::string_view suite) {
    for (std::size_t at = suite.find("Ex"); at != std::string_view::npos; at = suite.find("Ex", at + 1)) {
        if (at + 6 > suite.size()) break;
        const std::string_view digits = suite.substr(at + 2, 4);
        if (!std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) continue;
        const int chapter = (digits[0] - '0') * 10 + (digits[1] - '0');
        const int exercise = (digits[2] - '0') * 10 + (digits[3] - '0');
        return std::to_string(chapter) + "." + std::to_string(exercise);
    }
    return std::string(suite);
}

// Letters, digits, '-' and '_' only: the name becomes part of a file name.
std::string file_safe(std::string_view name) {
    std::string safe;
    for (char c : name) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        safe += keep ? c : '_';
    }
    return safe.empty() ? "picture" : safe;
}

void note(const std::string& text) { std::fprintf(stderr, "(failure picture: %s)\n", text.c_str()); }

bool finite(double x, double y) { return std::isfinite(x) && std::isfinite(y); }

// Finite values only, for the limits of a window.
struct Range {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    bool empty() const { return !(lo <= hi); }
    double span() const { return hi - lo; }
    // The range widened by `margin` of its span on each side (a flat range by ±0.5 or ±|value|/2).
    Range padded(double margin) const {
        const double pad = span() > 0 ? margin * span() : std::max(0.5, std::abs(lo) / 2);
        return {lo - pad, hi + pad};
    }
};

}  // namespace

fs::path pictures_folder() {
    const char* folder = std::getenv("COURSE_FAILURE_PICTURES");
    return folder != nullptr ? fs::path(folder) : fs::path();
}

void on_failure_draw(std::string_view name, const Drawing& draw, PictureSize size) {
    on_failure_draw(::testing::Test::HasFailure(), name, draw, size);
}

void on_failure_draw(bool failed, std::string_view name, const Drawing& draw, PictureSize size) {
    if (!failed) return;
    const fs::path folder = pictures_folder();
    if (folder.empty()) return;
    const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string suite = test != nullptr ? test->test_suite_name() : "";
    const fs::path path = folder / (exercise_id(suite) + "_" + file_safe(name) + ".png");
    try {
        std::error_code ignored;
        if (fs::exists(path, ignored)) return;  // the first picture of a name in a run stays
        plot::Figure figure(size.width, size.height, size.rows, size.cols);
        draw(figure);
        plot::write_file_atomically(path, plot::encode_png(figure.render()));
    } catch (const std::exception& error) {
        note("not drawn: " + std::string(error.what()));
    } catch (...) {
        note("not drawn");
    }
}

plot::LineOptions reference_style(std::string label) {
    return {.color = plot::colors::blue, .width = 2.2, .style = plot::LineStyle::solid, .label = std::move(label),
            .marker = plot::Marker::circle, .marker_size = 5};
}

plot::LineOptions yours_style(std::string label) {
    return {.color = plot::colors::orange, .width = 2.0, .style = plot::LineStyle::dashed, .label = std::move(label),
            .marker = plot::Marker::x, .marker_size = 7};
}

void draw_paths_on_failure(bool failed, std::string_view name, const PathsPicture& p) {
    on_failure_draw(failed, name, [&](plot::Figure& fig) {
        const std::size_t n = std::max(p.yours_x.size(), p.reference_x.size());
        const std::vector<double> steps = p.steps.empty() ? plot::index_axis(n) : p.steps;
        const auto step_at = [&](std::size_t k) { return k < steps.size() ? steps[k] : static_cast<double>(k); };
        // Markers crowd a long path: show them only on short ones.
        const auto styled = [&](plot::LineOptions o) {
            if (n > 40) o.marker = plot::Marker::none;
            return o;
        };

        // The window: the reference's path, and yours as far as it stays near it (a path that flies
        // off to 1e30 would otherwise shrink the reference to a dot).
        Range xs, ys;
        for (double v : p.reference_x) xs.add(v);
        for (double v : p.reference_y) ys.add(v);
        const Range rx = xs.empty() ? Range{-1, 1} : xs.padded(0.5), ry = ys.empty() ? Range{-1, 1} : ys.padded(0.5);
        std::size_t yours_finite = 0;  // how many leading points of yours are finite
        while (yours_finite < std::min(p.yours_x.size(), p.yours_y.size()) &&
               finite(p.yours_x[yours_finite], p.yours_y[yours_finite]))
            ++yours_finite;
        bool left_window = false;
        for (std::size_t k = 0; k < yours_finite; ++k) {
            const double x = p.yours_x[k], y = p.yours_y[k];
            if (x >= rx.lo - 2 * rx.span() && x <= rx.hi + 2 * rx.span() && y >= ry.lo - 2 * ry.span() &&
                y <= ry.hi + 2 * ry.span()) {
                xs.add(x), ys.add(y);
            } else {
                left_window = true;
            }
        }
        const Range wx = xs.empty() ? Range{-1, 1} : xs.padded(0.08), wy = ys.empty() ? Range{-1, 1} : ys.padded(0.08);

        auto& ax = fig.subplot(0, 0);
        const plot::Grid grid = plot::sample(p.f, wx.lo, wx.hi, wy.lo, wy.hi, 161, 161);
        ax.contourf(grid, {.n_levels = 16, .log_levels = p.log_levels})
            .colorbar(p.log_levels ? "f(x, y), log scale" : "f(x, y)");
        ax.contour(grid, {.n_levels = 16, .log_levels = p.log_levels, .color = plot::colors::white, .width = 0.5,
                          .alpha = 0.45});
        auto reference = styled(reference_style());
        reference.color = plot::colors::white;  // blue would vanish into the colormap's dark end
        ax.plot(p.reference_x, p.reference_y, reference);
        ax.plot(std::vector<double>(p.yours_x.begin(), p.yours_x.begin() + static_cast<std::ptrdiff_t>(yours_finite)),
                std::vector<double>(p.yours_y.begin(), p.yours_y.begin() + static_cast<std::ptrdiff_t>(yours_finite)),
                styled(yours_style()));
        if (!p.reference_x.empty() && !p.reference_y.empty())
            ax.marker(p.reference_x.front(), p.reference_y.front(),
                      {.marker = plot::Marker::square, .color = plot::colors::white, .size = 11, .label = "start"});
        if (yours_finite < p.yours_x.size() && yours_finite > 0) {
            const double x = p.yours_x[yours_finite - 1], y = p.yours_y[yours_finite - 1];
            char text[64];
            std::snprintf(text, sizeof text, "yours: NaN/Inf at step %g", step_at(yours_finite));
            ax.marker(x, y, {.marker = plot::Marker::x, .color = plot::colors::red, .size = 18});
            ax.annotate(text, x, y, {.marker = plot::Marker::none, .color = plot::colors::red, .dx = 16, .dy = 10,
                                     .font_size = 13});
        } else if (left_window) {
            ax.text(0.5, 0.04, "yours leaves this window", {.color = plot::colors::red, .size = 13,
                    .align = plot::HAlign::center, .coords = plot::Coords::axes, .background = plot::colors::white});
        }
        ax.xlim(wx.lo, wx.hi).ylim(wy.lo, wy.hi).xlabel("x").ylabel("y").title("Both paths on the contours of f");
        ax.legend({.location = plot::Corner::best, .font_size = 11});

        // Right: how far apart they are at every step. Identical points (distance 0) sit on the floor
        // 1e-16; where yours is NaN or Inf the curve stops at a red line.
        auto& gap = fig.subplot(0, 2);
        std::vector<double> k_axis, distance;
        const std::size_t common = std::min({p.yours_x.size(), p.yours_y.size(), p.reference_x.size(), p.reference_y.size()});
        double first_apart = std::numeric_limits<double>::quiet_NaN();
        Range ds;
        for (std::size_t k = 0; k < common; ++k) {
            const double d = std::hypot(p.yours_x[k] - p.reference_x[k], p.yours_y[k] - p.reference_y[k]);
            const double scale = std::max(std::hypot(p.reference_x[k], p.reference_y[k]), 1e-300);
            if (std::isnan(first_apart) && !(d <= 1e-10 * scale)) first_apart = step_at(k);
            k_axis.push_back(step_at(k));
            distance.push_back(std::isfinite(d) ? std::max(d, 1e-16) : std::numeric_limits<double>::quiet_NaN());
            ds.add(distance.back());
        }
        gap.plot(k_axis, distance, {.color = plot::colors::red, .width = 2.0, .label = "|yours − reference|"});
        if (yours_finite < common) {
            gap.axvline(step_at(yours_finite), {.color = plot::colors::red, .width = 1.5, .style = plot::LineStyle::dashed,
                                                .label = "yours is NaN/Inf from here"});
        } else if (!std::isnan(first_apart)) {
            gap.axvline(first_apart, {.color = plot::colors::dark_gray, .width = 1.2, .style = plot::LineStyle::dotted,
                                      .label = "first step apart (relative 1e-10)"});
        }
        if (!ds.empty() && ds.hi < 100 * ds.lo) gap.ylim(ds.lo / 10, ds.hi * 1000);  // a flat curve: room to read it
        // A path that turns NaN early would leave its red line on the panel's edge: show its first steps.
        const std::size_t last = yours_finite < common ? std::min(n - 1, std::max<std::size_t>(10, 4 * yours_finite)) : n - 1;
        if (n > 1) gap.xlim(step_at(0), step_at(last));

        // Middle: a close-up where the paths are farthest apart (or where yours stops), each step marked:
        // two paths that overlap on the left part visibly here.
        std::size_t widest = yours_finite > 0 ? yours_finite - 1 : 0;
        double widest_distance = -1;
        for (std::size_t k = 0; k < std::min(common, yours_finite); ++k) {
            const double d = std::hypot(p.yours_x[k] - p.reference_x[k], p.yours_y[k] - p.reference_y[k]);
            if (yours_finite == common && d > widest_distance) widest = k, widest_distance = d;
        }
        Range zx, zy;  // the two points there; with no distance to show, the reference's next steps
        if (widest < yours_finite) zx.add(p.yours_x[widest]), zy.add(p.yours_y[widest]);
        for (std::size_t k = widest; k < p.reference_x.size() && k < p.reference_y.size() && k <= widest + (widest_distance > 0 ? 0 : 3); ++k)
            zx.add(p.reference_x[k]), zy.add(p.reference_y[k]);
        const double half = std::max({zx.span(), zy.span(), 1e-9}) * (widest_distance > 0 ? 2.0 : 0.75);
        const double cx = zx.empty() ? 0 : (zx.lo + zx.hi) / 2, cy = zy.empty() ? 0 : (zy.lo + zy.hi) / 2;
        auto& zoom = fig.subplot(0, 1);
        const plot::Grid close = plot::sample(p.f, cx - half, cx + half, cy - half, cy + half, 81, 81);
        zoom.contourf(close, {.n_levels = 12, .log_levels = p.log_levels});
        auto reference_close = reference_style(), yours_close = yours_style();
        reference_close.color = plot::colors::white;
        zoom.plot(p.reference_x, p.reference_y, reference_close);
        zoom.plot(std::vector<double>(p.yours_x.begin(), p.yours_x.begin() + static_cast<std::ptrdiff_t>(yours_finite)),
                  std::vector<double>(p.yours_y.begin(), p.yours_y.begin() + static_cast<std::ptrdiff_t>(yours_finite)),
                  yours_close);
        if (widest_distance > 0) {  // the two points of that step, joined: how far apart, and which way
            const double rx_ = p.reference_x[widest], ry_ = p.reference_y[widest];
            const double yx = p.yours_x[widest], yy = p.yours_y[widest];
            zoom.plot({rx_, yx}, {ry_, yy}, {.color = plot::colors::red, .width = 2.0});
            zoom.marker(rx_, ry_, {.marker = plot::Marker::circle, .color = plot::colors::blue, .size = 14,
                                   .label = "reference at this step", .edge_color = plot::colors::white});
            zoom.marker(yx, yy, {.marker = plot::Marker::diamond, .color = plot::colors::orange, .size = 15,
                                 .label = "yours at this step"});
            zoom.legend({.location = plot::Corner::best, .font_size = 10});
        }
        char where[80];
        std::snprintf(where, sizeof where, "Close-up at step %g, where they are farthest apart", step_at(widest));
        zoom.xlim(cx - half, cx + half).ylim(cy - half, cy + half).aspect_equal().xlabel("x").ylabel("y").title(where);
        gap.yscale(plot::Scale::log).grid(true).xlabel("step").ylabel("distance between the paths");
        gap.title("How far apart they are, step by step");
        gap.legend({.location = plot::Corner::best});
        fig.suptitle(p.title);
    }, {.width = 1650, .height = 520, .rows = 1, .cols = 3});
}

void draw_curves_on_failure(bool failed, std::string_view name, const CurvesPicture& p) {
    on_failure_draw(failed, name, [&](plot::Figure& fig) {
        auto& ax = fig.axes();
        auto reference = reference_style(p.reference_label), yours = yours_style(p.yours_label);
        if (p.x.size() > 40) reference.marker = yours.marker = plot::Marker::none;
        const auto cut = [](const std::vector<double>& ys, std::size_t n) {
            return std::vector<double>(ys.begin(), ys.begin() + static_cast<std::ptrdiff_t>(std::min(n, ys.size())));
        };
        const std::size_t n_ref = std::min(p.x.size(), p.reference.size()), n_yours = std::min(p.x.size(), p.yours.size());
        ax.plot(cut(p.x, n_ref), cut(p.reference, n_ref), reference);
        ax.plot(cut(p.x, n_yours), cut(p.yours, n_yours), yours);
        if (p.more) p.more(ax);
        if (p.log_y) ax.yscale(plot::Scale::log);
        ax.grid(true).title(p.title).xlabel(p.xlabel).ylabel(p.ylabel).legend();
    });
}

void draw_gradients_on_failure(bool failed, std::string_view name, std::string title, const std::vector<double>& analytic,
                               const std::vector<double>& numerical, double tolerance, std::string entry_label) {
    on_failure_draw(failed, name, [&](plot::Figure& fig) {
        const std::size_t n = std::min(analytic.size(), numerical.size());
        const std::vector<double> entries = plot::index_axis(n);
        auto& values = fig.subplot(0, 0);
        auto numeric = reference_style("numerical (central differences)"), yours = yours_style("yours (analytic)");
        numeric.style = yours.style = plot::LineStyle::none;  // entries are not a curve
        numeric.marker_size = 9, yours.marker_size = 9;
        values.axhline(0.0, {.color = plot::colors::gray, .width = 0.8});
        values.plot(entries, std::vector<double>(numerical.begin(), numerical.begin() + static_cast<std::ptrdiff_t>(n)), numeric);
        values.plot(entries, std::vector<double>(analytic.begin(), analytic.begin() + static_cast<std::ptrdiff_t>(n)), yours);
        values.grid(true).title("The gradient, entry by entry").xlabel(entry_label).ylabel("∂ℒ/∂θᵢ").legend();
        if (n >= 1 && n <= 12) {  // a few entries: a tick for each, not at 0.5
            std::vector<std::string> labels;
            for (std::size_t i = 0; i < n; ++i) labels.push_back(std::to_string(i));
            values.xticks(entries, labels);
            fig.subplot(0, 1).xticks(entries, labels);
        }

        // The scale-free error of gradient checking, |a − n| / max(|a|, |n|), floored so that an exact
        // entry still shows.
        auto& error = fig.subplot(0, 1);
        std::vector<double> relative, bad_x, bad_y;
        for (std::size_t i = 0; i < n; ++i) {
            const double a = analytic[i], b = numerical[i];
            const double scale = std::max({std::abs(a), std::abs(b), 1e-300});
            const double r = std::isfinite(a) && std::isfinite(b) ? std::max(std::abs(a - b) / scale, 1e-16) : 1.0;
            relative.push_back(r);
            if (!(std::abs(a - b) <= tolerance) && !(r <= tolerance)) bad_x.push_back(static_cast<double>(i)), bad_y.push_back(r);
        }
        error.plot(entries, relative, {.color = plot::colors::purple, .width = 1.2, .marker = plot::Marker::circle,
                                       .marker_size = n > 60 ? 3.0 : 6.0});
        error.scatter(bad_x, bad_y, {.color = plot::colors::red, .size = 11, .marker = plot::Marker::diamond,
                                     .label = "disagrees", .alpha = 1.0});
        error.axhline(tolerance, {.color = plot::colors::dark_gray, .width = 1.2, .style = plot::LineStyle::dashed,
                                  .label = "tolerance"});
        error.yscale(plot::Scale::log).grid(true).title("Relative error per entry").xlabel(entry_label);
        error.ylabel("|analytic − numerical| / max(|·|)").legend({.location = plot::Corner::best});
        fig.suptitle(title);
    }, two_panels);
}

void draw_index_sets_on_failure(bool failed, std::string_view name, const IndexSetsPicture& p) {
    on_failure_draw(failed, name, [&](plot::Figure& fig) {
        auto& ax = fig.axes();
        const std::size_t rows = std::max(p.yours.size(), p.reference.size());
        // Row r at height rows − r, so the first set is on top; the reference's rings a little above
        // the row's line, your squares a little below, so both show where they agree.
        const auto points = [&](const std::vector<std::vector<std::size_t>>& sets, double offset, std::vector<double>& x,
                                std::vector<double>& y) {
            for (std::size_t r = 0; r < sets.size(); ++r)
                for (std::size_t index : sets[r])
                    x.push_back(static_cast<double>(index)), y.push_back(static_cast<double>(rows - r) + offset);
        };
        std::vector<double> rx, ry, yx, yy;
        points(p.reference, 0.14, rx, ry);
        points(p.yours, -0.14, yx, yy);
        const double size = p.n > 60 ? 5 : 10;
        ax.scatter(rx, ry, {.color = plot::colors::blue, .size = size, .marker = plot::Marker::circle,
                            .label = "reference", .alpha = 1.0});
        ax.scatter(yx, yy, {.color = plot::colors::orange, .size = size, .marker = plot::Marker::square,
                            .label = "yours", .alpha = 1.0});
        std::vector<double> ticks;
        std::vector<std::string> labels;
        for (std::size_t r = 0; r < rows; ++r) {
            ticks.push_back(static_cast<double>(rows - r));
            labels.push_back(r < p.set_labels.size() ? p.set_labels[r] : "set " + std::to_string(r + 1));
        }
        std::reverse(ticks.begin(), ticks.end());
        std::reverse(labels.begin(), labels.end());
        ax.yticks(ticks, labels).ylim(0.4, static_cast<double>(rows) + 0.9);
        ax.xlim(-0.8, static_cast<double>(p.n) - 0.2).grid(true).title(p.title).xlabel(p.index_label);
        ax.legend({.location = plot::Corner::upper_right});
    });
}

}  // namespace course::teach
