#include "maintenance.hpp"

#include "json/json.hpp"
#include "policy/policy.hpp"

namespace svc {

bool ensure_default_policy(Store& store, Instant now, const std::string& actor) {
    if (store.policies().has_policy()) return false;
    WriteTransaction tx(store);
    if (store.policies().has_policy()) return false;  // another process was first
    PolicyVersion v{0, now, actor, "default", std::string(default_policy_text()), {}};
    v.authority = parse_policy(v.text, "default").authority_record();
    const std::int64_t version = store.policies().insert_policy(v);
    store.trail().append_audit(
        {0, now, actor, Entity::store, std::nullopt, EventKind::store_init, "init",
         json::dump(json::Object{{"schema", store.latest_schema_version()}, {"policy_version", version}})});
    tx.commit();
    return true;
}

StoreStats store_stats(Context& ctx) {
    StoreStats s;
    s.tables = ctx.store().table_counts();
    s.file_bytes = ctx.store().file_size();
    s.schema_version = ctx.store().schema_version();
    if (auto p = ctx.store().policies().active_policy()) s.policy_version = p->version;
    return s;
}

}  // namespace svc
