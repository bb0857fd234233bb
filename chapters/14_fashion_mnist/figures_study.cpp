// Chapter 14, given code: the study's figures, drawn from its records — 31 (curves per optimizer),
// 32 (learning rate and batch size), 33 (initialization) and 36 (every run compared).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/lecture.hpp"
#include "common/plot/plot.hpp"

namespace course::fashion_mnist {
namespace {

std::string short_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string optimizer_label(const std::string& name) {
    if (name == "sgd") return "SGD";
    if (name == "momentum") return "SGD + momentum 0.9";
    if (name == "rmsprop") return "RMSprop";
    if (name == "adam") return "Adam";
    return name;
}

plot::Color optimizer_color(const std::string& name) {
    const auto& names = study_optimizers();
    const auto at = std::find(names.begin(), names.end(), name);
    return plot::tab10(static_cast<int>(at - names.begin()));
}

std::vector<double> epochs_axis(std::size_t n) { return plot::index_axis(n, 1.0); }

// Whole epochs on the x axis: every one up to 10, then 1 and every 2nd, 5th, 10th, … (1, 5, 10, 15, …).
void epoch_ticks(plot::Axes& ax, std::size_t n) {
    std::size_t every = 1;
    while (n / every > 10) every = every == 1 ? 2 : every == 2 ? 5 : every * 2;
    std::vector<double> ticks{1.0};
    for (std::size_t e = every == 1 ? 2 : every; e <= n; e += every) ticks.push_back(static_cast<double>(e));
    ax.xticks(ticks).xlim(0.7, static_cast<double>(n) + 0.3);
}

std::size_t longest(const std::vector<StudyRun>& runs, const std::vector<std::size_t>& which) {
    std::size_t n = 1;
    for (const std::size_t i : which) n = std::max(n, runs[i].record.val_accuracy.size());
    return n;
}

}  // namespace

void draw_optimizer_curves(const std::vector<StudyRun>& runs, const std::vector<std::size_t>& which, const std::string& path) {
    plot::Figure fig(1300, 520, 1, 2);
    auto& loss = fig.subplot(0, 0);
    auto& accuracy = fig.subplot(0, 1);
    for (const std::size_t i : which) {
        const RunRecord& r = runs[i].record;
        const std::string label = optimizer_label(r.optimizer) + ", lr " + short_number(r.lr);
        const plot::Color color = optimizer_color(r.optimizer);
        loss.plot(epochs_axis(runs[i].train_loss.size()), runs[i].train_loss,
                  {.color = color, .label = label, .marker = plot::Marker::circle, .marker_size = 5});
        loss.plot(epochs_axis(runs[i].val_loss.size()), runs[i].val_loss,
                  {.color = color, .style = plot::LineStyle::dashed});
        accuracy.plot(epochs_axis(r.val_accuracy.size()), r.val_accuracy,
                      {.color = color, .label = label, .marker = plot::Marker::circle, .marker_size = 5});
    }
    epoch_ticks(loss, longest(runs, which));
    epoch_ticks(accuracy, longest(runs, which));
    // Log scale: a run that blows up in its first epoch (RMSprop at 0.01 reaches a loss of 48) would
    // otherwise flatten every other curve into the bottom tenth of the panel.
    loss.yscale(plot::Scale::log);
    loss.xlabel("epoch").ylabel("cross-entropy (log scale)").title("Loss per epoch (solid: training, dashed: validation)").grid().legend();
    accuracy.xlabel("epoch").ylabel("validation accuracy").title("Validation accuracy per epoch").grid().legend();
    fig.suptitle("The best run of each optimizer (batch 64, He init)");
    fig.save(path);
}

void draw_lr_batch(const std::vector<StudyRun>& runs, const std::vector<StudyRun>& batch_source,
                   const std::vector<std::size_t>& batch_runs, const std::string& path) {
    plot::Figure fig(1300, 520, 1, 2);
    auto& bars = fig.subplot(0, 0);
    // Best validation accuracy of (optimizer, lr) at batch 64 with He init.
    std::vector<double> lrs;
    for (const StudyRun& run : runs)
        if (std::find(lrs.begin(), lrs.end(), run.record.lr) == lrs.end()) lrs.push_back(run.record.lr);
    std::sort(lrs.rbegin(), lrs.rend());
    const auto& optimizers = study_optimizers();
    const double width = 0.8 / static_cast<double>(std::max<std::size_t>(lrs.size(), 1));
    double high = 0.0;
    for (std::size_t j = 0; j < lrs.size(); ++j) {
        std::vector<double> xs, heights;
        for (std::size_t o = 0; o < optimizers.size(); ++o)
            for (const StudyRun& run : runs) {
                const RunRecord& r = run.record;
                if (r.optimizer != optimizers[o] || r.lr != lrs[j] || r.batch_size != 64 || r.init != "he_normal") continue;
                const double best = r.val_accuracy.empty() ? 0.0 : *std::max_element(r.val_accuracy.begin(), r.val_accuracy.end());
                xs.push_back(static_cast<double>(o) + (static_cast<double>(j) - (static_cast<double>(lrs.size()) - 1) / 2) * width);
                heights.push_back(best);
                high = std::max(high, best);
            }
        bars.bar(xs, heights, {.color = plot::tab10(static_cast<int>(j) + 4), .width = width * 0.95, .label = "lr " + short_number(lrs[j])});
        // Each bar's value on top: the bars start at zero (a bar's length is its value), so differences
        // of a few points are read from the numbers.
        for (std::size_t k = 0; k < xs.size(); ++k) {
            char value[16];
            std::snprintf(value, sizeof value, "%.3f", heights[k]);
            bars.text(xs[k], heights[k] + 0.01, value, {.size = 9, .align = plot::HAlign::center});
        }
    }
    std::vector<double> ticks;
    std::vector<std::string> labels;
    for (std::size_t o = 0; o < optimizers.size(); ++o) {
        ticks.push_back(static_cast<double>(o));
        labels.push_back(optimizer_label(optimizers[o]));
    }
    bars.xticks(ticks, labels).ylim(0.0, std::max(high, 0.5) * 1.2);  // the headroom holds the legend
    bars.ylabel("best validation accuracy").title("The learning rate: each optimizer at two rates").grid().legend();

    auto& curves = fig.subplot(0, 1);
    for (const std::size_t i : batch_runs) {
        const RunRecord& r = batch_source[i].record;
        curves.plot(epochs_axis(r.val_accuracy.size()), r.val_accuracy,
                    {.label = "batch " + std::to_string(r.batch_size), .marker = plot::Marker::circle, .marker_size = 5});
    }
    const RunRecord& first = batch_source[batch_runs.front()].record;
    epoch_ticks(curves, longest(batch_source, batch_runs));
    curves.xlabel("epoch").ylabel("validation accuracy").grid().legend();
    curves.title("The batch size: " + optimizer_label(first.optimizer) + ", lr " + short_number(first.lr) + ", He init" +
                 (&batch_source == &runs ? "" : " (the seed's grid)"));
    fig.save(path);
}

void draw_init_effect(const std::vector<ActivationProfile>& profiles, const std::string& inputs,
                      const std::vector<StudyRun>& runs, const std::vector<std::size_t>& init_runs, bool grid,
                      const std::string& path) {
    plot::Figure fig(1300, 520, 1, 2);
    auto& rms = fig.subplot(0, 0);
    for (const ActivationProfile& p : profiles)
        rms.plot(plot::index_axis(p.rms.size(), 1.0), p.rms, {.label = p.label, .marker = plot::Marker::circle, .marker_size = 5});
    rms.yscale(plot::Scale::log).xlabel("hidden layer").ylabel("RMS of the activations");
    rms.title("At initialisation: 8 hidden layers of 256 on " + inputs).grid().legend();
    auto& curves = fig.subplot(0, 1);
    for (const std::size_t i : init_runs) {
        const RunRecord& r = runs[i].record;
        curves.plot(epochs_axis(r.val_accuracy.size()), r.val_accuracy,
                    {.label = r.init == "he_normal" ? "He normal" : "Xavier uniform", .marker = plot::Marker::circle,
                     .marker_size = 5});
    }
    const RunRecord& first = runs[init_runs.front()].record;
    epoch_ticks(curves, longest(runs, init_runs));
    curves.xlabel("epoch").ylabel("validation accuracy").grid().legend();
    curves.title("Training the ReLU MLP: " + optimizer_label(first.optimizer) + ", lr " + short_number(first.lr) +
                 ", batch " + std::to_string(first.batch_size) + (grid ? " (the seed's grid)" : ""));
    fig.save(path);
}

void draw_study_comparison(const std::vector<SummaryRow>& table, const std::vector<StudyRun>& runs, const std::string& path) {
    std::map<std::string, const RunRecord*> by_name;
    for (const StudyRun& run : runs) by_name[run.record.name] = &run.record;
    plot::Figure fig(1400, 560, 1, 2);
    auto& bars = fig.subplot(0, 0);
    for (const auto& optimizer : study_optimizers()) {
        std::vector<double> xs, heights;
        for (std::size_t rank = 0; rank < table.size(); ++rank)
            if (by_name[table[rank].name]->optimizer == optimizer) {
                xs.push_back(static_cast<double>(rank + 1));
                heights.push_back(table[rank].best_val_accuracy);
            }
        // The optimizer's initial above each bar as well as its colour: SGD's blue beside momentum's orange,
        // RMSprop's green beside Adam's red, are not told apart by colour alone.
        const std::string initial = optimizer == "momentum" ? "M" : std::string(1, optimizer_label(optimizer)[0]);
        if (!xs.empty()) bars.bar(xs, heights, {.color = optimizer_color(optimizer), .label = optimizer_label(optimizer) + " (" + initial + ")"});
        for (std::size_t k = 0; k < xs.size(); ++k) bars.text(xs[k], heights[k] + 0.01, initial, {.size = 10, .align = plot::HAlign::center});
    }
    bars.ylim(0.0, std::max(table.front().best_val_accuracy, 0.5) * 1.35);  // from zero; the headroom holds the legend
    bars.xlabel("rank of the run").ylabel("best validation accuracy").grid().legend();
    bars.title("All " + std::to_string(table.size()) + " recorded runs, best first");
    std::vector<std::vector<std::string>> rows;
    for (std::size_t r = 0; r < std::min<std::size_t>(table.size(), 12); ++r) {
        char val[16], test[16];
        std::snprintf(val, sizeof val, "%.4f", table[r].best_val_accuracy);
        std::snprintf(test, sizeof test, "%.4f", table[r].test_accuracy);
        rows.push_back({std::to_string(r + 1), table[r].name, std::to_string(table[r].best_epoch), val, test});
    }
    // The summary's epoch is the first to reach the best validation accuracy; the test accuracy is the
    // restored weights', those of the lowest validation loss, often another epoch: the title says so.
    fig.subplot(0, 1)
        .table(rows, {"#", "run", "epoch of best val acc", "best val acc", "test acc"},
               {.font_size = 12, .align = {plot::HAlign::right, plot::HAlign::left, plot::HAlign::right, plot::HAlign::right, plot::HAlign::right}})
        .title("The summary table; test acc: the restored weights (lowest validation loss)");
    fig.suptitle("The study, read back from its records (runs/<name>/config.json, metrics.csv)");
    fig.save(path);
}

void draw_seed_grid(const std::vector<StudyRun>& runs, const std::string& path) {
    // Rows from the top: each optimizer at lr 0.01, then 0.001. Columns: batch 32, 64, 128, Xavier then He.
    const std::vector<std::string>& optimizers = study_optimizers();
    const std::vector<double> lrs{0.01, 0.001};
    const std::vector<std::size_t> batches{32, 64, 128};
    const std::vector<std::string> inits{"xavier_uniform", "he_normal"};
    const int nx = static_cast<int>(batches.size() * inits.size()), ny = static_cast<int>(optimizers.size() * lrs.size());
    plot::Grid grid{.nx = nx, .ny = ny, .x0 = 0, .x1 = nx - 1.0, .y0 = 0, .y1 = ny - 1.0};
    grid.z.assign(static_cast<std::size_t>(nx * ny), std::numeric_limits<double>::quiet_NaN());
    std::vector<std::size_t> best_of(optimizers.size(), runs.size());  // per optimizer, its best run
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RunRecord& r = runs[i].record;
        // Each factor's level as an index; a run outside the grid (a level not listed) has no cell.
        const auto level = [](const auto& levels, const auto& value) {
            return static_cast<std::size_t>(std::find(levels.begin(), levels.end(), value) - levels.begin());
        };
        const std::size_t o = level(optimizers, r.optimizer), l = level(lrs, r.lr), b = level(batches, r.batch_size),
                          n = level(inits, r.init);
        if (o == optimizers.size() || l == lrs.size() || b == batches.size() || n == inits.size() || r.val_accuracy.empty())
            continue;
        const double best = *std::max_element(r.val_accuracy.begin(), r.val_accuracy.end());
        grid.at(static_cast<int>(b * 2 + n), ny - 1 - static_cast<int>(o * 2 + l)) = best;
        std::size_t& champion = best_of[o];
        if (champion == runs.size() || best > *std::max_element(runs[champion].record.val_accuracy.begin(),
                                                                runs[champion].record.val_accuracy.end()))
            champion = i;
    }
    plot::Figure fig(1600, 680, 1, 2);
    auto& map = fig.subplot(0, 0);
    const double lo = grid.min(), hi = grid.max();
    map.heatmap(grid, {.vmin = lo, .vmax = hi}).colorbar("best validation accuracy");
    std::vector<double> xs, ys;
    std::vector<std::string> xlabels, ylabels;
    for (const std::size_t batch : batches)
        for (const std::string& init : inits) {
            xs.push_back(static_cast<double>(xs.size()));
            xlabels.push_back(std::to_string(batch) + (init == "he_normal" ? ", He" : ", Xavier"));
        }
    for (int row = ny - 1; row >= 0; --row) {
        const std::size_t o = static_cast<std::size_t>(row) / 2, l = static_cast<std::size_t>(row) % 2;
        ys.push_back(ny - 1.0 - row);
        ylabels.push_back((optimizers[o] == "momentum" ? "momentum" : optimizer_label(optimizers[o])) + ", lr " +
                          short_number(lrs[l]));
    }
    map.xticks(xs, xlabels).yticks(ys, ylabels);
    for (int i = 0; i < nx; ++i)
        for (int j = 0; j < ny; ++j) {
            const double v = grid.at(i, j);
            char text[16];
            std::snprintf(text, sizeof text, "%.4f", v);
            map.text(i, j, std::isfinite(v) ? text : "not run",
                     {.color = !std::isfinite(v) || v > lo + 0.6 * (hi - lo) ? plot::colors::black : plot::colors::white,
                      .size = 11, .align = plot::HAlign::center, .valign = plot::VAlign::center});
        }
    map.xlabel("batch size, initialization").title("Best validation accuracy of each run");
    auto& curves = fig.subplot(0, 1);
    std::size_t longest_run = 1;
    for (std::size_t o = 0; o < optimizers.size(); ++o) {
        if (best_of[o] == runs.size()) continue;
        const RunRecord& r = runs[best_of[o]].record;
        curves.plot(epochs_axis(r.val_accuracy.size()), r.val_accuracy,
                    {.color = optimizer_color(r.optimizer),
                     .label = optimizer_label(r.optimizer) + ", lr " + short_number(r.lr) + ", batch " +
                              std::to_string(r.batch_size) + (r.init == "he_normal" ? ", He" : ", Xavier"),
                     .marker = plot::Marker::circle});
        longest_run = std::max(longest_run, r.val_accuracy.size());
    }
    epoch_ticks(curves, longest_run);
    curves.xlabel("epoch").ylabel("validation accuracy").grid().legend().title("The best run of each optimizer");
    fig.suptitle("The seed's whole grid: " + std::to_string(runs.size()) +
                 " runs on 50,000 training images, read back from chapters/14_fashion_mnist/grid/");
    fig.save(path);
}

}  // namespace course::fashion_mnist
