#pragma once
// The ticket lifecycle: the moves a person can make on a ticket, the one table of which
// move each status allows and where it leads, and the tests other modules ask of a status.
// What a move sets off beyond the ticket (the revisit after a resolution, the survey a
// reopen cancels, the reopen an unsatisfied revisit causes) is in consequences.hpp.
#include <optional>
#include <string>
#include <string_view>

#include "store/records.hpp"

namespace svc {

enum class Move : std::uint8_t { respond, note, update, assign, pending, resume, resolve, close, reopen };
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

}  // namespace svc
