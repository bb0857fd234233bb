// stb_truetype's implementation (Debian's libstb-dev), compiled once for the whole course: the text of
// every figure is rasterised through it (font.cpp). One stb header per file: see stb_image.cpp.
#define STB_TRUETYPE_IMPLEMENTATION
#include <stb/stb_truetype.h>
