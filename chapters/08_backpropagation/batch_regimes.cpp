// Chapter 08, given code: the three regimes of gradient descent (see batch_regimes.hpp).
#include "chapters/08_backpropagation/batch_regimes.hpp"

#include <algorithm>
#include <stdexcept>

#include "chapters/08_backpropagation/trainer.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::backpropagation {

// The rates: for each regime the best final validation loss of a sweep over η = 0.001, 0.003, 0.01, …, 3 (step
// 7's default budget, three epochs of 1050 faces, on seed 1, not the program's default seed; README §8 has the
// table; on all 4200 faces it chose the same rates). Mini-batch keeps the chapter's 0.1. One example wants a rate
// ten times smaller, 0.01: each of its steps carries 32 times the mini-batch's gradient variance, and from 0.3 on
// it diverges. Full batch has no noise but only three steps, and its best rate, 0.03, is below the mini-batch's
// too: at 0.1 the first step overshoots (the mini-batch run's first step does as well) and three steps leave no
// time to recover.
std::vector<BatchRegime> batch_regimes() {
    return {{"full batch", 0, 0.03}, {"one example", 1, 0.01}, {"mini-batch", 32, 0.1}};
}

std::size_t steps_per_epoch(std::size_t n, std::size_t batch_size) {
    if (n == 0) throw std::invalid_argument("steps_per_epoch: the training set is empty");
    const std::size_t b = batch_size == 0 ? n : std::min(batch_size, n);
    return (n + b - 1) / b;
}

// After e whole epochs and r more steps (r < ⌈n/B⌉, so r·B < n): e·n + r·B examples.
std::size_t examples_after(std::size_t step, std::size_t n, std::size_t batch_size) {
    const std::size_t spe = steps_per_epoch(n, batch_size);
    const std::size_t b = batch_size == 0 ? n : std::min(batch_size, n);
    return (step / spe) * n + (step % spe) * b;
}

std::vector<std::size_t> regime_check_steps(std::size_t total, std::size_t spe, std::size_t per_epoch) {
    std::vector<std::size_t> steps;
    if (total == 0) return steps;
    if (per_epoch > 0) {
        for (std::size_t s = 1; s < total; s *= 2) steps.push_back(s);
        const std::size_t every = std::max<std::size_t>(1, (spe + per_epoch - 1) / per_epoch);
        for (std::size_t s = every; s < total; s += every) steps.push_back(s);
    }
    steps.push_back(total);
    std::sort(steps.begin(), steps.end());
    steps.erase(std::unique(steps.begin(), steps.end()), steps.end());
    return steps;
}

RegimeRun run_batch_regime(const Network& start, const Dataset& train_set, const Dataset& validation_set,
                           const BatchRegime& regime, std::size_t epochs, std::size_t checks_per_epoch,
                           std::uint64_t shuffle_seed) {
    const std::size_t n = train_set.size();
    RegimeRun run{.regime = regime, .batch_size = regime.batch_size == 0 ? n : std::min(regime.batch_size, n)};
    const std::size_t spe = steps_per_epoch(n, run.batch_size);
    run.steps = epochs * spe;
    const std::vector<std::size_t> checks = regime_check_steps(run.steps, spe, checks_per_epoch);

    Network network = start;
    ForwardCache cache;
    auto record = [&](std::size_t step) {
        run.steps_checked.push_back(static_cast<double>(step));
        run.examples_seen.push_back(static_cast<double>(examples_after(step, n, run.batch_size)));
        run.val_loss.push_back(dataset_loss(network, validation_set, cache));
    };
    // fit() measures the validation loss itself only before the first step and after the last
    // (eval_every = the whole run): the first is the curves' step 0. The hook measures it at the chosen
    // steps, after their updates.
    std::size_t next = 0;
    const TrainHooks hooks{.on_step = [&](std::size_t step, double) {
        if (next < checks.size() && checks[next] == step) record(step), ++next;
    }};
    Workspace workspace = make_workspace(network, run.batch_size);
    Trainable model = face_model(network, workspace);
    const FitHistory fitted = fit(model, train_set, validation_set,
                                  {.lr = regime.lr, .batch_size = run.batch_size, .iterations = run.steps,
                                   .eval_every = run.steps, .seed = shuffle_seed},
                                  hooks);
    run.steps_checked.insert(run.steps_checked.begin(), 0.0);
    run.examples_seen.insert(run.examples_seen.begin(), 0.0);
    run.val_loss.insert(run.val_loss.begin(), fitted.history.val_loss.front());
    return run;
}

void draw_batch_regimes(const std::vector<RegimeRun>& runs, std::size_t n_train, const std::string& path) {
    const plot::LineStyle styles[] = {plot::LineStyle::solid, plot::LineStyle::dashed, plot::LineStyle::dotted};
    const plot::Marker markers[] = {plot::Marker::circle, plot::Marker::none, plot::Marker::none};
    plot::Figure fig(1200, 520, 1, 2);
    fig.suptitle("Full batch, one example, mini-batch: the same " +
                 fmt(runs.empty() ? 0.0 : runs[0].examples_seen.back() / static_cast<double>(n_train), 3) +
                 " epochs of " + std::to_string(n_train) + " faces, the same start");
    auto& by_step = fig.subplot(0, 0);
    auto& by_example = fig.subplot(0, 1);
    for (std::size_t i = 0; i < runs.size(); ++i) {
        const RegimeRun& run = runs[i];
        const std::string label = run.regime.name + " (B = " + std::to_string(run.batch_size) + ", η = " +
                                  fmt(run.regime.lr) + ", " + std::to_string(run.steps) + " steps)";
        const plot::LineOptions line{.color = plot::tab10(static_cast<int>(i)), .width = 2.4, .style = styles[i % 3],
                                     .label = label, .marker = markers[i % 3], .marker_size = 7};
        // Step 0 has no place on a log axis: the left panel starts at step 1.
        const std::vector<double> steps(run.steps_checked.begin() + 1, run.steps_checked.end());
        const std::vector<double> losses(run.val_loss.begin() + 1, run.val_loss.end());
        by_step.plot(steps, losses, line);
        std::vector<double> epochs;
        for (const double e : run.examples_seen) epochs.push_back(e / static_cast<double>(n_train));
        by_example.plot(epochs, run.val_loss, line);
    }
    // Room above the curves for the right panel's legend: the log axis runs to 5 × the highest loss.
    double lowest = 1e300, highest = 0.0;
    for (const RegimeRun& run : runs)
        for (const double loss : run.val_loss) lowest = std::min(lowest, loss), highest = std::max(highest, loss);
    if (!runs.empty())
        by_example.ylim(lowest / 1.3, highest * 5.0)
            .axhline(
                runs[0].val_loss.front(),
                {.color = plot::colors::gray, .width = 1.0, .style = plot::LineStyle::dashed, .label = "untrained"});
    // And room below them on the left, where the legend goes.
    if (!runs.empty()) by_step.ylim(lowest / 3.0, highest * 1.3);
    by_step.title("Against the step: one update each")
        .xlabel("step (log scale)")
        .ylabel("validation loss ℒ")
        .xscale(plot::Scale::log)
        .yscale(plot::Scale::log)
        .yminor_labels()
        .grid()
        .legend({.location = plot::Corner::lower_left, .font_size = 10});
    by_example.title("Against the examples seen: the same work")
        .xlabel("examples seen, in epochs of " + std::to_string(n_train))
        .ylabel("validation loss ℒ")
        .yscale(plot::Scale::log)
        .yminor_labels()
        .grid()
        .legend({.location = plot::Corner::upper_right, .font_size = 10});
    fig.save(path);
}

}  // namespace course::backpropagation
