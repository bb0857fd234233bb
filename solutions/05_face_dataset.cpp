// Chapter 05 — reference solutions. Same functions, same order as exercises/05_face_dataset.cpp.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "chapters/05_face_dataset/face_dataset.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"

namespace course::face_dataset {

namespace {
double radians(double degrees) { return degrees * std::numbers::pi / 180.0; }

// The rows of `set` listed in `rows`, in that order.
FaceSet gather(const FaceSet& set, std::span<const std::size_t> rows) {
    FaceSet out{Matrix(rows.size(), set.images.cols()), Matrix(rows.size(), set.angles.cols())};
    for (std::size_t i = 0; i < rows.size(); ++i) {
        std::copy_n(set.images.row_data(rows[i]), set.images.cols(), out.images.row_data(i));
        std::copy_n(set.angles.row_data(rows[i]), set.angles.cols(), out.angles.row_data(i));
    }
    return out;
}

void require_pixels(const Matrix& m, std::size_t cols, const char* who, const char* what) {
    if (m.cols() != cols)
        throw ShapeError(std::string(who) + ": " + what + " are " + m.shape() + " but need " +
                         std::to_string(cols) + " columns");
}
}  // namespace

// Exercise 5.1 — rotating a point of the head into the view frame.
// R_x(pitch) turns the face's forward axis (0, 0, 1) up to (0, sin θ, cos θ):
//   x' = x,  y' = y·cos θ + z·sin θ,  z' = −y·sin θ + z·cos θ;
// then R_y(yaw) turns it right to (sin ψ, ·, cos ψ):
//   x'' = x'·cos ψ + z'·sin ψ,  y'' = y',  z'' = −x'·sin ψ + z'·cos ψ.
Vec3 rotate_head_point(const Vec3& p, double yaw_deg, double pitch_deg) {
    const double cp = std::cos(radians(pitch_deg)), sp = std::sin(radians(pitch_deg));
    const double cy = std::cos(radians(yaw_deg)), sy = std::sin(radians(yaw_deg));
    const Vec3 nodded{p.x, p.y * cp + p.z * sp, -p.y * sp + p.z * cp};
    return {nodded.x * cy + nodded.z * sy, nodded.y, -nodded.x * sy + nodded.z * cy};
}

// Exercise 5.2 — projecting onto the image.
// Orthographic: drop z, scale to pixels, and flip y because image rows grow downwards.
Point2 project_point(const Vec3& head_point, const Pose& pose) {
    const Vec3 v = rotate_head_point(head_point, pose.yaw_deg, pose.pitch_deg);
    return {pose.center_x + pose.scale_px * v.x, pose.center_y - pose.scale_px * v.y};
}

// Exercise 5.3 — the shuffled train / validation / test split.
Split split_dataset(const FaceSet& all, double validation_fraction, double test_fraction, std::uint64_t seed) {
    if (!(validation_fraction >= 0 && test_fraction >= 0 && validation_fraction + test_fraction < 1))
        throw std::invalid_argument("split_dataset: need fractions ≥ 0 with a sum < 1, got validation " +
                                    std::to_string(validation_fraction) + " and test " +
                                    std::to_string(test_fraction));
    const std::size_t n = all.size();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    Rng rng(seed);
    rng.shuffle(std::span<std::size_t>(order));
    const auto n_validation = static_cast<std::size_t>(std::llround(static_cast<double>(n) * validation_fraction));
    const auto n_test = static_cast<std::size_t>(std::llround(static_cast<double>(n) * test_fraction));
    if (n_validation + n_test > n) throw std::invalid_argument("split_dataset: the fractions leave no training set");
    const std::span<const std::size_t> rows(order);
    Split split;
    split.validation = gather(all, rows.subspan(0, n_validation));
    split.test = gather(all, rows.subspan(n_validation, n_test));
    split.train = gather(all, rows.subspan(n_validation + n_test));
    return split;
}

// Exercise 5.4 — fitting the normaliser on the training set.
// Two passes: the mean first, then the mean squared deviation from it (population variance).
Normalizer fit_normalizer(const FaceSet& train) {
    require_pixels(train.images, kPixels, "fit_normalizer", "the training images");
    const std::size_t n = train.size();
    if (n == 0) throw std::invalid_argument("fit_normalizer: the training set is empty");
    Normalizer normalizer;
    normalizer.input_mean = Matrix(1, kPixels);
    normalizer.input_std = Matrix(1, kPixels);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < kPixels; ++j) normalizer.input_mean(0, j) += train.images(i, j);
    normalizer.input_mean /= static_cast<double>(n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < kPixels; ++j) {
            const double d = train.images(i, j) - normalizer.input_mean(0, j);
            normalizer.input_std(0, j) += d * d;
        }
    for (std::size_t j = 0; j < kPixels; ++j)
        normalizer.input_std(0, j) =
            std::max(std::sqrt(normalizer.input_std(0, j) / static_cast<double>(n)), normalizer.min_std);
    return normalizer;
}

// Exercise 5.5 — normalising inputs and targets, and back.
Matrix normalize_inputs(const Normalizer& normalizer, const Matrix& images) {
    require_pixels(images, normalizer.input_mean.cols(), "normalize_inputs", "the images");
    Matrix out = images;
    for (std::size_t i = 0; i < out.rows(); ++i)
        for (std::size_t j = 0; j < out.cols(); ++j)
            out(i, j) = (out(i, j) - normalizer.input_mean(0, j)) / normalizer.input_std(0, j);
    return out;
}

Matrix normalize_targets(const Normalizer& normalizer, const Matrix& angles) {
    require_pixels(angles, 2, "normalize_targets", "the angles");
    Matrix out = angles;
    for (std::size_t i = 0; i < out.rows(); ++i) {
        out(i, 0) /= normalizer.angle_scale_yaw;
        out(i, 1) /= normalizer.angle_scale_pitch;
    }
    return out;
}

Matrix denormalize_targets(const Normalizer& normalizer, const Matrix& normalized) {
    require_pixels(normalized, 2, "denormalize_targets", "the outputs");
    Matrix out = normalized;
    for (std::size_t i = 0; i < out.rows(); ++i) {
        out(i, 0) *= normalizer.angle_scale_yaw;
        out(i, 1) *= normalizer.angle_scale_pitch;
    }
    return out;
}

// Exercise 5.6 — standardisation measured on a one-feature linear regression.
// The Hessian of the line fit is (2/n)[[Σx², Σx], [Σx, n]] = 2[[mean² + std², mean], [mean, 1]]: a feature far
// from 0 (mean ≫ std) couples w and b, and κ grows like (mean/std)². For x' = (x − mean)/std, Σx' = 0 and
// Σx'² = n, so the Hessian is 2I: κ = 1, and GD with α = 1/L = 1/2 lands on the minimum in one step.
// Back to raw units: w'·(x − mean)/std + b' = (w'/std)·x + (b' − w'·mean/std).
StandardizationEffect measure_standardization(const LineData& data, double tol, std::size_t max_iters) {
    namespace gd = gradient_descent;
    if (data.x.size() != data.y.size() || data.x.size() < 2)
        throw std::invalid_argument("measure_standardization: need at least 2 points and as many y as x");
    const double n = static_cast<double>(data.x.size());
    StandardizationEffect effect;
    for (double x : data.x) effect.mean += x / n;
    for (double x : data.x) effect.std += (x - effect.mean) * (x - effect.mean) / n;
    effect.std = std::sqrt(effect.std);
    if (!(effect.std > 0.0)) throw std::invalid_argument("measure_standardization: x is constant, std = 0");
    LineData standardized = data;
    for (double& x : standardized.x) x = (x - effect.mean) / effect.std;

    auto fit = [tol, max_iters](const LineData& d, double& kappa, std::size_t& iterations) {
        const gd::Curvature curvature = gd::line_loss_curvature(d);
        const gd::Objective f = [&d](const gd::Vector& t) { return gd::line_loss(d, t); };
        const gd::Gradient g = [&d](const gd::Vector& t) { return gd::line_loss_gradient(d, t); };
        const auto run = gd::gradient_descent(f, g, {0.0, 0.0}, {.lr = 1.0 / curvature.largest, .max_iters = max_iters, .tol = tol});
        kappa = curvature.condition();
        iterations = run.iterations;
        return run.theta;
    };
    fit(data, effect.kappa_raw, effect.iterations_raw);
    const gd::Vector theta = fit(standardized, effect.kappa_standardized, effect.iterations_standardized);
    effect.w = theta[0] / effect.std;
    effect.b = theta[1] - theta[0] * effect.mean / effect.std;
    return effect;
}

}  // namespace course::face_dataset
