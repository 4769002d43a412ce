#include "time/period.hpp"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "error.hpp"

namespace svc {

std::int64_t iso_week_monday(int year, unsigned week) {
    // Week 1 is the week that holds January 4th.
    const std::int64_t jan4 = days_from_civil(year, 1, 4);
    const std::int64_t week1_monday = jan4 - weekday_from_days(jan4);
    return week1_monday + static_cast<std::int64_t>(week - 1) * 7;
}

unsigned iso_weeks_in_year(int year) {
    return static_cast<unsigned>((iso_week_monday(year + 1, 1) - iso_week_monday(year, 1)) / 7);
}

IsoWeek iso_week_from_days(std::int64_t days) {
    const std::int64_t thursday = days - weekday_from_days(days) + 3;  // decides the ISO year
    const int year = civil_from_days(thursday).year;
    const unsigned week = static_cast<unsigned>((days - iso_week_monday(year, 1)) / 7 + 1);
    return {year, week};
}

namespace {

constexpr std::string_view k_period_forms =
    "expected a day 2026-11-23, a week 2026-W47, a month 2026-11, a quarter 2026-Q4, a year 2026, "
    "a range A..B, or today, yesterday, this-week, last-week, this-month, last-month, "
    "this-quarter, last-quarter, this-year, last-year";

Period local_days(std::int64_t first_day, std::int64_t end_day, const Zone& zone, std::string label) {
    return {zone.from_local(first_day * k_day), zone.from_local(end_day * k_day), std::move(label)};
}

std::optional<int> to_int(std::string_view s) {
    int v = 0;
    if (s.empty()) return std::nullopt;
    for (char ch : s)
        if (!std::isdigit(static_cast<unsigned char>(ch))) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
}

Period month_period(int year, unsigned month, const Zone& zone) {
    const int next_year = month == 12 ? year + 1 : year;
    const unsigned next_month = month == 12 ? 1 : month + 1;
    return local_days(days_from_civil(year, month, 1), days_from_civil(next_year, next_month, 1), zone,
                      fmt::format("{:04}-{:02}", year, month));
}

Period quarter_period(int year, unsigned quarter, const Zone& zone) {
    const unsigned first_month = (quarter - 1) * 3 + 1;
    const std::int64_t start = days_from_civil(year, first_month, 1);
    const std::int64_t end = quarter == 4 ? days_from_civil(year + 1, 1, 1) : days_from_civil(year, first_month + 3, 1);
    return local_days(start, end, zone, fmt::format("{:04}-Q{}", year, quarter));
}

Period year_period(int year, const Zone& zone) {
    return local_days(days_from_civil(year, 1, 1), days_from_civil(year + 1, 1, 1), zone, fmt::format("{:04}", year));
}

Period week_period(int year, unsigned week, const Zone& zone) {
    const std::int64_t monday = iso_week_monday(year, week);
    return local_days(monday, monday + 7, zone, fmt::format("{:04}-W{:02}", year, week));
}

Period day_period(std::int64_t day, const Zone& zone) {
    return local_days(day, day + 1, zone, format_date(day));
}

}  // namespace

Period iso_week_of(Instant t, const Zone& zone) {
    const std::int64_t day = floor_div(zone.to_local(t), k_day);
    const IsoWeek w = iso_week_from_days(day);
    return week_period(w.year, w.week, zone);
}

Period previous_period(const Period& p, const Zone& zone) {
    // Calendar periods step back by their own calendar unit; ranges by their length.
    const std::string& l = p.label;
    if (l.size() == 8 && l[4] == '-' && l[5] == 'W') {
        const std::int64_t monday = floor_div(zone.to_local(p.start), k_day) - 7;
        const IsoWeek w = iso_week_from_days(monday);
        return week_period(w.year, w.week, zone);
    }
    if (l.size() == 7 && l[4] == '-' && l[5] == 'Q') {
        const int year = *to_int(l.substr(0, 4));
        const unsigned q = static_cast<unsigned>(l[6] - '0');
        return q == 1 ? quarter_period(year - 1, 4, zone) : quarter_period(year, q - 1, zone);
    }
    if (l.size() == 7 && l[4] == '-') {
        const int year = *to_int(l.substr(0, 4));
        const unsigned m = static_cast<unsigned>(*to_int(l.substr(5, 2)));
        return m == 1 ? month_period(year - 1, 12, zone) : month_period(year, m - 1, zone);
    }
    if (l.size() == 4 && to_int(l)) return year_period(*to_int(l) - 1, zone);
    if (l.size() == 10 && l[4] == '-' && l[7] == '-') {
        const std::int64_t day = floor_div(zone.to_local(p.start), k_day) - 1;
        return day_period(day, zone);
    }
    return {p.start - p.length(), p.start, "previous"};
}

Period parse_period(std::string_view raw, const Zone& zone, Instant now) {
    std::string text(raw);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.erase(0, 1);
    if (text.empty()) fail(ErrorKind::usage, "empty period ({})", k_period_forms);

    const std::int64_t today = floor_div(zone.to_local(now), k_day);
    const CivilDate c = civil_from_days(today);
    const unsigned quarter = (c.month - 1) / 3 + 1;
    if (text == "today") return day_period(today, zone);
    if (text == "yesterday") return day_period(today - 1, zone);
    if (text == "this-week") return iso_week_of(now, zone);
    if (text == "last-week") return previous_period(iso_week_of(now, zone), zone);
    if (text == "this-month") return month_period(c.year, c.month, zone);
    if (text == "last-month") return previous_period(month_period(c.year, c.month, zone), zone);
    if (text == "this-quarter") return quarter_period(c.year, quarter, zone);
    if (text == "last-quarter") return previous_period(quarter_period(c.year, quarter, zone), zone);
    if (text == "this-year") return year_period(c.year, zone);
    if (text == "last-year") return year_period(c.year - 1, zone);

    if (auto dots = text.find(".."); dots != std::string::npos) {
        const std::string a = text.substr(0, dots), b = text.substr(dots + 2);
        if (a.empty() || b.empty()) fail(ErrorKind::usage, "invalid period '{}': a range needs both ends, A..B", text);
        const Instant start = parse_instant(a, zone, now);
        const Instant end = parse_instant(b, zone, now);
        if (end <= start) fail(ErrorKind::usage, "invalid period '{}': the end must be after the start", text);
        return {start, end, text};
    }

    if (text.size() == 4) {
        if (auto y = to_int(text); y && *y >= 1) return year_period(*y, zone);
    }
    if (text.size() >= 7 && text[4] == '-') {
        const auto year = to_int(std::string_view(text).substr(0, 4));
        if (!year || *year < 1) fail(ErrorKind::usage, "invalid period '{}' ({})", text, k_period_forms);
        const std::string_view rest = std::string_view(text).substr(5);
        if (rest.size() >= 2 && (rest[0] == 'W' || rest[0] == 'w')) {
            const auto week = to_int(rest.substr(1));
            if (!week || rest.size() != 3 || *week < 1 || static_cast<unsigned>(*week) > iso_weeks_in_year(*year))
                fail(ErrorKind::usage, "invalid period '{}': {} has ISO weeks 01 to {}", text, *year,
                     iso_weeks_in_year(*year));
            return week_period(*year, static_cast<unsigned>(*week), zone);
        }
        if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q')) {
            const auto q = to_int(rest.substr(1));
            if (!q || *q < 1 || *q > 4) fail(ErrorKind::usage, "invalid period '{}': quarters are Q1 to Q4", text);
            return quarter_period(*year, static_cast<unsigned>(*q), zone);
        }
        if (rest.size() == 2) {
            const auto m = to_int(rest);
            if (!m || *m < 1 || *m > 12) fail(ErrorKind::usage, "invalid period '{}': months are 01 to 12", text);
            return month_period(*year, static_cast<unsigned>(*m), zone);
        }
        if (rest.size() == 5 && rest[2] == '-') return day_period(parse_date(text), zone);
    }
    fail(ErrorKind::usage, "invalid period '{}' ({})", text, k_period_forms);
}

}  // namespace svc
