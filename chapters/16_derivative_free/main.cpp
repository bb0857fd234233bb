// Chapter 16 — derivative-free optimization.
// Run: make run CH=16
#include <cmath>

#include "chapters/16_derivative_free/derivative_free.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace df = course::derivative_free;
using course::fmt;
using course::say;

namespace {

const course::Program kProgram{"16_derivative_free", "Chapter 16: derivative-free optimization.", {}};

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        course::Rng rng(args.seed());
        const df::BayesOptResult r = df::bayes_opt(
            [](const df::Vector& x) { return (6 * x[0] - 2) * (6 * x[0] - 2) * std::sin(12 * x[0] - 4); },
            {{0.0}, {1.0}}, {.budget = 15}, rng);
        say("1. Bayesian optimization on the Forrester function: best %s", fmt(r.best_value).c_str());
    });
}
