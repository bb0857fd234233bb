// Automatic limits, ticks, and the margins a panel needs around its plot area.
#include <algorithm>
#include <cmath>
#include <limits>

#include "common/plot/plot_internal.hpp"
#include "common/plot/text.hpp"
#include "common/plot/ticks.hpp"

namespace course::plot {

namespace {

// The range of the values an axis has to show. Fields (contourf, heatmaps, images) set a tight range
// that the view should fill exactly; everything else gets matplotlib's 5% margin.
struct Extent {
    double lo = std::numeric_limits<double>::infinity(), hi = -std::numeric_limits<double>::infinity();
    double field_lo = std::numeric_limits<double>::infinity(), field_hi = -std::numeric_limits<double>::infinity();
    bool log = false;
    // Values beyond ±1e150 (a diverged run) would make the range overflow; the view ignores them and
    // the line simply leaves the plot.
    void add(double v) {
        if (std::isfinite(v) && std::fabs(v) < 1e150 && (!log || v > 0)) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    void add_field(double a, double b) { field_lo = std::min(field_lo, a), field_hi = std::max(field_hi, b); }
};

struct Extents {
    Extent x, y;
};

void add_points(Extents& e, const std::vector<double>& xs, const std::vector<double>& ys) {
    for (std::size_t k = 0; k < xs.size(); ++k) {
        // A point counts only if both coordinates can be drawn.
        if (!std::isfinite(xs[k]) || !std::isfinite(ys[k]) || std::fabs(xs[k]) >= 1e150 || std::fabs(ys[k]) >= 1e150) continue;
        if ((e.x.log && xs[k] <= 0) || (e.y.log && ys[k] <= 0)) continue;
        e.x.add(xs[k]), e.y.add(ys[k]);
    }
}

void collect(Extents& e, const Artist& artist) {
    if (const auto* a = std::get_if<LineArtist>(&artist)) add_points(e, a->xs, a->ys);
    else if (const auto* s = std::get_if<ScatterArtist>(&artist)) add_points(e, s->xs, s->ys);
    else if (const auto* m = std::get_if<MarkerArtist>(&artist)) add_points(e, {m->x}, {m->y});
    else if (const auto* n = std::get_if<AnnotateArtist>(&artist)) add_points(e, {n->x}, {n->y});
    else if (const auto* r = std::get_if<ReferenceLine>(&artist)) (r->horizontal ? e.y : e.x).add(r->value);
    else if (const auto* f = std::get_if<FillArtist>(&artist)) add_points(e, f->xs, f->lo), add_points(e, f->xs, f->hi);
    else if (const auto* b = std::get_if<BarArtist>(&artist)) {
        for (std::size_t k = 0; k < b->xs.size(); ++k) {
            e.x.add(b->xs[k] - b->options.width / 2), e.x.add(b->xs[k] + b->options.width / 2);
            e.y.add(b->heights[k]);
            if (!e.y.log) e.y.add(0);
        }
    } else if (const auto* w = std::get_if<ArrowArtist>(&artist)) add_points(e, {w->x0, w->x1}, {w->y0, w->y1});
    else if (const auto* c = std::get_if<ContourFillArtist>(&artist)) {
        e.x.add_field(c->grid.x0, c->grid.x1), e.y.add_field(c->grid.y0, c->grid.y1);
    } else if (const auto* l = std::get_if<ContourLineArtist>(&artist)) {
        e.x.add_field(l->grid.x0, l->grid.x1), e.y.add_field(l->grid.y0, l->grid.y1);
    } else if (const auto* h = std::get_if<HeatmapArtist>(&artist)) {
        // Each value fills the cell around its sample point.
        const double dx = (h->grid.x1 - h->grid.x0) / (h->grid.nx - 1) / 2, dy = (h->grid.y1 - h->grid.y0) / (h->grid.ny - 1) / 2;
        e.x.add_field(h->grid.x0 - dx, h->grid.x1 + dx), e.y.add_field(h->grid.y0 - dy, h->grid.y1 + dy);
    } else if (const auto* i = std::get_if<ImageArtist>(&artist)) {
        e.x.add_field(0, i->width), e.y.add_field(0, i->height);
    }
}

std::pair<double, double> automatic_limits(const Extent& e) {
    double lo = e.lo, hi = e.hi;
    const bool has_field = e.field_lo <= e.field_hi;
    if (has_field && (lo > hi || (lo >= e.field_lo && hi <= e.field_hi))) return {e.field_lo, e.field_hi};
    if (has_field) lo = std::min(lo, e.field_lo), hi = std::max(hi, e.field_hi);
    if (lo > hi) return e.log ? std::pair{1.0, 10.0} : std::pair{0.0, 1.0};
    if (e.log) {
        double a = std::log10(lo), b = std::log10(hi);
        if (b - a < 1e-9) a -= 0.5, b += 0.5;
        const double margin = 0.05 * (b - a);
        return {std::pow(10.0, a - margin), std::pow(10.0, b + margin)};
    }
    if (hi - lo <= 1e-12 * std::max(1.0, std::fabs(lo))) {
        const double pad = lo == 0 ? 1 : std::fabs(lo) * 0.1;
        return {lo - pad, hi + pad};
    }
    const double margin = 0.05 * (hi - lo);
    return {lo - margin, hi + margin};
}

std::vector<Tick> ticks_for(const AxisSettings& axis, double lo, double hi) {
    std::vector<Tick> candidates = axis.fixed_ticks                                  ? *axis.fixed_ticks
                                   : axis.scale == Scale::log && axis.minor_labels ? log_ticks_with_minor_labels(lo, hi)
                                   : axis.scale == Scale::log                     ? log_ticks(lo, hi)
                                                                                  : linear_ticks(lo, hi);
    std::vector<Tick> inside;
    const double slack = 1e-9 * (hi - lo);
    for (Tick& t : candidates) {
        if (t.value >= lo - slack && t.value <= hi + slack) inside.push_back(std::move(t));
    }
    return inside;
}

// Whether an axis' tick labels stand apart at its pixel length (the map's p0, p1 are set): side by
// side (x) with half an em between their advance boxes, stacked (y) with a line height and a little.
bool labels_fit(const std::vector<Tick>& ticks, const AxisMap& map, bool horizontal) {
    const double em = tick_label_size;
    double previous_at = 0, previous_half = 0;
    bool first = true;
    for (const Tick& t : ticks) {
        if (t.label.empty() || !map.valid(t.value)) continue;
        const double at = map(t.value);
        const double half = horizontal ? measure_text(t.label, em).width / 2 : 0;
        const double needed = horizontal ? previous_half + half + 0.5 * em : 1.1 * em;
        if (!first && std::fabs(at - previous_at) < needed) return false;
        previous_at = at, previous_half = half, first = false;
    }
    return true;
}

// `ticks` with only every stride-th label kept (the ticks and grid lines stay), in the phase that
// keeps the label at zero if there is one.
std::vector<Tick> every_nth_label(std::vector<Tick> ticks, std::size_t stride) {
    std::vector<std::size_t> labelled;
    for (std::size_t k = 0; k < ticks.size(); ++k) {
        if (!ticks[k].label.empty()) labelled.push_back(k);
    }
    std::size_t phase = 0;
    for (std::size_t i = 0; i < labelled.size(); ++i) {
        if (ticks[labelled[i]].value == 0) phase = i % stride;
    }
    for (std::size_t i = 0; i < labelled.size(); ++i) {
        if (i % stride != phase) ticks[labelled[i]].label.clear();
    }
    return ticks;
}

// The ticks of one axis whose labels fit its length: its own when they do (most axes), else the best
// nice set that fits — fewer ticks, as matplotlib's locator picks fewer on a short axis — else the
// first set with every 2nd, 3rd … label left out, which ends at one label and so always fits.
// Hand-placed ticks are the chapter's choice and stay; the layout check reports them if they collide.
bool fit_axis(const AxisSettings& axis, std::vector<Tick>& ticks, const AxisMap& map, bool horizontal) {
    if (axis.fixed_ticks || labels_fit(ticks, map, horizontal)) return false;
    const double lo = std::min(map.lo, map.hi), hi = std::max(map.lo, map.hi);
    std::vector<std::vector<Tick>> choices;
    if (axis.scale == Scale::linear) {
        for (std::vector<Tick>& set : linear_tick_choices(lo, hi)) {
            AxisSettings fixed;
            fixed.fixed_ticks = std::move(set);
            choices.push_back(ticks_for(fixed, lo, hi));
        }
    } else if (axis.minor_labels) {
        choices.push_back(ticks_for({.scale = Scale::log}, lo, hi));  // first without the 2 and 5 labels
    }
    for (std::vector<Tick>& set : choices) {
        const auto labelled = std::count_if(set.begin(), set.end(), [](const Tick& t) { return !t.label.empty(); });
        if (labelled >= 2 && labels_fit(set, map, horizontal)) {
            ticks = std::move(set);
            return true;
        }
    }
    for (std::size_t stride = 2;; ++stride) {
        std::vector<Tick> thinned = every_nth_label(ticks, stride);
        if (labels_fit(thinned, map, horizontal)) {
            ticks = std::move(thinned);
            return true;
        }
    }
}

double widest_label(const std::vector<Tick>& ticks, double size) {
    double widest = 0;
    for (const Tick& t : ticks) widest = std::max(widest, measure_text(t.label, size).width);
    return widest;
}

double line_height(double size) {
    const TextExtent e = measure_text("Ag", size);
    return e.ascent + e.descent;
}

}  // namespace

void resolve_limits(AxesState& state) {
    Extents e;
    e.x.log = state.x.scale == Scale::log;
    e.y.log = state.y.scale == Scale::log;
    for (const Artist& artist : state.artists) collect(e, artist);
    auto [x0, x1] = state.x.limits ? *state.x.limits : automatic_limits(e.x);
    auto [y0, y1] = state.y.limits ? *state.y.limits : automatic_limits(e.y);
    // A log axis cannot show non-positive limits set by hand; fall back to what the data needs.
    if (e.x.log && !(x0 > 0 && x1 > 0)) std::tie(x0, x1) = automatic_limits(e.x);
    if (e.y.log && !(y0 > 0 && y1 > 0)) std::tie(y0, y1) = automatic_limits(e.y);
    if (x0 == x1) x1 = x0 + 1;
    if (y0 == y1) y1 = y0 + 1;
    state.xmap = {x0, x1, 0, 1, e.x.log};
    state.ymap = {y0, y1, 1, 0, e.y.log};
    if (state.is_image || state.table) {
        state.xticks.clear(), state.yticks.clear();
        return;
    }
    state.xticks = ticks_for(state.x, std::min(x0, x1), std::max(x0, x1));
    state.yticks = ticks_for(state.y, std::min(y0, y1), std::max(y0, y1));
}

bool fit_tick_labels(AxesState& state) {
    if (state.is3d || state.table || state.is_image) return false;
    const bool x_changed = fit_axis(state.x, state.xticks, state.xmap, true);
    const bool y_changed = fit_axis(state.y, state.yticks, state.ymap, false);
    return x_changed || y_changed;
}

double colorbar_width(const AxesState& state) {
    if (!state.colorbar || !state.mappable) return 0;
    const ColorScale& s = *state.mappable;
    const std::vector<Tick> ticks = s.log ? log_ticks(s.lo, s.hi) : linear_ticks(s.lo, s.hi);
    double width = 14 + 16 + tick_length + tick_pad + widest_label(ticks, tick_label_size);
    if (!state.colorbar_label.empty()) width += 8 + line_height(label_size);
    return width;
}

std::array<double, 4> panel_margins(const AxesState& state) {
    const double title = state.title.empty() ? 8 : line_height(title_size) + 12;
    if (state.is_image) {
        const double caption = state.x.label.empty() ? 4 : line_height(tick_label_size) + 6;
        return {4, title, 4, caption};
    }
    if (state.is3d || state.table) return {4, title, 4, 4};
    double left = tick_length + tick_pad + widest_label(state.yticks, tick_label_size) + 8;
    if (!state.y.label.empty()) left += line_height(label_size) + 6;
    double bottom = tick_length + tick_pad + line_height(tick_label_size) + 8;
    if (!state.x.label.empty()) bottom += line_height(label_size) + 6;
    // The last x tick label may stick out past the right spine by half its width.
    double right = 12;
    if (!state.xticks.empty()) right = std::max(right, measure_text(state.xticks.back().label, tick_label_size).width / 2 + 6);
    right += colorbar_width(state);
    return {left, title, right, bottom};
}

}  // namespace course::plot
