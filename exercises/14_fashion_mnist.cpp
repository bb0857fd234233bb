// Chapter 14 — Fashion-MNIST. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=14`. Stuck? `make hint EX=14.3` (LEVEL=2, LEVEL=3 for more).
// The README derives every formula; the header (chapters/14_fashion_mnist/fashion_mnist.hpp) defines
// the types. Each exercise stands alone: its tests call only it and the chapter's given code.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/fashion_mnist.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {

// Exercise 14.1 — the header of an IDX file (README, section 1).
// head: the file's first bytes; file_size: the whole file's length. Checks in this order, each a
// course::DataError whose message starts with `file`: at least 4 bytes; bytes 0 and 1 are zero; byte 2
// (the element type) is 0x08; byte 3 (the number of dimensions DD) equals expected_dims; 4 + 4·DD bytes
// present; each size (32-bit big-endian, most significant byte first) ≥ 1; file_size equals
// 4 + 4·DD + d₀·d₁·…, "truncated" when smaller, "trailing bytes" when larger.
IdxHeader parse_idx_header(std::span<const std::uint8_t> head, std::size_t file_size, std::size_t expected_dims,
                           const std::string& file) {
    throw NotImplemented("14.1");
}

// Exercise 14.2 — one-hot targets, and the steps of an epoch (README, section 2).
// out becomes labels.rows() × classes (out.resize, then every entry set: the buffer is reused between
// batches and holds the last batch's ones), 1 in column labels(i, 0) of row i. A label that is not a
// whole number in [0, classes): std::invalid_argument naming the row. steps_per_epoch: ⌈examples /
// batch_size⌉ in integers; batch_size 0 is an std::invalid_argument.
void one_hot_into(Matrix& out, const Matrix& labels, std::size_t classes) {
    throw NotImplemented("14.2");
}

std::size_t steps_per_epoch(std::size_t examples, std::size_t batch_size) {
    throw NotImplemented("14.2");
}

// Exercise 14.3 — softmax cross-entropy and its gradient (README, section 3).
//   ℒ = −(1/n) Σᵢ Σₖ Yᵢₖ·(zᵢₖ − mᵢ − log Σⱼ exp(zᵢⱼ − mᵢ)),  mᵢ = maxₖ zᵢₖ
//   ∂ℒ/∂zᵢₖ = (softmax(zᵢ)ₖ − Yᵢₖ)/n   (rows of Y sum to 1)
// Shapes must agree (course::ShapeError). dlogits, when given: resize it to n×K and write every entry.
double softmax_cross_entropy(const Matrix& logits, const Matrix& Y, Matrix* dlogits) {
    throw NotImplemented("14.3");
}

// Exercise 14.4 — accuracy and the confusion matrix (README, section 4).
// The prediction of row i is the index of its largest logit, the first one if several are equal. labels
// is an n×1 column of class numbers. accuracy: the share of rows predicted right (an empty batch:
// std::invalid_argument). confusion_matrix: K×K, entry (true class, predicted class) counts the rows;
// logits must have `classes` columns (ShapeError); a label outside [0, classes): std::invalid_argument.
double accuracy(const Matrix& logits, const Matrix& labels) {
    throw NotImplemented("14.4");
}

Matrix confusion_matrix(const Matrix& logits, const Matrix& labels, std::size_t classes) {
    throw NotImplemented("14.4");
}

// Exercise 14.5 — the spread of an initialization (README, section 5).
// torch.nn.init: xavier_uniform_ draws U(−a, a) with a = √(6/(fan_in + fan_out)); xavier_normal_ draws
// N(0, 2/(fan_in + fan_out)); kaiming_normal_ (ReLU, fan_in mode) draws N(0, 2/fan_in). Return the
// standard deviation of a weight; other schemes, or a fan of 0: std::invalid_argument.
// recommended_init: the scheme that keeps the activations' variance through that activation.
double init_std(InitScheme scheme, std::size_t fan_in, std::size_t fan_out) {
    throw NotImplemented("14.5");
}

InitScheme recommended_init(Activation activation) {
    throw NotImplemented("14.5");
}

// Exercise 14.6 — backpropagation through the MLP (README, section 6).
// After mlp_forward(model, X): model.z[ℓ] = h[ℓ]·W[ℓ] + b[ℓ], model.h[ℓ + 1] = σ(z[ℓ]) for hidden layers,
// h[0] = X. From δ[L−1] = dlogits, for ℓ = L−1 down to 0:
//   dW[ℓ] = h[ℓ]ᵀ·δ[ℓ]      db[ℓ] = the column sums of δ[ℓ]      δ[ℓ−1] = (δ[ℓ]·W[ℓ]ᵀ) ⊙ σ'(z[ℓ−1])
// with σ' = 1 − h² for tanh (h = tanh z, already stored), and 1 where z > 0, else 0, for ReLU.
// Use matmul_into(C, A, B, transpose_a, transpose_b) into model.dW, model.db and model.delta (resize
// model.delta to the number of layers first): no allocation once the shapes are set.
void mlp_backward(Mlp& model, const Matrix& X, const Matrix& dlogits) {
    throw NotImplemented("14.6");
}

}  // namespace course::fashion_mnist
