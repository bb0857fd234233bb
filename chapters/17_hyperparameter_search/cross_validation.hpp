// Chapter 17, given code: section 8's lesson, k-fold cross-validation (exercise 17.10) against single
// validation splits, run as a recorded study like the searches (cross_validation.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/17_hyperparameter_search/study.hpp"
#include "common/random.hpp"

namespace course::hyperparameter_search {

// scikit-learn's KFold(n_splits=k, shuffle=True): the examples 0 … n − 1 put in a random order (the
// course's Fisher-Yates, Rng::shuffle), that order cut by kfold_split (17.10), each fold's lists sorted.
std::vector<Fold> shuffled_kfold_split(std::size_t n, std::size_t k, Rng& rng);

// The pool a k-fold lesson cuts: the face problem's training faces followed by its validation faces
// (the test faces stay out, as always).
backpropagation::Dataset pooled_faces(const FaceProblem& problem);

// The face network 1024 → width → 16 → 8 → 2 (train_face's initial weights and batch order, drawn from
// `seed`) trained for `steps` at rate lr on a fold's training rows, scored by the loss on its validation
// rows; +inf when the training diverges. kfold_trainer gathers a split's folds once for all its settings.
double fold_loss(const backpropagation::Dataset& train, const backpropagation::Dataset& validation, double lr,
                 std::size_t width, std::size_t steps, std::uint64_t seed);

// The lesson's trials: a point is (lr, width, fold, split): fold `fold` of the `folds`-fold split number
// `split` of the pool, whose order is drawn from Rng(seed + 20 + split).
SearchSpace kfold_space();
Trainer kfold_trainer(const FaceProblem& problem, const backpropagation::Dataset& pool, std::size_t folds);

// What the lesson measured: cv[s][c] is setting c cross-validated on split s (its k fold scores, mean, std).
struct KFoldStudy {
    std::vector<Point> settings;  // (lr, width)
    std::vector<std::vector<CrossValidation>> cv;
    std::size_t pool = 0, folds = 0, steps = 0;
};
// Runs every setting on every fold of `splits` shuffled k-fold splits through cross_validate (17.10),
// each fold a trial of `study` (recorded, resumable).
KFoldStudy run_kfold(Study& study, const std::vector<Point>& settings, std::size_t pool_size, std::size_t folds,
                     std::size_t splits, std::size_t steps, std::uint64_t seed);

// 64: left, each fold of the first split used alone as a single validation split (a line per split:
//     where the lines cross, the ranking changes with the split); right, the k-fold mean ± sample std of
//     every setting for each of the shuffled splits.
void draw_kfold(const std::string& path, const KFoldStudy& study);

}  // namespace course::hyperparameter_search
