// Chapter 06 — the neural network. Your exercises: replace each `throw NotImplemented(...)` with your
// code, then run `make test CH=06`. Stuck? `make hint EX=6.1` (and LEVEL=2, LEVEL=3 for more).
// The README derives the math; neural_network.hpp defines the types.
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/06_neural_network/neural_network.hpp"
#include "common/errors.hpp"

namespace course::neural_network {

// Exercise 6.1 — one dense layer on a batch (README, section 1).
//   in:  layer (W: in×out, b: 1×out), X: n×in, one example per row
//   out: Z = X·W + b, n×out, the same bias row added to every example
//   errors: course::ShapeError when X does not have W.rows() columns; the message names both shapes.
// common/matrix.hpp has the matrix product and the row broadcast.
Matrix dense_forward(const Dense& layer, const Matrix& X) {
    throw NotImplemented("6.1");
}

// Exercise 6.2 — tanh, its slope, and the backward step of a tanh layer (README, section 2).
//   tanh_activation(z):   tanh of every entry, same shape as z
//   tanh_derivative(z):   tanh'(z) for one number
//   tanh_backward(h, dh): h = tanh(z) is what the forward pass saved, dh = ∂ℒ/∂h; return dz = ∂ℒ/∂z,
//                         same shape, computed from h alone (z is not available)
//   errors: tanh_backward throws course::ShapeError if h and dh differ in shape.
Matrix tanh_activation(const Matrix& z) {
    throw NotImplemented("6.2");
}

double tanh_derivative(double z) {
    throw NotImplemented("6.2");
}

Matrix tanh_backward(const Matrix& h, const Matrix& dh) {
    throw NotImplemented("6.2");
}

// Exercise 6.3 — Xavier/Glorot initialisation of a fan_in → fan_out layer (README, section 4).
//   out: W (fan_in×fan_out) with independent N(0, σ²) entries, σ from Glorot's (Xavier) normal rule, which
//        prescribes a VARIANCE while rng.normal takes a standard deviation; b (1×fan_out) all zero
//   determinism: the entries are drawn from rng in row-major order (W(0,0), W(0,1), …), one rng.normal
//   call each, so that a seed gives the same network in every chapter.
Dense init_dense(std::size_t fan_in, std::size_t fan_out, Rng& rng) {
    throw NotImplemented("6.3");
}

// Exercise 6.4 — the forward pass of the whole network (README, section 3).
//   in:  network (tanh after every layer except the last, which stays linear), X: n×sizes[0]
//   out: the last layer's output, n×sizes.back()
//   cache (when not null): replaced, never appended to: cache->h = {X, h¹, …, hᴰ}, cache->z = {z¹, …, zᴰ}
// Build it on your 6.1 and 6.2.
Matrix forward(const Network& network, const Matrix& X, ForwardCache* cache) {
    throw NotImplemented("6.4");
}

// Exercise 6.5 — what the network costs (README, section 3).
//   parameter_count(network): the number of entries of every W and b
//   forward_cost(sizes, batch_size), for layers sizes[0] → sizes[1] → … → sizes.back():
//     .parameters          the same count, from the sizes alone (it does not depend on the batch)
//     .flops               one forward pass of batch_size examples: 2 per weight per example (a multiply
//                          and an add), 1 per bias per example; tanh not counted
//     .saved_for_backward  the numbers backpropagation keeps from that pass: every layer's input, for every
//                          example (the output goes to the loss and is not counted)
//   errors: forward_cost throws std::invalid_argument for fewer than two sizes or a size of 0.
std::size_t parameter_count(const Network& network) {
    throw NotImplemented("6.5");
}

ForwardCost forward_cost(const std::vector<std::size_t>& sizes, std::size_t batch_size) {
    throw NotImplemented("6.5");
}

// Exercise 6.6 — the variance argument, measured (README, section 4).
//   preactivation_stds(network, X): run X forward and return, for every layer ℓ, the standard deviation
//       of ALL entries of zˡ taken together (every example, every unit; population form: divide by the
//       number of entries). One number per layer, in layer order.
//   predicted_preactivation_std(fan_in, weight_std, input_rms): the std of z = x·W predicted by the
//       variance argument, for fan_in inputs with root mean square input_rms and independent weights of
//       mean 0 and std weight_std (biases 0).
// The tests compare the two on layers of different widths and initialisations.
std::vector<double> preactivation_stds(const Network& network, const Matrix& X) {
    throw NotImplemented("6.6");
}

double predicted_preactivation_std(std::size_t fan_in, double weight_std, double input_rms) {
    throw NotImplemented("6.6");
}

}  // namespace course::neural_network
