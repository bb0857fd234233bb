// Chapter 10 — the optimizers: SGD with momentum and Nesterov, Adagrad, Adadelta, RMSprop, Adam, AdamW,
// Adamax and NAdam, each exactly as torch.optim computes it (torch ≥ 2.0 code), with its parameter names
// and defaults, so that a run here and a run in PyTorch agree to rounding.
//
// One interface for all of them, whatever the model: a list of parameters, each a value matrix θ that
// the optimizer updates in place and the gradient matrix dθ = ∂ℒ/∂θ (ℒ the loss) that the caller's backward pass
// filled. A step reads the gradients, updates its own state (moving averages, step count) and moves θ:
//
//     ParameterList params{{&W, &dW}, {&b, &db}};           // or parameters_of(vars) for autodiff
//     AdamState state;                                      // empty: buffers appear on the first step
//     for (...) { compute dW, db; adam_step(params, state, {.lr = 1e-3, .amsgrad = true}); }
//
// Hyperparameters are option structs in PyTorch's signature order, so a call reads like PyTorch:
// `sgd_step(params, state, {.lr = 0.1, .momentum = 0.9, .nesterov = true})` is
// `torch.optim.SGD(params, lr=0.1, momentum=0.9, nesterov=True)`. State buffers are allocated on the
// first step (prepare_buffers) and reused after, so a step allocates nothing.
//
// Notation (README): g = ∂ℒ/∂θ for one entry (ℒ the loss), t = the step number from 1, λ = weight_decay.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <variant>
#include <vector>

#include "common/autodiff.hpp"
#include "common/matrix.hpp"

namespace course::optimizers {

// One tensor that training adjusts, and its gradient (same shape). The optimizer owns neither.
struct Parameter {
    Matrix* value = nullptr;       // θ, updated in place
    const Matrix* grad = nullptr;  // dθ = ∂ℒ/∂θ, read only
};
using ParameterList = std::vector<Parameter>;

// ---- hyperparameters: torch.optim's names, order and defaults --------------------------------------
struct SgdOptions {
    double lr = 1e-3;  // torch ≥ 2.2 defaults to 1e-3 (earlier releases made lr a required argument)
    double momentum = 0.0;
    double dampening = 0.0;
    double weight_decay = 0.0;  // L2: g ← g + λθ
    bool nesterov = false;      // needs momentum > 0 and dampening = 0
};
struct AdagradOptions {
    double lr = 0.01;
    double lr_decay = 0.0;  // the step size is lr / (1 + (t − 1)·lr_decay)
    double weight_decay = 0.0;
    double initial_accumulator_value = 0.0;
    double eps = 1e-10;
};
struct AdadeltaOptions {
    double lr = 1.0;
    double rho = 0.9;
    double eps = 1e-6;
    double weight_decay = 0.0;
};
struct RmspropOptions {
    double lr = 0.01;
    double alpha = 0.99;  // the decay of the moving average of g²
    double eps = 1e-8;
    double weight_decay = 0.0;
    double momentum = 0.0;
    bool centered = false;  // divide by an estimate of the standard deviation of g instead of its RMS
};
struct Betas {
    double beta1 = 0.9;    // decay of the first moment m (the momentum)
    double beta2 = 0.999;  // decay of the second moment v (or of Adamax's infinity norm u)
};
struct AdamOptions {
    double lr = 1e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 0.0;  // L2, through the gradient (AdamW decouples it)
    bool amsgrad = false;
};
struct AdamWOptions {
    double lr = 1e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 1e-2;  // decoupled: θ ← θ·(1 − lr·λ) before the Adam step
    bool amsgrad = false;
};
struct AdamaxOptions {
    double lr = 2e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 0.0;
};
struct NAdamOptions {
    double lr = 2e-3;
    Betas betas{};
    double eps = 1e-8;
    double weight_decay = 0.0;
    double momentum_decay = 4e-3;  // ψ in μₜ = β₁(1 − ½·0.96^(tψ))
};

// ---- state: one buffer per parameter, shaped like it, empty until the first step -----------------------
struct SgdState {
    std::int64_t step = 0;
    std::vector<Matrix> momentum_buffer;  // b; only with momentum ≠ 0
};
struct AdagradState {
    std::int64_t step = 0;
    std::vector<Matrix> sum;  // Σ g² so far (plus initial_accumulator_value)
};
struct AdadeltaState {
    std::int64_t step = 0;
    std::vector<Matrix> square_avg, acc_delta;  // moving averages of g² and of the updates Δ²
};
struct RmspropState {
    std::int64_t step = 0;
    std::vector<Matrix> square_avg;       // moving average of g²
    std::vector<Matrix> momentum_buffer;  // only with momentum > 0
    std::vector<Matrix> grad_avg;         // moving average of g; only when centered
};
struct AdamState {
    std::int64_t step = 0;
    std::vector<Matrix> exp_avg;         // m: moving average of g
    std::vector<Matrix> exp_avg_sq;      // v: moving average of g²
    std::vector<Matrix> max_exp_avg_sq;  // running max of v (AMSGrad only)
};
struct AdamaxState {
    std::int64_t step = 0;
    std::vector<Matrix> exp_avg, exp_inf;  // m, and u = max(β₂u, |g| + eps)
};
struct NAdamState {
    std::int64_t step = 0;
    double mu_product = 1.0;  // μ₁·μ₂·…·μₜ, in double, each μₜ multiplied in once
    std::vector<Matrix> exp_avg, exp_avg_sq;
};

// ---- given (parameters.cpp) --------------------------------------------------------------------------
// Throws std::invalid_argument (a null pointer) or course::ShapeError (value and grad differ), naming
// `who` and the parameter's index.
void check_parameters(const ParameterList& params, const char* who);
// Checks params, then: the first time (buffers empty) makes one buffer per parameter, shaped like it and
// filled with `fill`, and returns true; afterwards checks that the same shapes came back (ShapeError
// otherwise) and returns false. The only allocation an optimizer makes.
bool prepare_buffers(std::vector<Matrix>& buffers, const ParameterList& params, const char* who,
                     double fill = 0.0);
// The parameters of an autodiff model: {&v.value(), &v.grad()} for each.
ParameterList parameters_of(std::vector<Var>& parameters);

// ---- exercises (README section in brackets; exercises.md has the hints) --------------------------------
// 10.1 SGD with momentum, dampening, L2 weight decay and Nesterov, as torch.optim.SGD [3]. Without
//      momentum there is no buffer; the momentum buffer starts as the first gradient, undamped.
void sgd_step(const ParameterList& params, SgdState& state, const SgdOptions& options);
//      Nesterov's step direction in PyTorch's form, from the gradient g and the momentum buffer b already
//      updated with g [3, "Nesterov's look-ahead"]; sgd_step uses it when options.nesterov.
double nesterov_direction(double grad, double buffer, double momentum);
// 10.2 The heavy ball on a quadratic [3, "The theory of momentum"]. Along an eigenvector of curvature λ
//      the error follows eₜ₊₁ = (1 + β − αλ)eₜ − βeₜ₋₁ (α = lr, β = momentum); the rate per step is the
//      largest modulus of the roots of z² − (1 + β − αλ)z + β.
double heavy_ball_rate(double lr, double momentum, double curvature);
//      The (α, β) that minimise the worst rate over curvatures in [μ, L] = [lambda_min, lambda_max], and
//      that rate. Throws std::invalid_argument unless 0 < lambda_min ≤ lambda_max < ∞.
struct HeavyBallTuning {
    double lr = 0.0, momentum = 0.0, rate = 0.0;
};
HeavyBallTuning optimal_heavy_ball(double lambda_min, double lambda_max);
// 10.3 Adagrad, as torch.optim.Adagrad [4].
void adagrad_step(const ParameterList& params, AdagradState& state, const AdagradOptions& options);
// 10.4 RMSprop with momentum and the centred variant, as torch.optim.RMSprop [4].
void rmsprop_step(const ParameterList& params, RmspropState& state, const RmspropOptions& options);
// 10.5 The bias correction of a moving average started at 0 [5]: the total weight 1 − βᵗ that t steps of
//      m ← βm + (1 − β)x put on the x's (t ≥ 1) …
double bias_correction(double beta, std::int64_t step);
//      … and the bias-corrected moving average of a series: entry t − 1 is mₜ/(1 − βᵗ), with m₀ = 0 (what
//      figure 14 draws as the "smoothed" loss). Empty in, empty out; throws std::invalid_argument unless
//      0 ≤ β < 1.
std::vector<double> debiased_moving_average(const std::vector<double>& values, double beta);
// 10.6 Adam, with L2 weight decay and AMSGrad, as torch.optim.Adam [5].
void adam_step(const ParameterList& params, AdamState& state, const AdamOptions& options);
// 10.7 AdamW: decoupled weight decay, then the Adam step, as torch.optim.AdamW [6].
void adamw_step(const ParameterList& params, AdamState& state, const AdamWOptions& options);
// 10.8 NAdam: Adam with Nesterov's look-ahead and a momentum schedule, as torch.optim.NAdam (torch ≥ 2.0:
//      state.mu_product holds μ₁·…·μₜ, each μ multiplied in once) [5].
void nadam_step(const ParameterList& params, NAdamState& state, const NAdamOptions& options);

// ---- given: the other two (more_optimizers.cpp) -----------------------------------------------------
// Adadelta: v ← ρv + (1 − ρ)g²;  Δ = √(a + eps)/√(v + eps) · g;  a ← ρa + (1 − ρ)Δ²;  θ ← θ − lr·Δ.
void adadelta_step(const ParameterList& params, AdadeltaState& state, const AdadeltaOptions& options);
// Adamax: m ← β₁m + (1 − β₁)g;  u ← max(β₂u, |g| + eps);  θ ← θ − lr/(1 − β₁ᵗ) · m/u.
void adamax_step(const ParameterList& params, AdamaxState& state, const AdamaxOptions& options);

// ---- given: the table of the eight ------------------------------------------------------------------
// Everything that picks an optimizer by name reads this one table: optimizer_names, make_options,
// validate, the Optimizer object and its describe() (parameters.cpp), the playground's flags with their
// --help (playground.cpp) and chapter 11's. Adding an optimizer is its step function, its test and one
// entry of kMethods (and a line of kHyperparameters if it takes one that no other optimizer has).

// A hyperparameter as torch.optim names and checks it. Its flag is its name with '-' for '_'
// (--weight-decay), and the flags come in this list's order.
enum class Bound { at_least_0, up_to_1, below_1 };  // torch's check: 0 ≤ value, and ≤ 1 or < 1
struct Hyperparameter {
    std::string_view setting;       // torch's keyword argument: "weight_decay"
    const char* help = nullptr;     // its flag's --help, {} for the optimizers that take it; none: no flag
    double flag_max = 0.0;          // the flag takes values in [0, flag_max]
    const char* invalid = nullptr;  // torch's message when its check fails (": value" follows); none: no check
    Bound bound = Bound::at_least_0;
};
inline constexpr Hyperparameter kHyperparameters[]{
    {.setting = "lr", .help = "learning rate", .flag_max = 1e6, .invalid = "Invalid learning rate"},
    {.setting = "momentum", .help = "momentum factor μ of {}", .flag_max = 1e3, .invalid = "Invalid momentum value"},
    {.setting = "dampening", .help = "dampening τ of {}'s momentum", .flag_max = 1},
    {.setting = "weight_decay", .help = "weight decay λ", .flag_max = 1e3, .invalid = "Invalid weight_decay value"},
    {.setting = "alpha", .help = "{}'s smoothing constant α", .flag_max = 1, .invalid = "Invalid alpha value"},
    {.setting = "rho", .help = "{}'s decay ρ", .flag_max = 1, .invalid = "Invalid rho value", .bound = Bound::up_to_1},
    {.setting = "beta1", .help = "β₁ of {}", .flag_max = 0.99999, .invalid = "Invalid beta parameter at index 0",
     .bound = Bound::below_1},
    {.setting = "beta2", .help = "β₂ of {}", .flag_max = 0.99999, .invalid = "Invalid beta parameter at index 1",
     .bound = Bound::below_1},
    {.setting = "eps", .help = "ε, added to the denominator", .flag_max = 1, .invalid = "Invalid epsilon value"},
    {.setting = "lr_decay", .help = "{}'s learning-rate decay", .flag_max = 1e3, .invalid = "Invalid lr_decay value"},
    {.setting = "momentum_decay", .help = "{}'s momentum decay ψ", .flag_max = 1e3,
     .invalid = "Invalid momentum_decay value"},
    {.setting = "initial_accumulator_value", .invalid = "Invalid initial_accumulator_value value"},
    {.setting = "nesterov", .help = "{}: Nesterov momentum (needs --momentum > 0, no dampening)"},
    {.setting = "centered", .help = "{}: the centred variant"},
    {.setting = "amsgrad", .help = "{}: the AMSGrad variant"},
};

// Where a hyperparameter lives in an optimizer's options: a number, a switch, or one of the betas.
template <class Options>
struct Setting {
    constexpr Setting(std::string_view name, double Options::*number) : hyperparameter(find(name)), number(number) {}
    constexpr Setting(std::string_view name, bool Options::*on) : hyperparameter(find(name)), on(on) {}
    constexpr Setting(std::string_view name, Betas Options::*betas, double Betas::*beta)
        : hyperparameter(find(name)), betas(betas), beta(beta) {}
    double get(const Options& o) const { return number ? o.*number : on ? (o.*on ? 1.0 : 0.0) : (o.*betas).*beta; }
    void set(Options& o, double value) const {  // a switch is on for any value but 0
        if (number) o.*number = value;
        else if (on) o.*on = value != 0.0;
        else (o.*betas).*beta = value;
    }

    const Hyperparameter* hyperparameter;
    double Options::*number = nullptr;
    bool Options::*on = nullptr;
    Betas Options::*betas = nullptr;
    double Betas::*beta = nullptr;

private:
    static constexpr const Hyperparameter* find(std::string_view name) {
        for (const Hyperparameter& h : kHyperparameters)
            if (h.setting == name) return &h;
        throw std::logic_error("not in kHyperparameters");  // in kMethods, a compile error: add it there
    }
};

// One optimizer: its command-line name, torch.optim's class name (what describe() prints), its step
// function, which fixes its options and state types, its settings in torch's signature order, and the
// checks of torch's constructor that involve several settings (throwing std::invalid_argument), if any.
template <class O, class S, std::size_t N>
struct Method {
    using Options = O;
    using State = S;
    constexpr Method(const char* name, const char* title, void (*step)(const ParameterList&, S&, const O&),
                     const Setting<O> (&settings)[N], void (*check)(const O&) = nullptr)
        : name(name), title(title), step(step), settings(std::to_array(settings)), check(check) {}
    const char* name;
    const char* title;
    void (*step)(const ParameterList&, S&, const O&);
    std::array<Setting<O>, N> settings;
    void (*check)(const O&);
};

// torch.optim.SGD's check of two settings at once.
inline void check_nesterov(const SgdOptions& o) {
    if (o.nesterov && !(o.momentum > 0.0 && o.dampening == 0.0))
        throw std::invalid_argument("Nesterov momentum requires a momentum and zero dampening");
}

inline constexpr std::tuple kMethods{
    Method{"sgd", "SGD", sgd_step,
           {{"lr", &SgdOptions::lr}, {"momentum", &SgdOptions::momentum}, {"dampening", &SgdOptions::dampening},
            {"weight_decay", &SgdOptions::weight_decay}, {"nesterov", &SgdOptions::nesterov}},
           check_nesterov},
    Method{"adagrad", "Adagrad", adagrad_step,
           {{"lr", &AdagradOptions::lr}, {"lr_decay", &AdagradOptions::lr_decay},
            {"weight_decay", &AdagradOptions::weight_decay},
            {"initial_accumulator_value", &AdagradOptions::initial_accumulator_value}, {"eps", &AdagradOptions::eps}}},
    Method{"adadelta", "Adadelta", adadelta_step,
           {{"lr", &AdadeltaOptions::lr}, {"rho", &AdadeltaOptions::rho}, {"eps", &AdadeltaOptions::eps},
            {"weight_decay", &AdadeltaOptions::weight_decay}}},
    Method{"rmsprop", "RMSprop", rmsprop_step,
           {{"lr", &RmspropOptions::lr}, {"alpha", &RmspropOptions::alpha}, {"eps", &RmspropOptions::eps},
            {"weight_decay", &RmspropOptions::weight_decay}, {"momentum", &RmspropOptions::momentum},
            {"centered", &RmspropOptions::centered}}},
    Method{"adam", "Adam", adam_step,
           {{"lr", &AdamOptions::lr}, {"beta1", &AdamOptions::betas, &Betas::beta1},
            {"beta2", &AdamOptions::betas, &Betas::beta2}, {"eps", &AdamOptions::eps},
            {"weight_decay", &AdamOptions::weight_decay}, {"amsgrad", &AdamOptions::amsgrad}}},
    Method{"adamw", "AdamW", adamw_step,
           {{"lr", &AdamWOptions::lr}, {"beta1", &AdamWOptions::betas, &Betas::beta1},
            {"beta2", &AdamWOptions::betas, &Betas::beta2}, {"eps", &AdamWOptions::eps},
            {"weight_decay", &AdamWOptions::weight_decay}, {"amsgrad", &AdamWOptions::amsgrad}}},
    Method{"adamax", "Adamax", adamax_step,
           {{"lr", &AdamaxOptions::lr}, {"beta1", &AdamaxOptions::betas, &Betas::beta1},
            {"beta2", &AdamaxOptions::betas, &Betas::beta2}, {"eps", &AdamaxOptions::eps},
            {"weight_decay", &AdamaxOptions::weight_decay}}},
    Method{"nadam", "NAdam", nadam_step,
           {{"lr", &NAdamOptions::lr}, {"beta1", &NAdamOptions::betas, &Betas::beta1},
            {"beta2", &NAdamOptions::betas, &Betas::beta2}, {"eps", &NAdamOptions::eps},
            {"weight_decay", &NAdamOptions::weight_decay}, {"momentum_decay", &NAdamOptions::momentum_decay}}},
};

// f(method) for each entry of kMethods, in order.
template <class F>
void for_each_method(F&& f) {
    std::apply([&f](const auto&... method) { (f(method), ...); }, kMethods);
}

// The options of any method of kMethods, in its order: std::variant<SgdOptions, AdagradOptions, …>
// (options_of is only declared: decltype reads its return type, nothing calls it).
template <class... Methods>
std::variant<typename Methods::Options...> options_of(const std::tuple<Methods...>&);
using AnyOptions = decltype(options_of(kMethods));

// ---- given: any of the eight by name (parameters.cpp) ------------------------------------------------
// The optimizer names of the command line, in the order of kMethods: sgd, adagrad, …, nadam.
const std::vector<std::string>& optimizer_names();
// PyTorch's defaults for `name`, then each (setting, value) applied, with kHyperparameters' names (a
// switch is on for any value but 0). Throws std::invalid_argument for an unknown optimizer or setting,
// or one that this optimizer does not take ("rho does not apply to adam").
AnyOptions make_options(const std::string& name, const std::vector<std::pair<std::string, double>>& settings);
// The checks torch.optim's constructors make (lr ≥ 0, 0 ≤ β < 1, nesterov needs momentum > 0 and no
// dampening, …); throws std::invalid_argument with PyTorch's message.
void validate(const AnyOptions& options);

// ---- given: one object for any method (parameters.cpp) ---------------------------------------------
// A loss closure, as torch.optim.LBFGS.step takes one: evaluates the loss ℒ at the parameters' current
// values, writes ∂ℒ/∂θ into the gradient matrices the ParameterList points to, and returns ℒ. Methods
// that search along a direction (chapter 15's BFGS and L-BFGS) call it several times per step.
using Closure = std::function<double()>;

// What the Optimizer object drives: one method with its options and its state. The eight of kMethods are
// rules made from their entry and options; a later chapter adds a method by deriving from this class.
// step(params) updates from the gradients already in params. step(params, closure) is the general form:
// by default it calls the closure once, then step(params), and returns the loss the closure gave; a
// method that must re-evaluate overrides it, and makes step(params) throw std::logic_error.
class UpdateRule {
public:
    virtual ~UpdateRule() = default;
    virtual std::unique_ptr<UpdateRule> clone() const = 0;
    virtual void step(const ParameterList& params) = 0;
    virtual double step(const ParameterList& params, const Closure& closure);
    virtual void reset() = 0;                    // forget the state, keep the options
    virtual std::string name() const = 0;        // "adam"
    virtual std::string describe() const = 0;    // "Adam(lr=0.001, betas=(0.9, 0.999), …)"
    virtual double lr() const = 0;
    virtual void set_lr(double lr) = 0;          // called with lr ≥ 0 (Optimizer checks)
    virtual std::int64_t steps() const = 0;      // steps taken since construction or reset()
};

// An optimizer with its options and its state, for the training loops of this and later chapters: the
// value they hold and pass around (a copy owns its own state), whatever UpdateRule is inside.
class Optimizer {
public:
    explicit Optimizer(const AnyOptions& options);      // validates
    explicit Optimizer(std::unique_ptr<UpdateRule> rule);  // any other method; throws if null
    Optimizer(const Optimizer& other);
    Optimizer& operator=(const Optimizer& other);
    Optimizer(Optimizer&&) noexcept = default;
    Optimizer& operator=(Optimizer&&) noexcept = default;
    ~Optimizer();

    void step(const ParameterList& params);
    // torch.optim's step(closure): ℒ = closure() at least once, the update, and ℒ at the start of the step.
    double step(const ParameterList& params, const Closure& closure);
    void reset();                       // forget the state (moments, step count), keep the options
    std::string name() const;           // "adam"
    std::string describe() const;       // "Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, …)"
    double lr() const;                  // for learning-rate schedules (chapter 11)
    void set_lr(double lr);
    std::int64_t steps() const;         // steps taken since construction or reset()

private:
    std::unique_ptr<UpdateRule> rule_;
};

}  // namespace course::optimizers
