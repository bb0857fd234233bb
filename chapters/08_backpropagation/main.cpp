// Chapter 08 — backpropagation and mini-batch gradient descent.
// Checks the hand-written backward pass against central differences, then trains the 1024-32-16-8-2
// network on the faces with the seed's budget (1000 steps of batch 32) and reports the held-out error.
// Then runs full-batch, one-example and mini-batch gradient descent side by side on the same budget
// of examples. Writes 07_training_curves.png, 08_trained_predictions.png and 65_batch_regimes.png.
// Run: make run CH=08 ARGS="--iterations 5000"
// Chapter 11's program trains this same run with chapter 10's optimizers, chapter 11's schedules and
// early stopping (chapter 11's README, §8): make run CH=11 ARGS="--optimizer adam --schedule cosine"
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/batch_regimes.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/08_backpropagation/training_figures.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace bp = course::backpropagation;
namespace nn = course::neural_network;
namespace rb = course::random_baseline;
using course::fmt;
using course::Matrix;
using course::say;

namespace {

// The face experiment's flags, and the budget of step 7.
std::vector<course::Flag> chapter_flags() {
    std::vector<course::Flag> flags = bp::face_recipe_flags();
    flags.push_back(course::Flag::integer(
        "regime-epochs", 3, "epochs of each regime in step 7 (full batch, one example, mini-batch)", 1, 1000));
    flags.push_back(course::Flag::integer("regime-faces", 1050,
                                          "training faces of step 7 (the first N of the training set; more: all of it)",
                                          1, 1000000));
    return flags;
}

const course::Program kProgram{
    "08_backpropagation",
    "Chapter 08: backpropagation by hand, checked against central differences; mini-batch gradient descent "
    "trains the face network; full-batch, one-example and mini-batch descent side by side.",
    chapter_flags()};

double stddev(const Matrix& m) {
    const double mu = course::mean(m);
    double total = 0.0;
    for (const double v : m.values()) total += (v - mu) * (v - mu);
    return std::sqrt(total / static_cast<double>(m.size()));
}

// The first `n` rows of a data set: one fixed mini-batch for the checks below.
bp::Dataset first_rows(const bp::Dataset& data, std::size_t n) {
    bp::Dataset batch;
    course::copy_rows(data.X, 0, n, batch.X);
    course::copy_rows(data.Y, 0, n, batch.Y);
    return batch;
}

std::string layer_stds(const nn::ForwardCache& cache) {
    std::string text;
    for (std::size_t l = 0; l < cache.z.size(); ++l) text += (l ? ", " : "") + fmt(stddev(cache.z[l]), 3);
    return text;
}

// Step 7: the three regimes of gradient descent from one start, on one budget of examples (README §8),
// on the first `faces` training faces: a quarter of them by default, so that step 7 costs a fraction of
// a second; --regime-faces 4200 runs the whole set.
void compare_batch_regimes(const bp::FaceData& data, const nn::Network& start, const bp::TrainOptions& options,
                           std::size_t epochs, std::size_t faces, const std::string& path) {
    const bp::Dataset train = first_rows(data.train, std::min(faces, data.train.size()));
    const std::size_t n = train.size();
    say("7. Three regimes of gradient descent on the first %zu training faces, each for %zu epochs (%zu examples)",
        n, epochs, epochs * n);
    say("   from the untrained network above, with the same shuffles; only the batch B and the rate η differ");
    say("   (README §8, D14):");
    std::vector<bp::RegimeRun> runs;
    for (const bp::BatchRegime& regime : bp::batch_regimes()) {
        runs.push_back(bp::run_batch_regime(start, train, data.validation, regime, epochs, 4, options.seed));
        const bp::RegimeRun& run = runs.back();
        say("   %-12s B = %-5zu η = %-5.4g %6zu steps   validation loss %.4g → %.4g", regime.name.c_str(), run.batch_size,
            regime.lr, run.steps, run.val_loss.front(), run.val_loss.back());
    }
    say("   Per example seen, the small noisy batches go much further: full batch takes one exact step an epoch,");
    say("   too few. The wall time of an epoch is the third side of the comparison, which this program does not");
    say("   print (README §8): make bench BENCH_ARGS=--benchmark_filter=BatchRegime.");
    bp::draw_batch_regimes(runs, n, path);
    say("   Wrote %s.", path.c_str());
}

// Why the first layer's weights are halved: the spread of each layer's pre-activations at the start.
void show_initial_scale(const bp::FaceRecipe& recipe, const bp::Dataset& batch, std::uint64_t seed) {
    nn::ForwardCache cache;
    bp::FaceRecipe plain = recipe;
    plain.first_layer_scale = 1.0;
    bp::forward_into(bp::make_face_network(plain, seed), batch.X, cache);
    say("   Spread (std) of z¹…z⁴ on one batch with Glorot's initialisation: %s.", layer_stds(cache).c_str());
    bp::forward_into(bp::make_face_network(recipe, seed), batch.X, cache);
    say("   Glorot's Var(w) = 2/(fan_in + fan_out) splits the difference between the forward and the backward");
    say("   pass; with 1024 inputs and 32 outputs z¹ starts in tanh's bend (about √(2·1024/1056) ≈ 1.4).");
    say("   With W¹ × %.4g the first layer starts in tanh's near-linear range: %s.",
        recipe.first_layer_scale, layer_stds(cache).c_str());
}

// Backprop's ∂L/∂W against central differences, for the largest entry of each layer's dW.
void check_against_central_differences(const nn::Network& net, const bp::Dataset& batch) {
    bp::Workspace ws = bp::make_workspace(net, batch.size());
    const Matrix& predictions = bp::forward_into(net, batch.X, ws.cache);
    bp::mse_loss(predictions, batch.Y, ws.dY);
    bp::backward(net, ws.cache, ws.dY, ws.grads);
    nn::ForwardCache scratch;
    const double h = 1e-5;
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        const Matrix& dW = ws.grads.dW[l];
        std::size_t worst = 0;
        for (std::size_t i = 1; i < dW.size(); ++i)
            if (std::abs(dW.data()[i]) > std::abs(dW.data()[worst])) worst = i;
        nn::Network nudged = net;
        double& w = nudged.layers[l].W.data()[worst];
        w += h;
        const double up = bp::dataset_loss(nudged, batch, scratch);
        w -= 2 * h;
        const double down = bp::dataset_loss(nudged, batch, scratch);
        const double numerical = (up - down) / (2 * h), analytic = dW.data()[worst];
        say("   layer %zu, dW(%zu, %zu): backprop %-+11.6e numerical %-+11.6e relative error %.1e", l + 1,
            worst / dW.cols(), worst % dW.cols(), analytic, numerical,
            std::abs(analytic - numerical) / std::max(std::abs(analytic), std::abs(numerical)));
    }
}

// 1. The faces, split, centred and standardised.
bp::FaceData data_lesson(const bp::FaceRecipe& recipe, std::uint64_t seed) {
    say("1. The data: %zu synthetic faces (seed %llu), split into train / validation / test.", recipe.n_faces,
        static_cast<unsigned long long>(seed));
    bp::FaceData data = bp::prepare_face_data(recipe, seed);
    say("   %zu to train on, %zu to watch for overfitting, %zu held out for the final score.", data.train.size(),
        data.validation.size(), data.test.size());
    say("   Each face is centred on its centre of mass and standardised (README §6): that removes the");
    say("   shift, brightness and contrast jitter, which a pixel network cannot learn to ignore in 1000 steps.");
    return data;
}

// 2-3. The network and its loss, then backpropagation checked against central differences on one batch.
void backpropagation_lesson(const nn::Network& net, const bp::FaceRecipe& recipe, const bp::FaceData& data,
                            std::uint64_t seed) {
    say("2. The network %s, %zu parameters, and the loss L = (1/2n) Σ ||ŷᵢ − yᵢ||².", nn::describe(net).c_str(),
        nn::parameter_count(net));
    const bp::Dataset batch = first_rows(data.train, std::min<std::size_t>(32, data.train.size()));
    show_initial_scale(recipe, batch, seed);

    say("3. Backpropagation: δ = (Ŷ − Y)/n at the output; per layer dW = hᵀ·δ, db = Σ δ, and");
    say("   δ ← (δ·Wᵀ) ⊙ (1 − h²) for the layer below. Checked against central differences:");
    check_against_central_differences(net, batch);
    say("   One backward pass costs about two forward passes; central differences for all %zu parameters",
        nn::parameter_count(net));
    say("   would cost %zu forward passes: O(P) against O(P²) work per gradient.", 2 * nn::parameter_count(net));
}

// 4. Mini-batch gradient descent through the chapter's loop, with a progress line.
bp::TrainHistory training_lesson(nn::Network& net, const bp::FaceData& data, const bp::TrainOptions& options) {
    say("4. Mini-batch gradient descent: %zu steps of batch %zu, lr %.4g, a new shuffle every epoch.",
        options.iterations, options.batch_size, options.lr);
    course::Progress progress("step", options.iterations);
    bp::TrainHistory history = bp::train(net, data.train, data.validation, options,
                                         [&](std::size_t step, double loss) { progress.update(step, loss); });
    progress.finish();
    say("   Validation loss %.4g → %.4g after %s epochs.", history.val_loss.front(), history.val_loss.back(),
        fmt(static_cast<double>(options.iterations * options.batch_size) / static_cast<double>(data.train.size()), 3)
            .c_str());
    return history;
}

// 5-6. The test faces' error before and after training, against the mean baseline; figures 07 and 08.
void evaluation_lesson(const nn::Network& net, const nn::Network& untrained, const bp::FaceData& data,
                       const bp::TrainHistory& history, const bp::TrainOptions& options, const std::string& out) {
    say("5. Mean absolute error on the %zu held-out test faces, in degrees:", data.test.size());
    const Matrix predicted = bp::predict_degrees(net, data, data.test.X);
    const auto trained = rb::mean_absolute_error_degrees(predicted, data.raw.test.angles);
    const auto before = rb::mean_absolute_error_degrees(bp::predict_degrees(untrained, data, data.test.X),
                                                        data.raw.test.angles);
    const auto baseline = rb::mean_absolute_error_degrees(
        rb::mean_baseline_predictions(data.raw.train.angles, data.test.size()), data.raw.test.angles);
    say("   untrained network      %s", rb::describe(before).c_str());
    say("   always the mean angle  %s", rb::describe(baseline).c_str());
    say("   trained network        %s", rb::describe(trained).c_str());

    const std::string curves = out + "/07_training_curves.png";
    const std::string faces = out + "/08_trained_predictions.png";
    bp::draw_training_curves(history, options, curves);
    bp::draw_trained_predictions(data.raw.test, predicted, trained, faces);
    say("6. Wrote %s and %s.", curves.c_str(), faces.c_str());
    say("   More steps keep paying for a while: try --iterations 5000 (the README lists what it reaches).");
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const std::uint64_t seed = args.seed();
        const bp::FaceRecipe recipe = bp::recipe_from_flags(args);
        const bp::TrainOptions options = bp::training_options(recipe, seed);
        const bp::FaceData data = data_lesson(recipe, seed);
        nn::Network net = bp::make_face_network(recipe, seed);
        const nn::Network untrained = net;
        backpropagation_lesson(net, recipe, data, seed);
        const bp::TrainHistory history = training_lesson(net, data, options);
        evaluation_lesson(net, untrained, data, history, options, args.out());
        compare_batch_regimes(data, untrained, options, static_cast<std::size_t>(args.integer("regime-epochs")),
                              static_cast<std::size_t>(args.integer("regime-faces")),
                              args.out() + "/65_batch_regimes.png");
    });
}
