// The course's TrueType faces: DejaVu Sans for all text, and DejaVu Sans Bold (from the same Debian
// package, fonts-dejavu-core) for table headers. Internal to the plot library; see text.hpp.
#pragma once

#include <stb/stb_truetype.h>

#include <string>
#include <string_view>
#include <vector>

#include "common/plot/text.hpp"

namespace course::plot {

struct Font {
    std::string path;
    std::vector<unsigned char> bytes;
    stbtt_fontinfo info{};
    bool loaded = false;
    double ascent = 0, descent = 0;  // per em, positive
};

// The face of `weight`, loaded once on first use and never modified afterwards. The bold face is the
// regular file's "-Bold" sibling (DejaVuSans-Bold.ttf beside DejaVuSans.ttf); where there is none,
// the regular face comes back and has_bold_face() says so, and bold text is emboldened from it.
const Font& course_font(Weight weight = Weight::regular);
bool has_bold_face();

std::vector<char32_t> decode_utf8(std::string_view text);

}  // namespace course::plot
