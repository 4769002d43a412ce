#pragma once
// The day's work list (当日待跟进客户清单): everything that needs someone today, from every
// part of the store, in one list by when it is due: breached and at-risk targets, promises,
// callbacks, revisits and care reminders due by the end of today (and those overdue),
// surveys to send, escalations waiting on the reader, customers at risk, and who is on duty.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"

namespace svc {

struct WorkItem {
    // breached | at_risk | promise | callback | revisit | care | survey | escalation |
    // customer_at_risk | on_duty
    std::string kind;
    std::optional<Instant> due;  // when it is (or was) due; none for a customer at risk
    std::optional<std::int64_t> ticket;
    std::optional<std::int64_t> customer_id;
    std::string customer;  // the customer's name
    std::string who;       // whom it waits on: a login, or a role for an unclaimed escalation
    std::string what;      // what it is about, in a line
};

struct TodayRequest {
    std::optional<std::string> team;  // the agents of a team
    bool all = false;                 // everyone's
};

// The acting agent's list (their tickets, follow-ups, surveys of the tickets they own,
// escalations handled by them or waiting for their role; customers at risk for a supervisor
// or manager), a team's, or everyone's. Sorted by due time; customers at risk, then who is
// on duty, at the end.
std::vector<WorkItem> todays_work(Context& ctx, const TodayRequest& request);

}  // namespace svc
