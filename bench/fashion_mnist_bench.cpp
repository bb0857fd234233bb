// Benchmark of chapter 14's training epoch: the MLP 784-256-128-10 (ReLU, softmax cross-entropy) over all
// 60,000 Fashion-MNIST training images in batches of 64, plain SGD at lr 0.01, one thread, through chapter
// 08's fit() — shuffling, batching, one-hot targets, forward, backward and update, as
// bench/fashion_mnist_torch.py does with nn.Sequential, CrossEntropyLoss and optim.SGD. The validation
// passes fit() makes (before the first step and after the last) see 100 test images only.
//
// Matrix products per image: forward 2·(784·256 + 256·128 + 128·10) = 469,504 flops; backward the same
// for the weight gradients plus 2·(256·128 + 128·10) = 68,096 for the δ of the two layers below (none for
// the input): 1,007,104 flops, 60.4 GFLOP per epoch.
// Run: make bench BENCH_ARGS="--benchmark_filter=FashionMnistEpoch"
#include <benchmark/benchmark.h>

#include <exception>
#include <memory>

#include "chapters/14_fashion_mnist/study.hpp"

namespace fm = course::fashion_mnist;
namespace bp = course::backpropagation;

namespace {

constexpr double kEpochFlops = 60000.0 * 1007104.0;

void FashionMnistEpoch(benchmark::State& state) {
    std::unique_ptr<fm::StudyData> data;
    try {
        data = std::make_unique<fm::StudyData>(fm::load_fashion_mnist({.train = 60000, .validation = 0, .test = 100}));
    } catch (const std::exception& e) {
        state.SkipWithError(e.what());
        return;
    }
    const std::size_t batch = 64;
    double accuracy = 0.0;
    for (auto _ : state) {
        course::Rng rng(42);
        fm::Mlp model = fm::make_mlp({fm::kPixels, 256, 128, fm::kClasses}, fm::Activation::relu,
                                     fm::InitScheme::he_normal, rng);
        fm::Classifier classifier(model);
        bp::Trainable trainable = classifier.trainable();
        const std::size_t steps = fm::steps_per_epoch(data->train.size(), batch);
        bp::fit(trainable, data->train, data->test,
                {.lr = 0.01, .batch_size = batch, .iterations = steps, .eval_every = steps, .seed = 42});
        accuracy = classifier.last_accuracy();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(kEpochFlops, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["accuracy_100_test"] = accuracy;
}

}  // namespace

BENCHMARK(FashionMnistEpoch)->Unit(benchmark::kMillisecond);
