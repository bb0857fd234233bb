// Chapter 13 — regularization (placeholder while the training loop lands).
#include "chapters/13_regularization/regularization.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace {
const course::Program kProgram{"13_regularization", "Chapter 13: regularization.", {}};
}

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args&) { course::say("1. placeholder"); });
}
