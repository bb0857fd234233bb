// Chapter 08, given code: full-batch, one-example and mini-batch gradient descent side by side on the
// face network (README §8; docs/DERIVATIONS.md D14).
//
// The three are one algorithm, θ ← θ − η·g_B, with g_B the mean gradient of B examples; they differ in B:
//
//     regime          B        steps per epoch   Var(g_B)   work per step
//     full batch      n        1                 0          n examples
//     one example     1        n                 σ²         1 example
//     mini-batch      32       ⌈n/32⌉            σ²/32      32 examples
//
// (σ² the per-example gradient variance, D14.) So at an equal budget of examples seen, full batch takes
// the fewest and most exact steps, one-example the most and noisiest. Every regime here trains through
// chapter 08's one loop, fit() (trainer.hpp), from the same initial network on the same batches'
// shuffle; only B and the rate η differ. The validation loss is measured by fit()'s on_step hook at
// chosen steps (a hook that only watches), so each curve has points both early on a log axis of steps
// and evenly spread over the examples seen.
//
// Wall time is not measured here: the program's output must be the same on every machine.
// bench/batch_regimes_bench.cpp times one epoch of each regime (README §8 quotes it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/backpropagation.hpp"

namespace course::backpropagation {

struct BatchRegime {
    std::string name;        // "full batch", "one example", "mini-batch"
    std::size_t batch_size;  // examples per step; 0 means the whole training set
    double lr;               // η, chosen for this regime (README §8 says how)
};

// The three regimes with the rates the README's sweep chose (seed 1, step 7's default budget).
std::vector<BatchRegime> batch_regimes();

// Steps of one epoch, ⌈n/B⌉, and the examples seen after `step` steps, when every epoch shuffles the n
// examples and cuts them into batches of B with a last batch of n mod B (chapter 08's sampler).
// B = 0 stands for n. Both throw std::invalid_argument for n = 0.
std::size_t steps_per_epoch(std::size_t n, std::size_t batch_size);
std::size_t examples_after(std::size_t step, std::size_t n, std::size_t batch_size);

// The steps at which a run of `total` steps is checked: 1, 2, 4, 8, … (for the log axis of steps),
// every ⌈spe/per_epoch⌉-th step (for the axis of examples seen; spe = steps per epoch), and the last.
// per_epoch = 0: the last step only. Ascending, without repeats.
std::vector<std::size_t> regime_check_steps(std::size_t total, std::size_t spe, std::size_t per_epoch);

struct RegimeRun {
    BatchRegime regime;
    std::size_t batch_size = 0;           // B, with 0 resolved to n
    std::size_t steps = 0;                // the steps the budget allows
    std::vector<double> steps_checked;    // 0 (before training), then regime_check_steps
    std::vector<double> examples_seen;    // at each of those steps
    std::vector<double> val_loss;         // ℒ on the whole validation set there
};

// Trains a copy of `start` for `epochs` epochs of `regime` on train_set through fit(), shuffled with
// `shuffle_seed`, checking the validation loss at regime_check_steps(…, checks_per_epoch).
RegimeRun run_batch_regime(const Network& start, const Dataset& train_set, const Dataset& validation_set,
                           const BatchRegime& regime, std::size_t epochs, std::size_t checks_per_epoch,
                           std::uint64_t shuffle_seed);

// 65_batch_regimes.png: the validation loss against the step (log axis) and against the examples seen,
// one series per regime, told apart by colour and line style.
void draw_batch_regimes(const std::vector<RegimeRun>& runs, std::size_t n_train, const std::string& path);

}  // namespace course::backpropagation
