// Chapter 13, given code: the augmenter the training loop calls on every batch (its on_batch hook).
#include <stdexcept>

#include "chapters/13_regularization/lecture.hpp"

namespace course::regularization {

namespace {

// The mean of the outermost ring of pixels: the background level, which is what a shift brings in.
double border_level(const double* image) {
    double total = 0.0;
    int count = 0;
    for (int r = 0; r < 32; ++r)
        for (int c = 0; c < 32; ++c)
            if (r == 0 || c == 0 || r == 31 || c == 31) total += image[r * 32 + c], ++count;
    return total / count;
}

}  // namespace

FaceAugmenter::FaceAugmenter(const Matrix& training_mean, const FaceAugmentation& options, std::uint64_t seed)
    : mean_(training_mean), options_(options), rng_(seed) {
    if (mean_.rows() != 1 || mean_.cols() != 1024)
        throw std::invalid_argument("FaceAugmenter: the training mean must be 1×1024, got " + mean_.shape());
    if (options_.max_shift < 0 || options_.max_shift > 8 || !(options_.noise_std >= 0.0))
        throw std::invalid_argument("FaceAugmenter: max_shift must be in [0, 8] and noise_std ≥ 0");
}

// Draws in a fixed order per face (flip, dx, dy, noise), so the same seed gives the same batches.
void FaceAugmenter::operator()(Matrix& X, Matrix& Y) {
    for (std::size_t i = 0; i < X.rows(); ++i) {
        double* image = X.row_data(i);
        for (std::size_t k = 0; k < 1024; ++k) image[k] += mean_(0, k);
        if (options_.flip && rng_.uniform() < 0.5) {
            flip_face(X, Y, i);
            if (options_.forget_yaw) Y(i, 0) = -Y(i, 0);  // the bug: the label of the unflipped face
        }
        if (options_.max_shift > 0) {
            const int dx = static_cast<int>(rng_.integer(-options_.max_shift, options_.max_shift));
            const int dy = static_cast<int>(rng_.integer(-options_.max_shift, options_.max_shift));
            if (dx != 0 || dy != 0) shift_image(X, i, 32, dx, dy, border_level(image));
        }
        if (options_.noise_std > 0.0) add_pixel_noise(X, i, options_.noise_std, rng_);
        for (std::size_t k = 0; k < 1024; ++k) image[k] -= mean_(0, k);
    }
}

}  // namespace course::regularization
