// Pictures of a failing test. Students would rather look than read: where a failure has a natural
// picture (the student's trajectory against the reference's, two learning-rate curves, analytic
// against numerical gradient), the test draws it after its assertions and `make test` lists it under
// the scoreboard.
//
//   const auto got = student_path(...);                      // computed for the assertion anyway
//   EXPECT_TRUE(same_path(got, want, 1e-10, "Adam on Rosenbrock"));
//   course::teach::on_failure_draw("adam_trajectory", [&](course::plot::Figure& fig) {
//       fig.axes().plot(want.x, want.y, {.label = "reference"});   // values the test already has
//       fig.axes().plot(got.x, got.y, {.style = plot::LineStyle::dashed, .label = "yours"});
//   });
//
// The promises, so that a picture never changes a grade and costs nothing when the test passes:
//   - It draws only when the running test has failed (::testing::Test::HasFailure(), or the `failed`
//     given) and the environment variable COURSE_FAILURE_PICTURES names a folder. The grader sets it
//     for `make test` only (build/grade/failures/); plain test binaries and `make check` draw nothing.
//   - The file is <exercise id>_<name>.png, e.g. 10.6_adam_trajectory.png (the id comes from the test
//     suite's ExNNMM prefix), written whole or not at all (plot::write_file_atomically). The first
//     picture of a name in a run stays: the first failure is the one the scoreboard quotes.
//   - The drawing code uses the values the test already computed and never calls student code again,
//     so a crash or endless loop in it cannot happen twice.
//   - Any exception while drawing or writing is caught: one line on stderr, and the test's verdict
//     stands as it was.
//
// Below the general call are the course's common pictures, each one call after the assertion. Every
// picture follows PLOTTING.md: the title says what is compared, axes are labelled, and the legend says
// "yours" and "reference", told apart by colour and by line style or marker.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "common/plot/plot.hpp"

namespace course::teach {

// The folder COURSE_FAILURE_PICTURES names, or an empty path when pictures are off.
std::filesystem::path pictures_folder();

// The size of a picture: one panel 800 × 600, two side by side 1200 × 500 (PLOTTING.md).
struct PictureSize {
    int width = 800, height = 600, rows = 1, cols = 1;
};
inline constexpr PictureSize two_panels{.width = 1200, .height = 500, .rows = 1, .cols = 2};

using Drawing = std::function<void(plot::Figure&)>;

// Whether the running test has failed so far: the `failed` of the pictures below.
inline bool test_failed() { return ::testing::Test::HasFailure(); }

// Draws when the running test has failed so far.
void on_failure_draw(std::string_view name, const Drawing& draw, PictureSize size = {});
// Draws when `failed`: for a test that checks several cases, the case that failed (pass !result).
void on_failure_draw(bool failed, std::string_view name, const Drawing& draw, PictureSize size = {});

// ---- the common pictures ------------------------------------------------------------------------------

// Line and marker styles shared by the pictures: the reference solid blue with circles, the student's
// dashed orange with crosses, so that they differ in colour and in shape.
plot::LineOptions reference_style(std::string label = "reference");
plot::LineOptions yours_style(std::string label = "yours");

// Two paths through the plane on the contours of f: left, both paths with where they start; middle, a
// close-up, every step marked, where they are farthest apart; right, the distance between them at
// every step (log scale), so that the step where they part shows even when the paths overlap. A path of yours that turns NaN or Inf ends with a marker saying
// at which step. `steps` numbers the points (default 0, 1, 2, …).
struct PathsPicture {
    std::string title;  // what is compared: "Adam(lr=0.05, …) on Rosenbrock: your path and the reference's"
    std::function<double(double, double)> f;  // the contoured function; its values must be positive if log_levels
    bool log_levels = false;
    std::vector<double> yours_x, yours_y, reference_x, reference_y;
    std::vector<double> steps{};
};
void draw_paths_on_failure(bool failed, std::string_view name, const PathsPicture& picture);

// Two curves over the same x: a learning-rate schedule, a loss per step, φ(α). `log_y` for quantities
// that span decades; extra markers can be added with `more` (drawn last, on the same axes).
struct CurvesPicture {
    std::string title, xlabel, ylabel;
    std::vector<double> x;
    std::vector<double> yours, reference;
    bool log_y = false;
    std::string yours_label = "yours", reference_label = "reference";
    std::function<void(plot::Axes&)> more{};
};
void draw_curves_on_failure(bool failed, std::string_view name, const CurvesPicture& picture);

// An analytic gradient (the student's) against the numerical one, entry by entry: left both values per
// entry, right their relative error on a log scale with the tolerance as a line, so the entries that
// disagree stand out. `entry_label` names the x axis ("entry of dW1", "time step").
void draw_gradients_on_failure(bool failed, std::string_view name, std::string title,
                               const std::vector<double>& analytic, const std::vector<double>& numerical,
                               double tolerance, std::string entry_label = "entry");

// Index sets (folds, splits, bootstrap samples): one row per set, one column per index 0..n−1, a
// filled square where your set holds the index and a ring where the reference's does, so a missing
// or extra index is a lone mark. `set_labels` names the rows ("fold 1", "train", …).
struct IndexSetsPicture {
    std::string title;
    std::size_t n = 0;
    std::vector<std::vector<std::size_t>> yours, reference;
    std::vector<std::string> set_labels{};
    std::string index_label = "index";
};
void draw_index_sets_on_failure(bool failed, std::string_view name, const IndexSetsPicture& picture);

}  // namespace course::teach
