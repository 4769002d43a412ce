#include "sweep.hpp"

#include <fmt/format.h>

#include <optional>

#include "agents.hpp"
#include "delivery.hpp"
#include "duty.hpp"
#include "error.hpp"
#include "escalation.hpp"
#include "json/json.hpp"
#include "sla.hpp"
#include "tickets.hpp"

namespace svc {

namespace {

class TicketSweep {
public:
    // A dry sweep decides the same way and writes nothing: it looks up the events a sweep
    // would find recorded and applies escalations to its copy of the ticket only.
    TicketSweep(Context& ctx, SweepWrites writes, std::vector<SweepAction>& actions)
        : m_ctx(ctx), m_writes(writes), m_actions(actions) {}

    void run(Ticket& t) {
        const Policy& policy = m_ctx.policy();
        const Instant now = m_ctx.now();
        // 1. First response breached: tell the owner, once.
        if (!t.first_responded_at && t.first_response_due && *t.first_response_due <= now)
            event(t, "first_response_breached", "first_response", *t.first_response_due, t.owner,
                  clock_of(SlaPlan::from_json(t.sla).first_response), {});
        // 4. Risk words go straight to the risk level (before the time-based rules, which
        //    would stop one level short).
        if (t.risk_keyword && t.level < policy.risk_level)
            escalate(t, policy.risk_level, "risk_keyword", fmt::format("risk keyword: {}", *t.risk_keyword));
        // 2. Resolution breached at the front line (when the policy has a level above it).
        if (t.level == 0 && policy.levels.size() > 1 && t.status == TicketStatus::open && t.resolve_due &&
            *t.resolve_due <= now)
            escalate(t, 1, "resolution_breached",
                     fmt::format("resolution target passed at {}", format_instant(*t.resolve_due, policy.zone)));
        // 3. A level's solution target breached: up one level, up to the last.
        const int last = static_cast<int>(policy.levels.size()) - 1;
        if (t.level > 0 && t.level < last && t.solution_due && *t.solution_due <= now)
            escalate(t, t.level + 1, "solution_breached",
                     fmt::format("level {} solution target passed at {}", t.level,
                                 format_instant(*t.solution_due, policy.zone)));
        // 6. The top level's solution target breached: there is no one higher to hand it to,
        //    so tell that level's role, once per deadline, that it is overdue.
        if (last > 0 && t.level == last && t.solution_due && *t.solution_due <= now) {
            const EscalationLevel& top = policy.level(last);
            event(t, "escalation_overdue", "solution", *t.solution_due, top.role, std::string(to_string(top.clock)),
                  fmt::format("level {} ({}) solution target passed at {}; no level above it", last, top.name,
                              format_instant(*t.solution_due, policy.zone)));
        }
        // 5. Targets past their warning, not yet breached: one event per target and deadline.
        for (const TargetStatus& s : target_statuses(t, now)) {
            if (s.state != TargetState::at_risk || !s.due) continue;
            event(t, "at_risk", std::string(to_string(s.target)), *s.due, t.assignee, std::string(to_string(s.clock)),
                  fmt::format("due {}", format_instant(*s.due, policy.zone)));
        }
    }

private:
    static std::string clock_of(const std::optional<SlaChoice>& c) {
        return std::string(to_string(c ? c->clock : SlaClock::business));
    }

    json::Value payload(const Ticket& t, std::string_view kind, std::string_view target, Instant due,
                        const std::string& recipient, const std::string& detail) {
        const Zone& zone = m_ctx.policy().zone;
        return json::Object{{"event", kind},
                            {"ticket", t.id},
                            {"at", format_instant(m_ctx.now(), zone)},
                            {"target", target},
                            {"due", due ? json::Value(format_instant(due, zone)) : json::Value()},
                            {"level", t.level},
                            {"recipient", recipient},
                            {"owner", t.owner},
                            {"assignee", t.assignee},
                            {"priority", t.priority},
                            {"summary", t.summary},
                            {"detail", detail}};
    }

    void event(const Ticket& t, std::string_view kind, const std::string& target, Instant due,
               const std::string& recipient, const std::string& clock, const std::string& detail) {
        SweepEvent e;
        e.ticket_id = t.id;
        e.kind = std::string(kind);
        e.target = target;
        e.due = due;
        e.at = m_ctx.now();
        e.recipient = recipient;
        e.clock = clock;
        e.notify = m_writes == SweepWrites::record_for_delivery;
        // A dry sweep only asks whether the event was recorded: it needs no payload.
        if (!dry()) e.payload = json::dump(payload(t, kind, target, due, recipient, detail));
        if (dry() ? m_ctx.store().escalations().has_sweep_event(e) : !m_ctx.store().escalations().insert_sweep_event(e))
            return;  // acted on before
        m_actions.push_back({m_ctx.now(), t.id, e.kind, target, t.level, recipient, detail});
    }

    void escalate(Ticket& t, int to_level, std::string_view trigger, const std::string& reason) {
        const Escalation e = dry() ? plan_raise(m_ctx, t, to_level, trigger, reason, std::nullopt).escalation
                                   : raise_level(m_ctx, t, to_level, trigger, reason, std::nullopt);
        const EscalationLevel& level = m_ctx.policy().level(to_level);
        const std::string detail =
            fmt::format("level {} → {} ({}, for a {}): {}", e.from_level, e.to_level, level.name, level.role, reason);
        // A level that must hear at once (a crisis) is not held for working or duty time.
        const SlaClock clock = level.notify_at_once ? SlaClock::around_the_clock : level.clock;
        event(t, "escalated", std::to_string(to_level), 0, level.role, std::string(to_string(clock)), detail);
    }

    bool dry() const { return m_writes == SweepWrites::none; }

    Context& m_ctx;
    SweepWrites m_writes;
    std::vector<SweepAction>& m_actions;
};

// The people on duty a delivered event names ("on_duty" in its payload), so that the pager
// reaches them: for an escalation_overdue, and an escalation to a level that must hear at
// once, those on duty of its role or above, at any hour; for any other duty-clock or 24x7
// event outside working hours, everyone on duty. Nothing (no "on_duty") otherwise.
std::optional<std::vector<std::string>> on_duty_for(Context& ctx, const SweepEvent& e, bool working) {
    const Policy& policy = ctx.policy();
    if (e.kind == "escalation_overdue") return on_duty_at(ctx, ctx.now(), e.recipient.value_or("manager"));
    if (e.kind == "escalated") {
        const int level = std::atoi(e.target.c_str());
        if (level > 0 && static_cast<std::size_t>(level) < policy.levels.size() && policy.level(level).notify_at_once)
            return on_duty_at(ctx, ctx.now(), policy.level(level).role);
    }
    if (e.clock != "business" && !working) return on_duty_at(ctx, ctx.now());
    return std::nullopt;
}

}  // namespace

std::vector<SweepAction> sweep_ticket(Context& ctx, std::int64_t ticket_id, SweepWrites writes) {
    std::vector<SweepAction> actions;
    auto t = ctx.store().tickets().find_ticket(ticket_id);
    if (t && (t->status == TicketStatus::open || t->status == TicketStatus::pending))
        TicketSweep(ctx, writes, actions).run(*t);
    return actions;
}

SweepResult run_sweep(Context& ctx, const SweepOptions& o) {
    current_actor(ctx);
    const Policy& policy = ctx.policy();
    SweepResult result;
    Store& store = ctx.store();
    // A dry run writes nothing: one read snapshot for the run instead of a write lock (and
    // a rollback) per ticket.
    std::optional<ReadSnapshot> snapshot;
    if (o.dry_run) snapshot.emplace(store);
    const SweepWrites writes = o.dry_run    ? SweepWrites::none
                               : o.notifier ? SweepWrites::record_for_delivery
                                            : SweepWrites::record;
    for (const std::int64_t id : store.tickets().sweep_candidates(ctx.now(), policy.risk_level)) {
        // One transaction per ticket; the ticket is read again under the write lock, so a
        // sweep running alongside has either acted already or waits.
        // A ticket the rules cannot act on is reported and left as it was; the others are
        // still swept, so one bad record never stops the cron job.
        try {
            std::optional<WriteTransaction> tx;
            if (!o.dry_run) tx.emplace(store);
            const std::vector<SweepAction> actions = sweep_ticket(ctx, id, writes);
            if (tx) tx->commit();
            for (const SweepAction& a : actions) {
                ++result.actions;
                if (o.on_action) o.on_action(a);
            }
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::storage) throw;
            result.failures.push_back(fmt::format("ticket {}: {}", id, e.what()));
        }
    }
    if (!o.notifier || o.dry_run) return result;

    // Delivery: each undelivered event once. A business-clock event waits for working
    // time and a duty-clock one for duty time, so nobody is paged at 3 a.m. or on a holiday
    // that has no duty.
    const bool working = policy.calendar.is_working(ctx.now());
    const bool duty_time = policy.duty_calendar.is_working(ctx.now());
    const std::string holder = lease_holder(ctx);
    for (const SweepEvent& e : store.escalations().undelivered_events()) {
        if ((e.clock == "business" && !working) || (e.clock == "duty" && !duty_time)) {
            ++result.held;
            continue;
        }
        {
            WriteTransaction tx(store);
            if (!store.escalations().claim_sweep_event(e.id, ctx.now(), holder, ctx.now() + k_delivery_lease))
                continue;  // another sweep has it, or has delivered it since the list was read
            tx.commit();
        }
        std::string error;
        std::string line = e.payload;
        if (const auto people = on_duty_for(ctx, e, working)) line = with_on_duty(line, *people);
        const bool ok = o.notifier->deliver(with_delivery_id(line, fmt::format("sweep-{}", e.id)), error);
        WriteTransaction tx(store);
        store.escalations().mark_sweep_event(e.id, ok ? std::optional(ctx.now()) : std::nullopt,
                                             ok ? std::nullopt : std::optional(error), holder);
        tx.commit();
        if (ok)
            ++result.delivered;
        else
            result.failures.push_back(
                fmt::format("notify failed: event {} (ticket {}, {}): {}", e.id, e.ticket_id, e.kind, error));
    }
    return result;
}

}  // namespace svc
