// Chapter 13, given code: the small face split that overfits, and one training run of the regularised
// face network through chapter 08's loop, with the chapter's regularizers plugged into its hooks.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/13_regularization/lecture.hpp"

namespace course::regularization {

namespace fd = course::face_dataset;

namespace {

// Mean absolute error over yaw and pitch, in degrees, of the network on the test faces.
double test_mae(FaceNet& net, const FaceSplit& split) {
    const Matrix& predicted = net.predict(split.test.X);
    double total = 0.0;
    for (std::size_t i = 0; i < predicted.rows(); ++i)
        for (std::size_t j = 0; j < 2; ++j)
            total += std::abs(predicted(i, j) * split.angle_scale[j] - split.test_degrees(i, j));
    return total / static_cast<double>(2 * predicted.rows());
}

}  // namespace

// Chapter 08's preprocessing (centred, standardised faces minus the training mean; targets ÷ (60, 30)),
// with the mean fitted on the small training set itself: the validation and test faces are unseen.
FaceSplit make_face_split(std::size_t n_train, std::size_t n_faces, std::uint64_t seed) {
    const fd::Split raw = fd::make_face_data(n_faces, seed).split;
    if (n_train < 2 || n_train > raw.train.size())
        throw std::invalid_argument("make_face_split: " + std::to_string(n_train) + " training faces asked, " +
                                    std::to_string(raw.train.size()) + " available from " + std::to_string(n_faces));
    auto preprocess = [](const fd::FaceSet& set) {
        return fd::FaceSet{bp::standardize_images(bp::center_faces(set.images)), set.angles};
    };
    const fd::FaceSet train = preprocess(fd::subset(raw.train, 0, n_train));
    fd::Normalizer normalizer = fd::fit_normalizer(train);
    normalizer.input_std.fill(1.0);  // the mean only, as chapter 08
    auto ready = [&](const fd::FaceSet& set) {
        return bp::Dataset{fd::normalize_inputs(normalizer, set.images), fd::normalize_targets(normalizer, set.angles)};
    };
    FaceSplit split;
    split.train = ready(train);
    split.validation = ready(preprocess(raw.validation));
    split.test = ready(preprocess(raw.test));
    split.training_mean = normalizer.input_mean;
    split.test_degrees = raw.test.angles;
    split.angle_scale[0] = normalizer.angle_scale_yaw;
    split.angle_scale[1] = normalizer.angle_scale_pitch;
    return split;
}

// The network starts as chapter 08's (seed + 2, first layer halved); the batches come from seed + 3,
// the dropout masks from seed + 4 and the augmentation from seed + 5, so that two runs that differ in
// one technique differ in nothing else.
RunResult run_face(const RunSpec& spec, const FaceSplit& split, const Budget& budget, std::uint64_t seed) {
    Rng init(seed + 2);
    neural_network::Network initial = neural_network::make_network(neural_network::kFaceNetworkSizes, init);
    initial.layers.front().W *= 0.5;
    FaceNetOptions net_options = spec.net;
    net_options.seed = seed + 4;
    FaceNet net(initial, net_options);
    bp::Trainable model = net.trainable();

    const std::size_t n = split.train.size();
    const std::size_t steps_per_epoch = (n + budget.batch_size - 1) / budget.batch_size;
    const bp::TrainOptions options{.lr = spec.lr,
                                   .batch_size = budget.batch_size,
                                   .iterations = budget.epochs * steps_per_epoch,
                                   .eval_every = budget.check_every_epochs * steps_per_epoch,
                                   .seed = seed + 3};
    optimizers::Optimizer optimizer(spec.optimizer == OptimizerKind::sgd
                                        ? optimizers::AnyOptions{optimizers::SgdOptions{.lr = spec.lr}}
                                        : optimizers::AnyOptions{optimizers::AdamOptions{.lr = spec.lr}});
    const bp::UpdateHook optimizer_step = optimizers::optimizer_update(optimizer, net.parameters());
    FaceAugmenter augmenter(split.training_mean, spec.augmentation, seed + 5);

    bp::TrainHooks hooks;
    if (spec.l2 > 0.0) hooks.regularizer = [&] { return l2_penalty(net.tensors(), spec.l2); };
    hooks.update = [&](double lr) {
        if (spec.decoupled > 0.0) decoupled_weight_decay(net.tensors(), lr, spec.decoupled);
        optimizer_step(lr);
    };
    if (spec.augment) hooks.on_batch = [&](Matrix& X, Matrix& Y) { augmenter(X, Y); };

    RunResult result{.label = spec.label};
    auto record = [&](std::size_t step, double val_loss) {
        result.epochs.push_back(static_cast<double>(step) / static_cast<double>(steps_per_epoch));
        result.train_loss.push_back(net.evaluate(split.train));
        result.val_loss.push_back(val_loss);
        if (spec.test_error_every_check) result.test_mae.push_back(test_mae(net, split));
        if (val_loss < result.val_loss[result.best]) result.best = result.val_loss.size() - 1;
    };
    record(0, net.evaluate(split.validation));
    hooks.on_check = [&](std::size_t step, double val_loss) {
        record(step, val_loss);
        return bp::AfterCheck::keep_training;
    };
    bp::fit(model, split.train, split.validation, options, hooks);
    if (!spec.test_error_every_check) result.test_mae.push_back(test_mae(net, split));
    result.weight_norm = net.weight_norm();
    return result;
}

}  // namespace course::regularization
