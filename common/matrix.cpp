#include "common/matrix.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <stdexcept>
#include <string>

#include "common/errors.hpp"

namespace course {

namespace {

std::string shape_of(std::size_t rows, std::size_t cols) {
    return "(" + std::to_string(rows) + "×" + std::to_string(cols) + ")";
}

void require_same_shape(const char* op, const Matrix& a, const Matrix& b) {
    if (!a.same_shape(b))
        throw ShapeError(std::string(op) + ": shapes differ: " + a.shape() + " and " + b.shape());
}

void require_row_vector(const char* op, const Matrix& m, const Matrix& row) {
    if (row.rows() != 1 || row.cols() != m.cols())
        throw ShapeError(std::string(op) + ": expected a (1×" + std::to_string(m.cols()) +
                         ") row to broadcast over " + m.shape() + ", got " + row.shape());
}

void require_nonempty(const char* op, const Matrix& m) {
    if (m.empty()) throw ShapeError(std::string(op) + ": the matrix is empty " + m.shape());
}

}  // namespace

Matrix::Matrix(std::size_t rows, std::size_t cols, double fill)
    : rows_(rows), cols_(cols), values_(rows * cols, fill) {}

Matrix::Matrix(std::size_t rows, std::size_t cols, std::vector<double> values)
    : rows_(rows), cols_(cols), values_(std::move(values)) {
    if (values_.size() != rows * cols)
        throw ShapeError("Matrix: " + std::to_string(values_.size()) + " values cannot fill a " +
                         shape_of(rows, cols) + " matrix");
}

Matrix Matrix::from_rows(std::initializer_list<std::initializer_list<double>> rows) {
    const std::size_t cols = rows.size() ? rows.begin()->size() : 0;
    std::vector<double> values;
    values.reserve(rows.size() * cols);
    std::size_t r = 0;
    for (const auto& row : rows) {
        if (row.size() != cols)
            throw ShapeError("Matrix::from_rows: row " + std::to_string(r) + " has " +
                             std::to_string(row.size()) + " values, row 0 has " + std::to_string(cols));
        values.insert(values.end(), row.begin(), row.end());
        ++r;
    }
    return Matrix(rows.size(), cols, std::move(values));
}

Matrix Matrix::column(const std::vector<double>& values) { return Matrix(values.size(), 1, values); }
Matrix Matrix::row(const std::vector<double>& values) { return Matrix(1, values.size(), values); }

Matrix Matrix::identity(std::size_t n) {
    Matrix m(n, n);
    for (std::size_t i = 0; i < n; ++i) m(i, i) = 1.0;
    return m;
}

std::string Matrix::shape() const { return shape_of(rows_, cols_); }

double& Matrix::at(std::size_t r, std::size_t c) {
    if (r >= rows_ || c >= cols_)
        throw std::out_of_range("Matrix::at(" + std::to_string(r) + ", " + std::to_string(c) +
                                ") is outside a " + shape() + " matrix");
    return (*this)(r, c);
}

double Matrix::at(std::size_t r, std::size_t c) const { return const_cast<Matrix&>(*this).at(r, c); }

void Matrix::resize(std::size_t rows, std::size_t cols) {
    rows_ = rows;
    cols_ = cols;
    values_.resize(rows * cols);  // never shrinks capacity, so a reused buffer stops allocating
}

void Matrix::fill(double value) { std::fill(values_.begin(), values_.end(), value); }

Matrix& Matrix::operator+=(const Matrix& o) {
    require_same_shape("add", *this, o);
    for (std::size_t i = 0; i < size(); ++i) values_[i] += o.values_[i];
    return *this;
}
Matrix& Matrix::operator-=(const Matrix& o) {
    require_same_shape("subtract", *this, o);
    for (std::size_t i = 0; i < size(); ++i) values_[i] -= o.values_[i];
    return *this;
}
Matrix& Matrix::operator*=(const Matrix& o) {
    require_same_shape("multiply (element-wise)", *this, o);
    for (std::size_t i = 0; i < size(); ++i) values_[i] *= o.values_[i];
    return *this;
}
Matrix& Matrix::operator/=(const Matrix& o) {
    require_same_shape("divide (element-wise)", *this, o);
    for (std::size_t i = 0; i < size(); ++i) values_[i] /= o.values_[i];
    return *this;
}
Matrix& Matrix::operator+=(double s) {
    for (double& v : values_) v += s;
    return *this;
}
Matrix& Matrix::operator-=(double s) {
    for (double& v : values_) v -= s;
    return *this;
}
Matrix& Matrix::operator*=(double s) {
    for (double& v : values_) v *= s;
    return *this;
}
Matrix& Matrix::operator/=(double s) {
    for (double& v : values_) v /= s;
    return *this;
}
Matrix& Matrix::add_scaled(const Matrix& o, double scale) {
    require_same_shape("add_scaled", *this, o);
    for (std::size_t i = 0; i < size(); ++i) values_[i] += scale * o.values_[i];
    return *this;
}

Matrix operator+(Matrix a, const Matrix& b) { return a += b; }
Matrix operator-(Matrix a, const Matrix& b) { return a -= b; }
Matrix operator*(Matrix a, const Matrix& b) { return a *= b; }
Matrix operator/(Matrix a, const Matrix& b) { return a /= b; }
Matrix operator+(Matrix a, double s) { return a += s; }
Matrix operator-(Matrix a, double s) { return a -= s; }
Matrix operator*(Matrix a, double s) { return a *= s; }
Matrix operator*(double s, Matrix a) { return a *= s; }
Matrix operator/(Matrix a, double s) { return a /= s; }
Matrix operator-(Matrix a) { return a *= -1.0; }
bool operator==(const Matrix& a, const Matrix& b) { return a.same_shape(b) && a.values() == b.values(); }

Matrix map(const Matrix& m, const std::function<double(double)>& f) {
    Matrix out(m.rows(), m.cols());
    for (std::size_t i = 0; i < m.size(); ++i) out.data()[i] = f(m.data()[i]);
    return out;
}

Matrix transpose(const Matrix& m) {
    Matrix t(m.cols(), m.rows());
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (std::size_t c = 0; c < m.cols(); ++c) t(c, r) = m(r, c);
    return t;
}

// matmul and matmul_into live in common/matmul.cpp, with the kernel that makes them fast.

Matrix add_row_vector(Matrix m, const Matrix& row) {
    require_row_vector("add_row_vector", m, row);
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (std::size_t c = 0; c < m.cols(); ++c) m(r, c) += row(0, c);
    return m;
}

Matrix mul_row_vector(Matrix m, const Matrix& row) {
    require_row_vector("mul_row_vector", m, row);
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (std::size_t c = 0; c < m.cols(); ++c) m(r, c) *= row(0, c);
    return m;
}

double sum(const Matrix& m) {
    double total = 0.0;
    for (double v : m.values()) total += v;
    return total;
}

double mean(const Matrix& m) {
    require_nonempty("mean", m);
    return sum(m) / static_cast<double>(m.size());
}

double min(const Matrix& m) {
    require_nonempty("min", m);
    return *std::min_element(m.values().begin(), m.values().end());
}

double max(const Matrix& m) {
    require_nonempty("max", m);
    return *std::max_element(m.values().begin(), m.values().end());
}

double norm(const Matrix& m) {
    double total = 0.0;
    for (double v : m.values()) total += v * v;
    return std::sqrt(total);
}

double max_abs_diff(const Matrix& a, const Matrix& b) {
    require_same_shape("max_abs_diff", a, b);
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a.data()[i] - b.data()[i]));
    return worst;
}

void copy_rows(const Matrix& from, std::size_t begin, std::size_t count, Matrix& to) {
    if (begin > from.rows() || count > from.rows() - begin)
        throw std::out_of_range("copy_rows: rows " + std::to_string(begin) + " … " + std::to_string(begin + count) +
                                " of a matrix " + from.shape());
    to.resize(count, from.cols());
    std::copy_n(from.row_data(begin), count * from.cols(), to.data());
}

Matrix gather_rows(const Matrix& m, std::span<const std::size_t> rows) {
    Matrix out(rows.size(), m.cols());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (rows[i] >= m.rows())
            throw std::out_of_range("gather_rows: row " + std::to_string(rows[i]) + " of a matrix " + m.shape());
        std::copy_n(m.row_data(rows[i]), m.cols(), out.row_data(i));
    }
    return out;
}

Matrix sum_rows(const Matrix& m) {
    Matrix out(1, m.cols());
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (std::size_t c = 0; c < m.cols(); ++c) out(0, c) += m(r, c);
    return out;
}

Matrix mean_rows(const Matrix& m) {
    require_nonempty("mean_rows", m);
    return sum_rows(m) / static_cast<double>(m.rows());
}

Matrix sum_cols(const Matrix& m) {
    Matrix out(m.rows(), 1);
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (std::size_t c = 0; c < m.cols(); ++c) out(r, 0) += m(r, c);
    return out;
}

std::vector<std::size_t> argmax_per_row(const Matrix& m) {
    std::vector<std::size_t> out(m.rows(), 0);
    for (std::size_t r = 0; r < m.rows(); ++r)
        for (std::size_t c = 1; c < m.cols(); ++c)
            if (m(r, c) > m(r, out[r])) out[r] = c;
    return out;
}

bool all_finite(const Matrix& m) {
    return std::all_of(m.values().begin(), m.values().end(), [](double v) { return std::isfinite(v); });
}

std::string to_string(const Matrix& m, int precision) {
    std::string out = m.shape() + "\n";
    char cell[64];
    for (std::size_t r = 0; r < m.rows(); ++r) {
        out += "  [";
        for (std::size_t c = 0; c < m.cols(); ++c) {
            std::snprintf(cell, sizeof cell, "%s%.*g", c ? ", " : "", precision, m(r, c));
            out += cell;
        }
        out += "]\n";
    }
    return out;
}

}  // namespace course
