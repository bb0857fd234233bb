// The docs tool: generates the parts of the course's package that come from the chapters, and checks
// that the package and the chapters agree. Run from the repository's root (the Makefile does).
//
//   docs generate [--check]         docs/EXERCISES.md and the chapter table of docs/INDEX.md (make docs);
//                                   --check writes nothing and fails when either is stale (make check)
//   docs links                      every relative link and anchor in the course's Markdown resolves
//   docs gallery --figures DIR [--failures DIR2]
//                                   DIR/index.html: every figure with its caption and chapter (make gallery),
//                                   after the pictures of failing tests in DIR2 if there are any
//   docs backlinks [--write]        the line each chapter README needs to link back to its derivations in
//                                   docs/DERIVATIONS.md; --write appends it to READMEs that lack one
//   docs figures --written DIR [--chapters LIST]
//                                   the PNGs the programs wrote into DIR are exactly those the chapter
//                                   READMEs show (make check-figures)
//
// Exit status: 0 all good, 1 a check fails, 2 the command line is wrong.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tools/docs_generate.hpp"
#include "tools/grade_text.hpp"

namespace {

namespace fs = std::filesystem;
using namespace course::docs;
using course::grade::read_file;

constexpr int usage_status = 2;
constexpr const char* usage =
    "usage: docs generate [--check] | docs links | docs gallery --figures DIR [--failures DIR] |\n"
    "       docs backlinks [--write] | docs figures --written DIR [--chapters 01,04,...]\n";

const std::string exercises_path = "docs/EXERCISES.md", index_path = "docs/INDEX.md";

int generate(bool check) {
    const std::vector<ChapterDoc> course = load_course("chapters");
    const std::map<std::string, std::string> wanted = {
        {exercises_path, exercises_markdown(course)},
        {index_path, with_block(read_file(index_path), index_table(course))},
    };
    int stale = 0;
    for (const auto& [path, text] : wanted) {
        if (read_file(path) == text) continue;
        if (check) {
            std::cerr << path << " is stale: it no longer matches chapters/*/exercises.md and the READMEs.\n";
            ++stale;
        } else if (!course::grade::write_file(path, text)) {
            std::cerr << "docs: cannot write " << path << "\n";
            return 1;
        } else {
            std::cout << "wrote " << path << "\n";
        }
    }
    if (stale > 0) std::cerr << "Regenerate with `make docs` and commit the result.\n";
    if (stale == 0) std::cout << "  " << exercises_path << " and " << index_path << " are current\n";
    return stale > 0 ? 1 : 0;
}

// The Markdown files of the course: everything tracked-looking outside build/, figures/ and dot folders.
std::vector<fs::path> markdown_files() {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator("."); it != fs::recursive_directory_iterator(); ++it) {
        const std::string name = it->path().filename().string();
        if (it->is_directory() && (name == "build" || name == "figures" || (name[0] == '.' && name != "."))) {
            it.disable_recursion_pending();
        } else if (it->is_regular_file() && it->path().extension() == ".md") {
            files.push_back(it->path().lexically_normal());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

int check_links() {
    std::map<fs::path, std::vector<std::string>> anchors;  // per Markdown file, read once
    const auto anchors_in = [&](const fs::path& file) -> const std::vector<std::string>& {
        if (!anchors.count(file)) anchors[file] = anchors_of(read_file(file.string()));
        return anchors[file];
    };
    int broken = 0, checked = 0;
    std::set<std::string> absent_chapters;  // chapters/NN_topic folders that links name but this tree lacks
    for (const fs::path& file : markdown_files()) {
        for (const Link& link : links_of(read_file(file.string()))) {
            const std::string& target = link.target;
            if (target.empty() || target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
            const std::size_t hash = target.find('#');
            const std::string path_part = target.substr(0, hash), anchor = hash == std::string::npos ? "" : target.substr(hash + 1);
            const fs::path resolved = path_part.empty() ? file : (file.parent_path() / path_part).lexically_normal();
            const std::string first = resolved.begin() == resolved.end() ? "" : resolved.begin()->string();
            if (first == "figures" || first == "build") continue;  // generated: checked by check-figures
            ++checked;
            std::string problem;
            if (first == "..") {
                problem = "points outside the repository";
            } else if (!fs::exists(resolved)) {
                problem = resolved.string() + " does not exist";
            } else if (!anchor.empty() && resolved.extension() == ".md") {
                const auto& offered = anchors_in(resolved);
                if (std::find(offered.begin(), offered.end(), anchor) == offered.end()) {
                    problem = resolved.string() + " has no heading or id \"" + anchor + "\"";
                }
            }
            if (!problem.empty() && first == "chapters" && std::distance(resolved.begin(), resolved.end()) > 1 &&
                !fs::exists(*resolved.begin() / *std::next(resolved.begin()))) {
                absent_chapters.insert(std::next(resolved.begin())->string());
            }
            if (!problem.empty()) {
                std::cerr << file.string() << ":" << link.line << ": broken link (" << target << "): " << problem << "\n";
                ++broken;
            }
        }
    }
    if (broken > 0) {
        std::cerr << broken << " broken link" << (broken == 1 ? "" : "s") << " in the course's Markdown.\n";
        if (!absent_chapters.empty()) {
            std::cerr << "Some point into chapters this tree does not have yet:";
            for (const std::string& name : absent_chapters) std::cerr << " " << name;
            std::cerr << "\n(they resolve once those chapters are merged; a name that differs from the chapter's "
                         "directory is a typo to fix in the linking file)\n";
        }
        return 1;
    }
    std::cout << "  " << checked << " links resolve\n";
    return 0;
}

int gallery(const std::string& figures_dir, const std::string& failures_dir) {
    std::vector<std::string> missing;
    const std::string page = gallery_html(load_course("chapters"), figures_dir, missing, failures_dir);
    if (!course::grade::write_file(figures_dir + "/index.html", page)) {
        std::cerr << "docs: cannot write " << figures_dir << "/index.html\n";
        return 1;
    }
    std::cout << "wrote " << figures_dir << "/index.html\n";
    for (const std::string& file : missing) std::cerr << "  not drawn yet: " << file << "\n";
    if (!missing.empty()) std::cerr << "(`make figures` draws them; a figure that stays missing is a bug)\n";
    return 0;
}

// The derivations (### DNN. Title sections of docs/DERIVATIONS.md) that link to each chapter's README,
// as the line a README shows to link back to them.
int backlinks(bool write) {
    const std::string derivations = read_file("docs/DERIVATIONS.md");
    std::map<std::string, std::string> line_of;  // chapter directory -> "[D1 title](...), ..."
    std::size_t at = 0;
    while ((at = derivations.find("\n### D", at)) != std::string::npos) {
        const std::size_t start = at + 5, dot = derivations.find(". ", start), eol = derivations.find('\n', start);
        const std::size_t end = derivations.find("\n### D", eol);
        at = eol;
        if (dot == std::string::npos || dot > eol) continue;
        const std::string id = derivations.substr(start, dot - start), title = derivations.substr(dot + 2, eol - dot - 2);
        std::set<std::string> chapters;
        for (const Link& link : links_of(derivations.substr(eol, end == std::string::npos ? std::string::npos : end - eol))) {
            const std::size_t from = link.target.find("chapters/"), slash = link.target.find('/', from + 9);
            if (from != std::string::npos && slash != std::string::npos) chapters.insert(link.target.substr(from + 9, slash - from - 9));
        }
        std::string anchor = id;
        anchor[0] = 'd';
        for (const std::string& chapter : chapters) {
            line_of[chapter] += (line_of[chapter].empty() ? "" : " · ") + std::string("[") + id + "](../../docs/DERIVATIONS.md#" +
                                anchor + ") " + title;
        }
    }
    int missing = 0;
    for (const auto& [chapter, items] : line_of) {
        const std::string readme = "chapters/" + chapter + "/README.md";
        if (!fs::exists(readme)) continue;
        const std::string text = read_file(readme);
        if (text.find("docs/DERIVATIONS.md") != std::string::npos) continue;
        const std::string line = "\n**The derivations of this chapter**, in the course's one notation, in docs/DERIVATIONS.md: " +
                                 items + ".\n";
        ++missing;
        if (write && course::grade::write_file(readme, text + line)) {
            std::cout << "linked " << readme << " to its derivations\n";
        } else {
            std::cout << readme << " does not link to docs/DERIVATIONS.md; it could end with:\n" << line << "\n";
        }
    }
    if (missing == 0) std::cout << "  every chapter README links to its derivations\n";
    return 0;
}

// Chapters selected by "01,04" or names; all when the list is empty.
bool selected(const std::string& list, const std::string& name) {
    if (list.empty()) return true;
    for (const std::string& item : course::grade::split(list, ',')) {
        if (item == name || (item.size() <= 2 && std::stoi(item) == std::stoi(name.substr(0, 2)))) return true;
    }
    return false;
}

int check_figures(const std::string& written_dir, const std::string& chapters) {
    const std::vector<ChapterDoc> course = load_course("chapters");
    std::set<std::string> written;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(written_dir, error)) {
        if (entry.path().extension() == ".png") written.insert(entry.path().filename().string());
    }
    std::map<std::string, std::string> shown_by;  // figure -> README that shows it (any chapter)
    for (const ChapterDoc& doc : course) {
        for (const Figure& figure : doc.figures) shown_by.emplace(figure.file, doc.chapter.name);
    }
    int problems = 0;
    for (const ChapterDoc& doc : course) {
        if (!selected(chapters, doc.chapter.name)) continue;
        for (const Figure& figure : doc.figures) {
            // A figure another, unselected chapter also shows may be that chapter's to draw.
            const bool others_too = shown_by.at(figure.file) != doc.chapter.name && !selected(chapters, shown_by.at(figure.file));
            if (written.count(figure.file) || others_too) continue;
            std::cerr << "chapters/" << doc.chapter.name << "/README.md:" << figure.line << " shows " << figure.file
                      << ", which no chapter program wrote (--quick --out " << written_dir << ")\n";
            ++problems;
        }
    }
    for (const std::string& file : written) {
        if (shown_by.count(file)) continue;
        std::cerr << written_dir << "/" << file
                  << " was written by a chapter program but no chapter README shows it: add it to the README as "
                     "![what it shows](../../figures/"
                  << file << ") with a caption below, or stop writing it\n";
        ++problems;
    }
    if (problems > 0) return 1;
    std::cout << "  the READMEs show exactly the " << written.size() << " figures the programs write\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto value_of = [&](const std::string& flag) -> std::string {
        const auto it = std::find(args.begin(), args.end(), flag);
        return it != args.end() && it + 1 != args.end() ? *(it + 1) : "";
    };
    try {
        const std::string command = args.empty() ? "" : args[0];
        if (command == "generate" && (args.size() == 1 || (args.size() == 2 && args[1] == "--check"))) {
            return generate(args.size() == 2);
        }
        if (command == "links" && args.size() == 1) return check_links();
        if (command == "backlinks" && (args.size() == 1 || (args.size() == 2 && args[1] == "--write"))) {
            return backlinks(args.size() == 2);
        }
        if (command == "gallery" && (args.size() == 3 || (args.size() == 5 && !value_of("--failures").empty())) &&
            !value_of("--figures").empty()) {
            return gallery(value_of("--figures"), value_of("--failures"));
        }
        if (command == "figures" && (args.size() == 3 || args.size() == 5) && !value_of("--written").empty()) {
            return check_figures(value_of("--written"), value_of("--chapters"));
        }
        std::cerr << usage;
        return usage_status;
    } catch (const std::exception& error) {
        std::cerr << "docs: " << error.what() << "\n";
        return 1;
    }
}
