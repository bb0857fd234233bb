// Chapter 05 — the face-direction data set. Your exercises: replace each `throw NotImplemented(...)` with
// your code, then run `make test CH=05`. Stuck? `make hint EX=5.1`. The README derives the math.
#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"

namespace course::face_dataset {

// Exercise 5.1 — turn a point of the head model into the camera's (view) frame.
//   p_view = R_y(yaw) · R_x(pitch) · p        (nod first, then turn; angles in degrees)
//   R_x(θ) = | 1    0     0   |     R_y(ψ) = |  cos ψ  0  sin ψ |
//            | 0  cos θ  sin θ|              |   0     1   0    |
//            | 0 −sin θ  cos θ|              | −sin ψ  0  cos ψ |
// Check: the nose direction (0, 0, 1) must end up at (sin ψ·cos θ, sin θ, cos ψ·cos θ).
Vec3 rotate_head_point(const Vec3& p, double yaw_deg, double pitch_deg) {
    throw NotImplemented("5.1");
}

// Exercise 5.2 — orthographic projection into image coordinates (pixels).
//   x = center_x + scale·x_view,    y = center_y − scale·y_view
// Use rotate_head_point. The minus sign: view y points up, image rows count down.
Point2 project_point(const Vec3& head_point, const Pose& pose) {
    throw NotImplemented("5.2");
}

// Exercise 5.3 — a shuffled train/validation/test split.
// Make the indices 0..n−1, shuffle them once with Rng(seed).shuffle(std::span<std::size_t>(indices)),
// then: the first llround(n·validation_fraction) are validation, the next llround(n·test_fraction) are
// test, the rest train (each part keeps the shuffled order). Copy each row's image and its angles.
// Throw std::invalid_argument unless both fractions are ≥ 0 and their sum is < 1.
Split split_dataset(const FaceSet& all, double validation_fraction, double test_fraction, std::uint64_t seed) {
    throw NotImplemented("5.3");
}

// Exercise 5.4 — the statistics of the training images, one per pixel j:
//   mean_j = (1/n) Σᵢ xᵢⱼ        std_j = max( sqrt((1/n) Σᵢ (xᵢⱼ − mean_j)²), normalizer.min_std )
// Both are 1×1024 rows. Throw std::invalid_argument for an empty set.
Normalizer fit_normalizer(const FaceSet& train) {
    throw NotImplemented("5.4");
}

// Exercise 5.5 — scaling with the training statistics, and back.
//   inputs:  x'ᵢⱼ = (xᵢⱼ − mean_j) / std_j
//   targets: yaw / angle_scale_yaw, pitch / angle_scale_pitch    (degrees → [−1, 1])
// denormalize_targets undoes normalize_targets. Wrong column counts: throw course::ShapeError.
Matrix normalize_inputs(const Normalizer& normalizer, const Matrix& images) {
    throw NotImplemented("5.5");
}

Matrix normalize_targets(const Normalizer& normalizer, const Matrix& angles) {
    throw NotImplemented("5.5");
}

Matrix denormalize_targets(const Normalizer& normalizer, const Matrix& normalized) {
    throw NotImplemented("5.5");
}

}  // namespace course::face_dataset
