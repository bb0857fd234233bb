// Chapter 16, given code: the start of the genetic algorithm and of Nelder-Mead (exercises 16.3 and 16.5).
#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "chapters/16_derivative_free/derivative_free.hpp"

namespace course::derivative_free {

Population initial_population(const Box& box, std::size_t size, Rng& rng) {
    Population population;
    population.reserve(size);
    for (std::size_t i = 0; i < size; ++i) population.push_back(random_search::sample_uniform(box, rng));
    return population;
}

// Spendley-style start: the axes scaled by step. A step far smaller than the features of f makes the first
// steps crawl; one far larger lets the first reflections jump over the valley.
Simplex initial_simplex(const Objective& f, const Vector& start, double step) {
    if (start.empty()) throw std::invalid_argument("initial_simplex: the start point is empty");
    if (!(step != 0.0)) throw std::invalid_argument("initial_simplex: step must be non-zero");
    Simplex simplex;
    simplex.points.push_back(start);
    for (std::size_t i = 0; i < start.size(); ++i) {
        Vector vertex = start;
        vertex[i] += step;
        simplex.points.push_back(std::move(vertex));
    }
    for (const Vector& p : simplex.points) simplex.values.push_back(f(p));
    sort_simplex(simplex);
    return simplex;
}

void sort_simplex(Simplex& simplex) {
    std::vector<std::size_t> order(simplex.points.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return simplex.values[a] < simplex.values[b]; });
    Simplex sorted;
    for (const std::size_t i : order) {
        sorted.points.push_back(simplex.points[i]);
        sorted.values.push_back(simplex.values[i]);
    }
    simplex = std::move(sorted);
}

}  // namespace course::derivative_free
