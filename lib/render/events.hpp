#pragma once
// Events as people read them: one line for each kind of the catalogue.
#include <string>

#include "store/events.hpp"
#include "time/instant.hpp"

namespace svc {

// The event's line in a ticket's timeline ("on hold: 等顾客回电", "level 0 → 1 …"): instants
// in `zone`; a change lists each field's before → after; a payload it cannot read is shown
// as it is.
std::string describe_event(const AuditEvent& e, const Zone& zone);

}  // namespace svc
