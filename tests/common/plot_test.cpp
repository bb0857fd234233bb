// Tests of the figure library: render, read the PNG back with stb_image, and assert on pixels; plus
// unit tests of the colormaps and marching squares, and of the figure's own layout check (the tick
// algorithm has plot_ticks_test.cpp).
#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
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

}  // namespace

TEST(PlotIndexAxis, CountsFromTheFirstIndex) {
    EXPECT_EQ(course::plot::index_axis(3), (std::vector<double>{0.0, 1.0, 2.0}));
    EXPECT_EQ(course::plot::index_axis(3, 1.0), (std::vector<double>{1.0, 2.0, 3.0})) << "layers count from 1";
    EXPECT_TRUE(course::plot::index_axis(0).empty());
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

// ------------------------------------------------------------------------- the layout self-check

namespace {

std::vector<std::string> problems_of_kind(const plot::Figure& fig, const std::string& kind) {
    std::vector<std::string> found;
    for (const std::string& p : fig.layout_problems()) {
        if (p.rfind(kind + ": ", 0) == 0) found.push_back(p);
    }
    return found;
}

// A panel whose data crosses its upper right corner, and nothing else: the legend has room elsewhere.
void rising_line(plot::Axes& ax, plot::LegendOptions legend) {
    ax.xlim(0, 1).ylim(0, 1).title("rising");
    ax.plot({0.5, 1}, {0.5, 1}, {.label = "data through the upper right"});
    ax.legend(legend);
}

}  // namespace

TEST(PlotLayoutCheck, LegendPlacedOverTheDataIsCaught) {
    plot::Figure fig(800, 600);
    rising_line(fig.axes(), {.location = plot::Corner::upper_right});
    fig.render();
    const auto found = problems_of_kind(fig, "legend");
    ASSERT_EQ(found.size(), 1u) << "a legend pinned over the line must be reported";
    EXPECT_NE(found[0].find("upper right"), std::string::npos) << found[0];
    EXPECT_NE(found[0].find("“rising”"), std::string::npos) << "the problem names its panel: " << found[0];
}

TEST(PlotLayoutCheck, BestLegendAvoidsTheDataAndIsNotReported) {
    plot::Figure fig(800, 600);
    rising_line(fig.axes(), {});
    fig.render();
    EXPECT_TRUE(fig.layout_problems().empty()) << fig.layout_problems().front();
}

TEST(PlotLayoutCheck, BestLegendUsesAnEdgeMiddleWhenEveryCornerIsTaken) {
    // Data in all four corners and along the top and bottom: only the middles of the sides are free.
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    ax.xlim(0, 1).ylim(0, 1);
    ax.plot({0, 1}, {0.97, 0.97}, {.label = "top"}).plot({0, 1}, {0.03, 0.03}, {.label = "bottom"});
    ax.plot({0, 0.4}, {0.85, 0.85}).plot({0.6, 1}, {0.85, 0.85}).plot({0, 0.4}, {0.15, 0.15}).plot({0.6, 1}, {0.15, 0.15});
    ax.legend();
    fig.render();
    EXPECT_TRUE(fig.layout_problems().empty()) << fig.layout_problems().front();
}

TEST(PlotLayoutCheck, BestLegendFindsTheGapBetweenVerticalLines) {
    // Reference lines at a third and two thirds, data along the bottom and the middle height: no corner
    // and no edge middle is free, the top a quarter from the left is (figure 17's early-stopping panel).
    plot::Figure fig(1200, 500);
    auto& ax = fig.axes();
    ax.xlim(0, 1).ylim(0, 1);
    ax.plot({0, 1}, {0.05, 0.05}, {.label = "a long label for a wide legend box"}).plot({0, 1}, {0.45, 0.45});
    ax.plot({0.85, 1}, {0.9, 0.9});
    ax.axvline(0.5, {.label = "a line through the middle"}).axvline(0.05).axvline(0.95);
    ax.legend();
    fig.render();
    EXPECT_TRUE(fig.layout_problems().empty()) << fig.layout_problems().front();
}

TEST(PlotLayoutCheck, OverlappingTickLabelsAreCaught) {
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    ax.plot({0, 1}, {0, 1});
    // Hand-placed ticks are the chapter's choice, so the library keeps them, and the check speaks up.
    ax.xticks({0.5, 0.52}, {"a long category name", "another long one"});
    fig.render();
    const auto found = problems_of_kind(fig, "ticks");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].find("“a long category name”"), std::string::npos) << found[0];
}

TEST(PlotLayoutCheck, TextClippedAtTheImageEdgeIsCaught) {
    plot::Figure fig(800, 600);
    auto& ax = fig.axes();
    ax.plot({0, 1}, {0, 1});
    ax.text(0.95, 0.5, "a note that runs off the figure", {.coords = plot::Coords::axes});
    fig.render();
    const auto found = problems_of_kind(fig, "clipped");
    ASSERT_EQ(found.size(), 1u);
    EXPECT_NE(found[0].find("right edge"), std::string::npos) << found[0];
}

TEST(PlotLayoutCheck, CleanFigureHasNoProblemsAndSaveReportsOnlyWhenAsked) {
    plot::Figure clean(1200, 500, 1, 2);
    clean.subplot(0, 0).plot({1, 2, 3}, {3, 1, 2}, {.label = "a"}).legend().title("θ");
    clean.subplot(0, 1).contourf(plot::sample([](double x, double y) { return x * y; }, -1, 1, -1, 1, 30, 30)).colorbar("xy");
    clean.render();
    EXPECT_TRUE(clean.layout_problems().empty()) << clean.layout_problems().front();

    const fs::path report = temp_path("layout_report.txt");
    fs::create_directories(report.parent_path());
    fs::remove(report);
    plot::Figure misplaced(800, 600);
    rising_line(misplaced.axes(), {.location = plot::Corner::upper_right});
    misplaced.save(temp_path("misplaced.png"));
    EXPECT_FALSE(fs::exists(report)) << "without $COURSE_FIGURE_CHECK nothing is written";
    ::setenv("COURSE_FIGURE_CHECK", report.c_str(), 1);
    clean.save(temp_path("clean.png"));
    misplaced.save(temp_path("misplaced.png"));
    ::unsetenv("COURSE_FIGURE_CHECK");
    std::ifstream in(report);
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(text.rfind("misplaced.png: legend: ", 0), 0u) << text;
    EXPECT_EQ(text.find("clean.png"), std::string::npos) << "a clean figure adds nothing: " << text;
}
