// Chapter 17, given code: one trial = the face network of chapter 08 trained at one (η, width).
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/17_hyperparameter_search/study.hpp"
#include "common/errors.hpp"

namespace course::hyperparameter_search {

namespace bp = course::backpropagation;

SearchSpace face_space() {
    return {{.name = "lr", .low = 1e-3, .high = 3.0, .log = true},
            {.name = "width", .low = 4.0, .high = 64.0, .log = true, .integer = true}};
}

FaceProblem make_face_problem(std::size_t faces, std::uint64_t seed) {
    bp::FaceRecipe recipe;
    recipe.n_faces = faces;
    return {bp::prepare_face_data(recipe, seed), faces, 32, seed};
}

records::Metrics train_face(const FaceProblem& problem, double lr, std::size_t width, std::size_t steps,
                            std::uint64_t repeat) {
    // The same initial weights for every lr (drawn from the seed, as chapter 08 draws them); a repeat
    // draws its weights and batches from seeds of its own.
    const std::uint64_t seed = problem.seed + 1000 * repeat;
    Rng rng(seed + 2);
    bp::Network network = neural_network::make_network({1024, width, 16, 8, 2}, rng);
    network.layers.front().W *= bp::FaceRecipe{}.first_layer_scale;
    const bp::TrainOptions options{.lr = lr,
                                   .batch_size = problem.batch_size,
                                   .iterations = steps,
                                   .eval_every = std::max<std::size_t>(1, steps / 10),
                                   .seed = seed + 3};
    std::vector<double> batch_losses;
    batch_losses.reserve(steps);
    std::vector<std::size_t> check_steps;
    std::vector<double> check_losses;
    check_steps.reserve(steps / options.eval_every + 2);  // no allocation inside the loop's hooks
    check_losses.reserve(steps / options.eval_every + 2);
    bp::TrainHooks hooks;
    hooks.on_check = [&](std::size_t step, double val_loss) {
        check_steps.push_back(step);
        check_losses.push_back(std::isnan(val_loss) ? std::numeric_limits<double>::infinity() : val_loss);
        return bp::AfterCheck::keep_training;
    };
    hooks.on_step = [&](std::size_t, double loss) { batch_losses.push_back(loss); };
    bool diverged = false;
    try {
        bp::Workspace workspace = bp::make_workspace(network, options.batch_size);
        bp::Trainable model = bp::face_model(network, workspace);
        bp::fit(model, problem.data.train, problem.data.validation, options, hooks);
    } catch (const RuntimeFailure&) {
        diverged = true;  // a trial that diverges is a result (the worst one), not an error of the study
    }
    records::Metrics metrics{{"step", "train_loss", "val_loss"}, {}};
    std::size_t from = 0;
    for (std::size_t k = 0; k < check_steps.size(); ++k) {
        // After fit, every step up to the last check has reported its loss: steps (previous check, t].
        const std::size_t to = std::min(check_steps[k], batch_losses.size());
        double sum = 0.0;
        for (std::size_t i = from; i < to; ++i) sum += batch_losses[i];
        const double mean = to > from ? sum / static_cast<double>(to - from) : std::nan("");
        metrics.rows.push_back({static_cast<double>(check_steps[k]), mean, check_losses[k]});
        from = to;
    }
    if (diverged) {
        const double inf = std::numeric_limits<double>::infinity();
        metrics.rows.push_back({static_cast<double>(batch_losses.size() + 1), inf, inf});
    }
    return metrics;
}

Trainer face_trainer(const FaceProblem& problem) {
    return [&problem](const records::Config& config) {
        double lr = 0.0;
        std::size_t width = 0, steps = 0, repeat = 0;
        for (const auto& [key, value] : config) {
            if (key == "lr") lr = std::stod(value);
            if (key == "width") width = static_cast<std::size_t>(std::stoul(value));
            if (key == "steps") steps = static_cast<std::size_t>(std::stoul(value));
            if (key == "repeat") repeat = static_cast<std::size_t>(std::stoul(value));
        }
        return train_face(problem, lr, width, steps, repeat);
    };
}

}  // namespace course::hyperparameter_search
