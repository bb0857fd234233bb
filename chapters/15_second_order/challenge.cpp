// Chapter 15, given code: the challenge of part III (see challenge.hpp).
#include "chapters/15_second_order/challenge.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <utility>

#include "common/errors.hpp"

namespace course::second_order {

namespace {

const std::vector<std::string> kMethods{"newton", "bfgs", "lbfgs", "cg", "steepest"};

std::vector<Flag> part3_keys() {
    return {
        Flag::choice("method", "bfgs", "the direction", kMethods),
        Flag::choice("line-search", "wolfe", "strong Wolfe (15.4), Armijo backtracking (15.3) or none (α = α₀)",
                     {"wolfe", "backtracking", "none"}),
        Flag::real("c1", 1e-4, "sufficient decrease: φ(α) ≤ φ(0) + c1·α·φ'(0)", 1e-12, 0.5),
        Flag::real("c2", 0.9, "wolfe: curvature, |φ'(α)| ≤ c2·|φ'(0)| (above c1)", 1e-9, 0.999999),
        Flag::real("shrink", 0.5, "backtracking: α ← shrink·α", 0.01, 0.99),
        Flag::integer("max-trials", 60, "wolfe, backtracking: trials before a search gives up", 1, 1000),
        Flag::text("first-step", "auto",
                   "α₀ of the first iteration: auto = 1 for newton, min(1, 1/‖∇f(x₀)‖₁) for the others; or a number in (0, 100]"),
        Flag::integer("memory", 10, "lbfgs: the (s, y) pairs kept", 1, 100),
        Flag::choice("hessian", "exact", "newton: the exact Hessian (2 evaluations) or your 15.1 (4 gradients)",
                     {"exact", "finite-differences"}),
        Flag::real("fd-step", 1e-5, "newton with finite-differences: the step h of 15.1", 1e-12, 0.1),
        Flag::real("levenberg-beta", 1e-3, "newton: β of the Levenberg-style fix (15.2)", 1e-12, 1e6),
        Flag::choice("scale-h0", "yes", "bfgs: H₀ = (sᵀy/yᵀy)·I before the first update", {"yes", "no"}),
    };
}

const std::vector<std::pair<std::string, std::vector<std::string>>> kAppliesTo{
    {"memory", {"lbfgs"}},          {"hessian", {"newton"}}, {"fd-step", {"newton"}},
    {"levenberg-beta", {"newton"}}, {"scale-h0", {"bfgs"}},
};

// The only way the method reaches f: every call is charged to the budget before it is made, and the
// first evaluation at which f − f* ≤ target ends the run (Stop unwinds the method; reached_at keeps it).
class Oracle {
public:
    Oracle(const Problem& problem, const Part3Setup& setup) : problem_(problem), setup_(setup), budget_(setup.budget) {}

    std::pair<double, Vector> value_and_gradient(const Vector& x) {
        check(x);
        budget_.charge(1);
        const double f = problem_.value(x);
        const double gap = f - problem_.minimum;
        if (gap < best_gap_) best_gap_ = gap;
        if (gap <= setup_.target) {
            reached_at_ = budget_.used();
            budget_.finish("the target is reached");
            throw challenge::Stop{"the target is reached"};
        }
        return {f, problem_.gradient(x)};
    }
    Vector gradient(const Vector& x) {
        check(x);
        budget_.charge(1);
        return problem_.gradient(x);
    }
    Matrix hessian(const Vector& x) {
        check(x);
        budget_.charge(problem_.dim);
        return problem_.hessian(x);
    }
    std::size_t reached_at() const { return reached_at_; }
    double best_gap() const { return best_gap_; }
    const challenge::EvaluationBudget& budget() const { return budget_; }

private:
    void check(const Vector& x) const {
        if (x.size() != problem_.dim)
            throw std::invalid_argument("a point with " + std::to_string(x.size()) + " coordinates was evaluated; " +
                                        problem_.name + " has " + std::to_string(problem_.dim));
    }
    const Problem& problem_;
    const Part3Setup& setup_;
    challenge::EvaluationBudget budget_;
    std::size_t reached_at_ = 0;
    double best_gap_ = std::numeric_limits<double>::infinity();
};

Vector negated(Vector v) {
    for (double& x : v) x = -x;
    return v;
}

// What the method remembers between iterations: BFGS's H, L-BFGS's pairs, CG's last gradient and direction.
struct Memory {
    Matrix H;
    bool scaled = false;
    std::vector<Vector> s, y;
    Vector g_prev, d_prev;
    void forget() { *this = Memory{}; }
};

Vector direction_of(const Part3Method& m, Oracle& oracle, const Vector& x, const Vector& g, Memory& memory) {
    if (m.direction == "newton") {
        const Matrix H = m.finite_differences
                             ? fd_hessian([&](const Vector& at) { return oracle.gradient(at); }, x, m.fd_step)
                             : oracle.hessian(x);
        return newton_direction(H, g, m.levenberg_beta).p;
    }
    if (m.direction == "bfgs") {
        if (memory.H.rows() != g.size()) memory.H = Matrix::identity(g.size());
        return negated(multiply(memory.H, g));
    }
    if (m.direction == "lbfgs") return lbfgs_direction(g, memory.s, memory.y);
    Vector d = negated(g);
    if (m.direction == "cg" && memory.g_prev.size() == g.size()) {  // Polak–Ribière+
        double num = 0.0;
        for (std::size_t i = 0; i < g.size(); ++i) num += g[i] * (g[i] - memory.g_prev[i]);
        const double beta = std::max(0.0, num / dot(memory.g_prev, memory.g_prev));
        for (std::size_t i = 0; i < g.size(); ++i) d[i] += beta * memory.d_prev[i];
    }
    return d;
}

void learn(const Part3Method& m, const Vector& s, const Vector& y, const Vector& g, const Vector& p, Memory& memory) {
    if (m.direction == "bfgs") {
        if (m.scale_h0 && !memory.scaled && dot(y, s) > 0.0) {
            memory.H = initial_scaling(s, y) * Matrix::identity(s.size());
            memory.scaled = true;
        }
        bfgs_update(memory.H, s, y);
    } else if (m.direction == "lbfgs") {
        if (!(dot(y, s) > 1e-10 * norm(s) * norm(y))) return;  // keep H positive definite
        if (memory.s.size() == m.memory) memory.s.erase(memory.s.begin()), memory.y.erase(memory.y.begin());
        memory.s.push_back(s);
        memory.y.push_back(y);
    } else if (m.direction == "cg") {
        memory.g_prev = g;
        memory.d_prev = p;
    }
}

std::string point_text(const Vector& x) {
    std::string text = "(";
    for (std::size_t i = 0; i < x.size(); ++i) {
        char number[32];
        std::snprintf(number, sizeof number, "%g", x[i]);
        text += (i ? ", " : "") + std::string(number);
    }
    return text + ")";
}

// The iterations of the harness's loop, until the oracle ends the run (Stop) or the method stalls.
void iterate(const Part3Method& m, Oracle& oracle, const Vector& start, Part3Run& run) {
    Vector x = start;
    auto [f, g] = oracle.value_and_gradient(x);
    Memory memory;
    double previous_alpha = 1.0, previous_slope = 0.0;
    for (;;) {
        // Every iteration evaluates at least once, so the budget ends a run; this catches a method
        // that stands still on points it has already evaluated.
        if (run.iterations >= oracle.budget().limit()) throw challenge::Stop{"no progress in " + std::to_string(run.iterations) + " iterations"};
        ++run.iterations;
        Vector p = direction_of(m, oracle, x, g, memory);
        double slope = p.size() == g.size() ? dot(g, p) : std::numeric_limits<double>::quiet_NaN();
        if (!(slope < 0.0)) {  // not a descent direction: forget the curvature and go down the gradient
            memory.forget();
            p = negated(g);
            slope = dot(g, p);
            if (!(slope < 0.0)) throw challenge::Stop{"the gradient vanished at " + point_text(x) + ", not the minimum"};
        }
        double l1 = 0.0;
        for (double v : g) l1 += std::abs(v);
        const bool quasi_newton = m.direction == "newton" || m.direction == "bfgs" || m.direction == "lbfgs";
        double alpha0 = quasi_newton ? 1.0 : std::min(1.0, previous_alpha * previous_slope / slope);  // N&W (3.60)
        // The first: Newton's step has its scale; the others' first direction is −g itself (H₀ = I), so
        // a step of at most 1/‖g‖₁ (as torch.optim.LBFGS and chapter 15).
        if (run.iterations == 1) alpha0 = m.first_step ? *m.first_step : m.direction == "newton" ? 1.0 : std::min(1.0, 1.0 / l1);
        // φ(α) = f(x + αp): each trial is one evaluation, remembered so that the accepted one is not paid twice.
        std::vector<std::pair<double, std::pair<double, Vector>>> trials;
        const LineFunction phi = [&](double alpha) {
            Vector at(x.size());
            for (std::size_t i = 0; i < x.size(); ++i) at[i] = x[i] + alpha * p[i];
            auto evaluated = oracle.value_and_gradient(at);
            trials.push_back({alpha, evaluated});
            return LinePoint{alpha, evaluated.first, dot(evaluated.second, p)};
        };
        double alpha = alpha0;
        if (m.line_search) {
            LineSearchOptions options = m.options;
            options.alpha0 = alpha0;
            alpha = m.line_search(phi, {0.0, f, slope}, options).point.alpha;
        } else {
            phi(alpha);
        }
        if (!std::isfinite(alpha) || !(alpha > 0.0))
            throw challenge::Stop{"the line search returned α = " + point_text({alpha}).substr(1, point_text({alpha}).size() - 2) +
                                  " at " + point_text(x)};
        Vector x_new(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) x_new[i] = x[i] + alpha * p[i];
        const auto known = std::find_if(trials.rbegin(), trials.rend(), [&](const auto& t) { return t.first == alpha; });
        auto [f_new, g_new] = known != trials.rend() ? known->second : oracle.value_and_gradient(x_new);
        Vector s(x.size()), y(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) s[i] = x_new[i] - x[i], y[i] = g_new[i] - g[i];
        learn(m, s, y, g, p, memory);
        previous_alpha = alpha;
        previous_slope = slope;
        x = std::move(x_new);
        f = f_new;
        g = std::move(g_new);
    }
}

}  // namespace

Part3Method part3_method(const Args& config) {
    Part3Method m;
    m.direction = config.text("method");
    for (const auto& [key, methods] : kAppliesTo)
        if (config.given(key) && std::find(methods.begin(), methods.end(), m.direction) == methods.end())
            throw UsageError(key + " applies to method " + methods[0] + " only, not to " + m.direction);
    const std::string& search = config.text("line-search");
    if (config.given("c2") && search != "wolfe") throw UsageError("c2 applies to line-search wolfe only");
    if (config.given("shrink") && search != "backtracking") throw UsageError("shrink applies to line-search backtracking only");
    if ((config.given("c1") || config.given("max-trials")) && search == "none")
        throw UsageError(std::string(config.given("c1") ? "c1" : "max-trials") + " applies to a line search, not to line-search none");
    if (config.given("fd-step") && config.text("hessian") != "finite-differences")
        throw UsageError("fd-step applies to hessian finite-differences only");
    m.options.c1 = config.real("c1");
    m.options.c2 = config.real("c2");
    if (search == "wolfe" && !(m.options.c1 < m.options.c2))
        throw UsageError("c1 (" + config.text("c1") + ") must be below c2 (" + config.text("c2") + ")");
    m.options.shrink = config.real("shrink");
    m.options.max_evaluations = static_cast<int>(config.integer("max-trials"));
    if (search == "wolfe") m.line_search = [](const LineFunction& phi, LinePoint at0, const LineSearchOptions& o) { return strong_wolfe(phi, at0, o); };
    if (search == "backtracking") m.line_search = [](const LineFunction& phi, LinePoint at0, const LineSearchOptions& o) { return backtracking(phi, at0, o); };
    const std::string& first = config.text("first-step");
    if (first != "auto") {
        char* end = nullptr;
        const double value = std::strtod(first.c_str(), &end);
        if (first.empty() || *end != '\0' || !(value > 0.0) || value > 100.0)
            throw UsageError("first-step: expected auto or a number in (0, 100], got '" + first + "'");
        m.first_step = value;
    }
    m.memory = static_cast<std::size_t>(config.integer("memory"));
    m.finite_differences = config.text("hessian") == "finite-differences";
    m.fd_step = config.real("fd-step");
    m.levenberg_beta = config.real("levenberg-beta");
    m.scale_h0 = config.text("scale-h0") == "yes";
    return m;
}

Part3Run run_part3_start(const Part3Method& method, const Vector& start, const Part3Setup& setup) {
    const Problem problem = problems::rosenbrock(start.size());
    Oracle oracle(problem, setup);
    Part3Run run;
    try {
        iterate(method, oracle, start, run);
    } catch (const challenge::Stop& stop) {
        run.why = stop.reason;
    }
    // Whatever the method did after it (a catch (...) that carried on), the first evaluation at the
    // target is the one that counts.
    run.reached = oracle.reached_at() > 0;
    run.evaluations = run.reached ? oracle.reached_at() : oracle.budget().used();
    run.best_gap = oracle.best_gap();
    return run;
}

challenge::Score score_part3(const Part3Method& method, const Part3Setup& setup) {
    challenge::Score score;
    std::size_t total = 0;
    char gap[32], target[32];
    std::snprintf(target, sizeof target, "%g", setup.target);
    if (char* zero = std::strstr(target, "e-0")) std::memmove(zero + 2, zero + 3, std::strlen(zero + 3) + 1);  // 1e-8
    for (const Vector& start : setup.starts) {
        const Part3Run run = run_part3_start(method, start, setup);
        std::snprintf(gap, sizeof gap, "%.3g", run.best_gap);
        if (!run.reached)
            throw RuntimeFailure("from " + point_text(start) + ": f − f* did not reach " + target + " (" + run.why +
                                 "; the best f − f* was " + gap + " after " + challenge::thousands(run.evaluations) +
                                 " evaluations)");
        total += run.evaluations;
        score.details.push_back("from " + point_text(start) + ": " + std::to_string(run.evaluations) + " evaluations, " +
                                std::to_string(run.iterations) + " iterations");
    }
    score.text = std::to_string(total);
    score.value = static_cast<double>(total);
    return score;
}

challenge::Definition part3_challenge() {
    return {
        .id = "part3",
        .name = "Part III: Rosenbrock to 1e-8 from 4 starts (evaluations)",
        .goal = "The fewest evaluations of f and its gradient to reach Rosenbrock's minimum to 1e-8 from four "
                "starts, with your Newton, BFGS, L-BFGS, CG or steepest descent and line search (chapter 15).",
        .order = challenge::Order::ascending,
        .reference = "163",  // measured: make check-challenge keeps it true
        .keys = part3_keys(),
        .run = [](const Args& config, bool) { return score_part3(part3_method(config), Part3Setup{}); },
    };
}

}  // namespace course::second_order
