// Instants, durations, periods, dates and times of day as typed by people: each parser
// accepts the text or refuses it with Error(usage). What a parser accepts must survive a
// round trip through its formatter.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_support.hpp"
#include "time/instant.hpp"
#include "time/period.hpp"

using namespace svc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size > 256) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    static const Zone shanghai = Zone::named("Asia/Shanghai");
    static const Zone new_york = Zone::named("America/New_York");
    const Instant now = 1795399200;  // 2026-11-23T10:00+08:00

    fuzz::expect_usage_or_ok("parse_duration", [&] {
        const Seconds d = parse_duration(text, true);
        if (d < -k_max_duration || d > k_max_duration) fuzz::broken("a duration beyond ten years was accepted");
        if (parse_duration(format_duration_exact(d), true) != d) fuzz::broken("duration round trip");
        (void)format_duration(d);
    });
    for (const Zone* zone : {&shanghai, &new_york}) {
        fuzz::expect_usage_or_ok("parse_instant", [&] {
            const Instant t = parse_instant(text, *zone, now);
            // Offsets are printed in minutes; zones ran on local mean time with offsets in
            // seconds until standard time came (Asia/Shanghai only in 1901), so only the span
            // a store's instants live in must round-trip.
            const bool modern = t >= -2145916800 && t < 7258118400;  // 1902 .. 2200
            if (modern && parse_instant(format_instant(t, *zone), *zone, now) != t) fuzz::broken("instant round trip");
            (void)format_instant_short(t, *zone);
        });
        fuzz::expect_usage_or_ok("parse_period", [&] {
            const Period p = parse_period(text, *zone, now);
            if (p.end < p.start) fuzz::broken("a period ends before it starts");
            (void)previous_period(p, *zone);
        });
    }
    fuzz::expect_usage_or_ok("parse_date", [&] {
        const std::int64_t days = parse_date(text);
        if (parse_date(format_date(days)) != days) fuzz::broken("date round trip");
    });
    fuzz::expect_usage_or_ok("parse_time_of_day", [&] {
        const auto s = parse_time_of_day(text);
        if (s && (*s < 0 || *s > k_day)) fuzz::broken("a time of day outside 00:00..24:00");
    });
    return 0;
}
