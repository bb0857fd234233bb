// Chapter 13, given code: the face network with dropout and batch norm as a model that chapter 08's one
// training loop trains (face_net.cpp), the augmentations of the faces (augmentation.cpp), the lecture's
// experiments (experiments.cpp) and its figures (figures.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/06_neural_network/neural_network.hpp"
#include "chapters/08_backpropagation/backpropagation.hpp"
#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/10_optimizers/optimizers.hpp"
#include "chapters/13_regularization/regularization.hpp"
#include "common/cli.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::regularization {

namespace bp = course::backpropagation;

// ---- the face network, regularised (face_net.cpp) ------------------------------------------------------
// Chapter 06's 1024 → 32 → 16 → 8 → 2 network. Each hidden layer computes
//     z = a·W + b  →  [batch norm]  →  tanh  →  [dropout p]  →  the next layer's input a
// and the pixels may be dropped too (input_dropout) before the first layer. The output layer is linear.
// The loss is chapter 08's ℒ = (1/2n) Σᵢ ‖ŷᵢ − yᵢ‖². Training mode (loss_and_gradients) uses batch
// statistics and fresh dropout masks; evaluation (evaluate, predict) the running statistics and no dropout.
struct FaceNetOptions {
    double input_dropout = 0.0;   // p for the 1024 pixels
    double hidden_dropout = 0.0;  // p after each hidden tanh
    bool batch_norm = false;      // batch norm between each hidden layer's z and its tanh
    BatchNormOptions batch_norm_options{};
    std::uint64_t seed = 1;       // of the dropout masks
};

class FaceNet {
public:
    FaceNet(const neural_network::Network& initial, const FaceNetOptions& options);
    // trainable()'s closures point at this object: it stays where it was made.
    FaceNet(const FaceNet&) = delete;
    FaceNet& operator=(const FaceNet&) = delete;

    // Training mode on a batch: ℒ, and every dθ written (not accumulated). Allocates nothing once its
    // buffers have grown to the largest batch.
    double loss_and_gradients(const Matrix& X, const Matrix& Y);
    // Evaluation mode: ℒ on a whole data set, and the outputs (normalised yaw, pitch) for inputs X.
    double evaluate(const bp::Dataset& data);
    const Matrix& predict(const Matrix& X);
    void sgd_step(double lr);  // θ ← θ − η·dθ on every learned tensor

    // Every learned tensor with its gradient: W and b of each layer, γ and β of each batch norm. torch's
    // weight_decay reaches all of them, and so do 13.1 and 13.2 here.
    const TensorList& tensors() const { return tensors_; }
    const optimizers::ParameterList& parameters() const { return parameters_; }
    bp::Trainable trainable();

    const neural_network::Network& network() const { return network_; }
    const std::vector<BatchNorm>& batch_norms() const { return norms_; }
    double weight_norm() const;  // ‖(W¹, …, Wᴸ)‖, the weights only

private:
    struct Buffers {                 // one set for training, one for evaluation
        std::vector<Matrix> input;   // input[l]: what layer l reads (input[0] = the pixels, maybe dropped)
        std::vector<Matrix> z, u, t;  // z = a·W + b, u = BN(z) (or z), t = tanh(u)
        Matrix output, dY;
    };
    const Matrix& forward(const Matrix& X, bool training, Buffers& buffers);

    neural_network::Network network_;
    FaceNetOptions options_;
    Rng rng_;
    std::vector<BatchNorm> norms_;                 // one per hidden layer when options_.batch_norm
    std::vector<BatchNormCache> norm_caches_;
    std::vector<Matrix> masks_;                    // masks_[l]: the dropout mask on input[l]
    std::vector<const Matrix*> layer_input_;       // what each layer read in the last forward pass
    std::vector<Matrix> dW_, db_, dgamma_, dbeta_;
    std::vector<Matrix> d_input_, d_t_, d_u_, d_z_;  // backward scratch
    Buffers train_, eval_;
    TensorList tensors_;
    optimizers::ParameterList parameters_;
};

// ---- augmentation (augmentation.cpp) ---------------------------------------------------------------------
// Each training face of a batch, independently: mirrored with probability ½ (13.8, the yaw negated),
// shifted by whole pixels uniform in [−max_shift, max_shift]² (what comes in is the image's border
// level), and N(0, noise_std²) noise added per pixel. The network sees images minus the training mean,
// so the mean is added back before and taken away after: a flip or shift acts on the face, not on it.
struct FaceAugmentation {
    bool flip = true;
    int max_shift = 1;
    double noise_std = 0.15;  // in the units of the standardised images (each has std 1)
    bool forget_yaw = false;  // a deliberate bug for the lecture: mirror the face but keep its yaw
};
class FaceAugmenter {
public:
    FaceAugmenter(const Matrix& training_mean, const FaceAugmentation& options, std::uint64_t seed);
    void operator()(Matrix& X, Matrix& Y);  // the loop's on_batch hook

private:
    Matrix mean_;
    FaceAugmentation options_;
    Rng rng_;
};

// ---- the lecture's experiments (experiments.cpp) ---------------------------------------------------------
// A small training set that the network overfits, a validation set that picks (early stopping), and a
// test set that reports, all from chapter 08's preprocessing of chapter 05's faces.
struct FaceSplit {
    bp::Dataset train, validation, test;
    Matrix training_mean;      // 1×1024: what the network's inputs have had subtracted
    Matrix test_degrees;       // n×2 test angles in degrees
    double angle_scale[2] = {60.0, 30.0};
};
FaceSplit make_face_split(std::size_t n_train, std::size_t n_faces, std::uint64_t seed);

enum class OptimizerKind { sgd, adam };
struct RunSpec {
    std::string label;
    OptimizerKind optimizer = OptimizerKind::adam;
    double lr = 1e-3;
    double l2 = 0.0;         // λ of the L2 penalty (13.1), through the loop's regularizer hook
    double decoupled = 0.0;  // λ of decoupled decay (13.2), applied in the update hook before the step
    FaceNetOptions net{};
    bool augment = false;
    FaceAugmentation augmentation{};
    bool test_error_every_check = false;  // else the test error of the end only (the summary's)
};
struct Budget {
    std::size_t epochs = 150;
    std::size_t batch_size = 32;
    std::size_t check_every_epochs = 5;
};
struct RunResult {
    std::string label;
    std::vector<double> epochs;                 // of each check (0: before training)
    std::vector<double> train_loss, val_loss;   // evaluation mode, whole sets
    std::vector<double> test_mae;               // mean absolute error over yaw and pitch, degrees: per
                                                // check if the spec asks (early stopping reads it), else
                                                // only at the end
    double weight_norm = 0.0;                   // at the end
    std::size_t best = 0;                       // the check with the least validation loss
    double final_test_mae() const { return test_mae.back(); }
};
RunResult run_face(const RunSpec& spec, const FaceSplit& split, const Budget& budget, std::uint64_t seed);

// ---- the lecture (lessons.cpp): one split, one budget, one seed, and every run made so far ----------------
struct Lab {
    const Args& args;
    FaceSplit split;
    Budget budget;
    double lr = 1e-3, dropout = 0.2;
    double adamw_lambda = 0.0;       // the AdamW λ that the weight-decay sweep chose on validation
    std::vector<RunResult> runs;     // reserved up front, so references to runs stay valid
    std::vector<std::size_t> summary;  // which runs the summary shows

    // Trains spec, prints its line, keeps it (and lists it in the summary when asked).
    const RunResult& run(const RunSpec& spec, bool in_summary = true);
    RunSpec adam(std::string label) const;
};
void batch_norm_lesson(Lab& lab);
void augmentation_lesson(Lab& lab);
void early_stopping_lesson(Lab& lab);
void summary_lesson(Lab& lab);

// ---- figures (figures.cpp) -------------------------------------------------------------------------------
// 24, 25, 26, 27: training (dashed) and validation (solid) loss against the epoch, a panel per group.
struct CurvePanel {
    std::string title;
    std::vector<const RunResult*> runs;
};
void draw_curves_figure(const std::string& title, const std::vector<CurvePanel>& panels, const std::string& path);
// 24: curves for SGD and for Adam, and the final validation loss against λ for L2 and AdamW under Adam.
struct DecaySweep {
    std::vector<double> lambdas, l2_val, adamw_val;
};
void draw_weight_decay_figure(const std::vector<CurvePanel>& panels, const DecaySweep& sweep, const std::string& path);
// 25, right: the mean of dropout(1) over many draws against p, inverted and not.
struct DropoutMeans {
    std::vector<double> p, inverted, plain;
};
void draw_dropout_figure(const std::vector<CurvePanel>& panels, const DropoutMeans& means, const std::string& path);
// 27, left: faces and their augmented versions with the yaw each is labelled with.
struct FaceTile {
    std::vector<double> pixels;  // 32×32, for display in [0, 1]
    std::string caption;
};
void draw_augmentation_figure(const std::vector<FaceTile>& tiles, const CurvePanel& curves, const std::string& path);
// 28: the filters of 13.9 against λ; right, a run's validation loss with the early stop marked.
void draw_early_stopping_figure(double lr, const std::vector<std::int64_t>& steps, const RunResult& run,
                                const std::string& path);
// 29: the test error of every run, a bar each, the baseline's as a line.
void draw_summary_figure(const std::vector<std::string>& labels, const std::vector<double>& test_mae,
                         double baseline, const std::string& path);

}  // namespace course::regularization
