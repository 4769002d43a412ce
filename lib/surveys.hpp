#pragma once
// Satisfaction surveys (满意度回访): the right customer at the right time. A ticket is
// surveyed once, inside the policy's window after its resolution, never while the problem
// is open, never a customer who opted out or was surveyed within the suppression period.
// Answers (CSAT 1–5, NPS 0–10) are credited to the agent who owned the ticket when the
// survey went out.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "delivery.hpp"
#include "io/rows.hpp"
#include "time/period.hpp"

namespace svc {

// A ticket due for its survey, with what a mail or SMS tool needs to send it.
struct SurveyDue {
    Ticket ticket;
    Customer customer;
    Instant window_end = 0;  // past it, the ticket is no longer due
};

// Why `t` may not be surveyed now, or nothing when it may. `check_timing` adds the window
// and the suppression period to the rules that always hold (resolved, not yet surveyed,
// not opted out).
std::optional<std::string> survey_obstacle(Context& ctx, const Ticket& t, const Customer& c, bool check_timing);

// The tickets due now, oldest resolution first; one per customer (the suppression period
// counts from the first of them).
std::vector<SurveyDue> due_surveys(Context& ctx);

struct SurveySent {
    Survey survey;
    bool already = false;  // sent before: nothing recorded
};
// Records that the surveys went out: all or nothing. With `force`, outside the window or
// the suppression period too; never for an open ticket or a customer who opted out.
std::vector<SurveySent> send_surveys(Context& ctx, const std::vector<std::int64_t>& tickets, bool force);
// Records the sends of every ticket due now; returns them.
std::vector<SurveyDue> send_due_surveys(Context& ctx);

struct SurveyDeliveryRun {
    std::vector<SurveyDue> delivered;
    std::vector<std::string> failures;  // "ticket 12: notify.command exited with status 1"
};
// Sends the surveys due now through `notifier`, at least once (see delivery.hpp): the sends
// are recorded and claimed in one transaction, each is handed to the notifier as
// payload_of(due) with a delivery_id and recorded delivered; one that fails is taken back
// (the next run tries again), and one claimed by a run that died is delivered again.
// Handing over the real contact is recorded as a reveal.
SurveyDeliveryRun deliver_due_surveys(Context& ctx, Notifier& notifier,
                                      const std::function<std::string(const SurveyDue&)>& payload_of);

struct SurveyAnswer {
    std::int64_t ticket = 0;
    std::int64_t csat = 0;
    std::optional<std::int64_t> nps;
    std::optional<std::string> comment;
    std::optional<Instant> answered_at;  // default: now
};
// Records an answer. Without a send, as a phone survey sent and answered at once. Out of
// range values are Error(usage); a second answer or one past survey.expire_days after the
// send is Error(conflict).
Survey record_answer(Context& ctx, const SurveyAnswer& answer);

struct SurveyImportReport {
    std::size_t imported = 0;
    std::vector<ImportProblem> problems;  // lines skipped (with skip_invalid)
};
// Answers from CSV or JSONL (ticket, csat, nps, comment, answered_at), every line checked
// as `survey record` would; any bad line refuses the file unless skip_invalid. Each good
// line is written as it is read: the caller holds the transaction, which a refusal rolls
// back.
// A column the import does not know, or one named twice, refuses the file unless it is
// among `ignored_columns` (--ignore-column), which are dropped.
SurveyImportReport import_answers(Context& ctx, io::Input& input, ImportFormat format, bool skip_invalid,
                                  const std::vector<std::string>& ignored_columns);

struct SurveyFilter {
    std::optional<std::int64_t> ticket;
    std::optional<std::string> agent, state;  // state: sent | answered | expired | cancelled
    std::optional<Period> sent, answered;
    bool detractors = false;  // answers with csat ≤ 2 or nps ≤ 6
    std::optional<std::int64_t> limit;
};
std::vector<Survey> list_surveys(Context& ctx, SurveyFilter filter);

// sent, answered, expired (sent, unanswered more than survey.expire_days) or cancelled.
std::string survey_state(const Survey& s, Instant now, int expire_days);

// "agent", "team", "channel", "kind", "category", "tier" (and "" for none); Error(usage).
SurveyGroup parse_survey_group(std::string_view flag, std::string_view name);
std::vector<SatisfactionCounts> survey_stats(Context& ctx, const Period& period, SurveyGroup by);

}  // namespace svc
