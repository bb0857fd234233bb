// plot_gallery DIR — draws one figure per feature of the figure library into DIR, to look at.
// Each figure is a small example of the API as a chapter would use it; `make check` also runs it.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "common/plot/plot.hpp"

namespace plot = course::plot;

namespace {

double rosenbrock(double x, double y) { return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x); }

// A gradient-descent path on Rosenbrock, to have something real to draw over the contours.
void descent_path(std::vector<double>& xs, std::vector<double>& ys, double lr, int steps) {
    double x = -1.2, y = 1.6;
    for (int k = 0; k <= steps; ++k) {
        xs.push_back(x), ys.push_back(y);
        const double gx = -2 * (1 - x) - 400 * x * (y - x * x), gy = 200 * (y - x * x);
        x -= lr * gx, y -= lr * gy;
    }
}

void lines_and_log_axis(const std::filesystem::path& dir) {
    plot::Figure fig(1200, 500, 1, 2);
    fig.suptitle("Lines, bands, reference lines and a log axis");
    auto& left = fig.subplot(0, 0);
    std::vector<double> t, mean, lo, hi, cosine;
    for (int k = 0; k <= 200; ++k) {
        t.push_back(k * 0.05);
        mean.push_back(std::sin(t.back()) * std::exp(-0.1 * t.back()));
        lo.push_back(mean.back() - 0.15 - 0.02 * t.back()), hi.push_back(mean.back() + 0.15 + 0.02 * t.back());
        cosine.push_back(0.8 * std::cos(t.back()));
    }
    left.title("Damped oscillation (mean ± band over 5 seeds)").xlabel("time t (s)").ylabel("θ(t) − θ*").grid();
    left.fill_between(t, lo, hi, {.color = plot::tab10(0), .alpha = 0.2, .label = "±1 std"});
    left.plot(t, mean, {.color = plot::tab10(0), .label = "mean θ"});
    left.plot(t, cosine, {.color = plot::tab10(1), .style = plot::LineStyle::dashed, .label = "0.8·cos t"});
    left.axhline(0, {.color = plot::colors::gray, .width = 1.0, .style = plot::LineStyle::dotted, .label = "θ*"});
    left.legend();

    auto& right = fig.subplot(0, 1);
    right.title("Training loss").xlabel("iteration").ylabel("loss").yscale(plot::Scale::log).grid();
    const char* names[] = {"SGD", "Momentum", "Adam", "RMSprop"};
    const double rates[] = {0.01, 0.03, 0.06, 0.045};
    for (int m = 0; m < 4; ++m) {
        std::vector<double> it, loss;
        for (int k = 0; k <= 300; ++k) {
            it.push_back(k);
            loss.push_back(3.0 * std::exp(-rates[m] * k) + 2e-4 * (m + 1) + 0.02 * std::exp(-0.01 * k) * std::fabs(std::sin(0.3 * k + m)));
        }
        right.plot(it, loss, {.label = names[m]});
    }
    right.legend();
    fig.save(dir / "gallery_lines_log.png");
}

void contours(const std::filesystem::path& dir) {
    plot::Figure fig(1200, 500, 1, 2);
    auto& left = fig.subplot(0, 0);
    const plot::Grid field = plot::sample(rosenbrock, -2, 2, -1, 3, 200, 200);
    left.title("Rosenbrock: gradient descent, lr = 0.001").xlabel("x").ylabel("y");
    left.contourf(field, {.n_levels = 14, .log_levels = true});
    left.contour(field, {.levels = plot::log_levels(0.1, 2000, 8), .color = plot::colors::white, .width = 0.6, .alpha = 0.6});
    left.colorbar("f(x, y)  (log scale)");
    std::vector<double> xs, ys;
    descent_path(xs, ys, 0.001, 3000);
    left.plot(xs, ys, {.color = plot::colors::white, .width = 1.6, .label = "GD path"});
    left.marker(xs.front(), ys.front(), {.marker = plot::Marker::circle, .color = plot::colors::orange, .size = 10, .label = "start"});
    left.marker(1, 1, {.marker = plot::Marker::star, .color = plot::colors::red, .size = 18, .label = "minimum (1, 1)"});
    left.legend({.location = plot::Corner::lower_right});

    auto& right = fig.subplot(0, 1);
    const plot::Grid bowl = plot::sample([](double x, double y) { return x * x + 4 * y * y - 1.5 * x * y; }, -3, 3, -2, 2, 150, 100);
    right.title("Ill-conditioned quadratic").xlabel("θ₁").ylabel("θ₂").aspect_equal();
    right.contourf(bowl, {.n_levels = 10});
    right.contour(bowl, {.n_levels = 10, .color = plot::colors::black, .width = 0.5, .alpha = 0.6});
    right.colorbar("L(θ)");
    right.arrow(-2.5, 1.5, -1.7, 0.7, {.color = plot::colors::white, .width = 2, .label = "−∇L"});
    right.annotate("minimum", 0, 0, {.marker = plot::Marker::star, .color = plot::colors::white, .marker_size = 14, .dx = 14, .dy = 14});
    fig.save(dir / "gallery_contour.png");
}

void surfaces(const std::filesystem::path& dir) {
    plot::Figure fig(1200, 520, 1, 2);
    auto& left = fig.subplot(0, 0);
    const plot::Grid bowl = plot::sample(rosenbrock, -2, 2, -1, 3, 40, 40);
    left.title("Rosenbrock, 40 × 40 grid").xlabel("x").ylabel("y").zlabel("f(x, y)");
    left.surface(bowl);
    left.marker3d(1, 1, 0, {.marker = plot::Marker::star, .size = 16});
    left.colorbar();

    auto& right = fig.subplot(0, 1);
    const plot::Grid saddle = plot::sample([](double x, double y) { return x * x - y * y; }, -1, 1, -1, 1, 30, 30);
    right.title("Saddle point: f = x² − y²").xlabel("x").ylabel("y").zlabel("f");
    right.surface(saddle, {.colormap = plot::Colormap::coolwarm});
    std::vector<double> px, py, pz;
    for (int k = 0; k <= 20; ++k) {
        const double x = 0.9 * std::pow(0.8, k), y = 0.02 * std::pow(1.2, k);
        px.push_back(x), py.push_back(y), pz.push_back(x * x - y * y);
    }
    right.plot3d(px, py, pz, {.color = plot::colors::black, .width = 2, .marker = plot::Marker::circle, .marker_size = 4});
    right.marker3d(0, 0, 0, {.marker = plot::Marker::x, .color = plot::colors::black, .size = 12});
    fig.save(dir / "gallery_surface.png");
}

// A 32×32 cartoon face looking towards (yaw, pitch), values 0..1.
std::vector<double> cartoon_face(double yaw, double pitch) {
    std::vector<double> pixels(32 * 32);
    const double dx = yaw / 90 * 6, dy = -pitch / 90 * 6;
    for (int r = 0; r < 32; ++r) {
        for (int c = 0; c < 32; ++c) {
            const double x = c - 15.5, y = r - 15.5;
            double v = 0.15 + 0.02 * ((r * 7 + c * 3) % 5);
            if (x * x / 121 + y * y / 169 < 1) v = 0.75 - 0.004 * (x * x + y * y) / 4;
            auto blob = [&](double cx, double cy, double radius) {
                return (x - cx) * (x - cx) + (y - cy) * (y - cy) < radius * radius;
            };
            if (blob(-4.5 + dx, -3 + dy, 1.8) || blob(4.5 + dx, -3 + dy, 1.8)) v = 0.1;
            if (std::fabs(x - dx) < 3.5 && std::fabs(y - 6 - dy) < 0.8) v = 0.3;
            pixels[static_cast<std::size_t>(r) * 32 + c] = v;
        }
    }
    return pixels;
}

void image_grid(const std::filesystem::path& dir) {
    const int rows = 3, cols = 6;
    plot::Figure fig(1200, 680, rows, cols);
    fig.suptitle("Sample faces: true direction (green) vs prediction (red)");
    for (int k = 0; k < rows * cols; ++k) {
        const double yaw = -60 + 7.3 * k, pitch = 25 * std::sin(k * 1.3);
        auto& ax = fig.subplot(k / cols, k % cols);
        ax.image(cartoon_face(yaw, pitch), 32, 32);
        char caption[64];
        std::snprintf(caption, sizeof caption, "yaw %.0f° pitch %.0f°", yaw, pitch);
        ax.xlabel(caption);
        const double scale = 12.0 / 90;
        ax.arrow(16, 16, 16 + yaw * scale, 16 + pitch * scale, {.color = plot::colors::green, .width = 2});
        ax.arrow(16, 16, 16 + (yaw + 10) * scale * 0.9, 16 + (pitch - 8) * scale, {.color = plot::colors::red, .width = 2});
    }
    fig.save(dir / "gallery_faces.png");
}

void scatter_and_bars(const std::filesystem::path& dir) {
    plot::Figure fig(1200, 500, 1, 2);
    auto& left = fig.subplot(0, 0);
    std::vector<double> truth, predicted, error;
    for (int k = 0; k < 300; ++k) {
        const double t = -60 + 120.0 * ((k * 37) % 300) / 300;
        const double noise = 9 * std::sin(k * 12.9898) * std::cos(k * 4.1414);
        truth.push_back(t), predicted.push_back(0.9 * t + noise), error.push_back(std::fabs(0.9 * t + noise - t));
    }
    left.title("Predicted vs true yaw").xlabel("true yaw (°)").ylabel("predicted yaw (°)").grid().aspect_equal();
    left.scatter(truth, predicted, {.size = 6, .label = "test faces", .values = error});
    left.colorbar("|error| (°)");
    left.plot({-60, 60}, {-60, 60}, {.color = plot::colors::black, .width = 1.2, .style = plot::LineStyle::dashed, .label = "perfect"});
    left.legend();

    auto& right = fig.subplot(0, 1);
    right.title("Error histogram").xlabel("|error| (°)").ylabel("count");
    right.hist(error, 20, {.label = "all faces"});
    right.axvline(5, {.color = plot::colors::red, .width = 1.5, .style = plot::LineStyle::dashed, .label = "5° target"});
    right.legend();
    fig.save(dir / "gallery_scatter.png");
}

void table_panel(const std::filesystem::path& dir) {
    plot::Figure fig(1200, 450, 1, 2);
    auto& left = fig.subplot(0, 0);
    left.title("Final loss after 500 steps");
    left.table({{"SGD", "3.21×10⁻²", "500"},
                {"Momentum (β = 0.9)", "4.07×10⁻⁴", "500"},
                {"Adam (α = 0.01)", "1.12×10⁻⁶", "500"},
                {"Nelder–Mead", "8.50×10⁻⁵", "1 342"},
                {"Random search", "0.118", "5 000"}},
               {"method", "final loss", "evaluations"});
    auto& right = fig.subplot(0, 1);
    right.title("Evaluations used").ylabel("evaluations").yscale(plot::Scale::log);
    right.bar({0, 1, 2, 3, 4}, {500, 500, 500, 1342, 5000}, {.color = plot::tab10(0)});
    right.xticks({0, 1, 2, 3, 4}, {"SGD", "Momentum", "Adam", "N–M", "Random"});
    fig.save(dir / "gallery_table.png");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: plot_gallery DIR   (writes gallery_*.png into DIR)\n");
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    try {
        for (auto draw : {lines_and_log_axis, contours, surfaces, image_grid, scatter_and_bars, table_panel}) {
            const auto start = std::chrono::steady_clock::now();
            draw(dir);
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::printf("drew a figure in %.3f s\n", seconds);
        }
    } catch (const std::exception& error) {
        std::fprintf(stderr, "plot_gallery: %s\n", error.what());
        return 1;
    }
    std::printf("wrote the gallery to %s (font: %s)\n", dir.c_str(),
                plot::font_path().empty() ? "stb_easy_font fallback" : plot::font_path().c_str());
    return 0;
}
