// Sampled fields and contour levels.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/plot/plot.hpp"

namespace course::plot {

double Grid::min() const {
    double best = std::numeric_limits<double>::quiet_NaN();
    for (double v : z) {
        if (std::isfinite(v) && !(v >= best)) best = v;
    }
    return best;
}

double Grid::max() const {
    double best = std::numeric_limits<double>::quiet_NaN();
    for (double v : z) {
        if (std::isfinite(v) && !(v <= best)) best = v;
    }
    return best;
}

Grid sample(const std::function<double(double, double)>& f, double x0, double x1, double y0, double y1, int nx,
            int ny) {
    if (nx < 2 || ny < 2) {
        throw std::invalid_argument("plot::sample(): need at least 2×2 samples, got " + std::to_string(nx) + "×" +
                                    std::to_string(ny));
    }
    Grid grid{nx, ny, x0, x1, y0, y1, std::vector<double>(static_cast<std::size_t>(nx) * ny)};
    for (int j = 0; j < ny; ++j) {
        for (int i = 0; i < nx; ++i) grid.at(i, j) = f(grid.x(i), grid.y(j));
    }
    return grid;
}

std::vector<double> index_axis(std::size_t n, double first) {
    std::vector<double> xs(n);
    for (std::size_t k = 0; k < n; ++k) xs[k] = first + static_cast<double>(k);
    return xs;
}

std::vector<double> linear_levels(double lo, double hi, int n) {
    if (n < 1) throw std::invalid_argument("plot::linear_levels(): need at least one band");
    std::vector<double> levels;
    for (int k = 0; k <= n; ++k) levels.push_back(lo + (hi - lo) * k / n);
    return levels;
}

std::vector<double> log_levels(double lo, double hi, int n) {
    if (n < 1) throw std::invalid_argument("plot::log_levels(): need at least one band");
    if (!(lo > 0) || !(hi > lo)) {
        throw std::invalid_argument("plot::log_levels(" + std::to_string(lo) + ", " + std::to_string(hi) +
                                    "): need 0 < lo < hi");
    }
    std::vector<double> levels;
    const double a = std::log10(lo), b = std::log10(hi);
    for (int k = 0; k <= n; ++k) levels.push_back(std::pow(10.0, a + (b - a) * k / n));
    return levels;
}

}  // namespace course::plot
