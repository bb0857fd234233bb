// Text rendering on stb_truetype, with stb_easy_font as the fallback; see text.hpp.
#include "common/plot/text.hpp"

#include <stb/stb_easy_font.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "common/plot/font.hpp"
#include "common/plot/layout_check.hpp"

namespace course::plot {

namespace {

// stb_easy_font knows ASCII only: spell the course's symbols as plain text.
std::string ascii_fallback(std::string_view utf8) {
    std::string out;
    bool in_superscript = false;
    for (char32_t c : decode_utf8(utf8)) {
        // Superscript runs ("10⁻¹²") become "10^-12".
        int digit = -1;
        if (c >= U'⁴' && c <= U'⁹') digit = static_cast<int>(c - U'⁰');
        else if (c == U'⁰') digit = 0;
        else if (c == U'¹') digit = 1;
        else if (c == U'²') digit = 2;
        else if (c == U'³') digit = 3;
        const bool superscript = digit >= 0 || c == U'⁻';
        if (superscript && !in_superscript) out += '^';
        in_superscript = superscript;
        if (digit >= 0) out += static_cast<char>('0' + digit);
        else if (c == U'⁻') out += '-';
        else if (c < 0x80) out += static_cast<char>(c);
        else if (c == U'−') out += '-';
        else if (c == U'×') out += 'x';
        else if (c == U'·') out += '*';
        else if (c == U'±') out += "+/-";
        else if (c == U'°') out += " deg";
        else if (c == U'θ') out += "theta";
        else if (c == U'α') out += "alpha";
        else if (c == U'β') out += "beta";
        else if (c == U'∇') out += "grad ";
        else if (c == U'–' || c == U'—') out += '-';
        else out += '?';
    }
    return out;
}

// The string's coverage, 0..255, in a buffer with the baseline at row `baseline` and the pen starting
// at column `pad`.
struct Rendered {
    int width = 0, height = 0, pad = 0, baseline = 0;
    double advance = 0, ascent = 0, descent = 0;
    std::vector<std::uint8_t> coverage;
    int ink_left = 0, ink_top = 0, ink_right = 0, ink_bottom = 0;  // the inked part of the buffer; empty: none

    void add_ink(int left, int top, int right, int bottom) {
        if (ink_right <= ink_left) ink_left = left, ink_top = top, ink_right = right, ink_bottom = bottom;
        ink_left = std::min(ink_left, left), ink_top = std::min(ink_top, top);
        ink_right = std::max(ink_right, right), ink_bottom = std::max(ink_bottom, bottom);
    }
};

Rendered render_truetype(const Font& font, std::string_view utf8, double size) {
    const float scale = stbtt_ScaleForMappingEmToPixels(&font.info, static_cast<float>(size));
    Rendered r;
    r.ascent = font.ascent * size, r.descent = font.descent * size;
    const std::vector<char32_t> codes = decode_utf8(utf8);
    std::vector<int> glyphs;
    std::vector<double> pen;
    double x = 0;
    for (std::size_t k = 0; k < codes.size(); ++k) {
        const int glyph = stbtt_FindGlyphIndex(&font.info, static_cast<int>(codes[k]));
        if (k > 0) x += scale * stbtt_GetGlyphKernAdvance(&font.info, glyphs.back(), glyph);
        int advance = 0, bearing = 0;
        stbtt_GetGlyphHMetrics(&font.info, glyph, &advance, &bearing);
        glyphs.push_back(glyph);
        pen.push_back(x);
        x += scale * advance;
    }
    r.advance = x;
    r.pad = static_cast<int>(std::ceil(size * 0.3)) + 2;
    r.baseline = static_cast<int>(std::ceil(r.ascent * 1.15)) + 2;
    r.width = static_cast<int>(std::ceil(x)) + 2 * r.pad;
    r.height = r.baseline + static_cast<int>(std::ceil(r.descent * 1.3)) + 2;
    r.coverage.assign(static_cast<std::size_t>(r.width) * r.height, 0);
    std::vector<unsigned char> glyph_bitmap;
    for (std::size_t k = 0; k < glyphs.size(); ++k) {
        const double whole = std::floor(pen[k]);
        const auto shift = static_cast<float>(pen[k] - whole);
        int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
        stbtt_GetGlyphBitmapBoxSubpixel(&font.info, glyphs[k], scale, scale, shift, 0, &x0, &y0, &x1, &y1);
        const int w = x1 - x0, h = y1 - y0;
        if (w <= 0 || h <= 0) continue;
        glyph_bitmap.assign(static_cast<std::size_t>(w) * h, 0);
        stbtt_MakeGlyphBitmapSubpixel(&font.info, glyph_bitmap.data(), w, h, w, scale, scale, shift, 0, glyphs[k]);
        const int left = r.pad + static_cast<int>(whole) + x0, top = r.baseline + y0;
        r.add_ink(left, top, left + w, top + h);
        for (int gy = 0; gy < h; ++gy) {
            const int row = top + gy;
            if (row < 0 || row >= r.height) continue;
            for (int gx = 0; gx < w; ++gx) {
                const int col = left + gx;
                if (col < 0 || col >= r.width) continue;
                std::uint8_t& cell = r.coverage[static_cast<std::size_t>(row) * r.width + col];
                cell = std::max(cell, glyph_bitmap[static_cast<std::size_t>(gy) * w + gx]);
            }
        }
    }
    return r;
}

Rendered render_easy_font(std::string_view utf8, double size) {
    std::string text = ascii_fallback(utf8);
    const double scale = size / 10.0;  // its capitals are 7 units tall; DejaVu's are 0.73 em
    Rendered r;
    r.ascent = 9 * scale, r.descent = 3 * scale;
    r.advance = stb_easy_font_width(text.data()) * scale;
    r.pad = static_cast<int>(std::ceil(scale)) + 2;
    r.baseline = static_cast<int>(std::ceil(r.ascent)) + 2;
    r.width = static_cast<int>(std::ceil(r.advance)) + 2 * r.pad;
    r.height = r.baseline + static_cast<int>(std::ceil(r.descent)) + 2;
    r.coverage.assign(static_cast<std::size_t>(r.width) * r.height, 0);
    struct Vertex {
        float x, y, z;
        unsigned char color[4];
    };
    std::vector<Vertex> vertices(text.size() * 300 + 4);
    unsigned char white[4] = {255, 255, 255, 255};
    const int quads = stb_easy_font_print(0, 0, text.data(), white, vertices.data(),
                                          static_cast<int>(vertices.size() * sizeof(Vertex)));
    const double top = r.baseline - 7 * scale;  // easy_font's y = 0 is the top of a capital
    for (int q = 0; q < quads; ++q) {
        const Vertex& a = vertices[static_cast<std::size_t>(q) * 4];
        const Vertex& c = vertices[static_cast<std::size_t>(q) * 4 + 2];
        const int xa = r.pad + static_cast<int>(std::lround(a.x * scale)), xb = r.pad + static_cast<int>(std::lround(c.x * scale));
        const int ya = static_cast<int>(std::lround(top + a.y * scale)), yb = static_cast<int>(std::lround(top + c.y * scale));
        if (xb > xa && yb > ya) r.add_ink(xa, ya, xb, yb);
        for (int y = std::max(0, ya); y < std::min(r.height, yb); ++y) {
            for (int x = std::max(0, xa); x < std::min(r.width, xb); ++x) r.coverage[static_cast<std::size_t>(y) * r.width + x] = 255;
        }
    }
    return r;
}

// How much wider bold text is made when there is no bold face: a stem thickened by 0.045 em reads as
// bold at table sizes (DejaVu Sans Bold's stems are about that much thicker than the regular ones).
double emboldening(double size) { return 0.045 * size; }

// Synthetic bold: each row's coverage is the maximum over the `extra` samples to its left, so every
// stem grows evenly by the same width (drawing twice with an offset darkens only the edges).
void embolden(Rendered& r, int extra) {
    if (extra <= 0) return;
    const int width = r.width + extra;
    std::vector<std::uint8_t> wider(static_cast<std::size_t>(width) * r.height, 0);
    for (int y = 0; y < r.height; ++y) {
        for (int x = 0; x < width; ++x) {
            std::uint8_t best = 0;
            for (int dx = 0; dx <= extra; ++dx) {
                const int from = x - dx;
                if (from >= 0 && from < r.width) best = std::max(best, r.coverage[static_cast<std::size_t>(y) * r.width + from]);
            }
            wider[static_cast<std::size_t>(y) * width + x] = best;
        }
    }
    r.coverage = std::move(wider);
    r.width = width;
    r.advance += extra;
    if (r.ink_right > r.ink_left) r.ink_right += extra;
}

Rendered render(std::string_view utf8, double size, Weight weight) {
    const Font& font = course_font(weight);
    Rendered r = font.loaded ? render_truetype(font, utf8, size) : render_easy_font(utf8, size);
    if (weight == Weight::bold && !has_bold_face()) embolden(r, static_cast<int>(std::lround(emboldening(size))));
    return r;
}

// The anchor's position inside the rendered buffer.
Point anchor_in_buffer(const Rendered& r, HAlign align, VAlign valign) {
    const double x = r.pad + (align == HAlign::left ? 0 : align == HAlign::center ? r.advance / 2 : r.advance);
    double y = r.baseline;
    if (valign == VAlign::top) y -= r.ascent;
    else if (valign == VAlign::center) y -= (r.ascent - r.descent) / 2;
    else if (valign == VAlign::bottom) y += r.descent;
    return {x, y};
}

}  // namespace

std::string font_path() { return course_font(Weight::regular).path; }

TextExtent measure_text(std::string_view utf8, double size_px) { return measure_text(utf8, size_px, Weight::regular); }

TextExtent measure_text(std::string_view utf8, double size_px, Weight weight) {
    const double synthetic = weight == Weight::bold && !has_bold_face() ? emboldening(size_px) : 0;
    const Font& font = course_font(weight);
    if (!font.loaded) {
        std::string text = ascii_fallback(utf8);
        const double scale = size_px / 10.0;
        return {stb_easy_font_width(text.data()) * scale + synthetic, 9 * scale, 3 * scale};
    }
    const float scale = stbtt_ScaleForMappingEmToPixels(&font.info, static_cast<float>(size_px));
    double width = 0;
    int previous = -1;
    for (char32_t code : decode_utf8(utf8)) {
        const int glyph = stbtt_FindGlyphIndex(&font.info, static_cast<int>(code));
        if (previous >= 0) width += scale * stbtt_GetGlyphKernAdvance(&font.info, previous, glyph);
        int advance = 0, bearing = 0;
        stbtt_GetGlyphHMetrics(&font.info, glyph, &advance, &bearing);
        width += scale * advance;
        previous = glyph;
    }
    return {width + synthetic, font.ascent * size_px, font.descent * size_px};
}

double fitting_size(std::string_view utf8, double size_px, double max_width) {
    const double width = measure_text(utf8, size_px).width;
    if (width <= max_width || width <= 0) return size_px;
    return std::max(0.7 * size_px, size_px * max_width / width);
}

Rect text_box(Point anchor, std::string_view utf8, double size_px, HAlign align, VAlign valign) {
    const TextExtent e = measure_text(utf8, size_px);
    const double left = anchor.x - (align == HAlign::left ? 0 : align == HAlign::center ? e.width / 2 : e.width);
    double baseline = anchor.y;
    if (valign == VAlign::top) baseline += e.ascent;
    else if (valign == VAlign::center) baseline += (e.ascent - e.descent) / 2;
    else if (valign == VAlign::bottom) baseline -= e.descent;
    return {left, baseline - e.ascent, left + e.width, baseline + e.descent};
}

Rect draw_text(Canvas& canvas, Point anchor, std::string_view utf8, double size_px, Color color, HAlign align,
               VAlign valign, bool rotated, double alpha, Weight weight) {
    if (utf8.empty()) return {};
    const Rendered r = render(utf8, size_px, weight);
    const Point a = anchor_in_buffer(r, align, valign);
    if (!rotated) {
        const int left = static_cast<int>(std::lround(anchor.x - a.x)), top = static_cast<int>(std::lround(anchor.y - a.y));
        canvas.blend_coverage(left, top, r.width, r.height, r.coverage.data(), color, alpha);
        const Rect ink{double(left + r.ink_left), double(top + r.ink_top), double(left + r.ink_right), double(top + r.ink_bottom)};
        if (canvas.check()) canvas.check()->text_drawn(ink, utf8);
        return ink;
    }
    // Counter-clockwise quarter turn: buffer column c goes up the canvas, buffer row r goes right.
    std::vector<std::uint8_t> turned(r.coverage.size());
    for (int row = 0; row < r.height; ++row) {
        for (int col = 0; col < r.width; ++col) {
            turned[static_cast<std::size_t>(r.width - 1 - col) * r.height + row] =
                r.coverage[static_cast<std::size_t>(row) * r.width + col];
        }
    }
    const int left = static_cast<int>(std::lround(anchor.x - a.y));
    const int top = static_cast<int>(std::lround(anchor.y + a.x - r.width));
    canvas.blend_coverage(left, top, r.height, r.width, turned.data(), color, alpha);
    // Buffer row → canvas column, buffer column c → canvas row r.width − 1 − c.
    const Rect ink{double(left + r.ink_top), double(top + r.width - r.ink_right), double(left + r.ink_bottom),
                   double(top + r.width - r.ink_left)};
    if (canvas.check()) canvas.check()->text_drawn(ink, utf8);
    return ink;
}

}  // namespace course::plot
