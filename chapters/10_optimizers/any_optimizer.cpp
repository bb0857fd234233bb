// Given: what kMethods (any_optimizer.hpp) makes possible: options by name, torch's checks and repr, and the
// Optimizer object.
#include "chapters/10_optimizers/any_optimizer.hpp"

#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "common/say.hpp"

namespace course::optimizers {

// ---- options by name, from kMethods ------------------------------------------------------------------

const std::vector<std::string>& optimizer_names() {
    static const auto names =
        std::apply([](const auto&... method) { return std::vector<std::string>{method.name...}; }, kMethods);
    return names;
}

namespace {

// The entry of kMethods that `any` holds options of: f(method, options).
template <class F>
void visit_method(const AnyOptions& any, F&& f) {
    for_each_method([&](const auto& method) {
        using Options = typename std::remove_cvref_t<decltype(method)>::Options;
        if (const Options* options = std::get_if<Options>(&any)) f(method, *options);
    });
}

// torch.optim's repr: Adam(lr=0.001, betas=(0.9, 0.999), eps=1e-08, weight_decay=0, amsgrad=False).
template <class M>
std::string describe(const M& method, const typename M::Options& options) {
    std::string repr = std::string(method.title) + "(";
    for (const auto& setting : method.settings) {
        const double v = setting.get(options);
        const std::string value = setting.on ? (v != 0.0 ? "True" : "False") : fmt(v, 6);
        if (&setting != &method.settings.front()) repr += ", ";
        if (setting.beta == &Betas::beta1) repr += "betas=(" + value;  // torch's β₁ and β₂ are one tuple
        else if (setting.beta == &Betas::beta2) repr += value + ")";
        else repr += std::string(setting.hyperparameter->setting) + "=" + value;
    }
    return repr + ")";
}

// One of the eight as an UpdateRule: its entry of kMethods, its options and its state.
template <class M>
class BuiltinRule final : public UpdateRule {
public:
    BuiltinRule(const M& method, const typename M::Options& options) : method_(&method), options_(options) {}
    std::unique_ptr<UpdateRule> clone() const override { return std::make_unique<BuiltinRule>(*this); }
    void step(const ParameterList& params) override { method_->step(params, state_, options_); }
    using UpdateRule::step;
    void reset() override { state_ = {}; }
    std::string name() const override { return method_->name; }
    std::string describe() const override { return optimizers::describe(*method_, options_); }
    double lr() const override { return options_.lr; }
    void set_lr(double lr) override { options_.lr = lr; }
    std::int64_t steps() const override { return state_.step; }

private:
    const M* method_;  // in kMethods, which outlives every rule
    typename M::Options options_;
    typename M::State state_{};
};

std::unique_ptr<UpdateRule> make_rule(const AnyOptions& options) {
    validate(options);
    std::unique_ptr<UpdateRule> rule;
    visit_method(options, [&rule](const auto& method, const auto& o) {
        rule = std::make_unique<BuiltinRule<std::remove_cvref_t<decltype(method)>>>(method, o);
    });
    return rule;
}

}  // namespace

AnyOptions make_options(const std::string& name, const std::vector<std::pair<std::string, double>>& settings) {
    std::optional<AnyOptions> any;
    for_each_method([&](const auto& method) {
        if (method.name != name) return;
        typename std::remove_cvref_t<decltype(method)>::Options options{};  // PyTorch's defaults
        for (const auto& [setting, value] : settings) {
            bool taken = false;
            for (const auto& s : method.settings)
                if (s.hyperparameter->setting == setting) s.set(options, value), taken = true;
            if (!taken) throw std::invalid_argument(setting + " does not apply to " + name);
        }
        any = options;
    });
    if (any) return *any;
    std::string known;
    for (const auto& n : optimizer_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown optimizer '" + name + "' (known: " + known + ")");
}

// Each setting's check as kHyperparameters states it (a NaN fails every one), then the method's own.
void validate(const AnyOptions& any) {
    visit_method(any, [](const auto& method, const auto& options) {
        for (const auto& setting : method.settings) {
            const Hyperparameter& h = *setting.hyperparameter;
            const double v = setting.get(options);
            const bool ok =
                v >= 0.0 && (h.bound == Bound::at_least_0 || (h.bound == Bound::up_to_1 ? v <= 1.0 : v < 1.0));
            if (h.invalid && !ok) throw std::invalid_argument(h.invalid + (": " + fmt(v, 6)));
        }
        if (method.check) method.check(options);
    });
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
    if (!(lr >= 0.0)) throw std::invalid_argument("Invalid learning rate: " + fmt(lr, 6));
    rule_->set_lr(lr);
}

std::int64_t Optimizer::steps() const { return rule_->steps(); }

std::function<void(double lr)> optimizer_update(Optimizer& optimizer, ParameterList params) {
    return [&optimizer, params = std::move(params)](double lr) {
        if (lr != optimizer.lr()) optimizer.set_lr(lr);  // set_lr checks the rate: only when it changes
        optimizer.step(params);
    };
}

}  // namespace course::optimizers
