#include "wallboard.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "agents.hpp"
#include "customers.hpp"
#include "duty.hpp"
#include "error.hpp"
#include "escalation.hpp"
#include "kpi.hpp"
#include "sla.hpp"
#include "tickets.hpp"

namespace svc {

namespace {

// The figures the wallboard sets against the policy's targets, in the order shown.
constexpr std::array<std::string_view, 3> k_target_figures{"frt_sla", "res_sla", "csat"};

// The day [start, end) in the policy's zone that holds `at`.
Period day_of(Instant at, const Zone& zone) {
    const std::int64_t day = floor_div(zone.to_local(at), k_day);
    return {zone.from_local(day * k_day), zone.from_local((day + 1) * k_day), ""};
}

// Whether `at` falls in the working day: between the day's first opening and last closing
// on the business calendar, the lunch break included (the floor is staffed through it).
bool in_working_day(const BusinessCalendar& calendar, const Zone& zone, Instant at) {
    const LocalTime local = zone.to_local(at);
    const std::int64_t day = floor_div(local, k_day);
    const DayHours& hours = calendar.hours_on(day);
    const Seconds time_of_day = local - day * k_day;
    return !hours.empty() && time_of_day >= hours.front().start && time_of_day < hours.back().end;
}

// Today's counts and the figures with targets, for the centre or one team.
void read_todays_figures(Context& ctx, const WallboardRequest& request, Wallboard& board) {
    KpiRequest kpi;
    kpi.period = day_of(board.now, board.zone);
    kpi.period.label = "today";
    std::string metrics = "created,resolved";
    for (std::string_view m : k_target_figures) metrics += "," + std::string(m);
    kpi.metrics = parse_metrics(metrics);
    if (request.team) kpi.by = KpiDimension::team;
    const KpiReport report = compute_kpis(ctx, kpi);
    const KpiRow* row = nullptr;
    for (const KpiRow& r : report.rows)
        if (!request.team || r.group == *request.team) row = &r;
    auto value = [&](std::size_t i) { return row ? row->values[i] : std::nullopt; };
    board.created_today = static_cast<std::int64_t>(value(0).value_or(0));
    board.resolved_today = static_cast<std::int64_t>(value(1).value_or(0));
    const auto& targets = ctx.policy().kpi_targets;
    for (std::size_t i = 0; i < k_target_figures.size(); ++i) {
        const std::string metric(k_target_figures[i]);
        const auto target = targets.find(metric);
        board.today.push_back(
            {metric, value(i + 2), target == targets.end() ? std::nullopt : std::optional(target->second)});
    }
}

// Arrivals by hour today, and the average of the same hours on the earlier same weekdays
// that had any ticket (a store younger than the weeks asked for is not averaged with zeros).
void read_arrivals(Context& ctx, const WallboardRequest& request, Wallboard& board) {
    const Period today = day_of(board.now, board.zone);
    // Tickets created in each hour of the day, by the zone's clock.
    const auto by_hour = [&](const Period& day) {
        std::vector<std::int64_t> hours(24, 0);
        for (const Instant t : ctx.store().tickets().arrival_times(day.start, day.end)) {
            const LocalTime local = board.zone.to_local(t);
            ++hours[static_cast<std::size_t>(floor_div(local, k_hour) % 24)];
        }
        return hours;
    };
    const auto counts = by_hour(today);
    for (int h = 0; h < 24; ++h) board.hours.push_back({h, counts[static_cast<std::size_t>(h)], std::nullopt});
    std::vector<double> usual(24, 0);
    for (int week = 1; week <= request.usual_weeks; ++week) {
        const auto earlier = by_hour(day_of(today.start - week * 7 * k_day + k_day / 2, board.zone));
        if (std::all_of(earlier.begin(), earlier.end(), [](std::int64_t n) { return n == 0; })) continue;
        ++board.usual_days;
        for (std::size_t h = 0; h < 24; ++h) usual[h] += static_cast<double>(earlier[h]);
    }
    if (board.usual_days > 0)
        for (std::size_t h = 0; h < 24; ++h) board.hours[h].usual = usual[h] / board.usual_days;
}

}  // namespace

Wallboard read_wallboard(Context& ctx, const WallboardRequest& request) {
    ReadUnit unit(ctx);
    Wallboard board;
    board.now = ctx.now();
    board.zone = ctx.policy().zone;
    board.team = request.team;
    board.working_hours = in_working_day(ctx.policy().calendar, board.zone, board.now);

    // The team's agents (a ticket still with one who has left counts for the team), or
    // everyone; only active ones are shown as working.
    const std::vector<Agent> agents = ctx.store().people().list_agents(std::nullopt, request.team);
    if (request.team && agents.empty()) fail(ErrorKind::not_found, "--team: no agent is in team '{}'", *request.team);
    std::vector<std::string> logins;
    for (const Agent& a : agents) logins.push_back(a.login);
    const auto in_scope = [&](const std::string& login) {
        return !request.team || std::find(logins.begin(), logins.end(), login) != logins.end();
    };

    // The queue by channel, and each agent's load.
    std::map<std::string, ChannelQueue> channels;
    std::map<std::string, std::int64_t> load, breached;
    for (const QueueCount& q : ctx.store().tickets().queue_counts(board.now)) {
        if (!in_scope(q.assignee)) continue;
        ChannelQueue& c = channels[q.channel];
        c.channel = q.channel;
        for (ChannelQueue* sum : {&c, &board.total}) {
            if (q.status == "pending")
                sum->pending += q.tickets;
            else
                sum->open += q.tickets;
            if (q.waiting) sum->waiting += q.tickets;
        }
        load[q.assignee] += q.tickets;
        breached[q.assignee] += q.breached;
        board.breached += q.breached;
        board.at_risk += q.at_risk;
    }
    for (auto& [name, c] : channels) board.channels.push_back(c);

    // The next deadlines still ahead.
    TicketQuery q;
    q.assignees = request.team ? logins : std::vector<std::string>{};
    q.due_later = true;
    q.sort = TicketSort::due;
    q.limit = request.deadlines;
    list_tickets(ctx, q, [&](const TicketRow& row) {
        const Ticket& t = row.ticket;
        std::string target;
        for (const TargetStatus& s : target_statuses(t, board.now))
            if (!s.met_at && s.due == t.next_due) {
                target = std::string(to_string(s.target));
                break;
            }
        board.next_deadlines.push_back(
            {t.id, target, *t.next_due, t.channel, t.priority, t.assignee, mask_name(row.customer_name)});
    });

    // Escalations waiting, per level above the front line.
    const auto& levels = ctx.policy().levels;
    for (std::size_t i = 1; i < levels.size(); ++i)
        board.escalations.push_back({static_cast<int>(i), levels[i].name, levels[i].role, 0, 0});
    EscalationFilter running;
    running.open = true;
    for (const Escalation& e : list_escalations(ctx, running)) {
        if (request.team && !in_scope(get_ticket(ctx, e.ticket_id).assignee)) continue;
        for (LevelQueue& l : board.escalations)
            if (l.level == e.to_level) {
                ++l.waiting;
                if (escalation_state(e, board.now) == "overdue") ++l.overdue;
            }
    }

    read_todays_figures(ctx, request, board);
    read_arrivals(ctx, request, board);

    // Who is working: on the duty roster now, or (in working hours) any active agent.
    std::map<std::string, Instant> on_duty;
    DutyFilter now;
    now.now = true;
    for (const DutyShift& d : list_duty(ctx, now)) on_duty[d.login] = std::max(on_duty[d.login], d.ends_at);
    for (const Agent& a : agents) {
        if (!a.active) continue;
        const auto duty = on_duty.find(a.login);
        if (duty == on_duty.end() && !board.working_hours) continue;
        board.agents.push_back({a.login, a.name, a.role,
                                duty == on_duty.end() ? std::nullopt : std::optional(duty->second), load[a.login],
                                breached[a.login]});
    }
    std::stable_sort(board.agents.begin(), board.agents.end(), [](const FloorAgent& a, const FloorAgent& b) {
        if (a.on_duty_until.has_value() != b.on_duty_until.has_value()) return a.on_duty_until.has_value();
        if (a.open != b.open) return a.open > b.open;
        return a.login < b.login;
    });
    return board;
}

}  // namespace svc
