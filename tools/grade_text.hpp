// Text handling for the grader. Everything a test binary prints is untrusted bytes (a student's
// program may print anything, including invalid UTF-8 and terminal escapes), so every string that
// reaches a report passes through here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace course::grade {

std::vector<std::string> split(std::string_view text, char separator);
std::vector<std::string> lines_of(std::string_view text);  // no trailing empty line
std::string trim(std::string_view text);
bool starts_with_digits(std::string_view text, std::size_t count);

// The inverse of the \\ \t \n escaping that tests/support/test_main.cpp applies to record fields.
std::string unescape_field(std::string_view field);

// Replaces every invalid UTF-8 sequence by U+FFFD; drops terminal escape sequences and control
// characters other than newline and tab.
std::string clean_utf8(std::string_view bytes);
// Cuts to at most max_bytes on a character boundary, marking the cut.
std::string cut(std::string_view text, std::size_t max_bytes);
// The first `count` lines, with "..." appended if there were more.
std::string first_lines(std::string_view text, std::size_t count);
// Characters as a terminal counts them (code points), for aligning columns of UTF-8 titles.
std::size_t display_width(std::string_view utf8);

std::string json_string(std::string_view utf8);  // a quoted JSON string literal
std::string xml_text(std::string_view utf8);      // escaped, with characters XML forbids removed

std::string read_file(const std::string& path);  // "" if unreadable
bool write_file(const std::string& path, std::string_view content);

}  // namespace course::grade
