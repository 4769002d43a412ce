#pragma once
// Figures by hour of the day (and weekday × hour), and the staffing they call for: Erlang C
// turns the hourly arrivals and the handle time into the agents needed to answer a share of
// contacts within a time (the service level, 80/20: 80 % within 20 seconds), for the roster.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "time/period.hpp"

namespace svc {

// Tickets opened in the period, by the hour of day they arrived (in the policy zone).
struct HourlyFigures {
    std::optional<int> weekday;  // 0 = Monday; none when all days are one row
    int hour = 0;
    std::int64_t tickets = 0;
    double per_day = 0;                       // tickets / the number of such days in the period
    std::optional<Seconds> frt_p50, frt_p90;  // first-response times of those answered
    std::optional<double> frt_sla;            // first-response targets met, percent of those decided
};
struct HourlyRequest {
    Period period;
    bool by_weekday = false;
    std::vector<std::string> channels;  // none = all
};
// Every hour of the day (or of each weekday) in order, empty hours included.
std::vector<HourlyFigures> hourly_figures(Context& ctx, const HourlyRequest& r);

// Erlang C, for `agents` serving `erlangs` of traffic (arrivals per second × handle time).
// The probability that a contact waits; 1 when the agents cannot keep up (agents <= erlangs).
double erlang_c_wait_probability(int agents, double erlangs);
// The share of contacts answered within `within` seconds.
double erlang_c_service_level(int agents, double erlangs, Seconds handle_time, Seconds within);
// The average wait of all contacts, in seconds (infinite when agents <= erlangs).
double erlang_c_average_wait(int agents, double erlangs, Seconds handle_time);

struct StaffingRequest {
    HourlyRequest hours;
    double service_level = 0.8;  // the share to answer …
    Seconds within = 20;         // … within this many seconds
    Seconds handle_time = 300;   // average handle time of one contact
};
// "80/20" → 0.8 and 20 s; Error(usage) naming --service-level.
std::pair<double, Seconds> parse_service_level(std::string_view text);

struct StaffingRow {
    std::optional<int> weekday;
    int hour = 0;
    double arrivals = 0;  // per hour, on an average day
    double erlangs = 0;
    int agents = 0;  // the fewest that reach the service level (0 with no arrivals)
    std::optional<double> service_level, occupancy;
    std::optional<Seconds> average_wait;
};
std::vector<StaffingRow> staffing(Context& ctx, const StaffingRequest& r);

}  // namespace svc
