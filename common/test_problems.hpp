// The course's one catalogue of test problems: smooth functions with analytic gradients (and Hessians),
// known global minimisers, a standard start point and a standard domain. Chapter 02 searches them at
// random, chapter 10 races the optimizers on them, chapter 15 runs Newton and quasi-Newton methods on
// them; tests/common/test_problems_test.cpp checks every gradient against central differences, every
// Hessian against differences of the gradient, and f = minimum, ∇f = 0 at every listed minimiser.
//
//     const Problem p = make_problem("rosenbrock", 10);   // or rosenbrock(10)
//     double f = p.value(p.start);  Vector g = p.gradient(p.start);  Matrix H = p.hessian(p.start);
//
// Every function checks the length of its argument (std::invalid_argument naming the problem). The
// 2-D formulas are written term by term as chapters 02 and 10 wrote them, so their numbers do not move.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/matrix.hpp"

namespace course::problems {

using Vector = std::vector<double>;

struct Problem {
    std::string name;     // as on the command line: "rosenbrock"
    std::string formula;  // for figures and --help: "f(x, y) = (1 − x)² + 100(y − x²)²"
    std::size_t dim = 2;
    std::function<double(const Vector&)> value;
    std::function<Vector(const Vector&)> gradient;  // analytic
    std::function<Matrix(const Vector&)> hessian;   // analytic, dim×dim; empty when not provided (ackley)
    std::vector<Vector> minimizers;                  // every known global minimiser; empty if unbounded below
    double minimum = 0.0;                            // f at the minimisers (−∞ for the saddle)
    Vector start;                                    // the standard start point
    Vector lower, upper;                             // the standard domain, per coordinate
};

// Σ xᵢ² on [−5.12, 5.12]ᵈ; start (3, 4, 3, 4, …).
Problem sphere(std::size_t dim = 2);
// ½ Σ λᵢ xᵢ² with λᵢ = κ^(i/(d−1)), i = 0 … d−1: curvatures log-spaced from 1 to κ = condition (λ = 1
// when d = 1), so the Hessian's condition number is κ. Minimum 0 at the origin; start (1, …, 1);
// domain [−5, 5]ᵈ. Throws unless d ≥ 1 and κ ≥ 1.
Problem quadratic(std::size_t dim, double condition);
// 0.1x² + 2y² (chapter 10's ravine, condition number 20); start (−4.5, 2), domain [−5, 5]².
Problem ill_conditioned();
// (x − 1)² + (y + 0.5)² (chapter 02's round bowl); start (−3, 3), domain [−4, 4]².
Problem bowl();
// ½(θ − c)ᵀA(θ − c), c = (1, −0.5), A = R diag(1, κ) Rᵀ with R a rotation by 30° (chapter 02's tilted
// valley); start (−3, 3), domain [−4, 4]². Throws unless κ ≥ 1.
Problem elongated_bowl(double condition = 20.0);
// The chained Rosenbrock function Σᵢ₌₀^{d−2} (1 − xᵢ)² + 100(xᵢ₊₁ − xᵢ²)², d ≥ 2: minimum 0 at (1, …, 1);
// start (−1.2, 1, −1.2, 1, …) (Moré, Garbow & Hillstrom 1981); domain [−2.048, 2.048]ᵈ.
Problem rosenbrock(std::size_t dim = 2);
// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²: minimum 0 at (3, 0.5); start (1, 1.5).
Problem beale();
// (x + 2y − 7)² + (2x + y − 5)²: minimum 0 at (1, 3); start (−8, 8).
Problem booth();
// (x² + y − 11)² + (x + y² − 7)²: four minima of value 0, (3, 2) first; start (0, 0).
Problem himmelblau();
// (4 − 2.1x² + x⁴/3)x² + xy + (4y² − 4)y²: six local minima, two global (−1.0316…); start (−1.5, 1.5).
Problem six_hump_camel();
// x² − y²: a saddle at the origin, unbounded below; no minimisers, minimum −∞; start (−1.5, 0.01).
Problem saddle();
// 10d + Σ (xᵢ² − 10 cos 2πxᵢ): a bowl covered in local minima, global 0 at the origin; [−5.12, 5.12]ᵈ.
Problem rastrigin(std::size_t dim = 2);
// −20 exp(−0.2 √(Σxᵢ²/d)) − exp(Σ cos 2πxᵢ / d) + e + 20: global 0 at the origin (where the gradient
// is the subgradient 0); no Hessian; [−5, 5]ᵈ.
Problem ackley(std::size_t dim = 2);

// sphere, ill_conditioned, rosenbrock, beale, himmelblau, booth, rastrigin, ackley, six_hump_camel,
// saddle, quadratic, bowl, elongated_bowl.
std::vector<std::string> problem_names();
// The problem called `name` in dimension `dim` (quadratic with condition number 100, elongated_bowl with
// 20). Throws std::invalid_argument listing the names for an unknown one, and for a dimension the
// problem does not have (beale, booth, himmelblau, six_hump_camel, saddle, ill_conditioned, bowl and
// elongated_bowl are 2-D only; rosenbrock needs d ≥ 2; the others d ≥ 1).
Problem make_problem(const std::string& name, std::size_t dim = 2);

}  // namespace course::problems
