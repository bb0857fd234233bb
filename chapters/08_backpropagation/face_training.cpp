// Chapter 08, given code: the face problem's preprocessing and set-up (see face_training.hpp).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "chapters/08_backpropagation/face_training.hpp"

namespace course::backpropagation {

namespace fd = course::face_dataset;

namespace {

constexpr int kSide = fd::kImageSide;

// The background level: the mean of the image's outermost ring of pixels, which the head never fills.
double border_mean(const double* image) {
    double total = 0.0;
    int count = 0;
    for (int r = 0; r < kSide; ++r)
        for (int c = 0; c < kSide; ++c)
            if (r == 0 || c == 0 || r == kSide - 1 || c == kSide - 1) total += image[r * kSide + c], ++count;
    return total / count;
}

// Bilinear sample at (x, y) in pixel units (pixel (c, r) has its centre at (c, r)), `outside` beyond.
double sample(const double* image, double x, double y, double outside) {
    const int c0 = static_cast<int>(std::floor(x)), r0 = static_cast<int>(std::floor(y));
    const double fx = x - c0, fy = y - r0;
    auto at = [&](int c, int r) { return c < 0 || r < 0 || c >= kSide || r >= kSide ? outside : image[r * kSide + c]; };
    return (1 - fy) * ((1 - fx) * at(c0, r0) + fx * at(c0 + 1, r0)) + fy * ((1 - fx) * at(c0, r0 + 1) + fx * at(c0 + 1, r0 + 1));
}

}  // namespace

// The background is the mean of the outermost ring of pixels, which the head never fills. The weight
// (pixel − background)² is large on the head whether it is lighter or darker than the background.
fd::Point2 face_centre(const Matrix& images, std::size_t row) {
    if (images.cols() != fd::kPixels || row >= images.rows())
        throw std::invalid_argument("face_centre: need row " + std::to_string(row) + " of n×1024 images, got " +
                                    images.shape());
    const double* image = images.row_data(row);
    const double background = border_mean(image);
    double weight = 0.0, sum_x = 0.0, sum_y = 0.0;
    for (int r = 0; r < kSide; ++r)
        for (int c = 0; c < kSide; ++c) {
            const double w = std::pow(image[r * kSide + c] - background, 2);
            weight += w, sum_x += w * c, sum_y += w * r;
        }
    const double middle = (kSide - 1) / 2.0;
    return weight > 0 ? fd::Point2{sum_x / weight, sum_y / weight} : fd::Point2{middle, middle};
}

// Every pixel (c, r) is resampled from (c + dx, r + dy), which moves the face's centre to the middle
// of the picture; pixels shifted in from outside get the background level.
Matrix center_faces(const Matrix& images) {
    if (images.cols() != fd::kPixels)
        throw std::invalid_argument("center_faces: images must be n×1024, got " + images.shape());
    Matrix centred(images.rows(), images.cols());
    const double middle = (kSide - 1) / 2.0;
    for (std::size_t i = 0; i < images.rows(); ++i) {
        const double* image = images.row_data(i);
        const double background = border_mean(image);
        const fd::Point2 centre = face_centre(images, i);
        const double dx = centre.x - middle, dy = centre.y - middle;
        double* out = centred.row_data(i);
        for (int r = 0; r < kSide; ++r)
            for (int c = 0; c < kSide; ++c) out[r * kSide + c] = sample(image, c + dx, r + dy, background);
    }
    return centred;
}

// x ← (x − mean(x)) / std(x) per image: brightness b and contrast a, x = a·x₀ + b, cancel exactly.
Matrix standardize_images(Matrix images) {
    Matrix out = std::move(images);
    const double pixels = static_cast<double>(out.cols());
    for (std::size_t i = 0; i < out.rows(); ++i) {
        double* row = out.row_data(i);
        double mean = 0.0, variance = 0.0;
        for (std::size_t j = 0; j < out.cols(); ++j) mean += row[j] / pixels;
        for (std::size_t j = 0; j < out.cols(); ++j) variance += (row[j] - mean) * (row[j] - mean) / pixels;
        const double stddev = std::max(std::sqrt(variance), 1e-8);
        for (std::size_t j = 0; j < out.cols(); ++j) row[j] = (row[j] - mean) / stddev;
    }
    return out;
}

FaceData prepare_face_data(const FaceRecipe& recipe, std::uint64_t seed) {
    FaceData data;
    // make_face_data's split without its normaliser: this one is fitted after the preprocessing below.
    data.raw = fd::split_dataset(fd::generate_faces(recipe.n_faces, seed), 0.15, 0.15, seed + 1);
    auto preprocess = [](const fd::FaceSet& set) { return fd::FaceSet{standardize_images(center_faces(set.images)), set.angles}; };
    const fd::FaceSet train = preprocess(data.raw.train);
    data.normalizer = fd::fit_normalizer(train);
    data.normalizer.input_std.fill(1.0);  // the mean only: see face_training.hpp, step 3
    auto network_ready = [&](const fd::FaceSet& set) {
        return Dataset{fd::normalize_inputs(data.normalizer, set.images), fd::normalize_targets(data.normalizer, set.angles)};
    };
    data.train = network_ready(train);
    data.validation = network_ready(preprocess(data.raw.validation));
    data.test = network_ready(preprocess(data.raw.test));
    return data;
}

Network make_face_network(const FaceRecipe& recipe, std::uint64_t seed) {
    Rng rng(seed + 2);
    Network network = neural_network::make_network(neural_network::kFaceNetworkSizes, rng);
    network.layers.front().W *= recipe.first_layer_scale;
    return network;
}

TrainOptions training_options(const FaceRecipe& recipe, std::uint64_t seed) {
    TrainOptions options = recipe.training;
    options.seed = seed + 3;
    return options;
}

Matrix predict_degrees(const Network& network, const FaceData& data, const Matrix& inputs) {
    ForwardCache cache;
    return fd::denormalize_targets(data.normalizer, forward_into(network, inputs, cache));
}

FaceRun run_face_experiment(const FaceRecipe& recipe, std::uint64_t seed, const StepCallback& on_step) {
    FaceRun run{prepare_face_data(recipe, seed), make_face_network(recipe, seed), {}, {}};
    run.trained = run.untrained;
    run.history = train(run.trained, run.data.train, run.data.validation, training_options(recipe, seed), on_step);
    return run;
}

std::vector<Flag> face_recipe_flags() {
    return {Flag::real("lr", 0.1, "learning rate of mini-batch gradient descent", 1e-6, 100.0),
            Flag::integer("iterations", 1000, "mini-batch steps (the seed's budget: 1000)", 1, 10000000),
            Flag::integer("batch-size", 32, "examples per mini-batch", 1, 4096),
            Flag::integer("faces", 6000, "faces generated, before the train/validation/test split", 200, 1000000)};
}

FaceRecipe recipe_from_flags(const Args& args) {
    FaceRecipe recipe;
    recipe.n_faces = args.quick() ? 1500 : static_cast<std::size_t>(args.integer("faces"));
    recipe.training.lr = args.real("lr");
    // An unset --iterations is the recipe's 1000 (a program may show another default, as chapter 11's does).
    if (args.quick())
        recipe.training.iterations = 200;
    else if (args.given("iterations"))
        recipe.training.iterations = static_cast<std::size_t>(args.integer("iterations"));
    recipe.training.batch_size = static_cast<std::size_t>(args.integer("batch-size"));
    // About 20 points on the validation curve: the whole validation set is several batches' work.
    recipe.training.eval_every = std::max<std::size_t>(1, recipe.training.iterations / 20);
    return recipe;
}

}  // namespace course::backpropagation
