// Chapter 14 — the optimizer comparison on real images: Fashion-MNIST.
// An MLP 784-256-128-10 trained from scratch on Debian's Fashion-MNIST with SGD, SGD + momentum, RMSprop
// and Adam at two learning rates, three batch sizes and two initializations, through chapter 08's one
// training loop with ReduceLROnPlateau and early stopping; every run recorded under --runs. Writes
// figures 30_fashion_mnist_samples.png … 36_study_comparison.png.
// Run: make run CH=14 (a reduced study, seconds) or make run CH=14 ARGS=--full (the whole grid, minutes);
// make run CH=14 ARGS="--csv FILE --target COLUMN" runs the same study on a table of your own (table.hpp).
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/lecture.hpp"
#include "chapters/14_fashion_mnist/table.hpp"
#include "common/cli.hpp"
#include "common/errors.hpp"
#include "common/say.hpp"

namespace fm = course::fashion_mnist;
using course::say;

namespace {

const course::Program kProgram{
    "14_fashion_mnist",
    "Chapter 14: Fashion-MNIST, optimizers, learning rates, batch sizes and initializations compared on real "
    "images, every run recorded.",
    {course::Flag::text("data", fm::kDefaultDataDir, "folder of the four IDX files (gzipped or not)"),
     course::Flag::on_off("full", "the whole grid on all 50,000 training images (minutes, not seconds)"),
     course::Flag::text("runs", "runs", "the records of --full (one folder per run); other modes use a temporary folder"),
     course::Flag::on_off("force", "train and record again the runs that --runs already holds"),
     course::Flag::integer("epochs", 20, "epochs of each run of --full (the default run: 4, --quick: 2; --csv: 30, --quick: 10)", 1, 500),
     course::Flag::integer("train", 50000, "training images of --full (the first 10,000 of the file validate)", 100, 50000),
     course::Flag::choice("optimizer", "all", "--full: only this optimizer", {"all", "sgd", "momentum", "rmsprop", "adam"}),
     course::Flag::choice("lr", "all", "--full: only this learning rate", {"all", "0.01", "0.001"}),
     course::Flag::choice("batch-size", "all", "--full: only this batch size", {"all", "32", "64", "128"}),
     course::Flag::choice("init", "all", "--full: only this initialization", {"all", "xavier_uniform", "he_normal"}),
     course::Flag::text("csv", "", "a table of your own instead of Fashion-MNIST: a CSV file, a header, then numbers and a class column (README, \"Your own data\")"),
     course::Flag::text("target", "", "--csv: the column that holds the class labels (default: the last)"),
     course::Flag::text("grid", "chapters/14_fashion_mnist/grid", "the records of the seed's whole grid (48 runs of --full) that figure 67 reads")}};

struct Scale {
    std::size_t train, validation, test, epochs;
};

Scale scale_of(const course::Args& args) {
    if (args.given("csv"))  // the table's own 60/20/20 split; small tables need more epochs of few steps
        return {0, 0, 0, static_cast<std::size_t>(args.given("epochs") ? args.integer("epochs") : args.quick() ? 10 : 30)};
    if (args.on("full"))
        return {static_cast<std::size_t>(args.integer("train")), 10000, 10000, static_cast<std::size_t>(args.integer("epochs"))};
    return args.quick() ? Scale{1000, 500, 1000, 2} : Scale{2000, 1000, 2000, 4};
}

bool keep(const course::Args& args, const char* flag, const std::string& value) {
    return args.text(flag) == "all" || args.text(flag) == value;
}

// The seed's grid, {SGD, momentum, RMSprop, Adam} × lr {0.01, 0.001} × batch {32, 64, 128} × {Xavier, He}.
std::vector<fm::RunConfig> full_grid(const course::Args& args, std::size_t epochs) {
    std::vector<fm::RunConfig> grid;
    for (const auto& optimizer : fm::study_optimizers())
        for (const double lr : {0.01, 0.001})
            for (const std::size_t batch : {32u, 64u, 128u})
                for (const auto init : {fm::InitScheme::xavier_uniform, fm::InitScheme::he_normal}) {
                    const fm::RunConfig c{.optimizer = optimizer, .lr = lr, .batch_size = batch, .init = init,
                                          .epochs = epochs, .seed = args.seed()};
                    if (keep(args, "optimizer", optimizer) && keep(args, "lr", lr == 0.01 ? "0.01" : "0.001") &&
                        keep(args, "batch-size", std::to_string(batch)) && keep(args, "init", fm::scheme_name(init)))
                        grid.push_back(c);
                }
    return grid;
}

void show_data(const fm::FashionMnist& data, const course::Args& args) {
    say("1. The data: Fashion-MNIST, 70,000 grayscale 28×28 photos of clothes in 10 classes, from %s.", data.dir.c_str());
    say("   The training file's first %zu images validate, the next %zu train; %zu test images wait for the end.",
        data.validation.size(), data.train.size(), data.test.size());
    std::vector<int> count(fm::kClasses, 0);
    for (std::size_t i = 0; i < data.train.size(); ++i) ++count[static_cast<std::size_t>(data.train.Y(i, 0))];
    std::string line;
    for (std::size_t k = 0; k < fm::kClasses; ++k) line += fm::class_names()[k] + " " + std::to_string(count[k]) + (k + 1 < fm::kClasses ? ", " : "");
    say("   Training images per class: %s.", line.c_str());
    fm::draw_samples(data.train, args.out() + "/30_fashion_mnist_samples.png");
}

void show_table(const fm::Table& table, const course::Args& args) {
    const fm::FashionMnist& data = table.data;
    const std::size_t n = data.train.size() + data.validation.size() + data.test.size();
    std::string features, classes;
    for (const auto& name : table.features) features += (features.empty() ? "" : ", ") + name;
    for (std::size_t k = 0; k < data.classes.size(); ++k)
        classes += (k == 0 ? "" : ", ") + data.classes[k] + " " + std::to_string(table.class_counts[k]);
    say("1. The data: your table %s, %zu rows; %zu features (%s), the classes in column '%s':", data.dir.c_str(), n,
        table.features.size(), features.c_str(), table.target.c_str());
    say("   %s.", classes.c_str());
    say("   Shuffled with seed %llu, then split 60/20/20: %zu rows train, %zu validate, %zu test. Each feature is",
        static_cast<unsigned long long>(args.seed()), data.train.size(), data.validation.size(), data.test.size());
    say("   standardised, (x − mean)/std with the training rows' mean and std, so that no unit dominates.");
    for (const auto& name : table.constant_features)
        say("   The feature '%s' is constant on the training rows: it carries nothing and is left at 0.", name.c_str());
    say("   (Figure 30 shows sample images; a table has none, so it is not drawn.)");
}

std::string shape_text(const fm::FashionMnist& data) {
    std::string text;
    for (const std::size_t size : data.mlp_sizes()) text += (text.empty() ? "" : " → ") + std::to_string(size);
    return text;
}

void show_untrained(const fm::FashionMnist& data, const course::Args& args) {
    course::Rng rng(args.seed());
    fm::Mlp model = fm::make_mlp(data.mlp_sizes(), fm::Activation::relu, fm::InitScheme::he_normal, rng);
    fm::EvalBuffers buffers;
    const fm::Evaluation e = fm::evaluate(model, data.validation, 1000, buffers);
    if (!data.images) {
        const double K = static_cast<double>(data.classes.size());
        say("2. The model: an MLP %s with ReLU (hidden layers of 64 and 32 for a table), %zu parameters,",
            shape_text(data).c_str(), fm::parameter_count(model));
        say("   softmax cross-entropy on its %zu logits. Untrained (He init) its validation loss is %.4f against", data.classes.size(), e.loss);
        say("   ln %zu = %.4f for a uniform guess, and its accuracy %.4f: chance is 1/%zu = %.3f.", data.classes.size(),
            std::log(K), e.accuracy, data.classes.size(), 1.0 / K);
        return;
    }
    say("2. The model: an MLP 784 → 256 → 128 → 10 with ReLU, %zu parameters, softmax cross-entropy on its ten",
        fm::parameter_count(model));
    say("   logits. Untrained (He init) its validation loss is %.4f against ln 10 = %.4f for a uniform guess,", e.loss,
        std::log(10.0));
    say("   and its accuracy %.4f: chance is 0.1.", e.accuracy);
}

std::vector<fm::ActivationProfile> show_init(const fm::FashionMnist& data, const course::Args& args) {
    const std::size_t n = std::min<std::size_t>(1000, data.train.size());
    course::Matrix X;
    course::copy_rows(data.train.X, 0, n, X);
    std::vector<fm::ActivationProfile> profiles;
    using A = fm::Activation;
    using S = fm::InitScheme;
    for (const auto& [activation, scheme] : {std::pair{A::relu, S::he_normal}, {A::relu, S::xavier_uniform},
                                             {A::tanh, S::xavier_uniform}, {A::tanh, S::he_normal}}) {
        profiles.push_back({fm::activation_name(activation) + ", " + fm::scheme_name(scheme),
                            fm::activation_rms(activation, scheme, X, 8, 256, args.seed())});
    }
    say("3. Initialization. Through 8 hidden layers of 256 at initialisation, the RMS of the activations");
    say("   from layer 1 to layer 8:");
    for (const auto& p : profiles) say("     %-20s %.3f → %.3f", p.label.c_str(), p.rms.front(), p.rms.back());
    say("   He's 2/fan_in makes up for the half of its inputs that ReLU zeroes; with Xavier's 2/(fan_in + fan_out)");
    say("   ReLU loses a factor √2 per layer. Xavier is derived for tanh's linear middle, where tanh' ≈ 1; away from");
    say("   0 tanh flattens, so its activations shrink slowly too (PyTorch's gain for tanh, 5/3, makes up for");
    say("   that). Exercise 14.5; figure 33, left.");
    return profiles;
}

double best_accuracy(const fm::RunRecord& r) {
    return r.val_accuracy.empty() ? 0.0 : *std::max_element(r.val_accuracy.begin(), r.val_accuracy.end());
}

// The run (among `which`) with the best validation accuracy, the first of equals: the reference run
// whose batch sizes and initializations the study compares.
std::size_t reference_run(const std::vector<fm::RunRecord>& records, const std::vector<std::size_t>& which) {
    std::size_t ref = which.front();
    for (const std::size_t i : which)
        if (best_accuracy(records[i]) > best_accuracy(records[ref])) ref = i;
    return ref;
}

std::vector<std::size_t> indexes_where(const std::vector<fm::StudyRun>& runs, const auto& predicate) {
    std::vector<std::size_t> found;
    for (std::size_t i = 0; i < runs.size(); ++i)
        if (predicate(runs[i].record)) found.push_back(i);
    return found;
}

// Steps 4-6 of the default run: the optimizers at both rates (batch 64, He), then the batch sizes and the
// other initialization for the best of them. Returns every configuration trained.
std::vector<fm::RunConfig> reduced_study(const fm::FashionMnist& data, const std::string& runs_dir, std::size_t epochs,
                                         const course::Args& args, const fm::WatchSettings& watch,
                                         fm::StudyOutcome& trained) {
    std::vector<fm::RunConfig> configs;
    for (const auto& optimizer : fm::study_optimizers())
        for (const double lr : {0.01, 0.001})
            configs.push_back({.optimizer = optimizer, .lr = lr, .batch_size = 64, .epochs = epochs, .seed = args.seed()});
    say("4. The optimizers: each at lr 0.01 and 0.001, batch 64, He init, %zu epochs, ReduceLROnPlateau (halve", epochs);
    say("   after %lld epochs without a lower validation loss) and early stopping (patience %lld; the weights of the",
        static_cast<long long>(watch.plateau.patience + 1), static_cast<long long>(watch.early.patience));
    say("   epoch with the lowest validation loss restored):");
    fm::run_study(configs, data, runs_dir, args.on("force"), watch, false, trained);
    std::vector<std::size_t> all(configs.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    const fm::RunConfig best = configs[reference_run(fm::records_of(trained.runs), all)];
    say("5. The batch size, for the best of them (%s): 32 and 128 beside 64. A smaller batch takes more,", fm::run_name(best).c_str());
    say("   noisier steps per epoch:");
    std::vector<fm::RunConfig> more;
    for (const std::size_t batch : {32u, 128u}) {
        fm::RunConfig c = best;
        c.batch_size = batch;
        more.push_back(c);
    }
    fm::run_study(more, data, runs_dir, args.on("force"), watch, false, trained);
    say("6. The initialization: the same run from Xavier uniform instead of He normal:");
    fm::RunConfig xavier = best;
    xavier.init = fm::InitScheme::xavier_uniform;
    fm::run_study({xavier}, data, runs_dir, args.on("force"), watch, false, trained);
    configs.insert(configs.end(), more.begin(), more.end());
    configs.push_back(xavier);
    return configs;
}

// Figures 31-33 from the records: 31 the best run of each optimizer at batch 64 with He init; 32 and 33 the
// batch sizes and initializations of the best of those.
void draw_study_figures(const std::vector<fm::StudyRun>& runs, const std::vector<fm::ActivationProfile>& profiles,
                        const std::string& profile_inputs, const course::Args& args) {
    const std::vector<fm::RunRecord> records = fm::records_of(runs);
    const std::vector<std::size_t> base = indexes_where(runs, [](const fm::RunRecord& r) {
        return r.batch_size == 64 && r.init == "he_normal";
    });
    std::vector<fm::RunRecord> base_records;
    for (const std::size_t i : base) base_records.push_back(records[i]);
    std::vector<std::size_t> per_optimizer;
    for (const std::size_t j : fm::best_per(base_records, "optimizer")) per_optimizer.push_back(base[j]);
    if (!per_optimizer.empty()) fm::draw_optimizer_curves(runs, per_optimizer, args.out() + "/31_optimizer_curves.png");
    // 32 and 33: the batch sizes and the initializations of the best run at batch 64 with He init.
    if (per_optimizer.empty()) return;
    const std::size_t ref = reference_run(records, per_optimizer);
    const fm::RunRecord& best = records[ref];
    const auto batches = indexes_where(runs, [&](const fm::RunRecord& r) {
        return r.optimizer == best.optimizer && r.lr == best.lr && r.init == best.init;
    });
    fm::draw_lr_batch(runs, batches, args.out() + "/32_lr_batch_effect.png");
    const auto inits = indexes_where(runs, [&](const fm::RunRecord& r) {
        return r.optimizer == best.optimizer && r.lr == best.lr && r.batch_size == best.batch_size;
    });
    fm::draw_init_effect(profiles, profile_inputs, runs, inits, args.out() + "/33_init_effect.png");
}

void show_summary(const std::vector<fm::SummaryRow>& table) {
    say("7. The summary table (exercise 14.9), read back from the records, best first:");
    int width = 32;  // the names of Fashion-MNIST's reduced study fit; a table's longer ones widen the column
    for (const fm::SummaryRow& row : table) width = std::max(width, static_cast<int>(row.name.size()));
    say("     %-4s %-*s %10s %9s %9s", "#", width, "run", "best epoch", "val acc", "test acc");
    for (std::size_t r = 0; r < table.size(); ++r)
        say("     %-4zu %-*s %10zu %9.4f %9.4f", r + 1, width, table[r].name.c_str(), table[r].best_epoch,
            table[r].best_val_accuracy, table[r].test_accuracy);
}

void show_best(fm::RunResult best, const fm::FashionMnist& data, const course::Args& args) {
    fm::EvalBuffers buffers;
    const fm::Evaluation test = fm::evaluate(best.model, data.test, 1000, buffers);
    say("8. The best run, %s (the weights of epoch %zu), on the %zu test %s: accuracy %.4f, loss %.4f.",
        fm::run_name(best.config).c_str(), best.best_epoch, data.test.size(), data.images ? "images" : "rows",
        test.accuracy, test.loss);
    fm::mlp_forward(best.model, data.test.X);
    const course::Matrix logits = best.model.logits();
    const std::size_t K = data.classes.size();
    const course::Matrix counts = fm::confusion_matrix(logits, data.test.Y, K);
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
    fm::draw_confusion(counts, data.classes, args.out() + "/34_confusion_matrix.png");
    if (data.images) {
        fm::draw_misclassified(data.test, logits, 24, args.out() + "/35_misclassified.png");
        return;
    }
    say("   The confusion matrix (figure 34), rows the true class, columns the predicted one:");
    std::string header;
    for (std::size_t p = 0; p < K; ++p) header += " " + course::pad_left(data.classes[p], 10);
    say("     %s%s", course::pad_right("", 12).c_str(), header.c_str());
    for (std::size_t t = 0; t < K; ++t) {
        std::string row;
        for (std::size_t p = 0; p < K; ++p) row += " " + course::pad_left(std::to_string(static_cast<long>(counts(t, p))), 10);
        say("     %s%s", course::pad_right(data.classes[t], 12).c_str(), row.c_str());
    }
    say("   (Figure 35 shows misclassified images; a table's rows are not pictures, so it is not drawn.)");
}

// Step 9: the seed's whole grid, trained once with --full (about two CPU-hours) and committed as its
// records; read back here without training anything.
void show_seed_grid(const course::Args& args) {
    const std::string dir = args.text("grid");
    if (!args.given("grid") && !std::filesystem::is_directory(dir)) {
        say("9. (Figure 67 reads the seed's grid from %s/, relative to the course's folder: run from there.)", dir.c_str());
        return;
    }
    const std::vector<fm::StudyRun> runs = fm::read_records(dir);
    if (runs.empty()) throw course::DataError(dir + ": no run records (one subfolder per run, each with config.json)");
    const std::vector<fm::SummaryRow> table = fm::summary_table(fm::records_of(runs));
    say("9. The seed's whole grid, {SGD, momentum, RMSprop, Adam} × lr {0.01, 0.001} × batch {32, 64, 128} × {Xavier,");
    say("   He}: %zu runs of up to 20 epochs on all 50,000 training images, recorded once by --full in %s/.", runs.size(),
        dir.c_str());
    say("   Best: %s, validation accuracy %.4f (test %.4f).", table.front().name.c_str(),
        table.front().best_val_accuracy, table.front().test_accuracy);
    say("   Worst: %s, %.4f.", table.back().name.c_str(), table.back().best_val_accuracy);
    // The mean best validation accuracy of each level of each factor, over the runs that have it.
    const auto mean_where = [&](const auto& has) {
        double sum = 0.0;
        std::size_t n = 0;
        for (const fm::SummaryRow& row : table)
            if (has(row.name)) sum += row.best_val_accuracy, ++n;
        return n == 0 ? 0.0 : sum / static_cast<double>(n);
    };
    const auto starts = [](const std::string& prefix) {
        return [prefix](const std::string& name) { return name.rfind(prefix, 0) == 0; };
    };
    const auto contains = [](const std::string& part) {
        return [part](const std::string& name) { return name.find(part) != std::string::npos; };
    };
    say("   The mean of the best validation accuracies, one factor at a time:");
    say("     optimizer  SGD %.4f, momentum %.4f, RMSprop %.4f, Adam %.4f", mean_where(starts("sgd_")),
        mean_where(starts("momentum_")), mean_where(starts("rmsprop_")), mean_where(starts("adam_")));
    say("     lr         0.01 %.4f, 0.001 %.4f", mean_where(contains("_lr0.01_")), mean_where(contains("_lr0.001_")));
    say("     batch      32 %.4f, 64 %.4f, 128 %.4f", mean_where(contains("_b32_")), mean_where(contains("_b64_")),
        mean_where(contains("_b128_")));
    say("     init       Xavier %.4f, He %.4f (figure 67).", mean_where(contains("_xavier_uniform")),
        mean_where(contains("_he_normal")));
    fm::draw_seed_grid(runs, args.out() + "/67_seed_grid.png");
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const Scale scale = scale_of(args);
        if (args.given("target") && !args.given("csv")) throw course::UsageError("--target names a column of --csv's table");
        if (args.given("csv") && (args.given("data") || args.given("train")))
            throw course::UsageError("--data and --train are Fashion-MNIST's; --csv reads a table and splits it 60/20/20");
        fm::Table own;  // --csv only
        const fm::FashionMnist data =
            args.given("csv") ? (own = fm::load_table(args.text("csv"), {.target = args.text("target"), .seed = args.seed()})).data
                              : fm::load_fashion_mnist({.dir = args.text("data"), .train = scale.train,
                                                        .validation = scale.validation, .test = scale.test});
        if (data.images) {
            show_data(data, args);
        } else {
            show_table(own, args);
        }
        show_untrained(data, args);
        const std::vector<fm::ActivationProfile> profiles = show_init(data, args);
        const std::size_t profiled = std::min<std::size_t>(1000, data.train.size());
        const std::string profile_inputs = data.images ? (profiled == 1000 ? "1,000" : std::to_string(profiled)) + " images"
                                                       : std::to_string(profiled) + " rows of the table";

        // Records: the full study's go to --runs and survive; the other modes' to a temporary folder that
        // make check and make figures leave behind nowhere.
        const bool full = args.on("full");
        const bool own_folder = !full && !args.given("runs");
        // A table's --full records go to runs/<the file's stem> unless --runs is given, so that they never
        // meet Fashion-MNIST's runs of the same names in runs/.
        const std::string records = !data.images && !args.given("runs")
                                        ? (std::filesystem::path(args.text("runs")) / std::filesystem::path(data.dir).stem()).string()
                                        : args.text("runs");
        const std::string runs_dir = own_folder ? (std::filesystem::temp_directory_path() /
                                                   ("course-14-runs-" + std::to_string(::getpid()))).string()
                                                : records;
        if (own_folder) std::filesystem::remove_all(runs_dir);
        // Per epoch: halve the rate after 2 epochs without a better validation loss (3 in the long runs of
        // --full and on a table, whose few validation rows make a noisy loss), stop after 3 (5).
        const bool patient = full || !data.images;
        const fm::WatchSettings watch{.plateau = {.factor = 0.5, .patience = patient ? 2 : 1},
                                      .early = {.patience = patient ? 5 : 3}};
        std::vector<fm::RunConfig> configs;
        fm::StudyOutcome trained;
        if (full) {
            configs = full_grid(args, scale.epochs);
            say("4. The full grid: %zu runs of up to %zu epochs on %zu %s, records in %s/:", configs.size(),
                scale.epochs, data.train.size(), data.images ? "images" : "rows", runs_dir.c_str());
            fm::run_study(configs, data, runs_dir, args.on("force"), watch, true, trained);
        } else {
            configs = reduced_study(data, runs_dir, scale.epochs, args, watch, trained);
        }
        say("   Every run wrote %s/<name>/config.json and metrics.csv. Asked again without --force, the study", full ? runs_dir.c_str() : "<runs>");
        fm::StudyOutcome again;
        fm::run_study(configs, data, runs_dir, false, watch, false, again);
        say("   trains nothing: %zu runs recorded, %zu skipped; the figures below are drawn from those files.",
            again.runs.size(), again.skipped);
        const std::vector<fm::SummaryRow> table = fm::summary_table(fm::records_of(again.runs));
        show_summary(table);
        draw_study_figures(again.runs, profiles, profile_inputs, args);
        fm::draw_study_comparison(table, again.runs, args.out() + "/36_study_comparison.png");
        show_best(fm::best_model(again.runs, trained, configs, data, watch), data, args);
        if (data.images && !full) show_seed_grid(args);
        if (own_folder) std::filesystem::remove_all(runs_dir);
    });
}
