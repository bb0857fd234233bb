// Tests that grade chapter 05. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <cmath>
#include <numbers>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace fd = course::face_dataset;
using course::Matrix;
using course::teach::near;

namespace {

double rad(double degrees) { return degrees * std::numbers::pi / 180.0; }

std::string show(const fd::Vec3& p) {
    return "(" + course::teach::show(p.x) + ", " + course::teach::show(p.y) + ", " + course::teach::show(p.z) + ")";
}

// The harness rule for inputs: a copy of m whose storage runs on past its last entry with NaN, so that
// a loop that reads one row too many (i <= rows) picks up a NaN instead of a harmless leftover.
Matrix with_nan_beyond(const Matrix& m) {
    std::vector<double> values(m.size() + 2 * m.cols() + 8, std::numeric_limits<double>::quiet_NaN());
    values.resize(m.size());  // the NaN stay in the storage behind the last entry
    std::copy(m.values().begin(), m.values().end(), values.begin());
    return Matrix(m.rows(), m.cols(), std::move(values));
}

// A set of n "faces" whose every pixel of row i is i and whose angles are (i, −i), so rows can be traced.
fd::FaceSet numbered_set(std::size_t n) {
    fd::FaceSet set{Matrix(n, fd::kPixels), Matrix(n, 2)};
    for (std::size_t i = 0; i < n; ++i) {
        std::fill_n(set.images.row_data(i), fd::kPixels, static_cast<double>(i));
        set.angles(i, 0) = static_cast<double>(i);
        set.angles(i, 1) = -static_cast<double>(i);
    }
    return set;
}

// The row numbers a part holds, checking on the way that each row's pixels and angles still belong together.
std::vector<double> row_ids(const fd::FaceSet& part, const char* name) {
    std::vector<double> ids;
    for (std::size_t r = 0; r < part.size(); ++r) {
        const double id = part.images(r, 0);
        EXPECT_EQ(part.images(r, fd::kPixels - 1), id) << name << " row " << r << ": a row's pixels were mixed up";
        EXPECT_EQ(part.angles(r, 0), id) << name << " row " << r << ": the angles must move with their image";
        EXPECT_EQ(part.angles(r, 1), -id) << name << " row " << r << ": the pitch must move with its image";
        ids.push_back(id);
    }
    return ids;
}

}  // namespace

TEST(Ex0501RotateHeadPoint, TheNoseDirectionFollowsYawAndPitch) {
    for (const auto& [yaw, pitch] : {std::pair{0.0, 0.0}, {30.0, 0.0}, {-50.0, 10.0}, {20.0, -25.0}, {60.0, 30.0}}) {
        const fd::Vec3 got = fd::rotate_head_point({0, 0, 1}, yaw, pitch);
        const std::string what = "rotate_head_point((0, 0, 1), yaw " + course::teach::show(yaw) + "°, pitch " +
                                 course::teach::show(pitch) + "°) → " + show(got);
        // Where the usual slips send the nose: turned before nodding (R_x·R_y), or angles taken as radians.
        const fd::Vec3 turn_then_nod{std::sin(rad(yaw)), std::cos(rad(yaw)) * std::sin(rad(pitch)),
                                     std::cos(rad(yaw)) * std::cos(rad(pitch))};
        const std::string slip =
            yaw != 0 && pitch != 0 && std::abs(got.x - turn_then_nod.x) < 1e-12 && std::abs(got.y - turn_then_nod.y) < 1e-12
                ? "the head was turned before it nodded: p_view = R_y(yaw)·R_x(pitch)·p applies R_x first"
            : yaw != 0 && std::abs(got.x - std::sin(yaw) * std::cos(pitch)) < 1e-12
                ? "the angles were used as radians: they arrive in degrees"
            : std::abs(got.x + std::sin(rad(yaw)) * std::cos(rad(pitch))) < 1e-12 && yaw != 0
                ? "the face turned the wrong way: yaw > 0 turns it to the image's right, x > 0"
            : std::abs(got.y + std::sin(rad(pitch))) < 1e-12 && pitch != 0
                ? "the face tilted the wrong way: pitch > 0 looks up, y > 0 (R_x as the README writes it)"
                : "";
        EXPECT_TRUE(near(got.x, std::sin(rad(yaw)) * std::cos(rad(pitch)), 1e-12, what + ", x = sin ψ·cos θ")) << slip;
        EXPECT_TRUE(near(got.y, std::sin(rad(pitch)), 1e-12, what + ", y = sin θ")) << slip;
        EXPECT_TRUE(near(got.z, std::cos(rad(yaw)) * std::cos(rad(pitch)), 1e-12, what + ", z = cos ψ·cos θ")) << slip;
    }
}

TEST(Ex0501RotateHeadPoint, QuarterTurnsAndTheOrderNodThenTurn) {
    const fd::Vec3 right_side = fd::rotate_head_point({1, 0, 0}, 90, 0);
    EXPECT_TRUE(near(right_side.z, -1, 1e-12, "(1, 0, 0) after yaw 90° → " + show(right_side) + ": z"))
        << "turning right by 90° sends the right side of the head away from the camera";
    const fd::Vec3 crown = fd::rotate_head_point({0, 1, 0}, 0, 90);
    EXPECT_TRUE(near(crown.z, -1, 1e-12, "(0, 1, 0) after pitch 90° → " + show(crown) + ": z"))
        << "looking straight up tips the crown away from the camera";
    // Pitch first, then yaw: the crown goes back to (0, 0, −1), and then the turn takes it to (−1, 0, 0).
    // The other order would leave it at (0, 0, −1).
    const fd::Vec3 both = fd::rotate_head_point({0, 1, 0}, 90, 90);
    EXPECT_TRUE(near(both.x, -1, 1e-12, "(0, 1, 0) after pitch 90° then yaw 90° → " + show(both) + ": x"))
        << "apply R_x(pitch) first, then R_y(yaw): p_view = R_y · R_x · p";
}

TEST(Ex0501RotateHeadPoint, ARotationKeepsLengths) {
    course::Rng rng(5);
    for (int k = 0; k < 20; ++k) {
        const fd::Vec3 p{rng.uniform(-1, 1), rng.uniform(-1, 1), rng.uniform(-1, 1)};
        const fd::Vec3 q = fd::rotate_head_point(p, rng.uniform(-60, 60), rng.uniform(-30, 30));
        EXPECT_TRUE(near(std::hypot(q.x, q.y, q.z), std::hypot(p.x, p.y, p.z), 1e-12, "|R·p| for p = " + show(p)));
    }
}

TEST(Ex0502ProjectPoint, CentreScaleAndRowsGrowingDown) {
    SCOPED_TRACE("this test also runs your 5.1: project_point rotates with rotate_head_point");
    const fd::Pose pose{.yaw_deg = 0, .pitch_deg = 0, .center_x = 14, .center_y = 17, .scale_px = 10};
    const fd::Point2 centre = fd::project_point({0, 0, 0}, pose);
    EXPECT_TRUE(near(centre.x, 14, 1e-12, "the head centre's column"));
    EXPECT_TRUE(near(centre.y, 17, 1e-12, "the head centre's row"));
    const fd::Point2 top = fd::project_point({0, 1, 0}, pose);
    EXPECT_TRUE(near(top.y, 7, 1e-12, "row of the head point (0, 1, 0), 1 unit UP, scale 10 px, centre row 17"))
        << "image rows count downwards: up in the model is a smaller row";
    const fd::Point2 side = fd::project_point({0.5, 0, 0.3}, pose);
    EXPECT_TRUE(near(side.x, 19, 1e-12, "column of (0.5, 0, 0.3) facing the camera")) << "depth z is dropped";
}

TEST(Ex0502ProjectPoint, TheNoseMovesWhereTheFaceTurns) {
    SCOPED_TRACE("this test also runs your 5.1: project_point rotates with rotate_head_point");
    const fd::Point2 right = fd::project_point({0, 0, 1}, {.yaw_deg = 30, .pitch_deg = 0});
    EXPECT_TRUE(near(right.x, 16 + 10 * 0.5, 1e-12, "column of the nose (0, 0, 1) at yaw 30°, default pose"))
        << "project_point rotates the head point by the pose first: rotate_head_point(p, pose.yaw_deg, "
           "pose.pitch_deg), yaw before pitch";
    const fd::Point2 up = fd::project_point({0, 0, 1}, {.yaw_deg = 0, .pitch_deg = 30});
    EXPECT_TRUE(near(up.y, 16 - 10 * 0.5, 1e-12, "row of the nose (0, 0, 1) at pitch 30°, default pose"));
    const fd::Point2 both = fd::project_point({0, 0, 1}, {.yaw_deg = -60, .pitch_deg = -30, .scale_px = 4});
    EXPECT_TRUE(near(both.x, 16 - 4 * std::sin(rad(60)) * std::cos(rad(30)), 1e-12, "column at yaw −60°, pitch −30°"));
    EXPECT_TRUE(near(both.y, 16 + 4 * 0.5, 1e-12, "row at yaw −60°, pitch −30° (looking down: a larger row)"));
}

TEST(Ex0503SplitDataset, SizesAndEveryRowExactlyOnce) {
    const auto split = fd::split_dataset(numbered_set(20), 0.2, 0.25, 3);
    ASSERT_EQ(split.validation.size(), 4u) << "llround(20 · 0.2) validation rows";
    ASSERT_EQ(split.test.size(), 5u) << "llround(20 · 0.25) test rows";
    ASSERT_EQ(split.train.size(), 11u) << "the remaining 11 rows train";
    std::vector<double> all;
    for (const auto& [part, name] : {std::pair{&split.train, "train"}, {&split.validation, "validation"},
                                     {&split.test, "test"}}) {
        ASSERT_EQ(part->images.cols(), fd::kPixels) << name << " images must keep 1024 columns";
        const auto ids = row_ids(*part, name);
        all.insert(all.end(), ids.begin(), ids.end());
    }
    std::sort(all.begin(), all.end());
    std::vector<double> expected(20);
    std::iota(expected.begin(), expected.end(), 0.0);
    EXPECT_EQ(all, expected) << "every one of the 20 rows must land in exactly one part";
    // 10 rows at 15 % and 25 %: 1.5 and 2.5 rows, which llround makes 2 and 3 (a cast would cut them to 1 and 2).
    const auto halves = fd::split_dataset(numbered_set(10), 0.15, 0.25, 3);
    EXPECT_EQ(halves.validation.size(), 2u) << "llround(10 · 0.15) = llround(1.5) = 2 validation rows (rounded, not "
                                               "truncated by a cast)";
    EXPECT_EQ(halves.test.size(), 3u) << "llround(10 · 0.25) = llround(2.5) = 3 test rows (rounded, not truncated)";
    EXPECT_EQ(halves.train.size(), 5u) << "the remaining 5 rows train";
}

TEST(Ex0503SplitDataset, ShuffledByTheCourseRngAndReproducible) {
    const auto set = numbered_set(30);
    const auto a = fd::split_dataset(set, 0.1, 0.2, 11), b = fd::split_dataset(set, 0.1, 0.2, 11);
    EXPECT_TRUE(a.train.images == b.train.images) << "the same seed must give the same split";
    // The documented recipe: indices 0..n−1 shuffled once by Rng(seed); validation first, then test.
    std::vector<std::size_t> order(30);
    std::iota(order.begin(), order.end(), std::size_t{0});
    course::Rng rng(11);
    rng.shuffle(std::span<std::size_t>(order));
    const auto validation = row_ids(a.validation, "validation"), test = row_ids(a.test, "test");
    ASSERT_EQ(validation.size(), 3u);
    ASSERT_EQ(test.size(), 6u);
    for (std::size_t k = 0; k < 3; ++k)
        EXPECT_EQ(validation[k], static_cast<double>(order[k])) << "validation row " << k << " should be shuffled index " << k;
    for (std::size_t k = 0; k < 6; ++k)
        EXPECT_EQ(test[k], static_cast<double>(order[3 + k])) << "test row " << k << " should be shuffled index " << 3 + k;
    const auto other = fd::split_dataset(set, 0.1, 0.2, 12);
    EXPECT_FALSE(other.train.images == a.train.images) << "another seed should give another split";
    if (course::teach::test_failed()) {
        // Which rows each part got: yours from the rows' ids, the recipe's from the shuffled order.
        const auto indices = [](const std::vector<double>& ids) {
            std::vector<std::size_t> out;
            for (double id : ids)
                if (id >= 0 && id < 30) out.push_back(static_cast<std::size_t>(id));
            return out;
        };
        std::vector<double> train;  // read without row_ids, whose checks would add failures here
        for (std::size_t r = 0; r < a.train.size(); ++r) train.push_back(a.train.images(r, 0));
        course::teach::draw_index_sets_on_failure(
            true, "split",
            {.title = "split_dataset(30 rows, 0.1, 0.2, seed 11): your parts and the recipe's",
             .n = 30,
             .yours = {indices(validation), indices(test), indices(train)},
             .reference = {{order.begin(), order.begin() + 3}, {order.begin() + 3, order.begin() + 9},
                           {order.begin() + 9, order.end()}},
             .set_labels = {"validation", "test", "train"},
             .index_label = "row of the dataset"});
    }
}

TEST(Ex0503SplitDataset, RejectsImpossibleFractions) {
    const auto set = numbered_set(10);
    EXPECT_THROW(fd::split_dataset(set, 0.5, 0.5, 1), std::invalid_argument) << "0.5 + 0.5 leaves no training set";
    EXPECT_THROW(fd::split_dataset(set, -0.1, 0.2, 1), std::invalid_argument) << "a negative fraction";
    const auto none = fd::split_dataset(set, 0.0, 0.0, 1);
    EXPECT_EQ(none.train.size(), 10u) << "fractions 0 and 0: everything trains";
}

TEST(Ex0504FitNormalizer, HandComputedMeanAndStd) {
    fd::FaceSet train{Matrix(3, fd::kPixels, 0.5), Matrix(3, 2)};
    for (std::size_t i = 0; i < 3; ++i) train.images(i, 0) = static_cast<double>(i);  // pixel 0: 0, 1, 2
    train.images(0, 5) = 0.2, train.images(1, 5) = 0.2, train.images(2, 5) = 0.8;       // pixel 5
    train.images = with_nan_beyond(train.images);  // a loop over i <= n would read NaN
    const auto n = fd::fit_normalizer(train);
    ASSERT_EQ(n.input_mean.rows(), 1u);
    ASSERT_EQ(n.input_mean.cols(), fd::kPixels) << "one mean per pixel: a 1×1024 row";
    ASSERT_EQ(n.input_std.rows(), 1u) << "one std per pixel: a 1×1024 row, got " << n.input_std.shape();
    ASSERT_EQ(n.input_std.cols(), fd::kPixels) << "one std per pixel: a 1×1024 row";
    EXPECT_TRUE(near(n.input_mean(0, 0), 1.0, 1e-12, "mean of pixel 0 over the values 0, 1, 2"));
    EXPECT_TRUE(near(n.input_std(0, 0), std::sqrt(2.0 / 3.0), 1e-12, "std of pixel 0 over 0, 1, 2 (divide by n = 3)"));
    EXPECT_TRUE(near(n.input_mean(0, 5), 0.4, 1e-12, "mean of pixel 5 over 0.2, 0.2, 0.8"));
    EXPECT_TRUE(near(n.input_std(0, 5), std::sqrt(0.08), 1e-12, "std of pixel 5: deviations −0.2, −0.2, 0.4"));
    EXPECT_TRUE(near(n.input_std(0, 7), n.min_std, 1e-15, "std of a pixel that is 0.5 in every image"))
        << "a constant pixel has std 0; floor it at min_std so that normalising never divides by 0";
}

TEST(Ex0504FitNormalizer, UsesTheTrainingImagesOnly) {
    const auto faces = fd::generate_faces(200, 9);
    const auto n = fd::fit_normalizer(fd::subset(faces, 0, 100));
    double mean_of_pixel = 0;
    for (std::size_t i = 0; i < 100; ++i) mean_of_pixel += faces.images(i, 300) / 100;
    EXPECT_TRUE(near(n.input_mean(0, 300), mean_of_pixel, 1e-12, "mean of pixel 300 over the 100 training faces"));
    EXPECT_THROW(fd::fit_normalizer({Matrix(0, fd::kPixels), Matrix(0, 2)}), std::invalid_argument)
        << "no training images: nothing to fit";
}

TEST(Ex0505NormalizeData, InputsHandComputed) {
    fd::Normalizer n{Matrix(1, fd::kPixels, 0.5), Matrix(1, fd::kPixels, 0.25)};
    n.input_mean(0, 1) = 0.1;
    Matrix images(2, fd::kPixels, 0.5);
    images(0, 0) = 1.0, images(1, 1) = 0.6;
    const auto x = fd::normalize_inputs(n, images);
    ASSERT_TRUE(x.same_shape(images)) << "normalised images keep their shape, got " << x.shape();
    EXPECT_TRUE(near(x(0, 0), 2.0, 1e-12, "(1.0 − 0.5) / 0.25"))
        << "standardising centres each pixel with its mean and DIVIDES by its std";
    EXPECT_TRUE(near(x(1, 1), 2.0, 1e-12, "(0.6 − 0.1) / 0.25, pixel 1 has its own mean"));
    EXPECT_TRUE(near(x(0, 1), 1.6, 1e-12, "(0.5 − 0.1) / 0.25"));
    EXPECT_TRUE(near(x(1, 2), 0.0, 1e-12, "a pixel at its mean becomes 0"));
    EXPECT_THROW(fd::normalize_inputs(n, Matrix(2, 10)), course::ShapeError) << "10 columns are not 1024 pixels";
}

TEST(Ex0505NormalizeData, TrainingPixelsEndUpWithMeanZeroAndStdOne) {
    // The statistics are computed here rather than by your 5.4, so that a slip there cannot cost 5.5.
    const auto train = fd::generate_faces(300, 4);
    fd::Normalizer stats{Matrix(1, fd::kPixels), Matrix(1, fd::kPixels)};
    for (std::size_t j = 0; j < fd::kPixels; ++j) {
        double mean = 0, square = 0;
        for (std::size_t i = 0; i < train.size(); ++i) mean += train.images(i, j) / 300;
        for (std::size_t i = 0; i < train.size(); ++i) square += std::pow(train.images(i, j) - mean, 2) / 300;
        stats.input_mean(0, j) = mean;
        stats.input_std(0, j) = std::sqrt(square);  // every pixel of these faces varies: no floor needed
    }
    const auto x = fd::normalize_inputs(stats, train.images);
    for (const std::size_t j : {0u, 200u, 528u, 1023u}) {
        double mean = 0, square = 0;
        for (std::size_t i = 0; i < x.rows(); ++i) mean += x(i, j) / 300, square += x(i, j) * x(i, j) / 300;
        EXPECT_TRUE(near(mean, 0, 1e-9, "mean of normalised training pixel " + std::to_string(j)));
        EXPECT_TRUE(near(std::sqrt(square - mean * mean), 1, 1e-9, "std of normalised training pixel " + std::to_string(j)));
    }
}

TEST(Ex0505NormalizeData, TargetsToPlusMinusOneAndBack) {
    const fd::Normalizer n;
    const auto angles = Matrix::from_rows({{60, -30}, {30, 15}, {-12, 3}});
    const auto y = fd::normalize_targets(n, angles);
    const std::vector<double> want{1, -1, 0.5, 0.5, -0.2, 0.1};
    EXPECT_TRUE(course::teach::vectors_near(y.values(), want, 1e-12, "normalize_targets: yaw ÷ 60, pitch ÷ 30 (row-major: [0] is row 0's yaw, [1] its pitch)"));
    const auto back = fd::denormalize_targets(n, y);
    EXPECT_TRUE(course::teach::vectors_near(back.values(), angles.values(), 1e-12, "denormalize(normalize(angles))"));
    EXPECT_THROW(fd::normalize_targets(n, Matrix(3, 3)), course::ShapeError) << "angles have 2 columns, not 3";
    EXPECT_THROW(fd::denormalize_targets(n, Matrix(3, 1)), course::ShapeError) << "outputs have 2 columns, not 1";
}

// ---- 5.6 ---------------------------------------------------------------------------------------------

namespace {

// x = 2, 4, 4, 4, 5, 5, 7, 9: mean 5, population std 2 (the sample std, 1/(n−1), would be 2.138…).
const std::vector<double> kEight{2, 4, 4, 4, 5, 5, 7, 9};

fd::LineData exact_line(const std::vector<double>& xs, double w, double b) {
    fd::LineData d;
    for (double x : xs) d.x.push_back(x), d.y.push_back(w * x + b);
    return d;
}

// A noisy line with x in [shift − 2, shift + 2], made here with the course's generator.
fd::LineData noisy_line(std::uint64_t seed, std::size_t n, double shift) {
    course::Rng rng(seed);
    fd::LineData d;
    for (std::size_t i = 0; i < n; ++i) {
        const double x = shift + rng.uniform(-2, 2);
        d.x.push_back(x), d.y.push_back(2 * x - 1 + 0.5 * rng.normal());
    }
    return d;
}

// The Hessian (2/n)[[Σx², Σx], [Σx, n]] of the line fit and its condition number, written out here.
struct LineHessian {
    double a = 0, c = 0, d = 2;
    double largest() const { return (a + d) / 2 + std::hypot((a - d) / 2, c); }
    double smallest() const { return (a + d) / 2 - std::hypot((a - d) / 2, c); }
};
LineHessian line_hessian(const fd::LineData& data) {
    const double n = static_cast<double>(data.x.size());
    LineHessian h;
    for (double x : data.x) h.a += 2 * x * x / n, h.c += 2 * x / n;
    return h;
}

// Gradient descent with α = 1/L from (0, 0) until ‖∇ℒ‖ ≤ tol, written out here: the updates it makes.
std::size_t gd_updates(const fd::LineData& data, double tol, std::size_t cap) {
    const double n = static_cast<double>(data.x.size()), lr = 1 / line_hessian(data).largest();
    double w = 0, b = 0;
    for (std::size_t k = 0;; ++k) {
        double dw = 0, db = 0;
        for (std::size_t i = 0; i < data.x.size(); ++i) {
            const double r = w * data.x[i] + b - data.y[i];
            dw += 2 * r * data.x[i] / n, db += 2 * r / n;
        }
        if (std::hypot(dw, db) <= tol || k == cap) return k;
        w -= lr * dw, b -= lr * db;
    }
}

}  // namespace

TEST(Ex0506MeasureStandardization, MeanAndPopulationStdOfTheFeature) {
    const auto e = fd::measure_standardization(exact_line(kEight, 3, -2), 1e-9, 100000);
    EXPECT_TRUE(near(e.mean, 5.0, 1e-12, "mean of x = 2, 4, 4, 4, 5, 5, 7, 9"));
    EXPECT_TRUE(near(e.std, 2.0, 1e-12, "population std of x = 2, 4, 4, 4, 5, 5, 7, 9 (divide by n = 8, as 5.4 does)"));
}

TEST(Ex0506MeasureStandardization, TheStdOfAFeatureFarFromZero) {
    // x near 10⁴ (a raw count, a timestamp): E[x²] and mean² agree in their first 8 digits, so the one-pass
    // E[x²] − mean² (or Σ(x + mean)(x − mean)) keeps only the last few. The std does not depend on the shift,
    // so it is computed here on the unshifted values.
    const std::vector<double> spread{2.1, 4.3, 4.3, 4.3, 5.7, 5.1, 7.2, 9.9};
    double mean = 0, square = 0;
    for (double v : spread) mean += v / 8;
    for (double v : spread) square += (v - mean) * (v - mean) / 8;
    std::vector<double> far;
    for (double v : spread) far.push_back(1e4 + v);
    const auto e = fd::measure_standardization(exact_line(far, 0.5, 3), 1e-8, 10);
    EXPECT_TRUE(near(e.mean, 1e4 + mean, 1e-9, "mean of x = 10⁴ + (2.1, 4.3, 4.3, 4.3, 5.7, 5.1, 7.2, 9.9)"));
    EXPECT_TRUE(near(e.std, std::sqrt(square), 1e-10, "population std of the same x"))
        << "subtract the mean first, then average the squared deviations (two passes): each term is then small";
}

TEST(Ex0506MeasureStandardization, TheStandardisedValleyIsRoundAndGdLandsInOneStep) {
    const auto data = exact_line(kEight, 3, -2);
    const auto e = fd::measure_standardization(data, 1e-9, 100000);
    const auto h = line_hessian(data);
    EXPECT_TRUE(near(e.kappa_raw, h.largest() / h.smallest(), 1e-9 * h.largest() / h.smallest(),
                     "κ of the raw fit, from (2/n)[[Σx², Σx], [Σx, n]]"));
    EXPECT_TRUE(near(e.kappa_standardized, 1.0, 1e-9, "κ after standardising x"))
        << "Σx' = 0 and Σx'² = n make the Hessian 2·I: did you standardise with the population std, and take the "
           "standardised run's curvature (κ and lr = 1/L) from the standardised data, not the raw?";
    EXPECT_EQ(e.iterations_standardized, 1u)
        << "on a Hessian 2·I, GD with α = 1/L = 1/2 lands on the minimum in one update "
           "(did you use the raw problem's L for both runs?)";
    EXPECT_EQ(e.iterations_raw, gd_updates(data, 1e-9, 100000))
        << "updates of GD with α = 1/L of the raw data from (0, 0) to ‖∇ℒ‖ ≤ 1e-9 (counted here independently)";
}

TEST(Ex0506MeasureStandardization, MapsTheStandardisedFitBackToRawUnits) {
    // The data lie exactly on y = 3x − 2: the fit found on x' = (x − 5)/2 is w' = 6, b' = 13.
    const auto e = fd::measure_standardization(exact_line(kEight, 3, -2), 1e-10, 100000);
    EXPECT_TRUE(near(e.w, 3.0, 1e-8, "w in raw units, from w' = 6 and std 2: w = w'/std"));
    EXPECT_TRUE(near(e.b, -2.0, 1e-8, "b in raw units, from b' = 13, mean 5, std 2: b = b' − w'·mean/std"));
    const auto shifted = fd::measure_standardization(exact_line({-7, -6, -4, -3}, -0.5, 4), 1e-10, 100000);
    EXPECT_TRUE(near(shifted.w, -0.5, 1e-8, "w of y = −0.5x + 4 on x = −7, −6, −4, −3 (negative mean)"));
    EXPECT_TRUE(near(shifted.b, 4.0, 1e-8, "b of y = −0.5x + 4 on x = −7, −6, −4, −3 (negative mean)"));
}

TEST(Ex0506MeasureStandardization, TheSpeedUpOnAnOffCentreFeature) {
    const auto data = noisy_line(17, 60, 5.0);  // x in [3, 7]
    const auto e = fd::measure_standardization(data, 1e-8, 1000000);
    const auto h = line_hessian(data);
    EXPECT_GT(e.kappa_raw, 300.0) << "x far from 0 (mean ≈ 5, std ≈ 1.2) gives κ in the hundreds";
    EXPECT_TRUE(near(e.kappa_raw, h.largest() / h.smallest(), 1e-6 * e.kappa_raw, "κ of the raw fit on x in [3, 7]"));
    const std::size_t want = gd_updates(data, 1e-8, 1000000);
    EXPECT_TRUE(e.iterations_raw + 2 >= want && e.iterations_raw <= want + 2)
        << "GD updates on the raw x: got " << e.iterations_raw << ", counted here " << want << " (±2 for rounding)";
    EXPECT_GE(e.iterations_raw, 100 * e.iterations_standardized)
        << "standardising should make GD at least 100 times faster here: " << e.iterations_raw << " vs "
        << e.iterations_standardized << " updates";
    // Least squares by the normal equations, to compare the mapped-back fit with.
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < data.x.size(); ++i, ++n)
        sx += data.x[i], sy += data.y[i], sxx += data.x[i] * data.x[i], sxy += data.x[i] * data.y[i];
    const double det = sxx * n - sx * sx;
    EXPECT_TRUE(near(e.w, (sxy * n - sx * sy) / det, 1e-7, "w against the normal equations"));
    EXPECT_TRUE(near(e.b, (sxx * sy - sx * sxy) / det, 1e-7, "b against the normal equations"));
    const auto capped = fd::measure_standardization(data, 1e-8, 25);
    EXPECT_EQ(capped.iterations_raw, 25u) << "max_iters = 25 caps the raw run";
}

TEST(Ex0506MeasureStandardization, RejectsDataItCannotStandardise) {
    EXPECT_THROW(fd::measure_standardization(exact_line({3, 3, 3}, 1, 0), 1e-8, 100), std::invalid_argument)
        << "a constant x has std 0: x' = (x − mean)/0 is undefined";
    EXPECT_THROW(fd::measure_standardization(exact_line({1}, 1, 0), 1e-8, 100), std::invalid_argument)
        << "one point";
    EXPECT_THROW(fd::measure_standardization({{1, 2, 3}, {1, 2}}, 1e-8, 100), std::invalid_argument) << "3 x, 2 y";
    EXPECT_NO_THROW(fd::measure_standardization(exact_line({1, 2}, 1, 0), 1e-8, 100)) << "two points are enough";
}

TEST(Chapter05Data, ShapesRangesAndDeterminism) {
    const auto a = fd::generate_faces(300, 1), b = fd::generate_faces(300, 1), c = fd::generate_faces(300, 2);
    ASSERT_EQ(a.images.rows(), 300u);
    ASSERT_EQ(a.images.cols(), fd::kPixels);
    ASSERT_EQ(a.angles.cols(), 2u);
    EXPECT_TRUE(a.images == b.images && a.angles == b.angles) << "the same seed must give the same faces";
    EXPECT_FALSE(a.images == c.images) << "another seed gives other faces";
    EXPECT_GE(course::min(a.images), 0.0);
    EXPECT_LE(course::max(a.images), 1.0);
    double yaw_lo = 1e9, yaw_hi = -1e9, pitch_lo = 1e9, pitch_hi = -1e9;
    for (std::size_t i = 0; i < a.size(); ++i) {
        yaw_lo = std::min(yaw_lo, a.angles(i, 0)), yaw_hi = std::max(yaw_hi, a.angles(i, 0));
        pitch_lo = std::min(pitch_lo, a.angles(i, 1)), pitch_hi = std::max(pitch_hi, a.angles(i, 1));
    }
    EXPECT_TRUE(yaw_lo >= -60 && yaw_lo < -50 && yaw_hi <= 60 && yaw_hi > 50) << "yaw spans ±60°: " << yaw_lo << "…" << yaw_hi;
    EXPECT_TRUE(pitch_lo >= -30 && pitch_lo < -25 && pitch_hi <= 30 && pitch_hi > 25)
        << "pitch spans ±30°: " << pitch_lo << "…" << pitch_hi;
    const auto first = fd::generate_faces(7, 1);
    EXPECT_TRUE(first.images == fd::subset(a, 0, 7).images) << "face i depends on the seed and i only";
}

// The pictures must carry the direction: turning the head moves the face (bright skin between the
// dark hair at the back and sides) towards where it looks, and tilting it up moves the face up.
TEST(Chapter05Data, TheFaceMovesWhereTheHeadLooks) {
    auto face_centroid = [](const Matrix& image) {
        double sx = 0, sy = 0, total = 0;
        for (int r = 0; r < fd::kImageSide; ++r)
            for (int c = 0; c < fd::kImageSide; ++c) {
                const double w = std::max(0.0, image(0, r * fd::kImageSide + c) - 0.45);  // skin, not hair
                sx += w * c, sy += w * r, total += w;
            }
        return std::pair{sx / total, sy / total};
    };
    const auto [left_x, left_y] = face_centroid(fd::render_face(-40, 0));
    const auto [right_x, right_y] = face_centroid(fd::render_face(40, 0));
    EXPECT_GT(right_x, left_x + 1.5) << "the face region's centroid column at yaw +40° vs −40°";
    const auto [up_x, up_y] = face_centroid(fd::render_face(0, 25));
    const auto [down_x, down_y] = face_centroid(fd::render_face(0, -25));
    EXPECT_LT(up_y, down_y - 1.5) << "the face region's centroid row at pitch +25° vs −25° (rows grow down)";
}

TEST(Chapter05Data, TheCentroidFeatureFollowsYaw) {
    // Given code for 5.6's lesson: the bright pixels' centroid column moves right as the head turns right.
    fd::FaceSet set{Matrix(2, fd::kPixels), Matrix(2, 2)};
    const Matrix left = fd::render_face(-40, 0), right = fd::render_face(40, 0);
    std::copy_n(left.data(), fd::kPixels, set.images.row_data(0));
    std::copy_n(right.data(), fd::kPixels, set.images.row_data(1));
    set.angles(0, 0) = -40, set.angles(1, 0) = 40;
    const auto feature = fd::face_centroid_feature(set);
    ASSERT_EQ(feature.x.size(), 2u);
    EXPECT_GT(feature.x[1], feature.x[0] + 1.5) << "centroid column at yaw +40° vs −40°";
    EXPECT_TRUE(feature.x[0] > 8 && feature.x[0] < 24) << "a centroid column lies in the picture: " << feature.x[0];
    EXPECT_EQ(feature.y, (std::vector<double>{-40, 40})) << "y is the yaw";
}

TEST(Chapter05Data, SubsetCopiesRows) {
    const auto set = numbered_set(6);
    const auto part = fd::subset(set, 2, 3);
    ASSERT_EQ(part.size(), 3u);
    EXPECT_EQ(part.images(0, 10), 2.0);
    EXPECT_EQ(part.angles(2, 1), -4.0);
    EXPECT_THROW(fd::subset(set, 4, 3), std::out_of_range) << "rows 4..6 of a set of 6";
}
