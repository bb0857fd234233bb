// Chapter 09, given code: the overall numbers from the per-output ones.
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/09_evaluation/evaluation.hpp"

namespace course::evaluation {

// Every output has the same n rows, so the mean of the per-output MAEs is the MAE over all entries,
// and the mean of the squared RMSEs is the mean squared error over all entries.
Metrics evaluate(const Matrix& predicted, const Matrix& truth) {
    Metrics metrics{mae_per_output(predicted, truth), rmse_per_output(predicted, truth), 0.0, 0.0};
    for (std::size_t j = 0; j < metrics.mae.size(); ++j) {
        metrics.overall_mae += metrics.mae[j] / static_cast<double>(metrics.mae.size());
        metrics.overall_rmse += metrics.rmse[j] * metrics.rmse[j] / static_cast<double>(metrics.rmse.size());
    }
    metrics.overall_rmse = std::sqrt(metrics.overall_rmse);
    return metrics;
}

std::vector<double> column(const Matrix& m, std::size_t c) {
    if (c >= m.cols()) throw std::invalid_argument("column: no column " + std::to_string(c) + " in " + m.shape());
    std::vector<double> values(m.rows());
    for (std::size_t r = 0; r < m.rows(); ++r) values[r] = m(r, c);
    return values;
}

}  // namespace course::evaluation
