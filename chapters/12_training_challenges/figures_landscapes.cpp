// Chapter 12, given code: figures 18 (local minima) and 19 (a saddle), see lecture.hpp.
#include <algorithm>
#include <cmath>

#include "chapters/12_training_challenges/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::training_challenges {

namespace {

namespace plot = course::plot;

void draw_path(plot::Axes& ax, const NamedPath& named, plot::Color c, double width) {
    ax.plot(named.path.x, named.path.y, {.color = c, .width = width, .label = named.label});
    ax.marker(named.path.x.back(), named.path.y.back(),
              {.marker = plot::Marker::circle, .color = c, .size = 10, .edge_color = plot::colors::white});
}

}  // namespace

void draw_local_minima_figure(const BasinMap& basins, const std::vector<NamedPath>& paths, const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("The six-hump camel: six minima, and the start decides which one gradient descent finds");
    const plot::Grid field = plot::sample([](double x, double y) { return camel({x, y}); }, basins.x0, basins.x1,
                                          basins.y0, basins.y1, 240, 140);
    const std::vector<double> levels = plot::linear_levels(-1.2, 5.0, 16);

    auto& map = fig.subplot(0, 0);
    plot::Grid grid{.nx = basins.nx, .ny = basins.ny, .x0 = basins.x0, .x1 = basins.x1, .y0 = basins.y0,
                    .y1 = basins.y1, .z = basins.basin};
    map.heatmap(grid, {.vmin = 0.0, .vmax = 5.0}).colorbar("the minimum reached (its number)");
    map.contour(field, {.levels = levels, .color = plot::colors::white, .width = 0.6, .alpha = 0.5});
    for (std::size_t i = 0; i < kCamelMinima.size(); ++i) {
        const Vec2 m = kCamelMinima[i];
        map.marker(m.x, m.y, {.marker = i < 2 ? plot::Marker::star : plot::Marker::circle,
                              .color = i < 2 ? plot::colors::red : plot::colors::white, .size = i < 2 ? 16.0 : 9.0});
        map.text(m.x > 1.0 ? m.x - 0.06 : m.x + 0.06, m.y + 0.06, std::to_string(i) + ": f = " + fmt(camel(m), 3),
                 {.color = plot::colors::black, .size = 11, .align = m.x > 1.0 ? plot::HAlign::right : plot::HAlign::left,
                  .background = plot::colors::white});  // readable on every basin's colour, yellow included
    }
    map.title("Basins of attraction of plain GD (η = 0.01)").xlabel("x").ylabel("y");
    map.xlim(basins.x0, basins.x1).ylim(basins.y0, basins.y1);

    auto& runs = fig.subplot(0, 1);
    runs.contourf(field, {.levels = levels});
    runs.colorbar("f(x, y)");
    const std::vector<plot::Color> colours{plot::colors::red, plot::colors::orange, plot::colors::cyan};
    for (std::size_t i = 0; i < paths.size(); ++i) draw_path(runs, paths[i], colours[i % 3], 1.6);
    runs.marker(paths.front().path.x.front(), paths.front().path.y.front(),
                {.marker = plot::Marker::square, .color = plot::colors::white, .size = 10, .label = "start"});
    runs.title("From one start: plain GD, heavy ball, noisy SGD").xlabel("x").ylabel("y");
    runs.xlim(basins.x0, basins.x1).ylim(basins.y0, basins.y1).legend();
    fig.save(path);
}

void draw_saddle_figure(const std::vector<EscapeCurve>& curves, const std::vector<NamedPath>& paths,
                        const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("A strict saddle, f = x² + y⁴/4 − y²/2: gradient descent lingers, and leaves only if pushed");
    auto& escape = fig.subplot(0, 0);
    for (std::size_t i = 0; i < curves.size(); ++i) {
        const plot::Color c = plot::tab10(static_cast<int>(i));
        escape.plot(plot::index_axis(curves[i].measured.size()), curves[i].measured, {.color = c, .width = 2.0, .label = curves[i].label});
        escape.plot(plot::index_axis(curves[i].predicted.size()), curves[i].predicted,
                    {.color = c, .width = 1.2, .style = plot::LineStyle::dashed});
    }
    escape.axhline(0.1, {.color = plot::colors::gray, .width = 1.0, .style = plot::LineStyle::dotted, .label = "radius 0.1"});
    escape.yscale(plot::Scale::log).grid();
    escape.title("|yₖ| from y₀ = δ (solid), and δ(1 + η|λ_min|)ᵏ (dashed)").xlabel("step k").ylabel("|yₖ|");
    escape.ylim(1e-9, 3.0).legend();

    auto& map = fig.subplot(0, 1);
    map.contourf(plot::sample([](double x, double y) { return saddle({x, y}); }, -1.2, 1.2, -1.5, 1.5, 200, 200),
                 {.n_levels = 14});
    map.colorbar("f(x, y)");
    const std::vector<plot::Color> colours{plot::colors::white, plot::colors::red, plot::colors::orange};
    for (std::size_t i = 0; i < paths.size(); ++i) draw_path(map, paths[i], colours[i % 3], i == 0 ? 4.0 : 1.8);
    map.marker(0.0, 0.0, {.marker = plot::Marker::x, .color = plot::colors::white, .size = 12, .label = "saddle"});
    map.title("Paths from (1, y₀), η = 0.1 (dots: where each ends)").xlabel("x").ylabel("y");
    map.xlim(-1.2, 1.2).ylim(-1.5, 1.5).legend();
    fig.save(path);
}

}  // namespace course::training_challenges
