#include "tools/drill_record.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <tuple>

#include "tools/grade_catalogue.hpp"
#include "tools/grade_text.hpp"

namespace course::drill {

namespace {

namespace fs = std::filesystem;
using grade::lines_of;
using grade::split;
using grade::trim;

constexpr int top_box = 6;
constexpr std::int64_t day = 24 * 60 * 60;

constexpr const char* header =
    "# make drill's record (tools/drill_record.hpp): one line per event, oldest first; yours to keep.\n"
    "# when (UTC)\texercise\tevent\tseconds\tattempt\n";

const char* event_name(Event event) {
    switch (event) {
        case Event::start: return "start";
        case Event::fail: return "fail";
        case Event::pass: return "pass";
        case Event::abandoned: return "abandoned";
    }
    return "?";
}

bool parse_event(const std::string& text, Event& event) {
    for (Event e : {Event::start, Event::fail, Event::pass, Event::abandoned}) {
        if (text == event_name(e)) {
            event = e;
            return true;
        }
    }
    return false;
}

template <typename Int>
bool parse_count(const std::string& text, Int& value) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    return error == std::errc() && end == text.data() + text.size() && !text.empty() && value >= 0;
}

// One line of the record, or false if it is not one.
bool parse_row(const std::string& line, Row& row) {
    const std::vector<std::string> fields = split(line, '\t');
    if (fields.size() != 5) return false;
    const auto id = grade::normalise_id(trim(fields[1]));
    row.when = parse_iso_time(trim(fields[0]));
    if (!id || row.when < 0 || !parse_event(trim(fields[2]), row.event)) return false;
    row.exercise = *id;
    return parse_count(trim(fields[3]), row.seconds) && parse_count(trim(fields[4]), row.attempt);
}

std::string format_row(const Row& row) {
    return iso_time(row.when) + "\t" + row.exercise + "\t" + event_name(row.event) + "\t" + std::to_string(row.seconds) +
           "\t" + std::to_string(row.attempt) + "\n";
}

// Where a corrupt record goes: beside it, named after the time, never over an earlier one.
std::string aside_path(const std::string& path) {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
    std::string aside = path + ".corrupt-" + stamp;
    for (int n = 1; fs::exists(aside); ++n) aside = path + ".corrupt-" + stamp + "." + std::to_string(n);
    return aside;
}

}  // namespace

std::string iso_time(std::int64_t when) {
    const std::time_t t = static_cast<std::time_t>(when);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

std::int64_t parse_iso_time(const std::string& text) {
    std::tm utc{};
    char zone = 0;
    if (text.size() != 20 || std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%c", &utc.tm_year, &utc.tm_mon, &utc.tm_mday,
                                         &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &zone) != 7 || zone != 'Z') {
        return -1;
    }
    utc.tm_year -= 1900;
    utc.tm_mon -= 1;
    const std::int64_t when = timegm(&utc);
    return when >= 0 && iso_time(when) == text ? when : -1;  // the round trip rejects 2025-02-30
}

Record Record::load(const std::string& path, std::string& note) {
    Record record;
    record.path_ = path;
    note.clear();
    if (!fs::exists(path)) return record;
    std::string kept;
    std::size_t bad = 0, first_bad = 0, line_number = 0;
    for (const std::string& line : lines_of(grade::read_file(path))) {
        ++line_number;
        if (trim(line).empty() || trim(line)[0] == '#') continue;
        Row row;
        if (parse_row(line, row) && record.take(row)) {
            kept += format_row(row);
        } else if (bad++ == 0) {
            first_bad = line_number;
        }
    }
    if (bad == 0) return record;
    const std::string aside = aside_path(path);
    std::error_code error;
    fs::rename(path, aside, error);
    if (error || !grade::write_file(path, header + kept)) {
        note = "make drill: " + path + " is corrupt (line " + std::to_string(first_bad) + ") and cannot be rebuilt: " +
               (error ? error.message() : "it cannot be written");
        return record;
    }
    note = "make drill: " + path + " was corrupt (" + std::to_string(bad) + " unreadable line" + (bad == 1 ? "" : "s") +
           ", the first on line " + std::to_string(first_bad) + "); it is now " + aside + ", and " + path +
           " was rebuilt from the " + std::to_string(record.drills_.size()) + " drill" +
           (record.drills_.size() == 1 ? "" : "s") + " that could be read.";
    return record;
}

const Drill* Record::open() const {
    return !drills_.empty() && drills_.back().end == Drill::End::open ? &drills_.back() : nullptr;
}

std::vector<Drill> Record::closed_drills_of(const std::string& exercise) const {
    std::vector<Drill> drills;
    for (const Drill& drill : drills_) {
        if (drill.exercise == exercise && drill.end != Drill::End::open) drills.push_back(drill);
    }
    return drills;
}

// A start opens a drill when none is open; every other line continues the open drill of its exercise,
// one attempt further (pass, fail) or at the same count (abandoned), never back in time.
bool Record::take(const Row& row) {
    Drill* drill = drills_.empty() || drills_.back().end != Drill::End::open ? nullptr : &drills_.back();
    if (row.event == Event::start) {
        if (drill != nullptr || row.seconds != 0 || row.attempt != 0) return false;
        drills_.push_back({row.exercise, row.when, row.when, 0, 0, Drill::End::open});
        return true;
    }
    if (drill == nullptr || row.exercise != drill->exercise) return false;
    const int attempt = row.event == Event::abandoned ? drill->attempts : drill->attempts + 1;
    if (row.attempt != attempt || row.when < drill->ended || row.seconds < drill->seconds) return false;
    drill->ended = row.when;
    drill->seconds = row.seconds;
    drill->attempts = row.attempt;
    if (row.event == Event::pass) drill->end = Drill::End::passed;
    if (row.event == Event::abandoned) drill->end = Drill::End::abandoned;
    return true;
}

void Record::append(const Row& row) {
    if (!take(row)) throw std::runtime_error("make drill: internal error: a record line out of order");
    const bool fresh = !fs::exists(path_);
    std::ofstream out(path_, std::ios::app | std::ios::binary);
    if (fresh) out << header;
    out << format_row(row);
    if (!out.flush()) throw std::runtime_error("make drill: cannot write " + path_);
}

Standing standing_of(const Record& record, const std::string& exercise) {
    Standing standing;
    for (const Drill& drill : record.closed_drills_of(exercise)) {
        standing.never = false;
        standing.failed_last = !drill.clean();
        standing.box = drill.clean() ? std::min(standing.box + 1, top_box) : 0;
        standing.last = drill.ended;
    }
    standing.due = standing.box == 0 ? standing.last : standing.last + (std::int64_t{1} << (standing.box - 1)) * day;
    return standing;
}

std::vector<std::string> drill_order(const Record& record, const std::vector<std::string>& exercises) {
    struct Ranked {
        int group;           // 0 failed last time, 1 never drilled, 2 the rest
        std::int64_t when;   // 0: the last drill; 2: the due date
        std::size_t course;  // the position in the course
        std::string id;
    };
    std::vector<Ranked> ranked;
    for (std::size_t k = 0; k < exercises.size(); ++k) {
        const Standing s = standing_of(record, exercises[k]);
        const int group = s.never ? 1 : s.failed_last ? 0 : 2;
        ranked.push_back({group, group == 0 ? s.last : group == 2 ? s.due : 0, k, exercises[k]});
    }
    std::sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
        return std::tie(a.group, a.when, a.course) < std::tie(b.group, b.when, b.course);
    });
    std::vector<std::string> order;
    for (const Ranked& r : ranked) order.push_back(r.id);
    return order;
}

}  // namespace course::drill
