// Chapter 04, given code: random search, hill climbing and gradient descent on the same problems with
// the same budget of function evaluations, and the figure that compares them (04_all_methods_comparison).
//
// Every method sees the objective through a random_search::EvaluationLog, which records each call's
// value and time, so all three are measured the same way and none can under-count. Gradient descent
// here gets its gradient from central differences (2d evaluations per gradient, exercise 4.2), so an
// evaluation means the same thing for all three; an analytic gradient (4.3, chapter 08's
// backpropagation) costs about as much as a few evaluations whatever the dimension.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/02_random_search/random_search.hpp"

namespace course::gradient_descent {

struct ComparisonSettings {
    std::size_t budget = 2000;  // function evaluations per run
    std::size_t seeds = 5;      // runs per method and problem
    std::uint64_t seed = 42;    // the first seed; run s uses seed + s
};

// One method on one problem: the curves of every seed, padded to the budget with their last value.
struct MethodRuns {
    std::string method;
    std::vector<std::vector<double>> best_so_far;  // per seed, one entry per evaluation (budget entries)
    std::vector<double> seconds;                   // the first seed's time stamp of each evaluation it made
    std::vector<double> final_values;              // per seed
    std::vector<std::size_t> evaluations_used;     // per seed (GD may stop early)
    std::size_t global_hits = 0;                   // seeds that ended within 1e-3 of the global minimum
};

struct ProblemRuns {
    random_search::TestFunction problem;
    std::vector<MethodRuns> methods;  // random search, hill climbing, gradient descent
};

// Runs the three methods on the bowl, the elongated bowl and Rastrigin.
std::vector<ProblemRuns> compare_all_methods(const ComparisonSettings& settings);
// One line per problem and method: median final loss, median evaluations used, global hits.
std::vector<std::vector<std::string>> comparison_table(const std::vector<ProblemRuns>& runs);
// Loss against evaluations (median over seeds) per problem, loss against measured wall time, the table.
void draw_comparison(const std::vector<ProblemRuns>& runs, const ComparisonSettings& settings,
                     const std::string& path);

}  // namespace course::gradient_descent
