// The challenge of part III as a program (challenge.hpp); `make challenge` runs it on
// exercises/challenge_part3.conf.
#include "chapters/15_second_order/challenge.hpp"

int main(int argc, char** argv) {
    return course::challenge::challenge_main(argc, argv, course::second_order::part3_challenge());
}
