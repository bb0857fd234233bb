// Given: the chapter's ten test functions, from the course's catalogue (common/test_problems.hpp, where
// each gradient is derived and checked against central differences), seen as functions of (x, y).
#include "chapters/10_optimizers/test_functions.hpp"

#include <stdexcept>
#include <utility>

#include "common/test_problems.hpp"

namespace course::optimizers {

namespace {

TestFunction from_problem(const problems::Problem& p, Point start) {
    TestFunction f;
    f.name = p.name;
    f.formula = p.formula;
    f.value = [value = p.value](double x, double y) { return value({x, y}); };
    f.gradient = [gradient = p.gradient](double x, double y) {
        const problems::Vector g = gradient({x, y});
        return Point{g[0], g[1]};
    };
    f.x_min = p.lower[0], f.x_max = p.upper[0], f.y_min = p.lower[1], f.y_max = p.upper[1];
    for (const problems::Vector& m : p.minimizers) f.minimizers.push_back({m[0], m[1]});
    f.minimum = p.minimum;
    f.start = start;
    return f;
}

}  // namespace

const std::vector<TestFunction>& test_functions() {
    static const std::vector<TestFunction> functions{
        from_problem(problems::sphere(2), {3, 4}),
        from_problem(problems::ill_conditioned(), {-4.5, 2}),
        from_problem(problems::rosenbrock(2), {-1.5, -1.5}),  // the catalogue's start is (−1.2, 1)
        from_problem(problems::beale(), {1, 1.5}),
        from_problem(problems::himmelblau(), {0, 0}),
        from_problem(problems::booth(), {-8, 8}),
        from_problem(problems::rastrigin(2), {3.2, -2.7}),
        from_problem(problems::ackley(2), {2.5, -3.5}),
        from_problem(problems::six_hump_camel(), {-1.5, 1.5}),
        from_problem(problems::saddle(), {-1.5, 0.01}),
    };
    return functions;
}

const TestFunction& test_function(const std::string& name) {
    for (const TestFunction& f : test_functions())
        if (f.name == name) return f;
    std::string known;
    for (const auto& n : test_function_names()) known += (known.empty() ? "" : ", ") + n;
    throw std::invalid_argument("unknown test function '" + name + "' (known: " + known + ")");
}

std::vector<std::string> test_function_names() {
    std::vector<std::string> names;
    for (const TestFunction& f : test_functions()) names.push_back(f.name);
    return names;
}

}  // namespace course::optimizers
