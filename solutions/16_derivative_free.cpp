// Chapter 16 — derivative-free optimization: the reference solutions.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "common/errors.hpp"

namespace course::derivative_free {

// Exercise 16.1 — tournament selection.
// Selection pressure grows with k: the best of n wins a k-tournament with probability 1 − (1 − 1/n)ᵏ, and
// the worst only when all k contestants are the worst, (1/n)ᵏ. Drawing with replacement keeps it simple.
std::size_t tournament_select(const Vector& fitness, std::size_t k, Rng& rng) {
    if (fitness.empty()) throw std::invalid_argument("tournament_select: no fitness values to choose from");
    if (k == 0) throw std::invalid_argument("tournament_select: a tournament needs k ≥ 1 contestants");
    std::size_t winner = rng.index(fitness.size());
    for (std::size_t round = 1; round < k; ++round) {
        const std::size_t contestant = rng.index(fitness.size());
        if (fitness[contestant] < fitness[winner]) winner = contestant;
    }
    return winner;
}

// Exercise 16.2 — uniform crossover and Gaussian mutation.
// Crossover mixes what two parents found; mutation explores near one. The mutation's σ is relative to the
// box, so one setting suits [−5, 5] and [0, 1] alike; clamping keeps every child a feasible point.
std::pair<Vector, Vector> uniform_crossover(const Vector& a, const Vector& b, Rng& rng) {
    if (a.size() != b.size())
        throw std::invalid_argument("uniform_crossover: parents of lengths " + std::to_string(a.size()) + " and " +
                                    std::to_string(b.size()));
    std::pair<Vector, Vector> children{a, b};
    for (std::size_t i = 0; i < a.size(); ++i)
        if (rng.uniform() < 0.5) std::swap(children.first[i], children.second[i]);
    return children;
}

Vector gaussian_mutation(Vector x, const Box& box, double rate, double scale, Rng& rng) {
    if (x.size() != box.lower.size() || x.size() != box.upper.size())
        throw std::invalid_argument("gaussian_mutation: a point of length " + std::to_string(x.size()) +
                                    " in a box of dimension " + std::to_string(box.lower.size()));
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (rng.uniform() < rate) x[i] += rng.normal(0.0, scale * (box.upper[i] - box.lower[i]));
        x[i] = std::clamp(x[i], box.lower[i], box.upper[i]);
    }
    return x;
}

// Exercise 16.3 — the genetic algorithm with elitism.
// Elitism makes the best value a non-increasing function of the generation: the best individual is never
// lost to an unlucky crossover or mutation.
GeneticResult genetic_algorithm(const Objective& f, const Box& box, const GeneticOptions& options, Rng& rng) {
    if (options.population < 2) throw std::invalid_argument("genetic_algorithm: population must be ≥ 2");
    if (options.elite >= options.population)
        throw std::invalid_argument("genetic_algorithm: elite (" + std::to_string(options.elite) +
                                    ") must be below the population (" + std::to_string(options.population) + ")");
    if (options.tournament == 0) throw std::invalid_argument("genetic_algorithm: tournament must be ≥ 1");
    GeneticResult result;
    Population population = initial_population(box, options.population, rng);
    Vector fitness;
    for (const Vector& x : population) fitness.push_back(f(x));
    result.generations.push_back(population);
    result.fitness.push_back(fitness);

    std::vector<std::size_t> order(options.population);
    for (std::size_t g = 0; g < options.generations; ++g) {
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return fitness[a] < fitness[b]; });
        Population next;
        Vector next_fitness;
        for (std::size_t e = 0; e < options.elite; ++e) {
            next.push_back(population[order[e]]);
            next_fitness.push_back(fitness[order[e]]);
        }
        while (next.size() < options.population) {
            const Vector& mother = population[tournament_select(fitness, options.tournament, rng)];
            const Vector& father = population[tournament_select(fitness, options.tournament, rng)];
            auto children = rng.uniform() < options.crossover_rate ? uniform_crossover(mother, father, rng)
                                                                   : std::pair<Vector, Vector>{mother, father};
            for (Vector* child : {&children.first, &children.second}) {
                if (next.size() == options.population) break;
                next.push_back(gaussian_mutation(std::move(*child), box, options.mutation_rate, options.mutation_scale, rng));
                next_fitness.push_back(f(next.back()));
            }
        }
        population = std::move(next);
        fitness = std::move(next_fitness);
        result.generations.push_back(population);
        result.fitness.push_back(fitness);
    }
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t g = 0; g < result.fitness.size(); ++g)
        for (std::size_t i = 0; i < result.fitness[g].size(); ++i)
            if (result.fitness[g][i] < best) {
                best = result.fitness[g][i];
                result.best_point = result.generations[g][i];
            }
    result.best_value = best;
    return result;
}

// Exercise 16.4 — one Nelder-Mead step.
// x̄ is the centroid of the n best vertices, the face opposite the worst; every trial point lies on the line
// from the worst vertex through x̄: x(t) = x̄ + t(x̄ − x_w) with t = α (reflect), αγ (expand), αρ (outside
// contraction) and −ρ (inside contraction).
SimplexMove nelder_mead_step(const Objective& f, Simplex& simplex, const NelderMeadCoefficients& c) {
    const std::size_t n = simplex.points.size() - 1;
    const Vector& worst = simplex.points[n];
    Vector centroid(worst.size(), 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < centroid.size(); ++j) centroid[j] += simplex.points[i][j] / static_cast<double>(n);
    auto along = [&](double t) {
        Vector x(centroid.size());
        for (std::size_t j = 0; j < x.size(); ++j) x[j] = centroid[j] + t * (centroid[j] - worst[j]);
        return x;
    };
    auto replace_worst = [&](Vector x, double value, SimplexMove move) {
        simplex.points[n] = std::move(x);
        simplex.values[n] = value;
        sort_simplex(simplex);
        return move;
    };
    const double f_best = simplex.values[0], f_second_worst = simplex.values[n - 1], f_worst = simplex.values[n];
    Vector reflected = along(c.reflection);
    const double f_r = f(reflected);
    if (f_r < f_best) {
        Vector expanded = along(c.reflection * c.expansion);
        const double f_e = f(expanded);
        if (f_e < f_r) return replace_worst(std::move(expanded), f_e, SimplexMove::expand);
        return replace_worst(std::move(reflected), f_r, SimplexMove::reflect);
    }
    if (f_r < f_second_worst) return replace_worst(std::move(reflected), f_r, SimplexMove::reflect);
    if (f_r < f_worst) {
        Vector contracted = along(c.reflection * c.contraction);
        const double f_c = f(contracted);
        if (f_c <= f_r) return replace_worst(std::move(contracted), f_c, SimplexMove::contract_outside);
    } else {
        Vector contracted = along(-c.contraction);
        const double f_c = f(contracted);
        if (f_c < f_worst) return replace_worst(std::move(contracted), f_c, SimplexMove::contract_inside);
    }
    for (std::size_t i = 1; i <= n; ++i) {
        for (std::size_t j = 0; j < centroid.size(); ++j)
            simplex.points[i][j] = simplex.points[0][j] + c.shrink * (simplex.points[i][j] - simplex.points[0][j]);
        simplex.values[i] = f(simplex.points[i]);
    }
    sort_simplex(simplex);
    return SimplexMove::shrink;
}

// Exercise 16.5 — Nelder-Mead from a start point.
NelderMeadResult nelder_mead(const Objective& f, const Vector& start, const NelderMeadOptions& options) {
    NelderMeadResult result;
    const Objective counted = [&](const Vector& x) {
        ++result.evaluations;
        return f(x);
    };
    Simplex simplex = initial_simplex(counted, start, options.initial_step);
    result.trace.push_back(simplex);
    auto converged = [&] {
        for (std::size_t i = 1; i < simplex.points.size(); ++i) {
            if (std::abs(simplex.values[i] - simplex.values[0]) > options.fatol) return false;
            for (std::size_t j = 0; j < start.size(); ++j)
                if (std::abs(simplex.points[i][j] - simplex.points[0][j]) > options.xatol) return false;
        }
        return true;
    };
    while (result.evaluations < options.max_evaluations && !converged()) {
        result.moves.push_back(nelder_mead_step(counted, simplex, options.coefficients));
        result.trace.push_back(simplex);
    }
    result.best_point = simplex.points[0];
    result.best_value = simplex.values[0];
    return result;
}

// Exercise 16.6 — CMA-ES's default strategy parameters (Hansen's tutorial, Table 1, positive weights).
CmaParameters cma_parameters(std::size_t dim, std::size_t lambda) {
    if (dim == 0) throw std::invalid_argument("cma_parameters: the dimension must be ≥ 1");
    if (lambda == 0) lambda = 4 + static_cast<std::size_t>(std::floor(3.0 * std::log(static_cast<double>(dim))));
    if (lambda < 2) throw std::invalid_argument("cma_parameters: λ must be ≥ 2, got " + std::to_string(lambda));
    CmaParameters p{.dim = dim, .lambda = lambda, .mu = lambda / 2};
    const double n = static_cast<double>(dim);
    double total = 0.0;
    for (std::size_t i = 1; i <= p.mu; ++i) {
        p.weights.push_back(std::log((static_cast<double>(lambda) + 1.0) / 2.0) - std::log(static_cast<double>(i)));
        total += p.weights.back();
    }
    double squares = 0.0;
    for (double& w : p.weights) {
        w /= total;
        squares += w * w;
    }
    p.mu_eff = 1.0 / squares;
    p.c_sigma = (p.mu_eff + 2.0) / (n + p.mu_eff + 5.0);
    p.d_sigma = 1.0 + 2.0 * std::max(0.0, std::sqrt((p.mu_eff - 1.0) / (n + 1.0)) - 1.0) + p.c_sigma;
    p.c_c = (4.0 + p.mu_eff / n) / (n + 4.0 + 2.0 * p.mu_eff / n);
    p.c1 = 2.0 / ((n + 1.3) * (n + 1.3) + p.mu_eff);
    p.c_mu = std::min(1.0 - p.c1, 2.0 * (p.mu_eff - 2.0 + 1.0 / p.mu_eff) / ((n + 2.0) * (n + 2.0) + p.mu_eff));
    p.chi_n = std::sqrt(n) * (1.0 - 1.0 / (4.0 * n) + 1.0 / (21.0 * n * n));
    return p;
}

// Exercise 16.7 — one CMA-ES update.
// With yᵢ = (x_{i:λ} − m)/σ the μ best steps and ⟨y⟩ = Σ wᵢyᵢ:
//   m ← m + σ⟨y⟩
//   p_σ ← (1 − c_σ)p_σ + √(c_σ(2 − c_σ)μ_eff) · C^(−1/2)⟨y⟩          C^(−1/2) = B·diag(1/D)·Bᵀ
//   h_σ = 1 if ‖p_σ‖/√(1 − (1 − c_σ)^(2(g+1))) < (1.4 + 2/(n + 1))·E‖N(0, I)‖, else 0
//   p_c ← (1 − c_c)p_c + h_σ√(c_c(2 − c_c)μ_eff) · ⟨y⟩
//   C ← (1 + c₁δ(h_σ) − c₁ − c_μ)C + c₁p_c p_cᵀ + c_μ Σ wᵢyᵢyᵢᵀ,   δ(h_σ) = (1 − h_σ)c_c(2 − c_c)
//   σ ← σ·exp((c_σ/d_σ)(‖p_σ‖/E‖N(0, I)‖ − 1))
void cma_update(CmaState& state, const CmaParameters& params, const Population& samples, const Vector& values) {
    const std::size_t n = state.mean.size();
    if (samples.size() != values.size() || samples.size() < params.mu || params.dim != n)
        throw std::invalid_argument("cma_update: " + std::to_string(samples.size()) + " samples, " +
                                    std::to_string(values.size()) + " values, μ = " + std::to_string(params.mu) +
                                    ", dimension " + std::to_string(params.dim) + " vs a mean of " + std::to_string(n));
    std::vector<std::size_t> order(samples.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<Vector> y(params.mu, Vector(n));
    Vector y_w(n, 0.0);
    for (std::size_t i = 0; i < params.mu; ++i) {
        if (samples[order[i]].size() != n) throw std::invalid_argument("cma_update: a sample of the wrong length");
        for (std::size_t j = 0; j < n; ++j) {
            y[i][j] = (samples[order[i]][j] - state.mean[j]) / state.sigma;
            y_w[j] += params.weights[i] * y[i][j];
        }
    }
    for (std::size_t j = 0; j < n; ++j) state.mean[j] += state.sigma * y_w[j];

    Vector whitened(n, 0.0), rotated(n, 0.0);  // Bᵀ⟨y⟩ / D, then B·that
    for (std::size_t k = 0; k < n; ++k) {
        for (std::size_t j = 0; j < n; ++j) rotated[k] += state.B(j, k) * y_w[j];
        rotated[k] /= state.D[k];
    }
    for (std::size_t j = 0; j < n; ++j)
        for (std::size_t k = 0; k < n; ++k) whitened[j] += state.B(j, k) * rotated[k];
    const double ps_gain = std::sqrt(params.c_sigma * (2.0 - params.c_sigma) * params.mu_eff);
    double ps_norm = 0.0;
    for (std::size_t j = 0; j < n; ++j) {
        state.p_sigma[j] = (1.0 - params.c_sigma) * state.p_sigma[j] + ps_gain * whitened[j];
        ps_norm += state.p_sigma[j] * state.p_sigma[j];
    }
    ps_norm = std::sqrt(ps_norm);
    const double generations = static_cast<double>(state.generation + 1);
    const bool h_sigma = ps_norm / std::sqrt(1.0 - std::pow(1.0 - params.c_sigma, 2.0 * generations)) <
                         (1.4 + 2.0 / (static_cast<double>(n) + 1.0)) * params.chi_n;
    const double pc_gain = h_sigma ? std::sqrt(params.c_c * (2.0 - params.c_c) * params.mu_eff) : 0.0;
    for (std::size_t j = 0; j < n; ++j) state.p_c[j] = (1.0 - params.c_c) * state.p_c[j] + pc_gain * y_w[j];

    const double delta = h_sigma ? 0.0 : params.c_c * (2.0 - params.c_c);
    const double keep = 1.0 + params.c1 * delta - params.c1 - params.c_mu;
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t s = 0; s < n; ++s) {
            double rank_mu = 0.0;
            for (std::size_t i = 0; i < params.mu; ++i) rank_mu += params.weights[i] * y[i][r] * y[i][s];
            state.C(r, s) = keep * state.C(r, s) + params.c1 * state.p_c[r] * state.p_c[s] + params.c_mu * rank_mu;
        }
    state.sigma *= std::exp(params.c_sigma / params.d_sigma * (ps_norm / params.chi_n - 1.0));
    ++state.generation;
    decompose_covariance(state);
}

// Exercise 16.8 — the RBF kernel and the Cholesky factorisation.
// k(a, b) = σ_f² exp(−‖a − b‖²/(2ℓ²)): 1·σ_f² at distance 0, falling to e^(−½) of it at one length scale.
double rbf_kernel(const Vector& a, const Vector& b, const GpOptions& options) {
    if (a.size() != b.size())
        throw std::invalid_argument("rbf_kernel: points of different lengths, " + std::to_string(a.size()) + " and " +
                                    std::to_string(b.size()));
    double squared = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) squared += (a[i] - b[i]) * (a[i] - b[i]);
    return options.signal_variance * std::exp(-squared / (2.0 * options.length_scale * options.length_scale));
}

// Cholesky–Banachiewicz, row by row: Lᵢⱼ = (Aᵢⱼ − Σ_{k<j} LᵢₖLⱼₖ)/Lⱼⱼ below the diagonal and
// Lᵢᵢ = √(Aᵢᵢ − Σ_{k<i} Lᵢₖ²) on it. A pivot under the square root that is ≤ 0 means A is not positive
// definite; one that is positive but below 1e-12·|Aᵢᵢ| is rounding noise of a 0 (a repeated point gives
// 2 − (√2)² = ±4e-16), and dividing by its root would amplify that noise into garbage.
Matrix cholesky(const Matrix& A) {
    if (A.rows() != A.cols()) throw ShapeError("cholesky: A must be square, got " + A.shape());
    const std::size_t n = A.rows();
    Matrix L(n, n);
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j <= i; ++j) {
            double s = A(i, j);
            for (std::size_t k = 0; k < j; ++k) s -= L(i, k) * L(j, k);
            if (i == j) {
                if (!(s > kPivotTolerance * std::abs(A(i, i))))
                    throw std::domain_error("cholesky: pivot " + std::to_string(i) + " is " + std::to_string(s) +
                                            ", not above 1e-12·|A(i,i)|: the matrix is not (numerically) positive definite");
                L(i, i) = std::sqrt(s);
            } else {
                L(i, j) = s / L(j, j);
            }
        }
    }
    return L;
}

// Exercise 16.9 — fitting a GP and predicting with it.
// Two points at the same place (or very close at a long length scale) make K singular: its Cholesky
// fails, and a small jitter on the diagonal (a tiny noise variance) repairs it.
GaussianProcess fit_gp(const std::vector<Vector>& X, const Vector& y, const GpOptions& options) {
    if (X.empty()) throw std::invalid_argument("fit_gp: no points to fit");
    if (X.size() != y.size())
        throw std::invalid_argument("fit_gp: " + std::to_string(X.size()) + " points but " + std::to_string(y.size()) +
                                    " values");
    for (const Vector& x : X)
        if (x.size() != X.front().size()) throw std::invalid_argument("fit_gp: points of different lengths");
    const std::size_t n = X.size();
    // K is symmetric, and k(a, b) = k(b, a) to the bit ((aᵢ − bᵢ)² = (bᵢ − aᵢ)²): half the exps suffice.
    Matrix K(n, n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j <= i; ++j) K(i, j) = K(j, i) = rbf_kernel(X[i], X[j], options);

    GaussianProcess gp{.options = options, .X = X, .y = y};
    for (double jitter = 0.0;;) {
        Matrix A = K;
        for (std::size_t i = 0; i < n; ++i) A(i, i) += options.noise_variance + jitter;
        try {
            gp.L = cholesky(A);
            gp.jitter = jitter;
            break;
        } catch (const std::domain_error&) {
            jitter = jitter == 0.0 ? 1e-10 * options.signal_variance : 10.0 * jitter;
            if (jitter > 1e-4 * options.signal_variance * (1.0 + 1e-9)) throw;
        }
    }
    Vector centred(n);
    for (std::size_t i = 0; i < n; ++i) centred[i] = y[i] - options.prior_mean;
    gp.alpha = solve_lower_transposed(gp.L, solve_lower(gp.L, centred));  // (LLᵀ)⁻¹ = L⁻ᵀL⁻¹
    return gp;
}

Prediction predict(const GaussianProcess& gp, const Vector& x) {
    const std::size_t n = gp.X.size();
    Vector k_star(n);
    for (std::size_t i = 0; i < n; ++i) k_star[i] = rbf_kernel(gp.X[i], x, gp.options);
    double mean = gp.options.prior_mean;
    for (std::size_t i = 0; i < n; ++i) mean += k_star[i] * gp.alpha[i];
    const Vector v = solve_lower(gp.L, k_star);
    double variance = rbf_kernel(x, x, gp.options);
    for (const double vi : v) variance -= vi * vi;
    return {mean, std::max(variance, 0.0)};
}

// Exercise 16.10 — expected improvement and the confidence bound.
// With f(x) ~ N(μ, σ²) and the improvement I = max(b − f, 0), b = best − ξ: E[I] = ∫_{f<b} (b − f) dN
// = (b − μ)Φ(z) + σφ(z), z = (b − μ)/σ (substitute f = μ + σt and use ∫ t φ(t) dt = −φ).
double expected_improvement(const Prediction& p, double best, double xi) {
    const double gain = best - xi - p.mean;
    const double sigma = std::sqrt(std::max(p.variance, 0.0));
    if (sigma == 0.0) return std::max(gain, 0.0);
    const double z = gain / sigma;
    return gain * normal_cdf(z) + sigma * normal_pdf(z);
}

double upper_confidence_bound(const Prediction& p, double kappa) {
    return -p.mean + kappa * std::sqrt(std::max(p.variance, 0.0));
}

// Exercise 16.11 — the Bayesian-optimization loop.
BayesOptResult bayes_opt(const Objective& f, const Box& box, const BayesOptOptions& options, Rng& rng,
                         const BayesOptObserver& observer) {
    if (options.initial_points == 0) throw std::invalid_argument("bayes_opt: initial_points must be ≥ 1");
    if (options.budget < options.initial_points)
        throw std::invalid_argument("bayes_opt: budget " + std::to_string(options.budget) +
                                    " is below initial_points " + std::to_string(options.initial_points));
    BayesOptResult result;
    if (options.candidates == 0) throw std::invalid_argument("bayes_opt: options.candidates must be ≥ 1");
    auto record = [&](Vector x) {
        const double value = f(x);
        if (!std::isfinite(value))
            throw RuntimeFailure("bayes_opt: f returned " + std::to_string(value) + " at evaluation " +
                                 std::to_string(result.values.size()) + "; the GP needs finite values");
        result.points.push_back(std::move(x));
        result.values.push_back(value);
        result.best_so_far.push_back(result.best_so_far.empty() ? value : std::min(result.best_so_far.back(), value));
    };
    for (std::size_t i = 0; i < options.initial_points; ++i) record(random_search::sample_uniform(box, rng));
    while (result.points.size() < options.budget) {
        const Surrogate surrogate = fit_surrogate(result.points, result.values, box, options);
        const std::vector<Vector> candidates = propose_candidates(surrogate, options, rng);
        std::size_t chosen = 0;
        double largest = -std::numeric_limits<double>::infinity();
        for (std::size_t c = 0; c < candidates.size(); ++c) {
            const double a = acquisition_value(surrogate, candidates[c], options);
            if (a > largest) {
                largest = a;
                chosen = c;
            }
        }
        if (observer) observer({surrogate, candidates[chosen], largest, result.points.size()});
        record(candidates[chosen]);
    }
    const auto best = std::min_element(result.values.begin(), result.values.end()) - result.values.begin();
    result.best_point = result.points[static_cast<std::size_t>(best)];
    result.best_value = result.values[static_cast<std::size_t>(best)];
    return result;
}

}  // namespace course::derivative_free
