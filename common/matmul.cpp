// The matrix product C = op(A)·op(B), where op transposes an operand when asked, read in place.
//
// Every gradient from chapter 08 on runs through this function: one training step of the face network
// is 4.3 million flops, almost all in two products (32×1024 by 1024×32 forward, its transposed twin
// backward). It is written to run near the machine's peak while staying plain C++ that the compiler
// vectorises; docs/PERFORMANCE.md tells the story with measurements.
//
// Why a naive triple loop is slow. The obvious loops do one multiply-add per value they load: every
// Cᵢⱼ += Aᵢₚ·Bₚⱼ reads Bₚⱼ (and updates Cᵢⱼ) from memory. A core can issue two vector loads but also
// two vector multiply-adds per cycle, each of them 2 to 8 doubles wide, so a loop that must load for
// every operation waits on the memory pipes, not on the arithmetic.
//
// Register tiling. Keep a tile of C, kTileRows × kTileCols, in vector registers for the whole sum
// over p. Each step p loads one row of B's tile (kTileCols values, kTileCols/W vector loads for W
// doubles per vector) and kTileRows values of A's column (broadcast to a vector each), then does
// kTileRows × kTileCols/W vector multiply-adds. With R vector registers:
//   - the accumulators take kTileRows·kTileCols/W of them; the B row, the broadcast A value and the
//     product need a few more, so the accumulators can have about half: kTileRows·kTileCols/W = R/2;
//   - loads per multiply-add = (kTileCols/W + kTileRows) / (kTileRows·kTileCols/W), smallest for a
//     square-ish tile; with kTileCols = 2W that is (2 + kTileRows)/(2·kTileRows) ≈ 0.6 for 8 rows;
//   - the sums must not wait on each other: an add takes 3 to 4 cycles and two start per cycle, so
//     at least 6 to 8 independent accumulators must be in flight. R/2 gives 8 (AVX2) or 16 (AVX-512).
// So kTileCols = 2W and kTileRows = R/(2·2): 4×8 on AVX2 (16 registers of 4 doubles), 8×16 on
// AVX-512 (32 registers of 8 doubles). The tile lives in a local array that is indexed only with
// constants after the compiler unrolls the loops, so it is kept in registers (an index known only at
// run time would force it onto the stack: edge tiles are therefore copied, never indexed partially).
// The unrolling must come early: GCC 12 left to itself unrolls the short loops only after it has
// decided where the array lives, keeps the sums in registers inside the p loop but passes them
// through the stack before and after it (48 extra loads and stores a tile, which at depth 32 cost 10%:
// 89 → 99 GFLOP/s for the weight gradient of the first layer). `#pragma GCC unroll` on every loop over
// the tile asks for the unrolling first; clang reads the same pragma. Check with objdump -d: no
// %rsp-relative vector moves in multiply_tile.
//
// Cache blocking. Around the tile, the sum over p is cut into blocks of kDepth, so that B's block of
// kDepth × kTileCols (16 kB) stays in the L1 cache while it is reused for every tile of a block of
// kBlockRows rows of A (128 × 256 doubles = 256 kB, for the L2 cache). At the network's shapes the
// operands fit in L2 anyway; the blocking matters for the 1024×1024 squares.
//
// Narrow panels. A panel of at most W columns (the network's layers of 8 and 2 outputs, and the last
// panel of most sizes) gets a tile one vector wide, kTileRows × W: the 2W-wide tile would spend half
// or more of its multiplies on zero padding. 32×16 by 16×8 takes 110 ns instead of 310.
//
// Packing. B's block is read in place when it is stored row by row with as many whole columns as
// the tile is wide; otherwise (Bᵀ read in place, or a narrower last panel) it is copied into a small
// zero-padded panel on the stack, at most kDepth × kTileCols doubles. Rows of A past the last one
// repeat the last row and their results are dropped. A is never copied.
//
// Numerics. Each Cᵢⱼ is accumulated from 0 in the order p = 0, 1, …, k−1, one product and one add at
// a time, exactly as the textbook loop does; across depth blocks the running sum goes through C
// unchanged. With -ffp-contract=off (the Makefile's default), the result is bit-for-bit that of the
// naive loop, on every compiler and vector width.
#include <algorithm>
#include <array>
#include <cstddef>
#include <string>
#include <version>
// libstdc++ defines __cpp_lib_experimental_parallel_simd in <experimental/simd> itself, not in
// <version>: include the header wherever it exists (libc++'s is incomplete: its Vec is the fallback).
#if __has_include(<experimental/simd>) && !defined(_LIBCPP_VERSION)
#include <experimental/simd>
#endif

#include "common/errors.hpp"
#include "common/matrix.hpp"

namespace course {

namespace {

// A vector register's worth of doubles, from the standard library's data-parallel types (the
// Parallelism TS; std::simd in C++26): 8 with AVX-512, 4 with AVX2, 2 with SSE2 or NEON. Arithmetic on
// a Vec is one instruction on all of its lanes. x86 has 32 vector registers with AVX-512, 16 before it.
#if defined(__cpp_lib_experimental_parallel_simd)
namespace stdx = std::experimental;
using Vec = stdx::native_simd<double>;
#else
// libc++ (macOS's standard library) has no complete <experimental/simd>: the same few operations on a
// plain array of lanes, whose loops the compiler turns into the same vector instructions. Each lane
// computes what the scalar loop would, so the results are bit for bit those of libstdc++'s Vec.
namespace stdx {
struct element_aligned_tag {};
inline constexpr element_aligned_tag element_aligned{};
}  // namespace stdx
class Vec {
public:
#if defined(__AVX512F__)
    static constexpr std::size_t lanes = 8;
#elif defined(__AVX__)
    static constexpr std::size_t lanes = 4;
#else
    static constexpr std::size_t lanes = 2;
#endif
    static constexpr std::size_t size() { return lanes; }
    Vec() = default;
    Vec(double value) { std::fill(lane_, lane_ + lanes, value); }  // NOLINT: broadcasts, like native_simd
    void copy_from(const double* from, stdx::element_aligned_tag) { std::copy(from, from + lanes, lane_); }
    void copy_to(double* to, stdx::element_aligned_tag) const { std::copy(lane_, lane_ + lanes, to); }
    Vec& operator+=(const Vec& other) {
        for (std::size_t i = 0; i < lanes; ++i) lane_[i] += other.lane_[i];
        return *this;
    }
    friend Vec operator*(const Vec& a, const Vec& b) {
        Vec product;
        for (std::size_t i = 0; i < lanes; ++i) product.lane_[i] = a.lane_[i] * b.lane_[i];
        return product;
    }

private:
    double lane_[lanes] = {};
};
#endif
constexpr std::size_t kVectorDoubles = Vec::size();
constexpr std::size_t kVectorRegisters = kVectorDoubles >= 8 ? 32 : 16;
constexpr std::size_t kTileCols = 2 * kVectorDoubles;
constexpr std::size_t kTileRows = kVectorRegisters / 4;
constexpr std::size_t kDepth = 256;
constexpr std::size_t kBlockRows = 128;

// An operand as the product sees it, op(X)ᵢⱼ = data[i·row_step + j·col_step]: a row-major r×c matrix
// has steps (c, 1), and its transpose, read in place, (1, c).
struct Operand {
    const double* data;
    std::size_t row_step, col_step;
};

Operand operand(const Matrix& x, bool transposed) {
    return transposed ? Operand{x.data(), 1, x.cols()} : Operand{x.data(), x.cols(), 1};
}

// The tile, kTileVectors vectors wide (2, or 1 for a narrow panel):
// c[0..kTileRows)[0..kTileVectors·W) (+)= Σ_{p < depth} a(i, p)·b(p, j), where a(i, p) is
// a_rows[i][p·a_step] and b(p, j) is b[p·b_step + j]. Every loop but p's has a constant trip count,
// and each accumulator is a whole Vec, so after unrolling all of them live in registers.
template <std::size_t kTileVectors>
void multiply_tile(std::size_t depth, const std::array<const double*, kTileRows>& a_rows, std::size_t a_step,
                   const double* b, std::size_t b_step, double* c, std::size_t c_step, bool accumulate) {
    Vec sums[kTileRows][kTileVectors] = {};
    if (accumulate)
#pragma GCC unroll 16
        for (std::size_t i = 0; i < kTileRows; ++i)
#pragma GCC unroll 16
            for (std::size_t v = 0; v < kTileVectors; ++v)
                sums[i][v].copy_from(c + i * c_step + v * kVectorDoubles, stdx::element_aligned);
    for (std::size_t p = 0; p < depth; ++p) {
        Vec b_row[kTileVectors];
#pragma GCC unroll 16
        for (std::size_t v = 0; v < kTileVectors; ++v)
            b_row[v].copy_from(b + p * b_step + v * kVectorDoubles, stdx::element_aligned);
#pragma GCC unroll 16
        for (std::size_t i = 0; i < kTileRows; ++i) {
            const Vec a_ip = a_rows[i][p * a_step];  // the one value in every lane
#pragma GCC unroll 16
            for (std::size_t v = 0; v < kTileVectors; ++v) sums[i][v] += a_ip * b_row[v];
        }
    }
#pragma GCC unroll 16
    for (std::size_t i = 0; i < kTileRows; ++i)
#pragma GCC unroll 16
        for (std::size_t v = 0; v < kTileVectors; ++v)
            sums[i][v].copy_to(c + i * c_step + v * kVectorDoubles, stdx::element_aligned);
}

// Where one depth block of B's panel of columns [j0, j0 + width) is read from.
struct Panel {
    const double* data;
    std::size_t row_step;
    std::size_t width;  // kTileCols, or kVectorDoubles for a panel of at most that many columns
};

Panel b_panel(const Operand& b, std::size_t p0, std::size_t depth, std::size_t j0, std::size_t cols,
              std::array<double, kDepth * kTileCols>& scratch) {
    const std::size_t width = cols <= kVectorDoubles ? kVectorDoubles : kTileCols;
    if (b.col_step == 1 && cols == width) return {b.data + p0 * b.row_step + j0, b.row_step, width};
    for (std::size_t p = 0; p < depth; ++p)
        for (std::size_t j = 0; j < width; ++j)
            scratch[p * width + j] = j < cols ? b.data[(p0 + p) * b.row_step + (j0 + j) * b.col_step] : 0.0;
    return {scratch.data(), width, width};
}

// One depth block [p0, p0 + depth) of the rows [i_begin, i_end) of C against one panel of B.
template <std::size_t kTileVectors>
void multiply_panel(const Operand& a, const Panel& b, Matrix& c, std::size_t i_begin, std::size_t i_end,
                    std::size_t p0, std::size_t depth, std::size_t j0, std::size_t cols) {
    constexpr std::size_t width = kTileVectors * kVectorDoubles;
    const bool accumulate = p0 > 0;
    for (std::size_t i0 = i_begin; i0 < i_end; i0 += kTileRows) {
        const std::size_t rows = std::min(kTileRows, i_end - i0);
        std::array<const double*, kTileRows> a_rows;
        for (std::size_t i = 0; i < kTileRows; ++i)
            a_rows[i] = a.data + std::min(i0 + i, i_end - 1) * a.row_step + p0 * a.col_step;
        double* c_tile = c.row_data(i0) + j0;
        if (rows == kTileRows && cols == width) {
            multiply_tile<kTileVectors>(depth, a_rows, a.col_step, b.data, b.row_step, c_tile, c.cols(), accumulate);
            continue;
        }
        // An edge tile: computed whole in a padded copy, of which only the real part goes back.
        std::array<double, kTileRows * width> edge{};
        for (std::size_t i = 0; i < rows && accumulate; ++i)
            std::copy(c_tile + i * c.cols(), c_tile + i * c.cols() + cols, edge.data() + i * width);
        multiply_tile<kTileVectors>(depth, a_rows, a.col_step, b.data, b.row_step, edge.data(), width, accumulate);
        for (std::size_t i = 0; i < rows; ++i)
            std::copy(edge.data() + i * width, edge.data() + i * width + cols, c_tile + i * c.cols());
    }
}

}  // namespace

Matrix matmul(const Matrix& a, const Matrix& b) {
    Matrix c;
    matmul_into(c, a, b);
    return c;
}

void matmul_into(Matrix& c, const Matrix& a, const Matrix& b, bool transpose_a, bool transpose_b) {
    const std::size_t m = transpose_a ? a.cols() : a.rows();
    const std::size_t k = transpose_a ? a.rows() : a.cols();
    const std::size_t kb = transpose_b ? b.cols() : b.rows();
    const std::size_t n = transpose_b ? b.rows() : b.cols();
    if (k != kb)
        throw ShapeError(std::string("matmul: inner dimensions differ: ") + a.shape() +
                         (transpose_a ? "ᵀ" : "") + " · " + b.shape() + (transpose_b ? "ᵀ" : ""));
    if (&c == &a || &c == &b) throw ShapeError("matmul_into: the output must not alias an input");
    c.resize(m, n);
    if (k == 0) c.fill(0.0);  // an empty sum; the blocks below would never touch C
    const Operand op_a = operand(a, transpose_a), op_b = operand(b, transpose_b);
    std::array<double, kDepth * kTileCols> scratch;
    for (std::size_t p0 = 0; p0 < k; p0 += kDepth) {
        const std::size_t depth = std::min(kDepth, k - p0);
        for (std::size_t i_begin = 0; i_begin < m; i_begin += kBlockRows) {
            const std::size_t i_end = std::min(m, i_begin + kBlockRows);
            for (std::size_t j0 = 0; j0 < n; j0 += kTileCols) {
                const std::size_t cols = std::min(kTileCols, n - j0);
                const Panel panel = b_panel(op_b, p0, depth, j0, cols, scratch);
                if (panel.width == kTileCols)
                    multiply_panel<kTileCols / kVectorDoubles>(op_a, panel, c, i_begin, i_end, p0, depth, j0, cols);
                else
                    multiply_panel<1>(op_a, panel, c, i_begin, i_end, p0, depth, j0, cols);
            }
        }
    }
}

}  // namespace course
