#pragma once
// The ticket lifecycle: open with SLA deadlines, reply, note, transfer, hold, resolve,
// close, reopen. First-contact ownership: the opener owns the ticket to the end; a
// transfer changes the assignee only. Every change appends an audit event.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "json/json.hpp"
#include "lifecycle.hpp"
#include "sla.hpp"

namespace svc {

struct OpenTicketRequest {
    std::string channel, kind, summary;
    std::optional<std::string> body, category, priority, need, mood;
    std::optional<std::string> customer;     // id, ref or phone of an existing customer
    std::optional<std::string> name, phone;  // find by phone, or create
    std::vector<std::string> tags;
    // A phone call: how long the caller waited before an agent answered. The ticket starts
    // when the call did and was answered (first response) when it is opened.
    std::optional<Seconds> waited;
    // A message taken in (ticket intake): when the customer wrote it, if before now (the
    // ticket starts then), and the fields the open event records about it (external_id,
    // attachments).
    std::optional<Instant> written_at;
    json::Object origin;
    // Who works on it: this agent, else whom the policy's [routing] gives it to, else the
    // opener. The opener owns it (first contact), unless `routed_owner`: a message taken in
    // by a mailbox is first handled by the agent it is routed to, who owns it then.
    std::optional<std::string> assignee;
    bool routed_owner = false;
};

struct OpenTicketResult {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    bool customer_created = false;
    std::optional<std::string> risk_keyword;      // the sweep will escalate to the risk level
    std::optional<std::string> routed_to, route;  // whom [routing] gave it to, and why
    // The customer's open or pending tickets of the same category (with a category): the
    // same matter may be opened twice (svc ticket open warns unless --new).
    std::vector<std::int64_t> same_matter;
};

OpenTicketResult open_ticket(Context& ctx, const OpenTicketRequest& request);

// A reply to the customer (meets the first or next response target), or with
// from_customer a message from the customer (starts a next-response target; resumes a
// pending ticket).
// Both return the risk keyword the text holds, if it is the first one the ticket has seen.
// `origin`: what the event records of a message taken in (via, external_id, attachments).
std::optional<std::string> respond_ticket(Context& ctx, std::int64_t id, std::string_view text, bool from_customer,
                                          json::Object origin = {});
std::optional<std::string> note_ticket(Context& ctx, std::int64_t id, std::string_view text);

struct TicketChanges {
    std::optional<std::string> priority, category, kind, summary;
    std::optional<std::string> need, mood;  // "" clears
    std::optional<std::string> customer;    // id, ref or phone
    std::optional<std::string> tags;        // the whole set, separated by commas; "" clears
};
// Each change is audited. A change that can move the ticket to another SLA rule (priority,
// kind, category, or a customer of another tier) chooses the rules again and moves the
// unmet targets; returns one line per deadline that moved, or saying that none did.
std::vector<std::string> update_ticket(Context& ctx, std::int64_t id, const TicketChanges& changes);

// What a move of a ticket did. A move to the state the ticket is in already (assigning to
// the assignee, holding a pending ticket, resuming or reopening an open one, resolving a
// resolved one, closing a closed one) changes nothing and writes nothing: not an error, a
// no-op, with a note saying so. A move from any other state that does not allow it (resolve
// a closed ticket, reopen a pending one) is refused.
struct Transition {
    bool changed = true;
    std::string note;   // for a no-op: "ticket 42 is already with wang.fang"
    Seconds moved = 0;  // resume: how far the resolution target moved
};

// A transfer: the assignee changes, the owner stays. With new_owner (a supervisor's or
// manager's decision) the owner changes too.
// `route`: why routing chose the assignee, recorded with the transfer.
Transition assign_ticket(Context& ctx, std::int64_t id, std::string_view assignee, bool also_owner,
                         const std::optional<std::string>& route = std::nullopt);
// Routes the ticket again as it stands now (svc ticket route): the assignee changes to whom
// the policy's [routing] gives it, the owner stays. Refused when no rule matches the ticket
// or nobody the rule names is at work now.
Transition route_ticket(Context& ctx, std::int64_t id);

Transition pend_ticket(Context& ctx, std::int64_t id, std::string_view reason);
Transition resume_ticket(Context& ctx, std::int64_t id);
Transition resolve_ticket(Context& ctx, std::int64_t id, std::string_view resolution,
                          const std::optional<std::string>& cause);
Transition close_ticket(Context& ctx, std::int64_t id);
Transition reopen_ticket(Context& ctx, std::int64_t id, std::string_view reason);

// Recomputes the unmet deadlines of every open ticket with the active policy; one line per
// deadline that moved ("42 resolution 2026-11-24T18:30+08:00 → …").
struct MovedDeadline {
    std::int64_t ticket;
    std::string target;
    std::optional<Instant> before, after;
};
std::vector<MovedDeadline> recompute_open_tickets(Context& ctx);

struct TicketDetail {
    Ticket ticket;
    std::vector<Escalation> escalations;
    std::vector<EscalationLevel> levels;  // the policy's, to name them
    std::vector<Compensation> compensations;
    std::vector<Followup> followups;
    std::vector<Survey> surveys;  // with the policy's expire_days, for their state
    int survey_expire_days = 0;
    Zone zone;  // the policy's, for "due today"
    Customer customer;
    std::vector<CustomerNote> customer_notes;
    std::vector<TargetStatus> targets;
    std::vector<TicketLink> links;     // either way round, oldest first
    std::vector<AuditEvent> timeline;  // oldest first, with the messages of tickets merged into it
};

Ticket get_ticket(Context& ctx, std::int64_t id);  // Error not_found
// Events are kept in order: a clock set before the ticket's last change is refused
// (Error usage), for every command that adds to a ticket's timeline.
void require_time_order(Context& ctx, const Ticket& t);
TicketDetail show_ticket(Context& ctx, std::int64_t id);
void list_tickets(Context& ctx, TicketQuery query, const std::function<void(const TicketRow&)>& take);
// How many tickets the query matches, its limit aside.
std::int64_t count_tickets(Context& ctx, TicketQuery query);

// "42", "#42" → 42; Error(usage) naming the value otherwise.
// Ticket numbers travel through JSON, whose numbers are exact only up to 2^53: no ticket
// takes a larger one, and no import may move the next number past it.
inline constexpr std::int64_t k_max_ticket_id = std::int64_t{1} << 53;
std::int64_t parse_ticket_id(std::string_view text);

}  // namespace svc
