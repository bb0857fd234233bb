// Chapter 16, given code: the lecture's steps 1-3 — a genetic algorithm, Nelder-Mead and CMA-ES.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/lecture.hpp"
#include "common/say.hpp"

namespace course::derivative_free {

namespace {

double median_of(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.size() % 2 ? v[v.size() / 2] : 0.5 * (v[v.size() / 2 - 1] + v[v.size() / 2]);
}

Field as_field(const Objective& f) {
    return [f](double x, double y) { return f({x, y}); };
}

}  // namespace

void genetic_lesson(const Args& args) {
    const Problem2 rastrigin = lecture_problem("rastrigin");
    say("1. A genetic algorithm on 2-D Rastrigin, f = 20 + Σ (xᵢ² − 10 cos 2πxᵢ): a local minimum near every");
    say("   integer point of [−5.12, 5.12]², the global one f = 0 at the origin. 40 individuals, tournaments of 3,");
    say("   uniform crossover (rate 0.9), Gaussian mutation (rate 0.2, σ = 5%% of the box), the 2 best kept.");
    const GeneticOptions options{.population = 40, .generations = args.quick() ? 25u : 50u};
    Rng rng(args.seed());
    const GeneticResult run = genetic_algorithm(rastrigin.f, rastrigin.box, options, rng);
    std::vector<std::size_t> shown{0, 2, 5, 10, options.generations};
    for (const std::size_t g : shown) {
        const Vector& values = run.fitness[g];
        say("   generation %2zu: best f = %-9.4g median f = %.4g", g, *std::min_element(values.begin(), values.end()),
            median_of(values));
    }
    say("   Best found: f(%.4g, %.4g) = %.3g after %zu evaluations.", run.best_point[0],
        run.best_point[1], run.best_value, 40 + options.generations * 38);
    const std::size_t seeds = args.quick() ? 5 : 21;
    for (const std::size_t elite : {std::size_t{2}, std::size_t{0}}) {
        std::vector<double> bests;
        std::size_t global = 0;
        for (std::size_t s = 0; s < seeds; ++s) {
            Rng r(args.seed() + 100 + s);
            GeneticOptions o = options;
            o.elite = elite;
            const GeneticResult res = genetic_algorithm(rastrigin.f, rastrigin.box, o, r);
            const Vector& last = res.fitness.back();
            bests.push_back(*std::min_element(last.begin(), last.end()));
            global += bests.back() < 0.5;
        }
        say("   elite = %zu: the last generation's best, median over %zu seeds, f = %-9.3g in the global basin: %zu of %zu",
            elite, seeds, median_of(bests), global, seeds);
    }
    say("   Without elitism the best of the final generation is whatever survived the last mutations.");
    const std::string path = args.out() + "/43_genetic_algorithm.png";
    draw_genetic_figure(run, as_field(rastrigin.f), rastrigin.box, shown, path);
    say("   Wrote %s", path.c_str());
}

void nelder_mead_lesson(const Args& args) {
    const Problem2 rosenbrock = lecture_problem("rosenbrock");
    say("2. Nelder-Mead on Rosenbrock, f = 100(x₂ − x₁²)² + (1 − x₁)², from the classic start (−1.2, 1).");
    Recorder recorder(rosenbrock.f);
    const NelderMeadResult run = nelder_mead(recorder.objective(), {-1.2, 1.0}, {.initial_step = 0.5});
    std::size_t counts[5] = {0, 0, 0, 0, 0};
    for (const SimplexMove m : run.moves) ++counts[static_cast<int>(m)];
    say("   %zu steps, %zu evaluations: %zu reflections, %zu expansions, %zu outside and %zu inside contractions,",
        run.moves.size(), run.evaluations, counts[0], counts[1], counts[2], counts[3]);
    say("   %zu shrinks. It stops at (%.8g, %.8g), f = %.3g: every vertex within 1e-8 in x and 1e-10 in f of the best.",
        counts[4], run.best_point[0], run.best_point[1], run.best_value);
    say("   Expansions stretch the simplex along the valley, contractions shrink it across; shrinks are rare.");
    const Box box{{-2.0, -1.0}, {2.0, 3.0}};
    const std::string path = args.out() + "/44_nelder_mead.png";
    draw_nelder_mead_figure(run, recorder.best_so_far(), as_field(rosenbrock.f), box, path);
    say("   Wrote %s", path.c_str());
}

void cma_lesson(const Args& args) {
    say("3. CMA-ES on a rotated ellipsoid f = Σ 10^(3(i−1)/(n−1)) zᵢ², z = Qx: condition 10³, axes not aligned.");
    const Objective ellipse = rotated_ellipsoid(2, 3.0);
    const CmaParameters p2 = cma_parameters(2);
    say("   n = 2: λ = %zu, μ = %zu, w = (%.3g, %.3g, %.3g), μ_eff = %.4g, c_σ = %.3g, d_σ = %.3g, c_c = %.3g, c₁ = %.3g, c_μ = %.3g.",
        p2.lambda, p2.mu, p2.weights[0], p2.weights[1], p2.weights[2],
        p2.mu_eff, p2.c_sigma, p2.d_sigma, p2.c_c,
        p2.c1, p2.c_mu);
    Rng rng(args.seed());
    const CmaResult run = cma_es(ellipse, {2.5, 2.0}, 0.5, {.max_evaluations = 6000, .target = 1e-12}, rng);
    say("   From (2.5, 2), σ = 0.5: f ≤ 1e-12 after %zu generations, %zu evaluations; C's axis ratio is %.4g",
        run.populations.size(), run.evaluations, run.states.back().D.back() / run.states.back().D.front());
    say("   (the Hessian's is √1000 = %.4g): CMA-ES learns the inverse Hessian up to scale, from ranks alone.",
        std::sqrt(1000.0));
    const std::size_t n = args.quick() ? 5 : 10;
    const double log_condition = args.quick() ? 4.0 : 6.0;
    Rng rng10(args.seed() + 1);
    const CmaResult big = cma_es(rotated_ellipsoid(n, log_condition), Vector(n, 1.0), 0.5,
                                 {.max_evaluations = 40000, .target = 1e-10}, rng10);
    say("   n = %zu, condition 10^%g: best f = %.3g after %zu evaluations (λ = %zu); axis ratio %.4g against √10^%g = %.4g.", n,
        log_condition, big.best_value, big.evaluations, cma_parameters(n).lambda,
        big.states.back().D.back() / big.states.back().D.front(), log_condition,
        std::pow(10.0, log_condition / 2.0));
    const std::string path = args.out() + "/45_cma_es.png";
    draw_cma_figure(run, as_field(ellipse), {{-3.0, -3.0}, {3.0, 3.0}}, {0, 6, 12, 20, 30}, path);
    say("   Wrote %s", path.c_str());
}

}  // namespace course::derivative_free
