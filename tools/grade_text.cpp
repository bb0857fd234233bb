#include "tools/grade_text.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

namespace course::grade {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

// Length of the valid UTF-8 sequence at text[i], or 0 if the bytes there are not one. Rejects
// overlong forms and surrogates, so what passes is safe to hand to JSON and XML readers.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char lead = byte(i);
    if (lead < 0x80) return 1;
    std::size_t length = 0;
    unsigned min_second = 0x80, max_second = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0) min_second = 0xA0;  // overlong
        if (lead == 0xED) max_second = 0x9F;  // surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0) min_second = 0x90;  // overlong
        if (lead == 0xF4) max_second = 0x8F;  // beyond U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size()) return 0;
    if (byte(i + 1) < min_second || byte(i + 1) > max_second) return 0;
    for (std::size_t k = 2; k < length; ++k) {
        if ((byte(i + k) & 0xC0) != 0x80) return 0;
    }
    return length;
}

// Length of an ANSI escape sequence (colour codes from gtest or a student's program) at text[i].
std::size_t escape_sequence_length(std::string_view text, std::size_t i) {
    if (text[i] != '\x1b') return 0;
    if (i + 1 >= text.size() || text[i + 1] != '[') return 1;
    std::size_t k = i + 2;
    while (k < text.size() && text[k] >= 0x20 && text[k] < 0x40) ++k;  // parameters
    return k < text.size() ? k + 1 - i : k - i;                          // final byte
}

// Control characters other than newline and tab garble a terminal (\r, \b) or an XML reader.
bool is_garbling_control(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return (byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F;
}

}  // namespace

std::vector<std::string> split(std::string_view text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t end; (end = text.find(separator, start)) != std::string_view::npos; start = end + 1) {
        parts.emplace_back(text.substr(start, end - start));
    }
    parts.emplace_back(text.substr(start));
    return parts;
}

std::vector<std::string> lines_of(std::string_view text) {
    std::vector<std::string> lines = split(text, '\n');
    if (!lines.empty() && lines.back().empty()) lines.pop_back();
    for (std::string& line : lines) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
    }
    return lines;
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return "";
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last + 1 - first));
}

bool starts_with_digits(std::string_view text, std::size_t count) {
    if (text.size() < count) return false;
    for (std::size_t i = 0; i < count; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
    }
    return true;
}

std::string unescape_field(std::string_view field) {
    std::string text;
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            text += field[i];
            continue;
        }
        const char next = field[++i];
        text += next == 't' ? '\t' : next == 'n' ? '\n' : next;
    }
    return text;
}

std::string clean_utf8(std::string_view bytes) {
    std::string text;
    text.reserve(bytes.size());
    for (std::size_t i = 0; i < bytes.size();) {
        if (const std::size_t escape = escape_sequence_length(bytes, i)) {
            i += escape;
        } else if (is_garbling_control(bytes[i])) {
            ++i;
        } else if (const std::size_t length = utf8_sequence_length(bytes, i)) {
            text.append(bytes.substr(i, length));
            i += length;
        } else {
            text.append(replacement_character);
            ++i;
        }
    }
    return text;
}

std::string cut(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return std::string(text);
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;  // not mid-character
    return std::string(text.substr(0, end)) + "\n... (cut)";
}

std::string first_lines(std::string_view text, std::size_t count) {
    const std::vector<std::string> lines = lines_of(text);
    std::string kept;
    for (std::size_t i = 0; i < lines.size() && i < count; ++i) kept += (i ? "\n" : "") + lines[i];
    if (lines.size() > count) kept += "\n...";
    return kept;
}

std::size_t display_width(std::string_view utf8) {
    std::size_t width = 0;
    for (char c : utf8) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
    }
    return width;
}

std::string json_string(std::string_view utf8) {
    std::string quoted = "\"";
    for (char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"': quoted += "\\\""; break;
            case '\\': quoted += "\\\\"; break;
            case '\n': quoted += "\\n"; break;
            case '\t': quoted += "\\t"; break;
            case '\r': quoted += "\\r"; break;
            default:
                if (byte < 0x20 || byte == 0x7F) {
                    char code[8];
                    std::snprintf(code, sizeof code, "\\u%04x", byte);
                    quoted += code;
                } else {
                    quoted += c;
                }
        }
    }
    return quoted + "\"";
}

std::string xml_text(std::string_view utf8) {
    std::string escaped;
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        const char c = utf8[i];
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') continue;  // forbidden in XML 1.0
        // U+FFFE and U+FFFF (EF BF BE/BF) are forbidden too.
        if (byte == 0xEF && utf8.substr(i + 1, 1) == "\xBF" && i + 2 < utf8.size() &&
            (static_cast<unsigned char>(utf8[i + 2]) & 0xFE) == 0xBE) {
            i += 2;
            continue;
        }
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            case '\'': escaped += "&apos;"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

bool write_file(const std::string& path, std::string_view content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    return static_cast<bool>(out.flush());
}

}  // namespace course::grade
