#include "routing.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "duty.hpp"

namespace svc {

namespace {

bool has_skills(const Agent& a, const std::vector<std::string>& wanted) {
    return std::includes(a.skills.begin(), a.skills.end(), wanted.begin(), wanted.end());
}

struct Candidate {
    std::string login;
    std::int64_t open = 0;
    Instant newest = 0;  // 0: never had a ticket
};

}  // namespace

std::optional<RouteChoice> choose_route(Context& ctx, const SlaSubject& subject, const Ticket* current) {
    const Policy& policy = ctx.policy();
    const RoutingRule* rule = policy.route_for(subject);
    if (!rule) return std::nullopt;
    const Instant now = ctx.now();
    const bool working_hours = policy.calendar.is_working(now);
    std::vector<std::string> on_duty;
    if (!working_hours) on_duty = on_duty_at(ctx, now);
    TicketStore& tickets = ctx.store().tickets();
    std::vector<Candidate> candidates;
    for (const Agent& a : ctx.store().people().list_agents(std::nullopt, rule->team)) {
        if (!a.active || !has_skills(a, rule->skills)) continue;
        if (!working_hours && std::find(on_duty.begin(), on_duty.end(), a.login) == on_duty.end()) continue;
        candidates.push_back(
            {a.login, tickets.open_tickets_of(a.login), tickets.newest_ticket_of(a.login).value_or(0)});
        if (current && current->assignee == a.login) --candidates.back().open;
    }
    if (candidates.empty()) return std::nullopt;
    const bool least_loaded = policy.routing_method == RoutingMethod::least_loaded;
    const auto best =
        std::min_element(candidates.begin(), candidates.end(), [&](const Candidate& a, const Candidate& b) {
            if (least_loaded && a.open != b.open) return a.open < b.open;
            if (a.newest != b.newest) return a.newest < b.newest;
            if (!least_loaded && a.open != b.open) return a.open < b.open;
            return a.login < b.login;
        });
    if (current) {
        const auto keeper = std::find_if(candidates.begin(), candidates.end(),
                                         [&](const Candidate& c) { return c.login == current->assignee; });
        if (keeper != candidates.end() && (least_loaded ? keeper->open == best->open : true)) {
            // Round-robin hands out new tickets in turn; a ticket routed again stays where it is.
            return RouteChoice{keeper->login, fmt::format("{}, already with {}", rule->describe(), keeper->login)};
        }
    }
    return RouteChoice{best->login, fmt::format("{}, {} ({} open{})", rule->describe(),
                                                k_routing_method_names[static_cast<std::size_t>(policy.routing_method)],
                                                best->open, working_hours ? "" : ", on duty")};
}

}  // namespace svc
