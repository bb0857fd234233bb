// Counts heap allocations inside training steps: once a step has run, the next ones must allocate
// nothing. This file replaces the global operator new, which is why it is a program of its own
// (build/<cfg>/tests/perf_test, run by `make check`) rather than part of a chapter's tests.
//
// The hand-written step (chapter 08) writes into buffers it owns, so it must allocate nothing; so must
// the course's one training loop, fit(), with every hook in use (chapters 10 and 11 train through it). The
// autodiff step rebuilds its graph every step, as PyTorch's eager mode does: each operation makes a
// node and its value, and backward() makes the gradients. That costs a fixed number of allocations per
// step, checked here so that it cannot grow unnoticed; docs/PERFORMANCE.md says what it costs in time.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#include "chapters/08_backpropagation/autodiff_step.hpp"
#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/10_optimizers/comparisons.hpp"
#include "chapters/11_learning_rate_schedules/scheduled_training.hpp"
#include "chapters/13_regularization/lecture.hpp"
#include "chapters/18_convolutional_networks/cnn.hpp"
#include "chapters/18_convolutional_networks/shapes.hpp"
#include "chapters/18_convolutional_networks/training.hpp"
#include "chapters/19_recurrent_networks/lecture.hpp"
#include "chapters/19_recurrent_networks/recurrent_networks.hpp"
#include "common/autodiff.hpp"

namespace {

std::atomic<std::size_t> allocations{0};

void* allocate(std::size_t size) {
    allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}

}  // namespace

// Every allocating form funnels into allocate(); the aligned forms are not used by the course's types.
void* operator new(std::size_t size) { return allocate(size); }
void* operator new[](std::size_t size) { return allocate(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace bp = course::backpropagation;
namespace nn = course::neural_network;
using course::Matrix;
using course::Var;

namespace {

// A small stand-in for the face data: the network and batch of the seed's run, random inputs.
bp::Dataset random_dataset(std::size_t n, course::Rng& rng) {
    bp::Dataset data{Matrix(n, 1024), Matrix(n, 2)};
    for (std::size_t i = 0; i < data.X.size(); ++i) data.X.data()[i] = rng.uniform(-1.0, 1.0);
    for (std::size_t i = 0; i < data.Y.size(); ++i) data.Y.data()[i] = rng.uniform(-1.0, 1.0);
    return data;
}

}  // namespace

TEST(Allocations, CountingSeesAnAllocation) {
    const std::size_t before = allocations.load();
    std::vector<double> v(10);
    EXPECT_GT(allocations.load(), before) << "the replaced operator new must count, or the tests below prove nothing";
}

TEST(Allocations, HandWrittenTrainingStepAllocatesNothing) {
    course::Rng rng(1);
    const bp::Dataset data = random_dataset(100, rng);  // 100 rows: the last batch of an epoch is short (4)
    nn::Network network = nn::make_network(nn::kFaceNetworkSizes, rng);
    bp::Workspace workspace = bp::make_workspace(network, 32);
    bp::BatchSampler sampler = bp::make_sampler(data.size(), 32, 2);
    auto step = [&] {
        bp::next_batch(sampler, data.X, data.Y, workspace.X_batch, workspace.Y_batch);
        return bp::training_step(network, workspace, 0.01);
    };
    step();  // the first step may give the buffers their shapes
    const std::size_t before = allocations.load();
    for (int i = 0; i < 8; ++i) step();  // two epochs, through short batches and back
    EXPECT_EQ(allocations.load() - before, 0u) << "allocations in 8 steps of next_batch + training_step";
}

TEST(Allocations, TrainingLoopAllocatesNothingAfterItsFirstStep) {
    course::Rng rng(2);
    const bp::Dataset train_set = random_dataset(96, rng), validation_set = random_dataset(40, rng);
    nn::Network network = nn::make_network(nn::kFaceNetworkSizes, rng);
    std::size_t at_step_two = 0, at_last_step = 0;
    bp::train(network, train_set, validation_set, {.lr = 0.01, .iterations = 12, .eval_every = 3},
              [&](std::size_t iteration, double) {
                  if (iteration == 2) at_step_two = allocations.load();
                  if (iteration == 12) at_last_step = allocations.load();
              });
    EXPECT_EQ(at_last_step - at_step_two, 0u)
        << "allocations in train() between step 2 and step 12 (sampling, steps, validation, history)";
}

TEST(Allocations, FitWithEveryHookAllocatesNothingAfterItsFirstStep) {
    course::Rng rng(5);
    const bp::Dataset train_set = random_dataset(96, rng), validation_set = random_dataset(40, rng);
    nn::Network network = nn::make_network(nn::kFaceNetworkSizes, rng);
    course::optimizers::Optimizer adam(course::optimizers::AdamOptions{});
    std::size_t at_step_two = 0, at_last_step = 0;
    const bp::TrainOptions options{.iterations = 12, .eval_every = 3};
    bp::Workspace workspace = bp::make_workspace(network, options.batch_size);
    bp::Trainable model = bp::face_model(network, workspace);
    const bp::TrainHooks hooks{
        .learning_rate = [](std::size_t step) { return step == 1 ? 1e-4 : 1e-3; },
        .regularizer =
            [&net = network, &grads = workspace.grads] {  // ½·10⁻⁴·Σ W², chapter 13's L2
                double penalty = 0.0;
                for (std::size_t l = 0; l < net.layers.size(); ++l) {
                    grads.dW[l].add_scaled(net.layers[l].W, 1e-4);
                    for (const double w : net.layers[l].W.values()) penalty += 0.5e-4 * w * w;
                }
                return penalty;
            },
        .update = course::optimizers::optimizer_update(adam, course::optimizers::network_parameters(network, workspace.grads)),
        .on_check = [](std::size_t, double) { return bp::AfterCheck::keep_training; },
        .on_step =
            [&](std::size_t iteration, double) {
                if (iteration == 2) at_step_two = allocations.load();
                if (iteration == 12) at_last_step = allocations.load();
            }};
    bp::fit(model, train_set, validation_set, options, hooks);
    EXPECT_EQ(at_last_step - at_step_two, 0u)
        << "allocations in fit() with every hook set (Adam's update, a rate, L2, a check) between step 2 and 12";
}

TEST(Allocations, ScheduledTrainingAllocatesNothingAfterItsFirstCheck) {
    namespace lrs = course::learning_rate_schedules;
    course::Rng rng(6);
    const bp::Dataset train_set = random_dataset(96, rng), validation_set = random_dataset(40, rng);
    nn::Network network = nn::make_network(nn::kFaceNetworkSizes, rng);
    const lrs::TrainingPlan plan{.optimizer = course::optimizers::SgdOptions{.lr = 0.01, .momentum = 0.9},
                                 .schedule = {lrs::ConstantSchedule{}, {.steps = 2}},
                                 .plateau = lrs::PlateauOptions{.patience = 100},
                                 .early_stopping = lrs::EarlyStoppingOptions{.patience = 100}};
    std::size_t at_step_four = 0, at_last_step = 0;
    lrs::train_scheduled(network, train_set, validation_set, {.iterations = 12, .eval_every = 3}, plan,
                         [&](std::size_t iteration, double) {
                             if (iteration == 4) at_step_four = allocations.load();  // after the first snapshot
                             if (iteration == 12) at_last_step = allocations.load();
                         });
    EXPECT_EQ(at_last_step - at_step_four, 0u)
        << "allocations in chapter 11's train_scheduled (warm-up, plateau, early stopping's snapshots) "
           "between step 4 and 12";
}

TEST(Allocations, AutodiffStepAllocatesAFixedNumberOfTimes) {
    course::Rng rng(3);
    const bp::Dataset data = random_dataset(64, rng);
    const nn::Network network = nn::make_network(nn::kFaceNetworkSizes, rng);
    std::vector<Var> W, b;
    for (const nn::Dense& layer : network.layers) W.push_back(course::parameter(layer.W)), b.push_back(course::parameter(layer.b));
    bp::BatchSampler sampler = bp::make_sampler(data.size(), 32, 4);
    Var X = course::constant(Matrix()), Y = course::constant(Matrix());
    std::vector<std::size_t> per_step;
    for (int i = 0; i < 4; ++i) {
        bp::next_batch(sampler, data.X, data.Y, X.value(), Y.value());
        const std::size_t before = allocations.load();
        bp::autodiff_training_step(W, b, X, Y, 0.01);
        per_step.push_back(allocations.load() - before);
    }
    EXPECT_EQ(per_step[2], per_step[1]) << "every step after the first allocates the same";
    // 42 when this was written: per operation a node (one allocation with make_shared), its parents'
    // list and its value; per backward() the visiting order, its stack, and each intermediate node's
    // gradient. (85 before backward() marked visited nodes in place of a hash set and the layers
    // became one linear() node each instead of add_row(matmul()).)
    EXPECT_LE(per_step[3], 42u) << "allocations of one autodiff step of the 4-layer network (docs/PERFORMANCE.md)";
}

TEST(Allocations, CnnTrainingStepAllocatesNothingAfterItsFirst) {
    namespace cv = course::convolutional;
    // Chapter 18's residual CNN with dropout, fed augmented batches, stepped by Adam at a changing rate:
    // every buffer is shaped on the first batch (and the first evaluation) and reused.
    const cv::Dataset data = cv::make_shapes(40, 8);
    cv::Cnn model({.classes = cv::kShapeNames.size(), .residual = true, .dropout = 0.25}, 9);
    course::optimizers::Optimizer adam(course::optimizers::AdamOptions{});
    course::Rng rng(10);
    Matrix X, Y;
    std::size_t step_number = 0;
    auto step = [&](std::size_t rows) {
        course::copy_rows(data.X, 0, rows, X);
        course::copy_rows(data.Y, 0, rows, Y);
        cv::augment_images(X, 28, {.flip = true, .max_shift = 2}, rng);
        model.loss_and_gradients(X, Y);
        adam.set_lr(1e-3 / static_cast<double>(++step_number));
        adam.step(model.parameters());
    };
    step(16);
    model.evaluate(data);
    const std::size_t before = allocations.load();
    for (const std::size_t rows : {16, 8, 16, 16}) step(rows);  // a short last batch of an epoch, and back
    model.evaluate(data);
    EXPECT_EQ(allocations.load() - before, 0u)
        << "allocations in 4 steps of chapter 18's CNN (augmentation, dropout, residual block, Adam) and an evaluation";
}

TEST(Allocations, RecurrentTrainingStepsAllocateNothingAfterTheFirst) {
    namespace rn = course::recurrent;
    // Chapter 19: an LSTM on the adding problem with gradient clipping (Adam), and an RNN reading token ids
    // through an embedding (RMSprop), each through a short batch and back, then an evaluation.
    course::Rng rng(11);
    const rn::AddingData adding = rn::make_adding_problem(32, 12, rng);
    const rn::TokenData tokens = rn::make_sentiment(32, 12, rng);
    struct Case { rn::ModelConfig config; const Matrix* X; const Matrix* Y; course::optimizers::AnyOptions optimizer; };
    const Case cases[] = {
        {{.cell = rn::CellKind::lstm, .steps = 12, .features = 2, .hidden = 8, .clip = 1.0}, &adding.X, &adding.Y,
         course::optimizers::AdamOptions{}},
        {{.cell = rn::CellKind::rnn, .steps = 12, .vocab = rn::kVocabulary, .embedding = 4, .hidden = 8,
          .task = rn::Task::classification},
         &tokens.X, &tokens.Y, course::optimizers::RmspropOptions{}}};
    for (const Case& c : cases) {
        rn::SequenceModel model(c.config, rng);
        course::optimizers::Optimizer optimizer(c.optimizer);
        Matrix X, Y;
        auto step = [&](std::size_t rows) {
            course::copy_rows(*c.X, 0, rows, X);
            course::copy_rows(*c.Y, 0, rows, Y);
            model.loss_and_gradients(X, Y);
            optimizer.step(model.parameters());
        };
        step(16);
        model.evaluate(*c.X, *c.Y);
        const std::size_t before = allocations.load();
        for (const std::size_t rows : {16, 8, 16}) step(rows);
        model.evaluate(*c.X, *c.Y);
        EXPECT_EQ(allocations.load() - before, 0u)
            << "allocations in 3 steps and an evaluation of chapter 19's "
            << (c.config.cell == rn::CellKind::lstm ? "LSTM (clipped, Adam)" : "RNN with an embedding (RMSprop)");
    }
}

TEST(Allocations, RegularisedFaceNetworkAllocatesNothingAfterItsFirstStep) {
    namespace rg = course::regularization;
    // Chapter 13's face network with batch norm and dropout on the pixels and the hidden layers, fed
    // augmented batches (flip, shift, noise) through fit()'s on_batch hook, stepped by Adam.
    course::Rng rng(12);
    const bp::Dataset train_set = random_dataset(96, rng), validation_set = random_dataset(40, rng);
    rg::FaceNet net(nn::make_network(nn::kFaceNetworkSizes, rng),
                    {.input_dropout = 0.1, .hidden_dropout = 0.2, .batch_norm = true, .seed = 3});
    rg::FaceAugmenter augment(Matrix(1, 1024, 0.0), rg::FaceAugmentation{}, 4);
    course::optimizers::Optimizer adam(course::optimizers::AdamOptions{});
    std::size_t at_step_two = 0, at_last_step = 0;
    bp::TrainHooks hooks;
    hooks.on_batch = [&augment](Matrix& X, Matrix& Y) { augment(X, Y); };
    hooks.update = course::optimizers::optimizer_update(adam, net.parameters());
    hooks.on_step = [&](std::size_t iteration, double) {
        if (iteration == 2) at_step_two = allocations.load();
        if (iteration == 12) at_last_step = allocations.load();
    };
    bp::Trainable trainable = net.trainable();
    bp::fit(trainable, train_set, validation_set, {.lr = 1e-3, .batch_size = 32, .iterations = 12, .eval_every = 3}, hooks);
    ASSERT_TRUE(at_step_two > 0 && at_last_step > 0) << "fit() must have reached steps 2 and 12";
    EXPECT_EQ(at_last_step - at_step_two, 0u)
        << "allocations in fit() of chapter 13's FaceNet (batch norm, dropout, augmentation, Adam) between step 2 and 12";
}
