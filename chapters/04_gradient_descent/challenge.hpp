// Chapter 04, given code: the open challenge of part I (chapters 01-09), on Gradescope's leaderboard.
//
// The lowest loss on Rastrigin's function in 5 dimensions with 2,000 evaluations per run, averaged
// over five fixed seeds, by any of the searches you wrote in chapters 02-04: random search (2.3), hill
// climbing (3.3), simulated annealing (chapter 03's, on your 3.1 and 3.5) or gradient descent (4.5) on
// your finite-difference gradient (4.1 or 4.2), with the settings you choose in
// exercises/challenge_part1.conf. Lower is better. Random search cannot get near the global minimum 0
// (a sample within 0.1 of it has odds of about 1 in 2·10⁹: exercise 2.4's ball fraction), gradient
// descent finds the nearest of Rastrigin's 11⁵ local minima, hill climbing and annealing trade the two
// off: the budget decides.
//
// The harness owns the run: it hands the method an objective that counts every call (an
// EvaluationBudget) and refuses the 2,001st, and the score is the lowest value among the evaluations
// it allowed, whatever the method itself reports. `make challenge` runs it (README, "The challenge").
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "chapters/02_random_search/random_search.hpp"
#include "common/challenge.hpp"
#include "common/cli.hpp"
#include "common/random.hpp"

namespace course::gradient_descent {

// A search as the challenge runs it: it spends evaluations of f (at most `budget`, or the harness
// stops it) in the box, drawing its randomness from rng.
using Search = std::function<void(const random_search::Objective& f, const random_search::Box& box,
                                  std::size_t budget, Rng& rng)>;

struct Part1Setup {
    std::size_t dim = 5;
    std::size_t budget = 2000;                       // evaluations per seed
    std::vector<std::uint64_t> seeds{1, 2, 3, 4, 5};  // the score is the mean over them
};

// One seed's run: the lowest value among the evaluations the harness allowed.
struct Part1Run {
    double best = 0.0;
    std::size_t evaluations = 0;  // made (≤ the budget)
    std::size_t refused = 0;      // calls past the budget that the harness refused
};

// The search the configuration names, built on the exercises. Throws course::UsageError for a key that
// does not apply to the method, or settings that contradict each other.
Search part1_search(const Args& config);
// The search on one seed: Rng(seed) is the method's; the objective is counted and cut off at the budget.
Part1Run run_part1_seed(const Search& search, const Part1Setup& setup, std::uint64_t seed);
// The mean of the seeds' best values, "%.4f"; details per seed. Throws course::RuntimeFailure when a
// seed found no finite value.
challenge::Score score_part1(const Search& search, const Part1Setup& setup);

challenge::Definition part1_challenge();

}  // namespace course::gradient_descent
