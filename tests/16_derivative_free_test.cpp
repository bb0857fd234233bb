// Tests that grade chapter 16. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter16…
// suites test the given code and pass on the stubs too.
//
// What the exercises are compared with, never with a copy of the solution:
//   8. hand-computed kernels and a textbook Cholesky factor, and L·Lᵀ = A on random SPD matrices;
//   9. the GP posterior written out by hand for one and two observations (a 2×2 inverse);
//   10. expected improvement integrated numerically (Simpson) from its definition;
//   11. the loop replayed with the given pieces, and the published minimum of the Forrester function.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "tests/support/teach.hpp"

namespace df = course::derivative_free;
using course::Matrix;
using course::teach::near;
using course::teach::show;
using df::Vector;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The Forrester et al. (2008) test function on [0, 1]: f(x) = (6x − 2)² sin(12x − 4), one global minimum
// f(0.757249) = −6.020740 beside a local one near x = 0.14.
double forrester(const Vector& x) { return std::pow(6.0 * x[0] - 2.0, 2) * std::sin(12.0 * x[0] - 4.0); }
constexpr double kForresterMinimum = -6.020740055;

}  // namespace

// ==== 16.8 The RBF kernel and Cholesky ========================================================================

TEST(Ex1608KernelAndCholesky, KernelAtHandComputedDistances) {
    const df::GpOptions o{.length_scale = 0.5, .signal_variance = 2.5};
    EXPECT_TRUE(near(df::rbf_kernel({0.3}, {0.3}, o), 2.5, 1e-15, "k(x, x) = σ_f² with σ_f² = 2.5"));
    EXPECT_TRUE(near(df::rbf_kernel({0.0}, {0.5}, o), 2.5 * std::exp(-0.5), 1e-14,
                     "k at distance ℓ = 0.5: σ_f² e^(−1/2) (exp(−d²/(2ℓ²)), not exp(−d/ℓ) or exp(−d²/ℓ²))"));
    EXPECT_TRUE(near(df::rbf_kernel({1.0}, {0.0}, o), 2.5 * std::exp(-2.0), 1e-14, "k at distance 2ℓ: σ_f² e^(−2)"));
    const df::GpOptions wide{.length_scale = 5.0, .signal_variance = 1.0};
    EXPECT_TRUE(near(df::rbf_kernel({0.0, 0.0}, {3.0, 4.0}, wide), std::exp(-0.5), 1e-14,
                     "k((0, 0), (3, 4)) with ℓ = 5: the squared distance sums both coordinates, 25/(2·25)"));
    EXPECT_THROW(df::rbf_kernel({0.0}, {0.0, 1.0}, o), std::invalid_argument) << "points of lengths 1 and 2";
}

TEST(Ex1608KernelAndCholesky, TextbookFactor) {
    // [[4, 12, −16], [12, 37, −43], [−16, −43, 98]] = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]].
    const Matrix A = Matrix::from_rows({{4, 12, -16}, {12, 37, -43}, {-16, -43, 98}});
    const Matrix want = Matrix::from_rows({{2, 0, 0}, {6, 1, 0}, {-8, 5, 3}});
    const Matrix L = df::cholesky(A);
    ASSERT_TRUE(L.same_shape(want)) << "cholesky of a 3×3 matrix returned " << L.shape();
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            EXPECT_TRUE(near(L(i, j), want(i, j), 1e-12,
                             "L(" + std::to_string(i) + "," + std::to_string(j) + ") of [[4,12,−16],[12,37,−43],[−16,−43,98]]" +
                                 (j > i ? " (above the diagonal: must be 0)" : "")));
}

TEST(Ex1608KernelAndCholesky, RebuildsRandomPositiveDefiniteMatrices) {
    course::Rng rng(8);
    for (const std::size_t n : {1u, 2u, 5u, 9u}) {
        Matrix B(n, n);
        for (std::size_t i = 0; i < B.size(); ++i) B.data()[i] = rng.normal();
        Matrix A = course::matmul(B, course::transpose(B));
        for (std::size_t i = 0; i < n; ++i) A(i, i) += 0.5;
        const Matrix L = df::cholesky(A);
        ASSERT_TRUE(L.same_shape(A)) << "cholesky of a " << A.shape() << " matrix returned " << L.shape();
        const Matrix rebuilt = course::matmul(L, course::transpose(L));
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) {
                EXPECT_TRUE(near(rebuilt(i, j), A(i, j), 1e-10, "(L·Lᵀ)(" + std::to_string(i) + "," + std::to_string(j) +
                                                                    ") for a random " + std::to_string(n) + "×" +
                                                                    std::to_string(n) + " SPD matrix"));
                if (j > i) {
                    EXPECT_EQ(L(i, j), 0.0) << "L must be lower triangular: L(" << i << "," << j << ")";
                }
            }
    }
}

TEST(Ex1608KernelAndCholesky, RejectsWhatIsNotPositiveDefinite) {
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{1, 2}, {2, 1}})), std::domain_error)
        << "[[1, 2], [2, 1]] has eigenvalues −1 and 3: the second pivot is 1 − 4 = −3";
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{1, 1}, {1, 1}})), std::domain_error)
        << "[[1, 1], [1, 1]] is singular: the second pivot is exactly 0, and 0 is not > 0";
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{-4}})), std::domain_error) << "a 1×1 matrix [−4]";
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{1, 1}, {1, 1 + 1e-13}})), std::domain_error)
        << "[[1, 1], [1, 1 + 1e-13]]: the pivot 1e-13 is below kPivotTolerance·|A₁₁| = 1e-12, rounding noise of a 0";
    const Matrix L = df::cholesky(Matrix::from_rows({{1, 1}, {1, 1 + 1e-8}}));
    EXPECT_TRUE(near(L(1, 1), 1e-4, 1e-9, "L₁₁ of [[1, 1], [1, 1 + 1e-8]]: a pivot of 1e-8 is small but real"));
    EXPECT_THROW(df::cholesky(Matrix::from_rows({{kNaN}})), std::domain_error) << "a NaN pivot (use !(s > 0))";
    EXPECT_THROW(df::cholesky(Matrix(2, 3, 1.0)), course::ShapeError) << "a 2×3 matrix is not square";
}

// ==== 16.9 The GP posterior ===================================================================================

TEST(Ex1609GaussianProcess, OneObservationMatchesTheClosedForm) {
    // One point: K = σ_f² + σₙ², so μ(x) = m + k(x, x₁)(y₁ − m)/(σ_f² + σₙ²) and σ²(x) = σ_f² − k(x, x₁)²/(σ_f² + σₙ²).
    const df::GpOptions o{.length_scale = 0.5, .signal_variance = 1.5, .noise_variance = 0.1, .prior_mean = 0.5};
    const df::GaussianProcess gp = df::fit_gp({{0.3}}, {2.0}, o);
    for (const double x : {0.3, 0.5, 1.0, -0.4, 3.0}) {
        const double k = 1.5 * std::exp(-(x - 0.3) * (x - 0.3) / (2.0 * 0.25));
        const df::Prediction p = df::predict(gp, {x});
        const std::string at = " at x = " + show(x) + " (one observation y = 2 at 0.3, m = 0.5, σ_f² = 1.5, σₙ² = 0.1)";
        EXPECT_TRUE(near(p.mean, 0.5 + k * 1.5 / 1.6, 1e-12, "μ" + at + "; forgot the prior mean m or the noise?"));
        EXPECT_TRUE(near(p.variance, 1.5 - k * k / 1.6, 1e-12, "σ²" + at));
    }
}

TEST(Ex1609GaussianProcess, TwoObservationsMatchTheClosedForm) {
    // x₁ = 0, x₂ = 1 in 2-D coordinates (0, 0) and (1, 0): K + σₙ²I = [[a, c], [c, a]], inverse [[a, −c], [−c, a]]/(a² − c²).
    const df::GpOptions o{.length_scale = 0.8, .signal_variance = 2.0, .noise_variance = 0.05, .prior_mean = -1.0};
    const std::vector<Vector> X{{0.0, 0.0}, {1.0, 0.0}};
    const Vector y{1.0, 3.0};
    const df::GaussianProcess gp = df::fit_gp(X, y, o);
    auto k = [&](const Vector& a, const Vector& b) {
        const double d2 = (a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]);
        return 2.0 * std::exp(-d2 / (2.0 * 0.64));
    };
    const double a = 2.0 + 0.05, c = k(X[0], X[1]), det = a * a - c * c;
    const double r1 = y[0] + 1.0, r2 = y[1] + 1.0;  // y − m
    for (const Vector& x : {Vector{0.5, 0.0}, Vector{0.0, 0.0}, Vector{2.0, 1.0}, Vector{0.3, -0.4}}) {
        const double k1 = k(x, X[0]), k2 = k(x, X[1]);
        const double w1 = (a * k1 - c * k2) / det, w2 = (-c * k1 + a * k2) / det;  // k*ᵀ(K + σₙ²I)⁻¹
        const df::Prediction p = df::predict(gp, x);
        const std::string at = " at (" + show(x[0]) + ", " + show(x[1]) + ") from y = 1 at (0, 0) and 3 at (1, 0)";
        EXPECT_TRUE(near(p.mean, -1.0 + w1 * r1 + w2 * r2, 1e-12, "μ" + at));
        EXPECT_TRUE(near(p.variance, 2.0 - (w1 * k1 + w2 * k2), 1e-12, "σ²" + at + " = k(x, x) − k*ᵀ(K + σₙ²I)⁻¹k*"));
    }
}

TEST(Ex1609GaussianProcess, InterpolatesWithoutNoiseAndRevertsToThePriorFarAway) {
    const df::GpOptions o{.length_scale = 0.3, .signal_variance = 1.0, .noise_variance = 0.0, .prior_mean = 0.25};
    const std::vector<Vector> X{{0.0}, {0.4}, {1.0}};
    const Vector y{1.0, -2.0, 0.5};
    const df::GaussianProcess gp = df::fit_gp(X, y, o);
    EXPECT_EQ(gp.jitter, 0.0) << "these three points are well apart: Cholesky succeeds without jitter";
    for (std::size_t i = 0; i < X.size(); ++i) {
        const df::Prediction p = df::predict(gp, X[i]);
        EXPECT_TRUE(near(p.mean, y[i], 1e-9, "μ at observed x = " + show(X[i][0]) + " without noise (passes through y)"));
        EXPECT_GE(p.variance, 0.0) << "σ² at an observed point is 0 up to rounding: clamp it at 0";
        EXPECT_LT(p.variance, 1e-9) << "σ² at observed x = " << X[i][0];
    }
    const df::Prediction far = df::predict(gp, {25.0});
    EXPECT_TRUE(near(far.mean, 0.25, 1e-12, "μ far from the data: the prior mean m = 0.25"));
    EXPECT_TRUE(near(far.variance, 1.0, 1e-12, "σ² far from the data: the prior variance σ_f² = 1"));
}

TEST(Ex1609GaussianProcess, JitterRescuesARepeatedPoint) {
    // The same x twice makes K singular; the jitter acts as a small noise and the mean averages the two.
    const df::GpOptions o{.length_scale = 0.5, .signal_variance = 2.0, .noise_variance = 0.0};
    const df::GaussianProcess gp = df::fit_gp({{0.2}, {0.2}, {0.9}}, {1.0, 3.0, 0.0}, o);
    EXPECT_GT(gp.jitter, 0.0) << "K has two equal rows: the first Cholesky must fail and a jitter be added";
    EXPECT_LE(gp.jitter, 1e-4 * 2.0 * (1 + 1e-9)) << "the jitter stops at 1e-4·σ_f²";
    EXPECT_GE(gp.jitter, 1e-10 * 2.0 * (1 - 1e-9)) << "the first jitter tried is 1e-10·σ_f²";
    EXPECT_TRUE(near(df::predict(gp, {0.2}).mean, 2.0, 1e-3, "μ at the repeated point (values 1 and 3)"));
    EXPECT_THROW(df::fit_gp({}, {}, o), std::invalid_argument) << "no points";
    EXPECT_THROW(df::fit_gp({{0.0}, {1.0}}, {1.0}, o), std::invalid_argument) << "2 points, 1 value";
    EXPECT_THROW(df::fit_gp({{0.0}, {1.0, 2.0}}, {1.0, 2.0}, o), std::invalid_argument) << "points of lengths 1 and 2";
}

// ==== 16.10 Expected improvement and UCB ======================================================================

namespace {

// E[max(b − f, 0)] for f ~ N(μ, σ²), by composite Simpson over μ ± 12σ: the definition, not the formula.
double expected_improvement_by_integration(double mu, double sigma, double b) {
    const int n = 20000;
    const double lo = mu - 12.0 * sigma, hi = mu + 12.0 * sigma, h = (hi - lo) / n;
    double total = 0.0;
    for (int i = 0; i <= n; ++i) {
        const double f = lo + i * h, t = (f - mu) / sigma;
        const double g = std::max(b - f, 0.0) * std::exp(-0.5 * t * t) / (sigma * std::sqrt(2.0 * std::numbers::pi));
        total += g * (i == 0 || i == n ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0));
    }
    return total * h / 3.0;
}

}  // namespace

TEST(Ex1610Acquisition, ExpectedImprovementAtTheBestIsSigmaTimesPhiOfZero) {
    for (const double sigma : {0.1, 1.0, 3.0}) {
        const double got = df::expected_improvement({.mean = 2.0, .variance = sigma * sigma}, 2.0, 0.0);
        EXPECT_TRUE(near(got, sigma / std::sqrt(2.0 * std::numbers::pi), 1e-12,
                         "EI with μ = best = 2, σ = " + show(sigma) + ": σφ(0) (the variance is σ², take its root)"));
    }
}

TEST(Ex1610Acquisition, ExpectedImprovementMatchesItsDefinitionIntegrated) {
    struct Case {
        double mu, sigma, best, xi;
    };
    for (const Case c : {Case{1.0, 2.0, 0.5, 0.1}, Case{-1.0, 0.5, 0.0, 0.0}, Case{3.0, 0.7, 0.0, 0.0},
                         Case{0.2, 1.5, 0.4, 0.3}, Case{-2.0, 0.1, -1.0, 0.01}}) {
        const double want = expected_improvement_by_integration(c.mu, c.sigma, c.best - c.xi);
        const double got = df::expected_improvement({c.mu, c.sigma * c.sigma}, c.best, c.xi);
        EXPECT_TRUE(near(got, want, 1e-8 + 1e-7 * want,
                         "EI for μ = " + show(c.mu) + ", σ = " + show(c.sigma) + ", best = " + show(c.best) + ", ξ = " +
                             show(c.xi) + " against ∫max(best − ξ − f, 0) dN(f; μ, σ²) (sign of best − μ? ξ subtracted?)"));
    }
}

TEST(Ex1610Acquisition, ZeroVarianceIsTheCertainImprovement) {
    EXPECT_TRUE(near(df::expected_improvement({.mean = 1.0, .variance = 0.0}, 3.0, 0.5), 1.5, 1e-15,
                     "EI with σ = 0, μ = 1, best = 3, ξ = 0.5: max(3 − 0.5 − 1, 0)"));
    EXPECT_TRUE(near(df::expected_improvement({.mean = 4.0, .variance = 0.0}, 3.0, 0.0), 0.0, 0.0,
                     "EI with σ = 0 above the best: no improvement (and no 0/0)"));
}

TEST(Ex1610Acquisition, UpperConfidenceBoundOfMinusF) {
    EXPECT_TRUE(near(df::upper_confidence_bound({.mean = 1.0, .variance = 4.0}, 2.0), 3.0, 1e-15,
                     "UCB with μ = 1, σ² = 4, κ = 2: −μ + κσ = −1 + 4 (σ, not σ²; −μ since we minimise)"));
    EXPECT_TRUE(near(df::upper_confidence_bound({.mean = -0.5, .variance = 0.0}, 5.0), 0.5, 1e-15,
                     "UCB with μ = −0.5, σ = 0: −μ"));
}

// ==== 16.11 The Bayesian-optimization loop ====================================================================

TEST(Ex1611BayesOpt, RejectsImpossibleBudgets) {
    course::Rng rng(1);
    const df::Box box{{0.0}, {1.0}};
    EXPECT_THROW(df::bayes_opt(forrester, box, {.initial_points = 0}, rng), std::invalid_argument) << "initial_points 0";
    EXPECT_THROW(df::bayes_opt(forrester, box, {.initial_points = 5, .budget = 4}, rng), std::invalid_argument)
        << "budget 4 < initial_points 5";
    EXPECT_THROW(df::bayes_opt([](const Vector&) { return kNaN; }, box, {.initial_points = 2, .budget = 3}, rng),
                 course::RuntimeFailure)
        << "an objective that returns NaN";
}

TEST(Ex1611BayesOpt, FollowsTheRecipeStepByStep) {
    // Replays the loop with the given pieces (this test also runs your 16.8-16.10).
    const df::Box box{{-1.0, 0.0}, {2.0, 3.0}};
    auto f = [](const Vector& x) { return (x[0] - 0.5) * (x[0] - 0.5) + std::sin(3.0 * x[1]); };
    const df::BayesOptOptions options{.initial_points = 3, .budget = 6, .candidates = 200};
    course::Rng rng(7), replay(7);
    std::vector<std::size_t> seen;
    const df::BayesOptResult r =
        df::bayes_opt(f, box, options, rng, [&](const df::BayesOptStep& s) { seen.push_back(s.evaluation); });
    ASSERT_EQ(r.points.size(), 6u) << "budget 6: six points in all, the initial three included";
    ASSERT_EQ(r.values.size(), 6u);
    ASSERT_EQ(r.best_so_far.size(), 6u);
    EXPECT_EQ(seen, (std::vector<std::size_t>{3, 4, 5})) << "the observer sees evaluations 3, 4, 5 (after the design)";
    std::vector<Vector> points;
    Vector values;
    for (std::size_t i = 0; i < 3; ++i) {
        points.push_back(course::random_search::sample_uniform(box, replay));
        EXPECT_TRUE(course::teach::vectors_near(r.points[i], points.back(), 0.0,
                                                "initial point " + std::to_string(i) + " (sample_uniform, in order)"));
        values.push_back(f(points.back()));
    }
    for (std::size_t i = 3; i < 6; ++i) {
        const df::Surrogate s = df::fit_surrogate(points, values, box, options);
        const std::vector<Vector> cands = df::propose_candidates(s, options, replay);
        std::size_t best = 0;
        for (std::size_t c = 1; c < cands.size(); ++c)
            if (df::acquisition_value(s, cands[c], options) > df::acquisition_value(s, cands[best], options)) best = c;
        EXPECT_TRUE(course::teach::vectors_near(r.points[i], cands[best], 0.0,
                                                "point " + std::to_string(i) + ": the candidate of largest acquisition"));
        points.push_back(cands[best]);
        values.push_back(f(points.back()));
    }
    double running = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_TRUE(near(r.values[i], f(r.points[i]), 0.0, "values[" + std::to_string(i) + "] = f(points[i])"));
        running = std::min(running, r.values[i]);
        EXPECT_TRUE(near(r.best_so_far[i], running, 0.0, "best_so_far[" + std::to_string(i) + "]"));
    }
    EXPECT_TRUE(near(r.best_value, running, 0.0, "best_value: the lowest value"));
    EXPECT_TRUE(near(f(r.best_point), r.best_value, 0.0, "f(best_point) = best_value"));
}

TEST(Ex1611BayesOpt, FindsTheForresterMinimumInFifteenEvaluations) {
    // This test also runs your 16.8-16.10. Random search needs ~100 draws to land within 0.05 of it.
    const df::Box box{{0.0}, {1.0}};
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
        course::Rng rng(seed);
        const df::BayesOptResult r = df::bayes_opt(forrester, box, {.initial_points = 4, .budget = 15}, rng);
        EXPECT_TRUE(near(r.best_value, kForresterMinimum, 0.05,
                         "best of 15 BO evaluations (EI) on the Forrester function, seed " + std::to_string(seed)));
    }
    course::Rng rng(4);
    const df::BayesOptResult r = df::bayes_opt(
        forrester, box, {.initial_points = 4, .budget = 15, .acquisition = df::Acquisition::upper_confidence_bound}, rng);
    EXPECT_TRUE(near(r.best_value, kForresterMinimum, 0.05, "best of 15 BO evaluations with UCB (κ = 2)"));
}
