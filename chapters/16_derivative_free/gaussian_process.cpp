// Chapter 16, given code: triangular solves, the marginal likelihood and the normal distribution that
// the Gaussian process (exercises 16.8-16.10) and the Bayesian-optimization loop use.
#include <cmath>
#include <numbers>
#include <string>

#include "chapters/16_derivative_free/bayesian_optimization.hpp"
#include "common/errors.hpp"

namespace course::derivative_free {

namespace {

void check_system(const Matrix& L, const Vector& b, const char* what) {
    if (L.rows() != L.cols() || L.rows() != b.size())
        throw ShapeError(std::string(what) + ": L is " + L.shape() + " but b has " + std::to_string(b.size()) +
                         " entries");
}

}  // namespace

// L·x = b, top row first: xᵢ = (bᵢ − Σ_{j<i} Lᵢⱼxⱼ)/Lᵢᵢ.
Vector solve_lower(const Matrix& L, const Vector& b) {
    check_system(L, b, "solve_lower");
    Vector x(b.size());
    for (std::size_t i = 0; i < b.size(); ++i) {
        double s = b[i];
        for (std::size_t j = 0; j < i; ++j) s -= L(i, j) * x[j];
        x[i] = s / L(i, i);
    }
    return x;
}

// Lᵀ·x = b, bottom row first: (Lᵀ)ᵢⱼ = Lⱼᵢ.
Vector solve_lower_transposed(const Matrix& L, const Vector& b) {
    check_system(L, b, "solve_lower_transposed");
    Vector x(b.size());
    for (std::size_t i = b.size(); i-- > 0;) {
        double s = b[i];
        for (std::size_t j = i + 1; j < b.size(); ++j) s -= L(j, i) * x[j];
        x[i] = s / L(i, i);
    }
    return x;
}

// ln det(K) = 2 Σ ln Lᵢᵢ, and (y − m)ᵀK⁻¹(y − m) = (y − m)ᵀα.
double log_marginal_likelihood(const GaussianProcess& gp) {
    double fit = 0.0, log_det = 0.0;
    for (std::size_t i = 0; i < gp.y.size(); ++i) {
        fit += (gp.y[i] - gp.options.prior_mean) * gp.alpha[i];
        log_det += std::log(gp.L(i, i));
    }
    const double n = static_cast<double>(gp.y.size());
    return -0.5 * fit - log_det - 0.5 * n * std::log(2.0 * std::numbers::pi);
}

double normal_pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2.0 * std::numbers::pi); }

// Φ(z) = ½ erfc(−z/√2): erfc keeps the far left tail accurate, where 1 + erf would round to 0.
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

}  // namespace course::derivative_free
