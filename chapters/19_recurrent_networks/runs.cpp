// Chapter 19, given code: a sequence model trained by chapter 08's fit(Trainable&, …), and the program's
// own gradient check of backpropagation through time.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <utility>
#include <string>

#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/19_recurrent_networks/lecture.hpp"
#include "common/gradcheck.hpp"
#include "common/say.hpp"

namespace course::recurrent {

namespace bp = course::backpropagation;

// A sequence batch is a row of X (the T steps side by side) and its target a row of Y, so chapter 08's
// sampler and loop serve unchanged: the model unpacks the rows into its per-step buffers itself.
Run train(SequenceModel& model, const Matrix& train_X, const Matrix& train_Y, const Matrix& val_X,
          const Matrix& val_Y, std::size_t iterations, std::size_t batch_size, std::size_t eval_every,
          const optimizers::AnyOptions& optimizer, std::uint64_t seed, const std::string& label) {
    const bp::Dataset train_set{train_X, train_Y}, val_set{val_X, val_Y};
    Run run;
    bp::Trainable trainable{
        .loss_and_gradients = [&](const Matrix& X, const Matrix& Y) { return model.loss_and_gradients(X, Y); },
        // fit() evaluates at every check, step 0 included; the accuracy comes from the same forward passes.
        .evaluate = [&](const bp::Dataset& data) {
            const double loss = model.evaluate(data.X, data.Y);
            if (model.config().task == Task::classification) run.accuracy.push_back(model.last_accuracy());
            return loss;
        },
        .sgd_step = [&](double lr) { model.sgd_step(lr); }};
    optimizers::Optimizer opt(optimizer);
    run.grad_norms.reserve(iterations);
    Progress progress(label, iterations);
    bp::TrainHooks hooks{
        .update = optimizers::optimizer_update(opt, model.parameters()),
        .on_step = [&](std::size_t step, double loss) {
            run.grad_norms.push_back(model.last_gradient_norm());
            progress.update(step, loss);
        }};
    bp::TrainOptions options{.lr = opt.lr(), .batch_size = batch_size, .iterations = iterations,
                             .eval_every = eval_every, .seed = seed};
    const bp::FitHistory history = bp::fit(trainable, train_set, val_set, options, hooks);
    progress.finish();
    for (const std::size_t step : history.history.val_iterations) run.checks.push_back(static_cast<double>(step));
    run.val_loss = history.history.val_loss;
    return run;
}

namespace {

// The worst relative error ‖analytic − numerical‖/‖numerical‖ over (parameter, gradient) pairs, the
// numerical gradient by central differences of loss(), which runs a fresh forward pass.
template <class Loss>
double worst_gradient_error(std::initializer_list<std::pair<Matrix*, const Matrix*>> pairs, const Loss& loss) {
    double worst = 0.0;
    for (const auto& pair : pairs) {
        Matrix* value = pair.first;  // not a structured binding: clang 14 cannot capture one
        const Matrix* grad = pair.second;
        const Matrix original = *value;
        const Matrix numerical = numerical_gradient(
            [&](const Matrix& v) {
                *value = v;
                const double result = loss();
                *value = original;
                return result;
            },
            original);
        worst = std::max(worst, norm(*grad - numerical) / std::max(norm(numerical), 1e-12));
    }
    return worst;
}

}  // namespace

double bptt_gradient_check(CellKind cell, std::uint64_t seed) {
    Rng rng(seed);
    const std::size_t T = 6, B = 2, D = 2, H = 3;
    std::vector<Matrix> xs(T, Matrix(B, D)), dhs(T, Matrix(B, H));
    for (auto* list : {&xs, &dhs})
        for (Matrix& m : *list)
            for (std::size_t k = 0; k < m.size(); ++k) m.data()[k] = rng.normal();
    // ℒ = Σₜ ⟨hₜ, dhsₜ⟩, so ∂ℒ/∂hₜ = dhsₜ: exactly what the backward pass is handed.
    if (cell == CellKind::rnn) {
        RnnParams p = make_rnn(D, H, rng);
        RnnGrads g = zero_grads(p);
        RnnCache cache;
        rnn_forward(p, xs, cache);
        rnn_backward(p, xs, cache, dhs, g);
        return worst_gradient_error({{&p.Wx, &g.dWx}, {&p.Wh, &g.dWh}, {&p.b, &g.db}}, [&] {
            RnnCache c;
            rnn_forward(p, xs, c);
            double loss = 0.0;
            for (std::size_t t = 0; t < T; ++t) loss += sum(c.h[t + 1] * dhs[t]);
            return loss;
        });
    }
    LstmParams p = make_lstm(D, H, rng);
    LstmGrads g = zero_grads(p);
    LstmCache cache;
    lstm_forward(p, xs, cache);
    lstm_backward(p, xs, cache, dhs, g);
    return worst_gradient_error({{&p.Wx, &g.dWx}, {&p.Wh, &g.dWh}, {&p.b, &g.db}}, [&] {
        LstmCache c;
        lstm_forward(p, xs, c);
        double loss = 0.0;
        for (std::size_t t = 0; t < T; ++t) loss += sum(c.steps[t + 1].h * dhs[t]);
        return loss;
    });
}

}  // namespace course::recurrent
