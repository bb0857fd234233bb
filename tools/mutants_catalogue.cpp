#include "tools/mutants_catalogue.hpp"

#include <cctype>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_text.hpp"

namespace course::mutants {

namespace {

using grade::lines_of;
using grade::trim;

std::string where(const std::string& path, std::size_t line) { return path + ":" + std::to_string(line) + ": "; }

// "// Exercise 10.6" followed by anything but another digit, so that 10.6 never opens 10.60.
bool opens(const std::string& line, const std::string& id) {
    const std::string text = trim(line), prefix = "// Exercise " + id;
    return text.rfind(prefix, 0) == 0 && (text.size() == prefix.size() || !std::isdigit(static_cast<unsigned char>(text[prefix.size()])));
}

bool closes(const std::string& line) {
    const std::string text = trim(line);
    return (text.rfind("// Exercise ", 0) == 0 && text.size() > 12 && std::isdigit(static_cast<unsigned char>(text[12]))) ||
           (line.rfind("}", 0) == 0 && text.find("// namespace course") != std::string::npos);
}

void finish(Entry& entry, std::string& text, Catalogue& catalogue) {
    entry.misconception = trim(text);
    text.clear();
    if (entry.misconception.empty()) {
        throw CatalogueError(where(catalogue.path, entry.line) + "wrong version " + entry.id +
                             " says nothing about the misconception it encodes (a paragraph under its heading)");
    }
    if (entry.hunks.empty()) {
        throw CatalogueError(where(catalogue.path, entry.line) + "wrong version " + entry.id + " has no ```diff block");
    }
    catalogue.entries.push_back(std::move(entry));
}

}  // namespace

Catalogue load_catalogue(const std::string& path, const std::string& chapter, int chapter_number) {
    Catalogue catalogue{path, chapter, {}};
    const std::string content = grade::read_file(path);
    if (content.empty()) throw CatalogueError(path + ": missing or empty");
    const std::vector<std::string> lines = lines_of(content);

    bool in_entry = false, in_diff = false;
    Entry entry;
    std::string text;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        const std::size_t number = i + 1;
        if (in_diff) {
            if (trim(line) == "```") {
                if (entry.hunks.back().lines.empty()) throw CatalogueError(where(path, number) + "an empty ```diff block");
                in_diff = false;
                continue;
            }
            Hunk::Line hunk_line{Hunk::Kind::context, line.empty() ? "" : line.substr(1)};
            if (line.empty() || line[0] == ' ') {
                hunk_line.kind = Hunk::Kind::context;
            } else if (line[0] == '-') {
                hunk_line.kind = Hunk::Kind::removed;
            } else if (line[0] == '+') {
                hunk_line.kind = Hunk::Kind::added;
            } else {
                throw CatalogueError(where(path, number) + "a diff line starts with ' ', '-' or '+'");
            }
            entry.hunks.back().lines.push_back(std::move(hunk_line));
            continue;
        }
        if (line.rfind("## ", 0) == 0) {
            if (in_entry) finish(entry, text, catalogue);
            const std::string heading = trim(line.substr(3));
            const auto space = heading.find(' ');
            const auto id = grade::normalise_id(heading.substr(0, space));
            if (!id || grade::chapter_of(*id) != chapter_number) {
                throw CatalogueError(where(path, number) + "a heading must be \"## " + std::to_string(chapter_number) +
                                     ".M What goes wrong\", naming an exercise of this chapter");
            }
            entry = Entry{};
            entry.id = *id;
            entry.title = space == std::string::npos ? "" : trim(heading.substr(space + 1));
            entry.line = number;
            if (entry.title.empty()) throw CatalogueError(where(path, number) + "the wrong version has no title");
            in_entry = true;
            continue;
        }
        if (!in_entry) continue;  // the catalogue's introduction
        if (trim(line) == "```diff") {
            in_diff = true;
            entry.hunks.emplace_back().line = number;
            continue;
        }
        if (line.rfind("Equivalent:", 0) == 0) {
            entry.equivalent = trim(line.substr(11));
            if (entry.equivalent.empty()) throw CatalogueError(where(path, number) + "\"Equivalent:\" needs its reason");
            continue;
        }
        text += line + "\n";
    }
    if (in_diff) throw CatalogueError(path + ": a ```diff block is not closed");
    if (in_entry) finish(entry, text, catalogue);
    return catalogue;
}

Block exercise_block(const std::vector<std::string>& source, const std::string& id) {
    for (std::size_t i = 0; i < source.size(); ++i) {
        if (!opens(source[i], id)) continue;
        std::size_t last = i + 1;
        while (last < source.size() && !closes(source[last])) ++last;
        return {i, last};
    }
    throw CatalogueError("no \"// Exercise " + id + "\" block");
}

std::string apply_entry(const Entry& entry, const std::string& solution, const std::string& catalogue_path,
                        const std::string& solution_path) {
    std::vector<std::string> source = lines_of(solution);
    Block block;
    try {
        block = exercise_block(source, entry.id);
    } catch (const CatalogueError& error) {
        throw CatalogueError(where(catalogue_path, entry.line) + solution_path + " has " + error.what());
    }
    for (const Hunk& hunk : entry.hunks) {
        // The lines the hunk expects to find: its context and removed lines, in order.
        std::vector<std::string> wanted;
        for (const Hunk::Line& l : hunk.lines) {
            if (l.kind != Hunk::Kind::added) wanted.push_back(trim(l.text));
        }
        if (wanted.empty()) {
            throw CatalogueError(where(catalogue_path, hunk.line) + "a hunk needs a context or removed line to say where it goes");
        }
        std::vector<std::size_t> found;
        for (std::size_t at = block.first; at + wanted.size() <= block.last; ++at) {
            bool match = true;
            for (std::size_t k = 0; k < wanted.size() && match; ++k) match = trim(source[at + k]) == wanted[k];
            if (match) found.push_back(at);
        }
        if (found.size() != 1) {
            throw CatalogueError(where(catalogue_path, hunk.line) + "the hunk's lines occur " + std::to_string(found.size()) +
                                 " times in exercise " + entry.id + "'s block of " + solution_path +
                                 " (they must occur exactly once: the solution changed, or the hunk needs more context)");
        }
        std::vector<std::string> replaced;
        std::size_t original = found[0];
        for (const Hunk::Line& l : hunk.lines) {
            if (l.kind == Hunk::Kind::added) {
                replaced.push_back(l.text);
            } else {
                if (l.kind == Hunk::Kind::context) replaced.push_back(source[original]);
                ++original;
            }
        }
        const auto from = source.begin() + static_cast<std::ptrdiff_t>(found[0]);
        source.erase(from, from + static_cast<std::ptrdiff_t>(wanted.size()));
        source.insert(source.begin() + static_cast<std::ptrdiff_t>(found[0]), replaced.begin(), replaced.end());
        block.last = block.last - wanted.size() + replaced.size();
    }
    std::string mutated;
    for (const std::string& line : source) mutated += line + "\n";
    if (mutated == solution) {
        throw CatalogueError(where(catalogue_path, entry.line) + "wrong version " + entry.id + " leaves the solution unchanged");
    }
    return mutated;
}

}  // namespace course::mutants
