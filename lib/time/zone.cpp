// Time zones from TZif files (RFC 8536): the transitions a file lists, then the POSIX TZ
// rule in its footer for every instant after the last of them. Reading one file instead of
// loading the whole tz database keeps a command's start-up to the zone it uses.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <vector>

#include "error.hpp"
#include "io/files.hpp"
#include "time/cursor.hpp"
#include "time/instant.hpp"

namespace svc {

namespace {

constexpr std::string_view k_zoneinfo = "/usr/share/zoneinfo/";

// A day of the year in a POSIX TZ rule: "Jn" (1…365, never February 29), "n" (0…365) or
// "Mm.w.d" (day d, Sunday = 0, of week w of month m; week 5 is the month's last).
struct RuleDay {
    enum class Form { julian_no_leap, julian, month_week_day } form = Form::month_week_day;
    int day = 0;
    int month = 0;
    int week = 0;
    Seconds time = 2 * k_hour;  // local time of day of the change, may be negative or past 24:00
};

// A POSIX TZ string such as "CST-8" or "EST5EDT,M3.2.0,M11.1.0", with offsets already as
// seconds east of UTC (POSIX writes them west).
struct PosixRule {
    Seconds standard = 0;
    bool has_dst = false;
    Seconds daylight = 0;
    RuleDay start, end;
};

}  // namespace

struct ZoneRules {
    std::string name;
    Seconds initial = 0;               // before the first transition
    std::vector<Instant> transitions;  // ascending
    std::vector<Seconds> offsets;      // in force from each transition on
    std::optional<PosixRule> rule;     // after the last transition

    Seconds offset_at(Instant t) const;
};

namespace {

// A reader of the footer text; each part returns false on text it does not expect.
struct PosixReader : time_text::Cursor {
    bool number_into(int& out, int max) {
        const auto n = number(max);
        out = n.value_or(0);
        return n.has_value();
    }
    // "EST" or "<+08>".
    bool designation() {
        if (eat('<')) {
            while (!done() && peek() != '>') ++pos;
            return eat('>');
        }
        const std::size_t from = pos;
        while (!done() && std::isalpha(static_cast<unsigned char>(peek()))) ++pos;
        return pos - from >= 3;
    }
    // [+-]hh[:mm[:ss]]: an offset's hours up to 24, a rule time's up to 167 (RFC 8536).
    bool duration(Seconds& out, int max_hours = 24) {
        const bool negative = eat('-');
        if (!negative) eat('+');
        int h = 0, m = 0, s = 0;
        if (!number_into(h, max_hours)) return false;
        if (eat(':')) {
            if (!number_into(m, 59)) return false;
            if (eat(':') && !number_into(s, 59)) return false;
        }
        out = (negative ? -1 : 1) * (h * k_hour + m * k_minute + s);
        return true;
    }
    bool rule_day(RuleDay& d) {
        if (eat('M')) {
            d.form = RuleDay::Form::month_week_day;
            if (!number_into(d.month, 12) || d.month < 1 || !eat('.') || !number_into(d.week, 5) || d.week < 1 ||
                !eat('.') || !number_into(d.day, 6))
                return false;
        } else if (eat('J')) {
            d.form = RuleDay::Form::julian_no_leap;
            if (!number_into(d.day, 365) || d.day < 1) return false;
        } else {
            d.form = RuleDay::Form::julian;
            if (!number_into(d.day, 365)) return false;
        }
        return !eat('/') || duration(d.time, 167);
    }
};

std::optional<PosixRule> parse_posix_rule(std::string_view text) {
    PosixReader r{{text}};
    PosixRule rule;
    Seconds west = 0;
    if (!r.designation() || !r.duration(west)) return std::nullopt;
    rule.standard = -west;
    if (r.done()) return rule;
    if (!r.designation()) return std::nullopt;
    rule.has_dst = true;
    rule.daylight = rule.standard + k_hour;
    if (r.peek() != ',' && !r.done()) {
        if (!r.duration(west)) return std::nullopt;
        rule.daylight = -west;
    }
    if (r.done()) {
        // No dates given: POSIX leaves them to the implementation; the customary US rule.
        rule.start = {RuleDay::Form::month_week_day, 0, 3, 2, 2 * k_hour};
        rule.end = {RuleDay::Form::month_week_day, 0, 11, 1, 2 * k_hour};
        return rule;
    }
    if (!r.eat(',') || !r.rule_day(rule.start) || !r.eat(',') || !r.rule_day(rule.end) || !r.done())
        return std::nullopt;
    return rule;
}

bool is_leap(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// The local midnight (as days since the epoch) a rule day falls on in `year`.
std::int64_t rule_date(const RuleDay& d, int year) {
    const std::int64_t jan1 = days_from_civil(year, 1, 1);
    switch (d.form) {
        case RuleDay::Form::julian_no_leap:
            return jan1 + d.day - 1 + (is_leap(year) && d.day >= 60 ? 1 : 0);
        case RuleDay::Form::julian:
            return jan1 + d.day;
        case RuleDay::Form::month_week_day:
            break;
    }
    const std::int64_t first = days_from_civil(year, static_cast<unsigned>(d.month), 1);
    const int first_weekday = static_cast<int>((weekday_from_days(first) + 1) % 7);  // Sunday = 0
    std::int64_t day = first + (d.day - first_weekday + 7) % 7 + 7 * (d.week - 1);
    const std::int64_t next_month =
        d.month == 12 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, static_cast<unsigned>(d.month + 1), 1);
    while (day >= next_month) day -= 7;
    return day;
}

Seconds rule_offset_at(const PosixRule& rule, Instant t) {
    if (!rule.has_dst) return rule.standard;
    const int year = civil_from_days(floor_div(t + rule.standard, k_day)).year;
    // The change to daylight time is on the standard clock, the change back on the daylight clock.
    const Instant start = rule_date(rule.start, year) * k_day + rule.start.time - rule.standard;
    const Instant end = rule_date(rule.end, year) * k_day + rule.end.time - rule.daylight;
    const bool daylight = start < end ? (t >= start && t < end) : !(t >= end && t < start);
    return daylight ? rule.daylight : rule.standard;
}

// A big-endian reader over the file's bytes.
struct TzifReader {
    std::string_view bytes;
    std::size_t at = 0;

    bool has(std::size_t n) const { return n <= bytes.size() - std::min(at, bytes.size()); }
    std::int64_t integer(std::size_t width) {
        std::uint64_t v = 0;
        for (std::size_t i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(bytes[at + i]);
        at += width;
        if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
        return static_cast<std::int64_t>(v);
    }
};

struct TzifCounts {
    std::int64_t isut, isstd, leap, time, type, chars;
};

std::optional<TzifCounts> read_header(TzifReader& r, char& version) {
    if (!r.has(44) || r.bytes.substr(r.at, 4) != "TZif") return std::nullopt;
    version = r.bytes[r.at + 4];
    r.at += 20;
    TzifCounts c{};
    for (std::int64_t* n : {&c.isut, &c.isstd, &c.leap, &c.time, &c.type, &c.chars}) *n = r.integer(4);
    if (c.isut < 0 || c.isstd < 0 || c.leap < 0 || c.time < 0 || c.type < 1 || c.type > 256 || c.chars < 0)
        return std::nullopt;
    return c;
}

// The transitions and local time types of one data block (4-byte times in version 1's,
// 8-byte in the later block).
bool read_block(TzifReader& r, const TzifCounts& c, std::size_t width, ZoneRules& z) {
    // Leap-second ("right/") zones count seconds POSIX time does not: not for svc.
    if (c.leap > 0) return false;
    const auto n = [](std::int64_t v) { return static_cast<std::uint64_t>(v); };
    const std::uint64_t wanted = n(c.time) * (width + 1) + n(c.type) * 6 + n(c.chars) + n(c.isstd) + n(c.isut);
    if (wanted > r.bytes.size() || !r.has(static_cast<std::size_t>(wanted))) return false;
    const auto size = static_cast<std::size_t>(wanted);
    const std::size_t block = r.at;
    std::vector<Instant> times(n(c.time));
    for (Instant& t : times) t = r.integer(width);
    std::vector<std::size_t> kinds(n(c.time));
    for (std::size_t& k : kinds) k = static_cast<unsigned char>(r.bytes[r.at++]);
    std::vector<Seconds> type_offsets(n(c.type));
    for (Seconds& o : type_offsets) {
        o = r.integer(4);
        r.at += 2;                                  // is-DST flag and designation index: the offset is all svc needs
        if (o < -89999 || o > 93599) return false;  // RFC 8536: -24:59:59 to 25:59:59
    }
    z.initial = type_offsets[0];
    z.transitions.clear();
    z.offsets.clear();
    for (std::size_t i = 0; i < times.size(); ++i) {
        if (kinds[i] >= type_offsets.size() || (i > 0 && times[i] <= times[i - 1])) return false;
        z.transitions.push_back(times[i]);
        z.offsets.push_back(type_offsets[kinds[i]]);
    }
    r.at = block + size;
    return true;
}

std::optional<ZoneRules> parse_tzif(std::string_view bytes) {
    TzifReader r{bytes};
    char version = 0;
    auto counts = read_header(r, version);
    ZoneRules z;
    if (!counts || !read_block(r, *counts, 4, z)) return std::nullopt;
    if (version == '\0') return z;
    counts = read_header(r, version);
    if (!counts || !read_block(r, *counts, 8, z)) return std::nullopt;
    // The footer: "\n" TZ string "\n"; empty when no rule follows the transitions.
    if (!r.has(2) || bytes[r.at] != '\n') return std::nullopt;
    const std::size_t close = bytes.find('\n', r.at + 1);
    if (close == std::string_view::npos) return std::nullopt;
    const std::string_view footer = bytes.substr(r.at + 1, close - r.at - 1);
    if (!footer.empty()) {
        z.rule = parse_posix_rule(footer);
        if (!z.rule) return std::nullopt;
    }
    return z;
}

// The whole of a zone file (tens of KiB at most), or nullopt for a directory, a missing
// file or one too large to be a zone.
std::optional<std::string> read_zone_file(const std::string& path) {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file) return std::nullopt;
    return io::read_whole(file.get(), 1 << 20);
}

// A tz database name: relative, no "..", only the characters tzdata uses.
bool plausible_zone_name(std::string_view name) {
    if (name.empty() || name.front() == '/' || name.find("..") != std::string_view::npos) return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '_' ||
               c == '-' || c == '+';
    });
}

}  // namespace

Seconds ZoneRules::offset_at(Instant t) const {
    if (transitions.empty() || t < transitions.front()) {
        if (transitions.empty() && rule) return rule_offset_at(*rule, t);
        return initial;
    }
    if (rule && t >= transitions.back()) return rule_offset_at(*rule, t);
    const auto after = std::upper_bound(transitions.begin(), transitions.end(), t);
    return offsets[static_cast<std::size_t>(after - transitions.begin()) - 1];
}

Zone::Zone() = default;

Zone Zone::named(std::string_view name) {
    if (name == "UTC" || name == "Etc/UTC" || name == "Z") return Zone();
    std::optional<std::string> bytes;
    if (plausible_zone_name(name)) bytes = read_zone_file(std::string(k_zoneinfo) + std::string(name));
    // zone.tab, tzdata.zi and the like live beside the zones but are not one.
    if (!bytes || bytes->rfind("TZif", 0) != 0)
        fail(ErrorKind::usage, "unknown time zone '{}' (expected a tz database name such as Asia/Shanghai)", name);
    return from_tzif(name, *bytes);
}

Zone Zone::from_tzif(std::string_view name, std::string_view bytes) {
    std::optional<ZoneRules> rules = parse_tzif(bytes);
    if (!rules) fail(ErrorKind::usage, "time zone '{}': its file is not a TZif zone this svc can read", name);
    rules->name = std::string(name);
    return Zone(std::make_shared<const ZoneRules>(std::move(*rules)));
}

std::string Zone::name() const {
    return m_rules ? m_rules->name : std::string("UTC");
}

Seconds Zone::offset_at(Instant t) const {
    return m_rules ? m_rules->offset_at(t) : 0;
}

// A local time is checked against the offsets in force either side of it, far enough out
// to be past any transition near it (offsets stay under 26 hours): it exists under one of
// them (two when the clocks went back, the earlier instant wins) or under neither, when
// the clocks skipped it. Transitions are days apart in every zone, so one at most is near.
constexpr Seconds k_probe = 26 * k_hour;

std::optional<Instant> Zone::from_local_exact(LocalTime local) const {
    if (!m_rules) return local;
    const Seconds before = offset_at(local - k_probe), after = offset_at(local + k_probe);
    const Instant early = local - before, late = local - after;
    const bool early_ok = offset_at(early) == before, late_ok = offset_at(late) == after;
    if (early_ok && late_ok) return std::min(early, late);
    if (early_ok) return early;
    if (late_ok) return late;
    return std::nullopt;
}

Instant Zone::from_local(LocalTime local) const {
    if (const auto exact = from_local_exact(local)) return *exact;
    // Inside a gap: the gap ends at the transition, the first instant whose wall clock
    // shows a time at or after `local`. It lies between the two readings; bisect for it.
    const Seconds before = offset_at(local - k_probe), after = offset_at(local + k_probe);
    Instant low = std::min(local - before, local - after), high = std::max(local - before, local - after);
    const Seconds at_low = offset_at(low);
    if (offset_at(high) == at_low) return local - before;  // no single transition between: give up gracefully
    while (high - low > 1) {
        const Instant mid = low + (high - low) / 2;
        (offset_at(mid) == at_low ? low : high) = mid;
    }
    return high;
}

}  // namespace svc
