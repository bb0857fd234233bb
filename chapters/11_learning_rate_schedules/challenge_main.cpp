// The challenge of part II as a program (challenge.hpp); `make challenge` runs it on
// exercises/challenge_part2.conf.
#include "chapters/11_learning_rate_schedules/challenge.hpp"

int main(int argc, char** argv) {
    return course::challenge::challenge_main(argc, argv, course::learning_rate_schedules::part2_challenge());
}
