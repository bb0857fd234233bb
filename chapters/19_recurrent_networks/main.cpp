// Chapter 19 — recurrent networks.
// A vanilla RNN and an LSTM with backpropagation through time written out and gradient-checked; the
// adding problem, which the LSTM solves and the RNN does not; why (the gradient through time); the
// LSTM's gates at work; and a small sentiment task with an embedding, trained with RMSprop.
// Writes figures 60_adding_problem.png … 63_sentiment.png.
// Run: make run CH=19 ARGS="--T 40 --steps 1500"
#include <algorithm>
#include <cmath>
#include <utility>
#include <string>
#include <vector>

#include "chapters/19_recurrent_networks/lecture.hpp"
#include "common/cli.hpp"
#include "common/plot/plot.hpp"
#include "common/random.hpp"
#include "common/say.hpp"

namespace rc = course::recurrent;
using course::fmt;
using course::Matrix;
using course::say;

namespace {

const course::Program kProgram{
    "19_recurrent_networks",
    "Chapter 19: a vanilla RNN and an LSTM trained by backpropagation through time on the adding problem "
    "and on synthetic sentiment; vanishing gradients through time; the LSTM's gates.",
    {course::Flag::integer("T", 30, "length of the adding problem's sequences", 4, 200),
     course::Flag::integer("hidden", 16, "hidden units H of the RNN and the LSTM", 2, 128),
     course::Flag::integer("steps", 600, "training steps on the adding problem (--full: 4000 unless given)", 10, 100000),
     course::Flag::real("lr", 0.01, "Adam's learning rate on the adding problem", 1e-5, 1.0),
     course::Flag::real("clip", 1.0, "clip_grad_norm max_norm (0: no clipping)", 0.0, 1000.0),
     course::Flag::on_off("full", "the long run: T = 60 and 4000 steps unless --T / --steps say otherwise, "
                                  "600 sentiment steps, a validation check every 25 steps")}};

struct Settings {
    std::size_t T, hidden, steps, train_size, val_size, sentiment_steps;
    double lr, clip;
    std::size_t eval_every;  // steps between validation checks, in both tasks
};

Settings settings_from(const course::Args& args) {
    Settings s{static_cast<std::size_t>(args.integer("T")), static_cast<std::size_t>(args.integer("hidden")),
               static_cast<std::size_t>(args.integer("steps")), 10000, 500, 400, args.real("lr"), args.real("clip"), 50};
    if (args.on("full")) {
        if (!args.given("T")) s.T = 60;
        if (!args.given("steps")) s.steps = 4000;
        s.train_size = 40000;
        s.sentiment_steps = 600;
        s.eval_every = 25;
    }
    if (args.quick()) {
        s.steps = std::min<std::size_t>(s.steps, 120);
        s.train_size = 2000;
        s.val_size = 200;
        s.sentiment_steps = 100;
        s.eval_every = 25;
    }
    return s;
}

void cells_lesson(const Settings& s) {
    say("1. Two recurrent cells, h₀ = 0 and one step per input:");
    say("   RNN   hₜ = tanh(xₜ·Wx + hₜ₋₁·Wh + b)                       %zu parameters at D = 2, H = %zu",
        2 * s.hidden + s.hidden * s.hidden + s.hidden, s.hidden);
    say("   LSTM  i, f, g, o from one product; cₜ = f ⊙ cₜ₋₁ + i ⊙ g; hₜ = o ⊙ tanh(cₜ)   %zu parameters",
        4 * (2 * s.hidden + s.hidden * s.hidden + s.hidden));
    say("   Backpropagation through time against central differences (T = 6, a loss on every step),");
    say("   ‖analytic − numerical‖/‖numerical‖ for the worst of Wx, Wh, b:  RNN %.2g,  LSTM %.2g",
        rc::bptt_gradient_check(rc::CellKind::rnn, 19),
        rc::bptt_gradient_check(rc::CellKind::lstm, 19));
}

rc::Run train_adding(rc::SequenceModel& model, const rc::AddingData& train, const rc::AddingData& val,
                     const Settings& s, std::uint64_t seed, const std::string& label) {
    return rc::train(model, train.X, train.Y, val.X, val.Y, s.steps, 32, s.eval_every,
                     course::optimizers::AdamOptions{.lr = s.lr}, seed, label);
}

void adding_lesson(const course::Args& args, const Settings& s, rc::SequenceModel& rnn, rc::SequenceModel& lstm,
                   rc::AddingData& val) {
    course::Rng data_rng(args.seed());
    const rc::AddingData train = rc::make_adding_problem(s.train_size, s.T, data_rng);
    val = rc::make_adding_problem(s.val_size, s.T, data_rng);
    const double baseline = rc::constant_baseline_mse(val.Y);
    say("2. The adding problem (Hochreiter & Schmidhuber 1997): T = %zu steps of (value, marker); the target is the",
        s.T);
    say("   sum of the two marked values, one in each half. Predicting the mean scores MSE %.4g on the validation",
        baseline);
    say("   set (%zu sequences; 1/6 = 0.1667 in expectation): a model must beat that by remembering ~T/2 steps.",
        s.val_size);
    say("3. Training both (H = %zu, Adam lr = %.4g, batch 32, %zu steps, clip_grad_norm %s) through chapter 08's fit():",
        s.hidden, s.lr, s.steps, s.clip > 0.0 ? fmt(s.clip).c_str() : "off");
    const rc::Run rnn_run = train_adding(rnn, train, val, s, args.seed(), "RNN");
    const rc::Run lstm_run = train_adding(lstm, train, val, s, args.seed(), "LSTM");
    for (const auto& [name, run] : {std::pair{"RNN ", &rnn_run}, {"LSTM", &lstm_run}}) {
        std::size_t solved_at = 0;
        for (std::size_t k = 0; k < run->val_loss.size() && !solved_at; ++k)
            if (run->val_loss[k] < 0.1 * baseline) solved_at = static_cast<std::size_t>(run->checks[k]);
        say("   %s validation MSE %.3g after %zu steps (%.3g%% of the baseline)%s", name,
            run->val_loss.back(), s.steps, 100.0 * run->val_loss.back() / baseline,
            solved_at ? (", below 10% of it from step " + std::to_string(solved_at)).c_str() : "");
    }
    const std::string path = args.out() + "/60_adding_problem.png";
    rc::draw_adding_curves({{"vanilla RNN", rnn_run.checks, rnn_run.val_loss}, {"LSTM", lstm_run.checks, lstm_run.val_loss}},
                           {{"vanilla RNN", course::plot::index_axis(rnn_run.grad_norms.size(), 1.0), rnn_run.grad_norms},
                            {"LSTM", course::plot::index_axis(lstm_run.grad_norms.size(), 1.0), lstm_run.grad_norms}},
                           baseline, s.clip, s.T, path);
    say("   Wrote %s", path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const Settings s = settings_from(args);
        cells_lesson(s);
        course::Rng model_rng(args.seed() + 1);
        const rc::ModelConfig adding{.steps = s.T, .features = 2, .hidden = s.hidden, .clip = s.clip};
        rc::ModelConfig rnn_config = adding;
        rnn_config.cell = rc::CellKind::rnn;
        rc::SequenceModel rnn(rnn_config, model_rng), lstm(adding, model_rng);
        rc::AddingData val;
        adding_lesson(args, s, rnn, lstm, val);
        rc::gradients_lesson(args, s.hidden, s.T, rnn, lstm, val);
        rc::gates_lesson(args, lstm, val);
        rc::sentiment_lesson(args, s.hidden, s.sentiment_steps, s.eval_every);
    });
}
