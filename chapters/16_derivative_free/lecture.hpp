// Chapter 16, given code: what the lecture runs besides the exercises — a recorder of evaluations, gradient
// descent with backtracking as the gradient-based reference, the evaluations-to-target study (study.cpp) —
// and what it draws (figures_search.cpp, figures_bayes.cpp).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "common/cli.hpp"

namespace course::derivative_free {

// Every value an objective returned, in order: what "evaluations to reach a target" is measured on, for
// any method, without the method's help.
class Recorder {
public:
    explicit Recorder(Objective f) : f_(std::move(f)) {}
    // The recording objective; this Recorder must outlive it.
    Objective objective() {
        return [this](const Vector& x) {
            const double v = f_(x);
            best_.push_back(best_.empty() ? v : std::min(best_.back(), v));
            return v;
        };
    }
    const std::vector<double>& best_so_far() const { return best_; }

private:
    Objective f_;
    std::vector<double> best_;
};

// The number of evaluations after which best_so_far first reaches target (1-based); 0 if it never does.
std::size_t evaluations_to_target(const std::vector<double>& best_so_far, double target);

// Gradient descent with Armijo backtracking (c = 1e-4, halving from lr = 1, or from twice the last accepted
// step), projected onto the box; every call of f and every gradient counts as one evaluation each in the
// recorder: the objective it calls records both (a gradient call records f at that point).
using GradientFn = std::function<Vector(const Vector&)>;
void gradient_descent(const Objective& recorded_f, const GradientFn& gradient, const Vector& start, const Box& box,
                      std::size_t max_evaluations);

// ---- the study of section 7: each method from random starts on one problem --------------------------------
struct Problem2 {
    std::string name;
    Objective f;
    GradientFn gradient;
    Box box;
    double minimum = 0.0;
};
struct MethodCurve {
    std::string method;
    std::vector<double> median_best;  // median over seeds of best_so_far[k], k = 0 … budget − 1
    std::vector<std::vector<std::size_t>> to_target;  // [tolerance][seed]: evaluations to f* + tolerance, 0 = never
};
struct StudyOptions {
    std::size_t seeds = 5;
    std::size_t budget = 1000;
    std::size_t bo_budget = 50;
    std::vector<double> tolerances{1e-1, 1e-6};  // targets f* + tolerance
};
std::vector<MethodCurve> compare_methods(const Problem2& problem, const StudyOptions& options, std::uint64_t seed);

// ---- figures -------------------------------------------------------------------------------------------------
using Field = std::function<double(double, double)>;
// 43: the population on the contours of f at chosen generations, and best/median value per generation.
void draw_genetic_figure(const GeneticResult& run, const Field& f, const Box& box, const std::vector<std::size_t>& shown,
                         const std::string& path);
// 44: the simplices on the contours, and the best value against evaluations.
void draw_nelder_mead_figure(const NelderMeadResult& run, const std::vector<double>& best_so_far, const Field& f,
                             const Box& box, const std::string& path);
// 45: samples and the 2σ ellipse of N(m, σ²C) at chosen generations; σ, best f and the axis ratio.
void draw_cma_figure(const CmaResult& run, const Field& f, const Box& box, const std::vector<std::size_t>& shown,
                     const std::string& path);
// 46: the GP posterior (mean ± 2σ, truth, observations) above the acquisition at several iterations.
struct BayesSnapshot {
    std::vector<double> xs, truth, mean, sd, acquisition;
    std::vector<double> observed_x, observed_y;
    double next = 0.0;
    std::size_t evaluations = 0;
};
void draw_bayes_1d_figure(const std::vector<BayesSnapshot>& snapshots, const std::string& acquisition_label,
                          const std::string& path);
// 47: a BO run's points on the contours (coloured by order) and best-so-far against evaluations.
struct NamedCurve {
    std::string label;
    std::vector<double> ys;
};
void draw_bayes_2d_figure(const BayesOptResult& run, const Field& f, const Box& box, const std::string& title,
                          const std::vector<NamedCurve>& curves, const std::string& path);
// 48: median best-so-far minus f* against evaluations, one panel per problem, one curve per method.
void draw_comparison_figure(const std::vector<std::string>& problems, const std::vector<std::vector<MethodCurve>>& curves,
                            const std::string& path);
// 49: the table of evaluations to target.
void draw_table_figure(const std::vector<std::vector<std::string>>& rows, const std::vector<std::string>& header,
                       const std::string& title, const std::string& path);

// ---- the lecture's problems (problems.cpp) ---------------------------------------------------------------------
// By name from the course's catalogue with its box: "rastrigin", "rosenbrock", "himmelblau", "six_hump_camel".
Problem2 lecture_problem(const std::string& name);
// The Forrester et al. (2008) function on [0, 1]: (6x − 2)² sin(12x − 4), minimum −6.02074 at x = 0.75725.
double forrester(double x);
// f(x) = Σᵢ 10^(k·i/(n−1)) zᵢ², z = Qx with Q a fixed rotation (Givens rotations in the planes (i, i + 1)):
// a quadratic of condition number 10ᵏ whose axes are not the coordinate axes; minimum 0 at 0.
Objective rotated_ellipsoid(std::size_t dim, double log10_condition);

// ---- the lecture's steps (lessons.cpp, lessons_bayes.cpp) -----------------------------------------------------
void genetic_lesson(const Args& args);
void nelder_mead_lesson(const Args& args);
void cma_lesson(const Args& args);
void gaussian_process_lesson(const Args& args);
void bayes_2d_lesson(const Args& args);
void comparison_lesson(const Args& args);

}  // namespace course::derivative_free
