// Chapter 09 — evaluation. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=09`. Stuck? `make hint EX=9.3` (and LEVEL=2, LEVEL=3 for more).
// The README explains every number; evaluation.hpp defines the types.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/09_evaluation/evaluation.hpp"
#include "common/errors.hpp"

namespace course::evaluation {

// Exercise 9.1 — mean absolute error of each output column (README, section 2).
//   in:  predicted, truth: n×k, one row per test face, one column per output
//   out: k numbers, column j's mean over the n rows of |predicted − truth|
//   errors: course::ShapeError if the shapes differ or there are no rows.
std::vector<double> mae_per_output(const Matrix& predicted, const Matrix& truth) {
    throw NotImplemented("9.1");
}

// Exercise 9.2 — root mean squared error of each output column (README, section 2).
//   out: k numbers, column j's RMSE over the n rows, in the same unit as the data (degrees)
//   errors: as 9.1.
std::vector<double> rmse_per_output(const Matrix& predicted, const Matrix& truth) {
    throw NotImplemented("9.2");
}

// Exercise 9.3 — the error as a function of the true angle (README, section 3).
//   in:  truth[i], predicted[i] for every face; `bins` equal bins over [lo, hi]
//   out: `bins` AngleBins in order, with their edges .lo/.hi and, over the faces whose true angle falls in
//        the bin: .count, .mean_abs_error = mean |predicted − truth|, .mean_error = mean (predicted − truth)
//   bin b holds [its lo, its hi): a value on an inner edge belongs to the bin that STARTS there; hi itself
//   and values beyond either end go to the nearest end bin. An empty bin keeps both means at 0.
//   errors: std::invalid_argument if the vectors differ in length, bins == 0 or lo ≥ hi.
std::vector<AngleBin> error_by_angle(const std::vector<double>& truth, const std::vector<double>& predicted,
                                     double lo, double hi, std::size_t bins) {
    throw NotImplemented("9.3");
}

// Exercise 9.4 — a bootstrap confidence interval for the test MAE (README, section 4).
//   quantile(values, p): sort a copy; linear interpolation at position p·(n − 1) (numpy's default).
//   bootstrap_mae_interval(abs_errors, resamples, confidence, rng):
//     each of `resamples` rounds draws n = abs_errors.size() values WITH replacement (one rng.index(n) per
//     draw, in order) and keeps their mean; return the (1 − confidence)/2 and (1 + confidence)/2 quantiles
//     of the kept means.
//   errors: std::invalid_argument for no values / p outside [0, 1] (quantile), and for no errors,
//   0 resamples or a confidence outside (0, 1) (bootstrap_mae_interval).
double quantile(std::vector<double> values, double p) {
    throw NotImplemented("9.4");
}

ConfidenceInterval bootstrap_mae_interval(const std::vector<double>& abs_errors, std::size_t resamples,
                                          double confidence, Rng& rng) {
    throw NotImplemented("9.4");
}

}  // namespace course::evaluation
