// Chapter 14 — the optimizer comparison on real images: Fashion-MNIST.
// Run: make run CH=14 ARGS="--data /usr/share/datasets/fashion-mnist"
#include <string>

#include "chapters/14_fashion_mnist/data.hpp"
#include "common/cli.hpp"
#include "common/say.hpp"

namespace fm = course::fashion_mnist;
using course::say;

namespace {

const course::Program kProgram{
    "14_fashion_mnist", "Chapter 14: Fashion-MNIST, optimizers compared on real images.",
    {course::Flag::text("data", fm::kDefaultDataDir, "folder of the four IDX files (gzipped or not)")}};

}  // namespace

int main(int argc, char** argv) {
    return course::run_main(argc, argv, kProgram, [](const course::Args& args) {
        const std::size_t n = args.quick() ? 2000 : 50000;
        const fm::FashionMnist data =
            fm::load_fashion_mnist({.dir = args.text("data"), .train = n, .validation = n / 5, .test = n / 5});
        say("1. Fashion-MNIST from %s: %zu training, %zu validation, %zu test images of 28×28.", data.dir.c_str(),
            data.train.size(), data.validation.size(), data.test.size());
    });
}
