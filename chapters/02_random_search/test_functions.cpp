// Chapter 02, given code: the test functions of chapters 02–04, taken from the course's catalogue
// (common/test_problems.hpp) with the box and the largest curvature these chapters use, and the
// evaluation log that chapter 04 uses to time every method the same way.
#include <chrono>
#include <cmath>
#include <numbers>
#include <string>
#include <utility>

#include "chapters/02_random_search/random_search.hpp"
#include "common/test_problems.hpp"

namespace course::random_search {

namespace {

// The catalogue's problem as this chapter's TestFunction: its first minimiser, the given box and L.
TestFunction from_problem(problems::Problem p, std::string name, double half_width, double max_curvature) {
    TestFunction f;
    f.name = std::move(name);
    f.value = std::move(p.value);
    f.gradient = std::move(p.gradient);
    f.bounds = {Vector(p.dim, -half_width), Vector(p.dim, half_width)};
    f.minimizer = p.minimizers.front();
    f.minimum = p.minimum;
    f.max_curvature = max_curvature;
    return f;
}

}  // namespace

TestFunction bowl() { return from_problem(problems::bowl(), "bowl", 4.0, 2.0); }  // the Hessian is 2·I

TestFunction elongated_bowl(double condition) {
    return from_problem(problems::elongated_bowl(condition), "elongated bowl", 4.0, condition);
}

// f'' = 2 + 40π² cos 2πx is largest, 2 + 40π², at integers.
TestFunction rastrigin(std::size_t dim) {
    return from_problem(problems::rastrigin(dim), "Rastrigin", 5.12, 2.0 + 40.0 * std::numbers::pi * std::numbers::pi);
}

// The Hessian [[12x² + 4y − 42, 4x + 4y], [4x + 4y, 12y² + 4x − 26]] has its largest eigenvalue on the
// box at the corner (5, 5): 286 + √(8² + 40²) ≈ 326.8.
TestFunction himmelblau() {
    return from_problem(problems::himmelblau(), "Himmelblau", 5.0, 286.0 + std::sqrt(64.0 + 1600.0));
}

TestFunction sphere(std::size_t dim) { return from_problem(problems::sphere(dim), "sphere", 1.0, 2.0); }

EvaluationLog::EvaluationLog(Objective f) : f_(std::move(f)), start_(std::chrono::steady_clock::now()) {}

Objective EvaluationLog::objective() {
    return [this](const Vector& theta) {
        const double value = f_(theta);
        values_.push_back(value);
        seconds_.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
        return value;
    };
}

}  // namespace course::random_search
