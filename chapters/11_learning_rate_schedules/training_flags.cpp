// Given: the command line of a training plan (another optimizer, a schedule, early stopping) and chapter
// 08's run trained with it, which this chapter's program runs in place of the lecture when asked (see
// scheduled_training.hpp).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/10_optimizers/playground.hpp"
#include "chapters/11_learning_rate_schedules/scheduled_training.hpp"
#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::learning_rate_schedules {

namespace bp = course::backpropagation;
namespace opt = course::optimizers;

namespace {

// A flag whose default depends on the run: --help shows `shown`; an unset flag is never read.
Flag shown_as(Flag flag, std::string shown) {
    flag.default_value = std::move(shown);
    return flag;
}

// A flag of a training plan, with the schedules it applies to (none: any) and whether it also tunes
// the lecture's step 4 (then, given alone, it asks for no plan).
struct PlanFlag {
    Flag flag;
    std::vector<std::string> schedules{};
    bool tunes_lecture = false;
};

// Every flag of a plan, in --help's order: this list is the only place that names them.
std::vector<PlanFlag> plan_flags() {
    std::vector<PlanFlag> flags{
        {.flag = Flag::choice("optimizer", "sgd", "chapter 10's optimizer (sgd without momentum: chapter 08's step)",
                              opt::optimizer_names())}};
    for (Flag& flag : opt::hyperparameter_flags())  // the program's own --lr (chapter 08's) stands for lr
        if (flag.name != "lr") flags.push_back({.flag = std::move(flag)});
    flags.insert(
        flags.end(),
        {{.flag = Flag::choice("schedule", "none", "learning-rate schedule (chapter 11)",
                               {"none", "step", "exponential", "inverse_time", "cosine", "sgdr", "plateau"})},
         {.flag = shown_as(Flag::integer("step-size", 1, "step: steps between two cuts by --gamma", 1, 100000000),
                           "a third of the steps after the warm-up"),
          .schedules = {"step"}},
         {.flag = shown_as(
              Flag::real("gamma", 0.1, "step: factor of each cut; exponential: factor per step", 1e-12, 1.0),
              "step 0.1; exponential: lr/100 at the last step"),
          .schedules = {"step", "exponential"}},
         {.flag = shown_as(Flag::real("decay-rate", 0.0, "inverse_time: k in lr/(1 + k·t)", 0.0, 1e6),
                           "lr/10 at the last step"),
          .schedules = {"inverse_time"}},
         {.flag = shown_as(Flag::integer("t-max", 1, "cosine: steps from lr down to --eta-min", 1, 100000000),
                           "the steps after the warm-up"),
          .schedules = {"cosine"}},
         {.flag = Flag::real("eta-min", 0.0, "cosine, sgdr: the rate at the bottom", 0.0, 1e6),
          .schedules = {"cosine", "sgdr"}},
         {.flag = shown_as(Flag::integer("t-0", 1, "sgdr: the first cycle's steps", 1, 100000000),
                           "three cycles that end with the run"),
          .schedules = {"sgdr"}},
         {.flag = Flag::integer("t-mult", 2, "sgdr: each cycle this many times longer than the last", 1, 1000),
          .schedules = {"sgdr"}},
         {.flag = Flag::integer("warmup", 0, "steps of linear warm-up before the schedule", 0, 100000000)},
         {.flag = Flag::real("warmup-start-factor", 0.1, "the warm-up starts at this fraction of lr", 1e-6, 1.0)},
         {.flag = Flag::real("plateau-factor", 0.1, "plateau: lr ← lr·factor on a plateau", 0.0, 0.999999),
          .schedules = {"plateau"},
          .tunes_lecture = true},
         {.flag = shown_as(Flag::integer("plateau-patience", 10, "plateau: bad checks tolerated before a cut", 0,
                                         1000000),
                           "PyTorch's 10; the lecture: 2"),
          .schedules = {"plateau"},
          .tunes_lecture = true},
         {.flag = Flag::real("plateau-threshold", 1e-4, "plateau: how much better counts as better", 0.0, 1e6),
          .schedules = {"plateau"}},
         {.flag = Flag::choice("plateau-threshold-mode", "rel", "plateau: threshold relative to best, or absolute",
                               {"rel", "abs"}),
          .schedules = {"plateau"}},
         {.flag = Flag::integer("plateau-cooldown", 0, "plateau: checks ignored after a cut", 0, 1000000),
          .schedules = {"plateau"}},
         {.flag = Flag::real("min-lr", 0.0, "plateau: the rate is never cut below this", 0.0, 1e6),
          .schedules = {"plateau"}},
         {.flag = shown_as(Flag::integer("early-stopping-patience", 3,
                                         "stop after this many validation checks without improvement", 0, 1000000),
                           "off; 3 when --min-delta or --keep-last-weights is given; the lecture: 6"),
          .tunes_lecture = true},
         {.flag = Flag::real("min-delta", 0.0, "early stopping: improvement means loss < best − min-delta", 0.0, 1e6)},
         {.flag = Flag::on_off("keep-last-weights", "early stopping: keep the last weights, not the best check's")}});
    return flags;
}

Schedule schedule_from_args(const Args& args, std::int64_t steps) {
    const std::string& name = args.text("schedule");
    for (const PlanFlag& p : plan_flags()) {
        if (p.schedules.empty() || !args.given(p.flag.name) ||
            std::find(p.schedules.begin(), p.schedules.end(), name) != p.schedules.end())
            continue;
        std::string owners;
        for (const std::string& s : p.schedules) owners += (owners.empty() ? "" : " or ") + s;
        throw UsageError("--" + p.flag.name + " applies to --schedule " + owners + " only");
    }
    Schedule schedule;
    schedule.warmup = {args.integer("warmup"), args.real("warmup-start-factor")};
    const std::int64_t after = std::max<std::int64_t>(1, steps - schedule.warmup.steps);  // steps the decay gets
    const auto given_or = [&](const char* flag, double fallback) {
        return args.given(flag) ? args.real(flag) : fallback;
    };
    if (name == "step")
        schedule.decay =
            StepLROptions{args.given("step-size") ? args.integer("step-size") : std::max<std::int64_t>(1, after / 3),
                          given_or("gamma", 0.1)};
    else if (name == "exponential")
        schedule.decay = ExponentialLROptions{given_or("gamma", std::pow(0.01, 1.0 / static_cast<double>(after)))};
    else if (name == "inverse_time")
        schedule.decay = InverseTimeLROptions{given_or("decay-rate", 9.0 / static_cast<double>(after))};
    else if (name == "cosine")
        schedule.decay =
            CosineAnnealingLROptions{args.given("t-max") ? args.integer("t-max") : after, args.real("eta-min")};
    else if (name == "sgdr") {  // by default three cycles, T₀ + 2T₀ + 4T₀, that end with the run
        const std::int64_t T_mult = args.integer("t-mult");
        const std::int64_t cycles = 1 + T_mult + T_mult * T_mult;
        schedule.decay = CosineWarmRestartsOptions{
            args.given("t-0") ? args.integer("t-0") : std::max<std::int64_t>(1, (after + cycles - 1) / cycles), T_mult,
            args.real("eta-min")};
    }
    try {
        validate(schedule);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--schedule ") + name + ": " + e.what());
    }
    return schedule;
}

}  // namespace

std::vector<Flag> with_training_plan_flags(std::vector<Flag> flags) {
    for (PlanFlag& p : plan_flags()) flags.push_back(std::move(p.flag));
    return flags;
}

bool training_plan_requested(const Args& args) {
    for (const PlanFlag& p : plan_flags())
        if (!p.tunes_lecture && args.given(p.flag.name)) return true;
    return false;
}

TrainingPlan training_plan_from_args(const Args& args, const bp::TrainOptions& options) {
    TrainingPlan plan;
    plan.optimizer = opt::options_from_args(args);
    if (!args.given("lr") && args.text("optimizer") == "sgd") std::get<opt::SgdOptions>(plan.optimizer).lr = options.lr;
    plan.schedule = schedule_from_args(args, static_cast<std::int64_t>(options.iterations));
    if (args.text("schedule") == "plateau")
        plan.plateau = PlateauOptions{
            .factor = args.real("plateau-factor"),
            .patience = args.given("plateau-patience") ? args.integer("plateau-patience") : PlateauOptions{}.patience,
            .threshold = args.real("plateau-threshold"),
            .threshold_mode = args.text("plateau-threshold-mode") == "rel" ? ThresholdMode::rel : ThresholdMode::abs,
            .cooldown = args.integer("plateau-cooldown"),
            .min_lr = args.real("min-lr")};
    if (args.given("early-stopping-patience") || args.given("min-delta") || args.given("keep-last-weights"))
        plan.early_stopping = EarlyStoppingOptions{.patience = args.given("early-stopping-patience")
                                                                   ? args.integer("early-stopping-patience")
                                                                   : EarlyStoppingOptions{}.patience,
                                                   .min_delta = args.real("min-delta"),
                                                   .restore_best_weights = !args.on("keep-last-weights")};
    return plan;
}

void run_training_plan(const Args& args) {
    const bp::FaceRecipe recipe = bp::recipe_from_flags(args);
    bp::TrainOptions options = bp::training_options(recipe, args.seed());
    if (args.given("eval-every")) options.eval_every = static_cast<std::size_t>(args.integer("eval-every"));
    const TrainingPlan plan = training_plan_from_args(args, options);
    say("Chapter 08's face network on %zu faces (seed %llu), %zu steps of batch %zu, a validation check every %zu",
        recipe.n_faces, static_cast<unsigned long long>(args.seed()), options.iterations, options.batch_size,
        options.eval_every);
    say("   steps; chapter 10's %s", opt::Optimizer(plan.optimizer).describe().c_str());
    say("   schedule: %s", plan.plateau ? (describe(*plan.plateau) +
                                           (plan.schedule.warmup.steps > 0 ? " after " + describe(plan.schedule) : ""))
                                              .c_str()
                                        : describe(plan.schedule).c_str());
    say("   early stopping: %s", plan.early_stopping ? describe(*plan.early_stopping).c_str() : "off");
    const bp::FaceData data = bp::prepare_face_data(recipe, args.seed());
    bp::Network network = bp::make_face_network(recipe, args.seed());
    Progress progress("step", options.iterations);
    const ScheduledHistory run = train_scheduled(network, data.train, data.validation, options, plan,
                                                 [&](std::size_t step, double loss) { progress.update(step, loss); });
    progress.finish();
    const std::size_t steps = run.history.train_loss.size();
    say("   Validation loss %.4g → %.4g after %zu steps (%.3g epochs); the rate went %.4g → %.4g.",
        run.history.val_loss.front(), run.history.val_loss.back(), steps,
        static_cast<double>(steps * options.batch_size) / static_cast<double>(data.train.size()),
        run.lr.front(), run.lr.back());
    if (run.stopped_at > 0) say("   Early stopping fired at the check of step %zu.", run.stopped_at);
    if (run.best_step > 0)
        say("   Restored the weights of step %zu, the best check (validation loss %.4g).", run.best_step,
            run.best_val_loss);
    const auto errors = random_baseline::mean_absolute_error_degrees(bp::predict_degrees(network, data, data.test.X),
                                                                     data.raw.test.angles);
    say("   Test error: %s", random_baseline::describe(errors).c_str());
}

}  // namespace course::learning_rate_schedules
