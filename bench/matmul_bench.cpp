// Benchmarks of the shared library's matrix product, in GFLOP/s (2·M·K·N flops per product), at every
// shape the face network's training step uses and at squares 64..1024, plus the machine's peak.
//   MatMul/<M>x<K>x<N>             C = A·B      the forward pass, z = h·W
//   MatMulTransposedA/<M>x<K>x<N>  C = Aᵀ·B     the weight gradients, dW = hᵀ·δ (A is K×M, read in place)
//   MatMulTransposedB/<M>x<K>x<N>  C = A·Bᵀ     the δ of the layer below, δ·Wᵀ (B is N×K, read in place)
//   MachinePeak                    multiplies and adds with no memory traffic: the roof of the roofline
// Run: make bench BENCH_ARGS="--benchmark_filter=MatMul"
#include <benchmark/benchmark.h>

#include <array>
#include <experimental/simd>
#include <string>
#include <tuple>
#include <vector>

#include "common/matrix.hpp"
#include "common/random.hpp"

namespace {

course::Matrix random_matrix(std::size_t rows, std::size_t cols, course::Rng& rng) {
    course::Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.uniform(-1.0, 1.0);
    return m;
}

void run_matmul(benchmark::State& state, std::size_t m, std::size_t k, std::size_t n, bool transpose_a,
                bool transpose_b) {
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

using Shape = std::tuple<std::size_t, std::size_t, std::size_t>;  // M, K, N of the product

// The network 1024-32-16-8-2 at batch 32: each layer's product in the forward pass, its weight
// gradient and (above the first layer) its input's gradient; then the squares.
std::vector<Shape> shapes(bool transpose_a, bool transpose_b) {
    const std::vector<std::size_t> sizes{1024, 32, 16, 8, 2};
    std::vector<Shape> out;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        const std::size_t in = sizes[l], outputs = sizes[l + 1];
        if (!transpose_a && !transpose_b) out.emplace_back(32, in, outputs);      // z = h·W
        if (transpose_a) out.emplace_back(in, 32, outputs);                       // dW = hᵀ·δ
        if (transpose_b && l > 0) out.emplace_back(32, outputs, in);              // δ·Wᵀ
    }
    for (std::size_t s = 64; s <= 1024; s *= 2) out.emplace_back(s, s, s);
    return out;
}

const bool registered = [] {
    for (const auto& [name, ta, tb] : {std::tuple{"MatMul", false, false}, {"MatMulTransposedA", true, false},
                                       {"MatMulTransposedB", false, true}})
        for (const auto& [m, k, n] : shapes(ta, tb)) {
            const std::string label = std::string(name) + "/" + std::to_string(m) + "x" + std::to_string(k) + "x" +
                                      std::to_string(n);
            benchmark::RegisterBenchmark(label.c_str(), run_matmul, m, k, n, ta, tb);
        }
    return true;
}();

// The machine's peak for this code: 16 independent chains of x ← x·c + d on whole vectors, in
// registers, so nothing but the multiply and add pipes limits them (2 flops per lane and step).
void MachinePeak(benchmark::State& state) {
    using Vec = std::experimental::native_simd<double>;
    constexpr std::size_t chains = 16, steps = 1000;
    const Vec c = 0.999, d = 1e-3;
    std::array<Vec, chains> x;
    for (std::size_t i = 0; i < chains; ++i) x[i] = static_cast<double>(i);
    for (auto _ : state) {
        for (std::size_t s = 0; s < steps; ++s)
            for (Vec& v : x) v = v * c + d;
        benchmark::DoNotOptimize(x);
    }
    state.counters["GFLOP/s"] = benchmark::Counter(2.0 * chains * steps * Vec::size(),
                                                   benchmark::Counter::kIsIterationInvariantRate,
                                                   benchmark::Counter::kIs1000);
}

}  // namespace

BENCHMARK(MachinePeak);

BENCHMARK_MAIN();
