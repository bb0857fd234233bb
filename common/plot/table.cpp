// A table of strings in a panel: booktabs-style rules, light banding, numbers right-aligned.
#include <algorithm>

#include "common/plot/plot_internal.hpp"
#include "common/plot/text.hpp"

namespace course::plot {

void draw_table(Canvas& canvas, const AxesState& state, Rect area, double s) {
    const TableData& table = *state.table;
    if (!state.title.empty()) {
        draw_text(canvas, {(area.left + area.right) / 2 * s, (area.top - 8) * s}, state.title,
                  fitting_size(state.title, title_size, area.width() + 16) * s, ink,
                  HAlign::center, VAlign::bottom);
    }
    const std::size_t columns = table.header.empty() ? (table.rows.empty() ? 0 : table.rows[0].size()) : table.header.size();
    if (columns == 0) return;
    // Column widths at the requested size; if the table is wider than the panel, shrink the font.
    double size = table.options.font_size;
    std::vector<double> widths(columns, 0);
    auto measure_columns = [&] {
        const double padding = 1.8 * size;
        double total = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            widths[c] = table.header.empty() ? 0 : measure_text(table.header[c], size, Weight::bold).width;
            for (const auto& row : table.rows) widths[c] = std::max(widths[c], measure_text(row[c], size).width);
            widths[c] += padding;
            total += widths[c];
        }
        return total;
    };
    double total = measure_columns();
    const std::size_t lines = table.rows.size() + (table.header.empty() ? 0 : 1);
    double row_height = 2.0 * size;
    const double fit = std::min(area.width() / total, area.height() / (row_height * lines));
    if (fit < 1) {
        size = std::max(6.0, size * fit);
        row_height = 2.0 * size;
        total = measure_columns();
    }
    const double left = area.left + (area.width() - total) / 2;
    const double top = area.top + std::max(0.0, (area.height() - row_height * lines) / 2);
    auto alignment = [&](std::size_t c) {
        if (c < table.options.align.size()) return table.options.align[c];
        return c == 0 ? HAlign::left : HAlign::right;
    };
    auto draw_row = [&](const std::vector<std::string>& cells, double y, bool bold) {
        double x = left;
        for (std::size_t c = 0; c < columns; ++c) {
            const double inner = 0.9 * size;
            const HAlign align = alignment(c);
            const double ax = align == HAlign::left ? x + inner : align == HAlign::right ? x + widths[c] - inner : x + widths[c] / 2;
            draw_text(canvas, {ax * s, (y + row_height / 2) * s}, cells[c], size * s, ink, align, VAlign::center, false, 1.0,
                      bold ? Weight::bold : Weight::regular);
            x += widths[c];
        }
    };
    auto rule = [&](double y, double thickness) {
        canvas.fill_rect({left * s, (y - thickness / 2) * s, (left + total) * s, (y + thickness / 2) * s}, ink);
    };
    double y = top;
    rule(y, 1.5);
    if (!table.header.empty()) {
        draw_row(table.header, y, true);
        y += row_height;
        rule(y, 1.0);
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        if (r % 2 == 1) canvas.fill_rect({left * s, (y + 0.5) * s, (left + total) * s, (y + row_height - 0.5) * s}, hex("#f2f2f2"));
        draw_row(table.rows[r], y, false);
        y += row_height;
    }
    rule(y, 1.5);
}

}  // namespace course::plot
