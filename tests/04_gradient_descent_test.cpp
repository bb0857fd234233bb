// Tests that grade chapter 04. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); the
// Chapter04LineProblem suite checks the given loss and must pass on the stubs too.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "tests/support/teach.hpp"

namespace course::gradient_descent {
// How GoogleTest prints the enums in a failure message: by name, not as "4-byte object <02-00 00-00>".
void PrintTo(Divergence d, std::ostream* os) {
    *os << (d == Divergence::none ? "none" : d == Divergence::non_finite ? "non_finite" : "growing");
}
void PrintTo(GdStatus s, std::ostream* os) { *os << to_string(s); }
}  // namespace course::gradient_descent

namespace gd = course::gradient_descent;
using course::teach::gradients_agree;
using course::teach::near;
using course::teach::vectors_near;
using gd::Vector;

namespace {

// A 2-D quadratic f(θ) = ½ θᵀAθ − bᵀθ with A = [[3, 1], [1, 2]], b = (1, −1), written out here.
// Minimiser A⁻¹b by Cramer's rule: det A = 5, θ* = ((1·2 − 1·(−1))/5, (3·(−1) − 1·1)/5) = (0.6, −0.8).
// Eigenvalues of A: 5/2 ± √(1/4 + 1), so λ_max = 3.618…, λ_min = 1.381…
double quadratic(const Vector& t) {
    return 0.5 * (3 * t[0] * t[0] + 2 * t[0] * t[1] + 2 * t[1] * t[1]) - (t[0] - t[1]);
}
Vector quadratic_gradient(const Vector& t) { return {3 * t[0] + t[1] - 1, t[0] + 2 * t[1] + 1}; }
const Vector kQuadraticMin{0.6, -0.8};
const double kLambdaMax = 2.5 + std::sqrt(1.25), kLambdaMin = 2.5 - std::sqrt(1.25);

// The chapter's loss, the MSE of a line, written out independently of the given code.
double mse(const gd::LineData& d, const Vector& t) {
    double total = 0.0;
    for (std::size_t i = 0; i < d.x.size(); ++i) total += std::pow(t[0] * d.x[i] + t[1] - d.y[i], 2);
    return total / static_cast<double>(d.x.size());
}

// Least squares by the normal equations, solved here by Cramer's rule.
Vector normal_equations(const gd::LineData& d) {
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    for (std::size_t i = 0; i < d.x.size(); ++i, ++n) {
        sx += d.x[i], sy += d.y[i], sxx += d.x[i] * d.x[i], sxy += d.x[i] * d.y[i];
    }
    const double det = sxx * n - sx * sx;
    return {(sxy * n - sx * sy) / det, (sxx * sy - sx * sxy) / det};
}

double distance(const Vector& a, const Vector& b) { return std::hypot(a[0] - b[0], a[1] - b[1]); }

// The README's divergence rule written out: the first k at which the loss has risen in each of the
// last `patience` steps and is above losses[0]; losses.size() if there is none.
std::size_t first_growing(const std::vector<double>& losses, std::size_t patience) {
    for (std::size_t k = patience; k < losses.size(); ++k) {
        bool rising = losses[k] > losses[0];
        for (std::size_t j = k + 1 - patience; j <= k; ++j) rising = rising && losses[j] > losses[j - 1];
        if (rising) return k;
    }
    return losses.size();
}

// Least-squares slope of log(error) against log(h): the order of the method.
double loglog_slope(const std::vector<double>& hs, const std::vector<double>& errors) {
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < hs.size(); ++i) mx += std::log(hs[i]) / hs.size(), my += std::log(errors[i]) / hs.size();
    double sxy = 0, sxx = 0;
    for (std::size_t i = 0; i < hs.size(); ++i) {
        sxy += (std::log(hs[i]) - mx) * (std::log(errors[i]) - my);
        sxx += (std::log(hs[i]) - mx) * (std::log(hs[i]) - mx);
    }
    return sxy / sxx;
}

// f(x, y) = sin x · e^(y/2), ∇f = (cos x · e^(y/2), ½ sin x · e^(y/2)).
double wave(const Vector& t) { return std::sin(t[0]) * std::exp(0.5 * t[1]); }
Vector wave_gradient(const Vector& t) {
    return {std::cos(t[0]) * std::exp(0.5 * t[1]), 0.5 * std::sin(t[0]) * std::exp(0.5 * t[1])};
}

using Differencer = Vector (*)(const gd::Objective&, Vector, double);

double measured_order(Differencer difference) {
    const Vector at{1.0, 0.4};
    std::vector<double> hs, errors;
    for (double h = 1e-1; h > 2e-4; h /= 2) {
        const Vector got = difference(wave, at, h), want = wave_gradient(at);
        hs.push_back(h);
        errors.push_back(distance(got, want));
    }
    return loglog_slope(hs, errors);
}

}  // namespace

// ---- 4.1 ---------------------------------------------------------------------------------------------

TEST(Ex0401ForwardDifference, HandComputedValues) {
    const gd::Objective square = [](const Vector& t) { return t[0] * t[0]; };
    const gd::Objective cube = [](const Vector& t) { return t[0] * t[0] * t[0]; };
    EXPECT_TRUE(vectors_near(gd::forward_difference_gradient(square, {3.0}, 0.1), {6.1}, 1e-9,
                             "forward difference of x² at 3, h = 0.1: (3.1² − 3²)/0.1 = 6 + h"));
    EXPECT_TRUE(vectors_near(gd::forward_difference_gradient(cube, {1.0}, 0.1), {3.31}, 1e-9,
                             "forward difference of x³ at 1, h = 0.1: (1.1³ − 1)/0.1 = 3 + 3h + h²"));
}

TEST(Ex0401ForwardDifference, PutsEachCoordinateBackBeforeTheNext) {
    // f(x, y) = x·y at (1, 2), h = 0.1: ∂f/∂x ≈ (1.1·2 − 2)/0.1 = 2 and ∂f/∂y ≈ (1·2.1 − 2)/0.1 = 1.
    // Forgetting to restore x before perturbing y gives (1.1·2.1 − 2)/0.1 = 3.1 for ∂f/∂y.
    const gd::Objective product = [](const Vector& t) { return t[0] * t[1]; };
    EXPECT_TRUE(vectors_near(gd::forward_difference_gradient(product, {1.0, 2.0}, 0.1), {2.0, 1.0}, 1e-9,
                             "forward difference of x·y at (1, 2), h = 0.1 (3.1 in [1] means x was not put back)"));
}

TEST(Ex0401ForwardDifference, ErrorShrinksLikeH) {
    const double slope = measured_order(gd::forward_difference_gradient);
    EXPECT_TRUE(near(slope, 1.0, 0.15, "slope of log(error) against log(h), forward difference on sin x·e^(y/2)"));
}

TEST(Ex0401ForwardDifference, UsesDPlusOneEvaluationsAndRejectsBadH) {
    int calls = 0;
    const gd::Objective counted = [&calls](const Vector& t) { ++calls; return wave(t); };
    const auto g = gd::forward_difference_gradient(counted, {0.3, -0.2}, 1e-7);
    EXPECT_EQ(calls, 3) << "f(θ) once, then f(θ + h·eᵢ) for each of the 2 coordinates";
    EXPECT_TRUE(gradients_agree(g, wave_gradient({0.3, -0.2}), 1e-6, "forward difference of sin x·e^(y/2)"));
    EXPECT_THROW(gd::forward_difference_gradient(wave, {0.0, 0.0}, 0.0), std::invalid_argument) << "h = 0";
}

// ---- 4.2 ---------------------------------------------------------------------------------------------

TEST(Ex0402CentralDifference, HandComputedValues) {
    const gd::Objective square = [](const Vector& t) { return t[0] * t[0]; };
    const gd::Objective cube = [](const Vector& t) { return t[0] * t[0] * t[0]; };
    EXPECT_TRUE(vectors_near(gd::central_difference_gradient(square, {3.0}, 0.1), {6.0}, 1e-9,
                             "central difference of x² at 3, h = 0.1: exact for a quadratic"));
    EXPECT_TRUE(vectors_near(gd::central_difference_gradient(cube, {1.0}, 0.1), {3.01}, 1e-9,
                             "central difference of x³ at 1, h = 0.1: (1.1³ − 0.9³)/0.2 = 3 + h²"));
}

TEST(Ex0402CentralDifference, PutsEachCoordinateBackBeforeTheNext) {
    // f(x, y) = x·y at (1, 2), h = 0.1: (1.1·2 − 0.9·2)/0.2 = 2 and (1·2.1 − 1·1.9)/0.2 = 1, exactly.
    const gd::Objective product = [](const Vector& t) { return t[0] * t[1]; };
    EXPECT_TRUE(vectors_near(gd::central_difference_gradient(product, {1.0, 2.0}, 0.1), {2.0, 1.0}, 1e-9,
                             "central difference of x·y at (1, 2), h = 0.1, θ back at (1, 2) for each coordinate"));
}

TEST(Ex0402CentralDifference, CentralDifferenceErrorShrinksLikeHSquared) {
    const double slope = measured_order(gd::central_difference_gradient);
    EXPECT_TRUE(near(slope, 2.0, 0.15, "slope of log(error) against log(h), central difference on sin x·e^(y/2)"));
}

TEST(Ex0402CentralDifference, UsesTwoDEvaluationsAndRejectsBadH) {
    int calls = 0;
    const gd::Objective counted = [&calls](const Vector& t) { ++calls; return wave(t); };
    const auto g = gd::central_difference_gradient(counted, {0.3, -0.2}, 1e-5);
    EXPECT_EQ(calls, 4) << "f(θ ± h·eᵢ) for each of the 2 coordinates";
    EXPECT_TRUE(gradients_agree(g, wave_gradient({0.3, -0.2}), 1e-9, "central difference of sin x·e^(y/2)"));
    EXPECT_THROW(gd::central_difference_gradient(wave, {0.0, 0.0}, -1e-5), std::invalid_argument) << "h < 0";
}

// ---- 4.3 ---------------------------------------------------------------------------------------------

TEST(Ex0403LineLossGradient, HandComputedValue) {
    // Points (0, 1), (1, 3), (2, 2) and the line ŷ = x + 1: residuals 0, −1, 1.
    // ∂L/∂w = (2/3)(0·0 − 1·1 + 1·2) = 2/3, ∂L/∂b = (2/3)(0 − 1 + 1) = 0.
    const gd::LineData three{{0.0, 1.0, 2.0}, {1.0, 3.0, 2.0}};
    EXPECT_TRUE(vectors_near(gd::line_loss_gradient(three, {1.0, 1.0}), {2.0 / 3.0, 0.0}, 1e-12,
                             "gradient at w = 1, b = 1 on (0,1) (1,3) (2,2)"));
}

TEST(Ex0403LineLossGradient, AgreesWithCentralDifferences) {
    const auto data = gd::shifted_line_data(3);
    const gd::Objective loss = [&data](const Vector& t) { return mse(data, t); };
    for (const Vector& t : {Vector{0.0, 0.0}, {-1.5, 2.0}, {2.5, -4.0}}) {
        Vector numerical(2);
        for (int i = 0; i < 2; ++i) {
            Vector up = t, down = t;
            up[i] += 1e-5;
            down[i] -= 1e-5;
            numerical[i] = (loss(up) - loss(down)) / 2e-5;
        }
        EXPECT_TRUE(gradients_agree(gd::line_loss_gradient(data, t), numerical, 1e-7,
                                    "∇L at (" + std::to_string(t[0]) + ", " + std::to_string(t[1]) + ")"));
    }
}

TEST(Ex0403LineLossGradient, VanishesAtTheLeastSquaresFitAndChecksInput) {
    const auto data = gd::shifted_line_data(4);
    EXPECT_TRUE(vectors_near(gd::line_loss_gradient(data, normal_equations(data)), {0.0, 0.0}, 1e-10,
                             "∇L at the closed-form least-squares fit"));
    EXPECT_THROW(gd::line_loss_gradient(data, {1.0}), std::invalid_argument) << "θ with 1 entry";
    EXPECT_THROW(gd::line_loss_gradient({{1.0, 2.0}, {1.0}}, {1.0, 0.0}), std::invalid_argument) << "2 x, 1 y";
}

// ---- 4.4 ---------------------------------------------------------------------------------------------

TEST(Ex0404DetectDivergence, NanAndInfinityAreCaughtAtOnce) {
    const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
    EXPECT_EQ(gd::detect_divergence({1.0, 0.5, nan}, 3), gd::Divergence::non_finite) << "losses 1, 0.5, NaN";
    EXPECT_EQ(gd::detect_divergence({1.0, inf}, 3), gd::Divergence::non_finite) << "losses 1, ∞";
    EXPECT_EQ(gd::detect_divergence({1.0, 0.5, 0.25}, 3), gd::Divergence::none) << "a falling loss";
    EXPECT_EQ(gd::detect_divergence({}, 3), gd::Divergence::none) << "no losses yet";
}

TEST(Ex0404DetectDivergence, GrowingMeansRisingForPatienceStepsAboveTheStart) {
    EXPECT_EQ(gd::detect_divergence({1.0, 0.5, 0.6, 0.8, 1.1, 1.5, 2.0}, 3), gd::Divergence::growing)
        << "the last 3 steps rose (0.8 → 1.1 → 1.5 → 2.0) and 2.0 is above the start, 1.0";
    EXPECT_EQ(gd::detect_divergence({1.0, 0.1, 0.2, 0.3, 0.4}, 3), gd::Divergence::none)
        << "3 rises in a row but still below the start: a bump, not divergence";
    EXPECT_EQ(gd::detect_divergence({1.0, 2.0, 3.0}, 3), gd::Divergence::none) << "only 2 rises, patience 3";
    EXPECT_EQ(gd::detect_divergence({1.0, 2.0, 3.0, 2.5, 4.0, 5.0}, 3), gd::Divergence::none)
        << "3.0 → 2.5 fell, so only the last 2 steps rose";
    EXPECT_THROW(gd::detect_divergence({1.0}, 0), std::invalid_argument) << "patience 0";
}

// ---- 4.5 ---------------------------------------------------------------------------------------------

TEST(Ex0405GradientDescent, ConvergesToTheMinimumOfAQuadratic) {
    const auto r = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0},
                                        {.lr = 1.0 / kLambdaMax, .max_iters = 10000, .tol = 1e-10});
    EXPECT_EQ(r.status, gd::GdStatus::converged) << "α = 1/λ_max from (2, 2): " << gd::to_string(r.status);
    EXPECT_TRUE(vectors_near(r.theta, kQuadraticMin, 1e-9, "θ at the end; A⁻¹b = (0.6, −0.8)"));
    EXPECT_LE(r.grad_norm, 1e-10) << "converged means ‖∇L‖ ≤ tol";
    ASSERT_EQ(r.losses.size(), r.iterations + 1) << "one loss per iterate, θ₀ included";
    ASSERT_EQ(r.path.size(), r.iterations + 1) << "one point per iterate, θ₀ included";
    EXPECT_EQ(r.path.front(), (Vector{2.0, 2.0})) << "the path starts at the start";
    for (std::size_t k = 1; k < r.losses.size(); ++k)
        ASSERT_LE(r.losses[k], r.losses[k - 1] + 1e-14)
            << "with α < 2/λ_max the loss of a quadratic never rises, up to rounding (step " << k << ")";
}

TEST(Ex0405GradientDescent, ConvergesJustBelowTwoOverLAndDivergesJustAbove) {
    const double edge = 2.0 / kLambdaMax;  // from the Hessian's largest eigenvalue
    const gd::GdOptions below{.lr = 0.98 * edge, .max_iters = 100000, .tol = 1e-8};
    const auto ok = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, below);
    EXPECT_EQ(ok.status, gd::GdStatus::converged) << "α = 0.98·2/λ_max: |1 − αλ_max| = 0.96 < 1, "
                                                  << gd::to_string(ok.status) << " after " << ok.iterations;
    EXPECT_TRUE(vectors_near(ok.theta, kQuadraticMin, 1e-7, "θ after converging with α = 0.98·2/λ_max"));
    const gd::GdOptions above{.lr = 1.02 * edge, .max_iters = 100000, .tol = 1e-8};
    const auto bad = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, above);
    EXPECT_EQ(bad.status, gd::GdStatus::diverged)
        << "α = 1.02·2/λ_max: |1 − αλ_max| = 1.04 > 1, so the error grows every step; got " << gd::to_string(bad.status);
    EXPECT_LT(bad.iterations, 100000u) << "divergence must stop the run, not run to the cap";
    EXPECT_GT(bad.losses.back(), bad.losses.front()) << "a diverged run ends above where it started";
    // Waiting for the loss to overflow to ∞ would also stop the run, thousands of steps late. The rule
    // is detect_divergence's: stop at the first step where the loss has risen patience = 5 times in a
    // row and is above the start.
    EXPECT_EQ(bad.iterations, first_growing(bad.losses, 5))
        << "the run should stop at the first step where the loss has risen 5 steps in a row above its start"
        << " (call detect_divergence(losses, options.patience) after every update); your losses rose from "
        << bad.losses.front() << " to " << bad.losses.back();
}

TEST(Ex0405GradientDescent, ContractsAtTheRateMaxOneMinusAlphaLambda) {
    // With α = 1/λ_max the λ_max component vanishes in one step; the rest shrinks by 1 − λ_min/λ_max.
    const auto r = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0},
                                        {.lr = 1.0 / kLambdaMax, .max_iters = 30, .tol = 0.0});
    ASSERT_EQ(r.path.size(), 31u) << "tol 0 and 30 iterations: 31 points";
    const double ratio = distance(r.path[30], kQuadraticMin) / distance(r.path[29], kQuadraticMin);
    EXPECT_TRUE(near(ratio, 1.0 - kLambdaMin / kLambdaMax, 1e-6, "‖θ₃₀ − θ*‖ / ‖θ₂₉ − θ*‖"));
}

TEST(Ex0405GradientDescent, ReportsNanInsteadOfContinuing) {
    // A loss that is undefined (NaN) beyond |θ| = 10; a huge α jumps there on the first step.
    int gradients = 0;
    const gd::Objective f = [](const Vector& t) { return std::abs(t[0]) < 10 ? t[0] * t[0] : std::nan(""); };
    const gd::Gradient g = [&gradients](const Vector& t) { ++gradients; return Vector{2 * t[0]}; };
    const auto r = gd::gradient_descent(f, g, {1.0}, {.lr = 100.0, .max_iters = 50});
    EXPECT_EQ(r.status, gd::GdStatus::diverged) << gd::to_string(r.status);
    EXPECT_EQ(r.iterations, 1u) << "the first update lands where L is NaN: stop right there";
    EXPECT_EQ(gradients, 1) << "no gradient may be taken at a point whose loss is NaN";
    EXPECT_TRUE(std::isnan(r.losses.back())) << "the NaN is reported in losses";
}

TEST(Ex0405GradientDescent, StopsAtTheIterationCapAndChecksOptions) {
    const auto r = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = 1e-3, .max_iters = 7});
    EXPECT_EQ(r.status, gd::GdStatus::max_iters) << gd::to_string(r.status);
    EXPECT_EQ(r.iterations, 7u);
    EXPECT_EQ(r.losses.size(), 8u);
    EXPECT_THROW(gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = 0.0}), std::invalid_argument)
        << "lr = 0";
    EXPECT_THROW(gd::gradient_descent(quadratic, quadratic_gradient, {}, {}), std::invalid_argument) << "no start";
}

TEST(Ex0405GradientDescent, FitsTheChaptersLineLikeTheNormalEquations) {
    const auto data = gd::shifted_line_data(5);
    double sx = 0, sxx = 0;
    for (double x : data.x) sx += x, sxx += x * x;
    const double n = static_cast<double>(data.x.size()), a = 2 * sxx / n, c = 2 * sx / n;
    const double lambda_max = (a + 2) / 2 + std::hypot((a - 2) / 2, c);  // Hessian (2/n)[[Σx², Σx], [Σx, n]]
    const gd::Objective f = [&data](const Vector& t) { return mse(data, t); };
    const gd::Gradient g = [&data, n](const Vector& t) {
        Vector d{0.0, 0.0};
        for (std::size_t i = 0; i < data.x.size(); ++i) {
            const double r = t[0] * data.x[i] + t[1] - data.y[i];
            d[0] += 2 * r * data.x[i] / n, d[1] += 2 * r / n;
        }
        return d;
    };
    const auto r = gd::gradient_descent(f, g, {0.0, 0.0}, {.lr = 1.0 / lambda_max, .max_iters = 20000, .tol = 1e-9});
    EXPECT_EQ(r.status, gd::GdStatus::converged) << gd::to_string(r.status);
    EXPECT_TRUE(vectors_near(r.theta, normal_equations(data), 1e-7, "GD's (w, b) against the normal equations"));
}

// ---- the given loss --------------------------------------------------------------------------------------

TEST(Chapter04LineProblem, ShiftedDataAndItsCurvature) {
    const auto data = gd::shifted_line_data(6, 50, 2.0);
    ASSERT_EQ(data.x.size(), 50u);
    for (double x : data.x) ASSERT_TRUE(x >= 0.0 && x <= 4.0) << "x should lie in [0, 4], got " << x;
    EXPECT_TRUE(near(gd::line_loss(data, {1.0, 0.5}), mse(data, {1.0, 0.5}), 1e-12, "line_loss at (1, 0.5)"));
    // Curvature from second differences of the loss (exact for a quadratic up to rounding).
    const double h = 1e-3;
    auto second = [&](Vector e1, Vector e2) {
        const Vector t{0.5, -1.0};
        auto at = [&](double s1, double s2) { return mse(data, {t[0] + s1 * e1[0] + s2 * e2[0], t[1] + s1 * e1[1] + s2 * e2[1]}); };
        return (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
    };
    const double a = second({1, 0}, {1, 0}), c = second({1, 0}, {0, 1}), d = second({0, 1}, {0, 1});
    const auto curvature = gd::line_loss_curvature(data);
    EXPECT_TRUE(near(curvature.largest, (a + d) / 2 + std::hypot((a - d) / 2, c), 1e-5, "λ_max of the Hessian"));
    EXPECT_TRUE(near(curvature.smallest, (a + d) / 2 - std::hypot((a - d) / 2, c), 1e-5, "λ_min of the Hessian"));
    EXPECT_GT(curvature.condition(), 10.0) << "uncentred inputs make the problem ill-conditioned";
    EXPECT_LT(gd::line_loss_curvature(gd::shifted_line_data(6, 50, 0.0)).condition(), 2.0) << "centred inputs do not";
    EXPECT_TRUE(vectors_near(gd::line_loss_minimizer(data), normal_equations(data), 1e-9, "the closed-form fit"));
}
