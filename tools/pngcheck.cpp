// pngcheck [--layout REPORT] FILE... — checks that each file is a readable PNG of at
// least 400×300 pixels that is not a single uniform colour (a blank figure). Prints "ok FILE WxH" per
// good file, one line naming the file and the problem per bad one, and exits 1 if any file is bad.
// `make check` runs it on every figure.
//
// With --layout it also reads the plot library's own layout report (what Figure::save appended to
// $COURSE_FIGURE_CHECK: "name.png: kind: text"): every problem it lists for one of the FILEs is a
// failure. There is no list of tolerated problems: a figure is fixed, not excused.
#include <stb/stb_image.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

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

// The problems that the layout report (Figure::save's "name.png: kind: text" lines) lists for the
// figures in `checked`, each printed on stderr; their number. A missing report means no figure had a
// problem: save() writes only when there is one.
int check_layout(const std::string& report, const std::set<std::string>& checked) {
    std::ifstream in(report);
    std::string line;
    int problems = 0;
    while (std::getline(in, line)) {
        const auto colon = line.find(": ");
        if (colon == std::string::npos || !checked.count(line.substr(0, colon))) continue;
        std::fprintf(stderr, "pngcheck: %s\n", line.c_str());
        ++problems;
    }
    if (problems > 0) {
        std::fprintf(stderr, "pngcheck: %d layout problem(s) above: move the legend (Corner::best), give the data headroom, "
                             "or shorten the text (docs/adding_a_chapter.md)\n", problems);
    }
    return problems;
}

}  // namespace

int main(int argc, char** argv) {
    std::string report;
    int k = 1;
    for (; k < argc && std::strncmp(argv[k], "--", 2) == 0; ++k) {
        if (std::strcmp(argv[k], "--layout") != 0) {
            std::fprintf(stderr, "pngcheck: unknown flag %s (allowed: --layout REPORT)\n", argv[k]);
            return 2;
        }
        if (k + 1 >= argc) {
            std::fprintf(stderr, "pngcheck: --layout needs the report file that $COURSE_FIGURE_CHECK named\n");
            return 2;
        }
        report = argv[++k];
    }
    if (k >= argc) {
        std::fprintf(stderr, "usage: pngcheck [--layout REPORT] FILE...\n");
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
    if (!report.empty()) bad += check_layout(report, checked);
    return bad == 0 ? 0 : 1;
}
