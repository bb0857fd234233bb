// Chapter 19, given code: steps 4-6 of the program (see lecture.hpp).
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/19_recurrent_networks/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::recurrent {

namespace {

// The geometric mean over the batch of each lag's norm: the norms span decades, so the arithmetic mean
// would be the largest sequence's alone.
std::vector<double> geometric_mean(const std::vector<std::vector<double>>& rows) {
    std::vector<double> out(rows[0].size(), 0.0);
    for (const auto& r : rows)
        for (std::size_t k = 0; k < r.size(); ++k) out[k] += std::log(std::max(r[k], 1e-300)) / static_cast<double>(rows.size());
    for (double& v : out) v = std::exp(v);
    return out;
}

// Every row's features as the T per-step matrices the cells take.
std::vector<Matrix> steps_of(const Matrix& X, std::size_t T) {
    std::vector<Matrix> xs(T, Matrix(X.rows(), 2));
    for (std::size_t t = 0; t < T; ++t)
        for (std::size_t r = 0; r < X.rows(); ++r) {
            xs[t](r, 0) = X(r, 2 * t);
            xs[t](r, 1) = X(r, 2 * t + 1);
        }
    return xs;
}

Curve rnn_curve(const std::string& label, const RnnParams& params, const std::vector<Matrix>& xs) {
    RnnCache cache;
    rnn_forward(params, xs, cache);
    std::vector<std::vector<double>> rows;
    for (std::size_t r = 0; r < xs[0].rows(); ++r) rows.push_back(rnn_jacobian_norms(params, cache, r));
    return {label, plot::index_axis(rows[0].size(), 0.0), geometric_mean(rows)};
}

Curve lstm_curve(const std::string& label, const LstmParams& params, const std::vector<Matrix>& xs) {
    LstmCache cache;
    lstm_forward(params, xs, cache);
    std::vector<std::vector<double>> rows;
    for (std::size_t r = 0; r < xs[0].rows(); ++r) rows.push_back(lstm_cell_path_norms(cache, r));
    return {label, plot::index_axis(rows[0].size(), 0.0), geometric_mean(rows)};
}

const char* at_lags(const Curve& c, std::size_t a, std::size_t b, std::string& buffer) {
    buffer = fmt(c.y[a], 3) + " at k = " + std::to_string(a) + ", " + fmt(c.y[b], 3) + " at k = " + std::to_string(b);
    return buffer.c_str();
}

}  // namespace

void gradients_lesson(const Args& args, std::size_t hidden, std::size_t T, const SequenceModel& rnn,
                      const SequenceModel& lstm, const AddingData& val) {
    (void)val;
    const std::size_t L = 2 * T;
    Rng rng(args.seed() + 7);
    const std::vector<Matrix> xs = steps_of(make_adding_problem(32, L, rng).X, L);
    say("4. Why the RNN fails: the gradient that reaches step T − k from step T is ∂h_T/∂h_{T−k} = J_T ⋯ J_{T−k+1},");
    say("   with Jₜ = diag(1 − hₜ²)·Whᵀ, a product of k matrices (exercise 19.8). On 32 adding sequences of %zu steps:", L);
    std::vector<Curve> rnn_curves, lstm_curves;
    for (const double gain : {0.5, 1.0, 2.0}) {
        RnnParams p = make_rnn(2, hidden, rng);
        for (std::size_t k = 0; k < p.Wh.size(); ++k)
            p.Wh.data()[k] = rng.normal(0.0, gain / std::sqrt(static_cast<double>(hidden)));
        rnn_curves.push_back(rnn_curve("untrained, γ = " + fmt(gain), p, xs));
    }
    rnn_curves.push_back(rnn_curve("trained on the adding problem", rnn.rnn(), xs));
    for (const double bias : {0.0, kForgetBias}) {
        LstmParams p = make_lstm(2, hidden, rng);
        for (std::size_t j = hidden; j < 2 * hidden; ++j) p.b(0, j) = bias;
        lstm_curves.push_back(lstm_curve("untrained, forget bias " + fmt(bias), p, xs));
    }
    lstm_curves.push_back(lstm_curve("trained on the adding problem", lstm.lstm(), xs));
    std::string buffer;
    for (const Curve& c : rnn_curves) say("   RNN  %-30s %s", c.label.c_str(), at_lags(c, 10, T, buffer));
    const bool explodes = rnn_curves[2].y[T] > rnn_curves[2].y[0];
    say("   At γ = 0.5 every factor shrinks the gradient: it vanishes geometrically with k. At γ = 2 %s",
        explodes ? "it grows with k:" : "the tanh saturates");
    say("   %s The trained RNN sits on the vanishing side, so the first marker,",
        explodes ? "it explodes, which clip_grad_norm caps." : "(1 − h² ≈ 0), which shrinks it too.");
    say("   ≥ T/2 steps before the end, sends it almost nothing. Along the LSTM's cell path the factor is the forget gate:");
    for (const Curve& c : lstm_curves) say("   LSTM %-30s %s", c.label.c_str(), at_lags(c, 10, T, buffer));
    const std::string path = args.out() + "/61_gradient_through_time.png";
    draw_gradient_norms(rnn_curves, lstm_curves, path);
    say("   Wrote %s", path.c_str());
}

void gates_lesson(const Args& args, SequenceModel& lstm, const AddingData& val) {
    const std::size_t T = lstm.config().steps, H = lstm.config().hidden;
    Matrix X(1, 2 * T);
    for (std::size_t c = 0; c < 2 * T; ++c) X(0, c) = val.X(0, c);
    const double prediction = lstm.forward(X)(0, 0);
    const LstmCache& cache = lstm.lstm_cache();
    double i_marked = 0.0, i_other = 0.0, f_all = 0.0;
    std::size_t marked = 0;
    for (std::size_t t = 1; t <= T; ++t) {
        double i_mean = 0.0, f_mean = 0.0;
        for (std::size_t j = 0; j < H; ++j) {
            i_mean += cache.steps[t].i(0, j) / static_cast<double>(H);
            f_mean += cache.steps[t].f(0, j) / static_cast<double>(H);
        }
        const bool is_marked = X(0, 2 * (t - 1) + 1) == 1.0;
        (is_marked ? i_marked : i_other) += i_mean;
        marked += is_marked;
        f_all += f_mean / static_cast<double>(T);
    }
    say("5. Inside the trained LSTM, validation sequence 0 (target %.4g, predicted %.4g): the mean input gate is %.3g at",
        val.Y(0, 0), prediction, i_marked / static_cast<double>(marked));
    say("   the two marked steps and %.3g elsewhere; the forget gate averages %.3g, so what was written stays.",
        i_other / static_cast<double>(T - marked), f_all);
    const std::string path = args.out() + "/62_lstm_gates.png";
    draw_gates(cache, X, 0, path);
    say("   Wrote %s", path.c_str());
}

void sentiment_lesson(const Args& args, std::size_t hidden, std::size_t steps, std::size_t eval_every) {
    const std::size_t T = 16, n_train = args.quick() ? 1000 : 4000, n_val = args.quick() ? 200 : 1000;
    Rng data_rng(args.seed() + 3);
    const TokenData train_set = make_sentiment(n_train, T, data_rng), val_set = make_sentiment(n_val, T, data_rng);
    say("6. Synthetic sentiment: %zu-token reviews over %zu words, e.g. \"%s\" → %s.", T, kVocabulary,
        review_text(val_set.X, 0).c_str(), val_set.Y(0, 0) > 0.5 ? "positive" : "negative");
    say("   \"not\" flips the next word, so counting words gets %.3g%% of the validation labels wrong.",
        100.0 * negation_flip_share(val_set));
    say("   An embedding (%zu words → 8 dimensions, exercise 19.7), a recurrent layer of %zu units, a logit on h_T;",
        kVocabulary, hidden);
    say("   RMSprop (chapter 10, lr = 0.01, α = 0.99), batch 32, %zu steps:", steps);
    std::vector<Curve> loss, accuracy;
    Rng model_rng(args.seed() + 5);
    for (const CellKind cell : {CellKind::rnn, CellKind::lstm}) {
        const std::string name = cell == CellKind::rnn ? "vanilla RNN" : "LSTM";
        SequenceModel model({.cell = cell, .steps = T, .vocab = kVocabulary, .embedding = 8, .hidden = hidden,
                             .task = Task::classification, .clip = 1.0},
                            model_rng);
        const Run run = train(model, train_set.X, train_set.Y, val_set.X, val_set.Y, steps, 32, eval_every,
                              optimizers::RmspropOptions{.lr = 0.01}, args.seed(), name);
        say("   %-12s validation loss %.3g, accuracy %.3g%%", name.c_str(), run.val_loss.back(),
            100.0 * run.accuracy.back());
        loss.push_back({name, run.checks, run.val_loss});
        accuracy.push_back({name, run.checks, run.accuracy});
    }
    const std::string path = args.out() + "/63_sentiment.png";
    draw_sentiment(loss, accuracy, 1.0 - negation_flip_share(val_set), path);
    say("   Wrote %s", path.c_str());
}

}  // namespace course::recurrent
