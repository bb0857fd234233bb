// Chapter 06 — the neural network.
// Builds the course's MLP 1024 → 32 → 16 → 8 → 2, counts its parameters, runs faces through it, and
// shows what the initialisation does to the activations: Xavier keeps them alive, zero makes every
// unit the same, too large saturates tanh. No figure; the numbers are the lesson.
// Run: make run CH=06 ARGS="--large-std 0.3"
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "chapters/06_neural_network/neural_network.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace fd = course::face_dataset;
namespace nn = course::neural_network;
using course::fmt;
using course::Matrix;
using course::say;

namespace {

const course::Program kProgram{
    "06_neural_network",
    "Chapter 06: the MLP 1024 → 32 → 16 → 8 → 2 with tanh, its parameters, forward pass and initialisation.",
    {course::Flag::integer("faces", 500, "faces in the batch sent through the network", 10, 20000),
     course::Flag::real("large-std", 1.0, "weight std of the 'too large' initialisation", 0.01, 100.0)}};

struct LayerStats {
    double stddev = 0;     // of the layer's activations over the batch
    double saturated = 0;  // fraction of activations with |h| > 0.99
    double spread = 0;     // largest difference between two units' activations: 0 = all units identical
    double slope = 0;      // mean of tanh' = 1 − h² over the batch: the share of a gradient the layer passes back
};

// 2140992 → "2,140,992"
std::string with_commas(std::size_t value) {
    std::string digits = std::to_string(value);
    for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
    return digits;
}

LayerStats stats(const Matrix& h) {
    LayerStats s;
    double mean = 0, square = 0, saturated = 0;
    for (const double v : h.values()) mean += v, square += v * v, saturated += std::abs(v) > 0.99 ? 1 : 0;
    const auto n = static_cast<double>(h.size());
    s.stddev = std::sqrt(std::max(square / n - (mean / n) * (mean / n), 0.0));
    s.saturated = saturated / n;
    for (std::size_t i = 0; i < h.rows(); ++i)
        for (std::size_t j = 1; j < h.cols(); ++j) s.spread = std::max(s.spread, std::abs(h(i, j) - h(i, 0)));
    // A gradient of ones sent back through the tanh (exercise 6.2) comes out as 1 − h², entry by entry.
    const Matrix slopes = nn::tanh_backward(h, course::map(h, [](double) { return 1.0; }));
    s.slope = course::mean(slopes);
    return s;
}

void print_architecture(const nn::Network& net) {
    say("   layer   shape          activation   W             b       parameters");
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        const auto& layer = net.layers[l];
        const bool output = l + 1 == net.layers.size();
        say("   %zu       %4zu → %-4zu    %-10s   %-12s  %-6s  %6zu", l + 1, layer.W.rows(), layer.W.cols(),
            output ? "linear" : "tanh", layer.W.shape().c_str(), layer.b.shape().c_str(),
            layer.W.size() + layer.b.size());
    }
    const std::size_t total = nn::parameter_count(net);
    say("   total                                                     %3zu,%03zu  (parameter_count, exercise 6.5)",
        total / 1000, total % 1000);
}

double rms(const Matrix& m) {
    double square = 0;
    for (const double v : m.values()) square += v * v;
    return std::sqrt(square / static_cast<double>(m.size()));
}

// Prints each layer's pre-activation std, measured and predicted by the variance argument from the
// layer's weights and inputs (exercise 6.6), and the activations' spread and saturation; returns the
// first hidden layer's saturated fraction.
double report_init(const std::string& name, const nn::Network& net, const Matrix& x) {
    nn::ForwardCache cache;
    nn::forward(net, x, &cache);
    const std::vector<double> z_stds = nn::preactivation_stds(net, x);
    say("   %s:", name.c_str());
    for (std::size_t l = 1; l < cache.h.size(); ++l) {
        const LayerStats s = stats(cache.h[l]);
        const bool output = l + 1 == cache.h.size();
        const nn::Dense& layer = net.layers[l - 1];
        const double predicted = nn::predicted_preactivation_std(layer.W.rows(), rms(layer.W), rms(cache.h[l - 1]));
        const std::string slope = output ? "" : fmt(s.slope, 2);
        say("     %-6s %-8s z std %-6.3g %-17s h std %-6.3g saturated %5.1f%%  mean tanh' %-5s differ %.3g",
            output ? "output" : "hidden", ("h" + std::to_string(l) + " (" + std::to_string(cache.h[l].cols()) + ")").c_str(),
            z_stds[l - 1], ("(predicted " + fmt(predicted, 3) + ")").c_str(), s.stddev,
            output ? 0.0 : 100 * s.saturated, slope.c_str(), s.spread);
    }
    return stats(cache.h[1]).saturated;
}

// 1. The network's layers and what one batch costs.
void architecture_lesson(const nn::Network& net) {
    say("1. The network %s: each layer computes Z = X·W + b, hidden layers then H = tanh(Z).", nn::describe(net).c_str());
    print_architecture(net);
    say("   Nearly all of them (32,800) sit in the first layer: one weight per pixel per hidden unit.");
    const std::size_t batch = 32;
    const nn::ForwardCost cost = nn::forward_cost(nn::kFaceNetworkSizes, batch);
    say("   A batch of %zu faces (chapter 08's) costs %s FLOPs forward, %.2f per parameter per face, and leaves",
        batch, with_commas(cost.flops).c_str(), static_cast<double>(cost.flops) / static_cast<double>(batch * cost.parameters));
    say("   %s numbers (%zu KB as doubles) for backpropagation: each layer's input (exercise 6.5).",
        with_commas(cost.saved_for_backward).c_str(), cost.saved_for_backward * sizeof(double) / 1024);
}

// 2. tanh and its slope, written with its output.
void activation_lesson() {
    say("2. The activation. tanh squashes any z into (−1, 1); its slope tanh'(z) = 1 − tanh²(z):");
    for (const double z : {0.0, 0.5, 1.0, 2.0, 3.0, 5.0})
        say("     z = %-4.4g  tanh = %-8.4g tanh' = %.3g", z, std::tanh(z), nn::tanh_derivative(z));
    say("   A unit with |z| ≈ 3 passes back 1%% of the gradient: it has stopped learning (saturation).");
    say("   Written with h = tanh(z), the slope is 1 − h²: the backward step dz = dh ⊙ (1 − h²) needs only");
    say("   the output the forward pass keeps anyway, so z itself need not be stored (exercise 6.2).");
}

// 4. Three initialisations through the layers: Xavier, all zero, and too large.
void initialisation_lesson(const nn::Network& net, const course::Matrix& x, std::uint64_t seed, double large_std) {
    const double var_w = 2.0 / (1024 + 32);
    say("4. Initialisation. With inputs of variance 1, Var(z) = fan_in·Var(w)·Var(x): Xavier's");
    say("   Var(w) = 2/(1024+32) = %.3g gives Var(z¹) ≈ 1024·%.3g = %.3g (std %.2g): most units in tanh's",
        var_w, var_w, 1024 * var_w, std::sqrt(1024 * var_w));
    say("   working range, a few in its bend (chapter 08 halves W¹ to start it in the near-linear part).");
    say("   Per layer: the std of z measured and predicted as std(w)·√fan_in·rms(input) (exercise 6.6), the");
    say("   std of h = tanh(z), the share with |h| > 0.99, the mean slope 1 − h², and the largest difference");
    say("   between two units' activations on one face (0: all units identical).");
    report_init("Xavier/Glorot, w ~ N(0, 2/(fan_in + fan_out))", net, x);
    say("     The prediction is an average over random weights: one draw scatters around it, most where few");
    say("     units are pooled (the 2 outputs) or the inputs are correlated (neighbouring pixels). Deeper");
    say("     layers read tanh's outputs, rms below 1, so their z stay of order 1 instead of growing.");
    course::Rng zero_rng(seed), large_rng(seed);
    report_init("all zero", nn::make_network(nn::kFaceNetworkSizes, zero_rng, {.scheme = nn::Init::zero}), x);
    say("     Every unit computes the same function, so it gets the same gradient and stays the same:");
    say("     a layer of 32 identical units is one unit. The symmetry must be broken by random weights.");
    const double saturated = report_init("too large, w ~ N(0, " + fmt(large_std) + "²)",
                                         nn::make_network(nn::kFaceNetworkSizes, large_rng,
                                                          {.scheme = nn::Init::large, .large_std = large_std}),
                                         x);
    const std::string var_z = "Var(z¹) ≈ 1024·" + fmt(large_std * large_std, 3) + " = " + fmt(1024 * large_std * large_std, 4);
    if (saturated > 0.5)
        say("     %s: most first-layer units sit at ±1, where tanh' ≈ 0 and gradients vanish.", var_z.c_str());
    else if (saturated > 0.1)
        say("     %s: %.0f%% of the first layer is already saturated (those units pass back almost nothing).",
            var_z.c_str(), 100 * saturated);
    else
        say("     %s: only %.0f%% of the first layer is saturated; this std is not too large yet.", var_z.c_str(),
            100 * saturated);
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        course::Rng rng(args.seed());
        const auto net = nn::make_network(nn::kFaceNetworkSizes, rng);
        architecture_lesson(net);
        activation_lesson();

        const auto n = static_cast<std::size_t>(args.quick() ? 100 : args.integer("faces"));
        const auto faces = fd::generate_faces(n, args.seed());
        const auto x = fd::normalize_inputs(fd::fit_normalizer(faces), faces.images);
        const auto out = nn::forward(net, x);
        say("3. A forward pass: %zu normalised faces (%zu×1024) in, %zu×%zu out. The untrained outputs vary",
            n, x.rows(), out.rows(), out.cols());
        say("   with std %.3g (normalised units; ×60° for yaw) — but in ways that have nothing to do with where",
            stats(out).stddev);
        say("   the faces look. Chapter 07 measures how wrong that is.");

        initialisation_lesson(net, x, args.seed(), args.real("large-std"));
    });
}
