// Chapter 18, given code: the small CNN and the MLP baseline (cnn.hpp).
#include "chapters/18_convolutional_networks/cnn.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>

#include "chapters/13_regularization/regularization.hpp"
#include "common/errors.hpp"

namespace course::convolutional {

double accuracy(const Matrix& Z, const Matrix& Y) {
    std::size_t right = 0;
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const double* z = Z.row_data(r);
        const double* y = Y.row_data(r);
        right += std::max_element(z, z + Z.cols()) - z == std::max_element(y, y + Y.cols()) - y;
    }
    return Z.rows() == 0 ? 0.0 : static_cast<double>(right) / static_cast<double>(Z.rows());
}

namespace {

// Y = X·W + b without allocating once Y has its shape.
void dense_forward(const Matrix& X, const Matrix& W, const Matrix& b, Matrix& Y) {
    matmul_into(Y, X, W);
    for (std::size_t r = 0; r < Y.rows(); ++r)
        for (std::size_t c = 0; c < Y.cols(); ++c) Y(r, c) += b(0, c);
}

// dW = Xᵀ·dY, db = Σ rows of dY.
void dense_param_grads(const Matrix& X, const Matrix& dY, Matrix& dW, Matrix& db) {
    matmul_into(dW, X, dY, true, false);
    db.resize(1, dY.cols());
    db.fill(0.0);
    for (std::size_t r = 0; r < dY.rows(); ++r)
        for (std::size_t c = 0; c < dY.cols(); ++c) db(0, c) += dY(r, c);
}

Matrix he_normal(std::size_t rows, std::size_t cols, std::size_t fan_in, Rng& rng) {
    Matrix w(rows, cols);
    const double std_dev = std::sqrt(2.0 / static_cast<double>(fan_in));
    for (std::size_t t = 0; t < w.size(); ++t) w.data()[t] = std_dev * rng.normal();
    return w;
}

void add_into(const Matrix& a, const Matrix& b, Matrix& out) {
    out.resize(a.rows(), a.cols());
    for (std::size_t t = 0; t < a.size(); ++t) out.data()[t] = a.data()[t] + b.data()[t];
}

}  // namespace

Cnn::Cnn(const CnnConfig& config, std::uint64_t seed) : config_(config), rng_(seed) {
    const std::size_t c1 = config.channels1, c2 = config.channels2;
    const ConvSpec spec1{.in_channels = config.input.channels, .out_channels = c1, .kernel = 3, .stride = 1, .padding = 1};
    const ConvSpec spec2{.in_channels = c1, .out_channels = c2, .kernel = 3, .stride = 1, .padding = 1};
    s1_ = conv_output_shape(config.input, spec1);
    p1_ = pool_output_shape(s1_, pool_);
    s2_ = conv_output_shape(p1_, spec2);
    p2_ = pool_output_shape(s2_, pool_);
    conv1_ = make_conv(spec1, rng_);
    if (config.residual) {
        ResidualBlock block = make_residual_block(c1, rng_);
        res_a_ = std::move(block.conv1);
        res_b_ = std::move(block.conv2);
    }
    conv2_ = make_conv(spec2, rng_);
    bn1_ = make_batchnorm2d(c1);
    bn2_ = make_batchnorm2d(c2);
    // Xavier-like scale for the linear classifier (no ReLU after it).
    dense_w_ = he_normal(p2_.size(), config.classes, 2 * p2_.size(), rng_);
    dense_b_ = Matrix(1, config.classes, 0.0);

    auto grads_like = [](const Conv2d& c) {
        return ConvGrads{Matrix(c.weight.rows(), c.weight.cols(), 0.0), Matrix(1, c.bias.cols(), 0.0)};
    };
    g_conv1_ = grads_like(conv1_);
    g_conv2_ = grads_like(conv2_);
    g_gamma1_ = Matrix(1, c1, 0.0), g_beta1_ = Matrix(1, c1, 0.0);
    g_gamma2_ = Matrix(1, c2, 0.0), g_beta2_ = Matrix(1, c2, 0.0);
    g_dense_w_ = Matrix(dense_w_.rows(), dense_w_.cols(), 0.0);
    g_dense_b_ = Matrix(1, config.classes, 0.0);
    params_ = {{&conv1_.weight, &g_conv1_.dweight}, {&conv1_.bias, &g_conv1_.dbias},
               {&bn1_.gamma, &g_gamma1_},           {&bn1_.beta, &g_beta1_}};
    if (config.residual) {
        g_res_a_ = grads_like(res_a_);
        g_res_b_ = grads_like(res_b_);
        params_.push_back({&res_a_.weight, &g_res_a_.dweight});
        params_.push_back({&res_a_.bias, &g_res_a_.dbias});
        params_.push_back({&res_b_.weight, &g_res_b_.dweight});
        params_.push_back({&res_b_.bias, &g_res_b_.dbias});
    }
    params_.push_back({&conv2_.weight, &g_conv2_.dweight});
    params_.push_back({&conv2_.bias, &g_conv2_.dbias});
    params_.push_back({&bn2_.gamma, &g_gamma2_});
    params_.push_back({&bn2_.beta, &g_beta2_});
    params_.push_back({&dense_w_, &g_dense_w_});
    params_.push_back({&dense_b_, &g_dense_b_});
}

std::size_t Cnn::parameter_count() const {
    std::size_t total = 0;
    for (const auto& p : params_) total += p.value->size();
    return total;
}

const Matrix& Cnn::forward(const Matrix& X, bool training, Activations& a) {
    conv2d_forward_fast(X, config_.input, conv1_, a.ws1, a.c1);
    if (training)
        batchnorm2d_forward_train(a.c1, s1_, bn1_, a.b1, bn1_cache_);
    else
        batchnorm2d_forward_eval(a.c1, s1_, bn1_, a.b1);
    relu_forward(a.b1, a.r1);
    max_pool_forward(a.r1, s1_, pool_, a.q1, a.arg1);
    const Matrix* into_conv2 = &a.q1;
    if (config_.residual) {
        conv2d_forward_fast(a.q1, p1_, res_a_, a.ws_a, a.ra);
        relu_forward(a.ra, a.rh);
        conv2d_forward_fast(a.rh, p1_, res_b_, a.ws_b, a.rb);
        add_into(a.q1, a.rb, a.rs);
        relu_forward(a.rs, a.rout);
        into_conv2 = &a.rout;
    }
    conv2d_forward_fast(*into_conv2, p1_, conv2_, a.ws2, a.c2);
    if (training)
        batchnorm2d_forward_train(a.c2, s2_, bn2_, a.b2, bn2_cache_);
    else
        batchnorm2d_forward_eval(a.c2, s2_, bn2_, a.b2);
    relu_forward(a.b2, a.r2);
    max_pool_forward(a.r2, s2_, pool_, a.q2, a.arg2);
    const Matrix* features = &a.q2;
    if (training && config_.dropout > 0.0) {
        regularization::dropout_forward(a.q2, config_.dropout, true, rng_, mask_, drop_);  // chapter 13's 13.3
        features = &drop_;
    }
    dense_forward(*features, dense_w_, dense_b_, a.logits);
    return a.logits;
}

double Cnn::loss_and_gradients(const Matrix& X, const Matrix& Y) {
    Activations& a = train_;
    const double loss = cross_entropy(forward(X, true, a), Y, &dlogits_);

    // Backward, layer by layer from the top; d_name = ∂ℒ/∂(name).
    const Matrix& features = config_.dropout > 0.0 ? drop_ : a.q2;
    dense_param_grads(features, dlogits_, g_dense_w_, g_dense_b_);
    if (config_.dropout > 0.0) {
        matmul_into(d_drop_, dlogits_, dense_w_, false, true);
        regularization::dropout_backward(d_drop_, mask_, d_q2_);  // chapter 13's 13.4
    } else {
        matmul_into(d_q2_, dlogits_, dense_w_, false, true);
    }
    max_pool_backward(d_q2_, a.arg2, s2_, pool_, d_r2_);
    relu_backward(a.b2, d_r2_, d_b2_);
    batchnorm2d_backward(d_b2_, s2_, bn2_, bn2_cache_, d_c2_, g_gamma2_, g_beta2_);
    if (config_.residual) {
        conv2d_backward_fast(a.rout, d_c2_, p1_, conv2_, a.ws2, g_conv2_, d_rout_);
        relu_backward(a.rout, d_rout_, d_rout_);  // now ∂ℒ/∂(skip + branch)
        conv2d_backward_fast(a.rh, d_rout_, p1_, res_b_, a.ws_b, g_res_b_, d_rh_);
        relu_backward(a.ra, d_rh_, d_ra_);
        conv2d_backward_fast(a.q1, d_ra_, p1_, res_a_, a.ws_a, g_res_a_, d_tmp_);
        add_into(d_tmp_, d_rout_, d_q1_);  // the branch's share plus the skip's
    } else {
        conv2d_backward_fast(a.q1, d_c2_, p1_, conv2_, a.ws2, g_conv2_, d_q1_);
    }
    max_pool_backward(d_q1_, a.arg1, s1_, pool_, d_r1_);
    relu_backward(a.b1, d_r1_, d_b1_);
    batchnorm2d_backward(d_b1_, s1_, bn1_, bn1_cache_, d_c1_, g_gamma1_, g_beta1_);
    conv2d_backward_fast(X, d_c1_, config_.input, conv1_, a.ws1, g_conv1_, d_tmp_, false);
    return loss;
}

const Matrix& Cnn::forward_eval(const Matrix& X) { return forward(X, false, eval_); }

Evaluation Cnn::evaluate(const Dataset& data) {
    Evaluation result;
    for (std::size_t begin = 0; begin < data.size(); begin += kEvalChunk) {
        const std::size_t count = std::min(kEvalChunk, data.size() - begin);
        copy_rows(data.X, begin, count, chunk_x_);
        copy_rows(data.Y, begin, count, chunk_y_);
        const Matrix& z = forward_eval(chunk_x_);
        result.loss += cross_entropy(z, chunk_y_, &eval_dlogits_) * static_cast<double>(count);
        result.accuracy += accuracy(z, chunk_y_) * static_cast<double>(count);
    }
    const double n = static_cast<double>(std::max<std::size_t>(data.size(), 1));
    return {result.loss / n, result.accuracy / n};
}

void Cnn::sgd_step(double lr) {
    for (const auto& p : params_) p.value->add_scaled(*p.grad, -lr);
}

Matrix Cnn::first_feature_maps(const Matrix& image) {
    Activations a;
    forward(image, false, a);
    return Matrix(s1_.channels, s1_.height * s1_.width, std::vector<double>(a.r1.data(), a.r1.data() + s1_.size()));
}

Mlp::Mlp(std::size_t inputs, std::size_t hidden, std::size_t classes, std::uint64_t seed) {
    Rng rng(seed);
    w1_ = he_normal(inputs, hidden, inputs, rng);
    b1_ = Matrix(1, hidden, 0.0);
    w2_ = he_normal(hidden, classes, 2 * hidden, rng);
    b2_ = Matrix(1, classes, 0.0);
    dw1_ = Matrix(inputs, hidden, 0.0), db1_ = Matrix(1, hidden, 0.0);
    dw2_ = Matrix(hidden, classes, 0.0), db2_ = Matrix(1, classes, 0.0);
    params_ = {{&w1_, &dw1_}, {&b1_, &db1_}, {&w2_, &dw2_}, {&b2_, &db2_}};
}

double Mlp::loss_and_gradients(const Matrix& X, const Matrix& Y) {
    dense_forward(X, w1_, b1_, z1_);
    relu_forward(z1_, h1_);
    dense_forward(h1_, w2_, b2_, logits_);
    const double loss = cross_entropy(logits_, Y, &dlogits_);
    dense_param_grads(h1_, dlogits_, dw2_, db2_);
    matmul_into(dh1_, dlogits_, w2_, false, true);
    relu_backward(z1_, dh1_, dh1_);
    dense_param_grads(X, dh1_, dw1_, db1_);
    return loss;
}

Evaluation Mlp::evaluate(const Dataset& data) {
    dense_forward(data.X, w1_, b1_, z1_);
    relu_forward(z1_, h1_);
    dense_forward(h1_, w2_, b2_, logits_);
    return {cross_entropy(logits_, data.Y, &dlogits_), accuracy(logits_, data.Y)};
}

void Mlp::sgd_step(double lr) {
    for (const auto& p : params_) p.value->add_scaled(*p.grad, -lr);
}

}  // namespace course::convolutional
