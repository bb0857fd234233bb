// Given: the small dense linear algebra the chapter needs — dot products, Cholesky, Gaussian elimination
// and the cubic interpolation of the line search.
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "chapters/15_second_order/second_order.hpp"
#include "common/errors.hpp"

namespace course::second_order {

double dot(const Vector& a, const Vector& b) {
    if (a.size() != b.size())
        throw ShapeError("dot: vectors of length " + std::to_string(a.size()) + " and " + std::to_string(b.size()));
    double total = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) total += a[i] * b[i];
    return total;
}

double norm(const Vector& a) { return std::sqrt(dot(a, a)); }

bool cholesky(const Matrix& A, Matrix& L) {
    const std::size_t n = A.rows();
    if (A.cols() != n) throw ShapeError("cholesky: A is " + A.shape() + ", not square");
    L = Matrix(n, n);
    for (std::size_t j = 0; j < n; ++j) {
        double pivot = A(j, j);
        for (std::size_t k = 0; k < j; ++k) pivot -= L(j, k) * L(j, k);
        if (!(pivot > 0.0)) return false;  // also catches NaN
        L(j, j) = std::sqrt(pivot);
        for (std::size_t i = j + 1; i < n; ++i) {
            double v = A(i, j);
            for (std::size_t k = 0; k < j; ++k) v -= L(i, k) * L(j, k);
            L(i, j) = v / L(j, j);
        }
    }
    return true;
}

Vector cholesky_solve(const Matrix& L, const Vector& b) {
    const std::size_t n = L.rows();
    if (b.size() != n) throw ShapeError("cholesky_solve: L is " + L.shape() + ", b has " + std::to_string(b.size()));
    Vector z(n), x(n);
    for (std::size_t i = 0; i < n; ++i) {  // L z = b
        double v = b[i];
        for (std::size_t k = 0; k < i; ++k) v -= L(i, k) * z[k];
        z[i] = v / L(i, i);
    }
    for (std::size_t i = n; i-- > 0;) {  // Lᵀ x = z
        double v = z[i];
        for (std::size_t k = i + 1; k < n; ++k) v -= L(k, i) * x[k];
        x[i] = v / L(i, i);
    }
    return x;
}

Vector solve(const Matrix& A, const Vector& b) {
    const std::size_t n = A.rows();
    if (A.cols() != n || b.size() != n) throw ShapeError("solve: A is " + A.shape() + ", b has " + std::to_string(b.size()));
    Matrix M = A;
    Vector x = b;
    for (std::size_t c = 0; c < n; ++c) {
        std::size_t pivot = c;
        for (std::size_t r = c + 1; r < n; ++r)
            if (std::abs(M(r, c)) > std::abs(M(pivot, c))) pivot = r;
        if (!(std::abs(M(pivot, c)) > 1e-300)) throw RuntimeFailure("solve: the matrix is singular (column " + std::to_string(c) + ")");
        if (pivot != c) {
            for (std::size_t k = 0; k < n; ++k) std::swap(M(c, k), M(pivot, k));
            std::swap(x[c], x[pivot]);
        }
        for (std::size_t r = c + 1; r < n; ++r) {
            const double factor = M(r, c) / M(c, c);
            if (factor == 0.0) continue;
            for (std::size_t k = c; k < n; ++k) M(r, k) -= factor * M(c, k);
            x[r] -= factor * x[c];
        }
    }
    for (std::size_t i = n; i-- > 0;) {
        double v = x[i];
        for (std::size_t k = i + 1; k < n; ++k) v -= M(i, k) * x[k];
        x[i] = v / M(i, i);
    }
    return x;
}

Vector multiply(const Matrix& A, const Vector& v) {
    if (A.cols() != v.size()) throw ShapeError("multiply: A is " + A.shape() + ", v has " + std::to_string(v.size()));
    Vector out(A.rows(), 0.0);
    for (std::size_t i = 0; i < A.rows(); ++i) {
        const double* row = A.row_data(i);
        double total = 0.0;
        for (std::size_t j = 0; j < v.size(); ++j) total += row[j] * v[j];
        out[i] = total;
    }
    return out;
}

// Nocedal & Wright (3.59): with d₁ = φ'(a) + φ'(b) − 3(φ(a) − φ(b))/(a − b) and d₂ = sign(b − a)·√(d₁² − φ'(a)φ'(b)),
// the minimiser is b − (b − a)(φ'(b) + d₂ − d₁)/(φ'(b) − φ'(a) + 2d₂).
double cubic_minimizer(double a, double fa, double da, double b, double fb, double db) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if (a == b) return nan;
    const double d1 = da + db - 3.0 * (fa - fb) / (a - b);
    const double radicand = d1 * d1 - da * db;
    if (!(radicand >= 0.0)) return nan;
    const double d2 = (b > a ? 1.0 : -1.0) * std::sqrt(radicand);
    const double denominator = db - da + 2.0 * d2;
    if (denominator == 0.0) return nan;
    const double x = b - (b - a) * (db + d2 - d1) / denominator;
    return std::isfinite(x) ? x : nan;
}

}  // namespace course::second_order
