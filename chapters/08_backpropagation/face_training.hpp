// Chapter 08, given code: the face problem end to end — data, preprocessing, network, training — so
// that chapter 08 (which trains) and chapter 09 (which evaluates) run exactly the same experiment.
//
// The recipe that takes the seed's setup (1000 steps of plain mini-batch gradient descent, batch 32,
// the 1024-32-16-8-2 tanh network) from about 20° to under 10° mean absolute error changes no part of
// the algorithm; it changes what the network is given (README, section 6):
//   1. centring: each face is moved so that its "ink" (distance from the background level, squared)
//      has its centre of mass at the image centre, as the MNIST digits were centred. A head shifted by
//      2.5 px moves every pixel feature; a pixel network has no way to share what it learnt at one
//      position with another, so it would have to learn each position anew.
//   2. per-image standardisation: each image minus its own mean, divided by its own std, which undoes
//      the brightness and contrast jitter exactly (they are an affine map of the pixel values).
//   3. the training set's per-pixel mean subtracted (chapter 05's Normalizer), but no per-pixel
//      division: a corner pixel that barely varies would be blown up to unit variance, noise and all.
//   4. the first layer's Glorot weights halved. Var(w) = 2/(fan_in + fan_out) is a compromise between
//      the forward and the backward pass; with 1024 inputs and 32 outputs it starts z¹ at a std of
//      about √(1024·2/1056) ≈ 1.4, in tanh's bend. Halved, the first layer starts in tanh's near-linear
//      range (the program prints the spreads); measured over seeds, that is worth most of a degree.
#pragma once

#include <cstddef>
#include <cstdint>

#include <vector>

#include "chapters/05_face_dataset/face_dataset.hpp"
#include "chapters/08_backpropagation/backpropagation.hpp"
#include "common/cli.hpp"

namespace course::backpropagation {

struct FaceRecipe {
    std::size_t n_faces = 6000;      // before chapter 05's split: 70% train, 15% validation, 15% test
    double first_layer_scale = 0.5;  // × Glorot's standard deviation for W¹ (see 4. above)
    TrainOptions training{.eval_every = 50};  // lr 0.1, batch 32, 1000 steps: the seed's budget
};

struct FaceData {
    face_dataset::Split raw;              // images and angles in degrees, as generated
    face_dataset::Normalizer normalizer;  // fitted on the preprocessed training images
    Dataset train, validation, test;      // what the network sees: preprocessed inputs, targets in [−1, 1]
};

// Where the head is in image `row` of `images`: the centre of mass of (pixel − background)², in image
// coordinates (x = column, y = row, growing down; pixel (c, r) has its centre at (c, r)).
face_dataset::Point2 face_centre(const Matrix& images, std::size_t row);
// Steps 1 and 2 above for every row of `images` (n×1024).
Matrix center_faces(const Matrix& images);
Matrix standardize_images(Matrix images);  // by value: a temporary is standardised in place
// One experiment's seed drives independent streams, as in chapters 05 and 07: the faces come from
// `seed` and their split from seed + 1 (chapter 05's make_face_data), the initial weights from
// seed + 2 (chapter 07's untrained network, before step 4), the mini-batch shuffling from seed + 3.
// So the test faces are chapter 07's test faces.
//
// Steps 1-3: chapter 05's faces and split, preprocessed, the normaliser fitted on the training part.
FaceData prepare_face_data(const FaceRecipe& recipe, std::uint64_t seed);
// Chapter 06's network for the faces, with step 4 applied.
Network make_face_network(const FaceRecipe& recipe, std::uint64_t seed);
// recipe.training with the shuffling seed of this experiment.
TrainOptions training_options(const FaceRecipe& recipe, std::uint64_t seed);
// The network's answers in degrees (n×2: yaw, pitch) for inputs prepared like FaceData's.
Matrix predict_degrees(const Network& network, const FaceData& data, const Matrix& inputs);

// The whole experiment in one call, as chapter 09 runs it: the same seed gives chapter 08's network.
struct FaceRun {
    FaceData data;
    Network untrained, trained;
    TrainHistory history;
};
FaceRun run_face_experiment(const FaceRecipe& recipe, std::uint64_t seed, const StepCallback& on_step = {});

// The command-line flags of a face experiment (--lr, --iterations, --batch-size, --faces), shared by the
// chapters that train, and the recipe they select (--quick: 1500 faces, 200 steps).
std::vector<Flag> face_recipe_flags();
FaceRecipe recipe_from_flags(const Args& args);

}  // namespace course::backpropagation
