#pragma once
// Appending to the audit trail: who did what to which record, with a JSON detail.
#include <string_view>

#include "context.hpp"
#include "json/json.hpp"

namespace svc {

// Appends an event of `kind` (its record type is the catalogue's) at the context's now, by
// its actor; a null detail is none.
void record_audit(Context& ctx, EventKind kind, std::optional<std::int64_t> entity_id, const json::Value& detail);

// {"field": {"before": b, "after": a}} entries for the fields that changed.
void note_change(json::Object& changes, std::string_view field, const json::Value& before, const json::Value& after);

}  // namespace svc
