// Follow-ups in the store.
#include <fmt/format.h>

#include "error.hpp"
#include "store/sql/sql_store.hpp"

namespace svc {

namespace {

#define SVC_FOLLOWUP_COLUMNS                                                                                 \
    "id, ticket_id, customer_id, kind, note, assignee, created_by, created_at, due, every, state, done_at, " \
    "outcome, unsatisfied, cancelled_at, cancel_reason, reminded_at, previous_id"

Followup read_followup(const sql::Statement& s) {
    Followup f;
    f.id = s.integer(0);
    f.ticket_id = s.opt_integer(1);
    f.customer_id = s.integer(2);
    f.kind = s.text(3);
    f.note = s.text(4);
    f.assignee = s.text(5);
    f.created_by = s.text(6);
    f.created_at = s.integer(7);
    f.due = s.integer(8);
    f.every = s.opt_integer(9);
    const auto state = followup_state_named(s.text_view(10));
    if (!state) fail(ErrorKind::storage, "follow-up {} has an unknown state '{}'", s.integer(0), s.text(10));
    f.state = *state;
    f.done_at = s.opt_integer(11);
    f.outcome = s.opt_text(12);
    f.unsatisfied = s.integer(13) != 0;
    f.cancelled_at = s.opt_integer(14);
    f.cancel_reason = s.opt_text(15);
    f.reminded_at = s.opt_integer(16);
    f.previous_id = s.opt_integer(17);
    return f;
}

constexpr const char* k_insert_followup =
    "INSERT INTO followup (ticket_id, customer_id, kind, note, assignee, created_by, created_at, due, every, state, "
    "done_at, outcome, unsatisfied, cancelled_at, cancel_reason, reminded_at, previous_id) "
    "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) RETURNING id";
constexpr const char* k_update_followup =
    "UPDATE followup SET ticket_id = ?2, customer_id = ?3, kind = ?4, note = ?5, assignee = ?6, created_by = ?7, "
    "created_at = ?8, due = ?9, every = ?10, state = ?11, done_at = ?12, outcome = ?13, unsatisfied = ?14, "
    "cancelled_at = ?15, cancel_reason = ?16, reminded_at = ?17, previous_id = ?18 WHERE id = ?1";
// A reminder's delivery is a lease on its follow-up (see delivery.hpp); the claim answers
// how many reminders went out before, which numbers this one.
constexpr const char* k_claim_reminder =
    "UPDATE followup SET remind_lease_by = ?3, remind_lease_until = ?4 WHERE id = ?1 AND state = 'open' "
    "AND (remind_lease_until IS NULL OR remind_lease_until <= ?2) RETURNING reminders";
constexpr const char* k_record_reminder =
    "UPDATE followup SET reminded_at = coalesce(?2, reminded_at), reminders = reminders + CASE WHEN ?2 IS NULL THEN 0 "
    "ELSE 1 END, "
    "remind_error = ?3, remind_lease_by = NULL, remind_lease_until = NULL WHERE id = ?1 AND remind_lease_by = ?4";
constexpr const char* k_find_followup = "SELECT " SVC_FOLLOWUP_COLUMNS " FROM followup WHERE id = ?1";
constexpr const char* k_repeat_complainers =
    "SELECT customer_id, count(*) FROM ticket WHERE kind = 'complaint' AND created_at >= ?1 AND created_at < ?2 "
    "GROUP BY customer_id HAVING count(*) >= ?3 ORDER BY count(*) DESC, customer_id";

void bind_followup(sql::Statement& s, const Followup& f) {
    s.bind_from(2, f.ticket_id, f.customer_id, f.kind, f.note, f.assignee, f.created_by, f.created_at, f.due, f.every,
                to_string(f.state), f.done_at, f.outcome, f.unsatisfied ? 1 : 0, f.cancelled_at, f.cancel_reason,
                f.reminded_at, f.previous_id);
}

}  // namespace

std::int64_t SqlFollowups::insert_followup(const Followup& f) {
    auto& s = m_db.cached(k_insert_followup);
    bind_followup(s, f);
    return s.insert_id();
}

void SqlFollowups::update_followup(const Followup& f) {
    auto& s = m_db.cached(k_update_followup);
    s.bind(1, f.id);
    bind_followup(s, f);
    s.run();
}

std::optional<std::int64_t> SqlFollowups::claim_reminder(std::int64_t id, Instant now, const std::string& by,
                                                         Instant until) {
    auto& s = m_db.cached(k_claim_reminder);
    s.bind_all(id, now, by, until);
    std::optional<std::int64_t> reminders;
    if (s.step()) reminders = s.integer(0);
    s.reset();
    return reminders;
}

void SqlFollowups::record_reminder(std::int64_t id, std::optional<Instant> delivered_at,
                                   const std::optional<std::string>& error, const std::string& by) {
    auto& s = m_db.cached(k_record_reminder);
    s.bind_all(id, delivered_at, error, by);
    s.run();
}

std::optional<Followup> SqlFollowups::find_followup(std::int64_t id) {
    auto& s = m_db.cached(k_find_followup);
    s.bind(1, id);
    std::optional<Followup> out;
    if (s.step()) out = read_followup(s);
    s.reset();
    return out;
}

std::vector<Followup> SqlFollowups::list_followups(const FollowupQuery& q) {
    std::string sql = "SELECT " SVC_FOLLOWUP_COLUMNS " FROM followup";
    sql::Conditions c;
    if (q.ticket_id) c.add("ticket_id = " + c.param(*q.ticket_id));
    if (q.customer_id) c.add("customer_id = " + c.param(*q.customer_id));
    if (q.assignee) c.add("assignee = " + c.param(*q.assignee));
    if (q.kind) c.add("kind = " + c.param(*q.kind));
    if (q.open || q.due_before) c.add("state = 'open'");
    if (q.due_before) c.add("due < " + c.param(*q.due_before));
    if (q.unreminded) c.add("reminded_at IS NULL");
    if (q.broken)
        c.add(
            fmt::format("kind IN ('promise', 'callback') AND ((state = 'open' AND due < {0}) OR "
                        "(state = 'done' AND done_at > due) OR (state = 'cancelled' AND cancelled_at > due))",
                        c.param(q.now)));
    if (q.since) c.add("due >= " + c.param(*q.since));
    if (q.until) c.add("due < " + c.param(*q.until));
    sql += c.where() + " ORDER BY due, id";
    if (q.limit) sql += " LIMIT " + c.param(*q.limit);
    sql::Statement s = m_db.prepare(sql);
    c.bind(s);
    std::vector<Followup> out;
    while (s.step()) out.push_back(read_followup(s));
    return out;
}

std::vector<RepeatComplainer> SqlReviews::repeat_complainers(Instant since, Instant until, std::int64_t min) {
    auto& s = m_db.cached(k_repeat_complainers);
    s.bind_all(since, until, min);
    std::vector<RepeatComplainer> out;
    while (s.step()) out.push_back({s.integer(0), s.integer(1)});
    s.reset();
    return out;
}

#undef SVC_FOLLOWUP_COLUMNS

}  // namespace svc
