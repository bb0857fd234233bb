// Given: figures 16 and 17 (see lecture.hpp).
#include <algorithm>
#include <cmath>
#include <variant>

#include "chapters/11_learning_rate_schedules/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::learning_rate_schedules {

namespace {

namespace plot = course::plot;

std::vector<double> axis(std::size_t n, std::size_t first) {
    std::vector<double> ks(n);
    for (std::size_t k = 0; k < n; ++k) ks[k] = static_cast<double>(k + first);
    return ks;
}

// The mean of the last `window` values at every step: the trend under the mini-batch noise.
std::vector<double> running_mean(const std::vector<double>& values, std::size_t window) {
    std::vector<double> means(values.size());
    double total = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        total += values[i];
        if (i >= window) total -= values[i - window];
        means[i] = total / static_cast<double>(std::min(i + 1, window));
    }
    return means;
}

// Constant rates dashed, schedules solid, in the same colour on both panels.
plot::LineOptions style(std::size_t i, const std::string& label, bool constant) {
    return {.color = plot::tab10(static_cast<int>(i)),
            .width = 2.0,
            .style = constant ? plot::LineStyle::dashed : plot::LineStyle::solid,
            .label = label};
}

bool is_constant(const std::vector<double>& lr) {
    return std::all_of(lr.begin(), lr.end(), [&](double v) { return v == lr.front(); });
}

}  // namespace

void draw_schedules_figure(const std::vector<ScheduleCurve>& schedules, const std::vector<ParabolaRun>& runs,
                           const NoisyParabola& problem, const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("Learning-rate schedules, and what they do to gradient descent with noisy gradients on f(x) = x²");
    auto& rates = fig.subplot(0, 0);
    for (std::size_t i = 0; i < schedules.size(); ++i)
        rates.plot(axis(schedules[i].lr.size(), 0), schedules[i].lr,
                   style(i, schedules[i].label, is_constant(schedules[i].lr)));
    rates.title("The schedules ηₜ (base rate 0.1)").xlabel("step t").ylabel("learning rate ηₜ").grid();
    rates.ylim(0.0, 0.145).legend({.font_size = 10});

    auto& gd = fig.subplot(0, 1);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const bool constant = is_constant(runs[i].lr);
        gd.plot(axis(runs[i].mean_square.size(), 0), runs[i].mean_square, style(i, runs[i].label, constant));
        if (constant)
            gd.axhline(noise_floor(runs[i].lr.front(), problem.sigma),
                       {.color = plot::mix(plot::tab10(static_cast<int>(i)), plot::colors::white, 0.35),
                        .width = 1.0,
                        .style = plot::LineStyle::dotted});
    }
    gd.yscale(plot::Scale::log).grid();
    gd.title("E[xₜ²] from x₀ = " + fmt(problem.x0) + ", gradient 2x + " + fmt(problem.sigma) +
             "ξ (dotted: the noise floors ησ²/4(1 − η))");
    gd.xlabel("step t").ylabel("mean squared distance to the minimum");
    gd.legend({.font_size = 10});
    fig.save(path);
}

void draw_plateau_figure(const ScheduledHistory& run, const TrainingPlan& plan, std::size_t batch_size,
                         const std::string& path) {
    const auto& h = run.history;
    const std::size_t steps = h.train_loss.size();
    const double right = 1.04 * static_cast<double>(steps);  // room to see the stopping line
    std::vector<std::size_t> cuts;                           // the first step of each new rate
    for (std::size_t s = 1; s < run.lr.size(); ++s)
        if (run.lr[s] != run.lr[s - 1]) cuts.push_back(s + 1);
    const plot::LineOptions cut_line{.color = plot::colors::gray, .width = 1.2, .style = plot::LineStyle::dotted};
    const plot::LineOptions stop_line{.color = plot::colors::red, .width = 1.6, .style = plot::LineStyle::dashed};
    const optimizers::Optimizer optimizer(plan.optimizer);

    plot::Figure fig(1300, 900, 2, 1);
    fig.suptitle("Chapter 08's face network under ReduceLROnPlateau and early stopping (" + optimizer.name() +
                 ", base lr " + fmt(optimizer.lr()) + ", batch " + std::to_string(batch_size) + ")");
    auto& loss = fig.subplot(0, 0);
    const std::size_t window = std::max<std::size_t>(1, std::min<std::size_t>(100, steps / 20));
    loss.plot(axis(steps, 1), running_mean(h.train_loss, window),
              {.color = plot::mix(plot::colors::blue, plot::colors::white, 0.3),
               .width = 1.4,
               .label = "training loss, mean of the last " + std::to_string(window) + " batches"});
    const std::vector<double> checks(h.val_iterations.begin(), h.val_iterations.end());
    loss.plot(checks, h.val_loss,
              {.color = plot::colors::orange,
               .width = 2.2,
               .label = "validation loss (the checks)",
               .marker = plot::Marker::circle,
               .marker_size = 4});
    for (std::size_t i = 0; i < cuts.size(); ++i) {
        plot::LineOptions line = cut_line;
        if (i == 0) line.label = "the plateau cuts the rate";
        loss.axvline(static_cast<double>(cuts[i]), line);
    }
    if (run.stopped_at > 0) {
        plot::LineOptions line = stop_line;
        line.label = "early stopping fires (step " + std::to_string(run.stopped_at) + ")";
        loss.axvline(static_cast<double>(run.stopped_at), line);
    }
    if (run.best_step > 0)
        loss.marker(static_cast<double>(run.best_step), run.best_val_loss,
                    {.marker = plot::Marker::star,
                     .color = plot::colors::green,
                     .size = 18,
                     .label = "best check, its weights restored (step " + std::to_string(run.best_step) + ")"});
    loss.yscale(plot::Scale::log).grid().xlim(0, right);
    loss.title("Loss (log scale)").xlabel("step").ylabel("ℒ = (1/2n) Σ ‖ŷ − y‖²");
    loss.legend({.font_size = 11});

    auto& rate = fig.subplot(1, 0);
    std::vector<double> rate_steps, rates;  // a staircase: the old rate up to the step of a cut, then the new
    for (std::size_t k = 0; k < run.lr.size(); ++k) {
        if (k > 0 && run.lr[k] != run.lr[k - 1])
            rate_steps.push_back(static_cast<double>(k + 1)), rates.push_back(run.lr[k - 1]);
        rate_steps.push_back(static_cast<double>(k + 1)), rates.push_back(run.lr[k]);
    }
    rate.plot(rate_steps, rates, {.color = plot::colors::purple, .width = 2.2});
    for (const std::size_t c : cuts) rate.axvline(static_cast<double>(c), cut_line);
    if (run.stopped_at > 0) rate.axvline(static_cast<double>(run.stopped_at), stop_line);
    const std::string rule = plan.plateau ? "ReduceLROnPlateau: factor " + fmt(plan.plateau->factor) + ", patience " +
                                                std::to_string(plan.plateau->patience) + " checks"
                                          : describe(plan.schedule);
    rate.yscale(plot::Scale::log).grid().xlim(0, right);
    rate.title("Learning rate (" + rule + ")").xlabel("step").ylabel("learning rate η");
    fig.save(path);
}

}  // namespace course::learning_rate_schedules
