#pragma once
// Periods are half-open [start, end) ranges of instants, cut on the policy zone's wall clock.
#include <string>
#include <string_view>

#include "time/instant.hpp"

namespace svc {

struct Period {
    Instant start = 0;
    Instant end = 0;    // exclusive
    std::string label;  // what the user asked for, normalised ("2026-W47", "2026-11")

    bool contains(Instant t) const { return t >= start && t < end; }
    Seconds length() const { return end - start; }
};

// "2026-11-23", "2026-W47", "2026-11", "2026-Q4", "2026", "A..B" (instants or dates),
// "today", "yesterday", "this-week", "last-week", "this-month", "last-month",
// "this-quarter", "last-quarter", "this-year", "last-year". Throws Error(usage).
Period parse_period(std::string_view text, const Zone& zone, Instant now);

// The ISO week (Monday 00:00 to the next Monday) that contains t.
Period iso_week_of(Instant t, const Zone& zone);
// The period of the same length just before p (for comparisons).
Period previous_period(const Period& p, const Zone& zone);

// ISO week-numbering: the Monday (days since epoch) of week `week` of ISO year `year`.
std::int64_t iso_week_monday(int year, unsigned week);
unsigned iso_weeks_in_year(int year);
struct IsoWeek {
    int year;
    unsigned week;
};
IsoWeek iso_week_from_days(std::int64_t days);

}  // namespace svc
