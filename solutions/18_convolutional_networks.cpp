// Chapter 18 — convolutional networks: the reference solutions.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/18_convolutional_networks/convolutional.hpp"
#include "common/errors.hpp"

namespace course::convolutional {

namespace {
void require_rows(const Matrix& m, std::size_t cols, const char* who, const char* what) {
    if (m.cols() != cols)
        throw ShapeError(std::string(who) + ": " + what + " is " + m.shape() + ", expected " +
                         std::to_string(cols) + " columns");
}
}  // namespace

// Exercise 18.1 — the output size of a sliding window.
// The window's first position starts at −p, its last must end by n + p − 1; it moves by s, so it fits
// ⌊(n + 2p − k)/s⌋ + 1 times (unsigned arithmetic: check k ≤ n + 2p before subtracting).
std::size_t conv_output_size(std::size_t input, std::size_t kernel, std::size_t stride, std::size_t padding) {
    if (kernel == 0) throw std::invalid_argument("conv_output_size: kernel must be at least 1");
    if (stride == 0) throw std::invalid_argument("conv_output_size: stride must be at least 1");
    if (kernel > input + 2 * padding)
        throw std::invalid_argument("conv_output_size: a kernel of " + std::to_string(kernel) +
                                    " does not fit an input of " + std::to_string(input) + " padded by " +
                                    std::to_string(padding));
    return (input + 2 * padding - kernel) / stride + 1;
}

// Exercise 18.2 — conv2d forward by direct loops (cross-correlation, as torch).
Matrix conv2d_forward(const Matrix& X, Shape3 in, const Conv2d& layer) {
    const ConvSpec& s = layer.spec;
    const Shape3 out = conv_output_shape(in, s);
    require_rows(X, in.size(), "conv2d_forward", "X");
    const std::size_t k = s.kernel;
    Matrix Y(X.rows(), out.size());
    for (std::size_t n = 0; n < X.rows(); ++n) {
        const double* x = X.row_data(n);
        double* y = Y.row_data(n);
        for (std::size_t f = 0; f < out.channels; ++f)
            for (std::size_t i = 0; i < out.height; ++i)
                for (std::size_t j = 0; j < out.width; ++j) {
                    double total = layer.bias(0, f);
                    for (std::size_t c = 0; c < in.channels; ++c)
                        for (std::size_t u = 0; u < k; ++u) {
                            // Signed: the window may start in the padding (row −p).
                            const long r = static_cast<long>(s.stride * i + u) - static_cast<long>(s.padding);
                            if (r < 0 || r >= static_cast<long>(in.height)) continue;
                            for (std::size_t v = 0; v < k; ++v) {
                                const long q = static_cast<long>(s.stride * j + v) - static_cast<long>(s.padding);
                                if (q < 0 || q >= static_cast<long>(in.width)) continue;
                                total += layer.weight(f, (c * k + u) * k + v) *
                                         x[(c * in.height + static_cast<std::size_t>(r)) * in.width +
                                           static_cast<std::size_t>(q)];
                            }
                        }
                    y[(f * out.height + i) * out.width + j] = total;
                }
    }
    return Y;
}

// Exercise 18.3 — conv2d backward to the input.
// X[n, c, r, q] met W[f, c, u, v] in every output (i, j) with s·i + u − p = r and s·j + v − p = q, so
// dX[n, c, r, q] = Σ dY[n, f, i, j]·W[f, c, u, v] over those: the same loops as the forward pass, with
// the product scattered back instead of gathered.
Matrix conv2d_backward_input(const Matrix& dY, Shape3 in, const Conv2d& layer) {
    const ConvSpec& s = layer.spec;
    const Shape3 out = conv_output_shape(in, s);
    require_rows(dY, out.size(), "conv2d_backward_input", "dY");
    const std::size_t k = s.kernel;
    Matrix dX(dY.rows(), in.size(), 0.0);
    for (std::size_t n = 0; n < dY.rows(); ++n) {
        const double* dy = dY.row_data(n);
        double* dx = dX.row_data(n);
        for (std::size_t f = 0; f < out.channels; ++f)
            for (std::size_t i = 0; i < out.height; ++i)
                for (std::size_t j = 0; j < out.width; ++j) {
                    const double g = dy[(f * out.height + i) * out.width + j];
                    for (std::size_t c = 0; c < in.channels; ++c)
                        for (std::size_t u = 0; u < k; ++u) {
                            const long r = static_cast<long>(s.stride * i + u) - static_cast<long>(s.padding);
                            if (r < 0 || r >= static_cast<long>(in.height)) continue;
                            for (std::size_t v = 0; v < k; ++v) {
                                const long q = static_cast<long>(s.stride * j + v) - static_cast<long>(s.padding);
                                if (q < 0 || q >= static_cast<long>(in.width)) continue;
                                dx[(c * in.height + static_cast<std::size_t>(r)) * in.width +
                                   static_cast<std::size_t>(q)] += g * layer.weight(f, (c * k + u) * k + v);
                            }
                        }
                }
    }
    return dX;
}

// Exercise 18.4 — conv2d backward to the weights and bias.
// dW[f, c, u, v] = Σ_n Σ_i Σ_j dY[n, f, i, j]·X[n, c, s·i + u − p, s·j + v − p];  db[f] = Σ_n,i,j dY[n, f, i, j].
ConvGrads conv2d_backward_weights(const Matrix& X, const Matrix& dY, Shape3 in, const ConvSpec& spec) {
    const Shape3 out = conv_output_shape(in, spec);
    require_rows(X, in.size(), "conv2d_backward_weights", "X");
    require_rows(dY, out.size(), "conv2d_backward_weights", "dY");
    const std::size_t k = spec.kernel;
    ConvGrads g{Matrix(spec.out_channels, in.channels * k * k, 0.0), Matrix(1, spec.out_channels, 0.0)};
    for (std::size_t n = 0; n < X.rows(); ++n) {
        const double* x = X.row_data(n);
        const double* dy = dY.row_data(n);
        for (std::size_t f = 0; f < out.channels; ++f)
            for (std::size_t i = 0; i < out.height; ++i)
                for (std::size_t j = 0; j < out.width; ++j) {
                    const double d = dy[(f * out.height + i) * out.width + j];
                    g.dbias(0, f) += d;
                    for (std::size_t c = 0; c < in.channels; ++c)
                        for (std::size_t u = 0; u < k; ++u) {
                            const long r = static_cast<long>(spec.stride * i + u) - static_cast<long>(spec.padding);
                            if (r < 0 || r >= static_cast<long>(in.height)) continue;
                            for (std::size_t v = 0; v < k; ++v) {
                                const long q = static_cast<long>(spec.stride * j + v) - static_cast<long>(spec.padding);
                                if (q < 0 || q >= static_cast<long>(in.width)) continue;
                                g.dweight(f, (c * k + u) * k + v) +=
                                    d * x[(c * in.height + static_cast<std::size_t>(r)) * in.width +
                                          static_cast<std::size_t>(q)];
                            }
                        }
                }
    }
    return g;
}

// Exercise 18.5 — im2col and col2im.
// Row (c, u, v) of cols is the image channel c shifted by (u − p, v − p) and subsampled by s: for each
// output row i the input row is r = s·i + u − p, for each output column j the input column s·j + v − p.
void im2col(const double* image, Shape3 in, const ConvSpec& spec, Matrix& cols) {
    const Shape3 out = conv_output_shape(in, spec);
    const std::size_t k = spec.kernel, s = spec.stride;
    const long p = static_cast<long>(spec.padding), width = static_cast<long>(in.width);
    cols.resize(in.channels * k * k, out.height * out.width);
    for (std::size_t c = 0; c < in.channels; ++c)
        for (std::size_t u = 0; u < k; ++u)
            for (std::size_t v = 0; v < k; ++v) {
                double* row = cols.row_data((c * k + u) * k + v);
                // Output columns j whose input column q = s·j + v − p lies inside [0, W): j_begin ≤ j < j_end.
                const long shift = static_cast<long>(v) - p;
                const std::size_t j_begin =
                    shift >= 0 ? 0 : std::min(out.width, static_cast<std::size_t>((-shift + static_cast<long>(s) - 1) / static_cast<long>(s)));
                const std::size_t j_end =
                    width - shift <= 0 ? 0 : std::min(out.width, static_cast<std::size_t>((width - shift + static_cast<long>(s) - 1) / static_cast<long>(s)));
                for (std::size_t i = 0; i < out.height; ++i) {
                    double* dst = row + i * out.width;
                    const long r = static_cast<long>(s * i + u) - p;
                    if (r < 0 || r >= static_cast<long>(in.height) || j_begin >= j_end) {
                        std::fill(dst, dst + out.width, 0.0);
                        continue;
                    }
                    const double* src = image + (c * in.height + static_cast<std::size_t>(r)) * in.width;
                    std::fill(dst, dst + j_begin, 0.0);
                    if (s == 1)  // a contiguous run of the input row: one copy, which the library vectorises
                        std::copy(src + static_cast<long>(j_begin) + shift, src + static_cast<long>(j_end) + shift,
                                  dst + j_begin);
                    else
                        for (std::size_t j = j_begin; j < j_end; ++j)
                            dst[j] = src[static_cast<std::size_t>(static_cast<long>(s * j) + shift)];
                    std::fill(dst + j_end, dst + out.width, 0.0);
                }
            }
}

void col2im(const Matrix& cols, Shape3 in, const ConvSpec& spec, double* image) {
    const Shape3 out = conv_output_shape(in, spec);
    const std::size_t k = spec.kernel;
    if (cols.rows() != in.channels * k * k || cols.cols() != out.height * out.width)
        throw ShapeError("col2im: cols is " + cols.shape() + ", expected (" + std::to_string(in.channels * k * k) +
                         "×" + std::to_string(out.height * out.width) + ")");
    for (std::size_t t = 0; t < in.size(); ++t) image[t] = 0.0;
    for (std::size_t c = 0; c < in.channels; ++c)
        for (std::size_t u = 0; u < k; ++u)
            for (std::size_t v = 0; v < k; ++v) {
                const double* row = cols.row_data((c * k + u) * k + v);
                for (std::size_t i = 0; i < out.height; ++i) {
                    const long r = static_cast<long>(spec.stride * i + u) - static_cast<long>(spec.padding);
                    if (r < 0 || r >= static_cast<long>(in.height)) continue;
                    for (std::size_t j = 0; j < out.width; ++j) {
                        const long q = static_cast<long>(spec.stride * j + v) - static_cast<long>(spec.padding);
                        if (q < 0 || q >= static_cast<long>(in.width)) continue;
                        image[(c * in.height + static_cast<std::size_t>(r)) * in.width + static_cast<std::size_t>(q)] +=
                            row[i * out.width + j];
                    }
                }
            }
}

// Exercise 18.6 — max pooling, forward and backward.
// The maximum is a switch: its derivative is 1 for the entry that won and 0 for the others, so the
// backward pass routes each dY to the argmax the forward pass remembered. Strict `>` keeps the first
// of tied maxima; no comparison with a NaN is true, so a NaN is taken explicitly (PyTorch's rule).
void max_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y,
                      std::vector<std::size_t>& argmax) {
    const Shape3 out = pool_output_shape(in, spec);
    require_rows(X, in.size(), "max_pool_forward", "X");
    Y.resize(X.rows(), out.size());
    argmax.resize(X.rows() * out.size());
    for (std::size_t n = 0; n < X.rows(); ++n) {
        const double* x = X.row_data(n);
        double* y = Y.row_data(n);
        for (std::size_t c = 0; c < in.channels; ++c)
            for (std::size_t i = 0; i < out.height; ++i)
                for (std::size_t j = 0; j < out.width; ++j) {
                    std::size_t best = (c * in.height + spec.stride * i) * in.width + spec.stride * j;
                    for (std::size_t u = 0; u < spec.kernel; ++u)
                        for (std::size_t v = 0; v < spec.kernel; ++v) {
                            const std::size_t at = (c * in.height + spec.stride * i + u) * in.width + spec.stride * j + v;
                            if (x[at] > x[best] || std::isnan(x[at])) best = at;
                        }
                    const std::size_t o = (c * out.height + i) * out.width + j;
                    y[o] = x[best];
                    argmax[n * out.size() + o] = best;
                }
    }
}

void max_pool_backward(const Matrix& dY, const std::vector<std::size_t>& argmax, Shape3 in, const PoolSpec& spec,
                       Matrix& dX) {
    const Shape3 out = pool_output_shape(in, spec);
    require_rows(dY, out.size(), "max_pool_backward", "dY");
    if (argmax.size() != dY.size())
        throw ShapeError("max_pool_backward: argmax has " + std::to_string(argmax.size()) + " entries, dY " +
                         std::to_string(dY.size()));
    dX.resize(dY.rows(), in.size());
    dX.fill(0.0);
    for (std::size_t n = 0; n < dY.rows(); ++n) {
        const double* dy = dY.row_data(n);
        double* dx = dX.row_data(n);
        for (std::size_t o = 0; o < out.size(); ++o) dx[argmax[n * out.size() + o]] += dy[o];
    }
}

// Exercise 18.7 — average pooling, forward and backward.
// Y = (1/k²)·Σ window, so ∂Y/∂x = 1/k² for every x of the window.
void avg_pool_forward(const Matrix& X, Shape3 in, const PoolSpec& spec, Matrix& Y) {
    const Shape3 out = pool_output_shape(in, spec);
    require_rows(X, in.size(), "avg_pool_forward", "X");
    const double scale = 1.0 / static_cast<double>(spec.kernel * spec.kernel);
    Y.resize(X.rows(), out.size());
    for (std::size_t n = 0; n < X.rows(); ++n) {
        const double* x = X.row_data(n);
        double* y = Y.row_data(n);
        for (std::size_t c = 0; c < in.channels; ++c)
            for (std::size_t i = 0; i < out.height; ++i)
                for (std::size_t j = 0; j < out.width; ++j) {
                    double total = 0.0;
                    for (std::size_t u = 0; u < spec.kernel; ++u)
                        for (std::size_t v = 0; v < spec.kernel; ++v)
                            total += x[(c * in.height + spec.stride * i + u) * in.width + spec.stride * j + v];
                    y[(c * out.height + i) * out.width + j] = total * scale;
                }
    }
}

void avg_pool_backward(const Matrix& dY, Shape3 in, const PoolSpec& spec, Matrix& dX) {
    const Shape3 out = pool_output_shape(in, spec);
    require_rows(dY, out.size(), "avg_pool_backward", "dY");
    const double scale = 1.0 / static_cast<double>(spec.kernel * spec.kernel);
    dX.resize(dY.rows(), in.size());
    dX.fill(0.0);
    for (std::size_t n = 0; n < dY.rows(); ++n) {
        const double* dy = dY.row_data(n);
        double* dx = dX.row_data(n);
        for (std::size_t c = 0; c < in.channels; ++c)
            for (std::size_t i = 0; i < out.height; ++i)
                for (std::size_t j = 0; j < out.width; ++j) {
                    const double g = dy[(c * out.height + i) * out.width + j] * scale;
                    for (std::size_t u = 0; u < spec.kernel; ++u)
                        for (std::size_t v = 0; v < spec.kernel; ++v)
                            dx[(c * in.height + spec.stride * i + u) * in.width + spec.stride * j + v] += g;
                }
    }
}

// Exercise 18.8 — BatchNorm2d forward in training mode.
void batchnorm2d_forward_train(const Matrix& X, Shape3 in, BatchNorm2d& bn, Matrix& Y, BatchNormCache& cache) {
    require_rows(X, in.size(), "batchnorm2d_forward_train", "X");
    if (in.channels != bn.channels)
        throw ShapeError("batchnorm2d_forward_train: the input has " + std::to_string(in.channels) +
                         " channels, the layer " + std::to_string(bn.channels));
    const std::size_t plane = in.height * in.width;
    const std::size_t m = X.rows() * plane;
    if (m < 2)
        throw std::invalid_argument("batchnorm2d_forward_train: needs at least 2 values per channel, got " +
                                    std::to_string(m));
    Y.resize(X.rows(), in.size());
    cache.x_hat.resize(X.rows(), in.size());
    cache.mean.resize(1, in.channels);
    cache.inv_std.resize(1, in.channels);
    for (std::size_t c = 0; c < in.channels; ++c) {
        double total = 0.0;
        for (std::size_t n = 0; n < X.rows(); ++n)
            for (std::size_t t = 0; t < plane; ++t) total += X(n, c * plane + t);
        const double mu = total / static_cast<double>(m);
        double squares = 0.0;
        for (std::size_t n = 0; n < X.rows(); ++n)
            for (std::size_t t = 0; t < plane; ++t) {
                const double d = X(n, c * plane + t) - mu;
                squares += d * d;
            }
        const double var = squares / static_cast<double>(m);  // biased: normalises the batch
        const double inv_std = 1.0 / std::sqrt(var + bn.eps);
        for (std::size_t n = 0; n < X.rows(); ++n)
            for (std::size_t t = 0; t < plane; ++t) {
                const double xh = (X(n, c * plane + t) - mu) * inv_std;
                cache.x_hat(n, c * plane + t) = xh;
                Y(n, c * plane + t) = bn.gamma(0, c) * xh + bn.beta(0, c);
            }
        cache.mean(0, c) = mu;
        cache.inv_std(0, c) = inv_std;
        const double unbiased = squares / static_cast<double>(m - 1);  // the running estimate of σ²
        bn.running_mean(0, c) = (1.0 - bn.momentum) * bn.running_mean(0, c) + bn.momentum * mu;
        bn.running_var(0, c) = (1.0 - bn.momentum) * bn.running_var(0, c) + bn.momentum * unbiased;
    }
}

// Exercise 18.9 — BatchNorm2d backward.
//   dβ = Σ dY,  dγ = Σ dY·x̂,  dx̂ = γ·dY,
//   dX = (1/√(σ² + eps))·(dx̂ − mean(dx̂) − x̂·mean(dx̂·x̂))     (means over the channel's M values)
void batchnorm2d_backward(const Matrix& dY, Shape3 in, const BatchNorm2d& bn, const BatchNormCache& cache,
                          Matrix& dX, Matrix& dgamma, Matrix& dbeta) {
    require_rows(dY, in.size(), "batchnorm2d_backward", "dY");
    if (!dY.same_shape(cache.x_hat))
        throw ShapeError("batchnorm2d_backward: dY is " + dY.shape() + ", the cache's x̂ " + cache.x_hat.shape());
    const std::size_t plane = in.height * in.width;
    const double m = static_cast<double>(dY.rows() * plane);
    dX.resize(dY.rows(), in.size());
    dgamma.resize(1, in.channels);
    dbeta.resize(1, in.channels);
    for (std::size_t c = 0; c < in.channels; ++c) {
        double sum_dy = 0.0, sum_dy_xhat = 0.0;
        for (std::size_t n = 0; n < dY.rows(); ++n)
            for (std::size_t t = 0; t < plane; ++t) {
                sum_dy += dY(n, c * plane + t);
                sum_dy_xhat += dY(n, c * plane + t) * cache.x_hat(n, c * plane + t);
            }
        dbeta(0, c) = sum_dy;
        dgamma(0, c) = sum_dy_xhat;
        const double g = bn.gamma(0, c), inv_std = cache.inv_std(0, c);
        const double mean_dxhat = g * sum_dy / m, mean_dxhat_xhat = g * sum_dy_xhat / m;
        for (std::size_t n = 0; n < dY.rows(); ++n)
            for (std::size_t t = 0; t < plane; ++t) {
                const std::size_t at = c * plane + t;
                dX(n, at) = inv_std * (g * dY(n, at) - mean_dxhat - cache.x_hat(n, at) * mean_dxhat_xhat);
            }
    }
}

// Exercise 18.10 — a residual block's backward pass.
//   Y = relu(X + B):  dS = dY ⊙ [Y > 0]  (S = X + B, and Y > 0 exactly where S > 0)
//   B = conv2(H):     dconv2 from (H, dS),  dH = conv2ᵀ(dS)
//   H = relu(A):      dA = dH ⊙ [A > 0]
//   A = conv1(X):     dconv1 from (X, dA),  dX_branch = conv1ᵀ(dA)
//   dX = dS + dX_branch: the skip carries dS back untouched, the branch adds its share.
ResidualGrads residual_backward(const ResidualBlock& block, Shape3 in, const ResidualCache& cache, const Matrix& dY) {
    if (!dY.same_shape(cache.Y))
        throw ShapeError("residual_backward: dY is " + dY.shape() + ", Y " + cache.Y.shape());
    ResidualGrads g;
    Matrix dS;
    relu_backward(cache.Y, dY, dS);
    g.conv2 = conv2d_backward_weights(cache.H, dS, in, block.conv2.spec);
    const Matrix dH = conv2d_backward_input(dS, in, block.conv2);
    Matrix dA;
    relu_backward(cache.A, dH, dA);
    g.conv1 = conv2d_backward_weights(cache.X, dA, in, block.conv1.spec);
    g.dX = conv2d_backward_input(dA, in, block.conv1);
    g.dX += dS;
    return g;
}

}  // namespace course::convolutional
