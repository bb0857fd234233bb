// Chapter 11, given code: the open challenge of part II (chapters 10-14), on Gradescope's leaderboard.
//
// The lowest test error of chapter 08's face network within the seed's budget, 1,000 steps of batch 32
// on the seed's 6,000 faces (seed 42), trained by any of chapter 10's optimizers under any of this
// chapter's schedules (or ReduceLROnPlateau, a warm-up, early stopping), with your code and the
// hyperparameters you choose in exercises/challenge_part2.conf. The score is the mean absolute error
// of yaw and pitch on the 900 test faces, in degrees; lower is better. The default configuration is
// the seed's own run: plain SGD at lr 0.1.
//
// The configuration's keys are this chapter's command-line flags without their dashes (the
// configuration file lists them), so a plan can be tried first with
// `make run CH=11 ARGS="--optimizer adam --lr 0.003 --schedule cosine"`, which prints the same run.
// The budget is the harness's: it owns the loop (chapter 08's fit through train_scheduled), fixes the
// steps, the batch size, the data and the seeds (no key sets them), and counts the steps it ran.
#pragma once

#include <cstddef>
#include <cstdint>

#include "chapters/11_learning_rate_schedules/scheduled_training.hpp"
#include "common/challenge.hpp"
#include "common/cli.hpp"

namespace course::learning_rate_schedules {

struct Part2Setup {
    std::size_t n_faces = 6000;      // the seed's data set: 4200 train, 900 validation, 900 test faces
    std::size_t steps = 1000;        // the budget: mini-batch steps …
    std::size_t batch_size = 32;     // … of this many faces
    std::size_t eval_every = 50;     // validation checks, for the plateau and early stopping
    std::uint64_t seed = 42;
    static Part2Setup quick() { return {1500, 200, 32, 10, 42}; }  // the course's --quick sizes
};

// The plan the configuration asks for (TrainingPlan, from this chapter's flags). Throws
// course::UsageError naming the key when a value does not apply or torch would reject it.
TrainingPlan part2_plan(const Args& config, const Part2Setup& setup);

struct Part2Run {
    ScheduledHistory history;
    std::size_t steps = 0;                  // the steps the harness counted (≤ setup.steps)
    double yaw = 0.0, pitch = 0.0, mean = 0.0;  // test MAE in degrees
};
Part2Run run_part2(const TrainingPlan& plan, const Part2Setup& setup);
// "%.4f" of the mean test MAE; the details say what ran.
challenge::Score score_part2(const TrainingPlan& plan, const Part2Setup& setup);

challenge::Definition part2_challenge();

}  // namespace course::learning_rate_schedules
