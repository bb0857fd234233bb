// Chapter 06 — work in progress: the interface (06_neural_network) is in place, the lecture follows.
#include "common/cli.hpp"
#include "common/say.hpp"

namespace {
const course::Program kProgram{"06_neural_network", "Chapter 06 (in progress).", {}};
}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args&) {
        course::say("Chapter 06: the lecture is being written.");
    });
}
