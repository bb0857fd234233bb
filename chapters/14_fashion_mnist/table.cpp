// Chapter 14, given code: a CSV table of your own, read, checked, split and standardised (table.hpp
// describes the format and the split).
#include "chapters/14_fashion_mnist/table.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <sstream>

#include "common/errors.hpp"
#include "common/random.hpp"

namespace course::fashion_mnist {
namespace {

namespace fs = std::filesystem;

std::string trim(const std::string& text) {
    const std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string::npos) return "";
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> fields;
    for (std::size_t start = 0;;) {
        const std::size_t comma = line.find(',', start);
        fields.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string::npos) return fields;
        start = comma + 1;
    }
}

// A finite decimal number filling the whole field: strtod's syntax without its hexadecimal form.
enum class Parsed { number, not_a_number, not_finite };
Parsed parse_number(const std::string& field, double& value) {
    if (field.empty() || field.find_first_of("xX") != std::string::npos) return Parsed::not_a_number;
    char* end = nullptr;
    errno = 0;
    value = std::strtod(field.c_str(), &end);
    if (end != field.c_str() + field.size()) return Parsed::not_a_number;
    return std::isfinite(value) ? Parsed::number : Parsed::not_finite;  // nan, inf, 1e400 (ERANGE)
}

std::string in_quotes(const std::string& text) { return "'" + text + "'"; }

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
}

}  // namespace

CsvTable read_csv(const std::string& path) {
    std::error_code error;
    if (!fs::exists(path, error))
        throw DataError(path + ": no such file (give --csv the path of a CSV file; chapter 14's README, \"Your own "
                        "data\", shows the format and a bundled example)");
    if (fs::is_directory(path, error)) throw DataError(path + ": a directory, where a CSV file should be");
    std::ifstream in(path, std::ios::binary);
    std::ostringstream whole;
    if (!in || !(whole << in.rdbuf()).good()) {
        if (fs::file_size(path, error) != 0) throw DataError(path + ": cannot be read (its permissions?)");
    }
    std::string text = whole.str();
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // the byte-order mark some editors write

    std::vector<std::string> lines;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    while (!lines.empty() && trim(lines.back()).empty()) lines.pop_back();
    if (lines.empty())
        throw DataError(path + ": the file is empty; a table is a header of column names, then rows of numbers");

    CsvTable table;
    table.file = path;
    auto fail = [&](std::size_t line, const std::string& problem) {
        throw DataError(path + ": line " + std::to_string(line) + problem);
    };
    auto check_quotes = [&](const std::vector<std::string>& fields, std::size_t line) {
        for (std::size_t c = 0; c < fields.size(); ++c)
            if (fields[c].find('"') != std::string::npos)
                fail(line, ", field " + std::to_string(c + 1) + ": " + in_quotes(fields[c]) +
                               ": quoted fields are not supported (write names without quotes or commas)");
    };
    table.columns = split_fields(lines[0]);
    check_quotes(table.columns, 1);
    bool all_numbers = true;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        double ignored = 0.0;
        if (table.columns[c].empty()) fail(1, ", column " + std::to_string(c + 1) + ": an empty column name in the header");
        all_numbers = all_numbers && parse_number(table.columns[c], ignored) != Parsed::not_a_number;
        for (std::size_t before = 0; before < c; ++before)
            if (table.columns[before] == table.columns[c])
                fail(1, ": the column name " + in_quotes(table.columns[c]) + " appears twice (columns " +
                            std::to_string(before + 1) + " and " + std::to_string(c + 1) + ")");
    }
    if (all_numbers)
        fail(1, ": no header: the first line is all numbers (" + lines[0] +
                    "); it must name the columns, e.g. length,width,label");
    for (std::size_t i = 1; i < lines.size(); ++i) {
        const std::size_t line = i + 1;
        if (trim(lines[i]).empty()) fail(line, ": an empty line; only the end of the file may have empty lines");
        std::vector<std::string> fields = split_fields(lines[i]);
        check_quotes(fields, line);
        if (fields.size() != table.columns.size())
            fail(line, ": " + std::to_string(fields.size()) + " fields, the header has " +
                           std::to_string(table.columns.size()) + " (" + joined(table.columns) + ")");
        table.rows.push_back(std::move(fields));
        table.lines.push_back(line);
    }
    return table;
}

Table load_table(const std::string& path, const TableOptions& options) {
    const CsvTable csv = read_csv(path);
    const std::size_t n = csv.rows.size(), columns = csv.columns.size();
    auto fail = [&](const std::string& problem) { throw DataError(path + ": " + problem); };
    auto fail_at = [&](std::size_t row, std::size_t column, const std::string& problem) {
        fail("line " + std::to_string(csv.lines[row]) + ", column " + in_quotes(csv.columns[column]) + ": " + problem);
    };
    std::size_t target = columns - 1;
    if (!options.target.empty()) {
        const auto at = std::find(csv.columns.begin(), csv.columns.end(), options.target);
        if (at == csv.columns.end())
            fail("no column " + in_quotes(options.target) + " for --target; the columns are " + joined(csv.columns));
        target = static_cast<std::size_t>(at - csv.columns.begin());
    }
    if (columns < 2) fail("one column only (" + csv.columns[0] + "): a table needs feature columns besides its target");

    Table table;
    table.target = csv.columns[target];
    std::vector<std::size_t> feature_columns;
    for (std::size_t c = 0; c < columns; ++c)
        if (c != target) {
            feature_columns.push_back(c);
            table.features.push_back(csv.columns[c]);
        }
    const std::size_t F = feature_columns.size();
    Matrix X(n, F);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t f = 0; f < F; ++f) {
            const std::string& field = csv.rows[i][feature_columns[f]];
            const Parsed parsed = parse_number(field, X(i, f));
            if (field.empty()) fail_at(i, feature_columns[f], "an empty field (fill in the value or drop the row)");
            if (parsed == Parsed::not_a_number) fail_at(i, feature_columns[f], in_quotes(field) + " is not a number");
            if (parsed == Parsed::not_finite)
                fail_at(i, feature_columns[f], in_quotes(field) + " is not a finite number (NaN and infinity cannot be learned from)");
        }

    // The classes, in sorted order: by value when every label is a number, by text otherwise.
    bool numeric = true;
    std::vector<double> values(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::string& label = csv.rows[i][target];
        if (label.empty()) fail_at(i, target, "an empty class label");
        numeric = numeric && parse_number(label, values[i]) == Parsed::number;
    }
    std::map<double, std::size_t> by_value;
    std::map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < n; ++i) {
        if (!numeric) {
            by_name.emplace(csv.rows[i][target], 0);
        } else if (values[i] != std::round(values[i])) {
            fail_at(i, target, in_quotes(csv.rows[i][target]) + " is not a whole number: a class label is a whole "
                               "number or a name (measurements are a regression target, which this classifier does not fit)");
        } else {
            by_value.emplace(values[i], 0);
        }
    }
    std::vector<std::string>& classes = table.data.classes;
    for (auto& [value, k] : by_value) {
        k = classes.size();
        char name[32];
        std::snprintf(name, sizeof name, "%.0f", value);
        classes.push_back(name);
    }
    for (auto& [name, k] : by_name) {
        k = classes.size();
        classes.push_back(name);
    }
    if (classes.size() < 2)
        fail("the target column " + in_quotes(table.target) + " holds one class (" + in_quotes(classes.front()) +
             "); a classifier needs at least 2 (is --target the right column?)");
    if (n < 10) fail(std::to_string(n) + " data rows; the 60/20/20 split into training, validation and test rows needs at least 10");
    Matrix labels(n, 1);
    table.class_counts.assign(classes.size(), 0);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = numeric ? by_value.at(values[i]) : by_name.at(csv.rows[i][target]);
        labels(i, 0) = static_cast<double>(k);
        ++table.class_counts[k];
    }

    // The split: a seeded shuffle, then 60 / 20 / 20.
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    Rng rng(options.seed);
    rng.shuffle(std::span<std::size_t>(order));
    const std::size_t n_test = n / 5, n_validation = n / 5, n_train = n - n_test - n_validation;
    const std::vector<std::size_t> train(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(n_train)),
        validation(order.begin() + static_cast<std::ptrdiff_t>(n_train), order.end() - static_cast<std::ptrdiff_t>(n_test)),
        test(order.end() - static_cast<std::ptrdiff_t>(n_test), order.end());
    StudyData& data = table.data;
    data.train = {gather_rows(X, train), gather_rows(labels, train)};
    data.validation = {gather_rows(X, validation), gather_rows(labels, validation)};
    data.test = {gather_rows(X, test), gather_rows(labels, test)};

    // Standardisation with the training rows' statistics only.
    for (std::size_t f = 0; f < F; ++f) {
        double mean = 0.0, square = 0.0;
        for (std::size_t i = 0; i < n_train; ++i) mean += data.train.X(i, f);
        mean /= static_cast<double>(n_train);
        for (std::size_t i = 0; i < n_train; ++i) square += (data.train.X(i, f) - mean) * (data.train.X(i, f) - mean);
        const double std = std::sqrt(square / static_cast<double>(n_train));
        // A constant column's rounding leaves a std of a few ulps of its mean, not exactly 0.
        const bool constant = std <= 1e-12 * std::max(1.0, std::abs(mean));
        if (constant) table.constant_features.push_back(table.features[f]);
        for (Dataset* part : {&data.train, &data.validation, &data.test})
            for (std::size_t i = 0; i < part->size(); ++i)
                part->X(i, f) = constant ? 0.0 : (part->X(i, f) - mean) / std;
    }
    data.dir = path;
    data.hidden = kTableHidden;
    data.images = false;
    return table;
}

}  // namespace course::fashion_mnist
