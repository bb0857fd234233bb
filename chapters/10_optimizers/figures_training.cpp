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

// An exponential moving average with bias correction — Adam's own m̂ — so that the noisy mini-batch
// losses read as a curve: s ← βs + (1 − β)·loss, shown as s/(1 − βᵗ).
std::vector<double> smoothed(const std::vector<double>& losses, double beta) {
    std::vector<double> out;
    double s = 0.0;
    for (std::size_t t = 0; t < losses.size(); ++t) {
        s = beta * s + (1 - beta) * losses[t];
        out.push_back(s / (1 - std::pow(beta, static_cast<double>(t + 1))));
    }
    return out;
}

// 1e-06 as 10⁻⁶ when it is a power of ten, else as fmt writes it.
std::string power_of_ten(double x) {
    const double exponent = std::round(std::log10(x));
    if (x <= 0 || std::abs(x - std::pow(10.0, exponent)) > 1e-12 * x) return fmt(x);
    static const char* const digits[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string text = exponent < 0 ? "10⁻" : "10";
    for (const char c : std::to_string(static_cast<long>(std::abs(exponent)))) text += digits[c - '0'];
    return text;
}

// Dashed lines for the SGD family (the first three), solid for the adaptive methods.
plot::LineOptions style(std::size_t i, const std::string& label) {
    return {.color = plot::tab10(static_cast<int>(i)), .width = 1.7,
            .style = i < 3 ? plot::LineStyle::dashed : plot::LineStyle::solid, .label = label};
}

}  // namespace

void draw_face_figure(const std::vector<FaceCurve>& curves, const FaceSettings& settings, const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("Chapter 08's face network (1024-32-16-8-2), " + std::to_string(settings.faces) + " faces: " +
                 std::to_string(settings.iterations) + " steps of batch " + std::to_string(settings.batch_size) +
                 " for each optimizer, same data, initial weights and batches");
    auto& train = fig.subplot(0, 0);
    for (std::size_t i = 0; i < curves.size(); ++i) {
        const auto loss = smoothed(curves[i].train_loss, 0.98);
        std::vector<double> steps;
        for (std::size_t k = 1; k <= loss.size(); ++k) steps.push_back(static_cast<double>(k));
        train.plot(steps, loss, style(i, curves[i].label));
    }
    train.yscale(plot::Scale::log).grid(true).title("Training loss (mini-batch, smoothed)").xlabel("step");
    train.ylabel("L = (1/2n) Σ ‖ŷ − y‖²").legend({.location = plot::Corner::lower_left, .font_size = 9.5});
    auto& validation = fig.subplot(0, 1);
    for (std::size_t i = 0; i < curves.size(); ++i) {
        std::vector<double> steps(curves[i].val_iterations.begin(), curves[i].val_iterations.end());
        validation.plot(steps, curves[i].val_loss, style(i, curves[i].label));
    }
    validation.yscale(plot::Scale::log).grid(true).title("Validation loss").xlabel("step").ylabel("L on the validation set");
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
