#pragma once
// The wallboard (监控大屏): the state of the queue at one instant, for a screen the whole floor
// can see: what waits by channel, the deadlines breached, at risk and next, escalations
// waiting per level, today's figures against the policy's targets, today's arrivals by hour
// against the same weekday's usual, and who is working or on duty. Names of customers are
// masked: the page hangs where anyone walking by can read it.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"

namespace svc {

struct ChannelQueue {
    std::string channel;
    std::int64_t waiting = 0;  // open and owing the customer an answer
    std::int64_t open = 0;     // open, waiting ones included
    std::int64_t pending = 0;  // on hold
};

struct UpcomingDeadline {
    std::int64_t ticket = 0;
    std::string target;  // first_response | next_response | solution | resolution
    Instant due = 0;
    std::string channel, priority, assignee;
    std::string customer;  // masked: 张**
};

struct LevelQueue {
    int level = 0;
    std::string name, role;
    std::int64_t waiting = 0;  // open escalations at this level
    std::int64_t overdue = 0;  // of them, past their solution target
};

struct FigureAgainstTarget {
    std::string metric;            // frt_sla | res_sla | csat
    std::optional<double> value;   // none before anything was decided today
    std::optional<double> target;  // the policy's [kpi] targets; none when it sets none
};

struct HourArrivals {
    int hour = 0;
    std::int64_t today = 0;
    std::optional<double> usual;  // the average of the same hour on the same weekday before
};

struct FloorAgent {
    std::string login, name, role;
    std::optional<Instant> on_duty_until;  // on the duty roster now, until then
    std::int64_t open = 0, breached = 0;   // active tickets assigned to them, and breached ones
};

struct Wallboard {
    Instant now = 0;
    Zone zone;
    std::optional<std::string> team;
    bool working_hours = false;  // the business calendar is open now
    std::vector<ChannelQueue> channels;
    ChannelQueue total;
    std::int64_t breached = 0, at_risk = 0;  // active tickets with a target breached / at risk now
    std::vector<UpcomingDeadline> next_deadlines;
    std::vector<LevelQueue> escalations;  // every level above the front line
    std::int64_t created_today = 0, resolved_today = 0;
    std::vector<FigureAgainstTarget> today;
    std::vector<HourArrivals> hours;  // 0 … 23
    int usual_days = 0;               // the earlier same weekdays with tickets the usual averages
    std::vector<FloorAgent> agents;   // on duty first, then by load
};

struct WallboardRequest {
    std::optional<std::string> team;  // the queue of a team's agents; the centre's otherwise
    int deadlines = 10;               // how many upcoming deadlines
    int usual_weeks = 4;              // how many earlier same weekdays make the usual
};

// Errors: not_found for a team with no agent.
Wallboard read_wallboard(Context& ctx, const WallboardRequest& request);

}  // namespace svc
