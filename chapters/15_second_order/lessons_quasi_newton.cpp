// Given: the program's later lessons — conjugate gradient, convergence orders, the comparison of seven
// methods — and their figures 40, 38 and 42.
#include <algorithm>
#include <chrono>
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

// The quadratic's Hessian diag(λ) as a dense matrix, and b = A·1 so that x* = (1, …, 1).
Matrix diagonal_of(const Problem& q) { return q.hessian(Vector(q.dim, 0.0)); }

}  // namespace

void conjugate_gradient_lesson(const Settings& settings) {
    const std::size_t n = 100;
    say("4. Conjugate gradient solves Ax = b (minimises ½xᵀAx − bᵀx) with one A·p per step and, in exact arithmetic,");
    say("   at most n steps. On the catalogue's quadratic (n = %zu, curvatures log-spaced from 1 to κ), b = A·1, x₀ = 0:", n);
    plot::Figure fig(1500, 620, 1, 2);
    plot::Axes& ax = fig.subplot(0, 0);
    std::vector<double> kappas{10.0, 1e3, 1e5}, cg_steps, gd_steps;
    for (std::size_t i = 0; i < kappas.size(); ++i) {
        const Matrix A = diagonal_of(problems::quadratic(n, kappas[i]));
        const Vector b = multiply(A, Vector(n, 1.0));
        const CgResult cg = conjugate_gradient(A, b, Vector(n, 0.0), 1e-10, 10 * n);
        std::vector<double> relative;
        for (double r : cg.residuals) relative.push_back(std::max(r / norm(b), 1e-17));
        ax.plot(plot::index_axis(relative.size()), relative, {.color = plot::tab10(static_cast<int>(i)), .label = "CG, κ = " + fmt(kappas[i])});
        // Gradient descent with its best fixed step 2/(λmin + λmax) contracts each error by (κ − 1)/(κ + 1).
        const double rate = (kappas[i] - 1.0) / (kappas[i] + 1.0);
        const double gd_needed = std::ceil(std::log(1e-10) / std::log(rate));
        say("   κ = %-6.4g CG reaches ‖r‖ ≤ 1e-10·‖b‖ in %3zu steps; gradient descent (best fixed step) would need ≈ %.3g",
            kappas[i], cg.iterations, gd_needed);
        cg_steps.push_back(static_cast<double>(cg.iterations));
        gd_steps.push_back(gd_needed);
        if (i == 1) {
            std::vector<double> gd_curve;
            for (std::size_t k = 0; k <= 2 * n; ++k) gd_curve.push_back(std::pow(rate, static_cast<double>(k)));
            ax.plot(plot::index_axis(gd_curve.size()), gd_curve, {.color = plot::tab10(1), .style = plot::LineStyle::dashed,
                                                                  .label = "GD's bound ((κ−1)/(κ+1))ᵏ, κ = 1000"});
        }
    }
    {  // Five distinct curvatures, 20 coordinates each: the Krylov space holds x* after 5 steps.
        Matrix A(n, n);
        for (std::size_t i = 0; i < n; ++i) A(i, i) = std::pow(10.0, static_cast<double>(i % 5));
        const Vector b = multiply(A, Vector(n, 1.0));
        const CgResult cg = conjugate_gradient(A, b, Vector(n, 0.0), 1e-10, n);
        std::vector<double> relative;
        for (double r : cg.residuals) relative.push_back(std::max(r / norm(b), 1e-17));
        ax.plot(plot::index_axis(relative.size()), relative, {.color = plot::colors::purple, .width = 2.4, .label = "CG, κ = 1e4, 5 distinct λ",
                                                              .marker = plot::Marker::circle, .marker_size = 6});
        say("   With only 5 distinct curvatures (1, 10, …, 1e4, twenty coordinates each) CG is at %.2g·‖b‖ after 5 steps",
            cg.residuals[5] / norm(b));
        say("   and below 1e-10 after %zu: after k steps it has minimised over all polynomials of degree k in A, and one of",
            cg.iterations);
        say("   degree 5 vanishes on every eigenvalue (rounding leaves the rest for step 6).");
        say("   The bound of n steps holds in exact arithmetic; in doubles, with 100 spread curvatures, rounding spoils the");
        say("   conjugacy and CG needs more than n — still about √κ·ln(2/ε)/2 at worst, against GD's κ·ln(1/ε)/2.");
    }
    ax.axvline(static_cast<double>(n), {.color = plot::colors::black, .width = 1.2, .style = plot::LineStyle::dotted, .label = "k = n = 100"});
    // Four decades below the curves hold the legend, clear of them and of the k = n line.
    ax.yscale(plot::Scale::log).xlim(0, 2.0 * n).ylim(1e-16, 10).title("Relative residual ‖b − Axₖ‖/‖b‖").xlabel("step k").ylabel("relative residual").grid().legend();
    // How the step count grows with κ: CG ~ √κ, GD ~ κ.
    plot::Axes& growth = fig.subplot(0, 1);
    std::vector<double> ks, cg_k, gd_k;
    for (double e = 0.0; e <= 6.0 + 1e-9; e += 0.5) {
        const double kappa = std::pow(10.0, e);
        const Matrix A = diagonal_of(problems::quadratic(n, kappa));
        const Vector b = multiply(A, Vector(n, 1.0));
        ks.push_back(kappa);
        cg_k.push_back(static_cast<double>(conjugate_gradient(A, b, Vector(n, 0.0), 1e-10, 10 * n).iterations));
        gd_k.push_back(kappa == 1.0 ? 1.0 : std::ceil(std::log(1e-10) / std::log((kappa - 1.0) / (kappa + 1.0))));
    }
    growth.plot(ks, cg_k, {.color = plot::tab10(0), .label = "CG (measured)", .marker = plot::Marker::circle});
    growth.plot(ks, gd_k, {.color = plot::tab10(1), .style = plot::LineStyle::dashed, .label = "GD (from its rate)", .marker = plot::Marker::square});
    growth.axhline(static_cast<double>(n), {.color = plot::colors::black, .width = 1.2, .style = plot::LineStyle::dotted, .label = "n = 100"});
    growth.xscale(plot::Scale::log).yscale(plot::Scale::log).title("Steps to 1e-10 against the condition number").xlabel("κ").ylabel("steps").grid().legend();
    fig.suptitle("Figure 40. Conjugate gradient on 100-D quadratics: k steps for k distinct curvatures, about √κ when they are spread");
    const std::string path = settings.out + "/40_conjugate_gradient.png";
    fig.save(path);
    say("   Wrote %s", path.c_str());
}

void convergence_order_lesson(const Settings& settings) {
    const Problem rosen = problems::rosenbrock(2);
    say("5. The order of convergence: eₖ₊₁ ≈ C·eₖᵖ, with eₖ = ‖xₖ − x*‖. On Rosenbrock from (−1.2, 1):");
    const RunLimits tight{.target = 0.0, .grad_tol = 1e-14, .max_iterations = 200};
    const Run newton_run = newton(rosen, rosen.start, NewtonVariant::damped, tight);
    const Run bfgs_run = run_optimizer(rosen, rosen.start, opt::Optimizer(make_bfgs()), "BFGS", tight);
    const Run gd_run = run_optimizer(rosen, rosen.start, opt::Optimizer(opt::SgdOptions{.lr = 1e-3}), "GD (lr 1e-3)",
                                     {.target = 0.0, .grad_tol = 1e-14, .max_iterations = settings.quick ? 3000u : 20000u});
    struct Entry {
        const Run* run;
        double p;
        plot::Color color;
    };
    const std::vector<Entry> entries{{&newton_run, 2.0, plot::colors::orange}, {&bfgs_run, 1.0, plot::colors::red}, {&gd_run, 1.0, plot::colors::gray}};
    plot::Figure fig(1650, 560, 1, 3);
    plot::Axes& errors = fig.subplot(0, 0);
    plot::Axes& orders = fig.subplot(0, 1);
    plot::Axes& ratios = fig.subplot(0, 2);
    for (const Entry& e : entries) {
        std::vector<double> err;
        for (double d : distances_to_minimum(*e.run, rosen)) {
            if (!(d > 1e-13)) break;  // below rounding: no information
            err.push_back(d);
        }
        const std::vector<double> p_hat = order_estimates(err);
        const std::vector<double> ratio = rate_ratios(err, e.p);
        std::string tail_p, tail_r;
        for (std::size_t k = p_hat.size() >= 4 ? p_hat.size() - 4 : 0; k < p_hat.size(); ++k) tail_p += fmt(p_hat[k], 3) + " ";
        for (std::size_t k = ratio.size() >= 4 ? ratio.size() - 4 : 0; k < ratio.size(); ++k) tail_r += fmt(ratio[k], e.p == 1.0 && e.run->method[0] == 'G' ? 6 : 3) + " ";
        say("   %-14s %5zu iterations to e = %-9.2g last p̂: %s", e.run->method.c_str(), err.size() - 1, err.back(), tail_p.c_str());
        say("   %-14s eₖ₊₁/eₖ^%.4g, last four: %s", "", e.p, tail_r.c_str());
        const std::size_t shown = std::min<std::size_t>(err.size(), 60);
        errors.plot(plot::index_axis(shown), std::vector<double>(err.begin(), err.begin() + static_cast<long>(shown)),
                    {.color = e.color, .label = e.run->method, .marker = plot::Marker::circle, .marker_size = 4});
        std::vector<double> kx, py;
        for (std::size_t k = 0; k < p_hat.size() && k + 1 < 60; ++k)
            if (std::isfinite(p_hat[k]) && err[k] < 0.1) kx.push_back(static_cast<double>(k + 1)), py.push_back(std::clamp(p_hat[k], -1.0, 4.0));
        orders.plot(kx, py, {.color = e.color, .label = e.run->method, .marker = plot::Marker::circle, .marker_size = 4});
        std::vector<double> rx, ry;
        for (std::size_t k = 0; k < ratio.size() && k < 60; ++k) rx.push_back(static_cast<double>(k)), ry.push_back(ratio[k]);
        ratios.plot(rx, ry, {.color = e.color, .label = e.run->method + ": eₖ₊₁/eₖ^" + fmt(e.p), .marker = plot::Marker::circle, .marker_size = 4});
    }
    errors.yscale(plot::Scale::log).xlim(0, 60).title("Error ‖xₖ − x*‖").xlabel("iteration k").ylabel("eₖ").grid().legend();
    orders.axhline(1.0).axhline(2.0);
    orders.xlim(0, 60).ylim(-1, 4).title("Measured order p̂ₖ = ln(eₖ₊₁/eₖ)/ln(eₖ/eₖ₋₁), once eₖ < 0.1").xlabel("iteration k").ylabel("p̂ (clipped to [−1, 4])").grid().legend();
    ratios.yscale(plot::Scale::log).xlim(0, 60).title("Ratios: constant ⇒ order p").xlabel("iteration k").ylabel("eₖ₊₁ / eₖᵖ").grid().legend();
    fig.suptitle("Figure 38. Quadratic (Newton), superlinear (BFGS) and linear (gradient descent) convergence");
    const std::string path = settings.out + "/38_convergence_order.png";
    fig.save(path);
    say("   Wrote %s", path.c_str());
}

}  // namespace course::second_order
