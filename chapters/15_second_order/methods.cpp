// Given: the methods that the exercises make up — Newton's method in three variants, and BFGS, L-BFGS and
// nonlinear CG as chapter 10's UpdateRule, driven through Optimizer::step(params, closure).
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

#include "chapters/15_second_order/second_order.hpp"
#include "common/errors.hpp"

namespace course::second_order {

namespace {

using optimizers::Closure;
using optimizers::ParameterList;

// Records iteration k of a run (and the point, for 2-D problems); stops a divergent run.
void record(Run& run, const Problem& problem, const Vector& x, double f, const Vector& g) {
    if (!std::isfinite(f))
        throw RuntimeFailure(run.method + " on " + problem.name + ": f is " + std::to_string(f) + " after iteration " +
                             std::to_string(run.f.size()) + " (diverged; try a smaller learning rate)");
    if (problem.dim == 2) run.points.push_back(x);
    run.f.push_back(f);
    run.grad_norm.push_back(norm(g));
}

bool reached(const Run& run, const Problem& problem, const RunLimits& limits) {
    return run.f.back() - problem.minimum <= limits.target;
}
bool finished(const Run& run, const Problem& problem, const RunLimits& limits) {
    return reached(run, problem, limits) || run.grad_norm.back() <= limits.grad_tol ||
           run.iterations() >= limits.max_iterations;
}

// The parameters flattened into one vector, and back (a 1×n parameter here, any list in general).
Vector gather(const ParameterList& params, bool grads) {
    Vector v;
    for (const auto& p : params) {
        const Matrix& m = grads ? *p.grad : *p.value;
        v.insert(v.end(), m.values().begin(), m.values().end());
    }
    return v;
}
void scatter(const ParameterList& params, const Vector& v) {
    std::size_t at = 0;
    for (const auto& p : params)
        for (std::size_t i = 0; i < p.value->size(); ++i) p.value->data()[i] = v[at++];
}

// What BFGS, L-BFGS and CG share: the point, f and g carried from one step to the next, and a strong
// Wolfe search along p that leaves the parameters at the accepted point with f and g there.
class LineSearchRule : public optimizers::UpdateRule {
public:
    explicit LineSearchRule(double c2) : c2_(c2) {}
    void step(const ParameterList&) override {
        throw std::logic_error(name() + " searches along a line: call step(params, closure)");
    }
    double step(const ParameterList& params, const Closure& closure) override {
        optimizers::check_parameters(params, name().c_str());
        // The last line search left θ at the accepted point with f and ∇f known there: unless the caller
        // moved θ since, no need to evaluate again (torch.optim.LBFGS evaluates once per step() call).
        const Vector x_now = gather(params, false);
        double f0 = f_accepted_;
        if (steps_ == 0 || x_now != x_accepted_) {
            f0 = closure();
            g_ = gather(params, true);
        } else {
            g_ = g_accepted_;
        }
        x_ = x_now;
        if (norm(g_) == 0.0) return f0;  // at a stationary point: nothing to do
        Vector p = direction();
        double slope = dot(g_, p);
        if (!(slope < 0.0)) {  // not a descent direction: forget the curvature and go down the gradient
            forget();
            p = g_;
            for (double& v : p) v = -v;
            slope = dot(g_, p);
        }
        double l1 = 0.0;
        for (double v : g_) l1 += std::abs(v);
        LineSearchOptions options{.c2 = c2_, .alpha0 = steps_ == 0 ? std::min(1.0, 1.0 / l1) : first_trial(slope)};
        Vector trial_x(x_.size()), trial_g;
        double last_alpha = -1.0;
        const LineFunction phi = [&](double alpha) {
            for (std::size_t i = 0; i < x_.size(); ++i) trial_x[i] = x_[i] + alpha * p[i];
            scatter(params, trial_x);
            const double f = closure();
            trial_g = gather(params, true);
            last_alpha = alpha;
            return LinePoint{alpha, f, dot(trial_g, p)};
        };
        const LineSearchResult search = strong_wolfe(phi, {0.0, f0, slope}, options);
        if (search.point.alpha != last_alpha) phi(search.point.alpha);  // leave θ and its gradient at the accepted point
        Vector s(x_.size()), y(x_.size());
        for (std::size_t i = 0; i < x_.size(); ++i) s[i] = search.point.alpha * p[i], y[i] = trial_g[i] - g_[i];
        learn(s, y, p, trial_g);
        x_accepted_ = trial_x, f_accepted_ = search.point.phi, g_accepted_ = trial_g;
        previous_slope_ = slope;
        previous_alpha_ = search.point.alpha;
        ++steps_;
        return f0;
    }
    void reset() override {
        forget();
        steps_ = 0;
    }
    double lr() const override { return 1.0; }
    void set_lr(double) override {}
    std::int64_t steps() const override { return steps_; }

protected:
    virtual Vector direction() = 0;                    // from g_ and the rule's memory
    virtual void learn(const Vector& s, const Vector& y, const Vector& p, const Vector& g_new) = 0;
    virtual void forget() = 0;                         // drop the memory
    virtual double first_trial(double) const { return 1.0; }
    Vector x_, g_, x_accepted_, g_accepted_;
    double f_accepted_ = 0.0;
    double previous_slope_ = 0.0, previous_alpha_ = 1.0;

private:
    double c2_;
    std::int64_t steps_ = 0;
};

class Bfgs final : public LineSearchRule {
public:
    Bfgs() : LineSearchRule(0.9) {}
    std::unique_ptr<optimizers::UpdateRule> clone() const override { return std::make_unique<Bfgs>(*this); }
    std::string name() const override { return "bfgs"; }
    std::string describe() const override { return "BFGS(H0 = yᵀs/yᵀy·I, strong Wolfe c1=1e-4, c2=0.9)"; }

private:
    Vector direction() override {
        if (H_.rows() != g_.size()) H_ = Matrix::identity(g_.size()), scaled_ = false;
        Vector p = multiply(H_, g_);
        for (double& v : p) v = -v;
        return p;
    }
    void learn(const Vector& s, const Vector& y, const Vector&, const Vector&) override {
        if (!scaled_ && dot(y, s) > 0.0) {  // N&W (6.20): scale H₀ before the first update
            H_ = initial_scaling(s, y) * Matrix::identity(s.size());
            scaled_ = true;
        }
        bfgs_update(H_, s, y);
    }
    void forget() override { H_ = Matrix(); }
    Matrix H_;
    bool scaled_ = false;
};

class Lbfgs final : public LineSearchRule {
public:
    explicit Lbfgs(std::size_t memory) : LineSearchRule(0.9), memory_(memory) {
        if (memory == 0) throw std::invalid_argument("lbfgs: the memory must be at least 1 pair");
    }
    std::unique_ptr<optimizers::UpdateRule> clone() const override { return std::make_unique<Lbfgs>(*this); }
    std::string name() const override { return "lbfgs"; }
    std::string describe() const override {
        return "L-BFGS(history_size=" + std::to_string(memory_) + ", strong Wolfe c1=1e-4, c2=0.9)";
    }

private:
    Vector direction() override { return lbfgs_direction(g_, s_, y_); }
    void learn(const Vector& s, const Vector& y, const Vector&, const Vector&) override {
        if (!(dot(y, s) > 1e-10 * norm(s) * norm(y))) return;  // keep H positive definite
        if (s_.size() == memory_) s_.erase(s_.begin()), y_.erase(y_.begin());
        s_.push_back(s);
        y_.push_back(y);
    }
    void forget() override { s_.clear(), y_.clear(); }
    std::size_t memory_;
    std::vector<Vector> s_, y_;
};

// Polak–Ribière+: d = −g + β d₋₁, β = max(0, gᵀ(g − g₋₁)/‖g₋₁‖²); first trial α₋₁·φ'₋₁(0)/φ'(0) (N&W 3.60).
class NonlinearCg final : public LineSearchRule {
public:
    NonlinearCg() : LineSearchRule(0.1) {}
    std::unique_ptr<optimizers::UpdateRule> clone() const override { return std::make_unique<NonlinearCg>(*this); }
    std::string name() const override { return "cg"; }
    std::string describe() const override { return "nonlinear CG(Polak–Ribière+, strong Wolfe c1=1e-4, c2=0.1)"; }

private:
    Vector direction() override {
        Vector d(g_.size());
        double beta = 0.0;
        if (g_prev_.size() == g_.size()) {
            double num = 0.0;
            for (std::size_t i = 0; i < g_.size(); ++i) num += g_[i] * (g_[i] - g_prev_[i]);
            beta = std::max(0.0, num / dot(g_prev_, g_prev_));
        }
        for (std::size_t i = 0; i < g_.size(); ++i) d[i] = -g_[i] + (d_prev_.empty() ? 0.0 : beta * d_prev_[i]);
        return d;
    }
    void learn(const Vector&, const Vector&, const Vector& p, const Vector&) override {
        g_prev_ = g_;
        d_prev_ = p;
    }
    void forget() override { g_prev_.clear(), d_prev_.clear(); }
    double first_trial(double slope) const override {
        return d_prev_.empty() ? 1.0 : std::min(1.0, previous_alpha_ * previous_slope_ / slope);
    }
    Vector g_prev_, d_prev_;
};

}  // namespace

std::unique_ptr<optimizers::UpdateRule> make_bfgs() { return std::make_unique<Bfgs>(); }
std::unique_ptr<optimizers::UpdateRule> make_lbfgs(std::size_t memory) { return std::make_unique<Lbfgs>(memory); }
std::unique_ptr<optimizers::UpdateRule> make_nonlinear_cg() { return std::make_unique<NonlinearCg>(); }

Run run_optimizer(const Problem& problem, const Vector& start, optimizers::Optimizer optimizer, const std::string& label,
                  const RunLimits& limits) {
    if (start.size() != problem.dim)
        throw std::invalid_argument(label + ": the start has " + std::to_string(start.size()) + " coordinates, " +
                                    problem.name + " has " + std::to_string(problem.dim));
    Run run;
    run.method = label;
    Matrix theta = Matrix::row(start), grad(1, problem.dim);
    const optimizers::ParameterList params{{&theta, &grad}};
    const Closure closure = [&] {
        ++run.evaluations;
        const double f = problem.value(theta.values());
        const Vector g = problem.gradient(theta.values());
        std::copy(g.begin(), g.end(), grad.data());
        return f;
    };
    record(run, problem, start, problem.value(start), problem.gradient(start));  // the monitor is not counted
    while (!finished(run, problem, limits)) {
        optimizer.step(params, closure);
        record(run, problem, theta.values(), problem.value(theta.values()), problem.gradient(theta.values()));
    }
    run.converged = reached(run, problem, limits);
    return run;
}

Run newton(const Problem& problem, const Vector& start, NewtonVariant variant, const RunLimits& limits,
           bool finite_differences) {
    if (!finite_differences && !problem.hessian)
        throw std::invalid_argument("newton: " + problem.name + " has no analytic Hessian (use finite differences)");
    Run run;
    run.method = variant == NewtonVariant::pure ? "Newton" : variant == NewtonVariant::damped ? "damped Newton" : "Newton + Levenberg";
    Vector x = start;
    double f = problem.value(x);
    Vector g = problem.gradient(x);
    ++run.evaluations;
    record(run, problem, x, f, g);
    while (!finished(run, problem, limits)) {
        const Matrix H = finite_differences ? fd_hessian(problem.gradient, x) : problem.hessian(x);
        ++run.hessians;
        Vector p;
        if (variant == NewtonVariant::levenberg) {
            p = newton_direction(H, g).p;
        } else {
            Vector minus_g = g;
            for (double& v : minus_g) v = -v;
            p = solve(H, minus_g);
        }
        double alpha = 1.0;
        if (variant != NewtonVariant::pure && dot(g, p) < 0.0) {
            const LineSearchResult search = backtracking(line_of(problem, x, p), {0.0, f, dot(g, p)});
            run.evaluations += static_cast<std::size_t>(search.evaluations);
            alpha = search.point.alpha;
        } else {
            ++run.evaluations;  // f and ∇f at the new point
        }
        for (std::size_t i = 0; i < x.size(); ++i) x[i] += alpha * p[i];
        f = problem.value(x);
        g = problem.gradient(x);
        record(run, problem, x, f, g);
    }
    run.converged = reached(run, problem, limits);
    return run;
}

LineFunction line_of(const Problem& problem, const Vector& x, const Vector& p) {
    return [&problem, x, p](double alpha) {
        Vector at(x.size());
        for (std::size_t i = 0; i < x.size(); ++i) at[i] = x[i] + alpha * p[i];
        return LinePoint{alpha, problem.value(at), dot(problem.gradient(at), p)};
    };
}

}  // namespace course::second_order
