// make drill's record, and the schedule it implies.
//
// The record is one plain file, .drill/record.tsv, that belongs to the student: one line per event,
// oldest first, five tab-separated fields, and "#" lines that are comments:
//
//   2025-06-02T09:14:05Z   10.6   start       0      0
//   2025-06-02T09:26:40Z   10.6   fail        755    1
//   2025-06-02T09:29:12Z   10.6   pass        907    2
//
// when (UTC), the exercise, the event (start; fail or pass, one per `make drill done`; abandoned, for
// `make drill cancel`), the seconds since the drill's start and the number of `make drill done` so far.
// A start and the lines after it up to its pass or abandoned line are one drill; a drill with no such
// line is still open. A line that does not parse, or does not follow from the lines before it, makes
// the file corrupt: it is moved aside and rebuilt from the lines that do.
//
// The schedule is a Leitner box per exercise, the boxes' intervals doubling: 1, 2, 4, 8, 16, 32 days.
// A drill passed at its first `make drill done` moves the exercise up a box (box 6 at most); a drill
// that needed more attempts, or was abandoned, puts it back in box 0 and at the front of the queue.
// drill_order ranks the candidates: those whose last drill failed (longest ago first), then those
// never drilled (in course order), then the rest by due date (last drill + the box's interval),
// the most overdue first.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace course::drill {

enum class Event { start, fail, pass, abandoned };

struct Row {
    std::int64_t when = 0;  // seconds since 1970 (UTC)
    std::string exercise;   // "10.6"
    Event event = Event::start;
    std::int64_t seconds = 0;  // since the drill's start
    int attempt = 0;           // `make drill done` so far in this drill
};

struct Drill {
    enum class End { open, passed, abandoned };
    std::string exercise;
    std::int64_t started = 0;
    std::int64_t ended = 0;    // the time of its last line
    std::int64_t seconds = 0;  // from start to its last line
    int attempts = 0;
    End end = End::open;

    bool clean() const { return end == End::passed && attempts == 1; }  // passed at the first try
};

class Record {
public:
    // Reads the record at `path` (none yet is an empty record). A corrupt one is moved aside and
    // rebuilt from its readable lines, and `note` says so in one line; otherwise `note` is "".
    static Record load(const std::string& path, std::string& note);

    const std::vector<Drill>& drills() const { return drills_; }
    const Drill* open() const;  // the drill in progress, or nullptr
    std::vector<Drill> closed_drills_of(const std::string& exercise) const;  // oldest first

    // Appends one line (creating the file, with its header, if need be) and takes it into account.
    // Throws std::runtime_error if the file cannot be written.
    void append(const Row& row);

private:
    bool take(const Row& row);  // false if the row does not follow from the drills so far

    std::string path_;
    std::vector<Drill> drills_;
};

// The Leitner box of one exercise, from its closed drills.
struct Standing {
    bool never = true;         // never drilled to an end
    bool failed_last = false;  // its last drill was not passed at the first try
    int box = 0;
    std::int64_t last = 0;  // when its last drill ended
    std::int64_t due = 0;   // when it is due again
};
Standing standing_of(const Record& record, const std::string& exercise);

// The exercises (given in course order) ranked for drilling, first the one to drill next.
std::vector<std::string> drill_order(const Record& record, const std::vector<std::string>& exercises);

// "2025-06-02T09:14:05Z" and back; nullopt-like -1 for text that is not exactly such a time.
std::string iso_time(std::int64_t when);
std::int64_t parse_iso_time(const std::string& text);

}  // namespace course::drill
