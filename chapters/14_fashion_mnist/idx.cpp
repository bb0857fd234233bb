// Chapter 14, given code: reading Fashion-MNIST's IDX files (README, section 1).
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/data.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {
namespace {

std::string install_advice() {
    return std::string("The course reads the IDX files of Debian's ") + kDataPackage +
           " package: install it with `make deps` or `sudo apt-get install " + kDataPackage +
           "`, or point --data DIR at a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, "
           "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzipped or not).";
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path + ": cannot be opened for reading. " + install_advice());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string count_text(std::size_t n, const char* what) { return std::to_string(n) + " " + what; }

}  // namespace

const std::array<std::string, kClasses>& class_names() {
    static const std::array<std::string, kClasses> names{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                         "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

std::size_t IdxHeader::item_size() const {
    std::size_t size = 1;
    for (std::size_t d = 1; d < dims.size(); ++d) size *= dims[d];
    return size;
}

IdxFile read_idx(const std::string& dir, const std::string& stem, std::size_t expected_dims, std::size_t max_items) {
    namespace fs = std::filesystem;
    const std::string plain = (fs::path(dir) / stem).string(), gz = plain + ".gz";
    IdxFile file;
    if (fs::exists(plain)) {
        file.path = plain;
        file.bytes = read_bytes(plain);
        file.header = parse_idx_header(file.bytes, file.bytes.size(), expected_dims, plain);
    } else if (fs::exists(gz)) {
        file.path = gz;
        const std::vector<std::uint8_t> compressed = read_bytes(gz);
        const std::size_t original = gzip_original_size(compressed, gz);
        // The header first (4 + 4·DD bytes), then only as many items as asked for.
        const std::vector<std::uint8_t> head = gunzip(compressed, gz, 4 + 4 * expected_dims);
        file.header = parse_idx_header(head, original, expected_dims, gz);
        const std::size_t items = std::min(file.header.items(), max_items);
        const std::size_t wanted = file.header.data_offset + items * file.header.item_size();
        file.bytes = gunzip(compressed, gz, wanted);
        if (file.bytes.size() != wanted)
            throw DataError(gz + ": truncated: it inflates to " + std::to_string(file.bytes.size()) +
                            " bytes, its header promises at least " + std::to_string(wanted) + ". " + install_advice());
    } else {
        const bool package_missing = dir == kDefaultDataDir && !fs::exists(dir);
        throw DataError(std::string("Fashion-MNIST is missing: ") +
                        (package_missing ? std::string("the package ") + kDataPackage + " is not installed (" + dir +
                                               " does not exist). "
                                         : "neither " + plain + " nor " + gz + " exists. ") +
                        install_advice());
    }
    const std::size_t items = std::min(file.header.items(), max_items);
    file.bytes.resize(file.header.data_offset + items * file.header.item_size());
    return file;
}

namespace {

// Images [first, first + count) of an images file and its labels file into a Dataset.
Dataset to_dataset(const IdxFile& images, const IdxFile& labels, std::size_t first, std::size_t count) {
    Dataset data{Matrix(count, kPixels), Matrix(count, 1)};
    const std::uint8_t* pixels = images.bytes.data() + images.header.data_offset + first * kPixels;
    for (std::size_t i = 0; i < count * kPixels; ++i) data.X.data()[i] = pixels[i] / 255.0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint8_t label = labels.bytes[labels.header.data_offset + first + i];
        if (label >= kClasses)
            throw DataError(labels.path + ": corrupt: label " + std::to_string(label) + " of item " +
                            std::to_string(first + i) + " is not a class 0…9. " + install_advice());
        data.Y(i, 0) = label;
    }
    return data;
}

// Reads one images/labels pair, keeping the first `needed` items, after checking that the two files
// agree and hold that many.
std::pair<IdxFile, IdxFile> read_pair(const std::string& dir, const std::string& prefix, std::size_t needed) {
    IdxFile images = read_idx(dir, prefix + "-images-idx3-ubyte", 3, needed);
    IdxFile labels = read_idx(dir, prefix + "-labels-idx1-ubyte", 1, needed);
    if (images.header.dims[1] != kSide || images.header.dims[2] != kSide)
        throw DataError(images.path + ": images of " + std::to_string(images.header.dims[1]) + "×" +
                        std::to_string(images.header.dims[2]) + " pixels, Fashion-MNIST's are 28×28. " + install_advice());
    if (images.header.items() != labels.header.items())
        throw DataError(images.path + " and " + labels.path + " disagree: " + count_text(images.header.items(), "images") +
                        " but " + count_text(labels.header.items(), "labels") + ". " + install_advice());
    if (images.header.items() < needed)
        throw DataError(images.path + ": holds " + count_text(images.header.items(), "images") + ", the run asks for " +
                        std::to_string(needed) + " (lower --train or --validation, or use the whole file).");
    return {std::move(images), std::move(labels)};
}

}  // namespace

FashionMnist load_fashion_mnist(const DataOptions& options) {
    FashionMnist data;
    data.dir = options.dir;
    const auto [train_images, train_labels] = read_pair(options.dir, "train", options.validation + options.train);
    data.validation = to_dataset(train_images, train_labels, 0, options.validation);
    data.train = to_dataset(train_images, train_labels, options.validation, options.train);
    const auto [test_images, test_labels] = read_pair(options.dir, "t10k", options.test);
    data.test = to_dataset(test_images, test_labels, 0, options.test);
    return data;
}

std::vector<double> image_pixels(const Matrix& X, std::size_t i) {
    return {X.row_data(i), X.row_data(i) + X.cols()};
}

}  // namespace course::fashion_mnist
