#include "tools/docs_markdown.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "tools/grade_text.hpp"

namespace course::docs {

namespace {

using grade::lines_of;
using grade::trim;

bool is_fence(const std::string& line) {
    const std::string text = trim(line);
    return text.rfind("```", 0) == 0 || text.rfind("~~~", 0) == 0;
}

// The line with its code spans blanked out (same length), so links inside `code` are not links.
std::string without_code_spans(const std::string& line) {
    std::string result = line;
    std::size_t at = 0;
    while ((at = result.find('`', at)) != std::string::npos) {
        std::size_t ticks = 0;
        while (at + ticks < result.size() && result[at + ticks] == '`') ++ticks;
        const std::string fence(ticks, '`');
        const std::size_t end = result.find(fence, at + ticks);
        if (end == std::string::npos) break;
        std::fill(result.begin() + static_cast<long>(at), result.begin() + static_cast<long>(end + ticks), ' ');
        at = end + ticks;
    }
    return result;
}

// The lines of a Markdown file with fenced code blocks blanked (line numbers are kept).
std::vector<std::string> prose_lines(std::string_view markdown) {
    std::vector<std::string> lines = lines_of(markdown);
    bool in_fence = false;
    for (std::string& line : lines) {
        if (is_fence(line)) {
            in_fence = !in_fence;
            line.clear();
        } else if (in_fence) {
            line.clear();
        }
    }
    return lines;
}

// The targets of the HTML attributes href="..." and src="..." on a line, as links.
void html_attributes(const std::string& line, int number, std::vector<Link>& links) {
    for (const std::string attribute : {"href=\"", "src=\""}) {
        std::size_t at = 0;
        while ((at = line.find(attribute, at)) != std::string::npos) {
            const std::size_t start = at + attribute.size(), end = line.find('"', start);
            if (end == std::string::npos) break;
            links.push_back({line.substr(start, end - start), "", number, attribute == "src=\""});
            at = end;
        }
    }
}

// A code point as UTF-8 from position i; advances i.
unsigned code_point(std::string_view text, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(k < text.size() ? text[k] : 0); };
    const unsigned first = byte(i);
    int extra = first >= 0xF0 ? 3 : first >= 0xE0 ? 2 : first >= 0xC0 ? 1 : 0;
    unsigned value = extra == 3 ? first & 0x07 : extra == 2 ? first & 0x0F : extra == 1 ? first & 0x1F : first;
    ++i;
    while (extra-- > 0) value = (value << 6) | (byte(i++) & 0x3F);
    return value;
}

// Letters and digits outside ASCII that GitHub's slugs keep: Latin and Greek letters, sub- and
// superscript digits. Everything else outside ASCII (dashes, arrows, maths symbols) is dropped.
bool kept_in_slug(unsigned c) {
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF) ||
           (c >= 0x2070 && c <= 0x2079 && c != 0x2071) || (c >= 0x2080 && c <= 0x2089) || c == 0xB2 ||
           c == 0xB3 || c == 0xB9;
}

}  // namespace

std::string first_sentences(const std::string& text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = std::string::npos;
    for (std::size_t at = text.find(". "); at != std::string::npos && at < max_bytes; at = text.find(". ", at + 1)) end = at + 1;
    if (end != std::string::npos) return text.substr(0, end);
    const std::size_t space = text.rfind(' ', max_bytes);
    return text.substr(0, space == std::string::npos ? max_bytes : space) + " \xE2\x80\xA6";
}

std::vector<Link> links_of(std::string_view markdown) {
    std::vector<Link> links;
    const std::vector<std::string> lines = prose_lines(markdown);
    for (std::size_t n = 0; n < lines.size(); ++n) {
        const std::string line = without_code_spans(lines[n]);
        const int number = static_cast<int>(n + 1);
        std::size_t at = 0;
        while ((at = line.find("](", at)) != std::string::npos) {
            const std::size_t open = line.rfind('[', at);
            std::size_t end = at + 2, depth = 0;
            while (end < line.size() && !(line[end] == ')' && depth == 0) && line[end] != ' ') {
                depth += line[end] == '(' ? 1 : 0;
                depth -= line[end] == ')' ? 1 : 0;
                ++end;
            }
            if (open != std::string::npos) {
                const bool image = open > 0 && line[open - 1] == '!';
                links.push_back({line.substr(at + 2, end - at - 2), line.substr(open + 1, at - open - 1), number, image});
            }
            at = end;
        }
        html_attributes(line, number, links);
    }
    return links;
}

std::string slug(std::string_view heading) {
    std::string result;
    for (std::size_t i = 0; i < heading.size();) {
        const std::size_t start = i;
        const unsigned c = code_point(heading, i);
        if (c < 0x80) {
            if (std::isalnum(static_cast<int>(c)) || c == '_' || c == '-') {
                result += static_cast<char>(std::tolower(static_cast<int>(c)));
            } else if (c == ' ') {
                result += '-';
            }
        } else if (kept_in_slug(c)) {
            result += heading.substr(start, i - start);
        }
    }
    return result;
}

std::vector<std::string> anchors_of(std::string_view markdown) {
    std::vector<std::string> anchors;
    std::map<std::string, int> seen;
    for (const std::string& line : prose_lines(markdown)) {
        if (!line.empty() && line[0] == '#') {
            const std::size_t text = line.find_first_not_of('#');
            if (text != std::string::npos && text <= 6 && line[text] == ' ') {
                std::string base = slug(trim(std::string_view(line).substr(text + 1)));
                const int count = seen[base]++;
                anchors.push_back(count == 0 ? base : base + "-" + std::to_string(count));
            }
        }
        for (const std::string attribute : {"id=\"", "name=\""}) {
            std::size_t at = 0;
            while ((at = line.find(attribute, at)) != std::string::npos) {
                const std::size_t start = at + attribute.size(), end = line.find('"', start);
                if (end == std::string::npos) break;
                anchors.push_back(line.substr(start, end - start));
                at = end;
            }
        }
    }
    return anchors;
}

std::string plain_text(std::string_view markdown) {
    std::string text;
    for (const std::string& raw : lines_of(markdown)) {
        std::string line = trim(raw);
        // [text](target) -> text; other brackets ("h ∈ [a, b]") stay.
        std::size_t at = 0;
        while ((at = line.find("](", at)) != std::string::npos) {
            const std::size_t open = line.rfind('[', at), end = line.find(')', at);
            if (open == std::string::npos || end == std::string::npos) break;
            line = line.substr(0, open) + line.substr(open + 1, at - open - 1) + line.substr(end + 1);
            at = open;
        }
        // **bold** markers go; a single * stays (h*, a footnote), except around a whole italic paragraph.
        for (std::size_t bold; (bold = line.find("**")) != std::string::npos;) line.erase(bold, 2);
        if (!line.empty()) text += (text.empty() ? "" : " ") + line;
    }
    // An italic opening (*A caption… h*.* More text): drop the first * and the one that closes it, the
    // first * followed by a space or the end (so the * of "h*" inside stays).
    if (text.size() > 2 && text[0] == '*') {
        std::size_t close = 1;
        while (close < text.size() && !(text[close] == '*' && (close + 1 == text.size() || text[close + 1] == ' '))) ++close;
        if (close < text.size()) text = text.substr(1, close - 1) + text.substr(close + 1);
    }
    return text;
}

std::vector<Figure> figures_of(std::string_view readme) {
    std::vector<Figure> figures;
    const std::vector<std::string> lines = prose_lines(readme);
    for (const Link& link : links_of(readme)) {
        const std::size_t folder = link.target.rfind("figures/");
        if (!link.image || folder == std::string::npos || link.target.find('/', folder + 8) != std::string::npos) continue;
        Figure figure{link.target.substr(folder + 8), link.text, "", link.line};
        // The caption: the paragraph that follows, unless a heading, image, table or code comes first.
        std::size_t n = static_cast<std::size_t>(link.line);
        while (n < lines.size() && trim(lines[n]).empty()) ++n;
        std::string paragraph;
        for (; n < lines.size() && !trim(lines[n]).empty(); ++n) {
            const std::string first = trim(lines[n]);
            if (paragraph.empty() && (first[0] == '#' || first[0] == '|' || first.rfind("![", 0) == 0)) break;
            paragraph += lines[n] + "\n";
        }
        figure.caption = first_sentences(plain_text(paragraph), 420);
        figures.push_back(std::move(figure));
    }
    return figures;
}

std::string title_of(std::string_view readme) {
    for (const std::string& line : lines_of(readme)) {
        if (line.rfind("# ", 0) != 0) continue;
        std::string title = trim(std::string_view(line).substr(2));
        for (const std::string dash : {" \xE2\x80\x94 ", " - ", ": "}) {  // "Chapter 04 — Gradient descent"
            const std::size_t at = title.find(dash);
            if (title.rfind("Chapter ", 0) == 0 && at != std::string::npos) return title.substr(at + dash.size());
        }
        return title;
    }
    return "";
}

}  // namespace course::docs
