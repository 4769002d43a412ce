#include "links.hpp"

#include <fmt/format.h>

#include "agents.hpp"
#include "audit.hpp"
#include "error.hpp"
#include "lifecycle.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

constexpr std::string_view k_merged_into = "merged-into";

std::optional<TicketLink> link_between(Context& ctx, std::int64_t ticket, std::int64_t other) {
    for (const TicketLink& l : ctx.store().tickets().links_of(ticket))
        if ((l.ticket_id == ticket && l.other_id == other) || (l.ticket_id == other && l.other_id == ticket)) return l;
    return std::nullopt;
}

// A deadline as an event keeps it: [due, warn], or null.
json::Value deadline_json(const std::optional<Instant>& due, const std::optional<Instant>& warn) {
    if (!due) return nullptr;
    return json::Array{json::Value(*due), json::Value(warn)};
}

void deadline_from(const json::Value* v, std::optional<Instant>& due, std::optional<Instant>& warn) {
    due.reset();
    warn.reset();
    if (!v || !v->is_array() || v->as_array().size() != 2 || !v->as_array()[0].is_integer()) return;
    due = v->as_array()[0].as_integer();
    if (v->as_array()[1].is_integer()) warn = v->as_array()[1].as_integer();
}

// The last event of `kind` on the ticket (with `from` when given), parsed.
json::Value last_event(Context& ctx, std::int64_t ticket, EventKind kind, std::optional<std::int64_t> from) {
    const auto events = ctx.store().trail().audit_for(Entity::ticket, ticket);
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->kind != kind) continue;
        json::Value d = json::parse(it->detail);
        const json::Value* f = d.find("from");
        if (from && !(f && f->is_integer() && f->as_integer() == *from)) continue;
        return d;
    }
    fail(ErrorKind::internal, "ticket {} has no {} event", ticket, event_type(kind)->action);
}

void check_pair(std::int64_t ticket, std::int64_t other) {
    if (ticket == other) fail(ErrorKind::usage, "ticket {} cannot be linked to or merged into itself", ticket);
}

}  // namespace

Transition link_tickets(Context& ctx, std::int64_t ticket, std::int64_t other, std::string_view kind) {
    const UnitOfWork unit(ctx);
    if (!vocab::contains(k_link_kinds, kind))
        fail(ErrorKind::usage, "--kind: unknown value '{}' (expected {})", kind, vocab::joined(k_link_kinds));
    check_pair(ticket, other);
    const Actor actor = current_actor(ctx);
    Ticket t = get_ticket(ctx, ticket);
    get_ticket(ctx, other);
    require_time_order(ctx, t);
    if (auto existing = link_between(ctx, ticket, other))
        return {false,
                trf("tickets {} and {} are linked already ({} {} {})", ticket, other, existing->ticket_id,
                    existing->kind, existing->other_id),
                0};
    ctx.store().tickets().insert_link({ticket, other, std::string(kind), ctx.now(), actor.login});
    save_move(ctx, t, EventKind::ticket_link, json::Object{{"other", other}, {"kind", kind}});
    return {};
}

Transition unlink_tickets(Context& ctx, std::int64_t ticket, std::int64_t other) {
    const UnitOfWork unit(ctx);
    check_pair(ticket, other);
    current_actor(ctx);
    get_ticket(ctx, ticket);
    get_ticket(ctx, other);
    const auto link = link_between(ctx, ticket, other);
    if (!link) return {false, trf("tickets {} and {} are not linked", ticket, other), 0};
    if (link->kind == k_merged_into)
        fail(ErrorKind::refused, "ticket {} is merged into {}: undo it with svc ticket unmerge {}", link->ticket_id,
             link->other_id, link->ticket_id);
    Ticket t = get_ticket(ctx, link->ticket_id);
    require_time_order(ctx, t);
    ctx.store().tickets().delete_link(link->ticket_id, link->other_id);
    save_move(ctx, t, EventKind::ticket_unlink, json::Object{{"other", link->other_id}, {"kind", link->kind}});
    return {};
}

MergeResult merge_ticket(Context& ctx, std::int64_t duplicate, std::int64_t into) {
    const UnitOfWork unit(ctx);
    check_pair(duplicate, into);
    const Actor actor = current_actor(ctx);
    Ticket d = get_ticket(ctx, duplicate);
    Ticket t = get_ticket(ctx, into);
    require_move(d, Move::merge);
    if (!is_active(t.status))
        fail(ErrorKind::refused, "ticket {} is {}: merge into an open or pending ticket (reopen it first)", into,
             to_string(t.status));
    require_time_order(ctx, d);
    require_time_order(ctx, t);
    const Zone& zone = ctx.policy().zone;
    MergeResult result;

    // The ticket that stays takes the earlier of each deadline both still have to meet.
    json::Object replaced;
    auto take = [&](std::string_view name, std::optional<Instant>& due, std::optional<Instant>& warn,
                    const std::optional<Instant>& their_due, const std::optional<Instant>& their_warn) {
        if (!their_due || (due && *due <= *their_due)) return;
        replaced.emplace_back(std::string(name), deadline_json(due, warn));
        due = their_due;
        warn = their_warn;
        result.moved.push_back(trf("ticket {}: {} deadline now {} (ticket {}'s)", into, name,
                                   format_instant(*their_due, zone), duplicate));
    };
    const bool their_first_unmet = !d.first_responded_at && d.first_response_due;
    if (their_first_unmet && !t.first_responded_at && t.first_response_due) {
        take("first_response", t.first_response_due, t.first_response_warn, d.first_response_due,
             d.first_response_warn);
    } else if (their_first_unmet) {
        // The other customer message is still unanswered: the ticket that stays owes a reply.
        take("next_response", t.next_response_due, t.next_response_warn, d.first_response_due, d.first_response_warn);
    }
    if (d.next_response_due) {
        const bool taken = std::any_of(replaced.begin(), replaced.end(),
                                       [](const auto& member) { return member.first == "next_response"; });
        if (!taken)
            take("next_response", t.next_response_due, t.next_response_warn, d.next_response_due, d.next_response_warn);
    }
    take("resolution", t.resolve_due, t.resolve_warn, d.resolve_due, d.resolve_warn);

    // The duplicate closes unresolved, its unmet deadlines cleared (kept in its event).
    json::Object merge{{"into", into}, {"status", to_string(d.status)}};
    if (their_first_unmet) {
        merge.emplace_back("first_response_due", deadline_json(d.first_response_due, d.first_response_warn));
        d.first_response_due.reset();
        d.first_response_warn.reset();
    }
    merge.emplace_back("resolve_due", deadline_json(d.resolve_due, d.resolve_warn));
    merge.emplace_back("next_response_due", deadline_json(d.next_response_due, d.next_response_warn));
    d.resolve_due.reset();
    d.resolve_warn.reset();
    d.next_response_due.reset();
    d.next_response_warn.reset();
    d.status = TicketStatus::closed;
    d.closed_at = ctx.now();
    d.paused_at.reset();
    ctx.store().escalations().end_escalation(d.id, ctx.now(), "merged");

    FollowupQuery open_followups;
    open_followups.ticket_id = duplicate;
    open_followups.open = true;
    json::Array moved_followups;
    for (Followup f : ctx.store().followups().list_followups(open_followups)) {
        f.ticket_id = into;
        ctx.store().followups().update_followup(f);
        moved_followups.emplace_back(f.id);
        result.moved.push_back(trf("follow-up {} moved to ticket {}", f.id, into));
    }
    if (!moved_followups.empty()) merge.emplace_back("followups", std::move(moved_followups));

    std::int64_t messages = 0;
    for (const AuditEvent& e : ctx.store().trail().audit_for(Entity::ticket, duplicate))
        if (e.kind == EventKind::ticket_customer_message || e.kind == EventKind::ticket_respond) ++messages;

    ctx.store().tickets().insert_link({duplicate, into, std::string(k_merged_into), ctx.now(), actor.login});
    save_move(ctx, d, EventKind::ticket_merge, json::Value(std::move(merge)));
    json::Object merged_in{{"from", duplicate}, {"messages", messages}};
    for (auto& [name, before] : replaced) {
        const std::string field = name == "resolution" ? "resolve_due" : name + "_due";
        merged_in.emplace_back(field, std::move(before));
    }
    // The catalogue's field order.
    json::Object ordered;
    for (const char* key : {"from", "messages", "first_response_due", "resolve_due", "next_response_due"})
        for (auto& member : merged_in)
            if (member.first == key) ordered.push_back(std::move(member));
    save_move(ctx, t, EventKind::ticket_merged_in, json::Value(std::move(ordered)));
    return result;
}

MergeResult unmerge_ticket(Context& ctx, std::int64_t duplicate) {
    const UnitOfWork unit(ctx);
    current_actor(ctx);
    Ticket d = get_ticket(ctx, duplicate);
    std::optional<TicketLink> link;
    for (const TicketLink& l : ctx.store().tickets().links_of(duplicate))
        if (l.ticket_id == duplicate && l.kind == k_merged_into) link = l;
    if (!link) fail(ErrorKind::refused, "ticket {} is not merged into another", duplicate);
    Ticket t = get_ticket(ctx, link->other_id);
    require_time_order(ctx, d);
    require_time_order(ctx, t);
    const Zone& zone = ctx.policy().zone;
    MergeResult result;

    const json::Value merge = last_event(ctx, duplicate, EventKind::ticket_merge, std::nullopt);
    const json::Value merged_in = last_event(ctx, t.id, EventKind::ticket_merged_in, duplicate);

    // The ticket that stays gets back each deadline it gave up, where it is still the one taken.
    auto give_back = [&](const char* field, std::string_view name, std::optional<Instant>& due,
                         std::optional<Instant>& warn) {
        const json::Value* before = merged_in.find(field);
        if (!before) return;
        std::optional<Instant> was_due, was_warn;
        deadline_from(before, was_due, was_warn);
        due = was_due;
        warn = was_warn;
        result.moved.push_back(trf("ticket {}: {} deadline back to {}", t.id, name,
                                   was_due ? format_instant(*was_due, zone) : std::string("none")));
    };
    if (!t.first_responded_at)
        give_back("first_response_due", "first_response", t.first_response_due, t.first_response_warn);
    give_back("next_response_due", "next_response", t.next_response_due, t.next_response_warn);
    if (!t.resolved_at) give_back("resolve_due", "resolution", t.resolve_due, t.resolve_warn);

    // The duplicate as it was.
    const json::Value* status = merge.find("status");
    d.status =
        status && status->is_string() && status->as_string() == "pending" ? TicketStatus::pending : TicketStatus::open;
    if (d.status == TicketStatus::pending) d.paused_at = ctx.now();
    d.closed_at.reset();
    if (const json::Value* v = merge.find("first_response_due"))
        deadline_from(v, d.first_response_due, d.first_response_warn);
    deadline_from(merge.find("resolve_due"), d.resolve_due, d.resolve_warn);
    deadline_from(merge.find("next_response_due"), d.next_response_due, d.next_response_warn);
    if (const json::Value* ids = merge.find("followups"); ids && ids->is_array()) {
        for (const json::Value& id : ids->as_array()) {
            if (!id.is_integer()) continue;
            auto f = ctx.store().followups().find_followup(id.as_integer());
            if (!f || f->ticket_id != t.id || f->state != FollowupState::open) continue;
            f->ticket_id = duplicate;
            ctx.store().followups().update_followup(*f);
            result.moved.push_back(trf("follow-up {} back to ticket {}", f->id, duplicate));
        }
    }
    ctx.store().tickets().delete_link(duplicate, t.id);
    save_move(ctx, d, EventKind::ticket_unmerge, json::Object{{"into", t.id}, {"status", to_string(d.status)}});
    save_move(ctx, t, EventKind::ticket_unmerge, json::Object{{"from", duplicate}});
    return result;
}

}  // namespace svc
