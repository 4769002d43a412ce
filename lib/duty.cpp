#include "duty.hpp"

#include <algorithm>

#include "agents.hpp"
#include "audit.hpp"
#include "error.hpp"
#include "text.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

// A roster is planned a year at a time at most; anything longer is a typo.
constexpr std::int64_t k_max_roster_days = 366;

struct DateRange {
    std::int64_t first, last;  // days since epoch, both included
};

std::int64_t roster_date(std::string_view text, Context& ctx) {
    const std::int64_t today = floor_div(ctx.policy().zone.to_local(ctx.now()), k_day);
    if (text == "today") return today;
    if (text == "tomorrow") return today + 1;
    try {
        return parse_date(text);
    } catch (const Error&) {
        fail(ErrorKind::usage, "DATES: '{}' is not a date (YYYY-MM-DD, A..B, today or tomorrow)", text);
    }
}

DateRange roster_dates(std::string_view text, Context& ctx) {
    const auto dots = text.find("..");
    if (dots == std::string_view::npos) {
        const std::int64_t day = roster_date(text, ctx);
        return {day, day};
    }
    const DateRange r{roster_date(text.substr(0, dots), ctx), roster_date(text.substr(dots + 2), ctx)};
    if (r.last < r.first) fail(ErrorKind::usage, "DATES: '{}' ends before it starts", text);
    if (r.last - r.first >= k_max_roster_days)
        fail(ErrorKind::usage, "DATES: '{}' spans more than {} days", text, k_max_roster_days);
    return r;
}

json::Value shift_json(const DutyShift& d) {
    return json::Object{
        {"shift", d.id}, {"login", d.login}, {"starts_at", d.starts_at}, {"ends_at", d.ends_at}, {"note", d.note}};
}

}  // namespace

std::vector<DutyShift> add_duty(Context& ctx, const NewDuty& n) {
    const UnitOfWork unit(ctx);
    const DateRange dates = roster_dates(n.dates, ctx);
    std::optional<DayHours> hours;
    if (n.hours) {
        try {
            hours = parse_day_hours(*n.hours);
        } catch (const Error& e) {
            fail(ErrorKind::usage, "--hours: {}", e.what());
        }
        if (hours->empty()) fail(ErrorKind::usage, "--hours: '{}' gives no hours", *n.hours);
    }
    std::optional<std::string> note;
    if (n.note) note = text::checked("--note", *n.note, text::k_max_summary);
    const Actor actor = require_role(ctx, "supervisor", "keep the duty roster");
    const Agent agent = find_agent(ctx, n.login);
    if (!agent.active) fail(ErrorKind::refused, "agent '{}' is deactivated and cannot be on duty", agent.login);

    const Policy& policy = ctx.policy();
    std::vector<DutyShift> shifts;
    for (std::int64_t day = dates.first; day <= dates.last; ++day) {
        const DayHours& of_day = hours ? *hours : policy.duty_calendar.hours_on(day);
        if (of_day.empty())
            fail(ErrorKind::usage,
                 "{} has no working or duty hours in the policy: give the shift's hours with --hours 10:00-16:00",
                 format_date(day));
        for (const TimeRange& r : of_day) {
            DutyShift d;
            d.login = agent.login;
            d.starts_at = policy.zone.from_local(day * k_day + r.start);
            d.ends_at = policy.zone.from_local(day * k_day + r.end);
            d.note = note;
            d.created_by = actor.login;
            d.created_at = ctx.now();
            if (d.ends_at <= d.starts_at) continue;  // an interval the clocks skip
            shifts.push_back(std::move(d));
        }
    }
    PeopleStore& people = ctx.store().people();
    for (DutyShift& d : shifts) {
        const auto clash = people.list_duty_shifts(d.starts_at, d.ends_at, d.login);
        if (!clash.empty())
            fail(ErrorKind::conflict, "{} is already on duty from {} to {} (shift {}): remove it first", d.login,
                 format_instant(clash.front().starts_at, policy.zone),
                 format_instant(clash.front().ends_at, policy.zone), clash.front().id);
        d.id = people.insert_duty_shift(d);
        record_audit(ctx, EventKind::agent_duty_add, agent.id, shift_json(d));
    }
    return shifts;
}

DutyShift remove_duty(Context& ctx, std::int64_t id) {
    const UnitOfWork unit(ctx);
    require_role(ctx, "supervisor", "keep the duty roster");
    PeopleStore& people = ctx.store().people();
    const auto shift = people.find_duty_shift(id);
    if (!shift) fail(ErrorKind::not_found, "duty shift {} not found", id);
    const Agent agent = find_agent(ctx, shift->login);
    people.delete_duty_shift(id);
    record_audit(ctx, EventKind::agent_duty_remove, agent.id, shift_json(*shift));
    return *shift;
}

std::vector<DutyShift> list_duty(Context& ctx, const DutyFilter& f) {
    current_actor(ctx);
    Instant from = ctx.policy().zone.from_local(floor_div(ctx.policy().zone.to_local(ctx.now()), k_day) * k_day);
    Instant to = k_clock_latest;
    if (f.period) {
        from = f.period->start;
        to = f.period->end;
    }
    if (f.now) {
        from = std::max(from, ctx.now());
        to = std::min(to, ctx.now() + 1);
    }
    return ctx.store().people().list_duty_shifts(from, to, f.login);
}

std::vector<std::string> on_duty_at(Context& ctx, Instant at) {
    std::vector<std::string> logins;
    for (const DutyShift& d : ctx.store().people().list_duty_shifts(at, at + 1, std::nullopt))
        if (std::find(logins.begin(), logins.end(), d.login) == logins.end()) logins.push_back(d.login);
    std::sort(logins.begin(), logins.end());
    return logins;
}

std::vector<std::string> on_duty_at(Context& ctx, Instant at, std::string_view min_role) {
    std::vector<std::string> out;
    for (std::string& login : on_duty_at(ctx, at)) {
        const auto agent = ctx.store().people().find_agent(login);
        if (agent && vocab::rank(vocab::roles, agent->role) >= vocab::rank(vocab::roles, min_role))
            out.push_back(std::move(login));
    }
    return out;
}

}  // namespace svc
