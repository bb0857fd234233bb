// Given: the playground (flags → options → one run → CSV).
#include "chapters/10_optimizers/playground.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/10_optimizers/runs.hpp"
#include "chapters/10_optimizers/test_functions.hpp"
#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::optimizers {

namespace {

// A flag whose default is not one number: --help shows `shown`, and an unset flag is never read (an unset
// hyperparameter keeps the optimizer's own default).
Flag shown_as(Flag flag, std::string shown) {
    flag.default_value = std::move(shown);
    return flag;
}

// One optimizer that takes a hyperparameter, with its default there.
struct Use {
    std::string optimizer;
    double default_value = 0.0;
    bool on_off = false;
};
std::vector<Use> uses_of(const Hyperparameter& hyperparameter) {
    std::vector<Use> uses;
    for_each_method([&](const auto& method) {
        static constexpr typename std::remove_cvref_t<decltype(method)>::Options defaults{};  // PyTorch's
        for (const auto& setting : method.settings)
            if (setting.hyperparameter == &hyperparameter)
                uses.push_back({method.name, setting.get(defaults), setting.on != nullptr});
    });
    return uses;
}

std::string flag_name(const Hyperparameter& hyperparameter) {
    std::string name(hyperparameter.setting);
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
}

// "sgd", "sgd and rmsprop", "adam, adamw, adamax and nadam".
std::string names_text(const std::vector<Use>& uses) {
    std::string text;
    for (std::size_t i = 0; i < uses.size(); ++i)
        text += (i == 0 ? "" : i + 1 == uses.size() ? " and " : ", ") + uses[i].optimizer;
    return text;
}

// %g without the exponent's leading zero: 1e-6, not 1e-06.
std::string number_text(double value) {
    std::string text = fmt(value, 6);
    if (const auto e = text.find("e-0"); e != std::string::npos) text.erase(e + 2, 1);
    return text;
}

// The defaults as --help shows them: "0.9" when all agree; "adamw 0.01, the others 0" when most do;
// otherwise each run of neighbours that agree, "sgd 0.001, adagrad 0.01, …, adam/adamw 0.001".
std::string defaults_text(const std::vector<Use>& uses) {
    const auto holding = [&uses](double v) {
        std::size_t n = 0;
        for (const Use& u : uses) n += u.default_value == v;
        return n;
    };
    double common = uses.front().default_value;
    for (const Use& u : uses)
        if (holding(u.default_value) > holding(common)) common = u.default_value;
    std::string text;
    if (2 * holding(common) > uses.size()) {
        for (const Use& u : uses)
            if (u.default_value != common) text += u.optimizer + " " + number_text(u.default_value) + ", ";
        return text.empty() ? number_text(common) : text + "the others " + number_text(common);
    }
    for (std::size_t i = 0; i < uses.size();) {
        std::string names = uses[i].optimizer;
        std::size_t j = i + 1;
        for (; j < uses.size() && uses[j].default_value == uses[i].default_value; ++j) names += "/" + uses[j].optimizer;
        text += (text.empty() ? "" : ", ") + names + " " + number_text(uses[i].default_value);
        i = j;
    }
    return text;
}

}  // namespace

std::vector<Flag> hyperparameter_flags() {
    std::vector<Flag> flags;
    for (const Hyperparameter& hyperparameter : kHyperparameters) {
        const std::vector<Use> uses = uses_of(hyperparameter);
        if (!hyperparameter.help || uses.empty()) continue;
        std::string help = hyperparameter.help;
        if (const auto at = help.find("{}"); at != std::string::npos) help.replace(at, 2, names_text(uses));
        flags.push_back(uses.front().on_off ? Flag::on_off(flag_name(hyperparameter), help)
                                            : shown_as(Flag::real(flag_name(hyperparameter), 0, help, 0,
                                                                  hyperparameter.flag_max),
                                                       defaults_text(uses)));
    }
    return flags;
}

std::vector<Flag> playground_flags() {
    std::vector<Flag> flags{
        Flag::choice("function", "rosenbrock", "playground: the test function", test_function_names()),
        Flag::choice("optimizer", "adam", "playground: the optimizer", optimizer_names())};
    for (Flag& flag : hyperparameter_flags()) flags.push_back(std::move(flag));
    flags.push_back(shown_as(Flag::point("start", "0,0", "playground: start point x,y", -1e6, 1e6),
                             "the function's own, e.g. rosenbrock -1.5,-1.5"));
    flags.push_back(Flag::integer("steps", 1000, "playground: optimizer steps", 0, 100000000));
    flags.push_back(Flag::real("grad-noise", 0.0,
                               "playground: σ of Gaussian noise added to each gradient (imitates SGD)", 0.0, 1e6));
    flags.push_back(
        shown_as(Flag::text("csv", "", "playground: write the trajectory step,x,y,f to this file"), "none"));
    return flags;
}

bool playground_requested(const Args& args) {
    for (const Flag& flag : playground_flags())
        if (args.given(flag.name)) return true;
    return false;
}

AnyOptions options_from_args(const Args& args) {
    const std::string& name = args.text("optimizer");
    std::vector<std::pair<std::string, double>> settings;
    for (const Hyperparameter& hyperparameter : kHyperparameters) {
        const std::vector<Use> uses = uses_of(hyperparameter);
        const std::string flag = flag_name(hyperparameter);
        if (!hyperparameter.help || uses.empty() || !args.given(flag)) continue;
        const auto use = std::find_if(uses.begin(), uses.end(), [&name](const Use& u) { return u.optimizer == name; });
        if (use == uses.end()) throw UsageError("--" + flag + " does not apply to --optimizer " + name);
        settings.emplace_back(hyperparameter.setting, use->on_off ? 1.0 : args.real(flag));
    }
    AnyOptions options = make_options(name, settings);
    try {
        validate(options);
    } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--optimizer ") + name + ": " + e.what());
    }
    return options;
}

void run_playground(const Args& args) {
    const TestFunction& function = test_function(args.text("function"));
    Point start = function.start;
    if (args.given("start")) {
        const auto p = args.point("start");
        if (p.size() != 2) throw UsageError("--start: expected two coordinates x,y, e.g. --start=-1.5,-1.5");
        start = {p[0], p[1]};
    }
    Optimizer optimizer(options_from_args(args));
    const RunOptions run_options{.steps = static_cast<std::size_t>(args.integer("steps")),
                                 .grad_noise = args.real("grad-noise"),
                                 .seed = args.seed()};
    say("Playground: %s on %s, %s", optimizer.describe().c_str(), function.name.c_str(), function.formula.c_str());
    say("  from (%.6g, %.6g), %zu steps%s.", start.x, start.y, run_options.steps,
        run_options.grad_noise > 0 ? (", gradient noise σ = " + fmt(run_options.grad_noise)).c_str() : "");
    const Trajectory run = run_on_function(function, optimizer, start, run_options);
    const std::size_t last = run.steps();
    say("  after %zu steps: (x, y) = (%.8g, %.8g), f = %.8g", last, run.x[last], run.y[last],
        run.f[last]);
    if (!function.minimizers.empty()) {
        double nearest = std::numeric_limits<double>::infinity();
        Point best;
        for (const Point& m : function.minimizers) {
            const double d = std::hypot(run.x[last] - m.x, run.y[last] - m.y);
            if (d < nearest) nearest = d, best = m;
        }
        say("  nearest global minimum (%.6g, %.6g), f = %.6g: distance %.3g, f − f* = %.3g", best.x,
            best.y, function.minimum, nearest,
            run.f[last] - function.minimum);
    } else {
        say("  %s has no minimum: f is unbounded below.", function.name.c_str());
    }
    if (args.given("csv")) {
        write_trajectory_csv(run, args.text("csv"));
        say("  wrote %zu row%s (steps 0 to %zu) to %s", run.x.size(), run.x.size() == 1 ? "" : "s", last,
            args.text("csv").c_str());
    }
    if (run.diverged())
        throw RuntimeFailure("the run diverged at step " + std::to_string(run.diverged_at) +
                             " (the point or f became NaN or infinite); try a smaller --lr than " +
                             fmt(optimizer.lr()));
}

}  // namespace course::optimizers
