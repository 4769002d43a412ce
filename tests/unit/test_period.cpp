// Periods: days, ISO weeks, months, quarters, years and ranges (lib/time/period.hpp).
#include <doctest/doctest.h>

#include <string>

#include "error.hpp"
#include "support.hpp"
#include "time/period.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// Shanghai midnight of a local date, as an instant.
Instant sh_midnight(int y, unsigned mo, unsigned d) {
    return utc(y, mo, d) - 8 * k_hour;
}

// A fixed "now": Wednesday 2026-11-25 10:00 in Shanghai.
const Instant k_now = utc(2026, 11, 25, 2);

}  // namespace

// ---------------------------------------------------------------------------------------
// ISO week numbering

TEST_CASE("iso_week_monday is the Monday of the week holding January 4th, plus weeks") {
    CHECK(iso_week_monday(2026, 1) == days_from_civil(2025, 12, 29));
    CHECK(iso_week_monday(2026, 47) == days_from_civil(2026, 11, 16));
    CHECK(iso_week_monday(2020, 53) == days_from_civil(2020, 12, 28));
    CHECK(iso_week_monday(2025, 1) == days_from_civil(2024, 12, 30));
    CHECK(iso_week_monday(2027, 1) == days_from_civil(2027, 1, 4));
    CHECK(iso_week_monday(2021, 1) == days_from_civil(2021, 1, 4));
    CHECK(weekday_from_days(iso_week_monday(2026, 47)) == 0u);
}

TEST_CASE("a year has 53 ISO weeks when it starts on a Thursday, or a leap year on a Wednesday") {
    CHECK(iso_weeks_in_year(2026) == 53u);  // starts on a Thursday
    CHECK(iso_weeks_in_year(2020) == 53u);  // leap year starting on a Wednesday
    CHECK(iso_weeks_in_year(2015) == 53u);
    CHECK(iso_weeks_in_year(2025) == 52u);
    CHECK(iso_weeks_in_year(2027) == 52u);
    CHECK(iso_weeks_in_year(2021) == 52u);
    CHECK(iso_weeks_in_year(2024) == 52u);
}

TEST_CASE("iso_week_from_days across year ends") {
    auto week = [](int y, unsigned m, unsigned d) { return iso_week_from_days(days_from_civil(y, m, d)); };
    CHECK(week(2026, 11, 16).year == 2026);
    CHECK(week(2026, 11, 16).week == 47u);
    CHECK(week(2026, 11, 22).week == 47u);  // Sunday: same week
    CHECK(week(2026, 11, 23).week == 48u);  // Monday: next week
    CHECK(week(2026, 12, 31).year == 2026);
    CHECK(week(2026, 12, 31).week == 53u);
    CHECK(week(2027, 1, 1).year == 2026);
    CHECK(week(2027, 1, 1).week == 53u);
    CHECK(week(2027, 1, 3).year == 2026);
    CHECK(week(2027, 1, 3).week == 53u);
    CHECK(week(2027, 1, 4).year == 2027);
    CHECK(week(2027, 1, 4).week == 1u);
    CHECK(week(2021, 1, 3).year == 2020);  // a Sunday in 2021 that belongs to 2020-W53
    CHECK(week(2021, 1, 3).week == 53u);
    CHECK(week(2020, 12, 28).week == 53u);
    CHECK(week(2025, 12, 29).year == 2026);  // a Monday in 2025 that belongs to 2026-W01
    CHECK(week(2025, 12, 29).week == 1u);
    CHECK(week(2024, 12, 30).year == 2025);
    CHECK(week(2024, 12, 30).week == 1u);
}

TEST_CASE("iso_week_from_days and iso_week_monday agree on every day of 2000 to 2040") {
    int mismatches = 0;
    for (std::int64_t d = days_from_civil(2000, 1, 1); d < days_from_civil(2041, 1, 1); ++d) {
        const IsoWeek w = iso_week_from_days(d);
        const std::int64_t monday = iso_week_monday(w.year, w.week);
        if (d < monday || d >= monday + 7) ++mismatches;
        if (w.week < 1 || w.week > iso_weeks_in_year(w.year)) ++mismatches;
    }
    CHECK(mismatches == 0);
}

// ---------------------------------------------------------------------------------------
// Calendar periods

TEST_CASE("a day is local midnight to local midnight") {
    const Period p = parse_period("2026-11-23", shanghai(), k_now);
    CHECK(p.start == sh_midnight(2026, 11, 23));
    CHECK(p.end == sh_midnight(2026, 11, 24));
    CHECK(p.label == "2026-11-23");
    CHECK(p.length() == k_day);
    const Period u = parse_period("2026-11-23", Zone(), k_now);
    CHECK(u.start == utc(2026, 11, 23));
    CHECK(u.end == utc(2026, 11, 24));
}

TEST_CASE("ISO week 2026-W47 runs Monday 2026-11-16 00:00 to Monday 2026-11-23 00:00 local") {
    const Period p = parse_period("2026-W47", shanghai(), k_now);
    CHECK(p.start == sh_midnight(2026, 11, 16));
    CHECK(p.end == sh_midnight(2026, 11, 23));
    CHECK(p.label == "2026-W47");
    CHECK(p.length() == k_week);
    CHECK(format_instant(p.start, shanghai()) == "2026-11-16T00:00:00+08:00");
    CHECK(format_instant(p.end, shanghai()) == "2026-11-23T00:00:00+08:00");
    const Period u = parse_period("2026-W47", Zone(), k_now);
    CHECK(u.start == utc(2026, 11, 16));
    CHECK(u.end == utc(2026, 11, 23));
}

TEST_CASE("a lower-case week is normalised") {
    CHECK(parse_period("2026-w05", Zone(), k_now).label == "2026-W05");
}

TEST_CASE("2026-W01 starts in December 2025") {
    const Period p = parse_period("2026-W01", shanghai(), k_now);
    CHECK(p.start == sh_midnight(2025, 12, 29));
    CHECK(p.end == sh_midnight(2026, 1, 5));
    CHECK(p.label == "2026-W01");
}

TEST_CASE("2020-W53 ends in January 2021, and 2026-W53 exists") {
    const Period p = parse_period("2020-W53", Zone(), k_now);
    CHECK(p.start == utc(2020, 12, 28));
    CHECK(p.end == utc(2021, 1, 4));
    const Period q = parse_period("2026-W53", Zone(), k_now);
    CHECK(q.start == utc(2026, 12, 28));
    CHECK(q.end == utc(2027, 1, 4));
}

TEST_CASE("weeks beyond the year's last ISO week are refused") {
    for (const char* bad : {"2026-W54", "2025-W53", "2026-W00", "2026-W5", "2026-W470", "2026-Wxx", "2026-W"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_period(bad, Zone(), k_now), Error);
        CHECK(contains(error_message([&] { parse_period(bad, Zone(), k_now); }), bad));
    }
    CHECK(contains(error_message([] { parse_period("2026-W54", Zone(), k_now); }), "01 to 53"));
    CHECK(contains(error_message([] { parse_period("2025-W53", Zone(), k_now); }), "01 to 52"));
}

TEST_CASE("a month is its first local midnight to the next month's") {
    const Period p = parse_period("2026-11", shanghai(), k_now);
    CHECK(p.start == sh_midnight(2026, 11, 1));
    CHECK(p.end == sh_midnight(2026, 12, 1));
    CHECK(p.label == "2026-11");
    const Period dec = parse_period("2026-12", shanghai(), k_now);
    CHECK(dec.end == sh_midnight(2027, 1, 1));
    CHECK(parse_period("2024-02", Zone(), k_now).length() == 29 * k_day);
    CHECK(parse_period("2026-02", Zone(), k_now).length() == 28 * k_day);
}

TEST_CASE("quarters are three months; Q4 ends with the year") {
    const Period q4 = parse_period("2026-Q4", shanghai(), k_now);
    CHECK(q4.start == sh_midnight(2026, 10, 1));
    CHECK(q4.end == sh_midnight(2027, 1, 1));
    CHECK(q4.label == "2026-Q4");
    const Period q1 = parse_period("2026-q1", Zone(), k_now);
    CHECK(q1.start == utc(2026, 1, 1));
    CHECK(q1.end == utc(2026, 4, 1));
    CHECK(q1.label == "2026-Q1");
    const Period q2 = parse_period("2026-Q2", Zone(), k_now);
    CHECK(q2.start == utc(2026, 4, 1));
    CHECK(q2.end == utc(2026, 7, 1));
}

TEST_CASE("a year is January 1st to January 1st") {
    const Period p = parse_period("2026", shanghai(), k_now);
    CHECK(p.start == sh_midnight(2026, 1, 1));
    CHECK(p.end == sh_midnight(2027, 1, 1));
    CHECK(p.label == "2026");
    CHECK(parse_period("2024", Zone(), k_now).length() == 366 * k_day);
    CHECK(parse_period("2026", Zone(), k_now).length() == 365 * k_day);
}

TEST_CASE("a range A..B is half-open") {
    const Period p = parse_period("2026-11-01..2026-11-08", shanghai(), k_now);
    CHECK(p.start == sh_midnight(2026, 11, 1));
    CHECK(p.end == sh_midnight(2026, 11, 8));
    CHECK(p.label == "2026-11-01..2026-11-08");
    CHECK(p.contains(p.start));
    CHECK(p.contains(p.end - 1));
    CHECK_FALSE(p.contains(p.end));
    CHECK_FALSE(p.contains(p.start - 1));
}

TEST_CASE("a range may mix instants, offsets and durations") {
    const Period p = parse_period("2026-11-23T09:00..2026-11-23T18:30+08:00", shanghai(), k_now);
    CHECK(p.start == utc(2026, 11, 23, 1));
    CHECK(p.end == utc(2026, 11, 23, 10, 30));
    const Period q = parse_period("-2h..now", shanghai(), k_now);
    CHECK(q.start == k_now - 2 * k_hour);
    CHECK(q.end == k_now);
}

TEST_CASE("a range must run forwards and have both ends") {
    for (const char* bad :
         {"2026-11-08..2026-11-01", "2026-11-01..2026-11-01", "2026-11-01..", "..2026-11-01", "2026-11-01..garbage"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_period(bad, shanghai(), k_now), Error);
    }
    CHECK(contains(error_message([] { parse_period("2026-11-08..2026-11-01", shanghai(), k_now); }),
                   "2026-11-08..2026-11-01"));
}

TEST_CASE("malformed periods are refused naming the text") {
    for (const char* bad : {"2026-13", "2026-00", "2026-Q5", "2026-Q0", "2026-02-30", "next-week", "20261", "0000",
                            "abcd", "2026-1", "2026-11-2", "this week"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_period(bad, shanghai(), k_now), Error);
        CHECK(contains(error_message([&] { parse_period(bad, shanghai(), k_now); }), bad));
    }
    CHECK_THROWS_AS(parse_period("", shanghai(), k_now), Error);
    CHECK_THROWS_AS(parse_period("   ", shanghai(), k_now), Error);
}

// ---------------------------------------------------------------------------------------
// Relative periods (now = Wednesday 2026-11-25 10:00 Shanghai)

TEST_CASE("today and yesterday are local days around now") {
    const Period t = parse_period("today", shanghai(), k_now);
    CHECK(t.start == sh_midnight(2026, 11, 25));
    CHECK(t.end == sh_midnight(2026, 11, 26));
    CHECK(t.label == "2026-11-25");
    const Period y = parse_period("yesterday", shanghai(), k_now);
    CHECK(y.start == sh_midnight(2026, 11, 24));
    CHECK(y.end == sh_midnight(2026, 11, 25));
    CHECK(y.label == "2026-11-24");
}

TEST_CASE("today depends on the zone when UTC and local dates differ") {
    const Instant late = utc(2026, 11, 24, 17);  // 2026-11-25 01:00 in Shanghai
    CHECK(parse_period("today", shanghai(), late).label == "2026-11-25");
    CHECK(parse_period("today", Zone(), late).label == "2026-11-24");
}

TEST_CASE("this-week and last-week are ISO weeks around now") {
    const Period w = parse_period("this-week", shanghai(), k_now);
    CHECK(w.label == "2026-W48");
    CHECK(w.start == sh_midnight(2026, 11, 23));
    CHECK(w.end == sh_midnight(2026, 11, 30));
    CHECK(w.contains(k_now));
    const Period l = parse_period("last-week", shanghai(), k_now);
    CHECK(l.label == "2026-W47");
    CHECK(l.start == sh_midnight(2026, 11, 16));
    CHECK(l.end == sh_midnight(2026, 11, 23));
}

TEST_CASE("a Sunday night is still this week, a Monday morning the next") {
    const Instant sunday_late = utc(2026, 11, 29, 15, 59, 59);  // Sun 23:59:59 Shanghai
    CHECK(parse_period("this-week", shanghai(), sunday_late).label == "2026-W48");
    const Instant monday = utc(2026, 11, 29, 16);  // Mon 00:00 Shanghai
    CHECK(parse_period("this-week", shanghai(), monday).label == "2026-W49");
    CHECK(parse_period("this-week", Zone(), monday).label == "2026-W48");
}

TEST_CASE("this-month and last-month are calendar months around now") {
    const Period m = parse_period("this-month", shanghai(), k_now);
    CHECK(m.label == "2026-11");
    CHECK(m.start == sh_midnight(2026, 11, 1));
    CHECK(m.end == sh_midnight(2026, 12, 1));
    const Period l = parse_period("last-month", shanghai(), k_now);
    CHECK(l.label == "2026-10");
    CHECK(l.start == sh_midnight(2026, 10, 1));
    CHECK(l.end == sh_midnight(2026, 11, 1));
}

TEST_CASE("quarters and years relative to now") {
    CHECK(parse_period("this-quarter", shanghai(), k_now).label == "2026-Q4");
    CHECK(parse_period("last-quarter", shanghai(), k_now).label == "2026-Q3");
    CHECK(parse_period("this-year", shanghai(), k_now).label == "2026");
    CHECK(parse_period("last-year", shanghai(), k_now).label == "2025");
    const Instant january = utc(2026, 1, 10);
    CHECK(parse_period("last-month", Zone(), january).label == "2025-12");
    CHECK(parse_period("last-quarter", Zone(), january).label == "2025-Q4");
    CHECK(parse_period("last-week", Zone(), utc(2026, 1, 1)).label == "2025-W52");
    CHECK(parse_period("this-week", Zone(), utc(2026, 1, 1)).label == "2026-W01");
}

TEST_CASE("iso_week_of gives the week containing an instant") {
    const Period w = iso_week_of(k_now, shanghai());
    CHECK(w.label == "2026-W48");
    CHECK(w.contains(k_now));
    CHECK(iso_week_of(utc(2027, 1, 2), Zone()).label == "2026-W53");
}

// ---------------------------------------------------------------------------------------
// Previous periods

TEST_CASE("previous_period of a week is the week before, across year ends") {
    const Period p = previous_period(parse_period("2026-W47", shanghai(), k_now), shanghai());
    CHECK(p.label == "2026-W46");
    CHECK(p.start == sh_midnight(2026, 11, 9));
    CHECK(p.end == sh_midnight(2026, 11, 16));
    CHECK(previous_period(parse_period("2026-W01", Zone(), k_now), Zone()).label == "2025-W52");
    CHECK(previous_period(parse_period("2021-W01", Zone(), k_now), Zone()).label == "2020-W53");
    CHECK(previous_period(parse_period("2027-W01", Zone(), k_now), Zone()).label == "2026-W53");
}

TEST_CASE("previous_period of a month steps back one calendar month") {
    const Period p = previous_period(parse_period("2026-03", Zone(), k_now), Zone());
    CHECK(p.label == "2026-02");
    CHECK(p.start == utc(2026, 2, 1));
    CHECK(p.end == utc(2026, 3, 1));
    CHECK(p.length() == 28 * k_day);  // its own length, not March's
    const Period j = previous_period(parse_period("2026-01", shanghai(), k_now), shanghai());
    CHECK(j.label == "2025-12");
    CHECK(j.start == sh_midnight(2025, 12, 1));
    CHECK(j.end == sh_midnight(2026, 1, 1));
}

TEST_CASE("previous_period of a quarter and of a year") {
    CHECK(previous_period(parse_period("2026-Q4", Zone(), k_now), Zone()).label == "2026-Q3");
    const Period q = previous_period(parse_period("2026-Q1", Zone(), k_now), Zone());
    CHECK(q.label == "2025-Q4");
    CHECK(q.start == utc(2025, 10, 1));
    CHECK(q.end == utc(2026, 1, 1));
    const Period y = previous_period(parse_period("2025", Zone(), k_now), Zone());
    CHECK(y.label == "2024");
    CHECK(y.length() == 366 * k_day);
    CHECK(y.end == utc(2025, 1, 1));
}

TEST_CASE("previous_period of a day is the day before") {
    const Period d = previous_period(parse_period("2026-03-01", shanghai(), k_now), shanghai());
    CHECK(d.label == "2026-02-28");
    CHECK(d.start == sh_midnight(2026, 2, 28));
    CHECK(d.end == sh_midnight(2026, 3, 1));
}

TEST_CASE("previous_period of a range is the same length just before it") {
    const Period r = parse_period("2026-11-01..2026-11-11", shanghai(), k_now);
    const Period p = previous_period(r, shanghai());
    CHECK(p.end == r.start);
    CHECK(p.length() == r.length());
    CHECK(p.start == sh_midnight(2026, 10, 22));
}

// ---------------------------------------------------------------------------------------
// Daylight saving time

TEST_CASE("a day on which clocks change has its true length") {
    CHECK(parse_period("2026-03-08", new_york(), k_now).length() == 23 * k_hour);
    CHECK(parse_period("2026-11-01", new_york(), k_now).length() == 25 * k_hour);
    CHECK(parse_period("2026-03-09", new_york(), k_now).length() == 24 * k_hour);
    const Period w = parse_period("2026-W10", new_york(), k_now);  // Mon 03-02 .. Mon 03-09
    CHECK(w.length() == k_week - k_hour);
    CHECK(format_instant(w.end, new_york()) == "2026-03-09T00:00:00-04:00");
    CHECK(format_instant(w.start, new_york()) == "2026-03-02T00:00:00-05:00");
}
