// Chapter 01 — the loss landscape.
// Fits a line to noisy points by looking at the whole loss surface over the (w, b) plane, then checks
// the lowest grid point against the closed-form least-squares answer. Writes 01_loss_landscape.png.
// Run: make run CH=01 ARGS="--noise 1.5"
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/01_loss_landscape/loss_landscape.hpp"
#include "common/cli.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace ll = course::loss_landscape;
namespace plot = course::plot;
using course::fmt;
using course::say;

namespace {

const course::Program kProgram{
    "01_loss_landscape",
    "Chapter 01: the loss landscape of a line fit, y = w·x + b, over the (w, b) plane.",
    {course::Flag::integer("points", 40, "number of data points", 2, 100000),
     course::Flag::real("noise", 0.6, "standard deviation of the noise on y", 0.0, 100.0),
     course::Flag::integer("grid", 121, "grid points along each axis of the landscape", 5, 1001)}};

plot::Grid to_plot_grid(const course::Matrix& losses, const ll::GridSpec& spec) {
    plot::Grid grid{static_cast<int>(spec.n_w), static_cast<int>(spec.n_b), spec.w_min, spec.w_max,
                    spec.b_min, spec.b_max, losses.values()};
    return grid;
}

// Left: the landscape seen from above, filled contours with the two minima marked. Right: the same surface
// in 3-D, the view that gives the "landscape" its name. Both panels colour a height the same way (one
// linear scale, a colorbar each), so a colour means the same loss in both. The fill's bands are linear; the
// white lines are drawn at ℒ* + (ℒmax − ℒ*)·(k/n)², which for a quadratic bowl are ellipses evenly spaced
// in distance from the minimum, so the floor of the valley keeps its shape even where one band covers it.
void draw_landscape(const plot::Grid& grid, const plot::Grid& coarse_grid, const ll::GridPoint& grid_best,
                    const ll::LineParams& exact, double exact_loss, const std::string& path) {
    plot::Figure fig(1300, 560, 1, 2);
    fig.suptitle("The loss landscape of fitting ŷ = w·x + b (mean squared error ℒ)");

    const auto [lo, hi] = std::minmax_element(grid.z.begin(), grid.z.end());
    const int n_lines = 12;
    std::vector<double> line_levels;
    for (int k = 1; k < n_lines; ++k) {
        const double fraction = static_cast<double>(k) / n_lines;
        line_levels.push_back(*lo + (*hi - *lo) * fraction * fraction);
    }

    auto& top = fig.subplot(0, 0);
    top.contourf(grid, {.n_levels = 14});
    top.colorbar("ℒ(w, b)");
    top.contour(grid, {.levels = line_levels, .color = plot::colors::white, .width = 0.7, .alpha = 0.6});
    top.marker(grid_best.w, grid_best.b,
               {.marker = plot::Marker::square, .color = plot::colors::orange, .size = 15,
                .label = "grid minimum (" + fmt(grid_best.w, 3) + ", " + fmt(grid_best.b, 3) + ")"});
    top.marker(exact.w, exact.b,
               {.marker = plot::Marker::star, .color = plot::colors::red, .size = 13,
                .label = "least squares (" + fmt(exact.w, 3) + ", " + fmt(exact.b, 3) + ")"});
    top.title("Seen from above").xlabel("slope w").ylabel("intercept b").legend();

    auto& surface = fig.subplot(0, 1);
    surface.surface(coarse_grid);  // fewer, larger quads: the wireframe shows the shape
    surface.colorbar("ℒ(w, b)");
    surface.marker3d(exact.w, exact.b, exact_loss, {.marker = plot::Marker::star, .color = plot::colors::red,
                                                    .size = 15, .label = "minimum"});
    surface.title("As a surface").xlabel("slope w").ylabel("intercept b").zlabel("loss ℒ");
    fig.save(path);
}

// Which constant each loss prefers, and what one gross outlier does to each choice (exercise 1.4).
void say_outlier_effect(std::vector<double> y) {
    say("   The simplest model, a constant ŷ = c, shows how the two losses differ: the MSE is smallest at the");
    say("   mean of the yᵢ, c = %.4g, the MAE at their median, c = %.4g.", ll::mse_best_constant(y),
        ll::mae_best_constant(y));
    y.front() += 100.0;
    say("   Move one of the %zu points up by 100: the mean jumps to %.4g, the median only to %.4g.", y.size(),
        ll::mse_best_constant(y), ll::mae_best_constant(y));
}

// How far the grid's best point is from the exact minimum, in grid steps. A grid only sees its own
// rectangle: when the exact minimum lies outside it (large noise, few points), the grid's best point is
// on the edge, and no refinement of the grid can fix that.
void say_how_close(const ll::GridPoint& best, const ll::LineParams& exact, const ll::GridSpec& spec) {
    const double step_w = (spec.w_max - spec.w_min) / static_cast<double>(spec.n_w - 1);
    const double step_b = (spec.b_max - spec.b_min) / static_cast<double>(spec.n_b - 1);
    const double off_w = std::abs(best.w - exact.w), off_b = std::abs(best.b - exact.b);
    const bool inside =
        exact.w >= spec.w_min && exact.w <= spec.w_max && exact.b >= spec.b_min && exact.b <= spec.b_max;
    if (!inside) {
        say("   The exact minimum lies outside the grid's rectangle, so the grid's best point sits on its edge,");
        say("   off by %.2g in w and %.2g in b: a grid search only sees the box it is given.", off_w,
            off_b);
    } else if (off_w <= step_w && off_b <= step_b) {
        say("   The grid found it to within one grid step (off by %.2g in w, %.2g in b; the step is %.2g × %.2g).",
            off_w, off_b, step_w, step_b);
    } else {
        say("   The grid's best point is off by %.2g in w and %.2g in b, more than one step (%.2g × %.2g): the bowl",
            off_w, off_b, step_w, step_b);
        say("   is tilted, so the lowest grid point need not be the nearest one.");
    }
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const auto n_points = static_cast<std::size_t>(args.integer("points"));
        say("1. The problem: %zu noisy points around the line y = 2x − 1 (noise std %.4g, seed %llu).", n_points,
            args.real("noise"), static_cast<unsigned long long>(args.seed()));
        const auto data = ll::make_line_data(args.seed(), n_points, 2.0, -1.0, args.real("noise"));
        say("   A model ŷ = w·x + b has two parameters, θ = (w, b); fitting means finding θ* = argmin ℒ(θ).");

        say("2. The loss: the mean squared error ℒ(w, b) = (1/n) Σ (w·xᵢ + b − yᵢ)².");
        say("   ℒ(0, 0) = %.4g (the flat line at zero), ℒ(2, −1) = %.4g (the true line: what is left is noise),",
            ll::mse_loss(data, {0.0, 0.0}), ll::mse_loss(data, {2.0, -1.0}));
        say("   and the mean absolute error at the true line is %.4g.", ll::mae_loss(data, {2.0, -1.0}));
        say_outlier_effect(data.y);

        ll::GridSpec spec;
        spec.n_w = spec.n_b = static_cast<std::size_t>(args.quick() ? 31 : args.integer("grid"));
        say("3. The landscape: ℒ on a %zu × %zu grid over w ∈ [%g, %g], b ∈ [%g, %g] (%zu evaluations).", spec.n_w,
            spec.n_b, spec.w_min, spec.w_max, spec.b_min, spec.b_max, spec.n_w * spec.n_b);
        const auto losses = ll::loss_grid(data, spec);
        const auto best = ll::grid_minimum(losses, spec);
        say("   Lowest grid point: w = %.4g, b = %.4g, ℒ = %.4g.", best.w, best.b,
            best.loss);

        const auto exact = ll::least_squares(data);
        const double exact_loss = ll::mse_loss(data, exact);
        say("4. The exact answer from the normal equations: w* = %.6g, b* = %.6g, ℒ = %.6g.", exact.w,
            exact.b, exact_loss);
        say_how_close(best, exact, spec);
        say("   A grid needs k² evaluations in 2-D and k^d in d dimensions: the network of chapter 06 has");
        say("   33,482 parameters. The rest of the course is about finding the bottom without drawing the map.");

        const std::string path = args.out() + "/01_loss_landscape.png";
        ll::GridSpec coarse = spec;
        coarse.n_w = coarse.n_b = 41;
        draw_landscape(to_plot_grid(losses, spec), to_plot_grid(ll::loss_grid(data, coarse), coarse), best, exact,
                       exact_loss, path);
        say("5. Wrote %s", path.c_str());
    });
}
