// Chapter 13 — regularization.
// A network of 33,482 parameters memorises 200 training faces; weight decay (L2 and decoupled), dropout,
// batch normalization, data augmentation and early stopping each hold it back, measured on the same
// split with the same seeds. Every run trains through chapter 08's one loop, fit(Trainable&, …).
// Writes figures 24_weight_decay.png … 29_regularization_summary.png.
// Run: make run CH=13 ARGS="--train-faces 400 --dropout 0.3"
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/13_regularization/lecture.hpp"
#include "common/cli.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "common/say.hpp"

namespace rg = course::regularization;
using course::fmt;
using course::Matrix;
using course::say;

namespace {

const course::Program kProgram{
    "13_regularization",
    "Chapter 13: weight decay (L2 and decoupled), dropout, batch normalization, data augmentation and early "
    "stopping on a face network that overfits a small training set.",
    {course::Flag::integer("train-faces", 200, "training faces: few, so that the network overfits", 20, 1400),
     course::Flag::integer("epochs", 30, "epochs of every training run", 5, 5000),
     course::Flag::real("lr", 1e-3, "Adam's learning rate in every Adam run", 1e-6, 1.0),
     course::Flag::real("dropout", 0.2, "p, the drop probability of the dropout runs", 0.0, 0.95)}};

void weight_decay_lesson(rg::Lab& lab) {
    say("2. Weight decay. L2 adds (λ/2)‖θ‖² to ℒ, so λθ to every gradient (13.1, the loop's regularizer hook);");
    say("   decoupled decay multiplies θ by 1 − ηλ beside the step (13.2, in the update hook), as AdamW does.");
    const double sgd_lambda = 0.01;
    const rg::RunSpec sgd{.label = "SGD (η = 0.1)", .optimizer = rg::OptimizerKind::sgd, .lr = 0.1};
    rg::RunSpec sgd_l2 = sgd, sgd_decoupled = sgd;
    sgd_l2.label = "SGD + L2, λ = " + fmt(sgd_lambda);
    sgd_l2.l2 = sgd_lambda;
    sgd_decoupled.label = "SGD + decoupled, λ = " + fmt(sgd_lambda);
    sgd_decoupled.decoupled = sgd_lambda;
    const rg::RunResult& plain_sgd = lab.run(sgd, false);
    const rg::RunResult& l2 = lab.run(sgd_l2, false);
    const rg::RunResult& decoupled = lab.run(sgd_decoupled, false);
    say("   For SGD the two are one update, θ − η(g + λθ) = (1 − ηλ)θ − ηg: the two runs' validation losses differ");
    say("   by %.2g (rounding). The weights shrink from ‖W‖ = %.3g to %.3g.",
        std::abs(l2.val_loss.back() - decoupled.val_loss.back()), plain_sgd.weight_norm,
        l2.weight_norm);

    say("   Under Adam they part: L2's λθ is divided by √v̂ with the rest of the gradient, decoupled decay is not.");
    say("   The same λ, swept over five decades (the final validation loss picks the best of each):");
    rg::DecaySweep sweep;
    std::size_t best_l2 = 0, best_adamw = 0;
    for (const double lambda : {1e-3, 1e-2, 1e-1, 1.0, 10.0}) {
        rg::RunSpec with_l2 = lab.adam("Adam + L2, λ = " + fmt(lambda));
        with_l2.l2 = lambda;
        rg::RunSpec adamw = lab.adam("AdamW, λ = " + fmt(lambda));
        adamw.decoupled = lambda;
        sweep.lambdas.push_back(lambda);
        sweep.l2_val.push_back(lab.run(with_l2, false).val_loss.back());
        sweep.adamw_val.push_back(lab.run(adamw, false).val_loss.back());
        const std::size_t i = sweep.lambdas.size() - 1;
        if (sweep.l2_val[i] < sweep.l2_val[best_l2]) best_l2 = i;
        if (sweep.adamw_val[i] < sweep.adamw_val[best_adamw]) best_adamw = i;
    }
    const std::size_t first = lab.runs.size() - 2 * sweep.lambdas.size();
    const rg::RunResult& l2_run = lab.runs[first + 2 * best_l2];
    const rg::RunResult& adamw_run = lab.runs[first + 2 * best_adamw + 1];
    lab.summary.push_back(first + 2 * best_l2);
    lab.summary.push_back(first + 2 * best_adamw + 1);
    lab.adamw_lambda = sweep.lambdas[best_adamw];
    say("   Best on validation: L2 at λ = %.4g, AdamW at λ = %.4g — %.4g× apart: under Adam, λ of L2 is not a weight decay.",
        sweep.lambdas[best_l2], lab.adamw_lambda,
        lab.adamw_lambda / sweep.lambdas[best_l2]);
    const std::string path = lab.args.out() + "/24_weight_decay.png";
    rg::draw_weight_decay_figure({{"SGD: L2 (= decoupled decay)", {&plain_sgd, &l2}},
                                  {"Adam: L2 and AdamW, each at its best λ", {&lab.runs.front(), &l2_run, &adamw_run}}},
                                 sweep, path);
    say("   Wrote %s", path.c_str());
}

void dropout_lesson(rg::Lab& lab) {
    say("3. Dropout (13.3-13.4): in training each unit is dropped with probability p and the survivors are scaled");
    say("   by 1/(1 − p), so that E[output] = input; evaluation uses every unit, unscaled.");
    rg::DropoutMeans means;
    course::Rng rng(lab.args.seed());
    const Matrix ones(200, 500, 1.0);
    Matrix mask, out;
    for (int i = 0; i <= 9; ++i) {
        const double p = 0.1 * i;
        rg::dropout_forward(ones, p, true, rng, mask, out);
        means.p.push_back(p);
        means.inverted.push_back(course::mean(out));
        means.plain.push_back(course::mean(out) * (1.0 - p));
    }
    say("   The mean of dropout(1) over 100,000 entries at p = 0.5 is %.4g (unscaled it would be %.4g).",
        means.inverted[5], means.plain[5]);
    rg::RunSpec input = lab.adam("dropout p = " + fmt(lab.dropout) + " on the pixels");
    input.net.input_dropout = lab.dropout;
    rg::RunSpec hidden = lab.adam("dropout p = " + fmt(lab.dropout / 2) + " after each tanh");
    hidden.net.hidden_dropout = lab.dropout / 2;
    const rg::RunResult& a = lab.run(input);
    const rg::RunResult& b = lab.run(hidden);
    const std::string path = lab.args.out() + "/25_dropout.png";
    rg::draw_dropout_figure({{"Adam, with and without dropout", {&lab.runs.front(), &a, &b}}}, means, path);
    say("   Wrote %s", path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const bool quick = args.quick();
        const auto n_train = static_cast<std::size_t>(quick ? 100 : args.integer("train-faces"));
        if (n_train % 32 == 1)  // the batch size of every run
            throw course::UsageError("--train-faces: " + std::to_string(n_train) + " leaves a last batch of one face (n mod "
                                     "32 = 1), which batch norm cannot normalise; pick another number");
        const std::size_t n_faces = quick ? 700 : std::max<std::size_t>(2000, (n_train * 10 + 6) / 7);
        rg::Lab lab{.args = args,
                    .split = rg::make_face_split(n_train, n_faces, args.seed()),
                    .budget = {.epochs = quick ? 10u : static_cast<std::size_t>(args.integer("epochs")),
                               .check_every_epochs = quick ? 5u : 3u},
                    .lr = args.real("lr"),
                    .dropout = args.real("dropout")};
        lab.runs.reserve(40);
        say("1. The problem: %zu training faces, %zu validation, %zu test; chapter 06's network, 33,482 parameters,",
            lab.split.train.size(), lab.split.validation.size(), lab.split.test.size());
        say("   trained by Adam (η = %.4g, batch 32) for %zu epochs through chapter 08's fit(Trainable&).",
            lab.lr, lab.budget.epochs);
        rg::RunSpec unregularized = lab.adam("no regularization");
        unregularized.test_error_every_check = true;  // step 6 reads its test error at the best check
        const rg::RunResult& base = lab.run(unregularized);
        say("   It memorises: the training loss falls to %.2g, the validation loss stays at %.3g (best %.3g, epoch %.4g).",
            base.train_loss.back(), base.val_loss.back(),
            base.val_loss[base.best], base.epochs[base.best]);
        weight_decay_lesson(lab);
        dropout_lesson(lab);
        rg::batch_norm_lesson(lab);
        rg::augmentation_lesson(lab);
        rg::early_stopping_lesson(lab);
        rg::summary_lesson(lab);
    });
}
