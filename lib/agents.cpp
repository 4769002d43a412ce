#include "agents.hpp"

#include <cctype>

#include "audit.hpp"
#include "error.hpp"
#include "money.hpp"
#include "text.hpp"
#include "vocabulary.hpp"

namespace svc {

Actor current_actor(Context& ctx) {
    Store& store = ctx.store();
    if (auto agent = store.people().find_agent(ctx.actor())) {
        if (!agent->active)
            fail(ErrorKind::refused, "agent '{}' is deactivated (a manager can run: svc agent update {} --active)",
                 ctx.actor(), ctx.actor());
        return {agent->login, agent->role, agent};
    }
    if (store.people().count_agents() == 0) return {ctx.actor(), "manager", std::nullopt};
    fail(ErrorKind::refused,
         "'{}' is not a registered agent of this store (use --as LOGIN or $SVC_USER, or ask a "
         "manager to run: svc agent add {} --name … --role agent)",
         ctx.actor(), ctx.actor());
}

Actor require_role(Context& ctx, std::string_view min_role, std::string_view doing) {
    Actor actor = current_actor(ctx);
    if (vocab::rank(vocab::roles, actor.role) < vocab::rank(vocab::roles, min_role))
        fail(ErrorKind::refused, "only a {} or above may {}; '{}' is {} {}", min_role, doing, actor.login,
             actor.role == "agent" ? "an" : "a", actor.role);
    return actor;
}

namespace {

std::string checked_login(std::string_view login) {
    if (login.empty() || login.size() > 64) fail(ErrorKind::usage, "LOGIN: '{}' must be 1 to 64 characters", login);
    for (char c : login) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-'))
            fail(ErrorKind::usage, "LOGIN: '{}' may contain only letters, digits, '.', '_' and '-'", login);
    }
    return std::string(login);
}

void check_role(std::string_view role) {
    if (!vocab::contains(vocab::roles, role))
        fail(ErrorKind::usage, "--role: unknown role '{}' (expected {})", role, vocab::joined(vocab::roles));
}

// A limit as typed, in yuan (0 is a limit too: no authority of one's own).
std::optional<double> checked_limit(const std::optional<std::string>& limit) {
    if (!limit) return std::nullopt;
    return static_cast<double>(parse_yuan("--comp-limit", *limit, true)) / 100;
}

json::Value agent_json(const Agent& a) {
    return json::Object{{"login", a.login},           {"name", a.name},    {"role", a.role}, {"team", a.team},
                        {"comp_limit", a.comp_limit}, {"active", a.active}};
}

}  // namespace

AgentAdded add_agent(Context& ctx, const NewAgent& n) {
    const UnitOfWork unit(ctx);
    Agent a;
    a.login = checked_login(n.login);
    a.name = text::checked("--name", n.name, text::k_max_name);
    check_role(n.role);
    a.role = n.role;
    if (n.team) a.team = text::checked("--team", *n.team, text::k_max_name);
    a.comp_limit = checked_limit(n.comp_limit);
    a.created_at = ctx.now();
    require_role(ctx, "manager", "register agents");
    if (ctx.store().people().find_agent(a.login)) fail(ErrorKind::conflict, "agent '{}' already exists", a.login);
    const bool first = ctx.store().people().count_agents() == 0;
    const std::int64_t id = ctx.store().people().insert_agent(a);
    record_audit(ctx, EventKind::agent_add, id, agent_json(a));
    return {id, first};
}

Agent update_agent(Context& ctx, std::string_view login, const AgentChanges& c) {
    const UnitOfWork unit(ctx);
    Agent a = find_agent(ctx, login);
    const Agent before = a;
    if (c.name) a.name = text::checked("--name", *c.name, text::k_max_name);
    if (c.role) {
        check_role(*c.role);
        a.role = *c.role;
    }
    if (c.team)
        a.team = c.team->empty() ? std::nullopt : std::optional(text::checked("--team", *c.team, text::k_max_name));
    if (c.comp_limit) {
        a.comp_limit = checked_limit(c.comp_limit);
    }
    if (c.clear_comp_limit) a.comp_limit.reset();
    if (c.active) a.active = *c.active;
    require_role(ctx, "manager", "change agents");
    json::Object changes;
    const json::Value b = agent_json(before), after = agent_json(a);
    for (std::size_t i = 0; i < b.as_object().size(); ++i)
        note_change(changes, b.as_object()[i].first, b.as_object()[i].second, after.as_object()[i].second);
    if (changes.empty()) return a;
    ctx.store().people().update_agent(a);
    record_audit(ctx, EventKind::agent_update, a.id, json::Value(std::move(changes)));
    return a;
}

std::vector<AgentSummary> list_agents(Context& ctx, const std::optional<std::string>& role,
                                      const std::optional<std::string>& team) {
    if (role) check_role(*role);
    current_actor(ctx);
    std::vector<AgentSummary> out;
    for (Agent& a : ctx.store().people().list_agents(role, team)) {
        const CompensationTotal total =
            ctx.store().escalations().compensation_total(std::nullopt, std::nullopt, a.login);
        out.push_back({std::move(a), total});
    }
    return out;
}

Agent find_agent(Context& ctx, std::string_view login) {
    auto a = ctx.store().people().find_agent(login);
    if (!a) fail(ErrorKind::not_found, "agent '{}' not found", login);
    return *a;
}

}  // namespace svc
