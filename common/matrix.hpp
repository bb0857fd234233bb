// Matrix: a dense, row-major matrix of doubles, the one numeric type of the course.
//
// Element (r, c) lives at data()[r * cols() + c]. A row vector is a 1×n matrix, a column vector n×1.
// Every operation checks shapes and throws course::ShapeError naming the operation and both shapes,
// e.g. "matmul: inner dimensions differ: (32×1024) · (32×16)".
//
// Operations that allocate return a new Matrix; the *_into variants write into a matrix the caller
// owns and never allocate once it has the right shape, which is what training loops use.
#pragma once

#include <cstddef>
#include <functional>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

namespace course {

class Matrix {
public:
    Matrix() = default;
    Matrix(std::size_t rows, std::size_t cols, double fill = 0.0);
    Matrix(std::size_t rows, std::size_t cols, std::vector<double> values);
    // Matrix::from_rows({{1, 2}, {3, 4}}) — all rows must have the same length.
    static Matrix from_rows(std::initializer_list<std::initializer_list<double>> rows);
    static Matrix column(const std::vector<double>& values);  // n×1
    static Matrix row(const std::vector<double>& values);     // 1×n
    static Matrix identity(std::size_t n);

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }
    std::size_t size() const { return values_.size(); }
    bool empty() const { return values_.empty(); }
    bool same_shape(const Matrix& other) const { return rows_ == other.rows_ && cols_ == other.cols_; }
    std::string shape() const;  // "(3×4)"

    // Unchecked access for inner loops; at() checks the indices and names them when out of range.
    double& operator()(std::size_t r, std::size_t c) { return values_[r * cols_ + c]; }
    double operator()(std::size_t r, std::size_t c) const { return values_[r * cols_ + c]; }
    double& at(std::size_t r, std::size_t c);
    double at(std::size_t r, std::size_t c) const;
    double* data() { return values_.data(); }
    const double* data() const { return values_.data(); }
    double* row_data(std::size_t r) { return values_.data() + r * cols_; }
    const double* row_data(std::size_t r) const { return values_.data() + r * cols_; }
    const std::vector<double>& values() const { return values_; }

    // Re-shapes to rows×cols, reusing the storage when it is large enough; contents are unspecified
    // unless fill is given. Used by *_into functions so that a buffer allocates once, then never.
    void resize(std::size_t rows, std::size_t cols);
    void fill(double value);

    Matrix& operator+=(const Matrix& other);
    Matrix& operator-=(const Matrix& other);
    Matrix& operator*=(const Matrix& other);  // element-wise (Hadamard)
    Matrix& operator/=(const Matrix& other);  // element-wise
    Matrix& operator+=(double scalar);
    Matrix& operator-=(double scalar);
    Matrix& operator*=(double scalar);
    Matrix& operator/=(double scalar);
    // this += scale * other, the axpy of BLAS, without a temporary.
    Matrix& add_scaled(const Matrix& other, double scale);

private:
    std::size_t rows_ = 0;
    std::size_t cols_ = 0;
    std::vector<double> values_;
};

// Element-wise arithmetic; shapes must match exactly (use add_row_vector to broadcast).
Matrix operator+(Matrix a, const Matrix& b);
Matrix operator-(Matrix a, const Matrix& b);
Matrix operator*(Matrix a, const Matrix& b);  // element-wise
Matrix operator/(Matrix a, const Matrix& b);  // element-wise
Matrix operator+(Matrix a, double s);
Matrix operator-(Matrix a, double s);
Matrix operator*(Matrix a, double s);
Matrix operator*(double s, Matrix a);
Matrix operator/(Matrix a, double s);
Matrix operator-(Matrix a);
bool operator==(const Matrix& a, const Matrix& b);

Matrix map(const Matrix& m, const std::function<double(double)>& f);
Matrix transpose(const Matrix& m);

// The matrix product. The _into form computes C = op(A)·op(B) where op transposes when asked, reading
// the transposed operand in place (no copy), so the backward pass of a layer, dW = δᵀ·h and
// dh = δ·W, costs no allocation. C must not alias A or B.
Matrix matmul(const Matrix& a, const Matrix& b);
void matmul_into(Matrix& c, const Matrix& a, const Matrix& b, bool transpose_a = false,
                 bool transpose_b = false);

// tanh of every entry, out = tanh(in), written so that the compiler vectorises the loop (std::tanh is
// one library call per entry); within 3 units in the last place of std::tanh. out may be in.
void tanh_into(Matrix& out, const Matrix& in);

// Row broadcasting: adds (or multiplies by) a 1×cols row to every row, as `X + b` does in numpy.
Matrix add_row_vector(Matrix m, const Matrix& row);
Matrix mul_row_vector(Matrix m, const Matrix& row);

// Row slicing: the one place that copies rows, for batches, folds and chunks. to ← rows [begin, begin +
// count) of from, resized to count × from.cols() (no allocation once `to` has been that large, so a loop
// can slice every batch into one buffer); and the rows `rows` of m in that order (a shuffled batch, a
// fold). Both throw std::out_of_range for a row past the end.
void copy_rows(const Matrix& from, std::size_t begin, std::size_t count, Matrix& to);
Matrix gather_rows(const Matrix& m, std::span<const std::size_t> rows);

// Reductions.
double sum(const Matrix& m);
double mean(const Matrix& m);
double min(const Matrix& m);
double max(const Matrix& m);
double norm(const Matrix& m);         // Frobenius: sqrt of the sum of squares
double max_abs_diff(const Matrix& a, const Matrix& b);
Matrix sum_rows(const Matrix& m);     // 1×cols: the sum over rows of each column (the bias gradient)
Matrix mean_rows(const Matrix& m);    // 1×cols
Matrix sum_cols(const Matrix& m);     // rows×1: the sum over columns of each row
std::vector<std::size_t> argmax_per_row(const Matrix& m);
bool all_finite(const Matrix& m);

std::string to_string(const Matrix& m, int precision = 4);

}  // namespace course
