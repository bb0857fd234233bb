#include "tools/docs_generate.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "tools/grade_text.hpp"
#include "tools/mutants_catalogue.hpp"

namespace course::docs {

namespace fs = std::filesystem;

namespace {

std::string two_digits(int number) { return (number < 10 ? "0" : "") + std::to_string(number); }

std::string points_text(int points) { return std::to_string(points) + (points == 1 ? " point" : " points"); }

// A table cell: pipes escaped, on one line.
std::string cell(std::string text) {
    std::string result;
    for (const char c : text) {
        if (c == '|') result += "\\|";
        else result += c == '\n' ? ' ' : c;
    }
    return result;
}

// The first sentence of an exercise's description (the contract in one line), at most ~200 bytes.
std::string first_sentence(const std::string& description) {
    const std::string text = plain_text(description);
    const std::size_t end = text.find(". ");
    return first_sentences(end == std::string::npos ? text : text.substr(0, end + 1), 200);
}

std::string html(const std::string& text) {
    std::string result;
    for (const char c : text) {
        switch (c) {
            case '&': result += "&amp;"; break;
            case '<': result += "&lt;"; break;
            case '>': result += "&gt;"; break;
            case '"': result += "&quot;"; break;
            default: result += c;
        }
    }
    return result;
}

// Code spans `x` as <code>x</code>, the rest escaped.
std::string html_with_code(const std::string& text) {
    std::string result;
    bool in_code = false;
    for (const std::string& piece : grade::split(text, '`')) {
        result += in_code ? "<code>" + html(piece) + "</code>" : html(piece);
        in_code = !in_code;
    }
    return result;
}

}  // namespace

std::vector<ChapterDoc> load_course(const std::string& chapters_dir) {
    std::vector<ChapterDoc> course;
    for (const std::string& name : grade::all_chapter_names(chapters_dir)) {
        ChapterDoc doc{grade::load_chapter(chapters_dir, name), "", {}};
        const std::string readme = grade::read_file(chapters_dir + "/" + name + "/README.md");
        doc.title = title_of(readme);
        if (doc.title.empty()) doc.title = doc.chapter.topic;
        doc.figures = figures_of(readme);
        const std::string catalogue = "tests/mutants/" + name + ".md";
        if (fs::exists(catalogue)) {
            doc.has_catalogue = true;
            for (const mutants::Entry& entry : mutants::load_catalogue(catalogue, name, doc.chapter.number).entries) {
                if (entry.equivalent.empty()) ++doc.wrong_versions[entry.id];
                else ++doc.equivalent;
            }
        }
        course.push_back(std::move(doc));
    }
    return course;
}

std::string difficulty(int points) {
    if (points <= 1) return "warm-up";
    if (points == 2) return "core";
    if (points == 3) return "involved";
    return "challenge";
}

std::string exercises_markdown(const std::vector<ChapterDoc>& course) {
    int exercises = 0, points = 0, wrong = 0;
    std::string summary, sections;
    for (const ChapterDoc& doc : course) {
        const grade::Chapter& chapter = doc.chapter;
        const std::string dir = "../chapters/" + chapter.name + "/";
        exercises += static_cast<int>(chapter.exercises.size());
        points += chapter.total_points();
        const std::string anchor = "ch" + two_digits(chapter.number);
        int caught = 0;
        for (const auto& [id, count] : doc.wrong_versions) caught += count;
        wrong += caught;
        const std::string catalogue = "../tests/mutants/" + chapter.name + ".md";
        summary += "| [" + two_digits(chapter.number) + "](#" + anchor + ") | [" + cell(doc.title) + "](" + dir +
                   "README.md) | " + std::to_string(chapter.exercises.size()) + " | " +
                   std::to_string(chapter.total_points()) + " | " +
                   (chapter.questions > 0 ? std::to_string(chapter.questions) : "—") + " | " +
                   (doc.has_catalogue ? "[" + std::to_string(caught) + "](" + catalogue + ")" +
                                            (doc.equivalent > 0 ? " (+" + std::to_string(doc.equivalent) + " equivalent)" : "")
                                      : "—") + " |\n";
        sections += "\n<a id=\"" + anchor + "\"></a>\n\n## " + two_digits(chapter.number) + " " + doc.title + "\n\n" +
                    "Stubs: [`exercises/" + chapter.name + ".cpp`](../exercises/" + chapter.name +
                    ".cpp) · hints: [`exercises.md`](" + dir + "exercises.md)" +
                    (chapter.questions > 0 ? " · written questions: [`questions.md`](" + dir + "questions.md)" : "") +
                    " · `make test CH=" + two_digits(chapter.number) + "`\n\n" +
                    "| id | exercise | points | difficulty | hint levels | student bugs caught | what it asks |\n"
                    "|---|---|---|---|---|---|---|\n";
        for (const grade::Exercise& e : chapter.exercises) {
            const auto count = doc.wrong_versions.find(e.id);
            sections += "| " + e.id + " | " + cell(e.title) + " | " + std::to_string(e.points) + " | " +
                        difficulty(e.points) + " | " + std::to_string(e.hints.size()) + " | " +
                        (count == doc.wrong_versions.end() ? "—" : std::to_string(count->second)) + " | " +
                        cell(first_sentence(e.description)) + " |\n";
        }
    }
    return "# Every exercise of the course\n\n"
           "Generated by `make docs` from each chapter's `exercises.md`, which `make test`, `make hint` and "
           "`make check` read too; do not edit it by hand (`make check` says when it is stale). " +
           std::to_string(exercises) + " exercises worth " + std::to_string(points) + " points in " +
           std::to_string(course.size()) + " chapters.\n\n"
           "Difficulty is read from the points, which measure effort: 1 point is a **warm-up** (a few lines), "
           "2 **core** (one formula, carefully), 3 **involved** (an algorithm with state or edge cases), "
           "4 or more a **challenge** (several ideas together). Grade one exercise with `make test EX=N.M`; "
           "`make hint EX=N.M` prints its first hint, `LEVEL=2` and `LEVEL=3` the next ones.\n\n"
           "**Student bugs caught**: the wrong versions students really write (a sign, an off-by-one in t, n "
           "against n − 1, a buffer not reset, an absolute tolerance for a relative one, ...), catalogued per "
           "chapter in `tests/mutants/`, each with the misconception it encodes. `make check-mutants` compiles "
           "every one in place of the exercise and fails unless the exercise's own tests fail on it; a wrong "
           "version no test can tell apart is declared equivalent there, with the reason.\n\n"
           "| NN | chapter | exercises | points | written questions | student bugs caught |\n|---|---|---|---|---|---|\n" +
           summary + "| | **total** | **" + std::to_string(exercises) + "** | **" + std::to_string(points) +
           "** | | **" + std::to_string(wrong) + "** |\n" + sections;
}

std::string index_table(const std::vector<ChapterDoc>& course) {
    std::string table = "| NN | chapter | exercises | figures (after `make figures`) |\n|---|---|---|---|\n";
    for (const ChapterDoc& doc : course) {
        const grade::Chapter& chapter = doc.chapter;
        std::string figures;
        for (const Figure& figure : doc.figures) {
            figures += (figures.empty() ? "" : ", ") + std::string("[") + figure.file.substr(0, figure.file.size() - 4) +
                       "](../figures/" + figure.file + ")";
        }
        table += "| " + two_digits(chapter.number) + " | [" + cell(doc.title) + "](../chapters/" + chapter.name +
                 "/README.md) | [" + std::to_string(chapter.exercises.size()) + " · " +
                 points_text(chapter.total_points()) + "](EXERCISES.md#ch" + two_digits(chapter.number) + ") | " +
                 (figures.empty() ? "—" : figures) + " |\n";
    }
    return table;
}

std::string with_block(const std::string& text, const std::string& block) {
    const std::size_t begin = text.find(begin_marker);
    const std::size_t end = text.find(end_marker);
    if (begin == std::string::npos || end == std::string::npos || end < begin) {
        throw std::runtime_error(std::string("the markers ") + begin_marker + " and " + end_marker +
                                 " are missing or out of order");
    }
    const std::size_t after_begin = text.find('\n', begin);
    return text.substr(0, after_begin + 1) + block + text.substr(end);
}

std::string gallery_html(const std::vector<ChapterDoc>& course, const std::string& figures_dir,
                         std::vector<std::string>& missing, const std::string& failures_dir) {
    std::set<std::string> shown;
    std::string body;
    int count = 0;
    std::vector<std::string> failures;
    std::error_code listing;
    if (!failures_dir.empty()) {
        for (const auto& entry : fs::directory_iterator(failures_dir, listing))
            if (entry.path().extension() == ".png") failures.push_back(entry.path().filename().string());
    }
    std::sort(failures.begin(), failures.end());
    if (!failures.empty()) {
        // Linked from figures_dir, where the page is written.
        const std::string from_page = fs::relative(failures_dir, figures_dir, listing).generic_string();
        body += "<h2 id=\"failures\">Your failing tests</h2>\n<p>Drawn by <code>make test</code> for the tests that "
                "failed last time (exercise id first); each shows yours against the reference.</p>\n<div class=\"grid\">\n";
        for (const std::string& name : failures) {
            const std::string src = html((from_page.empty() ? failures_dir : from_page) + "/" + name);
            body += "<figure><a href=\"" + src + "\"><img src=\"" + src + "\" loading=\"lazy\"></a><figcaption><b>" +
                    html(name) + "</b></figcaption></figure>\n";
        }
        body += "</div>\n";
    }
    for (const ChapterDoc& doc : course) {
        if (doc.figures.empty()) continue;
        const std::string chapter_link = "../chapters/" + doc.chapter.name + "/README.md";
        body += "<h2 id=\"ch" + two_digits(doc.chapter.number) + "\">" + two_digits(doc.chapter.number) + " · <a href=\"" +
                chapter_link + "\">" + html(doc.title) + "</a></h2>\n<div class=\"grid\">\n";
        for (const Figure& figure : doc.figures) {
            if (!shown.insert(figure.file).second) continue;
            const bool present = fs::is_regular_file(figures_dir + "/" + figure.file);
            if (!present) missing.push_back(figure.file + " (shown by chapters/" + doc.chapter.name + "/README.md)");
            ++count;
            body += "<figure id=\"" + html(figure.file) + "\">";
            body += present ? "<a href=\"" + html(figure.file) + "\"><img src=\"" + html(figure.file) + "\" alt=\"" +
                                  html(figure.alt) + "\" loading=\"lazy\"></a>"
                            : "<div class=\"missing\">not drawn yet: run <code>make figures</code></div>";
            body += "<figcaption><b>" + html(figure.file) + "</b> — " + html_with_code(figure.alt) +
                    (figure.caption.empty() ? "" : ". " + html_with_code(figure.caption)) + " <a href=\"" + chapter_link +
                    "\">(chapter " + two_digits(doc.chapter.number) + ")</a></figcaption></figure>\n";
        }
        body += "</div>\n";
    }
    std::vector<std::string> others, texts;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(figures_dir, error)) {
        const std::string name = entry.path().filename().string();
        if (entry.path().extension() == ".png" && !shown.count(name)) others.push_back(name);
        if (entry.path().extension() == ".txt") texts.push_back(name);
    }
    std::sort(others.begin(), others.end());
    std::sort(texts.begin(), texts.end());
    if (!others.empty()) {
        body += "<h2>Figures no chapter README shows</h2>\n<div class=\"grid\">\n";
        for (const std::string& name : others) {
            body += "<figure><a href=\"" + html(name) + "\"><img src=\"" + html(name) + "\" loading=\"lazy\"></a>"
                    "<figcaption><b>" + html(name) + "</b></figcaption></figure>\n";
        }
        body += "</div>\n";
    }
    for (const std::string& name : texts) {
        body += "<h2>" + html(name) + "</h2>\n<pre>" + html(grade::read_file(figures_dir + "/" + name)) + "</pre>\n";
    }
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<title>Optimization for ML in C++: every figure</title>\n<style>\n"
           "body { font-family: 'DejaVu Sans', sans-serif; margin: 2em auto; max-width: 1400px; color: #222; }\n"
           ".grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1.5em; }\n"
           "figure { margin: 0; } img { width: 100%; border: 1px solid #ddd; }\n"
           "figcaption { font-size: 0.9em; line-height: 1.35; margin-top: 0.4em; }\n"
           ".missing { padding: 3em; background: #fee; text-align: center; }\n"
           "pre { background: #f6f6f6; padding: 1em; overflow-x: auto; }\n</style>\n</head>\n<body>\n"
           "<h1>Every figure of the course</h1>\n<p>" +
           std::to_string(count) +
           " figures, drawn by the chapter programs on the reference solutions (<code>make figures</code>); "
           "this page is written by <code>make gallery</code>. Click a figure for full size; the captions come "
           "from the chapter READMEs.</p>\n" +
           body + "</body>\n</html>\n";
}

}  // namespace course::docs
