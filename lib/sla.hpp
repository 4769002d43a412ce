#pragma once
// A ticket's SLA targets: which rule sets each one, when it is due, when it turns at risk,
// and its state at a given instant. The only place that turns policy durations into a
// ticket's deadlines.
#include <optional>
#include <string>
#include <vector>

#include "policy/policy.hpp"
#include "store/records.hpp"

namespace svc {

// The rule chosen for each target when the ticket was opened (or recomputed).
struct SlaPlan {
    std::optional<SlaChoice> first_response, next_response, resolution;
    std::optional<SlaChoice> solution;  // set by an escalation: its level's target

    std::string to_json() const;
    static SlaPlan from_json(const std::string& text);
};

SlaPlan plan_sla(const Policy& policy, const SlaSubject& subject);

// The length of a target started at `start`, measured on its own clock (a working day
// counts the working time it spans).
Seconds target_length(const Policy& policy, const SlaChoice& c, Instant start);
// The instant `fraction` of that length after start, on the target's clock (at least 1 s).
Instant into_target(const Policy& policy, const SlaChoice& c, Instant start, double fraction);

// Sets the first-response and resolution deadlines (and their warnings) of `t` from `plan`:
// first response from created_at, resolution from resolve_start plus the paused time.
// Targets already met keep their deadlines unless `including_met` (a ticket imported with
// its history). Also refreshes next_due / next_warn.
void apply_sla(const Policy& policy, const SlaPlan& plan, Ticket& t, bool including_met = false);
// Starts the keep-in-loop target after a customer message at `at` (when the plan has one).
void start_next_response(const Policy& policy, const SlaPlan& plan, Ticket& t, Instant at);
// Starts the solution target of an escalation level at `at` (or clears it when the level
// has none).
void start_solution(const Policy& policy, SlaPlan& plan, Ticket& t, const EscalationLevel& level, Instant at);
// Recomputes next_due / next_warn: the earliest unmet deadline and warning of a ticket
// that is still open (resolution is left out while pending: its clock is stopped).
void refresh_next(Ticket& t);

enum class TargetState { ok, at_risk, breached, met, paused };
std::string_view to_string(TargetState s);

struct TargetStatus {
    SlaTarget target;
    std::string rule;
    SlaClock clock;
    std::optional<Instant> due, warn, met_at;
    TargetState state;
    bool met_late = false;  // met, but after the due time
};

// Every target the ticket has, with its state at `now`.
std::vector<TargetStatus> target_statuses(const Ticket& t, Instant now);
// The ticket's overall state: breached beats at_risk beats paused beats ok; met when closed out.
TargetState ticket_sla_state(const Ticket& t, Instant now);

}  // namespace svc
