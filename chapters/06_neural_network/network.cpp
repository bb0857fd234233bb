// Chapter 06, given code: building a network layer by layer.
#include <stdexcept>
#include <string>

#include "chapters/06_neural_network/neural_network.hpp"

namespace course::neural_network {

Network make_network(const std::vector<std::size_t>& sizes, Rng& rng, InitOptions options) {
    if (sizes.size() < 2) throw std::invalid_argument("make_network: need at least an input and an output size");
    for (const std::size_t size : sizes)
        if (size == 0) throw std::invalid_argument("make_network: a layer of size 0 in " + std::to_string(sizes.size()) + " sizes");
    Network network;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        const std::size_t fan_in = sizes[l], fan_out = sizes[l + 1];
        switch (options.scheme) {
            case Init::xavier:
                network.layers.push_back(init_dense(fan_in, fan_out, rng));
                break;
            case Init::zero:
                network.layers.push_back({Matrix(fan_in, fan_out), Matrix(1, fan_out)});
                break;
            case Init::large: {
                Dense layer{Matrix(fan_in, fan_out), Matrix(1, fan_out)};
                for (std::size_t i = 0; i < layer.W.size(); ++i) layer.W.data()[i] = rng.normal(0.0, options.large_std);
                network.layers.push_back(std::move(layer));
                break;
            }
        }
    }
    return network;
}

std::string describe(const Network& network) {
    if (network.layers.empty()) return "(no layers)";
    std::string text = std::to_string(network.layers.front().W.rows());
    for (const Dense& layer : network.layers) text += " → " + std::to_string(layer.W.cols());
    return text;
}

}  // namespace course::neural_network
