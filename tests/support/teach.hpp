// Assertions that teach. Each returns a ::testing::AssertionResult whose failure message shows what
// was expected, what came back, the tolerance and by how much it missed, so a failing test explains
// itself to a student:
//
//   EXPECT_TRUE(course::teach::near(mse(pred, target), 0.25, 1e-12, "mse([1,2], [1.5,2.5])"));
//   →  mse([1,2], [1.5,2.5]): expected 0.25, got 0.5, tolerance 1e-12 (off by 0.25)
//
// `what` names the quantity, ideally with its input. Helpers for other shapes (matrices) build on
// show() and mismatches(): describe each entry by a label such as "[3]" or "(1,2)".
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace course::teach {

// A number as a student would want to read it: shortest form that keeps 10 significant digits.
std::string show(double value);

// The scale-free distance of gradient checking is course::relative_error (common/gradcheck.hpp).

// Passes when |got − want| ≤ tol (NaN never passes).
::testing::AssertionResult near(double got, double want, double tol, std::string_view what);

// Passes when the sizes agree and every entry satisfies |got[i] − want[i]| ≤ tol. The message gives
// the sizes if they differ, otherwise the first few entries that miss and how many miss in all.
::testing::AssertionResult vectors_near(const std::vector<double>& got, const std::vector<double>& want,
                                        double tol, std::string_view what);

// Compares an analytic gradient with a numerical (finite-difference) one. An entry agrees when its
// relative error or its absolute difference is within tol: the absolute test keeps an entry whose
// true gradient is 0 from failing on the rounding noise of the finite difference. The message lists
// both gradients side by side with the relative error of each entry.
::testing::AssertionResult gradients_agree(const std::vector<double>& analytic, const std::vector<double>& numerical,
                                           double tol, std::string_view what);

// The harness rule for output buffers: a buffer that student code writes into is handed over filled
// with NaN, never zero-filled, so an entry the code forgets to write (a padding entry, a gradient that
// should have been reset) shows as NaN instead of passing as a lucky 0. Reuse state objects across
// calls for the same reason: a forgotten reset then fails.
std::vector<double> poisoned(std::size_t n);
// poison(buffer) fills a std::vector<double>, a course::Matrix or any type with fill(double) with NaN.
template <class Buffer>
void poison(Buffer& buffer) {
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    if constexpr (requires { buffer.fill(nan); }) {
        buffer.fill(nan);
    } else {
        for (double& value : buffer) value = nan;
    }
}

// One entry that missed: where it is (e.g. "[3]" or "(1,2)"), what came back and what was expected.
struct Mismatch {
    std::string where;
    double got = 0;
    double want = 0;
};

// The shared failure message of the elementwise helpers: "what: k of n entries differ by more than
// tol" followed by the first few mismatches, one per line.
::testing::AssertionResult mismatches(std::string_view what, const std::vector<Mismatch>& missed, std::size_t total,
                                      double tol);

}  // namespace course::teach
