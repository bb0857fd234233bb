// Chapter 13, given code: the lecture's later steps (see lecture.hpp) — batch norm, augmentation, early
// stopping and the summary — and the Lab that every step trains through.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/13_regularization/lecture.hpp"
#include "common/gradcheck.hpp"
#include "common/say.hpp"

namespace course::regularization {

const RunResult& Lab::run(const RunSpec& spec, bool in_summary) {
    if (runs.size() == runs.capacity()) throw std::logic_error("Lab::run: reserve more runs up front");
    runs.push_back(run_face(spec, split, budget, args.seed()));
    if (in_summary) summary.push_back(runs.size() - 1);
    const RunResult& r = runs.back();
    // printf pads bytes, not characters: pad the label by its characters (η, λ, × take two bytes).
    const std::string label = course::pad_right(r.label, 38);
    say("   %s train ℒ %-9.3g val ℒ %-9.3g test error %.3g°", label.c_str(), r.train_loss.back(),
        r.val_loss.back(), r.final_test_mae());
    return r;
}

RunSpec Lab::adam(std::string label) const { return {.label = std::move(label), .lr = lr}; }

namespace {

// The largest relative error of batch norm's backward (13.7) against central differences of its forward
// (13.5) on a random batch, for x, γ and β: ℒ = Σ R ⊙ BN(x).
std::vector<double> batch_norm_gradient_check(std::uint64_t seed) {
    Rng rng(seed);
    Matrix x(8, 4), R(8, 4);
    for (std::size_t k = 0; k < x.size(); ++k) x.data()[k] = rng.normal(1.0, 2.0), R.data()[k] = rng.normal();
    BatchNorm bn = make_batch_norm(4);
    for (std::size_t j = 0; j < 4; ++j) bn.gamma(0, j) = rng.normal(1.0, 0.5), bn.beta(0, j) = rng.normal();
    auto loss = [&](const Matrix& input, const Matrix& gamma, const Matrix& beta) {
        BatchNorm copy = bn;
        copy.gamma = gamma;
        copy.beta = beta;
        BatchNormCache cache;
        Matrix out;
        batchnorm_forward_train(copy, input, cache, out);
        double total = 0.0;
        for (std::size_t k = 0; k < out.size(); ++k) total += out.data()[k] * R.data()[k];
        return total;
    };
    BatchNorm trained = bn;
    BatchNormCache cache;
    Matrix out, dx, dgamma, dbeta;
    batchnorm_forward_train(trained, x, cache, out);
    batchnorm_backward(bn, cache, R, dx, dgamma, dbeta);
    return {max_relative_error(dx, numerical_gradient([&](const Matrix& v) { return loss(v, bn.gamma, bn.beta); }, x)),
            max_relative_error(dgamma, numerical_gradient([&](const Matrix& g) { return loss(x, g, bn.beta); }, bn.gamma)),
            max_relative_error(dbeta, numerical_gradient([&](const Matrix& b) { return loss(x, bn.gamma, b); }, bn.beta))};
}

// A face as the network sees it plus the training mean (the centred, standardised image), mapped from
// [low, high] to [0, 1] for display: one range for a face and its variants, so that they compare.
FaceTile tile(const Matrix& X, const Matrix& mean, std::size_t row, double low, double high, std::string caption) {
    std::vector<double> pixels(1024);
    for (std::size_t k = 0; k < 1024; ++k)
        pixels[k] = std::clamp((X(row, k) + mean(0, k) - low) / (high - low), 0.0, 1.0);
    return {std::move(pixels), std::move(caption)};
}

}  // namespace

void batch_norm_lesson(Lab& lab) {
    say("4. Batch normalization (13.5-13.7): each hidden z normalised by its batch's mean and (biased) variance,");
    say("   then γ·x̂ + β; evaluation uses running statistics (momentum 0.1, unbiased variance).");
    const std::vector<double> errors = batch_norm_gradient_check(lab.args.seed());
    say("   Backward vs central differences on an 8×4 batch, largest relative error: dx %.2g, dγ %.2g, dβ %.2g.",
        errors[0], errors[1], errors[2]);
    RunSpec bn = lab.adam("batch norm");
    bn.net.batch_norm = true;
    const RunResult& with_bn = lab.run(bn);
    RunSpec fast = lab.adam("no regularization, η × 10");
    fast.lr = 10 * lab.lr;
    RunSpec fast_bn = lab.adam("batch norm, η × 10");
    fast_bn.lr = 10 * lab.lr;
    fast_bn.net.batch_norm = true;
    const RunResult& fast_run = lab.run(fast, false);
    const RunResult& fast_bn_run = lab.run(fast_bn, false);
    say("   At ten times the rate (η = %.4g) the plain network's test error is %.3g°, with batch norm %.3g°.",
        fast.lr, fast_run.final_test_mae(), fast_bn_run.final_test_mae());
    const std::string path = lab.args.out() + "/26_batch_norm.png";
    draw_curves_figure("Batch normalization before each hidden tanh, at Adam's default rate and at ten times it",
                       {{"η = " + fmt(lab.lr), {&lab.runs.front(), &with_bn}},
                        {"η = " + fmt(fast.lr), {&fast_run, &fast_bn_run}}},
                       path);
    say("   Wrote %s", path.c_str());
}

void augmentation_lesson(Lab& lab) {
    say("5. Augmentation: each training face of a batch mirrored with probability ½ (13.8: the yaw changes sign),");
    say("   shifted by up to a pixel and given pixel noise — new faces for free, if the labels follow.");
    std::vector<FaceTile> tiles;
    const Matrix& mean = lab.split.training_mean;
    const double scale = lab.split.angle_scale[0];
    Rng rng(lab.args.seed());
    for (const std::size_t row : {std::size_t{0}, std::size_t{1}}) {
        Matrix image(1, 1024), label(1, 2);  // the face itself, as chapter 08's preprocessing left it
        for (std::size_t k = 0; k < 1024; ++k) image(0, k) = lab.split.train.X(row, k) + mean(0, k);
        label(0, 0) = lab.split.train.Y(row, 0);
        const auto [lo, hi] = std::minmax_element(image.data(), image.data() + 1024);
        const Matrix zero(1, 1024, 0.0);
        tiles.push_back(tile(image, zero, 0, *lo, *hi, "yaw " + fmt(label(0, 0) * scale, 2) + "°"));
        Matrix mirrored = image, mirrored_label = label;
        flip_face(mirrored, mirrored_label, 0);
        tiles.push_back(tile(mirrored, zero, 0, *lo, *hi, "mirrored: yaw " + fmt(mirrored_label(0, 0) * scale, 2) + "°"));
        Matrix moved = image;
        shift_image(moved, 0, 32, 1, -1, moved(0, 0));
        add_pixel_noise(moved, 0, FaceAugmentation{}.noise_std, rng);
        tiles.push_back(tile(moved, zero, 0, *lo, *hi, "shifted (1, −1) px, noise σ = " + fmt(FaceAugmentation{}.noise_std)));
    }
    RunSpec all = lab.adam("augmented: flip, shift, noise");
    all.augment = true;
    RunSpec flips = lab.adam("augmented: flip only");
    flips.augment = true;
    flips.augmentation = {.flip = true, .max_shift = 0, .noise_std = 0.0};
    RunSpec bug = lab.adam("flip that keeps the yaw (a bug)");
    bug.augment = true;
    bug.augmentation = {.flip = true, .max_shift = 0, .noise_std = 0.0, .forget_yaw = true};
    const RunResult& a = lab.run(all);
    const RunResult& f = lab.run(flips);
    const RunResult& b = lab.run(bug, false);
    say("   Flipping doubles the faces: test error %.3g° → %.3g°. Forget to negate the yaw and half the faces teach the",
        lab.runs.front().final_test_mae(), f.final_test_mae());
    say("   wrong answer: %.3g°.", b.final_test_mae());
    const std::string path = lab.args.out() + "/27_augmentation.png";
    draw_augmentation_figure(tiles, {"Adam, with and without augmentation", {&lab.runs.front(), &a, &f, &b}}, path);
    say("   Wrote %s", path.c_str());
}

void early_stopping_lesson(Lab& lab) {
    say("6. Early stopping (13.9). On ½‖Xw − y‖², k steps of gradient descent from 0 scale eigen-direction λ by");
    say("   (1 − (1 − αλ)ᵏ)/λ, ridge by 1/(λ + τ): for λ ≪ 1/(αk) both are ≈ αk = 1/τ, for λ ≫ 1/(αk) both ≈ 1/λ.");
    const double alpha = 1.0;
    say("   λ·f(λ), the share of an eigen-direction fitted (GD vs ridge with τ = 1/(αk), α = 1):");
    for (const std::int64_t k : {10, 100, 1000}) {
        const double tau = 1.0 / (alpha * static_cast<double>(k));
        auto both = [&](double lambda) {
            return fmt(lambda * gd_filter(lambda, alpha, k), 3) + " vs " + fmt(lambda * tikhonov_filter(lambda, tau), 3);
        };
        say("   k = %-5lld τ = %-6.4g λ = τ/10: %-18s λ = τ: %-17s λ = 10τ: %s", static_cast<long long>(k),
            tau, both(tau / 10).c_str(), both(tau).c_str(), both(10 * tau).c_str());
    }
    const RunResult& base = lab.runs.front();
    std::size_t near_best = 0;  // the first check within 5% of the least validation loss
    while (base.val_loss[near_best] > 1.05 * base.val_loss[base.best]) ++near_best;
    say("   On the faces the validation loss of the unregularized run flattens rather than turns up: least at");
    say("   epoch %.4g (%.3g; test error %.3g° against %.3g° at the end), and within 5%% of that from epoch %.4g on (%.3g°).",
        base.epochs[base.best], base.val_loss[base.best],
        base.test_mae[base.best], base.final_test_mae(),
        base.epochs[near_best], base.test_mae[near_best]);
    say("   Stopping there would save %.2g%% of the budget; what it does not save here is error.",
        100.0 * (1.0 - base.epochs[near_best] / base.epochs.back()));
    const std::string path = lab.args.out() + "/28_early_stopping.png";
    draw_early_stopping_figure(alpha, {10, 100, 1000}, base, path);
    say("   Wrote %s", path.c_str());
}

void summary_lesson(Lab& lab) {
    RunSpec combo = lab.adam("AdamW λ = " + fmt(lab.adamw_lambda) + " + augmentation");
    combo.decoupled = lab.adamw_lambda;
    combo.augment = true;
    RunSpec everything = combo;
    everything.label = "AdamW + augmentation + pixel dropout";
    everything.net.input_dropout = lab.dropout;
    RunSpec bn_aug = lab.adam("batch norm + augmentation");
    bn_aug.net.batch_norm = true;
    bn_aug.augment = true;
    say("7. Combinations, and the summary (test error after the whole budget; early stopping at its chosen epoch):");
    lab.run(combo);
    lab.run(everything);
    lab.run(bn_aug);
    std::vector<std::string> labels;
    std::vector<double> errors;
    for (const std::size_t i : lab.summary) {
        labels.push_back(lab.runs[i].label);
        errors.push_back(lab.runs[i].final_test_mae());
    }
    const RunResult& base = lab.runs.front();
    labels.push_back("early stopping (epoch " + fmt(base.epochs[base.best]) + ")");
    errors.push_back(base.test_mae[base.best]);
    const auto best = static_cast<std::size_t>(std::min_element(errors.begin(), errors.end()) - errors.begin());
    say("   Best: %s, %.3g° against %.3g° without regularization.", labels[best].c_str(), errors[best],
        base.final_test_mae());
    const std::string path = lab.args.out() + "/29_regularization_summary.png";
    draw_summary_figure(labels, errors, base.final_test_mae(), path);
    say("   Wrote %s", path.c_str());
}

}  // namespace course::regularization
