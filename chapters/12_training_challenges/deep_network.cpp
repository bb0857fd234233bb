// Chapter 12, given code: the deep network the chapter studies — activations, the forward pass with
// optional skips, building it layer by layer, and softmax cross-entropy.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "chapters/12_training_challenges/training_challenges.hpp"
#include "common/errors.hpp"

namespace course::training_challenges {

namespace {

double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// out(i) = f(in(i)) for every entry: a plain loop, so that f inlines (course::map takes a std::function,
// an indirect call per entry, which in the training runs of sections 6-8 cost as much as the
// arithmetic around it).
template <typename F>
Matrix entrywise(const Matrix& in, F f) {
    Matrix out(in.rows(), in.cols());
    const double* source = in.data();
    double* target = out.data();
    for (std::size_t i = 0; i < in.size(); ++i) target[i] = f(source[i]);
    return out;
}

}  // namespace

Matrix activate(Activation activation, const Matrix& z) {
    switch (activation) {
        case Activation::tanh: {
            Matrix out;
            tanh_into(out, z);
            return out;
        }
        case Activation::sigmoid: return entrywise(z, sigmoid);
        case Activation::relu: return entrywise(z, [](double v) { return v > 0.0 ? v : 0.0; });
    }
    return z;
}

// tanh' = 1 − tanh², σ' = σ(1 − σ) ≤ 1/4, relu' = 1 for z > 0 and 0 otherwise (PyTorch's choice at 0).
Matrix activation_derivative(Activation activation, const Matrix& z) {
    switch (activation) {
        case Activation::tanh: {
            // tanh_into, the forward's own tanh (vectorised): std::tanh here would cost as much as the
            // rest of a backward pass.
            Matrix t;
            tanh_into(t, z);
            for (std::size_t i = 0; i < t.size(); ++i) t.data()[i] = 1.0 - t.data()[i] * t.data()[i];
            return t;
        }
        case Activation::sigmoid: return entrywise(z, [](double v) { const double s = sigmoid(v); return s * (1.0 - s); });
        case Activation::relu: return entrywise(z, [](double v) { return v > 0.0 ? 1.0 : 0.0; });
    }
    return z;
}

bool has_skip(const DeepNet& net, std::size_t layer) {
    return net.residual && layer + 1 < net.layers.size() && net.layers[layer].W.rows() == net.layers[layer].W.cols();
}

Matrix deep_forward(const DeepNet& net, const Matrix& X, DeepCache* cache) {
    if (net.layers.empty()) throw std::invalid_argument("deep_forward: the network has no layers");
    if (X.cols() != net.layers.front().W.rows())
        throw ShapeError("deep_forward: input " + X.shape() + " for a first layer of " + net.layers.front().W.shape());
    // With a cache, each h lives only in cache->h (moved in, not copied); without one, in `h`.
    Matrix h;
    if (cache) {
        cache->z.clear();
        cache->h.assign(1, X);
    }
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
        const Matrix& input = cache ? cache->h.back() : l == 0 ? X : h;
        Matrix z = add_row_vector(matmul(input, net.layers[l].W), net.layers[l].b);
        Matrix next = l + 1 < net.layers.size() ? activate(net.activation, z) : z;
        if (has_skip(net, l)) next += input;
        if (cache) {
            cache->z.push_back(std::move(z));
            cache->h.push_back(std::move(next));
        } else {
            h = std::move(next);
        }
    }
    return cache ? cache->h.back() : h;
}

DeepNet make_deep_net(const std::vector<std::size_t>& sizes, Activation activation, InitScheme scheme, Rng& rng,
                      bool residual) {
    if (sizes.size() < 2) throw std::invalid_argument("make_deep_net: need at least an input and an output size");
    DeepNet net{.activation = activation, .residual = residual};
    for (std::size_t l = 0; l + 1 < sizes.size(); ++l) net.layers.push_back(init_layer(sizes[l], sizes[l + 1], scheme, rng));
    return net;
}

std::vector<Matrix*> gradient_list(Gradients& grads) {
    std::vector<Matrix*> list;
    for (std::size_t l = 0; l < grads.dW.size(); ++l) {
        list.push_back(&grads.dW[l]);
        list.push_back(&grads.db[l]);
    }
    return list;
}

std::vector<double> layer_gradient_norms(const Gradients& grads) {
    std::vector<double> norms;
    for (const Matrix& dW : grads.dW) norms.push_back(norm(dW));
    return norms;
}

// ℒ = −(1/n) Σᵢ Σₖ Yᵢₖ ln pᵢₖ with p = softmax(logits) row by row; shifting each row by its maximum
// leaves p unchanged and keeps exp from overflowing. ∂ℒ/∂logits = (p − Y)/n.
double cross_entropy(const Matrix& logits, const Matrix& Y, Matrix* dlogits) {
    if (!logits.same_shape(Y)) throw ShapeError("cross_entropy: logits " + logits.shape() + ", targets " + Y.shape());
    const std::size_t n = logits.rows(), k = logits.cols();
    if (dlogits) dlogits->resize(n, k);
    double loss = 0.0;
    for (std::size_t r = 0; r < n; ++r) {
        const double* row = logits.row_data(r);
        const double top = *std::max_element(row, row + k);
        double total = 0.0;
        for (std::size_t c = 0; c < k; ++c) total += std::exp(row[c] - top);
        const double log_total = std::log(total);
        for (std::size_t c = 0; c < k; ++c) {
            const double log_p = row[c] - top - log_total;
            loss -= Y(r, c) * log_p;
            if (dlogits) (*dlogits)(r, c) = (std::exp(log_p) - Y(r, c)) / static_cast<double>(n);
        }
    }
    return loss / static_cast<double>(n);
}

}  // namespace course::training_challenges
