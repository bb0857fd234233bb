// Chapter 05 — the face-direction data set. Your exercises: replace each `throw NotImplemented(...)` with
// your code, then run `make test CH=05`. Stuck? `make hint EX=5.1` (then LEVEL=2, LEVEL=3). The README
// derives the math.
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

// Exercise 5.1 — turn a point of the head model into the camera's (view) frame (README §1, "Rotation").
//   p_view = R_y(yaw) · R_x(pitch) · p: nod first, then turn; angles in degrees; R_x and R_y as the README
//   writes them. The nose direction (0, 0, 1) must end up at (sin ψ·cos θ, sin θ, cos ψ·cos θ).
Vec3 rotate_head_point(const Vec3& p, double yaw_deg, double pitch_deg) {
    throw NotImplemented("5.1");
}

// Exercise 5.2 — orthographic projection of a head point into image coordinates, in pixels (README §1,
// "Projection"): rotate by the pose (your 5.1), then place the view-frame point on the image with the pose's
// centre and scale. Image rows grow downwards while view y grows up.
Point2 project_point(const Vec3& head_point, const Pose& pose) {
    throw NotImplemented("5.2");
}

// Exercise 5.3 — a shuffled train / validation / test split (README §2).
//   The indices 0..n−1, shuffled by ONE call of Rng(seed).shuffle(std::span<std::size_t>(indices)); the
//   first llround(n·validation_fraction) shuffled rows are validation, the next llround(n·test_fraction)
//   test, the rest train, each part in shuffled order. A row's image and angles stay together.
//   Throws std::invalid_argument unless both fractions are ≥ 0 and their sum is < 1.
Split split_dataset(const FaceSet& all, double validation_fraction, double test_fraction, std::uint64_t seed) {
    throw NotImplemented("5.3");
}

// Exercise 5.4 — the per-pixel statistics of the training images (README §3, "Inputs").
//   input_mean and input_std are 1×1024 rows: each pixel's mean and population standard deviation over the
//   n training images, the std floored at normalizer.min_std. Other fields keep their defaults.
//   Throws std::invalid_argument for an empty set.
Normalizer fit_normalizer(const FaceSet& train) {
    throw NotImplemented("5.4");
}

// Exercise 5.5 — scaling with the training statistics, and back (README §3).
//   normalize_inputs: every pixel standardised with its own training mean and std.
//   normalize_targets: yaw and pitch divided by angle_scale_yaw and angle_scale_pitch (degrees → [−1, 1]).
//   denormalize_targets undoes normalize_targets. Inputs are never modified.
//   Throws course::ShapeError when the images do not have the normaliser's width or the angles not 2 columns.
Matrix normalize_inputs(const Normalizer& normalizer, const Matrix& images) {
    throw NotImplemented("5.5");
}

Matrix normalize_targets(const Normalizer& normalizer, const Matrix& angles) {
    throw NotImplemented("5.5");
}

Matrix denormalize_targets(const Normalizer& normalizer, const Matrix& normalized) {
    throw NotImplemented("5.5");
}

// Exercise 5.6 — standardisation measured on a one-feature linear regression (README §3, "Why standardise").
//   Standardise x with its mean and population std; fit the line on the raw and on the standardised data
//   with chapter 04's tools (line_loss_curvature, line_loss, line_loss_gradient, gradient_descent; lr = 1/L
//   of each problem, start (0, 0), the given tol and max_iters); report both κ and both iteration counts,
//   and the standardised fit converted back to raw units (w, b).
//   Throws std::invalid_argument for fewer than 2 points, x and y of different sizes, or a constant x.
StandardizationEffect measure_standardization(const LineData& data, double tol, std::size_t max_iters) {
    throw NotImplemented("5.6");
}

}  // namespace course::face_dataset
