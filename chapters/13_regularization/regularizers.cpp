// Chapter 13, given code: batch norm's initial state and the augmentations besides the flip.
#include <stdexcept>
#include <string>

#include "chapters/13_regularization/regularization.hpp"

namespace course::regularization {

namespace {

constexpr int kSide = 32;

void check_face_row(const Matrix& images, std::size_t row, const char* who) {
    if (images.cols() != static_cast<std::size_t>(kSide * kSide) || row >= images.rows())
        throw std::invalid_argument(std::string(who) + ": need row " + std::to_string(row) + " of n×1024 images, got " +
                                    images.shape());
}

}  // namespace

// torch.nn.BatchNorm1d's reset_parameters and reset_running_stats: γ = 1, β = 0, mean 0, variance 1.
BatchNorm make_batch_norm(std::size_t features, BatchNormOptions options) {
    if (features == 0) throw std::invalid_argument("make_batch_norm: need at least one feature");
    return BatchNorm{Matrix(1, features, 1.0), Matrix(1, features, 0.0), Matrix(1, features, 0.0),
                     Matrix(1, features, 1.0), 0, options};
}

// Pixel (c, r) of the result is pixel (c − dx, r − dy) of the original, or `fill` where that is outside.
// The copy goes through a stack buffer of one image, so nothing is allocated.
void shift_face(Matrix& images, std::size_t row, int dx, int dy, double fill) {
    check_face_row(images, row, "shift_face");
    double* image = images.row_data(row);
    double copy[kSide * kSide];
    for (int k = 0; k < kSide * kSide; ++k) copy[k] = image[k];
    for (int r = 0; r < kSide; ++r)
        for (int c = 0; c < kSide; ++c) {
            const int from_r = r - dy, from_c = c - dx;
            const bool inside = from_r >= 0 && from_r < kSide && from_c >= 0 && from_c < kSide;
            image[r * kSide + c] = inside ? copy[from_r * kSide + from_c] : fill;
        }
}

void add_pixel_noise(Matrix& images, std::size_t row, double std, Rng& rng) {
    check_face_row(images, row, "add_pixel_noise");
    if (!(std >= 0.0)) throw std::invalid_argument("add_pixel_noise: std must be ≥ 0, got " + std::to_string(std));
    double* image = images.row_data(row);
    for (int k = 0; k < kSide * kSide; ++k) image[k] += rng.normal(0.0, std);
}

}  // namespace course::regularization
