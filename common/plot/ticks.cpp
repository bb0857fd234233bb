// Tick placement: Heckbert's "nice numbers" for linear axes, decades for log axes.
#include "common/plot/ticks.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "common/plot/plot.hpp"

namespace course::plot {

std::string power_of_ten(int exponent) {
    static constexpr std::array<const char*, 10> superscripts = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string digits = std::to_string(std::abs(exponent));
    std::string out = "10";
    if (exponent < 0) out += "⁻";
    for (char c : digits) out += superscripts[static_cast<std::size_t>(c - '0')];
    return out;
}

namespace {
std::string with_true_minus(std::string text) {
    if (!text.empty() && text[0] == '-') text.replace(0, 1, "−");
    return text;
}
}  // namespace

std::string format_fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", std::clamp(decimals, 0, 15), value);
    std::string text = buffer;
    if (text.find('.') != std::string::npos) {
        while (text.back() == '0') text.pop_back();
        if (text.back() == '.') text.pop_back();
    }
    if (text == "-0") text = "0";
    return with_true_minus(text);
}

std::string format_general(double value) {
    if (value == 0) return "0";
    const double magnitude = std::fabs(value);
    if (magnitude >= 1e-4 && magnitude < 1e5) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.4g", value);
        return with_true_minus(buffer);
    }
    const int exponent = static_cast<int>(std::floor(std::log10(magnitude)));
    const double mantissa = value / std::pow(10.0, exponent);
    const std::string m = format_fixed(mantissa, 2);
    if (m == "1") return power_of_ten(exponent);
    if (m == "−1") return "−" + power_of_ten(exponent);
    return m + "×" + power_of_ten(exponent);
}

std::vector<std::vector<Tick>> linear_tick_choices(double lo, double hi) {
    if (!std::isfinite(lo) || !std::isfinite(hi)) return {{}};
    if (lo > hi) std::swap(lo, hi);
    if (hi - lo <= 1e-12 * std::max(1.0, std::fabs(lo))) {
        const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
        lo -= pad, hi += pad;
    }
    const double range = hi - lo;
    // Every step m × 10ᵏ near range/6, ranked by how close its tick count inside [lo, hi] is to 5–6,
    // preferring the rounder mantissas (1 and 5 read more easily than 2.5).
    struct Candidate {
        double mantissa, preference;
    };
    static constexpr std::array<Candidate, 4> mantissas = {{{1, 0}, {5, 0.2}, {2, 0.3}, {2.5, 0.8}}};
    struct Choice {
        double score, step, mantissa;
        int k;
    };
    std::vector<Choice> choices;
    const int k_mid = static_cast<int>(std::floor(std::log10(range)));
    for (int k = k_mid - 2; k <= k_mid + 1; ++k) {
        for (const Candidate& c : mantissas) {
            const double step = c.mantissa * std::pow(10.0, k);
            const double first = std::ceil(lo / step - 1e-9), last = std::floor(hi / step + 1e-9);
            const double count = last - first + 1;
            double score = std::fabs(count - 5.5) + c.preference;
            if (count < 4 || count > 8) score += 100;
            if (count >= 1) choices.push_back({score, step, c.mantissa, k});
        }
    }
    // Stable: of equal scores the first enumerated wins, as it always has.
    std::stable_sort(choices.begin(), choices.end(), [](const Choice& a, const Choice& b) { return a.score < b.score; });
    const double magnitude = std::max(std::fabs(lo), std::fabs(hi));
    const bool scientific = magnitude >= 1e5 || magnitude < 1e-3;
    std::vector<std::vector<Tick>> sets;
    for (const Choice& c : choices) {
        const int decimals = std::max(0, -c.k) + (c.mantissa == 2.5 && c.k <= 0 ? 1 : 0);
        std::vector<Tick> ticks;
        const double first = std::ceil(lo / c.step - 1e-9), last = std::floor(hi / c.step + 1e-9);
        for (double n = first; n <= last; ++n) {
            const double value = n * c.step;
            ticks.push_back({value, scientific ? format_general(value) : format_fixed(value, decimals), true});
        }
        sets.push_back(std::move(ticks));
    }
    return sets;
}

std::vector<Tick> linear_ticks(double lo, double hi) { return linear_tick_choices(lo, hi).front(); }

std::vector<Tick> log_ticks(double lo, double hi) {
    if (!(lo > 0) || !(hi > 0) || !std::isfinite(lo) || !std::isfinite(hi)) return {};
    if (lo > hi) std::swap(lo, hi);
    const double a = std::log10(lo), b = std::log10(hi);
    const int first_decade = static_cast<int>(std::ceil(a - 1e-9));
    const int last_decade = static_cast<int>(std::floor(b + 1e-9));
    const int decades = last_decade - first_decade + 1;
    std::vector<Tick> ticks;
    auto inside = [&](double v) { return v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9); };
    if (decades >= 2) {
        // Label every stride-th decade so that at most ~7 labels appear; minor ticks only while they
        // are far enough apart to read.
        const int stride = (decades + 6) / 7;
        for (int e = first_decade; e <= last_decade; ++e) {
            const bool labelled = ((e % stride) + stride) % stride == 0;
            ticks.push_back({std::pow(10.0, e), labelled ? power_of_ten(e) : "", labelled});
        }
        if (stride == 1 && decades <= 12) {
            for (int e = first_decade - 1; e <= last_decade; ++e) {
                for (int m = 2; m <= 9; ++m) {
                    const double v = m * std::pow(10.0, e);
                    if (inside(v)) ticks.push_back({v, "", false});
                }
            }
        }
    } else {
        // Less than two decades in view: label 1, 2, 5 × 10ⁿ (or plain nice ticks if still too few).
        for (int e = first_decade - 1; e <= last_decade; ++e) {
            for (int m = 1; m <= 9; ++m) {
                const double v = m * std::pow(10.0, e);
                if (!inside(v)) continue;
                const bool labelled = m == 1 || m == 2 || m == 5;
                ticks.push_back({v, labelled ? format_general(v) : "", labelled});
            }
        }
        const auto labelled = std::count_if(ticks.begin(), ticks.end(), [](const Tick& t) { return t.major; });
        if (labelled < 3) ticks = linear_ticks(lo, hi);
    }
    std::sort(ticks.begin(), ticks.end(), [](const Tick& x, const Tick& y) { return x.value < y.value; });
    return ticks;
}

std::vector<Tick> log_ticks_with_minor_labels(double lo, double hi) {
    std::vector<Tick> ticks = log_ticks(lo, hi);
    if (ticks.empty() || std::fabs(std::log10(hi / lo)) > 3) return ticks;
    for (Tick& t : ticks) {
        if (t.major || !t.label.empty()) continue;  // ranges under two decades label 1-2-5 already
        const int exponent = static_cast<int>(std::floor(std::log10(t.value) + 1e-9));
        const double mantissa = std::round(t.value / std::pow(10.0, exponent));
        if (mantissa == 2 || mantissa == 5) t.label = format_fixed(mantissa, 0) + "×" + power_of_ten(exponent);
    }
    return ticks;
}

}  // namespace course::plot
