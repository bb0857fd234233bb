// stb_image_write's implementation (Debian's libstb-dev), compiled once for the whole course: every
// figure is a PNG written through it (figure.cpp). One stb header per file: see stb_image.cpp.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#include <stb/stb_image_write.h>
