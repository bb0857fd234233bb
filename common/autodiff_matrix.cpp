// Matrix operations: the product, the transpose, row broadcasting and the reductions to a scalar,
// each forward computation beside its backward rule. Notation as in autodiff_elementwise.cpp: C is
// the op's output, A and B its inputs, dX = ∂L/∂X.
#include <cstddef>
#include <string>
#include <utility>

#include "common/autodiff.hpp"
#include "common/errors.hpp"

namespace course {

namespace {

// target.grad += op(a)·op(b). A gradient known to hold zeros receives the product directly; otherwise
// matmul_into, which overwrites its output, computes into a scratch buffer that is then added.
void accumulate_product(Node& target, const Matrix& a, const Matrix& b, bool transpose_a, bool transpose_b) {
    if (target.grad_is_zero) {
        matmul_into(target.grad, a, b, transpose_a, transpose_b);
        target.grad_is_zero = false;  // matmul(x, x) adds its second product to the first
        return;
    }
    Matrix product;
    matmul_into(product, a, b, transpose_a, transpose_b);
    target.grad += product;
}

// The gradients of a product C = A·B for whichever of A and B needs one: dA = dC·Bᵀ, dB = Aᵀ·dC.
void accumulate_product_gradients(Node& A, Node& B, const Matrix& dC) {
    if (A.requires_grad) accumulate_product(A, dC, B.value, false, true);
    if (B.requires_grad) accumulate_product(B, A.value, dC, true, false);
}

// row.grad += the column sums of dC: a row added to every row of a matrix reaches L through each of them.
void accumulate_column_sums(Node& row, const Matrix& dC) {
    for (std::size_t i = 0; i < dC.rows(); ++i)
        for (std::size_t j = 0; j < dC.cols(); ++j) row.grad(0, j) += dC(i, j);
}

}  // namespace

// C = A·B, Cᵢⱼ = Σₖ Aᵢₖ Bₖⱼ. Aᵢₖ reaches L through the whole row i of C, with ∂Cᵢⱼ/∂Aᵢₖ = Bₖⱼ, so
//   dAᵢₖ = Σⱼ dCᵢⱼ Bₖⱼ = (dC·Bᵀ)ᵢₖ,   and likewise   dBₖⱼ = Σᵢ Aᵢₖ dCᵢⱼ = (Aᵀ·dC)ₖⱼ.
// (Check the shapes: (n×m)·(m×k) for A·B; dC·Bᵀ is (n×k)·(k×m) = n×m like A.) matmul_into reads Bᵀ
// and Aᵀ in place, without a transposed copy. An input that needs no gradient (the data X of
// matmul(X, W)) costs nothing: dX, the most expensive product of the first layer, is never formed.
Var matmul(const Var& a, const Var& b) {
    Matrix c;
    matmul_into(c, a.value(), b.value());
    return make_op("matmul", std::move(c), {a, b},
                   [](Node& C) { accumulate_product_gradients(*C.parents[0], *C.parents[1], C.grad); });
}

// C = X·W + 1·b, the product and the bias of a dense layer in one node. The rules are matmul's for X
// and W and add_row's for b (the product feeds the sum unchanged, so dC reaches it as is):
//   dX = dC·Wᵀ,   dW = Xᵀ·dC,   db = column sums of dC.
Var linear(const Var& x, const Var& w, const Var& b) {
    if (x.cols() != w.rows())
        throw ShapeError("linear: inputs " + x.value().shape() + " do not fit the weights " + w.value().shape());
    if (b.rows() != 1 || b.cols() != w.cols())
        throw ShapeError("linear: expected a (1×" + std::to_string(w.cols()) + ") bias for the weights " +
                         w.value().shape() + ", got " + b.value().shape());
    Matrix product;
    matmul_into(product, x.value(), w.value());
    return make_op("linear", add_row_vector(std::move(product), b.value()), {x, w, b}, [](Node& C) {
        accumulate_product_gradients(*C.parents[0], *C.parents[1], C.grad);
        if (C.parents[2]->requires_grad) accumulate_column_sums(*C.parents[2], C.grad);
    });
}

// C = Aᵀ, Cⱼᵢ = Aᵢⱼ.   dAᵢⱼ += dCⱼᵢ: the gradient is transposed back.
Var transpose(const Var& a) {
    return make_op("transpose", transpose(a.value()), {a}, [](Node& C) {
        Matrix& dA = C.parents[0]->grad;
        for (std::size_t i = 0; i < dA.rows(); ++i)
            for (std::size_t j = 0; j < dA.cols(); ++j) dA(i, j) += C.grad(j, i);
    });
}

// C = X + 1·b: the 1×k row b is added to each of the n rows of X (a layer's bias).
//   dX += dC, since each Cᵢⱼ = Xᵢⱼ + bⱼ;
//   dbⱼ += Σᵢ dCᵢⱼ, since bⱼ reaches L through every row: the column sums of dC.
Var add_row(const Var& x, const Var& row) {
    if (row.rows() != 1 || row.cols() != x.cols())
        throw ShapeError("add_row: expected a (1×" + std::to_string(x.cols()) + ") row to broadcast over " +
                         x.value().shape() + ", got " + row.value().shape());
    return make_op("add_row", add_row_vector(x.value(), row.value()), {x, row}, [](Node& C) {
        Node& X = *C.parents[0];
        Node& b = *C.parents[1];
        if (X.requires_grad) X.grad += C.grad;
        if (b.requires_grad) accumulate_column_sums(b, C.grad);
    });
}

// c = Σᵢⱼ Aᵢⱼ (1×1).   ∂c/∂Aᵢⱼ = 1, so every entry of dA gains the one number dc.
Var sum(const Var& a) {
    return make_op("sum", Matrix(1, 1, sum(a.value())), {a},
                   [](Node& C) { C.parents[0]->grad += C.grad(0, 0); });
}

// c = (1/N) Σᵢⱼ Aᵢⱼ over the N entries (1×1).   dA += dc / N everywhere.
Var mean(const Var& a) {
    if (a.value().empty()) throw ShapeError("mean: the matrix is empty " + a.value().shape());
    return make_op("mean", Matrix(1, 1, mean(a.value())), {a}, [](Node& C) {
        Matrix& dA = C.parents[0]->grad;
        dA += C.grad(0, 0) / static_cast<double>(dA.size());
    });
}

}  // namespace course
