// Benchmark of chapter 08's three regimes of gradient descent (chapters/08_backpropagation/batch_regimes.hpp):
// one epoch over all 4200 training faces of the default run (6000 faces, seed 42) with full batch
// (1 step of 4200), one example (4200 steps of 1) and mini-batch (132 steps of 32, the last of 8), each
// through chapter 08's fit() from the same untrained network. The program's step 7 compares their losses
// per step and per example; this is their wall time, which the program may not print (its output is the
// same on every machine). fit()'s validation passes see one face only.
// Run: make bench BENCH_ARGS="--benchmark_filter=BatchRegime"
#include <benchmark/benchmark.h>

#include "chapters/08_backpropagation/batch_regimes.hpp"
#include "chapters/08_backpropagation/face_training.hpp"

namespace bp = course::backpropagation;

namespace {

// The first row of a data set: a validation set that costs nothing to evaluate.
bp::Dataset first_row(const bp::Dataset& data) {
    bp::Dataset row{course::Matrix(1, data.X.cols()), course::Matrix(1, data.Y.cols())};
    for (std::size_t c = 0; c < data.X.cols(); ++c) row.X(0, c) = data.X(0, c);
    for (std::size_t c = 0; c < data.Y.cols(); ++c) row.Y(0, c) = data.Y(0, c);
    return row;
}

const bp::FaceData& regime_data() {
    static const bp::FaceData data = bp::prepare_face_data(bp::FaceRecipe{}, 42);
    return data;
}

void BatchRegimeEpoch(benchmark::State& state, std::size_t which) {
    const bp::FaceData& data = regime_data();  // made before the clock starts: generating faces is not training
    const bp::Dataset one_face = first_row(data.validation);
    const bp::Network start = bp::make_face_network(bp::FaceRecipe{}, 42);
    const bp::BatchRegime regime = bp::batch_regimes()[which];
    const std::uint64_t seed = bp::training_options(bp::FaceRecipe{}, 42).seed;
    bp::run_batch_regime(start, data.train, one_face, regime, 1, 0, seed);  // warm caches and page faults
    double loss = 0.0;
    for (auto _ : state) loss = bp::run_batch_regime(start, data.train, one_face, regime, 1, 0, seed).val_loss.back();
    benchmark::DoNotOptimize(loss);
    const auto n = static_cast<double>(data.train.size());
    state.counters["examples/s"] = benchmark::Counter(n, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["steps"] = static_cast<double>(bp::steps_per_epoch(data.train.size(), regime.batch_size));
}

}  // namespace

BENCHMARK_CAPTURE(BatchRegimeEpoch, full_batch, 0)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BatchRegimeEpoch, one_example, 1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BatchRegimeEpoch, mini_batch_32, 2)->Unit(benchmark::kMillisecond);
