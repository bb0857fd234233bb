// Chapter 07 — the random baseline.
// Sends the test faces through the untrained network of chapter 06 and scores its guesses against the
// simplest honest competitor, always predicting the training set's mean angles, and against guessing at
// random, each beside its closed-form expectation. Writes
// 06_random_predictions.png. Run: make run CH=07 ARGS="--seed 3"
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "chapters/06_neural_network/neural_network.hpp"
#include "chapters/07_random_baseline/random_baseline.hpp"
#include "common/cli.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace fd = course::face_dataset;
namespace nn = course::neural_network;
namespace rb = course::random_baseline;
namespace plot = course::plot;
using course::Matrix;
using course::say;

namespace {

const course::Program kProgram{
    "07_random_baseline",
    "Chapter 07: what an untrained network predicts, and the mean-prediction baseline it must beat.",
    {course::Flag::integer("faces", 6000, "faces generated (70% train, 15% validation, 15% test)", 100, 200000)}};

std::string degrees(double value) {
    const long rounded = std::lround(value);
    return (rounded < 0 ? "\u2212" + std::to_string(-rounded) : std::to_string(rounded)) + "°";
}

// "23.0", as the program prints it: a bar's label keeps its trailing zero.
std::string one_decimal(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

// The direction (yaw, pitch) as an arrow from the image centre: the projected tip of a stick out of
// the nose (exercise 5.2), in image() coordinates where y points up.
void draw_direction(plot::Axes& ax, double yaw, double pitch, plot::Color color, plot::LineStyle style) {
    const fd::Pose pose{.yaw_deg = yaw, .pitch_deg = pitch, .center_x = 16, .center_y = 16, .scale_px = 10};
    const fd::Point2 tip = fd::project_point({0, 0, 1.4}, pose);
    ax.arrow(16, 16, tip.x, fd::kImageSide - tip.y, {.color = color, .width = 2.4, .head_size = 9, .style = style});
}

// The test MAE of the three models that do not read the picture: the untrained network, the mean
// angle, a uniform random guess.
struct Scores {
    rb::AngleErrors untrained, mean, random;
};

// 17 test faces with both arrows, and in the last panel the three scores against the course's goal.
void draw_predictions(const fd::FaceSet& test, const Matrix& predicted, const Scores& scores, const std::string& path) {
    const int rows = 3, cols = 6;
    plot::Figure fig(1200, 760, rows, cols);
    fig.suptitle("An untrained network's guesses (dashed red) against the truth (solid green), test faces; captions: yaw, pitch");
    for (int k = 0; k + 1 < rows * cols && k < static_cast<int>(test.size()); ++k) {
        auto& ax = fig.subplot(k / cols, k % cols);
        const double* row = test.images.row_data(static_cast<std::size_t>(k));
        ax.image(std::vector<double>(row, row + fd::kPixels), fd::kImageSide, fd::kImageSide);
        // Told apart by the shaft as well as the colour: solid truth, dashed guess.
        draw_direction(ax, test.angles(k, 0), test.angles(k, 1), plot::colors::green, plot::LineStyle::solid);
        draw_direction(ax, predicted(k, 0), predicted(k, 1), plot::colors::red, plot::LineStyle::dashed);
        ax.xlabel("true " + degrees(test.angles(k, 0)) + ", " + degrees(test.angles(k, 1)) + "  net " +
                  degrees(predicted(k, 0)) + ", " + degrees(predicted(k, 1)));
    }
    auto& bars = fig.subplot(rows - 1, cols - 1);
    bars.bar({0}, {scores.untrained.mean()}, {.color = plot::colors::red, .width = 0.45});
    bars.bar({1}, {scores.mean.mean()}, {.color = plot::colors::gray, .width = 0.45});
    bars.bar({2}, {scores.random.mean()}, {.color = plot::colors::purple, .width = 0.45});
    bars.axhline(10, {.color = plot::colors::green, .width = 1.5, .style = plot::LineStyle::dashed});
    const double top = std::max({scores.untrained.mean(), scores.mean.mean(), scores.random.mean(), 12.0});
    // Above the goal line, not on it: 6% of the panel's height clears the text's lower half.
    bars.text(1.5, 10 + 0.06 * 1.25 * top, "goal", {.color = plot::colors::green, .size = 9, .align = plot::HAlign::center});
    for (const auto& [x, value] :
         {std::pair{0.0, scores.untrained.mean()}, {1.0, scores.mean.mean()}, {2.0, scores.random.mean()}})
        bars.text(x, value + 0.03 * top, one_decimal(value) + "°", {.size = 9, .align = plot::HAlign::center});
    bars.xlim(-0.6, 2.6).ylim(0, 1.25 * top);
    bars.xticks({0, 1, 2}, {"net", "mean", "guess"}).ylabel("test MAE (°)").title("Mean abs. error");
    fig.save(path);
}

// 2-3. The untrained network's guesses on the test faces, and its mean absolute error (exercise 7.1).
Matrix untrained_lesson(const fd::FaceData& data, std::uint64_t seed, rb::AngleErrors& errors) {
    course::Rng rng(seed + 2);
    const auto net = nn::make_network(nn::kFaceNetworkSizes, rng);
    Matrix predicted = rb::predict_angles(net, data.normalizer, data.split.test.images);
    const Matrix average = course::mean_rows(predicted);
    say("2. The untrained network %s (Xavier init) on the test faces: its guesses average", nn::describe(net).c_str());
    say("   yaw %.3g°, pitch %.3g°, and wander from face to face for reasons unrelated to where they look.",
        average(0, 0), average(0, 1));
    errors = rb::mean_absolute_error_degrees(predicted, data.split.test.angles);
    say("3. Its mean absolute error (exercise 7.1): %s.", rb::describe(errors).c_str());
    return predicted;
}

// 4. The constant that answers the training means, against E|c − Y| (exercises 7.2 and 7.3).
rb::AngleErrors mean_baseline_lesson(const fd::FaceData& data) {
    const auto& test = data.split.test;
    const auto baseline = rb::mean_baseline_predictions(data.split.train.angles, test.size());
    const auto errors = rb::mean_absolute_error_degrees(baseline, test.angles);
    say("4. The mean-prediction baseline (exercise 7.2) always answers the training means, yaw %.3g°,", baseline(0, 0));
    say("   pitch %.3g°, and scores %s.", baseline(0, 1), rb::describe(errors).c_str());
    say("   For yaw uniform in ±60° a constant c is off by E|c − Y| = (60² + c²)/120 on average (exercise 7.3):");
    say("   %.2f° for c = 0 and %.2f° for the training mean; for pitch %.2f° and %.2f°. That is the expected",
        rb::expected_mae_constant(0, 60), rb::expected_mae_constant(baseline(0, 0), 60),
        rb::expected_mae_constant(0, 30), rb::expected_mae_constant(baseline(0, 1), 30));
    say("   score of a model that never looks; the test set's own draw of angles moves the measured one.");
    return errors;
}

// 5. Uniform random guesses, against E|G − Y| = 2A/3 (exercise 7.3).
rb::AngleErrors random_guess_lesson(const fd::FaceSet& test, std::uint64_t seed) {
    course::Rng guess_rng(seed + 3);
    const Matrix guesses = rb::uniform_guess_predictions(test.size(), 60, 30, guess_rng);
    const auto errors = rb::mean_absolute_error_degrees(guesses, test.angles);
    say("5. Guessing at random, uniformly over the ranges (exercise 7.3): E|G − Y| = 2A/3 predicts yaw %.3g°,",
        rb::expected_mae_uniform_guess(60));
    say("   pitch %.3g°, mean %.3g°; drawn for the %zu test faces: %s.", rb::expected_mae_uniform_guess(30),
        (rb::expected_mae_uniform_guess(60) + rb::expected_mae_uniform_guess(30)) / 2, test.size(),
        rb::describe(errors).c_str());
    say("   A third worse than the constant: a guess that varies for no reason adds its own spread to the miss.");
    return errors;
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const auto n = static_cast<std::size_t>(args.quick() ? 600 : args.integer("faces"));
        const auto data = fd::make_face_data(n, args.seed());
        const auto& test = data.split.test;
        say("1. The data of chapter 05: %zu training, %zu validation and %zu test faces (seed %llu).",
            data.split.train.size(), data.split.validation.size(), test.size(), static_cast<unsigned long long>(args.seed()));
        Scores scores;
        const Matrix predicted = untrained_lesson(data, args.seed(), scores.untrained);
        scores.mean = mean_baseline_lesson(data);
        scores.random = random_guess_lesson(test, args.seed());

        const double gap = scores.untrained.mean() - scores.mean.mean();
        say("6. The untrained network is %.3g° %s than ignoring the image, and %.3g° %s than guessing at random.",
            std::abs(gap), gap > 0 ? "worse" : "better", std::abs(scores.untrained.mean() - scores.random.mean()),
            scores.untrained.mean() > scores.random.mean() ? "worse" : "better");
        say("   Training (chapter 08) must take the error from %.3g° to below the course's goal of 10°.",
            scores.untrained.mean());
        const std::string path = args.out() + "/06_random_predictions.png";
        draw_predictions(test, predicted, scores, path);
        say("7. Wrote %s", path.c_str());
    });
}
