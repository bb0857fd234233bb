// Reverse-mode automatic differentiation over matrices: the trusted second opinion on the course's
// gradients. The chapters derive and hand-write their backward passes (08, 12, 13, 14, 18, 19), because
// writing them is what they teach, and no chapter program trains through this library. It checks them:
// tests/08_backpropagation_test.cpp grades exercise 8's backward pass against its gradients;
// chapter 08's given autodiff_training_step (autodiff_step.hpp) runs the same training step through it,
// which tests/perf/allocation_test.cpp and `make bench` compare with the hand-written step; chapter 10's
// parameters_of hands its Vars to the optimizers; common/gradcheck's check_gradient(s) compare it with
// central differences (tests/common). It is there for the reader who wants to see how PyTorch's
// autograd works in ~750 lines, and for a chapter 20 that wants gradients without deriving them.
//
// A computation records a graph as it runs. Each Var is a handle to a Node holding the value one
// operation computed, the operation's inputs (its parents) and a backward rule. loss.backward() then
// visits the nodes from the loss back towards the parameters, and each rule applies the chain rule
// once: knowing dC = ∂L/∂C for its own output C, it adds dC·∂C/∂A to the gradient of every input A.
// A value that feeds several operations receives one contribution from each, and they add up (the
// multivariate chain rule) — which is why every rule accumulates with += and never assigns.
//
//   Var W = parameter(initial_weights), b = parameter(initial_bias);
//   Var loss = half_mse_per_example(tanh(add_row(matmul(constant(X), W), b)), constant(Y));
//   loss.backward();                 // W.grad() is ∂loss/∂W, b.grad() is ∂loss/∂b
//
// Conventions, as in PyTorch:
// - A parameter's gradient accumulates over backward() calls until zero_grad() resets it, so the
//   gradients of several losses can be summed before one optimizer step.
// - An intermediate node's gradient is recomputed from zero by every backward() through it.
// - A constant (inputs, targets) has no gradient, and no work is spent on one: matmul(X, W) with a
//   constant X never computes the large dX.
//
// Memory: a node owns its parents and never its children, and a backward rule is a plain function
// that receives its node as an argument (it cannot capture anything, so it cannot capture its own
// node). The graph is therefore acyclic, and it is freed when the last Var referring into it goes.
// So a training step builds its graph anew and allocates as it goes, as PyTorch's eager mode does
// (42 allocations for a step of the face network, a few per cent of its time; docs/PERFORMANCE.md, 5).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string_view>
#include <vector>

#include "common/matrix.hpp"

namespace course {

struct Node;

// What an operation's backward rule needs beyond its parents' values and its own, kept in the node in
// typed slots of fixed size, so that filling them never allocates: integers for shapes, strides,
// paddings, kernel sizes or a mode (training or evaluation); reals for a factor, an exponent, a drop
// probability or an epsilon; and matrices computed in the forward pass (a loss's local gradient, a
// dropout mask, batch norm's normalised input and inverse deviations). Each op documents which slot
// holds what, next to its rule. Filled with designated initializers:
//   make_op("scale", value, {a}, rule, {.reals = {factor}});
//   make_op("dropout", value, {x}, rule, {.reals = {p}, .saved = {std::move(mask)}});
struct RuleContext {
    std::array<std::int64_t, 8> ints{};
    std::array<double, 4> reals{};
    std::array<Matrix, 4> saved{};
};

// Pushes ∂L/∂(this node's value), held in node.grad, on to the gradients of node.parents.
using BackwardRule = void (*)(Node& node);

struct Node {
    Matrix value;
    Matrix grad;  // ∂L/∂value, same shape; empty for constants and until a backward() reaches it
    std::vector<std::shared_ptr<Node>> parents;
    BackwardRule backward = nullptr;  // null for leaves: parameters and constants
    std::string_view op;              // "matmul", "tanh", ...: a string literal, for messages and debugging
    bool requires_grad = false;       // a parameter, or computed from one
    // grad holds nothing but zeros, so the first contribution may be written into it rather than
    // added (matmul's rule does this, sparing a product-sized buffer and a pass over it). Set when a
    // gradient is zeroed; backward() clears it for every parent of a node whose rule has run.
    bool grad_is_zero = false;
    RuleContext context;              // what the rule needs beyond the values (see RuleContext)
    std::uint64_t visited_by_walk = 0;  // backward()'s bookkeeping: the last graph walk that reached it

    Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    ~Node();
};

class Var {
public:
    Var();  // an empty (0×0) constant, so that a Var can be declared before it is computed

    const Matrix& value() const { return node_->value; }
    Matrix& value() { return node_->value; }  // optimizers update parameters in place
    // Throws std::logic_error for a constant, which has no gradient.
    const Matrix& grad() const;
    Matrix& grad();  // for clipping and the like; assumes the caller changes it
    double item() const;  // the value of a 1×1 result, e.g. the loss; throws ShapeError otherwise
    std::size_t rows() const { return node_->value.rows(); }
    std::size_t cols() const { return node_->value.cols(); }
    std::string_view op() const { return node_->op; }
    bool requires_grad() const { return node_->requires_grad; }

    // Computes ∂this/∂p for every parameter p this 1×1 value depends on and adds it to p.grad().
    // Throws ShapeError if this is not 1×1 (reduce it with sum() or mean() first), std::logic_error if
    // it depends on no parameter.
    void backward();
    // Resets this parameter's gradient to zeros.
    void zero_grad();

private:
    explicit Var(std::shared_ptr<Node> node) : node_(std::move(node)) {}
    friend Var parameter(Matrix value);
    friend Var constant(Matrix value);
    friend Var make_op(std::string_view op, Matrix value, std::initializer_list<Var> parents,
                       BackwardRule backward, RuleContext context);

    std::shared_ptr<Node> node_;
};

// Leaves. A parameter is what training adjusts; its gradient starts at zeros. Both take the matrix by
// value: hand over a freshly built mini-batch with std::move, or make a fixed data set's Var once and
// use it in every step's graph, rather than copying a large input each step.
Var parameter(Matrix value);
Var constant(Matrix value);
void zero_grad(std::vector<Var>& parameters);

// Element-wise; shapes must match exactly (add_row broadcasts a row).
Var add(const Var& a, const Var& b);
Var sub(const Var& a, const Var& b);
Var mul(const Var& a, const Var& b);  // the Hadamard product A ⊙ B
Var div(const Var& a, const Var& b);
Var neg(const Var& a);
Var scale(const Var& a, double factor);    // factor · A
Var add_scalar(const Var& a, double shift);  // A + shift
Var pow(const Var& a, double exponent);    // A^p entry by entry
Var exp(const Var& a);
Var log(const Var& a);  // natural logarithm
Var tanh(const Var& a);
Var sigmoid(const Var& a);  // 1 / (1 + e^−A), computed without overflow for large |A|
Var relu(const Var& a);     // max(A, 0); its derivative at 0 is taken as 0

Var operator+(const Var& a, const Var& b);
Var operator-(const Var& a, const Var& b);
Var operator*(const Var& a, const Var& b);  // element-wise, as in numpy and PyTorch; matmul is matmul()
Var operator/(const Var& a, const Var& b);
Var operator-(const Var& a);
Var operator+(const Var& a, double s);
Var operator+(double s, const Var& a);
Var operator-(const Var& a, double s);
Var operator-(double s, const Var& a);
Var operator*(const Var& a, double s);
Var operator*(double s, const Var& a);
Var operator/(const Var& a, double s);
Var operator/(double s, const Var& a);

// Matrix operations.
Var matmul(const Var& a, const Var& b);
Var transpose(const Var& a);
Var add_row(const Var& x, const Var& row);  // X + b with the 1×cols row b added to every row of X
// A dense layer's X·W + b in one node: add_row(matmul(x, w), b) without the node in between, its
// copy of the product and its gradient (PyTorch's nn.Linear does the same with one addmm). b is 1×cols.
Var linear(const Var& x, const Var& w, const Var& b);
Var sum(const Var& a);                      // 1×1: the sum of all entries
Var mean(const Var& a);                     // 1×1: the mean of all entries

// Losses, each a 1×1 Var. pred and target may each be a constant or a parameter.
//
// mse: the mean over ALL entries, (1/(n·k)) Σᵢⱼ (Pᵢⱼ − Tᵢⱼ)² for n×k matrices, as PyTorch's MSELoss.
Var mse(const Var& pred, const Var& target);
// The course's network loss: half the squared error of each example (row), averaged over the n rows,
//   L = (1/2n) Σᵢ ||ŷᵢ − yᵢ||²,   so that ∂L/∂ŷ = (ŷ − y)/n without a stray factor 2.
// It equals (k/2)·mse for k columns.
Var half_mse_per_example(const Var& pred, const Var& target);
// Cross-entropy of softmax(logits) against integer class labels (labels[i] is row i's class),
// averaged over rows: L = −(1/n) Σᵢ log softmax(zᵢ)_{yᵢ}, through log-sum-exp so that logits of
// any size give finite results.
Var softmax_cross_entropy(const Var& logits, const std::vector<std::size_t>& labels);

// For writing an operation (here, or in a chapter: dropout, batch norm, convolution). The result's
// node gets `value`, the parents, the rule, and the context the rule may need (a dropout mask and its
// probability, a convolution's stride and padding); it requires a gradient when any parent does. The
// rule is a lambda without captures, which finds everything in the node it receives, and adds (+=)
// to the grad of each parent whose requires_grad is set: see tanh() in autodiff_elementwise.cpp for
// the pattern, and scale() there for one that reads its context. `op` must be a string literal.
Var make_op(std::string_view op, Matrix value, std::initializer_list<Var> parents, BackwardRule backward,
            RuleContext context = {});
// Throws ShapeError "op: shapes differ: (2×3) and (3×2)" unless a and b have the same shape.
void require_same_shape(std::string_view op, const Matrix& a, const Matrix& b);

}  // namespace course
