#include "policy_versions.hpp"

#include "agents.hpp"
#include "audit.hpp"
#include "delivery.hpp"
#include "error.hpp"
#include "tickets.hpp"

namespace svc {

std::string active_policy_text(Context& ctx) {
    if (auto p = ctx.store().policies().active_policy()) return p->text;
    return std::string(default_policy_text());
}

PolicyLoaded load_policy(Context& ctx, std::string_view text, std::string_view source, bool recompute_open) {
    const UnitOfWork unit(ctx);
    const Policy policy = parse_policy(text, source);  // refuses a bad file before anything is written
    const Actor actor = require_role(ctx, "manager", "load a policy");
    require_trusted_notify_command(ctx, policy.notify_command);
    PolicyVersion v;
    v.loaded_at = ctx.now();
    v.loaded_by = actor.login;
    v.source = std::string(source);
    v.text = std::string(text);
    v.authority = policy.authority_record();
    const std::int64_t version = ctx.store().policies().insert_policy(v);
    record_audit(ctx, EventKind::policy_load, version, json::Object{{"source", v.source}});
    ctx.reload_policy();
    PolicyLoaded loaded{version, {}};
    if (recompute_open) loaded.moved = recompute_open_tickets(ctx);
    return loaded;
}

std::vector<PolicyVersion> policy_history(Context& ctx) {
    current_actor(ctx);
    return ctx.store().policies().policy_history();
}

}  // namespace svc
