// Tests that grade chapter 17. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter17…
// suites test the given code and pass on the stubs too.
//
// What the exercises are compared with, never with a copy of the solution:
//   1, 3. the test's own replay of the rng, and the share of draws per decade (1/4 each on [1e-4, 1]);
//   2, 4, 5, 8. hand-written points, counts and warnings;
//   6. the table of Li et al. (2018) for R = 81, η = 3, and R whose floating-point log_η falls short;
//   7. a synthetic evaluate whose ranking the test knows, and the calls it receives;
//   9. a counting trainer: what trains, what is read back, and a study restarted half-way;
//   10. the folds of scikit-learn's KFold written out by rule, hand-written folds and a probe score.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "chapters/17_hyperparameter_search/hyperparameter_search.hpp"
#include "chapters/17_hyperparameter_search/study.hpp"
#include "common/errors.hpp"
#include "common/random.hpp"
#include "common/records.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace hs = course::hyperparameter_search;
namespace fs = std::filesystem;
using course::teach::near;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string show(const std::vector<std::size_t>& v) {
    std::ostringstream out;
    out << "{";
    for (std::size_t i = 0; i < v.size(); ++i) out << (i ? ", " : "") << v[i];
    return out.str() + "}";
}

// A fresh folder per test, removed at the end.
class Folder {
public:
    Folder() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::path(::testing::TempDir()) /
                ("ch17_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
        fs::remove_all(path_);
    }
    ~Folder() { fs::remove_all(path_); }
    std::string str() const { return path_.string(); }

private:
    fs::path path_;
};

// A trainer that counts its calls and "trains" instantly: loss = (ln lr + 3)² + 0.01·width.
struct CountingTrainer {
    int calls = 0;
    int fail_at = 0;  // when > 0, the call with this number throws (a run killed mid-study)
    hs::Trainer trainer() {
        return [this](const course::records::Config& config) {
            ++calls;
            if (fail_at > 0 && calls == fail_at) throw std::runtime_error("killed");
            double lr = 0, width = 0;
            for (const auto& [k, v] : config) {
                if (k == "lr") lr = std::stod(v);
                if (k == "width") width = std::stod(v);
            }
            const double loss = (std::log(lr) + 3.0) * (std::log(lr) + 3.0) + 0.01 * width;
            return course::records::Metrics{{"step", "val_loss"}, {{1, loss + 1.0}, {2, loss}}};
        };
    }
};

const hs::SearchSpace kSpace{{.name = "lr", .low = 1e-3, .high = 1.0, .log = true},
                             {.name = "width", .low = 4, .high = 64, .log = true, .integer = true}};

}  // namespace

// ---- 17.1 ----------------------------------------------------------------------------------------------------
TEST(Ex1701LogUniform, ReplaysOneUniformDrawPerCall) {
    course::Rng rng(5), replay(5);
    for (int i = 0; i < 20; ++i) {
        const double want = std::exp(replay.uniform(std::log(1e-4), std::log(1.0)));
        const double got = hs::log_uniform(1e-4, 1.0, rng);
        ASSERT_TRUE(near(got, want, 1e-12 * want, "log_uniform(1e-4, 1) draw " + std::to_string(i) +
                                                        " (= exp(rng.uniform(ln 1e-4, ln 1)), one draw per call)"));
    }
}

TEST(Ex1701LogUniform, EveryDecadeGetsAnEqualShare) {
    course::Rng rng(11);
    const int n = 40000;
    std::vector<int> per_decade(4, 0);
    for (int i = 0; i < n; ++i) {
        const double x = hs::log_uniform(1e-4, 1.0, rng);
        ASSERT_TRUE(x >= 1e-4 && x <= 1.0) << "log_uniform(1e-4, 1) returned " << x << ", outside [1e-4, 1]";
        ++per_decade[static_cast<std::size_t>(std::clamp(static_cast<int>(std::floor(std::log10(x) + 4)), 0, 3))];
    }
    for (int d = 0; d < 4; ++d)
        EXPECT_TRUE(near(per_decade[static_cast<std::size_t>(d)] / static_cast<double>(n), 0.25, 0.01,
                         "share of 40000 draws of log_uniform(1e-4, 1) in decade [1e" + std::to_string(d - 4) +
                             ", 1e" + std::to_string(d - 3) + ") (uniform draws would put 90% in the last)"));
}

TEST(Ex1701LogUniform, RejectsRangesWithoutALogarithm) {
    course::Rng rng(1);
    EXPECT_THROW(hs::log_uniform(0.0, 1.0, rng), std::invalid_argument) << "ln 0 is −∞: low must be > 0";
    EXPECT_THROW(hs::log_uniform(-1.0, 1.0, rng), std::invalid_argument) << "low < 0";
    EXPECT_THROW(hs::log_uniform(1.0, 1.0, rng), std::invalid_argument) << "low = high";
    EXPECT_THROW(hs::log_uniform(2.0, 1.0, rng), std::invalid_argument) << "low > high";
    EXPECT_THROW(hs::log_uniform(kNaN, 1.0, rng), std::invalid_argument) << "NaN";
}

// ---- 17.2 ----------------------------------------------------------------------------------------------------
TEST(Ex1702GridPoints, LogAxisIsGeometricFirstAxisSlowest) {
    const hs::SearchSpace space{{.name = "lr", .low = 1e-3, .high = 1e-1, .log = true},
                                {.name = "dropout", .low = 0.0, .high = 0.5}};
    const std::vector<hs::Point> got = hs::grid_points(space, 3);
    const std::vector<hs::Point> want{{1e-3, 0.0}, {1e-3, 0.25}, {1e-3, 0.5}, {1e-2, 0.0}, {1e-2, 0.25},
                                      {1e-2, 0.5}, {1e-1, 0.0}, {1e-1, 0.25}, {1e-1, 0.5}};
    ASSERT_EQ(got.size(), want.size()) << "3 values per axis, 2 axes: 3² points";
    for (std::size_t i = 0; i < want.size(); ++i) {
        ASSERT_EQ(got[i].size(), 2u);
        EXPECT_TRUE(near(got[i][0], want[i][0], 1e-14, "point " + std::to_string(i) + ", lr (log axis: 1e-3, 1e-2, 1e-1, "
                                                            "not 1e-3, 0.0505, 0.1; the first axis varies slowest)"));
        EXPECT_TRUE(near(got[i][1], want[i][1], 1e-14, "point " + std::to_string(i) + ", dropout (linear axis)"));
    }
}

TEST(Ex1702GridPoints, EndsAreExactAndIntegerAxesRounded) {
    const hs::SearchSpace space{{.name = "lr", .low = 3e-4, .high = 0.7, .log = true}};
    const auto points = hs::grid_points(space, 7);
    ASSERT_EQ(points.size(), 7u);
    EXPECT_EQ(points.front()[0], 3e-4) << "the first value is low itself";
    EXPECT_EQ(points.back()[0], 0.7) << "the last value is high itself, not exp(ln high) rounded";
    // exp(ln 1e-5 + 1·(ln 0.3 − ln 1e-5)) is 0.30000000000000004 in doubles, and exp(ln 1e-5) is
    // 9.999999999999997e-06: both ends must be set, not computed.
    const auto narrow = hs::grid_points({{.name = "lr", .low = 1e-5, .high = 0.3, .log = true}}, 3);
    EXPECT_EQ(narrow.front()[0], 1e-5) << "grid of 3 on [1e-5, 0.3], log: the first value is low itself (exp(ln low) "
                                          "comes out as 9.999999999999997e-06)";
    EXPECT_EQ(narrow.back()[0], 0.3) << "grid of 3 on [1e-5, 0.3], log: the last value is high itself (exp(ln high) "
                                        "comes out as 0.30000000000000004: set the ends, do not compute them)";
    const hs::SearchSpace width{{.name = "width", .low = 4, .high = 64, .log = true, .integer = true}};
    const auto five = hs::grid_points(width, 5), four = hs::grid_points(width, 4);
    const std::vector<double> want5{4, 8, 16, 32, 64}, want4{4, 10, 25, 64};  // 4·16^(1/3) = 10.08, 4·16^(2/3) = 25.4
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(five.at(i)[0], want5[i]) << "width grid of 5 on [4, 64], log, value " << i;
    for (std::size_t i = 0; i < 4; ++i)
        EXPECT_EQ(four.at(i)[0], want4[i]) << "width grid of 4 on [4, 64], log and rounded, value " << i;
    const auto linear = hs::grid_points({{.name = "momentum", .low = 0.5, .high = 0.9}}, 5);
    const std::vector<double> want_linear{0.5, 0.6, 0.7, 0.8, 0.9};
    for (std::size_t i = 0; i < 5; ++i)
        EXPECT_TRUE(near(linear.at(i)[0], want_linear[i], 1e-15, "grid of 5 on the linear axis [0.5, 0.9], value " +
                                                                   std::to_string(i) + " (low + t·(high − low))"));
    const hs::SearchSpace three_axes{{.name = "a"}, {.name = "b"}, {.name = "c"}};
    EXPECT_EQ(hs::grid_points(three_axes, 2).size(), 8u) << "2 values on each of 3 axes: 2³ points";
}

TEST(Ex1702GridPoints, RejectsDegenerateGrids) {
    EXPECT_THROW(hs::grid_points(kSpace, 1), std::invalid_argument) << "one value per axis is no grid";
    EXPECT_THROW(hs::grid_points({}, 3), std::invalid_argument) << "no axes";
    EXPECT_THROW(hs::grid_points({{.name = "lr", .low = 0.0, .high = 1.0, .log = true}}, 3), std::invalid_argument)
        << "a log axis from 0";
}

// ---- 17.3 ----------------------------------------------------------------------------------------------------
TEST(Ex1703RandomPoints, DrawsEveryAxisInOrderFromTheRng) {
    const hs::SearchSpace space{{.name = "lr", .low = 1e-4, .high = 1.0, .log = true},
                                {.name = "width", .low = 4, .high = 64, .log = true, .integer = true},
                                {.name = "dropout", .low = 0.0, .high = 0.5}};
    course::Rng rng(3), replay(3);
    const auto points = hs::random_points(space, 6, rng);
    ASSERT_EQ(points.size(), 6u);
    for (std::size_t i = 0; i < 6; ++i) {
        const double lr = std::exp(replay.uniform(std::log(1e-4), std::log(1.0)));
        const double width = std::round(std::exp(replay.uniform(std::log(4.0), std::log(64.0))));
        const double dropout = replay.uniform(0.0, 0.5);
        ASSERT_EQ(points[i].size(), 3u);
        EXPECT_TRUE(near(points[i][0], lr, 1e-12 * lr, "point " + std::to_string(i) + ", lr (log axis: log_uniform)"));
        EXPECT_EQ(points[i][1], width) << "point " << i << ", width: log_uniform(4, 64) rounded";
        EXPECT_TRUE(near(points[i][2], dropout, 1e-15, "point " + std::to_string(i) + ", dropout (linear: rng.uniform)"));
    }
    EXPECT_TRUE(hs::random_points(space, 0, rng).empty()) << "n = 0 gives no points";
}

// ---- 17.4 ----------------------------------------------------------------------------------------------------
TEST(Ex1704DistinctPerAxis, GridRepeatsValuesRandomDoesNot) {
    const std::vector<hs::Point> grid{{1, 10}, {1, 20}, {1, 30}, {2, 10}, {2, 20}, {2, 30}, {3, 10}, {3, 20}, {3, 30}};
    EXPECT_EQ(hs::distinct_per_axis(grid), (std::vector<std::size_t>{3, 3})) << "a 3 × 3 grid: " << show(hs::distinct_per_axis(grid));
    const std::vector<hs::Point> random{{0.1, 5}, {0.2, 6}, {0.3, 7}, {0.4, 8}};
    EXPECT_EQ(hs::distinct_per_axis(random), (std::vector<std::size_t>{4, 4})) << "4 different points";
    const std::vector<hs::Point> back_and_forth{{1, 5}, {2, 5}, {1, 5}};
    EXPECT_EQ(hs::distinct_per_axis(back_and_forth), (std::vector<std::size_t>{2, 1}))
        << "{1, 2, 1} has 2 distinct values, not 3 changes; {5, 5, 5} has 1";
    EXPECT_TRUE(hs::distinct_per_axis({}).empty());
    EXPECT_THROW(hs::distinct_per_axis({{1, 2}, {3}}), std::invalid_argument) << "points of different lengths";
    EXPECT_THROW(hs::distinct_per_axis({{1}, {2, 3}}), std::invalid_argument)
        << "a LONGER point after the first is as wrong as a shorter one (checking p.size() < dims only ignores its "
           "extra axes): the lengths must be equal";
}

// ---- 17.5 ----------------------------------------------------------------------------------------------------
TEST(Ex1705BestAtEdge, WarnsOnTheSideWhereTheBestSits) {
    const std::vector<hs::Point> points{{1, 10}, {2, 20}, {3, 30}, {3, 20}, {2, 10}};
    auto w = hs::best_at_edge(points, {0.9, 0.5, 0.7, 0.1, 0.4});  // best (3, 20): η at its largest
    ASSERT_EQ(w.size(), 1u) << "best (3, 20): 3 is the largest η tried, 20 is inside [10, 30]";
    EXPECT_EQ(w[0].axis, 0u);
    EXPECT_FALSE(w[0].at_low) << "3 is the LARGEST value tried on axis 0";
    EXPECT_EQ(w[0].value, 3.0);
    w = hs::best_at_edge(points, {0.9, 0.5, 0.7, 0.6, 0.1});  // best (2, 10): width at its smallest
    ASSERT_EQ(w.size(), 1u) << "best (2, 10)";
    EXPECT_EQ(w[0].axis, 1u);
    EXPECT_TRUE(w[0].at_low) << "10 is the smallest width tried";
    w = hs::best_at_edge(points, {0.1, 0.5, 0.7, 0.6, 0.4});  // best (1, 10): both at their smallest
    ASSERT_EQ(w.size(), 2u) << "best (1, 10) is at the low edge of both axes";
    EXPECT_TRUE(w[0].axis == 0 && w[0].at_low && w[1].axis == 1 && w[1].at_low) << "in axis order, both low";
    EXPECT_TRUE(hs::best_at_edge(points, {0.9, 0.1, 0.7, 0.6, 0.4}).empty()) << "best (2, 20) is inside on both axes";
}

TEST(Ex1705BestAtEdge, TiesNaNAndSingleValuedAxes) {
    const std::vector<hs::Point> points{{2, 7}, {3, 7}, {1, 7}};
    EXPECT_TRUE(hs::best_at_edge(points, {0.5, 0.5, 0.9}).empty())
        << "losses tie: the FIRST best (2, 7) counts, and it is inside; an axis with one value (7) never warns";
    EXPECT_TRUE(hs::best_at_edge(points, {0.5, kNaN, kNaN}).empty()) << "NaN is never the best";
    const auto w = hs::best_at_edge(points, {kNaN, 0.4, 0.5});
    ASSERT_EQ(w.size(), 1u) << "best (3, 7) after skipping the NaN";
    EXPECT_FALSE(w[0].at_low);
    EXPECT_THROW(hs::best_at_edge({}, {}), std::invalid_argument);
    EXPECT_THROW(hs::best_at_edge(points, {0.1, 0.2}), std::invalid_argument) << "one loss per point";
    EXPECT_THROW(hs::best_at_edge(points, {kNaN, kNaN, kNaN}), std::invalid_argument) << "no best at all";
}

// ---- 17.6 ----------------------------------------------------------------------------------------------------
namespace {
::testing::AssertionResult brackets_equal(const std::vector<hs::Bracket>& got,
                                          const std::vector<std::vector<std::pair<std::size_t, double>>>& want,
                                          const std::string& what) {
    std::ostringstream table;
    for (const auto& b : got) {
        table << "\n  s = " << b.s << ":";
        for (const auto& r : b.rungs) table << " (" << r.configs << ", " << r.resource << ")";
    }
    if (got.size() != want.size())
        return ::testing::AssertionFailure() << what << ": " << want.size() << " brackets expected, got " << got.size()
                                             << table.str();
    for (std::size_t k = 0; k < want.size(); ++k) {
        bool same = got[k].s == want.size() - 1 - k && got[k].rungs.size() == want[k].size();
        for (std::size_t i = 0; same && i < want[k].size(); ++i)
            same = got[k].rungs[i].configs == want[k][i].first &&
                   std::abs(got[k].rungs[i].resource - want[k][i].second) <= 1e-12 * want[k][i].second;
        if (!same)
            return ::testing::AssertionFailure() << what << ": bracket " << k << " (s = " << want.size() - 1 - k
                                                 << ") differs; got" << table.str();
    }
    return ::testing::AssertionSuccess();
}
}  // namespace

TEST(Ex1706HyperbandBrackets, ThePapersTableForR81Eta3) {
    // Li et al. (2018), table 1: (nᵢ, rᵢ) per rung, brackets s = 4 … 0.
    EXPECT_TRUE(brackets_equal(hs::hyperband_brackets(81, 3),
                               {{{81, 1}, {27, 3}, {9, 9}, {3, 27}, {1, 81}},
                                {{34, 3}, {11, 9}, {3, 27}, {1, 81}},
                                {{15, 9}, {5, 27}, {1, 81}},
                                {{8, 27}, {2, 81}},
                                {{5, 81}}},
                               "hyperband_brackets(R = 81, η = 3)"));
}

TEST(Ex1706HyperbandBrackets, IntegerLogarithmAndFractionalResources) {
    // ln 243 / ln 3 = 4.999999999999999 in doubles: a floor of it loses the s = 5 bracket.
    const auto b243 = hs::hyperband_brackets(243, 3);
    ASSERT_EQ(b243.size(), 6u) << "R = 243 = 3⁵, η = 3: s_max = 5, six brackets";
    EXPECT_EQ(b243.front().rungs.front().configs, 243u) << "s = 5: n = ⌈6·243/6⌉";
    EXPECT_EQ(hs::hyperband_brackets(1000, 10).size(), 4u) << "R = 1000, η = 10: s_max = 3 (ln 1000/ln 10 = 2.9999999999999996)";
    EXPECT_EQ(hs::hyperband_brackets(80, 3).size(), 4u) << "R = 80 < 81: s_max = 3";
    EXPECT_TRUE(brackets_equal(hs::hyperband_brackets(10, 3),
                               {{{9, 10.0 / 9}, {3, 10.0 / 3}, {1, 10}}, {{5, 10.0 / 3}, {1, 10}}, {{3, 10}}},
                               "hyperband_brackets(R = 10, η = 3): r = R·η⁻ˢ is not a whole number"));
    EXPECT_TRUE(brackets_equal(hs::hyperband_brackets(1, 3), {{{1, 1}}}, "hyperband_brackets(R = 1, η = 3)"));
    EXPECT_THROW(hs::hyperband_brackets(0, 3), std::invalid_argument) << "R = 0";
    EXPECT_THROW(hs::hyperband_brackets(81, 1), std::invalid_argument) << "η = 1 never halves";
}

// ---- 17.7 ----------------------------------------------------------------------------------------------------
TEST(Ex1707SuccessiveHalving, KeepsTheLowestLossesAndRaisesTheBudget) {
    // loss(c, r) = base[c] + 1/r: the ranking is base's at every rung, so the test knows the survivors.
    const std::vector<double> base{0.7, 0.2, 0.9, 0.4, 0.1, 0.8, 0.3, 0.6, 0.5};
    std::vector<std::pair<std::size_t, double>> calls;
    const hs::Evaluate evaluate = [&](std::size_t c, double r) {
        calls.emplace_back(c, r);
        return base.at(c) + 1.0 / r;
    };
    const hs::Halving h = hs::successive_halving({{9, 1}, {3, 3}, {1, 9}}, evaluate);
    ASSERT_EQ(h.configs.size(), 3u) << "three rungs";
    EXPECT_EQ(h.configs[0], (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8}));
    EXPECT_EQ(h.configs[1], (std::vector<std::size_t>{1, 4, 6}))
        << "the 3 LOWEST losses of rung 0 are configs 4, 1, 6 (kept in order of number); got " << show(h.configs[1]);
    EXPECT_EQ(h.configs[2], (std::vector<std::size_t>{4})) << "got " << show(h.configs[2]);
    EXPECT_EQ(h.best, 4u);
    EXPECT_TRUE(near(h.best_loss, 0.1 + 1.0 / 9, 1e-15, "best_loss: config 4 at resource 9"));
    course::teach::draw_index_sets_on_failure(
        course::teach::test_failed(), "halving_rungs",
        {.title = "successive_halving(9 configs, keep ⅓ per rung): the configs in each rung, yours and the reference's",
         .n = 9,
         .yours = h.configs,
         .reference = {{0, 1, 2, 3, 4, 5, 6, 7, 8}, {1, 4, 6}, {4}},
         .set_labels = {"rung 0 (r = 1)", "rung 1 (r = 3)", "rung 2 (r = 9)"},
         .index_label = "configuration (its loss is base[c] + 1/r; lowest base: 4, 1, 6, 3, 8)"});
    ASSERT_EQ(calls.size(), 13u) << "9 + 3 + 1 evaluations";
    for (std::size_t k = 0; k < calls.size(); ++k)
        EXPECT_EQ(calls[k].second, k < 9 ? 1.0 : k < 12 ? 3.0 : 9.0) << "evaluation " << k << " used the wrong resource";
    ASSERT_EQ(h.losses.size(), 3u);
    EXPECT_TRUE(near(h.losses[1][2], 0.3 + 1.0 / 3, 1e-15, "losses[1][2]: config 6 at resource 3"));
}

TEST(Ex1707SuccessiveHalving, TiesNaNAndTheLastRungDecides) {
    const std::vector<double> tied{0.5, 0.2, 0.5, 0.5};
    const hs::Halving h = hs::successive_halving({{4, 1}, {2, 2}}, [&](std::size_t c, double) { return tied[c]; });
    EXPECT_EQ(h.configs[1], (std::vector<std::size_t>{0, 1})) << "0.2 first, then the lowest-numbered of three 0.5s";
    const std::vector<double> with_nan{kNaN, 0.9, 0.8};
    const hs::Halving n = hs::successive_halving({{3, 1}, {2, 3}}, [&](std::size_t c, double) { return with_nan[c]; });
    EXPECT_EQ(n.configs[1], (std::vector<std::size_t>{1, 2})) << "NaN ranks after every number; got " << show(n.configs[1]);
    // Config 0 is best at r = 1 but worst at r = 3: the winner is the last rung's best.
    const hs::Halving flip = hs::successive_halving(
        {{3, 1}, {2, 3}}, [](std::size_t c, double r) { return r < 2 ? (c == 0 ? 0.1 : 0.5 + 0.1 * c) : (c == 0 ? 0.9 : 0.2); });
    EXPECT_EQ(flip.configs[1], (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(flip.best, 1u) << "at the last rung config 1 (0.2) beats config 0 (0.9)";
    EXPECT_TRUE(near(flip.best_loss, 0.2, 0.0, "best_loss is the last rung's"));
    const hs::Halving keep_all = hs::successive_halving({{2, 1}, {2, 3}}, [](std::size_t c, double r) { return r - c; });
    EXPECT_EQ(keep_all.configs[1], (std::vector<std::size_t>{0, 1})) << "a rung may keep as many as the one before";
    EXPECT_EQ(keep_all.best, 1u) << "losses 3 and 2 at the last rung";
    // A large rung of equal losses: std::sort is free to reorder equal elements (and does, beyond 16 of
    // them); the contract breaks ties by configuration number.
    const hs::Halving flat = hs::successive_halving({{40, 1}, {13, 3}}, [](std::size_t c, double) { return c % 4 == 3 ? 0.7 : 0.5; });
    std::vector<std::size_t> want_flat;
    for (std::size_t c = 0; want_flat.size() < 13; ++c)
        if (c % 4 != 3) want_flat.push_back(c);
    EXPECT_EQ(flat.configs[1], want_flat)
        << "40 configurations, 30 of them tied at 0.5: the 13 kept are the lowest-numbered of the tied ones (rank "
           "with std::stable_sort, not std::sort, which may reorder equal losses); got " << show(flat.configs[1]);
    EXPECT_THROW(hs::successive_halving({}, [](std::size_t, double) { return 0.0; }), std::invalid_argument);
    EXPECT_THROW(hs::successive_halving({{3, 1}, {0, 3}}, [](std::size_t, double) { return 0.0; }), std::invalid_argument)
        << "a rung of 0 configurations";
    EXPECT_THROW(hs::successive_halving({{3, 1}, {4, 3}}, [](std::size_t, double) { return 0.0; }), std::invalid_argument)
        << "a rung with more configurations than the one before";
}

// ---- 17.8 ----------------------------------------------------------------------------------------------------
TEST(Ex1708UnitCube, LogAxesMapThroughTheLogarithm) {
    const hs::Point u = hs::to_unit(kSpace, {std::sqrt(1e-3), 16.0});  // geometric midpoints
    ASSERT_EQ(u.size(), 2u);
    EXPECT_TRUE(near(u[0], 0.5, 1e-12, "to_unit of η = √(1e-3·1), the geometric mean of [1e-3, 1]"));
    EXPECT_TRUE(near(u[1], 0.5, 1e-12, "to_unit of width 16 = √(4·64)"));
    EXPECT_TRUE(near(hs::to_unit(kSpace, {1e-3, 64})[0], 0.0, 1e-15, "to_unit(low)"));
    EXPECT_TRUE(near(hs::to_unit(kSpace, {1e-3, 64})[1], 1.0, 1e-15, "to_unit(high)"));
    const hs::SearchSpace linear{{.name = "dropout", .low = 0.1, .high = 0.5}};
    EXPECT_TRUE(near(hs::to_unit(linear, {0.2})[0], 0.25, 1e-15, "to_unit(0.2) on the linear axis [0.1, 0.5]"));
}

TEST(Ex1708UnitCube, FromUnitInvertsClampsAndRounds) {
    const hs::Point p = hs::from_unit(kSpace, {0.5, 0.6});
    ASSERT_EQ(p.size(), 2u);
    EXPECT_TRUE(near(p[0], std::sqrt(1e-3), 1e-15, "from_unit(0.5) on η ∈ [1e-3, 1], log"));
    EXPECT_EQ(p[1], 21.0) << "from_unit(0.6) on width ∈ [4, 64], log: 4·16^0.6 = 21.1, rounded to 21";
    const hs::Point low = hs::from_unit(kSpace, {-0.5, 1.7});
    EXPECT_TRUE(near(low[0], 1e-3, 1e-15, "from_unit(−0.5) on η ∈ [1e-3, 1]: u < 0 is clamped to the low end"));
    EXPECT_EQ(low[1], 64.0) << "from_unit(1.7) on width ∈ [4, 64]: u > 1 is clamped to the high end";
    const hs::SearchSpace linear{{.name = "dropout", .low = 0.1, .high = 0.5}};
    EXPECT_TRUE(near(hs::from_unit(linear, hs::to_unit(linear, {0.37}))[0], 0.37, 1e-15, "round trip on a linear axis"));
    // exp(ln 1e-5 + 1·(ln 0.3 − ln 1e-5)) is 0.30000000000000004 and exp(ln 1e-5) is 9.999999999999997e-06 in
    // doubles: the map alone leaves the range by an ulp at both ends, which the clamp of the value repairs.
    const hs::SearchSpace narrow{{.name = "lr", .low = 1e-5, .high = 0.3, .log = true}};
    const double top = hs::from_unit(narrow, {1.0})[0], bottom = hs::from_unit(narrow, {0.0})[0];
    EXPECT_TRUE(top <= 0.3 && near(top, 0.3, 1e-15, "from_unit(1) on [1e-5, 0.3], log"))
        << "from_unit(1) on [1e-5, 0.3], log, returned " << std::setprecision(17) << top
        << ": exp(ln high) rounds to 0.30000000000000004, above high; clamp the VALUE to [low, high] after "
           "mapping back, not only t";
    EXPECT_TRUE(bottom >= 1e-5 && near(bottom, 1e-5, 1e-20, "from_unit(0) on [1e-5, 0.3], log"))
        << "from_unit(0) on [1e-5, 0.3], log, returned " << std::setprecision(17) << bottom
        << ": exp(ln low) rounds to 9.999999999999997e-06, below low; clamp the value";
    EXPECT_THROW(hs::to_unit(kSpace, {0.1}), std::invalid_argument) << "one value for two axes";
    EXPECT_THROW(hs::from_unit(kSpace, {0.1, 0.2, 0.3}), std::invalid_argument) << "three values for two axes";
}

// ---- 17.9 ----------------------------------------------------------------------------------------------------
TEST(Ex1709RunTrial, TrainsOnceThenReadsTheRecordBack) {
    Folder folder;
    CountingTrainer counter;
    const course::records::Config config{{"lr", "0.05"}, {"width", "16"}, {"steps", "100"}};
    const hs::Trial first = hs::run_trial(folder.str(), "007-point", config, counter.trainer());
    EXPECT_TRUE(first.trained);
    EXPECT_EQ(counter.calls, 1);
    EXPECT_TRUE(course::records::is_recorded(folder.str() + "/007-point")) << "a trained trial is written to study_dir/name";
    EXPECT_EQ(course::records::read_config(folder.str() + "/007-point"), config) << "its config.json holds the config";
    const hs::Trial again = hs::run_trial(folder.str(), "007-point", config, counter.trainer());
    EXPECT_FALSE(again.trained) << "the record answers the same config: no training";
    EXPECT_EQ(counter.calls, 1) << "train must not run for a recorded trial";
    EXPECT_EQ(again.metrics.rows, first.metrics.rows) << "the metrics read back are the ones trained, to the last bit";
    EXPECT_EQ(again.metrics.columns, first.metrics.columns);
}

TEST(Ex1709RunTrial, HalfWrittenIsRedoneAnotherConfigIsRefused) {
    Folder folder;
    CountingTrainer counter;
    const course::records::Config config{{"lr", "0.05"}, {"width", "16"}};
    fs::create_directories(folder.str() + "/000-point");
    std::ofstream(folder.str() + "/000-point/metrics.csv") << "step,val_loss\n1,0.5\n";  // killed before config.json
    EXPECT_TRUE(hs::run_trial(folder.str(), "000-point", config, counter.trainer()).trained)
        << "a folder without config.json is no record: train";
    EXPECT_EQ(counter.calls, 1);
    course::records::Config other = config;
    other[0].second = "0.5";
    try {
        hs::run_trial(folder.str(), "000-point", other, counter.trainer());
        ADD_FAILURE() << "a record of lr 0.05 must not answer a trial of lr 0.5: expected course::DataError";
    } catch (const course::DataError& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("000-point"), std::string::npos) << "the error names the folder: " << message;
        EXPECT_NE(message.find("lr"), std::string::npos) << "the error names the key that differs: " << message;
    }
    EXPECT_EQ(counter.calls, 1) << "and nothing was trained over the record";
    course::records::Config longer = config;
    longer.emplace_back("repeat", "2");
    try {
        hs::run_trial(folder.str(), "000-point", longer, counter.trainer());
        ADD_FAILURE() << "a record without the key \"repeat\" must not answer a trial with it: expected course::DataError";
    } catch (const course::DataError& error) {
        EXPECT_NE(std::string(error.what()).find("\"repeat\""), std::string::npos)
            << "the config has one key more than the record; the error should name it: " << error.what();
    }
    // The other way round: the record holds a key the config lacks. The first difference is then past the
    // end of the config, so the key must come from the record (reading config's end() is undefined).
    course::records::write_run(folder.str() + "/001-point", longer, {{"step", "val_loss"}, {{1, 0.5}}});
    try {
        hs::run_trial(folder.str(), "001-point", config, counter.trainer());
        ADD_FAILURE() << "a record with the extra key \"repeat\" must not answer a config without it: expected "
                         "course::DataError";
    } catch (const course::DataError& error) {
        EXPECT_NE(std::string(error.what()).find("\"repeat\""), std::string::npos)
            << "the record has one key more than the config; the error should name it (take the key from the "
               "record when the config has run out): " << error.what();
    }
    EXPECT_EQ(counter.calls, 1) << "a refused record trains nothing";
}

TEST(Ex1709RunTrial, AStudyRestartedHalfWayTrainsOnlyTheRest) {
    // This test also runs the given Study and run_points, and your 17.9 inside them.
    Folder folder;
    const std::vector<hs::Point> points{{1e-3, 4}, {1e-2, 8}, {0.1, 16}, {0.5, 32}, {3e-3, 4}, {0.03, 64}, {0.2, 8}, {1.0, 16}};
    CountingTrainer counter;
    {
        hs::Study half(folder.str(), "random", kSpace, {{"seed", "42"}}, counter.trainer());
        hs::run_points(half, {points.begin(), points.begin() + 4}, 100);
        EXPECT_EQ(half.trainings(), 4u);
    }
    hs::Study full(folder.str(), "random", kSpace, {{"seed", "42"}}, counter.trainer());
    const std::vector<double> losses = hs::run_points(full, points, 100);
    EXPECT_EQ(full.trainings(), 4u) << "the first 4 trials were recorded: only the other 4 train";
    EXPECT_EQ(counter.calls, 8) << "8 trainings in all over the two runs";
    EXPECT_EQ(course::records::list_runs(full.dir()).size(), 8u);
    // A run killed at its 3rd training, then restarted: 2 recorded, 6 to go.
    CountingTrainer killed{.fail_at = 3};
    {
        hs::Study crashing(folder.str(), "killed", kSpace, {}, killed.trainer());
        EXPECT_THROW(hs::run_points(crashing, points, 100), std::runtime_error);
    }
    EXPECT_EQ(course::records::list_runs(folder.str() + "/killed").size(), 2u) << "the killed trial left no record";
    CountingTrainer restart;
    hs::Study resumed(folder.str(), "killed", kSpace, {}, restart.trainer());
    EXPECT_EQ(hs::run_points(resumed, points, 100), losses) << "the resumed study's losses are the uninterrupted ones";
    EXPECT_EQ(restart.calls, 6) << "2 trials were recorded before the kill: 6 train on restart";
}

TEST(Ex1709RunTrial, HyperbandResumesFromItsRecords) {
    // This test also runs your 17.1, 17.3, 17.6 and 17.7 (through the given run_hyperband).
    Folder folder;
    CountingTrainer first, second;
    course::Rng rng_a(4), rng_b(4);
    hs::Study a(folder.str(), "hyperband", kSpace, {}, first.trainer());
    const hs::HyperbandRun run_a = hs::run_hyperband(a, 9, 3, 10, rng_a);
    EXPECT_EQ(first.calls, 9 + 3 + 1 + 5 + 1 + 3) << "R = 9, η = 3: brackets (9, 3, 1), (5, 1), (3)";
    hs::Study b(folder.str(), "hyperband", kSpace, {}, second.trainer());
    const hs::HyperbandRun run_b = hs::run_hyperband(b, 9, 3, 10, rng_b);
    EXPECT_EQ(second.calls, 0) << "every trial of the second run is read back";
    EXPECT_EQ(run_b.best, run_a.best);
    EXPECT_EQ(run_b.best_loss, run_a.best_loss);
}

// ---- 17.10 ---------------------------------------------------------------------------------------------------
// kfold_split and cross_validate return their results (no output buffers to poison); state carried over
// from one call to the next is caught by calling them again with other arguments.
namespace {
// The folds scikit-learn's KFold(n_splits=k) gives: the first n mod k folds one example larger.
std::vector<std::vector<std::size_t>> want_validation(std::size_t n, std::size_t k) {
    std::vector<std::vector<std::size_t>> folds;
    std::size_t start = 0;
    for (std::size_t f = 0; f < k; ++f) {
        const std::size_t size = n / k + (f < n % k ? 1 : 0);
        std::vector<std::size_t> fold;
        for (std::size_t i = start; i < start + size; ++i) fold.push_back(i);
        folds.push_back(fold);
        start += size;
    }
    return folds;
}

std::string sizes_of(const std::vector<hs::Fold>& folds) {
    std::vector<std::size_t> sizes;
    for (const hs::Fold& f : folds) sizes.push_back(f.validation.size());
    return show(sizes);
}

// Checks kfold_split(n, k) fold by fold against KFold's folds, naming the likely bug on a miss.
::testing::AssertionResult folds_match(std::size_t n, std::size_t k) {
    const std::string call = "kfold_split(" + std::to_string(n) + ", " + std::to_string(k) + ")";
    const std::vector<hs::Fold> got = hs::kfold_split(n, k);
    const auto want = want_validation(n, k);
    std::vector<std::size_t> want_sizes;
    for (const auto& w : want) want_sizes.push_back(w.size());
    if (got.size() != k)
        return ::testing::AssertionFailure() << call << ": expected " << k << " folds, got " << got.size();
    for (std::size_t f = 0; f < k; ++f) {
        if (got[f].validation != want[f]) {
            std::string hint = "every example validates in exactly one fold, a contiguous block, in order";
            std::size_t total = 0;
            // The sizes two classic slips give: f <= n % k instead of f < n % k, and ⌈n/k⌉ for every fold
            // (both cut at n).
            std::vector<std::size_t> got_sizes, one_more, ceiling;
            for (const hs::Fold& g : got) total += g.validation.size();
            for (std::size_t g = 0, start = 0, start_ceil = 0; g < k; ++g) {
                got_sizes.push_back(got[g].validation.size());
                one_more.push_back(std::min(n / k + (g <= n % k ? 1 : 0), n - std::min(n, start)));
                ceiling.push_back(std::min((n + k - 1) / k, n - std::min(n, start_ceil)));
                start += one_more.back();
                start_ceil += ceiling.back();
            }
            if (got_sizes == one_more && got_sizes == ceiling)
                hint = "the first folds are one too large: f <= n % k where f < n % k is meant, or ⌈n/k⌉ for every fold";
            else if (got_sizes == one_more)
                hint = "the first n mod k + 1 folds got the extra example: f <= n % k where f < n % k is meant";
            else if (got_sizes == ceiling)
                hint = "every fold got ⌈n/k⌉ examples, leaving the last one short: only the first n mod k folds get one more";
            else if (total < n) hint = "the folds hold " + std::to_string(total) + " of " + std::to_string(n) +
                                       " examples: the n mod k left-over ones were dropped (every fold ⌊n/k⌋)";
            else if (total > n) hint = "the folds hold " + std::to_string(total) + " examples, more than n = " +
                                       std::to_string(n) + ": do the blocks overlap?";
            else if (n % k != 0 && got.back().validation.size() > got.front().validation.size())
                hint = "the left-over examples went to the LAST folds: KFold gives one each to the FIRST n mod k folds";
            std::vector<std::vector<std::size_t>> yours;
            std::vector<std::string> labels;
            for (std::size_t g = 0; g < k; ++g) {
                yours.push_back(got[g].validation);
                labels.push_back("fold " + std::to_string(g + 1));
            }
            course::teach::draw_index_sets_on_failure(
                true, "kfold_validation_sets",
                {.title = call + ": the examples each fold validates on, yours and KFold's",
                 .n = n,
                 .yours = yours,
                 .reference = want,
                 .set_labels = labels,
                 .index_label = "example"});
            return ::testing::AssertionFailure()
                   << call << ": fold " << f << " validates on " << show(got[f].validation) << ", expected "
                   << show(want[f]) << "\n  fold sizes " << sizes_of(got) << ", expected " << show(want_sizes)
                   << "\n  likely bug: " << hint;
        }
        std::vector<std::size_t> train;
        for (std::size_t i = 0; i < n; ++i)
            if (i < want[f].front() || i > want[f].back()) train.push_back(i);
        if (got[f].train != train)
            return ::testing::AssertionFailure()
                   << call << ": fold " << f << " trains on " << show(got[f].train) << ", expected " << show(train)
                   << "\n  likely bug: the training set is every example NOT in the fold's validation block, in "
                      "increasing order (training on the validation examples too makes the score a training score)";
    }
    return ::testing::AssertionSuccess();
}
}  // namespace

TEST(Ex1710KFoldSplit, TheFirstNModKFoldsGetOneMore) {
    EXPECT_TRUE(folds_match(10, 5)) << "10 examples, 5 folds of 2: n mod k = 0, no fold is larger";
    EXPECT_TRUE(folds_match(10, 3)) << "10 = 4 + 3 + 3: KFold's fold sizes";
    EXPECT_TRUE(folds_match(7, 3)) << "7 = 3 + 2 + 2";
    EXPECT_TRUE(folds_match(11, 4)) << "11 = 3 + 3 + 3 + 2";
    EXPECT_TRUE(folds_match(13, 5)) << "13 = 3 + 3 + 3 + 2 + 2";
    EXPECT_TRUE(folds_match(10, 4)) << "10 = 3 + 3 + 2 + 2 (a ceiling size ⌈n/k⌉ for all would give 3, 3, 3, 1)";
}

TEST(Ex1710KFoldSplit, EveryExampleValidatesOnceAndNeverTrainsOnItsFold) {
    for (std::size_t n = 2; n <= 30; ++n)
        for (std::size_t k = 2; k <= n; ++k) {
            const std::vector<hs::Fold> folds = hs::kfold_split(n, k);
            ASSERT_EQ(folds.size(), k) << "kfold_split(" << n << ", " << k << ")";
            std::vector<int> validated(n, 0);
            for (std::size_t f = 0; f < k; ++f) {
                const hs::Fold& fold = folds[f];
                ASSERT_EQ(fold.validation.size() + fold.train.size(), n)
                    << "kfold_split(" << n << ", " << k << "), fold " << f << ": validation " << show(fold.validation)
                    << " and train " << show(fold.train) << " together should hold each of the " << n
                    << " examples once";
                for (const std::size_t i : fold.validation) {
                    ASSERT_LT(i, n) << "kfold_split(" << n << ", " << k << "): index out of range in fold " << f;
                    ++validated[i];
                }
                for (const std::size_t i : fold.train)
                    ASSERT_TRUE(std::find(fold.validation.begin(), fold.validation.end(), i) == fold.validation.end())
                        << "kfold_split(" << n << ", " << k << "), fold " << f << ": example " << i
                        << " is both in the training set and in the validation set";
            }
            for (std::size_t i = 0; i < n; ++i)
                ASSERT_EQ(validated[i], 1) << "kfold_split(" << n << ", " << k << "): example " << i << " validates in "
                                           << validated[i] << " folds, expected exactly 1 (fold sizes "
                                           << sizes_of(folds) << ")";
        }
}

TEST(Ex1710KFoldSplit, LeaveOneOutAndImpossibleK) {
    const std::vector<hs::Fold> loo = hs::kfold_split(4, 4);
    ASSERT_EQ(loo.size(), 4u) << "k = n is leave-one-out, allowed (reject k > n, not k >= n)";
    for (std::size_t f = 0; f < 4; ++f) {
        EXPECT_EQ(loo[f].validation, (std::vector<std::size_t>{f})) << "leave-one-out fold " << f;
        EXPECT_EQ(loo[f].train.size(), 3u) << "leave-one-out fold " << f << " trains on the other 3";
    }
    EXPECT_TRUE(folds_match(2, 2)) << "the smallest split there is";
    EXPECT_THROW(hs::kfold_split(4, 5), std::invalid_argument) << "k = 5 > n = 4: a fold would be empty";
    EXPECT_THROW(hs::kfold_split(10, 1), std::invalid_argument) << "k = 1: the only fold has nothing to train on";
    EXPECT_THROW(hs::kfold_split(10, 0), std::invalid_argument) << "k = 0 folds";
    EXPECT_THROW(hs::kfold_split(0, 2), std::invalid_argument) << "no examples";
    EXPECT_TRUE(folds_match(9, 4)) << "a second call with other arguments: nothing kept from the calls before";
}

namespace {
// Hand-written folds of unequal sizes (not from your kfold_split), so that swapping train and validation
// shows: the score is the mean of the validation indices plus a hundredth of the training set's size.
const std::vector<hs::Fold> kFolds{{{0, 1, 2}, {3, 4, 5, 6, 7}}, {{3, 4}, {0, 1, 2, 5, 6, 7}}, {{5, 6, 7}, {0, 1, 2, 3, 4}}};

double probe(const std::vector<std::size_t>& train, const std::vector<std::size_t>& validation) {
    double sum = 0.0;
    for (const std::size_t i : validation) sum += static_cast<double>(i);
    return sum / static_cast<double>(validation.size()) + 0.01 * static_cast<double>(train.size());
}
}  // namespace

TEST(Ex1710CrossValidate, MeanAndSampleStandardDeviation) {
    // Scores 1, 2, 3, 4: mean 2.5, Σ(s − mean)² = 5, sample std √(5/3) = 1.29099…, with divisor k √(5/4) = 1.118.
    const std::vector<double> given{1, 2, 3, 4};
    std::vector<hs::Fold> four(4, hs::Fold{{0}, {1}});
    std::size_t call = 0;
    const hs::CrossValidation cv = hs::cross_validate(four, [&](const auto&, const auto&) { return given.at(call++); });
    ASSERT_EQ(cv.scores.size(), 4u) << "one score per fold";
    EXPECT_EQ(cv.scores, given) << "scores[f] is fold f's score, in fold order";
    EXPECT_TRUE(near(cv.mean, 2.5, 1e-15, "mean of the fold scores 1, 2, 3, 4"));
    EXPECT_TRUE(near(cv.stddev, std::sqrt(5.0 / 3.0), 1e-12,
                     "standard deviation of the fold scores 1, 2, 3, 4 (the SAMPLE one: divisor k − 1 = 3; dividing by "
                     "k = 4, numpy's default and scikit-learn's std_test_score, gives 1.118)"));
    const hs::CrossValidation two = hs::cross_validate({{{0}, {1}}, {{1}, {0}}}, [](const auto&, const auto& v) {
        return v.front() == 0 ? 0.30 : 0.34;
    });
    EXPECT_TRUE(near(two.stddev, 0.04 / std::sqrt(2.0), 1e-12,
                     "sample std of the two scores 0.30, 0.34 (|a − b|/√2; divisor k gives |a − b|/2 = 0.02)"));
    EXPECT_TRUE(near(two.mean, 0.32, 1e-15, "mean of 0.30 and 0.34 (a second call: nothing kept from the first)"));
}

TEST(Ex1710CrossValidate, ScoresEachFoldOnItsOwnSets) {
    std::vector<std::pair<std::vector<std::size_t>, std::vector<std::size_t>>> calls;
    const hs::CrossValidation cv = hs::cross_validate(kFolds, [&](const auto& train, const auto& validation) {
        calls.emplace_back(train, validation);
        return probe(train, validation);
    });
    ASSERT_EQ(calls.size(), 3u) << "score is called once per fold, no more (3 folds)";
    for (std::size_t f = 0; f < 3; ++f) {
        EXPECT_EQ(calls[f].first, kFolds[f].train)
            << "call " << f << ": the FIRST argument is fold " << f << "'s training set " << show(kFolds[f].train)
            << ", got " << show(calls[f].first) << (calls[f].first == kFolds[f].validation ? " (its validation set: "
                                                                                           "train and validation swapped)" : "");
        EXPECT_EQ(calls[f].second, kFolds[f].validation)
            << "call " << f << ": the SECOND argument is fold " << f << "'s validation set "
            << show(kFolds[f].validation) << ", got " << show(calls[f].second);
    }
    const std::vector<double> want{1.0 + 0.05, 3.5 + 0.06, 6.0 + 0.05};
    ASSERT_EQ(cv.scores.size(), 3u) << "one score per fold";
    for (std::size_t f = 0; f < 3; ++f)
        EXPECT_TRUE(near(cv.scores[f], want[f], 1e-12, "fold " + std::to_string(f) + "'s score"));
    EXPECT_TRUE(near(cv.mean, (want[0] + want[1] + want[2]) / 3, 1e-12, "mean of the 3 fold scores"));
    // Again, on other folds: a score list or a sum kept from the first call (a static, a member) shows here.
    const hs::CrossValidation again = hs::cross_validate({kFolds[1], kFolds[2]}, probe);
    ASSERT_EQ(again.scores.size(), 2u) << "a second call with 2 folds returns 2 scores, not the first call's too";
    EXPECT_TRUE(near(again.mean, (want[1] + want[2]) / 2, 1e-12, "mean of a second call on folds 1 and 2"));
    EXPECT_TRUE(near(again.stddev, std::abs(want[2] - want[1]) / std::sqrt(2.0), 1e-12,
                     "sample std of a second call on folds 1 and 2"));
}

TEST(Ex1710CrossValidate, NeedsTwoFolds) {
    EXPECT_THROW(hs::cross_validate({}, probe), std::invalid_argument) << "no folds";
    EXPECT_THROW(hs::cross_validate({kFolds[0]}, probe), std::invalid_argument)
        << "one fold: no mean of several looks and no sample standard deviation (divisor k − 1 = 0)";
}

// ---- given code ------------------------------------------------------------------------------------------------
TEST(Chapter17Study, FinalLossConfigAndIncumbentFromRecords) {
    EXPECT_EQ(hs::final_val_loss({{"step", "val_loss"}, {{1, 0.5}, {2, 0.25}}}), 0.25);
    EXPECT_EQ(hs::final_val_loss({{"step"}, {{1}}}), kInf) << "no val_loss column";
    EXPECT_EQ(hs::final_val_loss({{"val_loss"}, {}}), kInf) << "no rows";
    const auto config = hs::trial_config(kSpace, {0.0123456789, 16}, 540, {{"seed", "42"}});
    EXPECT_EQ(config, (course::records::Config{{"lr", "0.0123457"}, {"width", "16"}, {"steps", "540"}, {"seed", "42"}}));
    Folder folder;
    course::records::write_run(folder.str() + "/000-a", hs::trial_config(kSpace, {0.1, 8}, 100, {}), {{"val_loss"}, {{0.3}}});
    course::records::write_run(folder.str() + "/001-b", hs::trial_config(kSpace, {0.2, 8}, 300, {}), {{"val_loss"}, {{0.2}}});
    course::records::write_run(folder.str() + "/002-c", hs::trial_config(kSpace, {0.3, 8}, 300, {}), {{"val_loss"}, {{0.4}}});
    const auto trials = hs::read_study(folder.str(), kSpace);
    ASSERT_EQ(trials.size(), 3u);
    EXPECT_EQ(trials[1].point, (hs::Point{0.2, 8}));
    EXPECT_EQ(trials[1].steps, 300u);
    const hs::Incumbent curve = hs::incumbent_curve(trials, 300);
    EXPECT_EQ(curve.steps, (std::vector<double>{100, 400, 700}));
    EXPECT_EQ(curve.best, (std::vector<double>{kInf, 0.2, 0.2})) << "only full (300-step) trials count";
}

TEST(Chapter17FaceTrial, RecordsTenChecksAndABlowUp) {
    const hs::FaceProblem problem = hs::make_face_problem(300, 7);
    const auto metrics = hs::train_face(problem, 0.1, 8, 20);
    EXPECT_EQ(metrics.columns, (std::vector<std::string>{"step", "train_loss", "val_loss"}));
    ASSERT_EQ(metrics.rows.size(), 10u) << "checks after steps 2, 4, …, 20";
    EXPECT_EQ(metrics.rows.back()[0], 20.0);
    EXPECT_LT(metrics.rows.back()[2], metrics.rows.front()[2]) << "20 steps at η = 0.1 lower the validation loss";
    EXPECT_EQ(hs::train_face(problem, 0.1, 8, 20).rows, metrics.rows) << "the same trial twice: the same numbers";
    EXPECT_GT(hs::final_val_loss(hs::train_face(problem, 50.0, 8, 20)), 1e6)
        << "η = 50 blows up: a huge loss, or +inf when the step's loss overflowed";
}
