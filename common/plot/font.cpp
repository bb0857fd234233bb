// Finding and loading the course's fonts; see font.hpp.
#include "common/plot/font.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace course::plot {

namespace {

Font load_font() {
    std::vector<std::string> candidates;
    Font font;
    if (const char* env = std::getenv("COURSE_FONT")) {
        if (std::string(env) == "builtin") return font;  // force the bitmap fallback (to test it)
        candidates.emplace_back(env);
    }
    const char* home = std::getenv("HOME");
    for (const char* path : {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",  // Debian, Ubuntu
                             "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf",  // Fedora
                             "/usr/share/fonts/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",  // Arch
                             "/usr/local/share/fonts/DejaVuSans.ttf", "/opt/homebrew/share/fonts/DejaVuSans.ttf",
                             "/Library/Fonts/DejaVuSans.ttf"}) {
        candidates.emplace_back(path);
    }
    if (home) candidates.push_back(std::string(home) + "/Library/Fonts/DejaVuSans.ttf");  // Homebrew cask
    candidates.emplace_back("/System/Library/Fonts/Supplemental/Arial Unicode.ttf");     // macOS
    candidates.emplace_back("/Library/Fonts/Arial Unicode.ttf");
    for (const std::string& path : candidates) {
        std::ifstream in(path, std::ios::binary);
        if (!in) continue;
        font.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (font.bytes.empty()) continue;
        if (!stbtt_InitFont(&font.info, font.bytes.data(), stbtt_GetFontOffsetForIndex(font.bytes.data(), 0))) continue;
        int ascent = 0, descent = 0, line_gap = 0;
        stbtt_GetFontVMetrics(&font.info, &ascent, &descent, &line_gap);
        const double per_em = stbtt_ScaleForMappingEmToPixels(&font.info, 1.0f);
        font.ascent = ascent * per_em;
        font.descent = -descent * per_em;
        font.path = path;
        font.loaded = true;
        return font;
    }
    return font;
}

// The bold sibling of the regular face's file: "DejaVuSans.ttf" → "DejaVuSans-Bold.ttf".
Font load_bold(const Font& regular) {
    Font font;
    if (!regular.loaded) return font;
    std::filesystem::path path = regular.path;
    path.replace_filename(path.stem().string() + "-Bold" + path.extension().string());
    std::ifstream in(path, std::ios::binary);
    if (!in) return font;
    font.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (font.bytes.empty() ||
        !stbtt_InitFont(&font.info, font.bytes.data(), stbtt_GetFontOffsetForIndex(font.bytes.data(), 0))) {
        return Font{};
    }
    // The bold face keeps the regular face's vertical metrics, so rows of either weight line up.
    font.ascent = regular.ascent, font.descent = regular.descent;
    font.path = path.string();
    font.loaded = true;
    return font;
}

const Font& bold_or_empty() {
    static const Font font = load_bold(course_font(Weight::regular));
    return font;
}

}  // namespace

const Font& course_font(Weight weight) {
    static const Font regular = load_font();
    if (weight == Weight::bold && bold_or_empty().loaded) return bold_or_empty();
    return regular;
}

bool has_bold_face() { return bold_or_empty().loaded; }

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> out;
    for (std::size_t k = 0; k < text.size();) {
        const auto lead = static_cast<unsigned char>(text[k]);
        const int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 0;
        if (length == 0 || k + length > text.size()) {  // a stray byte: show the replacement character
            out.push_back(0xfffd);
            ++k;
            continue;
        }
        char32_t code = length == 1 ? lead : lead & (0x7f >> length);
        for (int i = 1; i < length; ++i) code = (code << 6) | (static_cast<unsigned char>(text[k + i]) & 0x3f);
        out.push_back(code);
        k += length;
    }
    return out;
}

}  // namespace course::plot
