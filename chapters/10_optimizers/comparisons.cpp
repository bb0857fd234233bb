// Given: the lineups of the lecture, the face network trained by each optimizer (chapter 08's forward
// and backward passes feeding this chapter's parameter list), and the table of iterations.
#include "chapters/10_optimizers/comparisons.hpp"

#include <cmath>
#include <stdexcept>

#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
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

// Chapter 08's network and data; its backward pass writes dW and db into the workspace, and the
// parameter list points each optimizer at (W, dW) and (b, db) of every layer.
std::vector<FaceCurve> train_face_lineup(const std::vector<Contender>& lineup, const FaceSettings& settings) {
    bp::FaceRecipe recipe;
    recipe.n_faces = settings.faces;
    const bp::FaceData data = bp::prepare_face_data(recipe, settings.seed);
    std::vector<FaceCurve> curves;
    for (const Contender& contender : lineup) {
        bp::Network network = bp::make_face_network(recipe, settings.seed);
        bp::Workspace work = bp::make_workspace(network, settings.batch_size);
        bp::BatchSampler sampler = bp::make_sampler(data.train.size(), settings.batch_size, settings.seed + 2);
        bp::ForwardCache eval_cache;
        ParameterList params;
        for (std::size_t l = 0; l < network.layers.size(); ++l) {
            params.push_back({&network.layers[l].W, &work.grads.dW[l]});
            params.push_back({&network.layers[l].b, &work.grads.db[l]});
        }
        Optimizer optimizer(contender.options);
        FaceCurve curve{contender.label, {}, {0}, {bp::dataset_loss(network, data.validation, eval_cache)}};
        for (std::size_t step = 1; step <= settings.iterations; ++step) {
            bp::next_batch(sampler, data.train.X, data.train.Y, work.X_batch, work.Y_batch);
            const Matrix& predictions = bp::forward_into(network, work.X_batch, work.cache);
            const double loss = bp::mse_loss(predictions, work.Y_batch, work.dY);
            if (!std::isfinite(loss))
                throw RuntimeFailure(contender.label + ": the face network's loss is not finite at step " +
                                     std::to_string(step) + "; try a smaller learning rate");
            bp::backward(network, work.cache, work.dY, work.grads);
            optimizer.step(params);
            curve.train_loss.push_back(loss);
            if (step % settings.eval_every == 0 || step == settings.iterations) {
                curve.val_iterations.push_back(step);
                curve.val_loss.push_back(bp::dataset_loss(network, data.validation, eval_cache));
            }
        }
        curves.push_back(std::move(curve));
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
                Optimizer optimizer(contender.options);
                optimizer.set_lr(adadelta ? 100 * lr : lr);
                const Trajectory run = run_on_function(f, optimizer, f.start, {.steps = budget});
                const std::size_t steps = steps_to_reach(run, f.minimum + tolerance);
                if (steps < best.steps) best = {steps, optimizer.lr()};
            }
            row.push_back(best);
        }
        table.cells.push_back(row);
    }
    return table;
}

}  // namespace course::optimizers
