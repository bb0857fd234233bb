// Chapter 09 — evaluation. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=09`. Stuck? `make hint EX=9.3`. The README explains every number.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/09_evaluation/evaluation.hpp"
#include "common/errors.hpp"

namespace course::evaluation {

// Exercise 9.1 — mean absolute error of each output column.
//   MAEⱼ = (1/n) Σᵢ |predicted(i, j) − truth(i, j)|
// Throw course::ShapeError if the shapes differ or there are no rows.
std::vector<double> mae_per_output(const Matrix& predicted, const Matrix& truth) {
    throw NotImplemented("9.1");
}

// Exercise 9.2 — root mean squared error of each output column.
//   RMSEⱼ = √((1/n) Σᵢ (predicted(i, j) − truth(i, j))²)
// Same checks as 9.1.
std::vector<double> rmse_per_output(const Matrix& predicted, const Matrix& truth) {
    throw NotImplemented("9.2");
}

// Exercise 9.3 — the error as a function of the true angle.
//   width = (hi − lo)/bins; bin b covers [lo + b·width, lo + (b + 1)·width)
//   example i goes to bin floor((truth[i] − lo)/width), clamped to 0 … bins − 1
//   per bin: count, mean |predicted − truth|, mean (predicted − truth)  (leave both 0 when count is 0)
// Throw std::invalid_argument if the vectors differ in length, bins == 0 or lo ≥ hi.
std::vector<AngleBin> error_by_angle(const std::vector<double>& truth, const std::vector<double>& predicted,
                                     double lo, double hi, std::size_t bins) {
    throw NotImplemented("9.3");
}

}  // namespace course::evaluation
