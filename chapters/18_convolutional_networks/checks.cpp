// Chapter 18, given code: the gradient checks of step 2 (checks.hpp).
#include "chapters/18_convolutional_networks/checks.hpp"

#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "common/gradcheck.hpp"
#include "common/random.hpp"

namespace course::convolutional {

namespace {

Matrix random_matrix(std::size_t rows, std::size_t cols, Rng& rng) {
    Matrix m(rows, cols);
    for (std::size_t t = 0; t < m.size(); ++t) m.data()[t] = rng.uniform(-1.0, 1.0);
    return m;
}

// ℒ = Σ G ⊙ Y: a loss whose ∂ℒ/∂Y is G, so any backward pass can be fed G and checked.
double weighted_sum(const Matrix& Y, const Matrix& G) {
    double total = 0.0;
    for (std::size_t t = 0; t < Y.size(); ++t) total += Y.data()[t] * G.data()[t];
    return total;
}

double check(const Matrix& analytic, const Matrix& numerical) { return max_relative_error(analytic, numerical); }

}  // namespace

std::vector<GradientCheck> gradient_checks(std::uint64_t seed) {
    Rng rng(seed);
    std::vector<GradientCheck> results;
    const Shape3 in{2, 6, 5};
    const ConvSpec spec{.in_channels = 2, .out_channels = 3, .kernel = 3, .stride = 2, .padding = 1};
    Conv2d conv{spec, random_matrix(3, 18, rng), random_matrix(1, 3, rng)};
    const Matrix X = random_matrix(2, in.size(), rng);
    const Matrix G = random_matrix(2, conv_output_shape(in, spec).size(), rng);
    const auto conv_loss = [&](const Matrix& x, const Conv2d& layer) { return weighted_sum(conv2d_forward(x, in, layer), G); };
    results.push_back({"conv2d dX (stride 2, padding 1)",
                       check(conv2d_backward_input(G, in, conv),
                             numerical_gradient([&](const Matrix& x) { return conv_loss(x, conv); }, X))});
    const ConvGrads grads = conv2d_backward_weights(X, G, in, spec);
    results.push_back({"conv2d dW", check(grads.dweight, numerical_gradient(
                                                             [&](const Matrix& w) { return conv_loss(X, {spec, w, conv.bias}); },
                                                             conv.weight))});
    results.push_back({"conv2d db", check(grads.dbias, numerical_gradient(
                                                           [&](const Matrix& b) { return conv_loss(X, {spec, conv.weight, b}); },
                                                           conv.bias))});

    const PoolSpec pool{3, 2};
    Matrix Y, dX;
    std::vector<std::size_t> argmax;
    max_pool_forward(X, in, pool, Y, argmax);
    const Matrix GP = random_matrix(Y.rows(), Y.cols(), rng);
    max_pool_backward(GP, argmax, in, pool, dX);
    results.push_back({"max-pool dX (3×3, stride 2)", check(dX, numerical_gradient(
                                                                   [&](const Matrix& x) {
                                                                       Matrix y;
                                                                       std::vector<std::size_t> a;
                                                                       max_pool_forward(x, in, pool, y, a);
                                                                       return weighted_sum(y, GP);
                                                                   },
                                                                   X, 1e-6))});
    avg_pool_backward(GP, in, pool, dX);
    results.push_back({"avg-pool dX (3×3, stride 2)", check(dX, numerical_gradient(
                                                                   [&](const Matrix& x) {
                                                                       Matrix y;
                                                                       avg_pool_forward(x, in, pool, y);
                                                                       return weighted_sum(y, GP);
                                                                   },
                                                                   X))});

    BatchNorm2d bn = make_batchnorm2d(2);
    bn.gamma = random_matrix(1, 2, rng);
    BatchNormCache cache;
    batchnorm2d_forward_train(X, in, bn, Y, cache);
    const Matrix GB = random_matrix(Y.rows(), Y.cols(), rng);
    Matrix dgamma, dbeta;
    batchnorm2d_backward(GB, in, bn, cache, dX, dgamma, dbeta);
    const auto bn_loss = [&](const Matrix& x) {
        BatchNorm2d copy = bn;  // the forward pass moves the running averages: keep them out of it
        Matrix y;
        BatchNormCache c;
        batchnorm2d_forward_train(x, in, copy, y, c);
        return weighted_sum(y, GB);
    };
    results.push_back({"BatchNorm2d dX", check(dX, numerical_gradient(bn_loss, X))});

    const Shape3 block_in{2, 5, 5};
    ResidualBlock block = make_residual_block(2, rng);
    const Matrix XR = random_matrix(2, block_in.size(), rng);
    const Matrix GR = random_matrix(2, block_in.size(), rng);
    ResidualCache rc;
    residual_forward(block, block_in, XR, rc);
    const ResidualGrads rg = residual_backward(block, block_in, rc, GR);
    results.push_back({"residual block dX", check(rg.dX, numerical_gradient(
                                                             [&](const Matrix& x) {
                                                                 ResidualCache c;
                                                                 residual_forward(block, block_in, x, c);
                                                                 return weighted_sum(c.Y, GR);
                                                             },
                                                             XR))});
    return results;
}

}  // namespace course::convolutional
