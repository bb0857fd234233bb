// Chapter 18, given code: the figures (figures.hpp).
#include "chapters/18_convolutional_networks/figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::convolutional {

void draw_filters(const Conv2d& layer, const std::string& title, const std::string& path) {
    const std::size_t k = layer.spec.kernel, count = layer.spec.out_channels;
    const int cols = 8, rows = static_cast<int>((count + 7) / 8);
    // The colour scale is the 95th percentile of |w|, not the largest: one large weight would otherwise
    // wash every other filter out to grey. The few weights beyond it saturate (the colour bar says so).
    std::vector<double> magnitudes;
    for (double w : layer.weight.values()) magnitudes.push_back(std::abs(w));
    std::sort(magnitudes.begin(), magnitudes.end());
    const double largest = magnitudes.empty() ? 1.0 : magnitudes.back();
    double scale = magnitudes.empty() ? 1.0 : magnitudes[static_cast<std::size_t>(0.95 * static_cast<double>(magnitudes.size() - 1))];
    if (!(scale > 0)) scale = largest > 0 ? largest : 1.0;
    // One more column for the colour bar: a ramp from −scale to +scale drawn as a panel of its own.
    plot::Figure fig(1300, 190 * rows + 90, rows, cols + 1);
    fig.suptitle(title + "  (colours ±" + fmt(scale, 2) + ", the 95th percentile of |w|" +
                 (largest > scale ? "; the largest, " + fmt(largest, 2) + ", saturates)" : ")"));
    for (std::size_t f = 0; f < count; ++f) {
        auto& ax = fig.subplot(static_cast<int>(f) / cols, static_cast<int>(f) % cols);
        std::vector<double> pixels(layer.weight.row_data(f), layer.weight.row_data(f) + k * k);  // channel 0
        ax.image(pixels, static_cast<int>(k), static_cast<int>(k),
                 {.vmin = -scale, .vmax = scale, .colormap = plot::Colormap::coolwarm});
        ax.xlabel("filter " + std::to_string(f + 1));
    }
    plot::Grid ramp{.nx = 2, .ny = 65, .x0 = 0, .x1 = 1, .y0 = -scale, .y1 = scale, .z = {}};
    for (int j = 0; j < ramp.ny; ++j) ramp.z.insert(ramp.z.end(), 2, ramp.y(j));
    auto& bar = fig.subplot(0, cols);
    bar.heatmap(ramp, {.vmin = -scale, .vmax = scale, .colormap = plot::Colormap::coolwarm}).xticks({});
    bar.title("weight");
    fig.save(path);
}

void draw_feature_maps(const std::vector<double>& image, const std::string& caption, const Matrix& maps,
                       const std::string& path) {
    const int cols = 6, rows = static_cast<int>((maps.rows() + 1 + cols - 1) / cols);
    plot::Figure fig(1200, 215 * rows + 80, rows, cols);
    fig.suptitle("What the first layer sees: its " + std::to_string(maps.rows()) +
                 " feature maps (after batch norm and ReLU) of one test image");
    fig.subplot(0, 0).image(image, 28, 28).xlabel("input: " + caption);
    double top = 0.0;
    for (double v : maps.values()) top = std::max(top, v);
    for (std::size_t m = 0; m < maps.rows(); ++m) {
        const int at = static_cast<int>(m) + 1;
        auto& ax = fig.subplot(at / cols, at % cols);
        ax.image(std::vector<double>(maps.row_data(m), maps.row_data(m) + maps.cols()), 28, 28,
                 {.vmin = 0.0, .vmax = top > 0 ? top : 1.0, .colormap = plot::Colormap::viridis});
        ax.xlabel("map " + std::to_string(m + 1));
    }
    fig.save(path);
}

void draw_training_curves(const std::vector<TrainingRun>& runs, const std::string& data_name, const std::string& path) {
    plot::Figure fig(1200, 500, 1, 2);
    std::string names;  // "MLP, CNN and ResCNN"
    for (std::size_t r = 0; r < runs.size(); ++r)
        names += (r == 0 ? "" : r + 1 == runs.size() ? " and " : ", ") + runs[r].name;
    fig.suptitle(data_name + ": " + names + ", one validation check per epoch (Adam)");
    auto& loss = fig.subplot(0, 0);
    auto& acc = fig.subplot(0, 1);
    loss.title("validation loss").xlabel("epoch").ylabel("cross-entropy").yscale(plot::Scale::log).grid(true);
    acc.title("validation accuracy").xlabel("epoch").ylabel("accuracy").grid(true);
    for (std::size_t r = 0; r < runs.size(); ++r) {
        const std::vector<double> epochs = plot::index_axis(runs[r].val_loss.size());
        const plot::Color color = plot::tab10(static_cast<int>(r));
        loss.plot(epochs, runs[r].val_loss, {.color = color, .label = runs[r].name, .marker = plot::Marker::circle});
        // The accuracy before training (about 1/classes) squeezes the interesting part: start at epoch 1.
        acc.plot(std::vector<double>(epochs.begin() + 1, epochs.end()),
                 std::vector<double>(runs[r].val_accuracy.begin() + 1, runs[r].val_accuracy.end()),
                 {.color = color, .label = runs[r].name, .marker = plot::Marker::circle});
    }
    // Whole epochs on both axes (at most ~10 labelled ticks).
    const std::size_t epochs = runs.empty() ? 1 : runs.front().val_loss.size() - 1;
    const std::size_t every = std::max<std::size_t>(1, (epochs + 9) / 10);
    std::vector<double> ticks;
    for (std::size_t e = 0; e <= epochs; e += every) ticks.push_back(static_cast<double>(e));
    loss.xticks(ticks);
    acc.xticks(std::vector<double>(ticks.begin() + (ticks.size() > 1 ? 1 : 0), ticks.end()));
    if (epochs == 1) acc.xlim(0.5, 1.5);
    loss.legend();
    acc.legend();
    fig.save(path);
}

void draw_predictions(const Matrix& X, const std::vector<std::size_t>& truth, const std::vector<std::size_t>& predicted,
                      const std::vector<std::string>& names, const std::string& path) {
    const int rows = 3, cols = 6;
    plot::Figure fig(1200, 690, rows, cols);
    fig.suptitle("The CNN on test images: prediction (truth when wrong)");
    for (int t = 0; t < rows * cols && t < static_cast<int>(truth.size()); ++t) {
        const auto i = static_cast<std::size_t>(t);
        auto& ax = fig.subplot(t / cols, t % cols);
        ax.image(std::vector<double>(X.row_data(i), X.row_data(i) + 784), 28, 28);
        const bool right = truth[i] == predicted[i];
        ax.xlabel(right ? names[predicted[i]] : "✗ " + names[predicted[i]] + " (" + names[truth[i]] + ")");
    }
    fig.save(path);
}

}  // namespace course::convolutional
