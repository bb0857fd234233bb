#include "common/random.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

namespace course {

namespace {

std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// splitmix64: turns any seed, even 0 or 1, into well-mixed state words.
std::uint64_t splitmix64(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
    for (auto& word : state_) word = splitmix64(seed);
}

std::uint64_t Rng::next_u64() {
    const std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
}

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

double Rng::uniform(double low, double high) { return low + (high - low) * uniform(); }

// Marsaglia's polar method: draw a point uniformly in the unit disc (rejecting the ~21% outside it);
// then u·sqrt(−2 ln s / s) and v·sqrt(−2 ln s / s) are two independent standard normals. The second
// is kept for the next call.
double Rng::normal(double mean, double stddev) {
    if (has_spare_normal_) {
        has_spare_normal_ = false;
        return mean + stddev * spare_normal_;
    }
    double u, v, s;
    do {
        u = uniform(-1.0, 1.0);
        v = uniform(-1.0, 1.0);
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double scale = std::sqrt(-2.0 * std::log(s) / s);
    spare_normal_ = v * scale;
    has_spare_normal_ = true;
    return mean + stddev * u * scale;
}

// Rejection sampling: draws above the largest multiple of n are redrawn, so no value is favoured.
std::size_t Rng::index(std::size_t n) {
    if (n == 0) throw std::invalid_argument("Rng::index: n must be positive");
    const std::uint64_t range = n;
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % range + 1) % range;
    std::uint64_t draw;
    do draw = next_u64();
    while (draw > limit);
    return static_cast<std::size_t>(draw % range);
}

std::int64_t Rng::integer(std::int64_t low, std::int64_t high) {
    if (low > high)
        throw std::invalid_argument("Rng::integer: low (" + std::to_string(low) + ") > high (" +
                                    std::to_string(high) + ")");
    const auto span = static_cast<std::uint64_t>(high) - static_cast<std::uint64_t>(low);
    if (span == UINT64_MAX) return static_cast<std::int64_t>(next_u64());
    return low + static_cast<std::int64_t>(index(static_cast<std::size_t>(span + 1)));
}

Rng Rng::split() { return Rng(next_u64()); }

}  // namespace course
