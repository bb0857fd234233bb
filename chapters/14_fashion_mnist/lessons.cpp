// Chapter 14, given code: the lecture's later steps (see lecture.hpp) — the study and its records
// (steps 4-6), the summary table and the figures drawn from the records (step 7), the best run on the
// test set (step 8).
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/lecture.hpp"
#include "common/say.hpp"

namespace course::fashion_mnist {

bool GridFilter::keeps(const RunConfig& config) const {
    const auto keep = [](const std::string& only, const std::string& value) { return only == "all" || only == value; };
    return keep(optimizer, config.optimizer) && keep(lr, config.lr == 0.01 ? "0.01" : "0.001") &&
           keep(batch_size, std::to_string(config.batch_size)) && keep(init, scheme_name(config.init));
}

namespace {

// The seed's grid, {SGD, momentum, RMSprop, Adam} × lr {0.01, 0.001} × batch {32, 64, 128} × {Xavier, He}.
std::vector<RunConfig> full_grid(const Settings& s) {
    std::vector<RunConfig> grid;
    for (const auto& optimizer : study_optimizers())
        for (const double lr : {0.01, 0.001})
            for (const std::size_t batch : {32u, 64u, 128u})
                for (const auto init : {InitScheme::xavier_uniform, InitScheme::he_normal}) {
                    const RunConfig c{.optimizer = optimizer, .lr = lr, .batch_size = batch, .init = init,
                                      .epochs = s.epochs, .seed = s.seed};
                    if (s.only.keeps(c)) grid.push_back(c);
                }
    return grid;
}

double best_accuracy(const RunRecord& r) {
    return r.val_accuracy.empty() ? 0.0 : *std::max_element(r.val_accuracy.begin(), r.val_accuracy.end());
}

// The run (among `which`) with the best validation accuracy, the first of equals: the reference run
// whose batch sizes and initializations the study compares.
std::size_t reference_run(const std::vector<RunRecord>& records, const std::vector<std::size_t>& which) {
    std::size_t ref = which.front();
    for (const std::size_t i : which)
        if (best_accuracy(records[i]) > best_accuracy(records[ref])) ref = i;
    return ref;
}

std::vector<std::size_t> indexes_where(const std::vector<StudyRun>& runs, const auto& predicate) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (predicate(runs[i].record)) found.push_back(i);
    return found;
}

// Steps 5-6 told by the seed's grid (after step 5's first line) (step 9: 48 runs of up to 20 epochs on all 50,000 training images):
// the batch sizes and the other initialization of `best`'s optimizer and rate, read from their records
// rather than trained again here on 2,000 images for a few epochs.
void grid_steps(const RunConfig& best, const std::vector<StudyRun>& grid) {
    const auto show = [&grid](const RunConfig& c) {
        for (const StudyRun& run : grid) {
            const RunRecord& r = run.record;
            if (r.name != run_name(c) || r.val_accuracy.empty()) continue;
            const auto top = std::max_element(r.val_accuracy.begin(), r.val_accuracy.end());
            say("   %-32s %2zu epochs, best val acc %.4f at epoch %zu, test acc %.4f", r.name.c_str(),
                r.val_accuracy.size(), *top, static_cast<std::size_t>(top - r.val_accuracy.begin()) + 1, r.test_accuracy);
            return;
        }
        say("   %-32s not in the grid's records", run_name(c).c_str());
    };
    say("   noisier steps per epoch. Step 9's grid trained all three on the 50,000 images, so they are read");
    say("   from its records instead of trained again here:");
    for (const std::size_t batch : {32u, 64u, 128u}) {
        RunConfig c = best;
        c.batch_size = batch;
        show(c);
    }
    say("6. The initialization: the same run from Xavier uniform instead of He normal, from the grid too:");
    for (const auto init : {InitScheme::xavier_uniform, InitScheme::he_normal}) {
        RunConfig c = best;
        c.init = init;
        show(c);
    }
}

// Steps 4-6 of the default run: the optimizers at both rates (batch 64, He), then the batch sizes and the
// other initialization for the best of them, read from the seed's grid (`grid`, Fashion-MNIST only) when it
// is there, else trained. Returns every configuration trained.
std::vector<RunConfig> reduced_study(const StudyData& data, const Settings& s, StudyOutcome& trained,
                                     std::vector<StudyRun>& grid) {
    std::vector<RunConfig> configs;
    for (const auto& optimizer : study_optimizers())
        for (const double lr : {0.01, 0.001})
            configs.push_back({.optimizer = optimizer, .lr = lr, .batch_size = 64, .epochs = s.epochs, .seed = s.seed});
    say("4. The optimizers: each at lr 0.01 and 0.001, batch 64, He init, %zu epochs, ReduceLROnPlateau (halve", s.epochs);
    say("   after %lld epochs without a lower validation loss) and early stopping (patience %lld; the weights of the",
        static_cast<long long>(s.watch.plateau.patience + 1), static_cast<long long>(s.watch.early.patience));
    say("   epoch with the lowest validation loss restored):");
    run_study(configs, data, s.runs_dir, s.force, s.watch, false, trained);
    std::vector<std::size_t> all(configs.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    const RunConfig best = configs[reference_run(records_of(trained.runs), all)];
    say("5. The batch size, for the best of them (%s): 32 and 128 beside 64. A smaller batch takes more,", run_name(best).c_str());
    if (data.images && std::filesystem::is_directory(s.grid)) {
        grid = read_records(s.grid);
        grid_steps(best, grid);
        return configs;
    }
    say("   noisier steps per epoch:");
    std::vector<RunConfig> more;
    for (const std::size_t batch : {32u, 128u}) {
        RunConfig c = best;
        c.batch_size = batch;
        more.push_back(c);
    }
    run_study(more, data, s.runs_dir, s.force, s.watch, false, trained);
    say("6. The initialization: the same run from Xavier uniform instead of He normal:");
    RunConfig xavier = best;
    xavier.init = InitScheme::xavier_uniform;
    run_study({xavier}, data, s.runs_dir, s.force, s.watch, false, trained);
    configs.insert(configs.end(), more.begin(), more.end());
    configs.push_back(xavier);
    return configs;
}

// Figures 31-33 from the records: 31 the best run of each optimizer at batch 64 with He init; 32 and 33 the
// batch sizes and initializations of the best of those, from the seed's grid when steps 5-6 read it.
void draw_study_figures(const std::vector<StudyRun>& runs, const std::vector<StudyRun>& grid,
                        const std::vector<ActivationProfile>& profiles,
                        const std::string& profile_inputs, const std::string& out) {
    const std::vector<RunRecord> records = records_of(runs);
    const std::vector<std::size_t> base = indexes_where(runs, [](const RunRecord& r) {
        return r.batch_size == 64 && r.init == "he_normal";
    });
    std::vector<RunRecord> base_records;
    for (const std::size_t i : base) base_records.push_back(records[i]);
    std::vector<std::size_t> per_optimizer;
    for (const std::size_t j : best_per(base_records, "optimizer")) per_optimizer.push_back(base[j]);
    if (!per_optimizer.empty()) draw_optimizer_curves(runs, per_optimizer, out + "/31_optimizer_curves.png");
    // 32 and 33: the batch sizes and the initializations of the best run at batch 64 with He init.
    if (per_optimizer.empty()) return;
    const std::size_t ref = reference_run(records, per_optimizer);
    const RunRecord& best = records[ref];
    const std::vector<StudyRun>& source = grid.empty() ? runs : grid;
    auto batches = indexes_where(source, [&](const RunRecord& r) {
        return r.optimizer == best.optimizer && r.lr == best.lr && r.init == best.init;
    });
    // The grid's records come in name order (b128 before b32): the legend goes by batch size.
    std::stable_sort(batches.begin(), batches.end(), [&source](std::size_t a, std::size_t b) {
        return source[a].record.batch_size < source[b].record.batch_size;
    });
    draw_lr_batch(runs, source, batches, out + "/32_lr_batch_effect.png");
    const auto inits = indexes_where(source, [&](const RunRecord& r) {
        return r.optimizer == best.optimizer && r.lr == best.lr && r.batch_size == best.batch_size;
    });
    draw_init_effect(profiles, profile_inputs, source, inits, !grid.empty(), out + "/33_init_effect.png");
}

}  // namespace

StudyRuns study_lesson(const StudyData& data, const Settings& s) {
    StudyRuns study;
    if (s.full) {
        study.configs = full_grid(s);
        say("4. The full grid: %zu runs of up to %zu epochs on %zu %s, records in %s/:", study.configs.size(),
            s.epochs, data.train.size(), data.images ? "images" : "rows", s.runs_dir.c_str());
        run_study(study.configs, data, s.runs_dir, s.force, s.watch, true, study.trained);
    } else {
        study.configs = reduced_study(data, s, study.trained, study.grid);
    }
    say("   Every run wrote %s/<name>/config.json and metrics.csv. Asked again without --force, the study",
        s.full ? s.runs_dir.c_str() : "<runs>");
    run_study(study.configs, data, s.runs_dir, false, s.watch, false, study.recorded);
    say("   trains nothing: %zu runs recorded, %zu skipped; the figures below are drawn from those files.",
        study.recorded.runs.size(), study.recorded.skipped);
    return study;
}

void summary_lesson(const StudyRuns& study, const std::vector<ActivationProfile>& profiles,
                    const std::string& profile_inputs, const Settings& s) {
    const std::vector<SummaryRow> table = summary_table(records_of(study.recorded.runs));
    // Two epochs are "best": the summary's, the first to reach the highest validation accuracy, and the
    // restored weights', those of the lowest validation loss (steps 4-6 and 8), whose test accuracy it shows.
    say("7. The summary table (exercise 14.9), read back from the records, best first; test acc is that of the");
    say("   restored weights (the epoch of lowest validation loss), which need not be the epoch of best val acc:");
    int width = 32;  // the names of Fashion-MNIST's reduced study fit; a table's longer ones widen the column
    for (const SummaryRow& row : table) width = std::max(width, static_cast<int>(row.name.size()));
    say("     %-4s %-*s %23s %14s %10s", "#", width, "run", "epoch of best val acc", "best val acc", "test acc");
    for (std::size_t r = 0; r < table.size(); ++r)
        say("     %-4zu %-*s %23zu %14.4f %10.4f", r + 1, width, table[r].name.c_str(), table[r].best_epoch,
            table[r].best_val_accuracy, table[r].test_accuracy);
    draw_study_figures(study.recorded.runs, study.grid, profiles, profile_inputs, s.out);
    draw_study_comparison(table, study.recorded.runs, s.out + "/36_study_comparison.png");
}

void best_run_lesson(const StudyRuns& study, const StudyData& data, const Settings& s) {
    RunResult best = best_model(study.recorded.runs, study.trained, study.configs, data, s.watch);
    EvalBuffers buffers;
    const Evaluation test = evaluate(best.model, data.test, 1000, buffers);
    say("8. The best run, %s, with the weights of epoch %zu (its lowest validation loss),",
        run_name(best.config).c_str(), best.best_epoch);
    say("   on the %zu test %s: accuracy %.4f, loss %.4f.", data.test.size(), data.images ? "images" : "rows",
        test.accuracy, test.loss);
    mlp_forward(best.model, data.test.X);
    const Matrix logits = best.model.logits();
    const std::size_t K = data.classes.size();
    const Matrix counts = confusion_matrix(logits, data.test.Y, K);
    std::size_t worst = 0;
    std::vector<double> recall(K), total(K, 0.0);
    for (std::size_t k = 0; k < K; ++k) {
        for (std::size_t p = 0; p < K; ++p) total[k] += counts(k, p);
        recall[k] = total[k] > 0 ? counts(k, k) / total[k] : 0.0;
        if (recall[k] < recall[worst]) worst = k;
    }
    std::size_t confused = worst == 0 ? 1 : 0;
    for (std::size_t p = 0; p < K; ++p)
        if (p != worst && counts(worst, p) > counts(worst, confused)) confused = p;
    say("   Per class, the hardest is %s: %.1f%% right, mistaken most often for %s (%.0f of %.0f).",
        data.classes[worst].c_str(), 100.0 * recall[worst], data.classes[confused].c_str(), counts(worst, confused),
        total[worst]);
    draw_confusion(counts, data.classes, s.out + "/34_confusion_matrix.png");
    if (data.images) {
        draw_misclassified(data.test, logits, 24, s.out + "/35_misclassified.png");
        return;
    }
    say("   The confusion matrix (figure 34), rows the true class, columns the predicted one:");
    std::string header;
    for (std::size_t p = 0; p < K; ++p) header += " " + pad_left(data.classes[p], 10);
    say("     %s%s", pad_right("", 12).c_str(), header.c_str());
    for (std::size_t t = 0; t < K; ++t) {
        std::string row;
        for (std::size_t p = 0; p < K; ++p) row += " " + pad_left(std::to_string(static_cast<long>(counts(t, p))), 10);
        say("     %s%s", pad_right(data.classes[t], 12).c_str(), row.c_str());
    }
    say("   (Figure 35 shows misclassified images; a table's rows are not pictures, so it is not drawn.)");
}

}  // namespace course::fashion_mnist
