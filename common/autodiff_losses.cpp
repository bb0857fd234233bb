// Losses: one fused op each, rather than a chain of primitive ops, because the fused gradient is
// both cheaper and the formula a student meets in the chapters. Notation: P the prediction, T the
// target, L the (1×1) loss and dL = ∂(final loss)/∂L, which is 1 when L is itself the final loss.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>

#include "common/autodiff.hpp"
#include "common/errors.hpp"

namespace course {

namespace {

double sum_of_squared_differences(const Matrix& p, const Matrix& t) {
    double total = 0.0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double diff = p.data()[i] - t.data()[i];
        total += diff * diff;
    }
    return total;
}

// The rule shared by both squared-error losses, L = (c/2) Σ (P − T)² for a constant c stored in the
// context's reals[0]: ∂L/∂P = c·(P − T) and ∂L/∂T = −c·(P − T).
void squared_error_backward(Node& L) {
    Node& P = *L.parents[0];
    Node& T = *L.parents[1];
    const double factor = L.grad(0, 0) * L.context.reals[0];
    for (std::size_t i = 0; i < P.value.size(); ++i) {
        const double step = factor * (P.value.data()[i] - T.value.data()[i]);
        if (P.requires_grad) P.grad.data()[i] += step;
        if (T.requires_grad) T.grad.data()[i] -= step;
    }
}

void require_nonempty(std::string_view op, const Matrix& m) {
    if (m.empty()) throw ShapeError(std::string(op) + ": the input is empty " + m.shape());
}

}  // namespace

// L = (1/N) Σ (P − T)² over all N entries.   dP += dL · (2/N)(P − T), dT −= the same.
Var mse(const Var& pred, const Var& target) {
    require_same_shape("mse", pred.value(), target.value());
    require_nonempty("mse", pred.value());
    const double entries = static_cast<double>(pred.value().size());
    const double loss = sum_of_squared_differences(pred.value(), target.value()) / entries;
    return make_op("mse", Matrix(1, 1, loss), {pred, target}, squared_error_backward,
                   {.reals = {2.0 / entries}});
}

// L = (1/2n) Σᵢ ||Pᵢ − Tᵢ||² over the n rows.   dP += dL · (P − T)/n, dT −= the same.
Var half_mse_per_example(const Var& pred, const Var& target) {
    require_same_shape("half_mse_per_example", pred.value(), target.value());
    require_nonempty("half_mse_per_example", pred.value());
    const double examples = static_cast<double>(pred.rows());
    const double loss = sum_of_squared_differences(pred.value(), target.value()) / (2.0 * examples);
    return make_op("half_mse_per_example", Matrix(1, 1, loss), {pred, target}, squared_error_backward,
                   {.reals = {1.0 / examples}});
}

// For row z with label y: Lᵢ = −log softmax(z)_y = −z_y + log Σⱼ e^{zⱼ}, and L = (1/n) Σᵢ Lᵢ.
// Stability: log Σⱼ e^{zⱼ} = m + log Σⱼ e^{zⱼ − m} with m = maxⱼ zⱼ; every exponent is then ≤ 0, so
// nothing overflows, and the largest term is e⁰ = 1, so the log's argument is at least 1.
// Gradient: ∂Lᵢ/∂zⱼ = e^{zⱼ}/Σₖ e^{zₖ} − [j = y] = softmax(z)ⱼ − [j = y], so
//   dZ += dL · (softmax(Z) − Y)/n     with Y the one-hot labels.
// The forward pass already has softmax(Z) at hand, so it stores (softmax(Z) − Y)/n in the node.
Var softmax_cross_entropy(const Var& logits, const std::vector<std::size_t>& labels) {
    const Matrix& z = logits.value();
    if (labels.size() != z.rows())
        throw ShapeError("softmax_cross_entropy: " + std::to_string(labels.size()) + " labels for " + z.shape() +
                         " logits; need one label per row");
    require_nonempty("softmax_cross_entropy", z);
    const double examples = static_cast<double>(z.rows());
    Matrix local_gradient(z.rows(), z.cols());
    double total = 0.0;
    for (std::size_t i = 0; i < z.rows(); ++i) {
        const std::size_t y = labels[i];
        if (y >= z.cols())
            throw std::out_of_range("softmax_cross_entropy: label " + std::to_string(y) + " of row " +
                                    std::to_string(i) + " is not a class of " + z.shape() +
                                    " logits (classes are 0.." + std::to_string(z.cols() - 1) + ")");
        const double* row = z.row_data(i);
        const double m = *std::max_element(row, row + z.cols());
        double* gradient_row = local_gradient.row_data(i);
        double sum_exp = 0.0;
        for (std::size_t j = 0; j < z.cols(); ++j) {
            gradient_row[j] = std::exp(row[j] - m);
            sum_exp += gradient_row[j];
        }
        total += m + std::log(sum_exp) - row[y];
        for (std::size_t j = 0; j < z.cols(); ++j) gradient_row[j] /= sum_exp * examples;
        gradient_row[y] -= 1.0 / examples;
    }
    return make_op(
        "softmax_cross_entropy", Matrix(1, 1, total / examples), {logits},
        [](Node& L) { L.parents[0]->grad.add_scaled(L.context.saved[0], L.grad(0, 0)); },
        {.saved = {std::move(local_gradient)}});
}

}  // namespace course
