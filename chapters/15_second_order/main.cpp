// Chapter 15 — second-order methods.
// Newton's method with exact and finite-difference Hessians, negative curvature and the Levenberg fix,
// Armijo and strong Wolfe line searches, conjugate gradient, BFGS and L-BFGS behind chapter 10's
// Optimizer, measured orders of convergence, and seven methods compared. Writes figures 37 … 42.
// Run: make run CH=15 ARGS="--memory 5 --timings"
#include <string>

#include "chapters/15_second_order/lecture.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace so = course::second_order;

namespace {

const course::Program kProgram{
    "15_second_order",
    "Chapter 15: Newton's method, line searches, conjugate gradient, BFGS and L-BFGS, orders of convergence.",
    {course::Flag::integer("max-iterations", 20000, "iteration budget of the first-order methods in the comparison", 10, 1000000),
     course::Flag::real("target", 1e-8, "stop when f − f* ≤ target", 1e-14, 1.0),
     course::Flag::integer("memory", 10, "L-BFGS memory m (pairs kept)", 1, 100),
     course::Flag::on_off("timings", "print wall times in the comparison (the output is then not byte-identical)")}};

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        so::Settings settings;
        settings.quick = args.quick();
        settings.max_iterations = static_cast<std::size_t>(args.given("max-iterations") || !args.quick() ? args.integer("max-iterations") : 2000);
        settings.target = args.real("target");
        settings.memory = static_cast<std::size_t>(args.integer("memory"));
        settings.timings = args.on("timings");
        settings.out = args.out();
        so::newton_lesson(settings);
        so::negative_curvature_lesson(settings);
        so::line_search_lesson(settings);
        so::conjugate_gradient_lesson(settings);
        so::convergence_order_lesson(settings);
        so::comparison_lesson(settings);
    });
}
