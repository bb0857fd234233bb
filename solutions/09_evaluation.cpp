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

// 9.1 One running total per column; each row adds its absolute miss to every column's total.
std::vector<double> mae_per_output(const Matrix& predicted, const Matrix& truth) {
    require_same_nonempty(predicted, truth, "mae_per_output");
    std::vector<double> totals(truth.cols(), 0.0);
    for (std::size_t i = 0; i < truth.rows(); ++i)
        for (std::size_t j = 0; j < truth.cols(); ++j) totals[j] += std::abs(predicted(i, j) - truth(i, j));
    for (double& total : totals) total /= static_cast<double>(truth.rows());
    return totals;
}

// 9.2 The same loop with squares, and a square root at the end: back in degrees.
std::vector<double> rmse_per_output(const Matrix& predicted, const Matrix& truth) {
    require_same_nonempty(predicted, truth, "rmse_per_output");
    std::vector<double> totals(truth.cols(), 0.0);
    for (std::size_t i = 0; i < truth.rows(); ++i)
        for (std::size_t j = 0; j < truth.cols(); ++j) totals[j] += std::pow(predicted(i, j) - truth(i, j), 2);
    for (double& total : totals) total = std::sqrt(total / static_cast<double>(truth.rows()));
    return totals;
}

// 9.3 Bin b covers [lo + b·w, lo + (b+1)·w) with w = (hi − lo)/bins; floor((t − lo)/w) finds it, clamped
//     so that t = hi (and anything beyond the range) lands in an end bin.
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

}  // namespace course::evaluation
