#pragma once
// Appending to the audit trail: who did what to which record, with a JSON detail.
#include <string_view>

#include "context.hpp"
#include "json/json.hpp"

namespace svc {

void record_audit(Context& ctx, std::string_view entity, std::optional<std::int64_t> entity_id, std::string_view action,
                  const json::Value& detail);

// {"field": {"before": b, "after": a}} entries for the fields that changed.
void note_change(json::Object& changes, std::string_view field, const json::Value& before, const json::Value& after);

}  // namespace svc
