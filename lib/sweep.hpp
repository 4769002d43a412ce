#pragma once
// The SLA sweep, for cron every few minutes. One pass at the clock's now applies, per
// ticket and in one transaction each: first response breached → an event for the owner;
// resolution breached at level 0 → level 1; a level's solution target breached → the next
// level; a risk keyword below the risk level → the risk level; a target past its warning →
// one at_risk event. Idempotent (events and escalations are recorded once) and safe to run
// concurrently (each ticket is re-read under the write lock before acting).
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "delivery.hpp"

namespace svc {

struct SweepAction {
    Instant at = 0;
    std::int64_t ticket = 0;
    std::string action;  // first_response_breached | escalated | at_risk
    std::string target;
    std::optional<int> level;
    std::string recipient;
    std::string detail;
};

struct SweepOptions {
    bool dry_run = false;
    Notifier* notifier = nullptr;  // --notify
    // Each action as it is taken (or, dry, would be), so none need be kept.
    std::function<void(const SweepAction&)> on_action;
};

struct SweepResult {
    std::int64_t actions = 0;
    std::int64_t delivered = 0, held = 0;
    // "event 12 (ticket 42): exit status 1", or a ticket the rules could not act on.
    std::vector<std::string> failures;
};

SweepResult run_sweep(Context& ctx, const SweepOptions& options);
// What a sweep of one ticket writes: its events and escalations (to be delivered or not),
// or nothing (a dry run, which reports what it would do).
enum class SweepWrites { record, record_for_delivery, none };
// The rules for one ticket at the clock's now, inside the caller's transaction (the demo
// replays sweeps this way); returns what was done.
std::vector<SweepAction> sweep_ticket(Context& ctx, std::int64_t ticket_id, SweepWrites writes);

}  // namespace svc
