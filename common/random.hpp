// Random: the course's own small random generator, so that the same --seed gives the same numbers
// with every compiler and standard library. (std::mt19937 is portable, but std::normal_distribution
// and friends are not: each standard library draws its samples by a different method.)
//
// The engine is xoshiro256** (Blackman & Vigna, 2018), seeded by expanding the 64-bit seed with
// splitmix64. Normal samples use the Marsaglia polar method, which needs only log and sqrt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

namespace course {

class Rng {
public:
    explicit Rng(std::uint64_t seed = 42);

    std::uint64_t next_u64();
    // Uniform in [0, 1): the top 53 bits of a 64-bit draw, so every double is equally likely.
    double uniform();
    double uniform(double low, double high);  // uniform in [low, high)
    double normal(double mean = 0.0, double stddev = 1.0);
    // An integer uniform in [low, high], both included, without modulo bias.
    std::int64_t integer(std::int64_t low, std::int64_t high);
    // An index uniform in [0, n).
    std::size_t index(std::size_t n);

    // Fisher–Yates: every permutation equally likely.
    template <typename T>
    void shuffle(std::span<T> items) {
        for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[index(i)]);
    }

    // An independent generator for a sub-task (e.g. one per restart), derived from this one.
    Rng split();

private:
    std::uint64_t state_[4];
    bool has_spare_normal_ = false;
    double spare_normal_ = 0.0;
};

}  // namespace course
