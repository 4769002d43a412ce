#pragma once
// Instants are integer UTC seconds since the epoch; durations are integer seconds.
// The zone matters only for calendars, periods and display.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace svc {

using Instant = std::int64_t;    // UTC seconds since 1970-01-01T00:00:00Z
using Seconds = std::int64_t;    // a duration
using LocalTime = std::int64_t;  // seconds since 1970-01-01T00:00 on a zone's wall clock

inline constexpr Seconds k_minute = 60;
inline constexpr Seconds k_hour = 3600;
inline constexpr Seconds k_day = 86400;
inline constexpr Seconds k_week = 7 * k_day;
// Longest duration accepted on input: anything beyond ten years is a typo, not a plan.
inline constexpr Seconds k_max_duration = 3660 * k_day;

// Floor division for local seconds → days (correct before 1970 too).
constexpr std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// A civil date, as days since 1970-01-01.
struct CivilDate {
    int year;
    unsigned month;
    unsigned day;
};
std::int64_t days_from_civil(int year, unsigned month, unsigned day);
CivilDate civil_from_days(std::int64_t days);
unsigned weekday_from_days(std::int64_t days);  // 0 = Monday … 6 = Sunday (ISO)
bool valid_civil(int year, unsigned month, unsigned day);

struct ZoneRules;

// A time zone from the system's tz database (or UTC), read from its TZif file in
// /usr/share/zoneinfo when named: only the one file a command needs is opened.
class Zone {
public:
    Zone();  // UTC
    static Zone utc() { return Zone(); }
    // Throws Error(usage) naming the zone when it is unknown.
    static Zone named(std::string_view name);
    // A zone from the bytes of a TZif file (RFC 8536); throws Error(usage) naming the zone
    // when they are not one.
    static Zone from_tzif(std::string_view name, std::string_view bytes);

    std::string name() const;
    bool is_utc() const { return m_rules == nullptr; }
    Seconds offset_at(Instant t) const;
    LocalTime to_local(Instant t) const { return t + offset_at(t); }
    // The instant of a local time, or nullopt when the wall clock skips it (DST gap).
    // An ambiguous local time (clocks set back) is its earlier instant.
    std::optional<Instant> from_local_exact(LocalTime local) const;
    // As above, but a local time inside a gap maps to the instant the gap ends, so
    // "working hours start at 02:00" still starts on the day the clocks spring forward.
    Instant from_local(LocalTime local) const;

private:
    explicit Zone(std::shared_ptr<const ZoneRules> rules) : m_rules(std::move(rules)) {}
    std::shared_ptr<const ZoneRules> m_rules;
};

// "2026-11-23T10:00:00+08:00" in the given zone ("Z" for UTC).
std::string format_instant(Instant t, const Zone& zone);
// "2026-11-23 10:00" for humans in tables.
std::string format_instant_short(Instant t, const Zone& zone);
std::string format_date(std::int64_t days);  // "2026-11-23"

// Accepts ISO 8601 ("2026-11-23T10:00", "2026-11-23 10:00:05", with or without an offset
// "Z", "+08:00", "+0800"; without one, `zone`), a date alone (its midnight), "now",
// "today", "tomorrow", "yesterday", or a duration ("2h", "+2h", "-30m") counted from now.
// Throws Error(usage) that names the value and the expected form.
Instant parse_instant(std::string_view text, const Zone& zone, Instant now);
// Just a calendar date "2026-11-23" → days since epoch; throws Error(usage).
std::int64_t parse_date(std::string_view text);
// Wall-clock time of day "09:00", "18:30:15" or "24:00" → seconds after midnight.
std::optional<Seconds> parse_time_of_day(std::string_view text);

// "30s", "10m", "2h", "1d", "1w" and combinations in descending order ("1h30m").
// A leading '+' is allowed; '-' only when allow_negative. Throws Error(usage).
Seconds parse_duration(std::string_view text, bool allow_negative = false);
// A duration as a policy writes it, with its days kept apart from the rest: on a working
// clock a day is a working day (the same clock time on the next working day) while hours,
// minutes and seconds are working time; on the 24x7 clock a day is 86400 s. A week is 7 days.
struct Span {
    std::int64_t days = 0;
    Seconds seconds = 0;
    bool operator==(const Span&) const = default;
    // The span as plain seconds, a day counted as 86400 s (its length on the 24x7 clock).
    Seconds calendar_seconds() const { return days * k_day + seconds; }
};
// Same forms as parse_duration, never negative; throws Error(usage).
Span parse_span(std::string_view text);
// Canonical and re-parseable: "1d4h", "30m", "0s".
std::string format_span(const Span& span);

// Humanized for tables: "45s", "12m05s", "2h05m", "3d04h", "-1h10m".
std::string format_duration(Seconds d);
// Canonical and re-parseable: "1h30m", "2d", "0s".
std::string format_duration_exact(Seconds d);

}  // namespace svc
