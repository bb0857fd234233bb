// The one translation unit that compiles the stb single-header libraries the figure library uses
// (Debian's libstb-dev): PNG writing, TrueType rasterisation, and PNG reading for tests and pngcheck.
// Each header's implementation must be compiled exactly once in the program, hence this file.
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_TRUETYPE_IMPLEMENTATION
#define STB_IMAGE_IMPLEMENTATION
#include <stb/stb_image.h>
#include <stb/stb_image_write.h>
#include <stb/stb_truetype.h>
