// Chapter 14, given code: the classifier that chapter 08's fit() trains, and one run of the study.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/14_fashion_mnist/study.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {

Classifier::Classifier(Mlp& model, std::size_t eval_chunk) : model_(model), eval_chunk_(eval_chunk) {}

Evaluation Classifier::evaluate(const Dataset& data) {
    last_ = fashion_mnist::evaluate(model_, data, eval_chunk_, eval_buffers_);
    return last_;
}

backpropagation::Trainable Classifier::trainable() {
    backpropagation::Trainable t;
    t.loss_and_gradients = [this](const Matrix& X, const Matrix& Y) {
        one_hot_into(targets_, Y, model_.layers.back().W.cols());  // K: the output width
        mlp_forward(model_, X);
        const double loss = softmax_cross_entropy(model_.logits(), targets_, &dlogits_);
        mlp_backward(model_, X, dlogits_);
        return loss;
    };
    t.evaluate = [this](const Dataset& data) { return evaluate(data).loss; };
    t.sgd_step = [this](double lr) {
        for (std::size_t l = 0; l < model_.layers.size(); ++l) {
            model_.layers[l].W.add_scaled(model_.dW[l], -lr);
            model_.layers[l].b.add_scaled(model_.db[l], -lr);
        }
    };
    return t;
}

const std::vector<std::string>& study_optimizers() {
    static const std::vector<std::string> names{"sgd", "momentum", "rmsprop", "adam"};
    return names;
}

std::string scheme_name(InitScheme scheme) {
    switch (scheme) {
        case InitScheme::xavier_uniform: return "xavier_uniform";
        case InitScheme::xavier_normal: return "xavier_normal";
        case InitScheme::he_normal: return "he_normal";
        default: return "other";
    }
}

InitScheme scheme_from_name(const std::string& name) {
    if (name == "xavier_uniform") return InitScheme::xavier_uniform;
    if (name == "xavier_normal") return InitScheme::xavier_normal;
    if (name == "he_normal") return InitScheme::he_normal;
    throw std::invalid_argument("unknown initialization '" + name + "' (xavier_uniform, xavier_normal, he_normal)");
}

std::string activation_name(Activation activation) { return activation == Activation::relu ? "relu" : "tanh"; }

std::string run_name(const RunConfig& config) {
    char lr[32];
    std::snprintf(lr, sizeof lr, "%g", config.lr);
    return config.optimizer + "_lr" + lr + "_b" + std::to_string(config.batch_size) + "_" + scheme_name(config.init) +
           (config.activation == Activation::relu ? "" : "_" + activation_name(config.activation));
}

namespace {

optimizers::AnyOptions optimizer_options(const RunConfig& config) {
    if (config.optimizer == "momentum") return optimizers::make_options("sgd", {{"lr", config.lr}, {"momentum", 0.9}});
    if (config.optimizer == "sgd" || config.optimizer == "rmsprop" || config.optimizer == "adam")
        return optimizers::make_options(config.optimizer, {{"lr", config.lr}});
    throw std::invalid_argument("unknown optimizer '" + config.optimizer + "' (sgd, momentum, rmsprop, adam)");
}

}  // namespace

RunResult train_run(const RunConfig& config, const StudyData& data, const WatchSettings& settings,
                    const std::function<void(std::size_t, const EpochRow&)>& on_epoch) {
    RunResult run{.config = config};
    Rng rng(config.seed);
    run.model = make_mlp(data.mlp_sizes(), config.activation, config.init, rng);
    Classifier classifier(run.model);
    backpropagation::Trainable trainable = classifier.trainable();
    const optimizers::ParameterList params = parameters(run.model);
    optimizers::Optimizer optimizer(optimizer_options(config));

    EpochWatch watch{.early = settings.early, .plateau = settings.plateau};
    watch.plateau_state = learning_rate_schedules::make_plateau_state(config.lr, settings.plateau);
    const std::size_t steps = steps_per_epoch(data.train.size(), config.batch_size);
    const backpropagation::TrainOptions options{.lr = config.lr, .batch_size = config.batch_size,
                                                .iterations = config.epochs * steps, .eval_every = steps,
                                                .seed = config.seed};
    // The epoch's mean training loss is summed as the steps go: the loss each step's
    // loss_and_gradients returns is the one fit() records (there is no regularizer here).
    double epoch_loss = 0.0;
    std::size_t epoch_steps = 0;
    const auto batch_loss = trainable.loss_and_gradients;
    trainable.loss_and_gradients = [&](const Matrix& X, const Matrix& Y) {
        const double loss = batch_loss(X, Y);
        epoch_loss += loss;
        ++epoch_steps;
        return loss;
    };
    auto epoch_start = std::chrono::steady_clock::now();
    backpropagation::TrainHooks hooks;
    hooks.learning_rate = [&](std::size_t) { return watch.plateau_state.lr; };
    hooks.update = optimizers::optimizer_update(optimizer, params);
    hooks.on_check = [&](std::size_t, double val_loss) {
        const EpochRow row{.train_loss = epoch_loss / static_cast<double>(std::max<std::size_t>(epoch_steps, 1)),
                           .val_loss = val_loss,
                           .val_accuracy = classifier.last_accuracy(),
                           .lr = watch.plateau_state.lr,
                           .seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - epoch_start).count()};
        run.epochs.push_back(row);
        if (on_epoch) on_epoch(run.epochs.size(), row);
        const bool stop = end_of_epoch(watch, val_loss, params);
        epoch_loss = 0.0;
        epoch_steps = 0;
        epoch_start = std::chrono::steady_clock::now();
        return stop ? backpropagation::AfterCheck::stop : backpropagation::AfterCheck::keep_training;
    };
    const backpropagation::FitHistory history = backpropagation::fit(trainable, data.train, data.validation, options, hooks);
    run.stopped_early = history.stopped_at != 0;
    run.best_epoch = finish_training(watch, params);
    run.test = classifier.evaluate(data.test);
    return run;
}

}  // namespace course::fashion_mnist
