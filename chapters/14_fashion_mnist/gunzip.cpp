// Chapter 14, given code: gunzip, so that the course reads Debian's Fashion-MNIST files (which the
// package ships gzipped only) with no library beyond the standard one.
//
// A .gz file (RFC 1952) is a small header, one DEFLATE stream (RFC 1951) and a trailer holding the
// CRC-32 and the length of the original data. DEFLATE is a sequence of blocks: stored (raw bytes), or
// LZ77 symbols — a literal byte, or "copy `length` bytes from `distance` back" — coded with Huffman
// codes that are either fixed by the standard or sent at the start of the block as code lengths.
// The decoder below follows the structure of Mark Adler's reference decoder (zlib's contrib/puff):
// canonical Huffman codes decoded one bit at a time from per-length counts, which is short and
// obviously right at the price of speed (about 100 MB/s here; the training set inflates in ~0.5 s).
#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "chapters/14_fashion_mnist/data.hpp"
#include "common/errors.hpp"

namespace course::fashion_mnist {
namespace {

constexpr int kMaxBits = 15;  // the longest code DEFLATE allows

[[noreturn]] void corrupt(const std::string& file, const std::string& what) {
    throw DataError(file + ": not a valid gzip file (" + what + "); reinstall the data package or point --data elsewhere");
}

// Bits come least significant first within each byte (RFC 1951, 3.1.1).
struct BitReader {
    const std::uint8_t* data;
    std::size_t size, pos;
    const std::string& file;
    std::uint64_t buffer = 0;
    int count = 0;

    int bits(int need) {
        while (count < need) {
            if (pos >= size) corrupt(file, "the compressed data end early: the file is truncated");
            buffer |= static_cast<std::uint64_t>(data[pos++]) << count;
            count += 8;
        }
        const int value = static_cast<int>(buffer & ((1ull << need) - 1));
        buffer >>= need;
        count -= need;
        return value;
    }
    void align_to_byte() {
        buffer >>= count % 8;
        count -= count % 8;
    }
};

// A canonical Huffman code: how many codes have each length, and the symbols ordered by code.
struct Huffman {
    std::array<std::int16_t, kMaxBits + 1> count{};
    std::array<std::int16_t, 288> symbol{};
};

// Builds the code from each symbol's code length (0: unused). An over-subscribed set of lengths is
// corrupt; an incomplete one is allowed (RFC 1951 permits it for a single distance code).
void build(Huffman& h, const std::int16_t* lengths, int n, const std::string& file) {
    h.count.fill(0);
    for (int s = 0; s < n; ++s) ++h.count[lengths[s]];
    int left = 1;
    for (int len = 1; len <= kMaxBits; ++len) {
        left = 2 * left - h.count[len];
        if (left < 0) corrupt(file, "an over-subscribed Huffman code");
    }
    std::array<int, kMaxBits + 1> offset{};
    for (int len = 1; len < kMaxBits; ++len) offset[len + 1] = offset[len] + h.count[len];
    for (int s = 0; s < n; ++s)
        if (lengths[s] != 0) h.symbol[offset[lengths[s]]++] = static_cast<std::int16_t>(s);
}

// Canonical codes of one length are consecutive integers, and the first code of length L+1 is
// (first code of length L + count of length L)·2: so a code is found by reading one bit at a time.
int decode(BitReader& in, const Huffman& h) {
    int code = 0, first = 0, index = 0;
    for (int len = 1; len <= kMaxBits; ++len) {
        code |= in.bits(1);
        const int count = h.count[len];
        if (code - first < count) return h.symbol[index + code - first];
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }
    corrupt(in.file, "a code that is not in the block's Huffman table");
}

constexpr std::array<int, 29> kLengthBase{3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                          31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr std::array<int, 29> kLengthExtra{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                           2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr std::array<int, 30> kDistBase{1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,    65,    97,    129,
                                        193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr std::array<int, 30> kDistExtra{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                         6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// Decodes one block's symbols until end-of-block (256) or until `limit` bytes are out. Returns false
// when it stopped at the limit.
bool inflate_codes(BitReader& in, const Huffman& lit, const Huffman& dist, std::vector<std::uint8_t>& out,
                   std::size_t limit) {
    while (true) {
        if (out.size() >= limit) return false;
        const int symbol = decode(in, lit);
        if (symbol < 256) {
            out.push_back(static_cast<std::uint8_t>(symbol));
        } else if (symbol == 256) {
            return true;
        } else {
            const int l = symbol - 257;
            if (l >= 29) corrupt(in.file, "an invalid length code");
            const std::size_t length = static_cast<std::size_t>(kLengthBase[l] + in.bits(kLengthExtra[l]));
            const int d = decode(in, dist);
            if (d >= 30) corrupt(in.file, "an invalid distance code");
            const std::size_t distance = static_cast<std::size_t>(kDistBase[d] + in.bits(kDistExtra[d]));
            if (distance > out.size()) corrupt(in.file, "a back-reference before the start of the data");
            // Byte by byte: the source may overlap what this copy writes (a run of one repeated byte).
            for (std::size_t k = 0; k < length; ++k) out.push_back(out[out.size() - distance]);
        }
    }
}

void fixed_tables(Huffman& lit, Huffman& dist, const std::string& file) {
    std::array<std::int16_t, 288> lengths{};
    for (int s = 0; s < 288; ++s) lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
    build(lit, lengths.data(), 288, file);
    std::array<std::int16_t, 30> dlengths{};
    dlengths.fill(5);
    build(dist, dlengths.data(), 30, file);
}

void dynamic_tables(BitReader& in, Huffman& lit, Huffman& dist) {
    static constexpr std::array<int, 19> kOrder{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};
    const int nlen = in.bits(5) + 257, ndist = in.bits(5) + 1, ncode = in.bits(4) + 4;
    if (nlen > 286 || ndist > 30) corrupt(in.file, "too many length or distance codes");
    std::array<std::int16_t, 320> lengths{};
    for (int i = 0; i < ncode; ++i) lengths[kOrder[i]] = static_cast<std::int16_t>(in.bits(3));
    Huffman lencode;
    build(lencode, lengths.data(), 19, in.file);
    lengths.fill(0);
    for (int i = 0; i < nlen + ndist;) {
        const int symbol = decode(in, lencode);
        if (symbol < 16) {
            lengths[i++] = static_cast<std::int16_t>(symbol);
            continue;
        }
        std::int16_t value = 0;
        int repeat = 0;
        if (symbol == 16) {
            if (i == 0) corrupt(in.file, "a repeated code length with nothing before it");
            value = lengths[i - 1];
            repeat = 3 + in.bits(2);
        } else if (symbol == 17) {
            repeat = 3 + in.bits(3);
        } else {
            repeat = 11 + in.bits(7);
        }
        if (i + repeat > nlen + ndist) corrupt(in.file, "code lengths that run past the table");
        while (repeat-- > 0) lengths[i++] = value;
    }
    if (lengths[256] == 0) corrupt(in.file, "a block without an end-of-block code");
    build(lit, lengths.data(), nlen, in.file);
    build(dist, lengths.data() + nlen, ndist, in.file);
}

std::uint32_t crc32(const std::vector<std::uint8_t>& bytes) {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    std::uint32_t c = 0xFFFFFFFFu;
    for (const std::uint8_t b : bytes) c = table[(c ^ b) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::uint32_t le32(const std::uint8_t* p) {
    return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8 |
           static_cast<std::uint32_t>(p[2]) << 16 | static_cast<std::uint32_t>(p[3]) << 24;
}

// The offset of the DEFLATE stream after the gzip header (RFC 1952, 2.3).
std::size_t skip_gzip_header(const std::vector<std::uint8_t>& gz, const std::string& file) {
    if (gz.size() < 18) corrupt(file, "shorter than a gzip header and trailer");
    if (gz[0] != 0x1f || gz[1] != 0x8b) corrupt(file, "it does not start with the gzip magic 1f 8b");
    if (gz[2] != 8) corrupt(file, "compression method " + std::to_string(gz[2]) + ", not DEFLATE (8)");
    const std::uint8_t flags = gz[3];
    std::size_t pos = 10;
    if (flags & 0x04) pos += 2 + (gz[10] | static_cast<std::size_t>(gz[11]) << 8);  // FEXTRA
    for (const std::uint8_t bit : {0x08, 0x10})                                      // FNAME, FCOMMENT
        if (flags & bit) {
            while (pos < gz.size() && gz[pos] != 0) ++pos;
            ++pos;
        }
    if (flags & 0x02) pos += 2;  // FHCRC
    if (pos >= gz.size()) corrupt(file, "the header runs past the end of the file");
    return pos;
}

}  // namespace

std::size_t gzip_original_size(const std::vector<std::uint8_t>& gz, const std::string& file) {
    skip_gzip_header(gz, file);
    return le32(gz.data() + gz.size() - 4);
}

std::vector<std::uint8_t> gunzip(const std::vector<std::uint8_t>& gz, const std::string& file, std::size_t max_bytes) {
    const std::size_t start = skip_gzip_header(gz, file);
    const std::size_t original = le32(gz.data() + gz.size() - 4);
    std::vector<std::uint8_t> out;
    out.reserve(std::min(original, max_bytes));
    BitReader in{gz.data(), gz.size() - 8, start, file};
    Huffman lit, dist;
    bool done = false;  // the final block decoded whole: the data can be checked against the trailer
    while (!done && out.size() < max_bytes) {
        const bool last = in.bits(1) == 1;
        const int type = in.bits(2);
        if (type == 0) {
            in.align_to_byte();
            const int length = in.bits(16), complement = in.bits(16);
            if (length != (~complement & 0xFFFF)) corrupt(file, "a stored block whose length check fails");
            int k = 0;
            for (; k < length && out.size() < max_bytes; ++k) out.push_back(static_cast<std::uint8_t>(in.bits(8)));
            if (k < length) break;
        } else if (type == 1 || type == 2) {
            if (type == 1) fixed_tables(lit, dist, file);
            else dynamic_tables(in, lit, dist);
            if (!inflate_codes(in, lit, dist, out, max_bytes)) break;
        } else {
            corrupt(file, "a block of the reserved type 3");
        }
        done = last;
    }
    if (out.size() > max_bytes) out.resize(max_bytes);
    if (done) {
        if (out.size() != original)
            corrupt(file, "it inflates to " + std::to_string(out.size()) + " bytes, the trailer says " +
                              std::to_string(original));
        if (crc32(out) != le32(gz.data() + gz.size() - 8)) corrupt(file, "the CRC-32 of the data does not match");
    }
    return out;
}

}  // namespace course::fashion_mnist
