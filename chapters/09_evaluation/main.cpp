// Chapter 09 — evaluation.
// Reruns chapter 08's training (same seed, same network), then measures the trained network on the
// held-out test faces: MAE and RMSE per output and overall, against baselines, and where the errors are.
// Writes 09_prediction_scatter.png and 10_summary.txt, the whole core tutorial on one page.
// Run: make run CH=09 ARGS="--iterations 5000"
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/07_random_baseline/random_baseline.hpp"
#include "chapters/08_backpropagation/face_training.hpp"
#include "chapters/09_evaluation/evaluation.hpp"
#include "chapters/09_evaluation/report.hpp"
#include "common/cli.hpp"
#include "common/plot/plot.hpp"
#include "common/say.hpp"

namespace bp = course::backpropagation;
namespace ev = course::evaluation;
namespace nn = course::neural_network;
namespace rb = course::random_baseline;
using course::Matrix;
using course::say;

namespace {

const course::Program kProgram{
    "09_evaluation",
    "Chapter 09: MAE and RMSE of the trained face network on held-out faces, error analysis, and the "
    "summary of chapters 01-09.",
    bp::face_recipe_flags()};

void print_metrics(const char* name, const ev::Metrics& m) {
    say("   %-18s %8.2f %10.2f %9.2f %10.2f %11.2f %13.2f", name, m.mae[0], m.mae[1], m.overall_mae, m.rmse[0],
        m.rmse[1], m.overall_rmse);
}

// The binned errors of one output, one line per bin.
void print_bins(const ev::OutputReport& output) {
    say("   %s:  true angle      faces   mean |error|   mean signed error", output.name.c_str());
    for (const ev::AngleBin& bin : output.bins)
        say("        %+4.0f° … %+4.0f°   %5zu   %10.1f°   %+12.1f°", bin.lo, bin.hi, bin.count, bin.mean_abs_error,
            bin.mean_error);
}

// How sure is the test MAE? The percentile bootstrap over the test faces (exercise 9.4), per output and
// for the overall MAE, whose per-face error is the mean of the face's two absolute errors (a face is
// resampled with both its angles). Returns the overall interval.
ev::ConfidenceInterval print_intervals(const Matrix& predicted, const Matrix& truth, std::uint64_t seed) {
    const std::size_t resamples = 2000;
    course::Rng rng(seed + 9);
    std::vector<double> per_face(truth.rows());
    std::vector<ev::ConfidenceInterval> intervals;
    for (std::size_t j = 0; j < 2; ++j) {
        std::vector<double> abs_errors(truth.rows());
        for (std::size_t i = 0; i < truth.rows(); ++i) {
            abs_errors[i] = std::abs(predicted(i, j) - truth(i, j));
            per_face[i] += abs_errors[i] / 2;
        }
        intervals.push_back(ev::bootstrap_mae_interval(abs_errors, resamples, 0.95, rng));
    }
    intervals.push_back(ev::bootstrap_mae_interval(per_face, resamples, 0.95, rng));
    say("3. How sure are these numbers? 95%% bootstrap intervals of the MAE (exercise 9.4: %zu redraws of the", resamples);
    say("   %zu test faces, with replacement): yaw [%.2f°, %.2f°], pitch [%.2f°, %.2f°], mean [%.2f°, %.2f°].",
        truth.rows(), intervals[0].lo, intervals[0].hi, intervals[1].lo, intervals[1].hi, intervals[2].lo,
        intervals[2].hi);
    say("   A test set of this size pins the MAE down to about ±%.1f°; differences between runs smaller than",
        (intervals[2].hi - intervals[2].lo) / 2);
    say("   that are not evidence that one is better (the width shrinks like 1/√n: 4× the faces, half the width).");
    return intervals[2];
}

// 1. Chapter 08's run again, with a progress line.
bp::FaceRun training_lesson(const bp::FaceRecipe& recipe, std::uint64_t seed) {
    say("1. Chapter 08's experiment again, seed %llu: %zu faces, %zu steps of batch %zu, lr %.4g.",
        static_cast<unsigned long long>(seed), recipe.n_faces, recipe.training.iterations, recipe.training.batch_size,
        recipe.training.lr);
    course::Progress progress("step", recipe.training.iterations);
    bp::FaceRun run = bp::run_face_experiment(recipe, seed, [&](std::size_t step, double loss) { progress.update(step, loss); });
    progress.finish();
    return run;
}

// The test set's metrics for the three predictors of step 2.
struct Scores {
    Matrix predicted;
    ev::Metrics test, untrained, baseline;
};

// 2. MAE and RMSE of the trained network, the untrained one and the mean-angle guess.
Scores metrics_lesson(const bp::FaceRun& run) {
    const bp::FaceData& data = run.data;
    const Matrix& truth = data.raw.test.angles;
    say("2. Mean absolute and root mean squared errors on the %zu held-out test faces, in degrees:", data.test.size());
    say("                         MAE yaw  MAE pitch  MAE mean   RMSE yaw  RMSE pitch  RMSE overall");
    Scores s{bp::predict_degrees(run.trained, data, data.test.X), {}, {}, {}};
    s.test = ev::evaluate(s.predicted, truth);
    s.untrained = ev::evaluate(bp::predict_degrees(run.untrained, data, data.test.X), truth);
    s.baseline = ev::evaluate(rb::mean_baseline_predictions(data.raw.train.angles, truth.rows()), truth);
    print_metrics("untrained network", s.untrained);
    print_metrics("mean-angle guess", s.baseline);
    print_metrics("trained network", s.test);
    say("   RMSE/MAE = %.2f for yaw and %.2f for pitch (√(π/2) ≈ 1.25 for Gaussian misses): a few faces miss by",
        s.test.rmse[0] / s.test.mae[0], s.test.rmse[1] / s.test.mae[1]);
    say("   much more than the typical one, and RMSE, like the training loss, weighs them most.");
    return s;
}

// 4. The errors binned by the true angle: where the network is wrong.
std::vector<ev::OutputReport> binned_lesson(const Matrix& truth, const Scores& s) {
    say("4. Where is it wrong? The errors binned by the true angle:");
    std::vector<ev::OutputReport> outputs;
    const char* names[] = {"yaw", "pitch"};
    const double ranges[] = {60.0, 30.0};
    for (std::size_t j = 0; j < 2; ++j) {
        ev::OutputReport output{names[j], ev::column(truth, j), ev::column(s.predicted, j), s.test.mae[j], s.test.rmse[j], {}};
        output.bins = ev::error_by_angle(output.truth, output.predicted, -ranges[j], ranges[j], 12);
        print_bins(output);
        outputs.push_back(std::move(output));
    }
    for (const ev::OutputReport& output : outputs)
        say("   %s: mean signed error %+.1f° in the lowest bin, %+.1f° in the highest.", output.name.c_str(),
            output.bins.front().mean_error, output.bins.back().mean_error);
    say("   At the ends the answers are pulled back towards 0°: where a face is ambiguous, the squared-error");
    say("   loss is smallest when the network answers closer to the mean angle.");
    return outputs;
}

// 5. Figure 09 and the run's summary, 10_summary.txt.
void report_lesson(const bp::FaceRecipe& recipe, std::uint64_t seed, const bp::FaceRun& run, const Scores& s,
                   const std::vector<ev::OutputReport>& outputs, const ev::ConfidenceInterval& interval,
                   const std::string& out) {
    const bp::FaceData& data = run.data;
    const std::string figure = out + "/09_prediction_scatter.png";
    ev::draw_prediction_scatter(outputs, figure);
    std::vector<std::size_t> per_layer;
    for (const nn::Dense& layer : run.trained.layers) per_layer.push_back(layer.W.size() + layer.b.size());
    const ev::SummaryFacts facts{seed, recipe, data.train.size(), data.validation.size(), data.test.size(),
                                 nn::describe(run.trained), per_layer, run.history.val_loss.front(),
                                 run.history.val_loss.back(), s.test, s.baseline, s.untrained, outputs, interval};
    const std::string text = ev::summary_text(facts);
    const std::string summary = out + "/10_summary.txt";
    course::plot::write_file_atomically(summary, std::vector<std::uint8_t>(text.begin(), text.end()));
    say("5. Wrote %s and %s.", figure.c_str(), summary.c_str());
    say("   Test MAE: %.2f° (yaw %.2f°, pitch %.2f°), against %.2f° for always guessing the mean angle.",
        s.test.overall_mae, s.test.mae[0], s.test.mae[1], s.baseline.overall_mae);
}

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const std::uint64_t seed = args.seed();
        const bp::FaceRecipe recipe = bp::recipe_from_flags(args);
        const bp::FaceRun run = training_lesson(recipe, seed);
        const Matrix& truth = run.data.raw.test.angles;
        const Scores scores = metrics_lesson(run);
        const ev::ConfidenceInterval interval = print_intervals(scores.predicted, truth, seed);
        const std::vector<ev::OutputReport> outputs = binned_lesson(truth, scores);
        report_lesson(recipe, seed, run, scores, outputs, interval, args.out());
    });
}
