// The exercise catalogue: each chapter's exercises.md, and how test suites map onto it.
//
// exercises.md is free text, then one section per exercise:
//
//   ## 1.2 Mean squared error · 3 points
//   The description: what the exercise asks, shown above every hint.
//   ### Hint 1
//   A nudge.
//   ### Hint 2
//   The formula.
//   ### Hint 3
//   Near-code.
//
// up to the next "## " line. A section without "### Hint N" headings (the older format) is read as
// one hint level holding all its text. A test suite named Ex0102Anything grades exercise 1.2; any
// other suite is a chapter check. questions.md beside it holds questions answered in writing.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace course::grade {

struct Exercise {
    std::string id;  // "1.2"
    std::string title;
    int points = 0;
    std::string description;         // the text before the first "### Hint"; "" in the older format
    std::vector<std::string> hints;  // hints[0] is level 1
    bool levelled = false;           // the section has "### Hint N" headings
    std::string hint_problem;        // why its hint headings are malformed ("file:line: ..."); "" if fine
};

struct Chapter {
    std::string name;   // "01_loss_landscape": the directory and the test binary's stem
    int number = 0;     // 1
    std::string topic;  // "loss_landscape"
    std::vector<Exercise> exercises;
    std::string questions_path;  // chapters_dir/name/questions.md
    int questions = -1;          // how many questions it asks; -1 if there is no such file

    const Exercise* find(const std::string& id) const;
    int total_points() const;
};

// A catalogue that cannot be read or parsed: the message names the file and line.
struct CatalogueError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses chapters_dir/name/exercises.md, and counts the questions of questions.md.
Chapter load_chapter(const std::string& chapters_dir, const std::string& name);

// The questions in a questions.md: its "## " headings, or, if it has none, its numbered list items
// ("1. ...") at the start of a line.
int count_questions(const std::string& markdown);

// Every chapter directory (NN_topic holding an exercises.md), in order.
std::vector<std::string> all_chapter_names(const std::string& chapters_dir);

// Resolves what the user typed: a directory name ("04_gradient_descent") or its number ("04", "4").
std::string resolve_chapter_name(const std::string& chapters_dir, const std::string& typed);

// "1.2" for a suite Ex0102Something (or a parameterized Prefix/Ex0102Something/0); nullopt for a
// chapter check.
std::optional<std::string> exercise_id_of_suite(const std::string& suite);

// "Ex0102" for exercise "1.2": how its test suites' names begin.
std::string suite_prefix(const std::string& id);

// The --gtest_filter that runs exactly the suites of exercise "1.2": "Ex0102*:*/Ex0102*".
std::string suite_filter(const std::string& id);

// Normalises a typed id: "01.02" and "1.2" both become "1.2"; nullopt if it is not an id.
std::optional<std::string> normalise_id(const std::string& typed);

// The chapter number of an id: 10 for "10.6".
int chapter_of(const std::string& id);

}  // namespace course::grade
