// Chapter 13 — regularization: the reference solutions (same functions, same order as exercises/).
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/13_regularization/regularization.hpp"
#include "common/errors.hpp"

namespace course::regularization {

namespace {

void require_finite_nonnegative(double value, const char* who, const char* what) {
    if (!(value >= 0.0) || !std::isfinite(value))
        throw std::invalid_argument(std::string(who) + ": " + what + " must be ≥ 0, got " + std::to_string(value));
}

}  // namespace

// Exercise 13.1 — the L2 penalty and its gradient (README, section 1).
double l2_penalty(const TensorList& params, double weight_decay) {
    require_finite_nonnegative(weight_decay, "l2_penalty", "weight_decay");
    double squares = 0.0;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const Tensor& t = params[i];
        if (t.value == nullptr || t.grad == nullptr)
            throw std::invalid_argument("l2_penalty: tensor " + std::to_string(i) + " has a null value or grad");
        if (!t.value->same_shape(*t.grad))
            throw std::invalid_argument("l2_penalty: tensor " + std::to_string(i) + " has value " + t.value->shape() +
                                        " but grad " + t.grad->shape());
        const double* theta = t.value->data();
        double* grad = t.grad->data();
        for (std::size_t k = 0; k < t.value->size(); ++k) {
            squares += theta[k] * theta[k];
            grad[k] += weight_decay * theta[k];
        }
    }
    return 0.5 * weight_decay * squares;
}

// Exercise 13.2 — decoupled weight decay (README, section 1).
void decoupled_weight_decay(const TensorList& params, double lr, double weight_decay) {
    require_finite_nonnegative(weight_decay, "decoupled_weight_decay", "weight_decay");
    require_finite_nonnegative(lr, "decoupled_weight_decay", "lr");
    for (std::size_t i = 0; i < params.size(); ++i) {
        if (params[i].value == nullptr)
            throw std::invalid_argument("decoupled_weight_decay: tensor " + std::to_string(i) + " has a null value");
        *params[i].value *= 1.0 - lr * weight_decay;
    }
}

// Exercise 13.3 — inverted dropout, forward (README, section 2).
void dropout_forward(const Matrix& x, double p, bool training, Rng& rng, Matrix& mask, Matrix& out) {
    if (!(p >= 0.0 && p <= 1.0))
        throw std::invalid_argument("dropout: p (the drop probability) must be in [0, 1], got " + std::to_string(p));
    mask.resize(x.rows(), x.cols());
    out.resize(x.rows(), x.cols());
    if (!training || p == 0.0) {
        mask.fill(1.0);
    } else if (p == 1.0) {
        mask.fill(0.0);
    } else {
        const double keep_scale = 1.0 / (1.0 - p);
        for (std::size_t k = 0; k < x.size(); ++k) mask.data()[k] = rng.uniform() < p ? 0.0 : keep_scale;
    }
    for (std::size_t k = 0; k < x.size(); ++k) out.data()[k] = x.data()[k] * mask.data()[k];
}

// Exercise 13.4 — dropout, backward (README, section 2).
void dropout_backward(const Matrix& dout, const Matrix& mask, Matrix& dx) {
    if (!dout.same_shape(mask))
        throw ShapeError("dropout_backward: dout " + dout.shape() + " and mask " + mask.shape() + " differ");
    dx.resize(dout.rows(), dout.cols());
    for (std::size_t k = 0; k < dout.size(); ++k) dx.data()[k] = dout.data()[k] * mask.data()[k];
}

// Exercise 13.5 — batch norm, training mode (README, section 3).
void batchnorm_forward_train(BatchNorm& bn, const Matrix& x, BatchNormCache& cache, Matrix& out) {
    const std::size_t n = x.rows(), d = x.cols();
    if (d != bn.gamma.cols())
        throw ShapeError("batchnorm_forward_train: x " + x.shape() + " has not the " + std::to_string(bn.gamma.cols()) +
                         " features of γ " + bn.gamma.shape());
    if (n < 2)
        throw std::invalid_argument("batchnorm_forward_train: expected more than 1 value per feature in training, got "
                                    "a batch of " + std::to_string(n));
    cache.x_hat.resize(n, d);
    cache.inv_std.resize(1, d);
    out.resize(n, d);
    const double m = bn.options.momentum;
    for (std::size_t j = 0; j < d; ++j) {
        double mean = 0.0;
        for (std::size_t i = 0; i < n; ++i) mean += x(i, j);
        mean /= static_cast<double>(n);
        double squares = 0.0;
        for (std::size_t i = 0; i < n; ++i) squares += (x(i, j) - mean) * (x(i, j) - mean);
        const double biased_var = squares / static_cast<double>(n);
        const double inv_std = 1.0 / std::sqrt(biased_var + bn.options.eps);
        cache.inv_std(0, j) = inv_std;
        for (std::size_t i = 0; i < n; ++i) {
            const double x_hat = (x(i, j) - mean) * inv_std;
            cache.x_hat(i, j) = x_hat;
            out(i, j) = bn.gamma(0, j) * x_hat + bn.beta(0, j);
        }
        bn.running_mean(0, j) = (1.0 - m) * bn.running_mean(0, j) + m * mean;
        bn.running_var(0, j) = (1.0 - m) * bn.running_var(0, j) + m * squares / static_cast<double>(n - 1);
    }
    ++bn.num_batches_tracked;
}

// Exercise 13.6 — batch norm, evaluation mode (README, section 3).
void batchnorm_forward_eval(const BatchNorm& bn, const Matrix& x, Matrix& out) {
    const std::size_t d = x.cols();
    if (d != bn.gamma.cols())
        throw ShapeError("batchnorm_forward_eval: x " + x.shape() + " has not the " + std::to_string(bn.gamma.cols()) +
                         " features of γ " + bn.gamma.shape());
    out.resize(x.rows(), d);
    for (std::size_t j = 0; j < d; ++j) {
        const double scale = bn.gamma(0, j) / std::sqrt(bn.running_var(0, j) + bn.options.eps);
        for (std::size_t i = 0; i < x.rows(); ++i)
            out(i, j) = scale * (x(i, j) - bn.running_mean(0, j)) + bn.beta(0, j);
    }
}

// Exercise 13.7 — batch norm, backward (README, section 3).
void batchnorm_backward(const BatchNorm& bn, const BatchNormCache& cache, const Matrix& dout, Matrix& dx,
                        Matrix& dgamma, Matrix& dbeta) {
    if (!dout.same_shape(cache.x_hat))
        throw ShapeError("batchnorm_backward: dout " + dout.shape() + " and the cached x̂ " + cache.x_hat.shape() +
                         " differ");
    const std::size_t n = dout.rows(), d = dout.cols();
    dx.resize(n, d);
    dgamma.resize(1, d);
    dbeta.resize(1, d);
    for (std::size_t j = 0; j < d; ++j) {
        double sum_dout = 0.0, sum_dout_xhat = 0.0;
        for (std::size_t i = 0; i < n; ++i) {
            sum_dout += dout(i, j);
            sum_dout_xhat += dout(i, j) * cache.x_hat(i, j);
        }
        dbeta(0, j) = sum_dout;
        dgamma(0, j) = sum_dout_xhat;
        const double factor = bn.gamma(0, j) * cache.inv_std(0, j) / static_cast<double>(n);
        for (std::size_t i = 0; i < n; ++i)
            dx(i, j) = factor * (static_cast<double>(n) * dout(i, j) - sum_dout - cache.x_hat(i, j) * sum_dout_xhat);
    }
}

// Exercise 13.8 — the horizontal flip of a face, and its label (README, section 4).
void flip_face(Matrix& images, Matrix& targets, std::size_t row) {
    constexpr std::size_t side = 32;
    if (images.cols() != side * side || targets.cols() != 2 || images.rows() != targets.rows())
        throw std::invalid_argument("flip_face: need n×1024 images and n×2 targets (yaw, pitch), got " +
                                    images.shape() + " and " + targets.shape());
    if (row >= images.rows())
        throw std::invalid_argument("flip_face: row " + std::to_string(row) + " of " + std::to_string(images.rows()));
    double* image = images.row_data(row);
    for (std::size_t r = 0; r < side; ++r)
        for (std::size_t c = 0; c < side / 2; ++c) std::swap(image[r * side + c], image[r * side + side - 1 - c]);
    targets(row, 0) = -targets(row, 0);
}

// Exercise 13.9 — early stopping and ridge as spectral filters (README, section 5).
double gd_filter(double lambda, double lr, std::int64_t steps) {
    if (!(lambda >= 0.0)) throw std::invalid_argument("gd_filter: the eigenvalue λ must be ≥ 0, got " + std::to_string(lambda));
    if (!(lr > 0.0)) throw std::invalid_argument("gd_filter: the step α must be > 0, got " + std::to_string(lr));
    if (steps < 0) throw std::invalid_argument("gd_filter: the step count k must be ≥ 0, got " + std::to_string(steps));
    const double k = static_cast<double>(steps);
    if (lambda == 0.0) return lr * k;
    // −expm1(k·log1p(−αλ)) is 1 − (1 − αλ)ᵏ without the cancellation of 1 − (almost 1) for small αλ;
    // log1p needs αλ < 1, beyond which pow is exact enough (no cancellation there).
    if (lr * lambda < 1.0) return -std::expm1(k * std::log1p(-lr * lambda)) / lambda;
    return (1.0 - std::pow(1.0 - lr * lambda, k)) / lambda;
}

double tikhonov_filter(double lambda, double strength) {
    if (!(lambda >= 0.0))
        throw std::invalid_argument("tikhonov_filter: the eigenvalue λ must be ≥ 0, got " + std::to_string(lambda));
    if (!(strength >= 0.0))
        throw std::invalid_argument("tikhonov_filter: the strength τ must be ≥ 0, got " + std::to_string(strength));
    if (lambda + strength == 0.0) throw std::invalid_argument("tikhonov_filter: λ + τ = 0 has no inverse");
    return 1.0 / (lambda + strength);
}

}  // namespace course::regularization
