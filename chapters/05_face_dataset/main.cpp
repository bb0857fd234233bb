// Chapter 05 — the face-direction problem.
// Generates the course's synthetic faces, shows where the 3-D model's points land in the picture,
// splits the data and fits the normalisation on the training part. Writes 05_sample_faces.png.
// Run: make run CH=05 ARGS="--faces 2000 --noise 0.08"
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "common/cli.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace fd = course::face_dataset;
namespace plot = course::plot;
using course::say;

namespace {

const course::Program kProgram{
    "05_face_dataset",
    "Chapter 05: synthetic 32×32 faces labelled with where they look (yaw, pitch), split and normalised.",
    {course::Flag::integer("faces", 6000, "number of faces to generate", 10, 200000),
     course::Flag::real("noise", 0.04, "standard deviation of the pixel noise", 0.0, 0.5),
     course::Flag::real("shift", 2.5, "position jitter of the head, ± pixels", 0.0, 4.0)}};

// Exercise 5.6's run on the faces: GD to ‖∇ℒ‖ ≤ tol, at most this many updates, on the first
// kStandardizationFaces training faces. κ depends on the column's mean and spread, not on how many faces
// there are; every update costs a pass over them, and the raw fit takes tens of thousands of updates.
constexpr double kStandardizationTol = 1e-4;
constexpr std::size_t kStandardizationCap = 2000000;
constexpr std::size_t kStandardizationFaces = 100;

// An angle for a caption: whole degrees with a true minus sign.
std::string degrees(double value) {
    const long rounded = std::lround(value);
    return (rounded < 0 ? "\u2212" + std::to_string(-rounded) : std::to_string(rounded)) + "°";
}

// The arrow of a face's direction, as the picture shows it: from the image centre to where the model's
// point (0, 0, 1.4), a stick out of the nose, projects (exercise 5.2). image() puts y up, rows down.
void draw_direction(plot::Axes& ax, double yaw, double pitch, plot::Color color) {
    const fd::Pose pose{.yaw_deg = yaw, .pitch_deg = pitch, .center_x = 16, .center_y = 16, .scale_px = 10};
    const fd::Point2 tip = fd::project_point({0, 0, 1.4}, pose);
    ax.arrow(16, 16, tip.x, fd::kImageSide - tip.y, {.color = color, .width = 2.4, .head_size = 9});
}

void draw_sample_grid(const fd::FaceSet& faces, const std::string& path) {
    const int rows = 4, cols = 6;
    plot::Figure fig(1200, 960, rows, cols);
    fig.suptitle("Synthetic faces: where does each one look?  (arrow: yaw → right, pitch → up)");
    for (int k = 0; k < rows * cols && k < static_cast<int>(faces.size()); ++k) {
        auto& ax = fig.subplot(k / cols, k % cols);
        const double* row = faces.images.row_data(static_cast<std::size_t>(k));
        ax.image(std::vector<double>(row, row + fd::kPixels), fd::kImageSide, fd::kImageSide);
        draw_direction(ax, faces.angles(k, 0), faces.angles(k, 1), plot::colors::orange);
        ax.xlabel("yaw " + degrees(faces.angles(k, 0)) + ", pitch " + degrees(faces.angles(k, 1)));
    }
    fig.save(path);
}

// 2. Where the 3-D head's nose tip lands in the picture for a few poses (exercise 5.2).
void projection_lesson() {
    say("2. The model behind the pictures: points of a 3-D head, turned by R_y(yaw)·R_x(pitch) and");
    say("   projected straight onto the image. Where the nose tip (0, −0.1, 1.18) lands (exercise 5.2):");
    for (const auto& [yaw, pitch] : {std::pair{0.0, 0.0}, {45.0, 0.0}, {-45.0, 0.0}, {0.0, 25.0}}) {
        const fd::Point2 p = fd::project_point({0, -0.1, 1.18}, {.yaw_deg = yaw, .pitch_deg = pitch});
        say("     yaw %+4.0f°, pitch %+3.0f°  →  column %5.2f, row %5.2f", yaw, pitch, p.x, p.y);
    }
    say("   Turning right moves it right; looking up moves it up, to a smaller row: rows count down.");
}

// 5. Inputs standardised and targets scaled, with statistics of the training set only.
void normalisation_lesson(const fd::Split& split) {
    const auto normalizer = fd::fit_normalizer(split.train);
    const auto x = fd::normalize_inputs(normalizer, split.train.images);
    const auto y = fd::normalize_targets(normalizer, split.train.angles);
    say("5. Normalisation, fitted on the training set only: per-pixel mean %.3g…%.3g and std %.3g…%.3g.",
        course::min(normalizer.input_mean), course::max(normalizer.input_mean),
        course::min(normalizer.input_std), course::max(normalizer.input_std));
    say("   Normalised training inputs: mean %.3g, overall std %.3g. Targets ÷ (%g°, %g°) lie in [%.3g, %.3g].",
        std::abs(course::mean(x)) < 1e-12 ? 0.0 : course::mean(x),
        std::sqrt(course::mean(x * x)), normalizer.angle_scale_yaw,
        normalizer.angle_scale_pitch, course::min(y), course::max(y));
    const auto x_test = fd::normalize_inputs(normalizer, split.test.images);
    say("   The test set, scaled with the training statistics: mean %.3g — near 0 but not exactly, as it",
        course::mean(x_test));
    say("   should be: its own statistics would leak information about the test set into the model.");
}

// 6. Why standardise: gradient descent on one raw feature against the same feature standardised.
void standardisation_lesson(const fd::Split& split) {
    const std::size_t n_feature = std::min(kStandardizationFaces, split.train.size());
    say("6. Why standardise, measured (exercise 5.6): one feature, the column of the skin centroid of each of");
    say("   the first %zu training faces (pixels), against its yaw; the line yaw ≈ w·column + b fitted by", n_feature);
    say("   chapter 04's gradient descent (α = 1/L, from (0, 0), until ‖∇ℒ‖ ≤ %.4g) on the raw column and on the",
        kStandardizationTol);
    say("   standardised one:");
    const auto effect = fd::measure_standardization(fd::face_centroid_feature(fd::subset(split.train, 0, n_feature)),
                                                    kStandardizationTol, kStandardizationCap);
    say("   the column has mean %.3g and std %.3g px: far from 0 compared with its spread.", effect.mean,
        effect.std);
    say("   raw:          κ = %-9.3g %zu updates%s", effect.kappa_raw, effect.iterations_raw,
        effect.iterations_raw == kStandardizationCap ? " (the cap: not converged)" : "");
    say("   standardised: κ = %-9.3g %zu update%s", effect.kappa_standardized,
        effect.iterations_standardized, effect.iterations_standardized == 1 ? "" : "s");
    say("   The same line either way: yaw ≈ %.3g·column %s %.3g°. Each pixel of a face sits near its own", effect.w,
        effect.b < 0 ? "−" : "+", std::abs(effect.b));
    say("   non-zero mean too, which is why 5.4-5.5 standardise every input before a network sees it.");
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const auto n = static_cast<std::size_t>(args.quick() ? 600 : args.integer("faces"));
        const fd::FaceOptions options{.shift_jitter_px = args.real("shift"), .noise_std = args.real("noise")};
        say("1. The problem: from a 32×32 grayscale face, predict where it looks — yaw (left −, right +) and");
        say("   pitch (down −, up +) in degrees. Yaw is drawn uniformly in ±%g°, pitch in ±%g°.",
            options.max_yaw_deg, options.max_pitch_deg);
        projection_lesson();

        const auto faces = fd::generate_faces(n, args.seed(), options);
        say("3. Generated %zu faces (seed %llu). The nuisance a real camera adds: head size ±%g%%, position",
            n, static_cast<unsigned long long>(args.seed()), 100 * options.scale_jitter);
        say("   ±%g px, roll ±%g°, brightness ±%g, contrast ±%g%%, pixel noise σ = %g, and each face its own",
            options.shift_jitter_px, options.roll_jitter_deg, options.brightness_jitter,
            100 * options.contrast_jitter, options.noise_std);
        say("   skin, hair, hairline, eye spacing and light.");

        const auto split = fd::split_dataset(faces, 0.15, 0.15, args.seed() + 1);
        say("4. Split (shuffled): %zu train, %zu validation, %zu test. The test set is touched once, at the end.",
            split.train.size(), split.validation.size(), split.test.size());
        normalisation_lesson(split);
        standardisation_lesson(split);

        const std::string path = args.out() + "/05_sample_faces.png";
        draw_sample_grid(faces, path);
        say("7. Wrote %s", path.c_str());
    });
}
