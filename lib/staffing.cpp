#include "staffing.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>

#include "agents.hpp"
#include "error.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

// Rows of an hourly table: 24 for all days, 7 × 24 by weekday.
std::size_t row_of(const std::optional<int>& weekday, int hour) {
    return static_cast<std::size_t>(weekday.value_or(0) * 24 + hour);
}

std::optional<Seconds> percentile(std::vector<Seconds>& values, double p) {
    if (values.empty()) return std::nullopt;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::max<std::size_t>(rank, 1) - 1];
}

}  // namespace

std::vector<HourlyFigures> hourly_figures(Context& ctx, const HourlyRequest& r) {
    current_actor(ctx);
    for (const std::string& c : r.channels)
        if (!vocab::contains(vocab::channels, c))
            fail(ErrorKind::usage, "--channel: unknown value '{}' (expected {})", c, vocab::joined(vocab::channels));
    const Zone& zone = ctx.policy().zone;
    const std::size_t rows = r.by_weekday ? 7 * 24 : 24;
    std::vector<HourlyFigures> out(rows);
    std::vector<std::vector<Seconds>> waits(rows);
    std::vector<std::int64_t> met(rows), decided(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        if (r.by_weekday) out[i].weekday = static_cast<int>(i / 24);
        out[i].hour = static_cast<int>(i % 24);
    }
    // The days of the period, and of each weekday, that the averages divide by.
    std::vector<std::int64_t> days(8, 0);
    const std::int64_t first = floor_div(zone.to_local(r.period.start), k_day);
    const std::int64_t last = floor_div(zone.to_local(r.period.end - 1), k_day);
    for (std::int64_t d = first; d <= last; ++d) {
        ++days[7];
        ++days[weekday_from_days(d)];
    }
    TicketQuery q;
    q.since = r.period.start;
    q.until = r.period.end;
    q.channels = r.channels;
    const Instant now = ctx.now();
    list_tickets(ctx, q, [&](const TicketRow& row) {
        const Ticket& t = row.ticket;
        const LocalTime local = zone.to_local(t.created_at);
        const std::int64_t day = floor_div(local, k_day);
        const int hour = static_cast<int>((local - day * k_day) / k_hour);
        const std::optional<int> weekday =
            r.by_weekday ? std::optional(static_cast<int>(weekday_from_days(day))) : std::nullopt;
        const std::size_t i = row_of(weekday, hour);
        ++out[i].tickets;
        if (t.first_responded_at) waits[i].push_back(*t.first_responded_at - t.created_at);
        if (t.first_response_due && (t.first_responded_at || *t.first_response_due <= now)) {
            ++decided[i];
            if (t.first_responded_at && *t.first_responded_at <= *t.first_response_due) ++met[i];
        }
    });
    for (std::size_t i = 0; i < rows; ++i) {
        const std::int64_t n = days[r.by_weekday ? static_cast<std::size_t>(*out[i].weekday) : 7];
        out[i].per_day = n ? static_cast<double>(out[i].tickets) / static_cast<double>(n) : 0;
        out[i].frt_p50 = percentile(waits[i], 0.5);
        out[i].frt_p90 = percentile(waits[i], 0.9);
        if (decided[i]) out[i].frt_sla = 100.0 * static_cast<double>(met[i]) / static_cast<double>(decided[i]);
    }
    return out;
}

double erlang_c_wait_probability(int agents, double erlangs) {
    if (erlangs <= 0) return 0;
    if (agents <= erlangs) return 1;
    // Erlang B by its recurrence (no factorials, no overflow), then C from B.
    double b = 1;
    for (int n = 1; n <= agents; ++n) b = erlangs * b / (n + erlangs * b);
    return agents * b / (agents - erlangs * (1 - b));
}

double erlang_c_service_level(int agents, double erlangs, Seconds handle_time, Seconds within) {
    if (erlangs <= 0) return 1;
    if (agents <= erlangs) return 0;
    const double wait = erlang_c_wait_probability(agents, erlangs);
    return 1 - wait * std::exp(-(agents - erlangs) * static_cast<double>(within) / static_cast<double>(handle_time));
}

double erlang_c_average_wait(int agents, double erlangs, Seconds handle_time) {
    if (erlangs <= 0) return 0;
    if (agents <= erlangs) return std::numeric_limits<double>::infinity();
    return erlang_c_wait_probability(agents, erlangs) * static_cast<double>(handle_time) / (agents - erlangs);
}

std::pair<double, Seconds> parse_service_level(std::string_view text) {
    const auto slash = text.find('/');
    int percent = 0, seconds = 0;
    const bool ok =
        slash != std::string_view::npos &&
        std::from_chars(text.data(), text.data() + slash, percent).ptr == text.data() + slash &&
        std::from_chars(text.data() + slash + 1, text.data() + text.size(), seconds).ptr == text.data() + text.size();
    if (!ok || percent <= 0 || percent >= 100 || seconds <= 0 || seconds > 3600)
        fail(ErrorKind::usage,
             "--service-level: '{}' is not PERCENT/SECONDS such as 80/20 (80 % answered within 20 seconds; 1-99 "
             "and 1-3600)",
             text);
    return {percent / 100.0, seconds};
}

std::vector<StaffingRow> staffing(Context& ctx, const StaffingRequest& r) {
    if (r.handle_time <= 0 || r.handle_time > 8 * k_hour)
        fail(ErrorKind::usage, "--handle-time: {} is not a handle time (1s to 8h)", format_duration(r.handle_time));
    std::vector<StaffingRow> out;
    for (const HourlyFigures& h : hourly_figures(ctx, r.hours)) {
        StaffingRow row;
        row.weekday = h.weekday;
        row.hour = h.hour;
        row.arrivals = h.per_day;
        row.erlangs = h.per_day * static_cast<double>(r.handle_time) / static_cast<double>(k_hour);
        if (row.erlangs > 0) {
            int n = std::max(1, static_cast<int>(std::floor(row.erlangs)) + 1);
            while (erlang_c_service_level(n, row.erlangs, r.handle_time, r.within) < r.service_level) ++n;
            row.agents = n;
            row.service_level = 100 * erlang_c_service_level(n, row.erlangs, r.handle_time, r.within);
            row.occupancy = 100 * row.erlangs / n;
            row.average_wait = static_cast<Seconds>(std::llround(erlang_c_average_wait(n, row.erlangs, r.handle_time)));
        }
        out.push_back(row);
    }
    return out;
}

}  // namespace svc
