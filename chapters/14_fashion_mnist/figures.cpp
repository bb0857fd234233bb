// Chapter 14, given code: figures 30 (the data), 34 (the confusion matrix) and 35 (misclassified images).
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/lecture.hpp"
#include "common/plot/plot.hpp"

namespace course::fashion_mnist {

void draw_samples(const Dataset& train, const std::string& path) {
    const int per_class = 4;
    plot::Figure fig(1400, 640, per_class, static_cast<int>(kClasses));
    fig.suptitle("Fashion-MNIST: the first training images of each class (28 × 28, grayscale)");
    std::vector<int> found(kClasses, 0);
    for (std::size_t i = 0; i < train.size(); ++i) {
        const auto k = static_cast<std::size_t>(train.Y(i, 0));
        if (found[k] >= per_class) continue;
        auto& ax = fig.subplot(found[k], static_cast<int>(k));
        // Inverted (ink dark on white), as the clothes would be drawn on a slide.
        std::vector<double> pixels = image_pixels(train.X, i);
        for (double& p : pixels) p = 1.0 - p;
        ax.image(pixels, static_cast<int>(kSide), static_cast<int>(kSide));
        if (found[k] == per_class - 1) ax.xlabel(class_names()[k]);
        ++found[k];
    }
    fig.save(path);
}

void draw_confusion(const Matrix& counts, const std::vector<std::string>& names, const std::string& path) {
    const int K = static_cast<int>(counts.rows());
    plot::Grid grid{.nx = K, .ny = K, .x0 = 0, .x1 = K - 1.0, .y0 = 0, .y1 = K - 1.0};
    grid.z.assign(static_cast<std::size_t>(K * K), 0.0);
    for (int t = 0; t < K; ++t) {
        double row_total = 0.0;
        for (int p = 0; p < K; ++p) row_total += counts(t, p);
        // Row j of the grid is drawn at y = j, upwards: true class t goes to row K − 1 − t, so class 0 is on top.
        for (int p = 0; p < K; ++p)
            grid.at(p, K - 1 - t) = row_total > 0 ? counts(static_cast<std::size_t>(t), static_cast<std::size_t>(p)) / row_total : 0.0;
    }
    plot::Figure fig(1000, 860);
    auto& ax = fig.axes();
    ax.heatmap(grid, {.vmin = 0.0, .vmax = 1.0}).colorbar("share of the true class");
    // Both axes name the classes the same way, by name. The predicted classes' names stand side by side
    // under the columns; where two neighbours would run into each other (many classes, long names), both
    // axes show the class numbers instead, and the true-class axis keys them to the names ("3 Dress").
    const double tick_size = 11;  // the plot library's tick labels
    double widest = 0;
    for (const std::string& name : names) widest = std::max(widest, plot::measure_text(name, tick_size).width);
    const double column = (fig.width() - 200.0 - widest) / K;  // a column's width: the colorbar and margins aside
    bool names_fit = true;
    for (int k = 0; k + 1 < K; ++k)
        names_fit = names_fit && (plot::measure_text(names[static_cast<std::size_t>(k)], tick_size).width +
                                  plot::measure_text(names[static_cast<std::size_t>(k) + 1], tick_size).width) / 2 + 12 <= column;
    std::vector<double> ticks;
    std::vector<std::string> predicted, truth;
    for (int k = 0; k < K; ++k) {
        ticks.push_back(k);
        predicted.push_back(names_fit ? names[static_cast<std::size_t>(k)] : std::to_string(k));
    }
    for (int k = K - 1; k >= 0; --k)
        truth.push_back(names_fit ? names[static_cast<std::size_t>(k)] : std::to_string(k) + " " + names[static_cast<std::size_t>(k)]);
    ax.xticks(ticks, predicted).yticks(ticks, truth);
    for (int t = 0; t < K; ++t)
        for (int p = 0; p < K; ++p) {
            const double share = grid.at(p, K - 1 - t);
            const double n = counts(static_cast<std::size_t>(t), static_cast<std::size_t>(p));
            if (n == 0) continue;
            ax.text(p, K - 1 - t, std::to_string(static_cast<long>(n)),
                    {.color = share > 0.5 ? plot::colors::black : plot::colors::white, .size = 11,
                     .align = plot::HAlign::center, .valign = plot::VAlign::center});
        }
    ax.xlabel("predicted class").ylabel("true class").title("Confusion matrix of the best MLP on the test set (counts)");
    fig.save(path);
}

void draw_misclassified(const Dataset& test, const Matrix& logits, std::size_t count, const std::string& path) {
    const std::vector<std::size_t> predicted = argmax_per_row(logits);
    std::vector<std::size_t> wrong;
    for (std::size_t i = 0; i < test.size() && wrong.size() < count; ++i)
        if (static_cast<double>(predicted[i]) != test.Y(i, 0)) wrong.push_back(i);
    const int cols = 8, rows = static_cast<int>((count + cols - 1) / cols);
    plot::Figure fig(1400, 210 * rows + 60, rows, cols);
    fig.suptitle("The first misclassified test images: true class → predicted class");
    for (std::size_t k = 0; k < wrong.size(); ++k) {
        auto& ax = fig.subplot(static_cast<int>(k) / cols, static_cast<int>(k) % cols);
        std::vector<double> pixels = image_pixels(test.X, wrong[k]);
        for (double& p : pixels) p = 1.0 - p;
        ax.image(pixels, static_cast<int>(kSide), static_cast<int>(kSide));
        const auto t = static_cast<std::size_t>(test.Y(wrong[k], 0));
        ax.xlabel(class_names()[t] + " → " + class_names()[predicted[wrong[k]]]);
    }
    fig.save(path);
}

}  // namespace course::fashion_mnist
