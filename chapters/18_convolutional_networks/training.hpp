// Chapter 18, given code: training a model of cnn.hpp through the course's one loop (chapter 08's
// fit(Trainable&, …)) with Adam from chapter 10, its rate annealed to 0 along a cosine over the whole run
// (chapter 11's CosineAnnealingLR, stepped every mini-batch), one validation check per epoch.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "chapters/13_regularization/regularization.hpp"
#include "chapters/18_convolutional_networks/cnn.hpp"
#include "common/random.hpp"
#include "common/say.hpp"

namespace course::convolutional {

// Data augmentation for classification, on square one-channel images stored as rows (side × side
// pixels each, row 0 at the top): every training image of a mini-batch, independently, mirrored
// left-right with probability 1/2 when `flip`, then moved by whole pixels (dx, dy), each uniform in
// [-max_shift, max_shift], by chapter 13's shift_image, what comes in filled with 0 (the background).
// Unlike chapter 13's faces (FaceAugmentation), whose yaw turns with the mirror (exercise 13.8), the
// labels stay as they are: a mirrored shirt or shoe is still a shirt or a shoe.
struct ImageAugmentation {
    bool flip = false;
    int max_shift = 0;
    bool any() const { return flip || max_shift > 0; }
};

// Augments the rows of X in place, drawing per image the mirror, then dx, then dy; allocates nothing.
inline void augment_images(Matrix& X, std::size_t side, const ImageAugmentation& augmentation, Rng& rng) {
    if (X.cols() != side * side)
        throw std::invalid_argument("augment_images: rows of " + std::to_string(X.cols()) + " pixels are not " +
                                    std::to_string(side) + "×" + std::to_string(side) + " images");
    const int max_shift = augmentation.max_shift;
    for (std::size_t r = 0; r < X.rows(); ++r) {
        const bool mirror = augmentation.flip && rng.uniform() < 0.5;
        const int dx = max_shift > 0 ? static_cast<int>(rng.integer(-max_shift, max_shift)) : 0;
        const int dy = max_shift > 0 ? static_cast<int>(rng.integer(-max_shift, max_shift)) : 0;
        double* image = X.row_data(r);
        if (mirror)
            for (std::size_t i = 0; i < side; ++i) std::reverse(image + i * side, image + (i + 1) * side);
        if (dx != 0 || dy != 0) regularization::shift_image(X, r, side, dx, dy, 0.0);
    }
}

struct RunOptions {
    std::size_t epochs = 3;
    std::size_t batch_size = 64;
    double lr = 1e-3;  // Adam's, at the start of the cosine
    std::uint64_t seed = 42;
    ImageAugmentation augmentation{};  // of the training batches
};

// One curve per quantity, one point per epoch (index 0: before training).
struct TrainingRun {
    std::string name;
    std::vector<double> train_loss;    // the mean mini-batch loss of each epoch (index 0: NaN)
    std::vector<double> val_loss;
    std::vector<double> val_accuracy;
};

// Trains `model` (a Cnn or an Mlp: loss_and_gradients, evaluate, sgd_step, parameters) in place; with
// `verbose`, a line per epoch.
template <typename Model>
TrainingRun train_model(Model& model, const std::string& name, const Dataset& train_set, const Dataset& validation_set,
                        const RunOptions& options, bool verbose = true) {
    const std::size_t steps_per_epoch = (train_set.size() + options.batch_size - 1) / options.batch_size;
    TrainingRun run{name, {std::nan("")}, {}, {}};
    double epoch_total = 0.0;
    // Every validation pass (before the first step, then once per epoch) lands in the curves.
    backpropagation::Trainable trainable{
        [&model, &epoch_total](const Matrix& X, const Matrix& Y) {
            const double loss = model.loss_and_gradients(X, Y);
            epoch_total += loss;  // here, not in on_step: the epoch's check comes before its last on_step
            return loss;
        },
        [&model, &run](const Dataset& data) {
            const Evaluation e = model.evaluate(data);
            run.val_loss.push_back(e.loss);
            run.val_accuracy.push_back(e.accuracy);
            return e.loss;
        },
        [&model](double lr) { model.sgd_step(lr); }};
    optimizers::Optimizer adam(optimizers::AdamOptions{.lr = options.lr});
    backpropagation::TrainHooks hooks;
    Rng augment_rng(options.seed ^ 0xA5A5A5A5ULL);  // its own stream: the batches are the same with or without
    const auto side = static_cast<std::size_t>(std::lround(std::sqrt(static_cast<double>(train_set.X.cols()))));
    if (options.augmentation.any()) {
        if (side * side != train_set.X.cols())
            throw std::invalid_argument("augmentation: images of " + std::to_string(train_set.X.cols()) +
                                        " pixels are not square");
        hooks.on_batch = [&](Matrix& X, Matrix&) { augment_images(X, side, options.augmentation, augment_rng); };
    }
    const std::int64_t total_steps = static_cast<std::int64_t>(options.epochs * steps_per_epoch);
    hooks.learning_rate = [&options, total_steps](std::size_t step) {
        return learning_rate_schedules::cosine_annealing_lr(options.lr, static_cast<std::int64_t>(step) - 1,
                                                            {.T_max = total_steps, .eta_min = 0.0});
    };
    hooks.update = optimizers::optimizer_update(adam, model.parameters());
    hooks.on_check = [&](std::size_t step, double val_loss) {
        if (step == 0) return backpropagation::AfterCheck::keep_training;
        run.train_loss.push_back(epoch_total / static_cast<double>(steps_per_epoch));
        epoch_total = 0.0;
        if (verbose)
            say("   %-9s epoch %zu/%zu: train loss %.4g, validation loss %.4g, accuracy %.4f", name.c_str(),
                step / steps_per_epoch, options.epochs, run.train_loss.back(), val_loss,
                run.val_accuracy.back());
        return backpropagation::AfterCheck::keep_training;
    };
    const backpropagation::TrainOptions fit_options{.lr = options.lr,
                                                    .batch_size = options.batch_size,
                                                    .iterations = options.epochs * steps_per_epoch,
                                                    .eval_every = steps_per_epoch,
                                                    .seed = options.seed};
    backpropagation::fit(trainable, train_set, validation_set, fit_options, hooks);
    return run;
}

}  // namespace course::convolutional
