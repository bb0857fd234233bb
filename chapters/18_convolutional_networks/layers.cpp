// Chapter 18, given code: shapes, initialisation, ReLU, batch norm in evaluation mode, the fast
// convolution (im2col + matmul) and the residual block's forward pass. Dropout is chapter 13's.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <utility>

#include "chapters/13_regularization/regularization.hpp"
#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "common/errors.hpp"

namespace course::convolutional {

namespace {
std::string describe(Shape3 s) {
    return std::to_string(s.channels) + "×" + std::to_string(s.height) + "×" + std::to_string(s.width);
}
}  // namespace

Shape3 conv_output_shape(Shape3 in, const ConvSpec& spec) {
    if (in.channels != spec.in_channels)
        throw ShapeError("conv2d: the input has " + std::to_string(in.channels) + " channels (" + describe(in) +
                         "), the layer expects " + std::to_string(spec.in_channels));
    if (spec.kernel > in.height + 2 * spec.padding || spec.kernel > in.width + 2 * spec.padding)
        throw ShapeError("conv2d: a " + std::to_string(spec.kernel) + "×" + std::to_string(spec.kernel) +
                         " kernel with padding " + std::to_string(spec.padding) + " does not fit a " + describe(in) +
                         " input");
    return {spec.out_channels, conv_output_size(in.height, spec.kernel, spec.stride, spec.padding),
            conv_output_size(in.width, spec.kernel, spec.stride, spec.padding)};
}

Shape3 pool_output_shape(Shape3 in, const PoolSpec& spec) {
    if (spec.kernel > in.height || spec.kernel > in.width)
        throw ShapeError("pool: a " + std::to_string(spec.kernel) + "×" + std::to_string(spec.kernel) +
                         " window does not fit a " + describe(in) + " input");
    return {in.channels, conv_output_size(in.height, spec.kernel, spec.stride, 0),
            conv_output_size(in.width, spec.kernel, spec.stride, 0)};
}

Conv2d make_conv(const ConvSpec& spec, Rng& rng) {
    const std::size_t fan_in = spec.in_channels * spec.kernel * spec.kernel;
    Conv2d layer{spec, Matrix(spec.out_channels, fan_in), Matrix(1, spec.out_channels, 0.0)};
    const double std_dev = std::sqrt(2.0 / static_cast<double>(fan_in));
    for (std::size_t t = 0; t < layer.weight.size(); ++t) layer.weight.data()[t] = std_dev * rng.normal();
    return layer;
}

BatchNorm2d make_batchnorm2d(std::size_t channels) {
    regularization::BatchNorm bn = regularization::make_batch_norm(channels);
    return {channels,         std::move(bn.gamma),  std::move(bn.beta), std::move(bn.running_mean),
            std::move(bn.running_var), bn.options.momentum, bn.options.eps};
}

void batchnorm2d_forward_eval(const Matrix& X, Shape3 in, const BatchNorm2d& bn, Matrix& Y) {
    if (X.cols() != in.size() || in.channels != bn.channels)
        throw ShapeError("batchnorm2d_forward_eval: X is " + X.shape() + " for images " + describe(in) +
                         " and a layer of " + std::to_string(bn.channels) + " channels");
    const std::size_t plane = in.height * in.width;
    Y.resize(X.rows(), X.cols());
    for (std::size_t c = 0; c < in.channels; ++c) {
        const double scale = bn.gamma(0, c) / std::sqrt(bn.running_var(0, c) + bn.eps);
        const double shift = bn.beta(0, c) - scale * bn.running_mean(0, c);
        for (std::size_t n = 0; n < X.rows(); ++n) {
            const double* x = X.row_data(n) + c * plane;
            double* y = Y.row_data(n) + c * plane;
            for (std::size_t t = 0; t < plane; ++t) y[t] = scale * x[t] + shift;
        }
    }
}

void relu_forward(const Matrix& X, Matrix& Y) {
    Y.resize(X.rows(), X.cols());
    const double* x = X.data();
    double* y = Y.data();
    for (std::size_t t = 0; t < X.size(); ++t) y[t] = x[t] > 0.0 ? x[t] : 0.0;
}

void relu_backward(const Matrix& X, const Matrix& dY, Matrix& dX) {
    if (!X.same_shape(dY)) throw ShapeError("relu_backward: X is " + X.shape() + ", dY " + dY.shape());
    dX.resize(X.rows(), X.cols());
    const double* x = X.data();
    const double* dy = dY.data();
    double* dx = dX.data();
    for (std::size_t t = 0; t < X.size(); ++t) dx[t] = x[t] > 0.0 ? dy[t] : 0.0;
}

void conv2d_forward_fast(const Matrix& X, Shape3 in, const Conv2d& layer, ConvWorkspace& ws, Matrix& Y) {
    const Shape3 out = conv_output_shape(in, layer.spec);
    if (X.cols() != in.size())
        throw ShapeError("conv2d_forward_fast: X is " + X.shape() + " for images " + describe(in));
    Y.resize(X.rows(), out.size());
    const std::size_t plane = out.height * out.width;
    for (std::size_t n = 0; n < X.rows(); ++n) {
        im2col(X.row_data(n), in, layer.spec, ws.cols);
        matmul_into(ws.out, layer.weight, ws.cols);  // F × Ho·Wo: the example's output, channel by channel
        double* y = Y.row_data(n);
        for (std::size_t f = 0; f < out.channels; ++f) {
            const double* o = ws.out.row_data(f);
            const double b = layer.bias(0, f);
            for (std::size_t t = 0; t < plane; ++t) y[f * plane + t] = o[t] + b;
        }
    }
}

void conv2d_backward_fast(const Matrix& X, const Matrix& dY, Shape3 in, const Conv2d& layer, ConvWorkspace& ws,
                          ConvGrads& grads, Matrix& dX, bool want_dX) {
    const Shape3 out = conv_output_shape(in, layer.spec);
    if (X.cols() != in.size() || dY.cols() != out.size() || X.rows() != dY.rows())
        throw ShapeError("conv2d_backward_fast: X is " + X.shape() + " and dY " + dY.shape() + " for images " +
                         describe(in) + " → " + describe(out));
    const std::size_t plane = out.height * out.width;
    grads.dweight.resize(layer.weight.rows(), layer.weight.cols());
    grads.dweight.fill(0.0);
    grads.dbias.resize(1, out.channels);
    grads.dbias.fill(0.0);
    if (want_dX) dX.resize(X.rows(), in.size());
    ws.dout.resize(out.channels, plane);
    for (std::size_t n = 0; n < X.rows(); ++n) {
        // dY's row n, read as the F × Ho·Wo matrix it is.
        std::copy(dY.row_data(n), dY.row_data(n) + out.size(), ws.dout.data());
        for (std::size_t f = 0; f < out.channels; ++f) {
            const double* d = ws.dout.row_data(f);
            double total = 0.0;
            for (std::size_t t = 0; t < plane; ++t) total += d[t];
            grads.dbias(0, f) += total;
        }
        im2col(X.row_data(n), in, layer.spec, ws.cols);
        matmul_into(ws.dweight, ws.dout, ws.cols, false, true);  // dY_n · cols_nᵀ, F × C·k·k
        grads.dweight += ws.dweight;
        if (want_dX) {
            matmul_into(ws.dcols, layer.weight, ws.dout, true, false);  // Wᵀ · dY_n, C·k·k × Ho·Wo
            col2im(ws.dcols, in, layer.spec, dX.row_data(n));
        }
    }
}

ResidualBlock make_residual_block(std::size_t channels, Rng& rng) {
    const ConvSpec spec{.in_channels = channels, .out_channels = channels, .kernel = 3, .stride = 1, .padding = 1};
    ResidualBlock block{make_conv(spec, rng), make_conv(spec, rng)};
    // The branch starts small, so that the block starts close to relu(X): a common choice (Goyal et al.
    // zero the last batch norm's γ; without batch norm, a scaled-down last convolution does the same).
    block.conv2.weight *= 0.1;
    return block;
}

void residual_forward(const ResidualBlock& block, Shape3 in, const Matrix& X, ResidualCache& cache) {
    if (block.conv1.spec.in_channels != in.channels || block.conv2.spec.out_channels != in.channels)
        throw ShapeError("residual_forward: a block of " + std::to_string(block.conv1.spec.in_channels) +
                         " channels on images " + describe(in));
    cache.X = X;
    cache.A = conv2d_forward(X, in, block.conv1);
    relu_forward(cache.A, cache.H);
    cache.B = conv2d_forward(cache.H, in, block.conv2);
    Matrix S = X + cache.B;
    relu_forward(S, cache.Y);
}

}  // namespace course::convolutional
