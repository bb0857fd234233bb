// Chapter 14 — Fashion-MNIST: the reference solutions.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/fashion_mnist.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {

// Exercise 14.1 — the header of an IDX file.
IdxHeader parse_idx_header(std::span<const std::uint8_t> head, std::size_t file_size, std::size_t expected_dims,
                           const std::string& file) {
    const auto fail = [&](const std::string& what) { throw DataError(file + ": " + what); };
    if (head.size() < 4 || file_size < 4) fail("truncated: shorter than the 4-byte magic number");
    if (head[0] != 0 || head[1] != 0) fail("wrong magic number: an IDX file starts with two zero bytes");
    if (head[2] != 0x08)
        fail("element type 0x" + std::to_string(head[2] / 16) + std::to_string(head[2] % 16) +
             ", expected 0x08 (unsigned byte)");
    if (head[3] != expected_dims)
        fail(std::to_string(head[3]) + " dimensions, expected " + std::to_string(expected_dims));
    IdxHeader header{.element_type = head[2], .dims = {}, .data_offset = 4 + 4 * expected_dims};
    if (head.size() < header.data_offset || file_size < header.data_offset)
        fail("truncated: the header's " + std::to_string(expected_dims) + " sizes are not all there");
    std::size_t elements = 1;
    for (std::size_t d = 0; d < expected_dims; ++d) {
        const std::uint8_t* p = head.data() + 4 + 4 * d;  // big-endian: the most significant byte first
        const std::size_t size = static_cast<std::size_t>(p[0]) << 24 | static_cast<std::size_t>(p[1]) << 16 |
                                 static_cast<std::size_t>(p[2]) << 8 | p[3];
        if (size == 0) fail("dimension " + std::to_string(d) + " has size 0");
        header.dims.push_back(size);
        elements *= size;
    }
    const std::size_t expected = header.data_offset + elements;
    if (file_size < expected)
        fail("truncated: " + std::to_string(file_size) + " bytes, the header promises " + std::to_string(expected));
    if (file_size > expected)
        fail("trailing bytes: " + std::to_string(file_size) + " bytes, the header promises " + std::to_string(expected));
    return header;
}

// Exercise 14.2 — one-hot targets, and the steps of an epoch.
void one_hot_into(Matrix& out, const Matrix& labels, std::size_t classes) {
    if (labels.cols() != 1) throw ShapeError("one_hot_into: labels must be a column, got " + labels.shape());
    out.resize(labels.rows(), classes);
    out.fill(0.0);
    for (std::size_t i = 0; i < labels.rows(); ++i) {
        const double label = labels(i, 0);
        if (!(label >= 0.0 && label < static_cast<double>(classes)) || label != std::floor(label))
            throw std::invalid_argument("one_hot_into: label " + std::to_string(label) + " of row " +
                                        std::to_string(i) + " is not a class 0…" + std::to_string(classes - 1));
        out(i, static_cast<std::size_t>(label)) = 1.0;
    }
}

std::size_t steps_per_epoch(std::size_t examples, std::size_t batch_size) {
    if (batch_size == 0) throw std::invalid_argument("steps_per_epoch: batch_size must be ≥ 1");
    return (examples + batch_size - 1) / batch_size;
}

// Exercise 14.3 — softmax cross-entropy and its gradient.
// With m = max_k zₖ: log softmax(z)ₖ = zₖ − m − log Σⱼ e^(zⱼ − m), where every exponent is ≤ 0.
double softmax_cross_entropy(const Matrix& logits, const Matrix& Y, Matrix* dlogits) {
    if (!logits.same_shape(Y))
        throw ShapeError("softmax_cross_entropy: logits " + logits.shape() + " and targets " + Y.shape() + " differ");
    const std::size_t n = logits.rows(), K = logits.cols();
    if (dlogits) dlogits->resize(n, K);
    double total = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const double* z = logits.row_data(i);
        const double m = *std::max_element(z, z + K);
        double sum = 0.0;
        for (std::size_t k = 0; k < K; ++k) sum += std::exp(z[k] - m);
        const double log_sum = std::log(sum);
        for (std::size_t k = 0; k < K; ++k) {
            total -= Y(i, k) * (z[k] - m - log_sum);
            if (dlogits) (*dlogits)(i, k) = (std::exp(z[k] - m) / sum - Y(i, k)) / static_cast<double>(n);
        }
    }
    return total / static_cast<double>(n);
}

// Exercise 14.4 — accuracy and the confusion matrix.
namespace {
std::size_t class_of(double label, std::size_t classes, std::size_t row) {
    if (!(label >= 0.0 && label < static_cast<double>(classes)) || label != std::floor(label))
        throw std::invalid_argument("label " + std::to_string(label) + " of row " + std::to_string(row) +
                                    " is not a class 0…" + std::to_string(classes - 1));
    return static_cast<std::size_t>(label);
}
std::size_t first_argmax(const Matrix& logits, std::size_t i) {
    const double* z = logits.row_data(i);
    return static_cast<std::size_t>(std::max_element(z, z + logits.cols()) - z);  // the first of equal maxima
}
void check_labels(const Matrix& logits, const Matrix& labels, const char* who) {
    if (labels.cols() != 1 || labels.rows() != logits.rows())
        throw ShapeError(std::string(who) + ": logits " + logits.shape() + " need a label column of " +
                         std::to_string(logits.rows()) + " rows, got " + labels.shape());
}
}  // namespace

double accuracy(const Matrix& logits, const Matrix& labels) {
    check_labels(logits, labels, "accuracy");
    if (logits.rows() == 0) throw std::invalid_argument("accuracy: an empty batch has no accuracy");
    std::size_t correct = 0;
    for (std::size_t i = 0; i < logits.rows(); ++i)
        correct += first_argmax(logits, i) == class_of(labels(i, 0), logits.cols(), i);
    return static_cast<double>(correct) / static_cast<double>(logits.rows());
}

Matrix confusion_matrix(const Matrix& logits, const Matrix& labels, std::size_t classes) {
    check_labels(logits, labels, "confusion_matrix");
    if (logits.cols() != classes)
        throw ShapeError("confusion_matrix: " + std::to_string(classes) + " classes but logits " + logits.shape());
    Matrix counts(classes, classes, 0.0);
    for (std::size_t i = 0; i < logits.rows(); ++i) counts(class_of(labels(i, 0), classes, i), first_argmax(logits, i)) += 1.0;
    return counts;
}

// Exercise 14.5 — the spread of each initialization, and which one an activation needs.
// U(−a, a) has variance a²/3, so Xavier uniform's a = √(6/(fan_in + fan_out)) gives std √(2/(fan_in + fan_out)).
double init_std(InitScheme scheme, std::size_t fan_in, std::size_t fan_out) {
    if (fan_in == 0 || fan_out == 0) throw std::invalid_argument("init_std: fan_in and fan_out must be ≥ 1");
    const double in = static_cast<double>(fan_in), out = static_cast<double>(fan_out);
    switch (scheme) {
        case InitScheme::xavier_uniform:
        case InitScheme::xavier_normal: return std::sqrt(2.0 / (in + out));
        case InitScheme::he_normal: return std::sqrt(2.0 / in);
        default: throw std::invalid_argument("init_std: only xavier_uniform, xavier_normal and he_normal");
    }
}

InitScheme recommended_init(Activation activation) {
    return activation == Activation::relu ? InitScheme::he_normal : InitScheme::xavier_uniform;
}

// Exercise 14.6 — backpropagation through the MLP.
void mlp_backward(Mlp& model, const Matrix& X, const Matrix& dlogits) {
    const std::size_t L = model.layers.size();
    model.delta.resize(L);
    model.delta[L - 1].resize(dlogits.rows(), dlogits.cols());
    std::copy(dlogits.data(), dlogits.data() + dlogits.size(), model.delta[L - 1].data());
    for (std::size_t l = L; l-- > 0;) {
        const Matrix& input = l == 0 ? X : model.h[l];
        matmul_into(model.dW[l], input, model.delta[l], true, false);  // dW = hᵀ·δ
        model.db[l].resize(1, model.delta[l].cols());
        model.db[l].fill(0.0);
        for (std::size_t i = 0; i < model.delta[l].rows(); ++i)
            for (std::size_t j = 0; j < model.delta[l].cols(); ++j) model.db[l](0, j) += model.delta[l](i, j);
        if (l == 0) break;
        Matrix& below = model.delta[l - 1];
        matmul_into(below, model.delta[l], model.layers[l].W, false, true);  // δ·Wᵀ
        const Matrix& z = model.z[l - 1];
        const Matrix& h = model.h[l];
        for (std::size_t i = 0; i < below.size(); ++i) {
            if (model.activation == Activation::relu) below.data()[i] *= z.data()[i] > 0.0 ? 1.0 : 0.0;
            else below.data()[i] *= 1.0 - h.data()[i] * h.data()[i];
        }
    }
}

}  // namespace course::fashion_mnist
