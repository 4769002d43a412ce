#include "sla.hpp"

#include <cmath>

#include "json/json.hpp"

namespace svc {

namespace {

// {"rule","clock","seconds"} as before working days existed, "days" beside them when set.
json::Value choice_json(const std::optional<SlaChoice>& c) {
    if (!c) return {};
    json::Object o{{"rule", c->rule}, {"clock", to_string(c->clock)}};
    if (c->duration.days) o.emplace_back("days", c->duration.days);
    o.emplace_back("seconds", c->duration.seconds);
    return o;
}

std::optional<SlaChoice> choice_from(const json::Value* v) {
    if (!v || !v->is_object()) return std::nullopt;
    const json::Value* rule = v->find("rule");
    const json::Value* clock = v->find("clock");
    const json::Value* seconds = v->find("seconds");
    const json::Value* days = v->find("days");
    if (!rule || !rule->is_string() || !seconds || !seconds->is_integer()) return std::nullopt;
    const auto c = clock && clock->is_string() ? parse_clock(clock->as_string()) : std::nullopt;
    return SlaChoice{rule->as_string(),
                     Span{days && days->is_integer() ? days->as_integer() : 0, seconds->as_integer()},
                     c.value_or(SlaClock::business)};
}

// A target's due time and the time it turns at risk (warn_at of its length on its clock),
// both moved on by `paused` seconds of that clock.
struct Deadline {
    Instant due, warn;
};
Deadline deadline_of(const Policy& policy, const SlaChoice& c, Instant start, Seconds paused = 0) {
    const Instant due = policy.deadline(c.clock, start, c.duration);
    const Seconds length = target_length(policy, c, start);
    const auto warn_after = static_cast<Seconds>(std::llround(static_cast<double>(length) * policy.warn_at));
    return {policy.deadline(c.clock, due, paused), policy.deadline(c.clock, start, warn_after + paused)};
}

void take_min(std::optional<Instant>& acc, const std::optional<Instant>& v) {
    if (v && (!acc || *v < *acc)) acc = v;
}

}  // namespace

std::string SlaPlan::to_json() const {
    json::Object o;
    if (first_response) o.emplace_back("first_response", choice_json(first_response));
    if (next_response) o.emplace_back("next_response", choice_json(next_response));
    if (resolution) o.emplace_back("resolution", choice_json(resolution));
    if (solution) o.emplace_back("solution", choice_json(solution));
    return json::dump(json::Value(std::move(o)));
}

SlaPlan SlaPlan::from_json(const std::string& text) {
    SlaPlan p;
    if (text.empty()) return p;
    const json::Value v = json::parse(text);
    p.first_response = choice_from(v.find("first_response"));
    p.next_response = choice_from(v.find("next_response"));
    p.resolution = choice_from(v.find("resolution"));
    p.solution = choice_from(v.find("solution"));
    return p;
}

Seconds target_length(const Policy& policy, const SlaChoice& c, Instant start) {
    if (!c.duration.days) return c.duration.seconds;
    return policy.elapsed(c.clock, start, policy.deadline(c.clock, start, c.duration));
}

Instant into_target(const Policy& policy, const SlaChoice& c, Instant start, double fraction) {
    const double length = static_cast<double>(target_length(policy, c, start));
    return policy.deadline(c.clock, start, std::max<Seconds>(1, std::llround(length * fraction)));
}

SlaPlan plan_sla(const Policy& policy, const SlaSubject& subject) {
    return {policy.choose(SlaTarget::first_response, subject), policy.choose(SlaTarget::next_response, subject),
            policy.choose(SlaTarget::resolution, subject), std::nullopt};
}

void start_solution(const Policy& policy, SlaPlan& plan, Ticket& t, const EscalationLevel& level, Instant at) {
    if (level.solution) {
        plan.solution = SlaChoice{level.name, *level.solution, level.clock};
        const Deadline d = deadline_of(policy, *plan.solution, at);
        t.solution_due = d.due;
        t.solution_warn = d.warn;
    } else {
        plan.solution.reset();
        t.solution_due.reset();
        t.solution_warn.reset();
    }
    t.sla = plan.to_json();
    refresh_next(t);
}

void apply_sla(const Policy& policy, const SlaPlan& plan, Ticket& t, bool including_met) {
    if (!t.first_responded_at || including_met) {
        if (plan.first_response) {
            const Deadline d = deadline_of(policy, *plan.first_response, t.created_at);
            t.first_response_due = d.due;
            t.first_response_warn = d.warn;
        } else {
            t.first_response_due.reset();
            t.first_response_warn.reset();
        }
    }
    if (!t.resolved_at || including_met) {
        if (plan.resolution) {
            // Additive on either clock, so the time on hold, measured on the target's own
            // clock, simply extends the target.
            const auto& c = *plan.resolution;
            const Seconds paused = c.clock == SlaClock::around_the_clock ? t.resolve_paused_wall : t.resolve_paused;
            const Deadline d = deadline_of(policy, c, t.resolve_start, paused);
            t.resolve_due = d.due;
            t.resolve_warn = d.warn;
        } else {
            t.resolve_due.reset();
            t.resolve_warn.reset();
        }
    }
    // A recomputed plan keeps the running escalation target.
    SlaPlan kept = plan;
    if (!kept.solution) kept.solution = SlaPlan::from_json(t.sla).solution;
    t.sla = kept.to_json();
    refresh_next(t);
}

void start_next_response(const Policy& policy, const SlaPlan& plan, Ticket& t, Instant at) {
    // Before the first reply the first-response target already covers the customer; a
    // resolved ticket has no reply target (reopen it when the problem is not solved).
    if (!plan.next_response || !t.first_responded_at || t.next_response_due) return;
    if (t.status != TicketStatus::open && t.status != TicketStatus::pending) return;
    const Deadline d = deadline_of(policy, *plan.next_response, at);
    t.next_response_due = d.due;
    t.next_response_warn = d.warn;
    refresh_next(t);
}

void refresh_next(Ticket& t) {
    t.next_due.reset();
    t.next_warn.reset();
    if (t.status != TicketStatus::open && t.status != TicketStatus::pending) return;
    if (!t.first_responded_at) {
        take_min(t.next_due, t.first_response_due);
        take_min(t.next_warn, t.first_response_warn);
    }
    take_min(t.next_due, t.next_response_due);
    take_min(t.next_warn, t.next_response_warn);
    take_min(t.next_due, t.solution_due);
    take_min(t.next_warn, t.solution_warn);
    if (t.status == TicketStatus::open) {
        take_min(t.next_due, t.resolve_due);
        take_min(t.next_warn, t.resolve_warn);
    } else if (t.paused_at && t.resolve_due && *t.resolve_due <= *t.paused_at) {
        take_min(t.next_due, t.resolve_due);  // missed before the hold: overdue still
    }
}

std::string_view to_string(TargetState s) {
    switch (s) {
        case TargetState::ok:
            return "ok";
        case TargetState::at_risk:
            return "at_risk";
        case TargetState::breached:
            return "breached";
        case TargetState::met:
            return "met";
        case TargetState::paused:
            return "paused";
    }
    return "?";
}

std::vector<TargetStatus> target_statuses(const Ticket& t, Instant now) {
    const SlaPlan plan = SlaPlan::from_json(t.sla);
    std::vector<TargetStatus> out;
    auto judge = [&](SlaTarget target, const std::optional<SlaChoice>& choice, std::optional<Instant> due,
                     std::optional<Instant> warn, std::optional<Instant> met_at, bool paused) {
        if (!choice || !due) return;
        TargetStatus s{target, choice->rule, choice->clock, due, warn, met_at, TargetState::ok, false};
        if (met_at) {
            s.met_late = *met_at > *due;
            s.state = s.met_late ? TargetState::breached : TargetState::met;
        } else if (now >= *due) {
            s.state = TargetState::breached;
        } else if (paused) {
            s.state = TargetState::paused;
        } else if (warn && now >= *warn) {
            s.state = TargetState::at_risk;
        }
        out.push_back(s);
    };
    // A ticket resolved before anyone replied: the resolution answered the customer.
    const bool closed_before =
        (t.status == TicketStatus::resolved || t.status == TicketStatus::closed) && t.resolved_at;
    judge(SlaTarget::first_response, plan.first_response, t.first_response_due, t.first_response_warn,
          t.first_responded_at ? t.first_responded_at : (closed_before ? t.resolved_at : std::nullopt), false);
    judge(SlaTarget::next_response, plan.next_response, t.next_response_due, t.next_response_warn, std::nullopt, false);
    const bool resolved = t.status == TicketStatus::resolved || t.status == TicketStatus::closed;
    judge(SlaTarget::solution, plan.solution, t.solution_due, t.solution_warn, resolved ? t.resolved_at : std::nullopt,
          false);
    const bool closed_out = t.status == TicketStatus::resolved || t.status == TicketStatus::closed;
    // While pending the resolution clock is stopped: its due time moves on resume.
    const bool paused = t.status == TicketStatus::pending;
    if (plan.resolution && t.resolve_due) {
        TargetStatus s{SlaTarget::resolution,  plan.resolution->rule,
                       plan.resolution->clock, t.resolve_due,
                       t.resolve_warn,         closed_out ? t.resolved_at : std::nullopt,
                       TargetState::ok,        false};
        if (s.met_at) {
            s.met_late = *s.met_at > *s.due;
            s.state = s.met_late ? TargetState::breached : TargetState::met;
        } else if (paused) {
            // A target already missed when the ticket was put on hold stays missed.
            s.state = t.paused_at && *t.paused_at >= *s.due ? TargetState::breached : TargetState::paused;
        } else if (now >= *s.due) {
            s.state = TargetState::breached;
        } else if (s.warn && now >= *s.warn) {
            s.state = TargetState::at_risk;
        }
        out.push_back(s);
    }
    return out;
}

TargetState ticket_sla_state(const Ticket& t, Instant now) {
    const auto statuses = target_statuses(t, now);
    bool any_at_risk = false, any_paused = false, all_met = !statuses.empty();
    for (const auto& s : statuses) {
        if (s.state == TargetState::breached) return TargetState::breached;
        any_at_risk |= s.state == TargetState::at_risk;
        any_paused |= s.state == TargetState::paused;
        all_met &= s.state == TargetState::met;
    }
    if (any_at_risk) return TargetState::at_risk;
    if (any_paused) return TargetState::paused;
    if (all_met || t.status == TicketStatus::resolved || t.status == TicketStatus::closed) return TargetState::met;
    return TargetState::ok;
}

}  // namespace svc
