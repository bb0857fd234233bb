// Chapter 12, given code: the ring task and how the deep network trains on it: chapter 08's fit(), with
// DeepNet as its model. The model calls the student's deep_backward (12.4); the update hook calls
// clip_grad_norm (12.6) when asked; an on_batch hook plants step 9's bug (labels shuffled).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <span>

#include "chapters/12_training_challenges/lecture.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"

namespace course::training_challenges {

namespace {

// r² uniform in [0, 9] makes the points uniform in the disc of radius 3; cutting r² at 3 and 6 gives
// three rings of equal area, so the classes are balanced and an untrained model's ℒ is ln 3.
Dataset make_ring_points(std::size_t n, Rng& rng) {
    Dataset data{Matrix(n, 2), Matrix(n, 3)};
    for (std::size_t i = 0; i < n; ++i) {
        const double r2 = rng.uniform(0.0, 9.0), angle = rng.uniform(0.0, 6.283185307179586);
        data.X(i, 0) = std::sqrt(r2) * std::cos(angle);
        data.X(i, 1) = std::sqrt(r2) * std::sin(angle);
        data.Y(i, r2 < 3.0 ? 0 : r2 < 6.0 ? 1 : 2) = 1.0;
    }
    return data;
}

double full_loss(const DeepNet& net, const Dataset& data) { return cross_entropy(deep_forward(net, data.X), data.Y); }

}  // namespace

RingsData make_rings(std::size_t n_train, std::size_t n_val, std::uint64_t seed) {
    Rng rng(seed);
    RingsData data;
    data.train = make_ring_points(n_train, rng);
    data.val = make_ring_points(n_val, rng);
    return data;
}

double accuracy(const DeepNet& net, const Dataset& data) {
    const auto predicted = argmax_per_row(deep_forward(net, data.X));
    const auto truth = argmax_per_row(data.Y);
    std::size_t right = 0;
    for (std::size_t i = 0; i < predicted.size(); ++i) right += predicted[i] == truth[i];
    return static_cast<double>(right) / static_cast<double>(predicted.size());
}

void sgd_step(DeepNet& net, const Gradients& grads, double lr) {
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        net.layers[l].W.add_scaled(grads.dW[l], -lr);
        net.layers[l].b.add_scaled(grads.db[l], -lr);
    }
}

std::vector<Matrix> weights_of(const DeepNet& net) {
    std::vector<Matrix> weights;
    for (const Dense& layer : net.layers) weights.push_back(layer.W);
    return weights;
}

TrainRun train_classifier(DeepNet& net, const RingsData& data, const TrainConfig& config, std::uint64_t seed) {
    TrainRun run;
    run.history.chance = expected_initial_cross_entropy(data.classes);
    auto record = [&](std::size_t step, double train, double val) {
        run.history.train_loss.push_back(train);
        run.history.val_loss.push_back(val);
        run.checks.push_back(static_cast<double>(step));
        run.diverged = !std::isfinite(train) || !std::isfinite(val);
    };
    record(0, full_loss(net, data.train), full_loss(net, data.val));
    if (run.diverged) return run;

    Gradients grads;
    std::size_t step = 0;
    double batch_loss = 0.0;
    backpropagation::Trainable model{
        .loss_and_gradients =
            [&](const Matrix& X, const Matrix& Y) {
                ++step;
                DeepCache cache;
                const Matrix logits = deep_forward(net, X, &cache);
                Matrix dlogits;
                batch_loss = cross_entropy(logits, Y, &dlogits);
                grads = deep_backward(net, cache, dlogits);
                return batch_loss;
            },
        .evaluate = [&](const Dataset& set) { return full_loss(net, set); },
    };
    backpropagation::TrainHooks hooks;
    hooks.update = [&](double lr) {  // (12.6) clipping, when asked, then θ ← θ − η·dθ
        run.grad_norms.push_back(config.clip_norm > 0.0 ? clip_grad_norm(gradient_list(grads), config.clip_norm) : 0.0);
        sgd_step(net, grads, lr);
    };
    hooks.on_check = [&](std::size_t at, double val) {
        record(at, full_loss(net, data.train), val);
        return run.diverged ? backpropagation::AfterCheck::stop : backpropagation::AfterCheck::keep_training;
    };
    // The bug: each batch's labels are permuted among its rows, so they belong to other inputs. The
    // permutation has a generator of its own, so the batches are the ones a correct run sees.
    Rng label_rng = Rng(seed).split();
    std::vector<std::size_t> perm;
    if (config.shuffle_labels)
        hooks.on_batch = [&](Matrix&, Matrix& Y) {
            perm.resize(Y.rows());
            std::iota(perm.begin(), perm.end(), 0);
            label_rng.shuffle(std::span<std::size_t>(perm));
            Y = gather_rows(Y, perm);
        };
    const std::size_t n = data.train.X.rows();
    const backpropagation::TrainOptions options{.lr = config.lr, .batch_size = std::min(config.batch_size, n),
                                                .iterations = config.steps, .eval_every = config.eval_every, .seed = seed};
    try {
        backpropagation::fit(model, data.train, data.val, options, hooks);
    } catch (const RuntimeFailure&) {  // a non-finite batch loss between checks: record it as the last check
        record(step, batch_loss, full_loss(net, data.val));
    }
    return run;
}

}  // namespace course::training_challenges
