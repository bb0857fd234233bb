// Chapter 09, given code: what the chapter writes — the figure (report_figure.cpp) and the summary of
// the whole core tutorial (summary.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/09_evaluation/evaluation.hpp"

namespace course::evaluation {

// One output's evaluation: its name, the test set's true and predicted values, and the binned errors.
struct OutputReport {
    std::string name;  // "yaw", "pitch"
    std::vector<double> truth, predicted;
    double mae = 0, rmse = 0;
    std::vector<AngleBin> bins;
};

// 09_prediction_scatter.png: per output, true vs predicted with the diagonal (top), and the error
// against the true angle, every face and the binned mean absolute and signed errors (bottom).
void draw_prediction_scatter(const std::vector<OutputReport>& outputs, const std::string& path);

// What 10_summary.txt reports: the formulas and takeaways of chapters 01-09, and this run's numbers.
struct SummaryFacts {
    std::uint64_t seed = 0;
    backpropagation::FaceRecipe recipe;
    std::size_t n_train = 0, n_validation = 0, n_test = 0;
    std::string architecture;                      // "1024 → 32 → 16 → 8 → 2"
    std::vector<std::size_t> parameters_per_layer;  // W and b of each layer
    double initial_validation_loss = 0, final_validation_loss = 0;
    Metrics test, mean_baseline, untrained;
    std::vector<OutputReport> outputs;
    ConfidenceInterval test_mae_interval;  // 95 % percentile bootstrap of the overall test MAE (exercise 9.4)
};
// The summary as text; its last result line reads exactly "Test MAE: <mean of yaw and pitch MAE>°".
std::string summary_text(const SummaryFacts& facts);

}  // namespace course::evaluation
