// Chapter 07 — work in progress: the interface (07_random_baseline) is in place, the lecture follows.
#include "common/cli.hpp"
#include "common/say.hpp"

namespace {
const course::Program kProgram{"07_random_baseline", "Chapter 07 (in progress).", {}};
}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args&) {
        course::say("Chapter 07: the lecture is being written.");
    });
}
