// Given: the playground (flags → options → one run → CSV).
#include "chapters/10_optimizers/playground.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/10_optimizers/runs.hpp"
#include "chapters/10_optimizers/test_functions.hpp"
#include "common/errors.hpp"
#include "common/say.hpp"

namespace course::optimizers {

namespace {

// Command-line flag → PyTorch's setting name. Real-valued ones first, then the switches.
const std::vector<std::pair<std::string, std::string>> kRealFlags{
    {"lr", "lr"},         {"momentum", "momentum"}, {"dampening", "dampening"}, {"weight-decay", "weight_decay"},
    {"alpha", "alpha"},   {"rho", "rho"},           {"beta1", "beta1"},         {"beta2", "beta2"},
    {"eps", "eps"},       {"lr-decay", "lr_decay"}, {"momentum-decay", "momentum_decay"}};
const std::vector<std::string> kSwitches{"nesterov", "centered", "amsgrad"};

// A hyperparameter whose default depends on the optimizer: --help shows `defaults` as the default, and
// an unset flag is never read (make_options starts from the optimizer's own defaults).
Flag per_optimizer(Flag flag, std::string defaults) {
    flag.default_value = std::move(defaults);
    return flag;
}

}  // namespace

std::vector<Flag> playground_flags() {
    return {
        Flag::choice("function", "rosenbrock", "playground: the test function", test_function_names()),
        Flag::choice("optimizer", "adam", "playground: the optimizer", optimizer_names()),
        per_optimizer(Flag::real("lr", 0, "learning rate", 0, 1e6),
                      "sgd 0.001, adagrad 0.01, adadelta 1, rmsprop 0.01, adam/adamw 0.001, adamax/nadam 0.002"),
        per_optimizer(Flag::real("momentum", 0, "momentum factor μ of sgd and rmsprop", 0, 1e3), "0"),
        per_optimizer(Flag::real("dampening", 0, "dampening τ of sgd's momentum", 0, 1), "0"),
        per_optimizer(Flag::real("weight-decay", 0, "weight decay λ", 0, 1e3), "adamw 0.01, the others 0"),
        per_optimizer(Flag::real("alpha", 0, "rmsprop's smoothing constant α", 0, 1), "0.99"),
        per_optimizer(Flag::real("rho", 0, "adadelta's decay ρ", 0, 1), "0.9"),
        per_optimizer(Flag::real("beta1", 0, "β₁ of adam, adamw, adamax and nadam", 0, 0.99999), "0.9"),
        per_optimizer(Flag::real("beta2", 0, "β₂ of adam, adamw, adamax and nadam", 0, 0.99999), "0.999"),
        per_optimizer(Flag::real("eps", 0, "ε, added to the denominator", 0, 1),
                      "adagrad 1e-10, adadelta 1e-6, the others 1e-8"),
        per_optimizer(Flag::real("lr-decay", 0, "adagrad's learning-rate decay", 0, 1e3), "0"),
        per_optimizer(Flag::real("momentum-decay", 0, "nadam's momentum decay ψ", 0, 1e3), "0.004"),
        Flag::on_off("nesterov", "sgd: Nesterov momentum (needs --momentum > 0, no dampening)"),
        Flag::on_off("centered", "rmsprop: the centred variant"),
        Flag::on_off("amsgrad", "adam, adamw: the AMSGrad variant"),
        per_optimizer(Flag::point("start", "0,0", "playground: start point x,y", -1e6, 1e6),
                      "the function's own, e.g. rosenbrock -1.5,-1.5"),
        Flag::integer("steps", 1000, "playground: optimizer steps", 0, 100000000),
        Flag::real("grad-noise", 0.0, "playground: σ of Gaussian noise added to each gradient (imitates SGD)", 0.0,
                   1e6),
        per_optimizer(Flag::text("csv", "", "playground: write the trajectory step,x,y,f to this file"), "none"),
    };
}

bool playground_requested(const Args& args) {
    for (const char* name : {"function", "optimizer", "start", "steps", "grad-noise", "csv"})
        if (args.given(name)) return true;
    for (const auto& [flag, setting] : kRealFlags)
        if (args.given(flag)) return true;
    for (const auto& flag : kSwitches)
        if (args.given(flag)) return true;
    return false;
}

AnyOptions options_from_args(const Args& args) {
    const std::string& name = args.text("optimizer");
    std::vector<std::pair<std::string, double>> settings;
    for (const auto& [flag, setting] : kRealFlags)
        if (args.given(flag)) {
            settings.emplace_back(setting, args.real(flag));
            try {
                make_options(name, settings);
            } catch (const std::invalid_argument&) {
                throw UsageError("--" + flag + " does not apply to --optimizer " + name);
            }
        }
    for (const auto& flag : kSwitches)
        if (args.on(flag)) {
            settings.emplace_back(flag, 1.0);
            try {
                make_options(name, settings);
            } catch (const std::invalid_argument&) {
                throw UsageError("--" + flag + " does not apply to --optimizer " + name);
            }
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
