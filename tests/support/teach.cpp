#include "tests/support/teach.hpp"

#include "common/gradcheck.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace course::teach {

namespace {

// More mismatches than this only repeat the lesson; the count says how many there are.
constexpr std::size_t shown_mismatches = 5;
// A gradient longer than this shows its disagreeing entries only.
constexpr std::size_t full_gradient_rows = 8;

bool within(double got, double want, double tol) {
    return std::abs(got - want) <= tol;  // false for NaN, as it should be
}

std::string pad(std::string text, std::size_t width) {
    if (text.size() < width) text.insert(0, width - text.size(), ' ');
    return text;
}

}  // namespace

std::vector<double> poisoned(std::size_t n) { return std::vector<double>(n, std::numeric_limits<double>::quiet_NaN()); }

std::string show(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

::testing::AssertionResult near(double got, double want, double tol, std::string_view what) {
    if (within(got, want, tol)) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << what << ": expected " << show(want) << ", got " << show(got)
                                         << ", tolerance " << show(tol) << " (off by " << show(std::abs(got - want))
                                         << ")";
}

::testing::AssertionResult mismatches(std::string_view what, const std::vector<Mismatch>& missed, std::size_t total,
                                      double tol) {
    if (missed.empty()) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure();
    failure << what << ": " << missed.size() << " of " << total << " entries differ by more than " << show(tol);
    for (std::size_t i = 0; i < std::min(missed.size(), shown_mismatches); ++i) {
        const Mismatch& m = missed[i];
        failure << "\n  " << m.where << " expected " << show(m.want) << ", got " << show(m.got) << " (off by "
                << show(std::abs(m.got - m.want)) << ")";
    }
    if (missed.size() > shown_mismatches) failure << "\n  ...";
    return failure;
}

::testing::AssertionResult vectors_near(const std::vector<double>& got, const std::vector<double>& want, double tol,
                                        std::string_view what) {
    if (got.size() != want.size()) {
        return ::testing::AssertionFailure() << what << ": expected " << want.size() << " values, got " << got.size();
    }
    std::vector<Mismatch> missed;
    for (std::size_t i = 0; i < got.size(); ++i) {
        if (!within(got[i], want[i], tol)) missed.push_back({"[" + std::to_string(i) + "]", got[i], want[i]});
    }
    return mismatches(what, missed, got.size(), tol);
}

::testing::AssertionResult gradients_agree(const std::vector<double>& analytic, const std::vector<double>& numerical,
                                           double tol, std::string_view what) {
    if (analytic.size() != numerical.size()) {
        return ::testing::AssertionFailure() << what << ": the analytic gradient has " << analytic.size()
                                             << " entries, the numerical one " << numerical.size();
    }
    std::vector<bool> agrees(analytic.size());
    std::size_t disagreeing = 0;
    for (std::size_t i = 0; i < analytic.size(); ++i) {
        const double a = analytic[i], n = numerical[i];
        agrees[i] = course::relative_error(a, n) <= tol || within(a, n, tol);
        if (!agrees[i]) ++disagreeing;
    }
    if (disagreeing == 0) return ::testing::AssertionSuccess();

    auto failure = ::testing::AssertionFailure();
    failure << what << ": analytic and numerical gradients disagree in " << disagreeing << " of " << analytic.size()
            << " entries (tolerance " << show(tol) << ")\n"
            << "  entry        analytic       numerical  relative error";
    const bool show_all = analytic.size() <= full_gradient_rows;
    std::size_t rows = 0;
    for (std::size_t i = 0; i < analytic.size() && rows < full_gradient_rows; ++i) {
        if (!show_all && agrees[i]) continue;
        ++rows;
        failure << "\n  " << pad("[" + std::to_string(i) + "]", 5) << pad(show(analytic[i]), 16)
                << pad(show(numerical[i]), 16) << pad(show(course::relative_error(analytic[i], numerical[i])), 16)
                << (agrees[i] ? "" : "  <-");
    }
    if (!show_all && rows < disagreeing) failure << "\n  ...";
    return failure;
}

}  // namespace course::teach
