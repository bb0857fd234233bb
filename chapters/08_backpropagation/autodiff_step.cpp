#include "chapters/08_backpropagation/autodiff_step.hpp"

namespace course::backpropagation {

double autodiff_training_step(std::vector<Var>& W, std::vector<Var>& b, const Var& X, const Var& Y, double lr) {
    Var h = X;
    for (std::size_t l = 0; l < W.size(); ++l) {
        const Var z = linear(h, W[l], b[l]);
        h = l + 1 == W.size() ? z : tanh(z);
    }
    Var loss = half_mse_per_example(h, Y);
    loss.backward();
    for (std::size_t l = 0; l < W.size(); ++l) {
        W[l].value().add_scaled(W[l].grad(), -lr);
        b[l].value().add_scaled(b[l].grad(), -lr);
        W[l].zero_grad();
        b[l].zero_grad();
    }
    return loss.item();
}

}  // namespace course::backpropagation
