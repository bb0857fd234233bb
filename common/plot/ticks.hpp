// Number formatting shared by tick labels, colorbars and 3-D axes.
#pragma once

#include <string>
#include <vector>

#include "common/plot/plot.hpp"

namespace course::plot {

// "10⁻³" for exponent −3, with Unicode superscript digits.
std::string power_of_ten(int exponent);
// `value` with `decimals` digits after the point, trailing zeros dropped, a true minus sign (U+2212)
// and no "−0".
std::string format_fixed(double value, int decimals);
// A short general label: "0.02", "250", "1.5×10⁶".
std::string format_general(double value);

// Every nice tick set for [lo, hi], the best first (linear_ticks() is the first): what an axis falls
// back on when the first set's labels do not fit its length. Never empty.
std::vector<std::vector<Tick>> linear_tick_choices(double lo, double hi);

}  // namespace course::plot
