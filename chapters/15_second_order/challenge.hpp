// Chapter 15, given code: the open challenge of part III (chapters 15-19), on Gradescope's leaderboard.
//
// The fewest evaluations to reach Rosenbrock's minimum, f − f* ≤ 1e-8, from four fixed starts, with a
// method built on your chapter 15: Newton (your 15.2 on the exact Hessian or your 15.1), BFGS (15.6),
// L-BFGS (15.7), nonlinear conjugate gradient or steepest descent, each along your backtracking (15.3)
// or strong Wolfe (15.4) line search or a full step, with the options you choose in
// exercises/challenge_part3.conf. The score is the total over the starts; lower is better.
//
// What counts: every evaluation of f and ∇f together (one a trial of a line search), of ∇f alone (the
// columns of a finite-difference Hessian), and an exact Hessian as n = 2 evaluations, the price of its
// n columns. The harness owns the loop and the only objective the method sees (an EvaluationBudget): the
// run from a start ends at the first evaluation whose f − f* ≤ 1e-8, which is what it scores; a start
// that takes more than 1,000 evaluations is cut off and the challenge then has no score.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "chapters/15_second_order/second_order.hpp"
#include "common/challenge.hpp"
#include "common/cli.hpp"

namespace course::second_order {

struct Part3Setup {
    std::vector<Vector> starts{{-1.2, 1.0}, {-1.9, 2.0}, {2.0, -1.0}, {0.5, 2.5}};
    std::size_t budget = 1000;  // evaluations per start
    double target = 1e-8;       // f − f* at the end
};

using LineSearch = std::function<LineSearchResult(const LineFunction& phi, LinePoint at0, const LineSearchOptions&)>;

// A method as the configuration describes it.
struct Part3Method {
    std::string direction = "bfgs";     // newton, bfgs, lbfgs, cg or steepest
    LineSearch line_search;             // your strong_wolfe or backtracking; empty: the full step α = α₀
    LineSearchOptions options{};        // c1, c2, shrink, max_evaluations
    std::optional<double> first_step;   // α₀ of the first iteration; unset: 1 for Newton, else min(1, 1/‖∇f(x₀)‖₁)
    std::size_t memory = 10;            // L-BFGS
    bool finite_differences = false;    // Newton: fd_hessian (15.1) instead of the exact Hessian
    double fd_step = 1e-5;
    double levenberg_beta = 1e-3;       // Newton: newton_direction's β (15.2)
    bool scale_h0 = true;               // BFGS: H₀ = γI (N&W 6.20) before the first update
};

// Throws course::UsageError naming the key when it does not apply to the method or contradicts another.
Part3Method part3_method(const Args& config);

struct Part3Run {
    std::size_t evaluations = 0;  // up to and including the one that reached the target
    std::size_t iterations = 0;
    bool reached = false;
    std::string why;              // when not reached: why the run ended
    double best_gap = 0.0;        // the lowest f − f* evaluated
};
// One start: the harness's loop, its counted objective, the method's steps.
Part3Run run_part3_start(const Part3Method& method, const Vector& start, const Part3Setup& setup);
// The total of the starts' evaluations; throws course::RuntimeFailure naming the start that did not
// reach the target.
challenge::Score score_part3(const Part3Method& method, const Part3Setup& setup);

challenge::Definition part3_challenge();

}  // namespace course::second_order
