// Benchmarks of the shared library's matrix product, in GFLOP/s (2·M·K·N flops per product).
// Run: make bench BENCH_ARGS="--benchmark_filter=MatMul"
#include <benchmark/benchmark.h>

#include "common/matrix.hpp"
#include "common/random.hpp"

namespace {

course::Matrix random_matrix(std::size_t rows, std::size_t cols, course::Rng& rng) {
    course::Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(-1.0, 1.0);
    return m;
}

// range(0..2) = M, K, N. transpose_a/b read the operand transposed in place, as the backward pass does.
void run_matmul(benchmark::State& state, bool transpose_a, bool transpose_b) {
    const auto m = static_cast<std::size_t>(state.range(0));
    const auto k = static_cast<std::size_t>(state.range(1));
    const auto n = static_cast<std::size_t>(state.range(2));
    course::Rng rng(1);
    const auto a = transpose_a ? random_matrix(k, m, rng) : random_matrix(m, k, rng);
    const auto b = transpose_b ? random_matrix(n, k, rng) : random_matrix(k, n, rng);
    course::Matrix c(m, n);
    for (auto _ : state) {
        course::matmul_into(c, a, b, transpose_a, transpose_b);
        benchmark::DoNotOptimize(c.data());
        benchmark::ClobberMemory();
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * static_cast<double>(m * k * n),
                                                   benchmark::Counter::kIsIterationInvariantRate,
                                                   benchmark::Counter::kIs1000);
}

void MatMul(benchmark::State& state) { run_matmul(state, false, false); }
void MatMulTransposedA(benchmark::State& state) { run_matmul(state, true, false); }
void MatMulTransposedB(benchmark::State& state) { run_matmul(state, false, true); }

// The shapes of the face network's forward pass (batch 32) and squares 64..1024.
void network_and_square_shapes(benchmark::internal::Benchmark* b) {
    b->ArgNames({"M", "K", "N"});
    for (auto [m, k, n] : {std::tuple{32, 1024, 32}, {32, 32, 16}, {32, 16, 8}, {32, 8, 2}})
        b->Args({m, k, n});
    for (int s = 64; s <= 1024; s *= 2) b->Args({s, s, s});
}

}  // namespace

BENCHMARK(MatMul)->Apply(network_and_square_shapes);
BENCHMARK(MatMulTransposedA)->Apply(network_and_square_shapes);
BENCHMARK(MatMulTransposedB)->Apply(network_and_square_shapes);

BENCHMARK_MAIN();
