// Chapter 18 — convolutional networks.
// The convolution as a sliding dot product, its backward passes, im2col, pooling, batch norm over
// channels and a residual block, each checked against central differences; then a small CNN trained on
// Fashion-MNIST (chapter 14's data) through the course's one loop, against an MLP. Writes figures
// 56_conv_filters.png … 59_cnn_predictions.png. Run: make run CH=18 ARGS="--epochs 5"; the accuracy run
// is make run CH=18 ARGS="--full".
#include <algorithm>
#include <cstddef>
#include <cstdio>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/data.hpp"
#include "chapters/18_convolutional_networks/checks.hpp"
#include "chapters/18_convolutional_networks/figures.hpp"
#include "chapters/18_convolutional_networks/shapes.hpp"
#include "chapters/18_convolutional_networks/training.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace cv = course::convolutional;
namespace fm = course::fashion_mnist;
using course::Matrix;
using course::say;

namespace {

const course::Program kProgram{
    "18_convolutional_networks",
    "Chapter 18: convolution, pooling, batch norm over channels and residual blocks, then a small CNN on "
    "Fashion-MNIST against an MLP.",
    {course::Flag::choice("dataset", "fashion", "the images: Fashion-MNIST, or synthetic shapes (no data needed)",
                          {"fashion", "shapes"}),
     course::Flag::text("data", fm::kDefaultDataDir, "folder with the Fashion-MNIST IDX files (gzipped or not)"),
     course::Flag::integer("epochs", 2, "training epochs of each network (--full: 10 unless given)", 1, 100),
     course::Flag::integer("train", 2000, "training images (--full: 50000 unless given)", 100, 50000),
     course::Flag::integer("batch-size", 64, "mini-batch size", 2, 1024),
     course::Flag::real("lr", 1e-3, "Adam's learning rate", 1e-6, 1.0),
     course::Flag::choice("model", "mlp+cnn", "which networks to train (--full: all unless given)",
                          {"mlp+cnn", "all", "mlp", "cnn", "residual"}),
     course::Flag::integer("width", 16, "filters of the first convolution, twice as many in the second (--full: 32 unless given)", 1, 128),
     course::Flag::real("dropout", 0.0, "dropout before the CNNs' dense layer (--full: 0.25 unless given)", 0.0, 0.9),
     course::Flag::choice("augment", "none",
                          "training images mirrored at random, and moved by up to 2 pixels",
                          {"none", "flip", "flip+shift"}),
     course::Flag::on_off("full", "the accuracy run: all 50000 training images, 10 epochs, width 32, dropout 0.25, "
                                  "the 10000 test images, all three networks")}};

struct Data {
    std::string name;
    cv::Dataset train, validation, test;
    std::vector<std::string> classes;
};

// Chapter 14's reader gives a label column; the CNN's loss takes one-hot rows.
cv::Dataset one_hot(const cv::Dataset& labelled) {
    cv::Dataset out{labelled.X, Matrix()};
    fm::one_hot_into(out.Y, labelled.Y, fm::kClasses);
    return out;
}

Data load_data(const course::Args& args, std::size_t train, std::size_t validation, std::size_t test) {
    if (args.text("dataset") == "shapes") {
        Data d{"synthetic shapes", cv::make_shapes(train, args.seed()), cv::make_shapes(validation, args.seed() + 1),
               cv::make_shapes(test, args.seed() + 2), {}};
        for (const auto name : cv::kShapeNames) d.classes.emplace_back(name);
        return d;
    }
    const fm::StudyData f =
        fm::load_fashion_mnist({.dir = args.text("data"), .train = train, .validation = validation, .test = test});
    Data d{"Fashion-MNIST", one_hot(f.train), one_hot(f.validation), one_hot(f.test), {}};
    for (const auto& name : fm::class_names()) d.classes.push_back(name);
    return d;
}

void convolution_lesson() {
    say("1. A convolution layer slides each filter over the image and takes a dot product at every place.");
    const Matrix X = Matrix::row({1, 2, 3, 4, 5, 6, 7, 8, 9});
    const cv::Conv2d layer{{1, 1, 2, 1, 0}, Matrix::row({1, 2, 3, 4}), Matrix::row({0.0})};
    const Matrix Y = cv::conv2d_forward(X, {1, 3, 3}, layer);
    const cv::Conv2d flipped{{1, 1, 2, 1, 0}, Matrix::row({4, 3, 2, 1}), Matrix::row({0.0})};
    const Matrix F = cv::conv2d_forward(X, {1, 3, 3}, flipped);
    say("   Image [[1 2 3] [4 5 6] [7 8 9]], kernel [[1 2] [3 4]]: Y = [[%g %g] [%g %g]] (PyTorch's conv2d is this",
        Y(0, 0), Y(0, 1), Y(0, 2), Y(0, 3));
    say("   cross-correlation; the textbook convolution flips the kernel and gives [[%g %g] [%g %g]]).", F(0, 0),
        F(0, 1), F(0, 2), F(0, 3));
    say("   Output size along an axis: ⌊(n + 2p − k)/s⌋ + 1 (exercise 18.1):");
    struct Case { std::size_t n, k, s, p; const char* what; };
    for (const Case& c : {Case{28, 3, 1, 1, "3×3 'same' convolution"}, Case{28, 5, 1, 0, "5×5 'valid' convolution"},
                          Case{28, 2, 2, 0, "2×2 max-pool"}, Case{7, 3, 2, 1, "3×3 stride 2, padding 1"}})
        say("     n = %2zu, k = %zu, s = %zu, p = %zu → %2zu   (%s)", c.n, c.k, c.s, c.p,
            cv::conv_output_size(c.n, c.k, c.s, c.p), c.what);
}

void gradient_lesson(std::uint64_t seed) {
    say("2. Every backward pass against central differences (max relative error; ≤ 1e-6 is correct):");
    for (const cv::GradientCheck& c : cv::gradient_checks(seed))
        say("     %-32s %.2g", c.what.c_str(), c.max_relative_error);
}

void im2col_lesson(const Data& data, std::uint64_t seed) {
    say("3. im2col: lay every 3×3 window out as a column; then the whole layer is ONE matrix product.");
    course::Rng rng(seed);
    const cv::Conv2d layer = cv::make_conv({.in_channels = 1, .out_channels = 16, .kernel = 3, .stride = 1, .padding = 1}, rng);
    const std::size_t n = std::min<std::size_t>(8, data.train.size());
    const Matrix X(n, 784, std::vector<double>(data.train.X.data(), data.train.X.data() + n * 784));
    const Matrix direct = cv::conv2d_forward(X, {1, 28, 28}, layer);
    cv::ConvWorkspace ws;
    Matrix fast;
    cv::conv2d_forward_fast(X, {1, 28, 28}, layer, ws, fast);
    say("   1×28×28 → 16 filters: cols is %zu × %zu, W is 16 × 9; on %zu images the direct loops and W·cols",
        ws.cols.rows(), ws.cols.cols(), n);
    say("   differ by at most %.2g. The product runs at the machine's matmul speed (make bench: CnnEpoch).",
        course::max_abs_diff(direct, fast));
}

std::vector<std::size_t> labels_of(const Matrix& Y) { return course::argmax_per_row(Y); }

std::string four_digits(double accuracy) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", accuracy);
    return text;
}

// What a run trains, from the flags once: --full sets the accuracy run's value of each flag not given.
struct Settings {
    std::size_t train, validation, test, width;
    double dropout;
    std::string augment, model;
    cv::RunOptions run;
};

Settings settings_of(const course::Args& args) {
    const bool full = args.on("full");
    auto unless_full = [&](const std::string& flag, auto value, auto full_value) {
        return full && !args.given(flag) ? static_cast<decltype(value)>(full_value) : value;
    };
    const std::string& augment = args.text("augment");
    return {.train = static_cast<std::size_t>(args.quick() ? 500 : unless_full("train", args.integer("train"), 50000)),
            .validation = args.quick() ? std::size_t{200} : full ? std::size_t{10000} : std::size_t{1000},
            .test = args.quick() ? std::size_t{500} : full ? std::size_t{10000} : std::size_t{1000},
            .width = static_cast<std::size_t>(unless_full("width", args.integer("width"), 32)),
            .dropout = unless_full("dropout", args.real("dropout"), 0.25),
            .augment = augment,
            .model = unless_full("model", args.text("model"), std::string("all")),
            .run = {.epochs = static_cast<std::size_t>(args.quick() ? 1 : unless_full("epochs", args.integer("epochs"), 10)),
                    .batch_size = static_cast<std::size_t>(args.integer("batch-size")),
                    .lr = args.real("lr"),
                    .seed = args.seed(),
                    .augmentation = {.flip = augment != "none", .max_shift = augment == "flip+shift" ? 2 : 0}}};
}

// 4-5. The three networks trained through the one loop, then the test set, touched once; figure 58.
void training_lesson(const Data& data, const Settings& s, cv::Mlp& mlp, cv::Cnn& cnn, cv::Cnn& residual,
                     const std::string& out) {
    const std::size_t epochs = s.run.epochs;
    say("4. %s: %zu training, %zu validation, %zu test images of %zu classes; %zu epoch%s of batch %lld, Adam(lr = %.4g).",
        data.name.c_str(), data.train.size(), data.validation.size(), data.test.size(), data.classes.size(), epochs,
        epochs == 1 ? "" : "s", static_cast<long long>(s.run.batch_size), s.run.lr);
    if (s.dropout > 0.0 || s.run.augmentation.any())
        say("   Regularised: dropout %.4g before the CNNs' dense layer; training images %s.", s.dropout,
            s.augment == "none" ? "as they are" : s.augment == "flip" ? "mirrored at random" : "mirrored at random and moved by up to 2 pixels");
    const std::size_t classes = data.classes.size();
    say("   MLP 784-256-%zu: %zu parameters. CNN conv%zu-pool-conv%zu-pool-dense: %zu. Residual CNN: %zu.", classes,
        784 * 256 + 256 + 256 * classes + classes, s.width, 2 * s.width, cnn.parameter_count(), residual.parameter_count());
    std::vector<cv::TrainingRun> runs;
    std::string tested;
    const auto trains = [&s](const std::string& model) {
        return s.model == "all" || s.model == model || (s.model == "mlp+cnn" && model != "residual");
    };
    if (trains("mlp")) {
        runs.push_back(cv::train_model(mlp, "MLP", data.train, data.validation, s.run));
        tested += "   MLP " + four_digits(mlp.evaluate(data.test).accuracy);
    }
    if (trains("cnn")) {
        runs.push_back(cv::train_model(cnn, "CNN", data.train, data.validation, s.run));
        tested += "   CNN " + four_digits(cnn.evaluate(data.test).accuracy);
    }
    if (trains("residual")) {
        runs.push_back(cv::train_model(residual, "ResCNN", data.train, data.validation, s.run));
        tested += "   residual CNN " + four_digits(residual.evaluate(data.test).accuracy);
    }
    say("5. Test accuracy (%zu images, touched only now):", data.test.size());
    say("  %s", tested.c_str());
    const std::string curves = out + "/58_cnn_training_curves.png";
    cv::draw_training_curves(runs, data.name, curves);
    say("   Wrote %s", curves.c_str());
}

// 6. Inside the trained CNN: its filters, one image's feature maps, and its predictions (figures 56, 57, 59).
void inside_lesson(const Data& data, cv::Cnn& shown_cnn, std::size_t width, const std::string& out) {
    say("6. Inside the CNN: its %zu first-layer filters, and what they make of one test image.", width);
    const std::string filters = out + "/56_conv_filters.png";
    cv::draw_filters(shown_cnn.first_layer(), "The CNN's " + std::to_string(width) + " learnt first-layer 3×3 filters (" + data.name + ")", filters);
    say("   Wrote %s", filters.c_str());
    const std::vector<std::size_t> truth = labels_of(data.test.Y);
    const Matrix first(1, 784, std::vector<double>(data.test.X.row_data(0), data.test.X.row_data(0) + 784));
    const std::string maps = out + "/57_feature_maps.png";
    cv::draw_feature_maps(first.values(), data.classes[truth[0]], shown_cnn.first_feature_maps(first), maps);
    say("   Wrote %s", maps.c_str());
    const std::size_t shown = std::min<std::size_t>(18, data.test.size());
    const Matrix sample(shown, 784, std::vector<double>(data.test.X.data(), data.test.X.data() + shown * 784));
    const std::vector<std::size_t> predicted = course::argmax_per_row(shown_cnn.forward_eval(sample));
    const std::string predictions = out + "/59_cnn_predictions.png";
    cv::draw_predictions(sample, std::vector<std::size_t>(truth.begin(), truth.begin() + static_cast<long>(shown)),
                         predicted, data.classes, predictions);
    say("   Wrote %s", predictions.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const Settings s = settings_of(args);
        convolution_lesson();
        gradient_lesson(args.seed());
        const Data data = load_data(args, s.train, s.validation, s.test);
        im2col_lesson(data, args.seed());

        const std::size_t classes = data.classes.size();
        cv::Mlp mlp(784, 256, classes, args.seed());
        const cv::CnnConfig config{.classes = classes, .channels1 = s.width, .channels2 = 2 * s.width, .dropout = s.dropout};
        cv::Cnn cnn(config, args.seed());
        cv::CnnConfig residual_config = config;
        residual_config.residual = true;
        cv::Cnn residual(residual_config, args.seed());
        training_lesson(data, s, mlp, cnn, residual, args.out());
        inside_lesson(data, s.model == "residual" ? residual : cnn, s.width, args.out());  // untrained when --model mlp
    });
}
