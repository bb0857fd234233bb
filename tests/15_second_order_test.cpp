// Tests of chapter 15: each exercise against an independent source — the catalogue's analytic Hessians,
// the conditions a line search must meet (checked on what it returns), a direct solve, the secant
// condition and the explicit matrix form of the BFGS update, and sequences whose order is known.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "chapters/15_second_order/second_order.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "common/test_problems.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace {

namespace so = course::second_order;
namespace pr = course::problems;
namespace opt = course::optimizers;
using course::Matrix;
using course::teach::near;
using course::teach::vectors_near;
using so::Vector;

Matrix random_spd(std::size_t n, std::uint64_t seed) {
    course::Rng rng(seed);
    Matrix M(n, n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) M(i, j) = rng.uniform(-1.0, 1.0);
    Matrix A(n, n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            double s = i == j ? 1.0 : 0.0;
            for (std::size_t k = 0; k < n; ++k) s += M(k, i) * M(k, j);
            A(i, j) = s;
        }
    return A;
}
Vector random_vector(std::size_t n, std::uint64_t seed) {
    course::Rng rng(seed);
    Vector v(n);
    for (double& x : v) x = rng.uniform(-1.0, 1.0);
    return v;
}
Matrix product(const Matrix& A, const Matrix& B) {
    Matrix C(A.rows(), B.cols());
    for (std::size_t i = 0; i < A.rows(); ++i)
        for (std::size_t j = 0; j < B.cols(); ++j)
            for (std::size_t k = 0; k < A.cols(); ++k) C(i, j) += A(i, k) * B(k, j);
    return C;
}
double max_abs_difference(const Matrix& A, const Matrix& B) {
    double worst = 0.0;
    for (std::size_t i = 0; i < A.size(); ++i) worst = std::max(worst, std::abs(A.values()[i] - B.values()[i]));
    return worst;
}
std::string line_text(const so::LinePoint& p) {
    return "α = " + course::teach::show(p.alpha) + ", φ = " + course::teach::show(p.phi) + ", φ' = " + course::teach::show(p.dphi);
}

// ---- given code (passes on the stubs) ----------------------------------------------------------------
TEST(Chapter15Linalg, CholeskySolveAndCubic) {
    const Matrix A = random_spd(6, 1);
    const Vector b = random_vector(6, 2);
    Matrix L;
    ASSERT_TRUE(so::cholesky(A, L));
    EXPECT_TRUE(vectors_near(so::multiply(A, so::cholesky_solve(L, b)), b, 1e-10, "A·cholesky_solve(L, b)"));
    EXPECT_TRUE(vectors_near(so::multiply(A, so::solve(A, b)), b, 1e-10, "A·solve(A, b)"));
    EXPECT_FALSE(so::cholesky(Matrix::from_rows({{1, 2}, {2, 1}}), L)) << "[[1, 2], [2, 1]] has eigenvalue −1";
    // φ(α) = (α − 2)³/3 − (α − 2) + 5 has its local minimum at α = 3; the cubic through two points is φ itself.
    const auto f = [](double a) { return std::pow(a - 2, 3) / 3 - (a - 2) + 5; };
    const auto d = [](double a) { return (a - 2) * (a - 2) - 1; };
    EXPECT_TRUE(near(so::cubic_minimizer(0.5, f(0.5), d(0.5), 4.0, f(4.0), d(4.0)), 3.0, 1e-12, "the cubic's minimiser"));
}

TEST(Chapter15Methods, RunOptimizerCountsEveryClosureCall) {
    const pr::Problem q = pr::quadratic(4, 10.0);
    const so::Run run = so::run_optimizer(q, q.start, opt::Optimizer(opt::SgdOptions{.lr = 0.15}), "GD", {.target = 1e-8, .max_iterations = 500});
    EXPECT_TRUE(run.converged) << "GD with lr 0.15 < 2/10 on curvatures 1 … 10";
    EXPECT_EQ(run.evaluations, run.iterations()) << "one closure call per SGD step";
    EXPECT_LE(run.f.back(), 1e-8);
    EXPECT_THROW(so::run_optimizer(q, q.start, opt::Optimizer(opt::SgdOptions{.lr = 0.5}), "GD", {.max_iterations = 5000}),
                 course::RuntimeFailure) << "lr 0.5 > 2/10 diverges: the run must stop and name the step";
}

// ---- 15.1 ----------------------------------------------------------------------------------------------
TEST(Ex1501FdHessian, MatchesTheAnalyticHessians) {
    course::Rng rng(3);
    for (const pr::Problem& p : {pr::rosenbrock(4), pr::beale(), pr::himmelblau(), pr::six_hump_camel()}) {
        for (int k = 0; k < 5; ++k) {
            Vector x(p.dim);
            for (std::size_t i = 0; i < p.dim; ++i) x[i] = rng.uniform(p.lower[i] / 2, p.upper[i] / 2);
            const Matrix want = p.hessian(x), got = so::fd_hessian(p.gradient, x);
            ASSERT_TRUE(got.rows() == p.dim && got.cols() == p.dim) << "fd_hessian on " << p.name << " returned " << got.shape();
            double scale = 1.0;
            for (double v : want.values()) scale = std::max(scale, std::abs(v));
            EXPECT_LT(max_abs_difference(got, want), 1e-6 * scale)
                << "fd_hessian of " << p.name << " against the analytic ∇²f: largest entry " << scale
                << " — is column j (∇f(x + hⱼeⱼ) − ∇f(x − hⱼeⱼ))/2hⱼ?";
        }
    }
}

TEST(Ex1501FdHessian, SymmetrisesCallsTwiceNAndLeavesXAlone) {
    // A gradient field that no function has: g(x) = Bx with B not symmetric. The symmetrised result is ½(B + Bᵀ).
    const Matrix B = Matrix::from_rows({{1, 2, 0}, {4, 3, -1}, {0, 5, 2}});
    int calls = 0;
    std::vector<Vector> probes;
    const so::GradientFunction g = [&](const Vector& x) { ++calls; probes.push_back(x); return so::multiply(B, x); };
    const Vector x{0.3, -1.0, 2.0};
    const Matrix H = so::fd_hessian(g, x);
    EXPECT_EQ(calls, 6) << "2n gradient calls for n = 3: the central difference ∇f(x + hⱼeⱼ) − ∇f(x − hⱼeⱼ), one pair per column";
    for (std::size_t k = 0; k < probes.size(); ++k) {
        int moved = 0;
        for (std::size_t i = 0; i < 3; ++i) {
            if (probes[k][i] == x[i]) continue;
            ++moved;
            const double step = 1e-5 * std::max(1.0, std::abs(x[i]));
            EXPECT_TRUE(near(std::abs(probes[k][i] - x[i]), step, 1e-9 * step,
                             "gradient call " + std::to_string(k) + " moves coordinate " + std::to_string(i) + " (xᵢ = " +
                                 course::teach::show(x[i]) + ") by hᵢ = h·max(1, |xᵢ|) with h = 1e-5"));
        }
        EXPECT_EQ(moved, 1) << "gradient call " << k << " was at a point that differs from x in " << moved
                            << " coordinates: each probe moves ONE coordinate (put probe[j] back to xⱼ before the next column)";
    }
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t j = 0; j < 3; ++j)
            EXPECT_TRUE(near(H(i, j), 0.5 * (B(i, j) + B(j, i)), 1e-8, "entry (" + std::to_string(i) + "," + std::to_string(j) + ") must be ½(Aᵢⱼ + Aⱼᵢ)"));
}

TEST(Ex1501FdHessian, StepIsRelativeToTheCoordinate) {
    // f = x³/… with x = 1e6: ∇f = x³, ∂²f = 3x² = 3e12. With a fixed h = 1e-5 the difference of two numbers
    // near 1e18 loses six digits; with h·max(1, |x|) = 10 the error is h²·f'''/6 = 100.
    const so::GradientFunction g = [](const Vector& x) { return Vector{x[0] * x[0] * x[0]}; };
    const Matrix H = so::fd_hessian(g, {1e6});
    EXPECT_TRUE(near(H(0, 0), 3e12, 3e12 * 1e-9, "∂(x³)/∂x at x = 1e6 (relative step hⱼ = h·max(1, |xⱼ|))"));
}

// ---- 15.2 ----------------------------------------------------------------------------------------------
TEST(Ex1502NewtonDirection, PositiveDefiniteGivesThePureNewtonStep) {
    const Matrix H = random_spd(5, 4);
    const Vector g = random_vector(5, 5);
    const so::NewtonDirection d = so::newton_direction(H, g);
    EXPECT_EQ(d.tau, 0.0) << "H is positive definite: no shift";
    Vector minus_g = g;
    for (double& v : minus_g) v = -v;
    EXPECT_TRUE(vectors_near(so::multiply(H, d.p), minus_g, 1e-10, "H·p must equal −g"));
}

TEST(Ex1502NewtonDirection, ShiftFollowsAlgorithm33) {
    // diag(2, −1): τ₀ = −(−1) + β = 1.001, and H + τ₀I = diag(3.001, 0.001) is positive definite.
    const so::NewtonDirection a = so::newton_direction(Matrix::from_rows({{2, 0}, {0, -1}}), {1.0, 1.0});
    EXPECT_TRUE(near(a.tau, 1.001, 1e-15, "τ for diag(2, −1): −min Hᵢᵢ + β"));
    EXPECT_TRUE(vectors_near(a.p, {-1.0 / 3.001, -1.0 / 0.001}, 1e-9, "p = −(H + τI)⁻¹g"));
    // [[1, 2], [2, 1]] has a positive diagonal but eigenvalue −1: τ starts at 0 and doubles from β:
    // 0, 1e-3, 2e-3, …, 1.024e-3·2¹⁰ = 1.024 is the first with H + τI ≻ 0.
    const so::NewtonDirection b = so::newton_direction(Matrix::from_rows({{1, 2}, {2, 1}}), {1.0, -2.0});
    EXPECT_TRUE(near(b.tau, 1.024, 1e-12, "τ for [[1, 2], [2, 1]] (0, then max(2τ, β) until Cholesky succeeds)"));
    EXPECT_LT(so::dot(b.p, {1.0, -2.0}), 0.0) << "the shifted direction is a descent direction";
    EXPECT_THROW(so::newton_direction(Matrix(2, 3), {1.0, 2.0}), course::ShapeError);
}

// ---- 15.3 ----------------------------------------------------------------------------------------------
TEST(Ex1503Backtracking, ReturnsTheFirstStepWithSufficientDecrease) {
    const pr::Problem r = pr::rosenbrock(2);
    Vector p = r.gradient(r.start);
    for (double& v : p) v = -v;
    const so::LineFunction phi = so::line_of(r, r.start, p);
    const so::LinePoint at0 = phi(0.0);
    const so::LineSearchResult res = so::backtracking(phi, at0, {.c1 = 1e-4, .alpha0 = 1.0, .shrink = 0.5});
    ASSERT_TRUE(res.converged);
    const double a = res.point.alpha;
    EXPECT_LE(res.point.phi, at0.phi + 1e-4 * a * at0.dphi) << "Armijo at the returned " << line_text(res.point);
    EXPECT_GT(phi(2 * a).phi, at0.phi + 1e-4 * 2 * a * at0.dphi) << "the previous trial 2α must have failed (first acceptable α)";
    EXPECT_EQ(res.evaluations, static_cast<int>(res.trials.size()));
    EXPECT_TRUE(near(a, std::pow(0.5, res.evaluations - 1), 0.0, "α = alpha0·shrinkᵏ after k + 1 trials"));
}

TEST(Ex1503Backtracking, EqualityCountsAndTheSearchGivesUp) {
    // φ lies exactly on the Armijo line: φ(α) = 1 − α with c1 = ½, φ'(0) = −2. "≤" accepts α = 1 at once.
    const so::LineFunction on_line = [](double a) { return so::LinePoint{a, 1.0 - a, -1.0}; };
    const so::LineSearchResult eq = so::backtracking(on_line, {0.0, 1.0, -2.0}, {.c1 = 0.5});
    EXPECT_TRUE(eq.converged && eq.evaluations == 1 && eq.point.alpha == 1.0)
        << "φ(1) = 0 equals φ(0) + c1·1·φ'(0) = 0: accepted (≤, not <); got " << line_text(eq.point);
    const so::LineFunction rising = [](double a) { return so::LinePoint{a, 1.0 + a, 1.0}; };
    const so::LineSearchResult up = so::backtracking(rising, {0.0, 1.0, -1.0}, {.max_evaluations = 7});
    EXPECT_FALSE(up.converged) << "φ rises everywhere: no α works";
    EXPECT_EQ(up.evaluations, 7) << "stops after max_evaluations calls";
    EXPECT_THROW(so::backtracking(rising, {0.0, 1.0, 0.5}), std::invalid_argument) << "φ'(0) > 0: not a descent direction";
    EXPECT_TRUE(up.point.alpha == 1.0 / 64 && up.point.phi == 1.0 + 1.0 / 64)
        << "after 7 failed trials α = 1, ½, …, 1/64 the search gives up with the LAST trial (α = 1/64); got "
        << line_text(up.point);
}

TEST(Ex1503Backtracking, TheArmijoLineLiesBelowPhiOfZero) {
    // φ(α) = 1 − α + α², φ'(0) = −1, c1 = 0.4: the condition 1 − α + α² ≤ 1 − 0.4α holds for α ≤ 0.6.
    const so::LineFunction bowl = [](double a) { return so::LinePoint{a, 1.0 - a + a * a, -1.0 + 2.0 * a}; };
    const so::LineSearchResult r = so::backtracking(bowl, {0.0, 1.0, -1.0}, {.c1 = 0.4});
    ASSERT_FALSE(r.trials.empty());
    EXPECT_TRUE(r.converged && r.point.alpha == 0.5)
        << "φ(α) = 1 − α + α², c1 = 0.4: α = 1 gives φ(1) = 1 = φ(0), no decrease at all, and must be rejected; "
        << "α = ½ (φ = 0.75 ≤ 0.8) is the answer. Got " << line_text(r.point)
        << ". The Armijo line φ(0) + c₁αφ'(0) lies BELOW φ(0) because φ'(0) < 0; φ(0) − c₁αφ'(0) lies above it";
}

TEST(Ex1503Backtracking, EveryTrialBeforeTheAcceptedOneFailed) {
    // The property of backtracking: the trials are alpha0·shrinkᵏ, all but the last break sufficient
    // decrease, the last meets it. On Rosenbrock from a few points, along −∇f.
    const pr::Problem r = pr::rosenbrock(2);
    for (const Vector& x : {Vector{-1.2, 1.0}, Vector{0.3, -0.4}, Vector{1.5, 2.0}}) {
        Vector p = r.gradient(x);
        for (double& v : p) v = -v;
        const so::LineFunction phi = so::line_of(r, x, p);
        const so::LinePoint at0 = phi(0.0);
        for (const double shrink : {0.5, 0.3}) {
            const so::LineSearchOptions o{.c1 = 1e-4, .alpha0 = 1.0, .shrink = shrink};
            const so::LineSearchResult res = so::backtracking(phi, at0, o);
            const std::string what = "Rosenbrock at (" + course::teach::show(x[0]) + ", " + course::teach::show(x[1]) +
                                     "), shrink " + course::teach::show(shrink);
            ASSERT_TRUE(res.converged) << what;
            ASSERT_EQ(res.trials.size(), static_cast<std::size_t>(res.evaluations)) << what << ": one trial per evaluation";
            double alpha = 1.0;
            for (std::size_t k = 0; k < res.trials.size(); ++k, alpha *= shrink) {
                const so::LinePoint& t = res.trials[k];
                EXPECT_EQ(t.alpha, alpha) << what << ": trial " << k << " must be alpha0·shrinkᵏ";
                const bool armijo = t.phi <= at0.phi + o.c1 * t.alpha * at0.dphi;
                EXPECT_EQ(armijo, k + 1 == res.trials.size())
                    << what << ": trial " << k << " (" << line_text(t) << ") "
                    << (armijo ? "meets sufficient decrease but the search went on" : "breaks sufficient decrease but was accepted");
            }
        }
    }
}

TEST(Ex1503Backtracking, TestsTheLastAllowedTrial) {
    // φ(α) = 1 − α + 3α², c1 = ½: sufficient decrease needs α ≤ 1/6. Trials 1, ½, ¼, ⅛: the fourth works.
    const so::LineFunction steep = [](double a) { return so::LinePoint{a, 1.0 - a + 3.0 * a * a, -1.0 + 6.0 * a}; };
    const so::LineSearchResult r = so::backtracking(steep, {0.0, 1.0, -1.0}, {.c1 = 0.5, .max_evaluations = 4});
    EXPECT_TRUE(r.converged && r.evaluations == 4 && r.point.alpha == 0.125)
        << "max_evaluations = 4 allows trials α = 1, ½, ¼, ⅛, and the 4th meets sufficient decrease: test every allowed "
        << "trial before giving up (off by one in the budget?). Got " << r.evaluations << " evaluations, converged = "
        << r.converged << ", " << line_text(r.point);
}

TEST(Ex1503Backtracking, RefusesAFlatDirection) {
    const so::LineFunction flat = [](double a) { return so::LinePoint{a, 1.0, 0.0}; };
    EXPECT_THROW(so::backtracking(flat, {0.0, 1.0, 0.0}), std::invalid_argument)
        << "φ'(0) = 0: no decrease is promised along p, so it is not a descent direction (refuse unless φ'(0) < 0)";
    EXPECT_THROW(so::backtracking(flat, {0.0, 1.0, std::numeric_limits<double>::quiet_NaN()}), std::invalid_argument)
        << "φ'(0) = NaN: write the test as !(φ'(0) < 0) so that NaN is refused too";
}

// ---- 15.4 ----------------------------------------------------------------------------------------------
void expect_strong_wolfe(const so::LineFunction& phi, so::LinePoint at0, const so::LineSearchOptions& o, const std::string& what) {
    const so::LineSearchResult r = so::strong_wolfe(phi, at0, o);
    ASSERT_TRUE(r.converged) << what << ": the search did not converge; last " << line_text(r.point);
    const so::LinePoint check = phi(r.point.alpha);
    EXPECT_TRUE(near(r.point.phi, check.phi, 1e-12 * (1 + std::abs(check.phi)), what + ": point.phi is φ(point.alpha)"));
    EXPECT_LE(check.phi, at0.phi + o.c1 * r.point.alpha * at0.dphi) << what << ": sufficient decrease fails at " << line_text(check);
    EXPECT_LE(std::abs(check.dphi), o.c2 * std::abs(at0.dphi)) << what << ": |φ'(α)| ≤ c2|φ'(0)| fails at " << line_text(check)
                                                               << " (c2 = " << o.c2 << "; the STRONG condition bounds |φ'|)";
    EXPECT_EQ(r.evaluations, static_cast<int>(r.trials.size())) << what;
}

TEST(Ex1504StrongWolfe, TheConditionsHoldAtWhatItReturns) {
    const pr::Problem r = pr::rosenbrock(2);
    for (double c2 : {0.9, 0.1}) {
        for (double alpha0 : {1e-4, 1.0, 50.0}) {
            Vector p = r.gradient(r.start);
            const double n = so::norm(p);
            for (double& v : p) v = -v / n;
            const so::LineFunction phi = so::line_of(r, r.start, p);
            expect_strong_wolfe(phi, phi(0.0), {.c2 = c2, .alpha0 = alpha0},
                                "Rosenbrock along −∇f, c2 = " + std::to_string(c2) + ", α₀ = " + std::to_string(alpha0));
        }
    }
    // A wiggly φ(α) = −α + 0.3·sin(8α)·α with several local minima along the line.
    const so::LineFunction wiggle = [](double a) {
        return so::LinePoint{a, -a + 0.3 * std::sin(8 * a) * a + 0.05 * a * a, -1 + 0.3 * std::sin(8 * a) + 2.4 * a * std::cos(8 * a) + 0.1 * a};
    };
    for (double c2 : {0.9, 0.5, 0.1}) expect_strong_wolfe(wiggle, wiggle(0.0), {.c2 = c2, .alpha0 = 3.0}, "a wiggly φ, c2 = " + std::to_string(c2));
}

TEST(Ex1504StrongWolfe, BracketsByDoublingAndZoomsWithTheCubic) {
    // φ = 5(α − 0.5)² − 1.25: α₀ = 1 breaks sufficient decrease (φ(1) = 0), zoom's cubic through (0, 0, −5)
    // and (1, 0, 5) is the parabola itself, minimum 0.5, where φ' = 0: two evaluations.
    const so::LineFunction parabola = [](double a) { return so::LinePoint{a, 5 * (a - 0.5) * (a - 0.5) - 1.25, 10 * (a - 0.5)}; };
    const so::LineSearchResult z = so::strong_wolfe(parabola, parabola(0.0), {.alpha0 = 1.0});
    EXPECT_TRUE(z.converged && z.evaluations == 2 && near(z.point.alpha, 0.5, 1e-12, "zoom's first trial"))
        << "zoom(0, 1) should try the cubic's minimiser 0.5 first; took " << z.evaluations << " evaluations, ended at " << line_text(z.point);
    // φ = (α − 5)², α₀ = 1e-3: the bracketing phase doubles α until it passes 5 (about 13 doublings).
    const so::LineFunction far = [](double a) { return so::LinePoint{a, (a - 5) * (a - 5), 2 * (a - 5)}; };
    const so::LineSearchResult f = so::strong_wolfe(far, far(0.0), {.alpha0 = 1e-3});
    EXPECT_TRUE(f.converged) << "from α₀ = 1e-3 to a minimiser at 5";
    EXPECT_LE(f.evaluations, 20) << "α doubles in the bracketing phase (13 doublings reach 8.19)";
    // φ = −α decreases forever: |φ'| never drops, α doubles up to alpha_max = 8 and the search gives up there.
    const so::LineFunction down = [](double a) { return so::LinePoint{a, -a, -1.0}; };
    const so::LineSearchResult g = so::strong_wolfe(down, down(0.0), {.alpha0 = 1.0, .alpha_max = 8.0});
    EXPECT_FALSE(g.converged) << "no α meets the curvature condition";
    EXPECT_EQ(g.evaluations, 4) << "trials 1, 2, 4, 8 = alpha_max, then stop";
    EXPECT_EQ(g.point.alpha, 8.0) << "gives up with the trial of lowest φ";
    EXPECT_THROW(so::strong_wolfe(down, {0.0, 0.0, 1.0}), std::invalid_argument) << "φ'(0) > 0";
}

namespace {

std::string trial_list(const so::LineSearchResult& r) {
    std::string out;
    for (const so::LinePoint& t : r.trials) out += (out.empty() ? "" : ", ") + course::teach::show(t.alpha);
    return "{" + out + "}";
}

// Checks the trials α against `want` (1e-12 relative; only the first want.size() when `prefix`).
::testing::AssertionResult same_trials(const so::LineSearchResult& r, const std::vector<double>& want, const std::string& why,
                                       bool prefix = false) {
    bool same = prefix ? r.trials.size() >= want.size() : r.trials.size() == want.size();
    for (std::size_t k = 0; same && k < want.size(); ++k) same = std::abs(r.trials[k].alpha - want[k]) <= 1e-12 * (1 + want[k]);
    if (same) return ::testing::AssertionSuccess();
    std::string expected;
    for (double a : want) expected += (expected.empty() ? "" : ", ") + course::teach::show(a);
    return ::testing::AssertionFailure() << "trials α = " << trial_list(r) << ", expected {" << expected << (prefix ? ", …" : "")
                                         << "}: " << why;
}

// When the trials differ: φ(α) with your trials and the reference's on it, each numbered in the order
// tried (tests/support/picture.hpp). φ is the test's own line; your trials are drawn where your search
// evaluated them.
void draw_trials_on_failure(bool failed, std::string_view name, const so::LineFunction& phi, const so::LineSearchResult& r,
                            const std::vector<double>& want, const std::string& title) {
    course::teach::on_failure_draw(failed, name, [&](course::plot::Figure& fig) {
        namespace plot = course::plot;
        auto& ax = fig.axes();
        double right = 0.0;
        for (double a : want) right = std::max(right, a);
        for (const so::LinePoint& t : r.trials)
            if (std::isfinite(t.alpha) && t.alpha < 100 * (right + 1)) right = std::max(right, t.alpha);
        right = right > 0 ? 1.15 * right : 1.0;
        std::vector<double> alphas, phis;
        for (int i = 0; i <= 400; ++i) alphas.push_back(right * i / 400), phis.push_back(phi(alphas.back()).phi);
        ax.plot(alphas, phis, {.color = plot::colors::gray, .width = 1.5, .label = "φ(α)"});
        std::vector<double> want_phi, got_alpha, got_phi;
        for (double a : want) want_phi.push_back(phi(a).phi);
        for (const so::LinePoint& t : r.trials) got_alpha.push_back(t.alpha), got_phi.push_back(t.phi);
        auto reference = course::teach::reference_style("reference trials"), yours = course::teach::yours_style("your trials");
        reference.width = yours.width = 1.0, reference.alpha = 0.8, reference.marker_size = 12, yours.marker_size = 12;
        ax.plot(want, want_phi, reference).plot(got_alpha, got_phi, yours);
        for (std::size_t k = 0; k < want.size(); ++k)
            ax.annotate(std::to_string(k + 1), want[k], want_phi[k],
                        {.marker = plot::Marker::none, .color = plot::colors::blue, .dx = -14, .dy = 10, .font_size = 12});
        for (std::size_t k = 0; k < got_alpha.size() && k < 8; ++k)  // more numbers would only pile up
            ax.annotate(std::to_string(k + 1), got_alpha[k], got_phi[k],
                        {.marker = plot::Marker::none, .color = plot::hex("#b35900"), .dx = 8, .dy = -18, .font_size = 12});
        ax.xlim(0, right).grid(true).xlabel("step length α").ylabel("φ(α) = f(x + α·p)").title(title).legend();
    });
}

}  // namespace

TEST(Ex1504StrongWolfe, AnUpwardSlopeClosesTheBracket) {
    // φ = (α − 1.6)², c2 = 0.1, α₀ = 1: φ'(1) = −1.2 is still steep; at α = 2, φ = 0.16 < φ(1) = 0.36 and
    // φ'(2) = 0.8 ≥ 0: the minimiser lies between 1 and 2. zoom(lo = 2, hi = 1)'s cubic is the parabola: 1.6.
    const so::LineFunction parabola = [](double a) { return so::LinePoint{a, (a - 1.6) * (a - 1.6), 2 * (a - 1.6)}; };
    const so::LineSearchResult r = so::strong_wolfe(parabola, parabola(0.0), {.c2 = 0.1, .alpha0 = 1.0});
    const auto same = same_trials(r, {1.0, 2.0, 1.6},
                                  "φ'(2) = 0.8 ≥ 0 after φ fell from α = 1 to 2: the minimiser is bracketed, zoom(α₂, α₁) at "
                                  "once (doubling on to 4 passes it)");
    EXPECT_TRUE(same);
    draw_trials_on_failure(!same, "strong_wolfe_trials", parabola, r, {1.0, 2.0, 1.6},
                           "Strong Wolfe on φ = (α − 1.6)², c2 = 0.1, α₀ = 1: your trials and the reference's");
    EXPECT_TRUE(r.converged && near(r.point.alpha, 1.6, 1e-12, "the accepted α"));
}

TEST(Ex1504StrongWolfe, ARiseFromTheFirstToTheSecondTrialIsABracket) {
    // φ = −α + 1.2·exp(−(α − 2)²/0.05), c2 = 0.5, α₀ = 1: a bump on a downhill line. φ(1) ≈ −1 and
    // φ(2) = −0.8 ≥ φ(1) (while φ(2) still meets sufficient decrease and φ'(2) = −1 < 0): a local minimiser
    // lies between α = 1 and 2, and zoom(α₁, α₂) must look there at once. The test φ(αᵢ) ≥ φ(αᵢ₋₁) applies
    // from the second trial on (i > 1); skipped at i = 2, the search doubles on along the slope to alpha_max.
    const so::LineFunction bump = [](double a) {
        const double e = 1.2 * std::exp(-(a - 2) * (a - 2) / 0.05);
        return so::LinePoint{a, -a + e, -1 + e * (-2 * (a - 2) / 0.05)};
    };
    const so::LineSearchResult r = so::strong_wolfe(bump, bump(0.0), {.c2 = 0.5, .alpha0 = 1.0});
    ASSERT_GE(r.trials.size(), 3u) << "trials " << trial_list(r);
    EXPECT_TRUE(same_trials(r, {1.0, 2.0}, "doubling from α₀ = 1", true));
    EXPECT_TRUE(r.trials[2].alpha > 1.0 && r.trials[2].alpha < 2.0)
        << "third trial α = " << r.trials[2].alpha << " (trials " << trial_list(r)
        << "): φ(2) = −0.8 ≥ φ(1) ≈ −1, so the bracket is [1, 2] and zoom's first trial lies inside it (compare φ(αᵢ) "
           "with φ(αᵢ₋₁) from i = 2 on, with previous = the trial before)";
    EXPECT_TRUE(r.converged && r.point.alpha > 1.0 && r.point.alpha < 2.0) << "the local minimiser between 1 and 2; got "
                                                                              << line_text(r.point);
}

TEST(Ex1504StrongWolfe, ZoomsBetweenTheLastTwoTrials) {
    // φ = |α − 3|³, c2 = 0.1, α₀ = 1: trials 1, 2 (φ = 8, 1, slopes −12, −3: still steep), then 4 where
    // φ(4) = 1 ≥ φ(2) = 1: the bracket is [α₂, α₃] = [2, 4], whose cubic's minimiser is 3 (φ'(3) = 0).
    const so::LineFunction cube = [](double a) { return so::LinePoint{a, std::pow(std::abs(a - 3), 3), 3 * (a - 3) * std::abs(a - 3)}; };
    const so::LineSearchResult r = so::strong_wolfe(cube, cube(0.0), {.c2 = 0.1, .alpha0 = 1.0});
    const auto same = same_trials(r, {1.0, 2.0, 4.0, 3.0},
                                  "φ(4) ≥ φ(2): zoom between the LAST two trials, [2, 4] (previous = the trial before, "
                                  "updated every round), not [0, 4]; the cubic through α = 2 and 4 has its minimum at 3");
    EXPECT_TRUE(same);
    draw_trials_on_failure(!same, "strong_wolfe_trials", cube, r, {1.0, 2.0, 4.0, 3.0},
                           "Strong Wolfe on φ = |α − 3|³, c2 = 0.1, α₀ = 1: your trials and the reference's");
}

TEST(Ex1504StrongWolfe, ZoomBisectsWhenTheCubicLandsNearAnEnd) {
    // φ = −α + (m/4)(α/m)⁴ (minimum at m), c2 = 0.1, α₀ = 1: φ'(1) > 0, so zoom(lo = 1, hi = 0). Its first
    // trial, the cubic's minimiser, is short of the curvature condition and becomes lo; the next cubic lands
    // near the end of the bracket [first, 1]: at 8.5% of its width for m = 0.70, 9.7% for m = 0.74 (both
    // outside the middle 80%: bisect) and 10.4% for m = 0.76 (inside: take the cubic's point).
    for (const double m : {0.70, 0.74, 0.76}) {
        const so::LineFunction quartic = [m](double a) {
            return so::LinePoint{a, -a + m / 4 * std::pow(a / m, 4), -1 + std::pow(a / m, 3)};
        };
        const std::string what = "φ = −α + (m/4)(α/m)⁴ with m = " + course::teach::show(m) + ", c2 = 0.1, α₀ = 1: ";
        const so::LinePoint at0 = quartic(0.0);
        const so::LineSearchResult r = so::strong_wolfe(quartic, at0, {.c2 = 0.1, .alpha0 = 1.0});
        ASSERT_GE(r.trials.size(), 3u) << what << "trials " << trial_list(r);
        const so::LinePoint one = quartic(1.0);
        const double first = so::cubic_minimizer(one.alpha, one.phi, one.dphi, at0.alpha, at0.phi, at0.dphi);
        ASSERT_TRUE(first > 0.1 && first < 0.9) << what << "(the test's case: the first cubic lands inside, at " << first << ")";
        const so::LinePoint lo = quartic(first);
        ASSERT_GT(std::abs(lo.dphi), 0.1) << what << "(the test's case: the first zoom trial is not accepted)";
        const double second = so::cubic_minimizer(lo.alpha, lo.phi, lo.dphi, one.alpha, one.phi, one.dphi);
        const double width = 1.0 - first, fraction = (second - first) / width;
        const bool bisect = m < 0.75;
        ASSERT_TRUE(bisect ? fraction > 0.08 && fraction < 0.1 : fraction > 0.1 && fraction < 0.12)
            << what << "(the test's case: the second cubic lands at " << fraction << " of the bracket's width)";
        const std::string where = "the bracket is [" + course::teach::show(first) + ", 1] and the cubic's minimiser " +
                                  course::teach::show(second) + " lies at " + course::teach::show(100 * fraction) +
                                  "% of its width, ";
        EXPECT_TRUE(same_trials(r, {1.0, first, bisect ? 0.5 * (first + 1.0) : second},
                                what + where +
                                    (bisect ? "in the outer 10%: the safeguard must bisect (trial = the midpoint), or the "
                                              "bracket may shrink by almost nothing per trial"
                                            : "inside the middle 80% (the safeguard's margin is 10% at each end): "
                                              "take the cubic's point"),
                                true))
            << " — " << line_text(r.point);
    }
}

TEST(Ex1504StrongWolfe, AcceptsNoWorseThanAnyTrialWithSufficientDecrease) {
    // The property behind zoom's bookkeeping: lo is always the lowest φ among the trials that meet
    // sufficient decrease, so what the search returns is never worse than any of them.
    std::vector<std::pair<std::string, so::LineFunction>> lines;
    for (const double w : {4.0, 8.0, 12.0})
        for (const double amp : {0.3, 0.6})
            lines.push_back({"φ = −α + " + course::teach::show(amp) + "·α·sin(" + course::teach::show(w) + "α) + 0.05α²",
                             [=](double a) {
                                 return so::LinePoint{a, -a + amp * std::sin(w * a) * a + 0.05 * a * a,
                                                      -1 + amp * std::sin(w * a) + amp * w * a * std::cos(w * a) + 0.1 * a};
                             }});
    for (const double s : {0.3, 1.5}) {
        lines.push_back({"φ = −α·exp(−α/" + course::teach::show(s) + ")",
                         [=](double a) { return so::LinePoint{a, -a * std::exp(-a / s), -std::exp(-a / s) * (1 - a / s)}; }});
    }
    for (const auto& [name, phi] : lines) {
        const so::LinePoint at0 = phi(0.0);
        for (const double c2 : {0.9, 0.5, 0.1}) {
            for (const double alpha0 : {0.3, 1.0, 3.0}) {
                const so::LineSearchOptions o{.c2 = c2, .alpha0 = alpha0};
                const so::LineSearchResult r = so::strong_wolfe(phi, at0, o);
                const std::string what = name + ", c2 = " + course::teach::show(c2) + ", α₀ = " + course::teach::show(alpha0);
                ASSERT_TRUE(r.converged) << what << ": trials " << trial_list(r);
                for (const so::LinePoint& t : r.trials) {
                    if (!(t.phi <= at0.phi + o.c1 * t.alpha * at0.dphi)) continue;
                    EXPECT_LE(r.point.phi, t.phi)
                        << what << ": returned " << line_text(r.point) << ", but the trial " << line_text(t)
                        << " met sufficient decrease with a lower φ. zoom's lo must be the best point so far: when "
                        << "φ'(αᵢ) ≥ 0, αᵢ is lo and the older point hi — zoom(αᵢ, αᵢ₋₁), not zoom(αᵢ₋₁, αᵢ). Trials "
                        << trial_list(r);
                }
            }
        }
    }
}

// ---- 15.5 ----------------------------------------------------------------------------------------------
TEST(Ex1505ConjugateGradient, SolvesInAtMostNSteps) {
    const Matrix A = random_spd(6, 7);
    const Vector b = random_vector(6, 8);
    const so::CgResult r = so::conjugate_gradient(A, b, Vector(6, 0.0), 1e-12, 100);
    EXPECT_LE(r.iterations, 6u) << "CG on a well-conditioned 6×6 system takes at most n = 6 steps (β = r⁺ᵀr⁺/rᵀr needs the rᵀr "
                                   "of the step before; with any other β the directions are not conjugate)";
    EXPECT_TRUE(vectors_near(r.x, so::solve(A, b), 1e-9, "CG's x against Gaussian elimination"));
    ASSERT_EQ(r.residuals.size(), r.iterations + 1) << "residuals[0] at x0, then one per step";
    EXPECT_TRUE(near(r.residuals[0], so::norm(b), 1e-12, "‖b − A·0‖ = ‖b‖"));
    EXPECT_LE(r.residuals.back(), 1e-12 * so::norm(b));
}

TEST(Ex1505ConjugateGradient, DistinctEigenvaluesStopsAndLimits) {
    Matrix D(9, 9);
    for (std::size_t i = 0; i < 9; ++i) D(i, i) = i % 3 == 0 ? 1.0 : i % 3 == 1 ? 4.0 : 9.0;
    const Vector b = random_vector(9, 9);
    const so::CgResult three = so::conjugate_gradient(D, b, Vector(9, 0.0), 1e-10, 100);
    EXPECT_EQ(three.iterations, 3u) << "three distinct eigenvalues: three CG steps";
    const Vector x_star = so::solve(D, b);
    const so::CgResult none = so::conjugate_gradient(D, b, x_star, 1e-10, 100);
    EXPECT_EQ(none.iterations, 0u) << "starting at the solution: no step";
    const so::CgResult two = so::conjugate_gradient(D, b, Vector(9, 0.0), 1e-10, 2);
    EXPECT_EQ(two.iterations, 2u) << "max_iterations = 2";
    EXPECT_EQ(two.residuals.size(), 3u);
    // b = 0 from x0 = 0: ‖r‖ = 0 ≤ tol·‖b‖ = 0 holds at once (with "<" the first step would divide 0 by 0).
    const so::CgResult zero = so::conjugate_gradient(D, Vector(9, 0.0), Vector(9, 0.0), 1e-10, 100);
    EXPECT_EQ(zero.iterations, 0u) << "b = 0, x0 = 0: already solved (‖r‖ ≤ tol·‖b‖ with equality)";
    EXPECT_TRUE(vectors_near(zero.x, Vector(9, 0.0), 0.0, "x for b = 0"));
    EXPECT_THROW(so::conjugate_gradient(D, {1.0}, Vector(9, 0.0)), course::ShapeError);
}

TEST(Ex1505ConjugateGradient, TheStopIsRelativeToBAndComesWithinNSteps) {
    // A well-conditioned 30×30 SPD system, A = 2I + MᵀM/(2n) (eigenvalues in about [2, 4]). CG in exact
    // arithmetic needs at most n = 30 steps, here far fewer. Scaling b by 2⁴⁰ (exactly, in binary) scales
    // every iterate by 2⁴⁰: the number of steps must not change. An absolute test ‖r‖ ≤ tol would stop at
    // once for the small b and never for the large one.
    const std::size_t n = 30;
    course::Rng rng(14);
    Matrix M(n, n);
    for (std::size_t i = 0; i < M.size(); ++i) M.data()[i] = rng.uniform(-1.0, 1.0);
    Matrix A = Matrix::identity(n);
    A *= 2.0;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            for (std::size_t k = 0; k < n; ++k) A(i, j) += M(k, i) * M(k, j) / (2.0 * static_cast<double>(n));
    const Vector b1 = random_vector(n, 15);
    const so::CgResult unit = so::conjugate_gradient(A, b1, Vector(n, 0.0), 1e-10, 1000);
    ASSERT_LE(unit.iterations, n + 2) << "CG on a 30×30 system with eigenvalues in [2, 4]: at most n (+ 2 for rounding) steps";
    for (const double scale : {std::ldexp(1.0, -40), std::ldexp(1.0, 40)}) {
        Vector b = b1;
        for (double& v : b) v *= scale;
        const so::CgResult r = so::conjugate_gradient(A, b, Vector(n, 0.0), 1e-10, 1000);
        const std::string what = "b scaled by 2^" + std::string(scale < 1 ? "−40" : "40") + " (‖b‖ = " + course::teach::show(so::norm(b)) + ")";
        EXPECT_EQ(r.iterations, unit.iterations)
            << what << ": CG took " << r.iterations << " steps, against " << unit.iterations << " for the unscaled b. "
            << "The stop is relative, ‖r‖ ≤ tol·‖b‖: an absolute ‖r‖ ≤ tol depends on the units of b";
        ASSERT_FALSE(r.residuals.empty()) << what;
        EXPECT_LE(r.residuals.back(), 1e-10 * so::norm(b)) << what << ": the last residual against tol·‖b‖";
    }
}

// ---- 15.6 ----------------------------------------------------------------------------------------------
TEST(Ex1506BfgsUpdate, SecantConditionAndTheMatrixFormula) {
    const std::size_t n = 5;
    Matrix H = random_spd(n, 10);
    const Matrix H0 = H;
    const Vector s = random_vector(n, 11);
    Vector y = so::multiply(random_spd(n, 12), s);  // yᵀs > 0
    ASSERT_TRUE(so::bfgs_update(H, s, y)) << "yᵀs > 0: the update is made";
    EXPECT_TRUE(vectors_near(so::multiply(H, y), s, 1e-9, "secant condition H⁺y = s"));
    // (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ with explicit products.
    const double rho = 1.0 / so::dot(y, s);
    Matrix left = Matrix::identity(n), right = Matrix::identity(n), want(n, n);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) left(i, j) -= rho * s[i] * y[j], right(i, j) -= rho * y[i] * s[j];
    want = product(product(left, H0), right);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) want(i, j) += rho * s[i] * s[j];
    EXPECT_LT(max_abs_difference(H, want), 1e-10) << "H⁺ against (I − ρsyᵀ)H(I − ρysᵀ) + ρssᵀ";
    Matrix L;
    EXPECT_TRUE(so::cholesky(H, L)) << "H⁺ stays positive definite when yᵀs > 0";
}

TEST(Ex1506BfgsUpdate, SkipsWithoutCurvatureAndScales) {
    Matrix H = Matrix::identity(2);
    EXPECT_FALSE(so::bfgs_update(H, {1.0, 0.0}, {-1.0, 0.0})) << "yᵀs = −1 < 0: skip";
    EXPECT_FALSE(so::bfgs_update(H, {1.0, 0.0}, {0.0, 1.0})) << "yᵀs = 0: skip";
    EXPECT_EQ(max_abs_difference(H, Matrix::identity(2)), 0.0) << "a skipped update leaves H alone";
    EXPECT_TRUE(near(so::initial_scaling({1.0, 2.0}, {2.0, 0.0}), 0.5, 1e-15, "γ = sᵀy/yᵀy = 2/4"));
}

TEST(Ex1506BfgsUpdate, SkipsExactlyWhenTheScaledCurvatureTestFailsAndKeepsHPositiveDefinite) {
    // One H updated by a sequence of pairs: curvature pairs y = As from an SPD A, pairs with yᵀs < 0, and
    // pairs whose yᵀs is positive but only 1e-12·‖s‖·‖y‖ (s and y nearly orthogonal). The update must be
    // made exactly when yᵀs > 1e-10·‖s‖·‖y‖, leave H untouched otherwise, and keep H positive definite.
    const std::size_t n = 4;
    const Matrix A = random_spd(n, 16);
    Matrix H = Matrix::identity(n);
    for (int k = 0; k < 24; ++k) {
        const Vector s = random_vector(n, 100 + static_cast<std::uint64_t>(k));
        Vector y;
        std::string kind;
        if (k % 3 == 0) {
            y = so::multiply(A, s);
            kind = "y = As (positive curvature)";
        } else {
            // w ⟂ s, then y = w + ε·s with yᵀs = ε‖s‖²: ε chosen so that yᵀs = c·‖s‖·‖y‖ (‖y‖ ≈ ‖w‖).
            Vector w = random_vector(n, 200 + static_cast<std::uint64_t>(k));
            const double ws = so::dot(w, s) / so::dot(s, s);
            for (std::size_t i = 0; i < n; ++i) w[i] -= ws * s[i];
            const double c = k % 3 == 1 ? 1e-12 : -0.3;
            const double eps = c * so::norm(w) / so::norm(s);
            y = w;
            for (std::size_t i = 0; i < n; ++i) y[i] += eps * s[i];
            kind = k % 3 == 1 ? "yᵀs = 1e-12·‖s‖·‖y‖ > 0 (s and y nearly orthogonal)" : "yᵀs < 0";
        }
        const bool want = so::dot(y, s) > 1e-10 * so::norm(s) * so::norm(y);
        const Matrix before = H;
        const bool got = so::bfgs_update(H, s, y);
        EXPECT_EQ(got, want) << "pair " << k << ", " << kind << ": yᵀs = " << so::dot(y, s) << ", 1e-10·‖s‖·‖y‖ = "
                             << 1e-10 * so::norm(s) * so::norm(y)
                             << ". The update needs yᵀs > 1e-10·‖s‖·‖y‖, a SCALED threshold: a yᵀs that is positive only by "
                                "rounding makes ρ = 1/yᵀs huge";
        if (!want) {
            EXPECT_EQ(max_abs_difference(H, before), 0.0) << "pair " << k << " (" << kind << ") is skipped: H must not change";
        } else {
            EXPECT_TRUE(vectors_near(so::multiply(H, y), s, 1e-8 * (1 + so::norm(s)), "pair " + std::to_string(k) + ": H⁺y = s"));
        }
        Matrix L;
        ASSERT_TRUE(so::cholesky(H, L)) << "after pair " << k << " (" << kind << "), H is no longer positive definite";
    }
}

TEST(Ex1506BfgsUpdate, BfgsMinimisesRosenbrock) {
    // This test also runs your 15.4 (the line search the BFGS rule uses).
    const pr::Problem r = pr::rosenbrock(2);
    const so::Run run = so::run_optimizer(r, r.start, opt::Optimizer(so::make_bfgs()), "BFGS", {.target = 1e-10, .max_iterations = 200});
    EXPECT_TRUE(run.converged) << "BFGS from (−1.2, 1): f − f* = " << run.f.back() << " after " << run.iterations();
    EXPECT_LT(run.iterations(), 60u) << "BFGS needs about 35–40 iterations here, not hundreds";
}

// ---- 15.7 ----------------------------------------------------------------------------------------------
TEST(Ex1507LbfgsDirection, EqualsBfgsFromTheScaledIdentity) {
    const std::size_t n = 6;
    const Matrix A = random_spd(n, 13);
    std::vector<Vector> s, y;
    for (int k = 0; k < 4; ++k) {
        s.push_back(random_vector(n, 20 + static_cast<std::uint64_t>(k)));
        y.push_back(so::multiply(A, s.back()));
    }
    const Vector g = random_vector(n, 30);
    // Independent: H₀ = γI, then each pair's update with explicit matrices, oldest first.
    const double gamma = so::dot(s.back(), y.back()) / so::dot(y.back(), y.back());
    Matrix H = Matrix::identity(n);
    H *= gamma;
    for (std::size_t k = 0; k < s.size(); ++k) {
        const double rho = 1.0 / so::dot(y[k], s[k]);
        Matrix left = Matrix::identity(n), right = Matrix::identity(n);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) left(i, j) -= rho * s[k][i] * y[k][j], right(i, j) -= rho * y[k][i] * s[k][j];
        H = product(product(left, H), right);
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = 0; j < n; ++j) H(i, j) += rho * s[k][i] * s[k][j];
    }
    Vector want = so::multiply(H, g);
    for (double& v : want) v = -v;
    EXPECT_TRUE(vectors_near(so::lbfgs_direction(g, s, y), want, 1e-9, "two-loop −Hg against H built by explicit BFGS updates from γI (γ of the NEWEST pair; the first loop runs newest "
                                 "to oldest, the second oldest to newest; the direction is −H·g, downhill)"));
    EXPECT_TRUE(vectors_near(so::lbfgs_direction(g, {}, {}), {-g[0], -g[1], -g[2], -g[3], -g[4], -g[5]}, 0.0, "empty memory: −g"));
    EXPECT_THROW(so::lbfgs_direction(g, s, {}), std::invalid_argument);
}

TEST(Ex1507LbfgsDirection, LbfgsMinimisesRosenbrockIn10D) {
    // This test also runs your 15.4 and 15.6 (initial_scaling).
    const pr::Problem r = pr::rosenbrock(10);
    const so::Run run = so::run_optimizer(r, r.start, opt::Optimizer(so::make_lbfgs(10)), "L-BFGS", {.target = 1e-8, .max_iterations = 500});
    EXPECT_TRUE(run.converged) << "L-BFGS on 10-D Rosenbrock: f − f* = " << run.f.back() << " after " << run.iterations();
}

// ---- 15.8 ----------------------------------------------------------------------------------------------
TEST(Ex1508ConvergenceOrder, KnownOrders) {
    const std::vector<double> quadratic{1e-1, 1e-2, 1e-4, 1e-8, 1e-16};
    EXPECT_TRUE(vectors_near(so::order_estimates(quadratic), {2.0, 2.0, 2.0}, 1e-12, "p̂ for eₖ = 10^(−2ᵏ): k = 1 … n−2"));
    const std::vector<double> linear{1.0, 0.5, 0.25, 0.125};
    EXPECT_TRUE(vectors_near(so::order_estimates(linear), {1.0, 1.0}, 1e-12, "p̂ for eₖ = 2⁻ᵏ"));
    EXPECT_TRUE(vectors_near(so::rate_ratios(linear, 1.0), {0.5, 0.5, 0.5}, 1e-15, "eₖ₊₁/eₖ for eₖ = 2⁻ᵏ"));
    const std::vector<double> newton{0.1, 0.03, 0.0027, 2.187e-5};  // eₖ₊₁ = 3eₖ²
    EXPECT_TRUE(vectors_near(so::rate_ratios(newton, 2.0), {3.0, 3.0, 3.0}, 1e-9, "eₖ₊₁/eₖ² for eₖ₊₁ = 3eₖ²"));
    EXPECT_TRUE(so::order_estimates({1.0, 0.5}).empty()) << "two errors give no estimate";
}

TEST(Ex1508ConvergenceOrder, StalledStepsAndBadInput) {
    const std::vector<double> p = so::order_estimates({0.5, 0.5, 0.25});
    ASSERT_EQ(p.size(), 1u);
    EXPECT_TRUE(std::isnan(p[0])) << "eₖ = eₖ₋₁: ln 1 = 0 in the denominator, NaN (not ±∞)";
    EXPECT_THROW(so::order_estimates({1.0, 0.0, 0.0}), std::invalid_argument) << "an error of 0";
    EXPECT_THROW(so::rate_ratios({1.0, -1e-3}, 1.0), std::invalid_argument) << "a negative error";
    EXPECT_THROW(so::rate_ratios({1.0, std::numeric_limits<double>::quiet_NaN()}, 1.0), std::invalid_argument) << "NaN";
}

}  // namespace
