// Chapter 10 — the optimizers (placeholder lecture while the chapter is written).
#include "chapters/10_optimizers/playground.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace opt = course::optimizers;

int main(int argc, char** argv) {
    const course::Program program{"10_optimizers", "Chapter 10: the optimizers.", opt::playground_flags()};
    return course::run_main(argc, argv, program, [](const course::Args& args) {
        if (opt::playground_requested(args)) return opt::run_playground(args);
    });
}
