#pragma once
// Tiered complaint handling (分级处理): raising a ticket to a higher level, each level with
// the role that handles it and the time it has to come up with a solution. The owner never
// changes; escalations are kept with who, why, when, the due time and the outcome.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "time/period.hpp"

namespace svc {

struct EscalateRequest {
    std::int64_t ticket = 0;
    std::string reason;
    std::optional<int> level;       // default: the next level
    std::optional<std::string> to;  // an agent of the level's role (or higher)
};

Escalation escalate_ticket(Context& ctx, const EscalateRequest& request);

// Raises a ticket already read inside the caller's transaction; used by the manual command
// and by the sweep. Refuses a level that is not higher than the current one.
Escalation raise_level(Context& ctx, Ticket& t, int to_level, std::string_view trigger, std::string_view reason,
                       const std::optional<std::string>& handler);

// What raise_level would do, checked the same way and applied to `t` in memory only: the
// escalation it would record (without an id) and the outcome it would give the level left.
struct RaisePlan {
    Escalation escalation;
    std::string previous_outcome;  // "breached" or "superseded"
};
RaisePlan plan_raise(Context& ctx, Ticket& t, int to_level, std::string_view trigger, std::string_view reason,
                     const std::optional<std::string>& handler);

struct EscalationFilter {
    std::optional<int> level;
    bool open = false, overdue = false;
    std::optional<Period> period;
};
std::vector<Escalation> list_escalations(Context& ctx, const EscalationFilter& filter);
std::vector<Escalation> ticket_escalations(Context& ctx, std::int64_t ticket_id);

// The escalation's state at `now`: met, breached, superseded, or open / overdue.
std::string escalation_state(const Escalation& e, Instant now);

}  // namespace svc
