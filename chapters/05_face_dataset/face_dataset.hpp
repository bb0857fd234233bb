// Chapter 05 — the face-direction problem and its synthetic data.
//
// From a 32×32 grayscale picture of a head, predict where it looks: yaw (left/right) and pitch
// (up/down) in degrees. The pictures come from a small 3-D model of our own: a head (an ellipsoid)
// with hair, eyes, brows, mouth, a nose and ears, turned by the pose's rotation and projected onto
// the image plane. The nuisance a real data set has is there too: head size and position, a slight
// roll, the light, brightness, contrast, noise and each person's looks. Everything is drawn from
// course::Rng, so a seed gives the same faces on every machine.
//
// Conventions used everywhere (chapters 05–09):
//   head frame    x to the head's left-to-right as the camera sees it when yaw = pitch = 0, y up,
//                 z out of the face towards the camera; the face looks along +z.
//   pose          p_view = R_y(yaw) · R_x(pitch) · p_head: nod first, then turn (as a neck does).
//                 yaw > 0 turns the face to the image's right, pitch > 0 tilts it up.
//   image         row-major 32×32, row 0 at the top, values about [0, 1]; a pixel (col, row) has its
//                 centre at (col + 0.5, row + 0.5), so image x = col grows right and image y = row
//                 grows DOWN, while view y grows up.
#pragma once

#include <cstddef>
#include <cstdint>

#include "chapters/01_loss_landscape/loss_landscape.hpp"
#include "common/matrix.hpp"

namespace course::face_dataset {

inline constexpr int kImageSide = 32;
inline constexpr std::size_t kPixels = 32 * 32;

// How the faces vary. Defaults are the course's data set; every jitter is uniform in ±its value.
struct FaceOptions {
    double max_yaw_deg = 60.0;       // yaw uniform in [−max, max]
    double max_pitch_deg = 30.0;     // pitch uniform in [−max, max]
    double scale_jitter = 0.12;      // head size × (1 ± this)
    double shift_jitter_px = 2.5;    // head centre moved by up to this many pixels in x and in y
    double roll_jitter_deg = 8.0;    // in-plane tilt of the head (not predicted: a nuisance)
    double brightness_jitter = 0.12;  // added to every pixel
    double contrast_jitter = 0.3;     // pixel = 0.5 + contrast·(pixel − 0.5), contrast in 1 ± this
    double noise_std = 0.04;          // Gaussian sensor noise per pixel
    bool vary_appearance = true;      // skin, hair, hairline, eye spacing, light differ per face
};

// n faces. images: n×1024, row i is image i (row-major 32×32, row 0 at the top, values in [0, 1]).
// angles: n×2, column 0 yaw and column 1 pitch, in degrees.
struct FaceSet {
    Matrix images;
    Matrix angles;
    std::size_t size() const { return images.rows(); }
};

struct Split {
    FaceSet train, validation, test;
};

// Statistics of the TRAINING set used to scale inputs and targets (see normalize_inputs).
struct Normalizer {
    Matrix input_mean;  // 1×1024: mean of each pixel over the training images
    Matrix input_std;   // 1×1024: standard deviation of each pixel (floored at min_std)
    double angle_scale_yaw = 60.0;    // yaw / 60 ∈ [−1, 1]
    double angle_scale_pitch = 30.0;  // pitch / 30 ∈ [−1, 1]
    double min_std = 0.01;            // a pixel that never changes is not divided by ~0
};

// A point of the 3-D head model, and a point on the image.
struct Vec3 {
    double x = 0, y = 0, z = 0;
};
struct Point2 {
    double x = 0, y = 0;  // image coordinates: x = column (right), y = row (DOWN), in pixels
};

// Where and how a head sits in the picture.
struct Pose {
    double yaw_deg = 0, pitch_deg = 0;
    double center_x = 16, center_y = 16;  // image coordinates of the head centre
    double scale_px = 10.0;               // pixels per model unit (the head is about 1 unit in radius)
};

// ---- given: the generator (face_generator.cpp) --------------------------------------------------------
// n faces with yaw and pitch uniform over the options' ranges. Deterministic in (n, seed, options):
// face i depends on the seed and i only, so the first k of 6000 faces are the k faces of generate_faces(k).
FaceSet generate_faces(std::size_t n, std::uint64_t seed, const FaceOptions& options = {});
// One face at a given pose, no jitter and no noise: for figures and for tests of the geometry.
Matrix render_face(double yaw_deg, double pitch_deg);  // 1×1024
// Rows [first, first + count) of a set, as a new set (for mini-batches and figures).
FaceSet subset(const FaceSet& set, std::size_t first, std::size_t count);

// The course's standard preparation, shared by chapters 07–09 so that they all see the same data:
// n faces from `seed`; 15 % validation and 15 % test, shuffled with seed + 1; the normaliser fitted on
// the training part. (Calls exercises 5.3 and 5.4.)
struct FaceData {
    Split split;
    Normalizer normalizer;
};
FaceData make_face_data(std::size_t n, std::uint64_t seed, const FaceOptions& options = {});
// A one-feature regression taken from the faces, for exercise 5.6's lesson: x = the column (in pixels,
// 0…31) of the centroid of the bright (skin) pixels of each image, y = its yaw in degrees. The face
// moves right as the head turns right, so x predicts y roughly — and x sits near 16, far from 0.
using loss_landscape::LineData;
LineData face_centroid_feature(const FaceSet& set);

// What standardising one input feature does to gradient descent (exercise 5.6): the line ŷ = w·x + b is
// fitted by chapter 04's gradient descent (α = 1/L, from (0, 0), until ‖∇ℒ‖ ≤ tol) on the raw x and on
// x' = (x − mean)/std; the standardised fit (w', b') is mapped back to raw units.
struct StandardizationEffect {
    double mean = 0.0, std = 0.0;                          // of the raw x (population std, 1/n)
    double kappa_raw = 0.0, kappa_standardized = 0.0;      // κ of the line-fit Hessian on each
    std::size_t iterations_raw = 0, iterations_standardized = 0;  // GD updates made on each
    double w = 0.0, b = 0.0;  // the standardised fit in raw units: ŷ = w·x + b
};

// ---- exercises ----------------------------------------------------------------------------------------
// 5.1 Rotate a head-frame point into the view frame: p_view = R_y(yaw) · R_x(pitch) · p.
Vec3 rotate_head_point(const Vec3& p, double yaw_deg, double pitch_deg);
// 5.2 Orthographic projection of a head point into image coordinates:
//     x = center_x + scale·x_view,  y = center_y − scale·y_view  (rows grow downwards).
Point2 project_point(const Vec3& head_point, const Pose& pose);
// 5.3 Shuffle the rows (one course::Rng(seed).shuffle of the indices 0..n−1), then cut: the first
//     round(n·validation_fraction) shuffled rows are validation, the next round(n·test_fraction) test,
//     the rest train. Throws std::invalid_argument unless the fractions are ≥ 0 and sum to < 1.
Split split_dataset(const FaceSet& all, double validation_fraction, double test_fraction, std::uint64_t seed);
// 5.4 Per-pixel mean and standard deviation (population, 1/n) over the training images.
Normalizer fit_normalizer(const FaceSet& train);
// 5.5 (x − mean) / std per pixel; angles ÷ (60, 30) into [−1, 1]; and back again.
Matrix normalize_inputs(const Normalizer& normalizer, const Matrix& images);
Matrix normalize_targets(const Normalizer& normalizer, const Matrix& angles);
Matrix denormalize_targets(const Normalizer& normalizer, const Matrix& normalized);
// 5.6 Standardisation measured: fill every field of StandardizationEffect (README §3, "Why standardise").
//     Throws std::invalid_argument for fewer than 2 points, x and y of different sizes, or a constant x.
StandardizationEffect measure_standardization(const LineData& data, double tol, std::size_t max_iters);

}  // namespace course::face_dataset
