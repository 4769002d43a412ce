#pragma once
// Follow-ups: nothing promised is forgotten (服务承诺). A callback or promise is a deadline
// the agent is held to; one that passes undone — or is done late — is a broken promise.
// Resolving a complaint schedules its follow-up visit (回访) for the owner; care reminders
// (主动服务) belong to a customer and may repeat.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "delivery.hpp"
#include "time/period.hpp"

namespace svc {

struct NewFollowup {
    std::optional<std::int64_t> ticket;
    std::optional<std::string> customer;  // id, ref or phone; for care without a ticket
    std::string kind, note;
    Instant due = 0;
    std::optional<std::string> assignee;
    std::optional<Seconds> every;
};

// When a reminder of `kind` due at `due` is scheduled: a care reminder (a birthday, a
// membership renewal) in the next working or duty time, never at midnight or on a holiday
// nobody covers; promises and callbacks keep the time the customer was given; revisits are
// scheduled on the business clock already (lifecycle).
Instant reminder_time(const Policy& policy, std::string_view kind, Instant due);
// Error(usage) when the due time has passed.
std::int64_t add_followup(Context& ctx, const NewFollowup& f);
struct FollowupClosed {
    std::optional<std::int64_t> next;  // the next reminder of a repeating care series
    bool reopened = false;             // an unsatisfied revisit reopened its ticket
    // Done when done already, cancelled when cancelled already: nothing changed (a no-op,
    // as with tickets, see Transition).
    std::optional<std::string> unchanged;
};
// Done; an unsatisfied revisit reopens its ticket with the outcome as the reason. A
// repeating care reminder schedules its next one.
FollowupClosed complete_followup(Context& ctx, std::int64_t id, std::string_view outcome, bool unsatisfied);
// Cancelled; a repeating care reminder schedules its next one unless `stop` ends the series.
FollowupClosed cancel_followup(Context& ctx, std::int64_t id, std::string_view reason, bool stop);

struct FollowupFilter {
    std::optional<std::int64_t> ticket;
    std::optional<std::string> customer, assignee, kind;
    bool open = false, overdue = false, broken = false;
    std::optional<Period> period;
};
std::vector<Followup> list_followups(Context& ctx, FollowupFilter filter);

struct DueReminders {
    Seconds within = 0;                   // due by now + within
    std::optional<std::string> assignee;  // a login, or "me"
    bool remind_again = false;            // also those reminded before
};
struct ReminderRun {
    std::vector<Followup> reminded;     // as they were when reminded
    std::vector<std::string> failures;  // "follow-up 12: notify.command exited with status 1"
};
// Reminds of the open follow-ups due by now + within that have not been reminded (all of
// them with remind_again), each in its own transactions. Without a notifier each is marked
// reminded at once (the caller prints them). With one, each is claimed, handed to it as
// payload_of(f) with a delivery_id, and marked reminded once delivered; a failure is kept
// on the follow-up and the next run tries again (at least once, see delivery.hpp).
ReminderRun remind_due_followups(Context& ctx, const DueReminders& due, Notifier* notifier,
                                 const std::function<std::string(const Followup&)>& payload_of);

// open, due (today, not yet past), overdue, done, cancelled.
std::string followup_state(const Followup& f, Instant now, const Zone& zone);
// A promise or callback not kept by its due time: still open after it, done after it, or
// cancelled after it.
bool is_broken(const Followup& f, Instant now);
std::optional<bool> done_on_time(const Followup& f);

// Churn warning (流失预警): customers with repeated complaints, a broken promise, each with
// its reasons.
struct AtRiskCustomer {
    Customer customer;
    std::vector<std::string> reasons;
    std::optional<CustomerLoss> loss;  // their latest loss (流失), if they were ever recorded lost
    // Recorded lost and not back: the warning's outcome.
    bool lost_now() const { return loss && !loss->returned_at; }
};
std::vector<AtRiskCustomer> customers_at_risk(Context& ctx, const std::optional<Period>& period);

}  // namespace svc
