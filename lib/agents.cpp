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

// "vip, english,,vip" → {english, vip}: sorted, each once; Error(usage) naming the flag.
std::vector<std::string> checked_skills(std::string_view list) {
    std::vector<std::string> out;
    while (!list.empty()) {
        const std::size_t comma = std::min(list.find(','), list.size());
        const std::string skill = text::trim(list.substr(0, comma));
        list.remove_prefix(std::min(comma + 1, list.size()));
        if (skill.empty()) continue;
        if (skill.size() > 50 || skill.find_first_of(" \t;") != std::string::npos)
            fail(ErrorKind::usage, "--skills: '{}' must be one word of at most 50 bytes", skill);
        if (std::find(out.begin(), out.end(), skill) == out.end()) out.push_back(text::checked("--skills", skill, 50));
    }
    std::sort(out.begin(), out.end());
    return out;
}

json::Value agent_json(const Agent& a) {
    json::Object o{{"login", a.login},           {"name", a.name},    {"role", a.role}, {"team", a.team},
                   {"comp_limit", a.comp_limit}, {"active", a.active}};
    if (!a.skills.empty()) o.emplace_back("skills", fmt::format("{}", fmt::join(a.skills, ",")));
    return o;
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
    if (n.skills) a.skills = checked_skills(*n.skills);
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
    if (c.skills) a.skills = checked_skills(*c.skills);
    if (c.comp_limit) {
        a.comp_limit = checked_limit(c.comp_limit);
    }
    if (c.clear_comp_limit) a.comp_limit.reset();
    if (c.active) a.active = *c.active;
    require_role(ctx, "manager", "change agents");
    json::Object changes;
    const json::Value b = agent_json(before), after = agent_json(a);
    for (const char* key : {"login", "name", "role", "team", "comp_limit", "active", "skills"}) {
        const json::Value* was = b.find(key);
        const json::Value* is = after.find(key);
        note_change(changes, key, was ? *was : json::Value(), is ? *is : json::Value());
    }
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
