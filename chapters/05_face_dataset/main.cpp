// Chapter 05 — work in progress: the interface (05_face_dataset) is in place, the lecture follows.
#include "common/cli.hpp"
#include "common/say.hpp"

namespace {
const course::Program kProgram{"05_face_dataset", "Chapter 05 (in progress).", {}};
}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args&) {
        course::say("Chapter 05: the lecture is being written.");
    });
}
