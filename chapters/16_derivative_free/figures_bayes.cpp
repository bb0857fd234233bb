// Chapter 16, given code: figures 46 and 47 (Bayesian optimization), 48 and 49 (the comparison), see lecture.hpp.
#include <algorithm>
#include <cmath>
#include <string>

#include "chapters/16_derivative_free/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::derivative_free {

namespace {

namespace plot = course::plot;

}  // namespace

void draw_bayes_1d_figure(const std::vector<BayesSnapshot>& snapshots, const std::string& acquisition_label,
                          const std::string& path) {
    const int cols = static_cast<int>(snapshots.size());
    plot::Figure fig(460 * cols, 820, 2, cols);
    fig.suptitle("Bayesian optimization on the Forrester function: the GP posterior (top) and " + acquisition_label +
                 " (bottom)");
    for (int c = 0; c < cols; ++c) {
        const BayesSnapshot& s = snapshots[static_cast<std::size_t>(c)];
        auto& top = fig.subplot(0, c);
        std::vector<double> lo, hi;
        for (std::size_t i = 0; i < s.xs.size(); ++i) {
            lo.push_back(s.mean[i] - 2.0 * s.sd[i]);
            hi.push_back(s.mean[i] + 2.0 * s.sd[i]);
        }
        top.fill_between(s.xs, lo, hi, {.color = plot::colors::blue, .alpha = 0.2, .label = "μ ± 2σ"});
        top.plot(s.xs, s.truth, {.color = plot::colors::black, .width = 1.4, .style = plot::LineStyle::dashed, .label = "f (unknown to BO)"});
        top.plot(s.xs, s.mean, {.color = plot::colors::blue, .width = 2.0, .label = "posterior mean μ"});
        top.scatter(s.observed_x, s.observed_y, {.color = plot::colors::black, .size = 8, .label = "evaluated", .alpha = 1.0});
        top.axvline(s.next, {.color = plot::colors::red, .width = 1.4, .style = plot::LineStyle::dotted, .label = "next"});
        top.title(std::to_string(s.evaluations) + " evaluations").ylim(-12.0, 18.0).grid();
        if (c == 0) top.ylabel("f(x)").legend({.font_size = 10});
        auto& bottom = fig.subplot(1, c);
        bottom.plot(s.xs, s.acquisition, {.color = plot::colors::green, .width = 2.0});
        bottom.axvline(s.next, {.color = plot::colors::red, .width = 1.4, .style = plot::LineStyle::dotted});
        bottom.xlabel("x").grid();
        if (c == 0) bottom.ylabel(acquisition_label);
    }
    fig.save(path);
}

void draw_bayes_2d_figure(const BayesOptResult& run, const Field& f, const Box& box, const std::string& title,
                          const std::vector<NamedCurve>& curves, const std::string& path) {
    plot::Figure fig(1500, 620, 1, 2);
    fig.suptitle(title);
    auto& map = fig.subplot(0, 0);
    map.contourf(plot::sample(f, box.lower[0], box.upper[0], box.lower[1], box.upper[1], 200, 200),
                 {.n_levels = 14, .log_levels = true, .colormap = plot::Colormap::gray});
    std::vector<double> xs, ys, order;
    for (std::size_t i = 0; i < run.points.size(); ++i) {
        xs.push_back(run.points[i][0]);
        ys.push_back(run.points[i][1]);
        order.push_back(static_cast<double>(i + 1));
    }
    map.scatter(xs, ys, {.size = 9, .alpha = 1.0, .values = order, .edge_color = plot::colors::white});
    map.colorbar("evaluation number");
    map.marker(run.best_point[0], run.best_point[1], {.marker = plot::Marker::star, .color = plot::colors::red, .size = 16, .label = "best found"});
    map.xlim(box.lower[0], box.upper[0]).ylim(box.lower[1], box.upper[1]).xlabel("x₁").ylabel("x₂");
    map.title("One BO run (EI) on grey log-contours of f, in order").legend();
    auto& right = fig.subplot(0, 1);
    for (std::size_t c = 0; c < curves.size(); ++c)
        right.plot(plot::index_axis(curves[c].ys.size(), 1.0), curves[c].ys,
                   {.color = plot::tab10(static_cast<int>(c)), .width = 2.0, .label = curves[c].label});
    right.yscale(plot::Scale::log).grid().title("Median best f − f* over seeds").xlabel("evaluations").ylabel("best f − f*");
    right.legend({.font_size = 10});
    fig.save(path);
}

void draw_comparison_figure(const std::vector<std::string>& problems, const std::vector<std::vector<MethodCurve>>& curves,
                            const std::string& path) {
    const int cols = static_cast<int>(problems.size());
    plot::Figure fig(700 * cols, 600, 1, cols);
    fig.suptitle("Evaluations to target: median best value (minus f*) over random starts and seeds");
    for (int p = 0; p < cols; ++p) {
        auto& ax = fig.subplot(0, p);
        const auto& set = curves[static_cast<std::size_t>(p)];
        for (std::size_t m = 0; m < set.size(); ++m) {
            std::vector<double> ys;
            for (const double v : set[m].median_best) ys.push_back(std::max(v, 1e-12));
            ax.plot(plot::index_axis(ys.size(), 1.0), ys, {.color = plot::tab10(static_cast<int>(m)), .width = 2.0, .label = set[m].method});
        }
        ax.xscale(plot::Scale::log).yscale(plot::Scale::log).ylim(1e-12, 1e3).grid();
        ax.title(problems[static_cast<std::size_t>(p)]).xlabel("evaluations of f (a gradient counts as one)").ylabel("best f − f*");
        ax.legend({.font_size = 10});
    }
    fig.save(path);
}

void draw_table_figure(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& header,
                       const std::string& title, const std::string& path) {
    plot::Figure fig(1500, 110 + 40 * static_cast<int>(rows.size() + 1));
    fig.axes().table(rows, header, {.font_size = 14}).title(title);
    fig.save(path);
}

}  // namespace course::derivative_free
