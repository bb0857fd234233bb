// Chapter 17, given code: the figures (figures.hpp).
#include "chapters/17_hyperparameter_search/figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "common/plot/plot.hpp"
#include "common/random.hpp"

namespace course::hyperparameter_search {

namespace {

namespace plot = course::plot;

double shown(double loss) { return loss < kLossCap ? loss : kLossCap; }

// The trials of one search on a loss-against-η panel: circles for real losses, crosses at the cap.
void loss_against_rate(plot::Axes& ax, const Trials& trials, plot::Color color, plot::Marker marker,
                       const std::string& label, double size = 9) {
    std::vector<double> x, y, x_capped, y_capped;
    for (std::size_t i = 0; i < trials.points.size(); ++i) {
        (trials.losses[i] < kLossCap ? x : x_capped).push_back(trials.points[i][0]);
        (trials.losses[i] < kLossCap ? y : y_capped).push_back(shown(trials.losses[i]));
    }
    ax.scatter(x, y, {.color = color, .size = size, .marker = marker, .label = label, .alpha = 0.85, .edge_color = plot::colors::white});
    if (!x_capped.empty()) ax.scatter(x_capped, y_capped, {.color = color, .size = size + 1, .marker = plot::Marker::x, .alpha = 0.9});
}

void cap_note(plot::Axes& ax) {
    ax.text(0.98, 0.9, "×: diverged or worse than untrained, drawn at 1",
            {.color = plot::colors::dark_gray, .size = 10, .align = plot::HAlign::right, .coords = plot::Coords::axes});
}

void rate_axis(plot::Axes& ax) { ax.xscale(plot::Scale::log).xlabel("learning rate η (log scale)"); }

void loss_axis(plot::Axes& ax) {
    ax.yscale(plot::Scale::log).ylabel("validation loss after training (log scale)").yminor_labels().grid(true);
}

std::size_t argmin(const std::vector<double>& v) {
    return static_cast<std::size_t>(std::min_element(v.begin(), v.end()) - v.begin());
}

}  // namespace

void draw_grid_vs_random(const std::string& path, const Trials& grid, const Trials& random) {
    plot::Figure fig(1250, 520, 1, 2);
    auto& plane = fig.subplot(0, 0);
    plane.title("Where the trials go (" + std::to_string(grid.points.size()) + " each)");
    rate_axis(plane);
    plane.yscale(plot::Scale::log).ylabel("first hidden layer width (log scale)");
    plane.yticks({4, 8, 16, 32, 64}, {"4", "8", "16", "32", "64"}).grid(true);
    for (const auto* trials : {&grid, &random}) {
        std::vector<double> x, y;
        for (const Point& p : trials->points) {
            x.push_back(p[0]);
            y.push_back(p[1]);
        }
        const bool is_grid = trials == &grid;
        plane.scatter(x, y, {.color = is_grid ? plot::colors::blue : plot::colors::orange, .size = 11,
                             .marker = is_grid ? plot::Marker::square : plot::Marker::circle,
                             .label = is_grid ? "grid search" : "random search"});
        // The projection onto the η axis, what the important parameter sees: a rug of short ticks under
        // the trials, the grid's in the lower row and random search's above it (full-height lines would
        // leave the legend no free place).
        const double rug_lo = is_grid ? 2.75 : 3.2, rug_hi = is_grid ? 3.1 : 3.6;
        for (const double rate : x)
            plane.plot({rate, rate}, {rug_lo, rug_hi}, {.color = is_grid ? plot::colors::blue : plot::colors::orange, .width = 1.6});
    }
    plane.ylim(2.6, 150).legend();  // room for the rug below and for the legend above the trials
    auto& loss = fig.subplot(0, 1);
    loss.title("η matters most: random search tries more rates");
    rate_axis(loss);
    loss_axis(loss);
    loss_against_rate(loss, grid, plot::colors::blue, plot::Marker::square, "grid search");
    loss_against_rate(loss, random, plot::colors::orange, plot::Marker::circle, "random search");
    cap_note(loss);
    loss.legend();
    fig.save(path);
}

void draw_log_uniform(const std::string& path, double low, double high, std::size_t draws, std::uint64_t seed) {
    const int decades = static_cast<int>(std::lround(std::log10(high / low)));
    std::vector<double> uniform_share(static_cast<std::size_t>(decades), 0.0), log_share = uniform_share;
    Rng rng(seed);
    auto decade = [&](double x) {
        return std::clamp(static_cast<int>(std::floor(std::log10(x / low))), 0, decades - 1);
    };
    for (std::size_t i = 0; i < draws; ++i) {
        uniform_share[static_cast<std::size_t>(decade(rng.uniform(low, high)))] += 100.0 / static_cast<double>(draws);
        log_share[static_cast<std::size_t>(decade(log_uniform(low, high, rng)))] += 100.0 / static_cast<double>(draws);
    }
    plot::Figure fig(850, 560);
    auto& ax = fig.axes();
    std::vector<double> x_uniform, x_log, ticks;
    std::vector<std::string> labels;
    char text[64];
    for (int d = 0; d < decades; ++d) {
        x_uniform.push_back(d - 0.2);
        x_log.push_back(d + 0.2);
        ticks.push_back(d);
        std::snprintf(text, sizeof text, "[%g, %g)", low * std::pow(10.0, d), low * std::pow(10.0, d + 1));
        labels.push_back(text);
    }
    ax.bar(x_uniform, uniform_share, {.color = plot::colors::gray, .width = 0.4, .label = "uniform on [low, high]"});
    ax.bar(x_log, log_share, {.color = plot::colors::blue, .width = 0.4, .label = "log-uniform: exp(U[ln low, ln high])"});
    ax.axhline(100.0 / decades, {.color = plot::colors::dark_gray, .width = 1.0, .style = plot::LineStyle::dashed,
                                 .label = "equal share per decade"});
    ax.xticks(ticks, labels).xlabel("decade of the learning rate").ylabel("share of the draws (%)");
    ax.ylim(0, 100).grid(true).legend();
    ax.title(std::to_string(draws) + " draws of η: uniform spends them on the top decade");
    fig.save(path);
}

void draw_edge_check(const std::string& path, const Trials& narrow, const Trials& wide) {
    plot::Figure fig(900, 600);
    auto& ax = fig.axes();
    ax.title("The best rate at the edge of the grid: extend the range");
    rate_axis(ax);
    loss_axis(ax);
    // Both grids try η = 1e-3: the extended grid's large circles go first, the first grid's small squares
    // on top of them, so neither hides the other.
    loss_against_rate(ax, wide, plot::colors::orange, plot::Marker::circle, "extended grid, η ∈ [1e-3, 3]", 14);
    loss_against_rate(ax, narrow, plot::colors::blue, plot::Marker::square, "first grid, η ∈ [1e-3, 1e-2]", 8);
    const std::size_t best = argmin(narrow.losses);
    ax.annotate("best of the first grid: at its edge", narrow.points[best][0], shown(narrow.losses[best]),
                {.marker = plot::Marker::none, .dx = 30, .dy = 110, .arrow = true});
    ax.axvline(narrow.points[best][0]);
    cap_note(ax);
    ax.legend();
    fig.save(path);
}

void draw_successive_halving(const std::string& path, const HyperbandRun& run, std::size_t unit_steps) {
    const Halving& halving = run.halvings.front();  // the bracket s = s_max: the most configurations
    const Bracket& bracket = run.brackets.front();
    plot::Figure fig(900, 600);
    auto& ax = fig.axes();
    ax.title("Successive halving (bracket s = " + std::to_string(bracket.s) + "): keep the best 1/η per rung");
    ax.xscale(plot::Scale::log).xlabel("training steps of the trial (log scale)");
    loss_axis(ax);
    std::vector<double> rung_steps;
    for (const Rung& rung : bracket.rungs) rung_steps.push_back(rung.resource * static_cast<double>(unit_steps));
    const std::size_t n = bracket.rungs.front().configs;
    for (std::size_t c = 0; c < n; ++c) {
        std::vector<double> x, y;
        for (std::size_t i = 0; i < halving.configs.size(); ++i)
            for (std::size_t k = 0; k < halving.configs[i].size(); ++k)
                if (halving.configs[i][k] == c) {
                    x.push_back(rung_steps[i]);
                    y.push_back(shown(halving.losses[i][k]));
                }
        const bool winner = c == halving.best;
        const plot::Color color = winner ? plot::colors::red : plot::viridis(static_cast<double>(x.size() - 1) /
                                                                             static_cast<double>(bracket.s + 1));
        ax.plot(x, y, {.color = color, .width = winner ? 2.6 : 1.0, .label = winner ? "the winner" : "",
                       .marker = plot::Marker::circle, .marker_size = winner ? 6.0 : 4.0, .alpha = winner ? 1.0 : 0.7});
    }
    for (std::size_t i = 0; i < rung_steps.size(); ++i)
        ax.text(rung_steps[i], kLossCap * 1.15, std::to_string(bracket.rungs[i].configs) + (bracket.rungs[i].configs == 1 ? " trial" : " trials"),
                {.size = 11, .align = plot::HAlign::center});
    ax.ylim(0.03, kLossCap * 1.5);
    ax.legend();
    fig.save(path);
}

void draw_bayes(const std::string& path, const SearchSpace& space, const BayesRun& bayes, const Trials& random) {
    plot::Figure fig(1250, 520, 1, 2);
    auto& map = fig.subplot(0, 0);
    const derivative_free::Box unit{{0.0, 0.0}, {1.0, 1.0}};
    const derivative_free::Surrogate surrogate =
        derivative_free::fit_surrogate(bayes.result.points, bayes.result.values, unit, bayes.options);
    const plot::Grid mean = plot::sample(
        [&](double u, double v) { return derivative_free::predict(surrogate, {u, v}).mean; }, 0, 1, 0, 1, 80, 80);
    map.contourf(mean, {.n_levels = 14}).colorbar("GP mean of ln(validation loss)");
    std::vector<double> ticks, labels_at;
    std::vector<std::string> rate_labels, width_labels;
    for (const double rate : {1e-3, 1e-2, 1e-1, 1.0}) {
        ticks.push_back(to_unit(space, {rate, space[1].low})[0]);
        char text[16];
        std::snprintf(text, sizeof text, "%g", rate);
        rate_labels.push_back(text);
    }
    for (const double width : {4.0, 8.0, 16.0, 32.0, 64.0}) {
        labels_at.push_back(to_unit(space, {space[0].low, width})[1]);
        width_labels.push_back(std::to_string(static_cast<int>(width)));
    }
    map.xticks(ticks, rate_labels).yticks(labels_at, width_labels).xlim(0, 1).ylim(0, 1);
    map.xlabel("learning rate η (log scale)").ylabel("first hidden layer width (log scale)");
    map.title("The GP's picture after " + std::to_string(bayes.points.size()) + " trials");
    for (std::size_t k = 0; k < bayes.result.points.size(); ++k) {
        const auto& u = bayes.result.points[k];
        const bool initial = k < bayes.options.initial_points;
        map.annotate(std::to_string(k + 1), u[0], u[1],
                     {.marker = initial ? plot::Marker::square : plot::Marker::circle,
                      .color = initial ? plot::colors::white : plot::colors::red, .marker_size = 7, .dx = 6, .dy = 4});
    }
    auto& best = fig.subplot(0, 1);
    best.title("Best validation loss so far");
    best.xlabel("trial").ylabel("best validation loss so far (log scale)").yscale(plot::Scale::log).yminor_labels().grid(true);
    for (const auto* losses : {&random.losses, &bayes.losses}) {
        std::vector<double> x, y;
        double so_far = kLossCap;
        for (std::size_t k = 0; k < losses->size(); ++k) {
            so_far = std::min(so_far, shown((*losses)[k]));
            x.push_back(static_cast<double>(k + 1));
            y.push_back(so_far);
        }
        const bool is_bayes = losses == &bayes.losses;
        best.plot(x, y, {.color = is_bayes ? plot::colors::red : plot::colors::orange, .width = 2.2,
                         .label = is_bayes ? "Bayesian optimization (EI)" : "random search",
                         .marker = is_bayes ? plot::Marker::circle : plot::Marker::triangle});
    }
    best.axvline(static_cast<double>(bayes.options.initial_points) + 0.5);
    best.legend();
    fig.save(path);
}

void draw_comparison(const std::string& path, const std::vector<std::pair<std::string, Incumbent>>& curves) {
    plot::Figure fig(900, 600);
    auto& ax = fig.axes();
    ax.title("The studies compared, from their records");
    ax.xlabel("training steps spent (all trials so far)").ylabel("best validation loss of a full trial (log scale)");
    ax.yscale(plot::Scale::log).yminor_labels().grid(true);
    int color = 0;
    for (const auto& [name, curve] : curves) {
        std::vector<double> x, y;
        for (std::size_t k = 0; k < curve.steps.size(); ++k)
            if (curve.best[k] < kLossCap) {
                x.push_back(curve.steps[k]);
                y.push_back(curve.best[k]);
            }
        ax.plot(x, y, {.color = plot::tab10(color++), .width = 2.2, .label = name, .marker = plot::Marker::circle,
                       .marker_size = 4});
    }
    ax.legend();
    fig.save(path);
}

}  // namespace course::hyperparameter_search
