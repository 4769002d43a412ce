#include "time/calendar.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "error.hpp"

namespace svc {

namespace {
// Far more days than any deadline needs; reaching it means the calendar never opens.
constexpr std::int64_t k_max_days_walked = 366 * 20;
const DayHours k_no_hours;
}  // namespace

DayHours parse_day_hours(std::string_view text) {
    DayHours out;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t comma = text.find(',', pos);
        if (comma == std::string_view::npos) comma = text.size();
        std::string_view part = text.substr(pos, comma - pos);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
        pos = comma + 1;
        if (part.empty()) continue;
        const std::size_t dash = part.find('-');
        if (dash == std::string_view::npos)
            fail(ErrorKind::usage, "invalid working hours '{}': expected HH:MM-HH:MM, several separated by commas",
                 part);
        const auto start = parse_time_of_day(part.substr(0, dash));
        const auto end = parse_time_of_day(part.substr(dash + 1));
        if (!start || !end || *start == k_day)
            fail(ErrorKind::usage, "invalid working hours '{}': expected HH:MM-HH:MM with times from 00:00 to 24:00",
                 part);
        if (*end <= *start)
            fail(ErrorKind::usage,
                 "invalid working hours '{}': the end must be after the start (split a night shift at 24:00)", part);
        out.push_back({*start, *end});
    }
    std::sort(out.begin(), out.end(), [](const TimeRange& a, const TimeRange& b) { return a.start < b.start; });
    for (std::size_t i = 1; i < out.size(); ++i) {
        if (out[i].start < out[i - 1].end)
            fail(ErrorKind::usage, "invalid working hours '{}': intervals overlap", text);
    }
    return out;
}

std::string format_day_hours(const DayHours& hours) {
    std::string out;
    auto hhmm = [](Seconds s) {
        return s % 60 ? fmt::format("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                      : fmt::format("{:02}:{:02}", s / 3600, s / 60 % 60);
    };
    for (const auto& r : hours) {
        if (!out.empty()) out += ',';
        out += hhmm(r.start) + "-" + hhmm(r.end);
    }
    return out;
}

DayHours merge_day_hours(const DayHours& a, const DayHours& b) {
    DayHours all = a;
    all.insert(all.end(), b.begin(), b.end());
    std::sort(all.begin(), all.end(), [](const TimeRange& x, const TimeRange& y) { return x.start < y.start; });
    DayHours out;
    for (const TimeRange& r : all) {
        if (!out.empty() && r.start <= out.back().end)
            out.back().end = std::max(out.back().end, r.end);
        else
            out.push_back(r);
    }
    return out;
}

Seconds day_length(const DayHours& hours) {
    Seconds total = 0;
    for (const TimeRange& r : hours) total += r.end - r.start;
    return total;
}

BusinessCalendar::BusinessCalendar(Zone zone, std::array<DayHours, 7> weekly, std::set<std::int64_t> holidays,
                                   std::map<std::int64_t, DayHours> workdays)
    : m_zone(std::move(zone)),
      m_weekly(std::move(weekly)),
      m_holidays(std::move(holidays)),
      m_workdays(std::move(workdays)) {}

const DayHours& BusinessCalendar::hours_on(std::int64_t day) const {
    if (auto it = m_workdays.find(day); it != m_workdays.end()) return it->second;
    if (m_holidays.count(day)) return k_no_hours;
    return m_weekly[weekday_from_days(day)];
}

bool BusinessCalendar::has_working_time() const {
    return std::any_of(m_weekly.begin(), m_weekly.end(), [](const DayHours& h) { return !h.empty(); });
}

Seconds BusinessCalendar::longest_day() const {
    Seconds longest = 0;
    for (const DayHours& h : m_weekly) longest = std::max(longest, day_length(h));
    return longest;
}

BusinessCalendar BusinessCalendar::with_duty(const DayHours& weekends, const DayHours& holidays,
                                             const std::map<std::int64_t, DayHours>& dates) const {
    std::array<DayHours, 7> weekly = m_weekly;
    for (DayHours& h : weekly)
        if (h.empty()) h = weekends;
    std::set<std::int64_t> closed;
    std::map<std::int64_t, DayHours> special = m_workdays;
    for (std::int64_t day : m_holidays) {
        if (holidays.empty())
            closed.insert(day);
        else
            special[day] = holidays;
    }
    BusinessCalendar duty(m_zone, weekly, closed, special);
    for (const auto& [day, hours] : dates) duty.m_workdays[day] = merge_day_hours(duty.hours_on(day), hours);
    return duty;
}

template <typename Fn>
void BusinessCalendar::for_each_interval(std::int64_t day, Fn&& fn) const {
    for (const TimeRange& r : hours_on(day)) {
        const Instant start = m_zone.from_local(day * k_day + r.start);
        const Instant end = m_zone.from_local(day * k_day + r.end);
        if (end > start && !fn(start, end)) return;
    }
}

Instant BusinessCalendar::add(Instant t, Seconds d) const {
    if (d <= 0) return t;
    if (!has_working_time() && m_workdays.empty())
        fail(ErrorKind::usage, "the business calendar has no working hours, so no business deadline can be computed");
    Seconds remaining = d;
    std::int64_t day = floor_div(m_zone.to_local(t), k_day);
    // Intervals of the previous local day may still be running at t (a zone with a large
    // negative DST jump); starting one day early costs nothing and keeps that case right.
    --day;
    std::optional<Instant> result;
    for (std::int64_t walked = 0; !result; ++walked, ++day) {
        if (walked > k_max_days_walked)
            fail(ErrorKind::usage, "the business calendar has no working time within 20 years of {}",
                 format_instant(t, m_zone));
        for_each_interval(day, [&](Instant start, Instant end) {
            const Instant from = std::max(start, t);
            if (end <= from) return true;
            const Seconds available = end - from;
            if (remaining <= available) {
                result = from + remaining;
                return false;
            }
            remaining -= available;
            return true;
        });
    }
    return *result;
}

Instant BusinessCalendar::add_days(Instant t, std::int64_t n) const {
    if (n <= 0) return t;
    const Instant start = next_working(t);
    const LocalTime local = m_zone.to_local(start);
    std::int64_t day = floor_div(local, k_day);
    const Seconds clock_time = local - day * k_day;
    for (std::int64_t found = 0, walked = 0; found < n;) {
        ++day;
        if (++walked > k_max_days_walked)
            fail(ErrorKind::usage, "the business calendar has no working day within 20 years of {}",
                 format_instant(t, m_zone));
        if (!hours_on(day).empty()) ++found;
    }
    const DayHours& hours = hours_on(day);
    Seconds at = hours.front().start;
    for (const TimeRange& r : hours)
        if (r.start <= clock_time) at = std::min(clock_time, r.end);
    return m_zone.from_local(day * k_day + at);
}

Seconds BusinessCalendar::between(Instant a, Instant b) const {
    if (b < a) return -between(b, a);
    Seconds total = 0;
    const std::int64_t first = floor_div(m_zone.to_local(a), k_day) - 1;
    const std::int64_t last = floor_div(m_zone.to_local(b), k_day) + 1;
    for (std::int64_t day = first; day <= last; ++day) {
        for_each_interval(day, [&](Instant start, Instant end) {
            const Instant from = std::max(start, a);
            const Instant to = std::min(end, b);
            if (to > from) total += to - from;
            return true;
        });
    }
    return total;
}

bool BusinessCalendar::is_working(Instant t) const {
    bool working = false;
    const std::int64_t day = floor_div(m_zone.to_local(t), k_day);
    for (std::int64_t d = day - 1; d <= day && !working; ++d) {
        for_each_interval(d, [&](Instant start, Instant end) {
            working = t >= start && t < end;
            return !working;
        });
    }
    return working;
}

Instant BusinessCalendar::next_working(Instant t) const {
    if (is_working(t)) return t;
    if (!has_working_time() && m_workdays.empty()) fail(ErrorKind::usage, "the business calendar has no working hours");
    std::int64_t day = floor_div(m_zone.to_local(t), k_day);
    std::optional<Instant> result;
    for (std::int64_t walked = 0; !result; ++walked, ++day) {
        if (walked > k_max_days_walked)
            fail(ErrorKind::usage, "the business calendar has no working time within 20 years of {}",
                 format_instant(t, m_zone));
        for_each_interval(day, [&](Instant start, Instant) {
            if (start >= t) {
                result = start;
                return false;
            }
            return true;
        });
    }
    return *result;
}

}  // namespace svc
