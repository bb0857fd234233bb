// Chapter 14, given code: gunzip, so that the course reads Debian's Fashion-MNIST files (which the
// package ships gzipped only) with no library beyond the stb headers it already draws its figures with.
//
// A .gz file (RFC 1952) is a header, one DEFLATE stream (RFC 1951) and an 8-byte trailer: the CRC-32 of
// the original data and its length mod 2³². The header is parsed here; the DEFLATE stream is inflated by
// stb_image's zlib decoder (the one it uses for PNG), which the figure library compiles once, in
// common/plot/stb_image.cpp; the trailer is checked here, so that a changed byte anywhere in the file
// stops the run instead of training on wrong pixels.
#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <stb/stb_image.h>

#include "chapters/14_fashion_mnist/data.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {
namespace {

[[noreturn]] void fail(const std::string& file, const std::string& what) {
    throw DataError(file + ": " + what + ". " + install_advice());
}

std::uint32_t le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

std::string hex32(std::uint32_t value) {
    char text[11];
    std::snprintf(text, sizeof text, "0x%08x", value);
    return text;
}

// The fields of a .gz file around its DEFLATE stream.
struct GzipLayout {
    std::size_t deflate_offset;  // where the DEFLATE stream starts, after the header
    std::uint32_t crc32;         // of the original data (the trailer's first 4 bytes)
    std::uint32_t length;        // of the original data mod 2³² (the trailer's last 4 bytes)
};

// The header (RFC 1952, 2.3): magic 1f 8b, method 8 (DEFLATE), flags, mtime, xfl, os, then what the
// flags announce: FEXTRA (a 2-byte length and that many bytes), FNAME and FCOMMENT (zero-terminated),
// FHCRC (the low 16 bits of the CRC-32 of the header before it).
GzipLayout read_layout(const std::vector<std::uint8_t>& gz, const std::string& file) {
    constexpr std::uint8_t kFhcrc = 0x02, kFextra = 0x04, kFname = 0x08, kFcomment = 0x10, kReserved = 0xE0;
    if (gz.size() < 18)
        fail(file, "truncated: " + std::to_string(gz.size()) + " bytes, fewer than a gzip header and trailer (18)");
    if (gz[0] != 0x1f || gz[1] != 0x8b) fail(file, "not a gzip file: it does not start with the gzip magic 1f 8b");
    if (gz[2] != 8) fail(file, "not a gzip file we can read: compression method " + std::to_string(gz[2]) + ", not DEFLATE (8)");
    const std::uint8_t flags = gz[3];
    if (flags & kReserved) fail(file, "corrupt gzip header: reserved flag bits are set");
    const auto past_end = [&] { fail(file, "truncated: its gzip header runs past the end of the file"); };
    std::size_t pos = 10;
    if (flags & kFextra) {
        if (pos + 2 > gz.size()) past_end();
        pos += 2 + (gz[pos] | static_cast<std::size_t>(gz[pos + 1]) << 8);
    }
    for (const std::uint8_t field : {kFname, kFcomment})
        if (flags & field) {
            while (pos < gz.size() && gz[pos] != 0) ++pos;
            ++pos;  // the terminating zero
        }
    if (flags & kFhcrc) {
        if (pos + 2 > gz.size()) past_end();
        const std::uint32_t want = gz[pos] | static_cast<std::uint32_t>(gz[pos + 1]) << 8;
        if ((crc32({gz.data(), pos}) & 0xFFFF) != want) fail(file, "corrupt gzip header: its CRC-16 does not match");
        pos += 2;
    }
    if (pos + 8 > gz.size()) past_end();
    return {pos, le32(gz.data() + gz.size() - 8), le32(gz.data() + gz.size() - 4)};
}

// stb takes an int for every length.
int stb_length(std::size_t bytes, const std::string& file) {
    if (bytes > static_cast<std::size_t>(INT_MAX)) fail(file, "too large: more than 2 GiB of compressed data");
    return static_cast<int>(bytes);
}

}  // namespace

// Table-driven, one byte at a time: table[n] is the CRC of the byte n alone (the reflected polynomial
// 0xEDB88320 of RFC 1952, 8.), so that each byte costs one lookup, a shift and an xor.
std::uint32_t crc32(std::span<const std::uint8_t> bytes) {
    static constexpr std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFu;
    for (const std::uint8_t b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::size_t gzip_original_size(const std::vector<std::uint8_t>& gz, const std::string& file) {
    return read_layout(gz, file).length;
}

std::vector<std::uint8_t> gunzip(const std::vector<std::uint8_t>& gz, const std::string& file) {
    const GzipLayout layout = read_layout(gz, file);
    // The input handed to stb runs to the end of the file, trailer included: stb refuses to decode a code
    // with fewer than 16 bits left in its input, and the last code of a stream is usually shorter.
    const char* deflate = reinterpret_cast<const char*>(gz.data() + layout.deflate_offset);
    const int deflate_bytes = stb_length(gz.size() - layout.deflate_offset, file);
    // The first guess for the output buffer is the trailer's length, which stb grows if it is wrong;
    // DEFLATE cannot shrink data more than 1032-fold, so a larger length is not believed for the guess.
    const double most = 1032.0 * deflate_bytes + 1;
    const int guess = static_cast<int>(std::clamp<double>(layout.length, 1, std::min<double>(most, INT_MAX)));
    int inflated = 0;
    const std::unique_ptr<char, decltype(&stbi_image_free)> out(
        stbi_zlib_decode_malloc_guesssize_headerflag(deflate, deflate_bytes, guess, &inflated, 0), &stbi_image_free);
    if (!out)
        fail(file, std::string("corrupt or truncated: its compressed data do not inflate (stb_image: ") +
                       stbi_failure_reason() + ")");
    const auto* begin = reinterpret_cast<const std::uint8_t*>(out.get());
    std::vector<std::uint8_t> bytes(begin, begin + inflated);
    if (static_cast<std::uint32_t>(bytes.size()) != layout.length)
        fail(file, "corrupt or truncated: it inflates to " + std::to_string(bytes.size()) +
                       " bytes, its gzip trailer records " + std::to_string(layout.length));
    if (const std::uint32_t crc = crc32(bytes); crc != layout.crc32)
        fail(file, "corrupt: the CRC-32 of its inflated data is " + hex32(crc) + ", its gzip trailer records " +
                       hex32(layout.crc32) + " (a byte has changed since it was written)");
    return bytes;
}

// stb's fixed-buffer decoder stops with an error as soon as the next symbol does not fit, and reports
// no count; but what it wrote is the same whatever the buffer held before. So the stream is inflated
// into two buffers, one filled with 0x00 and one with 0xFF beforehand, and the bytes written are the
// prefix on which the two agree. Room for one more stored block (65,535 bytes) and one more match
// (258) past `count` makes sure that stb stops beyond `count` unless the stream itself ends or breaks.
std::vector<std::uint8_t> gunzip_head(const std::vector<std::uint8_t>& gz, const std::string& file, std::size_t count) {
    const GzipLayout layout = read_layout(gz, file);
    const char* deflate = reinterpret_cast<const char*>(gz.data() + layout.deflate_offset);
    const int deflate_bytes = stb_length(gz.size() - layout.deflate_offset, file);
    const std::size_t room = count + 65535 + 258;
    std::vector<char> zeros(room, '\x00'), ones(room, '\xFF');
    const int room_int = stb_length(room, file);
    const int whole = stbi_zlib_decode_noheader_buffer(zeros.data(), room_int, deflate, deflate_bytes);
    stbi_zlib_decode_noheader_buffer(ones.data(), room_int, deflate, deflate_bytes);
    std::size_t written = whole >= 0 ? static_cast<std::size_t>(whole) : 0;
    if (whole < 0)
        while (written < room && zeros[written] == ones[written]) ++written;
    const auto* begin = reinterpret_cast<const std::uint8_t*>(zeros.data());
    return {begin, begin + std::min(written, count)};
}

}  // namespace course::fashion_mnist
