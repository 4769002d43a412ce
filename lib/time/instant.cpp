#include "time/instant.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "error.hpp"
#include "time/cursor.hpp"

namespace svc {

// Howard Hinnant's days_from_civil: exact for the whole proleptic Gregorian calendar.
std::int64_t days_from_civil(int year, unsigned month, unsigned day) {
    const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2);
    const std::int64_t era = floor_div(y, 400);
    const std::int64_t yoe = y - era * 400;
    const std::int64_t mp = (month + 9) % 12;
    const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t z) {
    z += 719468;
    const std::int64_t era = floor_div(z, 146097);
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const unsigned day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
    const unsigned month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
    const std::int64_t year = yoe + era * 400 + (month <= 2);
    return {static_cast<int>(year), month, day};
}

unsigned weekday_from_days(std::int64_t days) {
    // 1970-01-01 was a Thursday (ISO index 3).
    return static_cast<unsigned>(((days % 7) + 7 + 3) % 7);
}

static unsigned days_in_month(int year, unsigned month) {
    static constexpr std::array<unsigned, 12> k_days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : k_days[month - 1];
}

bool valid_civil(int year, unsigned month, unsigned day) {
    return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 && day <= days_in_month(year, month);
}

// ---------------------------------------------------------------------------------------
// Formatting

std::string format_date(std::int64_t days) {
    const CivilDate c = civil_from_days(days);
    return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

std::string format_instant(Instant t, const Zone& zone) {
    const Seconds offset = zone.offset_at(t);
    const LocalTime local = t + offset;
    const std::int64_t days = floor_div(local, k_day);
    const Seconds sod = local - days * k_day;
    std::string out = fmt::format("{}T{:02}:{:02}:{:02}", format_date(days), sod / 3600, sod / 60 % 60, sod % 60);
    if (zone.is_utc()) {
        out += 'Z';
    } else {
        const Seconds a = offset < 0 ? -offset : offset;
        out += fmt::format("{}{:02}:{:02}", offset < 0 ? '-' : '+', a / 3600, a / 60 % 60);
    }
    return out;
}

std::string format_instant_short(Instant t, const Zone& zone) {
    const LocalTime local = zone.to_local(t);
    const std::int64_t days = floor_div(local, k_day);
    const Seconds sod = local - days * k_day;
    return fmt::format("{} {:02}:{:02}", format_date(days), sod / 3600, sod / 60 % 60);
}

// ---------------------------------------------------------------------------------------
// Parsing

namespace {

using time_text::Cursor;

std::string trimmed(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

constexpr std::string_view k_instant_forms =
    "expected an ISO 8601 instant such as 2026-11-23T10:00 or 2026-11-23 10:00+08:00, a date, "
    "now, today, tomorrow, a time such as 18:00 or tomorrow 10:00, or a duration from now such as 2h";

// Parses "YYYY-MM-DD" at the cursor; validates the calendar.
std::optional<std::int64_t> parse_date_at(Cursor& c, std::string_view whole, std::string& why) {
    auto y = c.digits(4);
    if (!y || !c.eat('-')) return std::nullopt;
    auto m = c.digits(2);
    if (!m || !c.eat('-')) return std::nullopt;
    auto d = c.digits(2);
    if (!d) return std::nullopt;
    if (!valid_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d))) {
        why = fmt::format("'{}' is not a calendar date", whole.substr(0, 10));
        return std::nullopt;
    }
    return days_from_civil(*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d));
}

}  // namespace

std::int64_t parse_date(std::string_view text) {
    const std::string s = trimmed(text);
    Cursor c{s};
    std::string why;
    auto days = parse_date_at(c, s, why);
    if (!days || !c.done()) {
        if (!why.empty()) fail(ErrorKind::usage, "invalid date '{}': {}", s, why);
        fail(ErrorKind::usage, "invalid date '{}' (expected YYYY-MM-DD)", s);
    }
    return *days;
}

std::optional<Seconds> parse_time_of_day(std::string_view text) {
    Cursor c{text};
    auto h = c.digits(2);
    if (!h || !c.eat(':')) return std::nullopt;
    auto m = c.digits(2);
    if (!m) return std::nullopt;
    int s = 0;
    if (c.eat(':')) {
        auto sec = c.digits(2);
        if (!sec) return std::nullopt;
        s = *sec;
    }
    if (!c.done()) return std::nullopt;
    if (*h == 24 && *m == 0 && s == 0) return k_day;
    if (*h > 23 || *m > 59 || s > 59) return std::nullopt;
    return *h * k_hour + *m * k_minute + s;
}

Instant parse_instant(std::string_view text, const Zone& zone, Instant now) {
    const std::string s = trimmed(text);
    if (s.empty()) fail(ErrorKind::usage, "empty instant ({})", k_instant_forms);
    const LocalTime local_now = zone.to_local(now);
    const std::int64_t today = floor_div(local_now, k_day);
    if (s == "now") return now;
    if (s == "today") return zone.from_local(today * k_day);
    if (s == "tomorrow") return zone.from_local((today + 1) * k_day);
    if (s == "yesterday") return zone.from_local((today - 1) * k_day);
    // A wall-clock time alone is today's; after a day word, that day's: "18:00", "tomorrow 10:00".
    constexpr std::pair<std::string_view, int> day_words[] = {{"today ", 0}, {"tomorrow ", 1}, {"yesterday ", -1}};
    std::int64_t day = today;
    std::string_view clock = s;
    for (const auto& [word, offset] : day_words) {
        if (clock.starts_with(word)) {
            day = today + offset;
            clock.remove_prefix(word.size());
            while (!clock.empty() && clock.front() == ' ') clock.remove_prefix(1);
            break;
        }
    }
    if (day != today || clock.size() != s.size() ||
        (clock.find(':') != std::string_view::npos && clock.find('-') == std::string_view::npos &&
         clock.find('T') == std::string_view::npos && clock.find('+') == std::string_view::npos)) {
        const auto time = parse_time_of_day(clock);
        if (!time)
            fail(ErrorKind::usage, "invalid instant '{}': '{}' is not a time of day (HH:MM or HH:MM:SS)", s, clock);
        const auto t = zone.from_local_exact(day * k_day + *time);
        if (!t)
            fail(ErrorKind::usage, "invalid instant '{}': that wall-clock time does not exist in {} (clocks skip it)",
                 s, zone.name());
        return *t;
    }
    if (s[0] == '+' || s[0] == '-' ||
        (std::isdigit(static_cast<unsigned char>(s[0])) && s.find('-') == std::string::npos &&
         s.find(':') == std::string::npos)) {
        return now + parse_duration(s, true);
    }

    Cursor c{s};
    std::string why;
    auto days = parse_date_at(c, s, why);
    if (!days) {
        if (!why.empty()) fail(ErrorKind::usage, "invalid instant '{}': {}", s, why);
        fail(ErrorKind::usage, "invalid instant '{}' ({})", s, k_instant_forms);
    }
    if (c.done()) return zone.from_local(*days * k_day);
    if (!c.eat('T') && !c.eat(' ') && !c.eat('t'))
        fail(ErrorKind::usage, "invalid instant '{}' ({})", s, k_instant_forms);

    auto h = c.digits(2);
    std::optional<int> m;
    if (h && c.eat(':')) m = c.digits(2);
    if (!h || !m) fail(ErrorKind::usage, "invalid instant '{}': expected the time as HH:MM or HH:MM:SS", s);
    int sec = 0;
    if (c.eat(':')) {
        auto v = c.digits(2);
        if (!v) fail(ErrorKind::usage, "invalid instant '{}': expected the time as HH:MM or HH:MM:SS", s);
        sec = *v;
    }
    if (*h > 23 || *m > 59 || sec > 59)
        fail(ErrorKind::usage, "invalid instant '{}': {:02}:{:02}:{:02} is not a time of day", s, *h, *m, sec);
    const LocalTime local = *days * k_day + *h * k_hour + *m * k_minute + sec;

    if (c.done()) {
        auto t = zone.from_local_exact(local);
        if (!t)
            fail(ErrorKind::usage, "invalid instant '{}': that wall-clock time does not exist in {} (clocks skip it)",
                 s, zone.name());
        return *t;
    }
    if (c.eat('Z') || c.eat('z')) {
        if (!c.done()) fail(ErrorKind::usage, "invalid instant '{}' ({})", s, k_instant_forms);
        return local;
    }
    const char sign = c.peek();
    if (sign != '+' && sign != '-') fail(ErrorKind::usage, "invalid instant '{}' ({})", s, k_instant_forms);
    ++c.pos;
    auto oh = c.digits(2);
    int om = 0;
    if (!oh) fail(ErrorKind::usage, "invalid instant '{}': bad UTC offset (expected +08:00, +0800 or +08)", s);
    if (!c.done()) {
        c.eat(':');
        auto v = c.digits(2);
        if (!v || !c.done())
            fail(ErrorKind::usage, "invalid instant '{}': bad UTC offset (expected +08:00, +0800 or +08)", s);
        om = *v;
    }
    if (*oh > 18 || om > 59) fail(ErrorKind::usage, "invalid instant '{}': UTC offset out of range", s);
    const Seconds offset = (*oh * k_hour + om * k_minute) * (sign == '-' ? -1 : 1);
    return local - offset;
}

namespace {

// The parts of a written duration: weeks and days, and the rest in seconds, with its sign.
struct DurationParts {
    int sign = 1;
    std::int64_t days = 0;
    Seconds seconds = 0;
};

DurationParts parse_duration_parts(std::string_view text, bool allow_negative) {
    const std::string s = trimmed(text);
    constexpr std::string_view forms = "expected a duration such as 30s, 10m, 2h, 1d, 1w or 1h30m";
    if (s.empty()) fail(ErrorKind::usage, "empty duration ({})", forms);
    std::size_t i = 0;
    DurationParts out;
    if (s[0] == '+') {
        i = 1;
    } else if (s[0] == '-') {
        if (!allow_negative) fail(ErrorKind::usage, "invalid duration '{}': must not be negative", s);
        out.sign = -1;
        i = 1;
    }
    if (i >= s.size()) fail(ErrorKind::usage, "invalid duration '{}' ({})", s, forms);
    constexpr std::string_view units = "wdhms";
    constexpr Seconds unit_seconds[] = {k_week, k_day, k_hour, k_minute, 1};
    std::size_t last_unit = std::string_view::npos;
    Seconds total = 0;
    while (i < s.size()) {
        if (!std::isdigit(static_cast<unsigned char>(s[i])))
            fail(ErrorKind::usage, "invalid duration '{}' ({})", s, forms);
        Seconds n = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
            n = n * 10 + (s[i] - '0');
            if (n > k_max_duration) fail(ErrorKind::usage, "invalid duration '{}': longer than ten years", s);
            ++i;
        }
        if (i >= s.size())
            fail(ErrorKind::usage, "invalid duration '{}': missing unit after {} (s, m, h, d or w)", s, n);
        const std::size_t u = units.find(static_cast<char>(std::tolower(static_cast<unsigned char>(s[i]))));
        if (u == std::string_view::npos)
            fail(ErrorKind::usage, "invalid duration '{}': unknown unit '{}' (s, m, h, d or w)", s, s[i]);
        if (last_unit != std::string_view::npos && u <= last_unit)
            fail(ErrorKind::usage, "invalid duration '{}': units must go from largest to smallest, each once", s);
        last_unit = u;
        total += n * unit_seconds[u];
        if (total > k_max_duration) fail(ErrorKind::usage, "invalid duration '{}': longer than ten years", s);
        if (u <= 1)
            out.days += n * (u == 0 ? 7 : 1);
        else
            out.seconds += n * unit_seconds[u];
        ++i;
    }
    return out;
}

}  // namespace

Seconds parse_duration(std::string_view text, bool allow_negative) {
    const DurationParts p = parse_duration_parts(text, allow_negative);
    return p.sign * (p.days * k_day + p.seconds);
}

Span parse_span(std::string_view text) {
    const DurationParts p = parse_duration_parts(text, false);
    return Span{p.days, p.seconds};
}

std::string format_span(const Span& span) {
    // Hours stay hours ("30h", not "1d6h"): on a working clock they are not a day.
    std::string out = span.days ? fmt::format("{}d", span.days) : "";
    const Seconds h = span.seconds / k_hour, m = span.seconds / k_minute % 60, sec = span.seconds % 60;
    if (h) out += fmt::format("{}h", h);
    if (m) out += fmt::format("{}m", m);
    if (sec || out.empty()) out += fmt::format("{}s", sec);
    return out;
}

std::string format_duration(Seconds d) {
    const std::string sign = d < 0 ? "-" : "";
    const Seconds a = d < 0 ? -d : d;
    if (a < k_minute) return fmt::format("{}{}s", sign, a);
    if (a < k_hour) return fmt::format("{}{}m{:02}s", sign, a / 60, a % 60);
    if (a < k_day) return fmt::format("{}{}h{:02}m", sign, a / 3600, a / 60 % 60);
    return fmt::format("{}{}d{:02}h", sign, a / k_day, a / 3600 % 24);
}

std::string format_duration_exact(Seconds d) {
    if (d == 0) return "0s";
    std::string out = d < 0 ? "-" : "";
    Seconds a = d < 0 ? -d : d;
    constexpr std::pair<Seconds, char> parts[] = {
        {k_week, 'w'}, {k_day, 'd'}, {k_hour, 'h'}, {k_minute, 'm'}, {1, 's'}};
    for (auto [size, unit] : parts) {
        if (a >= size) {
            out += fmt::format("{}{}", a / size, unit);
            a %= size;
        }
    }
    return out;
}

}  // namespace svc
