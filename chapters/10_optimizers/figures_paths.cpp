// Given: figures 11–13, the optimizers' paths on the parabola, on Rosenbrock, on Beale and on the saddle.
#include <algorithm>
#include <cmath>

#include "chapters/10_optimizers/figures.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::optimizers {

namespace {

namespace plot = course::plot;

// f − f* floored at 1e-16, so that a run that reached the minimum exactly still shows on a log axis.
std::vector<double> gap(const Trajectory& run, double minimum) {
    std::vector<double> out;
    for (double f : run.f) out.push_back(std::max(f - minimum, 1e-16));
    return out;
}

// Each contender's line style, beside its colour: momentum (green) and Nesterov (red) are told apart
// by the dashes too, not by colour alone, and so are the curves that run on top of one another.
plot::LineStyle contender_style(std::size_t i) {
    constexpr plot::LineStyle styles[] = {plot::LineStyle::solid, plot::LineStyle::dashed, plot::LineStyle::solid,
                                          plot::LineStyle::dotted, plot::LineStyle::dashed, plot::LineStyle::solid};
    return styles[i % 6];
}

// Contours of f over its plot window, log-spaced when `log_levels`, then every contender's path on top.
void draw_paths(plot::Axes& ax, const TestFunction& f, double x0, double x1, double y0, double y1,
                const std::vector<Contender>& lineup, const std::vector<Trajectory>& runs, bool log_levels) {
    const auto grid = plot::sample(f.value, x0, x1, y0, y1, 201, 201);
    if (log_levels) {
        ax.contourf(grid, {.n_levels = 18, .log_levels = true}).colorbar("f(x, y), log scale");
        ax.contour(grid, {.n_levels = 18, .log_levels = true, .color = plot::colors::white, .width = 0.5, .alpha = 0.45});
    } else {
        ax.contourf(grid, {.n_levels = 16}).colorbar("f(x, y)");
        ax.contour(grid, {.n_levels = 16, .color = plot::colors::white, .width = 0.5, .alpha = 0.45});
    }
    // A dotted path is drawn wider: at 1.8 px its dots vanished into the contours (Adagrad in figure 13).
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const plot::LineStyle style = contender_style(i);
        ax.plot(runs[i].x, runs[i].y, {.color = plot::tab10(static_cast<int>(i) + 1),
                                       .width = style == plot::LineStyle::dotted ? 2.8 : 1.8, .style = style, .label = lineup[i].label});
    }
    ax.marker(runs.front().x.front(), runs.front().y.front(),
              {.marker = plot::Marker::square, .color = plot::colors::white, .size = 11, .label = "start"});
    for (const Point& m : f.minimizers)
        if (m.x >= x0 && m.x <= x1 && m.y >= y0 && m.y <= y1) ax.marker(m.x, m.y, {.color = plot::colors::red, .size = 15});
    ax.xlim(x0, x1).ylim(y0, y1).xlabel("x").ylabel("y");
}

}  // namespace

// Small multiples: one parabola per optimizer with its first 25 steps, then |x| against the step for
// all of them, then SGD with exact and noisy gradients.
void draw_parabola_figure(const ParabolaRuns& runs, const std::string& path) {
    plot::Figure fig(1700, 820, 2, 4);
    fig.suptitle("The optimizers on f(x) = x², from x = 8");
    std::vector<double> xs, ys;
    for (int i = 0; i <= 200; ++i) xs.push_back(-9 + 18.0 * i / 200), ys.push_back(xs.back() * xs.back());
    for (std::size_t i = 0; i < runs.paths.size() && i < 6; ++i) {
        auto& ax = fig.subplot(static_cast<int>(i / 4), static_cast<int>(i % 4));
        ax.plot(xs, ys, {.color = plot::colors::light_gray, .width = 1.5});
        const auto& p = runs.paths[i];
        std::vector<double> px(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(std::min<std::size_t>(p.size(), 26))), py;
        for (double x : px) py.push_back(x * x);
        ax.plot(px, py, {.color = plot::tab10(static_cast<int>(i) + 1), .width = 1.0, .marker = plot::Marker::circle,
                         .marker_size = 5, .alpha = 0.9});
        ax.marker(px.front(), py.front(), {.marker = plot::Marker::square, .color = plot::colors::white, .size = 10});
        ax.xlim(-9, 9).ylim(-3, 82).title(runs.lineup[i].label).xlabel("x").ylabel("f(x) = x²");
        ax.text(0.5, 0.93, "|x| after 25 steps: " + fmt(std::abs(px.back()), 2),
                {.size = 11, .align = plot::HAlign::center, .coords = plot::Coords::axes});
    }
    auto& distance = fig.subplot(1, 2);
    for (std::size_t i = 0; i < runs.paths.size(); ++i) {
        std::vector<double> abs_x;
        for (double x : runs.paths[i]) abs_x.push_back(std::max(std::abs(x), 1e-16));
        distance.plot(plot::index_axis(abs_x.size()), abs_x,
                      {.color = plot::tab10(static_cast<int>(i) + 1), .style = contender_style(i),
                       .label = runs.lineup[i].label.substr(0, runs.lineup[i].label.find(','))});
    }
    distance.yscale(plot::Scale::log).grid(true).title("Distance to the minimum").xlabel("step").ylabel("|x|");
    distance.legend({.font_size = 9});
    auto& noisy = fig.subplot(1, 3);
    std::vector<double> exact_abs, noisy_abs;
    for (double x : runs.exact) exact_abs.push_back(std::max(std::abs(x), 1e-16));
    for (double x : runs.noisy) noisy_abs.push_back(std::max(std::abs(x), 1e-16));
    noisy.plot(plot::index_axis(noisy_abs.size()), noisy_abs,
               {.color = plot::colors::orange, .label = "gradient 2x + N(0, " + fmt(runs.noise) + "²)"});
    noisy.plot(plot::index_axis(exact_abs.size()), exact_abs, {.color = plot::colors::blue, .label = "exact gradient 2x"});
    noisy.yscale(plot::Scale::log).grid(true).title("SGD, lr " + fmt(runs.lr) + ": noisy gradients");
    noisy.xlabel("step").ylabel("|x|").legend({.font_size = 9});
    fig.save(path);
}

void draw_rosenbrock_figure(const std::vector<Contender>& lineup, const std::vector<Trajectory>& runs,
                            const std::string& path) {
    const TestFunction& f = test_function("rosenbrock");
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("Rosenbrock (1 − x)² + 100(y − x²)² from (−1.5, −1.5), " + std::to_string(runs.front().steps()) + " steps");
    auto& map = fig.subplot(0, 0);
    draw_paths(map, f, -2, 2, -2, 3, lineup, runs, true);
    map.title("Paths in the valley").legend({.font_size = 10});
    // A log step axis: the first tens of steps (the descent into the valley) and the thousands along its
    // floor both get room. It starts at step 1, after the first update; the start's f is in the title.
    auto& values = fig.subplot(0, 1);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const auto all = gap(runs[i], f.minimum);
        const std::vector<double> after_start(all.begin() + 1, all.end());
        std::vector<double> steps = plot::index_axis(all.size());
        steps.erase(steps.begin());
        values.plot(steps, after_start, {.color = plot::tab10(static_cast<int>(i) + 1), .style = contender_style(i), .label = lineup[i].label});
    }
    values.xscale(plot::Scale::log).yscale(plot::Scale::log).grid(true);
    values.title("f against the step (both axes log; f = " + fmt(runs.front().f.front(), 5) + " at the start)");
    values.xlabel("step").ylabel("f(x, y) − f*");
    values.legend({.font_size = 10});
    fig.save(path);
}

void draw_beale_saddle_figure(const std::vector<Contender>& beale_lineup, const std::vector<Trajectory>& beale_runs,
                              const std::vector<Contender>& saddle_lineup, const std::vector<Trajectory>& saddle_runs,
                              const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("Plateaus and saddles");
    auto& beale = fig.subplot(0, 0);
    draw_paths(beale, test_function("beale"), -1, 4.2, -1.5, 2.5, beale_lineup, beale_runs, true);
    beale.title("Beale from (1, 1.5), " + std::to_string(beale_runs.front().steps()) + " steps; minimum at (3, 0.5)");
    beale.legend({.font_size = 10});
    auto& saddle = fig.subplot(0, 1);
    draw_paths(saddle, test_function("saddle"), -2, 2, -2, 2, saddle_lineup, saddle_runs, false);
    saddle.marker(0, 0, {.marker = plot::Marker::x, .color = plot::colors::white, .size = 12, .label = "saddle point"});
    saddle.title("Saddle x² − y² from (−1.5, 0.01), " + std::to_string(saddle_runs.front().steps()) + " steps");
    saddle.legend({.font_size = 10});
    fig.save(path);
}

}  // namespace course::optimizers
