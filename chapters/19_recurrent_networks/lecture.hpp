// Chapter 19, given code: a sequence model (RNN or LSTM, an optional embedding, a linear head on the last
// hidden state) that chapter 08's fit() trains through its Trainable interface, the synthetic sentiment
// data, and the figures. main.cpp narrates; these do the work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/cli.hpp"
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
    // The mean loss over a whole data set, in chunks of 256 rows (and, for classification, the accuracy of
    // σ(ŷ) > ½ from the same forward passes: last_accuracy()).
    double evaluate(const Matrix& X, const Matrix& Y);
    // The accuracy over the set of the last evaluate() (classification).
    double last_accuracy() const { return last_accuracy_; }
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
    double last_accuracy_ = 0.0;
};

// ---- training through chapter 08's fit() (runs.cpp) ------------------------------------------------------
struct Run {
    std::vector<double> checks;      // the steps of the validation checks (0: before training)
    std::vector<double> val_loss;    // the validation loss there
    std::vector<double> accuracy;    // classification: the validation accuracy there
    std::vector<double> grad_norms;  // ‖∇ℒ‖ of every step, before clipping
};
// Trains `model` with `optimizer` (chapter 10) for options.iterations mini-batches, wrapping it as a
// backpropagation::Trainable; `label` names the progress line.
Run train(SequenceModel& model, const Matrix& train_X, const Matrix& train_Y, const Matrix& val_X,
          const Matrix& val_Y, std::size_t iterations, std::size_t batch_size, std::size_t eval_every,
          const optimizers::AnyOptions& optimizer, std::uint64_t seed, const std::string& label);
// The program's own gradient check: the largest ‖analytic − numerical‖/‖numerical‖ over Wx, Wh and b of
// BPTT against central differences, for a small random model (B = 2, T = 6, D = 2, H = 3) with a loss on
// every step.
double bptt_gradient_check(CellKind cell, std::uint64_t seed);

// ---- the lessons after the adding problem (lessons.cpp): steps 4-6 of the program -------------------------
// 4: ‖∂h_T/∂h_{T−k}‖ for RNNs at three weight scales and the trained one, and the LSTM's cell path (fig. 61).
void gradients_lesson(const Args& args, std::size_t hidden, std::size_t T, const SequenceModel& rnn,
                      const SequenceModel& lstm, const AddingData& val);
// 5: the trained LSTM's gates on one validation sequence (figure 62).
void gates_lesson(const Args& args, SequenceModel& lstm, const AddingData& val);
// 6: synthetic sentiment, an embedding and an LSTM (and an RNN) trained with RMSprop (figure 63).
void sentiment_lesson(const Args& args, std::size_t hidden, std::size_t steps, std::size_t eval_every);

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
// Left: validation MSE against the step, with the constant baseline; right: ‖∇ℒ‖ of every step before
// clipping (grad_norms), with the clipping threshold.
void draw_adding_curves(const std::vector<Curve>& val_mse, const std::vector<Curve>& grad_norms, double baseline,
                        double max_norm, std::size_t T, const std::string& path);
void draw_gradient_norms(const std::vector<Curve>& rnn, const std::vector<Curve>& lstm, const std::string& path);
// The trained LSTM on sequence `row` of the adding batch X (the cache holds its forward pass): the input,
// the gates' means over the units, the input gate unit by unit, and every unit's cell state.
void draw_gates(const LstmCache& cache, const Matrix& X, std::size_t row, const std::string& path);
// count_accuracy: the accuracy of counting polar words while ignoring the negation (1 − negation_flip_share).
void draw_sentiment(const std::vector<Curve>& loss, const std::vector<Curve>& accuracy, double count_accuracy,
                    const std::string& path);

}  // namespace course::recurrent
