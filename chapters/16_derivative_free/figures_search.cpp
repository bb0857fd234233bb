// Chapter 16, given code: figures 43 (a genetic algorithm), 44 (Nelder-Mead) and 45 (CMA-ES), see lecture.hpp.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include "chapters/16_derivative_free/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::derivative_free {

namespace {

namespace plot = course::plot;

plot::Grid field_grid(const Field& f, const Box& box, int n = 200) {
    return plot::sample(f, box.lower[0], box.upper[0], box.lower[1], box.upper[1], n, n);
}

void landscape(plot::Axes& ax, const plot::Grid& grid, bool log_levels) {
    ax.contourf(grid, {.n_levels = 14, .log_levels = log_levels});
    ax.xlim(grid.x0, grid.x1).ylim(grid.y0, grid.y1).xlabel("x₁").ylabel("x₂");
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

}  // namespace

void draw_genetic_figure(const GeneticResult& run, const Field& f, const Box& box, const std::vector<std::size_t>& shown,
                         const std::string& path) {
    plot::Figure fig(1500, 900, 2, 3);
    fig.suptitle("A genetic algorithm on 2-D Rastrigin: the population gathers in the global basin");
    const plot::Grid grid = field_grid(f, box);
    for (std::size_t p = 0; p < shown.size() && p < 5; ++p) {
        auto& ax = fig.subplot(static_cast<int>(p) / 3, static_cast<int>(p) % 3);
        landscape(ax, grid, false);
        std::vector<double> xs, ys;
        for (const Vector& x : run.generations[shown[p]]) {
            xs.push_back(x[0]);
            ys.push_back(x[1]);
        }
        ax.scatter(xs, ys, {.color = plot::colors::white, .size = 7, .alpha = 0.9, .edge_color = plot::colors::black});
        ax.marker(0.0, 0.0, {.marker = plot::Marker::star, .color = plot::colors::red, .size = 14});
        ax.colorbar("f(x)");
        const Vector& values = run.fitness[shown[p]];
        ax.title("generation " + std::to_string(shown[p]) + ": best f = " + fmt(*std::min_element(values.begin(), values.end()), 3));
    }
    auto& curve = fig.subplot(1, 2);
    std::vector<double> best, med;
    for (const Vector& values : run.fitness) {
        best.push_back(*std::min_element(values.begin(), values.end()) + 1e-6);
        med.push_back(median(values) + 1e-6);
    }
    curve.plot(plot::index_axis(best.size()), best, {.color = plot::colors::blue, .width = 2.0, .label = "best (elitism: never rises)"});
    curve.plot(plot::index_axis(med.size()), med, {.color = plot::colors::orange, .width = 2.0, .label = "median of the population"});
    curve.yscale(plot::Scale::log).grid().title("Value per generation").xlabel("generation").ylabel("f + 10⁻⁶");
    curve.legend({.font_size = 10});
    fig.save(path);
}

void draw_nelder_mead_figure(const NelderMeadResult& run, const std::vector<double>& best_so_far, const Field& f,
                             const Box& box, const std::string& path) {
    plot::Figure fig(1400, 600, 1, 2);
    fig.suptitle("Nelder-Mead on Rosenbrock from (−1.2, 1): the simplex walks the valley, then collapses on (1, 1)");
    auto& map = fig.subplot(0, 0);
    landscape(map, field_grid(f, box), true);
    map.colorbar("f(x) (log levels)");
    auto outline = [&](const Simplex& simplex, plot::LineOptions options) {
        std::vector<double> xs, ys;
        for (std::size_t i = 0; i <= simplex.points.size(); ++i) {
            xs.push_back(simplex.points[i % simplex.points.size()][0]);
            ys.push_back(simplex.points[i % simplex.points.size()][1]);
        }
        map.plot(xs, ys, options);
    };
    for (const Simplex& simplex : run.trace) outline(simplex, {.color = plot::colors::white, .width = 0.8, .alpha = 0.6});
    // Later simplices are far smaller than a marker, so each highlighted one also has its corners marked
    // and a labelled arrow pointing at it, the arrows fanned out below the valley.
    const std::vector<std::size_t> highlighted{0, 10, 25, 50};
    const double arrow_dx[] = {0, -60, 0, 60};
    for (std::size_t h = 0; h < highlighted.size() && highlighted[h] < run.trace.size(); ++h) {
        const plot::Color color = plot::tab10(static_cast<int>(h) + 1);
        const Simplex& simplex = run.trace[highlighted[h]];
        outline(simplex, {.color = color, .width = 2.4, .label = "after step " + std::to_string(highlighted[h]),
                          .marker = plot::Marker::circle, .marker_size = 5});
        if (h == 0) continue;  // the first simplex is large enough to see
        double cx = 0, cy = 0;
        for (const auto& p : simplex.points) cx += p[0] / static_cast<double>(simplex.points.size()), cy += p[1] / static_cast<double>(simplex.points.size());
        map.annotate("step " + std::to_string(highlighted[h]), cx, cy,
                     {.marker = plot::Marker::none, .color = color, .dx = arrow_dx[h], .dy = -70, .arrow = true, .font_size = 12});
    }
    map.marker(-1.2, 1.0, {.marker = plot::Marker::square, .color = plot::colors::white, .size = 10, .label = "start"});
    map.marker(1.0, 1.0, {.marker = plot::Marker::star, .color = plot::colors::red, .size = 15, .label = "minimum (1, 1)"});
    map.title("Every simplex (white), four of them in colour");
    map.legend();

    auto& curve = fig.subplot(0, 1);
    std::vector<double> best;
    for (const double v : best_so_far) best.push_back(std::max(v, 1e-16));
    const std::vector<double> evals = plot::index_axis(best.size(), 1.0);
    curve.plot(evals, best, {.color = plot::colors::blue, .width = 2.0, .label = "best f so far"});
    curve.yscale(plot::Scale::log).grid().title("Best value against evaluations").xlabel("evaluations of f").ylabel("best f so far");
    curve.legend();
    fig.save(path);
}

void draw_cma_figure(const CmaResult& run, const Field& f, const Box& box, const std::vector<std::size_t>& shown,
                     const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle("CMA-ES on a rotated ellipsoid: the search distribution learns the valley's shape and shrinks into it");
    auto& map = fig.subplot(0, 0);
    landscape(map, field_grid(f, box), true);
    map.colorbar("f(x) (log levels)");
    for (std::size_t p = 0; p < shown.size(); ++p) {
        const std::size_t g = shown[p];
        if (g >= run.populations.size()) continue;
        const CmaState& s = run.states[g];
        // The last generation sits in the valley's dark floor: cyan shows there, tab10's brown would not.
        const plot::Color c = p + 1 == shown.size() ? plot::colors::cyan : plot::tab10(static_cast<int>(p) + 1);
        std::vector<double> xs, ys, ex, ey;
        for (const Vector& x : run.populations[g]) {
            xs.push_back(x[0]);
            ys.push_back(x[1]);
        }
        for (int t = 0; t <= 80; ++t) {  // m + 2σ·B·diag(D)·(cos t, sin t)
            const double a = 2.0 * std::numbers::pi * t / 80.0, u = 2.0 * s.D[0] * std::cos(a), v = 2.0 * s.D[1] * std::sin(a);
            ex.push_back(s.mean[0] + s.sigma * (s.B(0, 0) * u + s.B(0, 1) * v));
            ey.push_back(s.mean[1] + s.sigma * (s.B(1, 0) * u + s.B(1, 1) * v));
        }
        map.plot(ex, ey, {.color = c, .width = 2.0, .label = "generation " + std::to_string(g)});
        map.scatter(xs, ys, {.color = c, .size = 6, .alpha = 1.0, .edge_color = plot::colors::black});
    }
    map.title("Samples and the 2σ ellipse of N(m, σ²C)").legend({.font_size = 10});

    auto& curves = fig.subplot(0, 1);
    std::vector<double> gens, sigma, ratio, best;
    double running = 1e300;
    for (std::size_t g = 0; g < run.populations.size(); ++g) {
        gens.push_back(static_cast<double>(g));
        sigma.push_back(run.states[g].sigma);
        ratio.push_back(run.states[g].D.back() / run.states[g].D.front());
        for (const Vector& x : run.populations[g]) running = std::min(running, f(x[0], x[1]));
        best.push_back(std::max(running, 1e-16));
    }
    curves.plot(gens, best, {.color = plot::colors::blue, .width = 2.0, .label = "best f so far"});
    curves.plot(gens, sigma, {.color = plot::colors::orange, .width = 2.0, .label = "step size σ"});
    curves.plot(gens, ratio, {.color = plot::colors::green, .width = 2.0, .label = "axis ratio √(λmax/λmin) of C"});
    curves.yscale(plot::Scale::log).grid().title("What CMA-ES learns, per generation").xlabel("generation");
    curves.legend({.font_size = 10});
    fig.save(path);
}

}  // namespace course::derivative_free
