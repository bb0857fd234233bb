// Chapter 11 — learning-rate schedules.
// Why a constant rate is a compromise (noisy gradient descent on x²), the schedules and their closed
// forms, warm-up, ReduceLROnPlateau and early stopping traced by hand, then chapter 08's face network
// trained with both. Writes 16_lr_schedules.png and 17_plateau_early_stopping.png.
// Run: make run CH=11 ARGS="--plateau-patience 1". With --optimizer, --schedule or another flag of a
// training plan it trains chapter 08's run with that plan instead of giving the lecture:
//      make run CH=11 ARGS="--optimizer adam --schedule cosine --warmup 50 --early-stopping-patience 5"
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/11_learning_rate_schedules/lecture.hpp"
#include "chapters/11_learning_rate_schedules/scheduled_training.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace lrs = course::learning_rate_schedules;
namespace bp = course::backpropagation;
namespace rb = course::random_baseline;
using course::fmt;
using course::say;

namespace {

// The lecture's flags, chapter 08's (--lr, --iterations, --batch-size, --faces) and a training plan's.
// Where the lecture's step 4 and a plan differ in a default, the flag shows both.
std::vector<course::Flag> chapter_flags() {
    std::vector<course::Flag> flags{
        course::Flag::real("noise", 4.0, "σ of the gradient noise on the parabola", 0.0, 100.0),
        course::Flag::integer("eval-every", 100, "steps between validation checks (a plan: a twentieth of the run)", 1,
                              1000000)};
    for (course::Flag flag : bp::face_recipe_flags()) {
        if (flag.name == "iterations") flag.default_value = "1000, chapter 08's; the lecture: 10000";
        flags.push_back(flag);
    }
    return lrs::with_training_plan_flags(std::move(flags));
}

// An unset flag's value in the lecture, where its default differs from a plan's.
std::int64_t lecture_integer(const course::Args& args, const char* name, std::int64_t lecture_default) {
    return args.given(name) ? args.integer(name) : lecture_default;
}

constexpr double kBaseLr = 0.1;

// The lineup of figure 16: two constant rates, then the schedules from the same base rate.
std::vector<std::pair<std::string, lrs::Schedule>> lineup(std::size_t steps) {
    const auto T = static_cast<std::int64_t>(steps);
    return {
        {"constant 0.1", {}},
        {"constant 0.01", {}},  // run with base rate 0.01
        {"step: ×0.3 every " + std::to_string(T / 4), {lrs::StepLROptions{.step_size = T / 4, .gamma = 0.3}}},
        {"exponential: γ = 0.97", {lrs::ExponentialLROptions{.gamma = 0.97}}},
        {"inverse time: k = 0.1", {lrs::InverseTimeLROptions{.decay_rate = 0.1}}},
        {"cosine: T_max = " + std::to_string(T), {lrs::CosineAnnealingLROptions{.T_max = T}}},
        {"warm-up 30 + cosine", {lrs::CosineAnnealingLROptions{.T_max = T - 30}, {.steps = 30, .start_factor = 0.1}}},
        // Three cycles, T₀ + 2T₀ + 4T₀ ≥ T, so that the run ends near the bottom of the third.
        {"warm restarts: T₀ = " + std::to_string((T + 6) / 7) + ", ×2",
         {lrs::CosineWarmRestartsOptions{.T_0 = (T + 6) / 7, .T_mult = 2}}}};
}

void parabola_lesson(const course::Args& args) {
    const lrs::NoisyParabola problem{.sigma = args.real("noise"), .seed = args.seed()};
    say("1. Gradient descent on f(x) = x² from x = %.4g, each gradient 2x + σξ with σ = %.4g (a mini-batch's noise).",
        problem.x0, problem.sigma);
    say("   E[xₜ₊₁²] = (1 − 2η)²E[xₜ²] + η²σ²: the first term shrinks the error, the second is the noise the");
    say("   step itself injects. With a constant η they balance at the floor ησ²/(4(1 − η)) ∝ η:");
    const auto schedules = lineup(problem.steps);
    std::vector<lrs::ParabolaRun> runs;
    std::vector<lrs::ScheduleCurve> curves;
    for (std::size_t i = 0; i < schedules.size(); ++i) {
        const double base = i == 1 ? 0.01 : kBaseLr;
        runs.push_back(lrs::run_noisy_parabola(schedules[i].first, schedules[i].second, base, problem));
        curves.push_back({schedules[i].first, runs.back().lr});
    }
    for (std::size_t i = 0; i < 2; ++i) {
        std::size_t reached = 0;  // the first step with E[x²] below 1
        while (reached < runs[i].mean_square.size() && runs[i].mean_square[reached] >= 1.0) ++reached;
        say("   η = %-5.4g floor %-7.3g E[x²] after %zu steps %-7.3g E[x²] < 1 from step %zu",
            runs[i].lr.front(), lrs::noise_floor(runs[i].lr.front(), problem.sigma),
            problem.steps, runs[i].mean_square.back(), reached);
    }
    say("   Large η: fast, but stuck high. Small η: a low floor, reached slowly. A schedule takes both.");

    const std::vector<std::size_t> shown{0, 25, problem.steps / 4, problem.steps / 2, problem.steps - 1};
    std::string header;
    for (const std::size_t t : shown) header += (header.empty() ? "" : ", ") + std::to_string(t);
    say("2. The schedules: ηₜ at t = %s (base rate 0.1), and E[x²] after %zu steps:", header.c_str(), problem.steps);
    for (const auto& run : runs) {
        std::string row = course::pad_right(run.label, 27, 1);
        for (const std::size_t t : shown) row += course::pad_right(fmt(run.lr[t], 3), 9, 1);
        say("   %sE[x²] = %.3g", row.c_str(), run.mean_square.back());
    }
    say("   Exponential decay spends a finite budget Σηₜ = η₀/(1 − γ) = %.3g: it stops moving before it arrives.",
        kBaseLr / 0.03);
    say("   Robbins–Monro: Σηₜ = ∞ (reach any point) and Σηₜ² < ∞ (the injected noise is finite). Sums to T:");
    for (const std::int64_t T : {1000, 1000000}) {
        double constant = 0, constant_sq = 0, inverse = 0, inverse_sq = 0, expo = 0;
        for (std::int64_t t = 0; t < T; ++t) {
            const double c = kBaseLr, v = lrs::inverse_time_lr(kBaseLr, t, {0.1}),
                         e = lrs::exponential_lr(kBaseLr, t, {0.97});
            constant += c, constant_sq += c * c, inverse += v, inverse_sq += v * v, expo += e;
        }
        say("   T = %-8lld constant Σηₜ = %-8.3g Σηₜ² = %-8.3g   1/t: Σηₜ = %-6.3g Σηₜ² = %-6.3g   exponential Σηₜ = %.3g",
            static_cast<long long>(T), constant, constant_sq, inverse,
            inverse_sq, expo);
    }
    const std::string path = args.out() + "/16_lr_schedules.png";
    lrs::draw_schedules_figure(curves, runs, problem, path);
    say("   Wrote %s", path.c_str());
}

// ReduceLROnPlateau and early stopping side by side on one made-up sequence of validation losses.
void plateau_lesson() {
    const std::vector<double> losses{1.0, 0.8, 0.8, 0.81, 0.79995, 0.7, 0.72, 0.71, 0.73, 0.74};
    const lrs::PlateauOptions plateau{.factor = 0.5, .patience = 1, .cooldown = 1};
    const lrs::EarlyStoppingOptions stopping{.patience = 3};
    say("3. %s and %s,", lrs::describe(plateau).c_str(), lrs::describe(stopping).c_str());
    say("   by hand on ten validation losses (lr starts at 0.1; ties and gains under 0.01%% are not improvements):");
    say("   epoch  loss      better  bad  cooldown  lr       | early stopping: wait  verdict");
    lrs::PlateauState state = lrs::make_plateau_state(0.1, plateau);
    lrs::EarlyStoppingState early;
    course::Matrix weight(1, 1);
    const course::optimizers::ParameterList params{{&weight, &weight}};
    for (std::size_t i = 0; i < losses.size(); ++i) {
        const bool better = lrs::plateau_is_better(losses[i], state.best, plateau);
        lrs::plateau_step(state, plateau, losses[i]);
        const char* verdict = "";
        if (!early.stopped) {
            weight(0, 0) = static_cast<double>(i + 1);  // the "weights" of epoch i + 1
            const auto v = lrs::early_stopping_update(early, stopping, losses[i], params);
            verdict = v == lrs::Verdict::improved ? "improved" : v == lrs::Verdict::stop ? "STOP" : "—";
        }
        say("   %-6zu %-9.6g %-7s %-4lld %-9lld %-8.4g | %20s  %s", i + 1, losses[i], better ? "yes" : "no",
            static_cast<long long>(state.num_bad_epochs), static_cast<long long>(state.cooldown_counter),
            state.lr, *verdict ? std::to_string(early.wait).c_str() : "", verdict);
    }
    lrs::restore_best_weights(early, params);
    say("   Early stopping restores the weights of epoch %.4g (loss %.4g); patience %lld + 1 bad epochs cut the rate.",
        weight(0, 0), early.best, static_cast<long long>(plateau.patience));
}

void face_lesson(const course::Args& args) {
    bp::FaceRecipe recipe;
    recipe.n_faces = args.quick() ? 400 : static_cast<std::size_t>(args.integer("faces"));
    bp::TrainOptions options = bp::training_options(recipe, args.seed());
    options.batch_size = static_cast<std::size_t>(args.integer("batch-size"));
    options.iterations = args.quick() ? 200 : static_cast<std::size_t>(lecture_integer(args, "iterations", 10000));
    options.eval_every = args.quick() ? 10 : static_cast<std::size_t>(args.integer("eval-every"));
    const lrs::TrainingPlan plan{
        .optimizer = course::optimizers::SgdOptions{.lr = args.real("lr")},
        .plateau = lrs::PlateauOptions{.factor = args.real("plateau-factor"),
                                       .patience = lecture_integer(args, "plateau-patience", 2)},
        .early_stopping = lrs::EarlyStoppingOptions{.patience = lecture_integer(args, "early-stopping-patience", 6)}};
    say("4. Chapter 08's face network (%zu faces), SGD lr %.4g, batch %zu, at most %zu steps, a validation check",
        recipe.n_faces, args.real("lr"), options.batch_size, options.iterations);
    say("   every %zu steps feeding %s", options.eval_every, lrs::describe(*plan.plateau).c_str());
    say("   and %s.", lrs::describe(*plan.early_stopping).c_str());
    const bp::FaceData data = bp::prepare_face_data(recipe, args.seed());
    bp::Network network = bp::make_face_network(recipe, args.seed());
    course::Progress progress("step", options.iterations);
    const lrs::ScheduledHistory run =
        lrs::train_scheduled(network, data.train, data.validation, options, plan,
                             [&](std::size_t s, double loss) { progress.update(s, loss); });
    progress.finish();
    for (std::size_t s = 1; s < run.lr.size(); ++s)
        if (run.lr[s] != run.lr[s - 1])
            say("   step %-6zu the plateau cut the rate %.4g → %.4g", s + 1, run.lr[s - 1],
                run.lr[s]);
    if (run.stopped_at > 0)
        say("   step %-6zu early stopping fired", run.stopped_at);
    else
        say("   early stopping did not fire within %zu steps", options.iterations);
    say("   Restored the best check, step %zu, validation loss %.4g (the last check had %.4g).", run.best_step,
        run.best_val_loss, run.history.val_loss.back());
    const auto errors =
        rb::mean_absolute_error_degrees(bp::predict_degrees(network, data, data.test.X), data.raw.test.angles);
    say("   Test error of the restored network: %s", rb::describe(errors).c_str());
    const std::string path = args.out() + "/17_plateau_early_stopping.png";
    lrs::draw_plateau_figure(run, plan, options.batch_size, path);
    say("   Wrote %s", path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const course::Program program{
        "11_learning_rate_schedules",
        "Chapter 11: learning-rate schedules, warm-up, ReduceLROnPlateau and early stopping, on a noisy parabola "
        "and on chapter 08's face network. With --optimizer, --schedule, --warmup or another flag of a training "
        "plan, it trains chapter 08's run with that plan instead.",
        chapter_flags()};
    return course::run_main(argc, argv, program, [](const course::Args& args) {
        if (lrs::training_plan_requested(args)) return lrs::run_training_plan(args);
        parabola_lesson(args);
        plateau_lesson();
        face_lesson(args);
        say("5. Your turn: chapter 08's run with any optimizer of chapter 10 and any schedule of this chapter, e.g.");
        say("   make run CH=11 ARGS=\"--optimizer adam --schedule cosine --warmup 50 --early-stopping-patience 5\"");
    });
}
