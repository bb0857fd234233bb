// Benchmarks of chapter 08's training: one mini-batch step, and the seed's whole training run (1000 steps
// of batch 32 on the face network, 4.32 GFLOP of matrix products), with the hand-written backward pass
// and with the autodiff library.
//
// SeedTrainingRun times exactly the 1000 training iterations, sampling a batch and taking a step, as
// bench/seed_run_numpy.py and bench/seed_run_torch.py do: the validation passes that chapter 08's
// train() adds every 50 steps (1.2 GFLOP more, for the learning curve) are not part of the seed's
// run. It takes the batches from the same sampler, so the network it trains is chapter 08's network;
// the test MAE counter says so.
// Run: make bench BENCH_ARGS="--benchmark_filter=SeedTrainingRun"
#include <benchmark/benchmark.h>

#include <vector>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "chapters/08_backpropagation/autodiff_step.hpp"
#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "common/autodiff.hpp"

namespace bp = course::backpropagation;
namespace nn = course::neural_network;
using course::Matrix;
using course::Var;

namespace {

// The same step as bp::training_step, through the autodiff library: the graph is rebuilt every step
// (as in PyTorch's eager mode) and the parameters keep their Vars between steps.
struct AutodiffNetwork {
    std::vector<Var> W, b;

    explicit AutodiffNetwork(const nn::Network& net) {
        for (const nn::Dense& layer : net.layers) W.push_back(course::parameter(layer.W)), b.push_back(course::parameter(layer.b));
    }

    double step(const Var& X, const Var& Y, double lr) { return bp::autodiff_training_step(W, b, X, Y, lr); }

    nn::Network network() const {
        nn::Network net;
        for (std::size_t l = 0; l < W.size(); ++l) net.layers.push_back({W[l].value(), b[l].value()});
        return net;
    }
};

// The flops of one step, 2 per multiply-add of the products (the element-wise work is < 1% of it):
// forward Σₗ 2·32·inₗ·outₗ = 64·(1024·32 + 32·16 + 16·8 + 8·2) = 2,139,136; the same again for the
// weight gradients; and 64·(32·16 + 16·8 + 8·2) = 41,984 for the δ of the three upper layers.
constexpr double kStepFlops = 2 * 2'139'136 + 41'984;  // 4,320,256

bp::FaceRecipe seed_recipe() { return bp::FaceRecipe{}; }  // 6000 faces, 1000 steps, batch 32, lr 0.1

// The data of the seed's run, made once: generating faces is not training.
const bp::FaceData& seed_data() {
    static const bp::FaceData data = bp::prepare_face_data(seed_recipe(), 42);
    return data;
}

void report_mae(benchmark::State& state, const nn::Network& net) {
    const auto& data = seed_data();
    const auto errors = course::random_baseline::mean_absolute_error_degrees(
        bp::predict_degrees(net, data, data.test.X), data.raw.test.angles);
    state.counters["test_MAE_deg"] = errors.mean();
}

// The seed's run: options.iterations steps on batches from chapter 08's sampler. Returns the network.
nn::Network seed_run(const nn::Network& untrained, const bp::TrainOptions& options, bool manual) {
    const auto& data = seed_data();
    auto sampler = bp::make_sampler(data.train.size(), options.batch_size, options.seed);
    if (manual) {
        nn::Network net = untrained;
        bp::Workspace ws = bp::make_workspace(net, options.batch_size);
        for (std::size_t step = 0; step < options.iterations; ++step) {
            bp::next_batch(sampler, data.train.X, data.train.Y, ws.X_batch, ws.Y_batch);
            benchmark::DoNotOptimize(bp::training_step(net, ws, options.lr));
        }
        return net;
    }
    AutodiffNetwork autodiff(untrained);
    Var X = course::constant(Matrix()), Y = course::constant(Matrix());  // refilled in place each step
    for (std::size_t step = 0; step < options.iterations; ++step) {
        bp::next_batch(sampler, data.train.X, data.train.Y, X.value(), Y.value());
        benchmark::DoNotOptimize(autodiff.step(X, Y, options.lr));
    }
    return autodiff.network();
}

void TrainingStep(benchmark::State& state, bool manual) {
    const auto& data = seed_data();
    nn::Network net = bp::make_face_network(seed_recipe(), 42);
    bp::Workspace ws = bp::make_workspace(net, 32);
    auto sampler = bp::make_sampler(data.train.size(), 32, 1);
    bp::next_batch(sampler, data.train.X, data.train.Y, ws.X_batch, ws.Y_batch);
    AutodiffNetwork autodiff(net);
    const Var X = course::constant(ws.X_batch), Y = course::constant(ws.Y_batch);
    for (auto _ : state) {
        // A small lr: the same batch again and again must not run away during a long benchmark.
        const double loss = manual ? bp::training_step(net, ws, 1e-3) : autodiff.step(X, Y, 1e-3);
        benchmark::DoNotOptimize(loss);
    }
    state.counters["GFLOP/s"] = benchmark::Counter(kStepFlops, benchmark::Counter::kIsIterationInvariantRate,
                                                   benchmark::Counter::kIs1000);
}

void SeedTrainingRun(benchmark::State& state, bool manual) {
    const bp::FaceRecipe recipe = seed_recipe();
    const bp::TrainOptions options = bp::training_options(recipe, 42);
    const nn::Network untrained = bp::make_face_network(recipe, 42);
    seed_data();  // made before the clock starts
    // One whole run before the clock, too: the first run in a process pays for page faults and cold
    // caches (about 50 ms of a 80 ms run on the 2-core machine), and `make bench-compare` starts a fresh
    // process per round, which would charge that to whichever benchmark happens to run first.
    nn::Network trained = seed_run(untrained, options, manual);
    for (auto _ : state) trained = seed_run(untrained, options, manual);
    state.counters["GFLOP/s"] = benchmark::Counter(1000 * kStepFlops, benchmark::Counter::kIsIterationInvariantRate,
                                                   benchmark::Counter::kIs1000);
    report_mae(state, trained);
}

}  // namespace

BENCHMARK_CAPTURE(TrainingStep, manual, true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(TrainingStep, autodiff, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(SeedTrainingRun, manual, true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(SeedTrainingRun, autodiff, false)->Unit(benchmark::kMillisecond);
