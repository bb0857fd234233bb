// The challenge of part I as a program (challenge.hpp); `make challenge` runs it on
// exercises/challenge_part1.conf.
#include "chapters/04_gradient_descent/challenge.hpp"

int main(int argc, char** argv) {
    return course::challenge::challenge_main(argc, argv, course::gradient_descent::part1_challenge());
}
