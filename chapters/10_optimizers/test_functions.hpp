// Chapter 10 — 2-D test functions with analytic gradients and known minima, the problems on which the
// optimizers are compared and which the playground names on the command line (README has the formulas).
// They are the course's catalogue (common/test_problems.hpp) seen through (x, y), with this chapter's
// start points.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace course::optimizers {

struct Point {
    double x = 0.0, y = 0.0;
};

struct TestFunction {
    std::string name;     // as on the command line: "rosenbrock"
    std::string formula;  // "f(x, y) = (1 − x)² + 100(y − x²)²"
    std::function<double(double x, double y)> value;
    std::function<Point(double x, double y)> gradient;  // (∂f/∂x, ∂f/∂y), analytic
    double x_min = -1.0, x_max = 1.0, y_min = -1.0, y_max = 1.0;  // the standard domain (for plots)
    std::vector<Point> minimizers;  // every global minimiser; empty when f is unbounded below (saddle)
    double minimum = 0.0;           // f at the minimisers
    Point start;                    // the playground's default start
};

// sphere, ill_conditioned, rosenbrock, beale, himmelblau, booth, rastrigin, ackley, six_hump_camel,
// saddle — in that order.
const std::vector<TestFunction>& test_functions();
// Throws std::invalid_argument listing the names for an unknown one.
const TestFunction& test_function(const std::string& name);
std::vector<std::string> test_function_names();

}  // namespace course::optimizers
