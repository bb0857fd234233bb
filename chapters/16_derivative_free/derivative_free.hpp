// Chapter 16 — derivative-free optimization: methods that ask only for f(x), never for ∇f.
//
// A genetic algorithm (a population improved by selection, crossover and mutation), Nelder-Mead (a simplex
// that reflects, expands, contracts and shrinks), CMA-ES (a Gaussian search distribution whose mean, step
// size and covariance learn from the ranking of their samples), and Bayesian optimization
// (bayesian_optimization.hpp: a Gaussian-process model of f, for when every evaluation is expensive).
// All of them minimise f over a box or from a start point; the given code (genetic.cpp, simplex.cpp,
// cma.cpp) runs the exercises and records what the figures draw.
//
// Notation (README): n the dimension; λ the population size; f₁ ≤ f₂ ≤ … the sorted values; for CMA-ES
// m the mean, σ the step size, C the covariance, p_σ and p_c the evolution paths, wᵢ the recombination
// weights, as in Hansen's "The CMA Evolution Strategy: A Tutorial" (arXiv:1604.00772).
#pragma once

#include <cstddef>
#include <utility>
#include <vector>

#include "chapters/16_derivative_free/bayesian_optimization.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::derivative_free {

using Population = std::vector<Vector>;

// ---- 1. a genetic algorithm (README, section 2) -------------------------------------------------------------
struct GeneticOptions {
    std::size_t population = 40;   // individuals per generation (≥ 2)
    std::size_t generations = 50;
    std::size_t tournament = 3;    // k: contestants per tournament (≥ 1)
    double crossover_rate = 0.9;   // the chance that two parents are recombined rather than copied
    double mutation_rate = 0.2;    // the chance that each gene of a child is mutated
    double mutation_scale = 0.05;  // the mutation's σ, as a fraction of the box's width in that coordinate
    std::size_t elite = 2;         // the best individuals copied unchanged into the next generation
};
struct GeneticResult {
    std::vector<Population> generations;  // generations[0] is the initial population, then one per generation
    std::vector<Vector> fitness;          // f of every individual, in the same layout
    Vector best_point;
    double best_value = 0.0;
};

// ---- 2. Nelder-Mead (README, section 3) --------------------------------------------------------------------------
// n + 1 vertices and f at each, best first after every step.
struct Simplex {
    std::vector<Vector> points;
    Vector values;
};
enum class SimplexMove { reflect, expand, contract_outside, contract_inside, shrink };
// The standard coefficients (Nelder & Mead 1965; Lagarias et al. 1998): α, γ, ρ, σ.
struct NelderMeadCoefficients {
    double reflection = 1.0;
    double expansion = 2.0;
    double contraction = 0.5;
    double shrink = 0.5;
};
struct NelderMeadOptions {
    double initial_step = 0.5;             // the start simplex: x₀ and x₀ + step·eᵢ
    std::size_t max_evaluations = 2000;
    double xatol = 1e-8, fatol = 1e-10;    // stop when every vertex is within xatol of the best in each
                                           // coordinate and within fatol of its value (scipy's test)
    NelderMeadCoefficients coefficients{};
};
struct NelderMeadResult {
    Vector best_point;
    double best_value = 0.0;
    std::size_t evaluations = 0;
    std::vector<Simplex> trace;      // the simplex before the first step and after every step
    std::vector<SimplexMove> moves;  // the move of every step
};

// ---- 3. CMA-ES (README, section 4) --------------------------------------------------------------------------------
// The strategy parameters of Hansen's tutorial (Table 1) for the (μ/μ_w, λ)-CMA-ES with positive weights.
struct CmaParameters {
    std::size_t dim = 0, lambda = 0, mu = 0;
    Vector weights;  // w₁ ≥ … ≥ w_μ > 0, Σ wᵢ = 1
    double mu_eff = 0.0, c_sigma = 0.0, d_sigma = 0.0, c_c = 0.0, c1 = 0.0, c_mu = 0.0;
    double chi_n = 0.0;  // E‖N(0, I)‖ ≈ √n (1 − 1/(4n) + 1/(21n²))
};
// Where the search is: the distribution N(m, σ²C), the two paths, and C = B·diag(D²)·Bᵀ (B's columns the
// eigenvectors of C, D the square roots of its eigenvalues), kept in step with C by decompose_covariance.
struct CmaState {
    Vector mean;
    double sigma = 1.0;
    Matrix C, B;
    Vector D;
    Vector p_sigma, p_c;
    std::size_t generation = 0;  // updates done so far
};
struct CmaOptions {
    std::size_t lambda = 0;  // 0: the default 4 + ⌊3 ln n⌋
    std::size_t max_evaluations = 5000;
    double target = -1e300;  // stop once a value ≤ target is seen
    double min_sigma = 1e-12;
};
struct CmaResult {
    Vector best_point;
    double best_value = 0.0;
    std::size_t evaluations = 0;
    std::vector<CmaState> states;         // the state before each generation (and the final one)
    std::vector<Population> populations;  // the λ samples of each generation
};

// ---- given -------------------------------------------------------------------------------------------------------
// genetic.cpp: the initial population, options.population draws of random_search::sample_uniform.
Population initial_population(const Box& box, std::size_t size, Rng& rng);
// simplex.cpp: x₀ and x₀ + step·eᵢ (i = 1 … n), each evaluated; sorted best first (stable).
Simplex initial_simplex(const Objective& f, const Vector& start, double step);
void sort_simplex(Simplex& simplex);
// cma.cpp: the state at generation 0 (m = start, C = B = I, D = 1, paths 0); the eigen-decomposition of C
// by Jacobi rotations (refreshes B and D; D ascending); λ samples xₖ = m + σ·B·(D ⊙ zₖ), zₖ ~ N(0, I);
// and the whole CMA-ES loop: sample, evaluate, cma_update (exercise 16.7) until a stop condition.
CmaState initial_cma_state(const Vector& start, double sigma);
void decompose_covariance(CmaState& state);
Population sample_population(const CmaState& state, std::size_t lambda, Rng& rng);
CmaResult cma_es(const Objective& f, const Vector& start, double sigma, const CmaOptions& options, Rng& rng);

// ---- exercises ---------------------------------------------------------------------------------------------------
// 16.1 Tournament selection: draw k indices uniformly with replacement (rng.index(n), k times) and return the
//      one of lowest fitness (the first drawn among equals). Throws std::invalid_argument for k = 0 or no fitness.
std::size_t tournament_select(const Vector& fitness, std::size_t k, Rng& rng);
// 16.2 Uniform crossover: for each gene i in order, one rng.uniform(); below 0.5 the children swap gene i
//      (child 1 takes b's, child 2 takes a's), otherwise child 1 keeps a's and child 2 b's. Gaussian
//      mutation: for each gene in order, one rng.uniform(); below rate, add rng.normal(0, scale·(upperᵢ −
//      lowerᵢ)) to it; then clamp the gene into the box. Lengths that differ: std::invalid_argument.
std::pair<Vector, Vector> uniform_crossover(const Vector& a, const Vector& b, Rng& rng);
Vector gaussian_mutation(Vector x, const Box& box, double rate, double scale, Rng& rng);
// 16.3 The generational GA with elitism (README, section 2): evaluate initial_population; then each
//      generation copies the `elite` best (by value, the first on ties) unchanged with their values, and
//      fills the rest with children: two tournaments; with probability crossover_rate (one rng.uniform())
//      a uniform_crossover, else copies; each child mutated and evaluated; the second child is dropped
//      when only one place is left. Throws std::invalid_argument for population < 2, elite ≥ population
//      or tournament = 0.
GeneticResult genetic_algorithm(const Objective& f, const Box& box, const GeneticOptions& options, Rng& rng);
// 16.4 One Nelder-Mead step on a simplex sorted best first (README, section 3, with x̄ the centroid of all
//      vertices but the worst x_w): reflect, expand, contract outside or inside, or shrink towards the best;
//      the simplex ends sorted best first. Returns the move made.
SimplexMove nelder_mead_step(const Objective& f, Simplex& simplex, const NelderMeadCoefficients& c = {});
// 16.5 Nelder-Mead from a start point: initial_simplex, then steps until the simplex is within xatol and
//      fatol of its best vertex or max_evaluations is reached; counts every evaluation of f.
NelderMeadResult nelder_mead(const Objective& f, const Vector& start, const NelderMeadOptions& options = {});
// 16.6 The default strategy parameters for dimension n ≥ 1 and λ (0: 4 + ⌊3 ln n⌋; λ < 2 otherwise throws).
CmaParameters cma_parameters(std::size_t dim, std::size_t lambda = 0);
// 16.7 One CMA-ES update from a generation's samples and their values (any order): the new mean, both
//      paths (with the h_σ stall test), the rank-one and rank-μ covariance update and cumulative step-size
//      adaptation, then generation + 1 and decompose_covariance. Sizes that do not fit: std::invalid_argument.
void cma_update(CmaState& state, const CmaParameters& params, const Population& samples, const Vector& values);

}  // namespace course::derivative_free
