// Experiment records: config.json and metrics.csv per run, written atomically, read back strictly.
#include "common/records.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <system_error>

#include "common/errors.hpp"

namespace course::records {

namespace fs = std::filesystem;

namespace {

// A number as the metrics file writes it (%.17g, or inf and nan), and nothing else: no blanks, no '+',
// no hexadecimal. strtod rounds correctly, as std::from_chars does; libc++ (macOS) has no
// from_chars for double. The course never changes the C locale, so the decimal point is '.'.
bool parse_number(const std::string& field, double& value) {
    if (field.empty() || field[0] == '+' || std::isspace(static_cast<unsigned char>(field[0])) ||
        field.find_first_of("xX") != std::string::npos)
        return false;
    char* end = nullptr;
    errno = 0;
    value = std::strtod(field.c_str(), &end);
    return end == field.c_str() + field.size() && !(errno == ERANGE && std::isinf(value));  // 1e400 overflows
}

constexpr const char* config_name = "config.json";
constexpr const char* metrics_name = "metrics.csv";

// ---------------------------------------------------------------------------------------------------
// Writing

// JSON's number grammar (RFC 8259 §6): -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
// A value that matches is written unquoted; anything else ("1e", "nan", "01", "adam") as a string.
bool is_json_number(const std::string& text) {
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto digits = [&] {
        const std::size_t start = i;
        while (i < n && text[i] >= '0' && text[i] <= '9') ++i;
        return i > start;
    };
    if (i < n && text[i] == '-') ++i;
    if (i < n && text[i] == '0') {
        ++i;
    } else if (!(i < n && text[i] >= '1' && text[i] <= '9') || !digits()) {
        return false;
    }
    if (i < n && text[i] == '.') {
        ++i;
        if (!digits()) return false;
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-')) ++i;
        if (!digits()) return false;
    }
    return i == n;
}

std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            default:
                if (static_cast<unsigned char>(c) < 0x20) {
                    char escaped[8];
                    std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                    out += escaped;
                } else {
                    out += c;  // UTF-8 bytes pass through unchanged
                }
        }
    }
    return out + "\"";
}

std::string config_text(const Config& config) {
    std::set<std::string> seen;
    std::string out = "{";
    for (std::size_t i = 0; i < config.size(); ++i) {
        const auto& [key, value] = config[i];
        if (key.empty()) throw std::invalid_argument("records: a config key is empty");
        if (!seen.insert(key).second) throw std::invalid_argument("records: the config key \"" + key + "\" appears twice");
        out += i == 0 ? "\n  " : ",\n  ";
        out += json_string(key) + ": " + (is_json_number(value) ? value : json_string(value));
    }
    return out + (config.empty() ? "}\n" : "\n}\n");
}

std::string metrics_text(const Metrics& metrics) {
    if (metrics.columns.empty()) throw std::invalid_argument("records: metrics need at least one column");
    std::string out;
    for (std::size_t c = 0; c < metrics.columns.size(); ++c) {
        const std::string& name = metrics.columns[c];
        if (name.empty() || name.find_first_of(",\"\n\r") != std::string::npos)
            throw std::invalid_argument("records: metrics column \"" + name +
                                        "\" must be non-empty and hold no comma, quote or line break");
        out += (c ? "," : "") + name;
    }
    out += '\n';
    char number[32];
    for (std::size_t r = 0; r < metrics.rows.size(); ++r) {
        const auto& row = metrics.rows[r];
        if (row.size() != metrics.columns.size())
            throw std::invalid_argument("records: metrics row " + std::to_string(r + 1) + " has " +
                                        std::to_string(row.size()) + " values for " +
                                        std::to_string(metrics.columns.size()) + " columns");
        for (std::size_t c = 0; c < row.size(); ++c) {
            std::snprintf(number, sizeof number, "%.17g", row[c]);  // 17 digits: the same double back
            out += (c ? "," : "");
            out += number;
        }
        out += '\n';
    }
    return out;
}

// Writes `text` to path + ".tmp" and renames it onto path: readers see the old file or the whole new one.
void write_atomically(const fs::path& path, const std::string& text) {
    const fs::path temporary = path.string() + ".tmp";
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file << text;
        file.close();
        if (!file) throw std::runtime_error("records: cannot write " + temporary.string());
    }
    std::error_code error;
    fs::rename(temporary, path, error);
    if (error) throw std::runtime_error("records: cannot rename " + temporary.string() + " to " + path.string() +
                                        ": " + error.message());
}

// ---------------------------------------------------------------------------------------------------
// Reading

std::string read_whole(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw DataError(path.string() + ": missing or unreadable (the run was never recorded, or it was "
                        "interrupted before its record was complete; run it again)");
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// A strict reader of one flat JSON object whose values are strings, numbers, true, false or null.
class FlatJson {
public:
    FlatJson(std::string text, std::string file) : text_(std::move(text)), file_(std::move(file)) {}

    Config parse() {
        Config config;
        std::set<std::string> seen;
        skip_space();
        expect('{', "the file must hold one JSON object, starting with '{'");
        skip_space();
        if (peek() == '}') {
            ++at_;
        } else {
            for (;;) {
                skip_space();
                if (peek() != '"') fail("expected a quoted key");
                std::string key = string();
                if (!seen.insert(key).second) fail("the key \"" + key + "\" appears twice");
                skip_space();
                expect(':', "expected ':' after the key \"" + key + "\"");
                skip_space();
                config.emplace_back(std::move(key), value());
                skip_space();
                if (peek() == ',') { ++at_; continue; }
                expect('}', "expected ',' or '}' after a value (a truncated file?)");
                break;
            }
        }
        skip_space();
        if (at_ != text_.size()) fail("unexpected text after the closing '}'");
        return config;
    }

private:
    char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }
    bool done() const { return at_ >= text_.size(); }

    [[noreturn]] void fail(const std::string& problem) const {
        const auto line = 1 + std::count(text_.begin(), text_.begin() + static_cast<std::ptrdiff_t>(std::min(at_, text_.size())), '\n');
        throw DataError(file_ + ": line " + std::to_string(line) + ": " + problem +
                        (done() ? " (reached the end of the file)" : "") +
                        "; the record is corrupt: delete the run's folder and run it again");
    }
    void expect(char c, const std::string& problem) {
        if (peek() != c || done()) fail(problem);
        ++at_;
    }
    void skip_space() {
        while (!done() && (peek() == ' ' || peek() == '\n' || peek() == '\t' || peek() == '\r')) ++at_;
    }

    std::string value() {
        const char c = peek();
        if (c == '"') return string();
        if (c == '{' || c == '[') fail("a value is an object or an array; a record's config is flat");
        const std::size_t start = at_;
        while (!done() && std::string_view(",} \n\t\r").find(peek()) == std::string_view::npos) ++at_;
        std::string word = text_.substr(start, at_ - start);
        if (word == "true" || word == "false" || word == "null" || is_json_number(word)) return word;
        at_ = start;
        fail(word.empty() ? "expected a value" : "\"" + word + "\" is not a JSON string, number, true, false or null");
    }

    unsigned hex4() {
        unsigned code = 0;
        for (int k = 0; k < 4; ++k, ++at_) {
            const char h = peek();
            code <<= 4;
            if (h >= '0' && h <= '9') code |= static_cast<unsigned>(h - '0');
            else if (h >= 'a' && h <= 'f') code |= static_cast<unsigned>(h - 'a' + 10);
            else if (h >= 'A' && h <= 'F') code |= static_cast<unsigned>(h - 'A' + 10);
            else fail("\\u must be followed by four hex digits");
        }
        return code;
    }

    static void append_utf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    std::string string() {
        ++at_;  // the opening quote
        std::string out;
        for (;;) {
            if (done()) fail("a string is not closed");
            const char c = text_[at_++];
            if (c == '"') return out;
            if (static_cast<unsigned char>(c) < 0x20) { --at_; fail("a raw control character inside a string"); }
            if (c != '\\') { out += c; continue; }
            const char e = peek();
            ++at_;
            switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    unsigned code = hex4();
                    if (code >= 0xD800 && code < 0xDC00) {  // a surrogate pair: two \u escapes, one code point
                        if (peek() != '\\' || at_ + 1 >= text_.size() || text_[at_ + 1] != 'u')
                            fail("a high surrogate \\u escape without its low half");
                        at_ += 2;
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF) fail("a high surrogate followed by no low surrogate");
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    } else if (code >= 0xDC00 && code < 0xE000) {
                        fail("a low surrogate \\u escape without its high half");
                    }
                    append_utf8(out, code);
                    break;
                }
                default: --at_; fail("an unknown escape in a string");
            }
        }
    }

    std::string text_;
    std::string file_;
    std::size_t at_ = 0;
};

std::vector<std::string> split_commas(const std::string& line) {
    std::vector<std::string> fields;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(line.substr(start, comma - start));
        if (comma == std::string::npos) return fields;
        start = comma + 1;
    }
}

}  // namespace

bool is_recorded(const std::string& run_dir) {
    std::error_code error;
    return fs::is_regular_file(fs::path(run_dir) / config_name, error) &&
           fs::is_regular_file(fs::path(run_dir) / metrics_name, error);
}

void write_run(const std::string& run_dir, const Config& config, const Metrics& metrics) {
    // Format both files first: a bad key or row throws before anything on disk changes.
    const std::string config_json = config_text(config);
    const std::string metrics_csv = metrics_text(metrics);
    const fs::path dir(run_dir);
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) throw std::runtime_error("records: cannot create the folder " + run_dir + ": " + error.message());
    // An earlier record stops counting before its metrics are replaced; config.json comes last, so the
    // run is recorded only once both files are whole.
    fs::remove(dir / config_name, error);
    write_atomically(dir / metrics_name, metrics_csv);
    write_atomically(dir / config_name, config_json);
}

Config read_config(const std::string& run_dir) {
    const fs::path path = fs::path(run_dir) / config_name;
    return FlatJson(read_whole(path), path.string()).parse();
}

Metrics read_metrics(const std::string& run_dir) {
    const fs::path path = fs::path(run_dir) / metrics_name;
    const std::string text = read_whole(path);
    const std::string file = path.string();
    auto fail = [&](std::size_t line, const std::string& problem) {
        throw DataError(file + ": line " + std::to_string(line) + ": " + problem +
                        "; the record is corrupt: delete the run's folder and run it again");
    };
    if (text.empty()) fail(1, "the file is empty (no header)");
    if (text.back() != '\n') fail(static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1,
                                  "the last line does not end with a line break (a truncated file?)");
    Metrics metrics;
    std::size_t line_number = 0, start = 0;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        std::string line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::vector<std::string> fields = split_commas(line);
        if (line_number == 1) {
            for (const auto& name : fields)
                if (name.empty()) fail(1, "the header has an empty column name");
            metrics.columns = std::move(fields);
            continue;
        }
        if (fields.size() != metrics.columns.size())
            fail(line_number, "has " + std::to_string(fields.size()) + " fields, the header has " +
                                  std::to_string(metrics.columns.size()));
        std::vector<double> row(fields.size());
        for (std::size_t c = 0; c < fields.size(); ++c) {
            const std::string& field = fields[c];
            if (!parse_number(field, row[c]))
                fail(line_number, "column " + metrics.columns[c] + ": \"" + field + "\" is not a number");
        }
        metrics.rows.push_back(std::move(row));
    }
    return metrics;
}

std::vector<std::string> list_runs(const std::string& study_dir) {
    std::vector<std::string> names;
    std::error_code error;
    if (!fs::is_directory(study_dir, error)) return names;
    for (const auto& entry : fs::directory_iterator(study_dir, error))
        if (entry.is_directory(error) && is_recorded(entry.path().string()))
            names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace course::records
