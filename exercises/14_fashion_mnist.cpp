// Chapter 14 — Fashion-MNIST. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=14`. Stuck? `make hint EX=14.3` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/14_fashion_mnist/fashion_mnist.hpp) defines
// the types. Each exercise's tests call only it and the given code, except 14.7's: evaluate uses your
// one_hot_into (14.2), so do 14.2 first.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/fashion_mnist.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {

// Exercise 14.1 — the header of an IDX file (README, section 1, which draws the layout).
// head: the file's first bytes (maybe only the header); file_size: the whole file's length. Checks, in
// the header's order (fashion_mnist.hpp lists them), each failure a course::DataError whose message starts
// with `file`: "truncated" when the file is shorter than the header promises, "trailing bytes" when
// longer. The trap: the sizes are 32-bit BIG-endian, and a uint8_t shifted by 24 is an int.
IdxHeader parse_idx_header(std::span<const std::uint8_t> head, std::size_t file_size, std::size_t expected_dims,
                           const std::string& file) {
    throw NotImplemented("14.1");
}

// Exercise 14.2 — one-hot targets, and the steps of an epoch (README, section 2).
// one_hot_into: out becomes labels.rows() × classes, row i the one-hot code of class labels(i, 0). A
// label that is not a whole number in [0, classes): std::invalid_argument naming the row. The trap: out
// is reused between batches and arrives holding the last batch's ones (or garbage): write every entry.
// steps_per_epoch: the mini-batches of one epoch, the last one holding what is left, in integer
// arithmetic; batch_size 0 is an std::invalid_argument.
void one_hot_into(Matrix& out, const Matrix& labels, std::size_t classes) {
    throw NotImplemented("14.2");
}

std::size_t steps_per_epoch(std::size_t examples, std::size_t batch_size) {
    throw NotImplemented("14.2");
}

// Exercise 14.3 — softmax cross-entropy and its gradient (README, section 3): PyTorch's CrossEntropyLoss
// with probability targets and reduction='mean', and, when dlogits is given, ∂ℒ/∂logits into it (resized
// to n×K, every entry written). Shapes must agree (course::ShapeError). The trap: logits of ±1000 must
// give a finite loss and gradient (the log-sum-exp trick with the row's maximum).
double softmax_cross_entropy(const Matrix& logits, const Matrix& Y, Matrix* dlogits) {
    throw NotImplemented("14.3");
}

// Exercise 14.4 — accuracy and the confusion matrix (README, section 4).
// The prediction of row i is the index of its largest logit, the first one if several are equal. labels
// is an n×1 column of class numbers. accuracy: the share of rows predicted right (an empty batch:
// std::invalid_argument). confusion_matrix: K×K, entry (true class, predicted class) counts the rows;
// logits must have `classes` columns (ShapeError); a label that is not a whole number in [0, classes):
// std::invalid_argument. The trap: rows are the TRUE classes.
double accuracy(const Matrix& logits, const Matrix& labels) {
    throw NotImplemented("14.4");
}

Matrix confusion_matrix(const Matrix& logits, const Matrix& labels, std::size_t classes) {
    throw NotImplemented("14.4");
}

// Exercise 14.5 — the spread of an initialization (README, section 5).
// init_std: the standard deviation of one weight drawn by torch.nn.init's xavier_uniform_, xavier_normal_
// or kaiming_normal_ (ReLU gain, fan_in mode) for a fan_in → fan_out layer; other schemes, or a fan of 0:
// std::invalid_argument. recommended_init: the scheme that keeps the activations' variance through that
// activation. The trap: xavier_uniform_'s documented number is the BOUND a of U(−a, a), not its std.
double init_std(InitScheme scheme, std::size_t fan_in, std::size_t fan_out) {
    throw NotImplemented("14.5");
}

InitScheme recommended_init(Activation activation) {
    throw NotImplemented("14.5");
}

// Exercise 14.6 — backpropagation through the MLP (README, section 6).
// After mlp_forward(model, X) (which stored z[ℓ] and h[ℓ + 1]; h[0] is X), and from dlogits = ∂ℒ/∂logits:
// every model.dW[ℓ] and model.db[ℓ], with model.delta as the buffers of δ[ℓ] = ∂ℒ/∂z[ℓ] (resized to the
// number of layers), through matmul_into: no allocation once the shapes are set. ReLU's slope at
// exactly 0 is 0, as PyTorch's. The trap: the buffers are reused from step to step and arrive holding
// the last batch's values — write every entry, never add to what is there.
void mlp_backward(Mlp& model, const Matrix& X, const Matrix& dlogits) {
    throw NotImplemented("14.6");
}

// Exercise 14.7 — the loss and accuracy of a whole data set (README, section 7), in consecutive chunks of
// at most `chunk` rows through `buffers` (copy_rows, your one_hot_into of 14.2, mlp_forward, chapter 12's
// given training_challenges::cross_entropy, argmax_per_row): the same numbers as one pass over all n
// rows. chunk = 0 or an empty data set: std::invalid_argument. The trap: the last chunk is smaller, so
// the chunks' mean losses are weighted by their rows, not averaged.
Evaluation evaluate(Mlp& model, const Dataset& data, std::size_t chunk, EvalBuffers& buffers) {
    throw NotImplemented("14.7");
}

// Exercise 14.8 — the end of an epoch, and the end of training (README, section 8), with chapter 11's
// early stopping (early_stopping_update, restore_best_weights) and ReduceLROnPlateau (plateau_step).
// end_of_epoch returns true to stop; the plateau sees the loss only when training goes on.
// finish_training puts the best epoch's weights back when watch.early asks for it and returns that
// epoch (from 1; 0 if none was checked). The trap: the last epoch of a run that used its whole budget
// can be worse than the best one too — restore then as well, not only after an early stop.
bool end_of_epoch(EpochWatch& watch, double val_loss, const optimizers::ParameterList& params) {
    throw NotImplemented("14.8");
}

std::size_t finish_training(EpochWatch& watch, const optimizers::ParameterList& params) {
    throw NotImplemented("14.8");
}

// Exercise 14.9 — the study's summary table (README, section 9).
// summary_table: per run, the highest val_accuracy and the first epoch (from 1) that reached it; rows
// sorted by that accuracy, highest first, equal accuracies by name (alphabetical). No epochs: epoch 0,
// accuracy 0. best_per: for each distinct value of the factor ("optimizer", "lr", "batch_size", "init";
// another name: std::invalid_argument), in order of first appearance, the index into `runs` of the run
// with the highest best validation accuracy. The trap: ties — the first epoch, the earlier run — are
// what a strict comparison gives while scanning in order.
std::vector<SummaryRow> summary_table(const std::vector<RunRecord>& runs) {
    throw NotImplemented("14.9");
}

std::vector<std::size_t> best_per(const std::vector<RunRecord>& runs, const std::string& factor) {
    throw NotImplemented("14.9");
}

}  // namespace course::fashion_mnist
