#include "escalation.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "agents.hpp"
#include "audit.hpp"
#include "error.hpp"
#include "sla.hpp"
#include "text.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

RaisePlan plan_raise(Context& ctx, Ticket& t, int to_level, std::string_view trigger, std::string_view reason,
                     const std::optional<std::string>& handler) {
    const Policy& policy = ctx.policy();
    const int last = static_cast<int>(policy.levels.size()) - 1;
    if (to_level > last)
        fail(ErrorKind::refused, "ticket {} is at level {} ({}), the highest there is", t.id, t.level,
             policy.level(t.level).name);
    if (to_level <= t.level)
        fail(ErrorKind::refused, "ticket {} is already at level {} ({}); escalation never lowers a level", t.id,
             t.level, policy.level(t.level).name);
    if (t.status != TicketStatus::open && t.status != TicketStatus::pending)
        fail(ErrorKind::refused, "ticket {} is {}: only open or pending tickets are escalated (reopen it first)", t.id,
             t.status);
    const EscalationLevel& level = policy.level(to_level);
    if (handler) {
        auto agent = ctx.store().people().find_agent(*handler);
        if (!agent || !agent->active)
            fail(ErrorKind::refused, "--to: '{}' is not an active registered agent", *handler);
        if (vocab::rank(vocab::roles, agent->role) < vocab::rank(vocab::roles, level.role))
            fail(ErrorKind::refused, "--to: level {} ({}) is handled by a {}; '{}' is only {} {}", to_level, level.name,
                 level.role, *handler, agent->role == "agent" ? "an" : "a", agent->role);
    }
    // The previous level's target ends here: breached if it already passed, else superseded.
    const bool previous_breached = t.solution_due && ctx.now() >= *t.solution_due;

    const int from = t.level;
    t.level = to_level;
    t.level_role = level.role;
    if (handler && *handler != t.assignee) {
        t.assignee = *handler;  // the work moves; the owner answers for it still
        ++t.transfer_count;
    }
    SlaPlan plan = SlaPlan::from_json(t.sla);
    start_solution(policy, plan, t, level, ctx.now());
    t.updated_at = ctx.now();

    Escalation e;
    e.ticket_id = t.id;
    e.from_level = from;
    e.to_level = to_level;
    e.role = level.role;
    e.handler = handler;
    e.actor = ctx.actor();
    e.trigger = std::string(trigger);
    e.reason = std::string(reason);
    e.at = ctx.now();
    e.solution_due = t.solution_due;
    if (level.solution) e.solution_clock = std::string(to_string(level.clock));
    return {std::move(e), previous_breached ? "breached" : "superseded"};
}

Escalation raise_level(Context& ctx, Ticket& t, int to_level, std::string_view trigger, std::string_view reason,
                       const std::optional<std::string>& handler) {
    RaisePlan plan = plan_raise(ctx, t, to_level, trigger, reason, handler);
    ctx.store().escalations().end_escalation(t.id, ctx.now(), plan.previous_outcome);
    ctx.store().tickets().update_ticket(t);
    Escalation& e = plan.escalation;
    e.id = ctx.store().escalations().insert_escalation(e);
    const EscalationLevel& level = ctx.policy().level(to_level);
    record_audit(ctx, EventKind::ticket_escalate, t.id,
                 json::Object{{"from", e.from_level},
                              {"to", to_level},
                              {"level", level.name},
                              {"role", level.role},
                              {"handler", handler},
                              {"trigger", std::string(trigger)},
                              {"reason", std::string(reason)},
                              {"solution_due", t.solution_due}});
    return e;
}

Escalation escalate_ticket(Context& ctx, const EscalateRequest& r) {
    const UnitOfWork unit(ctx);
    const std::string reason = text::checked("--reason", r.reason, text::k_max_summary);
    current_actor(ctx);
    Ticket t = get_ticket(ctx, r.ticket);
    require_time_order(ctx, t);
    const int levels = static_cast<int>(ctx.policy().levels.size());
    if (r.level && (*r.level < 0 || *r.level >= levels))
        fail(ErrorKind::usage, "--level: {} is not an escalation level (0 to {})", *r.level, levels - 1);
    return raise_level(ctx, t, r.level.value_or(t.level + 1), "manual", reason, r.to);
}

std::vector<Escalation> list_escalations(Context& ctx, const EscalationFilter& f) {
    current_actor(ctx);
    EscalationQuery q;
    if (f.level) q.level = *f.level;
    q.open = f.open;
    q.overdue = f.overdue;
    q.now = ctx.now();
    if (f.period) {
        q.since = f.period->start;
        q.until = f.period->end;
    }
    return ctx.store().escalations().list_escalations(q);
}

std::vector<Escalation> ticket_escalations(Context& ctx, std::int64_t ticket_id) {
    EscalationQuery q;
    q.ticket_id = ticket_id;
    return ctx.store().escalations().list_escalations(q);
}

std::string escalation_state(const Escalation& e, Instant now) {
    if (e.outcome) return *e.outcome;
    if (e.solution_due && now >= *e.solution_due) return "overdue";
    return "open";
}

}  // namespace svc
