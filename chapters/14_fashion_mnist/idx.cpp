// Chapter 14, given code: reading Fashion-MNIST's IDX files (README, section 1).
#include <cerrno>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/data.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {

std::string install_advice() {
    return std::string("The course reads the IDX files of Debian's ") + kDataPackage +
           " package: install it with `make deps` or `sudo apt-get install " + kDataPackage +
           "`, or point --data DIR at a folder holding train-images-idx3-ubyte, train-labels-idx1-ubyte, "
           "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzipped or not).";
}

namespace {

namespace fs = std::filesystem;

// Whether `path` names a file to read (following symbolic links): true for a regular file, false when
// nothing is there; a DataError for what is there but cannot be read as a file — a directory, a link
// that points to nothing, a loop of links.
bool is_data_file(const std::string& path) {
    std::error_code error;
    const fs::file_status status = fs::status(path, error);
    if (status.type() == fs::file_type::not_found) {
        std::error_code ignored;
        if (fs::is_symlink(fs::symlink_status(path, ignored)))
            throw DataError(path + ": a symbolic link to " + fs::read_symlink(path, ignored).string() +
                            ", which does not exist. " + install_advice());
        return false;
    }
    if (error)
        throw DataError(path + ": cannot be read: " + error.message() +
                        (error.value() == ELOOP ? " (a loop of links?)" : "") + ". " +
                        install_advice());
    if (fs::is_directory(status)) throw DataError(path + ": a directory, where the data file should be. " + install_advice());
    if (!fs::is_regular_file(status))
        throw DataError(path + ": not a regular file (a device, socket or pipe). " + install_advice());
    return true;
}

std::vector<std::uint8_t> read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::error_code error;
    const std::uintmax_t size = fs::file_size(path, error);
    if (!in || error) throw DataError(path + ": cannot be opened for reading. " + install_advice());
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    if (!in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(size)))
        throw DataError(path + ": could not be read whole (an I/O error). " + install_advice());
    return bytes;
}

std::string count_text(std::size_t n, const char* what) { return std::to_string(n) + " " + what; }

// The length an IDX header promises, 4 + 4·DD + d₀·d₁·… bytes, read ahead of exercise 14.1's checks for
// two reasons: sizes whose product passes 2⁶⁴ wrap around (2³¹ × 2³¹ × 4 "is" 0) and could pass for a
// small file, to fail later asking for exabytes; and a .gz file cut short must be told from a corrupt one
// (read_idx). Nothing when `head` is too short to hold the sizes: parse_idx_header says so.
std::optional<std::uint64_t> promised_length(std::span<const std::uint8_t> head, const std::string& file) {
    if (head.size() < 4 || head.size() < 4 + 4 * std::size_t{head[3]}) return std::nullopt;
    std::uint64_t elements = 1;
    std::string sizes;
    bool overflow = false;
    for (std::size_t d = 0; d < head[3]; ++d) {
        const std::uint8_t* p = head.data() + 4 + 4 * d;
        const std::uint64_t size = std::uint64_t{p[0]} << 24 | std::uint64_t{p[1]} << 16 | std::uint64_t{p[2]} << 8 | p[3];
        sizes += (d ? " × " : "") + std::to_string(size);
        if (size != 0 && elements > std::numeric_limits<std::uint64_t>::max() / size) overflow = true;
        else elements *= size;
    }
    const std::uint64_t offset = 4 + 4 * std::uint64_t{head[3]};
    if (overflow || elements > std::numeric_limits<std::uint64_t>::max() - offset)
        throw DataError(file + ": corrupt IDX header: its sizes " + sizes +
                        " multiply to more than 2⁶⁴ bytes, no file is that large. " + install_advice());
    return offset + elements;
}

// A .gz file: its header first, then the whole file, checked against its trailer.
std::vector<std::uint8_t> read_gzipped_idx(const std::string& gz, std::size_t expected_dims) {
    const std::vector<std::uint8_t> compressed = read_bytes(gz);
    const std::size_t header_bytes = 4 + 4 * expected_dims;
    const std::vector<std::uint8_t> head = gunzip_head(compressed, gz, header_bytes);
    if (head.size() < header_bytes)
        throw DataError(gz + ": truncated or corrupt: its compressed data end or break after " +
                        std::to_string(head.size()) + " bytes, inside the " + std::to_string(header_bytes) +
                        "-byte IDX header. " + install_advice());
    // A complete .gz file ends with its trailer, whose last 4 bytes record the data's length; a file cut
    // short ends inside its compressed data, and those 4 bytes are whatever data was there.
    const std::optional<std::uint64_t> promised = promised_length(head, gz);
    const std::size_t recorded = gzip_original_size(compressed, gz);
    if (promised && (*promised & 0xFFFFFFFFu) != recorded)
        throw DataError(gz + ": truncated: its IDX header promises " + std::to_string(*promised) +
                        " bytes of data, but its last 4 bytes, where gzip records that length, read " +
                        std::to_string(recorded) + ": the file ends before its data do (a download or copy "
                        "cut short?). " + install_advice());
    return gunzip(compressed, gz);
}

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
    const std::string plain = (fs::path(dir) / stem).string(), gz = plain + ".gz";
    IdxFile file;
    if (is_data_file(plain)) {
        file.path = plain;
        file.bytes = read_bytes(plain);
        promised_length(file.bytes, plain);  // refuses sizes that overflow
    } else if (is_data_file(gz)) {
        file.path = gz;
        file.bytes = read_gzipped_idx(gz, expected_dims);
    } else {
        const bool package_missing = dir == kDefaultDataDir && !fs::exists(dir);
        throw DataError(std::string("Fashion-MNIST is missing: ") +
                        (package_missing ? std::string("the package ") + kDataPackage + " is not installed (" + dir +
                                               " does not exist). "
                                         : "neither " + plain + " nor " + gz + " exists. ") +
                        install_advice());
    }
    file.header = parse_idx_header(file.bytes, file.bytes.size(), expected_dims, file.path);
    const std::size_t items = std::min(file.header.items(), max_items);
    file.bytes.resize(file.header.data_offset + items * file.header.item_size());
    file.bytes.shrink_to_fit();
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

StudyData load_fashion_mnist(const DataOptions& options) {
    StudyData data;
    data.dir = options.dir;
    data.classes.assign(class_names().begin(), class_names().end());
    const auto [train_images, train_labels] = read_pair(options.dir, "train", options.validation + options.train);
    data.validation = to_dataset(train_images, train_labels, 0, options.validation);
    data.train = to_dataset(train_images, train_labels, options.validation, options.train);
    const auto [test_images, test_labels] = read_pair(options.dir, "t10k", options.test);
    data.test = to_dataset(test_images, test_labels, 0, options.test);
    return data;
}

std::vector<std::size_t> StudyData::mlp_sizes() const {
    std::vector<std::size_t> sizes{train.X.cols()};
    sizes.insert(sizes.end(), hidden.begin(), hidden.end());
    sizes.push_back(classes.size());
    return sizes;
}

std::vector<double> image_pixels(const Matrix& X, std::size_t i) {
    return {X.row_data(i), X.row_data(i) + X.cols()};
}

}  // namespace course::fashion_mnist
