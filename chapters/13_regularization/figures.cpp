// Chapter 13, given code: figures 24-29 (see lecture.hpp).
#include <algorithm>
#include <cmath>

#include "chapters/13_regularization/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::regularization {

namespace {

namespace plot = course::plot;

// Training loss dashed, validation loss solid, one colour per run; the legend names the runs unless
// another panel does.
void curves_panel(plot::Axes& ax, const CurvePanel& panel, bool with_legend = true) {
    for (std::size_t i = 0; i < panel.runs.size(); ++i) {
        const RunResult& run = *panel.runs[i];
        const plot::Color color = plot::tab10(static_cast<int>(i));
        ax.plot(run.epochs, run.val_loss, {.color = color, .width = 2.2, .label = with_legend ? run.label : ""});
        ax.plot(run.epochs, run.train_loss, {.color = color, .width = 1.4, .style = plot::LineStyle::dashed});
    }
    // Without a legend each validation curve carries its run's number, so no run is known by colour
    // alone; the numbers sit at staggered epochs (from half way to nine tenths of the run), because the
    // curves end too close together for numbers stacked at their ends.
    if (!with_legend) {
        const std::size_t n = panel.runs.size();
        for (std::size_t i = 0; i < n; ++i) {
            const RunResult& run = *panel.runs[i];
            if (run.epochs.empty()) continue;
            const double at = n > 1 ? 0.5 + 0.4 * static_cast<double>(i) / static_cast<double>(n - 1) : 0.9;
            const auto k = std::min(run.epochs.size() - 1, static_cast<std::size_t>(at * static_cast<double>(run.epochs.size() - 1)));
            ax.text(run.epochs[k], run.val_loss[k], std::to_string(i + 1),
                    {.color = plot::tab10(static_cast<int>(i)), .size = 11, .align = plot::HAlign::center,
                     .valign = plot::VAlign::center, .background = plot::colors::white});
        }
    }
    ax.title(panel.title).xlabel("epoch").ylabel("loss ℒ (solid: validation, dashed: training)");
    ax.yscale(plot::Scale::log).grid();
    if (with_legend) ax.legend({.font_size = 10});
}

}  // namespace

void draw_curves_figure(const std::string& title, const std::vector<CurvePanel>& panels, const std::string& path) {
    const int cols = static_cast<int>(panels.size());
    plot::Figure fig(cols == 1 ? 900 : 1500, 620, 1, cols);
    fig.suptitle(title);
    for (int c = 0; c < cols; ++c) curves_panel(fig.subplot(0, c), panels[static_cast<std::size_t>(c)]);
    fig.save(path);
}

void draw_weight_decay_figure(const std::vector<CurvePanel>& panels, const DecaySweep& sweep, const std::string& path) {
    const int cols = static_cast<int>(panels.size()) + 1;
    plot::Figure fig(1800, 620, 1, cols);
    fig.suptitle("Weight decay on the small training set: L2 through the gradient, or decoupled from it");
    for (int c = 0; c + 1 < cols; ++c) curves_panel(fig.subplot(0, c), panels[static_cast<std::size_t>(c)]);
    auto& ax = fig.subplot(0, cols - 1);
    ax.plot(sweep.lambdas, sweep.l2_val, {.color = plot::colors::orange, .width = 2.2, .label = "Adam + L2 (13.1)",
                                          .marker = plot::Marker::circle, .marker_size = 6});
    ax.plot(sweep.lambdas, sweep.adamw_val, {.color = plot::colors::green, .width = 2.2,
                                             .label = "AdamW: decoupled (13.2)", .marker = plot::Marker::square,
                                             .marker_size = 6});
    ax.xscale(plot::Scale::log).yscale(plot::Scale::log).grid();
    ax.title("Under Adam the same λ means different things").xlabel("weight decay λ").ylabel("final validation loss ℒ");
    ax.legend({.font_size = 10});
    fig.save(path);
}

void draw_dropout_figure(const std::vector<CurvePanel>& panels, const DropoutMeans& means, const std::string& path) {
    const int cols = static_cast<int>(panels.size()) + 1;
    plot::Figure fig(1500, 620, 1, cols);
    fig.suptitle("Dropout: the face network with units dropped in training, and why the survivors are scaled");
    for (int c = 0; c + 1 < cols; ++c) curves_panel(fig.subplot(0, c), panels[static_cast<std::size_t>(c)]);
    auto& ax = fig.subplot(0, cols - 1);
    ax.plot(means.p, means.inverted, {.color = plot::colors::blue, .width = 2.2, .label = "inverted: kept × 1/(1 − p)",
                                      .marker = plot::Marker::circle, .marker_size = 5});
    ax.plot(means.p, means.plain, {.color = plot::colors::red, .width = 2.2, .label = "not scaled",
                                   .marker = plot::Marker::square, .marker_size = 5});
    ax.title("Mean of dropout(x = 1) over 100,000 entries").xlabel("p, the drop probability").ylabel("E[output]");
    ax.ylim(0.0, 1.25).grid().legend({.font_size = 10});
    fig.save(path);
}

void draw_augmentation_figure(const std::vector<FaceTile>& tiles, const CurvePanel& curves, const std::string& path) {
    const int rows = 2, tile_cols = static_cast<int>((tiles.size() + 1) / 2);
    plot::Figure fig(1600, 720, rows, tile_cols + 1);
    fig.suptitle("Augmentation: new training faces from old ones — the mirror image turns the other way, so its yaw "
                 "changes sign");
    for (std::size_t i = 0; i < tiles.size(); ++i) {
        auto& ax = fig.subplot(static_cast<int>(i) / tile_cols, static_cast<int>(i) % tile_cols);
        ax.image(tiles[i].pixels, 32, 32);
        ax.xlabel(tiles[i].caption);
    }
    // The curves fill their small panel: the runs are named in the legend of the bars below, clear of data.
    curves_panel(fig.subplot(0, tile_cols), curves, false);
    fig.subplot(0, tile_cols).xlabel("epoch (colours: the runs below)");
    // The bottom right: the final test error of each run of the panel.
    auto& bars = fig.subplot(1, tile_cols);
    std::vector<double> xs;
    std::vector<std::string> labels;
    double top = 0.0;
    for (std::size_t i = 0; i < curves.runs.size(); ++i) {
        const double mae = curves.runs[i]->final_test_mae();
        bars.bar({static_cast<double>(i)}, {mae}, {.color = plot::tab10(static_cast<int>(i)), .width = 0.6,
                                                   .label = std::to_string(i + 1) + ": " + curves.runs[i]->label});
        bars.text(static_cast<double>(i), mae, fmt(mae, 3) + "°",
                  {.size = 10, .align = plot::HAlign::center, .valign = plot::VAlign::bottom});
        xs.push_back(static_cast<double>(i));
        labels.push_back(std::to_string(i + 1));
        top = std::max(top, mae);
    }
    // Headroom above the bars holds the legend.
    bars.xticks(xs, labels).xlim(-0.6, static_cast<double>(xs.size()) - 0.4).ylim(0.0, 2.0 * top);
    bars.title("Test error after training").xlabel("run (as numbered in the legend)").ylabel("test MAE (°)");
    bars.legend({.font_size = 9});
    fig.save(path);
}

void draw_early_stopping_figure(double lr, const std::vector<std::int64_t>& steps, const RunResult& run,
                                const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("Early stopping regularizes: k steps of gradient descent filter the spectrum like ridge with τ = 1/(αk)");
    auto& ax = fig.subplot(0, 0);
    std::vector<double> lambdas;
    for (int i = 0; i <= 120; ++i) lambdas.push_back(std::pow(10.0, -4.0 + 4.0 * i / 120.0) / lr);
    for (std::size_t s = 0; s < steps.size(); ++s) {
        std::vector<double> gd, ridge;
        const double tau = 1.0 / (lr * static_cast<double>(steps[s]));
        for (const double lambda : lambdas) {
            gd.push_back(lambda * gd_filter(lambda, lr, steps[s]));
            ridge.push_back(lambda * tikhonov_filter(lambda, tau));
        }
        const plot::Color color = plot::tab10(static_cast<int>(s));
        ax.plot(lambdas, gd, {.color = color, .width = 2.2, .label = "GD, k = " + std::to_string(steps[s])});
        ax.plot(lambdas, ridge, {.color = color, .width = 1.6, .style = plot::LineStyle::dashed,
                                 .label = "ridge, τ = 1/(αk) = " + fmt(tau, 2)});
    }
    ax.xscale(plot::Scale::log).grid().legend({.font_size = 10});
    ax.title("Share of each eigen-direction fitted, λ·f(λ) (α = " + fmt(lr) + ")")
        .xlabel("eigenvalue λ of XᵀX")
        .ylabel("λ·f(λ): 0 = ignored, 1 = fitted");
    auto& right = fig.subplot(0, 1);
    right.plot(run.epochs, run.val_loss, {.color = plot::colors::orange, .width = 2.2, .label = "validation"});
    right.plot(run.epochs, run.train_loss, {.color = plot::colors::blue, .width = 2.2, .label = "training"});
    right.axvline(run.epochs[run.best], {.color = plot::colors::gray, .width = 1.2, .style = plot::LineStyle::dashed,
                                         .label = "least validation loss: stop here"});
    right.marker(run.epochs[run.best], run.val_loss[run.best], {.marker = plot::Marker::star, .size = 16});
    right.title(run.label + ": where early stopping stops").xlabel("epoch").ylabel("loss ℒ");
    right.yscale(plot::Scale::log).grid().legend({.font_size = 10});
    fig.save(path);
}

// Horizontal bars, drawn as filled bands so that the labels can be long: the best at the top.
void draw_summary_figure(const std::vector<std::string>& labels, const std::vector<double>& test_mae, double baseline,
                         const std::string& path) {
    plot::Figure fig(1200, 120 + 44 * static_cast<int>(labels.size()), 1, 1);
    auto& ax = fig.axes();
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return test_mae[a] > test_mae[b]; });
    // The baseline's line first, so that the bars and their labels are drawn over it.
    ax.axvline(baseline, {.color = plot::colors::black, .width = 1.2, .style = plot::LineStyle::dashed,
                          .label = "no regularization: " + fmt(baseline, 3) + "°"});
    std::vector<double> ys;
    std::vector<std::string> names;
    double top = 0.0;
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const std::size_t i = order[rank];
        const double y = static_cast<double>(rank), value = test_mae[i];
        const plot::Color color = value < baseline ? plot::colors::green : value > baseline ? plot::colors::red
                                                                                            : plot::colors::gray;
        ax.fill_between({0.0, value}, {y - 0.35, y - 0.35}, {y + 0.35, y + 0.35}, {.color = color, .alpha = 0.75});
        ax.text(value, y, fmt(value, 3) + "°  ", {.color = plot::colors::white, .size = 10, .align = plot::HAlign::right,
                                                .valign = plot::VAlign::center});
        ys.push_back(y);
        names.push_back(labels[i]);
        top = std::max(top, value);
    }
    // Better or worse is said in words too, not by green against red alone: the difference from no
    // regularization in a column right of the bars.
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
        const double difference = test_mae[order[rank]] - baseline;
        const std::string sign = difference < 0 ? "−" : difference > 0 ? "+" : "±";
        ax.text(1.04 * top, static_cast<double>(rank), sign + fmt(std::abs(difference), 2) + "°" + (difference < 0 ? " better" : difference > 0 ? " worse" : ""),
                {.color = plot::colors::dark_gray, .size = 10, .valign = plot::VAlign::center});
    }
    // An empty row on top holds the legend, clear of every bar.
    ax.yticks(ys, names).ylim(-0.6, static_cast<double>(ys.size()) + 0.6).xlim(0.0, 1.25 * top);
    ax.title("Test error of each regularizer: same training faces, same seeds (green, −: better than none; red, +: worse)")
        .xlabel("test mean absolute error over yaw and pitch (°)")
        .legend({.font_size = 10});
    fig.save(path);
}

}  // namespace course::regularization
