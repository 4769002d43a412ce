#pragma once
// Routing (分单): who a new ticket goes to. The policy's [routing] rules are tried in order;
// the first whose match covers the ticket (channel, kind, priority, the customer's tier,
// category) names a team and skills. The candidates are the active agents of that team who
// have every one of those skills and are at work now: the business calendar is open, or
// they are on the duty roster (值班) now. Of them, least-loaded takes the one with the
// fewest open and pending tickets, round-robin the one whose newest ticket is oldest (the
// one whose turn it is); ties go to the other measure, then to the login.
#include <optional>
#include <string>

#include "context.hpp"
#include "policy/policy.hpp"

namespace svc {

struct RouteChoice {
    std::string login;
    std::string why;  // "team complaints, least-loaded (2 open)"
};

// Nothing when no rule matches, or when no agent the rule names is at work now. Routing a
// ticket again (`current`), its own weight is not counted against its assignee, who keeps
// it unless someone else is better by the method's own measure.
std::optional<RouteChoice> choose_route(Context& ctx, const SlaSubject& subject, const Ticket* current = nullptr);

}  // namespace svc
