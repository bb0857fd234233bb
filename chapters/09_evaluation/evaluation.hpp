// Chapter 09 — evaluation: how wrong is the trained network, and where?
//
// On the held-out test set (n faces, k = 2 outputs: yaw and pitch, in degrees), with eᵢⱼ = ŷᵢⱼ − yᵢⱼ:
//
//     MAEⱼ  = (1/n) Σᵢ |eᵢⱼ|             the typical miss, in the output's own unit
//     RMSEⱼ = √((1/n) Σᵢ eᵢⱼ²)           the square root of what training minimised (up to a factor)
//
// RMSE ≥ MAE always (the mean of squares is at least the square of the mean, by Jensen or by
// Var(|e|) ≥ 0), with equality only when every miss has the same size: the gap between them measures
// how much of the error sits in a few large misses. "Overall" is the mean over the outputs of the MAE,
// and the square root of the mean over outputs of the squared RMSE (every entry counted once).
//
// Error analysis: averages hide where a model fails. Binning the test faces by their true angle and
// averaging the error per bin shows whether the misses are uniform or concentrated at, say, faces that
// look far to the side; the mean SIGNED error per bin shows a bias, such as the pull towards the mean
// angle that squared-error regressors have where they are unsure.
//
// Uncertainty: the test MAE is itself an estimate from n faces. The percentile bootstrap (Efron, 1979)
// redraws n faces with replacement from the test set many times, recomputes the MAE of each redraw, and
// reads a confidence interval off the quantiles of those MAEs; its width shrinks like 1/√n.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::evaluation {

// The test faces with their true angle in [lo, hi) (the last bin also holds hi).
struct AngleBin {
    double lo = 0, hi = 0;
    std::size_t count = 0;
    double mean_abs_error = 0;  // (1/count) Σ |ŷ − y| over the bin; 0 for an empty bin
    double mean_error = 0;      // (1/count) Σ (ŷ − y): > 0 means the bin's angles are overestimated
    double centre() const { return (lo + hi) / 2; }
};

// A confidence interval [lo, hi].
struct ConfidenceInterval {
    double lo = 0, hi = 0;
};

// Every number the summary reports, per output (column) and overall.
struct Metrics {
    std::vector<double> mae, rmse;  // one per output column
    double overall_mae = 0, overall_rmse = 0;
};

// ---- given (metrics.cpp) ------------------------------------------------------------------------------
// mae_per_output and rmse_per_output, and the overall numbers from them (see above).
Metrics evaluate(const Matrix& predicted, const Matrix& truth);
// Column c of m as a vector.
std::vector<double> column(const Matrix& m, std::size_t c);

// ---- exercises ----------------------------------------------------------------------------------------
// 9.1 MAE of every column: (1/n) Σᵢ |predicted(i, j) − truth(i, j)|. Throws course::ShapeError if the
//     shapes differ or there are no rows.
std::vector<double> mae_per_output(const Matrix& predicted, const Matrix& truth);
// 9.2 RMSE of every column: √((1/n) Σᵢ (predicted(i, j) − truth(i, j))²). Same checks.
std::vector<double> rmse_per_output(const Matrix& predicted, const Matrix& truth);
// 9.3 `bins` equal bins over [lo, hi]; example i goes to the bin of truth[i] (a value outside [lo, hi]
//     to the nearest end bin), and each bin gets its count, mean |predicted − truth| and mean
//     (predicted − truth). Throws std::invalid_argument if the vectors differ in length, bins is 0 or
//     lo ≥ hi.
std::vector<AngleBin> error_by_angle(const std::vector<double>& truth, const std::vector<double>& predicted,
                                     double lo, double hi, std::size_t bins);
// 9.4 quantile(values, p): the p-quantile of values (in any order) by linear interpolation between the
//     sorted values at position p·(n − 1), numpy's default. Throws std::invalid_argument for no values or
//     p outside [0, 1].
//     bootstrap_mae_interval(abs_errors, resamples, confidence, rng): the percentile bootstrap interval of
//     the mean of abs_errors (one per test face): `resamples` times, the mean of n values drawn with
//     replacement by n calls rng.index(n); the interval is the (1 − confidence)/2 and (1 + confidence)/2
//     quantiles of those means. Throws std::invalid_argument for no errors, 0 resamples or a confidence
//     outside (0, 1).
double quantile(std::vector<double> values, double p);
ConfidenceInterval bootstrap_mae_interval(const std::vector<double>& abs_errors, std::size_t resamples,
                                          double confidence, Rng& rng);

}  // namespace course::evaluation
