// Chapter 09, given code: 10_summary.txt, the whole core tutorial on one page.
#include <cstdarg>
#include <cstdio>
#include <string>

#include "chapters/09_evaluation/report.hpp"

namespace course::evaluation {

namespace {

[[gnu::format(printf, 2, 3)]] void add(std::string& text, const char* format, ...) {
    char line[512];
    va_list args;
    va_start(args, format);
    std::vsnprintf(line, sizeof line, format, args);
    va_end(args);
    text += line;
    text += '\n';
}

// The bin with the largest mean absolute error, as "−60° to −50°: 18.2° (bias +14.1°, 71 faces)".
std::string worst_bin(const OutputReport& output) {
    const AngleBin* worst = nullptr;
    for (const AngleBin& bin : output.bins)
        if (bin.count > 0 && (!worst || bin.mean_abs_error > worst->mean_abs_error)) worst = &bin;
    if (!worst) return "no test faces";
    char text[160];
    std::snprintf(text, sizeof text, "%+.0f° to %+.0f°: MAE %.1f°, mean signed error %+.1f° (%zu faces)", worst->lo,
                  worst->hi, worst->mean_abs_error, worst->mean_error, worst->count);
    return text;
}

// 33482 → "33,482"
std::string with_commas(std::size_t value) {
    std::string digits = std::to_string(value);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
    return digits;
}

}  // namespace

std::string summary_text(const SummaryFacts& f) {
    const auto& t = f.recipe.training;
    std::string s;
    add(s, "Optimization for machine learning, chapters 01-09: a neural network trained from scratch");
    add(s, "=======================================================================================");
    s += '\n';
    add(s, "THE PROBLEM");
    add(s, "  From a 32×32 grayscale face, predict where it looks: yaw in [−60°, 60°], pitch in [−30°, 30°].");
    add(s, "  %zu synthetic faces (seed %llu) with nuisance variation (size, position, roll, light, contrast,",
        f.recipe.n_faces, static_cast<unsigned long long>(f.seed));
    add(s, "  noise, looks): %zu to train, %zu to validate, %zu held out for the test below.", f.n_train,
        f.n_validation, f.n_test);
    s += '\n';
    add(s, "KEY FORMULAS");
    add(s, "  Training is minimisation        θ* = argmin_θ ℒ(θ)                                    (ch. 01)");
    add(s, "  Loss (MSE, per example, halved) ℒ = (1/2n) Σᵢ ||ŷᵢ − yᵢ||²,   ∂ℒ/∂Ŷ = (Ŷ − Y)/n        (ch. 08)");
    add(s, "  Gradient descent                θ ← θ − η·∇ℒ(θ)                                       (ch. 04)");
    add(s, "  Central differences             ∂ℒ/∂θᵢ ≈ (ℒ(θ + h·eᵢ) − ℒ(θ − h·eᵢ)) / 2h, error O(h²)  (ch. 04)");
    add(s, "  Dense layer                     Z = H·W + b  (H: n×in, W: in×out, b added to each row) (ch. 06)");
    add(s, "  Activation and its derivative   h = tanh(z),   tanh'(z) = 1 − tanh²(z) = 1 − h²        (ch. 06)");
    add(s, "  Backpropagation, per layer      dW = Hᵀ·δ,  db = Σ_rows δ,  δ_below = (δ·Wᵀ) ⊙ (1 − H²)  (ch. 08)");
    add(s, "    (column form, with W̃ = Wᵀ (out×in): δℓ = (W̃ℓ₊₁ᵀ δℓ₊₁) ⊙ f′(zℓ), ∇W̃ℓ = δℓ hℓ₋₁ᵀ, ∇bℓ = δℓ,");
    add(s, "     summed over the batch)");
    add(s, "  Cost of one gradient            backprop O(P) (≈ 3 forward passes); central differences");
    add(s, "                                  2P forward passes, O(P²): for P = 33,482, ~22,000 times more");
    add(s, "  Mini-batch gradient descent     ∇ℒ estimated on B shuffled examples per step, one epoch =");
    add(s, "                                  every example once; the noise is cheap and even helps");
    add(s, "  Errors                          MAE = (1/n) Σ |ŷ − y|,  RMSE = √((1/n) Σ (ŷ − y)²) ≥ MAE (ch. 09)");
    add(s, "  Uncertainty of a test MAE       bootstrap: redraw the n test faces with replacement; 95%% ≈ ±1.96·σ/√n");
    s += '\n';
    add(s, "ARCHITECTURE");
    std::string counts;
    std::size_t total = 0;
    for (const std::size_t count : f.parameters_per_layer) counts += (counts.empty() ? "" : " + ") + with_commas(count), total += count;
    add(s, "  %s, tanh hidden layers, linear output", f.architecture.c_str());
    add(s, "  parameters: %s = %s", counts.c_str(), with_commas(total).c_str());
    s += '\n';
    add(s, "TRAINING");
    add(s, "  plain mini-batch gradient descent: %zu steps, batch %zu, lr %g, reshuffled every epoch", t.iterations,
        t.batch_size, t.lr);
    add(s, "  init: Glorot normal, first layer × %g; inputs: centred on the face, standardised per image,",
        f.recipe.first_layer_scale);
    add(s, "  training mean per pixel removed; targets: yaw/60, pitch/30");
    add(s, "  validation loss %.4f → %.4f", f.initial_validation_loss, f.final_validation_loss);
    s += '\n';
    add(s, "RESULTS on the %zu held-out test faces (degrees)", f.n_test);
    add(s, "                      MAE yaw  MAE pitch  MAE mean   RMSE yaw  RMSE pitch  RMSE overall");
    auto row = [&](const char* name, const Metrics& m) {
        add(s, "  %-18s %8.2f %10.2f %9.2f %10.2f %11.2f %13.2f", name, m.mae[0], m.mae[1], m.overall_mae, m.rmse[0],
            m.rmse[1], m.overall_rmse);
    };
    row("untrained network", f.untrained);
    row("mean-angle guess", f.mean_baseline);
    row("trained network", f.test);
    add(s, "  95%% bootstrap interval of the test MAE: [%.2f°, %.2f°]", f.test_mae_interval.lo, f.test_mae_interval.hi);
    for (const OutputReport& output : f.outputs) add(s, "  worst %-5s bin  %s", output.name.c_str(), worst_bin(output).c_str());
    s += '\n';
    add(s, "TAKEAWAYS");
    add(s, "  - A loss turns \"fit the data\" into a number; training walks down its landscape.");
    add(s, "  - Gradients beat blind search (random search, hill climbing) because they say which way is down.");
    add(s, "  - Backprop is the chain rule applied layer by layer, from the loss back: one backward pass gives");
    add(s, "    all 33,482 partial derivatives for the price of about two forward passes. Check it against");
    add(s, "    central differences, layer by layer, before trusting it.");
    add(s, "  - The learning rate is the knob that matters most: too small crawls, too large diverges (NaN).");
    add(s, "  - What the network is given matters as much as how it is trained: centring and per-image");
    add(s, "    standardisation about halved the error of the same 1000 steps (chapter 08, section 6).");
    add(s, "  - Judge on held-out data, against a baseline; look at where the errors are, not only at the mean.");
    s += '\n';
    add(s, "Test MAE: %.2f°", f.test.overall_mae);
    return s;
}

}  // namespace course::evaluation
