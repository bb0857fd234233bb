// Chapter 14, given code: your own data. A plain CSV table — a header of column names, then rows of
// numbers, one column of class labels — read into the same three Datasets that Fashion-MNIST fills, so
// that the study runs on it unchanged (README, "Your own data"):
//
//     make run CH=14 ARGS="--csv chapters/14_fashion_mnist/example_beetles.csv --target species"
//
// The format, what the reader accepts:
//   - the first line is the header: column names, unique and non-empty; a UTF-8 byte-order mark before
//     it is skipped;
//   - every other line is a row with as many comma-separated fields as the header; spaces and tabs
//     around a field are dropped; lines may end in \n or \r\n; empty lines at the end are ignored;
//   - a feature is a finite decimal number (strtod's syntax: 3, -0.5, 1e-3; not nan, inf or "");
//   - the target column (--target; default the last) holds class labels: whole numbers, or names. The
//     classes are numbered in sorted order — by value when every label is a number (so 2 comes before
//     10), by text otherwise — so that reordering the file's rows never renames a class;
//   - quoted fields are not supported (a field with a " is an error): the fields are numbers and short
//     names, which need neither quotes nor commas.
// Everything else is a course::DataError (exit status 2) naming the file, the line (1-based, as an
// editor counts them) and the column.
//
// The split: the rows are shuffled with course::Rng(seed) (Fisher–Yates), and then the first 60% train,
// the next 20% validate and the last 20% test (rounded: validation and test get ⌊n/5⌋ rows each, the
// training set the rest). A table needs at least 10 rows, so that every part holds 2.
// Standardisation: each feature becomes (x − mean)/std with the training rows' mean and standard
// deviation (divided by n), applied to all three parts; the validation and test rows never inform it. A
// column that is constant on the training rows carries nothing to learn: it is set to 0 everywhere and
// listed in `constant_features`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/data.hpp"

namespace course::fashion_mnist {

// The file as text fields, checked for shape only (a header, the same number of fields on every row).
struct CsvTable {
    std::string file;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
    std::vector<std::size_t> lines;  // the file's line (from 1) of each row, for messages
};
CsvTable read_csv(const std::string& path);

struct TableOptions {
    std::string target;  // the column of class labels; empty: the last column
    std::uint64_t seed = 42;
};
struct Table {
    StudyData data;  // train / validation / test, standardised; classes named; images = false
    std::string target;
    std::vector<std::string> features;           // the feature columns, in the file's order
    std::vector<std::string> constant_features;  // constant on the training rows: set to 0
    std::vector<std::size_t> class_counts;       // rows of each class in the whole file
};
// The hidden layers of the MLP on a table: 64 → 32 (a few hundred rows fit 256 → 128's 35,000 weights
// by heart; 64 → 32 still has room for curved class boundaries).
inline const std::vector<std::size_t> kTableHidden{64, 32};
Table load_table(const std::string& path, const TableOptions& options);

}  // namespace course::fashion_mnist
