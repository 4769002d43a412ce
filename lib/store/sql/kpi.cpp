// KPI figures in the store: each family is one or two queries over an index range of the
// range's instants (created, first response, resolution, due…), so a month over a million
// tickets reads only that month's entries, and of the ticket families only the covering
// indexes (schema v9). Grouped figures stream per row and are summed here, since SQLite's
// GROUP BY would sort every row first; without groups SQLite sums. Percentiles need the
// values: they are gathered here per group and lib/kpi takes the nearest rank.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "store/sql/sql_store.hpp"
#include "store/sql/summed.hpp"

namespace svc {

namespace {

// What a query counts, and so where its agent, ticket and customer are found.
enum class Subject { ticket, compensation, followup, qa, reply };

enum Query : std::size_t {
    q_created,
    q_first_response,
    q_first_response_breached,
    q_resolution,
    q_resolution_breached,
    q_complaint_resolution,
    q_backlog_active,
    q_backlog_resolved_later,
    q_compensation,
    q_followups_due,
    q_care_done,
    q_qa,
    q_replies,
    q_count
};

struct QueryDef {
    const char* name;
    Subject subject;
    // What each row adds to its group's figures, one expression a column (as many as are
    // set); an aggregate row adds their sums.
    std::array<summed::Value, 4> values;
    // {j}: the joins the group needs. ?1 and ?2 are the range (or the instant the query
    // asks about), ?3 now.
    const char* from_where;
    // Percentile queries need every value of their first column (each row's, or all that
    // collect() gathered); the others are summed per group.
    bool per_row = false;
};

using summed::condition;
using summed::quantity;

// Unary plus keeps SQLite from reading a range on the wrong column: the backlog's "created
// before the end" holds for nearly every ticket, the resolution index is the narrow one.
constexpr std::array<QueryDef, q_count> k_queries{{
    {"created",
     Subject::ticket,
     {condition("TRUE"), condition("t.kind = 'complaint'"), condition("t.level > 0"),
      condition("t.kind = 'complaint' AND t.cause = 'service'")},
     "ticket t{j} WHERE t.created_at >= ?1 AND t.created_at < ?2"},
    {"first_response",
     Subject::ticket,
     {quantity("t.first_responded_at - t.created_at"),
      condition("t.first_response_due IS NOT NULL AND t.first_responded_at <= t.first_response_due")},
     "ticket t{j} WHERE t.first_responded_at >= ?1 AND t.first_responded_at < ?2",
     true},
    {"first_response_breached",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.first_response_due >= ?1 AND t.first_response_due < ?2 AND t.first_response_due < ?3 "
     "AND (t.first_responded_at IS NULL OR t.first_responded_at > t.first_response_due)"},
    {"resolution",
     Subject::ticket,
     {quantity("t.resolved_at - t.created_at - t.paused_total"),
      condition("t.resolve_due IS NOT NULL AND t.resolved_at <= t.resolve_due"),
      condition("(CASE WHEN t.channel IN ('chat', 'phone') THEN t.contacts ELSE t.response_count END) <= 1 "
                "AND t.transfer_count = 0 AND t.level = 0 AND t.reopen_count = 0"),
      condition("t.reopen_count > 0")},
     "ticket t{j} WHERE t.resolved_at >= ?1 AND t.resolved_at < ?2",
     true},
    {"resolution_breached",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.resolve_due >= ?1 AND t.resolve_due < ?2 AND t.resolve_due < ?3 "
     "AND (t.resolved_at IS NULL OR t.resolved_at > t.resolve_due)"},
    // 投诉解决率: the complaints whose resolution target came due in the range (before now),
    // and those of them resolved by it.
    {"complaint_resolution",
     Subject::ticket,
     {condition("TRUE"), condition("t.resolved_at IS NOT NULL AND t.resolved_at <= t.resolve_due")},
     "ticket t{j} WHERE t.resolve_due >= ?1 AND t.resolve_due < ?2 AND t.resolve_due < ?3 AND t.kind = 'complaint'"},
    {"backlog_active",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.status IN ('open', 'pending') AND t.created_at < ?1"},
    {"backlog_resolved_later",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.resolved_at >= ?1 AND +t.created_at < ?1"},
    {"compensation",
     Subject::compensation,
     {condition("m.exception IS NOT NULL"), quantity("m.amount_fen")},
     "compensation m{j} WHERE m.at >= ?1 AND m.at < ?2"},
    // A revisit cancelled (its ticket reopened) is no longer owed; a promise called off
    // before its due time was never broken (as is_broken in lib/followups).
    {"followups_due",
     Subject::followup,
     {condition("f.kind = 'revisit' AND f.state <> 'cancelled'"), condition("f.kind = 'revisit' AND f.state = 'done'"),
      condition("f.kind IN ('promise', 'callback') AND NOT (f.state = 'cancelled' AND f.cancelled_at <= f.due)"),
      condition("f.kind IN ('promise', 'callback') AND f.state = 'done' AND f.done_at <= f.due")},
     "followup f{j} WHERE f.due >= ?1 AND f.due < ?2"},
    {"care_done",
     Subject::followup,
     {condition("TRUE")},
     "followup f{j} WHERE f.kind = 'care' AND f.state = 'done' AND f.done_at >= ?1 AND f.done_at < ?2"},
    {"qa", Subject::qa, {condition("TRUE"), quantity("q.score")}, "qa_score q{j} WHERE q.at >= ?1 AND q.at < ?2"},
    {"replies",
     Subject::reply,
     {condition("r.forced <> 0"), condition("r.vague <> 0")},
     "reply_check r{j} WHERE r.at >= ?1 AND r.at < ?2"},
}};

constexpr std::size_t k_groups = 8;  // the SurveyGroup values

struct SubjectColumns {
    std::string_view agent;        // who the figure is credited to
    std::string_view ticket_join;  // how its ticket is reached ("" for tickets themselves)
    std::string_view customer;     // its customer id (needs the ticket join for QA)
};

SubjectColumns columns_of(Subject s) {
    switch (s) {
        case Subject::ticket:
            return {"t.owner", "", "t.customer_id"};
        case Subject::compensation:
            return {"m.agent", " JOIN ticket t ON t.id = m.ticket_id", "m.customer_id"};
        case Subject::followup:
            return {"f.assignee", " LEFT JOIN ticket t ON t.id = f.ticket_id", "f.customer_id"};
        case Subject::qa:
            return {"q.agent", " JOIN ticket t ON t.id = q.ticket_id", "t.customer_id"};
        case Subject::reply:
            return {"r.agent", " JOIN ticket t ON t.id = r.ticket_id", "t.customer_id"};
    }
    return {"''", "", "''"};
}

// The group expression and joins of a query; fixed fragments, never user text. Ticket
// figures are credited to the owner (first-contact ownership), the others to the agent who
// granted, keeps, was inspected or replied.
std::string query_sql(const QueryDef& q, SurveyGroup by, bool can_collect) {
    const SubjectColumns c = columns_of(q.subject);
    std::string group = "''", join;
    auto ticket_column = [&](std::string_view column) {
        join = std::string(c.ticket_join);
        group = fmt::format("coalesce(t.{}, '')", column);
    };
    switch (by) {
        case SurveyGroup::none:
            break;
        case SurveyGroup::agent:
            group = std::string(c.agent);
            break;
        case SurveyGroup::team:
            group = "coalesce(a.team, '')";
            join = fmt::format(" LEFT JOIN agent a ON a.login = {}", c.agent);
            break;
        case SurveyGroup::channel:
            ticket_column("channel");
            break;
        case SurveyGroup::kind:
            ticket_column("kind");
            break;
        case SurveyGroup::category:
            ticket_column("category");
            break;
        case SurveyGroup::priority:
            ticket_column("priority");
            break;
        case SurveyGroup::tier:
            group = "coalesce(c.tier, '')";
            join =
                fmt::format("{} JOIN customer c ON c.id = {}",
                            q.subject == Subject::qa || q.subject == Subject::reply ? c.ticket_join : "", c.customer);
            break;
    }
    std::string from = q.from_where;
    from.replace(from.find("{j}"), 3, join);
    // Rows stream and are summed per group here; without groups SQLite sums, and collects
    // the durations of a percentile query (an engine without collect() streams them).
    const bool stream = by != SurveyGroup::none || (q.per_row && !can_collect);
    return summed::query(group, q.values, from, stream, q.per_row);
}

// Every query's text per grouping, built once: the cached statements are keyed by the
// text's address, so it must stay put.
const std::string& kpi_sql(Query q, SurveyGroup by, bool can_collect) {
    using Table = std::array<std::array<std::string, q_count>, k_groups>;
    static const auto table = [] {
        std::array<Table, 2> t;
        for (std::size_t c = 0; c < 2; ++c)
            for (std::size_t g = 0; g < k_groups; ++g)
                for (std::size_t i = 0; i < q_count; ++i)
                    t[c][g][i] = query_sql(k_queries[i], static_cast<SurveyGroup>(g), c == 1);
        return t;
    }();
    return table[can_collect ? 1 : 0][static_cast<std::size_t>(by)][q];
}

}  // namespace

std::vector<KpiFigures> SqlKpis::kpi_figures(Instant since, Instant until, Instant now, SurveyGroup by,
                                             unsigned families) {
    summed::Groups<KpiFigures> groups;
    // Defines collect() before any query uses it; nullptr when the engine has none.
    std::vector<std::int64_t>* collected = m_db.collected();
    if (collected) collected->clear();
    // Runs a query with its parameters and hands each row to `row`, which adds what the row
    // counts (one ticket's values, or a whole range's sums) to its group.
    auto each = [&](Query q, std::initializer_list<std::int64_t> params, auto&& row) {
        sql::Statement& s = m_db.cached(kpi_sql(q, by, collected != nullptr).c_str());
        int i = 0;
        for (std::int64_t p : params) s.bind(++i, p);
        while (s.step()) row(s, groups.at(s.text_view(0)));
        s.reset();
    };
    // A NULL (a sum over nothing, an unknown comparison) counts as 0, as integer() reads it.
    auto count = [](const sql::Statement& s, int column) { return s.integer(column); };
    // A percentile query's durations: a streamed row's own, or all that collect() gathered
    // for the one row of a report without groups. Returns how many.
    auto durations = [&, stream = by != SurveyGroup::none || !collected](const sql::Statement& s,
                                                                         std::vector<Seconds>& into) {
        if (stream) {
            into.push_back(s.integer(1));
            return std::int64_t{1};
        }
        into.insert(into.end(), collected->begin(), collected->end());
        collected->clear();
        return s.integer(1);
    };

    if (families & kpi_family::created)
        each(q_created, {since, until}, [&](const sql::Statement& s, KpiFigures& f) {
            f.created += count(s, 1);
            f.complaints += count(s, 2);
            f.escalated += count(s, 3);
            f.service_complaints += count(s, 4);
        });
    if (families & kpi_family::first_response) {
        each(q_first_response, {since, until}, [&](const sql::Statement& s, KpiFigures& f) {
            durations(s, f.first_response_times);
            f.first_response_met += count(s, 2);
        });
        each(q_first_response_breached, {since, until, now},
             [&](const sql::Statement& s, KpiFigures& f) { f.first_response_breached += count(s, 1); });
    }
    if (families & kpi_family::resolution) {
        each(q_resolution, {since, until}, [&](const sql::Statement& s, KpiFigures& f) {
            f.resolved += durations(s, f.resolution_times);
            f.resolution_met += count(s, 2);
            f.first_contact += count(s, 3);
            f.reopened += count(s, 4);
        });
        each(q_resolution_breached, {since, until, now},
             [&](const sql::Statement& s, KpiFigures& f) { f.resolution_breached += count(s, 1); });
        each(q_complaint_resolution, {since, until, now}, [&](const sql::Statement& s, KpiFigures& f) {
            f.complaints_due += count(s, 1);
            f.complaints_resolved_in_time += count(s, 2);
        });
    }
    if (families & kpi_family::backlog) {
        // Open or pending at the end: created before it and not resolved by then. Exact
        // while nothing resolved before the end was reopened after it (see lib/kpi.hpp).
        const Instant end = std::min(until, now);
        each(q_backlog_active, {end}, [&](const sql::Statement& s, KpiFigures& f) { f.backlog += s.integer(1); });
        each(q_backlog_resolved_later, {end},
             [&](const sql::Statement& s, KpiFigures& f) { f.backlog += s.integer(1); });
    }
    if (families & kpi_family::compensation)
        each(q_compensation, {since, until}, [&](const sql::Statement& s, KpiFigures& f) {
            f.exceptions += count(s, 1);
            f.compensation_fen += count(s, 2);
        });
    if (families & kpi_family::followups) {
        // A follow-up due later than now cannot have been missed yet.
        each(q_followups_due, {since, std::min(until, now)}, [&](const sql::Statement& s, KpiFigures& f) {
            f.revisits_due += count(s, 1);
            f.revisits_done += count(s, 2);
            f.promises_due += count(s, 3);
            f.promises_kept += count(s, 4);
        });
        each(q_care_done, {since, until}, [&](const sql::Statement& s, KpiFigures& f) { f.care_done += count(s, 1); });
    }
    if (families & kpi_family::qa)
        each(q_qa, {since, until}, [&](const sql::Statement& s, KpiFigures& f) {
            f.qa_count += count(s, 1);
            f.qa_sum += count(s, 2);
        });

    if (families & kpi_family::replies)
        each(q_replies, {since, until}, [&](const sql::Statement& s, KpiFigures& f) {
            f.forced_replies += count(s, 1);
            f.vague_replies += count(s, 2);
        });

    return groups.take();
}

std::vector<KpiQueryPlan> SqlKpis::kpi_query_plans(SurveyGroup by) {
    const bool can_collect = m_db.collected() != nullptr;  // the queries without groups use collect()
    const bool pg = m_db.engine() == sql::Engine::postgresql;
    std::vector<KpiQueryPlan> out;
    for (std::size_t i = 0; i < q_count; ++i) {
        const std::string& text = kpi_sql(static_cast<Query>(i), by, can_collect);
        sql::Statement s = m_db.prepare((pg ? "EXPLAIN " : "EXPLAIN QUERY PLAN ") + text);
        KpiQueryPlan plan{k_queries[i].name, {}};
        if (pg) {
            while (s.step()) plan.detail += (plan.detail.empty() ? "" : "; ") + s.text(0);
            out.push_back(std::move(plan));
            continue;
        }
        while (s.step()) plan.detail += (plan.detail.empty() ? "" : "; ") + s.text(3);
        out.push_back(std::move(plan));
    }
    return out;
}

}  // namespace svc
