// Writes chapter 14's bundled example table, chapters/14_fashion_mnist/example_beetles.csv, to stdout:
//
//     make build/g++/tools/make_example_table && build/g++/tools/make_example_table > chapters/14_fashion_mnist/example_beetles.csv
//
// Made-up beetles of three species (no real data set: every number comes from the recipe below and
// course::Rng, so the file is the same on every machine). 500 rows; per row, with N(μ, σ) a normal draw:
//   species      dune, marsh or ridge, uniformly (rng.index(3))
//   length_mm    N(18, 2.5) for dune, N(22, 2.5) for marsh, N(23, 2.5) for ridge
//   width_mm     0.45·length + N(0.6, 0.8) dune, N(0, 0.8) marsh, N(1.0, 0.8) ridge
//   antenna_mm   N(9, 1.5) dune, N(12, 1.5) marsh, N(11, 1.5) ridge
//   mass_mg      2.2·length·width + N(0, 30), + 25 for ridge (hundreds: the scale that standardisation evens out)
//   wing_hue_deg N(40, 15) dune, N(120, 25) marsh, N(100, 25) ridge
// Dune beetles stand apart; marsh and ridge overlap in every feature, so a classifier is right about
// them most of the time, not always: the confusion matrix has something to show.
#include <cstdio>

#include "common/random.hpp"

int main() {
    course::Rng rng(2026);
    const char* species[] = {"dune", "marsh", "ridge"};
    const double length[] = {18.0, 22.0, 23.0}, width[] = {0.6, 0.0, 1.0}, antenna[] = {9.0, 12.0, 11.0},
                 mass[] = {0.0, 0.0, 25.0}, hue[] = {40.0, 120.0, 100.0}, hue_spread[] = {15.0, 25.0, 25.0};
    std::printf("length_mm,width_mm,antenna_mm,mass_mg,wing_hue_deg,species\n");
    for (int i = 0; i < 500; ++i) {
        const std::size_t k = rng.index(3);
        const double l = rng.normal(length[k], 2.5);
        const double w = 0.45 * l + rng.normal(width[k], 0.8);
        const double a = rng.normal(antenna[k], 1.5);
        const double m = 2.2 * l * w + rng.normal(0.0, 30.0) + mass[k];
        const double h = rng.normal(hue[k], hue_spread[k]);
        std::printf("%.2f,%.2f,%.2f,%.1f,%.0f,%s\n", l, w, a, m, h, species[k]);
    }
    return 0;
}
