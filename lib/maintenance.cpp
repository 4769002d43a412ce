#include "maintenance.hpp"

#include "json/json.hpp"
#include "policy/policy.hpp"

namespace svc {

InitResult prepare_store(Store& store, Instant now, const std::string& actor) {
    InitResult r;
    r.schema_before = store.migrate();
    r.schema_after = store.latest_schema_version();
    if (!store.active_policy()) {
        sql::Transaction tx(store.db());
        if (!store.active_policy()) {  // another process may have been first
            PolicyVersion v{0, now, actor, "default", std::string(default_policy_text())};
            const std::int64_t version = store.insert_policy(v);
            store.append_audit({0, now, actor, "store", std::nullopt, "init",
                                json::dump(json::Object{{"schema", r.schema_after}, {"policy_version", version}})});
            r.created = true;
        }
        tx.commit();
    }
    return r;
}

StoreStats store_stats(Context& ctx) {
    StoreStats s;
    s.tables = ctx.store().table_counts();
    s.file_bytes = ctx.store().file_size();
    s.schema_version = ctx.store().schema_version();
    if (auto p = ctx.store().active_policy()) s.policy_version = p->version;
    return s;
}

}  // namespace svc
