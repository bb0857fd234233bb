// Chapter 14, given code: the MLP built, its forward pass and its parameters.
#include <algorithm>
#include <stdexcept>
#include <string>

#include "chapters/14_fashion_mnist/model.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {

Mlp make_mlp(const std::vector<std::size_t>& sizes, Activation activation, InitScheme scheme, Rng& rng) {
    if (sizes.size() < 2) throw std::invalid_argument("make_mlp: needs at least an input and an output size");
    if (activation != Activation::relu && activation != Activation::tanh)
        throw std::invalid_argument("make_mlp: the MLP uses ReLU or tanh");
    Mlp model;
    model.activation = activation;
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) {
        model.layers.push_back(training_challenges::init_layer(sizes[l], sizes[l + 1], scheme, rng));
        model.dW.emplace_back(sizes[l], sizes[l + 1]);
        model.db.emplace_back(1, sizes[l + 1]);
    }
    const std::size_t L = model.layers.size();
    model.z.resize(L);
    model.h.resize(L);  // h[0] stays empty: the input is not copied
    model.delta.resize(L);
    return model;
}

void mlp_forward(Mlp& model, const Matrix& X) {
    const std::size_t L = model.layers.size();
    if (X.cols() != model.layers[0].W.rows())
        throw ShapeError("mlp_forward: input " + X.shape() + " for a first layer " + model.layers[0].W.shape());
    for (std::size_t l = 0; l < L; ++l) {
        const Matrix& input = l == 0 ? X : model.h[l];
        Matrix& z = model.z[l];
        matmul_into(z, input, model.layers[l].W);
        const double* b = model.layers[l].b.data();
        for (std::size_t i = 0; i < z.rows(); ++i) {
            double* row = z.row_data(i);
            for (std::size_t j = 0; j < z.cols(); ++j) row[j] += b[j];
        }
        if (l + 1 == L) break;
        Matrix& h = model.h[l + 1];
        if (model.activation == Activation::tanh) {
            tanh_into(h, z);
        } else {
            h.resize(z.rows(), z.cols());
            for (std::size_t i = 0; i < z.size(); ++i) h.data()[i] = z.data()[i] > 0.0 ? z.data()[i] : 0.0;
        }
    }
}

optimizers::ParameterList parameters(Mlp& model) {
    optimizers::ParameterList params;
    for (std::size_t l = 0; l < model.layers.size(); ++l) {
        params.push_back({&model.layers[l].W, &model.dW[l]});
        params.push_back({&model.layers[l].b, &model.db[l]});
    }
    return params;
}

std::size_t parameter_count(const Mlp& model) {
    std::size_t count = 0;
    for (const auto& layer : model.layers) count += layer.W.size() + layer.b.size();
    return count;
}

}  // namespace course::fashion_mnist
