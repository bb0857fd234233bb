// Chapter 19, given code: the sequence model that fit() trains (see lecture.hpp).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/12_training_challenges/training_challenges.hpp"
#include "chapters/19_recurrent_networks/lecture.hpp"
#include "common/errors.hpp"

namespace course::recurrent {

namespace {
constexpr std::size_t kChunk = 256;  // rows per forward pass in evaluate()
}

SequenceModel::SequenceModel(const ModelConfig& config, Rng& rng) : config_(config) {
    if (config.steps == 0 || config.hidden == 0) throw std::invalid_argument("SequenceModel: T and H must be ≥ 1");
    const std::size_t D = config.vocab > 0 ? config.embedding : config.features;
    if (config.vocab > 0) {
        // nn.Embedding's default: N(0, 1) entries.
        E_ = Matrix(config.vocab, D);
        for (std::size_t k = 0; k < E_.size(); ++k) E_.data()[k] = rng.normal();
        dE_ = Matrix(config.vocab, D);
    }
    if (config.cell == CellKind::rnn) {
        rnn_ = make_rnn(D, config.hidden, rng);
        drnn_ = zero_grads(rnn_);
        params_ = {{&rnn_.Wx, &drnn_.dWx}, {&rnn_.Wh, &drnn_.dWh}, {&rnn_.b, &drnn_.db}};
    } else {
        lstm_ = make_lstm(D, config.hidden, rng);
        dlstm_ = zero_grads(lstm_);
        params_ = {{&lstm_.Wx, &dlstm_.dWx}, {&lstm_.Wh, &dlstm_.dWh}, {&lstm_.b, &dlstm_.db}};
    }
    // The head: nn.Linear(H, 1)'s default, U(−1/√H, 1/√H).
    const double k = 1.0 / std::sqrt(static_cast<double>(config.hidden));
    V_ = Matrix(config.hidden, 1);
    for (std::size_t j = 0; j < V_.size(); ++j) V_.data()[j] = rng.uniform(-k, k);
    c_ = Matrix(1, 1, rng.uniform(-k, k));
    dV_ = Matrix(config.hidden, 1);
    dc_ = Matrix(1, 1);
    params_.push_back({&V_, &dV_});
    params_.push_back({&c_, &dc_});
    if (config.vocab > 0) params_.push_back({&E_, &dE_});
    for (const auto& p : params_) grads_.push_back(const_cast<Matrix*>(p.grad));
    xs_.resize(config.steps);
    dhs_.resize(config.steps);
    tokens_.resize(config.steps);
}

// X's row r is one sequence, step-major: features (x₁ | x₂ | … | x_T), or T token ids.
void SequenceModel::unpack(const Matrix& X) {
    const std::size_t T = config_.steps, B = X.rows();
    const std::size_t width = config_.vocab > 0 ? T : T * config_.features;
    if (X.cols() != width)
        throw ShapeError("SequenceModel: X is " + X.shape() + ", want B × " + std::to_string(width) +
                         (config_.vocab > 0 ? " (T token ids)" : " (T·D features)"));
    for (std::size_t t = 0; t < T; ++t) {
        if (config_.vocab > 0) {
            tokens_[t].resize(B);
            for (std::size_t r = 0; r < B; ++r) tokens_[t][r] = static_cast<std::size_t>(X(r, t));
            embedding_forward(E_, tokens_[t], xs_[t]);
        } else {
            const std::size_t D = config_.features;
            xs_[t].resize(B, D);
            for (std::size_t r = 0; r < B; ++r)
                for (std::size_t d = 0; d < D; ++d) xs_[t](r, d) = X(r, t * D + d);
        }
    }
}

const Matrix& SequenceModel::forward(const Matrix& X) {
    unpack(X);
    const Matrix* h = nullptr;
    if (config_.cell == CellKind::rnn) {
        rnn_forward(rnn_, xs_, rnn_cache_);
        h = &rnn_cache_.h.back();
    } else {
        lstm_forward(lstm_, xs_, lstm_cache_);
        h = &lstm_cache_.steps.back().h;
    }
    yhat_.resize(h->rows(), 1);
    yhat_.fill(c_(0, 0));
    matmul_add(yhat_, *h, V_);
    return yhat_;
}

// The summed loss of the batch; with_gradient: dyhat_ = ∂(mean loss)/∂ŷ.
double SequenceModel::head_loss(const Matrix& Y, bool with_gradient) {
    if (Y.rows() != yhat_.rows() || Y.cols() != 1)
        throw ShapeError("SequenceModel: Y is " + Y.shape() + " for " + std::to_string(yhat_.rows()) + " sequences");
    const double n = static_cast<double>(Y.rows());
    double total = 0.0;
    if (with_gradient) dyhat_.resize(Y.rows(), 1);
    for (std::size_t r = 0; r < Y.rows(); ++r) {
        const double y = yhat_(r, 0), target = Y(r, 0);
        if (config_.task == Task::regression) {
            total += (y - target) * (y - target);
            if (with_gradient) dyhat_(r, 0) = 2.0 * (y - target) / n;
        } else {
            // −[t·ln σ(y) + (1 − t)·ln(1 − σ(y))] = softplus(y) − t·y, written to stay finite for any y.
            total += std::max(y, 0.0) + std::log1p(std::exp(-std::abs(y))) - target * y;
            if (with_gradient) dyhat_(r, 0) = (sigmoid(y) - target) / n;
        }
    }
    return total;
}

double SequenceModel::loss_and_gradients(const Matrix& X, const Matrix& Y) {
    const Matrix& yhat = forward(X);
    const double loss = head_loss(Y, true) / static_cast<double>(Y.rows());
    // The head: dV = h_Tᵀ·dŷ, dc = Σ dŷ, and ∂ℒ/∂h_T = dŷ·Vᵀ enters BPTT at the last step only.
    const Matrix& hT = config_.cell == CellKind::rnn ? rnn_cache_.h.back() : lstm_cache_.steps.back().h;
    dV_.fill(0.0);
    matmul_add(dV_, hT, dyhat_, true, false);
    dc_(0, 0) = sum(dyhat_);
    for (Matrix& dh : dhs_) {
        dh.resize(hT.rows(), hT.cols());
        dh.fill(0.0);
    }
    matmul_add(dhs_.back(), dyhat_, V_, false, true);
    (void)yhat;
    std::vector<Matrix>* dxs = config_.vocab > 0 ? &dxs_ : nullptr;
    if (config_.cell == CellKind::rnn)
        rnn_backward(rnn_, xs_, rnn_cache_, dhs_, drnn_, dxs);
    else
        lstm_backward(lstm_, xs_, lstm_cache_, dhs_, dlstm_, dxs);
    if (config_.vocab > 0) {
        dE_.fill(0.0);
        for (std::size_t t = 0; t < config_.steps; ++t) embedding_backward(tokens_[t], dxs_[t], dE_);
    }
    double sum_squares = 0.0;
    for (const Matrix* g : grads_)
        for (const double v : g->values()) sum_squares += v * v;
    grad_norm_ = std::sqrt(sum_squares);
    if (config_.clip > 0.0) training_challenges::clip_grad_norm(grads_, config_.clip);
    return loss;
}

double SequenceModel::evaluate(const Matrix& X, const Matrix& Y) {
    if (X.rows() != Y.rows()) throw ShapeError("SequenceModel::evaluate: X is " + X.shape() + ", Y " + Y.shape());
    double total = 0.0;
    std::size_t correct = 0;
    for (std::size_t start = 0; start < X.rows(); start += kChunk) {
        const std::size_t rows = std::min(kChunk, X.rows() - start);
        copy_rows(X, start, rows, chunk_X_);
        copy_rows(Y, start, rows, chunk_Y_);
        const Matrix& yhat = forward(chunk_X_);
        total += head_loss(chunk_Y_, false);
        // The accuracy comes with the loss, from the same forward pass: a validation check needs both.
        for (std::size_t r = 0; r < rows; ++r) correct += (yhat(r, 0) > 0.0) == (chunk_Y_(r, 0) > 0.5);
    }
    last_accuracy_ = static_cast<double>(correct) / static_cast<double>(X.rows());
    return total / static_cast<double>(X.rows());
}

void SequenceModel::sgd_step(double lr) {
    for (const auto& p : params_) p.value->add_scaled(*p.grad, -lr);
}

}  // namespace course::recurrent
