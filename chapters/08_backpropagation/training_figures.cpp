// Chapter 08, given code: the chapter's two figures.
#include "chapters/08_backpropagation/training_figures.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "chapters/08_backpropagation/face_training.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::backpropagation {

namespace {

// The mean of the last `window` values at every step: the trend under the mini-batch noise.
std::vector<double> running_mean(const std::vector<double>& values, std::size_t window) {
    std::vector<double> means(values.size());
    double total = 0.0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        total += values[i];
        if (i >= window) total -= values[i - window];
        means[i] = total / static_cast<double>(std::min(i + 1, window));
    }
    return means;
}

// "−12°", with a true minus sign.
std::string degrees(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.0f°", std::abs(value));
    return (std::round(value) < 0 ? "−" : "") + std::string(text);
}

}  // namespace

void draw_training_curves(const TrainHistory& history, const TrainOptions& options, const std::string& path) {
    std::vector<double> steps(history.train_loss.size());
    for (std::size_t i = 0; i < steps.size(); ++i) steps[i] = static_cast<double>(i + 1);
    std::vector<double> val_steps(history.val_iterations.begin(), history.val_iterations.end());
    const std::size_t window = std::max<std::size_t>(1, std::min<std::size_t>(50, steps.size() / 20));

    plot::Figure fig(1000, 600);
    auto& ax = fig.axes();
    ax.plot(steps, history.train_loss,
            {.color = plot::mix(plot::colors::blue, plot::colors::white, 0.55), .width = 0.8,
             .label = "training loss of each mini-batch"});
    ax.plot(steps, running_mean(history.train_loss, window),
            {.color = plot::colors::blue, .width = 2.2,
             .label = "training loss, mean of the last " + std::to_string(window) + " batches"});
    ax.plot(val_steps, history.val_loss,
            {.color = plot::colors::orange, .width = 2.2, .label = "validation loss (whole set)",
             .marker = plot::Marker::circle, .marker_size = 5});
    ax.title("Training the face network: " + std::to_string(options.iterations) + " steps of mini-batch GD (batch " +
             std::to_string(options.batch_size) + ", lr " + fmt(options.lr) + ")")
        .xlabel("step (one mini-batch each)")
        .ylabel("loss ℒ = (1/2n) Σ ||ŷ − y||²")
        .yscale(plot::Scale::log)
        .yminor_labels()
        .grid()
        .legend();
    fig.save(path);
}

void draw_trained_predictions(const face_dataset::FaceSet& test, const Matrix& predicted_degrees,
                              const random_baseline::AngleErrors& errors, const std::string& path) {
    constexpr int rows = 2, cols = 6;
    const int side = face_dataset::kImageSide;
    plot::Figure fig(1300, 640, rows, cols);
    fig.suptitle("The first " + std::to_string(rows * cols) +
                 " test faces: solid green true, dashed red predicted; above each, the error in yaw and pitch "
                 "(test MAE: yaw " + fmt(errors.yaw, 3) + "°, pitch " + fmt(errors.pitch, 3) + "°)");
    const std::size_t shown = std::min<std::size_t>(rows * cols, test.size());
    for (std::size_t i = 0; i < shown; ++i) {
        auto& ax = fig.subplot(static_cast<int>(i) / cols, static_cast<int>(i) % cols);
        ax.image(std::vector<double>(test.images.row_data(i), test.images.row_data(i) + test.images.cols()), side, side);
        const double yaw = test.angles(i, 0), pitch = test.angles(i, 1);
        const double yaw_hat = predicted_degrees(i, 0), pitch_hat = predicted_degrees(i, 1);
        // As in chapter 07: the direction is the projected tip of a stick out of the nose (exercise 5.2),
        // here from the head's centre; image() coordinates have y up, image rows grow down.
        const face_dataset::Point2 head = face_centre(test.images, i);
        auto draw_direction = [&](double yaw_deg, double pitch_deg, plot::Color color, plot::LineStyle style) {
            const face_dataset::Pose pose{.yaw_deg = yaw_deg, .pitch_deg = pitch_deg, .center_x = head.x + 0.5,
                                          .center_y = head.y + 0.5, .scale_px = 10};
            const face_dataset::Point2 tip = face_dataset::project_point({0, 0, 1.4}, pose);
            ax.arrow(pose.center_x, side - pose.center_y, tip.x, side - tip.y,
                     {.color = color, .width = 2.6, .head_size = 10, .style = style});
        };
        // Told apart by the shaft as well as the colour: solid truth, dashed prediction.
        draw_direction(yaw, pitch, plot::colors::green, plot::LineStyle::solid);
        draw_direction(yaw_hat, pitch_hat, plot::colors::red, plot::LineStyle::dashed);
        ax.title("error " + degrees(std::abs(yaw_hat - yaw)) + ", " + degrees(std::abs(pitch_hat - pitch)));
        ax.xlabel("yaw " + degrees(yaw) + "→" + degrees(yaw_hat) + ", pitch " + degrees(pitch) + "→" + degrees(pitch_hat));
    }
    fig.save(path);
}

}  // namespace course::backpropagation
