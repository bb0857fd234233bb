// stb_image's implementation (Debian's libstb-dev), compiled once for the whole course: PNG reading for
// the tests and pngcheck, and the zlib decoder behind chapter 14's gzip reader. The course reads no
// other image format, so the other decoders (JPEG, GIF, BMP, ...) are left out: that halves this file's
// compile time. Each stb header has its own file, so that a parallel first build compiles them side by
// side instead of one after another (docs/PERFORMANCE.md §8).
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#include <stb/stb_image.h>
