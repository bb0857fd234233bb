// Chapter 08, given code: the buffers of a training step, an allocation-free forward pass, and the
// step itself, which strings the exercises together.
#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "common/errors.hpp"

namespace course::backpropagation {

Workspace make_workspace(const Network& network, std::size_t batch_size) {
    if (network.layers.empty()) throw std::invalid_argument("make_workspace: the network has no layers");
    Workspace ws;
    ws.X_batch = Matrix(batch_size, network.layers.front().W.rows());
    ws.Y_batch = Matrix(batch_size, network.layers.back().W.cols());
    ws.dY = Matrix(batch_size, network.layers.back().W.cols());
    ws.cache.h.push_back(Matrix(batch_size, network.layers.front().W.rows()));
    for (const Dense& layer : network.layers) {
        ws.cache.z.emplace_back(batch_size, layer.W.cols());
        ws.cache.h.emplace_back(batch_size, layer.W.cols());
        ws.grads.dW.emplace_back(layer.W.rows(), layer.W.cols());
        ws.grads.db.emplace_back(1, layer.b.cols());
        ws.grads.delta.emplace_back(batch_size, layer.W.cols());
    }
    return ws;
}

TrainHistory make_history(const TrainOptions& options) {
    TrainHistory history;
    const std::size_t points = options.iterations / std::max<std::size_t>(options.eval_every, 1) + 2;
    history.train_loss.reserve(options.iterations);
    history.val_iterations.reserve(points);
    history.val_loss.reserve(points);
    return history;
}

BatchSampler make_sampler(std::size_t n, std::size_t batch_size, std::uint64_t seed) {
    if (n == 0 || batch_size == 0)
        throw std::invalid_argument("make_sampler: need n ≥ 1 examples and batch_size ≥ 1, got n = " +
                                    std::to_string(n) + ", batch_size = " + std::to_string(batch_size));
    BatchSampler sampler{std::vector<std::size_t>(n), batch_size, 0, 0, Rng(seed)};
    std::iota(sampler.order.begin(), sampler.order.end(), std::size_t{0});
    return sampler;
}

namespace {

// The shape checks and cache sizes that every forward pass below needs.
void prepare_forward(const Network& network, const Matrix& X, ForwardCache& cache, const char* who) {
    const std::size_t layers = network.layers.size();
    if (layers == 0) throw std::invalid_argument(std::string(who) + ": the network has no layers");
    if (X.cols() != network.layers.front().W.rows())
        throw ShapeError(std::string(who) + ": input " + X.shape() + " does not fit the first layer's weights " +
                         network.layers.front().W.shape());
    cache.z.resize(layers);
    cache.h.resize(layers + 1);
}

// The layers of the forward pass: the first reads `input`, every later one the cache's h[l].
const Matrix& forward_layers(const Network& network, const Matrix& input, ForwardCache& cache) {
    const std::size_t layers = network.layers.size();
    for (std::size_t l = 0; l < layers; ++l) {
        const Dense& layer = network.layers[l];
        Matrix& z = cache.z[l];
        Matrix& h = cache.h[l + 1];
        matmul_into(z, l == 0 ? input : cache.h[l], layer.W);
        for (std::size_t r = 0; r < z.rows(); ++r) {
            double* z_row = z.row_data(r);
            for (std::size_t c = 0; c < z.cols(); ++c) z_row[c] += layer.b(0, c);
        }
        if (l + 1 < layers) {
            tanh_into(h, z);  // std::tanh entry by entry, but vectorised (common/tanh.cpp)
        } else {
            h.resize(z.rows(), z.cols());
            std::copy(z.data(), z.data() + z.size(), h.data());
        }
    }
    return cache.h.back();
}

}  // namespace

// The same computation as chapter 06's forward(), z = h·W + b and h' = tanh(z) (linear output), but
// every result goes into the cache's matrices: matmul_into and in-place loops, no temporaries.
const Matrix& forward_into(const Network& network, const Matrix& X, ForwardCache& cache) {
    prepare_forward(network, X, cache, "forward_into");
    if (&X != &cache.h[0]) {  // training_step hands over its batch as cache.h[0] itself: nothing to copy
        cache.h[0].resize(X.rows(), X.cols());
        std::copy(X.data(), X.data() + X.size(), cache.h[0].data());
    }
    return forward_layers(network, cache.h[0], cache);
}

// The batch becomes the cache's h[0] by trading storage with it (a swap of two pointers) rather than by
// copying 32×1024 doubles: a copy would cost 256 kB of writes each step and keep a second 256 kB
// buffer in the 1 MB L2 cache beside W¹ and dW¹ (docs/PERFORMANCE.md). They trade back at the end, so
// X_batch still holds the batch afterwards: a second step on the same batch (overfitting one batch,
// a classic check) trains on it again. Only cache.h[0] is left with stale rows.
double training_step(Network& network, Workspace& workspace, double lr) {
    workspace.cache.h.resize(network.layers.size() + 1);  // h[0] exists, and forward_into will not move it
    struct Lend {  // gives the batch back on the way out, also when an exercise throws
        Matrix& batch;
        Matrix& h0;
        ~Lend() { std::swap(batch, h0); }
    } lend{workspace.X_batch, workspace.cache.h[0]};
    std::swap(workspace.X_batch, workspace.cache.h[0]);
    const Matrix& predictions = forward_into(network, workspace.cache.h[0], workspace.cache);
    const double loss = mse_loss(predictions, workspace.Y_batch, workspace.dY);
    backward(network, workspace.cache, workspace.dY, workspace.grads);
    sgd_step(network, workspace.grads, lr);
    return loss;
}

// L = (1/2n) Σ ||ŷ − y||², written out here rather than through mse_loss so that the validation loss
// in a history does not depend on exercise 8.1 being right.
// No gradient follows, so the first layer reads data.X where it is: copying it into cache.h[0], as
// forward_into does for backward's sake, would cost a pass over the whole set (7 MB for the faces'
// validation set) at every check.
double dataset_loss(const Network& network, const Dataset& data, ForwardCache& cache) {
    prepare_forward(network, data.X, cache, "dataset_loss");
    const Matrix& predictions = forward_layers(network, data.X, cache);
    if (!predictions.same_shape(data.Y))
        throw ShapeError("dataset_loss: predictions " + predictions.shape() + " vs targets " + data.Y.shape());
    double total = 0.0;
    for (std::size_t i = 0; i < predictions.size(); ++i) {
        const double diff = predictions.data()[i] - data.Y.data()[i];
        total += diff * diff;
    }
    return total / (2.0 * static_cast<double>(data.size()));
}

}  // namespace course::backpropagation
