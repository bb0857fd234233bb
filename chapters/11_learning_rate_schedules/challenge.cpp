// Chapter 11, given code: the challenge of part II (see challenge.hpp).
#include "chapters/11_learning_rate_schedules/challenge.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/face_training.hpp"
#include "common/errors.hpp"

namespace course::learning_rate_schedules {

namespace {

namespace bp = course::backpropagation;
namespace opt = course::optimizers;

// This chapter's training-plan flags and --lr: the configuration's keys. What the budget is made of
// (--iterations, --batch-size, --faces, --seed, --eval-every) is not among them.
std::vector<Flag> part2_keys() {
    Flag lr = Flag::real("lr", 0.1, "the base learning rate η₀", 1e-6, 100.0);
    lr.default_value = "0.1 for sgd, PyTorch's default for the others";  // an unset lr is never read
    return with_training_plan_flags({lr});
}

bp::FaceRecipe recipe_of(const Part2Setup& setup) {
    bp::FaceRecipe recipe;
    recipe.n_faces = setup.n_faces;
    recipe.training.lr = 0.1;  // the seed's rate: sgd's when the configuration sets none
    recipe.training.batch_size = setup.batch_size;
    recipe.training.iterations = setup.steps;
    recipe.training.eval_every = setup.eval_every;
    return recipe;
}

std::string fixed(double value, int digits) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", digits, value);
    return text;
}

}  // namespace

TrainingPlan part2_plan(const Args& config, const Part2Setup& setup) {
    const bp::FaceRecipe recipe = recipe_of(setup);
    return training_plan_from_args(config, bp::training_options(recipe, setup.seed));
}

Part2Run run_part2(const TrainingPlan& plan, const Part2Setup& setup) {
    const bp::FaceRecipe recipe = recipe_of(setup);
    const bp::FaceData data = bp::prepare_face_data(recipe, setup.seed);
    bp::Network network = bp::make_face_network(recipe, setup.seed);
    const bp::TrainOptions options = bp::training_options(recipe, setup.seed);
    Part2Run run;
    // The loop is fit()'s (given), with the budget's steps; the harness counts each step it reports.
    run.history = train_scheduled(network, data.train, data.validation, options, plan,
                                  [&](std::size_t, double) { ++run.steps; });
    if (run.steps > setup.steps)
        throw RuntimeFailure("the harness counted " + std::to_string(run.steps) + " steps, more than the budget's " +
                             std::to_string(setup.steps));
    // The test error, computed here from the network's answers rather than by any exercise.
    const Matrix predicted = bp::predict_degrees(network, data, data.test.X);
    const Matrix& truth = data.raw.test.angles;
    double yaw = 0.0, pitch = 0.0;
    for (std::size_t i = 0; i < truth.rows(); ++i) {
        yaw += std::abs(predicted(i, 0) - truth(i, 0));
        pitch += std::abs(predicted(i, 1) - truth(i, 1));
    }
    const auto n = static_cast<double>(truth.rows());
    run.yaw = yaw / n;
    run.pitch = pitch / n;
    run.mean = (run.yaw + run.pitch) / 2;
    if (!std::isfinite(run.mean)) throw RuntimeFailure("the trained network's test error is not finite");
    return run;
}

challenge::Score score_part2(const TrainingPlan& plan, const Part2Setup& setup) {
    const Part2Run run = run_part2(plan, setup);
    challenge::Score score;
    score.text = fixed(run.mean, 4);
    score.value = std::strtod(score.text.c_str(), nullptr);
    const auto& h = run.history;
    score.details = {
        opt::Optimizer(plan.optimizer).describe(),
        "schedule: " + (plan.plateau ? describe(*plan.plateau) : describe(plan.schedule)) +
            "; early stopping: " + (plan.early_stopping ? describe(*plan.early_stopping) : "off"),
        std::to_string(run.steps) + " of " + challenge::thousands(setup.steps) + " steps of batch " +
            std::to_string(setup.batch_size) + (h.stopped_at > 0 ? ", stopped early after step " + std::to_string(h.stopped_at) : "") +
            (h.best_step > 0 ? ", the weights of step " + std::to_string(h.best_step) + " restored" : "") +
            "; last validation loss " + fixed(h.history.val_loss.back(), 5),
        "test MAE: yaw " + fixed(run.yaw, 4) + "°, pitch " + fixed(run.pitch, 4) + "°, mean " + score.text + "°"};
    return score;
}

challenge::Definition part2_challenge() {
    return {
        .id = "part2",
        .name = "Part II: face MAE, 1000 steps of batch 32 (degrees)",
        .goal = "The lowest test MAE of chapter 08's face network in the seed's budget (1,000 steps of batch 32), "
                "with your optimizer (chapter 10) and schedule (chapter 11) and their hyperparameters.",
        .order = challenge::Order::ascending,
        .reference = "6.8315",  // measured: make check-challenge keeps it true
        .keys = part2_keys(),
        .run =
            [](const Args& config, bool quick) {
                const Part2Setup setup = quick ? Part2Setup::quick() : Part2Setup{};
                return score_part2(part2_plan(config, setup), setup);
            },
    };
}

}  // namespace course::learning_rate_schedules
