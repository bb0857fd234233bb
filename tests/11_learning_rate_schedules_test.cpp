// Tests that grade chapter 11. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter11…
// suites test the given code and pass on the stubs too.
//
// What the schedules are compared with, never with a copy of the solution:
//   1. sequences computed by hand (written out in the comments above each table);
//   2. PyTorch's other, recursive ("chainable") form of the same schedule, η ← η·γ at each cut, which
//      agrees with the closed form only if both are right; and identities such as cosine's symmetry
//      η(t) + η(T − t) = η₀ + η_min;
//   3. ReduceLROnPlateau and early stopping traced by hand, epoch by epoch, on the documented edge cases:
//      patience 0, ties, thresholds, cooldown, min_lr, eps, NaN.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/11_learning_rate_schedules/learning_rate_schedules.hpp"
#include "chapters/11_learning_rate_schedules/lecture.hpp"
#include "chapters/11_learning_rate_schedules/scheduled_training.hpp"
#include "common/errors.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace lrs = course::learning_rate_schedules;
namespace opt = course::optimizers;
namespace bp = course::backpropagation;
using course::Matrix;
using course::teach::near;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// ηₜ for t = 0, 1, … against `want`, one assertion per step naming it: "name at t = 4".
void expect_rates(const std::function<double(std::int64_t)>& schedule, const std::vector<double>& want, double tol,
                  const std::string& name) {
    std::vector<double> got;  // your rates so far, for the picture
    for (std::size_t t = 0; t < want.size(); ++t) {
        got.push_back(schedule(static_cast<std::int64_t>(t)));
        const auto check = near(got.back(), want[t], tol, name + " at t = " + std::to_string(t));
        EXPECT_TRUE(check);
        if (!check) {
            // Both curves, yours up to the step that differs (the schedule is not called again).
            course::teach::draw_curves_on_failure(
                true, "lr_curves",
                {.title = name + ": your rates and the reference's", .xlabel = "step t", .ylabel = "learning rate", .x = course::plot::index_axis(want.size()),
                 .yours = got, .reference = want, .more = [t](course::plot::Axes& ax) {
                     ax.axvline(static_cast<double>(t), {.color = course::plot::colors::red, .width = 1.2,
                                                         .style = course::plot::LineStyle::dotted,
                                                         .label = "first step that differs: t = " + std::to_string(t)});
                 }});
            return;  // the first step that differs is the one to look at
        }
    }
}

// One epoch of a plateau trace: the metric fed in and the state expected after it.
struct PlateauRow {
    double metric;
    double lr;
    std::int64_t num_bad_epochs;
    std::int64_t cooldown_counter;
};

void expect_plateau_trace(const lrs::PlateauOptions& options, double lr, const std::vector<PlateauRow>& rows,
                          const std::string& name) {
    lrs::PlateauState state = lrs::make_plateau_state(lr, options);
    const bool failed_before = ::testing::Test::HasFailure();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const std::string at =
            name + ", epoch " + std::to_string(i + 1) + " (metric " + course::teach::show(rows[i].metric) + ")";
        const double returned = lrs::plateau_step(state, options, rows[i].metric);
        EXPECT_TRUE(near(state.lr, rows[i].lr, 1e-15, at + ": lr"));
        EXPECT_EQ(returned, state.lr) << at << ": plateau_step must return the new state.lr";
        EXPECT_EQ(state.num_bad_epochs, rows[i].num_bad_epochs) << at << ": num_bad_epochs";
        EXPECT_EQ(state.cooldown_counter, rows[i].cooldown_counter) << at << ": cooldown_counter";
        EXPECT_EQ(state.last_epoch, static_cast<std::int64_t>(i + 1)) << at << ": last_epoch counts the calls";
        if (!failed_before && ::testing::Test::HasFailure()) return;  // later epochs would only repeat it
    }
}

// EXPECT_TRUE that also says whether it held, so that a loop can stop at the first step that differs.
bool expect(const ::testing::AssertionResult& result) {
    EXPECT_TRUE(result);
    return static_cast<bool>(result);
}

std::string verdict_name(lrs::Verdict v) {
    return v == lrs::Verdict::improved ? "improved" : v == lrs::Verdict::stop ? "stop" : "no_improvement";
}

}  // namespace

// ==== 11.1 StepLR ============================================================================================

TEST(Ex1101StepLr, HandComputedSequence) {
    // η₀ = 0.1, cut by 0.5 every 3 steps: t = 0-2 → 0.1, 3-5 → 0.05, 6-8 → 0.025, 9 → 0.0125.
    expect_rates([](std::int64_t t) { return lrs::step_lr(0.1, t, {.step_size = 3, .gamma = 0.5}); },
                 {0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125}, 1e-15,
                 "step_lr(0.1, t, {3, 0.5}) (t counts the steps already taken, so the first cut is at t = 3; the "
                 "rate stays flat between cuts: a whole number of cuts, ⌊t/s⌋)");
}

TEST(Ex1101StepLr, AgreesWithTheRecursiveFormOverManySteps) {
    // PyTorch's chainable form: the rate is multiplied by γ whenever t reaches a multiple of step_size.
    for (const std::int64_t size : {1, 7, 30}) {
        double lr = 2.0;
        for (std::int64_t t = 0; t < 200; ++t) {
            if (t > 0 && t % size == 0) lr *= 0.9;
            if (!expect(near(lrs::step_lr(2.0, t, {.step_size = size, .gamma = 0.9}), lr, 1e-12 * lr,
                             "step_lr(2, t = " + std::to_string(t) + ", {step_size " + std::to_string(size) +
                                 ", gamma 0.9}) against multiplying by 0.9 at each cut")))
                break;
        }
    }
}

// ==== 11.2 ExponentialLR and inverse-time decay ==============================================================

TEST(Ex1102ExponentialAndInverseTime, HandComputedSequences) {
    expect_rates([](std::int64_t t) { return lrs::exponential_lr(2.0, t, {.gamma = 0.5}); },
                 {2.0, 1.0, 0.5, 0.25, 0.125}, 1e-15, "exponential_lr(2, t, {gamma 0.5}) (t = 0 is η₀ itself: no cut yet)");
    // 1/(1 + 0.5t): 1, 1/1.5, 1/2, 1/2.5, 1/3, 1/3.5, 1/4.
    expect_rates([](std::int64_t t) { return lrs::inverse_time_lr(1.0, t, {.decay_rate = 0.5}); },
                 {1.0, 2.0 / 3.0, 0.5, 0.4, 1.0 / 3.0, 2.0 / 7.0, 0.25}, 1e-15,
                 "inverse_time_lr(1, t, {decay_rate 0.5}) (a 1/t decay: η₀ at t = 0, the denominator growing by k "
                 "per step; never negative)");
    expect_rates([](std::int64_t t) { return lrs::inverse_time_lr(0.3, t, {.decay_rate = 0.0}); }, {0.3, 0.3, 0.3}, 0.0,
                 "inverse_time_lr(0.3, t, {decay_rate 0}) is constant");
}

TEST(Ex1102ExponentialAndInverseTime, RecursiveFormsAndTheLinearReciprocal) {
    double lr = 0.1;
    for (std::int64_t t = 0; t < 300; ++t, lr *= 0.99)
        if (!expect(near(
                lrs::exponential_lr(0.1, t, {.gamma = 0.99}), lr, 1e-12 * lr,
                "exponential_lr(0.1, t = " + std::to_string(t) + ", {0.99}) against 0.1 multiplied by 0.99 t times")))
            break;
    // 1/ηₜ = (1 + k·t)/η₀ grows by exactly k/η₀ per step.
    for (std::int64_t t = 0; t < 100; ++t) {
        const double now = lrs::inverse_time_lr(0.2, t, {.decay_rate = 0.03});
        const double next = lrs::inverse_time_lr(0.2, t + 1, {.decay_rate = 0.03});
        if (!expect(near(1.0 / next - 1.0 / now, 0.03 / 0.2, 1e-9,
                         "1/η(t+1) − 1/η(t) for η₀ = 0.2, k = 0.03 at t = " + std::to_string(t))))
            break;
    }
}

// ==== 11.3 CosineAnnealingLR =================================================================================

TEST(Ex1103CosineAnnealing, HandComputedHalfPeriodAndBeyond) {
    // T_max = 4, η₀ = 1, η_min = 0: (1 + cos(πt/4))/2 = 1, (1 + √2/2)/2, 1/2, (1 − √2/2)/2, 0, then back up.
    const double a = (1 + std::sqrt(0.5)) / 2, b = (1 - std::sqrt(0.5)) / 2;
    expect_rates([](std::int64_t t) { return lrs::cosine_annealing_lr(1.0, t, {.T_max = 4}); },
                 {1.0, a, 0.5, b, 0.0, b, 0.5, a, 1.0}, 1e-15,
                 "cosine_annealing_lr(1, t, {T_max 4, eta_min 0}) (T_max is HALF a period: the bottom at t = 4, and the "
                 "closed form goes on past it, back up at t = 8: no clamp)");
    // With η_min = 0.1 and η₀ = 1.1 the wave runs between 1.1 and 0.1: at t = T_max/2 it is 0.6.
    expect_rates([](std::int64_t t) { return lrs::cosine_annealing_lr(1.1, t, {.T_max = 2, .eta_min = 0.1}); },
                 {1.1, 0.6, 0.1, 0.6}, 1e-15,
                 "cosine_annealing_lr(1.1, t, {T_max 2, eta_min 0.1}) (the wave runs between η₀ and η_min: its "
                 "amplitude is η₀ − η_min)");
}

TEST(Ex1103CosineAnnealing, SymmetricAboutTheMiddleAndMatchesTheRecursiveForm) {
    const lrs::CosineAnnealingLROptions options{.T_max = 50, .eta_min = 0.001};
    // cos(π(T − t)/T) = −cos(πt/T), so η(t) + η(T − t) = η₀ + η_min.
    for (std::int64_t t = 0; t <= 50; ++t)
        if (!expect(near(lrs::cosine_annealing_lr(0.1, t, options) + lrs::cosine_annealing_lr(0.1, 50 - t, options),
                         0.101, 1e-12, "η(t) + η(50 − t) with η₀ = 0.1, η_min = 0.001, t = " + std::to_string(t))))
            break;
    // PyTorch's chainable form for t ≤ T_max: ηₜ₊₁ = η_min + (ηₜ − η_min)·(1 + cos(π(t+1)/T))/(1 + cos(πt/T)).
    double lr = 0.1;
    for (std::int64_t t = 0; t < 50; ++t) {
        const double ratio =
            (1 + std::cos(std::numbers::pi * (t + 1) / 50.0)) / (1 + std::cos(std::numbers::pi * t / 50.0));
        lr = 0.001 + (lr - 0.001) * ratio;
        if (!expect(near(lrs::cosine_annealing_lr(0.1, t + 1, options), lr, 1e-12,
                         "cosine_annealing_lr at t = " + std::to_string(t + 1) + " against the recursive form")))
            break;
    }
}

// ==== 11.4 LinearLR and warm-up ==============================================================================

TEST(Ex1104LinearAndWarmup, LinearLrHandComputed) {
    // PyTorch's defaults (1/3 → 1 over 5 steps), η₀ = 0.3: 0.1, 0.14, 0.18, 0.22, 0.26, 0.3, then 0.3.
    expect_rates([](std::int64_t t) { return lrs::linear_lr(0.3, t, {}); },
                 {0.1, 0.14, 0.18, 0.22, 0.26, 0.3, 0.3, 0.3}, 1e-15,
                 "linear_lr(0.3, t, {start 1/3, end 1, total_iters 5})");
    // A linear decay 1 → 0.1 over 10 steps: 0.55 half way, 0.1 from t = 10 on.
    const lrs::LinearLROptions decay{.start_factor = 1.0, .end_factor = 0.1, .total_iters = 10};
    EXPECT_TRUE(near(lrs::linear_lr(1.0, 5, decay), 0.55, 1e-15, "linear_lr(1, 5, {1 → 0.1 over 10})"));
    EXPECT_TRUE(near(lrs::linear_lr(1.0, 10, decay), 0.1, 1e-15, "linear_lr(1, 10, {1 → 0.1 over 10})"));
    EXPECT_TRUE(
        near(lrs::linear_lr(1.0, 25, decay), 0.1, 1e-15, "linear_lr(1, 25, {1 → 0.1 over 10}): stays at the end"));
}

TEST(Ex1104LinearAndWarmup, WarmupThenStepDecayHandComputed) {
    // W = 4 from 0.25·0.8: 0.2, 0.35, 0.5, 0.65; then StepLR(2, 0.5) from its own t = 0: 0.8, 0.8, 0.4, 0.4, 0.2.
    const lrs::Schedule schedule{lrs::StepLROptions{.step_size = 2, .gamma = 0.5}, {.steps = 4, .start_factor = 0.25}};
    expect_rates([&](std::int64_t t) { return lrs::scheduled_lr(schedule, 0.8, t); },
                 {0.2, 0.35, 0.5, 0.65, 0.8, 0.8, 0.4, 0.4, 0.2}, 1e-15,
                 "scheduled_lr(warm-up 4 from 0.25, then StepLR(2, 0.5)), η₀ = 0.8");
}

TEST(Ex1104LinearAndWarmup, NoWarmupMeansTheDecayFromTheFirstStep) {
    // W = 0: the warm-up branch must never run (LinearLR over 0 steps would divide 0 by 0).
    for (const std::int64_t t : {0, 1, 7})
        EXPECT_TRUE(near(lrs::scheduled_lr({}, 0.5, t), 0.5, 0.0,
                         "scheduled_lr(constant, no warm-up, η₀ = 0.5) at t = " + std::to_string(t) +
                             " — did you take the warm-up branch with t <= W?"));
    // A warm-up that starts at the full rate is flat, and at t = W the decay takes over at its own t = 0.
    const lrs::Schedule flat{lrs::ConstantSchedule{}, {.steps = 3, .start_factor = 1.0}};
    for (const std::int64_t t : {0, 2, 3, 9})
        EXPECT_TRUE(near(lrs::scheduled_lr(flat, 0.2, t), 0.2, 1e-15, "a warm-up from 1.0·η₀, t = " + std::to_string(t)));
}

TEST(Ex1104LinearAndWarmup, EveryDecayAfterItsWarmupAndWithoutOne) {
    // The decays are your 11.1-11.3: this test also runs them.
    const double base = 0.5;
    const lrs::WarmupOptions warm{.steps = 10, .start_factor = 0.1};
    EXPECT_TRUE(near(lrs::scheduled_lr({lrs::ConstantSchedule{}, warm}, base, 3), 0.5 * (0.1 + 0.9 * 0.3), 1e-15,
                     "constant after warm-up 10 from 0.1, at t = 3 (still warming up)"));
    EXPECT_TRUE(near(lrs::scheduled_lr({lrs::ConstantSchedule{}, warm}, base, 10), base, 0.0, "constant, t = 10"));
    EXPECT_TRUE(near(lrs::scheduled_lr({lrs::ExponentialLROptions{.gamma = 0.5}, warm}, base, 12), base * 0.25, 1e-15,
                     "ExponentialLR(0.5) after warm-up 10, t = 12: two steps of decay (t − W, not t − W + 1)"));
    EXPECT_TRUE(near(lrs::scheduled_lr({lrs::InverseTimeLROptions{.decay_rate = 1.0}, warm}, base, 13), base / 4, 1e-15,
                     "inverse time k = 1 after warm-up 10, t = 13: η₀/(1 + 3)"));
    EXPECT_TRUE(near(lrs::scheduled_lr({lrs::CosineAnnealingLROptions{.T_max = 6}, warm}, base, 16), 0.0, 1e-15,
                     "CosineAnnealingLR(T_max 6) after warm-up 10, t = 16: the bottom"));
    EXPECT_TRUE(near(lrs::scheduled_lr({lrs::CosineAnnealingLROptions{.T_max = 6}, {}}, base, 3), base / 2, 1e-15,
                     "CosineAnnealingLR(T_max 6) without warm-up, t = 3: half way"));
    EXPECT_TRUE(near(lrs::scheduled_lr({lrs::StepLROptions{.step_size = 2, .gamma = 0.1}, {}}, base, 2), 0.05, 1e-15,
                     "StepLR(2, 0.1) without warm-up, t = 2: one cut"));
}

TEST(Ex1104LinearAndWarmup, TheFaceTrainingUsesTheScheduleStepByStep) {
    // The given training loop sets the rate of step k to scheduled_lr(t = k − 1); with plain SGD and no
    // schedule it must be chapter 08's run exactly (same batches, θ ← θ − η·dθ).
    bp::FaceRecipe recipe;
    recipe.n_faces = 200;
    const bp::FaceData data = bp::prepare_face_data(recipe, 5);
    const bp::TrainOptions options{.lr = 0.1, .batch_size = 16, .iterations = 12, .eval_every = 4, .seed = 8};
    bp::Network reference = bp::make_face_network(recipe, 5), ours = reference;
    const bp::TrainHistory chapter08 = bp::train(reference, data.train, data.validation, options);
    const auto plain = lrs::train_scheduled(ours, data.train, data.validation, options, {});
    EXPECT_EQ(plain.history.val_loss, chapter08.val_loss) << "constant lr 0.1 should reproduce chapter 08's train()";
    EXPECT_EQ(plain.history.train_loss, chapter08.train_loss) << "constant lr 0.1: every mini-batch loss";
    const lrs::Schedule schedule{lrs::CosineAnnealingLROptions{.T_max = 4}, {.steps = 4, .start_factor = 0.5}};
    bp::Network again = bp::make_face_network(recipe, 5);
    const auto run = lrs::train_scheduled(again, data.train, data.validation, options, {.schedule = schedule});
    const double c = (1 + std::sqrt(0.5)) / 2;  // (1 + cos(π/4))/2
    const std::vector<double> want{0.05, 0.0625,        0.075, 0.0875,        0.1,  0.1 * c,
                                   0.05, 0.1 * (1 - c), 0.0,   0.1 * (1 - c), 0.05, 0.1 * c};
    EXPECT_TRUE(
        course::teach::vectors_near(run.lr, want, 1e-15, "the rate of steps 1-12: warm-up 4 from 0.5, cosine T_max 4"));
}

// ==== 11.5 ReduceLROnPlateau =================================================================================

TEST(Ex1105Plateau, IsBetterInEveryModeWithTiesAndNaN) {
    const lrs::PlateauOptions min_rel{}, min_abs{.threshold = 0.1, .threshold_mode = lrs::ThresholdMode::abs};
    const lrs::PlateauOptions max_rel{.mode = lrs::Mode::max, .threshold = 0.1};
    const lrs::PlateauOptions max_abs{
        .mode = lrs::Mode::max, .threshold = 0.1, .threshold_mode = lrs::ThresholdMode::abs};
    EXPECT_TRUE(lrs::plateau_is_better(0.99985, 1.0, min_rel)) << "min, rel 1e-4: 0.99985 < 1·(1 − 1e-4) = 0.9999";
    EXPECT_FALSE(lrs::plateau_is_better(0.99995, 1.0, min_rel)) << "min, rel 1e-4: 0.99995 is not below 0.9999";
    EXPECT_FALSE(lrs::plateau_is_better(1.0, 1.0, min_rel)) << "min: a tie is not an improvement";
    EXPECT_TRUE(lrs::plateau_is_better(5.0, kInf, min_rel)) << "min: any finite value beats the initial best +∞";
    EXPECT_FALSE(lrs::plateau_is_better(kNaN, 1.0, min_rel)) << "min: NaN is never better";
    EXPECT_FALSE(lrs::plateau_is_better(kNaN, kInf, min_rel)) << "min: NaN does not even beat +∞";
    EXPECT_TRUE(lrs::plateau_is_better(0.89, 1.0, min_abs)) << "min, abs 0.1: 0.89 < 1 − 0.1";
    EXPECT_FALSE(lrs::plateau_is_better(0.95, 1.0, min_abs)) << "min, abs 0.1: 0.95 is within the threshold";
    EXPECT_TRUE(lrs::plateau_is_better(0.56, 0.5, max_rel)) << "max, rel 0.1: 0.56 > 0.5·1.1 = 0.55";
    EXPECT_FALSE(lrs::plateau_is_better(0.54, 0.5, max_rel)) << "max, rel 0.1: 0.54 is not above 0.55";
    EXPECT_FALSE(lrs::plateau_is_better(0.5, 0.5, max_rel)) << "max: a tie is not an improvement";
    EXPECT_TRUE(lrs::plateau_is_better(0.61, 0.5, max_abs)) << "max, abs 0.1: 0.61 > 0.5 + 0.1";
    EXPECT_FALSE(lrs::plateau_is_better(0.59, 0.5, max_abs)) << "max, abs 0.1: 0.59 is not above 0.6";
    EXPECT_FALSE(lrs::plateau_is_better(kNaN, -kInf, max_abs)) << "max: NaN is never better";
    // Exactly on the threshold (all four margins exact in binary): not better, in every mode. `<=` or `>=`
    // would call these improvements.
    const auto abs = lrs::ThresholdMode::abs;
    const lrs::PlateauOptions half_rel{.threshold = 0.5}, half_abs{.threshold = 0.5, .threshold_mode = abs};
    const lrs::PlateauOptions max_half_rel{.mode = lrs::Mode::max, .threshold = 0.5};
    const lrs::PlateauOptions max_half_abs{.mode = lrs::Mode::max, .threshold = 0.5, .threshold_mode = abs};
    EXPECT_FALSE(lrs::plateau_is_better(0.5, 1.0, half_rel)) << "min, rel 0.5: 0.5 = 1·(1 − 0.5) exactly is a tie";
    EXPECT_FALSE(lrs::plateau_is_better(0.5, 1.0, half_abs)) << "min, abs 0.5: 0.5 = 1 − 0.5 exactly is a tie";
    EXPECT_FALSE(lrs::plateau_is_better(0.75, 0.5, max_half_rel)) << "max, rel 0.5: 0.75 = 0.5·1.5 exactly is a tie";
    EXPECT_FALSE(lrs::plateau_is_better(1.0, 0.5, max_half_abs)) << "max, abs 0.5: 1 = 0.5 + 0.5 exactly is a tie";
    EXPECT_TRUE(lrs::plateau_is_better(-9.5, -10.0, {.threshold = 0.1}))
        << "min, rel 0.1 with a negative best −10: PyTorch compares with best·(1 − 0.1) = −9, so −9.5 (worse!) "
           "counts as better — rel mode assumes a positive metric (README)";
}

TEST(Ex1105Plateau, PatienceTwoCutsOnTheThirdBadEpochAndTiesAreBad) {
    // PyTorch's documented example: patience 2 ignores two bad epochs and cuts after the third.
    expect_plateau_trace({.patience = 2}, 1.0,
                         {{1.0, 1.0, 0, 0},
                          {1.0, 1.0, 1, 0},
                          {1.0, 1.0, 2, 0},
                          {1.0, 0.1, 0, 0},
                          {0.5, 0.1, 0, 0},
                          {0.6, 0.1, 1, 0},
                          {0.5, 0.1, 2, 0},
                          {0.7, 0.01, 0, 0}},
                         "patience 2, factor 0.1");
}

TEST(Ex1105Plateau, AnImprovementStartsTheCountOfBadEpochsAgain) {
    // Patience 2: two bad epochs, then a better one resets the count to 0, so two more bad epochs are
    // tolerated again. Without the reset the count would reach 3 at epoch 5 and cut.
    expect_plateau_trace({.patience = 2}, 1.0,
                         {{1.0, 1.0, 0, 0}, {2.0, 1.0, 1, 0}, {2.0, 1.0, 2, 0}, {0.5, 1.0, 0, 0}, {2.0, 1.0, 1, 0},
                          {2.0, 1.0, 2, 0}, {2.0, 0.1, 0, 0}},
                         "patience 2, an improvement at epoch 4 (num_bad_epochs goes back to 0 whenever the metric "
                         "improves)");
}

TEST(Ex1105Plateau, PatienceZeroCutsOnEveryBadEpoch) {
    expect_plateau_trace({.factor = 0.5, .patience = 0}, 1.0,
                         {{5.0, 1.0, 0, 0}, {6.0, 0.5, 0, 0}, {4.0, 0.5, 0, 0}, {4.0, 0.25, 0, 0}, {3.0, 0.25, 0, 0}},
                         "patience 0, factor 0.5 (the tie 4, 4 is a bad epoch)");
}

TEST(Ex1105Plateau, CooldownIgnoresTheEpochsAfterACut) {
    // Cut at epoch 3; epochs 4 and 5 are cooldown (counter 2 → 1 → 0, bad count forced to 0); counting
    // resumes at epoch 6, and epoch 7 is the second bad one in a row: the next cut.
    expect_plateau_trace({.factor = 0.5, .patience = 1, .cooldown = 2}, 1.0,
                         {{1.0, 1.0, 0, 0},
                          {2.0, 1.0, 1, 0},
                          {2.0, 0.5, 0, 2},
                          {2.0, 0.5, 0, 1},
                          {2.0, 0.5, 0, 0},
                          {2.0, 0.5, 1, 0},
                          {2.0, 0.25, 0, 2}},
                         "patience 1, cooldown 2, factor 0.5");
}

TEST(Ex1105Plateau, MinLrAndEpsBoundTheCuts) {
    // 1 → 0.1 → max(0.01, 0.05) = 0.05 → max(0.005, 0.05) = 0.05: the last "cut" changes nothing.
    expect_plateau_trace({.patience = 0, .min_lr = 0.05}, 1.0,
                         {{1.0, 1.0, 0, 0}, {1.0, 0.1, 0, 0}, {1.0, 0.05, 0, 0}, {1.0, 0.05, 0, 0}},
                         "patience 0, min_lr 0.05");
    // 1.5e-8 → 1.5e-9 changes lr by 1.35e-8 > eps = 1e-8: done. 1.5e-9 → 1.5e-10 would change it by
    // 1.35e-9 ≤ eps: skipped, the rate stays.
    expect_plateau_trace({.patience = 0}, 1.5e-8, {{1.0, 1.5e-8, 0, 0}, {1.0, 1.5e-9, 0, 0}, {1.0, 1.5e-9, 0, 0}},
                         "patience 0, eps 1e-8");
}

TEST(Ex1105Plateau, EpsComparesTheChangeAndASkippedCutStillStartsTheCooldown) {
    // lr 1 → 0.5 changes it by exactly eps = 0.5: not more than eps, so PyTorch skips the cut.
    expect_plateau_trace({.factor = 0.5, .patience = 0, .eps = 0.5}, 1.0, {{1.0, 1.0, 0, 0}, {2.0, 1.0, 0, 0}},
                         "patience 0, factor 0.5, eps 0.5 (a change of exactly eps is skipped: lr − new > eps)");
    // At min_lr every "cut" is skipped, but the cooldown still starts and the bad count still resets.
    expect_plateau_trace({.patience = 0, .cooldown = 1, .min_lr = 1.0}, 1.0,
                         {{1.0, 1.0, 0, 0}, {2.0, 1.0, 0, 1}, {2.0, 1.0, 0, 0}, {2.0, 1.0, 0, 1}},
                         "patience 0, cooldown 1, min_lr = lr (the cooldown starts even when the cut is skipped)");
    // The factor, not 1 − factor: 0.3 leaves 0.3 of the rate.
    expect_plateau_trace({.factor = 0.3, .patience = 0}, 2.0, {{1.0, 2.0, 0, 0}, {1.0, 0.6, 0, 0}},
                         "patience 0, factor 0.3");
}

TEST(Ex1105Plateau, MaxModeCutsWhenTheMetricStopsRising) {
    // An accuracy: rising is better. 0.5, 0.6 better; 0.6 ties (bad 1), 0.59 (bad 2 > patience 1): cut.
    expect_plateau_trace({.mode = lrs::Mode::max, .factor = 0.5, .patience = 1, .threshold = 0.0}, 0.4,
                         {{0.5, 0.4, 0, 0}, {0.6, 0.4, 0, 0}, {0.6, 0.4, 1, 0}, {0.59, 0.2, 0, 0}, {0.7, 0.2, 0, 0}},
                         "max mode, patience 1, threshold 0");
}

TEST(Ex1105Plateau, NaNIsABadEpochAndNeverBecomesBest) {
    expect_plateau_trace({.factor = 0.5, .patience = 1}, 1.0,
                         {{1.0, 1.0, 0, 0}, {kNaN, 1.0, 1, 0}, {kNaN, 0.5, 0, 0}, {0.9, 0.5, 0, 0}},
                         "patience 1, NaN losses");
    lrs::PlateauState state = lrs::make_plateau_state(1.0, {});
    lrs::plateau_step(state, {}, kNaN);
    EXPECT_EQ(state.best, kInf) << "a first metric NaN leaves best at +∞";
    lrs::plateau_step(state, {}, 2.0);
    EXPECT_EQ(state.best, 2.0) << "then 2.0 becomes best";
    lrs::PlateauState maximise = lrs::make_plateau_state(1.0, {.mode = lrs::Mode::max, .patience = 0});
    lrs::plateau_step(maximise, {.mode = lrs::Mode::max, .patience = 0}, 0.5);
    lrs::plateau_step(maximise, {.mode = lrs::Mode::max, .patience = 0}, 0.4);
    EXPECT_EQ(maximise.best, 0.5) << "max mode: best is the largest";
    EXPECT_TRUE(near(maximise.lr, 0.1, 1e-15, "max mode, patience 0: 0.4 after 0.5 is a bad epoch, lr cut to"));
}

// ==== 11.6 Early stopping ====================================================================================

TEST(Ex1106EarlyStopping, HandTracedVerdicts) {
    Matrix w(1, 1);
    const opt::ParameterList params{{&w, &w}};
    struct Row {
        double loss;
        lrs::Verdict verdict;
        std::int64_t wait;
    };
    const auto trace = [&](const lrs::EarlyStoppingOptions& options, const std::vector<Row>& rows,
                           const std::string& name) {
        lrs::EarlyStoppingState state;
        const bool failed_before = ::testing::Test::HasFailure();
        for (std::size_t i = 0; i < rows.size(); ++i) {
            const auto v = lrs::early_stopping_update(state, options, rows[i].loss, params);
            const std::string at =
                name + ", check " + std::to_string(i + 1) + " (loss " + course::teach::show(rows[i].loss) + ")";
            EXPECT_EQ(verdict_name(v), verdict_name(rows[i].verdict)) << at;
            EXPECT_EQ(state.wait, rows[i].wait) << at << ": wait";
            EXPECT_EQ(state.checks, static_cast<std::int64_t>(i + 1)) << at << ": checks";
            EXPECT_EQ(state.stopped, rows[i].verdict == lrs::Verdict::stop) << at << ": stopped";
            if (!failed_before && ::testing::Test::HasFailure()) break;  // the first check that differs
        }
        return state;
    };
    using V = lrs::Verdict;
    const auto s = trace({.patience = 3},
                         {{0.5, V::improved, 0},
                          {0.4, V::improved, 0},
                          {0.45, V::no_improvement, 1},
                          {0.41, V::no_improvement, 2},
                          {0.42, V::stop, 3}},
                         "patience 3");
    EXPECT_EQ(s.best, 0.4) << "patience 3: best";
    EXPECT_EQ(s.best_check, 2) << "patience 3: the best was check 2";
    trace({.patience = 0}, {{1.0, V::improved, 0}, {0.9, V::improved, 0}, {1.1, V::stop, 1}},
          "patience 0 (an improvement never stops; the first bad check does)");
    trace({.patience = 2}, {{1.0, V::improved, 0}, {1.0, V::no_improvement, 1}, {1.0, V::stop, 2}}, "patience 2, ties");
    trace({.patience = 5, .min_delta = 0.1},
          {{1.0, V::improved, 0}, {0.95, V::no_improvement, 1}, {0.92, V::no_improvement, 2}, {0.85, V::improved, 0}},
          "min_delta 0.1 (improvement means loss < best − 0.1)");
}

TEST(Ex1106EarlyStopping, NonFiniteLossStopsAtOnceAndKeepsTheBest) {
    Matrix w(1, 1);
    const opt::ParameterList params{{&w, &w}};
    for (const double bad : {kNaN, kInf, -kInf}) {
        lrs::EarlyStoppingState state;
        w(0, 0) = 7.0;
        EXPECT_EQ(verdict_name(lrs::early_stopping_update(state, {.patience = 5}, 1.0, params)), "improved");
        w(0, 0) = 8.0;
        EXPECT_EQ(verdict_name(lrs::early_stopping_update(state, {.patience = 5}, bad, params)), "stop")
            << "a validation loss of " << bad << " with patience 5: the run diverged, stop now";
        EXPECT_TRUE(state.stopped);
        EXPECT_EQ(state.best, 1.0) << "after a loss of " << bad << ", best stays 1";
        lrs::restore_best_weights(state, params);
        EXPECT_EQ(w(0, 0), 7.0) << "restoring after a loss of " << bad << " gives the weights of the finite best check";
    }
    lrs::EarlyStoppingState first_nan;
    EXPECT_EQ(verdict_name(lrs::early_stopping_update(first_nan, {}, kNaN, params)), "stop")
        << "NaN at the first check";
    EXPECT_TRUE(first_nan.best_weights.empty()) << "no snapshot without a finite check";
}

TEST(Ex1106EarlyStopping, RestoresACopyOfTheBestWeightsAndLeavesGradientsAlone) {
    Matrix W = Matrix::from_rows({{1, 2}, {3, 4}}), b = Matrix::from_rows({{5, 6}});
    const Matrix dW = Matrix::from_rows({{-1, -1}, {-1, -1}}), db = Matrix::from_rows({{-2, -2}});
    const opt::ParameterList params{{&W, &dW}, {&b, &db}};
    lrs::EarlyStoppingState state;
    lrs::restore_best_weights(state, params);  // no snapshot yet: nothing to do
    EXPECT_EQ(W(1, 1), 4.0) << "restore without a snapshot must leave the parameters alone";
    lrs::early_stopping_update(state, {.patience = 2}, 0.3, params);
    W(0, 0) = 100, b(0, 1) = 200;  // training moves on…
    EXPECT_EQ(state.best_weights.at(0)(0, 0), 1.0) << "the snapshot must be a copy, not the live parameter";
    lrs::early_stopping_update(state, {.patience = 2}, 0.2, params);  // a better check: a new snapshot
    W(0, 0) = -1, b(0, 1) = -2;
    lrs::early_stopping_update(state, {.patience = 2}, 0.25, params);
    lrs::early_stopping_update(state, {.patience = 2}, 0.26, params);
    ASSERT_TRUE(state.stopped) << "two checks without improvement with patience 2";
    ASSERT_EQ(state.best_weights.size(), 2u) << "two improvements, two parameters: the snapshot holds one matrix per "
                                                "parameter, replaced at each improvement (resize and assign, not push_back)";
    lrs::restore_best_weights(state, params);
    EXPECT_EQ(W(0, 0), 100.0) << "W(0, 0) should be as it was at the best check (the second)";
    EXPECT_EQ(b(0, 1), 200.0) << "b(0, 1) should be as it was at the best check (the second)";
    EXPECT_EQ(W(1, 1), 4.0) << "W(1, 1) never changed";
    EXPECT_EQ(dW(0, 0), -1.0) << "gradients are not part of the snapshot";
    EXPECT_EQ(db(0, 0), -2.0) << "gradients are not part of the snapshot";
}

TEST(Ex1106EarlyStopping, RestoreRefusesASnapshotOfOtherParameters) {
    Matrix W(2, 2, 1.0), b(1, 2, 2.0), other(3, 1, 0.0);
    lrs::EarlyStoppingState state;
    const opt::ParameterList both{{&W, nullptr}, {&b, nullptr}}, one{{&W, nullptr}}, wrong{{&W, nullptr}, {&other, nullptr}};
    lrs::early_stopping_update(state, {}, 0.5, both);
    ASSERT_EQ(state.best_weights.size(), 2u) << "one snapshot matrix per parameter (grads may be null)";
    EXPECT_THROW(lrs::restore_best_weights(state, one), course::ShapeError)
        << "a snapshot of 2 parameters restored into a list of 1";
    EXPECT_THROW(lrs::restore_best_weights(state, wrong), course::ShapeError) << "parameter 1 is 3×1, its snapshot 1×2";
    EXPECT_EQ(other(0, 0), 0.0) << "a refused restore must not write";
}

TEST(Ex1106EarlyStopping, TheFaceTrainingRestoresItsBestCheck) {
    bp::FaceRecipe recipe;
    recipe.n_faces = 200;
    const bp::FaceData data = bp::prepare_face_data(recipe, 3);
    bp::Network network = bp::make_face_network(recipe, 3);
    const bp::TrainOptions options{.batch_size = 16, .iterations = 60, .eval_every = 3, .seed = 4};
    const lrs::TrainingPlan plan{.optimizer = opt::SgdOptions{.lr = 0.5},
                                 .early_stopping = lrs::EarlyStoppingOptions{.patience = 2}};
    const auto run = lrs::train_scheduled(network, data.train, data.validation, options, plan);
    const auto& val = run.history.val_loss;
    double best = kInf;
    std::size_t best_step = 0;
    for (std::size_t i = 1; i < val.size(); ++i)
        if (val[i] < best) best = val[i], best_step = run.history.val_iterations[i];
    EXPECT_EQ(run.best_step, best_step) << "the restored check should be the one with the lowest validation loss";
    bp::ForwardCache cache;
    EXPECT_TRUE(near(bp::dataset_loss(network, data.validation, cache), best, 1e-12,
                     "validation loss of the network after training (the restored best check's)"));
}

// ==== 11.7 CosineAnnealingWarmRestarts (SGDR) ==================================================================

namespace {

// (1 + cos(π·k/n))/2: the cosine's factor k steps into a cycle of n.
double cosine_factor(int k, int n) {
    return (1 + std::cos(std::numbers::pi * k / n)) / 2;
}

}  // namespace

TEST(Ex1107WarmRestarts, HandComputedCycles) {
    // T_mult = 1: the same cycle of 4 over and over; t = 4 and t = 8 are restarts, back at η₀.
    expect_rates([](std::int64_t t) { return lrs::cosine_warm_restarts_lr(1.0, t, {.T_0 = 4}); },
                 {1.0, cosine_factor(1, 4), 0.5, cosine_factor(3, 4), 1.0, cosine_factor(1, 4), 0.5,
                  cosine_factor(3, 4), 1.0},
                 1e-15, "cosine_warm_restarts_lr(1, t, {T_0 4, T_mult 1})");
    // T_mult = 2: cycles of 2, 4 and 8 steps, starting at t = 0, 2 and 6; the next starts at t = 14.
    std::vector<double> want{1.0, 0.5};
    for (int k = 0; k < 4; ++k) want.push_back(cosine_factor(k, 4));
    for (int k = 0; k < 8; ++k) want.push_back(cosine_factor(k, 8));
    want.push_back(1.0);
    expect_rates([](std::int64_t t) { return lrs::cosine_warm_restarts_lr(1.0, t, {.T_0 = 2, .T_mult = 2}); }, want,
                 1e-15,
                 "cosine_warm_restarts_lr(1, t, {T_0 2, T_mult 2}), cycles starting at t = 0, 2, 6, 14 "
                 "(η₀ at each start: T_cur = T_i belongs to the next cycle)");
    // η_min = 0.1, η₀ = 1.1, cycles of 2 and 6: half way down is 0.6.
    expect_rates([](std::int64_t t) { return lrs::cosine_warm_restarts_lr(1.1, t, {.T_0 = 2, .T_mult = 3, .eta_min = 0.1}); },
                 {1.1, 0.6, 1.1, 0.1 + cosine_factor(1, 6), 0.1 + cosine_factor(2, 6), 0.6, 0.1 + cosine_factor(4, 6),
                  0.1 + cosine_factor(5, 6), 1.1},
                 1e-15, "cosine_warm_restarts_lr(1.1, t, {T_0 2, T_mult 3, eta_min 0.1})");
}

TEST(Ex1107WarmRestarts, EveryRestartIsExactWhereALogarithmSlips) {
    // T_0 = 1, T_mult = 3: restarts at t = (3ⁿ − 1)/2 = 0, 1, 4, 13, 40, 121, 364, 1093, 3280. PyTorch's
    // ⌊log₃(2t + 1)⌋ puts t = 121 (log₃ 243 = 4.999… in floating point) in the cycle before, at its bottom.
    std::int64_t start = 0, length = 1;
    for (int n = 0; n < 9; ++n, start += length, length *= 3) {
        EXPECT_TRUE(near(lrs::cosine_warm_restarts_lr(2.0, start, {.T_0 = 1, .T_mult = 3}), 2.0, 0.0,
                         "the restart at t = " + std::to_string(start) + " (T_0 1, T_mult 3): η₀ exactly"));
        if (length > 1) {
            EXPECT_TRUE(near(lrs::cosine_warm_restarts_lr(2.0, start + length - 1, {.T_0 = 1, .T_mult = 3}),
                             2.0 * cosine_factor(static_cast<int>(length) - 1, static_cast<int>(length)), 1e-12,
                             "the last step before the restart at t = " + std::to_string(start + length)));
        }
    }
}

TEST(Ex1107WarmRestarts, ASchedulesDecayAfterAWarmup) {
    // decay_lr (given) hands a CosineWarmRestartsOptions decay to your 11.7; after a warm-up of 3 steps
    // the cycles count from the decay's own t = 0 (through scheduled_lr, your 11.4: this test runs it too).
    const lrs::CosineWarmRestartsOptions sgdr{.T_0 = 2, .T_mult = 2};
    EXPECT_TRUE(near(lrs::decay_lr(sgdr, 1.0, 3), cosine_factor(1, 4), 1e-15, "decay_lr(SGDR {T_0 2, T_mult 2}, t = 3)"));
    const lrs::Schedule schedule{sgdr, {.steps = 3, .start_factor = 0.4}};
    expect_rates([&](std::int64_t t) { return lrs::scheduled_lr(schedule, 1.0, t); },
                 {0.4, 0.6, 0.8, 1.0, 0.5, 1.0, cosine_factor(1, 4)}, 1e-15,
                 "scheduled_lr(warm-up 3 from 0.4, then SGDR {T_0 2, T_mult 2})");
}

TEST(Ex1107WarmRestarts, MatchesPyTorchsStepByStepForm) {
    // torch's step() without an epoch: T_cur += 1; at T_cur ≥ T_i, T_cur −= T_i and T_i ·= T_mult. An
    // independent way to the same cycles, for several T_0 and T_mult.
    for (const std::int64_t T_0 : {1, 3, 5})
        for (const std::int64_t T_mult : {1, 2, 3}) {
            std::int64_t T_cur = 0, T_i = T_0;
            for (std::int64_t t = 0; t < 400; ++t) {
                const double want = 0.01 + (0.5 - 0.01) * cosine_factor(static_cast<int>(T_cur), static_cast<int>(T_i));
                const double got = lrs::cosine_warm_restarts_lr(0.5, t, {.T_0 = T_0, .T_mult = T_mult, .eta_min = 0.01});
                if (!expect(near(got, want, 1e-12,
                                 "cosine_warm_restarts_lr(0.5, t = " + std::to_string(t) + ", {T_0 " +
                                     std::to_string(T_0) + ", T_mult " + std::to_string(T_mult) +
                                     ", eta_min 0.01}): T_cur " + std::to_string(T_cur) + " of " + std::to_string(T_i))))
                    break;
                if (++T_cur >= T_i) T_cur -= T_i, T_i *= T_mult;
            }
        }
}

// ==== given code ============================================================================================

TEST(Chapter11Given, ValidationRejectsWhatPyTorchRejects) {
    EXPECT_THROW(lrs::validate(lrs::PlateauOptions{.factor = 1.0}), std::invalid_argument) << "factor must be < 1";
    EXPECT_THROW(lrs::validate(lrs::PlateauOptions{.patience = -1}), std::invalid_argument);
    EXPECT_THROW(lrs::validate(lrs::Schedule{lrs::StepLROptions{.step_size = 0}}), std::invalid_argument);
    EXPECT_THROW(lrs::validate(lrs::Schedule{lrs::CosineAnnealingLROptions{.T_max = 0}}), std::invalid_argument);
    EXPECT_THROW(lrs::validate(lrs::Schedule{{}, {.steps = 5, .start_factor = 0.0}}), std::invalid_argument);
    EXPECT_NO_THROW(lrs::validate(lrs::Schedule{lrs::ExponentialLROptions{}, {.steps = 5}}));
    EXPECT_EQ(lrs::make_plateau_state(0.1, {}).best, kInf) << "min mode starts from +∞";
    EXPECT_EQ(lrs::make_plateau_state(0.1, {.mode = lrs::Mode::max}).best, -kInf) << "max mode starts from −∞";
    EXPECT_EQ(lrs::describe(lrs::Schedule{lrs::StepLROptions{.step_size = 30}}), "StepLR(step_size=30, gamma=0.1)");
    EXPECT_THROW(lrs::validate(lrs::Schedule{lrs::CosineWarmRestartsOptions{.T_0 = 0}}), std::invalid_argument);
    EXPECT_THROW(lrs::validate(lrs::Schedule{lrs::CosineWarmRestartsOptions{.T_mult = 0}}), std::invalid_argument);
    EXPECT_EQ(lrs::describe(lrs::Schedule{lrs::CosineWarmRestartsOptions{.T_0 = 5, .T_mult = 2}}),
              "CosineAnnealingWarmRestarts(T_0=5, T_mult=2, eta_min=0)");
}

TEST(Chapter11Given, TheNoiseFloorIsTheFixedPointOfTheMeanSquare) {
    for (const double lr : {0.001, 0.01, 0.1, 0.4}) {
        const double m = lrs::noise_floor(lr, 3.0);
        EXPECT_TRUE(near((1 - 2 * lr) * (1 - 2 * lr) * m + lr * lr * 9.0, m, 1e-12 * m,
                         "(1 − 2η)²m + η²σ² at m = noise_floor(η = " + course::teach::show(lr) + ", σ = 3)"));
    }
}

// ---- chapter 08's fit(), the loop that train_scheduled and chapter 10's comparisons run on -------------------

namespace {

struct SmallFaceRun {
    bp::FaceData data;
    bp::Network network;
};

SmallFaceRun small_face_run(std::uint64_t seed) {
    bp::FaceRecipe recipe;
    recipe.n_faces = 200;
    return {bp::prepare_face_data(recipe, seed), bp::make_face_network(recipe, seed)};
}

// fit() on chapter 08's face_model of `network`, with a workspace of its own.
bp::FitHistory fit_face(bp::Network& network, const bp::FaceData& data, const bp::TrainOptions& options,
                        const bp::TrainHooks& hooks = {}) {
    bp::Workspace workspace = bp::make_workspace(network, options.batch_size);
    bp::Trainable model = bp::face_model(network, workspace);
    return bp::fit(model, data.train, data.validation, options, hooks);
}

}  // namespace

TEST(Chapter11Given, FitWithoutHooksIsChapter08sTrain) {
    SmallFaceRun run = small_face_run(11);
    bp::Network reference = run.network;
    const bp::TrainOptions options{.lr = 0.05, .batch_size = 16, .iterations = 10, .eval_every = 3, .seed = 2};
    const bp::TrainHistory chapter08 = bp::train(reference, run.data.train, run.data.validation, options);
    const bp::FitHistory fitted = fit_face(run.network, run.data, options);
    EXPECT_EQ(fitted.history.train_loss, chapter08.train_loss) << "fit() with no hooks: every mini-batch loss";
    EXPECT_EQ(fitted.history.val_iterations, chapter08.val_iterations) << "fit(): the steps of the checks";
    EXPECT_EQ(fitted.history.val_loss, chapter08.val_loss) << "fit(): the validation losses";
    EXPECT_EQ(run.network.layers[0].W.values(), reference.layers[0].W.values()) << "fit(): the trained weights";
    EXPECT_EQ(fitted.lr, std::vector<double>(10, 0.05)) << "fit(): options.lr at every step";
    EXPECT_EQ(fitted.stopped_at, 0u);
}

TEST(Chapter11Given, FitCallsItsHooksInOrderAndStopsWhenACheckSaysSo) {
    SmallFaceRun run = small_face_run(12);
    std::vector<std::string> calls;
    std::vector<double> rates_seen;
    const bp::TrainOptions options{.batch_size = 8, .iterations = 9, .eval_every = 2, .seed = 1};
    bp::Workspace workspace = bp::make_workspace(run.network, options.batch_size);
    bp::Trainable model = bp::face_model(run.network, workspace);
    const bp::TrainHooks hooks{
        .learning_rate = [&](std::size_t step) { return calls.push_back("rate " + std::to_string(step)), 0.01 * step; },
        .on_batch = [&](course::Matrix&, course::Matrix&) { calls.push_back("batch"); },
        .regularizer = [&] { return calls.push_back("penalty"), 0.0; },
        .update =
            [&](double lr) {
                calls.push_back("update");
                rates_seen.push_back(lr);
                for (std::size_t l = 0; l < run.network.layers.size(); ++l)
                    run.network.layers[l].W.add_scaled(workspace.grads.dW[l], -lr);
            },
        .on_check =
            [&](std::size_t step, double) {
                calls.push_back("check " + std::to_string(step));
                return step == 4 ? bp::AfterCheck::stop : bp::AfterCheck::keep_training;
            },
        .on_step = [&](std::size_t step, double) { calls.push_back("step " + std::to_string(step)); }};
    const bp::FitHistory fitted = bp::fit(model, run.data.train, run.data.validation, options, hooks);
    const std::vector<std::string> want{
        "rate 1", "batch", "penalty", "update", "step 1",  "rate 2", "batch", "penalty", "update", "check 2", "step 2",
        "rate 3", "batch", "penalty", "update", "step 3", "rate 4", "batch", "penalty", "update", "check 4", "step 4"};
    EXPECT_EQ(calls, want) << "per step: rate, batch, penalty, update, (check), on_step; a check's stop ends training";
    EXPECT_EQ(rates_seen, (std::vector<double>{0.01, 0.02, 0.03, 0.04})) << "update gets the step's rate";
    EXPECT_EQ(fitted.lr, rates_seen) << "the history records each step's rate";
    EXPECT_EQ(fitted.stopped_at, 4u) << "stopped by the check of step 4";
    EXPECT_EQ(fitted.history.val_iterations, (std::vector<std::size_t>{0, 2, 4}));
    EXPECT_EQ(fitted.history.train_loss.size(), 4u);
}

TEST(Chapter11Given, FitAddsTheRegularizersPenaltyAndGradient) {
    // R(θ) = 0.25 with ∂R/∂W = 0 changes the recorded losses by 0.25 and nothing else; then a penalty
    // whose gradient is dW itself doubles every step of plain SGD, like lr × 2.
    SmallFaceRun run = small_face_run(13);
    const bp::TrainOptions options{.lr = 0.05, .batch_size = 16, .iterations = 6, .eval_every = 3, .seed = 5};
    bp::Network plain = run.network, constant = run.network, doubled = run.network, fast = run.network;
    const auto base = fit_face(plain, run.data, options);
    const auto shifted = fit_face(constant, run.data, options, {.regularizer = [] { return 0.25; }});
    for (std::size_t i = 0; i < base.history.train_loss.size(); ++i)
        EXPECT_EQ(shifted.history.train_loss[i], base.history.train_loss[i] + 0.25) << "step " << i + 1;
    EXPECT_EQ(shifted.history.val_loss, base.history.val_loss) << "the validation loss carries no penalty";
    bp::Workspace workspace = bp::make_workspace(doubled, options.batch_size);
    bp::Trainable doubled_model = bp::face_model(doubled, workspace);
    const auto twice = [&grads = workspace.grads] {
        for (std::size_t l = 0; l < grads.dW.size(); ++l) grads.dW[l] *= 2.0, grads.db[l] *= 2.0;
        return 0.0;
    };
    bp::fit(doubled_model, run.data.train, run.data.validation, options, {.regularizer = twice});
    bp::TrainOptions double_rate = options;
    double_rate.lr = 0.1;
    fit_face(fast, run.data, double_rate);
    EXPECT_TRUE(course::teach::vectors_near(doubled.layers[1].W.values(), fast.layers[1].W.values(), 1e-12,
                                            "W² after 6 steps: gradients doubled by the regularizer vs lr doubled"));
    EXPECT_THROW(fit_face(plain, run.data, {.eval_every = 0}), std::invalid_argument);
}

// fit() for any model: a linear model y = x·w (no bias) written as a Trainable, on data with an exact
// solution, reaches the least-squares answer; on_batch sees every batch before the model does.
TEST(Chapter11Given, FitTrainsAnyTrainableModel) {
    const std::size_t n = 40;
    bp::Dataset train{course::Matrix(n, 2), course::Matrix(n, 1)};
    for (std::size_t i = 0; i < n; ++i) {
        train.X(i, 0) = std::sin(0.7 * static_cast<double>(i));
        train.X(i, 1) = std::cos(1.3 * static_cast<double>(i));
        train.Y(i, 0) = 2.0 * train.X(i, 0) - 3.0 * train.X(i, 1);  // w* = (2, −3)
    }
    course::Matrix w(2, 1), dw(2, 1), residual(n, 1);
    const auto loss_of = [&](const course::Matrix& X, const course::Matrix& Y, bool with_gradient) {
        double loss = 0.0;
        dw.fill(0.0);
        for (std::size_t i = 0; i < X.rows(); ++i) {
            const double r = X(i, 0) * w(0, 0) + X(i, 1) * w(1, 0) - Y(i, 0);  // ℒ = (1/2m)Σ r²
            loss += 0.5 * r * r / static_cast<double>(X.rows());
            if (with_gradient)
                for (std::size_t j = 0; j < 2; ++j) dw(j, 0) += r * X(i, j) / static_cast<double>(X.rows());
        }
        return loss;
    };
    bp::Trainable model{
        .loss_and_gradients = [&](const course::Matrix& X, const course::Matrix& Y) { return loss_of(X, Y, true); },
        .evaluate = [&](const bp::Dataset& data) { return loss_of(data.X, data.Y, false); },
        .sgd_step = [&](double lr) { w.add_scaled(dw, -lr); },
    };
    std::size_t batches = 0, rows = 0;
    const bp::TrainHooks hooks{.on_batch = [&](course::Matrix& X, course::Matrix& Y) {
        ++batches;
        rows += X.rows();
        EXPECT_EQ(X.rows(), Y.rows()) << "on_batch: inputs and targets of the same examples";
    }};
    const bp::FitHistory fitted =
        bp::fit(model, train, train, {.lr = 0.5, .batch_size = 16, .iterations = 600, .eval_every = 100, .seed = 3}, hooks);
    EXPECT_NEAR(w(0, 0), 2.0, 1e-6) << "fit(Trainable): w₀ of the exact solution w* = (2, −3)";
    EXPECT_NEAR(w(1, 0), -3.0, 1e-6) << "fit(Trainable): w₁ of the exact solution w* = (2, −3)";
    EXPECT_EQ(batches, 600u) << "on_batch is called once per step";
    EXPECT_EQ(rows, 200u * 40u) << "600 steps of 16, 16, 8 rows: 200 epochs of 40 examples (the last batch holds the rest)";
    EXPECT_LT(fitted.history.val_loss.back(), 1e-12);
    EXPECT_EQ(fitted.history.val_iterations, (std::vector<std::size_t>{0, 100, 200, 300, 400, 500, 600}));
    bp::Trainable incomplete{.loss_and_gradients = model.loss_and_gradients};
    EXPECT_THROW(bp::fit(incomplete, train, train, {}), std::invalid_argument) << "a model without evaluate";
}
