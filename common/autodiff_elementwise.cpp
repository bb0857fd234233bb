// Element-wise operations, each forward computation beside its backward rule.
//
// Notation in the comments: C is the op's output, A and B its inputs, dX = ∂L/∂X for the loss L, ⊙ the
// element-wise product. An element-wise op has a diagonal Jacobian (Cᵢ depends on Aᵢ alone), so the
// chain rule dAᵢ = Σⱼ dCⱼ ∂Cⱼ/∂Aᵢ collapses to dAᵢ = dCᵢ · ∂Cᵢ/∂Aᵢ: dA = dC ⊙ f'(A).
// Every rule adds (+=) because A may feed other ops too; and skips an input that needs no gradient.
#include <cmath>
#include <cstddef>

#include "common/autodiff.hpp"

namespace course {

namespace {

template <class Function>
Matrix map_entries(const Matrix& a, Function f) {
    Matrix out(a.rows(), a.cols());
    for (std::size_t i = 0; i < a.size(); ++i) out.data()[i] = f(a.data()[i]);
    return out;
}

}  // namespace

// C = A + B.   ∂Cᵢ/∂Aᵢ = ∂Cᵢ/∂Bᵢ = 1, so dA += dC and dB += dC.
Var add(const Var& a, const Var& b) {
    require_same_shape("add", a.value(), b.value());
    return make_op("add", a.value() + b.value(), {a, b}, [](Node& C) {
        Node& A = *C.parents[0];
        Node& B = *C.parents[1];
        if (A.requires_grad) A.grad += C.grad;
        if (B.requires_grad) B.grad += C.grad;
    });
}

// C = A − B.   dA += dC, dB −= dC.
Var sub(const Var& a, const Var& b) {
    require_same_shape("sub", a.value(), b.value());
    return make_op("sub", a.value() - b.value(), {a, b}, [](Node& C) {
        Node& A = *C.parents[0];
        Node& B = *C.parents[1];
        if (A.requires_grad) A.grad += C.grad;
        if (B.requires_grad) B.grad -= C.grad;
    });
}

// C = A ⊙ B.   ∂Cᵢ/∂Aᵢ = Bᵢ and ∂Cᵢ/∂Bᵢ = Aᵢ, so dA += dC ⊙ B and dB += dC ⊙ A.
// mul(x, x) passes both terms to the same node: dx = 2x ⊙ dC, as it should.
Var mul(const Var& a, const Var& b) {
    require_same_shape("mul", a.value(), b.value());
    return make_op("mul", a.value() * b.value(), {a, b}, [](Node& C) {
        Node& A = *C.parents[0];
        Node& B = *C.parents[1];
        const double* dC = C.grad.data();
        if (A.requires_grad)
            for (std::size_t i = 0; i < C.value.size(); ++i) A.grad.data()[i] += dC[i] * B.value.data()[i];
        if (B.requires_grad)
            for (std::size_t i = 0; i < C.value.size(); ++i) B.grad.data()[i] += dC[i] * A.value.data()[i];
    });
}

// C = A / B.   ∂Cᵢ/∂Aᵢ = 1/Bᵢ and ∂Cᵢ/∂Bᵢ = −Aᵢ/Bᵢ² = −Cᵢ/Bᵢ, so dA += dC / B and dB −= dC ⊙ C / B.
Var div(const Var& a, const Var& b) {
    require_same_shape("div", a.value(), b.value());
    return make_op("div", a.value() / b.value(), {a, b}, [](Node& C) {
        Node& A = *C.parents[0];
        Node& B = *C.parents[1];
        const double* dC = C.grad.data();
        const double* b = B.value.data();
        if (A.requires_grad)
            for (std::size_t i = 0; i < C.value.size(); ++i) A.grad.data()[i] += dC[i] / b[i];
        if (B.requires_grad)
            for (std::size_t i = 0; i < C.value.size(); ++i) B.grad.data()[i] -= dC[i] * C.value.data()[i] / b[i];
    });
}

// C = −A.   dA −= dC.
Var neg(const Var& a) {
    return make_op("neg", -a.value(), {a}, [](Node& C) { C.parents[0]->grad -= C.grad; });
}

// C = s·A.   dA += s·dC. The context's reals[0] holds s.
Var scale(const Var& a, double factor) {
    return make_op("scale", a.value() * factor, {a},
                   [](Node& C) { C.parents[0]->grad.add_scaled(C.grad, C.context.reals[0]); }, {.reals = {factor}});
}

// C = A + s.   dA += dC.
Var add_scalar(const Var& a, double shift) {
    return make_op("add_scalar", a.value() + shift, {a}, [](Node& C) { C.parents[0]->grad += C.grad; });
}

// C = A^p.   ∂Cᵢ/∂Aᵢ = p·Aᵢ^(p−1), so dA += dC ⊙ p·A^(p−1). For p = 0 the derivative is 0 everywhere,
// also at A = 0 where the formula would give 0·∞. The context's reals[0] holds p.
Var pow(const Var& a, double exponent) {
    Matrix c = map_entries(a.value(), [exponent](double x) { return std::pow(x, exponent); });
    return make_op("pow", std::move(c), {a}, [](Node& C) {
        Node& A = *C.parents[0];
        const double p = C.context.reals[0];
        if (p == 0.0) return;
        for (std::size_t i = 0; i < C.value.size(); ++i)
            A.grad.data()[i] += C.grad.data()[i] * p * std::pow(A.value.data()[i], p - 1.0);
    }, {.reals = {exponent}});
}

// C = e^A.   (e^x)' = e^x = C, so dA += dC ⊙ C.
Var exp(const Var& a) {
    Matrix c = map_entries(a.value(), [](double x) { return std::exp(x); });
    return make_op("exp", std::move(c), {a}, [](Node& C) {
        Node& A = *C.parents[0];
        for (std::size_t i = 0; i < C.value.size(); ++i) A.grad.data()[i] += C.grad.data()[i] * C.value.data()[i];
    });
}

// C = ln A.   (ln x)' = 1/x, so dA += dC / A.
Var log(const Var& a) {
    Matrix c = map_entries(a.value(), [](double x) { return std::log(x); });
    return make_op("log", std::move(c), {a}, [](Node& C) {
        Node& A = *C.parents[0];
        for (std::size_t i = 0; i < C.value.size(); ++i) A.grad.data()[i] += C.grad.data()[i] / A.value.data()[i];
    });
}

// C = tanh A.   tanh'(x) = 1 − tanh²(x), and C already holds tanh(A): dA += dC ⊙ (1 − C²).
Var tanh(const Var& a) {
    Matrix c;
    tanh_into(c, a.value());  // std::tanh entry by entry, but vectorised (common/tanh.cpp)
    return make_op("tanh", std::move(c), {a}, [](Node& C) {
        Node& A = *C.parents[0];
        for (std::size_t i = 0; i < C.value.size(); ++i) {
            const double c = C.value.data()[i];
            A.grad.data()[i] += C.grad.data()[i] * (1.0 - c * c);
        }
    });
}

// C = σ(A) = 1/(1 + e^−A).   σ'(x) = σ(x)(1 − σ(x)), so dA += dC ⊙ C ⊙ (1 − C).
// Forward: for x < 0, e^−x overflows for large |x|; the equal form e^x/(1 + e^x) does not.
Var sigmoid(const Var& a) {
    Matrix c = map_entries(a.value(), [](double x) {
        if (x >= 0.0) return 1.0 / (1.0 + std::exp(-x));
        const double ex = std::exp(x);
        return ex / (1.0 + ex);
    });
    return make_op("sigmoid", std::move(c), {a}, [](Node& C) {
        Node& A = *C.parents[0];
        for (std::size_t i = 0; i < C.value.size(); ++i) {
            const double c = C.value.data()[i];
            A.grad.data()[i] += C.grad.data()[i] * c * (1.0 - c);
        }
    });
}

// C = max(A, 0).   The derivative is 1 where A > 0 and 0 where A < 0; at the kink A = 0 any value in
// [0, 1] is a valid subgradient, and 0 is the usual choice. So dA += dC where A > 0.
Var relu(const Var& a) {
    Matrix c = map_entries(a.value(), [](double x) { return x > 0.0 ? x : 0.0; });
    return make_op("relu", std::move(c), {a}, [](Node& C) {
        Node& A = *C.parents[0];
        for (std::size_t i = 0; i < C.value.size(); ++i)
            if (A.value.data()[i] > 0.0) A.grad.data()[i] += C.grad.data()[i];
    });
}

Var operator+(const Var& a, const Var& b) { return add(a, b); }
Var operator-(const Var& a, const Var& b) { return sub(a, b); }
Var operator*(const Var& a, const Var& b) { return mul(a, b); }
Var operator/(const Var& a, const Var& b) { return div(a, b); }
Var operator-(const Var& a) { return neg(a); }
Var operator+(const Var& a, double s) { return add_scalar(a, s); }
Var operator+(double s, const Var& a) { return add_scalar(a, s); }
Var operator-(const Var& a, double s) { return add_scalar(a, -s); }
Var operator-(double s, const Var& a) { return add_scalar(neg(a), s); }
Var operator*(const Var& a, double s) { return scale(a, s); }
Var operator*(double s, const Var& a) { return scale(a, s); }
Var operator/(const Var& a, double s) { return scale(a, 1.0 / s); }
Var operator/(double s, const Var& a) { return scale(pow(a, -1.0), s); }

}  // namespace course
