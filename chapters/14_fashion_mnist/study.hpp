// Chapter 14, given code: the classifier that chapter 08's one training loop trains, one run of the
// study (an optimizer, a rate, a batch size, an initialization) with ReduceLROnPlateau and early stopping
// per epoch, and the study's records (runs/<name>/config.json and metrics.csv).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/14_fashion_mnist/data.hpp"
#include "chapters/14_fashion_mnist/model.hpp"

namespace course::fashion_mnist {

// The MLP with softmax cross-entropy, as chapter 08's fit() trains it: closures over the model and
// buffers it owns, so a step allocates nothing once the buffers have the full batch's shape.
class Classifier {
public:
    explicit Classifier(Mlp& model, std::size_t eval_chunk = 1000);
    backpropagation::Trainable trainable();
    // The accuracy of the last evaluate() (chapter 08's loop keeps only the validation loss).
    double last_accuracy() const { return last_.accuracy; }
    Evaluation evaluate(const Dataset& data);
    Mlp& model() { return model_; }

private:
    Mlp& model_;
    std::size_t eval_chunk_;
    Matrix targets_, dlogits_;
    EvalBuffers eval_buffers_;
    Evaluation last_{};
};

// ---- one run of the study ---------------------------------------------------------------------------------
// The study's optimizers: sgd, momentum (SGD with momentum 0.9), rmsprop, adam — PyTorch's defaults
// otherwise (RMSprop α = 0.99, Adam β = (0.9, 0.999)).
const std::vector<std::string>& study_optimizers();
std::string scheme_name(InitScheme scheme);          // "he_normal", "xavier_uniform"
InitScheme scheme_from_name(const std::string& name);
std::string activation_name(Activation activation);  // "relu", "tanh"

struct RunConfig {
    std::string optimizer = "adam";
    double lr = 1e-3;
    std::size_t batch_size = 64;
    InitScheme init = InitScheme::he_normal;
    Activation activation = Activation::relu;
    std::size_t epochs = 10;
    std::uint64_t seed = 42;  // of the weights and of the shuffling
};
// "adam_lr0.001_b64_he_normal" (plus "_tanh" for a tanh network): the run's folder name.
std::string run_name(const RunConfig& config);

// Per epoch: ReduceLROnPlateau on the validation loss (factor, patience in epochs) and early stopping
// with the best epoch's weights restored at the end (exercise 14.8).
struct WatchSettings {
    learning_rate_schedules::PlateauOptions plateau{.factor = 0.5, .patience = 1};
    learning_rate_schedules::EarlyStoppingOptions early{.patience = 3};
};

struct EpochRow {
    double train_loss = 0.0;  // the mean of the epoch's mini-batch losses
    double val_loss = 0.0, val_accuracy = 0.0;
    double lr = 0.0;          // the rate the epoch used
    double seconds = 0.0;     // its wall time (records only: never printed, so output stays reproducible)
};
struct RunResult {
    RunConfig config;
    std::vector<EpochRow> epochs;
    std::size_t best_epoch = 0;  // from 1: the weights the model holds after training
    bool stopped_early = false;
    Evaluation test{};           // of the best epoch's weights on the test set
    Mlp model;
};
// Trains the MLP of `config`, data.mlp_sizes() (784-256-128-10 for Fashion-MNIST), on data.train through chapter 08's fit(), checking on
// data.validation once per epoch. on_epoch(epoch, row) is called after each epoch (progress lines).
RunResult train_run(const RunConfig& config, const StudyData& data, const WatchSettings& watch = {},
                    const std::function<void(std::size_t epoch, const EpochRow& row)>& on_epoch = {});

// ---- records ---------------------------------------------------------------------------------------------
// runs_dir/<run_name>/config.json (the configuration, the data sizes, the best epoch, test accuracy) and
// metrics.csv (epoch, train_loss, val_loss, val_accuracy, lr, seconds), through common/records.
void write_record(const std::string& runs_dir, const RunResult& run, const StudyData& data);
// What the figures and the summary table need of a recorded run: its RunRecord (exercise 14.9) and the
// per-epoch curves. Throws course::DataError naming the file for a missing or malformed record.
struct StudyRun {
    RunRecord record;
    std::vector<double> train_loss, val_loss, lr;
};
StudyRun read_record(const std::string& runs_dir, const std::string& name);
// Every run recorded under runs_dir (each subfolder that holds a config.json), in name order. Throws
// course::DataError when runs_dir is not a folder, or for a malformed record.
std::vector<StudyRun> read_records(const std::string& runs_dir);

}  // namespace course::fashion_mnist
