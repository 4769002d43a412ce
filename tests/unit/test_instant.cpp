// Instants, zones, civil dates and durations (lib/time/instant.hpp).
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "error.hpp"
#include "io/files.hpp"
#include "support.hpp"
#include "time/instant.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// A fixed "now": Monday 2026-11-23 10:00 in Shanghai (02:00 UTC).
const Instant k_now = utc(2026, 11, 23, 2);

}  // namespace

// ---------------------------------------------------------------------------------------
// Civil dates

TEST_CASE("days_from_civil counts days from 1970-01-01") {
    CHECK(days_from_civil(1970, 1, 1) == 0);
    CHECK(days_from_civil(1969, 12, 31) == -1);
    CHECK(days_from_civil(2000, 1, 1) == 10957);
    CHECK(days_from_civil(2026, 11, 23) == 20780);
    CHECK(days_from_civil(2024, 2, 29) == 19782);
    CHECK(days_from_civil(1900, 3, 1) == -25508);
    CHECK(days_from_civil(1, 1, 1) == -719162);
    CHECK(days_from_civil(9999, 12, 31) == 2932896);
}

TEST_CASE("civil_from_days inverts days_from_civil on every day of 1896 to 2104") {
    int mismatches = 0;
    std::int64_t expected_next = days_from_civil(1896, 1, 1);
    for (int y = 1896; y <= 2104; ++y) {
        for (unsigned m = 1; m <= 12; ++m) {
            for (unsigned d = 1; d <= 31; ++d) {
                if (!valid_civil(y, m, d)) continue;
                const std::int64_t days = days_from_civil(y, m, d);
                if (days != expected_next) ++mismatches;  // consecutive dates are consecutive days
                expected_next = days + 1;
                const CivilDate c = civil_from_days(days);
                if (c.year != y || c.month != m || c.day != d) ++mismatches;
            }
        }
    }
    CHECK(mismatches == 0);
}

TEST_CASE("civil_from_days works before 1970") {
    const CivilDate c = civil_from_days(-1);
    CHECK(c.year == 1969);
    CHECK(c.month == 12u);
    CHECK(c.day == 31u);
    const CivilDate first = civil_from_days(-719162);
    CHECK(first.year == 1);
    CHECK(first.month == 1u);
    CHECK(first.day == 1u);
}

TEST_CASE("leap years follow the Gregorian rules") {
    CHECK(valid_civil(2024, 2, 29));
    CHECK_FALSE(valid_civil(2026, 2, 29));
    CHECK(valid_civil(2000, 2, 29));        // divisible by 400
    CHECK_FALSE(valid_civil(1900, 2, 29));  // divisible by 100, not 400
    CHECK_FALSE(valid_civil(2100, 2, 29));
    CHECK(valid_civil(2400, 2, 29));
    CHECK(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28) == 2);
    CHECK(days_from_civil(2026, 3, 1) - days_from_civil(2026, 2, 28) == 1);
    CHECK(days_from_civil(2001, 1, 1) - days_from_civil(2000, 1, 1) == 366);
    CHECK(days_from_civil(1901, 1, 1) - days_from_civil(1900, 1, 1) == 365);
}

TEST_CASE("valid_civil refuses impossible months and days") {
    CHECK_FALSE(valid_civil(2026, 2, 30));
    CHECK_FALSE(valid_civil(2026, 13, 1));
    CHECK_FALSE(valid_civil(2026, 0, 1));
    CHECK_FALSE(valid_civil(2026, 1, 0));
    CHECK_FALSE(valid_civil(2026, 4, 31));
    CHECK(valid_civil(2026, 1, 31));
    CHECK(valid_civil(2026, 12, 31));
    CHECK_FALSE(valid_civil(0, 1, 1));
    CHECK_FALSE(valid_civil(10000, 1, 1));
}

TEST_CASE("weekday_from_days is ISO: Monday is 0, Sunday is 6") {
    CHECK(weekday_from_days(0) == 3u);  // 1970-01-01, a Thursday
    CHECK(weekday_from_days(-1) == 2u);
    CHECK(weekday_from_days(days_from_civil(2026, 11, 23)) == 0u);  // Monday
    CHECK(weekday_from_days(days_from_civil(2026, 11, 29)) == 6u);  // Sunday
    CHECK(weekday_from_days(days_from_civil(2000, 1, 1)) == 5u);    // Saturday
    CHECK(weekday_from_days(days_from_civil(1900, 3, 1)) == 3u);    // Thursday
    CHECK(weekday_from_days(days_from_civil(1, 1, 1)) == 0u);       // Monday
}

TEST_CASE("floor_div rounds towards minus infinity") {
    CHECK(floor_div(7, 2) == 3);
    CHECK(floor_div(-7, 2) == -4);
    CHECK(floor_div(-8, 2) == -4);
    CHECK(floor_div(-1, k_day) == -1);
    CHECK(floor_div(0, k_day) == 0);
}

TEST_CASE("format_date writes YYYY-MM-DD with zero padding") {
    CHECK(format_date(0) == "1970-01-01");
    CHECK(format_date(days_from_civil(2026, 3, 8)) == "2026-03-08");
    CHECK(format_date(days_from_civil(2024, 2, 29)) == "2024-02-29");
    CHECK(format_date(-1) == "1969-12-31");
}

TEST_CASE("parse_date accepts calendar dates only") {
    CHECK(parse_date("2026-11-23") == days_from_civil(2026, 11, 23));
    CHECK(parse_date(" 2024-02-29 ") == days_from_civil(2024, 2, 29));
    CHECK(parse_date("2000-02-29") == days_from_civil(2000, 2, 29));
    for (const char* bad : {"2026-02-29", "1900-02-29", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-5",
                            "26-11-23", "2026-11-23T10:00", "2026/11/23", "", "yesterday"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_date(bad), Error);
        const std::string msg = error_message([&] { parse_date(bad); });
        CHECK(contains(msg, std::string(bad).substr(0, 10)));
    }
}

// ---------------------------------------------------------------------------------------
// Zones

TEST_CASE("a zone is UTC by default and names itself") {
    const Zone z;
    CHECK(z.is_utc());
    CHECK(z.name() == "UTC");
    CHECK(z.offset_at(k_now) == 0);
    CHECK(Zone::named("UTC").is_utc());
    CHECK(Zone::named("Etc/UTC").is_utc());
    CHECK(shanghai().name() == "Asia/Shanghai");
    CHECK_FALSE(shanghai().is_utc());
}

TEST_CASE("an unknown zone is refused naming it") {
    CHECK_THROWS_AS(Zone::named("Mars/Olympus_Mons"), Error);
    const std::string msg = error_message([] { Zone::named("Mars/Olympus_Mons"); });
    CHECK(contains(msg, "Mars/Olympus_Mons"));
}

TEST_CASE("zone offsets follow daylight saving time") {
    CHECK(shanghai().offset_at(k_now) == 8 * k_hour);
    CHECK(new_york().offset_at(utc(2026, 1, 15, 12)) == -5 * k_hour);
    CHECK(new_york().offset_at(utc(2026, 7, 15, 12)) == -4 * k_hour);
    // The spring-forward transition is at 2026-03-08 07:00 UTC (02:00 EST).
    CHECK(new_york().offset_at(utc(2026, 3, 8, 6, 59, 59)) == -5 * k_hour);
    CHECK(new_york().offset_at(utc(2026, 3, 8, 7)) == -4 * k_hour);
    // The fall-back transition is at 2026-11-01 06:00 UTC (02:00 EDT).
    CHECK(new_york().offset_at(utc(2026, 11, 1, 5, 59, 59)) == -4 * k_hour);
    CHECK(new_york().offset_at(utc(2026, 11, 1, 6)) == -5 * k_hour);
}

TEST_CASE("from_local_exact refuses a wall-clock time skipped by the clocks") {
    const LocalTime gap = days_from_civil(2026, 3, 8) * k_day + 2 * k_hour + 30 * k_minute;
    CHECK_FALSE(new_york().from_local_exact(gap).has_value());
    // just before and at the end of the gap
    CHECK(new_york().from_local_exact(gap - 31 * k_minute) == utc(2026, 3, 8, 6, 59));
    CHECK(new_york().from_local_exact(gap + 30 * k_minute) == utc(2026, 3, 8, 7));
}

TEST_CASE("from_local maps a time inside the gap to the end of the gap") {
    const LocalTime gap = days_from_civil(2026, 3, 8) * k_day + 2 * k_hour + 30 * k_minute;
    CHECK(new_york().from_local(gap) == utc(2026, 3, 8, 7));
    CHECK(new_york().from_local(gap - 30 * k_minute) == utc(2026, 3, 8, 7));  // 02:00 itself
}

TEST_CASE("an ambiguous wall-clock time is its earlier instant") {
    const LocalTime twice = days_from_civil(2026, 11, 1) * k_day + 1 * k_hour + 30 * k_minute;
    CHECK(new_york().from_local_exact(twice) == utc(2026, 11, 1, 5, 30));  // EDT
    CHECK(new_york().from_local(twice) == utc(2026, 11, 1, 5, 30));
}

TEST_CASE("to_local and from_local round-trip outside transitions") {
    for (Instant t = utc(2026, 1, 1); t < utc(2027, 1, 1); t += 7 * k_hour + 13 * k_minute) {
        CHECK(shanghai().from_local(shanghai().to_local(t)) == t);
        CHECK(Zone().from_local(Zone().to_local(t)) == t);
    }
}

TEST_CASE("an offset is exact on both sides of a transition (TZif transitions and footer rules)") {
    struct Change {
        const char* zone;
        Instant at;  // the first instant of the new offset
        Seconds before, after;
    };
    // Each from `zdump -v`: the footer's POSIX rule decides the 2100 ones.
    const Change changes[] = {
        {"America/New_York", utc(2100, 3, 14, 7), -5 * k_hour, -4 * k_hour},
        {"America/New_York", utc(2100, 11, 7, 6), -4 * k_hour, -5 * k_hour},
        // southern hemisphere: daylight time spans the new year
        {"Australia/Sydney", utc(2100, 4, 3, 16), 11 * k_hour, 10 * k_hour},
        {"Australia/Sydney", utc(2100, 10, 2, 16), 10 * k_hour, 11 * k_hour},
        // half an hour of daylight saving
        {"Australia/Lord_Howe", utc(2100, 4, 3, 15), 11 * k_hour, 10 * k_hour + 30 * k_minute},
        {"Australia/Lord_Howe", utc(2100, 10, 2, 15, 30), 10 * k_hour + 30 * k_minute, 11 * k_hour},
        // "negative" daylight saving: standard time is the summer's IST
        {"Europe/Dublin", utc(2100, 3, 28, 1), 0, k_hour},
        {"Europe/Dublin", utc(2100, 10, 31, 1), k_hour, 0},
        // rule times before midnight (M3.5.0/-1) and at 24:00 (M9.1.6/24)
        {"America/Nuuk", utc(2100, 3, 28, 1), -2 * k_hour, -1 * k_hour},
        {"America/Nuuk", utc(2100, 10, 31, 1), -1 * k_hour, -2 * k_hour},
        {"America/Santiago", utc(2100, 4, 4, 3), -3 * k_hour, -4 * k_hour},
        {"America/Santiago", utc(2100, 9, 5, 4), -4 * k_hour, -3 * k_hour},
        {"Pacific/Chatham", utc(2100, 4, 3, 14), 13 * k_hour + 45 * k_minute, 12 * k_hour + 45 * k_minute},
        // from the transition table: China's daylight saving of 1986–1991
        {"Asia/Shanghai", utc(1988, 4, 16, 18), 8 * k_hour, 9 * k_hour},
        {"Asia/Shanghai", utc(1988, 9, 10, 17), 9 * k_hour, 8 * k_hour},
    };
    for (const Change& c : changes) {
        CAPTURE(c.zone);
        CAPTURE(c.at);
        const Zone z = Zone::named(c.zone);
        CHECK(z.offset_at(c.at - 1) == c.before);
        CHECK(z.offset_at(c.at) == c.after);
    }
}

TEST_CASE("every zone agrees with the C library's localtime from 1970 to 2100") {
    // glibc reads the same files with its own code: a second opinion on every zone.
    std::FILE* tab = std::fopen("/usr/share/zoneinfo/zone1970.tab", "r");
    REQUIRE(tab != nullptr);
    std::vector<std::string> names;
    char line[512];
    while (std::fgets(line, sizeof line, tab)) {
        if (line[0] == '#') continue;
        std::string_view l(line);
        const auto a = l.find('\t'), b = l.find('\t', a + 1), c = l.find_first_of("\t\n", b + 1);
        if (b != std::string_view::npos) names.emplace_back(l.substr(b + 1, c - b - 1));
    }
    std::fclose(tab);
    REQUIRE(names.size() > 200);
    const char* saved = std::getenv("TZ");
    const std::string restore = saved ? saved : "";
    int mismatches = 0;
    for (const std::string& name : names) {
        const Zone z = Zone::named(name);
        setenv("TZ", name.c_str(), 1);
        tzset();
        for (Instant t = utc(1970, 1, 1); t < utc(2100, 12, 31); t += 9 * k_day + 7 * k_hour + 13 * k_minute) {
            std::tm tm{};
            const std::time_t tt = static_cast<std::time_t>(t);
            localtime_r(&tt, &tm);
            if (z.offset_at(t) != tm.tm_gmtoff && ++mismatches <= 5) {
                CAPTURE(name);
                CAPTURE(t);
                CHECK(z.offset_at(t) == tm.tm_gmtoff);
            }
        }
    }
    if (saved)
        setenv("TZ", restore.c_str(), 1);
    else
        unsetenv("TZ");
    tzset();
    CHECK(mismatches == 0);
}

TEST_CASE("a zone counting leap seconds is refused: instants here are POSIX time") {
    std::FILE* f = std::fopen("/usr/share/zoneinfo/right/America/New_York", "rb");
    if (!f) return;  // tzdata without the right/ zones
    std::fclose(f);
    CHECK_THROWS_AS(Zone::named("right/America/New_York"), Error);
}

TEST_CASE("before a zone's first transition its first local time type holds") {
    // Shanghai's local mean time, +8:05:43, until 1901.
    CHECK(shanghai().offset_at(utc(1900, 12, 31, 15, 54, 16)) == 8 * k_hour + 5 * k_minute + 43);
    CHECK(shanghai().offset_at(utc(1800, 1, 1)) == 8 * k_hour + 5 * k_minute + 43);
}

TEST_CASE("a name that is not a zone file is refused, and no path leaves the zone directory") {
    for (const char* name : {"America", "zone.tab", "../../etc/passwd", "/etc/localtime", "", "Asia/Shang hai"}) {
        CAPTURE(name);
        CHECK_THROWS_AS(Zone::named(name), Error);
    }
}

TEST_CASE("a damaged zone file is refused, never misread") {
    std::FILE* f = std::fopen("/usr/share/zoneinfo/America/New_York", "rb");
    REQUIRE(f != nullptr);
    const std::string bytes = io::read_whole(f).value_or("");
    std::fclose(f);
    const Zone whole = Zone::from_tzif("America/New_York", bytes);
    CHECK(whole.offset_at(utc(2100, 7, 1)) == -4 * k_hour);
    // Every shorter file: a zone that still answers within 26 hours of UTC, or a refusal.
    for (std::size_t n = 0; n < bytes.size(); ++n) {
        CAPTURE(n);
        try {
            const Zone z = Zone::from_tzif("cut", std::string_view(bytes).substr(0, n));
            CHECK(std::abs(z.offset_at(utc(2026, 7, 1))) < 26 * k_hour);
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
        }
    }
    // The footer's rule: each damaged form is refused, naming the zone.
    const std::size_t footer = bytes.rfind('\n', bytes.size() - 2);
    REQUIRE(footer != std::string::npos);
    for (const char* rule :
         {"EST5EDT,M13.1.0,M11.1.0", "EST5EDT,M3.6.0,M11.1.0", "EST5EDT,M3.2.7,M11.1.0", "EST", "EST5EDT,M3.2.0",
          "<EST5", "EST5EDT,J0,J365", "EST5EDT,M3.2.0/168,M11.1.0", "5EST", "EST25"}) {
        CAPTURE(rule);
        const std::string damaged = bytes.substr(0, footer + 1) + rule + "\n";
        const std::string msg = error_message([&] { Zone::from_tzif("America/New_York", damaged); });
        CHECK(contains(msg, "America/New_York"));
    }
    // And rules it must read: a leap-aware Julian day, a day counted from 0, a week-5 day.
    for (const char* rule :
         {"EST5EDT,J60/2,J300/2", "EST5EDT,59/2,299/2", "EST5EDT,M3.5.0/2,M10.5.0/3", "<-0330>3:30", "XXX-5:45:30"}) {
        CAPTURE(rule);
        CHECK_NOTHROW(Zone::from_tzif("America/New_York", bytes.substr(0, footer + 1) + rule + "\n"));
    }
    const std::string fixed = bytes.substr(0, footer + 1) + "<-0330>3:30\n";
    CHECK(Zone::from_tzif("x", fixed).offset_at(utc(2100, 1, 1)) == -(3 * k_hour + 30 * k_minute));
}

TEST_CASE("local times map back through southern and half-hour transitions") {
    const Zone sydney = Zone::named("Australia/Sydney");
    // 2100-10-03 02:30 does not exist in Sydney; 2100-04-04 02:30 happens twice.
    const LocalTime gap = days_from_civil(2100, 10, 3) * k_day + 2 * k_hour + 30 * k_minute;
    CHECK_FALSE(sydney.from_local_exact(gap).has_value());
    CHECK(sydney.from_local(gap) == utc(2100, 10, 2, 16));
    const LocalTime twice = days_from_civil(2100, 4, 4) * k_day + 2 * k_hour + 30 * k_minute;
    CHECK(sydney.from_local(twice) == utc(2100, 4, 3, 15, 30));  // still AEDT
    const Zone lord_howe = Zone::named("Australia/Lord_Howe");
    const LocalTime half_gap = days_from_civil(2100, 10, 3) * k_day + 2 * k_hour + 15 * k_minute;
    CHECK(lord_howe.from_local(half_gap) == utc(2100, 10, 2, 15, 30));
    for (Instant t = utc(2099, 12, 1); t < utc(2101, 2, 1); t += 5 * k_hour + 17 * k_minute) {
        CAPTURE(t);
        const Instant back = sydney.from_local(sydney.to_local(t));
        // Only the repeated hour maps to its earlier instant.
        CHECK((back == t || back == t - k_hour));
        CHECK(sydney.to_local(back) == sydney.to_local(t));
    }
}

// ---------------------------------------------------------------------------------------
// Formatting instants

TEST_CASE("format_instant shows the zone offset, or Z for UTC") {
    CHECK(format_instant(k_now, shanghai()) == "2026-11-23T10:00:00+08:00");
    CHECK(format_instant(k_now, Zone()) == "2026-11-23T02:00:00Z");
    CHECK(format_instant(utc(2026, 1, 15, 17, 5, 9), new_york()) == "2026-01-15T12:05:09-05:00");
    CHECK(format_instant(utc(2026, 7, 15, 17), new_york()) == "2026-07-15T13:00:00-04:00");
    CHECK(format_instant(utc(2026, 1, 1, 0), Zone::named("Asia/Kolkata")) == "2026-01-01T05:30:00+05:30");
    CHECK(format_instant(utc(2026, 1, 1, 0), Zone::named("America/St_Johns")) == "2025-12-31T20:30:00-03:30");
}

TEST_CASE("format_instant crosses midnight into the local day") {
    CHECK(format_instant(utc(2026, 12, 31, 16), shanghai()) == "2027-01-01T00:00:00+08:00");
    CHECK(format_instant(utc(2026, 12, 31, 15, 59, 59), shanghai()) == "2026-12-31T23:59:59+08:00");
    CHECK(format_instant(-1, Zone()) == "1969-12-31T23:59:59Z");
}

TEST_CASE("format_instant_short is date and minutes on the local clock") {
    CHECK(format_instant_short(k_now, shanghai()) == "2026-11-23 10:00");
    CHECK(format_instant_short(k_now + 59, shanghai()) == "2026-11-23 10:00");
    CHECK(format_instant_short(k_now, Zone()) == "2026-11-23 02:00");
}

TEST_CASE("format_instant output parses back to the same instant") {
    for (const Zone* z : {&shanghai(), &new_york()}) {
        for (Instant t = utc(2026, 1, 1); t < utc(2027, 1, 1); t += 5 * k_hour + 17 * k_minute + 3) {
            CHECK(parse_instant(format_instant(t, *z), *z, k_now) == t);
            CHECK(parse_instant(format_instant(t, *z), Zone(), k_now) == t);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Parsing instants

TEST_CASE("an ISO instant without an offset is on the given zone's clock") {
    CHECK(parse_instant("2026-11-23T10:00", shanghai(), 0) == utc(2026, 11, 23, 2));
    CHECK(parse_instant("2026-11-23T10:00", Zone(), 0) == utc(2026, 11, 23, 10));
    CHECK(parse_instant("2026-11-23 10:00:05", shanghai(), 0) == utc(2026, 11, 23, 2, 0, 5));
    CHECK(parse_instant("2026-11-23t10:00", shanghai(), 0) == utc(2026, 11, 23, 2));
    CHECK(parse_instant("  2026-11-23T10:00  ", shanghai(), 0) == utc(2026, 11, 23, 2));
    CHECK(parse_instant("2026-07-01T09:00", new_york(), 0) == utc(2026, 7, 1, 13));
    CHECK(parse_instant("2026-01-01T09:00", new_york(), 0) == utc(2026, 1, 1, 14));
}

TEST_CASE("an explicit offset wins over the zone") {
    const Instant expected = utc(2026, 11, 23, 2);
    CHECK(parse_instant("2026-11-23T10:00+08:00", new_york(), 0) == expected);
    CHECK(parse_instant("2026-11-23T10:00+0800", new_york(), 0) == expected);
    CHECK(parse_instant("2026-11-23T10:00+08", new_york(), 0) == expected);
    CHECK(parse_instant("2026-11-23T02:00Z", shanghai(), 0) == expected);
    CHECK(parse_instant("2026-11-23T02:00z", shanghai(), 0) == expected);
    CHECK(parse_instant("2026-11-23T02:00:00Z", shanghai(), 0) == expected);
    CHECK(parse_instant("2026-11-22T21:00-05:00", shanghai(), 0) == expected);
    CHECK(parse_instant("2026-11-23 07:30+05:30", shanghai(), 0) == expected);
    CHECK(parse_instant("2026-11-22T22:30-0330", shanghai(), 0) == expected);
}

TEST_CASE("a date alone is its midnight in the zone") {
    CHECK(parse_instant("2026-11-23", shanghai(), 0) == utc(2026, 11, 22, 16));
    CHECK(parse_instant("2026-11-23", Zone(), 0) == utc(2026, 11, 23));
    CHECK(parse_instant("2026-07-04", new_york(), 0) == utc(2026, 7, 4, 4));
    CHECK(parse_instant("2024-02-29", Zone(), 0) == utc(2024, 2, 29));
}

TEST_CASE("now, today, tomorrow and yesterday are relative to now in the zone") {
    CHECK(parse_instant("now", shanghai(), k_now) == k_now);
    CHECK(parse_instant("today", shanghai(), k_now) == utc(2026, 11, 22, 16));
    CHECK(parse_instant("tomorrow", shanghai(), k_now) == utc(2026, 11, 23, 16));
    CHECK(parse_instant("yesterday", shanghai(), k_now) == utc(2026, 11, 21, 16));
    // 2026-11-22 20:00 UTC is already 2026-11-23 04:00 in Shanghai
    const Instant late = utc(2026, 11, 22, 20);
    CHECK(parse_instant("today", shanghai(), late) == utc(2026, 11, 22, 16));
    CHECK(parse_instant("today", Zone(), late) == utc(2026, 11, 22));
}

TEST_CASE("a time of day alone is today's; after today, tomorrow or yesterday, that day's") {
    // k_now is 2026-11-23 02:00 UTC, 10:00 in Shanghai.
    CHECK(parse_instant("18:00", shanghai(), k_now) == utc(2026, 11, 23, 10));
    CHECK(parse_instant("21:30:15", shanghai(), k_now) == utc(2026, 11, 23, 13, 30, 15));
    CHECK(parse_instant("tomorrow 10:00", shanghai(), k_now) == utc(2026, 11, 24, 2));
    CHECK(parse_instant("tomorrow  09:30", shanghai(), k_now) == utc(2026, 11, 24, 1, 30));
    CHECK(parse_instant("today 24:00", shanghai(), k_now) == utc(2026, 11, 23, 16));
    CHECK(parse_instant("yesterday 18:00", shanghai(), k_now) == utc(2026, 11, 22, 10));
    CHECK_THROWS_WITH_AS(parse_instant("25:00", shanghai(), k_now), doctest::Contains("'25:00' is not a time of day"),
                         Error);
    CHECK_THROWS_WITH_AS(parse_instant("tomorrow x", shanghai(), k_now), doctest::Contains("'x' is not a time of day"),
                         Error);
}

TEST_CASE("a duration is counted from now") {
    CHECK(parse_instant("2h", shanghai(), k_now) == k_now + 2 * k_hour);
    CHECK(parse_instant("+2h", shanghai(), k_now) == k_now + 2 * k_hour);
    CHECK(parse_instant("-30m", shanghai(), k_now) == k_now - 30 * k_minute);
    CHECK(parse_instant("1d2h", shanghai(), k_now) == k_now + k_day + 2 * k_hour);
    CHECK(parse_instant("-1w", Zone(), k_now) == k_now - k_week);
}

TEST_CASE("impossible calendar dates are refused naming the date") {
    for (const char* bad : {"2026-02-30", "2026-13-01", "2026-02-29T10:00", "2026-04-31 09:00"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_instant(bad, shanghai(), k_now), Error);
        const std::string msg = error_message([&] { parse_instant(bad, shanghai(), k_now); });
        CHECK(contains(msg, std::string(bad).substr(0, 10)));
    }
}

TEST_CASE("impossible times of day are refused naming the value") {
    for (const char* bad : {"2026-11-23T25:00", "2026-11-23T24:00", "2026-11-23T10:60", "2026-11-23T10:00:60",
                            "2026-11-23T9:00", "2026-11-23T10", "2026-11-23T10:"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_instant(bad, shanghai(), k_now), Error);
        const std::string msg = error_message([&] { parse_instant(bad, shanghai(), k_now); });
        CHECK(contains(msg, bad));
    }
}

TEST_CASE("an impossible time, garbage and empty text are not instants") {
    for (const char* bad :
         {"25:00", "today 10:60", "garbage", "2026-11-23X10:00", "2026-11-23T10:00+", "2026-11-23T10:00+8",
          "2026-11-23T10:00+08:0", "2026-11-23T10:00+19:00", "2026-11-23T10:00+08:60", "2026-11-23T10:00Zx",
          "2026-11-23T10:00 UTC", "next tuesday", "5", "2h30"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_instant(bad, shanghai(), k_now), Error);
        const std::string msg = error_message([&] { parse_instant(bad, shanghai(), k_now); });
        CHECK(contains(msg, bad));
    }
    CHECK_THROWS_AS(parse_instant("", shanghai(), k_now), Error);
    CHECK_THROWS_AS(parse_instant("   ", shanghai(), k_now), Error);
    CHECK(contains(error_message([] { parse_instant("", Zone(), 0); }), "empty"));
}

TEST_CASE("a local time skipped by daylight saving is refused") {
    CHECK_THROWS_AS(parse_instant("2026-03-08T02:30", new_york(), k_now), Error);
    const std::string msg = error_message([] { parse_instant("2026-03-08T02:30", new_york(), k_now); });
    CHECK(contains(msg, "2026-03-08T02:30"));
    CHECK(contains(msg, "America/New_York"));
    // with an explicit offset it is a valid instant
    CHECK(parse_instant("2026-03-08T02:30-05:00", new_york(), k_now) == utc(2026, 3, 8, 7, 30));
    // the hour around the gap is fine
    CHECK(parse_instant("2026-03-08T01:59:59", new_york(), k_now) == utc(2026, 3, 8, 6, 59, 59));
    CHECK(parse_instant("2026-03-08T03:00", new_york(), k_now) == utc(2026, 3, 8, 7));
}

TEST_CASE("an ambiguous local time maps to the earlier instant, EDT") {
    const Instant t = parse_instant("2026-11-01T01:30", new_york(), k_now);
    CHECK(t == utc(2026, 11, 1, 5, 30));
    CHECK(format_instant(t, new_york()) == "2026-11-01T01:30:00-04:00");
    // the later one needs its offset
    CHECK(parse_instant("2026-11-01T01:30-05:00", new_york(), k_now) == utc(2026, 11, 1, 6, 30));
    CHECK(format_instant(utc(2026, 11, 1, 6, 30), new_york()) == "2026-11-01T01:30:00-05:00");
}

// ---------------------------------------------------------------------------------------
// Times of day

TEST_CASE("parse_time_of_day reads HH:MM and HH:MM:SS, and 24:00 as the end of the day") {
    CHECK(parse_time_of_day("00:00") == 0);
    CHECK(parse_time_of_day("09:00") == 9 * k_hour);
    CHECK(parse_time_of_day("18:30:15") == 18 * k_hour + 30 * k_minute + 15);
    CHECK(parse_time_of_day("23:59:59") == k_day - 1);
    CHECK(parse_time_of_day("24:00") == k_day);
    CHECK(parse_time_of_day("24:00:00") == k_day);
    for (const char* bad : {"24:01", "25:00", "9:00", "09:60", "09:00:60", "0900", "", "09:00 ", "9-5", "ab:cd"}) {
        CAPTURE(bad);
        CHECK_FALSE(parse_time_of_day(bad).has_value());
    }
}

// ---------------------------------------------------------------------------------------
// Durations

TEST_CASE("durations are exact seconds per unit") {
    CHECK(parse_duration("30s") == 30);
    CHECK(parse_duration("10m") == 600);
    CHECK(parse_duration("2h") == 7200);
    CHECK(parse_duration("1d") == 86400);
    CHECK(parse_duration("1w") == 604800);
    CHECK(parse_duration("1h30m") == 5400);
    CHECK(parse_duration("1w2d3h4m5s") == k_week + 2 * k_day + 3 * k_hour + 4 * k_minute + 5);
    CHECK(parse_duration("90m") == 5400);
    CHECK(parse_duration("0s") == 0);
    CHECK(parse_duration("+2h") == 7200);
    CHECK(parse_duration(" 2h ") == 7200);
    CHECK(parse_duration("2H") == 7200);
}

TEST_CASE("negative durations only when allowed") {
    CHECK_THROWS_AS(parse_duration("-1h"), Error);
    CHECK(contains(error_message([] { parse_duration("-1h"); }), "-1h"));
    CHECK(parse_duration("-1h", true) == -3600);
    CHECK(parse_duration("-1h10m", true) == -4200);
    CHECK(parse_duration("+1h", true) == 3600);
}

TEST_CASE("malformed durations are refused naming the value") {
    for (const char* bad :
         {"5", "h", "1x", "30m1h", "1h1h", "1h 30m", "1.5h", "+", "-", "1hh", "h1", "1h-30m", "2 hours", "4 hours"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(parse_duration(bad, true), Error);
        const std::string msg = error_message([&] { parse_duration(bad, true); });
        CHECK(contains(msg, bad));
    }
    CHECK_THROWS_AS(parse_duration(""), Error);
    CHECK(contains(error_message([] { parse_duration(""); }), "empty"));
    CHECK(contains(error_message([] { parse_duration("30m1h"); }), "largest to smallest"));
    CHECK(contains(error_message([] { parse_duration("1x"); }), "'x'"));
}

TEST_CASE("durations longer than ten years are refused") {
    CHECK(parse_duration("3660d") == k_max_duration);
    CHECK_THROWS_AS(parse_duration("3661d"), Error);
    CHECK_THROWS_AS(parse_duration("523w"), Error);
    CHECK_THROWS_AS(parse_duration("88000h"), Error);
    CHECK_THROWS_AS(parse_duration("3660d1s"), Error);
    CHECK_THROWS_AS(parse_duration("99999999999999999999999s"), Error);
    CHECK_THROWS_AS(parse_duration("-3661d", true), Error);
    CHECK(contains(error_message([] { parse_duration("3661d"); }), "ten years"));
}

TEST_CASE("format_duration is humanized to two units") {
    CHECK(format_duration(0) == "0s");
    CHECK(format_duration(45) == "45s");
    CHECK(format_duration(59) == "59s");
    CHECK(format_duration(60) == "1m00s");
    CHECK(format_duration(725) == "12m05s");
    CHECK(format_duration(k_hour) == "1h00m");
    CHECK(format_duration(2 * k_hour + 5 * k_minute) == "2h05m");
    CHECK(format_duration(2 * k_hour + 5 * k_minute + 59) == "2h05m");
    CHECK(format_duration(k_day) == "1d00h");
    CHECK(format_duration(3 * k_day + 4 * k_hour) == "3d04h");
    CHECK(format_duration(-(k_hour + 10 * k_minute)) == "-1h10m");
    CHECK(format_duration(-45) == "-45s");
    CHECK(format_duration(20 * k_day) == "20d00h");
}

TEST_CASE("format_duration_exact is canonical") {
    CHECK(format_duration_exact(0) == "0s");
    CHECK(format_duration_exact(5400) == "1h30m");
    CHECK(format_duration_exact(2 * k_day) == "2d");
    CHECK(format_duration_exact(8 * k_day) == "1w1d");
    CHECK(format_duration_exact(90061) == "1d1h1m1s");
    CHECK(format_duration_exact(-4200) == "-1h10m");
    CHECK(format_duration_exact(59) == "59s");
}

TEST_CASE("format_duration_exact round-trips through parse_duration") {
    std::vector<Seconds> samples{0, 1, 59, 60, 61, 3599, 3600, 5400, 86399, 86400, k_week, k_week + 1, k_max_duration};
    for (Seconds d = 1; d < 400 * k_day; d = d * 3 + 7) samples.push_back(d);
    for (Seconds d : samples) {
        CAPTURE(d);
        CHECK(parse_duration(format_duration_exact(d)) == d);
        CHECK(parse_duration(format_duration_exact(-d), true) == -d);
    }
}
