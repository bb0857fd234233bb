#include "tools/grade_catalogue.hpp"

#include <algorithm>
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

    const std::vector<std::string> lines = lines_of(read_file(path));
    Exercise* current = nullptr;  // the exercise whose hint is being read
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        if (line.rfind("## ", 0) != 0) {
            if (current != nullptr) current->hint += line + "\n";
            continue;
        }
        current = nullptr;
        // A "## " heading that does not start with a digit is free text (an intro section, say).
        if (line.size() < 4 || line[3] < '0' || line[3] > '9') continue;
        try {
            Exercise exercise = parse_heading(std::string_view(line).substr(3), chapter.number);
            if (chapter.find(exercise.id) != nullptr) throw CatalogueError("exercise " + exercise.id + " is listed twice");
            current = &chapter.exercises.emplace_back(std::move(exercise));
        } catch (const CatalogueError& error) {
            throw CatalogueError(path + ":" + std::to_string(i + 1) + ": " + error.what());
        }
    }
    for (Exercise& exercise : chapter.exercises) exercise.hint = trim(exercise.hint);
    return chapter;
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
