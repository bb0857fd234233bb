// placeholder
#include "chapters/19_recurrent_networks/lecture.hpp"
#include "common/cli.hpp"
int main(int argc, char** argv) {
    const course::Program program{"19_recurrent_networks", "Chapter 19", {}};
    return course::run_main(argc, argv, program, [](const course::Args&) {});
}
