// The exercise catalogue: each chapter's exercises.md, and how test suites map onto it.
//
// exercises.md is free text, then one section per exercise:
//
//   ## 1.2 Mean squared error · 3 points
//   The hint, in markdown paragraphs, up to the next "## " line.
//
// A test suite named Ex0102Anything grades exercise 1.2; any other suite is a chapter check.
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
    std::string hint;
};

struct Chapter {
    std::string name;   // "01_loss_landscape": the directory and the test binary's stem
    int number = 0;     // 1
    std::string topic;  // "loss_landscape"
    std::vector<Exercise> exercises;

    const Exercise* find(const std::string& id) const;
    int total_points() const;
};

// A catalogue that cannot be read or parsed: the message names the file and line.
struct CatalogueError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses chapters_dir/name/exercises.md.
Chapter load_chapter(const std::string& chapters_dir, const std::string& name);

// Every chapter directory (NN_topic holding an exercises.md), in order.
std::vector<std::string> all_chapter_names(const std::string& chapters_dir);

// Resolves what the user typed: a directory name ("04_gradient_descent") or its number ("04", "4").
std::string resolve_chapter_name(const std::string& chapters_dir, const std::string& typed);

// "1.2" for a suite Ex0102Something (or a parameterized Prefix/Ex0102Something/0); nullopt for a
// chapter check.
std::optional<std::string> exercise_id_of_suite(const std::string& suite);

// "Ex0102" for exercise "1.2": how its test suites' names begin.
std::string suite_prefix(const std::string& id);

// Normalises a typed id: "01.02" and "1.2" both become "1.2"; nullopt if it is not an id.
std::optional<std::string> normalise_id(const std::string& typed);

}  // namespace course::grade
