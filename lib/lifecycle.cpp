#include "lifecycle.hpp"

#include <array>

#include "error.hpp"

namespace svc {

namespace {

constexpr std::array<std::string_view, 9> k_move_names{"respond", "note",    "update", "assign", "pending",
                                                       "resume",  "resolve", "close",  "reopen"};

using S = TicketStatus;
using M = Move;

// The lifecycle, one row per move: which statuses allow it.
struct MoveRule {
    Move move;
    std::array<bool, 4> from;  // open, pending, resolved, closed
    std::optional<TicketStatus> to;
};
constexpr std::array<MoveRule, 9> k_moves{{
    {M::respond, {true, true, true, false}, std::nullopt},
    {M::note, {true, true, true, true}, std::nullopt},
    {M::update, {true, true, true, false}, std::nullopt},
    {M::assign, {true, true, false, false}, std::nullopt},
    {M::pending, {true, false, false, false}, S::pending},
    {M::resume, {false, true, false, false}, S::open},
    {M::resolve, {true, true, false, false}, S::resolved},
    {M::close, {false, false, true, false}, S::closed},
    {M::reopen, {false, false, true, true}, S::open},
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

}  // namespace svc
