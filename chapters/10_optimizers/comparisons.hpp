// Chapter 10 — the comparisons the lecture runs: which optimizers, with which learning rates, on the
// parabola, the 2-D test functions and the face network of chapter 08, and the table of iterations.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/10_optimizers/runs.hpp"

namespace course::optimizers {

// One optimizer as a figure shows it: a legend label and its options.
struct Contender {
    std::string label;
    AnyOptions options;
};

// SGD, momentum, Nesterov, Adagrad, RMSprop and Adam with learning rates that suit `problem`
// ("parabola", "rosenbrock", "beale" or "saddle"); the labels carry the rates.
std::vector<Contender> path_lineup(const std::string& problem);
// All ten configurations (the eight optimizers, SGD three ways) for the face network: the seed's SGD
// (lr 0.1), momentum 0.9 and Nesterov with lr 0.01, and PyTorch's default learning rates for the rest.
std::vector<Contender> face_lineup();

// Each contender on `function` from `start` for `steps` steps.
std::vector<Trajectory> run_lineup(const std::vector<Contender>& lineup, const TestFunction& function, Point start,
                                   std::size_t steps);

// ---- the face network of chapter 08, trained by each optimizer on the same budget -------------------------
// (W, dW) and (b, db) of every layer: this chapter's parameter list, pointing into chapter 08's network
// and the gradients its backward pass writes.
ParameterList network_parameters(backpropagation::Network& network, const backpropagation::Gradients& grads);

struct FaceSettings {
    std::size_t faces = 3000;       // generated, before chapter 08's split
    std::size_t iterations = 1000;  // mini-batch steps per optimizer
    std::size_t batch_size = 32;
    std::size_t eval_every = 50;
    std::uint64_t seed = 42;        // the same data, initial weights and batches for every optimizer
};
struct FaceCurve {
    std::string label;
    std::vector<double> train_loss;            // every step's mini-batch loss, before its update
    std::vector<std::size_t> val_iterations;   // 0, eval_every, …, iterations
    std::vector<double> val_loss;
};
// Each through chapter 08's fit() with optimizer_update(). Throws course::RuntimeFailure naming the
// optimizer and the step if a loss becomes NaN or ±∞.
std::vector<FaceCurve> train_face_lineup(const std::vector<Contender>& lineup, const FaceSettings& settings);

// ---- iterations to reach a tolerance -------------------------------------------------------------------
struct IterationsCell {
    std::size_t steps = never;  // the first step with f − f* ≤ tol, with the best learning rate of the grid
    double lr = 0.0;            // that learning rate
};
struct IterationsTable {
    std::vector<std::string> optimizers, functions;
    std::vector<std::vector<IterationsCell>> cells;  // [optimizer][function]
    double tolerance = 1e-6;
    std::size_t budget = 0;
    std::vector<double> lr_grid;
};
// For each optimizer of face_lineup() and each function (from its default start), every learning rate
// of lr_grid (Adadelta's scaled by 100, since its lr is a multiplier around 1) for at most `budget` steps.
IterationsTable iterations_table(const std::vector<std::string>& functions, const std::vector<double>& lr_grid,
                                 std::size_t budget, double tolerance);

}  // namespace course::optimizers
