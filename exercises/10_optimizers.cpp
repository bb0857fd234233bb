// Chapter 10 — the optimizers. Your exercises: replace each `throw NotImplemented(...)` with your code,
// then run `make test CH=10`. Stuck? `make hint EX=10.1` (then LEVEL=2, LEVEL=3). The README derives
// every rule; torch.optim's documentation ("Algorithm" box of each optimizer) is the definition.
//
// What a step works on. A ParameterList is a list of (θ, dθ) matrix pairs of any shapes; every Matrix is
// a flat array of size() doubles, so params[p].value->data()[i] is one θ and params[p].grad->data()[i]
// its g. The state struct (optimizers.hpp) holds the step count and one buffer per parameter, shaped
// like it: prepare_buffers(state.<buffer>, params, "who", fill) makes them on the first call (and says
// so by returning true), checks their shapes afterwards. A step is one call for the whole list, however
// many parameters it holds.
//
// Weight decay (λ = options.weight_decay) in every optimizer except AdamW is the L2 form: the gradient
// an optimizer uses is g + λθ (README section 1).
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/10_optimizers/optimizers.hpp"
#include "common/errors.hpp"

namespace course::optimizers {

// Exercise 10.1 — SGD with momentum and Nesterov: torch.optim.SGD (README section 3, "Momentum").
// sgd_step: one step of SGD for every entry of every parameter, with options.momentum (β),
// options.dampening (τ), options.weight_decay (λ, L2) and options.nesterov.
//   - β = 0: plain gradient descent; no momentum buffer is made and dampening plays no part.
//   - β ≠ 0: one momentum buffer per parameter in state.momentum_buffer. PyTorch's buffer starts as the
//     first gradient itself, undamped; τ applies from the second step on.
//   - nesterov: the step direction is nesterov_direction(g, b, β), b the buffer already updated with g.
//   - state.step counts calls (steps), not parameters. A value/gradient shape mismatch throws
//     course::ShapeError, also without momentum (check_parameters).
void sgd_step(const ParameterList& params, SgdState& state, const SgdOptions& options) {
    throw NotImplemented("10.1");
}

// nesterov_direction: PyTorch's form of Nesterov's look-ahead (README, "Nesterov's look-ahead, two ways
// of writing it"): the direction to step along, from the gradient g, the updated buffer b and β.
double nesterov_direction(double grad, double buffer, double momentum) {
    throw NotImplemented("10.1");
}

// Exercise 10.2 — the heavy ball on a quadratic (README section 3, "The theory of momentum").
// heavy_ball_rate: the factor by which the heavy ball (lr α, momentum β, no dampening) shrinks the error
// per step along a direction of curvature λ: the largest modulus of the two roots of its characteristic
// polynomial. Must be right in every regime: complex roots, two real roots of either sign, and > 1 when
// the iteration diverges. β = 0 is plain gradient descent.
double heavy_ball_rate(double lr, double momentum, double curvature) {
    throw NotImplemented("10.2");
}

// optimal_heavy_ball: for curvatures between μ = lambda_min and L = lambda_max (κ = L/μ), Polyak's
// tuned learning rate and momentum, and the rate they achieve, (√κ − 1)/(√κ + 1). Throws
// std::invalid_argument unless 0 < lambda_min ≤ lambda_max and lambda_max is finite.
HeavyBallTuning optimal_heavy_ball(double lambda_min, double lambda_max) {
    throw NotImplemented("10.2");
}

// Exercise 10.3 — Adagrad: torch.optim.Adagrad (README section 4). A per-entry learning rate from the
// sum of all past squared gradients; state.sum starts at options.initial_accumulator_value; the
// learning rate decays with options.lr_decay counted from step 1; eps as torch.optim places it.
void adagrad_step(const ParameterList& params, AdagradState& state, const AdagradOptions& options) {
    throw NotImplemented("10.3");
}

// Exercise 10.4 — RMSprop: torch.optim.RMSprop (README section 4). A moving average of g² with decay
// options.alpha; options.centered divides by an estimate of the standard deviation of g instead of its
// root mean square; options.momentum > 0 adds a buffer over the normalised gradient. Buffers only for
// what the options use (no momentum buffer when momentum = 0, no gradient average unless centred). No
// bias correction; eps is added after the square root.
void rmsprop_step(const ParameterList& params, RmspropState& state, const RmspropOptions& options) {
    throw NotImplemented("10.4");
}

// Exercise 10.5 — the bias correction of a moving average started at 0 (README section 5, "Why the bias
// correction is needed").
// bias_correction: after `step` (t ≥ 1) updates m ← βm + (1 − β)x from m = 0, the total weight that m
// puts on the x's seen so far.
double bias_correction(double beta, std::int64_t step) {
    throw NotImplemented("10.5");
}

// debiased_moving_average: the exponential moving average of `values` with decay β, started at 0, each
// entry divided by its bias correction: out[k] is the corrected average after values[0..k]. So the
// average of a constant series is that constant from the first entry on. Figure 14 "smooths" the noisy
// mini-batch losses with it. Empty in, empty out; throws std::invalid_argument unless 0 ≤ β < 1.
std::vector<double> debiased_moving_average(const std::vector<double>& values, double beta) {
    throw NotImplemented("10.5");
}

// Exercise 10.6 — Adam: torch.optim.Adam (README section 5). First and second moments of g (decays
// options.betas), both bias-corrected with your 10.5, eps added to the corrected root; L2 weight decay;
// options.amsgrad divides by the running maximum of the second moment as torch ≥ 2.0 keeps it (the
// maximum of the raw v, corrected afterwards). The per-step quantities depend on the step, not on the
// parameter.
void adam_step(const ParameterList& params, AdamState& state, const AdamOptions& options) {
    throw NotImplemented("10.6");
}

// Exercise 10.7 — AdamW: torch.optim.AdamW (README section 6). Decoupled weight decay: every θ of every
// parameter shrinks towards 0 by torch's factor (it depends on lr and λ), outside Adam's moments; then
// your adam_step runs with the same lr, betas, eps and amsgrad and no weight decay of its own. The trap:
// the order — decay first, then the Adam step from the decayed θ. Shapes are checked before anything
// moves.
void adamw_step(const ParameterList& params, AdamState& state, const AdamWOptions& options) {
    throw NotImplemented("10.7");
}

// Exercise 10.8 — NAdam: torch.optim.NAdam, torch ≥ 2.0 (README section 5, "NAdam"). Adam's two moments
// (no AMSGrad) with Nesterov's look-ahead: the step mixes the gradient and the first moment with
// Dozat's momentum schedule μₜ (options.momentum_decay ψ), each bias-corrected by a product of the μ's.
// state.mu_product holds μ₁·μ₂·…·μₜ after step t, in double, each μ multiplied in exactly once. L2 weight
// decay as in Adam.
void nadam_step(const ParameterList& params, NAdamState& state, const NAdamOptions& options) {
    throw NotImplemented("10.8");
}

}  // namespace course::optimizers
