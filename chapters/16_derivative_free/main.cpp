// Chapter 16 — derivative-free optimization.
// Methods that only ever ask for f(x): a genetic algorithm, Nelder-Mead, CMA-ES and Bayesian optimization,
// then all of them against random search and gradient descent, counted in evaluations to a target.
// Writes figures 43_genetic_algorithm.png … 49_evaluations_table.png.
// Run: make run CH=16 ARGS="--seeds 21 --budget 5000"
#include "chapters/16_derivative_free/lecture.hpp"
#include "common/cli.hpp"

namespace df = course::derivative_free;

namespace {

const course::Program kProgram{
    "16_derivative_free",
    "Chapter 16: derivative-free optimization — a genetic algorithm, Nelder-Mead, CMA-ES and Bayesian optimization "
    "with a Gaussian process, compared with random search and gradient descent by evaluations to a target.",
    {course::Flag::integer("seeds", 9, "random starts per method and problem in the comparison (step 6)", 1, 1000),
     course::Flag::integer("budget", 3000, "evaluations per run in the comparison (step 6)", 50, 1000000),
     course::Flag::integer("bo-budget", 60, "evaluations per Bayesian-optimization run in the comparison", 6, 500)}};

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        df::genetic_lesson(args);
        df::nelder_mead_lesson(args);
        df::cma_lesson(args);
        df::gaussian_process_lesson(args);
        df::bayes_2d_lesson(args);
        df::comparison_lesson(args);
    });
}
