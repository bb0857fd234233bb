// Gradient checking: comparing a gradient computed analytically (by autodiff, or by a hand-written
// backward pass) with one estimated from function values alone. It is the test that every backward
// pass of the course has to pass.
//
// Central differences. Taylor-expanding f along coordinate i,
//   f(x ± h·eᵢ) = f(x) ± h·∂ᵢf + (h²/2)·∂ᵢ²f ± (h³/6)·∂ᵢ³f + O(h⁴),
// and subtracting the two, the even terms cancel:
//   (f(x + h·eᵢ) − f(x − h·eᵢ)) / 2h = ∂ᵢf + (h²/6)·∂ᵢ³f + O(h⁴),
// so the truncation error is O(h²), against O(h) for the one-sided (f(x + h·eᵢ) − f(x))/h.
//
// Why h ≈ 1e-5. A smaller h cuts the truncation error h²/6·|f'''|, but each value of f carries a
// rounding error of about ε·|f| (ε ≈ 1.1e-16 for double), and the difference quotient divides it by
// 2h: the round-off error grows like ε·|f|/h. The sum h²|f'''|/6 + ε|f|/h is smallest at
// h = (3ε|f|/|f'''|)^(1/3), about 1e-5 when f and its derivatives are of order 1, where both terms
// are near 1e-10. A gradient of order 1 can then be checked to a relative error of about 1e-10.
//
// Reading the relative error |analytic − numerical| / max(|analytic|, |numerical|):
//   ≤ 1e-6        correct. An entry whose gradient is of order 1 shows about 1e-10; the 1e-11 of the
//                 difference's own error is a larger fraction of a tiny gradient (a weight that barely
//                 moves the loss), and such entries of a correct network reach a few 1e-7. The course
//                 uses this one threshold everywhere (chapter 08's README, "One threshold").
//   1e-6 … 1e-5   suspicious, unless f has kinks (relu, max, abs) near x: a difference that straddles
//                 a kink measures a blend of the slopes on its two sides. Deep compositions and
//                 functions of large magnitude also raise the floor, since the round-off grows with |f|.
//   1e-5 … 1e-3   most likely a bug if f is smooth.
//   > 1e-3        wrong: a missing term, a missing transpose, a factor 2 or a sign.
// Check with a few random inputs of order 1 rather than special values (0, 1, symmetric matrices),
// which can hide a wrong transpose or a term that happens to vanish there.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "common/autodiff.hpp"
#include "common/matrix.hpp"

namespace course {

// ∂f/∂x by central differences, one coordinate at a time: 2·x.size() evaluations of f.
// Throws std::invalid_argument unless h > 0.
Matrix numerical_gradient(const std::function<double(const Matrix&)>& f, const Matrix& x, double h = 1e-5);

// |analytic − numerical| / max(|analytic|, |numerical|, 1e-8); 0 when both are 0. The floor keeps
// two tiny values (a true gradient of 0 and its finite-difference noise, say) from producing a large
// ratio out of nothing: entries below 1e-8 are compared by their absolute difference, scaled by 1e-8.
double relative_error(double analytic, double numerical);
// The largest relative_error over all entries. Throws ShapeError if the shapes differ.
double max_relative_error(const Matrix& analytic, const Matrix& numerical);

struct GradCheckReport {
    Matrix analytic;
    Matrix numerical;
    double max_relative_error = 0.0;
    std::size_t worst_row = 0;  // where the largest relative error is
    std::size_t worst_col = 0;

    // A message for a failing test: the worst entry and its two values, and for a small gradient
    // every entry side by side.
    std::string describe() const;
};

// Compares two gradients of the same shape (throws ShapeError otherwise); for hand-written backward
// passes: compare_gradients(dW, numerical_gradient(loss_of_W, W)).
GradCheckReport compare_gradients(const Matrix& analytic, const Matrix& numerical);

// Builds the scalar function f with autodiff, from x, and compares ∂f/∂x from backward() with
// central differences of the same f. f receives x as a Var (a parameter for the analytic pass, a
// constant for the numerical one) and returns a 1×1 Var:
//   auto report = check_gradient([](const Var& x) { return sum(tanh(x)); }, x0);
//   EXPECT_LE(report.max_relative_error, 1e-6) << report.describe();
GradCheckReport check_gradient(const std::function<Var(const Var&)>& f, const Matrix& x, double h = 1e-5);

// The same for a function of several matrices, such as a network's loss of all its weights: f
// receives one Var per input, in order, and the result holds one report per input.
std::vector<GradCheckReport> check_gradients(const std::function<Var(const std::vector<Var>&)>& f,
                                             const std::vector<Matrix>& inputs, double h = 1e-5);

}  // namespace course
