// Given: figures 14 and 15, the face network trained by each optimizer and the table of iterations.
#include <algorithm>
#include <cmath>
#include <string>

#include "chapters/10_optimizers/figures.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::optimizers {

namespace {

namespace plot = course::plot;

// 1e-06 as 10⁻⁶ when it is a power of ten, else as fmt writes it.
std::string power_of_ten(double x) {
    const double exponent = std::round(std::log10(x));
    if (x <= 0 || std::abs(x - std::pow(10.0, exponent)) > 1e-12 * x) return fmt(x);
    static const char* const digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string text = exponent < 0 ? "10⁻" : "10";
    for (const char c : std::to_string(static_cast<long>(std::abs(exponent)))) text += digits[c - '0'];
    return text;
}

// Dashed lines for the SGD family (the first three), solid for the adaptive methods, and AdamW (the
// eighth) dotted and a little wider so that it shows over Adam, which it nearly follows.
plot::LineOptions style(std::size_t i, const std::string& label) {
    const bool adamw = i == 7;
    return {.color = plot::tab10(static_cast<int>(i)), .width = adamw ? 2.6 : 1.7,
            .style = i < 3 ? plot::LineStyle::dashed : adamw ? plot::LineStyle::dotted : plot::LineStyle::solid,
            .label = label};
}

// The index of the curve labelled `prefix…` ("Adam, lr 0.001"), or curves.size().
std::size_t find_curve(const std::vector<FaceCurve>& curves, const std::string& prefix) {
    for (std::size_t i = 0; i < curves.size(); ++i)
        if (curves[i].label.rfind(prefix, 0) == 0) return i;
    return curves.size();
}

}  // namespace

// Training loss smoothed by the debiased moving average of exercise 10.5 with β = 0.98 (an average over
// about the last 50 steps, exact from the first step on), validation loss, and AdamW − Adam, whose curves
// coincide to the eye in the first two panels.
void draw_face_figure(const std::vector<FaceCurve>& curves, const FaceSettings& settings, const std::string& path) {
    constexpr double beta = 0.98;
    plot::Figure fig(1900, 640, 1, 3);
    fig.suptitle("Chapter 08's face network (1024-32-16-8-2), " + std::to_string(settings.faces) + " faces: " +
                 std::to_string(settings.iterations) + " steps of batch " + std::to_string(settings.batch_size) +
                 " for each optimizer, same data, initial weights and batches");
    auto& train = fig.subplot(0, 0);
    std::vector<std::vector<double>> smooth;
    for (std::size_t i = 0; i < curves.size(); ++i) {
        smooth.push_back(debiased_moving_average(curves[i].train_loss, beta));
        std::vector<double> steps;
        for (std::size_t k = 1; k <= smooth.back().size(); ++k) steps.push_back(static_cast<double>(k));
        train.plot(steps, smooth.back(), style(i, curves[i].label));
    }
    train.yscale(plot::Scale::log).grid(true).title("Training loss: mini-batch, debiased EMA, β = " + fmt(beta));
    train.xlabel("step").ylabel("ℒ = (1/2n) Σ ‖ŷ − y‖²").legend({.font_size = 9});
    auto& validation = fig.subplot(0, 1);
    for (std::size_t i = 0; i < curves.size(); ++i) {
        std::vector<double> steps(curves[i].val_iterations.begin(), curves[i].val_iterations.end());
        validation.plot(steps, curves[i].val_loss, style(i, curves[i].label));
    }
    validation.yscale(plot::Scale::log).grid(true).title("Validation loss (whole validation set)").xlabel("step");
    validation.ylabel("ℒ on the validation set").legend({.font_size = 9});
    auto& difference = fig.subplot(0, 2);
    const std::size_t adam = find_curve(curves, "Adam,"), adamw = find_curve(curves, "AdamW");
    if (adam < curves.size() && adamw < curves.size()) {
        std::vector<double> steps, train_gap, val_steps, val_gap;
        for (std::size_t k = 0; k < smooth[adam].size(); ++k)
            steps.push_back(static_cast<double>(k + 1)), train_gap.push_back(smooth[adamw][k] - smooth[adam][k]);
        for (std::size_t k = 0; k < curves[adam].val_loss.size(); ++k) {
            val_steps.push_back(static_cast<double>(curves[adam].val_iterations[k]));
            val_gap.push_back(curves[adamw].val_loss[k] - curves[adam].val_loss[k]);
        }
        difference.axhline(0.0);
        difference.plot(steps, train_gap, {.color = plot::colors::black, .width = 1.5, .label = "training loss (smoothed)"});
        difference.plot(val_steps, val_gap, {.color = plot::colors::gray, .width = 1.5, .style = plot::LineStyle::dashed, .label = "validation loss",
                                             .marker = plot::Marker::circle, .marker_size = 4});
        difference.legend({.font_size = 9});
    }
    difference.grid(true).title("AdamW − Adam: decay λ = 0.01 shrinks θ by 10⁻⁵ a step");
    difference.xlabel("step").ylabel("loss difference");
    fig.save(path);
}

void draw_iterations_figure(const IterationsTable& table, const std::string& path) {
    std::vector<std::string> header{"optimizer"};
    for (const auto& f : table.functions) header.push_back(f);
    std::vector<std::vector<std::string>> rows;
    for (std::size_t o = 0; o < table.optimizers.size(); ++o) {
        std::vector<std::string> row{table.optimizers[o]};
        for (const IterationsCell& cell : table.cells[o])
            row.push_back(cell.steps == never ? "—" : std::to_string(cell.steps) + "  (lr " + fmt(cell.lr, 3) + ")");
        rows.push_back(row);
    }
    plot::Figure fig(1400, 90 + 34 * static_cast<int>(rows.size() + 1));
    // Adadelta's grid is the others' × 100 (iterations_table): its lr multiplies a step of its own scale.
    fig.suptitle("Steps to f − f* ≤ " + power_of_ten(table.tolerance) + " from each function's start (— : not within " +
                 std::to_string(table.budget) + " steps, or stuck in another minimum)");
    fig.axes().title("each with its best of " + std::to_string(table.lr_grid.size()) + " learning rates, " +
                     fmt(table.lr_grid.front()) + " … " + fmt(table.lr_grid.back()) + " (Adadelta's × 100: " +
                     fmt(100 * table.lr_grid.front()) + " … " + fmt(100 * table.lr_grid.back()) + ")");
    fig.axes().table(rows, header, {.font_size = 13});
    fig.save(path);
}

}  // namespace course::optimizers
