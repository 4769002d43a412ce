// Escalations, the sweep's events and compensation in the store.
#include <fmt/format.h>

#include <algorithm>

#include "json/json.hpp"
#include "store/sql/sql_store.hpp"

namespace svc {

namespace {

constexpr const char* k_insert_escalation =
    "INSERT INTO escalation (ticket_id, from_level, to_level, role, handler, actor, trigger, reason, at, "
    "solution_due, solution_clock, ended_at, outcome) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
    "RETURNING id";
constexpr const char* k_end_escalation =
    "UPDATE escalation SET ended_at = ?2, outcome = ?3 WHERE ticket_id = ?1 AND ended_at IS NULL";
// Three index ranges (the partial indexes of active tickets), merged and ordered in C++:
// as one UNION, or with ORDER BY id, SQLite would scan the whole table instead.
constexpr const char* k_candidates_due = "SELECT id FROM ticket WHERE status IN ('open', 'pending') AND next_due <= ?1";
constexpr const char* k_candidates_warn =
    "SELECT id FROM ticket WHERE status IN ('open', 'pending') AND next_warn <= ?1";
constexpr const char* k_candidates_risk =
    "SELECT id FROM ticket WHERE risk_keyword IS NOT NULL AND status IN ('open', 'pending') AND level < ?1";
constexpr const char* k_insert_sweep_event =
    "INSERT INTO sweep_event (ticket_id, kind, target, due, at, recipient, clock, payload, notify) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING";
constexpr const char* k_has_sweep_event =
    "SELECT 1 FROM sweep_event WHERE ticket_id = ?1 AND kind = ?2 AND target = ?3 AND due = ?4";
constexpr const char* k_undelivered =
    "SELECT id, ticket_id, kind, target, due, at, recipient, clock, payload, notify, delivered_at, attempts, "
    "last_error FROM sweep_event WHERE notify = 1 AND delivered_at IS NULL ORDER BY id";
// A claim is a lease: while one sweep delivers, others leave the event alone; a sweep that
// died mid-delivery leaves a lease that runs out (see delivery.hpp).
constexpr const char* k_claim_event =
    "UPDATE sweep_event SET attempts = attempts + 1, lease_by = ?3, lease_until = ?4 WHERE id = ?1 "
    "AND delivered_at IS NULL AND (lease_until IS NULL OR lease_until <= ?2)";
constexpr const char* k_mark_event =
    "UPDATE sweep_event SET delivered_at = ?2, last_error = ?3, lease_by = NULL, lease_until = NULL "
    "WHERE id = ?1 AND lease_by = ?4";
constexpr const char* k_insert_compensation =
    "INSERT INTO compensation (ticket_id, customer_id, agent, role, amount_fen, kind, note, limit_fen, exception, "
    "level, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id";
constexpr const char* k_compensations_for_ticket =
    "SELECT id, ticket_id, customer_id, agent, role, amount_fen, kind, note, limit_fen, exception, level, at "
    "FROM compensation WHERE ticket_id = ?1 ORDER BY at, id";
constexpr const char* k_compensations_between =
    "SELECT id, ticket_id, customer_id, agent, role, amount_fen, kind, note, limit_fen, exception, level, at "
    "FROM compensation WHERE at >= ?1 AND at < ?2 ORDER BY at, id";

// Rows of the two compensation queries above, in their column order.
std::vector<Compensation> read_compensations(sql::Statement& s) {
    std::vector<Compensation> out;
    while (s.step()) {
        Compensation c;
        c.id = s.integer(0);
        c.ticket_id = s.integer(1);
        c.customer_id = s.integer(2);
        c.agent = s.text(3);
        c.role = s.text(4);
        c.amount_fen = s.integer(5);
        c.kind = s.text(6);
        c.note = s.opt_text(7);
        c.limit_fen = s.opt_integer(8);
        c.exception = s.opt_text(9);
        c.level = static_cast<int>(s.integer(10));
        c.at = s.integer(11);
        out.push_back(std::move(c));
    }
    s.reset();
    return out;
}

}  // namespace

std::int64_t SqlEscalations::insert_escalation(const Escalation& e) {
    auto& s = m_db.cached(k_insert_escalation);
    s.bind_all(e.ticket_id, e.from_level, e.to_level, e.role, e.handler, e.actor, e.trigger, e.reason, e.at,
               e.solution_due, e.solution_clock, e.ended_at, e.outcome);
    return s.insert_id();
}

void SqlEscalations::end_escalation(std::int64_t ticket_id, Instant at, std::string_view outcome) {
    auto& s = m_db.cached(k_end_escalation);
    s.bind_all(ticket_id, at, outcome);
    s.run();
}

std::vector<Escalation> SqlEscalations::list_escalations(const EscalationQuery& q) {
    std::string sql =
        "SELECT id, ticket_id, from_level, to_level, role, handler, actor, trigger, reason, at, solution_due, "
        "solution_clock, ended_at, outcome FROM escalation";
    sql::Conditions c;
    if (q.ticket_id) c.add("ticket_id = " + c.param(*q.ticket_id));
    if (q.level) c.add("to_level = " + c.param(*q.level));
    if (q.since) c.add("at >= " + c.param(*q.since));
    if (q.until) c.add("at < " + c.param(*q.until));
    if (q.open || q.overdue) c.add("ended_at IS NULL");
    if (q.overdue) c.add("solution_due <= " + c.param(q.now));
    sql += c.where();
    sql += " ORDER BY at, id";
    sql::Statement s = m_db.prepare(sql);
    c.bind(s);
    std::vector<Escalation> out;
    while (s.step()) {
        Escalation e;
        e.id = s.integer(0);
        e.ticket_id = s.integer(1);
        e.from_level = static_cast<int>(s.integer(2));
        e.to_level = static_cast<int>(s.integer(3));
        e.role = s.text(4);
        e.handler = s.opt_text(5);
        e.actor = s.text(6);
        e.trigger = s.text(7);
        e.reason = s.text(8);
        e.at = s.integer(9);
        e.solution_due = s.opt_integer(10);
        e.solution_clock = s.opt_text(11);
        e.ended_at = s.opt_integer(12);
        e.outcome = s.opt_text(13);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<std::int64_t> SqlTickets::sweep_candidates(Instant now, int risk_level) {
    std::vector<std::int64_t> out;
    for (const char* sql : {k_candidates_due, k_candidates_warn, k_candidates_risk}) {
        auto& s = m_db.cached(sql);
        s.bind(1, sql == k_candidates_risk ? static_cast<std::int64_t>(risk_level) : now);
        while (s.step()) out.push_back(s.integer(0));
        s.reset();
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

bool SqlEscalations::insert_sweep_event(const SweepEvent& e) {
    auto& s = m_db.cached(k_insert_sweep_event);
    s.bind_all(e.ticket_id, e.kind, e.target, e.due, e.at, e.recipient, e.clock, e.payload, e.notify ? 1 : 0);
    s.run();
    return m_db.changes() == 1;
}

bool SqlEscalations::has_sweep_event(const SweepEvent& e) {
    auto& s = m_db.cached(k_has_sweep_event);
    s.bind_all(e.ticket_id, e.kind, e.target, e.due);
    const bool found = s.step();
    s.reset();
    return found;
}

std::vector<SweepEvent> SqlEscalations::undelivered_events() {
    auto& s = m_db.cached(k_undelivered);
    std::vector<SweepEvent> out;
    while (s.step()) {
        SweepEvent e;
        e.id = s.integer(0);
        e.ticket_id = s.integer(1);
        e.kind = s.text(2);
        e.target = s.text(3);
        e.due = s.integer(4);
        e.at = s.integer(5);
        e.recipient = s.opt_text(6);
        e.clock = s.text(7);
        e.payload = s.text(8);
        e.notify = s.integer(9) != 0;
        e.delivered_at = s.opt_integer(10);
        e.attempts = static_cast<int>(s.integer(11));
        e.last_error = s.opt_text(12);
        out.push_back(std::move(e));
    }
    s.reset();
    return out;
}

bool SqlEscalations::claim_sweep_event(std::int64_t id, Instant now, const std::string& by, Instant until) {
    auto& s = m_db.cached(k_claim_event);
    s.bind_all(id, now, by, until);
    s.run();
    return m_db.changes() == 1;
}

void SqlEscalations::mark_sweep_event(std::int64_t id, std::optional<Instant> delivered_at,
                                      const std::optional<std::string>& error, const std::string& by) {
    auto& s = m_db.cached(k_mark_event);
    s.bind_all(id, delivered_at, error, by);
    s.run();
}

std::int64_t SqlEscalations::insert_compensation(const Compensation& c) {
    auto& s = m_db.cached(k_insert_compensation);
    s.bind_all(c.ticket_id, c.customer_id, c.agent, c.role, c.amount_fen, c.kind, c.note, c.limit_fen, c.exception,
               c.level, c.at);
    return s.insert_id();
}

std::vector<Compensation> SqlEscalations::compensations_for_ticket(std::int64_t ticket_id) {
    auto& s = m_db.cached(k_compensations_for_ticket);
    s.bind(1, ticket_id);
    return read_compensations(s);
}

std::vector<Compensation> SqlEscalations::compensations_between(Instant since, Instant until) {
    auto& s = m_db.cached(k_compensations_between);
    s.bind_all(since, until);
    return read_compensations(s);
}

CompensationTotal SqlEscalations::compensation_total(std::optional<std::int64_t> ticket_id,
                                                     std::optional<std::int64_t> customer_id,
                                                     std::optional<std::string> agent) {
    // Only the filters given, so SQLite reads the index of the one that is (a "?n IS NULL
    // OR column = ?n" form would read the whole table).
    sql::Conditions c;
    if (ticket_id) c.add("ticket_id = " + c.param(*ticket_id));
    if (customer_id) c.add("customer_id = " + c.param(*customer_id));
    if (agent) c.add("agent = " + c.param(*agent));
    auto& s = m_db.cached_text("SELECT coalesce(sum(amount_fen), 0), count(*) FROM compensation" + c.where());
    c.bind(s);
    CompensationTotal t;
    if (s.step()) t = {s.integer(0), s.integer(1)};
    s.reset();
    return t;
}

}  // namespace svc
