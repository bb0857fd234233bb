// Chapter 12, given code: figures 20-23 (deep networks), see lecture.hpp.
#include <algorithm>
#include <cmath>

#include "chapters/12_training_challenges/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::training_challenges {

namespace {

namespace plot = course::plot;

// Layers are whole numbers: ticks at 1 and at multiples of a step from 1, 2, 5, 10, 20 that gives at
// most 9 of them (the axis's own nice ticks would put a tick at layer 2.5).
std::vector<double> layer_ticks(std::size_t n) {
    std::size_t step = 1;
    for (const std::size_t s : {std::size_t{1}, std::size_t{2}, std::size_t{5}, std::size_t{10}, std::size_t{20}}) {
        step = s;
        if (n / s + 1 <= 9) break;
    }
    std::vector<double> ticks{1.0};
    for (std::size_t l = step; l <= n; l += step)
        if (l > 1) ticks.push_back(static_cast<double>(l));
    return ticks;
}

// Curves alternate wide solid and narrower dashed: two runs stuck at the same loss (zero and N(0, 0.01²)
// both sit on ln 3) stay visible one on the other, and green and red are told apart by more than colour.
// A curve drawn on another (every point within 1%) says so in its legend entry.
bool coincide(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size() || a.empty()) return false;
    for (std::size_t k = 0; k < a.size(); ++k)
        if (!(std::abs(a[k] - b[k]) <= 0.01 * std::max(std::abs(a[k]), std::abs(b[k])))) return false;
    return true;
}

void training_panel(plot::Axes& ax, const std::vector<CurveSet>& sets, const std::string& title) {
    for (std::size_t i = 0; i < sets.size(); ++i) {
        const bool dashed = i % 2 == 1;
        std::string label = sets[i].label;
        for (std::size_t j = 0; j < i; ++j)
            if (coincide(sets[i].run.history.val_loss, sets[j].run.history.val_loss)) {
                label += " (on " + sets[j].label + ")";
                break;
            }
        ax.plot(sets[i].run.checks, sets[i].run.history.val_loss,
                {.color = plot::tab10(static_cast<int>(i)), .width = dashed ? 2.0 : 3.0,
                 .style = dashed ? plot::LineStyle::dashed : plot::LineStyle::solid, .label = label});
    }
    ax.axhline(std::log(3.0), {.color = plot::colors::gray, .width = 1.0, .style = plot::LineStyle::dashed,
                               .label = "ln 3: chance"});
    ax.title(title).xlabel("step").ylabel("validation loss ℒ (cross-entropy)").grid();
    ax.yscale(plot::Scale::log).legend({.font_size = 10});
}

}  // namespace

void draw_gradient_norms_figure(const std::vector<NormPanel>& panels, const std::string& path) {
    const int cols = 2, rows = static_cast<int>((panels.size() + 1) / 2);
    plot::Figure fig(1400, 520 * rows, rows, cols);
    fig.suptitle("Gradient norm ‖dWˡ‖ of each layer at initialization (ring task, batch of 256)");
    for (std::size_t p = 0; p < panels.size(); ++p) {
        auto& ax = fig.subplot(static_cast<int>(p) / cols, static_cast<int>(p) % cols);
        for (std::size_t i = 0; i < panels[p].curves.size(); ++i)
            ax.plot(plot::index_axis(panels[p].curves[i].norms.size(), 1.0), panels[p].curves[i].norms,
                    {.color = plot::tab10(static_cast<int>(i)), .width = 2.0, .label = panels[p].curves[i].label,
                     .marker = plot::Marker::circle, .marker_size = 5});
        ax.yscale(plot::Scale::log).grid().title(panels[p].title).xlabel("layer ℓ (1 = input side)");
        std::size_t depth = 0;
        for (const auto& curve : panels[p].curves) depth = std::max(depth, curve.norms.size());
        ax.xticks(layer_ticks(depth));
        ax.ylabel("‖dWˡ‖").legend({.font_size = 10});
    }
    fig.save(path);
}

void draw_activation_figure(const std::vector<HistogramRow>& rows, const std::vector<std::size_t>& layer_numbers,
                            const std::string& path) {
    const int n_rows = static_cast<int>(rows.size()), n_cols = static_cast<int>(layer_numbers.size());
    plot::Figure fig(1500, 230 * n_rows + 90, n_rows, n_cols);
    fig.suptitle("Activations hˡ of a 10-layer tanh network at initialization, by layer (a row per init)");
    for (int r = 0; r < n_rows; ++r)
        for (int c = 0; c < n_cols; ++c) {
            auto& ax = fig.subplot(r, c);
            const std::vector<double>& values = rows[r].layers[c];
            ax.hist(values, 40, {.color = plot::tab10(r)});
            double largest = 0.0;
            for (const double v : values) largest = std::max(largest, std::abs(v));
            // Activations that have shrunk to nothing get an axis of their own scale, or they vanish.
            if (largest > 0.3 || largest == 0.0)
                ax.xlim(-1.05, 1.05);
            else
                ax.text(0.03, 0.9, "|h| < " + fmt(largest, 1), {.size = 10, .coords = plot::Coords::axes});  // short: clear of the peak
            if (r == 0) ax.title("layer " + std::to_string(layer_numbers[c]));
            if (c == 0) ax.ylabel(rows[r].label);
            if (r == n_rows - 1) ax.xlabel("activation value");
        }
    fig.save(path);
}

void draw_training_figure(const std::vector<CurveSet>& left, const std::string& left_title,
                          const std::vector<CurveSet>& right, const std::string& right_title, const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("Which networks learn the ring task: initialization, and depth with and without skips");
    training_panel(fig.subplot(0, 0), left, left_title);
    training_panel(fig.subplot(0, 1), right, right_title);
    fig.save(path);
}

void draw_diagnosis_figure(const std::vector<CurveSet>& runs, const std::vector<std::string>& verdicts,
                           const std::string& path) {
    plot::Figure fig(1800, 950, 2, 3);
    fig.suptitle("Reading the curves: six runs, and what diagnose() (exercise 12.9) says of each");
    for (std::size_t i = 0; i < runs.size() && i < 6; ++i) {
        auto& ax = fig.subplot(static_cast<int>(i) / 3, static_cast<int>(i) % 3);
        const TrainRun& run = runs[i].run;
        // Validation dashed over a wider training line: where the two coincide (lr too high) both still show.
        ax.plot(run.checks, run.history.train_loss, {.color = plot::colors::blue, .width = 3.0, .label = "training"});
        ax.plot(run.checks, run.history.val_loss, {.color = plot::colors::orange, .width = 2.0, .style = plot::LineStyle::dashed,
                                                   .label = "validation (dashed)"});
        ax.axhline(std::log(3.0), {.color = plot::colors::gray, .width = 1.0, .style = plot::LineStyle::dashed,
                                   .label = "ln 3"});
        ax.title(runs[i].label + " → " + verdicts[i]).xlabel("step").ylabel("loss ℒ").grid();
        ax.yscale(plot::Scale::log).legend({.font_size = 10});
    }
    fig.save(path);
}

}  // namespace course::training_challenges
