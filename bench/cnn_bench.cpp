// Benchmark of chapter 18: one training epoch of the small CNN (conv16-BN-ReLU-pool-conv32-BN-ReLU-pool-
// dense, Adam) over 10,000 images of 28 × 28 in mini-batches of 64, through the course's one loop
// (fit(Trainable&)), no validation passes. bench/cnn_torch.py runs the same network in PyTorch, single
// thread, for the comparison in bench/README.md. The images are the synthetic shapes (no data needed).
// Run: make bench BENCH_ARGS="--benchmark_filter=CnnEpoch"
#include <benchmark/benchmark.h>

#include "chapters/18_convolutional_networks/cnn.hpp"
#include "chapters/18_convolutional_networks/shapes.hpp"
#include "chapters/18_convolutional_networks/training.hpp"

namespace cv = course::convolutional;

namespace {

void CnnEpoch(benchmark::State& state) {
    const bool residual = state.range(0) != 0;
    const cv::Dataset train = cv::make_shapes(10000, 1);
    const cv::Dataset validation = cv::make_shapes(6, 2);  // fit() measures it before step 1 and at the end
    double accuracy = 0.0;
    for (auto _ : state) {
        cv::Cnn model({.classes = cv::kShapeNames.size(), .residual = residual}, 42);
        const cv::TrainingRun run = cv::train_model(model, residual ? "ResCNN" : "CNN", train, validation,
                                                    {.epochs = 1, .batch_size = 64, .lr = 1e-3, .seed = 7}, false);
        accuracy = run.val_accuracy.back();
        benchmark::DoNotOptimize(accuracy);
    }
    state.counters["images_per_s"] = benchmark::Counter(10000.0 * static_cast<double>(state.iterations()),
                                                        benchmark::Counter::kIsRate);
}
BENCHMARK(CnnEpoch)->Arg(0)->Arg(1)->ArgName("residual")->Unit(benchmark::kSecond)->Iterations(1)->MeasureProcessCPUTime();

}  // namespace
