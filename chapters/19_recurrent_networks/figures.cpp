// Chapter 19, given code: figures 60-63 (see lecture.hpp).
#include <algorithm>
#include <cmath>
#include <string>

#include "chapters/19_recurrent_networks/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::recurrent {

namespace {

namespace plot = course::plot;

void curves_panel(plot::Axes& ax, const std::vector<Curve>& curves, double width = 2.0) {
    for (std::size_t i = 0; i < curves.size(); ++i)
        ax.plot(curves[i].x, curves[i].y, {.color = plot::tab10(static_cast<int>(i)), .width = width,
                                           .label = curves[i].label});
}

// A moving average over `window` points, so that a per-step series (noisy mini-batch norms) reads.
std::vector<double> smooth(const std::vector<double>& y, std::size_t window) {
    std::vector<double> out(y.size());
    double total = 0.0;
    for (std::size_t k = 0; k < y.size(); ++k) {
        total += y[k];
        if (k >= window) total -= y[k - window];
        out[k] = total / static_cast<double>(std::min(k + 1, window));
    }
    return out;
}

}  // namespace

void draw_adding_curves(const std::vector<Curve>& val_mse, const std::vector<Curve>& grad_norms, double baseline,
                        double max_norm, std::size_t T, const std::string& path) {
    plot::Figure fig(1400, 560, 1, 2);
    fig.suptitle("The adding problem, T = " + std::to_string(T) + ": the LSTM learns it, the vanilla RNN does not");
    auto& left = fig.subplot(0, 0);
    curves_panel(left, val_mse);
    left.axhline(baseline, {.color = plot::colors::gray, .width = 1.2, .style = plot::LineStyle::dashed,
                            .label = "predict the mean: " + fmt(baseline, 3)});
    left.yscale(plot::Scale::log).grid().title("validation MSE").xlabel("training step").ylabel("MSE (log scale)");
    left.legend();
    auto& right = fig.subplot(0, 1);
    std::vector<Curve> smoothed = grad_norms;
    for (Curve& c : smoothed) c.y = smooth(c.y, 25);
    curves_panel(right, smoothed, 1.6);
    right.axhline(max_norm, {.color = plot::colors::red, .width = 1.2, .style = plot::LineStyle::dashed,
                             .label = "clip_grad_norm max_norm = " + fmt(max_norm)});
    right.yscale(plot::Scale::log).grid().title("gradient norm ‖∇ℒ‖ before clipping (25-step mean)");
    right.xlabel("training step").ylabel("‖∇ℒ‖ (log scale)").legend();
    fig.save(path);
}

void draw_gradient_norms(const std::vector<Curve>& rnn, const std::vector<Curve>& lstm, const std::string& path) {
    plot::Figure fig(1400, 560, 1, 2);
    fig.suptitle("How far back a gradient reaches: the norm of the Jacobian over a lag of k steps (mean of 32 sequences)");
    auto& left = fig.subplot(0, 0);
    curves_panel(left, rnn);
    left.yscale(plot::Scale::log).grid().title("vanilla RNN: ‖∂h(T)/∂h(T−k)‖, Wh ~ N(0, γ²/H)");
    left.xlabel("lag k (steps)").ylabel("Frobenius norm (log scale)").legend();
    auto& right = fig.subplot(0, 1);
    curves_panel(right, lstm);
    right.yscale(plot::Scale::log).grid().title("LSTM cell path: ‖∂c(T)/∂c(T−k)‖ = ‖Π f‖");
    right.xlabel("lag k (steps)").ylabel("Frobenius norm (log scale)").legend();
    fig.save(path);
}

void draw_gates(const LstmCache& cache, const Matrix& X, std::size_t row, const std::string& path) {
    const std::size_t T = cache.steps.size() - 1, H = cache.steps[1].h.cols();
    const std::vector<double> steps = plot::index_axis(T, 1.0);
    std::vector<double> marks, values(T), mean_i(T), mean_f(T), mean_o(T);
    for (std::size_t t = 0; t < T; ++t) {
        values[t] = X(row, 2 * t);
        if (X(row, 2 * t + 1) == 1.0) marks.push_back(static_cast<double>(t + 1));
        for (std::size_t j = 0; j < H; ++j) {
            mean_i[t] += cache.steps[t + 1].i(row, j) / static_cast<double>(H);
            mean_f[t] += cache.steps[t + 1].f(row, j) / static_cast<double>(H);
            mean_o[t] += cache.steps[t + 1].o(row, j) / static_cast<double>(H);
        }
    }
    plot::Figure fig(1400, 900, 2, 2);
    fig.suptitle("Inside the trained LSTM on one adding-problem sequence (marked steps dashed)");
    auto mark = [&](plot::Axes& ax) {
        for (const double m : marks) ax.axvline(m, {.color = plot::colors::red, .width = 1.2, .style = plot::LineStyle::dashed});
    };
    auto& input = fig.subplot(0, 0);
    input.bar(steps, values, {.color = plot::colors::gray, .label = "value uₜ"});
    std::vector<double> marked_values;
    for (const double m : marks) marked_values.push_back(values[static_cast<std::size_t>(m) - 1]);
    input.bar(marks, marked_values, {.color = plot::colors::red, .label = "marked: target " +
                                                                           fmt(marked_values[0] + marked_values[1], 3)});
    input.title("the input").xlabel("step t").ylabel("value").ylim(0.0, 1.25).legend();
    auto& gates = fig.subplot(0, 1);
    gates.plot(steps, mean_i, {.color = plot::tab10(0), .width = 2.0, .label = "input gate i"});
    gates.plot(steps, mean_f, {.color = plot::tab10(1), .width = 2.0, .label = "forget gate f"});
    gates.plot(steps, mean_o, {.color = plot::tab10(2), .width = 2.0, .label = "output gate o"});
    mark(gates);
    gates.ylim(0.0, 1.0).grid().title("gates, mean over the " + std::to_string(H) + " units");
    gates.xlabel("step t").ylabel("gate value").legend();
    plot::Grid grid{.nx = static_cast<int>(T), .ny = static_cast<int>(H), .x0 = 1.0, .x1 = static_cast<double>(T),
                    .y0 = 1.0, .y1 = static_cast<double>(H)};
    grid.z.resize(T * H);
    for (std::size_t j = 0; j < H; ++j)
        for (std::size_t t = 0; t < T; ++t) grid.z[j * T + t] = cache.steps[t + 1].i(row, j);
    auto& heat = fig.subplot(1, 0);
    heat.heatmap(grid, {.vmin = 0.0, .vmax = 1.0}).colorbar("input gate i");
    heat.title("input gate, unit by unit").xlabel("step t").ylabel("unit");
    std::vector<double> unit_ticks{1.0};
    for (std::size_t j = 4; j <= H; j += 4) unit_ticks.push_back(static_cast<double>(j));
    heat.yticks(unit_ticks);
    auto& cells = fig.subplot(1, 1);
    for (std::size_t j = 0; j < H; ++j) {
        std::vector<double> c(T);
        for (std::size_t t = 0; t < T; ++t) c[t] = cache.steps[t + 1].c(row, j);
        cells.plot(steps, c, {.color = plot::tab10(static_cast<int>(j % 10)), .width = 1.3, .alpha = 0.85});
    }
    mark(cells);
    cells.grid().title("cell state cₜ of every unit");
    cells.xlabel("step t").ylabel("cₜ");
    fig.save(path);
}

void draw_sentiment(const std::vector<Curve>& loss, const std::vector<Curve>& accuracy, double count_accuracy,
                    const std::string& path) {
    plot::Figure fig(1400, 560, 1, 2);
    fig.suptitle("Synthetic sentiment with negation: an embedding and a recurrent layer, trained with RMSprop");
    auto& left = fig.subplot(0, 0);
    curves_panel(left, loss);
    left.axhline(std::log(2.0), {.color = plot::colors::gray, .width = 1.2, .style = plot::LineStyle::dashed,
                                 .label = "ln 2: a coin flip"});
    left.grid().title("validation loss (binary cross-entropy)").xlabel("training step").ylabel("loss");
    left.legend();
    auto& right = fig.subplot(0, 1);
    curves_panel(right, accuracy);
    right.axhline(0.5, {.color = plot::colors::gray, .width = 1.2, .style = plot::LineStyle::dashed, .label = "chance"});
    right.axhline(count_accuracy, {.color = plot::colors::green, .width = 1.2, .style = plot::LineStyle::dotted,
                                   .label = "counting words, ignoring \"not\""});
    // Room under chance (0.3 to 0.5) for the legend: above it the curves and reference lines fill the panel.
    right.ylim(0.3, 1.02).grid().title("validation accuracy").xlabel("training step").ylabel("accuracy");
    right.legend();
    fig.save(path);
}

}  // namespace course::recurrent
