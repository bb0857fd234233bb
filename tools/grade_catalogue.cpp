#include "tools/grade_catalogue.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include "tools/grade_text.hpp"

namespace course::grade {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view middle_dot = " \xC2\xB7 ";  // " · " (U+00B7) between title and points

std::optional<int> parse_int(std::string_view text) {
    int value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return value;
}

bool is_chapter_dir_name(const std::string& name) {
    return starts_with_digits(name, 2) && name.size() > 3 && name[2] == '_';
}

// Parses "1.2 Mean squared error · 3 points" (the heading after "## ") or throws with the reason.
Exercise parse_heading(std::string_view heading, int chapter_number) {
    const auto space = heading.find(' ');
    const auto id = normalise_id(std::string(heading.substr(0, space)));
    if (!id) throw CatalogueError("the heading must start with an exercise id such as 1.2");
    if (id->substr(0, id->find('.')) != std::to_string(chapter_number)) {
        throw CatalogueError("exercise " + *id + " does not belong to chapter " + std::to_string(chapter_number));
    }
    const auto dot = heading.rfind(middle_dot);
    if (space == std::string_view::npos || dot == std::string_view::npos || dot < space) {
        throw CatalogueError("expected \"## " + *id + " Title \xC2\xB7 N points\" (with a middle dot, U+00B7)");
    }
    Exercise exercise;
    exercise.id = *id;
    exercise.title = trim(heading.substr(space + 1, dot - space - 1));
    const std::vector<std::string> words = split(trim(heading.substr(dot + middle_dot.size())), ' ');
    const auto points = words.size() == 2 ? parse_int(words[0]) : std::nullopt;
    if (!points || *points < 0 || (words[1] != "points" && words[1] != "point")) {
        throw CatalogueError("expected \"\xC2\xB7 N points\" at the end of the heading");
    }
    if (exercise.title.empty()) throw CatalogueError("the exercise has no title");
    exercise.points = *points;
    return exercise;
}

// A "### Hint N" heading (words may follow: "### Hint 2: the formula"): the level N, 0 for "### Hint"
// without a number after it, nullopt for any other line (a "### " heading of another kind is text).
std::optional<int> hint_heading(const std::string& line) {
    if (line.rfind("### ", 0) != 0) return std::nullopt;
    const std::vector<std::string> words = split(trim(std::string_view(line).substr(4)), ' ');
    std::string first = words[0];
    std::transform(first.begin(), first.end(), first.begin(), [](unsigned char c) { return std::tolower(c); });
    if (first != "hint") return std::nullopt;
    std::string number = words.size() > 1 ? words[1] : "";
    if (!number.empty() && (number.back() == ':' || number.back() == '.')) number.pop_back();  // "Hint 2: ..."
    const auto level = parse_int(number);
    return level && *level > 0 ? *level : 0;
}

// Splits a section's text into its description and hint levels, noting malformed headings. `first_line`
// is the file's line number of lines[0], for the messages.
void read_section(Exercise& exercise, const std::vector<std::string>& lines, std::size_t first_line,
                  const std::string& path) {
    std::string description;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto level = hint_heading(lines[i]);
        if (!level) {
            (exercise.levelled ? exercise.hints.back() : description) += lines[i] + "\n";
            continue;
        }
        const std::size_t expected = exercise.hints.size() + 1;
        if (exercise.hint_problem.empty() && static_cast<std::size_t>(*level) != expected) {
            exercise.hint_problem = path + ":" + std::to_string(first_line + i) + ": \"" + trim(lines[i]) +
                                    "\" where \"### Hint " + std::to_string(expected) +
                                    "\" belongs: levels are numbered 1, 2, 3, ... in order";
        }
        exercise.levelled = true;
        exercise.hints.emplace_back();
    }
    for (std::string& hint : exercise.hints) hint = trim(hint);
    if (exercise.levelled) {
        exercise.description = trim(description);
    } else if (!trim(description).empty()) {
        exercise.hints.push_back(trim(description));  // the older format: one level, all the text
    }
}

}  // namespace

const Exercise* Chapter::find(const std::string& id) const {
    const auto it = std::find_if(exercises.begin(), exercises.end(), [&](const Exercise& e) { return e.id == id; });
    return it == exercises.end() ? nullptr : &*it;
}

int Chapter::total_points() const {
    int total = 0;
    for (const Exercise& e : exercises) total += e.points;
    return total;
}

std::optional<std::string> normalise_id(const std::string& typed) {
    const auto dot = typed.find('.');
    if (dot == std::string::npos) return std::nullopt;
    const auto chapter = parse_int(std::string_view(typed).substr(0, dot));
    const auto index = parse_int(std::string_view(typed).substr(dot + 1));
    if (!chapter || !index || *chapter < 1 || *chapter > 99 || *index < 1 || *index > 99) return std::nullopt;
    return std::to_string(*chapter) + "." + std::to_string(*index);
}

Chapter load_chapter(const std::string& chapters_dir, const std::string& name) {
    const std::string path = chapters_dir + "/" + name + "/exercises.md";
    if (!fs::is_regular_file(path)) throw CatalogueError(path + ": no such file");
    Chapter chapter;
    chapter.name = name;
    chapter.number = is_chapter_dir_name(name) ? *parse_int(name.substr(0, 2)) : 0;
    chapter.topic = name.size() > 3 ? name.substr(3) : name;
    chapter.questions_path = chapters_dir + "/" + name + "/questions.md";
    if (fs::is_regular_file(chapter.questions_path)) chapter.questions = count_questions(read_file(chapter.questions_path));

    const std::vector<std::string> lines = lines_of(read_file(path));
    std::vector<std::size_t> starts;  // the heading line of each exercise's section
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (line.rfind("## ", 0) != 0) continue;
        // A "## " heading that does not start with a digit is free text (an intro section, say).
        if (line.size() < 4 || line[3] < '0' || line[3] > '9') {
            starts.push_back(i);  // ends the section before it
            continue;
        }
        try {
            Exercise exercise = parse_heading(std::string_view(line).substr(3), chapter.number);
            if (chapter.find(exercise.id) != nullptr) throw CatalogueError("exercise " + exercise.id + " is listed twice");
            chapter.exercises.push_back(std::move(exercise));
            starts.push_back(i);
        } catch (const CatalogueError& error) {
            throw CatalogueError(path + ":" + std::to_string(i + 1) + ": " + error.what());
        }
    }
    starts.push_back(lines.size());
    std::size_t next = 0;
    for (std::size_t s = 0; s + 1 < starts.size(); ++s) {
        const std::string& heading = lines[starts[s]];
        if (heading[3] < '0' || heading[3] > '9') continue;
        const std::vector<std::string> body(lines.begin() + static_cast<std::ptrdiff_t>(starts[s]) + 1,
                                            lines.begin() + static_cast<std::ptrdiff_t>(starts[s + 1]));
        read_section(chapter.exercises[next++], body, starts[s] + 2, path);
    }
    return chapter;
}

int count_questions(const std::string& markdown) {
    int headings = 0, items = 0;
    for (const std::string& line : lines_of(markdown)) {
        if (line.rfind("## ", 0) == 0) ++headings;
        std::size_t digits = 0;
        while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
        if (digits > 0 && line.compare(digits, 2, ". ") == 0) ++items;
    }
    return headings > 0 ? headings : items;
}

std::vector<std::string> all_chapter_names(const std::string& chapters_dir) {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(chapters_dir, error)) {
        const std::string name = entry.path().filename().string();
        if (is_chapter_dir_name(name) && fs::is_regular_file(entry.path() / "exercises.md")) names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

std::string resolve_chapter_name(const std::string& chapters_dir, const std::string& typed) {
    if (fs::is_directory(chapters_dir + "/" + typed)) return typed;
    const auto number = parse_int(typed);
    if (number) {
        for (const std::string& name : all_chapter_names(chapters_dir)) {
            if (*parse_int(name.substr(0, 2)) == *number) return name;
        }
    }
    throw CatalogueError("no chapter " + typed + " in " + chapters_dir + "/");
}

std::string suite_prefix(const std::string& id) {
    const auto dot = id.find('.');
    const auto two_digits = [](std::string number) { return number.size() < 2 ? "0" + number : number; };
    return "Ex" + two_digits(id.substr(0, dot)) + two_digits(id.substr(dot + 1));
}

std::string suite_filter(const std::string& id) {
    const std::string prefix = suite_prefix(id);
    return prefix + "*:*/" + prefix + "*";
}

int chapter_of(const std::string& id) { return parse_int(id.substr(0, id.find('.'))).value_or(0); }

std::optional<std::string> exercise_id_of_suite(const std::string& suite) {
    // Parameterized and typed tests decorate the suite name: Instance/Ex0102Name, Ex0102Name/0.
    for (const std::string& part : split(suite, '/')) {
        if (part.size() >= 6 && part.rfind("Ex", 0) == 0 && starts_with_digits(part.substr(2), 4)) {
            return normalise_id(part.substr(2, 2) + "." + part.substr(4, 2));
        }
    }
    return std::nullopt;
}

}  // namespace course::grade
