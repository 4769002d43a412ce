#include "audit.hpp"

namespace svc {

void record_audit(Context& ctx, std::string_view entity, std::optional<std::int64_t> entity_id, std::string_view action,
                  const json::Value& detail) {
    AuditEvent e;
    e.at = ctx.now();
    e.actor = ctx.actor();
    e.entity = std::string(entity);
    e.entity_id = entity_id;
    e.action = std::string(action);
    e.detail = detail.is_null() ? std::string() : json::dump(detail);
    ctx.store().trail().append_audit(e);
}

void note_change(json::Object& changes, std::string_view field, const json::Value& before, const json::Value& after) {
    if (json::dump(before) == json::dump(after)) return;
    json::Object change{{"before", before}, {"after", after}};
    changes.emplace_back(std::string(field), json::Value(std::move(change)));
}

}  // namespace svc
