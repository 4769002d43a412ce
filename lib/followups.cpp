#include "followups.hpp"

#include <fmt/format.h>

#include <map>

#include "agents.hpp"
#include "audit.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "text.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

constexpr std::array<std::string_view, 4> k_kinds{"callback", "promise", "revisit", "care"};

Followup get_followup(Context& ctx, std::int64_t id) {
    auto f = ctx.store().followups().find_followup(id);
    if (!f) fail(ErrorKind::not_found, "follow-up {} not found", id);
    return *f;
}

void require_open(Context& ctx, const Followup& f, std::string_view move) {
    if (f.state != FollowupState::open)
        fail(ErrorKind::refused, "follow-up {} is {}: '{}' is not possible", f.id, f.state, move);
    // Keep the timeline in order, as the ticket commands do.
    if (f.ticket_id) require_time_order(ctx, get_ticket(ctx, *f.ticket_id));
    if (ctx.now() < f.created_at)
        fail(ErrorKind::usage, "follow-up {} was made at {}, after the clock's now (check --now)", f.id,
             format_instant(f.created_at, ctx.policy().zone));
}

// The next of a repeating care reminder: its due time moves by `every` until it is ahead.
std::optional<std::int64_t> repeat(Context& ctx, const Followup& f) {
    if (!f.every || *f.every <= 0) return std::nullopt;
    Followup next = f;
    next.id = 0;
    next.state = FollowupState::open;
    next.done_at.reset();
    next.outcome.reset();
    next.unsatisfied = false;
    next.cancelled_at.reset();
    next.cancel_reason.reset();
    next.reminded_at.reset();
    next.previous_id = f.id;
    next.created_at = ctx.now();
    next.created_by = ctx.actor();
    next.due = f.due + *f.every;
    while (next.due <= ctx.now()) next.due += *f.every;
    next.due = reminder_time(ctx.policy(), next.kind, next.due);
    next.id = ctx.store().followups().insert_followup(next);
    record_audit(ctx, EventKind::customer_followup_add, next.customer_id, followup_event_detail(next));
    return next.id;
}

}  // namespace

Instant reminder_time(const Policy& policy, std::string_view kind, Instant due) {
    return kind == "care" ? policy.duty_calendar.next_working(due) : due;
}

std::int64_t add_followup(Context& ctx, const NewFollowup& n) {
    const UnitOfWork unit(ctx);
    if (!vocab::contains(k_kinds, n.kind))
        fail(ErrorKind::usage, "--kind: unknown value '{}' (expected {})", n.kind, vocab::joined(k_kinds));
    const std::string note = text::checked("--note", n.note, text::k_max_summary);
    if (n.every && n.kind != "care") fail(ErrorKind::usage, "--every: only care reminders repeat");
    if (n.every && *n.every < k_day) fail(ErrorKind::usage, "--every: a care reminder repeats at most daily");
    if (!n.ticket && n.kind != "care")
        fail(ErrorKind::usage, "a {} belongs to a ticket: give TICKET (only care reminders stand alone)", n.kind);
    if (!n.ticket && !n.customer) fail(ErrorKind::usage, "a care reminder needs TICKET or --customer");
    const Actor actor = current_actor(ctx);
    Followup f;
    if (n.ticket) {
        const Ticket t = get_ticket(ctx, *n.ticket);
        if (t.status == TicketStatus::closed)
            fail(ErrorKind::refused, "ticket {} is closed: reopen it before promising more", t.id);
        f.ticket_id = t.id;
        f.customer_id = t.customer_id;
        if (n.customer && resolve_customer(ctx, *n.customer).id != t.customer_id)
            fail(ErrorKind::usage, "--customer: ticket {} belongs to another customer", t.id);
    } else {
        f.customer_id = resolve_customer(ctx, *n.customer).id;
    }
    f.kind = n.kind;
    f.note = note;
    f.assignee = n.assignee.value_or(actor.login);
    if (n.assignee && ctx.store().people().count_agents() > 0) {
        auto agent = ctx.store().people().find_agent(*n.assignee);
        if (!agent || !agent->active)
            fail(ErrorKind::refused, "--assignee: '{}' is not an active registered agent", *n.assignee);
    }
    f.created_by = actor.login;
    f.created_at = ctx.now();
    f.due = reminder_time(ctx.policy(), n.kind, n.due);
    if (n.due <= ctx.now())
        fail(ErrorKind::usage, "--due: {} is not in the future", format_instant(f.due, ctx.policy().zone));
    f.every = n.every;
    f.id = ctx.store().followups().insert_followup(f);
    record_followup_event(ctx, f, EventKind::ticket_followup_add, {});
    return f.id;
}

FollowupClosed complete_followup(Context& ctx, std::int64_t id, std::string_view outcome, bool unsatisfied) {
    const UnitOfWork unit(ctx);
    const std::string text = text::checked("--outcome", outcome, text::k_max_summary);
    current_actor(ctx);
    Followup f = get_followup(ctx, id);
    if (f.state == FollowupState::done) return {std::nullopt, false, trf("follow-up {} is already done", id)};
    require_open(ctx, f, "done");
    if (unsatisfied && f.kind != "revisit") fail(ErrorKind::usage, "--unsatisfied: only a revisit is satisfied or not");
    f.state = FollowupState::done;
    f.done_at = ctx.now();
    f.outcome = text;
    f.unsatisfied = unsatisfied;
    ctx.store().followups().update_followup(f);
    record_followup_event(
        ctx, f, EventKind::ticket_followup_done,
        json::Object{{"outcome", text}, {"on_time", ctx.now() <= f.due}, {"unsatisfied", unsatisfied}});
    FollowupClosed closed;
    // The customer is not satisfied with the solution: the ticket is not done either.
    if (unsatisfied && f.ticket_id) {
        Ticket t = get_ticket(ctx, *f.ticket_id);
        if (allows(t.status, Move::reopen)) {
            require_time_order(ctx, t);
            reopen(ctx, t, "回访不满意: " + text);
            closed.reopened = true;
        }
    }
    closed.next = repeat(ctx, f);
    return closed;
}

FollowupClosed cancel_followup(Context& ctx, std::int64_t id, std::string_view reason, bool stop) {
    const UnitOfWork unit(ctx);
    const std::string text = text::checked("--reason", reason, text::k_max_summary);
    current_actor(ctx);
    Followup f = get_followup(ctx, id);
    if (f.state == FollowupState::cancelled) return {std::nullopt, false, trf("follow-up {} is already cancelled", id)};
    require_open(ctx, f, "cancel");
    if (stop && !f.every) fail(ErrorKind::usage, "--stop: follow-up {} does not repeat", f.id);
    f.state = FollowupState::cancelled;
    f.cancelled_at = ctx.now();
    f.cancel_reason = text;
    ctx.store().followups().update_followup(f);
    record_followup_event(ctx, f, EventKind::ticket_followup_cancel, json::Object{{"reason", text}, {"stop", stop}});
    FollowupClosed closed;
    if (!stop) closed.next = repeat(ctx, f);
    return closed;
}

std::string followup_state(const Followup& f, Instant now, const Zone& zone) {
    if (f.state != FollowupState::open) return std::string(to_string(f.state));
    if (now >= f.due) return "overdue";
    const std::int64_t today = floor_div(zone.to_local(now), k_day);
    if (floor_div(zone.to_local(f.due), k_day) == today) return "due";
    return "open";
}

bool is_broken(const Followup& f, Instant now) {
    if (f.kind != "promise" && f.kind != "callback") return false;
    if (f.state == FollowupState::open) return now > f.due;
    if (f.state == FollowupState::done) return f.done_at && *f.done_at > f.due;
    return f.cancelled_at && *f.cancelled_at > f.due;  // called off only after it was missed
}

std::optional<bool> done_on_time(const Followup& f) {
    if (f.state != FollowupState::done || !f.done_at) return std::nullopt;
    return *f.done_at <= f.due;
}

std::vector<Followup> list_followups(Context& ctx, FollowupFilter f) {
    if (f.kind && !vocab::contains(k_kinds, *f.kind))
        fail(ErrorKind::usage, "--kind: unknown value '{}' (expected {})", *f.kind, vocab::joined(k_kinds));
    const Actor actor = current_actor(ctx);
    FollowupQuery q;
    q.now = ctx.now();
    q.ticket_id = f.ticket;
    if (f.customer) q.customer_id = resolve_customer(ctx, *f.customer).id;
    if (f.assignee) q.assignee = *f.assignee == "me" ? actor.login : *f.assignee;
    q.kind = f.kind;
    q.open = f.open;
    if (f.overdue) q.due_before = ctx.now() + 1;
    q.broken = f.broken;
    if (f.period) {
        q.since = f.period->start;
        q.until = f.period->end;
    }
    return ctx.store().followups().list_followups(q);
}

ReminderRun remind_due_followups(Context& ctx, const DueReminders& due, Notifier* notifier,
                                 const std::function<std::string(const Followup&)>& payload_of) {
    const Actor actor = current_actor(ctx);
    Store& store = ctx.store();
    FollowupQuery q;
    q.now = ctx.now();
    q.due_before = ctx.now() + due.within + 1;
    if (due.assignee) q.assignee = *due.assignee == "me" ? actor.login : *due.assignee;
    q.unreminded = !due.remind_again;
    ReminderRun run;
    const std::string holder = lease_holder(ctx);
    for (Followup f : store.followups().list_followups(q)) {
        std::optional<std::int64_t> before;
        {
            WriteTransaction tx(store);
            before = store.followups().claim_reminder(f.id, ctx.now(), holder, ctx.now() + k_delivery_lease);
            // Another run holds it, or reminded of it (or closed it) since the list was read.
            const auto current = store.followups().find_followup(f.id);
            if (!before || !current || (!due.remind_again && current->reminded_at)) continue;
            f = *current;
            if (!notifier) {
                store.followups().record_reminder(f.id, ctx.now(), std::nullopt, holder);
                tx.commit();
                run.reminded.push_back(f);
                continue;
            }
            tx.commit();
        }
        // The same reminder delivered twice (its holder died before recording it) has the
        // same id; a reminder given again with remind_again has the next number.
        std::string error;
        const bool ok =
            notifier->deliver(with_delivery_id(payload_of(f), fmt::format("reminder-{}-{}", f.id, *before + 1)), error);
        WriteTransaction tx(store);
        store.followups().record_reminder(f.id, ok ? std::optional(ctx.now()) : std::nullopt,
                                          ok ? std::nullopt : std::optional(error), holder);
        tx.commit();
        if (ok)
            run.reminded.push_back(f);
        else
            run.failures.push_back(fmt::format("follow-up {}: {}", f.id, error));
    }
    return run;
}

std::vector<AtRiskCustomer> customers_at_risk(Context& ctx, const std::optional<Period>& period) {
    current_actor(ctx);
    const Policy& p = ctx.policy();
    const Instant until = period ? period->end : ctx.now() + 1;
    const Instant since = period ? period->start : ctx.now() - p.repeat_window;
    std::map<std::int64_t, std::vector<std::string>> reasons;
    const std::string first_day = format_date(floor_div(p.zone.to_local(since), k_day));
    const std::string last_day = format_date(floor_div(p.zone.to_local(until - 1), k_day));
    for (const RepeatComplainer& r : ctx.store().reviews().repeat_complainers(since, until, p.repeat_complaints))
        reasons[r.customer_id].push_back(fmt::format("{} complaints from {} to {}", r.complaints, first_day, last_day));
    // Promises broken in the window, and any still left undone before its end.
    FollowupQuery q;
    q.now = until - 1;
    q.broken = true;
    q.until = until;
    std::vector<Followup> broken;
    for (Followup& f : ctx.store().followups().list_followups(q))
        if (f.due >= since || f.state == FollowupState::open) broken.push_back(std::move(f));
    for (const Followup& f : broken)
        reasons[f.customer_id].push_back(fmt::format("broken {} {} (due {}{})", f.kind, f.id,
                                                     format_instant(f.due, p.zone),
                                                     f.ticket_id ? fmt::format(", ticket {}", *f.ticket_id) : ""));
    std::vector<std::int64_t> ids;
    ids.reserve(reasons.size());
    for (const auto& [id, why] : reasons) ids.push_back(id);
    std::map<std::int64_t, CustomerLoss> losses;
    for (CustomerLoss& l : ctx.store().people().latest_losses(ids)) losses.emplace(l.customer_id, std::move(l));
    std::vector<AtRiskCustomer> out;
    out.reserve(ids.size());
    for (Customer& c : ctx.store().people().find_customers_by_ids(ids)) {
        std::vector<std::string>& why = reasons[c.id];
        const auto loss = losses.find(c.id);
        out.push_back({std::move(c), std::move(why),
                       loss == losses.end() ? std::nullopt : std::optional(std::move(loss->second))});
    }
    return out;
}

}  // namespace svc
