// Chapter 12, given code: what the lecture runs — descents on the six-hump camel and on a saddle
// (landscapes.cpp), the ring-classification task and its training loop (training.cpp) — and what it
// draws (figures_landscapes.cpp, figures_networks.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/08_backpropagation/trainer.hpp"
#include "chapters/12_training_challenges/training_challenges.hpp"
#include "common/cli.hpp"

namespace course::training_challenges {

// ---- the six-hump camel (README, section 1) ----------------------------------------------------------
// Its six local minima to ten digits (Newton's method from the published four-digit values), two
// global ones first: f = −1.0316, −1.0316, −0.2155, −0.2155, 2.1043, 2.1043.
inline const std::array<Vec2, 6> kCamelMinima{{{0.0898420131, -0.7126564030},
                                               {-0.0898420131, 0.7126564030},
                                               {-1.7036067150, 0.7960835687},
                                               {1.7036067150, -0.7960835687},
                                               {1.6071047529, 0.5686514549},
                                               {-1.6071047529, -0.5686514549}}};
// The index of the minimum nearest to p.
std::size_t nearest_camel_minimum(Vec2 p);

// Gradient descent on the camel, plain, with heavy-ball momentum (PyTorch's SGD form, b ← βb + g,
// θ ← θ − ηb), or with Gaussian noise of σ added to every gradient component (noisy SGD) during the
// first noise_steps steps only, and plain steps after: a crude annealing that lets the run settle.
struct DescentOptions {
    double lr = 0.01;
    double momentum = 0.0;
    double noise = 0.0;
    std::size_t noise_steps = 0;
    std::size_t steps = 1500;
    std::uint64_t seed = 42;
};
struct Path {
    std::vector<double> x, y;  // the start, then one point per step
};
Path descend_camel(Vec2 start, const DescentOptions& options);
// The basin map: which minimum plain gradient descent reaches from each start of an nx × ny grid over
// [x0, x1] × [y0, y1], row by row (index j·nx + i), as a double for a heatmap.
struct BasinMap {
    int nx = 0, ny = 0;
    double x0 = -2.0, x1 = 2.0, y0 = -1.1, y1 = 1.1;
    std::vector<double> basin;
};
BasinMap camel_basins(int nx, int ny, const DescentOptions& options);

// ---- a strict saddle (README, section 2) --------------------------------------------------------------
// f(x, y) = x² + y⁴/4 − y²/2: a saddle at the origin with H = diag(2, −1), minima at (0, ±1).
double saddle(Vec2 p);
Vec2 saddle_gradient(Vec2 p);
struct SaddleRun {
    Path path;
    std::vector<double> distance;  // |y_k|, the distance from the stable manifold y = 0
    std::int64_t escaped_at = -1;  // the first k with |y_k| ≥ radius; −1 if never
};
SaddleRun descend_saddle(Vec2 start, double lr, double noise, std::size_t steps, double radius, std::uint64_t seed);

// ---- the ring task and its training loop (README, sections 3-8) -----------------------------------------
// Points in the plane, uniform in a disc of radius 3; the class is the ring: r < 1, r < 2, else.
using Dataset = backpropagation::Dataset;  // X: n×2 inputs, Y: n×3 one-hot classes
struct RingsData {
    Dataset train, val;
    std::size_t classes = 3;
};
RingsData make_rings(std::size_t n_train, std::size_t n_val, std::uint64_t seed);
double accuracy(const DeepNet& net, const Dataset& data);

struct TrainConfig {
    double lr = 0.1;
    std::size_t steps = 600;
    std::size_t batch_size = 32;
    std::size_t eval_every = 20;
    double clip_norm = 0.0;      // > 0: clip_grad_norm (exercise 12.6) before every step
    bool shuffle_labels = false;  // a deliberate bug: every batch's labels belong to other inputs
};
struct TrainRun {
    History history;                 // full-set losses at step 0, eval_every, 2·eval_every, …
    std::vector<double> checks;      // the step of each entry
    std::vector<double> grad_norms;  // clip_grad_norm's total norm at each step (0 without clipping)
    bool diverged = false;           // a non-finite loss ended the run
};
// Mini-batch SGD on softmax cross-entropy with deep_backward (exercise 12.4), θ ← θ − η·dθ, through
// chapter 08's fit() and its sampler (seed). A check records the full training and validation losses;
// a non-finite one ends the run (diverged).
TrainRun train_classifier(DeepNet& net, const RingsData& data, const TrainConfig& config, std::uint64_t seed);
// One plain SGD step on every W and b.
void sgd_step(DeepNet& net, const Gradients& grads, double lr);
// Every layer's W, in order (for update_to_weight_ratios).
std::vector<Matrix> weights_of(const DeepNet& net);

// ---- the lecture's deep-network steps (lessons.cpp): 3-5 gradients by layer and residual nets, 6-7
// initialization and which runs learn, 8-9 clipping and debugging a run; 10 (width_depth.cpp) wider or deeper.
void gradient_lesson(const Args& args, const RingsData& data);
void initialization_lesson(const Args& args, const RingsData& data);
void debugging_lesson(const Args& args, const RingsData& data);

// ---- 10: wider or deeper at an equal parameter count (width_depth.cpp, figure 66) ------------------------
// The parameters of the MLP sizes[0] → sizes[1] → … → sizes.back(): Σ (inₗ·outₗ + outₗ).
std::size_t mlp_parameter_count(const std::vector<std::size_t>& sizes);
// {inputs, width × hidden_layers, outputs}.
std::vector<std::size_t> mlp_sizes(std::size_t inputs, std::size_t hidden_layers, std::size_t width,
                                   std::size_t outputs);
// The width w ≥ 1 whose MLP inputs → w × hidden_layers → outputs has the parameter count nearest to
// `budget` (the narrower of two equally near). Throws std::invalid_argument for hidden_layers = 0.
std::size_t width_for_budget(std::size_t inputs, std::size_t hidden_layers, std::size_t outputs, std::size_t budget);
// Step 10 of the lecture: 1, 2, 4 and 8 hidden layers at one parameter count, trained alike; figure 66.
void width_depth_lesson(const Args& args, const RingsData& data);

// ---- figures ---------------------------------------------------------------------------------------------
struct NamedPath {
    std::string label;
    Path path;
};
// 18: left, the basin map with the six minima; right, GD, momentum and noisy SGD from one start.
void draw_local_minima_figure(const BasinMap& basins, const std::vector<NamedPath>& paths, const std::string& path);
// 19: left, |y_k| against k on a log axis, measured and predicted; right, paths on the saddle's contours.
struct EscapeCurve {
    std::string label;
    std::vector<double> measured, predicted;
};
void draw_saddle_figure(const std::vector<EscapeCurve>& curves, const std::vector<NamedPath>& paths,
                        const std::string& path);
// 20: ‖dWˡ‖ against the layer, one panel per study, one line per network.
struct NormCurve {
    std::string label;
    std::vector<double> norms;
};
struct NormPanel {
    std::string title;
    std::vector<NormCurve> curves;
};
void draw_gradient_norms_figure(const std::vector<NormPanel>& panels, const std::string& path);
// 21: histograms of the activations, a row per initialization, a column per layer shown.
struct HistogramRow {
    std::string label;
    std::vector<std::vector<double>> layers;  // the activations of each layer shown
};
void draw_activation_figure(const std::vector<HistogramRow>& rows, const std::vector<std::size_t>& layer_numbers,
                            const std::string& path);
// 22 and 23: training curves, one panel per group; 23 gives each run its own panel and two curves.
struct CurveSet {
    std::string label;
    TrainRun run;
};
void draw_training_figure(const std::vector<CurveSet>& left, const std::string& left_title,
                          const std::vector<CurveSet>& right, const std::string& right_title, const std::string& path);
void draw_diagnosis_figure(const std::vector<CurveSet>& runs, const std::vector<std::string>& verdicts,
                           const std::string& path);

}  // namespace course::training_challenges
