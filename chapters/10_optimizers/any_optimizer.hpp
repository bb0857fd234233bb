// Chapter 10 — the Optimizer object and the table of the eight: what lets a program pick an optimizer by
// name and drive it, given code built on the step functions of optimizers.hpp (no exercise is here, and
// none of the exercises needs it). optimizers.hpp is the contract of the exercises; this file is what
// the playground, the lecture and the later chapters use to run them:
//
//     Optimizer o(make_options("adam", {{"lr", 0.01}}));    // or Optimizer o(AdamOptions{.lr = 0.01});
//     for (...) { compute dW, db; o.step(params); }          // o.lr(), o.set_lr() for chapter 11's schedules
//     o.describe();                                          // "Adam(lr=0.01, betas=(0.9, 0.999), …)"
//     fit(model, …, {.update = optimizer_update(o, params)});  // o as chapter 08's fit()'s update, at each step's η
//
// kMethods lists the eight: for each its name, torch.optim's class name, its step function and where each
// hyperparameter lives in its options. optimizer_names, make_options, validate, AnyOptions, describe()
// and the Optimizer (any_optimizer.cpp), the playground's flags (playground.cpp) and chapter 11's are all
// computed from it; docs/adding_a_chapter.md, "Adding an optimizer", says how to add one. UpdateRule
// is what the Optimizer drives: chapter 15's line-search methods derive from it.
#pragma once

#include <array>
#include <cstddef>
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

#include "chapters/10_optimizers/optimizers.hpp"

namespace course::optimizers {

// ---- the table of the eight -------------------------------------------------------------------------
// Adding an optimizer is its step function, its test and one entry of kMethods (and a line of
// kHyperparameters if it takes one that no other optimizer has).

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

// ---- any of the eight by name (any_optimizer.cpp) -------------------------------------------------------
// The optimizer names of the command line, in the order of kMethods: sgd, adagrad, …, nadam.
const std::vector<std::string>& optimizer_names();
// PyTorch's defaults for `name`, then each (setting, value) applied, with kHyperparameters' names (a
// switch is on for any value but 0). Throws std::invalid_argument for an unknown optimizer or setting,
// or one that this optimizer does not take ("rho does not apply to adam").
AnyOptions make_options(const std::string& name, const std::vector<std::pair<std::string, double>>& settings);
// The checks torch.optim's constructors make (lr ≥ 0, 0 ≤ β < 1, nesterov needs momentum > 0 and no
// dampening, …); throws std::invalid_argument with PyTorch's message.
void validate(const AnyOptions& options);

// ---- one object for any method (any_optimizer.cpp) ------------------------------------------------------
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

// The update hook of chapter 08's fit() (TrainHooks::update) for `optimizer`: at each step it sets the
// optimizer's rate to the step's η and steps it on `params` (a model's parameters(), or chapter 10's
// network_parameters() of the face network), kept in the hook, so that a step allocates nothing.
// `optimizer` must outlive the hook; its state carries over from step to step.
std::function<void(double lr)> optimizer_update(Optimizer& optimizer, ParameterList params);

}  // namespace course::optimizers
