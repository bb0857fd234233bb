// Given: the lineups of the lecture, the face network trained by each optimizer (chapter 08's forward
// and backward passes feeding this chapter's parameter list), and the table of iterations.
#include "chapters/10_optimizers/comparisons.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/08_backpropagation/trainer.hpp"
#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::optimizers {

namespace bp = course::backpropagation;

namespace {

struct Rates {
    double sgd, momentum, adagrad, rmsprop, adam;
};

Rates rates_for(const std::string& problem) {
    if (problem == "parabola") return {0.1, 0.01, 1.0, 0.1, 0.5};
    if (problem == "rosenbrock") return {4e-4, 1e-4, 1.0, 0.01, 0.1};
    if (problem == "beale") return {0.01, 0.002, 0.5, 0.01, 0.05};
    if (problem == "saddle") return {0.05, 0.01, 0.1, 0.01, 0.05};
    throw std::invalid_argument("path_lineup: no learning rates for '" + problem + "'");
}

}  // namespace

std::vector<Contender> path_lineup(const std::string& problem) {
    const Rates r = rates_for(problem);
    const std::string moving_average = problem == "parabola" ? " (EMA, step 0.1)" : "";
    return {{"SGD, lr " + fmt(r.sgd), SgdOptions{.lr = r.sgd}},
            {"momentum 0.9, lr " + fmt(r.momentum) + moving_average, SgdOptions{.lr = r.momentum, .momentum = 0.9}},
            {"Nesterov 0.9, lr " + fmt(r.momentum), SgdOptions{.lr = r.momentum, .momentum = 0.9, .nesterov = true}},
            {"Adagrad, lr " + fmt(r.adagrad), AdagradOptions{.lr = r.adagrad}},
            {"RMSprop, lr " + fmt(r.rmsprop), RmspropOptions{.lr = r.rmsprop}},
            {"Adam, lr " + fmt(r.adam), AdamOptions{.lr = r.adam}}};
}

std::vector<Contender> face_lineup() {
    return {{"SGD, lr 0.1", SgdOptions{.lr = 0.1}},
            {"momentum 0.9, lr 0.01", SgdOptions{.lr = 0.01, .momentum = 0.9}},
            {"Nesterov 0.9, lr 0.01", SgdOptions{.lr = 0.01, .momentum = 0.9, .nesterov = true}},
            {"Adagrad, lr 0.01", AdagradOptions{}},
            {"Adadelta, lr 1", AdadeltaOptions{}},
            {"RMSprop, lr 0.01", RmspropOptions{}},
            {"Adam, lr 0.001", AdamOptions{}},
            {"AdamW, lr 0.001", AdamWOptions{}},
            {"Adamax, lr 0.002", AdamaxOptions{}},
            {"NAdam, lr 0.002", NAdamOptions{}}};
}

std::vector<Trajectory> run_lineup(const std::vector<Contender>& lineup, const TestFunction& function, Point start,
                                   std::size_t steps) {
    std::vector<Trajectory> runs;
    for (const Contender& c : lineup) {
        Optimizer optimizer(c.options);
        runs.push_back(run_on_function(function, optimizer, start, {.steps = steps}));
    }
    return runs;
}

ParameterList network_parameters(bp::Network& network, const bp::Gradients& grads) {
    if (grads.dW.size() != network.layers.size() || grads.db.size() != network.layers.size())
        throw ShapeError("network_parameters: gradients for " + std::to_string(grads.dW.size()) +
                         " layers, the network has " + std::to_string(network.layers.size()));
    ParameterList params;
    for (std::size_t l = 0; l < network.layers.size(); ++l) {
        params.push_back({&network.layers[l].W, &grads.dW[l]});
        params.push_back({&network.layers[l].b, &grads.db[l]});
    }
    return params;
}

// Chapter 08's network, data and loop; only the update differs from one contender to the next.
std::vector<FaceCurve> train_face_lineup(const std::vector<Contender>& lineup, const FaceSettings& settings) {
    bp::FaceRecipe recipe;
    recipe.n_faces = settings.faces;
    const bp::FaceData data = bp::prepare_face_data(recipe, settings.seed);
    std::vector<FaceCurve> curves;
    for (const Contender& contender : lineup) {
        bp::Network network = bp::make_face_network(recipe, settings.seed);
        Optimizer optimizer(contender.options);
        const bp::TrainOptions options{.lr = optimizer.lr(),
                                       .batch_size = settings.batch_size,
                                       .iterations = settings.iterations,
                                       .eval_every = settings.eval_every,
                                       .seed = settings.seed + 2};
        bp::Workspace workspace = bp::make_workspace(network, options.batch_size);
        bp::Trainable model = bp::face_model(network, workspace);
        bp::FitHistory run;
        try {
            run = bp::fit(model, data.train, data.validation, options,
                          {.update = optimizer_update(optimizer, network_parameters(network, workspace.grads))});
        } catch (const RuntimeFailure& e) {
            throw RuntimeFailure(contender.label + ": " + e.what());
        }
        curves.push_back({contender.label, std::move(run.history.train_loss), std::move(run.history.val_iterations),
                          std::move(run.history.val_loss)});
    }
    return curves;
}

IterationsTable iterations_table(const std::vector<std::string>& functions, const std::vector<double>& lr_grid,
                                 std::size_t budget, double tolerance) {
    IterationsTable table{{}, functions, {}, tolerance, budget, lr_grid};
    for (const Contender& contender : face_lineup()) {
        Optimizer probe(contender.options);
        const bool adadelta = probe.name() == "adadelta";
        table.optimizers.push_back(contender.label.substr(0, contender.label.find(',')));
        std::vector<IterationsCell> row;
        for (const std::string& name : functions) {
            const TestFunction& f = test_function(name);
            IterationsCell best;
            for (const double lr : lr_grid) {
                if (best.steps == 0) break;  // the start is already there: no rate can do better
                Optimizer optimizer(contender.options);
                optimizer.set_lr(adadelta ? 100 * lr : lr);
                // Only the first step at the target counts, and only if it beats the best rate so far:
                // the run stops there, or after best.steps − 1 steps.
                const std::size_t steps_allowed = best.steps == never ? budget : std::min(budget, best.steps - 1);
                const double target = f.minimum + tolerance;
                const Trajectory run = run_on_function(f, optimizer, f.start, {.steps = steps_allowed, .stop_at = target});
                const std::size_t steps = steps_to_reach(run, target);
                if (steps < best.steps) best = {steps, optimizer.lr()};
            }
            row.push_back(best);
        }
        table.cells.push_back(row);
    }
    return table;
}

}  // namespace course::optimizers
