#pragma once
// The duty roster (值班表): who is on duty when. The policy says which hours are duty time
// ([duty], the duty clock); the roster says who covers them. A shift is kept as two
// instants; adding a range of dates adds one shift per date and interval of its hours.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "time/period.hpp"

namespace svc {

struct NewDuty {
    std::string dates;  // "2026-10-01", "2026-10-01..2026-10-07", "today" or "tomorrow"
    std::string login;
    // "10:00-16:00" (several joined by commas); unset = the duty-clock hours of each date
    // in the policy (working hours on working days, [duty] hours on weekends and holidays).
    std::optional<std::string> hours;
    std::optional<std::string> note;
};
// Adds the shifts (a supervisor's or manager's job) and returns them. Refuses (exit 2) bad
// dates or hours and a date with no hours to take; refuses (conflict) a shift that overlaps
// one the agent already has; nothing is written then.
std::vector<DutyShift> add_duty(Context& ctx, const NewDuty& duty);
// Removes one shift (a supervisor's or manager's job); the trail keeps it.
DutyShift remove_duty(Context& ctx, std::int64_t id);

struct DutyFilter {
    std::optional<Period> period;  // default: from the start of today on
    std::optional<std::string> login;
    bool now = false;  // only the shifts running now
};
std::vector<DutyShift> list_duty(Context& ctx, const DutyFilter& f);

// Who is on duty at `at` (shifts running then), by login, each once.
std::vector<std::string> on_duty_at(Context& ctx, Instant at);
// The same, of a role or above (the on-duty manager of an escalation).
std::vector<std::string> on_duty_at(Context& ctx, Instant at, std::string_view min_role);

}  // namespace svc
