// The graph itself: leaves, building a node, and backward(). The operations live in
// autodiff_elementwise.cpp, autodiff_matrix.cpp and autodiff_losses.cpp.
#include "common/autodiff.hpp"

#include <atomic>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>

#include "common/errors.hpp"

namespace course {

namespace {

// The nodes that need a gradient, each after all of its parents: a depth-first post-order from the
// root, kept on an explicit stack so that a chain of a million operations cannot overflow the call
// stack. Walking the returned order backwards visits every node before its parents, so that by the
// time a node's rule runs, all of its children have added their contributions to its gradient.
// A node reached twice (a value used by two operations) is taken once: each walk has its own number,
// and a node remembers the last walk that took it, which costs no lookup table and no allocation.
std::vector<Node*> topological_order(Node& root) {
    static std::atomic<std::uint64_t> walks{0};
    const std::uint64_t walk = ++walks;
    struct Frame {
        Node* node;
        std::size_t next_parent;
    };
    std::vector<Node*> order;
    std::vector<Frame> stack{{&root, 0}};
    root.visited_by_walk = walk;
    while (!stack.empty()) {
        Frame& top = stack.back();
        if (top.next_parent == top.node->parents.size()) {
            order.push_back(top.node);
            stack.pop_back();
            continue;
        }
        Node* parent = top.node->parents[top.next_parent++].get();
        if (parent->requires_grad && parent->visited_by_walk != walk) {
            parent->visited_by_walk = walk;
            stack.push_back({parent, 0});
        }
    }
    return order;
}

}  // namespace

// Destroying a graph the obvious way recurses: a node's destructor releases its parents, whose
// destructors release theirs, one stack frame per node of a long chain. Instead, parents about to
// die are detached into a worklist and released one at a time with no parents of their own.
Node::~Node() {
    std::vector<std::shared_ptr<Node>> releasing = std::move(parents);
    while (!releasing.empty()) {
        std::shared_ptr<Node> node = std::move(releasing.back());
        releasing.pop_back();
        if (node.use_count() == 1) {
            for (auto& parent : node->parents) releasing.push_back(std::move(parent));
            node->parents.clear();
        }
    }
}

Var::Var() : node_(std::make_shared<Node>()) { node_->op = "constant"; }

const Matrix& Var::grad() const {
    if (!node_->requires_grad)
        throw std::logic_error("grad: this " + std::string(node_->op) + " " + node_->value.shape() +
                               " has no gradient because it depends on no parameter; make the value you "
                               "want a gradient for with parameter()");
    return node_->grad;
}

Matrix& Var::grad() {
    Matrix& gradient = const_cast<Matrix&>(std::as_const(*this).grad());
    node_->grad_is_zero = false;
    return gradient;
}

double Var::item() const {
    if (node_->value.rows() != 1 || node_->value.cols() != 1)
        throw ShapeError("item: needs a (1×1) value, got " + std::string(node_->op) + " " +
                         node_->value.shape());
    return node_->value(0, 0);
}

Var parameter(Matrix value) {
    auto node = std::make_shared<Node>();
    node->grad = Matrix(value.rows(), value.cols());
    node->value = std::move(value);
    node->op = "parameter";
    node->requires_grad = true;
    node->grad_is_zero = true;
    return Var(std::move(node));
}

Var constant(Matrix value) {
    auto node = std::make_shared<Node>();
    node->value = std::move(value);
    node->op = "constant";
    return Var(std::move(node));
}

void Var::zero_grad() {
    if (!node_->requires_grad) return;
    node_->grad.fill(0.0);
    node_->grad_is_zero = true;
}

void zero_grad(std::vector<Var>& parameters) {
    for (Var& p : parameters) p.zero_grad();
}

Var make_op(std::string_view op, Matrix value, std::initializer_list<Var> parents, BackwardRule backward,
            RuleContext context) {
    auto node = std::make_shared<Node>();
    node->value = std::move(value);
    node->op = op;
    node->backward = backward;
    node->context = std::move(context);
    node->parents.reserve(parents.size());
    for (const Var& parent : parents) {
        node->requires_grad = node->requires_grad || parent.node_->requires_grad;
        node->parents.push_back(parent.node_);
    }
    return Var(std::move(node));
}

void require_same_shape(std::string_view op, const Matrix& a, const Matrix& b) {
    if (!a.same_shape(b))
        throw ShapeError(std::string(op) + ": shapes differ: " + a.shape() + " and " + b.shape());
}

// The chain rule over the whole graph. Seeding dL/dL = 1 at the root and running every rule in
// reverse topological order gives each node the full sum of its children's contributions before its
// own rule passes that sum on. Intermediate gradients start from zero each time; a parameter's
// gradient, which no rule ever resets, accumulates.
void Var::backward() {
    Node& root = *node_;
    if (root.value.rows() != 1 || root.value.cols() != 1)
        throw ShapeError("backward: needs a (1×1) result such as a loss, got " + std::string(root.op) + " " +
                         root.value.shape() + "; reduce it with sum() or mean() first");
    if (!root.requires_grad)
        throw std::logic_error("backward: this " + std::string(root.op) +
                               " depends on no parameter, so there is no gradient to compute; make the "
                               "values to train with parameter(), not constant()");
    const std::vector<Node*> order = topological_order(root);
    for (Node* node : order) {
        if (node->backward == nullptr) continue;  // a parameter keeps its accumulated gradient
        node->grad.resize(node->value.rows(), node->value.cols());
        node->grad.fill(0.0);
        node->grad_is_zero = true;
    }
    root.grad(0, 0) += 1.0;
    root.grad_is_zero = false;
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        Node& node = **it;
        if (node.backward == nullptr) continue;
        node.backward(node);
        for (auto& parent : node.parents) parent->grad_is_zero = false;
    }
}

}  // namespace course
