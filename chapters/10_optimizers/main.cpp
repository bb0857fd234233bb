// Chapter 10 — the optimizers.
// SGD with momentum and Nesterov, Adagrad, Adadelta, RMSprop, Adam, AdamW, Adamax and NAdam behind one
// parameter-list interface, compared on a parabola, on the theory of momentum, on Rosenbrock, Beale and
// a saddle, on chapter 08's face network, and in a table of iterations. Writes 11_optimizers_parabola.png
// … 15_optimizers_iterations.png. With any playground flag it runs one optimizer instead:
//   make run CH=10 ARGS="--function rosenbrock --optimizer adam --lr 0.01 --start=-1.5,-1.5 --csv path.csv"
#include <cmath>
#include <string>
#include <vector>

#include "chapters/10_optimizers/comparisons.hpp"
#include "chapters/10_optimizers/figures.hpp"
#include "chapters/10_optimizers/playground.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace opt = course::optimizers;
using course::say;

namespace {

// "at step 123", or "not reached" for opt::never.
std::string steps_text(std::size_t steps) { return steps == opt::never ? "not reached" : "at step " + std::to_string(steps); }

void parabola_lesson(const course::Args& args) {
    say("2. f(x) = x² from x = 8 (∇f = 2x), 60 steps each; |x| after 25 and after 60 steps:");
    opt::ParabolaRuns runs{.lineup = opt::path_lineup("parabola"), .noise = 4.0, .lr = 0.1};
    for (const auto& c : runs.lineup) {
        opt::Optimizer optimizer(c.options);
        runs.paths.push_back(opt::run_on_parabola(optimizer, 8.0, {.steps = 60}));
        const auto& p = runs.paths.back();
        say("   %-38s %-10.3g %.3g", c.label.c_str(), std::abs(p[25]), std::abs(p.back()));
    }
    opt::Optimizer exact(opt::SgdOptions{.lr = runs.lr}), noisy(opt::SgdOptions{.lr = runs.lr});
    runs.exact = opt::run_on_parabola(exact, 8.0, {.steps = 60});
    runs.noisy = opt::run_on_parabola(noisy, 8.0, {.steps = 60, .grad_noise = runs.noise, .seed = args.seed() + 1});
    say("   Momentum 0.9 with lr 0.01 is the moving average v = 0.9v + 0.1g, θ −= 0.1v (lr = α(1 − β)); it");
    say("   overshoots and circles at the rate √0.9 ≈ 0.95 per step. Adam's and Adagrad's first step is lr·sign(g)");
    say("   whatever |g|, RMSprop's is lr/√(1 − α) = 10·lr, and Adam's fixed lr makes it hover near 0. With");
    double late = 0.0;  // the mean |x| over the last 30 steps
    for (std::size_t k = runs.noisy.size() - 30; k < runs.noisy.size(); ++k) late += std::abs(runs.noisy[k]) / 30;
    say("   gradient noise σ = %.4g, SGD stalls at |x| ≈ %.2g (mean of the last 30 steps): the noise, not the slope,",
        runs.noise, late);
    say("   sets the floor once |2x| < σ.");
    const std::string path = args.out() + "/11_optimizers_parabola.png";
    opt::draw_parabola_figure(runs, path);
    say("   Wrote %s", path.c_str());
}

void theory_lesson() {
    say("3. Momentum on a quadratic f = ½(0.1·θ₁² + 10·θ₂²), κ = 100: rates per step, formula against measured.");
    const std::vector<double> lambdas{0.1, 10.0};
    opt::Optimizer gd(opt::SgdOptions{.lr = 2.0 / 10.1});
    say("   GD, α = 2/(λmin + λmax):             (κ − 1)/(κ + 1) = %.5g, measured %.5g", opt::gd_rate(2.0 / 10.1, 0.1, 10.0),
        opt::measured_rate(gd, lambdas, 200, 1200));
    // α = 0.3 keeps both eigen-directions well inside the complex regime, (1 + β − αλ)² < 4β = 3.24:
    // 1.78² for λ = 0.1 and 1.19² for λ = 10 (nearer the edge the oscillation is slower than the
    // 60-step window that measured_rate takes the envelope over).
    opt::Optimizer heavy(opt::SgdOptions{.lr = 0.3, .momentum = 0.81});
    say("   heavy ball, α = 0.3, β = 0.81:       √β = %.5g (oscillating regime), measured %.5g",
        std::max(opt::heavy_ball_rate(0.3, 0.81, 0.1), opt::heavy_ball_rate(0.3, 0.81, 10.0)),
        opt::measured_rate(heavy, lambdas, 200, 1200));
    const auto tuned = opt::optimal_heavy_ball(0.1, 10.0);
    opt::Optimizer best(opt::SgdOptions{.lr = tuned.lr, .momentum = tuned.momentum});
    say("   heavy ball, α = %.4g, β = %.4g:  (√κ − 1)/(√κ + 1) = %.5g, measured %.5g", tuned.lr,
        tuned.momentum, tuned.rate, opt::measured_rate(best, lambdas, 200, 1200));
    say("   The tuned pair puts λmin and λmax exactly at the edge of the complex regime, where the root is");
    say("   double and the error decays like t·rᵗ: measured over steps 200–1200 that reads 6^(1/1000) ≈ 1.002");
    say("   times r. Steps to gain a factor 10⁶: GD %.4g, tuned momentum %.4g — momentum turns κ into √κ.",
        std::ceil(std::log(1e-6) / std::log(opt::gd_rate(2.0 / 10.1, 0.1, 10.0))),
        std::ceil(std::log(1e-6) / std::log(tuned.rate)));
}

void rosenbrock_lesson(const course::Args& args) {
    const std::size_t steps = args.quick() ? 300 : 3000;
    say("4. Rosenbrock from (−1.5, −1.5), %zu steps: the steep walls need a small lr, the flat valley a large one.", steps);
    const auto lineup = opt::path_lineup("rosenbrock");
    const auto runs = opt::run_lineup(lineup, opt::test_function("rosenbrock"), {-1.5, -1.5}, steps);
    for (std::size_t i = 0; i < runs.size(); ++i)
        say("   %-24s f = %-10.3g at (%.4g, %.4g); f < 10⁻⁶ %s", lineup[i].label.c_str(), runs[i].f.back(),
            runs[i].x.back(), runs[i].y.back(), steps_text(opt::steps_to_reach(runs[i], 1e-6)).c_str());
    const std::string path = args.out() + "/12_optimizers_rosenbrock.png";
    opt::draw_rosenbrock_figure(lineup, runs, path);
    say("   Wrote %s", path.c_str());
}

void beale_saddle_lesson(const course::Args& args) {
    const std::size_t beale_steps = args.quick() ? 150 : 1500, saddle_steps = 80;
    say("5. Beale from (1, 1.5) (%zu steps) and the saddle x² − y² from (−1.5, 0.01) (%zu steps).", beale_steps, saddle_steps);
    const auto beale_lineup = opt::path_lineup("beale"), saddle_lineup = opt::path_lineup("saddle");
    const auto beale = opt::run_lineup(beale_lineup, opt::test_function("beale"), {1, 1.5}, beale_steps);
    const auto saddle = opt::run_lineup(saddle_lineup, opt::test_function("saddle"), {-1.5, 0.01}, saddle_steps);
    for (std::size_t i = 0; i < beale.size(); ++i) {
        std::size_t escaped = opt::never;
        for (std::size_t k = 0; k < saddle[i].y.size() && escaped == opt::never; ++k)
            if (std::abs(saddle[i].y[k]) > 1.0) escaped = k;
        say("   %-24s Beale: f = %-10.3g   saddle (%s): |y| > 1 %s", beale_lineup[i].label.c_str(),
            beale[i].f.back(), saddle_lineup[i].label.c_str(), steps_text(escaped).c_str());
    }
    say("   Near a saddle the gradient along the escape direction is tiny (2·0.01); plain GD multiplies it by");
    say("   (1 + 2α) per step, momentum accumulates it, and the adaptive methods rescale it to a full step at once.");
    const std::string path = args.out() + "/13_optimizers_beale_saddle.png";
    opt::draw_beale_saddle_figure(beale_lineup, beale, saddle_lineup, saddle, path);
    say("   Wrote %s", path.c_str());
}

void face_lesson(const course::Args& args) {
    const opt::FaceSettings settings{.faces = args.quick() ? std::size_t{400} : std::size_t{3000},
                                     .iterations = args.quick() ? std::size_t{20} : std::size_t{400},
                                     .eval_every = args.quick() ? std::size_t{10} : std::size_t{50},
                                     .seed = args.seed()};
    say("6. Chapter 08's face network, %zu faces, %zu steps of batch %zu for each optimizer (same data, same", settings.faces,
        settings.iterations, settings.batch_size);
    say("   initial weights, same batches). The training loss at the end, smoothed (the debiased moving average");
    say("   of exercise 10.5, β = 0.98: about the last 50 mini-batches), and the validation loss:");
    const auto curves = opt::train_face_lineup(opt::face_lineup(), settings);
    say("   %-24s %-10s %s", "", "training", "validation");
    for (const auto& c : curves)
        say("   %-24s %-10.4g %.4g", c.label.c_str(), opt::debiased_moving_average(c.train_loss, 0.98).back(),
            c.val_loss.back());
    const std::string path = args.out() + "/14_optimizers_face_network.png";
    opt::draw_face_figure(curves, settings, path);
    say("   Wrote %s", path.c_str());
}

void iterations_lesson(const course::Args& args) {
    const std::vector<std::string> functions{"sphere", "ill_conditioned", "booth", "beale", "himmelblau", "rosenbrock",
                                             "six_hump_camel"};
    const std::vector<double> grid = args.quick() ? std::vector<double>{1e-3, 1e-2, 1e-1}
                                                  : std::vector<double>{1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0};
    const std::size_t budget = args.quick() ? 200 : 5000;
    say("7. Steps to f − f* ≤ 10⁻⁶ from each function's start, with the best of %zu learning rates (%.4g … %.4g;",
        grid.size(), grid.front(), grid.back());
    say("   Adadelta's, a multiplier around 1, × 100), at most %zu steps (—: not reached, or stuck in another minimum):",
        budget);
    const auto table = opt::iterations_table(functions, grid, budget, 1e-6);
    constexpr std::size_t label_width = 14;
    std::string header = "   " + course::pad_right("", label_width);
    for (const auto& f : functions) header += course::pad_left(f, f.size() + 2);
    say("%s", header.c_str());
    for (std::size_t o = 0; o < table.optimizers.size(); ++o) {
        std::string row = "   " + course::pad_right(table.optimizers[o], label_width);
        for (std::size_t k = 0; k < functions.size(); ++k) {
            const auto& cell = table.cells[o][k];
            row += course::pad_left(cell.steps == opt::never ? "—" : std::to_string(cell.steps), functions[k].size() + 2);
        }
        say("%s", row.c_str());
    }
    const std::string path = args.out() + "/15_optimizers_iterations.png";
    opt::draw_iterations_figure(table, path);
    say("   Wrote %s", path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const course::Program program{
        "10_optimizers",
        "Chapter 10: the optimizers of torch.optim on one interface, compared; with --function/--optimizer "
        "(or any playground flag) it runs one optimizer on one test function.",
        opt::playground_flags()};
    return course::run_main(argc, argv, program, [](const course::Args& args) {
        if (opt::playground_requested(args)) return opt::run_playground(args);
        say("1. One interface: a list of (θ, ∂ℒ/∂θ) matrices and a step rule with PyTorch's names and defaults:");
        for (const auto& c : opt::face_lineup()) say("   %s", opt::Optimizer(c.options).describe().c_str());
        parabola_lesson(args);
        theory_lesson();
        rosenbrock_lesson(args);
        beale_saddle_lesson(args);
        face_lesson(args);
        iterations_lesson(args);
        say("8. Your turn: make run CH=10 ARGS=\"--function beale --optimizer sgd --momentum 0.9 --lr 0.002 --csv beale.csv\"");
        say("   (every flag: --help). Without SOLUTIONS=1 it runs your exercises.");
    });
}
