// Tests of tick placement: nice linear steps, decades on log axes, and labels that never collide on
// an axis too short for the usual five or six.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common/plot/plot.hpp"
#include "common/plot/plot_internal.hpp"

namespace plot = course::plot;

namespace {

std::vector<std::string> major_labels(const std::vector<plot::Tick>& ticks) {
    std::vector<std::string> labels;
    for (const auto& t : ticks) {
        if (t.major) labels.push_back(t.label);
    }
    return labels;
}

std::vector<std::string> labels_of(const std::vector<plot::Tick>& ticks) {
    std::vector<std::string> labels;
    for (const auto& t : ticks) {
        if (!t.label.empty()) labels.push_back(t.label);
    }
    return labels;
}

}  // namespace

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

TEST(PlotTicks, LabelsOnAShortAxisNeverRunIntoEachOther) {
    // Figure 21's small histograms: at ±0.085 over ~200 px, steps of 0.025 print "−0.075−0.05−0.025".
    plot::Figure fig(1500, 1010, 4, 5);
    const double spans[] = {0.085, 2.3e-4, 1.1e-6, 3.4e-9, 1.2e-11};
    for (int c = 0; c < 5; ++c) {
        std::vector<double> values;
        for (int k = -50; k <= 50; ++k) values.push_back(spans[c] * k / 50.0);
        fig.subplot(1, c).hist(values, 40);
    }
    fig.render();
    EXPECT_TRUE(fig.layout_problems().empty()) << fig.layout_problems().front();
    for (int c = 0; c < 5; ++c) {
        const auto labels = labels_of(fig.subplot(1, c).state().xticks);
        EXPECT_GE(labels.size(), 2u) << "panel " << c << " still has labels to read a value off";
    }
    const auto first = labels_of(fig.subplot(1, 0).state().xticks);
    EXPECT_EQ(first, (std::vector<std::string>{"−0.05", "0", "0.05"})) << "fewer, rounder ticks";
}

TEST(PlotTicks, AxesWithRoomKeepTheirUsualTicks) {
    plot::Figure fig(800, 600);
    fig.axes().plot({-0.085, 0.085}, {0, 1});
    fig.render();
    EXPECT_EQ(labels_of(fig.axes().state().xticks), major_labels(plot::linear_ticks(-0.0935, 0.0935)));
}
