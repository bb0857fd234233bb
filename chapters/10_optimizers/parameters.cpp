// Given: the parameter list's checks and buffers, options by name, and the Optimizer object.
#include <cstdio>
#include <memory>
#include <type_traits>
#include <utility>
#include <stdexcept>
#include <string>

#include "chapters/10_optimizers/optimizers.hpp"
#include "common/errors.hpp"

namespace course::optimizers {

// Called every step, so the messages are built only when something is wrong.
void check_parameters(const ParameterList& params, const char* who) {
    for (std::size_t p = 0; p < params.size(); ++p) {
        const Parameter& parameter = params[p];
        const auto where = [&] { return std::string(who) + ": parameter " + std::to_string(p); };
        if (parameter.value == nullptr || parameter.grad == nullptr)
            throw std::invalid_argument(where() + " has no " + (parameter.value ? "gradient" : "value") + " matrix");
        if (!parameter.value->same_shape(*parameter.grad))
            throw ShapeError(where() + " is " + parameter.value->shape() + " but its gradient is " +
                             parameter.grad->shape());
    }
}

bool prepare_buffers(std::vector<Matrix>& buffers, const ParameterList& params, const char* who, double fill) {
    check_parameters(params, who);
    if (buffers.empty()) {
        buffers.reserve(params.size());
        for (const Parameter& parameter : params) buffers.emplace_back(parameter.value->rows(), parameter.value->cols(), fill);
        return true;
    }
    if (buffers.size() != params.size())
        throw ShapeError(std::string(who) + ": the state holds " + std::to_string(buffers.size()) +
                         " buffers but " + std::to_string(params.size()) +
                         " parameters came (pass the same list every step, or reset the state)");
    for (std::size_t p = 0; p < params.size(); ++p)
        if (!buffers[p].same_shape(*params[p].value))
            throw ShapeError(std::string(who) + ": parameter " + std::to_string(p) + " is " + params[p].value->shape() +
                             " but its state buffer is " + buffers[p].shape());
    return false;
}

ParameterList parameters_of(std::vector<Var>& parameters) {
    ParameterList list;
    for (Var& v : parameters) list.push_back({&v.value(), &v.grad()});
    return list;
}

// ---- options by name -----------------------------------------------------------------------------------

const std::vector<std::string>& optimizer_names() {
    static const std::vector<std::string> names{"sgd", "adagrad", "adadelta", "rmsprop",
                                                "adam", "adamw", "adamax", "nadam"};
    return names;
}

namespace {

// Sets `field` if `setting` is its name; reports whether it was.
bool set(double& field, const char* name, const std::string& setting, double value) {
    if (setting != name) return false;
    field = value;
    return true;
}
bool set(bool& field, const char* name, const std::string& setting, double value) {
    if (setting != name) return false;
    field = value != 0.0;
    return true;
}

bool apply(SgdOptions& o, const std::string& s, double v) {
    return set(o.lr, "lr", s, v) || set(o.momentum, "momentum", s, v) || set(o.dampening, "dampening", s, v) ||
           set(o.weight_decay, "weight_decay", s, v) || set(o.nesterov, "nesterov", s, v);
}
bool apply(AdagradOptions& o, const std::string& s, double v) {
    return set(o.lr, "lr", s, v) || set(o.lr_decay, "lr_decay", s, v) || set(o.weight_decay, "weight_decay", s, v) ||
           set(o.initial_accumulator_value, "initial_accumulator_value", s, v) || set(o.eps, "eps", s, v);
}
bool apply(AdadeltaOptions& o, const std::string& s, double v) {
    return set(o.lr, "lr", s, v) || set(o.rho, "rho", s, v) || set(o.eps, "eps", s, v) ||
           set(o.weight_decay, "weight_decay", s, v);
}
bool apply(RmspropOptions& o, const std::string& s, double v) {
    return set(o.lr, "lr", s, v) || set(o.alpha, "alpha", s, v) || set(o.eps, "eps", s, v) ||
           set(o.weight_decay, "weight_decay", s, v) || set(o.momentum, "momentum", s, v) ||
           set(o.centered, "centered", s, v);
}
// Adam, AdamW, Adamax and NAdam share lr, betas, eps and weight_decay.
bool apply_adam_like(double& lr, Betas& betas, double& eps, double& weight_decay, const std::string& s, double v) {
    return set(lr, "lr", s, v) || set(betas.beta1, "beta1", s, v) || set(betas.beta2, "beta2", s, v) ||
           set(eps, "eps", s, v) || set(weight_decay, "weight_decay", s, v);
}
bool apply(AdamOptions& o, const std::string& s, double v) {
    return apply_adam_like(o.lr, o.betas, o.eps, o.weight_decay, s, v) || set(o.amsgrad, "amsgrad", s, v);
}
bool apply(AdamWOptions& o, const std::string& s, double v) {
    return apply_adam_like(o.lr, o.betas, o.eps, o.weight_decay, s, v) || set(o.amsgrad, "amsgrad", s, v);
}
bool apply(AdamaxOptions& o, const std::string& s, double v) {
    return apply_adam_like(o.lr, o.betas, o.eps, o.weight_decay, s, v);
}
bool apply(NAdamOptions& o, const std::string& s, double v) {
    return apply_adam_like(o.lr, o.betas, o.eps, o.weight_decay, s, v) ||
           set(o.momentum_decay, "momentum_decay", s, v);
}

AnyOptions defaults_of(const std::string& name) {
    const auto& names = optimizer_names();
    if (name == names[0]) return SgdOptions{};
    if (name == names[1]) return AdagradOptions{};
    if (name == names[2]) return AdadeltaOptions{};
    if (name == names[3]) return RmspropOptions{};
    if (name == names[4]) return AdamOptions{};
    if (name == names[5]) return AdamWOptions{};
    if (name == names[6]) return AdamaxOptions{};
    if (name == names[7]) return NAdamOptions{};
    std::string known;
    for (const auto& n : names) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown optimizer '" + name + "' (known: " + known + ")");
}

void require(bool ok, const std::string& message) {
    if (!ok) throw std::invalid_argument(message);
}
std::string text(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%g", v);
    return buffer;
}
std::string flag(bool on) { return on ? "True" : "False"; }
void validate_adam_like(const Betas& b, double eps, double weight_decay) {
    require(eps >= 0.0, "Invalid epsilon value: " + text(eps));
    require(0.0 <= b.beta1 && b.beta1 < 1.0, "Invalid beta parameter at index 0: " + text(b.beta1));
    require(0.0 <= b.beta2 && b.beta2 < 1.0, "Invalid beta parameter at index 1: " + text(b.beta2));
    require(weight_decay >= 0.0, "Invalid weight_decay value: " + text(weight_decay));
}
std::string adam_like_text(const char* title, double lr, const Betas& b, double eps, double weight_decay) {
    return std::string(title) + "(lr=" + text(lr) + ", betas=(" + text(b.beta1) + ", " + text(b.beta2) +
           "), eps=" + text(eps) + ", weight_decay=" + text(weight_decay);
}

}  // namespace

AnyOptions make_options(const std::string& name, const std::vector<std::pair<std::string, double>>& settings) {
    AnyOptions options = defaults_of(name);
    for (const auto& setting : settings) {
        const bool known = std::visit([&setting](auto& o) { return apply(o, setting.first, setting.second); }, options);
        if (!known) throw std::invalid_argument(setting.first + " does not apply to " + name);
    }
    return options;
}

namespace {

// The checks of each method's constructor in torch.optim (beyond lr ≥ 0), one overload per options type.
void check(const SgdOptions& o) {
    require(o.momentum >= 0.0, "Invalid momentum value: " + text(o.momentum));
    require(o.weight_decay >= 0.0, "Invalid weight_decay value: " + text(o.weight_decay));
    require(!o.nesterov || (o.momentum > 0.0 && o.dampening == 0.0),
            "Nesterov momentum requires a momentum and zero dampening");
}
void check(const AdagradOptions& o) {
    require(o.lr_decay >= 0.0, "Invalid lr_decay value: " + text(o.lr_decay));
    require(o.weight_decay >= 0.0, "Invalid weight_decay value: " + text(o.weight_decay));
    require(o.initial_accumulator_value >= 0.0,
            "Invalid initial_accumulator_value value: " + text(o.initial_accumulator_value));
    require(o.eps >= 0.0, "Invalid epsilon value: " + text(o.eps));
}
void check(const AdadeltaOptions& o) {
    require(0.0 <= o.rho && o.rho <= 1.0, "Invalid rho value: " + text(o.rho));
    require(o.eps >= 0.0, "Invalid epsilon value: " + text(o.eps));
    require(o.weight_decay >= 0.0, "Invalid weight_decay value: " + text(o.weight_decay));
}
void check(const RmspropOptions& o) {
    require(o.eps >= 0.0, "Invalid epsilon value: " + text(o.eps));
    require(o.momentum >= 0.0, "Invalid momentum value: " + text(o.momentum));
    require(o.weight_decay >= 0.0, "Invalid weight_decay value: " + text(o.weight_decay));
    require(o.alpha >= 0.0, "Invalid alpha value: " + text(o.alpha));
}
void check(const AdamOptions& o) { validate_adam_like(o.betas, o.eps, o.weight_decay); }
void check(const AdamWOptions& o) { validate_adam_like(o.betas, o.eps, o.weight_decay); }
void check(const AdamaxOptions& o) { validate_adam_like(o.betas, o.eps, o.weight_decay); }
void check(const NAdamOptions& o) {
    validate_adam_like(o.betas, o.eps, o.weight_decay);
    require(o.momentum_decay >= 0.0, "Invalid momentum_decay value: " + text(o.momentum_decay));
}

// torch.optim's repr of each method, without the closing parenthesis.
std::string describe(const SgdOptions& o) {
    return "SGD(lr=" + text(o.lr) + ", momentum=" + text(o.momentum) + ", dampening=" + text(o.dampening) +
           ", weight_decay=" + text(o.weight_decay) + ", nesterov=" + flag(o.nesterov);
}
std::string describe(const AdagradOptions& o) {
    return "Adagrad(lr=" + text(o.lr) + ", lr_decay=" + text(o.lr_decay) + ", weight_decay=" + text(o.weight_decay) +
           ", initial_accumulator_value=" + text(o.initial_accumulator_value) + ", eps=" + text(o.eps);
}
std::string describe(const AdadeltaOptions& o) {
    return "Adadelta(lr=" + text(o.lr) + ", rho=" + text(o.rho) + ", eps=" + text(o.eps) +
           ", weight_decay=" + text(o.weight_decay);
}
std::string describe(const RmspropOptions& o) {
    return "RMSprop(lr=" + text(o.lr) + ", alpha=" + text(o.alpha) + ", eps=" + text(o.eps) +
           ", weight_decay=" + text(o.weight_decay) + ", momentum=" + text(o.momentum) + ", centered=" + flag(o.centered);
}
std::string describe(const AdamOptions& o) {
    return adam_like_text("Adam", o.lr, o.betas, o.eps, o.weight_decay) + ", amsgrad=" + flag(o.amsgrad);
}
std::string describe(const AdamWOptions& o) {
    return adam_like_text("AdamW", o.lr, o.betas, o.eps, o.weight_decay) + ", amsgrad=" + flag(o.amsgrad);
}
std::string describe(const AdamaxOptions& o) { return adam_like_text("Adamax", o.lr, o.betas, o.eps, o.weight_decay); }
std::string describe(const NAdamOptions& o) {
    return adam_like_text("NAdam", o.lr, o.betas, o.eps, o.weight_decay) + ", momentum_decay=" + text(o.momentum_decay);
}

// Each options type's name, state and step function. An options type without its entry here is an
// incomplete type, so BuiltinRule<it> does not compile: no method can silently fall through.
template <class Options>
struct Method;
template <>
struct Method<SgdOptions> {
    static constexpr const char* name = "sgd";
    using State = SgdState;
    static constexpr auto* step = &sgd_step;
};
template <>
struct Method<AdagradOptions> {
    static constexpr const char* name = "adagrad";
    using State = AdagradState;
    static constexpr auto* step = &adagrad_step;
};
template <>
struct Method<AdadeltaOptions> {
    static constexpr const char* name = "adadelta";
    using State = AdadeltaState;
    static constexpr auto* step = &adadelta_step;
};
template <>
struct Method<RmspropOptions> {
    static constexpr const char* name = "rmsprop";
    using State = RmspropState;
    static constexpr auto* step = &rmsprop_step;
};
template <>
struct Method<AdamOptions> {
    static constexpr const char* name = "adam";
    using State = AdamState;
    static constexpr auto* step = &adam_step;
};
template <>
struct Method<AdamWOptions> {
    static constexpr const char* name = "adamw";
    using State = AdamState;
    static constexpr auto* step = &adamw_step;
};
template <>
struct Method<AdamaxOptions> {
    static constexpr const char* name = "adamax";
    using State = AdamaxState;
    static constexpr auto* step = &adamax_step;
};
template <>
struct Method<NAdamOptions> {
    static constexpr const char* name = "nadam";
    using State = NAdamState;
    static constexpr auto* step = &nadam_step;
};

// One of the eight as an UpdateRule: its options, its state, its step function.
template <class Options>
class BuiltinRule final : public UpdateRule {
    using State = typename Method<Options>::State;

public:
    explicit BuiltinRule(const Options& options) : options_(options) {}
    std::unique_ptr<UpdateRule> clone() const override { return std::make_unique<BuiltinRule>(*this); }
    void step(const ParameterList& params) override { Method<Options>::step(params, state_, options_); }
    using UpdateRule::step;
    void reset() override { state_ = State{}; }
    std::string name() const override { return Method<Options>::name; }
    std::string describe() const override { return course::optimizers::describe(options_) + ")"; }
    double lr() const override { return options_.lr; }
    void set_lr(double lr) override { options_.lr = lr; }
    std::int64_t steps() const override { return state_.step; }

private:
    Options options_;
    State state_{};
};

}  // namespace

void validate(const AnyOptions& any) {
    std::visit([](const auto& o) {
        require(o.lr >= 0.0, "Invalid learning rate: " + text(o.lr));
        check(o);
    }, any);
}

std::unique_ptr<UpdateRule> make_rule(const AnyOptions& options) {
    validate(options);
    return std::visit([](const auto& o) -> std::unique_ptr<UpdateRule> {
        return std::make_unique<BuiltinRule<std::decay_t<decltype(o)>>>(o);
    }, options);
}

double UpdateRule::step(const ParameterList& params, const Closure& closure) {
    const double loss = closure();
    step(params);
    return loss;
}

// ---- Optimizer ------------------------------------------------------------------------------------------

Optimizer::Optimizer(const AnyOptions& options) : rule_(make_rule(options)) {}

Optimizer::Optimizer(std::unique_ptr<UpdateRule> rule) : rule_(std::move(rule)) {
    if (!rule_) throw std::invalid_argument("Optimizer: no update rule (a null pointer)");
}

Optimizer::Optimizer(const Optimizer& other) : rule_(other.rule_ ? other.rule_->clone() : nullptr) {}

Optimizer& Optimizer::operator=(const Optimizer& other) {
    if (this != &other) rule_ = other.rule_ ? other.rule_->clone() : nullptr;
    return *this;
}

Optimizer::~Optimizer() = default;

void Optimizer::step(const ParameterList& params) { rule_->step(params); }

double Optimizer::step(const ParameterList& params, const Closure& closure) {
    if (!closure) throw std::invalid_argument(rule_->name() + ": step(params, closure) with an empty closure");
    return rule_->step(params, closure);
}

void Optimizer::reset() { rule_->reset(); }

std::string Optimizer::name() const { return rule_->name(); }

std::string Optimizer::describe() const { return rule_->describe(); }

double Optimizer::lr() const { return rule_->lr(); }

void Optimizer::set_lr(double lr) {
    // The message is built only on failure: a schedule sets the rate every step, which must not allocate.
    if (!(lr >= 0.0)) require(false, "Invalid learning rate: " + text(lr));
    rule_->set_lr(lr);
}

std::int64_t Optimizer::steps() const { return rule_->steps(); }

}  // namespace course::optimizers
