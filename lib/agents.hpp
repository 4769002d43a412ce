#pragma once
// Agents, the acting agent, and the role checks of DESIGN §7. A store with no agents runs in
// single-user mode (everyone is a manager); once one is registered, strangers are refused.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"

namespace svc {

struct Actor {
    std::string login;
    std::string role;            // manager in single-user mode
    std::optional<Agent> agent;  // unset in single-user mode
};

// The acting agent; refuses (Error refused) an unregistered or inactive actor once agents exist.
Actor current_actor(Context& ctx);
// Refuses unless the actor's role is at least `min_role`; `doing` completes "only a … may …".
Actor require_role(Context& ctx, std::string_view min_role, std::string_view doing);

struct NewAgent {
    std::string login, name, role;
    std::optional<std::string> team;
    std::optional<std::string> comp_limit;  // yuan as typed: "80", "49.90"
    std::optional<std::string> skills;      // separated by commas: "english,vip"
};
struct AgentChanges {
    std::optional<std::string> name, role, team;
    std::optional<std::string> skills;      // the whole set, separated by commas; "" clears
    std::optional<std::string> comp_limit;  // yuan as typed
    bool clear_comp_limit = false;
    std::optional<bool> active;
};

struct AgentAdded {
    std::int64_t id = 0;
    // The store ran single-user until now: from here on every actor must be registered.
    bool ended_single_user = false;
};
AgentAdded add_agent(Context& ctx, const NewAgent& a);
Agent update_agent(Context& ctx, std::string_view login, const AgentChanges& changes);
struct AgentSummary {
    Agent agent;
    CompensationTotal compensation;  // everything they granted
};
std::vector<AgentSummary> list_agents(Context& ctx, const std::optional<std::string>& role,
                                      const std::optional<std::string>& team);
Agent find_agent(Context& ctx, std::string_view login);  // Error not_found

}  // namespace svc
