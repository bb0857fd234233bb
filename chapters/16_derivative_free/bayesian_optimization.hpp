// Chapter 16 — Bayesian optimization: a Gaussian process surrogate, the acquisition functions that read
// it (expected improvement, the confidence bound), and the loop that spends one expensive evaluation at a
// time where the acquisition is largest. Chapter 17 reuses this header for hyperparameter search.
//
// Notation (README, section 5): n observations xᵢ with values yᵢ; K the n×n kernel matrix
// Kᵢⱼ = k(xᵢ, xⱼ); k* the column k(xᵢ, x) for a new point x; L the lower Cholesky factor of
// K + σₙ²I; α = (K + σₙ²I)⁻¹(y − m). The posterior at x is
//     μ(x) = m + k*ᵀα,        σ²(x) = k(x, x) − vᵀv  with  v = L⁻¹k*.
// Everything minimises: "improvement" means a value below the best seen so far.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "chapters/02_random_search/random_search.hpp"
#include "common/matrix.hpp"
#include "common/random.hpp"

namespace course::derivative_free {

using Vector = std::vector<double>;
using Objective = std::function<double(const Vector&)>;
using Box = random_search::Box;  // lower[i] ≤ xᵢ ≤ upper[i]

// The squared-exponential (RBF) kernel k(a, b) = σ_f² exp(−‖a − b‖²/(2ℓ²)), observation noise σₙ² on the
// diagonal, and a constant prior mean m.
struct GpOptions {
    double length_scale = 1.0;     // ℓ > 0
    double signal_variance = 1.0;  // σ_f² > 0: the prior variance of f(x)
    double noise_variance = 0.0;   // σₙ² ≥ 0 added to the diagonal of K
    double prior_mean = 0.0;       // m: what the GP predicts far from every observation
};

// A fitted Gaussian process: the data, the factor L of K + (σₙ² + jitter)I and α.
struct GaussianProcess {
    GpOptions options;
    std::vector<Vector> X;  // the n observed points
    Vector y;               // their values
    Matrix L;               // n×n lower triangular, L·Lᵀ = K + (σₙ² + jitter)·I
    Vector alpha;           // (K + (σₙ² + jitter)I)⁻¹ (y − m)
    double jitter = 0.0;    // what fit_gp had to add to the diagonal for Cholesky to succeed
};

struct Prediction {
    double mean = 0.0;      // μ(x)
    double variance = 0.0;  // σ²(x) ≥ 0, of the latent f(x) (no observation noise)
};

// ---- given (gaussian_process.cpp) ----------------------------------------------------------------------
// Forward and back substitution with a lower triangular L: solve L·x = b, and Lᵀ·x = b.
Vector solve_lower(const Matrix& L, const Vector& b);
Vector solve_lower_transposed(const Matrix& L, const Vector& b);
// log p(y | X) = −½(y − m)ᵀα − Σᵢ ln Lᵢᵢ − (n/2) ln 2π: how well the kernel explains the data.
double log_marginal_likelihood(const GaussianProcess& gp);
// The standard normal density φ and distribution function Φ.
double normal_pdf(double z);
double normal_cdf(double z);

// ---- exercises -------------------------------------------------------------------------------------------
// 16.8 The RBF kernel between two points of the same length (std::invalid_argument otherwise), and the
//      Cholesky factor L (lower triangular, L·Lᵀ = A) of a symmetric positive definite matrix. Cholesky
//      throws ShapeError for a non-square A and std::domain_error naming the pivot when A is not
//      positive definite: a pivot (the number under Lᵢᵢ's square root) that is NaN or not above
//      kPivotTolerance·|Aᵢᵢ|, which rounding cannot tell from zero.
inline constexpr double kPivotTolerance = 1e-12;
double rbf_kernel(const Vector& a, const Vector& b, const GpOptions& options);
Matrix cholesky(const Matrix& A);
// 16.9 Fit: K + σₙ²I, its Cholesky factor, α. When Cholesky fails, retry with a jitter added to the
//      diagonal: 1e-10·σ_f², then ten times more each try, up to 1e-4·σ_f²; then let the error out.
//      Throws std::invalid_argument for no points, X and y of different lengths, or points of different
//      lengths. predict: μ(x) and σ²(x) above, the variance clamped at 0.
GaussianProcess fit_gp(const std::vector<Vector>& X, const Vector& y, const GpOptions& options);
Prediction predict(const GaussianProcess& gp, const Vector& x);
// 16.10 The acquisitions, both to be maximised. Expected improvement below `best` by more than ξ:
//       EI = E[max(best − ξ − f(x), 0)] = (best − ξ − μ)Φ(z) + σφ(z), z = (best − ξ − μ)/σ, and
//       max(best − ξ − μ, 0) when σ = 0. The confidence bound of −f: UCB = −μ + κσ (minimising f, this
//       is the lower confidence bound μ − κσ with its sign flipped). σ is the standard deviation.
double expected_improvement(const Prediction& p, double best, double xi = 0.0);
double upper_confidence_bound(const Prediction& p, double kappa);

// ---- the Bayesian-optimization loop ----------------------------------------------------------------------
enum class Acquisition { expected_improvement, upper_confidence_bound };

struct BayesOptOptions {
    std::size_t initial_points = 4;  // drawn uniformly in the box before the first fit (≥ 1)
    std::size_t budget = 30;         // evaluations in all, the initial ones included (≥ initial_points)
    Acquisition acquisition = Acquisition::expected_improvement;
    double xi = 0.01;                // EI's margin, in units of the standardised values
    double kappa = 2.0;              // UCB's weight on σ
    std::size_t candidates = 2000;   // points at which the acquisition is evaluated per iteration
    std::vector<double> length_scales{0.05, 0.1, 0.2, 0.3, 0.5, 1.0};  // ℓ tried (in box units), best by likelihood
    double noise_variance = 1e-6;    // σₙ², in units of the standardised values
};

// The GP the loop fits: inputs scaled to the unit cube, values standardised (mean 0, variance 1), ℓ the
// one of options.length_scales with the highest log marginal likelihood.
struct Surrogate {
    GaussianProcess gp;
    Box box;
    double y_mean = 0.0, y_scale = 1.0;
};
// What one iteration of the loop saw (for figures and for a progress line).
struct BayesOptStep {
    const Surrogate& surrogate;
    const Vector& next;          // the point chosen, where the acquisition is largest
    double acquisition = 0.0;    // its value there
    std::size_t evaluation = 0;  // the index next will have in the result
};
using BayesOptObserver = std::function<void(const BayesOptStep&)>;

struct BayesOptResult {
    std::vector<Vector> points;  // every point evaluated, in order (the initial design first)
    Vector values;               // f at each
    Vector best_so_far;          // best_so_far[k] = min(values[0..k])
    Vector best_point;
    double best_value = 0.0;
};

// ---- given (surrogate.cpp) --------------------------------------------------------------------------------
Surrogate fit_surrogate(const std::vector<Vector>& points, const Vector& values, const Box& box,
                        const BayesOptOptions& options);
// μ and σ² at x in the objective's own units.
Prediction predict(const Surrogate& surrogate, const Vector& x);
// The acquisition of options at x, on the standardised scale, with best = the lowest value seen.
double acquisition_value(const Surrogate& surrogate, const Vector& x, const BayesOptOptions& options);
// Where to try the acquisition: options.candidates points, half uniform in the box, half Gaussian steps
// (σ = 5% of the box) around the best points seen, clamped to the box.
std::vector<Vector> propose_candidates(const Surrogate& surrogate, const BayesOptOptions& options, Rng& rng);

// 16.11 The loop: options.initial_points uniform draws (random_search::sample_uniform, in order), then
//       until options.budget evaluations: fit_surrogate, propose_candidates, evaluate the candidate with the
//       largest acquisition_value (the first on ties), call observer (if set), append. Throws
//       std::invalid_argument for initial_points = 0 or budget < initial_points.
BayesOptResult bayes_opt(const Objective& f, const Box& box, const BayesOptOptions& options, Rng& rng,
                         const BayesOptObserver& observer = {});

}  // namespace course::derivative_free
