// Chapter 15 — the program's lessons (main.cpp calls them in order) and their figures.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "chapters/15_second_order/second_order.hpp"
#include "common/cli.hpp"

namespace course::second_order {

// The settings the flags give (main.cpp).
struct Settings {
    std::size_t max_iterations = 20000;  // first-order methods in the comparison
    double target = 1e-8;                // f − f* to reach
    std::size_t memory = 10;             // L-BFGS pairs
    bool timings = false;                // print wall times (not byte-identical)
    std::string out;
    bool quick = false;
};

// lessons_newton.cpp: README sections 1–4 (figures 37, 41, 39).
void newton_lesson(const Settings& settings);
void negative_curvature_lesson(const Settings& settings);
void line_search_lesson(const Settings& settings);
// lessons_quasi_newton.cpp: sections 5 and 7 (figures 40, 38); comparison.cpp: section 8 (figure 42).
void conjugate_gradient_lesson(const Settings& settings);
void convergence_order_lesson(const Settings& settings);
void comparison_lesson(const Settings& settings);

// ‖xₖ − x*‖ for each point of a run, x* the problem's nearest listed minimiser.
std::vector<double> distances_to_minimum(const Run& run, const Problem& problem);

}  // namespace course::second_order
