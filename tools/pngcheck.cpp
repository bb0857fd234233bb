// pngcheck [--layout REPORT [--known LIST]] FILE... — checks that each file is a readable PNG of at
// least 400×300 pixels that is not a single uniform colour (a blank figure). Prints "ok FILE WxH" per
// good file, one line naming the file and the problem per bad one, and exits 1 if any file is bad.
// `make check` runs it on every figure.
//
// With --layout it also reads the plot library's own layout report (what Figure::save appended to
// $COURSE_FIGURE_CHECK: "name.png: kind: text"): every problem of one of the FILEs is a failure unless
// LIST names that figure and kind (known, waiting for a fix). LIST has one "name.png kind  reason"
// per line, # comments; an entry that no longer applies is pointed out so that it can go.
#include <stb/stb_image.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

// The problem with the PNG at `path`, or "" if it is fine; width and height are set when readable.
std::string problem_with(const char* path, int& width, int& height) {
    int channels = 0;
    unsigned char* pixels = stbi_load(path, &width, &height, &channels, 3);
    if (!pixels) return std::string("cannot be read as a PNG (") + stbi_failure_reason() + ")";
    std::string problem;
    if (width < 400 || height < 300) {
        problem = "is " + std::to_string(width) + "x" + std::to_string(height) + ", smaller than the minimum 400x300";
    } else {
        const std::size_t bytes = static_cast<std::size_t>(width) * height * 3;
        bool uniform = true;
        for (std::size_t k = 3; k < bytes && uniform; ++k) uniform = pixels[k] == pixels[k % 3];
        if (uniform) problem = "is a single uniform colour (a blank figure)";
    }
    stbi_image_free(pixels);
    return problem;
}

using FigureKind = std::pair<std::string, std::string>;  // ("39_line_search.png", "legend")

std::set<FigureKind> read_known(const std::string& path) {
    std::set<FigureKind> known;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string figure, kind;
        if (words >> figure >> kind && figure[0] != '#') known.insert({figure, kind});
    }
    return known;
}

// Compares the layout report with the known problems, for the figures in `checked`; the number of
// unexpected problems.
int check_layout(const std::string& report, const std::string& known_path, const std::set<std::string>& checked) {
    const std::set<FigureKind> known = known_path.empty() ? std::set<FigureKind>{} : read_known(known_path);
    std::set<FigureKind> seen;
    int unexpected = 0, tolerated = 0;
    std::ifstream in(report);
    std::string line;
    while (std::getline(in, line)) {
        const auto colon = line.find(": ");
        if (colon == std::string::npos) continue;
        const std::string figure = line.substr(0, colon), rest = line.substr(colon + 2);
        if (!checked.count(figure)) continue;
        const FigureKind key{figure, rest.substr(0, rest.find(':'))};
        seen.insert(key);
        if (known.count(key)) {
            ++tolerated;
        } else {
            std::fprintf(stderr, "pngcheck: %s\n", line.c_str());
            ++unexpected;
        }
    }
    for (const FigureKind& k : known) {
        if (checked.count(k.first) && !seen.count(k)) {
            std::printf("note: %s has no %s problem any more; remove it from %s\n", k.first.c_str(), k.second.c_str(),
                        known_path.c_str());
        }
    }
    if (tolerated > 0) std::printf("%d known layout problem(s) tolerated, listed in %s\n", tolerated, known_path.c_str());
    if (unexpected > 0) {
        std::fprintf(stderr, "pngcheck: %d layout problem(s) above; fix the figure (or, while a fix is pending, list it in %s)\n",
                     unexpected, known_path.empty() ? "a --known file" : known_path.c_str());
    }
    return unexpected;
}

}  // namespace

int main(int argc, char** argv) {
    std::string report, known;
    int k = 1;
    for (; k + 1 < argc && std::strncmp(argv[k], "--", 2) == 0; k += 2) {
        if (std::strcmp(argv[k], "--layout") == 0) report = argv[k + 1];
        else if (std::strcmp(argv[k], "--known") == 0) known = argv[k + 1];
        else break;
    }
    if (k >= argc || std::strncmp(argv[k], "--", 2) == 0) {
        std::fprintf(stderr, "usage: pngcheck [--layout REPORT [--known LIST]] FILE...\n");
        return 2;
    }
    int bad = 0;
    std::set<std::string> checked;
    for (; k < argc; ++k) {
        int width = 0, height = 0;
        const std::string problem = problem_with(argv[k], width, height);
        checked.insert(std::filesystem::path(argv[k]).filename().string());
        if (problem.empty()) {
            std::printf("ok %s %dx%d\n", argv[k], width, height);
        } else {
            std::fprintf(stderr, "pngcheck: %s %s\n", argv[k], problem.c_str());
            ++bad;
        }
    }
    if (!report.empty()) bad += check_layout(report, known, checked);
    return bad == 0 ? 0 : 1;
}
