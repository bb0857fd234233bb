// Chapter 12, given code: the lecture's steps on deep networks (lecture.hpp), printed with say() and
// drawn as figures 20-23. main.cpp runs them after the two landscapes.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/12_training_challenges/lecture.hpp"
#include "common/say.hpp"

namespace course::training_challenges {

namespace {

struct NetSpec {
    std::string label;
    Activation activation;
    InitScheme scheme;
    bool residual = false;
};

const char* diagnosis_name(Diagnosis d) {
    switch (d) {
        case Diagnosis::healthy: return "healthy";
        case Diagnosis::lr_too_high: return "lr too high";
        case Diagnosis::not_learning: return "not learning (a bug?)";
        case Diagnosis::overfitting: return "overfitting";
        case Diagnosis::lr_too_low: return "lr too low";
    }
    return "?";
}

std::vector<std::size_t> layer_sizes(std::size_t depth, std::size_t width) {
    std::vector<std::size_t> s{2};
    for (std::size_t l = 0; l + 1 < depth; ++l) s.push_back(width);
    s.push_back(3);
    return s;
}

DeepNet build(const NetSpec& spec, std::size_t depth, std::size_t width, std::uint64_t seed) {
    Rng rng(seed);
    return make_deep_net(layer_sizes(depth, width), spec.activation, spec.scheme, rng, spec.residual);
}

// The first n rows of the training set: the batch of the gradient study.
Dataset head(const Dataset& data, std::size_t n) {
    Dataset out{Matrix(n, data.X.cols()), Matrix(n, data.Y.cols())};
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < data.X.cols(); ++c) out.X(r, c) = data.X(r, c);
        for (std::size_t c = 0; c < data.Y.cols(); ++c) out.Y(r, c) = data.Y(r, c);
    }
    return out;
}

Gradients gradients_at(const DeepNet& net, const Dataset& batch) {
    DeepCache cache;
    const Matrix logits = deep_forward(net, batch.X, &cache);
    Matrix dlogits;
    cross_entropy(logits, batch.Y, &dlogits);
    return deep_backward(net, cache, dlogits);
}

NormPanel norm_panel(const std::string& title, const std::vector<NetSpec>& specs, std::size_t depth, std::size_t width,
                     const Dataset& batch, std::uint64_t seed) {
    NormPanel panel{title, {}};
    for (const NetSpec& spec : specs) {
        const std::vector<double> norms = layer_gradient_norms(gradients_at(build(spec, depth, width, seed), batch));
        say("   %s‖dW¹‖ = %-10.3g ‖dWᴰ‖ = %-10.3g ‖dW¹‖/‖dWᴰ‖ = %.3g", course::pad_right(spec.label + ", D = " + std::to_string(depth), 33, 1).c_str(),
            norms.front(), norms.back(), norms.front() / norms.back());
        panel.curves.push_back({spec.label, norms});
    }
    return panel;
}

std::size_t steps_of(const Args& args) { return args.quick() ? 40 : static_cast<std::size_t>(args.integer("steps")); }

CurveSet train_spec(const NetSpec& spec, std::size_t depth, const Args& args, const RingsData& data, TrainConfig config) {
    DeepNet net = build(spec, depth, static_cast<std::size_t>(args.integer("width")), args.seed());
    CurveSet set{spec.label, train_classifier(net, data, config, args.seed())};
    const History& h = set.run.history;
    if (set.run.diverged) {
        say("   %sℒ₀ = %-7.4g diverged: the loss was not finite at step %.4g", course::pad_right(spec.label, 25, 1).c_str(),
            h.train_loss.front(), set.run.checks.back());
        return set;
    }
    say("   %sℒ₀ = %-7.4g final train %-8.3g validation %-8.3g accuracy %.3g%%", course::pad_right(spec.label, 25, 1).c_str(),
        h.train_loss.front(), h.train_loss.back(), h.val_loss.back(),
        100.0 * accuracy(net, data.val));
    return set;
}

}  // namespace

void gradient_lesson(const Args& args, const RingsData& data) {
    const auto depth = static_cast<std::size_t>(args.integer("depth"));
    const auto width = static_cast<std::size_t>(args.integer("width"));
    const Dataset batch = head(data.train, 256);
    say("3. Vanishing and exploding gradients. Backpropagation multiplies one Jacobian per layer,");
    say("   ∂ℒ/∂hˡ = ∂ℒ/∂hᴰ · Jᴰ⁻¹ ⋯ Jˡ with Jˡ = diag(σ'(zˡ))·Wˡᵀ, so a typical gain g per layer makes the");
    say("   gradient of the first layer about g^D times the last one's. The ring task (2 → %zu × %zu → 3), at init:",
        width, depth - 1);
    std::vector<NormPanel> panels;
    panels.push_back(norm_panel("tanh: the scale of W decides", {{"N(0, 0.01²) (too small)", Activation::tanh, InitScheme::small},
                                                                 {"Xavier normal", Activation::tanh, InitScheme::xavier_normal},
                                                                 {"N(0, 1) (too large)", Activation::tanh, InitScheme::large}},
                                depth, width, batch, args.seed()));
    panels.push_back(norm_panel("sigmoid: σ' ≤ 1/4 at every layer", {{"sigmoid, Xavier normal", Activation::sigmoid, InitScheme::xavier_normal},
                                                                      {"sigmoid, N(0, 1)", Activation::sigmoid, InitScheme::large}},
                                depth, width, batch, args.seed()));
    panels.push_back(norm_panel("ReLU: He's factor 2 makes up for the zeros", {{"ReLU, Xavier normal", Activation::relu, InitScheme::xavier_normal},
                                                                                {"ReLU, He normal", Activation::relu, InitScheme::he_normal}},
                                depth, width, batch, args.seed()));
    say("4. Residual connections, hˡ⁺¹ = hˡ + σ(zˡ): each Jacobian becomes I + diag(σ')Wᵀ, and the identity");
    say("   carries the gradient down whatever the layers do. Three times deeper, tanh:");
    panels.push_back(norm_panel("tanh, depth " + std::to_string(3 * depth) + ": with and without skips",
                                {{"plain, Xavier normal", Activation::tanh, InitScheme::xavier_normal},
                                 {"residual, Xavier normal", Activation::tanh, InitScheme::xavier_normal, true},
                                 {"plain, N(0, 0.01²)", Activation::tanh, InitScheme::small},
                                 {"residual, N(0, 0.01²)", Activation::tanh, InitScheme::small, true}},
                                3 * depth, width, batch, args.seed()));
    const std::string path = args.out() + "/20_gradient_norms.png";
    draw_gradient_norms_figure(panels, path);
    say("   Wrote %s", path.c_str());
}

void initialization_lesson(const Args& args, const RingsData& data) {
    const auto width = static_cast<std::size_t>(args.integer("width"));
    const std::size_t depth = 10;
    say("5. Initialization: the spread of the activations hˡ of a %zu-layer tanh network, layer by layer:", depth);
    const std::vector<NetSpec> specs{{"zero", Activation::tanh, InitScheme::zero},
                                     {"N(0, 0.01²)", Activation::tanh, InitScheme::small},
                                     {"Xavier uniform", Activation::tanh, InitScheme::xavier_uniform},
                                     {"Xavier normal", Activation::tanh, InitScheme::xavier_normal},
                                     {"N(0, 1)", Activation::tanh, InitScheme::large}};
    const std::vector<std::size_t> shown{1, 3, 5, 7, 9};
    std::vector<HistogramRow> rows;
    for (const NetSpec& spec : specs) {
        DeepCache cache;
        deep_forward(build(spec, depth, width, args.seed()), data.train.X, &cache);
        std::string line;
        HistogramRow row{spec.label, {}};
        for (std::size_t l = 1; l < depth; ++l) {
            const Matrix& h = cache.h[l];
            const double m = mean(h);
            line += fmt(std::sqrt(mean(map(h, [&](double v) { return (v - m) * (v - m); }))), 2) + " ";
            if (std::find(shown.begin(), shown.end(), l) != shown.end()) row.layers.push_back(h.values());
        }
        say("   %sstd of h¹ … h⁹: %s", course::pad_right(spec.label, 16, 1).c_str(), line.c_str());
        if (spec.scheme != InitScheme::xavier_uniform) rows.push_back(std::move(row));
    }
    say("   Too small: the signal shrinks ×%.2g a layer to nothing; too large: tanh saturates at ±1, where tanh' ≈ 0;",
        kSmallStd * std::sqrt(static_cast<double>(width)));
    say("   zero: every unit computes the same thing, forever (the gradients of all but the last W are 0).");
    const std::string hist_path = args.out() + "/21_activation_histograms.png";
    draw_activation_figure(rows, shown, hist_path);
    say("   Wrote %s", hist_path.c_str());

    const TrainConfig config{.lr = args.real("lr"), .steps = steps_of(args), .eval_every = args.quick() ? 5u : 50u};
    say("6. Which learns? %zu SGD steps (lr %.4g, batch 32) on %zu rings, depth %zu. An untrained classifier's loss",
        config.steps, config.lr, data.train.X.rows(), depth);
    say("   should be ln K = %.4g (exercise 12.7); one far above it means overconfident wrong guesses at init:",
        expected_initial_cross_entropy(data.classes));
    std::vector<CurveSet> inits;
    for (const NetSpec& spec : specs) inits.push_back(train_spec(spec, depth, args, data, config));
    inits.push_back(train_spec({"ReLU, He normal", Activation::relu, InitScheme::he_normal}, depth, args, data, config));
    const std::size_t deep = 3 * static_cast<std::size_t>(args.integer("depth"));
    // 400 steps unless --steps says otherwise: by then the plain net has sat at chance for good and the
    // residual one has halved its loss, and the 48 layers cost five times a depth-10 run per step.
    TrainConfig deep_config = config;
    deep_config.steps = args.quick() || args.given("steps") ? config.steps : 400;
    say("7. Depth %zu, tanh, Xavier normal, %zu steps, without and with skips:", deep, deep_config.steps);
    std::vector<CurveSet> skips{
        train_spec({"plain, Xavier normal", Activation::tanh, InitScheme::xavier_normal}, deep, args, data, deep_config),
        train_spec({"residual, Xavier normal", Activation::tanh, InitScheme::xavier_normal, true}, deep, args, data,
                   deep_config)};
    const std::string path = args.out() + "/22_which_learns.png";
    draw_training_figure(inits, "Depth 10: each initialization", skips,
                         "Depth " + std::to_string(deep) + ": plain against residual", path);
    say("   Wrote %s", path.c_str());
}

void debugging_lesson(const Args& args, const RingsData& data) {
    const std::size_t depth = 10;
    const auto width = static_cast<std::size_t>(args.integer("width"));
    const NetSpec tanh_net{"tanh, Xavier normal", Activation::tanh, InitScheme::xavier_normal};
    say("8. The update/weight ratio ‖Δθ‖/‖θ‖ of one step, per layer (healthy near 1e-3, %.4g … %.4g):",
        kRatioLow, kRatioHigh);
    for (const double lr : {1e-4, 1e-2, 1.0}) {
        DeepNet net = build(tanh_net, depth, width, args.seed());
        const std::vector<Matrix> before = weights_of(net);
        sgd_step(net, gradients_at(net, head(data.train, 32)), lr);
        const std::vector<double> ratios = update_to_weight_ratios(before, weights_of(net));
        std::string line;
        int healthy = 0;
        for (const double r : ratios) line += fmt(r, 2) + " ", healthy += judge_update_ratio(r) == RatioVerdict::healthy;
        say("   lr %-6.4g %s → %d of %zu layers healthy", lr, line.c_str(), healthy, ratios.size());
    }

    const RingsData tiny = make_rings(16, data.val.X.rows(), args.seed() + 1);
    // 500 steps unless --steps says otherwise: enough for each curve to show its verdict.
    const TrainConfig base{.lr = 0.03, .steps = args.quick() || args.given("steps") ? steps_of(args) : 500,
                           .eval_every = args.quick() ? 5u : 25u};
    say("9. Debugging by the curves. First, can it overfit 16 examples (full batch)? If not, look for a bug.");
    TrainConfig overfit = base;
    overfit.batch_size = 16;
    std::vector<CurveSet> runs;
    runs.push_back(train_spec({"16 examples", Activation::tanh, InitScheme::xavier_normal}, depth, args, tiny, overfit));
    say("   Then five runs of a ReLU network (He normal) on %zu examples; clip_grad_norm(max_norm = 1) on the one",
        data.train.X.rows());
    say("   that blows up:");
    TrainConfig high = base, low = base, bug = base, clipped = base;
    high.lr = 1.0, high.eval_every = 1, low.lr = 0.001, bug.shuffle_labels = true;
    clipped.lr = high.lr, clipped.clip_norm = 1.0;
    const NetSpec relu_net{"ReLU, He normal", Activation::relu, InitScheme::he_normal};
    for (const auto& [label, config] : std::vector<std::pair<std::string, TrainConfig>>{
             {"lr " + fmt(base.lr), base},
             {"lr " + fmt(high.lr), high},
             {"lr " + fmt(low.lr), low},
             {"labels shuffled", bug},
             {"lr " + fmt(high.lr) + ", clipped", clipped}})
        runs.push_back(train_spec({label, relu_net.activation, relu_net.scheme}, depth, args, data, config));
    std::vector<std::string> verdicts;
    for (const CurveSet& run : runs) {
        verdicts.push_back(diagnosis_name(diagnose(run.run.history)));
        say("   %s→ %s", course::pad_right(run.label, 25, 1).c_str(), verdicts.back().c_str());
    }
    const double largest = *std::max_element(runs.back().run.grad_norms.begin(), runs.back().run.grad_norms.end());
    say("   Clipping met total gradient norms up to %.3g and scaled them to 1.", largest);
    const std::string path = args.out() + "/23_diagnosing_curves.png";
    draw_diagnosis_figure(runs, verdicts, path);
    say("   Wrote %s", path.c_str());
}

}  // namespace course::training_challenges
