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
//   9. hand-built study records;
//  2, 4 and 7 again on 3 and 12 classes, as a table of your own (--csv) has them: kClasses = 10 is wrong there;
//  and the reader of your own table (table.hpp): hand-made CSV files, each one flaw, and the error that
//  names its file, line and column.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/data.hpp"
#include "chapters/14_fashion_mnist/fashion_mnist.hpp"
#include "chapters/14_fashion_mnist/model.hpp"
#include "chapters/14_fashion_mnist/study.hpp"
#include "chapters/14_fashion_mnist/table.hpp"
#include "common/gradcheck.hpp"
#include "common/random.hpp"
#include "common/records.hpp"
#include "common/errors.hpp"
#include "tests/support/picture.hpp"
#include "tests/support/teach.hpp"

namespace fm = course::fashion_mnist;
namespace fs = std::filesystem;
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

// With --csv the study has K classes, the table's, and Fashion-MNIST's kClasses = 10 is no longer K.
// Runs f on a K-class problem: an exception (other than a stub's NotImplemented) is a failure that
// says what threw and where K comes from. Returns whether f ran through.
template <class F>
bool runs_with_classes(F f, std::size_t K, const std::string& what) {
    try {
        f();
        return true;
    } catch (const course::NotImplemented&) {
        throw;
    } catch (const std::exception& e) {
        ADD_FAILURE() << what << ": expected it to work with K = " << K << " classes, got an exception: " << e.what()
                      << "\nhint: a table of your own (--csv) has K = " << K << " classes: take K from the logits' "
                      << "width (logits.cols(), model.layers.back().W.cols()) or the `classes` argument, not kClasses "
                      << "(Fashion-MNIST's 10)";
        return false;
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

std::vector<std::uint8_t> file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::string& path, const std::vector<std::uint8_t>& bytes) {
    std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                static_cast<std::streamsize>(bytes.size()));
}

void push_le32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    for (int shift = 0; shift < 32; shift += 8) out.push_back(static_cast<std::uint8_t>(value >> shift));
}

// `data` as a .gz file of stored (uncompressed) DEFLATE blocks of 64 bytes (RFC 1951, 3.2.4): a corrupt
// or cut copy can be made byte by byte knowing where everything is.
std::vector<std::uint8_t> gzip_stored(const std::vector<std::uint8_t>& data) {
    std::vector<std::uint8_t> gz{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3};
    for (std::size_t at = 0; at < data.size() || at == 0; at += 64) {
        const std::size_t n = std::min<std::size_t>(64, data.size() - at);
        gz.push_back(at + n >= data.size() ? 1 : 0);  // BFINAL on the last block, BTYPE 00
        gz.push_back(static_cast<std::uint8_t>(n));
        gz.push_back(0);
        gz.push_back(static_cast<std::uint8_t>(~n));
        gz.push_back(0xFF);
        gz.insert(gz.end(), data.begin() + static_cast<std::ptrdiff_t>(at), data.begin() + static_cast<std::ptrdiff_t>(at + n));
    }
    push_le32(gz, fm::crc32(data));
    push_le32(gz, static_cast<std::uint32_t>(data.size()));
    return gz;
}

// A fresh folder per test, removed at the end.
class Folder {
public:
    Folder() {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        path_ = fs::path(::testing::TempDir()) /
                ("ch14_" + std::to_string(::getpid()) + "_" + info->test_suite_name() + "_" + info->name());
        fs::remove_all(path_);
        fs::create_directories(path_);
    }
    ~Folder() { fs::remove_all(path_); }
    std::string str() const { return path_.string(); }
    std::string path(const std::string& name) const { return (path_ / name).string(); }

private:
    fs::path path_;
};

}  // namespace

// ---- given code: gunzip ---------------------------------------------------------------------------------------
TEST(Chapter14Gzip, InflatesFixedHuffmanCodesAndBackReferences) {
    const std::vector<std::uint8_t> out = fm::gunzip(kFixedGzip, "sentence.gz");
    EXPECT_EQ(std::string(out.begin(), out.end()), kSentence);
    EXPECT_EQ(fm::gzip_original_size(kFixedGzip, "sentence.gz"), kSentence.size());
    const std::vector<std::uint8_t> prefix = fm::gunzip_head(kFixedGzip, "sentence.gz", 20);
    EXPECT_EQ(std::string(prefix.begin(), prefix.end()), kSentence.substr(0, 20)) << "the first 20 bytes";
    const std::vector<std::uint8_t> all = fm::gunzip_head(kFixedGzip, "sentence.gz", 1000);
    EXPECT_EQ(all.size(), kSentence.size()) << "a head longer than the data is the data";
}

TEST(Chapter14Gzip, ComputesTheCrc32OfRfc1952) {
    const std::string digits = "123456789";  // the standard check value of CRC-32
    EXPECT_EQ(fm::crc32({reinterpret_cast<const std::uint8_t*>(digits.data()), digits.size()}), 0xCBF43926u);
    EXPECT_EQ(fm::crc32({}), 0u);
}

TEST(Chapter14Gzip, ReadsTheOptionalHeaderFields) {
    // FEXTRA, FNAME, FCOMMENT and FHCRC all set: the stream starts after all four.
    std::vector<std::uint8_t> gz(kFixedGzip.begin(), kFixedGzip.begin() + 10);
    gz[3] = 0x02 | 0x04 | 0x08 | 0x10;
    const std::string fields{"\x03\x00" "abc" "n.txt\x00" "hi\x00", 14};  // FEXTRA 3 bytes, FNAME, FCOMMENT
    gz.insert(gz.end(), fields.begin(), fields.end());
    const std::uint32_t crc = fm::crc32(gz);
    gz.push_back(static_cast<std::uint8_t>(crc));
    gz.push_back(static_cast<std::uint8_t>(crc >> 8));
    gz.insert(gz.end(), kFixedGzip.begin() + 10, kFixedGzip.end());
    const std::vector<std::uint8_t> out = fm::gunzip(gz, "fields.gz");
    EXPECT_EQ(std::string(out.begin(), out.end()), kSentence) << "a header with every optional field";
    gz[12] ^= 0x01;  // inside FEXTRA: the header's CRC-16 no longer matches
    expect_data_error([&] { fm::gunzip(gz, "hcrc.gz"); }, "hcrc.gz", "CRC-16", "a changed FEXTRA byte under FHCRC");
}

TEST(Chapter14Gzip, NamesTheFileOfATruncatedOrCorruptStream) {
    std::vector<std::uint8_t> bad_crc = kFixedGzip;
    bad_crc[bad_crc.size() - 6] ^= 0xFF;
    expect_data_error([&] { fm::gunzip(bad_crc, "crc.gz"); }, "crc.gz", "CRC-32", "a flipped CRC byte");
    std::vector<std::uint8_t> not_gzip = kFixedGzip;
    not_gzip[0] = 0x1e;
    expect_data_error([&] { fm::gunzip(not_gzip, "magic.gz"); }, "magic.gz", "magic", "a wrong first byte");
    const std::vector<std::uint8_t> cut(kFixedGzip.begin(), kFixedGzip.begin() + 40);
    expect_data_error([&] { fm::gunzip(cut, "cut.gz"); }, "cut.gz", "truncated", "the first 40 bytes only");
    const std::vector<std::uint8_t> stub(kFixedGzip.begin(), kFixedGzip.begin() + 12);
    expect_data_error([&] { fm::gunzip(stub, "stub.gz"); }, "stub.gz", "truncated", "the first 12 bytes only");
}

TEST(Chapter14Gzip, AFlippedByteInTheMiddleIsCorrupt) {
    // Whichever way the decoder takes the changed bit (an invalid code, or other bytes), the file must not
    // inflate silently: either the stream breaks or the CRC-32 disagrees. Not the stream's last byte: its
    // high bits are padding after the end-of-block code, which carry nothing (gzip itself ignores them).
    for (std::size_t at = 10; at + 9 < kFixedGzip.size(); ++at) {
        std::vector<std::uint8_t> flipped = kFixedGzip;
        flipped[at] ^= 0x10;
        expect_data_error([&] { fm::gunzip(flipped, "flip.gz"); }, "flip.gz", "corrupt",
                          "bit 4 of compressed byte " + std::to_string(at) + " flipped");
    }
}

TEST(Chapter14Gzip, InflatesTheWholeTestLabelsFileWithItsDynamicCodes) {
    if (!have_data()) GTEST_SKIP() << fm::kDataPackage << " is not installed";
    const std::string path = std::string(fm::kDefaultDataDir) + "/t10k-labels-idx1-ubyte.gz";
    const std::vector<std::uint8_t> gz = file_bytes(path);
    const std::vector<std::uint8_t> out = fm::gunzip(gz, path);  // checks the length and the CRC-32
    ASSERT_EQ(out.size(), 10008u);
    EXPECT_EQ(out[7], 0x10) << "10,000 = 0x2710";
    const std::vector<std::uint8_t> first{9, 2, 1, 1, 6, 1, 4, 6, 5, 7};
    EXPECT_EQ(std::vector<std::uint8_t>(out.begin() + 8, out.begin() + 18), first) << "the test set's first labels";
}

// ---- given code: the data files' errors -------------------------------------------------------------------------
// Each test builds its bad files in a folder of its own and reads them through read_idx, as the program does.
TEST(Chapter14Data, ACorruptGzippedFileStopsTheRun) {
    const Folder folder;
    std::vector<std::uint8_t> gz = gzip_stored(idx_bytes(0x08, {300}, 300));
    gz[gz.size() / 2] ^= 0x01;  // a label in the middle: the stream still inflates, the CRC-32 tells
    write_file(folder.path("train-labels-idx1-ubyte.gz"), gz);
    expect_data_error([&] { fm::read_idx(folder.str(), "train-labels-idx1-ubyte", 1, 5); },
                      "train-labels-idx1-ubyte.gz", "CRC-32", "one byte flipped in the middle, 5 items asked for");
}

TEST(Chapter14Data, AGzippedFileCutShortIsTruncated) {
    const Folder folder;
    const std::vector<std::uint8_t> gz = gzip_stored(idx_bytes(0x08, {300}, 300));
    write_file(folder.path("train-labels-idx1-ubyte.gz"), {gz.begin(), gz.begin() + gz.size() / 2});
    expect_data_error([&] { fm::read_idx(folder.str(), "train-labels-idx1-ubyte", 1); }, "train-labels-idx1-ubyte.gz",
                      "truncated", "the first half of a gzipped labels file");
    write_file(folder.path("t10k-labels-idx1-ubyte.gz"), {gz.begin(), gz.begin() + 20});
    expect_data_error([&] { fm::read_idx(folder.str(), "t10k-labels-idx1-ubyte", 1); }, "t10k-labels-idx1-ubyte.gz",
                      "truncated", "the first 20 bytes of a gzipped labels file");
    if (!have_data()) GTEST_SKIP() << fm::kDataPackage << " is not installed";
    const std::vector<std::uint8_t> real = file_bytes(std::string(fm::kDefaultDataDir) + "/t10k-labels-idx1-ubyte.gz");
    write_file(folder.path("t10k-labels-idx1-ubyte.gz"), {real.begin(), real.begin() + real.size() / 2});
    expect_data_error([&] { fm::read_idx(folder.str(), "t10k-labels-idx1-ubyte", 1); }, "t10k-labels-idx1-ubyte.gz",
                      "truncated", "the first half of the package's t10k-labels-idx1-ubyte.gz");
}

TEST(Chapter14Data, ADirectoryInPlaceOfAFileIsNamed) {
    const Folder folder;
    fs::create_directories(folder.path("train-labels-idx1-ubyte"));
    expect_data_error([&] { fm::read_idx(folder.str(), "train-labels-idx1-ubyte", 1); }, "train-labels-idx1-ubyte",
                      "a directory", "a folder named train-labels-idx1-ubyte");
}

TEST(Chapter14Data, SymbolicLinksThatLeadNowhereAreNamed) {
    const Folder folder;
    fs::create_symlink("train-labels-idx1-ubyte.gz", folder.path("train-labels-idx1-ubyte"));
    fs::create_symlink("train-labels-idx1-ubyte", folder.path("train-labels-idx1-ubyte.gz"));
    expect_data_error([&] { fm::read_idx(folder.str(), "train-labels-idx1-ubyte", 1); }, "train-labels-idx1-ubyte",
                      "symbolic links", "two links that point at each other");
    fs::create_symlink("gone.idx", folder.path("t10k-labels-idx1-ubyte"));
    expect_data_error([&] { fm::read_idx(folder.str(), "t10k-labels-idx1-ubyte", 1); }, "t10k-labels-idx1-ubyte",
                      "does not exist", "a link to a file that is not there");
}

TEST(Chapter14Data, SizesThatOverflowAreACorruptHeader) {
    const Folder folder;
    // 2³¹ × 2³¹ × 4 = 2⁶⁴, which wraps to 0 in 64 bits: the 16-byte header alone would pass for the whole file.
    write_file(folder.path("train-images-idx3-ubyte"), idx_bytes(0x08, {0x80000000u, 0x80000000u, 4}, 0));
    expect_data_error([&] { fm::read_idx(folder.str(), "train-images-idx3-ubyte", 3); }, "train-images-idx3-ubyte",
                      "multiply to more than 2⁶⁴", "sizes 2³¹ × 2³¹ × 4 in a 16-byte file");
    write_file(folder.path("t10k-images-idx3-ubyte.gz"), gzip_stored(idx_bytes(0x08, {0x80000000u, 0x80000000u, 4}, 0)));
    expect_data_error([&] { fm::read_idx(folder.str(), "t10k-images-idx3-ubyte", 3); }, "t10k-images-idx3-ubyte.gz",
                      "multiply to more than 2⁶⁴", "the same header gzipped");
}

TEST(Ex1401IdxHeader, ReadsAGzippedFileOfStoredBlocks) {
    const Folder folder;
    write_file(folder.path("train-labels-idx1-ubyte.gz"), gzip_stored(idx_bytes(0x08, {300}, 300)));
    const fm::IdxFile file = fm::read_idx(folder.str(), "train-labels-idx1-ubyte", 1, 5);
    EXPECT_EQ(file.header.items(), 300u);
    EXPECT_EQ(file.bytes, idx_bytes(0x08, {300}, 5)) << "the header and the first 5 labels, 0 1 2 3 4";
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
    // 0x80000001: a first byte ≥ 0x80. A uint8_t promotes to int before `<< 24`, which overflows int there.
    const auto high = idx_bytes(0x08, {0x80000001u}, 0);
    std::size_t items = 0;
    EXPECT_NO_THROW(items = fm::parse_idx_header(high, 8 + std::size_t{0x80000001u}, 1, "high").items())
        << "bytes 80 00 00 01 with file_size 8 + 2,147,483,649";
    EXPECT_EQ(items, std::size_t{0x80000001u})
        << "bytes 80 00 00 01 = 2,147,483,649: shift each byte as a std::size_t (a uint8_t shifted by 24 is an int, "
           "which overflows for a byte ≥ 0x80 and sign-extends to about 1.8e19)";
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
    const fm::StudyData data = fm::load_fashion_mnist({.train = 5, .validation = 5, .test = 3});
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

TEST(Ex1402OneHot, HasAColumnPerClassWhateverTheClassCount) {
    for (const std::size_t K : {3u, 12u}) {
        Matrix out;
        const Matrix labels = Matrix::column({0, static_cast<double>(K - 1), 1});
        const std::string what = "one_hot_into(out, labels {0, " + std::to_string(K - 1) + ", 1}, " + std::to_string(K) + ")";
        if (!runs_with_classes([&] { fm::one_hot_into(out, labels, K); }, K, what)) continue;
        EXPECT_TRUE(out.rows() == 3 && out.cols() == K)
            << what << ": expected 3 rows × " << K << " columns, got " << out.shape()
            << "\nhint: one column per class of the `classes` argument, not kClasses (Fashion-MNIST's 10)";
        if (out.rows() == 3 && out.cols() == K) {
            EXPECT_EQ(out(1, K - 1), 1.0) << what << ": row 1 is class " << K - 1 << ", got\n" << course::to_string(out);
        }
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

TEST(Ex1402OneHot, WritesEveryEntryOfAPoisonedBuffer) {
    // The harness rule: a reused buffer is handed over full of garbage (NaN) with the right shape already.
    Matrix out(3, 4);
    course::teach::poison(out);
    fm::one_hot_into(out, Matrix::column({3, 0, 1}), 4);
    EXPECT_EQ(out, Matrix::from_rows({{0, 0, 0, 1}, {1, 0, 0, 0}, {0, 1, 0, 0}}))
        << "labels {3, 0, 1} into a 3×4 buffer full of NaN: every entry must be written (fill with 0 first), got\n"
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

// ---- 14.3 softmax cross-entropy ------------------------------------------------------------------------------------
namespace {

Matrix random_matrix(std::size_t rows, std::size_t cols, std::uint64_t seed, double scale = 1.0) {
    course::Rng rng(seed);
    Matrix m(rows, cols);
    for (std::size_t i = 0; i < m.size(); ++i) m.data()[i] = rng.normal(0.0, scale);
    return m;
}

// Soft targets: each row a random probability vector.
Matrix random_targets(std::size_t rows, std::size_t cols, std::uint64_t seed) {
    course::Rng rng(seed);
    Matrix Y(rows, cols);
    for (std::size_t i = 0; i < rows; ++i) {
        double total = 0.0;
        for (std::size_t k = 0; k < cols; ++k) total += Y(i, k) = rng.uniform(0.1, 1.0);
        for (std::size_t k = 0; k < cols; ++k) Y(i, k) /= total;
    }
    return Y;
}

// The test's own cross-entropy of one row with a one-hot target, written from the definition.
double row_loss(const std::vector<double>& z, std::size_t target) {
    double sum = 0.0;
    for (const double v : z) sum += std::exp(v);
    return -std::log(std::exp(z[target]) / sum);
}

}  // namespace

TEST(Ex1403SoftmaxCrossEntropy, UniformLogitsCostLogK) {
    Matrix Y(3, 10, 0.0);  // classes 3, 0, 7
    Y(0, 3) = Y(1, 0) = Y(2, 7) = 1.0;
    Matrix dlogits;
    const double loss = fm::softmax_cross_entropy(Matrix(3, 10, 0.0), Y, &dlogits);
    EXPECT_TRUE(course::teach::near(loss, std::log(10.0), 1e-12, "ℒ of 3 rows of zero logits, 10 classes (ln 10)"));
    EXPECT_TRUE(course::teach::near(dlogits(0, 3), (0.1 - 1.0) / 3.0, 1e-12, "∂ℒ/∂z of the true class: (0.1 − 1)/n, n = 3"));
    EXPECT_TRUE(course::teach::near(dlogits(0, 4), 0.1 / 3.0, 1e-12, "∂ℒ/∂z of another class: 0.1/n, n = 3"));
}

TEST(Ex1403SoftmaxCrossEntropy, MatchesTheDefinitionAndAveragesOverRows) {
    const Matrix logits = Matrix::from_rows({{1.0, 2.0, 3.0}, {0.5, -1.0, 0.0}});
    const Matrix Y = Matrix::from_rows({{0, 0, 1}, {1, 0, 0}});
    const double want = (row_loss({1, 2, 3}, 2) + row_loss({0.5, -1, 0}, 0)) / 2.0;
    EXPECT_TRUE(course::teach::near(fm::softmax_cross_entropy(logits, Y), want, 1e-12,
                                    "ℒ of logits {{1, 2, 3}, {0.5, −1, 0}}, classes {2, 0}: the mean of −log softmax"));
}

TEST(Ex1403SoftmaxCrossEntropy, StaysFiniteForHugeLogits) {
    const Matrix logits = Matrix::from_rows({{1000.0, 0.0, -1000.0}, {-1000.0, -1000.0, -1000.0}});
    const Matrix Y = Matrix::from_rows({{0, 1, 0}, {1, 0, 0}});
    Matrix dlogits;
    const double loss = fm::softmax_cross_entropy(logits, Y, &dlogits);
    EXPECT_TRUE(course::teach::near(loss, (1000.0 + std::log(3.0)) / 2.0, 1e-9,
                                    "ℒ of logits {1000, 0, −1000} (class 1) and {−1000, −1000, −1000} (class 0): "
                                    "exp(1000) overflows unless the row's maximum is subtracted first"));
    EXPECT_TRUE(course::all_finite(dlogits)) << "dlogits:\n" << course::to_string(dlogits);
    EXPECT_TRUE(course::teach::near(dlogits(0, 0), 0.5, 1e-12, "∂ℒ/∂z₀₀ = (1 − 0)/2"));
}

TEST(Ex1403SoftmaxCrossEntropy, GradientMatchesCentralDifferencesWithSoftTargets) {
    const Matrix logits = random_matrix(4, 5, 7, 2.0);
    const Matrix Y = random_targets(4, 5, 8);
    Matrix dlogits(1, 1);  // the wrong shape: the function must resize it
    fm::softmax_cross_entropy(logits, Y, &dlogits);
    Matrix poisoned(4, 5);  // the right shape, full of NaN: every entry must be written
    course::teach::poison(poisoned);
    fm::softmax_cross_entropy(logits, Y, &poisoned);
    EXPECT_TRUE(course::all_finite(poisoned)) << "dlogits handed over full of NaN (a reused buffer): every entry must be "
                                                 "written, got\n" << course::to_string(poisoned);
    const Matrix numerical = course::numerical_gradient([&](const Matrix& z) { return fm::softmax_cross_entropy(z, Y); }, logits);
    const course::GradCheckReport report = course::compare_gradients(dlogits, numerical);
    EXPECT_LT(report.max_relative_error, 1e-6)
        << "dlogits of 4×5 random logits with soft targets against central differences (a missing 1/n is off by 4×):\n"
        << report.describe();
}

TEST(Ex1403SoftmaxCrossEntropy, RejectsShapesThatDiffer) {
    EXPECT_THROW(fm::softmax_cross_entropy(Matrix(2, 3), Matrix(2, 4)), course::ShapeError) << "logits 2×3, targets 2×4";
}

// ---- 14.4 accuracy and the confusion matrix --------------------------------------------------------------------------
TEST(Ex1404AccuracyConfusion, TheClassCountIsTheLogitsWidth) {
    // A table of your own has K classes, 3 in the bundled example: not Fashion-MNIST's 10.
    const Matrix three = Matrix::from_rows({{2.0, 0.0, 1.0}, {0.0, 3.0, 1.0}, {0.0, 1.0, 4.0}, {5.0, 0.0, 1.0}});
    const Matrix labels = Matrix::column({0, 1, 1, 2});  // predictions 0, 1, 2, 0
    Matrix counts;
    if (runs_with_classes([&] { counts = fm::confusion_matrix(three, labels, 3); }, 3, "confusion_matrix of 4×3 logits, 3 classes")) {
        EXPECT_TRUE(counts.rows() == 3 && counts.cols() == 3)
            << "confusion_matrix of 3 classes: expected a 3×3 matrix, got " << counts.shape()
            << "\nhint: size it by `classes` (the logits' width), not kClasses (Fashion-MNIST's 10)";
        if (counts.rows() == 3 && counts.cols() == 3) {
            EXPECT_EQ(counts, Matrix::from_rows({{1, 0, 0}, {0, 1, 1}, {1, 0, 0}}))
                << "(true, predicted) pairs (0,0), (1,1), (1,2), (2,0), got\n" << course::to_string(counts);
        }
    }
    // Twelve classes: labels 10 and 11 are classes too.
    Matrix twelve(2, 12, 0.0);
    twelve(0, 11) = twelve(1, 10) = 1.0;
    const Matrix high = Matrix::column({11, 10});
    double got = -1.0;
    if (runs_with_classes([&] { got = fm::accuracy(twelve, high); }, 12, "accuracy of 2×12 logits, labels {11, 10}")) {
        EXPECT_EQ(got, 1.0) << "accuracy of 2×12 logits predicting 11 and 10, labels {11, 10}: expected 1, got " << got
                            << "\nhint: a label is a class when it is in [0, K), K the logits' width, not kClasses";
    }
    if (runs_with_classes([&] { counts = fm::confusion_matrix(twelve, high, 12); }, 12, "confusion_matrix of 2×12 logits, 12 classes")) {
        EXPECT_TRUE(counts.rows() == 12 && counts.cols() == 12)
            << "confusion_matrix of 12 classes: expected 12×12, got " << counts.shape()
            << "\nhint: size it by `classes`, not kClasses (Fashion-MNIST's 10)";
        if (counts.rows() == 12 && counts.cols() == 12) {
            EXPECT_EQ(counts(11, 11) + counts(10, 10), 2.0) << "both rows right, got\n" << course::to_string(counts);
        }
    }
}

TEST(Ex1404AccuracyConfusion, CountsRightPredictions) {
    const Matrix logits = Matrix::from_rows({{0.1, 0.9, 0.0}, {2.0, 1.0, 0.0}, {0.0, 0.2, 0.1}, {-1.0, -3.0, -0.5}});
    // predictions 1, 0, 1, 2
    EXPECT_TRUE(course::teach::near(fm::accuracy(logits, Matrix::column({1, 0, 2, 2})), 0.75, 1e-15,
                                    "accuracy of predictions {1, 0, 1, 2} against labels {1, 0, 2, 2}"));
    EXPECT_TRUE(course::teach::near(fm::accuracy(logits, Matrix::column({0, 1, 0, 0})), 0.0, 1e-15,
                                    "accuracy with every label wrong"));
}

TEST(Ex1404AccuracyConfusion, ATieGoesToTheFirstClassAsTorchArgmax) {
    const Matrix logits = Matrix::from_rows({{1.0, 1.0, 0.0}});
    EXPECT_EQ(fm::accuracy(logits, Matrix::column({0})), 1.0) << "logits {1, 1, 0}: predicted class 0 (the first maximum)";
    EXPECT_EQ(fm::accuracy(logits, Matrix::column({1})), 0.0) << "logits {1, 1, 0} with label 1";
}

TEST(Ex1404AccuracyConfusion, RowsAreTrueClassesColumnsPredictions) {
    const Matrix logits = Matrix::from_rows({{0.1, 0.9, 0.0}, {2.0, 1.0, 0.0}, {0.0, 0.2, 0.1}, {-1.0, -3.0, -0.5}, {0, 0, 5}});
    const Matrix labels = Matrix::column({1, 0, 2, 2, 0});  // predictions 1, 0, 1, 2, 2
    const Matrix counts = fm::confusion_matrix(logits, labels, 3);
    const Matrix want = Matrix::from_rows({{1, 0, 1}, {0, 1, 0}, {0, 1, 1}});
    EXPECT_EQ(counts, want) << "(true, predicted) pairs (1,1), (0,0), (2,1), (2,2), (0,2); entry (t, p) counts them, got\n"
                            << course::to_string(counts) << "\n(a transposed matrix swaps (2,1) and (1,2))";
    double trace = 0.0;
    for (std::size_t k = 0; k < 3; ++k) trace += counts(k, k);
    EXPECT_TRUE(course::teach::near(trace / 5.0, fm::accuracy(logits, labels), 1e-15, "trace / n = accuracy"));
}

TEST(Ex1404AccuracyConfusion, RejectsBadLabelsAndShapes) {
    const Matrix logits(2, 3, 0.0);
    EXPECT_THROW(fm::confusion_matrix(logits, Matrix::column({0, 3}), 3), std::invalid_argument) << "label 3 of 3 classes";
    EXPECT_THROW(fm::accuracy(logits, Matrix::column({0, 3})), std::invalid_argument) << "label 3 of 3 classes";
    EXPECT_THROW(fm::accuracy(logits, Matrix::column({0, 1.5})), std::invalid_argument)
        << "label 1.5 is no class (a cast to size_t would silently make it class 1)";
    EXPECT_THROW(fm::confusion_matrix(logits, Matrix::column({2.5, 0}), 3), std::invalid_argument)
        << "label 2.5 is no class";
    EXPECT_THROW(fm::accuracy(logits, Matrix::column({0, std::nan("")})), std::invalid_argument) << "label NaN";
    EXPECT_THROW(fm::accuracy(logits, Matrix::column({0, 1, 2})), course::ShapeError) << "2 rows of logits, 3 labels";
    EXPECT_THROW(fm::accuracy(Matrix(0, 3), Matrix(0, 1)), std::invalid_argument) << "an empty batch";
    EXPECT_THROW(fm::confusion_matrix(logits, Matrix::column({0, 1}), 4), course::ShapeError) << "4 classes, 3 logits";
}

// ---- 14.5 initialization ------------------------------------------------------------------------------------------
TEST(Ex1405Init, StandardDeviationsAsTorchNnInitDocumentsThem) {
    using S = fm::InitScheme;
    EXPECT_TRUE(course::teach::near(fm::init_std(S::xavier_uniform, 784, 256), std::sqrt(6.0 / 1040.0) / std::sqrt(3.0), 1e-15,
                                    "xavier_uniform 784 → 256: a = √(6/1040), and U(−a, a) has std a/√3 (not a)"));
    EXPECT_TRUE(course::teach::near(fm::init_std(S::xavier_normal, 784, 256), std::sqrt(2.0 / 1040.0), 1e-15,
                                    "xavier_normal 784 → 256: √(2/(fan_in + fan_out))"));
    EXPECT_TRUE(course::teach::near(fm::init_std(S::he_normal, 784, 256), std::sqrt(2.0 / 784.0), 1e-15,
                                    "he_normal 784 → 256: √(2/fan_in), fan_in = 784 (not fan_out = 256)"));
    EXPECT_TRUE(course::teach::near(fm::init_std(S::he_normal, 128, 10), 0.125, 1e-15, "he_normal 128 → 10: √(2/128)"));
    EXPECT_THROW(fm::init_std(S::zero, 3, 3), std::invalid_argument) << "the zero scheme has no spread to report";
    EXPECT_THROW(fm::init_std(S::he_normal, 0, 3), std::invalid_argument) << "fan_in 0";
    EXPECT_THROW(fm::init_std(S::xavier_normal, 3, 0), std::invalid_argument) << "fan_out 0";
    EXPECT_TRUE(course::teach::near(fm::init_std(S::xavier_normal, 1, 1), 1.0, 1e-15,
                                    "xavier_normal 1 → 1: √(2/2); a fan of 1 is a layer, not an error"));
    EXPECT_TRUE(course::teach::near(fm::init_std(S::he_normal, 1, 5), std::sqrt(2.0), 1e-15, "he_normal 1 → 5: √(2/1)"));
}

TEST(Ex1405Init, AgreesWithTheSpreadChapter12Draws) {
    course::Rng rng(5);
    for (const auto scheme : {fm::InitScheme::xavier_uniform, fm::InitScheme::he_normal}) {
        const auto layer = course::training_challenges::init_layer(400, 100, scheme, rng);
        const double sample_std = std::sqrt(course::sum(layer.W * layer.W) / static_cast<double>(layer.W.size()));
        EXPECT_TRUE(course::teach::near(fm::init_std(scheme, 400, 100), sample_std, 0.02 * sample_std,
                                        "init_std against the sample std of 40,000 weights from init_layer"));
    }
}

TEST(Ex1405Init, ReluNeedsHeAndTanhXavier) {
    EXPECT_EQ(fm::recommended_init(fm::Activation::relu), fm::InitScheme::he_normal) << "ReLU zeroes half its inputs";
    EXPECT_EQ(fm::recommended_init(fm::Activation::tanh), fm::InitScheme::xavier_uniform) << "tanh ≈ identity near 0";
    EXPECT_EQ(fm::recommended_init(fm::Activation::sigmoid), fm::InitScheme::xavier_uniform) << "sigmoid";
}

TEST(Ex1405Init, TheRecommendedInitKeepsReluActivationsAtTheirSize) {
    // Six ReLU layers of 256: with the recommended init the mean square of the activations should stay within
    // a factor 2 from the first hidden layer to the last (with Xavier's 1/fan it halves at every layer).
    const fm::Activation relu = fm::Activation::relu;
    course::Rng rng(11);
    fm::Mlp model = fm::make_mlp({256, 256, 256, 256, 256, 256, 256, 10}, relu, fm::recommended_init(relu), rng);
    const Matrix X = random_matrix(500, 256, 12);
    fm::mlp_forward(model, X);
    const double first = course::mean(model.h[1] * model.h[1]), last = course::mean(model.h[6] * model.h[6]);
    EXPECT_GT(last / first, 0.5) << "mean h² after layer 6 / after layer 1 with recommended_init(relu): " << last / first;
    EXPECT_LT(last / first, 2.0) << "mean h² after layer 6 / after layer 1 with recommended_init(relu): " << last / first;
}

// ---- 14.6 backpropagation through the MLP ------------------------------------------------------------------------
namespace {

// A 5 → 4 → 3 → 2 MLP with weights drawn by the test itself, N(0, 0.7²), biases N(0, 0.2²).
fm::Mlp small_mlp(fm::Activation activation, std::uint64_t seed) {
    course::Rng rng(seed);
    fm::Mlp model = fm::make_mlp({5, 4, 3, 2}, activation, fm::InitScheme::xavier_uniform, rng);
    for (auto& layer : model.layers) {
        for (std::size_t i = 0; i < layer.W.size(); ++i) layer.W.data()[i] = rng.normal(0.0, 0.7);
        for (std::size_t i = 0; i < layer.b.size(); ++i) layer.b.data()[i] = rng.normal(0.0, 0.2);
    }
    return model;
}

// The loss of the model on (X, Y) through the given forward pass and chapter 12's given cross_entropy.
double model_loss(fm::Mlp& model, const Matrix& X, const Matrix& Y) {
    fm::mlp_forward(model, X);
    return course::training_challenges::cross_entropy(model.logits(), Y);
}

void check_mlp_gradients(fm::Activation activation, const char* name) {
    fm::Mlp model = small_mlp(activation, 21);
    const Matrix X = random_matrix(6, 5, 22);
    Matrix Y(6, 2, 0.0);
    for (std::size_t i = 0; i < 6; ++i) Y(i, i % 2) = 1.0;
    Matrix dlogits;
    fm::mlp_forward(model, X);
    course::training_challenges::cross_entropy(model.logits(), Y, &dlogits);
    fm::mlp_backward(model, X, dlogits);
    for (std::size_t l = 0; l < model.layers.size(); ++l) {
        for (const bool weights : {true, false}) {
            Matrix& theta = weights ? model.layers[l].W : model.layers[l].b;
            const Matrix analytic = weights ? model.dW[l] : model.db[l];
            const Matrix numerical = course::numerical_gradient(
                [&](const Matrix& value) {
                    const Matrix saved = theta;
                    theta = value;
                    const double loss = model_loss(model, X, Y);
                    theta = saved;
                    return loss;
                },
                theta);
            const course::GradCheckReport report = course::compare_gradients(analytic, numerical);
            EXPECT_LT(report.max_relative_error, 1e-6)
                << name << " MLP 5-4-3-2, batch of 6: " << (weights ? "dW[" : "db[") << l
                << "] against central differences of the loss\n"
                << report.describe();
            // The first tensor that disagrees (the one the backward pass reaches first, from the top).
            course::teach::draw_gradients_on_failure(
                !(report.max_relative_error < 1e-6), "mlp_backward",
                std::string(name) + " MLP 5-4-3-2, batch of 6: your " + (weights ? "dW[" : "db[") + std::to_string(l) +
                    "] and central differences of the loss",
                analytic.values(), numerical.values(), 1e-6, weights ? "entry of dW, row by row" : "entry of db");
        }
    }
}

}  // namespace

TEST(Ex1406MlpBackward, ReluGradientsMatchCentralDifferences) { check_mlp_gradients(fm::Activation::relu, "ReLU"); }

TEST(Ex1406MlpBackward, TanhGradientsMatchCentralDifferences) { check_mlp_gradients(fm::Activation::tanh, "tanh"); }

TEST(Ex1406MlpBackward, ReluPassesNoGradientAtExactlyZero) {
    // One hidden unit whose pre-activation is exactly 0 for the only example: PyTorch's ReLU gradient
    // there is 0, so nothing flows into the weights of that unit.
    course::Rng rng(3);
    fm::Mlp model = fm::make_mlp({2, 2, 2}, fm::Activation::relu, fm::InitScheme::he_normal, rng);
    model.layers[0].W = Matrix::from_rows({{1.0, 0.0}, {-1.0, 1.0}});
    model.layers[0].b = Matrix::row({0.0, 0.5});
    model.layers[1].W = Matrix::from_rows({{2.0, -1.0}, {1.0, 1.0}});
    const Matrix X = Matrix::from_rows({{0.5, 0.5}});  // z[0] = (0, 1)
    fm::mlp_forward(model, X);
    fm::mlp_backward(model, X, Matrix::from_rows({{0.3, -0.3}}));
    EXPECT_EQ(model.dW[0](0, 0), 0.0) << "unit 0 has z = 0 exactly: σ'(0) = 0 as in PyTorch, so dW[0](0, 0) = 0";
    EXPECT_EQ(model.db[0](0, 0), 0.0) << "db[0] of the unit with z = 0";
    EXPECT_TRUE(course::teach::near(model.db[0](0, 1), 0.3 * 1.0 - 0.3 * 1.0, 1e-15, "db[0] of the active unit: δ·W[1]ᵀ"));
    EXPECT_TRUE(course::teach::near(model.db[1](0, 0), 0.3, 1e-15, "db[1] = dlogits summed over the batch"));
}

TEST(Ex1406MlpBackward, OverwritesPoisonedBuffersAndGivesTheSameGradientsTwice) {
    // The harness rule: the model's gradient buffers are reused from step to step, so they arrive full of
    // the last batch's values — here NaN. Every entry of dW, db and δ must be written, not added to.
    fm::Mlp fresh = small_mlp(fm::Activation::relu, 9);
    fm::Mlp reused = small_mlp(fm::Activation::relu, 9);
    const Matrix X = random_matrix(5, 5, 10), dY = random_matrix(5, 2, 11);
    fm::mlp_forward(fresh, X);
    fm::mlp_backward(fresh, X, dY);
    fm::mlp_forward(reused, X);
    fm::mlp_backward(reused, X, dY);  // once, so that every buffer has its shape
    for (std::size_t l = 0; l < reused.layers.size(); ++l) {
        course::teach::poison(reused.dW[l]);
        course::teach::poison(reused.db[l]);
    }
    for (Matrix& d : reused.delta) course::teach::poison(d);
    for (int pass = 0; pass < 2; ++pass) {
        fm::mlp_backward(reused, X, dY);
        for (std::size_t l = 0; l < reused.layers.size(); ++l) {
            const std::string at = "layer " + std::to_string(l) + ", backward pass " + std::to_string(pass + 1) +
                                   " into buffers that held NaN (then the previous pass's gradients)";
            EXPECT_TRUE(course::teach::vectors_near(reused.dW[l].values(), fresh.dW[l].values(), 1e-12, "dW of " + at));
            EXPECT_TRUE(course::teach::vectors_near(reused.db[l].values(), fresh.db[l].values(), 1e-12,
                                                    "db of " + at + ": fill db with 0 before summing δ's rows"));
        }
    }
}

TEST(Ex1406MlpBackward, ReusesItsBuffersForASmallerBatch) {
    fm::Mlp model = small_mlp(fm::Activation::relu, 4);
    const Matrix X = random_matrix(8, 5, 5), dY = random_matrix(8, 2, 6);
    fm::mlp_forward(model, X);
    fm::mlp_backward(model, X, dY);
    const double* dW0 = model.dW[0].data();
    const Matrix X_small = random_matrix(3, 5, 7), dY_small = random_matrix(3, 2, 8);
    fm::mlp_forward(model, X_small);
    fm::mlp_backward(model, X_small, dY_small);
    EXPECT_EQ(model.dW[0].data(), dW0) << "dW[0] moved to new storage: write into model.dW with matmul_into";
    ASSERT_EQ(model.delta.size(), 3u) << "model.delta: one buffer per layer";
    EXPECT_EQ(model.delta[0].rows(), 3u) << "δ[0] of a batch of 3";
}

// ---- 14.7 evaluation in chunks ------------------------------------------------------------------------------------
TEST(Ex1407Evaluate, TheClassCountIsTheLogitsWidthNotTen) {
    // With --csv, evaluate runs on a table's K classes: 3 in the bundled example, 12 here as well.
    for (const std::size_t K : {3u, 12u}) {
        course::Rng rng(40 + K);
        fm::Mlp model = fm::make_mlp({4, 6, K}, fm::Activation::relu, fm::InitScheme::he_normal, rng);
        fm::Dataset data{random_matrix(9, 4, 41 + K), Matrix(9, 1)};
        for (std::size_t i = 0; i < 9; ++i) data.Y(i, 0) = static_cast<double>((i + K - 1) % K);  // K − 1, 0, 1, …
        fm::mlp_forward(model, data.X);  // the test's own one pass
        double want_loss = 0.0, want_correct = 0.0;
        for (std::size_t i = 0; i < 9; ++i) {
            const std::vector<double> z(model.logits().row_data(i), model.logits().row_data(i) + K);
            want_loss += row_loss(z, static_cast<std::size_t>(data.Y(i, 0))) / 9.0;
            want_correct += static_cast<double>(std::max_element(z.begin(), z.end()) - z.begin()) == data.Y(i, 0);
        }
        fm::EvalBuffers buffers;
        fm::Evaluation got{};
        const std::string what = "evaluate of an MLP 4 → 6 → " + std::to_string(K) + " (K = " + std::to_string(K) +
                                 " logits) on 9 rows in chunks of 4";
        if (!runs_with_classes([&] { got = fm::evaluate(model, data, 4, buffers); }, K, what)) continue;
        const std::string hint = " (one-hot targets need K = the logits' width, not kClasses)";
        EXPECT_TRUE(course::teach::near(got.loss, want_loss, 1e-12, "loss of " + what + hint));
        EXPECT_TRUE(course::teach::near(got.accuracy, want_correct / 9.0, 1e-12, "accuracy of " + what + hint));
    }
}

TEST(Ex1407Evaluate, ChunksOfAnySizeGiveTheOnePassResult) {
    course::Rng rng(31);
    fm::Mlp model = fm::make_mlp({6, 5, 3}, fm::Activation::tanh, fm::InitScheme::xavier_uniform, rng);
    fm::Dataset data{random_matrix(10, 6, 32, 2.0), Matrix(10, 1)};
    for (std::size_t i = 0; i < 10; ++i) data.Y(i, 0) = static_cast<double>(rng.index(3));
    // The test's own one pass over all ten rows.
    fm::mlp_forward(model, data.X);
    double want_loss = 0.0, want_correct = 0.0;
    for (std::size_t i = 0; i < 10; ++i) {
        const std::vector<double> z(model.logits().row_data(i), model.logits().row_data(i) + 3);
        want_loss += row_loss(z, static_cast<std::size_t>(data.Y(i, 0))) / 10.0;
        want_correct += static_cast<double>(std::max_element(z.begin(), z.end()) - z.begin()) == data.Y(i, 0);
    }
    ASSERT_GT(want_correct, 0.0);
    ASSERT_LT(want_correct, 10.0);
    fm::EvalBuffers buffers;
    for (const std::size_t chunk : {10u, 3u, 4u, 1u, 7u, 64u}) {
        const fm::Evaluation got = fm::evaluate(model, data, chunk, buffers);
        const std::string what = "10 rows in chunks of " + std::to_string(chunk) +
                                 " (a plain mean of the chunks' means, or a dropped last chunk, misses)";
        EXPECT_TRUE(course::teach::near(got.loss, want_loss, 1e-12, "loss of " + what));
        EXPECT_TRUE(course::teach::near(got.accuracy, want_correct / 10.0, 1e-12, "accuracy of " + what));
    }
}

TEST(Ex1407Evaluate, RejectsChunkZeroAndAnEmptySet) {
    course::Rng rng(1);
    fm::Mlp model = fm::make_mlp({2, 2}, fm::Activation::relu, fm::InitScheme::he_normal, rng);
    fm::EvalBuffers buffers;
    const fm::Dataset data{Matrix(3, 2, 0.5), Matrix(3, 1, 1.0)};
    EXPECT_THROW(fm::evaluate(model, data, 0, buffers), std::invalid_argument) << "chunk 0";
    EXPECT_THROW(fm::evaluate(model, fm::Dataset{Matrix(0, 2), Matrix(0, 1)}, 4, buffers), std::invalid_argument)
        << "an empty data set";
}

// ---- 14.8 the end of an epoch -----------------------------------------------------------------------------------------
namespace {

namespace ls = course::learning_rate_schedules;

fm::EpochWatch make_watch(std::int64_t early_patience, bool restore) {
    fm::EpochWatch watch;
    watch.early = {.patience = early_patience, .restore_best_weights = restore};
    watch.plateau = {.factor = 0.5, .patience = 0};
    watch.plateau_state = ls::make_plateau_state(1.0, watch.plateau);
    return watch;
}

}  // namespace

TEST(Ex1408EpochWatch, StopsAfterPatienceAndLeavesTheRateOfTheStoppingEpoch) {
    Matrix w(1, 1, 0.0);
    const course::optimizers::ParameterList params{{&w, nullptr}};
    fm::EpochWatch watch = make_watch(2, true);
    const std::vector<double> losses{1.0, 0.5, 0.7, 0.6};
    std::vector<bool> stops;
    for (std::size_t e = 0; e < losses.size(); ++e) {
        w(0, 0) = static_cast<double>(e + 1);  // the weights "of epoch e + 1"
        stops.push_back(fm::end_of_epoch(watch, losses[e], params));
    }
    EXPECT_EQ(stops, (std::vector<bool>{false, false, false, true}))
        << "validation losses 1.0, 0.5, 0.7, 0.6 with early-stopping patience 2: stop after epoch 4";
    EXPECT_EQ(watch.plateau_state.lr, 0.5)
        << "ReduceLROnPlateau (patience 0, factor 0.5) cut the rate once, after epoch 3; epoch 4 stopped the run, so "
           "the plateau must not be stepped (it would cut again to 0.25)";
    EXPECT_EQ(fm::finish_training(watch, params), 2u) << "the best epoch: 2 (loss 0.5)";
    EXPECT_EQ(w(0, 0), 2.0) << "the weights of epoch 2 restored";
}

TEST(Ex1408EpochWatch, RestoresTheBestWeightsAlsoWhenTheBudgetRanOut) {
    Matrix w(1, 1, 0.0);
    const course::optimizers::ParameterList params{{&w, nullptr}};
    fm::EpochWatch watch = make_watch(5, true);
    const std::vector<double> losses{1.0, 0.5, 0.7};
    for (std::size_t e = 0; e < losses.size(); ++e) {
        w(0, 0) = static_cast<double>(e + 1);
        EXPECT_FALSE(fm::end_of_epoch(watch, losses[e], params)) << "epoch " << e + 1 << " of 3, patience 5";
    }
    EXPECT_EQ(fm::finish_training(watch, params), 2u) << "the best epoch of losses 1.0, 0.5, 0.7";
    EXPECT_EQ(w(0, 0), 2.0) << "training used its whole budget without stopping: the best weights (epoch 2) must "
                               "still come back, not only after an early stop";
}

TEST(Ex1408EpochWatch, KeepsTheLastWeightsWhenNotAskedToRestore) {
    Matrix w(1, 1, 0.0);
    const course::optimizers::ParameterList params{{&w, nullptr}};
    fm::EpochWatch watch = make_watch(1, false);
    w(0, 0) = 1.0;
    fm::end_of_epoch(watch, 0.5, params);
    w(0, 0) = 2.0;
    EXPECT_TRUE(fm::end_of_epoch(watch, 0.9, params)) << "patience 1: the first epoch without improvement stops";
    EXPECT_EQ(fm::finish_training(watch, params), 1u);
    EXPECT_EQ(w(0, 0), 2.0) << "restore_best_weights = false: the last weights stay";
    fm::EpochWatch fresh = make_watch(3, true);
    EXPECT_EQ(fm::finish_training(fresh, params), 0u) << "no epoch checked";
    EXPECT_EQ(w(0, 0), 2.0) << "no epoch checked: nothing to restore";
}

// ---- 14.9 the summary table -------------------------------------------------------------------------------------------
namespace {

std::vector<fm::RunRecord> study_records() {
    return {{.name = "sgd_a", .optimizer = "sgd", .init = "he_normal", .lr = 0.01, .batch_size = 32,
             .val_accuracy = {0.5, 0.7, 0.7}, .test_accuracy = 0.69},
            {.name = "adam_b", .optimizer = "adam", .init = "xavier_uniform", .lr = 0.001, .batch_size = 64,
             .val_accuracy = {0.8, 0.75}, .test_accuracy = 0.79},
            {.name = "adam_a", .optimizer = "adam", .init = "he_normal", .lr = 0.01, .batch_size = 64,
             .val_accuracy = {0.6, 0.8}, .test_accuracy = 0.78},
            {.name = "empty", .optimizer = "rmsprop", .init = "he_normal", .lr = 0.001, .batch_size = 128,
             .val_accuracy = {}, .test_accuracy = 0.0},
            {.name = "sgd_b", .optimizer = "sgd", .init = "xavier_uniform", .lr = 0.001, .batch_size = 128,
             .val_accuracy = {0.72, 0.71}, .test_accuracy = 0.7}};
}

}  // namespace

TEST(Ex1409SummaryTable, BestEpochFirstReachingTheMaximumSortedBestFirst) {
    const std::vector<fm::SummaryRow> rows = fm::summary_table(study_records());
    ASSERT_EQ(rows.size(), 5u);
    const std::vector<std::string> order{"adam_a", "adam_b", "sgd_b", "sgd_a", "empty"};
    for (std::size_t i = 0; i < 5; ++i)
        EXPECT_EQ(rows[i].name, order[i]) << "row " << i << ": sorted by best validation accuracy 0.8, 0.8, 0.72, 0.7, 0 "
                                          << "(the two 0.8 by name)";
    EXPECT_EQ(rows[0].best_epoch, 2u) << "adam_a: 0.6, 0.8";
    EXPECT_EQ(rows[1].best_epoch, 1u) << "adam_b: 0.8, 0.75";
    EXPECT_EQ(rows[3].best_epoch, 2u) << "sgd_a: 0.5, 0.7, 0.7 — the first epoch reaching 0.7, counted from 1";
    EXPECT_EQ(rows[3].best_val_accuracy, 0.7);
    EXPECT_EQ(rows[3].test_accuracy, 0.69);
    EXPECT_EQ(rows[4].best_epoch, 0u) << "a run without epochs";
    EXPECT_EQ(rows[4].best_val_accuracy, 0.0);
}

TEST(Ex1409SummaryTable, BestRunOfEachValueOfAFactor) {
    const std::vector<fm::RunRecord> runs = study_records();
    EXPECT_EQ(fm::best_per(runs, "optimizer"), (std::vector<std::size_t>{4, 1, 3}))
        << "sgd: sgd_b (0.72) beats sgd_a (0.7); adam: adam_b and adam_a tie at 0.8, the earlier (1) stays; rmsprop: 3";
    EXPECT_EQ(fm::best_per(runs, "init"), (std::vector<std::size_t>{2, 1})) << "he_normal: adam_a; xavier_uniform: adam_b";
    EXPECT_EQ(fm::best_per(runs, "batch_size"), (std::vector<std::size_t>{0, 1, 4})) << "32, 64, 128 in order of appearance";
    EXPECT_EQ(fm::best_per(runs, "lr"), (std::vector<std::size_t>{2, 1})) << "0.01: adam_a; 0.001: adam_b";
    EXPECT_THROW(fm::best_per(runs, "momentum"), std::invalid_argument) << "not a factor of the study";
}

// ---- given code: your own table (table.hpp) --------------------------------------------------------------------
namespace {

// `text` written to name in the test's folder; the file's path.
std::string csv_file(const Folder& folder, const std::string& text, const std::string& name = "table.csv") {
    write_file(folder.path(name), std::vector<std::uint8_t>(text.begin(), text.end()));
    return folder.path(name);
}

// Ten rows: an id 0…9 (so rows can be followed through the split), a scale, a label a or b.
std::string ten_rows(const std::string& line_end = "\n") {
    std::string text = "id,scale,label" + line_end;
    for (int i = 0; i < 10; ++i)
        text += std::to_string(i) + "," + std::to_string(100 * i) + "," + (i % 2 ? "b" : "a") + line_end;
    return text;
}

void expect_table_error(const std::string& text, const std::string& words, const std::string& what,
                        const std::string& target = "") {
    const Folder folder;
    const std::string file = csv_file(folder, text);
    expect_data_error([&] { fm::load_table(file, {.target = target}); }, file, words, what);
}

}  // namespace

TEST(Chapter14Table, AMissingOrEmptyFileIsNamed) {
    const Folder folder;
    const std::string missing = folder.path("nowhere.csv");
    expect_data_error([&] { fm::load_table(missing, {}); }, missing, "no such file", "a path with no file");
    expect_table_error("", "the file is empty", "a file of 0 bytes");
    expect_table_error("\xEF\xBB\xBF\n\r\n\n", "the file is empty", "a byte-order mark and empty lines only");
}

TEST(Chapter14Table, AFirstLineOfNumbersIsNoHeader) {
    expect_table_error("1,2,0\n3,4,1\n", "line 1: no header", "a file that starts with data");
}

TEST(Chapter14Table, ARowOfTheWrongLengthNamesItsLine) {
    expect_table_error("a,b,label\n1,2,x\n1,2\n", "line 3: 2 fields, the header has 3", "line 3 short of a field");
    expect_table_error("a,b,label\n1,2,x\n1,2,3,y\n", "line 3: 4 fields", "line 3 with a field too many");
    expect_table_error("a,b,label\n1,2,x\n\n1,2,y\n", "line 3: an empty line", "an empty line between rows");
}

TEST(Chapter14Table, ANonNumericFeatureNamesLineAndColumn) {
    std::string text = "sepal_length,petal_width,kind\n";
    for (int i = 0; i < 4; ++i) text += "5.1,0.2,a\n";
    text += "6.3,abc,b\n";  // line 6
    expect_table_error(text + "1,2,c\n", "line 6, column 'petal_width': 'abc' is not a number", "'abc' in line 6");
    expect_table_error("x,y,label\n1,,a\n", "line 2, column 'y': an empty field", "a missing value");
    expect_table_error("x,y,label\n1,0x1A,a\n", "line 2, column 'y': '0x1A' is not a number", "a hexadecimal number");
}

TEST(Chapter14Table, NanAndInfinityAreNotFinite) {
    for (const std::string bad : {"nan", "NaN", "inf", "-inf", "1e400"})
        expect_table_error("x,y,label\n1,2,a\n3," + bad + ",b\n", "line 3, column 'y': '" + bad + "' is not a finite number",
                           "'" + bad + "' as a feature");
}

TEST(Chapter14Table, AnUnknownTargetListsTheColumns) {
    expect_table_error(ten_rows(), "no column 'kind' for --target; the columns are id, scale, label", "--target kind",
                       "kind");
}

TEST(Chapter14Table, OneClassOrTooFewRowsCannotBeStudied) {
    std::string one_class = "x,label\n";
    for (int i = 0; i < 12; ++i) one_class += std::to_string(i) + ",cat\n";
    expect_table_error(one_class, "holds one class ('cat'); a classifier needs at least 2", "every label 'cat'");
    std::string nine = ten_rows();
    nine.erase(nine.rfind("9,900"));
    expect_table_error(nine, "9 data rows; the 60/20/20 split", "nine rows");
    expect_table_error("x,label\n1,2.5\n2,3\n", "line 2, column 'label': '2.5' is not a whole number", "a label 2.5");
    expect_table_error("x\n1\n2\n", "one column only", "a file with nothing but its target");
}

TEST(Chapter14Table, QuotedFieldsAreRefusedNotSplitAtTheirComma) {
    expect_table_error("x,y,label\n1,2,\"big, red\"\n", "line 2, field 3: '\"big': quoted fields are not supported",
                       "a quoted label with a comma in it");
    expect_table_error("\"x\",y,label\n1,2,a\n", "line 1, field 1", "a quoted column name");
}

TEST(Chapter14Table, CrlfATrailingEmptyLineAndAByteOrderMarkAreAccepted) {
    const Folder folder;
    const fm::Table plain = fm::load_table(csv_file(folder, ten_rows(), "plain.csv"), {});
    const std::vector<std::pair<std::string, std::string>> variants{
        {"CRLF line ends", ten_rows("\r\n")},
        {"a trailing empty line", ten_rows() + "\n"},
        {"a UTF-8 byte-order mark", "\xEF\xBB\xBF" + ten_rows()},
        {"no line break at the end", ten_rows().substr(0, ten_rows().size() - 1)},
        {"spaces around the fields", "id , scale,label\n" + ten_rows().substr(ten_rows().find('\n') + 1)}};
    for (const auto& [what, text] : variants) {
        const fm::Table t = fm::load_table(csv_file(folder, text, "variant.csv"), {});
        EXPECT_EQ(t.features, (std::vector<std::string>{"id", "scale"})) << what;
        EXPECT_EQ(t.target, "label") << what << ": the default target is the last column";
        EXPECT_EQ(t.data.classes, (std::vector<std::string>{"a", "b"})) << what;
        EXPECT_EQ(t.data.train.X.values(), plain.data.train.X.values()) << what << ": the same numbers as the plain file";
        EXPECT_EQ(t.data.test.Y.values(), plain.data.test.Y.values()) << what;
    }
}

TEST(Chapter14Table, SplitsSixtyTwentyTwentyAndStandardisesWithTheTrainingRows) {
    const Folder folder;
    const fm::Table t = fm::load_table(csv_file(folder, ten_rows()), {.target = "label", .seed = 7});
    const fm::StudyData& d = t.data;
    ASSERT_EQ(d.train.size(), 6u) << "60% of 10 rows";
    ASSERT_EQ(d.validation.size(), 2u);
    ASSERT_EQ(d.test.size(), 2u);
    EXPECT_FALSE(d.images);
    EXPECT_EQ(d.mlp_sizes(), (std::vector<std::size_t>{2, 64, 32, 2})) << "2 features → 64 → 32 → 2 classes";
    // The training rows' id column standardised: mean 0 and std 1 (divided by n) over those 6 rows.
    double mean = 0.0, square = 0.0;
    for (std::size_t i = 0; i < 6; ++i) mean += d.train.X(i, 0) / 6.0;
    for (std::size_t i = 0; i < 6; ++i) square += d.train.X(i, 0) * d.train.X(i, 0) / 6.0;
    EXPECT_NEAR(mean, 0.0, 1e-12) << "the training rows' mean after standardising";
    EXPECT_NEAR(square, 1.0, 1e-12) << "the training rows' mean square (their variance) after standardising";
    // scale = 100·id: standardised, the two columns agree, so every row keeps its own id and label.
    std::vector<double> ids;
    for (const fm::Dataset* part : {&d.train, &d.validation, &d.test})
        for (std::size_t i = 0; i < part->size(); ++i) {
            EXPECT_NEAR(part->X(i, 0), part->X(i, 1), 1e-12) << "row " << i << ": id and scale moved together";
            ids.push_back(part->X(i, 0));
        }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(std::unique(ids.begin(), ids.end()) - ids.begin(), 10) << "every row in exactly one part";
    const fm::Table again = fm::load_table(csv_file(folder, ten_rows()), {.seed = 7});
    EXPECT_EQ(again.data.test.X.values(), d.test.X.values()) << "the same seed, the same split";
    const fm::Table other = fm::load_table(csv_file(folder, ten_rows()), {.seed = 8});
    EXPECT_NE(other.data.train.X.values(), d.train.X.values()) << "seeds 7 and 8 shuffle the rows differently";
}

TEST(Chapter14Table, ClassesAreNumberedInSortedOrder) {
    const Folder folder;
    std::string text = "x,label\n";
    for (const std::string label : {"10", "2", "10", "2", "-1", "2", "10", "-1", "2", "10"}) text += "1," + label + "\n";
    EXPECT_EQ(fm::load_table(csv_file(folder, text), {}).data.classes, (std::vector<std::string>{"-1", "2", "10"}))
        << "whole numbers sorted by value: 2 before 10";
    std::string names = "label,x\n";
    for (const std::string label : {"zebra", "Ant", "bee", "zebra", "Ant", "bee", "bee", "Ant", "zebra", "bee"})
        names += label + ",1\n";
    const fm::Table t = fm::load_table(csv_file(folder, names), {.target = "label"});
    EXPECT_EQ(t.data.classes, (std::vector<std::string>{"Ant", "bee", "zebra"})) << "names sorted by their bytes";
    EXPECT_EQ(t.class_counts, (std::vector<std::size_t>{3, 4, 3}));
    EXPECT_EQ(t.features, (std::vector<std::string>{"x"})) << "the target may be any column: here the first";
}

TEST(Chapter14Table, AConstantColumnIsLeftAtZeroAndNamed) {
    const Folder folder;
    std::string text = "x,same,label\n";
    for (int i = 0; i < 10; ++i) text += std::to_string(i) + ",0.1," + (i < 5 ? "a" : "b") + "\n";
    const fm::Table t = fm::load_table(csv_file(folder, text), {});
    EXPECT_EQ(t.constant_features, (std::vector<std::string>{"same"})) << "0.1 on every row";
    for (std::size_t i = 0; i < t.data.train.size(); ++i) EXPECT_EQ(t.data.train.X(i, 1), 0.0) << "row " << i;
}

TEST(Chapter14Table, TheBundledExampleLoads) {
    const std::filesystem::path relative = "chapters/14_fashion_mnist/example_beetles.csv";
    std::filesystem::path dir = std::filesystem::current_path();
    for (int up = 0; up < 6 && !dir.empty() && !std::filesystem::exists(dir / relative); ++up) dir = dir.parent_path();
    if (!std::filesystem::exists(dir / relative)) GTEST_SKIP() << relative << " is not below the working directory";
    const fm::Table t = fm::load_table((dir / relative).string(), {.target = "species"});
    EXPECT_EQ(t.data.classes, (std::vector<std::string>{"dune", "marsh", "ridge"}));
    EXPECT_EQ(t.features.size(), 5u);
    EXPECT_EQ(t.data.train.size() + t.data.validation.size() + t.data.test.size(), 500u);
    EXPECT_TRUE(t.constant_features.empty());
}

// ---- the study's records read back as a folder (figure 67 reads the seed's grid this way) -----------------

TEST(Chapter14Records, EveryRecordOfAFolderComesBackInNameOrder) {
    const Folder folder;
    for (const std::string name : {"sgd_lr0.01_b64_he_normal", "adam_lr0.001_b32_xavier_uniform"})
        course::records::write_run(folder.path(name),
                                   {{"name", name}, {"optimizer", name.substr(0, name.find('_'))}, {"lr", "0.01"},
                                    {"batch_size", "64"}, {"init", "he_normal"}, {"test_accuracy", "0.5"}},
                                   {{"epoch", "train_loss", "val_loss", "val_accuracy", "lr", "seconds"},
                                    {{1, 0.9, 0.8, 0.6, 0.01, 1.0}, {2, 0.7, 0.6, 0.7, 0.01, 1.0}}});
    std::filesystem::create_directories(folder.path("not_a_run"));  // no config.json: not a record
    const std::vector<fm::StudyRun> runs = fm::read_records(folder.str());
    ASSERT_EQ(runs.size(), 2u) << "the two subfolders that hold a config.json, and not the one that does not";
    EXPECT_EQ(runs[0].record.name, "adam_lr0.001_b32_xavier_uniform");
    EXPECT_EQ(runs[1].record.name, "sgd_lr0.01_b64_he_normal");
    EXPECT_EQ(runs[1].record.val_accuracy, (std::vector<double>{0.6, 0.7}));
}

TEST(Chapter14Records, AFolderThatIsNotThereIsNamed) {
    const Folder folder;
    const std::string missing = folder.path("no_runs_here");
    expect_data_error([&] { fm::read_records(missing); }, missing, "not a folder of run records", "a missing folder");
}

// The seed's grid as committed: 48 runs, one per cell of {SGD, momentum, RMSprop, Adam} × lr {0.01, 0.001} ×
// batch {32, 64, 128} × {Xavier, He}, each of 1 to 20 epochs on the 50,000 training images.
TEST(Chapter14Records, TheCommittedSeedGridIsWhole) {
    const std::filesystem::path relative = "chapters/14_fashion_mnist/grid";
    std::filesystem::path dir = std::filesystem::current_path();
    for (int up = 0; up < 6 && !dir.empty() && !std::filesystem::exists(dir / relative); ++up) dir = dir.parent_path();
    if (!std::filesystem::exists(dir / relative)) GTEST_SKIP() << relative << " is not below the working directory";
    const std::vector<fm::StudyRun> runs = fm::read_records((dir / relative).string());
    std::set<std::string> cells;
    for (const fm::StudyRun& run : runs) {
        const fm::RunRecord& r = run.record;
        cells.insert(r.optimizer + " " + std::to_string(r.lr) + " " + std::to_string(r.batch_size) + " " + r.init);
        EXPECT_GE(r.val_accuracy.size(), 1u) << r.name;
        EXPECT_LE(r.val_accuracy.size(), 20u) << r.name;
        EXPECT_GT(r.test_accuracy, 0.75) << r.name << ": every run of the grid learns something";
        const course::records::Config config = course::records::read_config((dir / relative / r.name).string());
        EXPECT_NE(std::find(config.begin(), config.end(), std::pair<std::string, std::string>{"train_size", "50000"}),
                  config.end()) << r.name << " was not trained on the 50,000 training images";
    }
    EXPECT_EQ(runs.size(), 48u);
    EXPECT_EQ(cells.size(), 48u) << "one run per cell of the grid";
}
