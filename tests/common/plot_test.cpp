// Tests of the figure library: render, read the PNG back with stb_image, and assert on pixels; plus
// unit tests of the tick algorithm, the colormaps and marching squares.
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/plot/plot.hpp"
#include "common/plot/plot_internal.hpp"

namespace plot = course::plot;
namespace fs = std::filesystem;

namespace {

fs::path temp_path(const std::string& name) { return fs::path(::testing::TempDir()) / "course_plot_test" / name; }

struct Png {
    int width = 0, height = 0;
    std::vector<unsigned char> rgb;
    plot::Color at(int x, int y) const {
        const std::size_t k = (static_cast<std::size_t>(y) * width + x) * 3;
        return {rgb[k], rgb[k + 1], rgb[k + 2]};
    }
};

Png load_png(const fs::path& path) {
    Png png;
    int channels = 0;
    unsigned char* data = stbi_load(path.c_str(), &png.width, &png.height, &channels, 3);
    if (!data) throw std::runtime_error("stb_image cannot read " + path.string());
    png.rgb.assign(data, data + static_cast<std::size_t>(png.width) * png.height * 3);
    stbi_image_free(data);
    return png;
}

std::vector<unsigned char> file_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool is_white(plot::Color c) { return c.r > 245 && c.g > 245 && c.b > 245; }

int distance(plot::Color a, plot::Color b) {
    return std::max({std::abs(a.r - b.r), std::abs(a.g - b.g), std::abs(a.b - b.b)});
}

std::vector<std::string> major_labels(const std::vector<plot::Tick>& ticks) {
    std::vector<std::string> labels;
    for (const auto& t : ticks) {
        if (t.major) labels.push_back(t.label);
    }
    return labels;
}

}  // namespace

TEST(PlotIndexAxis, CountsFromTheFirstIndex) {
    EXPECT_EQ(course::plot::index_axis(3), (std::vector<double>{0.0, 1.0, 2.0}));
    EXPECT_EQ(course::plot::index_axis(3, 1.0), (std::vector<double>{1.0, 2.0, 3.0})) << "layers count from 1";
    EXPECT_TRUE(course::plot::index_axis(0).empty());
}

TEST(PlotTicks, UnitRangeGetsTenthsWithoutTrailingZeros) {
    EXPECT_EQ(major_labels(plot::linear_ticks(0, 1)), (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"}));
}

TEST(PlotTicks, NegativeValuesUseTrueMinusSign) {
    const auto labels = major_labels(plot::linear_ticks(-2, 2));
    ASSERT_FALSE(labels.empty());
    EXPECT_EQ(labels.front(), "−2") << "tick labels should use U+2212, as matplotlib does";
}

TEST(PlotTicks, EveryRangeGetsFourToEightNiceTicks) {
    const double ranges[][2] = {{0, 1}, {0, 3}, {-1, 3}, {0, 7.3}, {0.001, 0.0047}, {-250, 1300}, {0, 1e6},
                                {17, 18}, {-0.05, 0.05}, {0, 300}, {1e-7, 5e-7}, {-60, 60}};
    for (const auto& r : ranges) {
        const auto ticks = plot::linear_ticks(r[0], r[1]);
        EXPECT_GE(ticks.size(), 4u) << "range [" << r[0] << ", " << r[1] << "]";
        EXPECT_LE(ticks.size(), 8u) << "range [" << r[0] << ", " << r[1] << "]";
        ASSERT_GE(ticks.size(), 2u);
        const double step = ticks[1].value - ticks[0].value;
        const double mantissa = step / std::pow(10.0, std::floor(std::log10(step)));
        const bool nice = std::fabs(mantissa - 1) < 1e-6 || std::fabs(mantissa - 2) < 1e-6 ||
                          std::fabs(mantissa - 2.5) < 1e-6 || std::fabs(mantissa - 5) < 1e-6;
        EXPECT_TRUE(nice) << "step " << step << " for range [" << r[0] << ", " << r[1] << "] is not 1, 2, 2.5 or 5 × 10ᵏ";
        for (const auto& t : ticks) {
            EXPECT_GE(t.value, r[0] - 1e-9 * (r[1] - r[0]));
            EXPECT_LE(t.value, r[1] + 1e-9 * (r[1] - r[0]));
            EXPECT_FALSE(t.label.find('.') != std::string::npos && t.label.back() == '0')
                << "trailing zero in \"" << t.label << "\"";
        }
    }
}

TEST(PlotTicks, LogAxisLabelsDecadesAsPowersOfTen) {
    const auto ticks = plot::log_ticks(1e-3, 1e2);
    EXPECT_EQ(major_labels(ticks), (std::vector<std::string>{"10⁻³", "10⁻²", "10⁻¹", "10⁰", "10¹", "10²"}));
    int minors_in_first_decade = 0;
    for (const auto& t : ticks) {
        if (!t.major && t.value > 1e-3 && t.value < 1e-2) ++minors_in_first_decade;
    }
    EXPECT_EQ(minors_in_first_decade, 8) << "minor ticks at 2..9 × 10⁻³";
}

TEST(PlotTicks, LogAxisOverManyDecadesLabelsEveryFewDecades) {
    EXPECT_LE(major_labels(plot::log_ticks(1e-12, 1e4)).size(), 8u);
}

TEST(PlotTicks, LogAxisOverFewDecadesCanLabelTwoAndFive) {
    // A loss curve from 0.015 to 1.05: only 10⁻¹ and 10⁰ are powers of ten, too few labels to read by.
    std::vector<std::string> labels;
    std::size_t minors = 0;
    for (const auto& t : plot::log_ticks_with_minor_labels(0.015, 1.05)) {
        if (!t.label.empty()) labels.push_back(t.label);
        if (!t.major) ++minors;
    }
    EXPECT_EQ(labels, (std::vector<std::string>{"2×10⁻²", "5×10⁻²", "10⁻¹", "2×10⁻¹", "5×10⁻¹", "10⁰"}));
    EXPECT_EQ(minors, 16u) << "the minor ticks stay minor (no grid line), labelled or not: 2..9 × 10⁻² and × 10⁻¹";
    const auto wide = plot::log_ticks_with_minor_labels(1e-6, 1e2);
    EXPECT_EQ(major_labels(wide), major_labels(plot::log_ticks(1e-6, 1e2)));
    EXPECT_EQ(std::count_if(wide.begin(), wide.end(), [](const plot::Tick& t) { return !t.major && !t.label.empty(); }), 0)
        << "over more than three decades the minor ticks stay unlabelled";
}

TEST(PlotColor, ViridisHitsItsAnchorsAndTab10Wraps) {
    EXPECT_EQ(plot::viridis(0), plot::hex("#440154"));
    EXPECT_EQ(plot::viridis(0.5), plot::hex("#21918c"));
    EXPECT_EQ(plot::viridis(1), plot::hex("#fde725"));
    EXPECT_EQ(plot::viridis(7), plot::hex("#fde725")) << "t is clamped";
    EXPECT_EQ(plot::tab10(0), plot::hex("#1f77b4"));
    EXPECT_EQ(plot::tab10(13), plot::hex("#d62728"));
    EXPECT_EQ(plot::named("tab:orange"), plot::hex("#ff7f0e"));
    EXPECT_THROW(plot::hex("#12345"), std::invalid_argument);
    EXPECT_THROW(plot::named("bluish"), std::invalid_argument);
}

TEST(PlotAxes, LineLandsWhereTransformSays) {
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    ax.xlim(0, 1).ylim(0, 1).plot({0, 1}, {0, 1}, {.color = plot::colors::red, .width = 3});
    const fs::path path = temp_path("line.png");
    fig.save(path);
    const Png png = load_png(path);
    ASSERT_EQ(png.width, 800);
    ASSERT_EQ(png.height, 600);
    for (double t : {0.2, 0.4, 0.6, 0.8}) {
        const auto [px, py] = ax.to_pixel(t, t);
        const plot::Color on = png.at(static_cast<int>(px), static_cast<int>(py));
        EXPECT_LE(distance(on, plot::colors::red), 40) << "at data (" << t << ", " << t << ") → pixel (" << px << ", " << py << ")";
        const plot::Color off = png.at(static_cast<int>(px), static_cast<int>(py) - 12);
        EXPECT_TRUE(is_white(off)) << "12 px above the line at t = " << t;
    }
    const auto area = ax.plot_area();
    EXPECT_NEAR(ax.to_pixel(0, 0)[0], area[0], 1e-9);
    EXPECT_NEAR(ax.to_pixel(1, 1)[1], area[1], 1e-9);
}

TEST(PlotContour, FilledColourMatchesViridisAtThatBand) {
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    const plot::Grid ramp = plot::sample([](double x, double) { return x; }, 0, 1, 0, 1, 50, 50);
    ax.contourf(ramp, {.levels = {0, 0.25, 0.5, 0.75, 1}});
    ax.colorbar("x");
    const Png png = load_png([&] { fs::path p = temp_path("contourf.png"); fig.save(p); return p; }());
    for (double x : {0.1, 0.4, 0.6, 0.9}) {
        const auto [px, py] = ax.to_pixel(x, 0.5);
        const int band = static_cast<int>(x / 0.25);
        const plot::Color want = plot::viridis((band + 0.5) / 4);
        EXPECT_LE(distance(png.at(static_cast<int>(px), static_cast<int>(py)), want), 2)
            << "value " << x << " is in band " << band << " and should have viridis(" << (band + 0.5) / 4 << ")";
    }
}

TEST(PlotContour, MarchingSquaresTracesTheUnitCircle) {
    const plot::Grid bowl = plot::sample([](double x, double y) { return x * x + y * y; }, -2, 2, -2, 2, 41, 41);
    const auto segments = course::plot::contour_segments(bowl, 1.0);
    ASSERT_GT(segments.size(), 20u);
    for (const auto& [a, b] : segments) {
        EXPECT_NEAR(std::hypot(a.x, a.y), 1.0, 0.01);
        EXPECT_NEAR(std::hypot(b.x, b.y), 1.0, 0.01);
    }
}

TEST(PlotContour, SaddleCellIsResolvedByTheCentreAverage) {
    // Corners (counter-clockwise from lower left) 1, 0, 1, 0.2: the centre average 0.55 is above the
    // level 0.5, so the two high corners stay joined and the lines cut off the two low corners.
    plot::Grid cell{2, 2, 0, 1, 0, 1, {1, 0, 0.2, 1}};
    const auto segments = course::plot::contour_segments(cell, 0.5);
    ASSERT_EQ(segments.size(), 2u);
    for (const auto& [a, b] : segments) {
        const double mid_x = (a.x + b.x) / 2, mid_y = (a.y + b.y) / 2;
        const bool near_low_corner = (mid_x > 0.5 && mid_y < 0.5) || (mid_x < 0.5 && mid_y > 0.5);
        EXPECT_TRUE(near_low_corner) << "segment midpoint (" << mid_x << ", " << mid_y << ")";
    }
}

TEST(PlotText, InkInsideItsBoxAndNoneOutside) {
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    ax.xlim(0, 1).ylim(0, 1);
    const std::string text = "∇L(θ) = 2·θ²";
    ax.text(0.5, 0.5, text, {.size = 20, .align = plot::HAlign::center, .valign = plot::VAlign::baseline});
    const fs::path path = temp_path("text.png");
    fig.save(path);
    const Png png = load_png(path);
    const auto [ax_px, ay_px] = ax.to_pixel(0.5, 0.5);
    const plot::TextExtent e = plot::measure_text(text, 20);
    const double left = ax_px - e.width / 2, right = ax_px + e.width / 2, top = ay_px - e.ascent, bottom = ay_px + e.descent;
    int ink_inside = 0, ink_outside = 0;
    for (int y = static_cast<int>(top) - 25; y < static_cast<int>(bottom) + 25; ++y) {
        for (int x = static_cast<int>(left) - 25; x < static_cast<int>(right) + 25; ++x) {
            const bool ink = !is_white(png.at(x, y));
            const bool inside = x >= left - 2 && x <= right + 2 && y >= top - 2 && y <= bottom + 2;
            (inside ? ink_inside : ink_outside) += ink ? 1 : 0;
        }
    }
    EXPECT_GT(ink_inside, 100) << "the text should leave ink in its box";
    EXPECT_EQ(ink_outside, 0) << "no ink around the text's box";
}

TEST(PlotText, FontIsFoundAndGreekGlyphsHaveWidth) {
    if (plot::font_path().empty()) GTEST_SKIP() << "no DejaVu Sans installed; the stb_easy_font fallback is in use";
    EXPECT_GT(plot::measure_text("θ", 16).width, 5);
    EXPECT_GT(plot::measure_text("AV", 16).width, 0);
    EXPECT_LT(plot::measure_text("AV", 16).width, plot::measure_text("A", 16).width + plot::measure_text("V", 16).width)
        << "kerning pulls A and V together";
}

TEST(PlotImage, PixelsStayCrispBlocksWithRowZeroAtTheTop) {
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    ax.image({0, 1, 1, 0}, 2, 2);  // black top-left, white top-right, white bottom-left, black bottom-right
    fig.save(temp_path("image.png"));
    const Png png = load_png(temp_path("image.png"));
    auto pixel = [&](double x, double y) {
        const auto [px, py] = ax.to_pixel(x, y);
        return png.at(static_cast<int>(px), static_cast<int>(py));
    };
    EXPECT_EQ(pixel(0.5, 1.5), plot::colors::black);
    EXPECT_EQ(pixel(1.5, 1.5), plot::colors::white);
    EXPECT_EQ(pixel(0.5, 0.5), plot::colors::white);
    EXPECT_EQ(pixel(1.5, 0.5), plot::colors::black);
    EXPECT_EQ(pixel(0.98, 1.5), plot::colors::black) << "nearest neighbour: no blur at block edges";
}

TEST(PlotSave, IsAtomicAndByteIdenticalAndCreatesFolders) {
    const fs::path dir = temp_path("nested/deeper");
    fs::remove_all(dir);
    const fs::path first = dir / "a.png", second = dir / "b.png";
    {
        plot::Figure fig(1200, 500, 1, 2);
        fig.subplot(0, 0).plot({1, 2, 3}, {3, 1, 2}, {.label = "a"}).legend().title("θ");
        fig.subplot(0, 1).contourf(plot::sample([](double x, double y) { return x * y; }, -1, 1, -1, 1, 30, 30)).colorbar();
        fig.save(first);
        fig.save(second);
    }
    EXPECT_TRUE(fs::exists(first));
    EXPECT_FALSE(fs::exists(first.string() + ".tmp")) << "the temporary file is renamed away";
    EXPECT_EQ(file_bytes(first), file_bytes(second)) << "saving the same figure twice gives the same bytes";
}

TEST(PlotSave, FailureThrowsRuntimeErrorNamingThePath) {
    const fs::path blocker = temp_path("not_a_folder");
    fs::create_directories(blocker.parent_path());
    std::ofstream(blocker) << "a file where a folder should be";
    plot::Figure fig(800, 600);
    fig.axes().plot({0, 1}, {0, 1});
    const fs::path target = blocker / "figure.png";
    try {
        fig.save(target);
        FAIL() << "saving under a regular file should throw";
    } catch (const std::runtime_error& error) {
        EXPECT_NE(std::string(error.what()).find(target.string()), std::string::npos) << error.what();
    }
}

TEST(PlotInput, MismatchedLengthsThrowNamingTheCall) {
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    try {
        ax.plot({1, 2, 3}, {1, 2});
        FAIL() << "plot() with 3 xs and 2 ys should throw";
    } catch (const std::invalid_argument& error) {
        EXPECT_NE(std::string(error.what()).find("plot()"), std::string::npos) << error.what();
    }
    EXPECT_THROW(ax.scatter({1}, {1, 2}), std::invalid_argument);
    EXPECT_THROW(ax.fill_between({1, 2}, {1, 2}, {1}), std::invalid_argument);
    EXPECT_THROW(ax.plot3d({1}, {1}, {}), std::invalid_argument);
    EXPECT_THROW(ax.image({0, 1, 2}, 2, 2), std::invalid_argument);
    EXPECT_THROW(ax.contourf(plot::Grid{3, 3, 0, 1, 0, 1, {1, 2}}), std::invalid_argument);
    EXPECT_THROW(fig.subplot(1, 0), std::out_of_range);
}

TEST(PlotInput, NanInfEmptyAndNonPositiveOnLogAxesAreSkipped) {
    plot::Figure fig(1200, 500, 1, 2);
    const double nan = std::nan(""), inf = std::numeric_limits<double>::infinity();
    fig.subplot(0, 0).plot({0, 1, 2, 3, 4}, {1, nan, 2, inf, 3}).plot(std::vector<double>{}, std::vector<double>{}).scatter({nan}, {1});
    fig.subplot(0, 1).yscale(plot::Scale::log).plot({0, 1, 2, 3}, {10, 0, -1, 1000}, {.label = "loss"}).legend();
    const fs::path path = temp_path("robust.png");
    ASSERT_NO_THROW(fig.save(path));
    const Png png = load_png(path);
    EXPECT_EQ(png.width, 1200);
    auto& log_axes = fig.subplot(0, 1);
    const auto [px, py] = log_axes.to_pixel(0, 10);
    EXPECT_TRUE(std::isfinite(px) && std::isfinite(py));
}
