// Tests of common/test_problems: every gradient against central differences of f, every Hessian against
// central differences of the gradient, f = minimum and ∇f = 0 at every listed minimiser, and the
// published values the catalogue quotes.
#include "common/test_problems.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "common/random.hpp"
#include "tests/support/teach.hpp"

namespace {

namespace pr = course::problems;
using course::teach::gradients_agree;
using course::teach::near;
using pr::Vector;

// The problems in several dimensions: every name in 2-D, the n-D ones also in 1, 3 and 7.
std::vector<pr::Problem> all_problems() {
    std::vector<pr::Problem> list;
    for (const auto& name : pr::problem_names()) list.push_back(pr::make_problem(name, 2));
    for (std::size_t d : {3u, 7u}) {
        list.push_back(pr::sphere(d));
        list.push_back(pr::quadratic(d, 1e3));
        list.push_back(pr::rosenbrock(d));
        list.push_back(pr::rastrigin(d));
        list.push_back(pr::ackley(d));
    }
    list.push_back(pr::sphere(1));
    list.push_back(pr::quadratic(1, 50.0));
    return list;
}

std::string at(const pr::Problem& p, const Vector& x) {
    std::string s = p.name + " (" + std::to_string(p.dim) + "-D) at (";
    for (std::size_t i = 0; i < x.size(); ++i) s += (i ? ", " : "") + course::teach::show(x[i]);
    return s + ")";
}

// A point drawn uniformly from the problem's standard domain.
Vector random_point(const pr::Problem& p, course::Rng& rng) {
    Vector x(p.dim);
    for (std::size_t i = 0; i < p.dim; ++i) x[i] = rng.uniform(p.lower[i], p.upper[i]);
    return x;
}

TEST(TestProblemsShape, EveryFieldIsConsistent) {
    for (const pr::Problem& p : all_problems()) {
        EXPECT_EQ(p.start.size(), p.dim) << p.name << ": start";
        EXPECT_EQ(p.lower.size(), p.dim) << p.name << ": lower";
        EXPECT_EQ(p.upper.size(), p.dim) << p.name << ": upper";
        EXPECT_FALSE(p.formula.empty()) << p.name;
        EXPECT_TRUE(p.value && p.gradient) << p.name;
        for (std::size_t i = 0; i < p.dim; ++i) {
            EXPECT_LT(p.lower[i], p.upper[i]) << p.name << " domain, coordinate " << i;
            EXPECT_TRUE(p.start[i] >= p.lower[i] && p.start[i] <= p.upper[i]) << p.name << ": start in the domain";
        }
        for (const Vector& m : p.minimizers) ASSERT_EQ(m.size(), p.dim) << p.name << ": a minimiser";
        EXPECT_THROW(p.value(Vector(p.dim + 1, 0.0)), std::invalid_argument) << p.name << ": a point too long";
    }
}

TEST(TestProblemsGradient, AgreesWithCentralDifferences) {
    course::Rng rng(15);
    for (const pr::Problem& p : all_problems()) {
        for (int k = 0; k < 20; ++k) {
            Vector x = random_point(p, rng);
            const Vector g = p.gradient(x);
            Vector numerical(p.dim);
            for (std::size_t i = 0; i < p.dim; ++i) {
                const double h = 1e-6 * std::max(1.0, std::abs(x[i])), keep = x[i];
                x[i] = keep + h;
                const double up = p.value(x);
                x[i] = keep - h;
                const double down = p.value(x);
                x[i] = keep;
                numerical[i] = (up - down) / (2 * h);
            }
            EXPECT_TRUE(gradients_agree(g, numerical, 1e-5, "∇f of " + at(p, x)));
        }
    }
}

TEST(TestProblemsHessian, AgreesWithDifferencesOfTheGradient) {
    course::Rng rng(16);
    for (const pr::Problem& p : all_problems()) {
        if (!p.hessian) {
            EXPECT_EQ(p.name, "ackley") << "only Ackley comes without a Hessian";
            continue;
        }
        for (int k = 0; k < 10; ++k) {
            Vector x = random_point(p, rng);
            const course::Matrix H = p.hessian(x);
            ASSERT_TRUE(H.rows() == p.dim && H.cols() == p.dim) << p.name << ": Hessian shape " << H.shape();
            for (std::size_t j = 0; j < p.dim; ++j) {
                const double h = 1e-5 * std::max(1.0, std::abs(x[j])), keep = x[j];
                x[j] = keep + h;
                const Vector up = p.gradient(x);
                x[j] = keep - h;
                const Vector down = p.gradient(x);
                x[j] = keep;
                Vector column(p.dim), analytic(p.dim);
                for (std::size_t i = 0; i < p.dim; ++i) {
                    column[i] = (up[i] - down[i]) / (2 * h);
                    analytic[i] = H(i, j);
                }
                EXPECT_TRUE(gradients_agree(analytic, column, 1e-5, "column " + std::to_string(j) + " of ∇²f, " + at(p, x)));
                for (std::size_t i = 0; i < p.dim; ++i) EXPECT_EQ(H(i, j), H(j, i)) << p.name << ": ∇²f is symmetric";
            }
        }
    }
}

TEST(TestProblemsMinima, ValueIsTheMinimumAndTheGradientVanishes) {
    for (const pr::Problem& p : all_problems()) {
        if (p.name == "saddle") {
            EXPECT_TRUE(p.minimizers.empty() && std::isinf(p.minimum) && p.minimum < 0) << "x² − y² has no minimum";
            continue;
        }
        ASSERT_FALSE(p.minimizers.empty()) << p.name;
        for (const Vector& m : p.minimizers) {
            EXPECT_TRUE(near(p.value(m), p.minimum, 1e-12, "f of " + at(p, m)));
            double norm = 0.0;
            for (double g : p.gradient(m)) norm += g * g;
            EXPECT_LT(std::sqrt(norm), 1e-7) << "‖∇f‖ of " << at(p, m);
        }
        course::Rng rng(17);
        for (int k = 0; k < 200; ++k) {
            const Vector x = random_point(p, rng);
            ASSERT_GE(p.value(x), p.minimum - 1e-12) << at(p, x) << " lies below the stated minimum";
        }
    }
}

TEST(TestProblemsKnownValues, PublishedNumbers) {
    EXPECT_TRUE(near(pr::rosenbrock(2).value({-1.2, 1.0}), 24.2, 1e-12, "Rosenbrock at (−1.2, 1): 4.84 + 100·0.44²"));
    EXPECT_TRUE(near(pr::rosenbrock(4).value({-1.2, 1.0, -1.2, 1.0}), 24.2 + 484.0 + 24.2, 1e-9,
                     "4-D Rosenbrock at (−1.2, 1, −1.2, 1): the middle term is 0 + 100·(−1.2 − 1)²"));
    EXPECT_TRUE(near(pr::himmelblau().value({0.0, 0.0}), 170.0, 1e-12, "Himmelblau at (0, 0): 11² + 7²"));
    EXPECT_TRUE(near(pr::beale().value({1.0, 1.0}), 14.203125, 1e-12, "Beale at (1, 1): 1.5² + 2.25² + 2.625²"));
    EXPECT_TRUE(near(pr::booth().value({0.0, 0.0}), 74.0, 1e-12, "Booth at (0, 0): 49 + 25"));
    EXPECT_TRUE(near(pr::rastrigin(3).value({1.0, 1.0, 1.0}), 3.0, 1e-12, "Rastrigin at (1, 1, 1)"));
    const pr::Problem q = pr::quadratic(5, 1e4);
    const course::Matrix H = q.hessian(q.start);
    EXPECT_TRUE(near(H(0, 0), 1.0, 0.0, "smallest curvature of quadratic(5, 1e4)"));
    EXPECT_TRUE(near(H(4, 4), 1e4, 0.0, "largest curvature of quadratic(5, 1e4): exactly κ"));
    EXPECT_TRUE(near(H(2, 2), 100.0, 1e-10, "middle curvature of quadratic(5, 1e4): √κ (log-spaced)"));
    EXPECT_TRUE(near(q.value(q.start), 0.5 * (1 + 10 + 100 + 1000 + 10000), 1e-9, "½Σλ at (1, …, 1)"));
    EXPECT_EQ(pr::rosenbrock(5).start, (Vector{-1.2, 1.0, -1.2, 1.0, -1.2})) << "Moré–Garbow–Hillstrom start";
}

TEST(TestProblemsNames, LookupAndErrors) {
    for (const auto& name : pr::problem_names()) EXPECT_EQ(pr::make_problem(name).name, name);
    try {
        pr::make_problem("rosenbrok");
        ADD_FAILURE() << "an unknown name must throw";
    } catch (const std::invalid_argument& e) {
        EXPECT_NE(std::string(e.what()).find("rosenbrock"), std::string::npos) << "the message lists the names: " << e.what();
    }
    EXPECT_THROW(pr::make_problem("beale", 3), std::invalid_argument) << "Beale is 2-D";
    EXPECT_THROW(pr::rosenbrock(1), std::invalid_argument) << "Rosenbrock needs two coordinates";
    EXPECT_THROW(pr::quadratic(3, 0.5), std::invalid_argument) << "a condition number below 1";
    EXPECT_THROW(pr::sphere(0), std::invalid_argument) << "dimension 0";
    EXPECT_EQ(pr::make_problem("rosenbrock", 100).dim, 100u);
}

}  // namespace
