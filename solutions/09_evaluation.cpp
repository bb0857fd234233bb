// Chapter 09 — reference solutions. Same functions, same order as exercises/09_evaluation.cpp.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/09_evaluation/evaluation.hpp"
#include "common/errors.hpp"

namespace course::evaluation {

namespace {
void require_same_nonempty(const Matrix& predicted, const Matrix& truth, const char* who) {
    if (!predicted.same_shape(truth) || predicted.rows() == 0)
        throw ShapeError(std::string(who) + ": predictions " + predicted.shape() + " and truth " + truth.shape() +
                         " must have the same shape with at least one row");
}
}  // namespace

// Exercise 9.1 — mean absolute error of each output column.
//   One running total per column; each row adds its absolute miss to every column's total.
std::vector<double> mae_per_output(const Matrix& predicted, const Matrix& truth) {
    require_same_nonempty(predicted, truth, "mae_per_output");
    std::vector<double> totals(truth.cols(), 0.0);
    for (std::size_t i = 0; i < truth.rows(); ++i)
        for (std::size_t j = 0; j < truth.cols(); ++j) totals[j] += std::abs(predicted(i, j) - truth(i, j));
    for (double& total : totals) total /= static_cast<double>(truth.rows());
    return totals;
}

// Exercise 9.2 — root mean squared error of each output column.
//   The same loop with squares, and a square root at the end: back in degrees.
std::vector<double> rmse_per_output(const Matrix& predicted, const Matrix& truth) {
    require_same_nonempty(predicted, truth, "rmse_per_output");
    std::vector<double> totals(truth.cols(), 0.0);
    for (std::size_t i = 0; i < truth.rows(); ++i)
        for (std::size_t j = 0; j < truth.cols(); ++j) totals[j] += std::pow(predicted(i, j) - truth(i, j), 2);
    for (double& total : totals) total = std::sqrt(total / static_cast<double>(truth.rows()));
    return totals;
}

// Exercise 9.3 — the error as a function of the true angle.
//   Bin b covers [lo + b·w, lo + (b+1)·w) with w = (hi − lo)/bins; floor((t − lo)/w) finds it, clamped
//   so that t = hi (and anything beyond the range) lands in an end bin.
std::vector<AngleBin> error_by_angle(const std::vector<double>& truth, const std::vector<double>& predicted,
                                     double lo, double hi, std::size_t bins) {
    if (truth.size() != predicted.size())
        throw std::invalid_argument("error_by_angle: " + std::to_string(truth.size()) + " true angles but " +
                                    std::to_string(predicted.size()) + " predictions");
    if (bins == 0 || !(lo < hi)) throw std::invalid_argument("error_by_angle: need bins ≥ 1 and lo < hi");
    const double width = (hi - lo) / static_cast<double>(bins);
    std::vector<AngleBin> result(bins);
    for (std::size_t b = 0; b < bins; ++b) {
        result[b].lo = lo + static_cast<double>(b) * width;
        result[b].hi = lo + static_cast<double>(b + 1) * width;
    }
    for (std::size_t i = 0; i < truth.size(); ++i) {
        const double position = std::floor((truth[i] - lo) / width);
        const auto b = static_cast<std::size_t>(std::clamp(position, 0.0, static_cast<double>(bins - 1)));
        const double error = predicted[i] - truth[i];
        ++result[b].count;
        result[b].mean_abs_error += std::abs(error);
        result[b].mean_error += error;
    }
    for (AngleBin& bin : result)
        if (bin.count > 0) {
            bin.mean_abs_error /= static_cast<double>(bin.count);
            bin.mean_error /= static_cast<double>(bin.count);
        }
    return result;
}

// Exercise 9.4 — a bootstrap confidence interval for the test MAE.
//   The test faces are a sample; redrawing n of them with replacement imitates drawing another test set
//   of the same size from the same distribution. The spread of the MAE over many redraws estimates how
//   far this test set's MAE may be from the MAE on all faces; the percentile interval reads it off the
//   redraws' quantiles.
double quantile(std::vector<double> values, double p) {
    if (values.empty()) throw std::invalid_argument("quantile: no values");
    if (!(p >= 0 && p <= 1)) throw std::invalid_argument("quantile: p must be in [0, 1]");
    std::sort(values.begin(), values.end());
    const double position = p * static_cast<double>(values.size() - 1);
    const auto below = static_cast<std::size_t>(std::floor(position));
    const std::size_t above = std::min(below + 1, values.size() - 1);
    const double fraction = position - static_cast<double>(below);
    return values[below] + fraction * (values[above] - values[below]);
}

ConfidenceInterval bootstrap_mae_interval(const std::vector<double>& abs_errors, std::size_t resamples,
                                          double confidence, Rng& rng) {
    if (abs_errors.empty()) throw std::invalid_argument("bootstrap_mae_interval: no errors to resample");
    if (resamples == 0) throw std::invalid_argument("bootstrap_mae_interval: need at least one resample");
    if (!(confidence > 0 && confidence < 1))
        throw std::invalid_argument("bootstrap_mae_interval: the confidence must be in (0, 1), e.g. 0.95");
    const std::size_t n = abs_errors.size();
    std::vector<double> maes(resamples);
    for (double& mae : maes) {
        double total = 0;
        for (std::size_t k = 0; k < n; ++k) total += abs_errors[rng.index(n)];
        mae = total / static_cast<double>(n);
    }
    return {quantile(maes, (1 - confidence) / 2), quantile(maes, (1 + confidence) / 2)};
}

}  // namespace course::evaluation
