// Chapter 08, given code: the training step of backpropagation.hpp done by the autodiff library instead of
// by hand, so the two paths can be compared (tests, the allocation test, `make bench`).
#pragma once

#include <vector>

#include "common/autodiff.hpp"
#include "common/matrix.hpp"

namespace course::backpropagation {

// One mini-batch step of plain gradient descent on a tanh MLP whose weights W[l] (in×out) and biases
// b[l] (1×out) are autodiff parameters: the graph is rebuilt every step, as in PyTorch's eager mode,
// the loss is L = (1/2n) Σ ||ŷ − y||², and every gradient is zeroed again after the update.
// X (n×in) and Y (n×out) are constants, made once and refilled in place each step, e.g.
//     Var X = constant(Matrix()), Y = constant(Matrix());
//     next_batch(sampler, data.X, data.Y, X.value(), Y.value());
// so that no step copies its batch (constant(X_batch) would copy 256 kB of a face batch every step).
// Returns the loss before the update.
double autodiff_training_step(std::vector<Var>& W, std::vector<Var>& b, const Var& X, const Var& Y, double lr);

}  // namespace course::backpropagation
