#pragma once
// The business calendar: working hours per weekday, public holidays and the make-up working
// days of 调休 with their own hours. All arithmetic is exact to the second and walks the
// calendar a day at a time (never a minute at a time), converting each day's working hours
// through the zone so days on which clocks change have their true length.
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "time/instant.hpp"

namespace svc {

// One working interval of a day, as seconds after local midnight; end may be 86400 (24:00).
struct TimeRange {
    Seconds start;
    Seconds end;
    bool operator==(const TimeRange&) const = default;
};
using DayHours = std::vector<TimeRange>;

// "09:00-12:00,13:30-18:30" → ranges; "" → no working time. Throws Error(usage) saying what
// is wrong (overlap, end before start, bad time).
DayHours parse_day_hours(std::string_view text);
std::string format_day_hours(const DayHours& hours);
// The union of two days' hours, overlapping and touching ranges joined.
DayHours merge_day_hours(const DayHours& a, const DayHours& b);
// Working seconds in a day's hours.
Seconds day_length(const DayHours& hours);

class BusinessCalendar {
public:
    BusinessCalendar() = default;  // no working time at all until hours are set
    BusinessCalendar(Zone zone, std::array<DayHours, 7> weekly, std::set<std::int64_t> holidays,
                     std::map<std::int64_t, DayHours> workdays);

    const Zone& zone() const { return m_zone; }
    // The working hours of a local day (days since epoch), holidays and make-up days applied.
    const DayHours& hours_on(std::int64_t day) const;
    bool has_working_time() const;
    // The working time of the longest weekday.
    Seconds longest_day() const;
    // The weekly hours alone, without holidays and make-up days: an ordinary week.
    BusinessCalendar weekly_only() const { return BusinessCalendar(m_zone, m_weekly, {}, {}); }
    // This calendar with duty time added (值班): `weekends` on weekdays without working hours
    // that are not holidays, `holidays` on public holidays, and `dates` joined to a date's
    // hours. Make-up working days keep their hours.
    BusinessCalendar with_duty(const DayHours& weekends, const DayHours& holidays,
                               const std::map<std::int64_t, DayHours>& dates) const;

    // The instant at which `d` seconds of working time after `t` have passed. A deadline that
    // lands exactly at a closing time is that closing time, not the next opening.
    Instant add(Instant t, Seconds d) const;
    // `n` working days after t: the same clock time on the n-th working day after the day the
    // clock starts running (t when working, else the next opening). When that day's hours do
    // not hold that clock time, the last working moment before it that day (a closing
    // time), or the day's opening when it opens later.
    Instant add_days(Instant t, std::int64_t n) const;
    // Working seconds in [a, b); negative when b < a.
    Seconds between(Instant a, Instant b) const;
    bool is_working(Instant t) const;
    // t itself when working, else the start of the next working interval.
    Instant next_working(Instant t) const;

private:
    // Calls fn(start, end) for each working interval of a local day, as instants.
    template <typename Fn>
    void for_each_interval(std::int64_t day, Fn&& fn) const;

    Zone m_zone;
    std::array<DayHours, 7> m_weekly{};  // index 0 = Monday
    std::set<std::int64_t> m_holidays;
    std::map<std::int64_t, DayHours> m_workdays;
};

}  // namespace svc
