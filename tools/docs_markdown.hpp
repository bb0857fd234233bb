// Reading the course's Markdown for the docs tool: the links a file makes, the anchors it offers,
// and the figures a chapter README shows with their captions. Only what the course's own files use:
// [text](target), ![alt](target), <a href="..">, <img src="..">, <a id="..">, and ATX headings; links
// inside code spans and fenced code blocks are text, not links.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace course::docs {

struct Link {
    std::string target;  // as written: "../../figures/03_gradient_descent.png", "DERIVATIONS.md#d7"
    std::string text;    // the link text or an image's alt text ("" for HTML attributes)
    int line = 0;        // 1-based
    bool image = false;
};

// Every link and image of a Markdown file, in order.
std::vector<Link> links_of(std::string_view markdown);

// The anchors a Markdown file offers: its headings' slugs as GitHub makes them (lower case,
// punctuation dropped, spaces to hyphens, "-1", "-2" for repeats) and every explicit id="..." or
// name="...".
std::vector<std::string> anchors_of(std::string_view markdown);

// GitHub's slug of one heading's text: "D7. Momentum's rate" -> "d7-momentums-rate".
std::string slug(std::string_view heading);

// A figure a chapter README shows: an image whose target lies in the course's figures/ folder.
struct Figure {
    std::string file;     // "03_gradient_descent.png"
    std::string alt;      // the image's alt text
    std::string caption;  // the paragraph right below the image, as plain text ("" if a heading follows)
    int line = 0;
};
std::vector<Figure> figures_of(std::string_view readme);

// The first "# " heading's text without a "Chapter NN — " prefix: "Gradient descent".
std::string title_of(std::string_view readme);

// Plain text from one paragraph of Markdown: bold markers, link targets and the asterisks around a
// wholly italic paragraph dropped; code spans and link texts kept; lines joined by spaces.
std::string plain_text(std::string_view markdown);

// The longest run of whole sentences of `text` that fits in max_bytes (cut at a word, with an ellipsis,
// if even the first sentence does not fit).
std::string first_sentences(const std::string& text, std::size_t max_bytes);

}  // namespace course::docs
