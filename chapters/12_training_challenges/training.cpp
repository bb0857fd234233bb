// Chapter 12, given code: the ring task and the loop that trains the deep network on it. The loop is
// chapter 08's mini-batch SGD, written for DeepNet: it calls the student's deep_backward (12.4) and,
// when asked, clip_grad_norm (12.6).
#include <cmath>
#include <numeric>
#include <span>

#include "chapters/12_training_challenges/lecture.hpp"
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
    Rng rng(seed);
    const std::size_t n = data.train.X.rows();
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::size_t cursor = n;  // start with a fresh shuffle
    TrainRun run;
    run.history.chance = expected_initial_cross_entropy(data.classes);
    auto check = [&](std::size_t step) {
        const double train = full_loss(net, data.train), val = full_loss(net, data.val);
        run.history.train_loss.push_back(train);
        run.history.val_loss.push_back(val);
        run.checks.push_back(static_cast<double>(step));
        run.diverged = !std::isfinite(train) || !std::isfinite(val);
    };
    check(0);
    const std::size_t batch = std::min(config.batch_size, n);
    for (std::size_t step = 1; step <= config.steps && !run.diverged; ++step) {
        if (cursor + batch > n) {
            rng.shuffle(std::span<std::size_t>(order));
            cursor = 0;
        }
        const std::span<const std::size_t> rows(order.data() + cursor, batch);
        cursor += batch;
        const Matrix X = gather_rows(data.train.X, rows);
        Matrix Y = gather_rows(data.train.Y, rows);
        if (config.shuffle_labels) {  // the bug: labels and inputs shuffled separately
            std::vector<std::size_t> perm(batch);
            std::iota(perm.begin(), perm.end(), 0);
            rng.shuffle(std::span<std::size_t>(perm));
            Y = gather_rows(Y, perm);
        }
        DeepCache cache;
        const Matrix logits = deep_forward(net, X, &cache);
        Matrix dlogits;
        cross_entropy(logits, Y, &dlogits);
        Gradients grads = deep_backward(net, cache, dlogits);
        run.grad_norms.push_back(config.clip_norm > 0.0 ? clip_grad_norm(gradient_list(grads), config.clip_norm) : 0.0);
        sgd_step(net, grads, config.lr);
        if (step % config.eval_every == 0 || step == config.steps) check(step);
    }
    return run;
}

}  // namespace course::training_challenges
