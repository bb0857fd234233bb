// pngcheck FILE... — checks that each file is a readable PNG of at least 400×300 pixels that is not a
// single uniform colour (a blank figure). Prints "ok FILE WxH" per good file, one line naming the file
// and the problem per bad one, and exits 1 if any file is bad. `make check` runs it on every figure.
#include <stb/stb_image.h>

#include <cstdio>
#include <cstring>
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

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: pngcheck FILE...\n");
        return 2;
    }
    int bad = 0;
    for (int k = 1; k < argc; ++k) {
        int width = 0, height = 0;
        const std::string problem = problem_with(argv[k], width, height);
        if (problem.empty()) {
            std::printf("ok %s %dx%d\n", argv[k], width, height);
        } else {
            std::fprintf(stderr, "pngcheck: %s %s\n", argv[k], problem.c_str());
            ++bad;
        }
    }
    return bad == 0 ? 0 : 1;
}
