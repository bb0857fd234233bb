// Chapter 17 — hyperparameter search.
// Tunes the learning rate and the width of chapter 08's face network by grid search, random search,
// Hyperband and Bayesian optimization. Every trial is recorded under --runs; the comparison is read back
// from the records, and a second run resumes from them; step 9 scores a few settings by k-fold
// cross-validation against single splits. Writes figures 50_grid_vs_random.png … 55_study_comparison.png
// and 64_kfold_vs_single_split.png. Run: make run CH=17 ARGS="--trials 12"
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "chapters/17_hyperparameter_search/cross_validation.hpp"
#include "chapters/17_hyperparameter_search/figures.hpp"
#include "chapters/17_hyperparameter_search/study.hpp"
#include "common/cli.hpp"
#include "common/random.hpp"
#include "common/say.hpp"

namespace hs = course::hyperparameter_search;
using course::fmt;
using course::say;

namespace {

const course::Program kProgram{
    "17_hyperparameter_search",
    "Chapter 17: grid search, random search, successive halving, Hyperband and Bayesian optimization of the "
    "face network's learning rate and width, every trial recorded and resumable.",
    {course::Flag::text("runs", "runs",
                        "folder of the trial records; OUT/runs instead when --out is given and --runs is not"),
     course::Flag::integer("trials", 9, "trials of random search and of Bayesian optimization", 4, 200),
     course::Flag::integer("unit-steps", 10, "training steps per unit of budget; a full trial is R = 27 units",
                           1, 2000),
     course::Flag::integer("eta", 3, "Hyperband's η: keep the best 1/η of each rung", 2, 5),
     course::Flag::integer("faces", 1500, "faces generated (70% train, 15% validation, 15% test)", 300, 100000),
     course::Flag::on_off("verbose", "a progress line per trial")}};

constexpr std::size_t kR = 27;  // Hyperband's maximum resource: a full trial is kR units
// Step 9: k-fold cross-validation with kFolds folds, on kSplits shuffled splits, kKFoldUnits units per fold.
constexpr std::size_t kFolds = 5, kSplits = 3, kKFoldUnits = 6;
// Step 8: each study's winner retrained with kRepeats other seeds (enough to show the spread; each
// repeat costs four full trials).
constexpr std::size_t kRepeats = 2;

std::string point_text(const hs::Point& p) { return "η = " + fmt(p[0], 3) + ", width " + fmt(p[1], 3); }

// The index of the lowest loss.
std::size_t best_of(const std::vector<double>& losses) {
    std::size_t best = 0;
    for (std::size_t i = 1; i < losses.size(); ++i)
        if (losses[i] < losses[best]) best = i;
    return best;
}

std::string trained_text(const hs::Study& study) {
    return std::to_string(study.trainings()) + " trained, " + std::to_string(study.trials() - study.trainings()) +
           " read back from " + study.dir();
}

void warn_edges(const hs::SearchSpace& space, const hs::Trials& trials) {
    const auto warnings = hs::best_at_edge(trials.points, trials.losses);
    if (warnings.empty()) say("   Edge check: the best trial is inside the range on every axis.");
    for (const hs::EdgeWarning& w : warnings)
        say("   Edge check: the best %s = %.3g is the %s value tried: the optimum may lie beyond, extend the range.",
            space[w.axis].name.c_str(), w.value, w.at_low ? "smallest" : "largest");
}

// Step 9's table: per setting, the fold scores of the first split, then the k-fold mean ± std per split;
// then which setting each single split would choose, and which the k-fold means choose.
void report_kfold(const hs::KFoldStudy& kfold) {
    const std::size_t settings = kfold.settings.size(), splits = kfold.cv.size();
    // Columns padded to a width in characters, at least one blank between them, the line's trailing blanks cut.
    const auto padded = [](const std::string& text, std::size_t width) { return course::pad_right(text, width, 1); };
    const auto line = [](std::string text) {
        text.erase(text.find_last_not_of(' ') + 1);
        say("%s", text.c_str());
    };
    line("   " + padded("setting", 20) + padded("split 1: each fold alone", 41) + "5-fold mean ± std, per shuffle");
    for (std::size_t c = 0; c < settings; ++c) {
        std::string text = "   " + padded("η = " + fmt(kfold.settings[c][0], 3) + ", width " + fmt(kfold.settings[c][1], 3), 20);
        std::string folds;
        for (const double s : kfold.cv[0][c].scores) folds += padded(fmt(s, 3), 8);
        text += padded(folds, 42);
        for (std::size_t s = 0; s < splits; ++s)
            text += padded(fmt(kfold.cv[s][c].mean, 4) + " ± " + fmt(kfold.cv[s][c].stddev, 2), 18);
        line(text);
    }
    std::string single, by_mean;
    std::size_t disagree = 0;
    for (std::size_t s = 0; s < splits; ++s) {
        std::vector<double> means;
        for (std::size_t c = 0; c < settings; ++c) means.push_back(kfold.cv[s][c].mean);
        const std::size_t winner = best_of(means);
        by_mean += (s ? ", " : "") + std::to_string(winner + 1);
        for (std::size_t f = 0; f < kfold.folds; ++f) {
            std::vector<double> scores;
            for (std::size_t c = 0; c < settings; ++c) scores.push_back(kfold.cv[s][c].scores[f]);
            const std::size_t pick = best_of(scores);
            if (s == 0) single += (f ? ", " : "") + std::to_string(pick + 1);
            if (pick != winner) ++disagree;
        }
    }
    say("   Alone, the folds of split 1 choose settings %s; the 5-fold means of the %zu shuffles choose %s.",
        single.c_str(), splits, by_mean.c_str());
    say("   %zu of the %zu single splits choose another setting than their shuffle's 5-fold mean.", disagree,
        splits * kfold.folds);
}

// What the searches share, from the flags once: the budget, the problem, where the records go, and how
// a study of one method is opened.
struct Searches {
    std::size_t unit, full, trials, eta;
    std::uint64_t seed;
    bool quick, verbose;
    std::string runs, recipe, out;
    course::records::Config fixed;
    hs::FaceProblem problem;
    hs::SearchSpace space;

    hs::Study study(const std::string& method, const course::records::Config& more = {}) const {
        course::records::Config config = fixed;
        config.insert(config.end(), more.begin(), more.end());
        hs::Study s(runs, method + "_" + recipe, space, config, hs::face_trainer(problem));
        if (verbose)
            s.on_trial = [method](const std::string& name, std::size_t steps, double loss, bool trained) {
                say("   %-10s %-28s %5zu steps  val loss %-10.4g %s", method.c_str(), name.c_str(), steps, loss,
                    trained ? "trained" : "(recorded)");
            };
        return s;
    }
};

Searches searches_of(const course::Args& args) {
    const bool quick = args.quick();
    const std::size_t unit = quick ? 3 : static_cast<std::size_t>(args.integer("unit-steps"));
    const std::size_t faces = quick ? 1000 : static_cast<std::size_t>(args.integer("faces"));
    return {.unit = unit,
            .full = kR * unit,
            .trials = quick ? 9 : static_cast<std::size_t>(args.integer("trials")),
            .eta = static_cast<std::size_t>(args.integer("eta")),
            .seed = args.seed(),
            .quick = quick,
            .verbose = args.on("verbose"),
            .runs = args.given("runs") || !args.given("out") ? args.text("runs")
                                                             : (std::filesystem::path(args.out()) / "runs").string(),
            .recipe = "seed" + std::to_string(args.seed()) + "_unit" + std::to_string(unit) + "_faces" + std::to_string(faces),
            .out = args.out(),
            .fixed = {{"unit_steps", std::to_string(unit)}, {"faces", std::to_string(faces)}, {"seed", std::to_string(args.seed())}},
            .problem = hs::make_face_problem(faces, args.seed()),
            .space = hs::face_space()};
}

// A study's best trial, for the seeds' check of step 8.
struct Winner {
    std::string study;
    hs::Point point;
    double loss;
};

// 3. Grid search, first over a cautious range of η, then extended; figure 52.
hs::Trials grid_lesson(const Searches& c, hs::Study& grid_study) {
    say("3. Grid search, 3 × 3, first over a cautious range η in [1e-3, 1e-2]:");
    hs::SearchSpace narrow = c.space;
    narrow[0].high = 1e-2;
    hs::Study narrow_study = c.study("grid_narrow");
    hs::Trials narrow_trials{hs::grid_points(narrow, 3), {}};
    narrow_trials.losses = hs::run_points(narrow_study, narrow_trials.points, c.full);
    say("   best %s: val loss %.4g (%s).", point_text(narrow_trials.points[best_of(narrow_trials.losses)]).c_str(),
        narrow_trials.losses[best_of(narrow_trials.losses)], trained_text(narrow_study).c_str());
    warn_edges(narrow, narrow_trials);
    say("   Extended to η in [1e-3, 3]:");
    hs::Trials grid{hs::grid_points(c.space, 3), {}};
    grid.losses = hs::run_points(grid_study, grid.points, c.full);
    say("   best %s: val loss %.4g.", point_text(grid.points[best_of(grid.losses)]).c_str(), grid.losses[best_of(grid.losses)]);
    warn_edges(c.space, grid);
    hs::draw_edge_check(c.out + "/52_edge_check.png", narrow_trials, grid);
    return grid;
}

// 4. Random search with the grid's budget; figure 50.
hs::Trials random_lesson(const Searches& c, hs::Study& random_study, const hs::Trials& grid) {
    say("4. Random search with the same budget of %zu trials per method:", c.trials);
    course::Rng random_rng(c.seed + 17);
    hs::Trials random{hs::random_points(c.space, c.trials, random_rng), {}};
    random.losses = hs::run_points(random_study, random.points, c.full);
    const auto grid_distinct = hs::distinct_per_axis(grid.points);
    const auto random_distinct = hs::distinct_per_axis(random.points);
    say("   distinct values tried: grid η %zu, width %zu; random η %zu, width %zu.", grid_distinct[0],
        grid_distinct[1], random_distinct[0], random_distinct[1]);
    say("   best %s: val loss %.4g (grid's best: %.4g).", point_text(random.points[best_of(random.losses)]).c_str(),
        random.losses[best_of(random.losses)], grid.losses[best_of(grid.losses)]);
    hs::draw_grid_vs_random(c.out + "/50_grid_vs_random.png", grid, random);
    return random;
}

// 5. Hyperband's brackets of successive halving, and its run; figure 53.
hs::HyperbandRun hyperband_lesson(const Searches& c, hs::Study& hyperband_study) {
    say("5. Hyperband (R = %zu units of %zu steps, η = %zu): brackets of successive halving.", kR, c.unit, c.eta);
    const auto brackets = hs::hyperband_brackets(kR, c.eta);
    for (const hs::Bracket& b : brackets) {
        std::string rungs;
        for (const hs::Rung& r : b.rungs) rungs += "  " + std::to_string(r.configs) + " × " + fmt(r.resource, 3);
        say("   s = %zu:%s", b.s, rungs.c_str());
    }
    course::Rng hyperband_rng(c.seed + 18);
    const hs::HyperbandRun hyperband = hs::run_hyperband(hyperband_study, kR, c.eta, c.unit, hyperband_rng);
    double units = 0.0;
    for (const hs::Bracket& b : brackets)
        for (const hs::Rung& r : b.rungs) units += static_cast<double>(r.configs) * r.resource;
    say("   %zu trials costing as much as %.3g full ones: best %s, val loss %.4g.", hyperband_study.trials(),
        units / kR, point_text(hyperband.best).c_str(), hyperband.best_loss);
    hs::draw_successive_halving(c.out + "/53_successive_halving.png", hyperband, c.unit);
    return hyperband;
}

// 6. Bayesian optimization in the unit square; figure 54 (against random search's points).
hs::BayesRun bayes_lesson(const Searches& c, hs::Study& bayes_study, const hs::Trials& random) {
    say("6. Bayesian optimization (chapter 16's GP and expected improvement) in the unit square of 17.8:");
    course::Rng bayes_rng(c.seed + 19);
    const hs::BayesRun bayes = hs::run_bayes(bayes_study, c.trials, 4, c.full, bayes_rng);
    const std::size_t bayes_best = best_of(bayes.losses);
    say("   best %s: val loss %.4g, found at trial %zu of %zu.", point_text(bayes.points[bayes_best]).c_str(),
        bayes.losses[bayes_best], bayes_best + 1, bayes.losses.size());
    hs::draw_bayes(c.out + "/54_bayes_opt.png", c.space, bayes, random);
    return bayes;
}

// 7. The four studies compared from their records alone; figure 55.
void comparison_lesson(const Searches& c, const std::vector<const hs::Study*>& studies) {
    say("7. The comparison, read back from the records alone (best: the lowest val loss of a full trial;");
    say("   at equal cost: the best within the steps of %zu full trials, %zu):", c.trials, c.trials * c.full);
    std::vector<std::pair<std::string, hs::Incumbent>> curves;
    for (const hs::Study* s : studies) {
        const auto recorded = hs::read_study(s->dir(), c.space);
        const hs::Incumbent curve = hs::incumbent_curve(recorded, c.full);
        double at_equal_cost = curve.best.front();
        for (std::size_t k = 0; k < curve.steps.size(); ++k)
            if (curve.steps[k] <= static_cast<double>(c.trials * c.full)) at_equal_cost = curve.best[k];
        const std::string name = std::filesystem::path(s->dir()).filename().string();
        say("   %-10s %3zu trials %6.0f steps   best %-8.4g at equal cost %-8.4g (%zu trained, %zu read back)",
            name.substr(0, name.find('_')).c_str(), recorded.size(), curve.steps.back(), curve.best.back(),
            at_equal_cost, s->trainings(), s->trials() - s->trainings());
        curves.emplace_back(name.substr(0, name.find('_')), curve);
    }
    hs::draw_comparison(c.out + "/55_study_comparison.png", curves);
}

// 8. Each study's best retrained with kRepeats other seeds: how much of the ranking is the seed.
void seeds_lesson(const Searches& c, const std::vector<Winner>& winners) {
    say("8. How much of that is the seed? Each study's best, retrained with %zu other seeds for the initial", kRepeats);
    say("   weights and the batches (same data), mean ± standard deviation of the %zu val losses:", kRepeats + 1);
    std::vector<hs::Study> repeats;
    for (std::size_t k = 1; k <= kRepeats; ++k) repeats.push_back(c.study("repeat" + std::to_string(k), {{"repeat", std::to_string(k)}}));
    for (const Winner& w : winners) {
        std::vector<double> losses{w.loss};
        for (hs::Study& r : repeats) losses.push_back(r.loss(w.point, c.full, w.study));
        double mean = 0.0, spread = 0.0;
        for (const double l : losses) mean += l / static_cast<double>(losses.size());
        for (const double l : losses) spread += (l - mean) * (l - mean) / static_cast<double>(losses.size() - 1);
        say("   %-10s %-26s %.4g → %.4g ± %.2g", w.study.c_str(), point_text(w.point).c_str(), w.loss, mean,
            std::sqrt(spread));
    }
}

// 9. k-fold cross-validation of three settings against single splits (exercise 17.10); figure 64.
void kfold_lesson(const Searches& c) {
    const course::backpropagation::Dataset pool = hs::pooled_faces(c.problem);
    const std::size_t kfold_steps = kKFoldUnits * c.unit;
    const std::vector<hs::Point> kfold_settings{{0.05, 4}, {0.1, 4}, {0.2, 4}};
    say("9. Each trial above is scored on ONE validation split. k-fold cross-validation (exercise 17.10) scores");
    say("   it on k: the %zu training and validation faces cut into %zu folds, each validating once. %zu settings,",
        pool.size(), kFolds, kfold_settings.size());
    say("   %zu steps each (batch 32), every fold a trial (recorded, as in step 6):", kfold_steps);
    course::records::Config kfold_fixed = c.fixed;
    kfold_fixed.emplace_back("folds", std::to_string(kFolds));
    hs::Study kfold_study(c.runs, "kfold_" + c.recipe, hs::kfold_space(), kfold_fixed,
                          hs::kfold_trainer(c.problem, pool, kFolds));
    const hs::KFoldStudy kfold =
        hs::run_kfold(kfold_study, kfold_settings, pool.size(), kFolds, kSplits, kfold_steps, c.seed);
    report_kfold(kfold);
    hs::draw_kfold(c.out + "/64_kfold_vs_single_split.png", kfold);
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const Searches c = searches_of(args);
        say("1. A trial trains chapter 08's face network 1024 → width → 16 → 8 → 2 for %zu steps (batch 32) at", c.full);
        say("   one learning rate η and width, and scores it by the validation loss. The search space: η in");
        say("   [1e-3, 3] and width in [4, 64], both on a log scale. Records go to %s/<study>/<trial>/.", c.runs.c_str());

        say("2. Log-uniform sampling. A rate's effect depends on its order of magnitude, so draws should be spread");
        say("   evenly over decades: exp(U[ln low, ln high]). Uniform draws on [1e-4, 1] land in [0.1, 1] 90%% of the time.");
        hs::draw_log_uniform(c.out + "/51_log_uniform.png", 1e-4, 1.0, c.quick ? 2000 : 20000, c.seed);

        hs::Study grid_study = c.study("grid"), random_study = c.study("random"),
                  hyperband_study = c.study("hyperband_eta" + std::to_string(c.eta)), bayes_study = c.study("bayes");
        const hs::Trials grid = grid_lesson(c, grid_study);
        const hs::Trials random = random_lesson(c, random_study, grid);
        const hs::HyperbandRun hyperband = hyperband_lesson(c, hyperband_study);
        const hs::BayesRun bayes = bayes_lesson(c, bayes_study, random);
        comparison_lesson(c, {&grid_study, &random_study, &hyperband_study, &bayes_study});
        const std::size_t bayes_best = best_of(bayes.losses);
        seeds_lesson(c, {{"grid", grid.points[best_of(grid.losses)], grid.losses[best_of(grid.losses)]},
                         {"random", random.points[best_of(random.losses)], random.losses[best_of(random.losses)]},
                         {"hyperband", hyperband.best, hyperband.best_loss},
                         {"bayes", bayes.points[bayes_best], bayes.losses[bayes_best]}});
        kfold_lesson(c);
        say("   Run the program again: every trial is read back from its record and nothing is trained.");
    });
}
