// The catalogue of wrong versions: per chapter, tests/mutants/NN_topic.md lists the bugs that students
// really write, each as a small patch against the reference solution, and `make check-mutants` proves
// that the exercise's own tests fail on every one of them.
//
// A catalogue is Markdown. Free text first, then one section per wrong version:
//
//   ## 15.3 The sufficient-decrease line drawn above φ(0)
//   One paragraph: the misconception this wrong version encodes, in a student's terms.
//
//   ```diff
//    context line (kept; a leading space)
//   -line of the solution (removed)
//   +line of the wrong version (added)
//   ```
//
// A section may hold several ```diff blocks (hunks), applied in order. Lines are matched with their
// leading and trailing blanks ignored, inside the exercise's block of solutions/NN_topic.cpp (from its
// "// Exercise N.M" comment to the next exercise), and each hunk must match there exactly once, so a
// catalogue entry that the solution has outgrown fails loudly instead of testing nothing.
//
// A wrong version that no test can tell apart from the solution (a sign inside a square, a branch that
// cannot be reached) is declared with a line "Equivalent: the reason." in its section: the check then
// expects it to survive, and says so if a test kills it after all.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <vector>

namespace course::mutants {

struct Hunk {
    enum class Kind { context, removed, added };
    struct Line {
        Kind kind;
        std::string text;  // without the diff marker
    };
    std::vector<Line> lines;
    std::size_t line = 0;  // where the hunk starts in the catalogue, for messages
};

struct Entry {
    std::string id;             // "15.3"
    std::string title;          // "The sufficient-decrease line drawn above φ(0)"
    std::string misconception;  // the section's text
    std::string equivalent;     // why no test can see it; "" for a wrong version the tests must catch
    std::vector<Hunk> hunks;
    std::size_t line = 0;  // the heading's line in the catalogue
};

struct Catalogue {
    std::string path;     // tests/mutants/15_second_order.md
    std::string chapter;  // 15_second_order
    std::vector<Entry> entries;
};

// A catalogue that cannot be read, parsed or applied; the message names the file and line.
struct CatalogueError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// Parses a chapter's catalogue. `chapter_number` checks that every entry belongs to the chapter.
Catalogue load_catalogue(const std::string& path, const std::string& chapter, int chapter_number);

// The lines [first, last) of `source` that make up exercise `id`'s block; throws if it has none.
struct Block {
    std::size_t first = 0, last = 0;
};
Block exercise_block(const std::vector<std::string>& source, const std::string& id);

// The solution with the entry's hunks applied inside its exercise's block. Throws CatalogueError
// (naming `catalogue_path` and the hunk's line) when a hunk does not match exactly once, or when the
// result is the solution unchanged.
std::string apply_entry(const Entry& entry, const std::string& solution, const std::string& catalogue_path,
                        const std::string& solution_path);

}  // namespace course::mutants
