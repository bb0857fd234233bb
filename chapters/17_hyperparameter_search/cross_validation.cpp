// Chapter 17, given code: k-fold cross-validation of a few settings of the face network (section 8).
#include "chapters/17_hyperparameter_search/cross_validation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <optional>
#include <numeric>
#include <span>
#include <string>
#include <utility>

#include "chapters/08_backpropagation/trainer.hpp"
#include "common/errors.hpp"
#include "common/plot/plot.hpp"

namespace course::hyperparameter_search {

namespace bp = course::backpropagation;

std::vector<Fold> shuffled_kfold_split(std::size_t n, std::size_t k, Rng& rng) {
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    rng.shuffle(std::span<std::size_t>(order));
    std::vector<Fold> folds = kfold_split(n, k);
    for (Fold& fold : folds) {
        for (std::size_t& i : fold.validation) i = order[i];
        for (std::size_t& i : fold.train) i = order[i];
        std::sort(fold.validation.begin(), fold.validation.end());
        std::sort(fold.train.begin(), fold.train.end());
    }
    return folds;
}

namespace {

bp::Dataset rows_of(const bp::Dataset& data, const std::vector<std::size_t>& rows) {
    return {gather_rows(data.X, rows), gather_rows(data.Y, rows)};
}

}  // namespace

bp::Dataset pooled_faces(const FaceProblem& problem) {
    const bp::Dataset& train = problem.data.train;
    const bp::Dataset& validation = problem.data.validation;
    bp::Dataset pool{Matrix(train.size() + validation.size(), train.X.cols()),
                     Matrix(train.size() + validation.size(), train.Y.cols())};
    for (std::size_t r = 0; r < pool.size(); ++r) {
        const bp::Dataset& from = r < train.size() ? train : validation;
        const std::size_t row = r < train.size() ? r : r - train.size();
        std::copy_n(from.X.row_data(row), from.X.cols(), pool.X.row_data(r));
        std::copy_n(from.Y.row_data(row), from.Y.cols(), pool.Y.row_data(r));
    }
    return pool;
}

double fold_loss(const bp::Dataset& train, const bp::Dataset& validation, double lr, std::size_t width,
                 std::size_t steps, std::uint64_t seed) {
    // train_face's recipe, with one validation check at the end instead of ten: only the final loss counts.
    Rng rng(seed + 2);
    bp::Network network = neural_network::make_network({1024, width, 16, 8, 2}, rng);
    network.layers.front().W *= bp::FaceRecipe{}.first_layer_scale;
    const bp::TrainOptions options{.lr = lr, .batch_size = 32, .iterations = steps, .eval_every = steps, .seed = seed + 3};
    bp::Workspace workspace = bp::make_workspace(network, options.batch_size);
    bp::Trainable model = bp::face_model(network, workspace);
    try {
        const bp::FitHistory fitted = bp::fit(model, train, validation, options);
        const double loss = fitted.history.val_loss.back();
        return std::isnan(loss) ? std::numeric_limits<double>::infinity() : loss;
    } catch (const RuntimeFailure&) {
        return std::numeric_limits<double>::infinity();  // diverged: the worst result, not an error
    }
}

SearchSpace kfold_space() {
    SearchSpace space = face_space();
    space.push_back({.name = "fold", .low = 0, .high = 100, .integer = true});
    space.push_back({.name = "split", .low = 0, .high = 100, .integer = true});
    return space;
}

namespace {

// The rows of one split's folds, gathered once: run_kfold trains every setting on each fold of a split
// before the next split, so the trainer keeps the current split's folds (about 10 MB each) and copies
// the pool's rows again only when the split changes.
struct SplitRows {
    std::size_t split = std::numeric_limits<std::size_t>::max();
    std::vector<std::optional<std::pair<bp::Dataset, bp::Dataset>>> folds;  // (train, validation)
};

}  // namespace

Trainer kfold_trainer(const FaceProblem& problem, const bp::Dataset& pool, std::size_t folds) {
    return [&problem, &pool, folds, rows = std::make_shared<SplitRows>()](const records::Config& config) {
        double lr = 0.0;
        std::size_t width = 0, steps = 0, fold = 0, split = 0;
        for (const auto& [key, value] : config) {
            if (key == "lr") lr = std::stod(value);
            if (key == "width") width = static_cast<std::size_t>(std::stoul(value));
            if (key == "steps") steps = static_cast<std::size_t>(std::stoul(value));
            if (key == "fold") fold = static_cast<std::size_t>(std::stoul(value));
            if (key == "split") split = static_cast<std::size_t>(std::stoul(value));
        }
        if (rows->split != split) *rows = {.split = split, .folds = std::vector<std::optional<std::pair<bp::Dataset, bp::Dataset>>>(folds)};
        auto& gathered = rows->folds.at(fold);
        if (!gathered) {
            Rng order(problem.seed + 20 + split);
            const Fold chosen = shuffled_kfold_split(pool.size(), folds, order).at(fold);
            gathered.emplace(rows_of(pool, chosen.train), rows_of(pool, chosen.validation));
        }
        const double loss = fold_loss(gathered->first, gathered->second, lr, width, steps, problem.seed);
        return records::Metrics{{"step", "val_loss"}, {{static_cast<double>(steps), loss}}};
    };
}

KFoldStudy run_kfold(Study& study, const std::vector<Point>& settings, std::size_t pool_size, std::size_t folds,
                     std::size_t splits, std::size_t steps, std::uint64_t seed) {
    KFoldStudy out{settings, {}, pool_size, folds, steps};
    for (std::size_t s = 0; s < splits; ++s) {
        Rng order(seed + 20 + s);  // the trainer draws the same split from the same seed
        const std::vector<Fold> split = shuffled_kfold_split(pool_size, folds, order);
        std::vector<CrossValidation> row;
        for (const Point& setting : settings) {
            // cross_validate visits the folds in order. The trial does not train on the index lists it is
            // handed: its trainer draws the same fold again from the config's (fold, split), so that a record
            // alone says what was trained, and a rerun reads it back.
            std::size_t fold = 0;
            row.push_back(cross_validate(split, [&](const std::vector<std::size_t>&, const std::vector<std::size_t>&) {
                const Point trial{setting[0], setting[1], static_cast<double>(fold), static_cast<double>(s)};
                return study.loss(trial, steps, "split" + std::to_string(s) + "-fold" + std::to_string(fold++));
            }));
        }
        out.cv.push_back(std::move(row));
    }
    return out;
}

namespace {

namespace plot = course::plot;

std::string setting_label(const Point& p) {
    char text[48];
    std::snprintf(text, sizeof text, "η %.3g, width %.0f", p[0], p[1]);
    return text;
}

}  // namespace

void draw_kfold(const std::string& path, const KFoldStudy& study) {
    const std::size_t settings = study.settings.size(), folds = study.folds;
    std::vector<double> xs(settings);
    std::vector<std::string> labels;
    for (std::size_t c = 0; c < settings; ++c) {
        xs[c] = static_cast<double>(c);
        labels.push_back(setting_label(study.settings[c]));
    }
    // One y range for both panels, so that the spread of single splits and of the k-fold means compare.
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const auto& row : study.cv)
        for (const CrossValidation& cv : row) {
            for (const double s : cv.scores) lo = std::min(lo, s), hi = std::max(hi, s);
            lo = std::min(lo, cv.mean - cv.stddev);
            hi = std::max(hi, cv.mean + cv.stddev);
        }
    const double margin = 0.08 * (hi - lo);

    plot::Figure fig(1250, 540, 1, 2);
    auto& single = fig.subplot(0, 0);
    single.title("One 80/20 split at a time: the winner depends on the split");
    single.xlabel("setting (learning rate η, first hidden layer's width)");
    single.ylabel("validation loss after " + std::to_string(study.steps) + " steps").grid(true);
    for (std::size_t f = 0; f < folds; ++f) {
        std::vector<double> ys;
        for (std::size_t c = 0; c < settings; ++c) ys.push_back(study.cv[0][c].scores[f]);
        const plot::Color color = plot::tab10(static_cast<int>(f));
        single.plot(xs, ys, {.color = color, .width = 1.8, .label = "split " + std::to_string(f + 1), .marker = plot::Marker::circle,
                             .marker_size = 7});
        const std::size_t best = static_cast<std::size_t>(std::min_element(ys.begin(), ys.end()) - ys.begin());
        single.marker(xs[best], ys[best], {.marker = plot::Marker::star, .color = color, .size = 20, .edge_color = plot::colors::black});
    }
    single.xlim(-0.35, static_cast<double>(settings) - 0.65).ylim(lo - margin, hi + margin).xticks(xs, labels);
    single.text(0.02, 0.04, "★: the setting this split would choose",
                {.color = plot::colors::dark_gray, .size = 11, .coords = plot::Coords::axes});
    single.legend();

    auto& cv = fig.subplot(0, 1);
    cv.title(std::to_string(folds) + "-fold CV: mean ± sample std, " + std::to_string(study.cv.size()) +
             " shuffles");
    cv.xlabel("setting (learning rate η, first hidden layer's width)");
    cv.ylabel("validation loss, mean of " + std::to_string(folds) + " folds").grid(true);
    const double spread = 0.22;
    for (std::size_t s = 0; s < study.cv.size(); ++s) {
        const double offset = study.cv.size() > 1
                                  ? spread * (2.0 * static_cast<double>(s) / static_cast<double>(study.cv.size() - 1) - 1.0)
                                  : 0.0;
        const plot::Color color = plot::tab10(static_cast<int>(folds + s));
        std::vector<double> x, mean;
        for (std::size_t c = 0; c < settings; ++c) {
            const CrossValidation& r = study.cv[s][c];
            const double at = xs[c] + offset;
            cv.plot({at, at}, {r.mean - r.stddev, r.mean + r.stddev}, {.color = color, .width = 2.0});
            for (const double end : {r.mean - r.stddev, r.mean + r.stddev})
                cv.plot({at - 0.05, at + 0.05}, {end, end}, {.color = color, .width = 2.0});
            x.push_back(at);
            mean.push_back(r.mean);
        }
        cv.scatter(x, mean, {.color = color, .size = 10, .marker = plot::Marker::square,
                             .label = "shuffle " + std::to_string(s + 1), .alpha = 1.0});
        const std::size_t best = static_cast<std::size_t>(std::min_element(mean.begin(), mean.end()) - mean.begin());
        cv.marker(x[best], mean[best], {.marker = plot::Marker::star, .color = color, .size = 20, .edge_color = plot::colors::black});
    }
    cv.text(0.02, 0.04, "★: the setting this shuffle's mean would choose",
            {.color = plot::colors::dark_gray, .size = 11, .coords = plot::Coords::axes});
    cv.xlim(-0.35, static_cast<double>(settings) - 0.65).ylim(lo - margin, hi + margin).xticks(xs, labels);
    cv.legend();
    fig.save(path);
}

}  // namespace course::hyperparameter_search
