// Chapter 13, given code: the face network with dropout and batch norm (see lecture.hpp), as a model
// that chapter 08's fit(Trainable&, …) trains. Forward and backward are chapter 08's, layer by layer,
// with the chapter's layers put in between: batch norm (13.5-13.7) before each hidden tanh, dropout
// (13.3-13.4) on the pixels and after each hidden tanh.
#include <cmath>

#include "chapters/13_regularization/lecture.hpp"

namespace course::regularization {

FaceNet::FaceNet(const neural_network::Network& initial, const FaceNetOptions& options)
    : network_(initial), options_(options), rng_(options.seed) {
    const std::size_t L = network_.layers.size();
    const std::size_t hidden = L - 1;
    if (options_.batch_norm)
        for (std::size_t l = 0; l < hidden; ++l)
            norms_.push_back(make_batch_norm(network_.layers[l].W.cols(), options_.batch_norm_options));
    norm_caches_.resize(norms_.size());
    masks_.resize(L);
    for (std::size_t l = 0; l < L; ++l) {
        dW_.emplace_back(network_.layers[l].W.rows(), network_.layers[l].W.cols());
        db_.emplace_back(1, network_.layers[l].b.cols());
    }
    for (const BatchNorm& bn : norms_) {
        dgamma_.emplace_back(1, bn.gamma.cols());
        dbeta_.emplace_back(1, bn.beta.cols());
    }
    d_input_.resize(L);
    d_t_.resize(hidden);
    d_u_.resize(hidden);
    d_z_.resize(hidden);
    for (Buffers* b : {&train_, &eval_}) {
        b->input.resize(L);
        b->z.resize(L);
        b->u.resize(hidden);
        b->t.resize(hidden);
    }
    layer_input_.resize(L, nullptr);
    for (std::size_t l = 0; l < L; ++l) {
        tensors_.push_back({&network_.layers[l].W, &dW_[l]});
        tensors_.push_back({&network_.layers[l].b, &db_[l]});
    }
    for (std::size_t l = 0; l < norms_.size(); ++l) {
        tensors_.push_back({&norms_[l].gamma, &dgamma_[l]});
        tensors_.push_back({&norms_[l].beta, &dbeta_[l]});
    }
    for (const Tensor& t : tensors_) parameters_.push_back({t.value, t.grad});
}

// Layer l reads layer_input_[l]: the pixels (dropped or not), then each hidden layer's tanh (dropped or not).
const Matrix& FaceNet::forward(const Matrix& X, bool training, Buffers& buffers) {
    const std::size_t L = network_.layers.size();
    const Matrix* a = &X;
    if (training && options_.input_dropout > 0.0) {
        dropout_forward(X, options_.input_dropout, true, rng_, masks_[0], buffers.input[0]);
        a = &buffers.input[0];
    }
    for (std::size_t l = 0; l < L; ++l) {
        layer_input_[l] = a;
        const neural_network::Dense& layer = network_.layers[l];
        Matrix& z = buffers.z[l];
        matmul_into(z, *a, layer.W);
        for (std::size_t i = 0; i < z.rows(); ++i)
            for (std::size_t j = 0; j < z.cols(); ++j) z(i, j) += layer.b(0, j);
        if (l + 1 == L) break;
        const Matrix* u = &z;
        if (options_.batch_norm) {
            if (training)
                batchnorm_forward_train(norms_[l], z, norm_caches_[l], buffers.u[l]);
            else
                batchnorm_forward_eval(norms_[l], z, buffers.u[l]);
            u = &buffers.u[l];
        }
        tanh_into(buffers.t[l], *u);
        a = &buffers.t[l];
        if (training && options_.hidden_dropout > 0.0) {
            dropout_forward(buffers.t[l], options_.hidden_dropout, true, rng_, masks_[l + 1], buffers.input[l + 1]);
            a = &buffers.input[l + 1];
        }
    }
    return buffers.z[L - 1];
}

double FaceNet::loss_and_gradients(const Matrix& X, const Matrix& Y) {
    const std::size_t L = network_.layers.size();
    const Matrix& output = forward(X, true, train_);
    const double loss = bp::mse_loss(output, Y, train_.dY);
    const Matrix* delta = &train_.dY;  // ∂ℒ/∂z of layer l
    for (std::size_t l = L; l-- > 0;) {
        bp::dense_backward(network_.layers[l], *layer_input_[l], *delta, dW_[l], db_[l], l > 0 ? &d_input_[l] : nullptr);
        if (l == 0) break;
        const std::size_t h = l - 1;  // the hidden layer whose output layer l read
        const Matrix* dt = &d_input_[l];
        if (options_.hidden_dropout > 0.0) {
            dropout_backward(d_input_[l], masks_[l], d_t_[h]);
            dt = &d_t_[h];
        }
        Matrix& du = d_u_[h];  // tanh' written with tanh's output: 1 − t²
        du.resize(dt->rows(), dt->cols());
        const Matrix& t = train_.t[h];
        for (std::size_t k = 0; k < du.size(); ++k) du.data()[k] = dt->data()[k] * (1.0 - t.data()[k] * t.data()[k]);
        delta = &du;
        if (options_.batch_norm) {
            batchnorm_backward(norms_[h], norm_caches_[h], du, d_z_[h], dgamma_[h], dbeta_[h]);
            delta = &d_z_[h];
        }
    }
    return loss;
}

double FaceNet::evaluate(const bp::Dataset& data) {
    const Matrix& output = forward(data.X, false, eval_);
    return bp::mse_loss(output, data.Y, eval_.dY);
}

const Matrix& FaceNet::predict(const Matrix& X) { return forward(X, false, eval_); }

void FaceNet::sgd_step(double lr) {
    for (const Tensor& t : tensors_) t.value->add_scaled(*t.grad, -lr);
}

bp::Trainable FaceNet::trainable() {
    return bp::Trainable{[this](const Matrix& X, const Matrix& Y) { return loss_and_gradients(X, Y); },
                         [this](const bp::Dataset& data) { return evaluate(data); },
                         [this](double lr) { sgd_step(lr); }};
}

double FaceNet::weight_norm() const {
    double squares = 0.0;
    for (const neural_network::Dense& layer : network_.layers) squares += std::pow(norm(layer.W), 2);
    return std::sqrt(squares);
}

}  // namespace course::regularization
