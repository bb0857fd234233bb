// Chapter 10 — the playground: one optimizer on one test function, named on the command line with
// PyTorch's parameter names, its trajectory written as CSV.
//
//   make run CH=10 ARGS="--function rosenbrock --optimizer adam --lr 0.01 --start=-1.5,-1.5 --steps 1000 --csv path.csv"
#pragma once

#include <vector>

#include "chapters/10_optimizers/any_optimizer.hpp"
#include "common/cli.hpp"

namespace course::optimizers {

// A flag for each hyperparameter of kHyperparameters that some optimizer takes, in its order: --lr,
// --momentum, …, --nesterov, --centered, --amsgrad. Unset, a flag takes the optimizer's PyTorch default
// (--help lists them); the help says which optimizers take it.
std::vector<Flag> hyperparameter_flags();
// --function, --optimizer, the hyperparameter flags, --start, --steps, --grad-noise, --csv.
std::vector<Flag> playground_flags();
// Whether any playground flag was given (then the program runs the playground, not the lecture).
bool playground_requested(const Args& args);
// The options of --optimizer from the hyperparameter flags. Throws course::UsageError naming the flag
// when it does not apply to the chosen optimizer or has a value torch.optim would reject.
AnyOptions options_from_args(const Args& args);
// Runs it, prints where it went, writes --csv if given. Throws course::RuntimeFailure naming the step
// if the run diverged.
void run_playground(const Args& args);

}  // namespace course::optimizers
