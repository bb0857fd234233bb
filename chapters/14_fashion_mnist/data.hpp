// Chapter 14, given code: Fashion-MNIST from Debian's dataset-fashion-mnist package (or any folder
// holding the four IDX files, gzipped or not), with the class names and a fixed validation split.
//
// Debian ships the files gzipped only, so the course inflates them (gunzip.cpp: the RFC 1952 header and
// trailer read here, the DEFLATE stream inflated by stb_image's zlib decoder) into memory, whole, so that
// the trailer's CRC-32 and length vouch for every byte. Every problem with a file — missing, a directory,
// a symbolic-link loop, truncated, corrupt, a header whose sizes overflow or disagree with its partner —
// is a course::DataError naming the file, what is wrong and how to get a good one.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/fashion_mnist.hpp"

namespace course::fashion_mnist {

inline constexpr const char* kDefaultDataDir = "/usr/share/datasets/fashion-mnist";
inline constexpr const char* kDataPackage = "dataset-fashion-mnist";

// The ten classes, in label order 0…9.
const std::array<std::string, kClasses>& class_names();

// What to do about a bad or missing file: install the package, or point --data at the four files.
std::string install_advice();

// ---- gzip (gunzip.cpp) ---------------------------------------------------------------------------------
// Inflates a whole .gz file held in memory and checks it against its trailer (length and CRC-32).
// Throws course::DataError naming `file`: not gzip, truncated, corrupt, or a CRC that does not match.
std::vector<std::uint8_t> gunzip(const std::vector<std::uint8_t>& gz, const std::string& file);
// The first `count` inflated bytes, or fewer if the stream ends or breaks before; no trailer check (it
// needs the whole). For reading a header inside before deciding what to do with the rest.
std::vector<std::uint8_t> gunzip_head(const std::vector<std::uint8_t>& gz, const std::string& file, std::size_t count);
// The original length that the trailer records (mod 2³², which the IDX files are far below).
std::size_t gzip_original_size(const std::vector<std::uint8_t>& gz, const std::string& file);
// The CRC-32 of RFC 1952 (the same as zlib's crc32 and Python's zlib.crc32).
std::uint32_t crc32(std::span<const std::uint8_t> bytes);

// ---- IDX files (idx.cpp) ----------------------------------------------------------------------------------
// `dir`/`stem`, or else `dir`/`stem`.gz, read and checked by parse_idx_header (exercise 14.1); only the
// first max_items items are kept in `bytes` (all of them by default).
struct IdxFile {
    std::string path;
    IdxHeader header;
    std::vector<std::uint8_t> bytes;  // the header, then min(items, max_items) items
};
IdxFile read_idx(const std::string& dir, const std::string& stem, std::size_t expected_dims,
                 std::size_t max_items = std::numeric_limits<std::size_t>::max());

// ---- the data set (idx.cpp) ----------------------------------------------------------------------------------
// The training file's first `validation` images are the validation set (fixed, whatever the seed), the
// next `train` ones the training set; the test set is the first `test` of the test file, touched only for
// the final numbers. Pixels are scaled to [0, 1]; Y is the label column.
struct DataOptions {
    std::string dir = kDefaultDataDir;
    std::size_t train = 50000;
    std::size_t validation = 10000;
    std::size_t test = 10000;
};
// The study's data: three Datasets, and what the study needs to know of them — the class names
// (K = their number: the MLP's output width), the hidden layers of its MLP, and whether the rows are
// 28×28 images (figures 30 and 35 draw them). Fashion-MNIST fills it here; a table of your own,
// table.hpp's load_table ("Your own data" in the README). (Named for what it is to the study, not for
// Fashion-MNIST, since a table fills it as well.)
struct StudyData {
    Dataset train, validation, test;
    std::string dir;  // where the files were read (a table: the CSV file)
    std::vector<std::string> classes;                // class k's name, k = 0 … K − 1
    std::vector<std::size_t> hidden{256, 128};       // the widths of the MLP's hidden layers
    bool images = true;
    // inputs → hidden… → K: the shape of the study's MLP (784 → 256 → 128 → 10 for Fashion-MNIST).
    std::vector<std::size_t> mlp_sizes() const;
};
// Throws course::DataError for a missing or bad file (with the install command), or when the files
// hold fewer images than asked for.
StudyData load_fashion_mnist(const DataOptions& options);
// Image i of X as 784 values, row 0 at the top: for plot::Axes::image.
std::vector<double> image_pixels(const Matrix& X, std::size_t i);

}  // namespace course::fashion_mnist
