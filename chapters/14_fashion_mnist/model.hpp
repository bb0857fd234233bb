// Chapter 14, given code: the MLP built, and its parameters for chapter 10's optimizers (mlp.cpp).
#pragma once

#include <cstddef>
#include <vector>

#include "chapters/10_optimizers/optimizers.hpp"
#include "chapters/14_fashion_mnist/fashion_mnist.hpp"
#include "common/random.hpp"

namespace course::fashion_mnist {

// The MLP sizes[0] → sizes[1] → … → sizes.back(), each layer drawn by chapter 12's init_layer in order,
// gradients and buffers shaped. Throws std::invalid_argument for fewer than two sizes or an activation
// other than ReLU and tanh.
Mlp make_mlp(const std::vector<std::size_t>& sizes, Activation activation, InitScheme scheme, Rng& rng);
// (W, dW) and (b, db) of every layer, in order: what chapter 10's optimizers step on.
optimizers::ParameterList parameters(Mlp& model);
std::size_t parameter_count(const Mlp& model);

}  // namespace course::fashion_mnist
