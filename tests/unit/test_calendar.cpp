// The business calendar: working hours, holidays, make-up workdays and exact deadline
// arithmetic (lib/time/calendar.hpp).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "error.hpp"
#include "policy/policy.hpp"
#include "support.hpp"
#include "time/calendar.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// Shanghai wall-clock time as an instant.
Instant sh(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return utc(y, mo, d, h, mi, s) - 8 * k_hour;
}
Instant at(const char* iso, const Zone& z) {
    return parse_instant(iso, z, 0);
}
std::string show(Instant t) {
    return format_instant(t, shanghai());
}

constexpr const char* k_office_hours = "09:00-12:00,13:30-18:30";

// The worked-example calendar, built from TOML like a team would write it: Monday to Friday
// 09:00-12:00 and 13:30-18:30 in Shanghai, the National Day holidays 2026-10-01..07, and
// Saturday 2026-10-10 a make-up workday with the same hours.
const BusinessCalendar& office() {
    static const Policy p = parse_policy(R"(
zone = "Asia/Shanghai"
[calendar]
mon = "09:00-12:00,13:30-18:30"
tue = "09:00-12:00,13:30-18:30"
wed = "09:00-12:00,13:30-18:30"
thu = "09:00-12:00,13:30-18:30"
fri = "09:00-12:00,13:30-18:30"
holidays = ["2026-10-01..2026-10-07"]
workdays = ["2026-10-10"]
workday_hours = "09:00-12:00,13:30-18:30"
[escalation]
levels = [{ name = "frontline", role = "agent" }]
[authority]
agent = 50
supervisor = 500
manager = -1
)",
                                         "office.toml");
    return p.calendar;
}

// The same calendar built directly with the constructor.
BusinessCalendar office_direct() {
    const DayHours h = parse_day_hours(k_office_hours);
    std::array<DayHours, 7> weekly{h, h, h, h, h, {}, {}};
    std::set<std::int64_t> holidays;
    for (unsigned d = 1; d <= 7; ++d) holidays.insert(days_from_civil(2026, 10, d));
    std::map<std::int64_t, DayHours> workdays{{days_from_civil(2026, 10, 10), h}};
    return BusinessCalendar(shanghai(), weekly, holidays, workdays);
}

BusinessCalendar every_day(const Zone& zone, const char* hours) {
    const DayHours h = parse_day_hours(hours);
    return BusinessCalendar(zone, {h, h, h, h, h, h, h}, {}, {});
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Working hours

TEST_CASE("parse_day_hours reads intervals as seconds after midnight") {
    const DayHours h = parse_day_hours(k_office_hours);
    REQUIRE(h.size() == 2);
    CHECK(h[0] == TimeRange{9 * k_hour, 12 * k_hour});
    CHECK(h[1] == TimeRange{13 * k_hour + 30 * k_minute, 18 * k_hour + 30 * k_minute});
    CHECK(parse_day_hours("").empty());
    CHECK(parse_day_hours("00:00-24:00") == DayHours{{0, k_day}});
    CHECK(parse_day_hours(" 09:00-12:00 , 13:30-18:30 ") == h);
    CHECK(parse_day_hours("13:30-18:30,09:00-12:00") == h);         // sorted
    CHECK(parse_day_hours("09:00-12:00,12:00-13:00").size() == 2);  // touching is not overlapping
    CHECK(parse_day_hours("08:00:30-08:00:45") == DayHours{{8 * k_hour + 30, 8 * k_hour + 45}});
}

TEST_CASE("format_day_hours writes the hours back") {
    CHECK(format_day_hours(parse_day_hours(k_office_hours)) == k_office_hours);
    CHECK(format_day_hours(parse_day_hours("00:00-24:00")) == "00:00-24:00");
    CHECK(format_day_hours(parse_day_hours("08:00:30-09:00")) == "08:00:30-09:00");
    CHECK(format_day_hours({}).empty());
}

TEST_CASE("parse_day_hours refuses overlaps, backwards intervals and bad times") {
    struct Case {
        const char* text;
        const char* names;  // what the message must mention
        const char* says;
    };
    for (const Case& c :
         {Case{"09:00-12:00,11:00-13:00", "09:00-12:00,11:00-13:00", "overlap"},
          Case{"09:00-18:00,12:00-13:00", "09:00-18:00,12:00-13:00", "overlap"},
          Case{"12:00-09:00", "12:00-09:00", "after the start"}, Case{"09:00-09:00", "09:00-09:00", "after the start"},
          Case{"25:00-26:00", "25:00-26:00", "00:00 to 24:00"}, Case{"09:00-25:00", "09:00-25:00", "00:00 to 24:00"},
          Case{"9-5", "9-5", "HH:MM"}, Case{"9:00-17:00", "9:00-17:00", "HH:MM"}, Case{"0900", "0900", "HH:MM"},
          Case{"24:00-24:00", "24:00-24:00", "HH:MM"},
          Case{"09:00-12:00;13:00-18:00", "09:00-12:00;13:00-18:00", "HH:MM"}}) {
        CAPTURE(c.text);
        CHECK_THROWS_AS(parse_day_hours(c.text), Error);
        const std::string msg = error_message([&] { parse_day_hours(c.text); });
        CHECK(contains(msg, c.names));
        CHECK(contains(msg, c.says));
    }
}

TEST_CASE("the TOML-built and the constructed calendars agree") {
    const BusinessCalendar direct = office_direct();
    for (std::int64_t d = days_from_civil(2026, 9, 20); d < days_from_civil(2026, 10, 20); ++d) {
        CAPTURE(format_date(d));
        CHECK(office().hours_on(d) == direct.hours_on(d));
    }
    CHECK(office().zone().name() == "Asia/Shanghai");
}

TEST_CASE("hours_on applies holidays and make-up workdays") {
    const DayHours h = parse_day_hours(k_office_hours);
    CHECK(office().hours_on(days_from_civil(2026, 9, 30)) == h);      // Wednesday
    CHECK(office().hours_on(days_from_civil(2026, 10, 1)).empty());   // holiday (Thursday)
    CHECK(office().hours_on(days_from_civil(2026, 10, 7)).empty());   // holiday (Wednesday)
    CHECK(office().hours_on(days_from_civil(2026, 10, 8)) == h);      // back to work
    CHECK(office().hours_on(days_from_civil(2026, 10, 10)) == h);     // make-up Saturday
    CHECK(office().hours_on(days_from_civil(2026, 10, 11)).empty());  // Sunday
    CHECK(office().hours_on(days_from_civil(2026, 10, 17)).empty());  // ordinary Saturday
}

TEST_CASE("a calendar without hours has no working time and computes no deadline") {
    const BusinessCalendar none;
    CHECK_FALSE(none.has_working_time());
    CHECK(office().has_working_time());
    CHECK(none.add(sh(2026, 11, 23, 9), 0) == sh(2026, 11, 23, 9));
    CHECK_THROWS_AS(none.add(sh(2026, 11, 23, 9), k_hour), Error);
    CHECK(contains(error_message([&] { none.add(sh(2026, 11, 23, 9), k_hour); }), "no working hours"));
    CHECK_THROWS_AS(none.next_working(sh(2026, 11, 23, 9)), Error);
    CHECK_FALSE(none.is_working(sh(2026, 11, 23, 10)));
    CHECK(none.between(sh(2026, 11, 23), sh(2026, 11, 30)) == 0);
}

// ---------------------------------------------------------------------------------------
// The worked examples

TEST_CASE("opened Wednesday 17:00 before National Day plus 4h is Thursday 2026-10-08 11:30") {
    const Instant t = office().add(sh(2026, 9, 30, 17), 4 * k_hour);
    CHECK(show(t) == "2026-10-08T11:30:00+08:00");
    CHECK(office_direct().add(sh(2026, 9, 30, 17), 4 * k_hour) == t);
    CHECK(office().between(sh(2026, 9, 30, 17), t) == 4 * k_hour);
}

TEST_CASE("opened Friday 18:00 plus 4h lands on the make-up Saturday at 14:00") {
    const Instant t = office().add(sh(2026, 10, 9, 18), 4 * k_hour);
    CHECK(show(t) == "2026-10-10T14:00:00+08:00");
    CHECK(office_direct().add(sh(2026, 10, 9, 18), 4 * k_hour) == t);
}

TEST_CASE("without the make-up day the same deadline is Monday 14:00") {
    const DayHours h = parse_day_hours(k_office_hours);
    const BusinessCalendar plain(shanghai(), {h, h, h, h, h, {}, {}}, {}, {});
    CHECK(show(plain.add(sh(2026, 10, 9, 18), 4 * k_hour)) == "2026-10-12T14:00:00+08:00");
}

TEST_CASE("a deadline that lands on closing time is that closing time") {
    // Monday 09:00 + three 8-hour days ends Wednesday 18:30, not Thursday 09:00.
    CHECK(show(office().add(sh(2026, 11, 23, 9), 24 * k_hour)) == "2026-11-25T18:30:00+08:00");
    // Morning shift end, not the afternoon's start.
    CHECK(show(office().add(sh(2026, 11, 23, 9), 3 * k_hour)) == "2026-11-23T12:00:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 9), 8 * k_hour)) == "2026-11-23T18:30:00+08:00");
    // One second more moves to the next opening.
    CHECK(show(office().add(sh(2026, 11, 23, 9), 3 * k_hour + 1)) == "2026-11-23T13:30:01+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 9), 8 * k_hour + 1)) == "2026-11-24T09:00:01+08:00");
}

TEST_CASE("a start inside the lunch break counts from the afternoon opening") {
    CHECK(show(office().add(sh(2026, 11, 23, 12, 30), k_hour)) == "2026-11-23T14:30:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 12), k_hour)) == "2026-11-23T14:30:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 13, 29, 59), k_hour)) == "2026-11-23T14:30:00+08:00");
}

TEST_CASE("a start inside working time runs on the same interval") {
    CHECK(show(office().add(sh(2026, 11, 23, 11), 30 * k_minute)) == "2026-11-23T11:30:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 11), 2 * k_hour)) == "2026-11-23T14:30:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 18), k_hour)) == "2026-11-24T09:30:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 10, 0, 1), 1)) == "2026-11-23T10:00:02+08:00");
}

TEST_CASE("a start on a holiday waits for the first working day after it") {
    CHECK(show(office().add(sh(2026, 10, 3, 10), k_hour)) == "2026-10-08T10:00:00+08:00");
    CHECK(show(office().add(sh(2026, 10, 1, 0), 1)) == "2026-10-08T09:00:01+08:00");
    CHECK(office().between(sh(2026, 10, 1), sh(2026, 10, 8)) == 0);
}

TEST_CASE("a start at night or at the weekend waits for the next opening") {
    CHECK(show(office().add(sh(2026, 11, 23, 22), k_hour)) == "2026-11-24T10:00:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 24, 3), k_hour)) == "2026-11-24T10:00:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 23, 8, 59, 59), k_hour)) == "2026-11-23T10:00:00+08:00");
    CHECK(show(office().add(sh(2026, 11, 28, 10), k_hour)) == "2026-11-30T10:00:00+08:00");      // Saturday
    CHECK(show(office().add(sh(2026, 11, 29, 23), 8 * k_hour)) == "2026-11-30T18:30:00+08:00");  // Sunday night
    CHECK(show(office().add(sh(2026, 11, 27, 18, 30), 1)) == "2026-11-30T09:00:01+08:00");       // Friday closing
}

TEST_CASE("adding nothing, or a negative duration, gives the start back") {
    for (Instant t : {sh(2026, 11, 23, 9), sh(2026, 11, 23, 12, 30), sh(2026, 11, 28, 10), sh(2026, 10, 3, 10),
                      sh(2026, 11, 23, 18, 30)}) {
        CHECK(office().add(t, 0) == t);
        CHECK(office().add(t, -k_hour) == t);
    }
}

TEST_CASE("a business week is 40 hours") {
    CHECK(show(office().add(sh(2026, 11, 23, 9), 40 * k_hour)) == "2026-11-27T18:30:00+08:00");
    CHECK(office().between(sh(2026, 11, 23), sh(2026, 11, 30)) == 40 * k_hour);
    CHECK(office().between(sh(2026, 11, 23, 9), sh(2026, 11, 27, 18, 30)) == 40 * k_hour);
}

TEST_CASE("a span of months is exact") {
    // 500 business hours = 62 days of 8h plus 4h. From Monday 2026-11-02 09:00 with no
    // holidays in the way: 62 working days end Tuesday 2027-01-26; 4h more is Wed 13:30+1h.
    const Instant start = sh(2026, 11, 2, 9);
    const Instant t = office().add(start, 500 * k_hour);
    CHECK(show(t) == "2027-01-27T14:30:00+08:00");
    CHECK(office().between(start, t) == 500 * k_hour);
    // A year of business time from before National Day crosses the holidays once.
    const Instant y = office().add(sh(2026, 9, 1, 9), 2000 * k_hour);
    CHECK(office().between(sh(2026, 9, 1, 9), y) == 2000 * k_hour);
    CHECK(office().is_working(y - 1));
}

TEST_CASE("between counts only working seconds and is negative backwards") {
    CHECK(office().between(sh(2026, 11, 23, 9), sh(2026, 11, 23, 18, 30)) == 8 * k_hour);
    CHECK(office().between(sh(2026, 11, 23, 0), sh(2026, 11, 24, 0)) == 8 * k_hour);
    CHECK(office().between(sh(2026, 11, 23, 12), sh(2026, 11, 23, 13, 30)) == 0);
    CHECK(office().between(sh(2026, 11, 23, 11), sh(2026, 11, 23, 14)) == k_hour + 30 * k_minute);
    CHECK(office().between(sh(2026, 11, 23, 14), sh(2026, 11, 23, 11)) == -(k_hour + 30 * k_minute));
    CHECK(office().between(sh(2026, 11, 23, 11), sh(2026, 11, 23, 11)) == 0);
    CHECK(office().between(sh(2026, 11, 27, 18), sh(2026, 11, 30, 9, 30)) == k_hour);
    CHECK(office().between(sh(2026, 10, 9, 18), sh(2026, 10, 10, 14)) == 4 * k_hour);
}

TEST_CASE("between is the inverse of add for many starts and durations") {
    std::vector<Instant> starts;
    // every 37 minutes over two weeks around National Day, working time or not
    for (Instant t = sh(2026, 9, 28); t < sh(2026, 10, 13); t += 37 * k_minute) starts.push_back(t);
    std::vector<Seconds> durations{1,           59,         k_minute,   30 * k_minute,  k_hour,      2 * k_hour + 17,
                                   3 * k_hour,  5 * k_hour, 8 * k_hour, 8 * k_hour + 1, 24 * k_hour, 41 * k_hour + 7,
                                   100 * k_hour};
    int failures = 0;
    for (Instant t : starts) {
        for (Seconds d : durations) {
            const Instant end = office().add(t, d);
            if (office().between(t, end) != d) {
                ++failures;
                MESSAGE("between(" << show(t) << ", add(t, " << d << ")) = " << office().between(t, end));
            }
            if (end < t) ++failures;
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("add is monotonic in the duration") {
    int failures = 0;
    for (Instant t = sh(2026, 9, 29, 7); t < sh(2026, 10, 12); t += 53 * k_minute) {
        Instant previous = t;
        for (Seconds d = 0; d <= 30 * k_hour; d += 17 * k_minute + 11) {
            const Instant now = office().add(t, d);
            if (now < previous) ++failures;
            previous = now;
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("add is monotonic in the start") {
    int failures = 0;
    Instant previous = office().add(sh(2026, 9, 29), 5 * k_hour);
    for (Instant t = sh(2026, 9, 29); t < sh(2026, 10, 12); t += 13 * k_minute) {
        const Instant now = office().add(t, 5 * k_hour);
        if (now < previous) ++failures;
        previous = now;
    }
    CHECK(failures == 0);
}

TEST_CASE("an added deadline never lands outside working time except at a closing time") {
    int failures = 0;
    for (Instant t = sh(2026, 9, 29); t < sh(2026, 10, 12); t += 29 * k_minute) {
        for (Seconds d : {Seconds{1}, k_hour, 3 * k_hour, 7 * k_hour + 30 * k_minute, 8 * k_hour}) {
            const Instant end = office().add(t, d);
            if (!office().is_working(end - 1)) ++failures;  // the last second counted was working
        }
    }
    CHECK(failures == 0);
}

// ---------------------------------------------------------------------------------------
// is_working and next_working

TEST_CASE("opening times are working, closing times are not") {
    CHECK(office().is_working(sh(2026, 11, 23, 9)));
    CHECK_FALSE(office().is_working(sh(2026, 11, 23, 8, 59, 59)));
    CHECK(office().is_working(sh(2026, 11, 23, 11, 59, 59)));
    CHECK_FALSE(office().is_working(sh(2026, 11, 23, 12)));
    CHECK_FALSE(office().is_working(sh(2026, 11, 23, 13, 29, 59)));
    CHECK(office().is_working(sh(2026, 11, 23, 13, 30)));
    CHECK(office().is_working(sh(2026, 11, 23, 18, 29, 59)));
    CHECK_FALSE(office().is_working(sh(2026, 11, 23, 18, 30)));
    CHECK_FALSE(office().is_working(sh(2026, 11, 28, 10)));  // Saturday
    CHECK_FALSE(office().is_working(sh(2026, 10, 5, 10)));   // holiday
    CHECK(office().is_working(sh(2026, 10, 10, 10)));        // make-up Saturday
}

TEST_CASE("next_working is the start itself when working, else the next opening") {
    CHECK(office().next_working(sh(2026, 11, 23, 9)) == sh(2026, 11, 23, 9));
    CHECK(office().next_working(sh(2026, 11, 23, 10, 15)) == sh(2026, 11, 23, 10, 15));
    CHECK(office().next_working(sh(2026, 11, 23, 8)) == sh(2026, 11, 23, 9));
    CHECK(office().next_working(sh(2026, 11, 23, 12)) == sh(2026, 11, 23, 13, 30));
    CHECK(office().next_working(sh(2026, 11, 23, 18, 30)) == sh(2026, 11, 24, 9));
    CHECK(office().next_working(sh(2026, 11, 27, 18, 30)) == sh(2026, 11, 30, 9));  // Friday → Monday
    CHECK(office().next_working(sh(2026, 9, 30, 18, 30)) == sh(2026, 10, 8, 9));    // over the holidays
    CHECK(office().next_working(sh(2026, 10, 9, 20)) == sh(2026, 10, 10, 9));       // make-up Saturday
    CHECK(office().next_working(sh(2026, 10, 10, 18, 30)) == sh(2026, 10, 12, 9));
}

TEST_CASE("next_working agrees with add of one second") {
    int failures = 0;
    for (Instant t = sh(2026, 9, 29); t < sh(2026, 10, 12); t += 23 * k_minute) {
        if (office().add(t, 1) != office().next_working(t) + 1) ++failures;
    }
    CHECK(failures == 0);
}

// ---------------------------------------------------------------------------------------
// Night shifts and UTC

TEST_CASE("a night shift split at 24:00 runs across midnight") {
    const DayHours late = parse_day_hours("22:00-24:00");
    const DayHours early = parse_day_hours("00:00-06:00");
    std::array<DayHours, 7> weekly;
    for (auto& d : weekly) d = DayHours{};
    weekly[0] = late;   // Monday night
    weekly[1] = early;  // Tuesday morning
    const BusinessCalendar nights(Zone(), weekly, {}, {});
    CHECK(nights.add(utc(2026, 11, 23, 23), 2 * k_hour) == utc(2026, 11, 24, 1));
    CHECK(nights.between(utc(2026, 11, 23, 22), utc(2026, 11, 24, 6)) == 8 * k_hour);
    CHECK(nights.is_working(utc(2026, 11, 24, 0)));
    CHECK(nights.add(utc(2026, 11, 23, 22), 8 * k_hour) == utc(2026, 11, 24, 6));
}

TEST_CASE("a round-the-clock calendar in UTC adds real time") {
    const BusinessCalendar always = every_day(Zone(), "00:00-24:00");
    for (Instant t = utc(2026, 1, 1); t < utc(2026, 2, 1); t += 11 * k_hour + 7) {
        CHECK(always.add(t, 3 * k_day + 5) == t + 3 * k_day + 5);
        CHECK(always.between(t, t + 12345) == 12345);
        CHECK(always.is_working(t));
    }
}

// ---------------------------------------------------------------------------------------
// Daylight saving time

TEST_CASE("round the clock in New York: the spring-forward day has 23 hours") {
    const BusinessCalendar always = every_day(new_york(), "00:00-24:00");
    const Instant start = at("2026-03-07T12:00-05:00", new_york());
    const Instant end = always.add(start, 24 * k_hour);
    CHECK(format_instant(end, new_york()) == "2026-03-08T13:00:00-04:00");
    CHECK(end == at("2026-03-08T13:00-04:00", new_york()));
    CHECK(end - start == 24 * k_hour);  // real time, not wall-clock time
    CHECK(always.between(start, end) == 24 * k_hour);
    CHECK(always.between(at("2026-03-08", new_york()), at("2026-03-09", new_york())) == 23 * k_hour);
}

TEST_CASE("round the clock in New York: the fall-back day has 25 hours") {
    const BusinessCalendar always = every_day(new_york(), "00:00-24:00");
    const Instant start = at("2026-10-31T12:00-04:00", new_york());
    const Instant end = always.add(start, 24 * k_hour);
    CHECK(format_instant(end, new_york()) == "2026-11-01T11:00:00-05:00");
    CHECK(end - start == 24 * k_hour);
    CHECK(always.between(at("2026-11-01", new_york()), at("2026-11-02", new_york())) == 25 * k_hour);
    // every second of the repeated hour is working time
    CHECK(always.is_working(at("2026-11-01T01:30-04:00", new_york())));
    CHECK(always.is_working(at("2026-11-01T01:30-05:00", new_york())));
}

TEST_CASE("09:00-17:00 across the DST change is still 8 hours of real time a day") {
    const BusinessCalendar day_shift = every_day(new_york(), "09:00-17:00");
    for (const char* day : {"2026-03-07", "2026-03-08", "2026-03-09", "2026-10-31", "2026-11-01", "2026-11-02"}) {
        CAPTURE(day);
        const Instant midnight = at(day, new_york());
        CHECK(day_shift.between(midnight, midnight + 30 * k_hour) == 8 * k_hour);
    }
    const Instant sat = at("2026-03-07T09:00", new_york());
    CHECK(format_instant(day_shift.add(sat, 8 * k_hour), new_york()) == "2026-03-07T17:00:00-05:00");
    CHECK(format_instant(day_shift.add(sat, 8 * k_hour + 1), new_york()) == "2026-03-08T09:00:01-04:00");
    CHECK(format_instant(day_shift.add(sat, 16 * k_hour), new_york()) == "2026-03-08T17:00:00-04:00");
    CHECK(format_instant(day_shift.add(at("2026-10-31T16:00", new_york()), 2 * k_hour), new_york()) ==
          "2026-11-01T10:00:00-05:00");
    const Instant sunday_open = at("2026-03-08T09:00", new_york());
    const Instant sunday_close = at("2026-03-08T17:00", new_york());
    CHECK(sunday_close - sunday_open == 8 * k_hour);
    CHECK(day_shift.is_working(sunday_open));
    CHECK_FALSE(day_shift.is_working(sunday_close));
}

TEST_CASE("hours that start inside the DST gap start when the gap ends") {
    const BusinessCalendar early = every_day(new_york(), "02:30-04:00");
    const Instant sunday = at("2026-03-08", new_york());
    // 02:30 does not exist on 2026-03-08: the day's interval is 03:00 EDT to 04:00 EDT.
    CHECK(early.next_working(sunday) == at("2026-03-08T03:00", new_york()));
    CHECK(early.between(sunday, sunday + 12 * k_hour) == k_hour);
    CHECK(early.between(at("2026-03-09", new_york()), at("2026-03-10", new_york())) == 90 * k_minute);
}

TEST_CASE("between is the inverse of add across DST changes") {
    const BusinessCalendar day_shift = every_day(new_york(), "09:00-12:00,13:00-17:00");
    int failures = 0;
    for (Instant t = at("2026-03-05", new_york()); t < at("2026-03-12", new_york()); t += 41 * k_minute) {
        for (Seconds d : {Seconds{1}, k_hour, 7 * k_hour, 7 * k_hour + 1, 20 * k_hour}) {
            if (day_shift.between(t, day_shift.add(t, d)) != d) ++failures;
        }
    }
    for (Instant t = at("2026-10-29", new_york()); t < at("2026-11-04", new_york()); t += 41 * k_minute) {
        for (Seconds d : {Seconds{1}, k_hour, 7 * k_hour, 7 * k_hour + 1, 20 * k_hour}) {
            if (day_shift.between(t, day_shift.add(t, d)) != d) ++failures;
        }
    }
    CHECK(failures == 0);
}

// ---------------------------------------------------------------------------------------
// An independent oracle: count working minutes one by one from the wall clock

namespace {

// Is the minute starting at t working time in the office calendar? Decided from the local
// wall clock alone (Shanghai has no DST), without BusinessCalendar.
bool office_minute(Instant t) {
    const LocalTime local = t + 8 * k_hour;
    const std::int64_t day = floor_div(local, k_day);
    const Seconds sod = local - day * k_day;
    const CivilDate c = civil_from_days(day);
    const bool holiday = c.year == 2026 && c.month == 10 && c.day >= 1 && c.day <= 7;
    const bool makeup = c.year == 2026 && c.month == 10 && c.day == 10;
    const bool weekday = weekday_from_days(day) < 5;
    if (holiday || !(weekday || makeup)) return false;
    return (sod >= 9 * k_hour && sod < 12 * k_hour) ||
           (sod >= 13 * k_hour + 30 * k_minute && sod < 18 * k_hour + 30 * k_minute);
}

// t + d minutes of working time, counted a minute at a time.
Instant office_add_slowly(Instant t, std::int64_t minutes) {
    while (minutes > 0) {
        if (office_minute(t)) --minutes;
        t += k_minute;
    }
    return t;
}

}  // namespace

TEST_CASE("add agrees with counting working minutes one by one") {
    int failures = 0;
    for (Instant t = sh(2026, 9, 28, 6, 10); t < sh(2026, 10, 14); t += 97 * k_minute) {
        for (std::int64_t minutes : {1, 29, 60, 150, 180, 181, 330, 480, 481, 600, 1000, 2400}) {
            const Instant fast = office().add(t, minutes * k_minute);
            const Instant slow = office_add_slowly(t, minutes);
            if (fast != slow) {
                ++failures;
                MESSAGE("add(" << show(t) << ", " << minutes << "m) = " << show(fast) << ", counted " << show(slow));
            }
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("between agrees with counting working minutes one by one") {
    int failures = 0;
    const Instant a = sh(2026, 9, 28, 7, 20);
    std::int64_t counted = 0;
    for (Instant b = a; b < sh(2026, 10, 14); b += k_minute) {
        if (office().between(a, b) != counted * k_minute) ++failures;
        if (office_minute(b)) ++counted;
    }
    CHECK(failures == 0);
    // eight working days: 9/28-30, 10/8-9, 10/10 (make-up Saturday), 10/12-13
    CHECK(counted == 8 * 8 * 60);
}

TEST_CASE("is_working agrees with the wall clock on every minute of two weeks") {
    int failures = 0;
    for (Instant t = sh(2026, 9, 28); t < sh(2026, 10, 12); t += k_minute) {
        if (office().is_working(t) != office_minute(t)) ++failures;
    }
    CHECK(failures == 0);
}

// ---------------------------------------------------------------------------------------
// Zones with unusual transitions

TEST_CASE("a day skipped by the zone has no working time") {
    // Samoa skipped Friday 2011-12-30 when it moved across the date line.
    const Zone apia = Zone::named("Pacific/Apia");
    const BusinessCalendar day_shift = every_day(apia, "09:00-17:00");
    const Instant thursday = at("2011-12-29T16:00", apia);
    const Instant end = day_shift.add(thursday, 2 * k_hour);
    CHECK(format_instant(end, apia) == "2011-12-31T10:00:00+14:00");
    CHECK(day_shift.between(thursday, end) == 2 * k_hour);
    // 16:00 -10 (02:00Z) to 10:00 +14 two calendar days later (20:00Z the same UTC day)
    CHECK(end - thursday == 18 * k_hour);
    CHECK_THROWS_AS(parse_instant("2011-12-30T10:00", apia, 0), Error);
}

TEST_CASE("a midnight skipped by the zone still opens the day") {
    // Chile springs forward at midnight: 2026-09-06 00:00 -04 becomes 01:00 -03.
    const Zone santiago = Zone::named("America/Santiago");
    const BusinessCalendar always = every_day(santiago, "00:00-24:00");
    const Instant start = at("2026-09-05T12:00-04:00", santiago);
    const Instant end = always.add(start, 24 * k_hour);
    CHECK(end - start == 24 * k_hour);
    CHECK(format_instant(end, santiago) == "2026-09-06T13:00:00-03:00");
    const BusinessCalendar from_midnight = every_day(santiago, "00:00-02:00");
    CHECK(format_instant(from_midnight.next_working(at("2026-09-05T03:00", santiago)), santiago) ==
          "2026-09-06T01:00:00-03:00");
    // one hour on the short 2026-09-06 (01:00-02:00), two on 2026-09-07
    CHECK(from_midnight.between(at("2026-09-05T03:00", santiago), at("2026-09-07T03:00", santiago)) == 3 * k_hour);
}

// ---------------------------------------------------------------------------------------
// Randomised properties (fixed seed, so every run checks the same cases)

namespace {

struct Lcg {
    std::uint64_t state;
    std::uint64_t next() {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return state >> 33;
    }
    std::int64_t below(std::int64_t n) { return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(n)); }
};

// Random hours: up to three intervals on quarter hours, some days closed.
DayHours random_hours(Lcg& rng) {
    if (rng.below(4) == 0) return {};
    DayHours out;
    Seconds at = rng.below(12) * 15 * k_minute;
    const int n = 1 + static_cast<int>(rng.below(3));
    for (int i = 0; i < n && at < k_day; ++i) {
        const Seconds start = at + rng.below(16) * 15 * k_minute;
        const Seconds end = std::min(k_day, start + (1 + rng.below(24)) * 15 * k_minute);
        if (start >= end) break;
        out.push_back({start, end});
        at = end;
    }
    return out;
}

}  // namespace

TEST_CASE("random calendars keep add and between consistent in zones with and without DST") {
    Lcg rng{20261123};
    int failures = 0;
    for (const char* zone_name : {"Asia/Shanghai", "America/New_York", "Europe/London", "Australia/Lord_Howe", "UTC"}) {
        const Zone zone = Zone::named(zone_name);
        for (int round = 0; round < 12; ++round) {
            std::array<DayHours, 7> weekly;
            for (auto& d : weekly) d = random_hours(rng);
            if (std::all_of(weekly.begin(), weekly.end(), [](const DayHours& h) { return h.empty(); }))
                weekly[0] = parse_day_hours("09:00-17:00");
            std::set<std::int64_t> holidays;
            std::map<std::int64_t, DayHours> workdays;
            const std::int64_t base = days_from_civil(2026, 3, 1);
            for (int i = 0; i < 6; ++i) holidays.insert(base + rng.below(280));
            for (int i = 0; i < 3; ++i) {
                const std::int64_t d = base + rng.below(280);
                if (!holidays.count(d)) workdays[d] = random_hours(rng);
            }
            const BusinessCalendar cal(zone, weekly, holidays, workdays);
            for (int i = 0; i < 40; ++i) {
                const Instant t = (base + rng.below(290)) * k_day + rng.below(k_day);
                const Seconds d1 = 1 + rng.below(60 * k_hour);
                const Seconds d2 = d1 + rng.below(10 * k_hour);
                const Instant e1 = cal.add(t, d1);
                const Instant e2 = cal.add(t, d2);
                if (cal.between(t, e1) != d1) ++failures;
                if (cal.between(t, e2) != d2) ++failures;
                if (e2 < e1 || e1 <= t) ++failures;
                if (!cal.is_working(e1 - 1)) ++failures;
                if (cal.between(e1, t) != -d1) ++failures;
                if (cal.add(t, 1) != cal.next_working(t) + 1) ++failures;
                // adding in two steps is adding once
                if (cal.add(e1, d2 - d1) != e2) ++failures;
                if (failures) {
                    MESSAGE(zone_name << " round " << round << " t=" << format_instant(t, zone) << " d1=" << d1);
                    break;
                }
            }
        }
    }
    CHECK(failures == 0);
}
