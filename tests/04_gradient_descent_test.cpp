// Tests that grade chapter 04. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); the
// Chapter04LineProblem suite checks the given loss and must pass on the stubs too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "chapters/04_gradient_descent/gradient_descent.hpp"
#include "common/errors.hpp"
#include "tests/support/picture.hpp"
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
using course::Matrix;
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

// When a run on the quadratic fails: its path against plain gradient descent θ ← θ − lr·∇f(θ) from the
// same start, written out here, on the contours of f (tests/support/picture.hpp).
void draw_gd_paths_on_failure(const gd::GdResult& run, double lr, std::string_view name) {
    if (!course::teach::test_failed() || course::teach::pictures_folder().empty()) return;
    course::teach::PathsPicture picture{
        .title = "Gradient descent on ½θᵀAθ − bᵀθ, lr = " + course::teach::show(lr) + ": your path and the reference's",
        .f = [](double x, double y) { return quadratic({x, y}); }};
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    for (const Vector& p : run.path)
        picture.yours_x.push_back(p.size() == 2 ? p[0] : nan), picture.yours_y.push_back(p.size() == 2 ? p[1] : nan);
    Vector theta{2.0, 2.0};
    for (std::size_t k = 0; k < std::max<std::size_t>(run.path.size(), 2) && k <= 10000; ++k) {
        picture.reference_x.push_back(theta[0]), picture.reference_y.push_back(theta[1]);
        const Vector g = quadratic_gradient(theta);
        theta = {theta[0] - lr * g[0], theta[1] - lr * g[1]};
    }
    course::teach::draw_paths_on_failure(true, name, picture);
}

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

// The harness rule for inputs: storage that runs on past the last entry with NaN, so that a loop that
// reads one entry too many (i <= n) picks up a NaN instead of a harmless leftover.
std::vector<double> with_nan_beyond(const std::vector<double>& values) {
    std::vector<double> out(values.size() + 8, std::numeric_limits<double>::quiet_NaN());
    out.resize(values.size());  // the NaN stay in the storage behind the last entry
    std::copy(values.begin(), values.end(), out.begin());
    return out;
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
    const Vector at3 = gd::forward_difference_gradient(square, {3.0}, 0.1);
    EXPECT_TRUE(vectors_near(at3, {6.1}, 1e-9, "forward difference of x² at 3, h = 0.1: (3.1² − 3²)/0.1 = 6 + h"))
        << (at3.size() == 1 && std::abs(at3[0] - 5.9) < 1e-9
                ? "5.9 = (3² − 2.9²)/0.1 is the backward difference: the forward one steps to θ + h·eᵢ"
            : at3.size() == 1 && std::abs(at3[0] - 3.05) < 1e-9 ? "that divides by 2h: the two points are h apart"
                                                                 : "");
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
    const Vector at3 = gd::central_difference_gradient(square, {3.0}, 0.1);
    EXPECT_TRUE(vectors_near(at3, {6.0}, 1e-9, "central difference of x² at 3, h = 0.1: exact for a quadratic"))
        << (at3.size() != 1 ? ""
            : std::abs(at3[0] - 12.0) < 1e-9 ? "twice the slope: θ + h and θ − h are 2h apart, so divide by 2h"
            : std::abs(at3[0] - 3.05) < 1e-9
                ? "(f(3.1) − f(3))/0.2: the lower point must be θ − h·eᵢ, set from the kept value (keep − h), not "
                  "one h below the upper point"
                : "");
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
    EXPECT_THROW(gd::central_difference_gradient(wave, {0.0, 0.0}, 0.0), std::invalid_argument)
        << "h = 0 would divide 0 by 0 (test h > 0, not h >= 0)";
}

// ---- 4.3 ---------------------------------------------------------------------------------------------

TEST(Ex0403LineLossGradient, HandComputedValue) {
    // Points (0, 1), (1, 3), (2, 2) and the line ŷ = x + 1: residuals 0, −1, 1.
    // ∂L/∂w = (2/3)(0·0 − 1·1 + 1·2) = 2/3, ∂L/∂b = (2/3)(0 − 1 + 1) = 0.
    const gd::LineData three{with_nan_beyond({0.0, 1.0, 2.0}), with_nan_beyond({1.0, 3.0, 2.0})};
    const Vector g = gd::line_loss_gradient(three, {1.0, 1.0});
    const double dw = g.size() == 2 ? g[0] : 0.0;
    EXPECT_TRUE(vectors_near(g, {2.0 / 3.0, 0.0}, 1e-12, "gradient at w = 1, b = 1 on (0,1) (1,3) (2,2)"))
        << (g.size() != 2 ? ""
            : std::abs(dw - 1.0 / 3.0) < 1e-12 ? "Half the slope's entry: d/dr r² = 2r, the factor 2 is missing."
            : std::abs(dw - 2.0) < 1e-12       ? "n times too large: the loss is a mean, so its gradient divides by n."
            : std::abs(dw + 2.0 / 3.0) < 1e-12 ? "The sign is flipped: with rᵢ = ŷᵢ − yᵢ (prediction minus target) "
                                                 "∂ℒ/∂w = (2/n) Σ rᵢxᵢ."
            : std::abs(dw) < 1e-12 ? "∂ℒ/∂w came out as ∂ℒ/∂b: the chain rule multiplies by ∂rᵢ/∂w = xᵢ."
            : std::isnan(dw)       ? "NaN: did the loop read one point past the end of x or y (i <= n)?"
                                   : "");
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
        const Vector analytic = gd::line_loss_gradient(data, t);
        const std::string what = "∇L at (" + std::to_string(t[0]) + ", " + std::to_string(t[1]) + ")";
        const auto agree = gradients_agree(analytic, numerical, 1e-7, what);
        EXPECT_TRUE(agree);
        course::teach::draw_gradients_on_failure(!agree, "line_loss_gradient",
                                                 "The MSE of the line, " + what + ": your gradient and central differences",
                                                 analytic, numerical, 1e-7, "entry of ∇L = (∂L/∂w, ∂L/∂b)");
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

TEST(Ex0404DetectDivergence, BoundariesPlateausAndTies) {
    EXPECT_EQ(gd::detect_divergence({1.0, 2.0, 3.0, 4.0}, 3), gd::Divergence::growing)
        << "losses 1, 2, 3, 4 with patience 3: exactly 3 rises, the last above the start. Four losses are enough "
           "(did you ask for more than patience + 1 losses, or start the loop one index too late?)";
    EXPECT_EQ(gd::detect_divergence({1.0, 2.0}, 1), gd::Divergence::growing)
        << "losses 1, 2 with patience 1: one rise above the start";
    EXPECT_EQ(gd::detect_divergence({1.0, 2.0, 2.0, 3.0, 4.0}, 3), gd::Divergence::none)
        << "2 → 2 is a plateau, not a rise: only the last 2 steps rose (did you compare with >= ?)";
    EXPECT_EQ(gd::detect_divergence({1.0, 0.25, 0.5, 0.75, 1.0}, 3), gd::Divergence::none)
        << "3 rises, but the last loss 1.0 equals the start, it is not above it (did you compare with >= ?)";
    EXPECT_EQ(gd::detect_divergence({1.0, 0.5, 2.0, 3.0, 4.0}, 3), gd::Divergence::growing)
        << "0.5 → 2 → 3 → 4: the last 3 steps rose and 4 > 1 (the fall before them does not matter)";
    EXPECT_EQ(gd::detect_divergence({1.0, 3.0, 2.0, 4.0, 5.0, 6.0}, 2), gd::Divergence::growing)
        << "patience 2 looks at the last 2 steps only (5 → 6 and 4 → 5), not the whole history";
    EXPECT_EQ(gd::detect_divergence({5.0}, 1), gd::Divergence::none) << "a single loss cannot have risen";
    const double nan = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(gd::detect_divergence({nan}, 4), gd::Divergence::non_finite)
        << "a NaN is caught even when the history is shorter than patience";
    EXPECT_EQ(gd::detect_divergence({1.0, -std::numeric_limits<double>::infinity()}, 1), gd::Divergence::non_finite)
        << "−∞ is not finite either (use std::isfinite, not a comparison with +∞)";
    EXPECT_EQ(gd::detect_divergence({1.0, nan, 0.5}, 1), gd::Divergence::none)
        << "only the LAST loss is checked for NaN: a run that recovered is judged on where it is now";
}

// ---- 4.5 ---------------------------------------------------------------------------------------------

TEST(Ex0405GradientDescent, ConvergesToTheMinimumOfAQuadratic) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
    const auto r = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0},
                                        {.lr = 1.0 / kLambdaMax, .max_iters = 10000, .tol = 1e-10});
    EXPECT_EQ(r.status, gd::GdStatus::converged)
        << "α = 1/λ_max from (2, 2): " << gd::to_string(r.status)
        << (r.losses.size() > 1 && r.losses[1] > r.losses[0] ? " — the first step went uphill: θ ← θ − lr·∇ℒ(θ)" : "");
    EXPECT_TRUE(vectors_near(r.theta, kQuadraticMin, 1e-9, "θ at the end; A⁻¹b = (0.6, −0.8)"))
        << "if θ stopped short of the minimum: ‖∇ℒ‖ = √(Σ gᵢ²), the Euclidean norm (not its square), is what is "
           "compared with tol";
    EXPECT_LE(r.grad_norm, 1e-10) << "converged means ‖∇L‖ ≤ tol";
    draw_gd_paths_on_failure(r, 1.0 / kLambdaMax, "gd_path");
    ASSERT_EQ(r.losses.size(), r.iterations + 1) << "one loss per iterate, θ₀ included";
    ASSERT_EQ(r.path.size(), r.iterations + 1) << "one point per iterate, θ₀ included";
    EXPECT_EQ(r.path.front(), (Vector{2.0, 2.0})) << "the path starts at the start";
    for (std::size_t k = 1; k < r.losses.size(); ++k)
        ASSERT_LE(r.losses[k], r.losses[k - 1] + 1e-14)
            << "with α < 2/λ_max the loss of a quadratic never rises, up to rounding (step " << k << ")";
}

TEST(Ex0405GradientDescent, ConvergesJustBelowTwoOverLAndDivergesJustAbove) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
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
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
    // With α = 1/λ_max the λ_max component vanishes in one step; the rest shrinks by 1 − λ_min/λ_max.
    const auto r = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0},
                                        {.lr = 1.0 / kLambdaMax, .max_iters = 30, .tol = 0.0});
    ASSERT_EQ(r.path.size(), 31u) << "tol 0 and 30 iterations: 31 points";
    const double ratio = distance(r.path[30], kQuadraticMin) / distance(r.path[29], kQuadraticMin);
    EXPECT_TRUE(near(ratio, 1.0 - kLambdaMin / kLambdaMax, 1e-6, "‖θ₃₀ − θ*‖ / ‖θ₂₉ − θ*‖"));
}

TEST(Ex0405GradientDescent, ReportsNanInsteadOfContinuing) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
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
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
    const auto r = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = 1e-3, .max_iters = 7});
    EXPECT_EQ(r.status, gd::GdStatus::max_iters) << gd::to_string(r.status);
    EXPECT_EQ(r.iterations, 7u);
    EXPECT_EQ(r.losses.size(), 8u);
    EXPECT_THROW(gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = 0.0}), std::invalid_argument)
        << "lr = 0";
    EXPECT_THROW(gd::gradient_descent(quadratic, quadratic_gradient, {}, {}), std::invalid_argument) << "no start";
}

TEST(Ex0405GradientDescent, FitsTheChaptersLineLikeTheNormalEquations) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
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

TEST(Ex0405GradientDescent, ToleranceIsCheckedBeforeTheCapAndIsInclusive) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
    // The bowl ℒ = ‖θ‖² has ∇ℒ = 2θ; with lr = 0.5 one step lands exactly on 0.
    int gradients = 0;
    const gd::Objective bowl = [](const Vector& t) { return t[0] * t[0] + t[1] * t[1]; };
    const gd::Gradient bowl_gradient = [&gradients](const Vector& t) { ++gradients; return Vector{2 * t[0], 2 * t[1]}; };
    const auto at_min = gd::gradient_descent(bowl, bowl_gradient, {0.0, 0.0}, {.lr = 0.5, .max_iters = 50, .tol = 0.0});
    EXPECT_EQ(at_min.status, gd::GdStatus::converged)
        << "started at the minimum with tol = 0: ‖∇ℒ‖ = 0 ≤ 0 is converged (did you test ‖∇ℒ‖ < tol?); got "
        << gd::to_string(at_min.status) << " after " << at_min.iterations << " updates";
    EXPECT_EQ(at_min.iterations, 0u) << "no update is needed at the minimum";
    EXPECT_EQ(gradients, 1) << "one gradient, at the start, decides that";
    const auto capped = gd::gradient_descent(bowl, bowl_gradient, {3.0, -4.0}, {.lr = 0.5, .max_iters = 1, .tol = 1e-12});
    EXPECT_EQ(capped.status, gd::GdStatus::converged)
        << "one update lands on the minimum and max_iters = 1: the last iterate's gradient is 0, so the run "
           "converged — check the tolerance before the iteration cap; got "
        << gd::to_string(capped.status);
    EXPECT_EQ(capped.iterations, 1u);
    const auto none = gd::gradient_descent(bowl, bowl_gradient, {3.0, -4.0}, {.lr = 0.1, .max_iters = 0, .tol = 1e-12});
    EXPECT_EQ(none.status, gd::GdStatus::max_iters) << "max_iters = 0 allows no update: " << gd::to_string(none.status);
    EXPECT_EQ(none.iterations, 0u) << "max_iters = 0";
    EXPECT_EQ(none.losses, (std::vector<double>{25.0})) << "only ℒ(θ₀) = 3² + 4² is recorded";
    EXPECT_TRUE(near(none.grad_norm, 10.0, 1e-12, "grad_norm at (3, −4): ‖(6, −8)‖ = 10, the Euclidean norm"));
    EXPECT_EQ(none.theta, (Vector{3.0, -4.0})) << "θ stays at the start";
}

TEST(Ex0405GradientDescent, PatienceOneStopsAtTheFirstRiseAboveTheStart) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
    // ℒ = θ², lr = 1.5: θ ← θ − 3θ = −2θ, so the loss quadruples at every step: 1 → 4.
    const gd::Objective square = [](const Vector& t) { return t[0] * t[0]; };
    const gd::Gradient slope = [](const Vector& t) { return Vector{2 * t[0]}; };
    const auto r = gd::gradient_descent(square, slope, {1.0}, {.lr = 1.5, .max_iters = 100, .tol = 1e-9, .patience = 1});
    EXPECT_EQ(r.status, gd::GdStatus::diverged) << "patience 1 is a valid option: " << gd::to_string(r.status);
    EXPECT_EQ(r.iterations, 1u) << "with patience 1 the first rise above the start (1 → 4) is divergence";
    EXPECT_TRUE(vectors_near(r.losses, {1.0, 4.0}, 1e-12, "losses of θ² from 1 with lr 1.5"));
}

TEST(Ex0405GradientDescent, ReportsTheLastGradientNormAndTheStepSize) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
    // ℒ = ‖θ‖², lr = 0.25: θ halves every step, (4, 0) → (2, 0) → (1, 0) → (0.5, 0); ∇ℒ = 2θ.
    const gd::Objective bowl = [](const Vector& t) { return t[0] * t[0] + t[1] * t[1]; };
    const gd::Gradient bowl_gradient = [](const Vector& t) { return Vector{2 * t[0], 2 * t[1]}; };
    const auto r = gd::gradient_descent(bowl, bowl_gradient, {4.0, 0.0}, {.lr = 0.25, .max_iters = 3, .tol = 1e-9});
    ASSERT_EQ(r.path.size(), 4u) << "3 updates: θ₀ … θ₃";
    EXPECT_TRUE(vectors_near(r.path[1], {2.0, 0.0}, 1e-12, "θ₁ = θ₀ − 0.25·(8, 0) (a sign slip walks uphill)"));
    EXPECT_TRUE(vectors_near(r.theta, {0.5, 0.0}, 1e-12, "θ₃"));
    EXPECT_TRUE(vectors_near(r.losses, {16.0, 4.0, 1.0, 0.25}, 1e-12, "the losses ℒ(θ₀) … ℒ(θ₃)"));
    EXPECT_TRUE(near(r.grad_norm, 1.0, 1e-12,
                     "grad_norm: the gradient last computed, at θ₃ = (0.5, 0), ‖(1, 0)‖ = 1 (not the one before the step)"));
    EXPECT_EQ(r.status, gd::GdStatus::max_iters);
}

TEST(Ex0405GradientDescent, ANonFiniteStartAndBadOptions) {
    SCOPED_TRACE("this test also runs your 4.4: gradient_descent calls detect_divergence after every update");
    int gradients = 0;
    const gd::Objective undefined = [](const Vector&) { return std::numeric_limits<double>::infinity(); };
    const gd::Gradient g = [&gradients](const Vector& t) { ++gradients; return t; };
    const auto r = gd::gradient_descent(undefined, g, {1.0}, {.lr = 0.1});
    EXPECT_EQ(r.status, gd::GdStatus::diverged) << "ℒ(start) = ∞: " << gd::to_string(r.status);
    EXPECT_EQ(gradients, 0) << "no gradient at a start whose loss is not finite";
    EXPECT_TRUE(std::isnan(r.grad_norm)) << "no gradient was computed, so grad_norm is NaN (the contract), got "
                                         << r.grad_norm;
    EXPECT_EQ(r.losses.size(), 1u);
    EXPECT_THROW(gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = -0.1}), std::invalid_argument)
        << "lr < 0";
    EXPECT_THROW(gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = 0.1, .tol = -1e-9}),
                 std::invalid_argument)
        << "tol < 0";
    EXPECT_THROW(gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = 0.1, .patience = 0}),
                 std::invalid_argument)
        << "patience 0";
    const auto tol_zero = gd::gradient_descent(quadratic, quadratic_gradient, {2.0, 2.0}, {.lr = 0.1, .max_iters = 3, .tol = 0.0});
    EXPECT_EQ(tol_zero.iterations, 3u) << "tol = 0 is allowed (run to the cap)";
}

// ---- 4.6 ---------------------------------------------------------------------------------------------

namespace {

// ‖e_k‖ of GD on ℒ = ½ eᵀHe, e = θ − θ*, written out here: e ← e − lr·H·e.
std::vector<double> error_norms(const Matrix& h, double lr, Vector e, int steps) {
    std::vector<double> norms{std::hypot(e[0], e[1])};
    for (int k = 0; k < steps; ++k) {
        e = {e[0] - lr * (h(0, 0) * e[0] + h(0, 1) * e[1]), e[1] - lr * (h(1, 0) * e[0] + h(1, 1) * e[1])};
        norms.push_back(std::hypot(e[0], e[1]));
    }
    return norms;
}

std::string show_spectrum(const gd::QuadraticSpectrum& s) {
    return "μ = " + course::teach::show(s.mu) + ", L = " + course::teach::show(s.L) + ", κ = " + course::teach::show(s.kappa);
}

}  // namespace

TEST(Ex0406AnalyzeHessian, HandComputedSpectra) {
    // diag(4, 1): μ = 1, L = 4, κ = 4, 2/L = 0.5, 2/(L + μ) = 0.4, (κ − 1)/(κ + 1) = 0.6.
    const auto d = gd::analyze_hessian(Matrix::from_rows({{4, 0}, {0, 1}}));
    EXPECT_TRUE(near(d.mu, 1.0, 1e-12, "μ = λ_min of diag(4, 1)"));
    EXPECT_TRUE(near(d.L, 4.0, 1e-12, "L = λ_max of diag(4, 1)"));
    EXPECT_TRUE(near(d.kappa, 4.0, 1e-12, "κ = L/μ of diag(4, 1)"));
    EXPECT_TRUE(near(d.max_lr, 0.5, 1e-12, "max_lr = 2/L of diag(4, 1)"));
    EXPECT_TRUE(near(d.best_lr, 0.4, 1e-12, "best_lr = 2/(L + μ) of diag(4, 1)"));
    EXPECT_TRUE(near(d.best_rate, 0.6, 1e-12, "best_rate = (κ − 1)/(κ + 1) of diag(4, 1)"));
    const auto swapped = gd::analyze_hessian(Matrix::from_rows({{2, 0}, {0, 5}}));
    EXPECT_TRUE(near(swapped.mu, 2.0, 1e-12, "μ of diag(2, 5)") && near(swapped.L, 5.0, 1e-12, "L of diag(2, 5)"))
        << "the larger diagonal entry may come second: μ ≤ L always";
    // [[5, 4], [4, 5]]: λ = 5 ± 4 — the off-diagonal coupling alone makes κ = 9.
    const auto coupled = gd::analyze_hessian(Matrix::from_rows({{5, 4}, {4, 5}}));
    EXPECT_TRUE(near(coupled.mu, 1.0, 1e-12, "μ of [[5, 4], [4, 5]] (eigenvalues 5 ± 4)"))
        << "the off-diagonal entry enters as ((a − d)/2)² + c²: " << show_spectrum(coupled);
    EXPECT_TRUE(near(coupled.kappa, 9.0, 1e-12, "κ of [[5, 4], [4, 5]]"));
    const auto a = gd::analyze_hessian(Matrix::from_rows({{3, 1}, {1, 2}}));
    EXPECT_TRUE(near(a.L, kLambdaMax, 1e-12, "L of [[3, 1], [1, 2]], 5/2 + √(1/4 + 1)"));
    EXPECT_TRUE(near(a.mu, kLambdaMin, 1e-12, "μ of [[3, 1], [1, 2]], 5/2 − √(1/4 + 1)"));
    EXPECT_TRUE(near(a.best_rate, (kLambdaMax - kLambdaMin) / (kLambdaMax + kLambdaMin), 1e-12,
                     "best_rate of [[3, 1], [1, 2]] = (L − μ)/(L + μ)"));
}

TEST(Ex0406AnalyzeHessian, RejectsWhatIsNotASymmetricPositiveDefinite2x2) {
    EXPECT_THROW(gd::analyze_hessian(Matrix(3, 3, 1.0)), course::ShapeError) << "a 3×3 matrix";
    EXPECT_THROW(gd::analyze_hessian(Matrix(2, 3, 1.0)), course::ShapeError) << "a 2×3 matrix";
    EXPECT_THROW(gd::analyze_hessian(Matrix::from_rows({{3, 1}, {0, 2}})), std::invalid_argument)
        << "[[3, 1], [0, 2]] is not symmetric, so it is no Hessian";
    EXPECT_THROW(gd::analyze_hessian(Matrix::from_rows({{1, 2}, {2, 1}})), std::invalid_argument)
        << "[[1, 2], [2, 1]] has eigenvalues −1 and 3: a saddle, no minimum, no κ";
    EXPECT_THROW(gd::analyze_hessian(Matrix::from_rows({{1, 1}, {1, 1}})), std::invalid_argument)
        << "[[1, 1], [1, 1]] has eigenvalues 0 and 2: μ = 0 is not strongly convex (κ would be ∞)";
    EXPECT_NO_THROW(gd::analyze_hessian(Matrix::from_rows({{1e-3, 0}, {0, 1}}))) << "μ = 0.001 > 0 is fine";
}

TEST(Ex0406GdRate, MaxOverEigenvaluesOfOneMinusLrLambda) {
    gd::QuadraticSpectrum s;
    s.mu = 1.0, s.L = 4.0;  // only μ and L enter the rate
    EXPECT_TRUE(near(gd::gd_rate(s, 0.1), 0.9, 1e-12, "rate at lr 0.1: max(|1 − 0.1|, |1 − 0.4|)"));
    EXPECT_TRUE(near(gd::gd_rate(s, 0.45), 0.8, 1e-12, "rate at lr 0.45: max(|1 − 0.45|, |1 − 1.8|)"))
        << "1 − lr·L is negative here: its size counts (the zigzag), so take |·| of both factors";
    EXPECT_TRUE(near(gd::gd_rate(s, 0.6), 1.4, 1e-12, "rate at lr 0.6 > 2/L: max(0.4, |1 − 2.4|), above 1"));
    EXPECT_TRUE(near(gd::gd_rate(s, 0.4), 0.6, 1e-12, "rate at lr 0.4 = 2/(L + μ): both factors are ±0.6"));
    EXPECT_TRUE(near(gd::gd_rate(s, 0.25), 0.75, 1e-12, "rate at lr 0.25 = 1/L: max(0.75, 0) = 1 − 1/κ"));
}

TEST(Ex0406AnalyzeHessian, PredictsWhatGradientDescentDoes) {
    // GD is run here on ½ eᵀHe by hand, independently of your 4.5.
    const auto h = Matrix::from_rows({{3, 1}, {1, 2}});
    const auto s = gd::analyze_hessian(h);
    const Vector e0{1.4, 2.8};
    const auto below = error_norms(h, 0.98 * s.max_lr, e0, 600);
    EXPECT_LT(below.back(), 1e-6 * below.front())
        << "at 0.98·(2/L) = " << 0.98 * s.max_lr << " GD must converge (" << show_spectrum(s) << ")";
    const auto above = error_norms(h, 1.02 * s.max_lr, e0, 600);
    EXPECT_GT(above.back(), 1e3 * above.front())
        << "at 1.02·(2/L) = " << 1.02 * s.max_lr << " GD must diverge (" << show_spectrum(s) << ")";
    // At best_lr both factors have size best_rate, so ‖eₖ‖ = best_rateᵏ·‖e₀‖ exactly.
    const auto best = error_norms(h, s.best_lr, e0, 20);
    EXPECT_TRUE(near(best[20] / best[19], s.best_rate, 1e-9, "measured ‖e₂₀‖/‖e₁₉‖ at best_lr against best_rate"));
    // Elsewhere the slowest component wins after a while: ‖eₖ₊₁‖/‖eₖ‖ → gd_rate(lr).
    for (const double lr : {0.1, 0.3, 0.5, 0.56}) {
        const auto norms = error_norms(h, lr, e0, 400);
        EXPECT_TRUE(near(norms[400] / norms[399], gd::gd_rate(s, lr), 1e-6,
                         "measured per-step ratio of ‖e‖ at lr " + course::teach::show(lr) + " against gd_rate"))
            << "GD multiplies the error's component along each eigenvector by (1 − lr·λᵢ); its size |1 − lr·λᵢ| "
               "counts, also when it is negative (lr > 1/λᵢ: the zigzag)";
    }
}

TEST(Ex0406AnalyzeHessian, TheLineFitsCurvature) {
    // The given line_loss_curvature calls your analyze_hessian on the Hessian (2/n)[[Σx², Σx], [Σx, n]].
    const auto data = gd::shifted_line_data(6, 50, 2.0);
    const auto s = gd::analyze_hessian(gd::line_loss_hessian(data));
    double sx = 0, sxx = 0;
    for (double x : data.x) sx += x, sxx += x * x;
    const double a = 2 * sxx / 50, c = 2 * sx / 50, d = 2;
    EXPECT_TRUE(near(s.L, (a + d) / 2 + std::hypot((a - d) / 2, c), 1e-9, "L of the line fit on x in [0, 4]"));
    EXPECT_TRUE(near(s.mu * s.L, a * d - c * c, 1e-9, "μ·L = det H of the line fit"));
    EXPECT_GT(s.kappa, 10.0) << "inputs far from 0 couple w and b: an ill-conditioned valley";
    EXPECT_LT(gd::analyze_hessian(gd::line_loss_hessian(gd::shifted_line_data(6, 50, 0.0))).kappa, 2.0)
        << "centred inputs give a round valley";
    const auto c2 = gd::line_loss_curvature(data);
    EXPECT_TRUE(near(c2.largest, s.L, 1e-12, "line_loss_curvature(data).largest (given, calls your 4.6)"));
}

// ---- the given loss --------------------------------------------------------------------------------------

TEST(Chapter04LineProblem, ShiftedDataAndItsHessian) {
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
    const auto hessian = gd::line_loss_hessian(data);
    ASSERT_EQ(hessian.shape(), "(2×2)");
    EXPECT_TRUE(near(hessian(0, 0), a, 1e-5, "H(0,0) = ∂²ℒ/∂w²"));
    EXPECT_TRUE(near(hessian(0, 1), c, 1e-5, "H(0,1) = ∂²ℒ/∂w∂b"));
    EXPECT_TRUE(near(hessian(1, 0), c, 1e-5, "H(1,0) = ∂²ℒ/∂b∂w"));
    EXPECT_TRUE(near(hessian(1, 1), d, 1e-5, "H(1,1) = ∂²ℒ/∂b²"));
    EXPECT_TRUE(vectors_near(gd::line_loss_minimizer(data), normal_equations(data), 1e-9, "the closed-form fit"));
}
