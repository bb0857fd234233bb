// Colours: parsing, the tab10 cycle and the colormaps, all from published anchor values.
#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "common/plot/plot.hpp"

namespace course::plot {

Color hex(std::string_view rrggbb) {
    if (!rrggbb.empty() && rrggbb.front() == '#') rrggbb.remove_prefix(1);
    auto digit = [&](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        throw std::invalid_argument("plot::hex(\"" + std::string(rrggbb) + "\"): expected a colour like \"#1f77b4\"");
    };
    if (rrggbb.size() != 6) {
        throw std::invalid_argument("plot::hex(\"" + std::string(rrggbb) + "\"): expected a colour like \"#1f77b4\"");
    }
    auto byte = [&](int k) { return static_cast<std::uint8_t>(digit(rrggbb[k]) * 16 + digit(rrggbb[k + 1])); };
    return {byte(0), byte(2), byte(4)};
}

namespace {
constexpr std::array<Color, 10> tab10_colors = {{{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c},
                                                 {0xd6, 0x27, 0x28}, {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b},
                                                 {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f}, {0xbc, 0xbd, 0x22},
                                                 {0x17, 0xbe, 0xcf}}};

// Viridis at t = 0, 1/8, …, 1 (matplotlib's published values); straight lines in RGB in between
// stay within a small fraction of a percent of the full 256-entry table.
constexpr std::array<Color, 9> viridis_anchors = {{{0x44, 0x01, 0x54}, {0x47, 0x2d, 0x7b}, {0x3b, 0x52, 0x8b},
                                                   {0x2c, 0x72, 0x8e}, {0x21, 0x91, 0x8c}, {0x28, 0xae, 0x80},
                                                   {0x5e, 0xc9, 0x62}, {0xad, 0xdc, 0x30}, {0xfd, 0xe7, 0x25}}};

// Moreland's diverging cool–warm map at t = 0, 1/4, 1/2, 3/4, 1.
constexpr std::array<Color, 5> coolwarm_anchors = {
    {{0x3b, 0x4c, 0xc0}, {0x8d, 0xb0, 0xfe}, {0xdd, 0xdd, 0xdd}, {0xf4, 0x9a, 0x7b}, {0xb4, 0x04, 0x26}}};

template <std::size_t N>
Color piecewise_linear(const std::array<Color, N>& anchors, double t) {
    if (!(t >= 0)) t = 0;  // also catches NaN
    if (t > 1) t = 1;
    const double position = t * (N - 1);
    const std::size_t k = std::min(static_cast<std::size_t>(position), N - 2);
    return mix(anchors[k], anchors[k + 1], position - k);
}
}  // namespace

Color tab10(int i) { return tab10_colors[static_cast<std::size_t>(((i % 10) + 10) % 10)]; }

Color viridis(double t) { return piecewise_linear(viridis_anchors, t); }

Color mix(Color a, Color b, double t) {
    auto channel = [t](std::uint8_t x, std::uint8_t y) {
        return static_cast<std::uint8_t>(std::lround(x + (y - x) * std::clamp(t, 0.0, 1.0)));
    };
    return {channel(a.r, b.r), channel(a.g, b.g), channel(a.b, b.b)};
}

Color colormap(Colormap map, double t) {
    switch (map) {
        case Colormap::viridis: return viridis(t);
        case Colormap::coolwarm: return piecewise_linear(coolwarm_anchors, t);
        case Colormap::gray: break;
    }
    return mix(colors::black, colors::white, std::isnan(t) ? 0.0 : t);
}

Color named(std::string_view name) {
    struct Entry {
        std::string_view name;
        Color color;
    };
    static constexpr std::array<Entry, 25> table = {{
        {"black", colors::black}, {"white", colors::white}, {"gray", colors::gray}, {"grey", colors::gray},
        {"lightgray", colors::light_gray}, {"darkgray", colors::dark_gray}, {"red", colors::red},
        {"green", colors::green}, {"blue", colors::blue}, {"orange", colors::orange}, {"purple", colors::purple},
        {"brown", colors::brown}, {"pink", colors::pink}, {"olive", colors::olive}, {"cyan", colors::cyan},
        {"tab:blue", tab10_colors[0]}, {"tab:orange", tab10_colors[1]}, {"tab:green", tab10_colors[2]},
        {"tab:red", tab10_colors[3]}, {"tab:purple", tab10_colors[4]}, {"tab:brown", tab10_colors[5]},
        {"tab:pink", tab10_colors[6]}, {"tab:gray", tab10_colors[7]}, {"tab:olive", tab10_colors[8]},
        {"tab:cyan", tab10_colors[9]},
    }};
    for (const Entry& e : table) {
        if (e.name == name) return e.color;
    }
    throw std::invalid_argument("plot::named(\"" + std::string(name) +
                                "\"): unknown colour; use e.g. \"red\", \"tab:blue\" or plot::hex(\"#rrggbb\")");
}

}  // namespace course::plot
