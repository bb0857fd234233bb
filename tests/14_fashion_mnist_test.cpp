// Tests that grade chapter 14. Suite ExNNMM… belongs to exercise NN.MM (see exercises.md); Chapter14…
// suites test the given code and pass on the stubs too.
//
// What the exercises are compared with, never with a copy of the solution:
//   1. hand-built IDX headers (big-endian sizes that read differently little-endian), every boundary of
//      the file size, and the real files' published sizes (60,000 and 10,000 images of 28×28) and first labels;
//   2. hand-written one-hot matrices, a reused buffer, ⌈n/b⌉ at its boundaries;
//   3. central differences of the loss, closed forms (uniform logits give ln K), logits of ±1000;
//   4. hand-counted predictions, ties, and the identity Σ diagonal / n = accuracy;
//   5. torch.nn.init's documented formulas, and sample statistics of chapter 12's init_layer;
//   6. central differences of the MLP's loss through the given forward pass, for ReLU and tanh;
//   7. one pass over the whole set against chunks of every size;
//   8. hand-traced runs of validation losses through early stopping and ReduceLROnPlateau;
//   9. hand-built study records.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/data.hpp"
#include "chapters/14_fashion_mnist/fashion_mnist.hpp"
#include "common/errors.hpp"
#include "tests/support/teach.hpp"

namespace fm = course::fashion_mnist;
using course::Matrix;

namespace {

bool have_data() { return std::filesystem::exists(std::string(fm::kDefaultDataDir) + "/train-labels-idx1-ubyte.gz"); }

// Runs f, which must throw course::DataError whose message names `file` and contains `words`.
template <class F>
void expect_data_error(F f, const std::string& file, const std::string& words, const std::string& input) {
    try {
        f();
        ADD_FAILURE() << input << ": expected a course::DataError mentioning \"" << words << "\", nothing was thrown";
    } catch (const course::DataError& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find(file), std::string::npos) << input << ": the message should name the file " << file
                                                         << "; got: " << message;
        EXPECT_NE(message.find(words), std::string::npos) << input << ": the message should say \"" << words
                                                          << "\"; got: " << message;
    } catch (const course::NotImplemented&) {
        throw;
    } catch (const std::exception& e) {
        ADD_FAILURE() << input << ": expected a course::DataError, got another exception: " << e.what();
    }
}

std::vector<std::uint8_t> idx_bytes(std::uint8_t type, const std::vector<std::uint32_t>& dims, std::size_t elements) {
    std::vector<std::uint8_t> bytes{0, 0, type, static_cast<std::uint8_t>(dims.size())};
    for (const std::uint32_t d : dims)
        for (int shift = 24; shift >= 0; shift -= 8) bytes.push_back(static_cast<std::uint8_t>(d >> shift));
    for (std::size_t i = 0; i < elements; ++i) bytes.push_back(static_cast<std::uint8_t>(i % 10));
    return bytes;
}

// gzip -9 of a short sentence (one block of fixed Huffman codes), made with Python's gzip module.
const std::vector<std::uint8_t> kFixedGzip{
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0xf3, 0x74, 0x89, 0xb0, 0x57, 0xc8, 0xcb, 0xb7,
    0x52, 0x28, 0xc9, 0x48, 0x55, 0x28, 0x2c, 0xcd, 0x4c, 0xce, 0x56, 0x48, 0x2a, 0xca, 0x2f, 0xcf, 0x53, 0x48,
    0xcb, 0xaf, 0x50, 0xc8, 0x2a, 0xcd, 0x2d, 0x28, 0x56, 0xc8, 0x2f, 0x4b, 0x2d, 0x02, 0x4b, 0xe7, 0x24, 0x56,
    0x55, 0x2a, 0xa4, 0xe4, 0xa7, 0xeb, 0x60, 0x55, 0x9c, 0x98, 0x9e, 0x98, 0x99, 0xa7, 0x90, 0x98, 0x97, 0x82,
    0xce, 0xd2, 0x03, 0x00, 0x0f, 0x61, 0x71, 0x5b, 0x64, 0x00, 0x00, 0x00};
const std::string kSentence =
    "IDX? no: the quick brown fox jumps over the lazy dog, the quick brown fox again and again and again.";

}  // namespace

// ---- given code: gunzip ---------------------------------------------------------------------------------------
TEST(Chapter14Gzip, InflatesFixedHuffmanCodesAndBackReferences) {
    const std::vector<std::uint8_t> out = fm::gunzip(kFixedGzip, "sentence.gz");
    EXPECT_EQ(std::string(out.begin(), out.end()), kSentence);
    EXPECT_EQ(fm::gzip_original_size(kFixedGzip, "sentence.gz"), kSentence.size());
    const std::vector<std::uint8_t> prefix = fm::gunzip(kFixedGzip, "sentence.gz", 20);
    EXPECT_EQ(std::string(prefix.begin(), prefix.end()), kSentence.substr(0, 20)) << "a limit of 20 bytes";
}

TEST(Chapter14Gzip, NamesTheFileOfATruncatedOrCorruptStream) {
    std::vector<std::uint8_t> bad_crc = kFixedGzip;
    bad_crc[bad_crc.size() - 6] ^= 0xFF;
    expect_data_error([&] { fm::gunzip(bad_crc, "crc.gz"); }, "crc.gz", "CRC", "a flipped CRC byte");
    std::vector<std::uint8_t> not_gzip = kFixedGzip;
    not_gzip[0] = 0x1e;
    expect_data_error([&] { fm::gunzip(not_gzip, "magic.gz"); }, "magic.gz", "magic", "a wrong first byte");
    const std::vector<std::uint8_t> cut(kFixedGzip.begin(), kFixedGzip.begin() + 40);
    expect_data_error([&] { fm::gunzip(cut, "cut.gz"); }, "cut.gz", "not a valid gzip", "the first 40 bytes only");
}

TEST(Chapter14Gzip, InflatesTheWholeTestLabelsFileWithItsDynamicCodes) {
    if (!have_data()) GTEST_SKIP() << fm::kDataPackage << " is not installed";
    const std::string path = std::string(fm::kDefaultDataDir) + "/t10k-labels-idx1-ubyte.gz";
    std::ifstream in(path, std::ios::binary);
    const std::vector<std::uint8_t> gz{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    const std::vector<std::uint8_t> out = fm::gunzip(gz, path);  // checks the length and the CRC-32
    ASSERT_EQ(out.size(), 10008u);
    EXPECT_EQ(out[7], 0x10) << "10,000 = 0x2710";
    const std::vector<std::uint8_t> first{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
    EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 8, out.begin() + 18), first) << "the test set's first labels";
}

// ---- 14.1 the IDX header ----------------------------------------------------------------------------------------
TEST(Ex1401IdxHeader, ReadsALabelsAndAnImagesHeader) {
    const auto labels = idx_bytes(0x08, {3}, 3);
    const fm::IdxHeader h = fm::parse_idx_header(labels, labels.size(), 1, "labels");
    EXPECT_EQ(h.element_type, 0x08);
    EXPECT_EQ(h.dims, (std::vector<std::size_t>{3}));
    EXPECT_EQ(h.data_offset, 8u) << "4 magic bytes + one 4-byte size";
    // 2 = 00 00 00 02 big-endian; read little-endian it would be 33,554,432.
    const auto images = idx_bytes(0x08, {2, 28, 28}, 2 * 784);
    const fm::IdxHeader g = fm::parse_idx_header(images, images.size(), 3, "images");
    EXPECT_EQ(g.dims, (std::vector<std::size_t>{2, 28, 28})) << "sizes are 32-bit big-endian";
    EXPECT_EQ(g.data_offset, 16u);
    EXPECT_EQ(g.items(), 2u);
    EXPECT_EQ(g.item_size(), 784u);
}

TEST(Ex1401IdxHeader, ReadsAllFourBytesOfASize) {
    // 60,000 = 0x0000EA60 and 70,000 = 0x00011170: the upper bytes count.
    const auto header = idx_bytes(0x08, {70000}, 0);
    const fm::IdxHeader h = fm::parse_idx_header(header, 8 + 70000, 1, "big");
    EXPECT_EQ(h.items(), 70000u) << "bytes 00 01 11 70";
    const auto huge = idx_bytes(0x08, {0x01020304}, 0);
    EXPECT_EQ(fm::parse_idx_header(huge, 8 + 0x01020304u, 1, "huge").items(), 0x01020304u) << "bytes 01 02 03 04";
}

TEST(Ex1401IdxHeader, NeedsOnlyTheHeaderWhenTheFileSizeIsGiven) {
    const auto header = idx_bytes(0x08, {60000, 28, 28}, 0);
    const fm::IdxHeader h = fm::parse_idx_header(header, 16 + 60000u * 784u, 3, "train-images");
    EXPECT_EQ(h.items(), 60000u) << "head holds the 16 header bytes only, file_size the whole length";
}

TEST(Ex1401IdxHeader, RejectsAWrongMagicTypeOrDimensionCount) {
    auto bytes = idx_bytes(0x08, {3}, 3);
    bytes[0] = 1;
    expect_data_error([&] { fm::parse_idx_header(bytes, bytes.size(), 1, "m0.idx"); }, "m0.idx", "magic", "byte 0 = 1");
    bytes = idx_bytes(0x08, {3}, 3);
    bytes[1] = 8;
    expect_data_error([&] { fm::parse_idx_header(bytes, bytes.size(), 1, "m1.idx"); }, "m1.idx", "magic", "byte 1 = 8");
    bytes = idx_bytes(0x0D, {3}, 3);  // 0x0D: float
    expect_data_error([&] { fm::parse_idx_header(bytes, bytes.size(), 1, "float.idx"); }, "float.idx", "0x08",
                      "element type 0x0D (float)");
    bytes = idx_bytes(0x08, {3}, 3);
    expect_data_error([&] { fm::parse_idx_header(bytes, bytes.size(), 3, "labels.idx"); }, "labels.idx", "dimension",
                      "a labels file (1 dimension) read as images (3)");
}

TEST(Ex1401IdxHeader, RejectsATruncatedHeaderOrFile) {
    const std::vector<std::uint8_t> three{0, 0, 8};
    expect_data_error([&] { fm::parse_idx_header(three, 3, 1, "tiny.idx"); }, "tiny.idx", "truncated", "3 bytes");
    const auto images = idx_bytes(0x08, {2, 28, 28}, 0);
    const std::vector<std::uint8_t> cut(images.begin(), images.begin() + 12);
    expect_data_error([&] { fm::parse_idx_header(cut, 12, 3, "cut.idx"); }, "cut.idx", "truncated",
                      "a 3-dimensional header cut after 12 of its 16 bytes");
    const auto labels = idx_bytes(0x08, {5}, 5);
    expect_data_error([&] { fm::parse_idx_header(labels, 12, 1, "short.idx"); }, "short.idx", "truncated",
                      "5 labels promised, 4 present (file_size 12 = 8 + 4)");
    expect_data_error([&] { fm::parse_idx_header(labels, 14, 1, "long.idx"); }, "long.idx", "trailing",
                      "5 labels promised, 6 present (file_size 14)");
    EXPECT_NO_THROW(fm::parse_idx_header(labels, 13, 1, "exact.idx")) << "file_size 13 = 8 + 5 exactly";
}

TEST(Ex1401IdxHeader, RejectsASizeOfZero) {
    const auto bytes = idx_bytes(0x08, {4, 0, 28}, 0);
    expect_data_error([&] { fm::parse_idx_header(bytes, bytes.size(), 3, "empty.idx"); }, "empty.idx", "size 0",
                      "dimensions 4 × 0 × 28");
}

TEST(Ex1401IdxHeader, LoadsFashionMnistWithItsPublishedSizesAndLabels) {
    if (!have_data()) GTEST_SKIP() << fm::kDataPackage << " is not installed";
    const fm::IdxFile train = fm::read_idx(fm::kDefaultDataDir, "train-labels-idx1-ubyte", 1);
    EXPECT_EQ(train.header.items(), 60000u);
    const fm::FashionMnist data = fm::load_fashion_mnist({.train = 5, .validation = 5, .test = 3});
    const std::vector<double> first{9, 0, 0, 3, 0, 2, 7, 2, 5, 5};  // the training file's first ten labels
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(data.validation.Y(i, 0), first[i]) << "validation = the training file's first images, label " << i;
        EXPECT_EQ(data.train.Y(i, 0), first[5 + i]) << "training = the images after them, label " << i;
    }
    EXPECT_EQ(data.test.Y(0, 0), 9.0);
    EXPECT_EQ(data.train.X.cols(), 784u);
    EXPECT_NEAR(course::sum(Matrix(1, 784, std::vector<double>(fm::image_pixels(data.validation.X, 0)))), 76247 / 255.0,
                1e-9)
        << "the first training image's pixel sum (Python's gzip reads 76,247)";
}

TEST(Chapter14Data, AMissingFolderNamesThePackageAndTheInstallCommand) {
    expect_data_error([] { fm::load_fashion_mnist({.dir = "/nonexistent/fashion"}); }, "/nonexistent/fashion",
                      "apt-get install dataset-fashion-mnist", "--data /nonexistent/fashion");
}

// ---- 14.2 one-hot targets and the steps of an epoch ----------------------------------------------------------------
TEST(Ex1402OneHot, PutsAOneInTheLabelsColumn) {
    Matrix out;
    fm::one_hot_into(out, Matrix::column({2, 0, 9}), 10);
    ASSERT_EQ(out.shape(), Matrix(3, 10).shape());
    for (std::size_t i = 0; i < 3; ++i)
        for (std::size_t k = 0; k < 10; ++k) {
            const double want = (i == 0 && k == 2) || (i == 1 && k == 0) || (i == 2 && k == 9) ? 1.0 : 0.0;
            EXPECT_EQ(out(i, k), want) << "one_hot of labels {2, 0, 9}, entry (" << i << ", " << k << ")";
        }
}

TEST(Ex1402OneHot, ClearsTheOnesOfTheBatchBefore) {
    Matrix out;
    fm::one_hot_into(out, Matrix::column({1, 1, 1, 1}), 3);
    fm::one_hot_into(out, Matrix::column({0, 2}), 3);
    ASSERT_EQ(out.shape(), Matrix(2, 3).shape()) << "the second batch has 2 rows";
    EXPECT_EQ(out, Matrix::from_rows({{1, 0, 0}, {0, 0, 1}}))
        << "labels {0, 2} into a buffer that held labels {1, 1, 1, 1}: every entry must be written, got\n"
        << course::to_string(out);
}

TEST(Ex1402OneHot, RejectsALabelOutsideTheClasses) {
    Matrix out;
    EXPECT_THROW(fm::one_hot_into(out, Matrix::column({0, 3}), 3), std::invalid_argument) << "label 3 with 3 classes (0, 1, 2)";
    EXPECT_THROW(fm::one_hot_into(out, Matrix::column({-1}), 3), std::invalid_argument) << "label −1";
    EXPECT_THROW(fm::one_hot_into(out, Matrix::column({1.5}), 3), std::invalid_argument) << "label 1.5";
    EXPECT_THROW(fm::one_hot_into(out, Matrix::column({std::nan("")}), 3), std::invalid_argument) << "label NaN";
    EXPECT_NO_THROW(fm::one_hot_into(out, Matrix::column({2}), 3)) << "label 2 with 3 classes";
}

TEST(Ex1402OneHot, CountsTheStepsOfAnEpochWithTheLastBatchShort) {
    EXPECT_EQ(fm::steps_per_epoch(50000, 64), 782u) << "50,000 = 781·64 + 16: 782 batches, the last of 16";
    EXPECT_EQ(fm::steps_per_epoch(128, 64), 2u) << "128 = 2·64 exactly";
    EXPECT_EQ(fm::steps_per_epoch(129, 64), 3u) << "129 = 2·64 + 1";
    EXPECT_EQ(fm::steps_per_epoch(5, 32), 1u) << "fewer examples than a batch";
    EXPECT_EQ(fm::steps_per_epoch(0, 32), 0u) << "no examples";
    EXPECT_THROW(fm::steps_per_epoch(10, 0), std::invalid_argument) << "batch_size 0";
}
