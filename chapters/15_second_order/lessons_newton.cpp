// Given: the program's first lessons — Newton's method, negative curvature, line searches — and their
// figures 37, 39 and 41.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/15_second_order/lecture.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace course::second_order {

namespace {

namespace opt = optimizers;

std::vector<double> xs_of(const Run& run, std::size_t limit = 1000000) {
    std::vector<double> v;
    for (std::size_t k = 0; k < run.points.size() && k <= limit; ++k) v.push_back(run.points[k][0]);
    return v;
}
std::vector<double> ys_of(const Run& run, std::size_t limit = 1000000) {
    std::vector<double> v;
    for (std::size_t k = 0; k < run.points.size() && k <= limit; ++k) v.push_back(run.points[k][1]);
    return v;
}
// f − f*, floored at 1e-17 for a log axis.
std::vector<double> gaps(const Run& run, const Problem& problem, std::size_t limit) {
    std::vector<double> v;
    for (std::size_t k = 0; k < run.f.size() && k <= limit; ++k) v.push_back(std::max(run.f[k] - problem.minimum, 1e-17));
    return v;
}
std::string point_text(const Vector& x) { return "(" + fmt(x[0], 4) + ", " + fmt(x[1], 4) + ")"; }

const plot::Color kMethodColor[] = {plot::colors::gray, plot::colors::blue, plot::colors::orange, plot::colors::green,
                                    plot::colors::red, plot::colors::purple};

}  // namespace

std::vector<double> distances_to_minimum(const Run& run, const Problem& problem) {
    std::vector<double> d;
    for (const Vector& x : run.points) {
        double best = INFINITY;
        for (const Vector& m : problem.minimizers) {
            double s = 0.0;
            for (std::size_t i = 0; i < x.size(); ++i) s += (x[i] - m[i]) * (x[i] - m[i]);
            best = std::min(best, std::sqrt(s));
        }
        d.push_back(best);
    }
    return d;
}

void newton_lesson(const Settings& settings) {
    const Problem rosen = problems::rosenbrock(2);
    say("1. Newton's method minimises the quadratic model f(x + p) ≈ f + gᵀp + ½pᵀHp: p = −H⁻¹g. On Rosenbrock");
    say("   %s from the standard start (−1.2, 1), with the exact Hessian:", rosen.formula.c_str());
    const Run pure = newton(rosen, rosen.start, NewtonVariant::pure, {.target = 0.0, .grad_tol = 1e-15, .max_iterations = 8});
    const std::vector<double> dist = distances_to_minimum(pure, rosen);
    say("    k   x                      f − f*         ‖x − x*‖");
    for (std::size_t k = 0; k < pure.f.size(); ++k)
        say("   %2zu   %-22s %-14.3g %.3g", k, point_text(pure.points[k]).c_str(), pure.f[k], dist[k]);
    say("   Step 2 goes up to f = %.3g: far from x* the full step trusts the quadratic model too far. Near x* the",
        pure.f[2]);
    say("   error is squared at every step (%.2g → %.2g → %.2g): quadratic convergence.", dist[4],
        dist[5], dist[6]);
    const Matrix exact = rosen.hessian(rosen.start), approx = fd_hessian(rosen.gradient, rosen.start);
    double worst = 0.0;
    for (std::size_t i = 0; i < 2; ++i)
        for (std::size_t j = 0; j < 2; ++j) worst = std::max(worst, std::abs(exact(i, j) - approx(i, j)));
    say("   The finite-difference Hessian (exercise 15.1, 2n = 4 gradient calls) differs from the exact one at the");
    say("   start by at most %.2g (its entries reach %.5g).", worst, exact(0, 0));
    const RunLimits limits{.target = settings.target, .max_iterations = 200};
    const Run damped = newton(rosen, rosen.start, NewtonVariant::damped, limits);
    const Run fd = newton(rosen, rosen.start, NewtonVariant::damped, limits, true);
    const Run bfgs = run_optimizer(rosen, rosen.start, opt::Optimizer(make_bfgs()), "BFGS", limits);
    const Run gd = run_optimizer(rosen, rosen.start, opt::Optimizer(opt::SgdOptions{.lr = 1e-3}), "GD (lr 1e-3)",
                                 {.target = settings.target, .max_iterations = settings.max_iterations});
    say("   Damped Newton (Armijo backtracking on each Newton step) needs %zu iterations, with the finite-difference",
        damped.iterations());
    say("   Hessian %zu; BFGS %zu; gradient descent %s.", fd.iterations(), bfgs.iterations(),
        gd.converged ? (std::to_string(gd.iterations()) + " iterations").c_str()
                     : ("has f − f* = " + fmt(gd.f.back(), 3) + " after " + std::to_string(gd.iterations())).c_str());

    plot::Figure fig(1500, 620, 1, 2);
    plot::Axes& map = fig.subplot(0, 0);
    map.contourf(plot::sample([&](double x, double y) { return rosen.value({x, y}); }, -2, 2, -3.5, 3, 160, 200),
                 {.n_levels = 18, .log_levels = true});
    map.colorbar("f (log levels)");
    const std::vector<const Run*> runs{&gd, &pure, &damped, &bfgs};
    const std::vector<std::string> labels{"GD, lr 1e-3 (first 2000 steps)", "Newton (full steps)", "damped Newton", "BFGS"};
    for (std::size_t m = 0; m < runs.size(); ++m) {
        const std::size_t limit = m == 0 ? 2000 : 1000000;
        map.plot(xs_of(*runs[m], limit), ys_of(*runs[m], limit),
                 {.color = kMethodColor[m + 1 == 1 ? 0 : m + 1], .width = 2.0, .label = labels[m],
                  .marker = m == 0 ? plot::Marker::none : plot::Marker::circle, .marker_size = 5});
    }
    map.marker(1, 1, {.label = "minimum (1, 1)"}).marker(-1.2, 1, {.marker = plot::Marker::square, .color = plot::colors::white, .size = 10, .label = "start (−1.2, 1)"});
    map.xlim(-2, 2).ylim(-3.5, 3).title("Paths on Rosenbrock").xlabel("x").ylabel("y").legend();
    plot::Axes& curve = fig.subplot(0, 1);
    for (std::size_t m = 0; m < runs.size(); ++m) {
        const std::vector<double> g = gaps(*runs[m], rosen, 60);
        curve.plot(plot::index_axis(g.size()), g, {.color = kMethodColor[m + 1 == 1 ? 0 : m + 1], .label = labels[m].substr(0, labels[m].find(" (first")),
                                                    .marker = plot::Marker::circle, .marker_size = 4});
    }
    curve.axhline(settings.target, {.color = plot::colors::gray, .width = 1.0, .style = plot::LineStyle::dashed, .label = "target 1e-8"});
    curve.yscale(plot::Scale::log).xlim(0, 60).title("f − f* against iteration").xlabel("iteration k").ylabel("f(xₖ) − f*").grid().legend();
    fig.suptitle("Figure 37. Newton's method on Rosenbrock: few steps, each using the curvature");
    const std::string path = settings.out + "/37_newton_rosenbrock.png";
    fig.save(path);
    say("   Wrote %s", path.c_str());
}

void negative_curvature_lesson(const Settings& settings) {
    const Problem h = problems::himmelblau();
    say("2. Negative curvature. Newton's step solves Hp = −g: it heads for the stationary point of the model, a");
    say("   maximum or saddle when H is not positive definite. On Himmelblau (four minima, a maximum, four saddles):");
    const std::vector<Vector> starts{{0.5, 2.5}, {-0.5, -0.2}, {-2.5, 0.5}};
    const RunLimits limits{.target = settings.target, .grad_tol = 1e-10, .max_iterations = 100};
    std::vector<Run> runs;
    for (const Vector& s : starts) {
        const Matrix H = h.hessian(s);
        const double tr = H(0, 0) + H(1, 1), det = H(0, 0) * H(1, 1) - H(0, 1) * H(0, 1);
        const double disc = std::sqrt(0.25 * tr * tr - det);
        const NewtonDirection fixed = newton_direction(H, h.gradient(s));
        say("   from %-12s λ(H) = %.3g, %.3g; the Levenberg fix adds τ = %.3g", point_text(s).c_str(), 0.5 * tr - disc,
            0.5 * tr + disc, fixed.tau);
        for (NewtonVariant v : {NewtonVariant::pure, NewtonVariant::levenberg}) {
            runs.push_back(newton(h, s, v, limits));
            const Run& r = runs.back();
            const Matrix He = h.hessian(r.points.back());
            const double t2 = He(0, 0) + He(1, 1), d2 = He(0, 0) * He(1, 1) - He(0, 1) * He(0, 1);
            const char* kind = d2 < 0 ? "a saddle" : t2 < 0 ? "the maximum" : "a minimum";
            say("      %-19s → %-18s f = %-9.3g after %2zu iterations: %s", r.method.c_str(), point_text(r.points.back()).c_str(),
                r.f.back(), r.iterations(), kind);
        }
    }
    plot::Figure fig(1500, 620, 1, 2);
    for (int panel = 0; panel < 2; ++panel) {
        plot::Axes& ax = fig.subplot(0, panel);
        ax.contourf(plot::sample([&](double x, double y) { return h.value({x, y}); }, -5, 5, -5, 5, 160, 160),
                    {.n_levels = 16, .log_levels = true});
        if (panel == 1) ax.colorbar("f (log levels)");
        for (std::size_t s = 0; s < starts.size(); ++s) {
            const Run& r = runs[2 * s + static_cast<std::size_t>(panel)];
            ax.plot(xs_of(r), ys_of(r), {.color = plot::tab10(static_cast<int>(s) + 1), .width = 2.0,
                                         .label = "from " + point_text(starts[s]), .marker = plot::Marker::circle, .marker_size = 5});
            ax.marker(r.points.back()[0], r.points.back()[1], {.marker = plot::Marker::x, .color = plot::colors::white, .size = 12});
        }
        ax.title(panel == 0 ? "Pure Newton: stops at whatever H points to" : "Newton + Levenberg (H + τI ≻ 0): always downhill")
            .xlabel("x").ylabel("y").xlim(-5, 5).ylim(-5, 5).legend();
    }
    fig.suptitle("Figure 41. Himmelblau: Newton's step follows the curvature, uphill too; shifting H fixes it");
    const std::string path = settings.out + "/41_negative_curvature.png";
    fig.save(path);
    say("   Wrote %s", path.c_str());
}

void line_search_lesson(const Settings& settings) {
    const Problem rosen = problems::rosenbrock(2);
    const Vector x = rosen.start;
    Vector p = rosen.gradient(x);
    const double gnorm = norm(p);
    for (double& v : p) v = -v / gnorm;  // the unit steepest-descent direction
    const LineFunction phi = line_of(rosen, x, p);
    const LinePoint at0 = phi(0.0);
    say("3. Line searches. Along the unit steepest-descent direction at (−1.2, 1), φ(α) = f(x + αp) has φ(0) = %.4g,",
        at0.phi);
    say("   φ'(0) = %.4g. Sufficient decrease (Armijo, c1 = 1e-4): φ(α) ≤ φ(0) + c1·α·φ'(0); curvature (strong Wolfe,", at0.dphi);
    say("   c2 = 0.9): |φ'(α)| ≤ c2·|φ'(0)|.");
    const LineSearchResult back = backtracking(phi, at0, {.alpha0 = 1.0});
    const LineSearchResult wolfe = strong_wolfe(phi, at0, {.alpha0 = 1.0});
    const LineSearchResult tight = strong_wolfe(phi, at0, {.c2 = 0.1, .alpha0 = 1.0});
    const auto show = [&](const char* name, const LineSearchResult& r) {
        std::string trials;
        for (const LinePoint& t : r.trials) trials += fmt(t.alpha, 3) + " ";
        say("   %-22s tries α = %s→ α = %.4g, φ = %.4g, φ' = %.3g (%d evaluations)", name, trials.c_str(), r.point.alpha,
            r.point.phi, r.point.dphi, r.evaluations);
    };
    show("backtracking (ρ = ½):", back);
    show("strong Wolfe, c2 = 0.9:", wolfe);
    show("strong Wolfe, c2 = 0.1:", tight);
    say("   Backtracking only shrinks, so it stops at the first α that decreases f enough, however short; the Wolfe");
    say("   search also rejects steps whose slope is still steep, which BFGS needs to keep yᵀs > 0.");

    plot::Figure fig(1100, 620);
    plot::Axes& ax = fig.axes();
    const double top = 1.05;
    std::vector<double> as, fs, armijo;
    for (int i = 0; i <= 700; ++i) {
        const double a = top * i / 700.0;
        as.push_back(a);
        fs.push_back(std::min(phi(a).phi, 40.0));
        armijo.push_back(at0.phi + 1e-4 * a * at0.dphi);
    }
    // Below the axis, one strip per condition: filled where it holds.
    struct Strip {
        const char* label;
        double c2;  // 0: sufficient decrease only
        plot::Color color;
    };
    const Strip strips[] = {{"sufficient decrease (c1 = 1e-4) holds", 0.0, plot::colors::green},
                            {"strong Wolfe, c2 = 0.9, holds", 0.9, plot::colors::blue},
                            {"strong Wolfe, c2 = 0.1, holds", 0.1, plot::colors::purple}};
    for (int k = 0; k < 3; ++k) {
        std::vector<double> lo(as.size(), -2.0 * (k + 1)), hi(as.size(), -2.0 * (k + 1));
        for (std::size_t i = 0; i < as.size(); ++i) {
            const LinePoint t = phi(as[i]);
            const bool ok = t.phi <= armijo[i] && (strips[k].c2 == 0.0 || std::abs(t.dphi) <= strips[k].c2 * std::abs(at0.dphi));
            if (ok) hi[i] = lo[i] + 1.6;
        }
        ax.fill_between(as, lo, hi, {.color = strips[k].color, .alpha = 0.55, .label = strips[k].label});
    }
    ax.axhline(0.0, {.color = plot::colors::black, .width = 0.8});
    ax.plot(as, fs, {.color = plot::colors::black, .width = 2.2, .label = "φ(α) = f(x + αp)"});
    ax.plot(as, armijo, {.color = plot::colors::green, .width = 1.4, .style = plot::LineStyle::dashed, .label = "φ(0) + c1·α·φ'(0)"});
    std::vector<double> ba, bf, wa, wf;
    for (const LinePoint& t : back.trials) ba.push_back(t.alpha), bf.push_back(std::min(t.phi, 39.0));
    for (const LinePoint& t : wolfe.trials) wa.push_back(t.alpha), wf.push_back(std::min(t.phi, 39.0));
    // Both searches start at α = 1 and Wolfe's last trial is the accepted α, so the marks are nested, the
    // larger under the smaller: square, star, circle; each trial is numbered in its search's order.
    ax.scatter(ba, bf, {.color = plot::colors::orange, .size = 15, .marker = plot::Marker::square, .label = "backtracking trials 1, 2, 3", .alpha = 1.0});
    ax.scatter({wolfe.point.alpha}, {wolfe.point.phi}, {.color = plot::colors::cyan, .size = 24, .marker = plot::Marker::star,
                                                        .label = "Wolfe's accepted α", .alpha = 1.0, .edge_color = plot::colors::black});
    ax.scatter(wa, wf, {.color = plot::colors::blue, .size = 7, .marker = plot::Marker::circle, .label = "strong Wolfe trials 1, 2", .alpha = 1.0,
                        .edge_color = plot::colors::white});
    for (std::size_t k = 0; k < ba.size(); ++k) {
        ax.text(ba[k] + 0.012, bf[k] - 2.2, std::to_string(k + 1), {.color = plot::colors::orange, .size = 12});
    }
    for (std::size_t k = 0; k < wa.size(); ++k) {
        ax.text(wa[k] - 0.012, wf[k] - 2.2, std::to_string(k + 1), {.color = plot::colors::blue, .size = 12, .align = plot::HAlign::right});
    }
    ax.xlim(0, top).ylim(-6.5, 40).title("Along −∇f/‖∇f‖ at Rosenbrock's start (φ above 40 and trials there drawn at 39)")
        .xlabel("step length α").ylabel("φ(α)").grid().legend();
    fig.suptitle("Figure 39. Armijo backtracking and the strong Wolfe conditions");
    const std::string path = settings.out + "/39_line_search.png";
    fig.save(path);
    say("   Wrote %s", path.c_str());
}

}  // namespace course::second_order
