// Chapter 09, given code: 09_prediction_scatter.png.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "chapters/09_evaluation/report.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::evaluation {

namespace {

// True against predicted: a perfect model puts every face on the diagonal.
void draw_scatter(plot::Axes& ax, const OutputReport& output, plot::Color color) {
    const auto [t_lo, t_hi] = std::minmax_element(output.truth.begin(), output.truth.end());
    const auto [p_lo, p_hi] = std::minmax_element(output.predicted.begin(), output.predicted.end());
    const double lo = std::floor(std::min(*t_lo, *p_lo) / 10) * 10, hi = std::ceil(std::max(*t_hi, *p_hi) / 10) * 10;
    ax.scatter(output.truth, output.predicted, {.color = color, .size = 4, .label = "test faces", .alpha = 0.45});
    ax.plot({lo, hi}, {lo, hi}, {.color = plot::colors::dark_gray, .width = 1.4, .style = plot::LineStyle::dashed,
                                 .label = "perfect: predicted = true"});
    char title[96];
    std::snprintf(title, sizeof title, "%s: MAE %.1f°, RMSE %.1f°", output.name.c_str(), output.mae, output.rmse);
    ax.title(title)
        .xlabel("true " + output.name + " (°)")
        .ylabel("predicted " + output.name + " (°)")
        .xlim(lo, hi)
        .ylim(lo, hi)
        .aspect_equal()
        .grid()
        .legend();
}

// Every face's absolute error, and per bin of the true angle the mean absolute and mean signed errors.
void draw_error_by_angle(plot::Axes& ax, const OutputReport& output) {
    std::vector<double> abs_errors(output.truth.size());
    for (std::size_t i = 0; i < abs_errors.size(); ++i) abs_errors[i] = std::abs(output.predicted[i] - output.truth[i]);
    std::vector<double> centres, mae, bias;
    for (const AngleBin& bin : output.bins)
        if (bin.count > 0) centres.push_back(bin.centre()), mae.push_back(bin.mean_abs_error), bias.push_back(bin.mean_error);
    ax.scatter(output.truth, abs_errors, {.color = plot::colors::gray, .size = 3, .label = "|error| of each face", .alpha = 0.35});
    ax.axhline(0.0);
    ax.plot(centres, mae, {.color = plot::colors::red, .width = 2.4, .label = "mean |error| per bin",
                           .marker = plot::Marker::circle, .marker_size = 6});
    ax.plot(centres, bias, {.color = plot::colors::purple, .width = 2.0, .style = plot::LineStyle::dashed,
                            .label = "mean signed error (bias)", .marker = plot::Marker::square, .marker_size = 5});
    // The faces' errors fill the panel up to the largest; a third more room on top keeps the legend
    // off every face.
    double lo = 0, hi = 0;
    for (const std::vector<double>* values : {&abs_errors, &mae, &bias}) {
        for (double v : *values) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    const double span = hi - lo;
    ax.title("Where " + output.name + " goes wrong")
        .xlabel("true " + output.name + " (°)")
        .ylabel("error (°)")
        .ylim(lo - 0.05 * span, hi + 0.33 * span)
        .grid()
        .legend();
}

}  // namespace

void draw_prediction_scatter(const std::vector<OutputReport>& outputs, const std::string& path) {
    const int cols = static_cast<int>(outputs.size());
    plot::Figure fig(600 * cols, 1060, 2, cols);
    fig.suptitle("Test set: true vs predicted angles (top) and the error against the true angle (bottom)");
    const plot::Color colors[] = {plot::colors::blue, plot::colors::orange, plot::colors::green};
    for (int c = 0; c < cols; ++c) {
        draw_scatter(fig.subplot(0, c), outputs[static_cast<std::size_t>(c)], colors[c % 3]);
        draw_error_by_angle(fig.subplot(1, c), outputs[static_cast<std::size_t>(c)]);
    }
    fig.save(path);
}

}  // namespace course::evaluation
