// The weekly complaint review in the store: action items, quality-inspection scores, and the
// queries the review's figures are made of.
#include "store/sql/sql_store.hpp"

namespace svc {

namespace {

#define SVC_ACTION_COLUMNS "id, text, owner, week, due, created_by, created_at, done_at, done_by, done_note"

constexpr const char* k_insert_action =
    "INSERT INTO review_action (text, owner, week, due, created_by, created_at, done_at, done_by, done_note) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id";
constexpr const char* k_insert_action_ticket =
    "INSERT INTO review_action_ticket (action_id, ticket_id) VALUES (?1, ?2)";
constexpr const char* k_update_action =
    "UPDATE review_action SET done_at = ?2, done_by = ?3, done_note = ?4 WHERE id = ?1";
constexpr const char* k_find_action = "SELECT " SVC_ACTION_COLUMNS " FROM review_action WHERE id = ?1";
constexpr const char* k_action_tickets =
    "SELECT ticket_id FROM review_action_ticket WHERE action_id = ?1 ORDER BY ticket_id";

#define SVC_QA_COLUMNS "id, ticket_id, agent, score, note, inspector, at"
constexpr const char* k_insert_qa =
    "INSERT INTO qa_score (ticket_id, agent, score, note, inspector, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id";
constexpr const char* k_find_qa = "SELECT " SVC_QA_COLUMNS " FROM qa_score WHERE ticket_id = ?1";
constexpr const char* k_list_qa = "SELECT " SVC_QA_COLUMNS " FROM qa_score WHERE at >= ?1 AND at < ?2 ORDER BY at, id";
constexpr const char* k_qa_candidates =
    "SELECT t.id, t.owner, t.kind, t.category, t.summary, t.closed_at FROM ticket t "
    "WHERE t.status = 'closed' AND t.closed_at >= ?1 AND t.closed_at < ?2 "
    "AND NOT EXISTS (SELECT 1 FROM qa_score q WHERE q.ticket_id = t.id) ORDER BY t.id";

constexpr const char* k_complaints_created =
    "SELECT id, customer_id, owner, summary, category, cause, need, mood, created_at FROM ticket "
    "WHERE kind = 'complaint' AND created_at >= ?1 AND created_at < ?2 ORDER BY id";
constexpr const char* k_any_tickets = "SELECT EXISTS (SELECT 1 FROM ticket WHERE created_at >= ?1 AND created_at < ?2)";
constexpr const char* k_count_complaints =
    "SELECT count(*) FROM ticket WHERE kind = 'complaint' AND created_at >= ?1 AND created_at < ?2";
// The trail's codes these queries read (events of tickets: resolve, close, reopen).
static_assert(static_cast<int>(Entity::ticket) == 1);
static_assert(static_cast<int>(EventKind::ticket_resolve) == 9);
static_assert(static_cast<int>(EventKind::ticket_close) == 10);
static_assert(static_cast<int>(EventKind::ticket_reopen) == 11);
// Complaints with a resolution in the range, once each: those whose resolution stands there,
// and those reopened since whose trail records a resolution in the range.
constexpr const char* k_complaints_resolved =
    "SELECT count(*) FROM ("
    "SELECT t.id FROM ticket t WHERE t.resolved_at >= ?1 AND t.resolved_at < ?2 AND t.kind = 'complaint' "
    "UNION "
    "SELECT t.id FROM ticket t WHERE t.reopen_count > 0 AND +t.created_at < ?2 AND +t.kind = 'complaint' "
    "AND EXISTS (SELECT 1 FROM event e WHERE e.entity = 1 AND e.entity_id = t.id AND e.kind = 9 "
    "AND e.at >= ?1 AND e.at < ?2)) AS resolved";
// Complaints open or pending at ?1. A ticket never reopened was open then unless it had been
// resolved before: it is still open, or its resolution came at or after ?1. Only a ticket
// reopened at some time needs its trail: its last resolve, close or reopen before ?1 says.
//
// Each part reads a narrow index that covers it (the active tickets, the complaints resolved
// since, the reopened tickets): unary plus and INDEXED BY keep SQLite off the wide ranges
// of "created before", which holds for nearly every ticket.
constexpr const char* k_complaint_backlog =
    "SELECT (SELECT count(*) FROM ticket WHERE status IN ('open', 'pending') AND reopen_count = 0 "
    "AND +kind = 'complaint' AND created_at < ?1) "
    "+ (SELECT count(*) FROM ticket INDEXED BY ticket_complaints_by_resolved WHERE resolved_at >= ?1 "
    "AND reopen_count = 0 AND kind = 'complaint' AND +created_at < ?1) "
    "+ (SELECT count(*) FROM ticket t WHERE t.reopen_count > 0 AND +t.created_at < ?1 AND +t.kind = 'complaint' "
    "AND coalesce((SELECT e.kind FROM event e WHERE e.entity = 1 AND e.entity_id = t.id "
    "AND e.kind IN (9, 10, 11) AND e.at < ?1 ORDER BY e.at DESC, e.id DESC LIMIT 1), 11) = 11)";
constexpr const char* k_sla_breaches =
    "SELECT id, kind, owner, 'first_response', first_response_due, first_responded_at FROM ticket "
    "WHERE first_response_due >= ?1 AND first_response_due < ?2 "
    "AND (first_responded_at IS NULL OR first_responded_at > first_response_due) "
    "UNION ALL "
    "SELECT id, kind, owner, 'resolution', resolve_due, resolved_at FROM ticket "
    "WHERE resolve_due >= ?1 AND resolve_due < ?2 AND (resolved_at IS NULL OR resolved_at > resolve_due) "
    "ORDER BY 5, 1, 4";

ReviewAction read_action(const sql::Statement& s) {
    ReviewAction a;
    a.id = s.integer(0);
    a.text = s.text(1);
    a.owner = s.text(2);
    a.week = s.text(3);
    a.due = s.opt_integer(4);
    a.created_by = s.text(5);
    a.created_at = s.integer(6);
    a.done_at = s.opt_integer(7);
    a.done_by = s.opt_text(8);
    a.done_note = s.opt_text(9);
    return a;
}

QaScore read_qa(const sql::Statement& s) {
    QaScore q;
    q.id = s.integer(0);
    q.ticket_id = s.integer(1);
    q.agent = s.text(2);
    q.score = static_cast<int>(s.integer(3));
    q.note = s.opt_text(4);
    q.inspector = s.text(5);
    q.at = s.integer(6);
    return q;
}

std::int64_t count_between(sql::Database& db, const char* query, Instant since, Instant until) {
    auto& s = db.cached(query);
    s.bind_all(since, until);
    s.step();
    const std::int64_t n = s.integer(0);
    s.reset();
    return n;
}

}  // namespace

std::int64_t SqlReviews::insert_review_action(const ReviewAction& a) {
    auto& s = m_db.cached(k_insert_action);
    s.bind_all(a.text, a.owner, a.week, a.due, a.created_by, a.created_at, a.done_at, a.done_by, a.done_note);
    const std::int64_t id = s.insert_id();
    auto& t = m_db.cached(k_insert_action_ticket);
    for (std::int64_t ticket : a.tickets) {
        t.bind_all(id, ticket);
        t.run();
    }
    return id;
}

void SqlReviews::update_review_action(const ReviewAction& a) {
    auto& s = m_db.cached(k_update_action);
    s.bind_all(a.id, a.done_at, a.done_by, a.done_note);
    s.run();
}

namespace {
void load_action_tickets(sql::Database& db, ReviewAction& a) {
    auto& s = db.cached(k_action_tickets);
    s.bind(1, a.id);
    while (s.step()) a.tickets.push_back(s.integer(0));
    s.reset();
}
}  // namespace

std::optional<ReviewAction> SqlReviews::find_review_action(std::int64_t id) {
    auto& s = m_db.cached(k_find_action);
    s.bind(1, id);
    std::optional<ReviewAction> out;
    if (s.step()) out = read_action(s);
    s.reset();
    if (out) load_action_tickets(m_db, *out);
    return out;
}

std::vector<ReviewAction> SqlReviews::list_review_actions(const ReviewActionQuery& q) {
    std::string sql = "SELECT " SVC_ACTION_COLUMNS " FROM review_action";
    sql::Conditions c;
    if (q.open_at) {
        const std::string at = c.param(*q.open_at);
        c.add("(done_at IS NULL OR done_at >= " + at + ")");
    }
    if (q.created_before) c.add("created_at < " + c.param(*q.created_before));
    sql += c.where() + " ORDER BY id";
    sql::Statement s = m_db.prepare(sql);
    c.bind(s);
    std::vector<ReviewAction> out;
    while (s.step()) out.push_back(read_action(s));
    for (ReviewAction& a : out) load_action_tickets(m_db, a);
    return out;
}

std::int64_t SqlReviews::insert_qa_score(const QaScore& q) {
    auto& s = m_db.cached(k_insert_qa);
    s.bind_all(q.ticket_id, q.agent, q.score, q.note, q.inspector, q.at);
    return s.insert_id();
}

std::optional<QaScore> SqlReviews::find_qa_score(std::int64_t ticket_id) {
    auto& s = m_db.cached(k_find_qa);
    s.bind(1, ticket_id);
    std::optional<QaScore> out;
    if (s.step()) out = read_qa(s);
    s.reset();
    return out;
}

std::vector<QaScore> SqlReviews::list_qa_scores(Instant since, Instant until) {
    auto& s = m_db.cached(k_list_qa);
    s.bind_all(since, until);
    std::vector<QaScore> out;
    while (s.step()) out.push_back(read_qa(s));
    s.reset();
    return out;
}

std::vector<QaCandidate> SqlReviews::qa_candidates(Instant since, Instant until) {
    auto& s = m_db.cached(k_qa_candidates);
    s.bind_all(since, until);
    std::vector<QaCandidate> out;
    while (s.step()) out.push_back({s.integer(0), s.text(1), s.text(2), s.opt_text(3), s.text(4), s.integer(5)});
    s.reset();
    return out;
}

std::vector<ComplaintRow> SqlReviews::complaints_created(Instant since, Instant until) {
    auto& s = m_db.cached(k_complaints_created);
    s.bind_all(since, until);
    std::vector<ComplaintRow> out;
    while (s.step())
        out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), s.opt_text(4), s.opt_text(5), s.opt_text(6),
                       s.opt_text(7), s.integer(8)});
    s.reset();
    return out;
}

std::int64_t SqlReviews::count_complaints(Instant since, Instant until) {
    return count_between(m_db, k_count_complaints, since, until);
}

bool SqlReviews::any_tickets(Instant since, Instant until) {
    return count_between(m_db, k_any_tickets, since, until) != 0;
}

std::int64_t SqlReviews::complaints_resolved(Instant since, Instant until) {
    return count_between(m_db, k_complaints_resolved, since, until);
}

std::int64_t SqlReviews::complaint_backlog(Instant at) {
    auto& s = m_db.cached(k_complaint_backlog);
    s.bind(1, at);
    s.step();
    const std::int64_t n = s.integer(0);
    s.reset();
    return n;
}

std::vector<SlaBreach> SqlReviews::sla_breaches(Instant since, Instant until) {
    auto& s = m_db.cached(k_sla_breaches);
    s.bind_all(since, until);
    std::vector<SlaBreach> out;
    while (s.step()) out.push_back({s.integer(0), s.text(1), s.text(2), s.text(3), s.integer(4), s.opt_integer(5)});
    s.reset();
    return out;
}

#undef SVC_ACTION_COLUMNS
#undef SVC_QA_COLUMNS

}  // namespace svc
