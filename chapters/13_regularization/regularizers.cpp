// Chapter 13, given code: batch norm's initial state and the augmentations besides the flip.
#include <stdexcept>
#include <string>

#include "chapters/13_regularization/regularization.hpp"

namespace course::regularization {

namespace {

constexpr std::size_t kFaceSide = 32;

void check_image_row(const Matrix& images, std::size_t row, std::size_t side, const char* who) {
    if (images.cols() != side * side || row >= images.rows())
        throw std::invalid_argument(std::string(who) + ": need row " + std::to_string(row) + " of n×" +
                                    std::to_string(side * side) + " images (" + std::to_string(side) + "×" +
                                    std::to_string(side) + "), got " + images.shape());
}

}  // namespace

// torch.nn.BatchNorm1d's reset_parameters and reset_running_stats: γ = 1, β = 0, mean 0, variance 1.
BatchNorm make_batch_norm(std::size_t features, BatchNormOptions options) {
    if (features == 0) throw std::invalid_argument("make_batch_norm: need at least one feature");
    return BatchNorm{Matrix(1, features, 1.0), Matrix(1, features, 0.0), Matrix(1, features, 0.0),
                     Matrix(1, features, 1.0), 0, options};
}

// Pixel (r, c) of the result is pixel (r − dy, c − dx) of the original, or `fill` where that is outside.
// In place, as memmove moves bytes: the walk goes against the shift (bottom to top when moving down,
// right to left when moving right), so that every pixel is read before it is overwritten and nothing
// is allocated.
void shift_image(Matrix& images, std::size_t row, std::size_t side, int dx, int dy, double fill) {
    check_image_row(images, row, side, "shift_image");
    double* image = images.row_data(row);
    const int n = static_cast<int>(side);
    for (int i = 0; i < n; ++i) {
        const int r = dy > 0 ? n - 1 - i : i;
        for (int j = 0; j < n; ++j) {
            const int c = dx > 0 ? n - 1 - j : j;
            const int from_r = r - dy, from_c = c - dx;
            const bool inside = from_r >= 0 && from_r < n && from_c >= 0 && from_c < n;
            image[r * n + c] = inside ? image[from_r * n + from_c] : fill;
        }
    }
}

void add_pixel_noise(Matrix& images, std::size_t row, double std, Rng& rng) {
    check_image_row(images, row, kFaceSide, "add_pixel_noise");
    if (!(std >= 0.0)) throw std::invalid_argument("add_pixel_noise: std must be ≥ 0, got " + std::to_string(std));
    double* image = images.row_data(row);
    for (std::size_t k = 0; k < kFaceSide * kFaceSide; ++k) image[k] += rng.normal(0.0, std);
}

}  // namespace course::regularization
