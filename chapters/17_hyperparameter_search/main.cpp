#include <chrono>
#include "chapters/17_hyperparameter_search/study.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"
namespace hs = course::hyperparameter_search;
const course::Program kProgram{"17_hyperparameter_search", "Chapter 17", {}};
int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        auto t0 = std::chrono::steady_clock::now();
        hs::FaceProblem p = hs::make_face_problem(args.quick() ? 1000 : 1500, args.seed());
        auto t1 = std::chrono::steady_clock::now();
        course::say("data %.3f s", std::chrono::duration<double>(t1 - t0).count());
        for (double lr : {0.01, 0.1, 1.0, 3.0}) for (std::size_t w : {4, 32, 64}) {
            auto a = std::chrono::steady_clock::now();
            auto m = hs::train_face(p, lr, w, 270);
            auto b = std::chrono::steady_clock::now();
            course::say("lr %g width %zu: val %.4f  %.3f s", lr, w, hs::final_val_loss(m), std::chrono::duration<double>(b - a).count());
        }
    });
}
