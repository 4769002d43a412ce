#pragma once
// The ticket lifecycle: the moves a person can make on a ticket, the one table of which
// move each status allows and where it leads, and the tests other modules ask of a status.
// And what a move sets off beyond the ticket: the revisit after a resolution, the revisit and
// survey a reopen cancels. The operations (tickets, follow-ups) call these; this module
// calls none of them, so the calls go one way.
#include <optional>
#include <string>
#include <string_view>

#include "context.hpp"
#include "json/json.hpp"
#include "store/records.hpp"

namespace svc {

enum class Move : std::uint8_t { respond, note, update, assign, pending, resume, resolve, close, reopen, merge };
std::string_view to_string(Move m);

// Whether the status allows the move.
bool allows(TicketStatus from, Move move);
// The status a move leads to; nothing for a move that keeps the status (respond, note,
// update, assign).
std::optional<TicketStatus> leads_to(Move move);
// Refuses (Error refused) a move the ticket's status does not allow, naming those it does:
// "ticket 7 is closed: 'respond' is not possible (possible: note, reopen)".
void require_move(const Ticket& t, Move move);

// Open or pending: the ticket's deadlines run and the sweep looks at it.
bool is_active(TicketStatus s);
// Resolved or closed.
bool is_finished(TicketStatus s);

// Saves a ticket that moved or changed (updated_at, next deadlines) with its event.
void save_move(Context& ctx, Ticket& t, EventKind kind, const json::Value& detail);
// A resolution's consequences, before it is saved: the revisit is scheduled (for the kinds
// the policy names) and the running escalation ends, met or breached.
void after_resolve(Context& ctx, Ticket& t);
// Reopens a resolved or closed ticket (the move is the caller's to check) and saves it: the
// resolution target runs again from now; its open revisits and unanswered survey are
// cancelled.
void reopen(Context& ctx, Ticket& t, const std::string& why);

// A follow-up's event payload, and its recording: on its ticket, or on its customer when it
// has none (`kind` is the ticket's event; the customer's twin is used then).
json::Value followup_event_detail(const Followup& f);
void record_followup_event(Context& ctx, const Followup& f, EventKind kind, json::Object extra);
// When the revisit of a ticket resolved at `resolved` is due: [followup] revisit_after of
// working time later.
Instant revisit_due(const Policy& policy, Instant resolved);

}  // namespace svc
