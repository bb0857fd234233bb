// Chapter 14 — the optimizer comparison on real images: Fashion-MNIST.
// An MLP 784-256-128-10 trained from scratch on Debian's Fashion-MNIST with SGD, SGD + momentum, RMSprop
// and Adam at two learning rates, three batch sizes and two initializations, through chapter 08's one
// training loop with ReduceLROnPlateau and early stopping; every run recorded under --runs. Writes
// figures 30_fashion_mnist_samples.png … 36_study_comparison.png.
// Run: make run CH=14 (a reduced study, seconds) or make run CH=14 ARGS=--full (the whole grid, minutes);
// make run CH=14 ARGS="--csv FILE --target COLUMN" runs the same study on a table of your own (table.hpp).
// Here: the flags, read once into fm::Settings, and steps 1-3; steps 4-8, the study and what it found, are
// in lessons.cpp (lecture.hpp).
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <system_error>
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
     course::Flag::integer("epochs", 20, "epochs of each run of --full (the default run: 3, --quick: 2; --csv: 30, --quick: 10)", 1, 500),
     course::Flag::integer("train", 50000, "training images of --full (the first 10,000 of the file validate)", 100, 50000),
     course::Flag::choice("optimizer", "all", "--full: only this optimizer", {"all", "sgd", "momentum", "rmsprop", "adam"}),
     course::Flag::choice("lr", "all", "--full: only this learning rate", {"all", "0.01", "0.001"}),
     course::Flag::choice("batch-size", "all", "--full: only this batch size", {"all", "32", "64", "128"}),
     course::Flag::choice("init", "all", "--full: only this initialization", {"all", "xavier_uniform", "he_normal"}),
     course::Flag::text("csv", "", "a table of your own instead of Fashion-MNIST: a CSV file, a header, then numbers and a class column (README, \"Your own data\")"),
     course::Flag::text("target", "", "--csv: the column that holds the class labels (default: the last)"),
     course::Flag::text("grid", "chapters/14_fashion_mnist/grid", "the records of the seed's whole grid (48 runs of --full) that figure 67 reads")}};

// The flags, read once: --quick and --full are presets of the scale, --csv swaps the data for a table.
fm::Settings settings_of(const course::Args& args) {
    if (args.given("target") && !args.given("csv")) throw course::UsageError("--target names a column of --csv's table");
    if (args.given("csv") && (args.given("data") || args.given("train")))
        throw course::UsageError("--data and --train are Fashion-MNIST's; --csv reads a table and splits it 60/20/20");
    fm::Settings s{.table = args.given("csv"), .csv = args.text("csv"), .target = args.text("target"),
                   .full = args.on("full"), .force = args.on("force"), .seed = args.seed(), .out = args.out(),
                   .grid = args.text("grid"), .grid_given = args.given("grid")};
    if (s.table) {  // the table's own 60/20/20 split; small tables need more epochs of few steps
        s.epochs = static_cast<std::size_t>(args.given("epochs") ? args.integer("epochs") : args.quick() ? 10 : 30);
    } else if (s.full) {
        s.fashion = {.dir = args.text("data"), .train = static_cast<std::size_t>(args.integer("train")),
                     .validation = 10000, .test = 10000};
        s.epochs = static_cast<std::size_t>(args.integer("epochs"));
    } else {
        const bool quick = args.quick();
        s.fashion = {.dir = args.text("data"), .train = quick ? 1000u : 2000u, .validation = quick ? 500u : 1000u,
                     .test = quick ? 1000u : 2000u};
        s.epochs = quick ? 2 : 3;
    }
    s.only = {.optimizer = args.text("optimizer"), .lr = args.text("lr"), .batch_size = args.text("batch-size"),
              .init = args.text("init")};
    // Records: the full study's go to --runs and survive; the other modes' to a temporary folder that
    // make check and make figures leave behind nowhere. A table's --full records go to runs/<the file's
    // stem> unless --runs is given, so that they never meet Fashion-MNIST's runs of the same names in runs/.
    s.temporary_runs = !s.full && !args.given("runs");
    s.runs_dir = s.temporary_runs ? (std::filesystem::temp_directory_path() / ("course-14-runs-" + std::to_string(::getpid()))).string()
                 : s.table && !args.given("runs") ? (std::filesystem::path(args.text("runs")) / std::filesystem::path(s.csv).stem()).string()
                                                  : args.text("runs");
    // Per epoch: halve the rate after 2 epochs without a better validation loss (3 in the long runs of
    // --full and on a table, whose few validation rows make a noisy loss), stop after 3 (5).
    const bool patient = s.full || s.table;
    s.watch = {.plateau = {.factor = 0.5, .patience = patient ? 2 : 1}, .early = {.patience = patient ? 5 : 3}};
    return s;
}

// The temporary records folder, emptied before the study and removed after it (also when it throws).
class RecordsFolder {
public:
    explicit RecordsFolder(const fm::Settings& s) : dir_(s.temporary_runs ? s.runs_dir : "") {
        if (!dir_.empty()) std::filesystem::remove_all(dir_);
    }
    ~RecordsFolder() {
        std::error_code ignored;
        if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
    }
    RecordsFolder(const RecordsFolder&) = delete;
    RecordsFolder& operator=(const RecordsFolder&) = delete;

private:
    std::string dir_;
};

// Fashion-MNIST, or the table of --csv (whose columns and class counts `own` keeps for step 1).
fm::StudyData load_data(const fm::Settings& s, fm::Table& own) {
    if (!s.table) return fm::load_fashion_mnist(s.fashion);
    own = fm::load_table(s.csv, {.target = s.target, .seed = s.seed});
    return own.data;
}

void show_data(const fm::StudyData& data, const fm::Settings& s) {
    say("1. The data: Fashion-MNIST, 70,000 grayscale 28×28 photos of clothes in 10 classes, from %s.", data.dir.c_str());
    say("   The training file's first %zu images validate, the next %zu train; %zu test images wait for the end.",
        data.validation.size(), data.train.size(), data.test.size());
    std::vector<int> count(fm::kClasses, 0);
    for (std::size_t i = 0; i < data.train.size(); ++i) ++count[static_cast<std::size_t>(data.train.Y(i, 0))];
    std::string line;
    for (std::size_t k = 0; k < fm::kClasses; ++k) line += fm::class_names()[k] + " " + std::to_string(count[k]) + (k + 1 < fm::kClasses ? ", " : "");
    say("   Training images per class: %s.", line.c_str());
    fm::draw_samples(data.train, s.out + "/30_fashion_mnist_samples.png");
}

void show_table(const fm::Table& table, const fm::Settings& s) {
    const fm::StudyData& data = table.data;
    const std::size_t n = data.train.size() + data.validation.size() + data.test.size();
    std::string features, classes;
    for (const auto& name : table.features) features += (features.empty() ? "" : ", ") + name;
    for (std::size_t k = 0; k < data.classes.size(); ++k)
        classes += (k == 0 ? "" : ", ") + data.classes[k] + " " + std::to_string(table.class_counts[k]);
    say("1. The data: your table %s, %zu rows; %zu features (%s), the classes in column '%s':", data.dir.c_str(), n,
        table.features.size(), features.c_str(), table.target.c_str());
    say("   %s.", classes.c_str());
    say("   Shuffled with seed %llu, then split 60/20/20: %zu rows train, %zu validate, %zu test. Each feature is",
        static_cast<unsigned long long>(s.seed), data.train.size(), data.validation.size(), data.test.size());
    say("   standardised, (x − mean)/std with the training rows' mean and std, so that no unit dominates.");
    for (const auto& name : table.constant_features)
        say("   The feature '%s' is constant on the training rows: it carries nothing and is left at 0.", name.c_str());
    say("   (Figure 30 shows sample images; a table has none, so it is not drawn.)");
}

std::string shape_text(const fm::StudyData& data) {
    std::string text;
    for (const std::size_t size : data.mlp_sizes()) text += (text.empty() ? "" : " → ") + std::to_string(size);
    return text;
}

void show_untrained(const fm::StudyData& data, const fm::Settings& s) {
    course::Rng rng(s.seed);
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

// Step 3's activation profiles, and what they were measured on (figure 33's left panel says it).
struct InitProfiles {
    std::vector<fm::ActivationProfile> profiles;
    std::string inputs;  // "1,000 images", "300 rows of the table"
};

InitProfiles show_init(const fm::StudyData& data, const fm::Settings& s) {
    const std::size_t n = std::min<std::size_t>(1000, data.train.size());
    course::Matrix X;
    course::copy_rows(data.train.X, 0, n, X);
    InitProfiles measured{.inputs = data.images ? (n == 1000 ? "1,000" : std::to_string(n)) + " images"
                                                : std::to_string(n) + " rows of the table"};
    using A = fm::Activation;
    using S = fm::InitScheme;
    for (const auto& [activation, scheme] : {std::pair{A::relu, S::he_normal}, {A::relu, S::xavier_uniform},
                                             {A::tanh, S::xavier_uniform}, {A::tanh, S::he_normal}}) {
        measured.profiles.push_back({fm::activation_name(activation) + ", " + fm::scheme_name(scheme),
                                     fm::activation_rms(activation, scheme, X, 8, 256, s.seed)});
    }
    say("3. Initialization. Through 8 hidden layers of 256 at initialisation, the RMS of the activations");
    say("   from layer 1 to layer 8:");
    for (const auto& p : measured.profiles) say("     %-20s %.3f → %.3f", p.label.c_str(), p.rms.front(), p.rms.back());
    say("   He's 2/fan_in makes up for the half of its inputs that ReLU zeroes; with Xavier's 2/(fan_in + fan_out)");
    say("   ReLU loses a factor √2 per layer. Xavier is derived for tanh's linear middle, where tanh' ≈ 1; away from");
    say("   0 tanh flattens, so its activations shrink slowly too (PyTorch's gain for tanh, 5/3, makes up for");
    say("   that). Exercise 14.5; figure 33, left.");
    return measured;
}

// Step 9: the seed's whole grid, trained once with --full (about two CPU-hours) and committed as its
// records; read back here without training anything.
void show_seed_grid(const fm::Settings& s) {
    const std::string& dir = s.grid;
    if (!s.grid_given && !std::filesystem::is_directory(dir)) {
        say("9. (Figure 67 reads the seed's grid from %s/, relative to the course's folder: run from there.)", dir.c_str());
        return;
    }
    const std::vector<fm::StudyRun> runs = fm::read_records(dir);
    if (runs.empty()) throw course::DataError(dir + ": no run records (one subfolder per run, each with config.json)");
    const std::vector<fm::SummaryRow> table = fm::summary_table(fm::records_of(runs));
    say("9. The seed's whole grid, {SGD, momentum, RMSprop, Adam} × lr {0.01, 0.001} × batch {32, 64, 128} × {Xavier,");
    say("   He}: %zu runs of up to 20 epochs on all 50,000 training images, recorded once by --full and read", runs.size());
    say("   back here from %s/ without training.", dir.c_str());
    say("   Best: %s, validation accuracy %.4f (test %.4f).", table.front().name.c_str(),
        table.front().best_val_accuracy, table.front().test_accuracy);
    say("   Worst: %s, %.4f.", table.back().name.c_str(), table.back().best_val_accuracy);
    // The mean best validation accuracy of the runs that `has` picks, read from their records' fields.
    const auto mean_where = [&runs](const auto& has) {
        double sum = 0.0;
        std::size_t n = 0;
        for (const fm::StudyRun& run : runs) {
            const fm::RunRecord& r = run.record;
            if (r.val_accuracy.empty() || !has(r)) continue;
            sum += *std::max_element(r.val_accuracy.begin(), r.val_accuracy.end());
            ++n;
        }
        return n == 0 ? 0.0 : sum / static_cast<double>(n);
    };
    const auto by = [](const std::string& optimizer, double lr = 0.0) {
        return [optimizer, lr](const fm::RunRecord& r) { return r.optimizer == optimizer && (lr == 0.0 || r.lr == lr); };
    };
    say("   The mean of the best validation accuracies, one factor at a time, and the rate per optimizer:");
    say("     optimizer   SGD %.4f, momentum %.4f, RMSprop %.4f, Adam %.4f", mean_where(by("sgd")),
        mean_where(by("momentum")), mean_where(by("rmsprop")), mean_where(by("adam")));
    for (const double lr : {0.01, 0.001})
        say("     lr %-6g   %.4f: SGD %.4f, momentum %.4f, RMSprop %.4f, Adam %.4f", lr,
            mean_where([lr](const fm::RunRecord& r) { return r.lr == lr; }), mean_where(by("sgd", lr)),
            mean_where(by("momentum", lr)), mean_where(by("rmsprop", lr)), mean_where(by("adam", lr)));
    const auto batch = [](std::size_t size) { return [size](const fm::RunRecord& r) { return r.batch_size == size; }; };
    const auto init = [](const std::string& scheme) { return [scheme](const fm::RunRecord& r) { return r.init == scheme; }; };
    say("     batch       32 %.4f, 64 %.4f, 128 %.4f", mean_where(batch(32)), mean_where(batch(64)),
        mean_where(batch(128)));
    say("     init        Xavier %.4f, He %.4f (figure 67).", mean_where(init("xavier_uniform")),
        mean_where(init("he_normal")));
    fm::draw_seed_grid(runs, s.out + "/67_seed_grid.png");
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const fm::Settings s = settings_of(args);
        fm::Table own;  // --csv only: the table's columns and classes, for step 1
        const fm::StudyData data = load_data(s, own);
        if (s.table) {
            show_table(own, s);
        } else {
            show_data(data, s);
        }
        show_untrained(data, s);
        const InitProfiles init = show_init(data, s);
        const RecordsFolder records(s);
        const fm::StudyRuns study = fm::study_lesson(data, s);
        fm::summary_lesson(study, init.profiles, init.inputs, s);
        fm::best_run_lesson(study, data, s);
        if (!s.table && !s.full) show_seed_grid(s);
    });
}
