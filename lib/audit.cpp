#include "audit.hpp"

#include "error.hpp"

namespace svc {

void record_audit(Context& ctx, EventKind kind, std::optional<std::int64_t> entity_id, const json::Value& detail) {
    const EventType* type = event_type(kind);
    if (!type) fail(ErrorKind::internal, "event kind {} is not in the catalogue", static_cast<int>(kind));
    if (const auto misfit = misfit_field(kind, detail))
        fail(ErrorKind::internal, "a {} {} event has the field {} its catalogue entry does not list in that place",
             entity_name(type->entity), type->action, *misfit);
    AuditEvent e;
    e.at = ctx.now();
    e.actor = ctx.actor();
    e.entity = type->entity;
    e.entity_id = entity_id;
    e.kind = kind;
    e.action = std::string(type->action);
    ctx.store().trail().append_audit(e, &detail);
}

void note_change(json::Object& changes, std::string_view field, const json::Value& before, const json::Value& after) {
    if (json::dump(before) == json::dump(after)) return;
    json::Object change{{"before", before}, {"after", after}};
    changes.emplace_back(std::string(field), json::Value(std::move(change)));
}

}  // namespace svc
