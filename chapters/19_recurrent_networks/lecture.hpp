// Chapter 19, given code: a sequence model (RNN or LSTM, an optional embedding, a linear head on the last
// hidden state) that chapter 08's fit() trains through its Trainable interface, the synthetic sentiment
// data, and the figures. main.cpp narrates; these do the work.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "chapters/10_optimizers/optimizers.hpp"
#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::recurrent {

enum class CellKind { rnn, lstm };
// regression: ℒ = mean (ŷ − y)²; classification: ŷ is a logit, ℒ = mean binary cross-entropy of σ(ŷ).
enum class Task { regression, classification };

struct ModelConfig {
    CellKind cell = CellKind::lstm;
    std::size_t steps = 10;      // T
    std::size_t features = 2;    // D: inputs per step when vocab = 0 (X is B × T·D, step-major)
    std::size_t vocab = 0;       // > 0: X is B × T token ids, embedded into `embedding` dimensions
    std::size_t embedding = 8;
    std::size_t hidden = 32;     // H
    Task task = Task::regression;
    double clip = 0.0;           // chapter 12's clip_grad_norm (torch's clip_grad_norm_) max_norm; 0: off
};

// One recurrent layer, then ŷ = h_T·V + c. Every buffer is a member, so a training step allocates
// nothing once the buffers have grown to the batch (a smaller batch only shrinks them).
class SequenceModel {
public:
    SequenceModel(const ModelConfig& config, Rng& rng);
    // Training mode on one batch: the loss; the gradients of every parameter (clipped when config.clip > 0).
    double loss_and_gradients(const Matrix& X, const Matrix& Y);
    // The mean loss over a whole data set, in chunks of 256 rows; accuracy of σ(ŷ) > ½ for classification.
    double evaluate(const Matrix& X, const Matrix& Y);
    double accuracy(const Matrix& X, const Matrix& Y);
    void sgd_step(double lr);                             // θ ← θ − η·dθ for every parameter
    const optimizers::ParameterList& parameters() const { return params_; }
    double last_gradient_norm() const { return grad_norm_; }  // ‖∇ℒ‖ of the last batch, before clipping
    // The forward pass alone, on a batch; the caches then hold its states (for the figures).
    const Matrix& forward(const Matrix& X);
    const RnnParams& rnn() const { return rnn_; }
    const LstmParams& lstm() const { return lstm_; }
    const RnnCache& rnn_cache() const { return rnn_cache_; }
    const LstmCache& lstm_cache() const { return lstm_cache_; }
    const ModelConfig& config() const { return config_; }

private:
    void unpack(const Matrix& X);
    double head_loss(const Matrix& Y, bool with_gradient);

    ModelConfig config_;
    RnnParams rnn_;
    LstmParams lstm_;
    RnnGrads drnn_;
    LstmGrads dlstm_;
    Matrix E_, dE_, V_, c_, dV_, dc_;
    RnnCache rnn_cache_;
    LstmCache lstm_cache_;
    std::vector<Matrix> xs_, dxs_, dhs_;
    std::vector<std::vector<std::size_t>> tokens_;
    Matrix yhat_, dyhat_, chunk_X_, chunk_Y_;
    optimizers::ParameterList params_;
    std::vector<Matrix*> grads_;
    double grad_norm_ = 0.0;
};

// ---- synthetic sentiment (sentiment.cpp) ------------------------------------------------------------------
// Reviews of T tokens from a vocabulary of kVocabulary words: token 0 is padding-like filler ("the"),
// 1..kNeutral neutral words, then kPolar positive and kPolar negative words, and one negation ("not")
// that flips the polarity of the next word. The label is 1 when the flipped polarities sum to > 0 (ties
// are redrawn). A bag of words cannot see the negation; a model that reads in order can.
inline constexpr std::size_t kNeutral = 12, kPolar = 6;
inline constexpr std::size_t kFirstPositive = 1 + kNeutral, kFirstNegative = kFirstPositive + kPolar;
inline constexpr std::size_t kNot = kFirstNegative + kPolar, kVocabulary = kNot + 1;
struct TokenData {
    Matrix X, Y;  // n×T token ids (as doubles), n×1 labels 0/1
};
TokenData make_sentiment(std::size_t n, std::size_t T, Rng& rng);
// The share of sequences whose label differs from the one the plain word count (negation ignored) gives.
double negation_flip_share(const TokenData& data);
std::string review_text(const Matrix& X, std::size_t row);  // "good not bad the …" for the README

// ---- figures (figures.cpp) -----------------------------------------------------------------------------------
struct Curve {
    std::string label;
    std::vector<double> x, y;
};
void draw_adding_curves(const std::vector<Curve>& curves, double baseline, std::size_t T, const std::string& path);
void draw_gradient_norms(const std::vector<Curve>& rnn, const std::vector<Curve>& lstm, const std::string& path);
// The LSTM's gates (mean over units) and |cₜ| along one adding-problem sequence whose markers are at
// steps `marks`, and a heat map of the input gate, unit by step.
void draw_gates(const LstmCache& cache, std::size_t row, const std::vector<std::size_t>& marks,
                const std::string& path);
void draw_sentiment(const std::vector<Curve>& loss, const std::vector<Curve>& accuracy, const std::string& path);
void draw_clipping(const std::vector<Curve>& norms, double max_norm, const std::string& path);

}  // namespace course::recurrent
