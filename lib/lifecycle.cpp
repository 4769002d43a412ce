#include "lifecycle.hpp"

#include <array>

#include "audit.hpp"
#include "error.hpp"
#include "sla.hpp"

namespace svc {

namespace {

constexpr std::array<std::string_view, 10> k_move_names{"respond", "note",    "update", "assign", "pending",
                                                        "resume",  "resolve", "close",  "reopen", "merge"};

using S = TicketStatus;
using M = Move;

// The lifecycle, one row per move: which statuses allow it.
struct MoveRule {
    Move move;
    std::array<bool, 4> from;  // open, pending, resolved, closed
    std::optional<TicketStatus> to;
};
constexpr std::array<MoveRule, 10> k_moves{{
    {M::respond, {true, true, true, false}, std::nullopt},
    {M::note, {true, true, true, true}, std::nullopt},
    {M::update, {true, true, true, false}, std::nullopt},
    {M::assign, {true, true, false, false}, std::nullopt},
    {M::pending, {true, false, false, false}, S::pending},
    {M::resume, {false, true, false, false}, S::open},
    {M::resolve, {true, true, false, false}, S::resolved},
    {M::close, {false, false, true, false}, S::closed},
    {M::reopen, {false, false, true, true}, S::open},
    // A duplicate closes into the ticket it duplicates, unresolved (lib/links.hpp).
    {M::merge, {true, true, false, false}, S::closed},
}};

const MoveRule& rule_of(Move m) {
    return k_moves[static_cast<std::size_t>(m)];
}

}  // namespace

std::string_view to_string(Move m) {
    return k_move_names[static_cast<std::size_t>(m)];
}

bool allows(TicketStatus from, Move move) {
    return rule_of(move).from[static_cast<std::size_t>(from)];
}

std::optional<TicketStatus> leads_to(Move move) {
    return rule_of(move).to;
}

void require_move(const Ticket& t, Move move) {
    if (allows(t.status, move)) return;
    std::string possible;
    for (const MoveRule& r : k_moves)
        if (allows(t.status, r.move)) possible += (possible.empty() ? "" : ", ") + std::string(to_string(r.move));
    fail(ErrorKind::refused, "ticket {} is {}: '{}' is not possible (possible: {})", t.id, to_string(t.status),
         to_string(move), possible);
}

bool is_active(TicketStatus s) {
    return s == TicketStatus::open || s == TicketStatus::pending;
}

bool is_finished(TicketStatus s) {
    return s == TicketStatus::resolved || s == TicketStatus::closed;
}

// ---------------------------------------------------------------------------------------
// What moves set off beyond the ticket

namespace {

void schedule_revisit(Context& ctx, const Ticket& t) {
    const Policy& p = ctx.policy();
    if (std::find(p.revisit_kinds.begin(), p.revisit_kinds.end(), t.kind) == p.revisit_kinds.end()) return;
    FollowupQuery q;
    q.ticket_id = t.id;
    q.kind = "revisit";
    q.open = true;
    if (!ctx.store().followups().list_followups(q).empty()) return;  // one visit is enough
    Followup f;
    f.ticket_id = t.id;
    f.customer_id = t.customer_id;
    f.kind = "revisit";
    f.note = "回访: " + t.summary;
    f.assignee = t.owner;  // first-contact ownership: the owner visits
    f.created_by = ctx.actor();
    f.created_at = ctx.now();
    f.due = revisit_due(p, ctx.now());
    f.id = ctx.store().followups().insert_followup(f);
    record_followup_event(ctx, f, EventKind::ticket_followup_add, {});
}

void cancel_revisits(Context& ctx, std::int64_t ticket_id, std::string_view reason) {
    FollowupQuery q;
    q.ticket_id = ticket_id;
    q.kind = "revisit";
    q.open = true;
    for (Followup f : ctx.store().followups().list_followups(q)) {
        f.state = FollowupState::cancelled;
        f.cancelled_at = ctx.now();
        f.cancel_reason = std::string(reason);
        ctx.store().followups().update_followup(f);
        record_followup_event(ctx, f, EventKind::ticket_followup_cancel, json::Object{{"reason", std::string(reason)}});
    }
}

void cancel_open_survey(Context& ctx, std::int64_t ticket_id, std::string_view reason) {
    auto s = ctx.store().surveys().current_survey(ticket_id);
    if (!s || s->state != SurveyState::sent) return;  // an answer stays: it was given
    s->state = SurveyState::cancelled;
    s->cancelled_at = ctx.now();
    s->cancel_reason = std::string(reason);
    ctx.store().surveys().update_survey(*s);
    record_audit(ctx, EventKind::ticket_survey_cancel, ticket_id,
                 json::Object{{"survey", s->id}, {"reason", std::string(reason)}});
}

}  // namespace

void save_move(Context& ctx, Ticket& t, EventKind kind, const json::Value& detail) {
    t.updated_at = ctx.now();
    refresh_next(t);
    ctx.store().tickets().update_ticket(t);
    record_audit(ctx, kind, t.id, detail);
}

json::Value followup_event_detail(const Followup& f) {
    return json::Object{
        {"followup", f.id}, {"kind", f.kind}, {"due", f.due}, {"assignee", f.assignee}, {"note", f.note}};
}

// A follow-up's event goes on its ticket, or on its customer when it has none: `kind` is
// the ticket's, and the customer's is its twin.
void record_followup_event(Context& ctx, const Followup& f, EventKind kind, json::Object extra) {
    json::Value detail = followup_event_detail(f);
    for (auto& [k, v] : extra) detail.set(k, v);
    if (f.ticket_id) {
        record_audit(ctx, kind, *f.ticket_id, detail);
        return;
    }
    switch (kind) {
        case EventKind::ticket_followup_add:
            kind = EventKind::customer_followup_add;
            break;
        case EventKind::ticket_followup_done:
            kind = EventKind::customer_followup_done;
            break;
        case EventKind::ticket_followup_cancel:
            kind = EventKind::customer_followup_cancel;
            break;
        default:
            fail(ErrorKind::internal, "not a follow-up event: {}", static_cast<int>(kind));
    }
    record_audit(ctx, kind, f.customer_id, detail);
}

Instant revisit_due(const Policy& policy, Instant resolved) {
    return policy.deadline(SlaClock::business, resolved, policy.revisit_after);
}

void after_resolve(Context& ctx, Ticket& t) {
    // The five steps end with the follow-up visit (回访), scheduled for the owner.
    schedule_revisit(ctx, t);
    // The running escalation ends with the resolution: its solution came in time or not.
    if (t.level > 0) {
        ctx.store().escalations().end_escalation(t.id, ctx.now(),
                                                 t.solution_due && ctx.now() > *t.solution_due ? "breached" : "met");
        t.solution_due.reset();
        t.solution_warn.reset();
    }
}

void reopen(Context& ctx, Ticket& t, const std::string& why) {
    const std::string from(to_string(t.status));
    // A past period's figures keep the resolution this reopen undoes.
    ctx.store().tickets().keep_past_resolution(t.id, ctx.now());
    t.status = TicketStatus::open;
    ++t.reopen_count;
    t.resolved_at.reset();
    t.closed_at.reset();
    // The resolution target runs again from the reopen; the history stays in the trail.
    t.resolve_start = ctx.now();
    t.resolve_paused = 0;
    t.resolve_paused_wall = 0;
    // The level's solution target ended with the resolution; a new one starts only with
    // a new escalation.
    apply_sla(ctx.policy(), SlaPlan::from_json(t.sla), t);
    // The follow-up visit of the first resolution makes no sense any more; the next
    // resolution schedules its own.
    cancel_revisits(ctx, t.id, "工单已重新打开");
    // A survey about a problem that is back would ask the wrong question.
    cancel_open_survey(ctx, t.id, "工单已重新打开");
    save_move(ctx, t, EventKind::ticket_reopen,
              json::Object{{"reason", why}, {"from", from}, {"resolve_due", t.resolve_due}});
}

}  // namespace svc
