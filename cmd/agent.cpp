// svc agent: add, list, update.
#include <fmt/format.h>

#include "agents.hpp"
#include "cli.hpp"
#include "error.hpp"
#include "render/views.hpp"
#include "vocabulary.hpp"

namespace svc::cli {

namespace {

struct AgentAddOptions {
    NewAgent agent;
};
struct AgentListOptions {
    std::optional<std::string> role, team;
};
struct AgentUpdateOptions {
    std::string login;
    AgentChanges changes;
    bool active = false, inactive = false;
};

int run_agent_add(const AgentAddOptions& o, Session& s) {
    const AgentAdded added = add_agent(s.context(), o.agent);
    if (added.ended_single_user && o.agent.login != s.context().actor())
        s.warn(trf("agents are now registered, so '{}' must act as one of them (--as {} or SVC_USER)",
                   s.context().actor(), o.agent.login));
    s.print_id(added.id);
    return 0;
}

int run_agent_list(const AgentListOptions& o, Session& s) {
    s.print(render::agent_rows(list_agents(s.context(), o.role, o.team)));
    return 0;
}

int run_agent_update(AgentUpdateOptions o, Session& s) {
    if (o.active && o.inactive) fail(ErrorKind::usage, "--active and --inactive contradict each other");
    if (o.active) o.changes.active = true;
    if (o.inactive) o.changes.active = false;
    update_agent(s.context(), o.login, o.changes);
    return 0;
}

}  // namespace

void add_agent_commands(CLI::App& app, Dispatch& d) {
    CLI::App* noun = app.add_subcommand("agent", "Agents: role, team and compensation limit");
    noun->group(N_("Nouns"));
    const std::string roles = "Role: " + vocab::joined(vocab::roles);

    auto add_o = std::make_shared<AgentAddOptions>();
    CLI::App* add = noun->add_subcommand("add", "Register an agent (a manager's job; anyone's while none exist)");
    add->add_option("LOGIN", add_o->agent.login, "Login (letters, digits, . _ -)")->required();
    add->add_option("--name", add_o->agent.name, "Display name")->required();
    add->add_option("--role", add_o->agent.role, roles)->required();
    optional_flag(add, "--team", add_o->agent.team, "Team name");
    optional_flag(add, "--skills", add_o->agent.skills,
                  "What they can take, separated by commas (english,vip): [routing] rules ask for skills");
    add->add_option_function<std::string>(
        "--comp-limit", [o = add_o.get()](const std::string& v) { o->agent.comp_limit = v; },
        "Own compensation limit in yuan (else the role's [authority])");
    examples(add,
             "  svc agent add li.manager --name 李经理 --role manager --as li.manager\n"
             "  svc agent add wang.fang --name 王芳 --role agent --team east --comp-limit 80");
    d.on(add, [add_o](Session& s) { return run_agent_add(*add_o, s); });

    auto list_o = std::make_shared<AgentListOptions>();
    CLI::App* list = noun->add_subcommand("list", "List agents by team");
    optional_flag(list, "--role", list_o->role, roles);
    optional_flag(list, "--team", list_o->team, "Team name");
    examples(list, "  svc agent list --team east");
    d.on(list, [list_o](Session& s) { return run_agent_list(*list_o, s); });

    auto upd_o = std::make_shared<AgentUpdateOptions>();
    CLI::App* upd = noun->add_subcommand("update", "Change an agent's name, role, team, limit or activity");
    upd->add_option("LOGIN", upd_o->login, "Login")->required();
    optional_flag(upd, "--name", upd_o->changes.name, "New display name");
    optional_flag(upd, "--role", upd_o->changes.role, roles);
    optional_flag(upd, "--team", upd_o->changes.team, "New team ('' clears)");
    optional_flag(upd, "--skills", upd_o->changes.skills, "The whole set of skills, separated by commas ('' clears)");
    upd->add_option_function<std::string>(
        "--comp-limit", [o = upd_o.get()](const std::string& v) { o->changes.comp_limit = v; },
        "Own compensation limit in yuan");
    upd->add_flag("--role-limit", upd_o->changes.clear_comp_limit, "Drop the own limit: use the role's [authority]");
    upd->add_flag("--active", upd_o->active, "Reactivate");
    upd->add_flag("--inactive", upd_o->inactive, "Deactivate (keeps history; the login can no longer act)");
    examples(upd, "  svc agent update wang.fang --role supervisor --comp-limit 300");
    d.on(upd, [upd_o](Session& s) { return run_agent_update(*upd_o, s); });
}

}  // namespace svc::cli
