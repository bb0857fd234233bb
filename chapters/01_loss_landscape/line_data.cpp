// Chapter 01, given code: the noisy line the chapter fits, the grid coordinates and the model.
#include <stdexcept>

#include "chapters/01_loss_landscape/loss_landscape.hpp"
#include "common/random.hpp"

namespace course::loss_landscape {

LineData make_line_data(std::uint64_t seed, std::size_t n, double true_w, double true_b, double noise) {
    Rng rng(seed);
    LineData data;
    data.x.reserve(n);
    data.y.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double x = rng.uniform(-2.0, 2.0);
        data.x.push_back(x);
        data.y.push_back(true_w * x + true_b + rng.normal(0.0, noise));
    }
    return data;
}

double grid_w(const GridSpec& spec, std::size_t i) {
    if (spec.n_w < 2) throw std::invalid_argument("GridSpec: n_w must be at least 2");
    return spec.w_min + static_cast<double>(i) * (spec.w_max - spec.w_min) / static_cast<double>(spec.n_w - 1);
}

double grid_b(const GridSpec& spec, std::size_t j) {
    if (spec.n_b < 2) throw std::invalid_argument("GridSpec: n_b must be at least 2");
    return spec.b_min + static_cast<double>(j) * (spec.b_max - spec.b_min) / static_cast<double>(spec.n_b - 1);
}

double predict(const LineParams& params, double x) { return params.w * x + params.b; }

}  // namespace course::loss_landscape
