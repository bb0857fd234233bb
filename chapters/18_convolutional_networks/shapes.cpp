// Chapter 18, given code: the synthetic shapes task (shapes.hpp).
#include "chapters/18_convolutional_networks/shapes.hpp"

#include <algorithm>
#include <cmath>

#include "common/random.hpp"

namespace course::convolutional {

namespace {

// How much of pixel (x, y) the shape covers, 0 … 1, for a shape centred at (cx, cy) with half-size r.
double ink(std::size_t shape, double x, double y, double cx, double cy, double r) {
    const double dx = x - cx, dy = y - cy, adx = std::abs(dx), ady = std::abs(dy);
    const double stroke = 1.1;
    auto band = [](double distance, double half_width) { return std::clamp(half_width + 0.5 - distance, 0.0, 1.0); };
    switch (shape) {
        case 0: return band(std::abs(std::hypot(dx, dy) - r), stroke);                      // ring
        case 1: return band(std::abs(std::max(adx, ady) - r), stroke);                      // square outline
        case 2: return std::max(adx, ady) <= r ? band(std::min(adx, ady), stroke) : 0.0;    // plus
        case 3: return std::max(adx, ady) <= r ? band(std::abs(adx - ady) / std::sqrt(2.0), stroke) : 0.0;  // ×
        case 4: return adx <= r ? band(std::abs(ady - 0.5 * r), stroke) : 0.0;              // two bars
        default: return band(std::hypot(dx, dy) - 0.45 * r, 0.0);                           // filled dot
    }
}

}  // namespace

Dataset make_shapes(std::size_t n, std::uint64_t seed) {
    Rng rng(seed);
    Dataset data{Matrix(n, 784, 0.0), Matrix(n, kShapeNames.size(), 0.0)};
    for (std::size_t e = 0; e < n; ++e) {
        const std::size_t shape = e % kShapeNames.size();
        const double r = rng.uniform(4.0, 8.0);
        const double cx = rng.uniform(r + 1.0, 27.0 - r - 1.0), cy = rng.uniform(r + 1.0, 27.0 - r - 1.0);
        const double brightness = rng.uniform(0.5, 1.0);
        double* x = data.X.row_data(e);
        for (std::size_t i = 0; i < 28; ++i)
            for (std::size_t j = 0; j < 28; ++j) {
                const double value = brightness * ink(shape, static_cast<double>(j), static_cast<double>(i), cx, cy, r) +
                                     0.15 * rng.normal();
                x[i * 28 + j] = std::clamp(value, 0.0, 1.0);
            }
        data.Y(e, shape) = 1.0;
    }
    return data;
}

}  // namespace course::convolutional
