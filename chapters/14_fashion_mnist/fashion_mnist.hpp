// Chapter 14 — the optimizer comparison on real images: Fashion-MNIST, from the bytes on disk to a
// study of optimizers, learning rates, batch sizes and initializations, with records of every run.
//
// The model is an MLP 784 → 256 → 128 → 10 (ReLU or tanh) whose last layer gives ten logits, trained
// with softmax cross-entropy through chapter 08's one training loop, stepped by chapter 10's
// optimizers, watched by chapter 11's ReduceLROnPlateau and early stopping, initialised by chapter
// 12's schemes. A gradient is `d` + the name of what it is the gradient of, with the same shape:
// dW is ∂ℒ/∂W, dlogits is ∂ℒ/∂logits.
//
// Notation (README): n examples in a batch (rows), K = 10 classes, X n×784 pixels in [0, 1], labels a
// column n×1 of class numbers 0…9 stored as doubles, Y n×K one-hot targets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/10_optimizers/optimizers.hpp"
#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "chapters/12_training_challenges/training_challenges.hpp"
#include "common/matrix.hpp"

namespace course::fashion_mnist {

using backpropagation::Dataset;  // X n×784, Y n×1: the label column
using training_challenges::Activation;
using training_challenges::InitScheme;

inline constexpr std::size_t kClasses = 10;
inline constexpr std::size_t kSide = 28;
inline constexpr std::size_t kPixels = kSide * kSide;

// ---- the IDX format (README, section 1) --------------------------------------------------------------
// An IDX file is a 4-byte magic number 00 00 TT DD (TT the element type, 0x08 = unsigned byte; DD the
// number of dimensions), then DD sizes as 32-bit big-endian unsigned integers, then the elements in
// row-major order: labels are 1-dimensional (n), images 3-dimensional (n × 28 × 28).
struct IdxHeader {
    std::uint8_t element_type = 0;   // TT
    std::vector<std::size_t> dims;   // d₀, d₁, …
    std::size_t data_offset = 0;     // 4 + 4·DD: where the elements start
    std::size_t items() const { return dims.empty() ? 0 : dims[0]; }
    std::size_t item_size() const;   // d₁·d₂·… (1 for a 1-dimensional file)
};

// ---- the MLP (given: mlp.cpp) -----------------------------------------------------------------------------
// layers[ℓ] maps h[ℓ] to z[ℓ] = h[ℓ]·W + b (W in×out, b 1×out); hidden layers apply the activation,
// h[ℓ + 1] = σ(z[ℓ]); the last is linear: z.back() holds the logits. h[0] is the input X, which the
// model does not copy, so h[0] is left empty and the backward pass takes X again.
struct Mlp {
    std::vector<training_challenges::Dense> layers;
    Activation activation = Activation::relu;
    std::vector<Matrix> dW, db;     // ∂ℒ/∂W, ∂ℒ/∂b of each layer (filled by mlp_backward, exercise 14.6)
    std::vector<Matrix> z, h;       // the forward pass's buffers: z[ℓ], and h[ℓ] for ℓ ≥ 1
    std::vector<Matrix> delta;      // backward buffers: delta[ℓ] = ∂ℒ/∂z[ℓ]
    const Matrix& logits() const { return z.back(); }
};

// ---- given (mlp.cpp) ----------------------------------------------------------------------------------------
// z[ℓ] = h[ℓ]·W + b, h[ℓ + 1] = σ(z[ℓ]) for the hidden layers; the logits in z.back(). Allocates nothing
// once the buffers have grown to X's rows (a smaller batch reuses them). ShapeError for a wrong width.
void mlp_forward(Mlp& model, const Matrix& X);
// Batches are sliced with course::copy_rows (common/matrix.hpp): no allocation once the buffer is large enough.

// ---- exercises (README section in brackets; exercises.md has the hints) ------------------------------------
// 14.1 The header of an IDX file [1]. `head` holds the file's first bytes (at least the header, or the
//      whole file) and `file_size` is the size of the whole file in bytes. Checks, in this order, and
//      throws course::DataError naming `file` and what is wrong: at least 4 bytes; magic bytes 0 and 1
//      zero; element type 0x08; DD == expected_dims; the header's 4·DD size bytes present; every size ≥ 1;
//      file_size == 4 + 4·DD + d₀·d₁·… (smaller: "truncated", larger: "trailing bytes").
IdxHeader parse_idx_header(std::span<const std::uint8_t> head, std::size_t file_size, std::size_t expected_dims,
                           const std::string& file);
// 14.2 One-hot targets from a label column [2]: out ← n×classes, row i all zero but a 1 in column
//      labels(i, 0). Throws std::invalid_argument naming the row for a label that is not a whole number
//      in [0, classes). Allocates nothing once out has had n×classes. And the steps of one epoch of
//      n examples in batches of batch_size, the last one holding what is left (batch_size ≥ 1).
void one_hot_into(Matrix& out, const Matrix& labels, std::size_t classes);
std::size_t steps_per_epoch(std::size_t examples, std::size_t batch_size);
// 14.3 Softmax cross-entropy [3], PyTorch's CrossEntropyLoss with probability targets (rows of Y sum to
//      1) and reduction='mean': ℒ = −(1/n) Σᵢ Σₖ Yᵢₖ·log softmax(zᵢ)ₖ, computed stably (log-sum-exp with
//      the row's maximum subtracted). When dlogits is not null it becomes (softmax(z) − Y)/n (resized to
//      z's shape; no allocation once it has it). Throws course::ShapeError when the shapes differ.
double softmax_cross_entropy(const Matrix& logits, const Matrix& Y, Matrix* dlogits = nullptr);
// 14.4 The predicted class of each row (the first largest logit, as torch.argmax), the accuracy
//      against a label column, and the confusion matrix: K×K counts, entry (t, p) = how many examples
//      of true class t were predicted as p [4]. Throw course::ShapeError for a label column of another
//      length, std::invalid_argument for an empty batch (accuracy) or a label/prediction outside [0, K).
double accuracy(const Matrix& logits, const Matrix& labels);
Matrix confusion_matrix(const Matrix& logits, const Matrix& labels, std::size_t classes);
// 14.5 The standard deviation of the weights each scheme draws for a fan_in → fan_out layer, as
//      torch.nn.init documents it (xavier_uniform, xavier_normal, he_normal; std::invalid_argument for the
//      others), and the scheme that keeps the activations' variance through an activation [5]:
//      ReLU → he_normal, tanh and sigmoid → xavier_uniform.
double init_std(InitScheme scheme, std::size_t fan_in, std::size_t fan_out);
InitScheme recommended_init(Activation activation);
// 14.6 Backpropagation through the MLP after mlp_forward(model, X): from dlogits = ∂ℒ/∂logits, every
//      model.dW[ℓ] = h[ℓ]ᵀ·δ[ℓ] and model.db[ℓ] = Σ_rows δ[ℓ], with δ[ℓ−1] = (δ[ℓ]·W[ℓ]ᵀ) ⊙ σ'(z[ℓ−1]);
//      σ'(z) = 1 − tanh²(z), or 1 for z > 0 and 0 otherwise for ReLU (PyTorch's choice at 0) [6].
//      Uses model.delta as buffers: allocates nothing once the shapes are set.
void mlp_backward(Mlp& model, const Matrix& X, const Matrix& dlogits);
// 14.7 The loss and accuracy of `model` on a whole data set, evaluated in consecutive chunks of at most
//      `chunk` rows (the last one smaller) so that memory stays bounded: each chunk's mean weighted by
//      its rows, so the result equals one pass over all n rows [7]. chunk ≥ 1 and n ≥ 1, else
//      std::invalid_argument. Reuses `buffers` between calls. Uses one_hot_into (14.2).
struct Evaluation {
    double loss = 0.0;
    double accuracy = 0.0;
};
struct EvalBuffers {
    Matrix X, labels, targets;  // one chunk's images, label column and one-hot targets
};
Evaluation evaluate(Mlp& model, const Dataset& data, std::size_t chunk, EvalBuffers& buffers);
// 14.8 The end of an epoch [8]: early stopping's verdict on the validation loss (a snapshot of the
//      parameters at each improvement), then — unless it says stop — ReduceLROnPlateau on the same loss.
//      Returns true to stop. finish_training puts back the best epoch's weights whenever the options
//      ask for it, whether the run stopped early or used its whole budget, and returns that epoch (from
//      1; 0 if no epoch was checked).
struct EpochWatch {
    learning_rate_schedules::EarlyStoppingOptions early{};
    learning_rate_schedules::PlateauOptions plateau{};
    learning_rate_schedules::EarlyStoppingState early_state{};
    learning_rate_schedules::PlateauState plateau_state{};  // plateau_state.lr: the rate of the next epoch
};
bool end_of_epoch(EpochWatch& watch, double val_loss, const optimizers::ParameterList& params);
std::size_t finish_training(EpochWatch& watch, const optimizers::ParameterList& params);
// 14.9 The study's summary table [9]: one row per run, its best validation accuracy and the first
//      epoch reaching it, sorted best first (ties: by name); and for each value of a factor
//      ("optimizer", "lr", "batch_size" or "init"; std::invalid_argument otherwise), in the order the
//      values first appear in `runs`, the index of its run with the best validation accuracy (ties: the
//      earlier run). A run without epochs has best_epoch 0 and accuracy 0.
struct RunRecord {
    std::string name;                   // "adam_lr0.001_b64_he"
    std::string optimizer, init;        // "adam", "he_normal"
    double lr = 0.0;
    std::size_t batch_size = 0;
    std::vector<double> val_accuracy;   // one per epoch
    double test_accuracy = 0.0;
};
struct SummaryRow {
    std::string name;
    std::size_t best_epoch = 0;  // from 1
    double best_val_accuracy = 0.0;
    double test_accuracy = 0.0;
};
std::vector<SummaryRow> summary_table(const std::vector<RunRecord>& runs);
std::vector<std::size_t> best_per(const std::vector<RunRecord>& runs, const std::string& factor);

}  // namespace course::fashion_mnist
