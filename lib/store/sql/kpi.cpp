// KPI figures in the store: each family is one or two queries over an index range of the
// range's instants (created, first response, resolution, due…), so a month over a million
// tickets reads only that month's entries, and of the ticket families only the covering
// indexes (schema v9). Grouped figures stream per row and are summed here, since SQLite's
// GROUP BY would sort every row first; without groups SQLite sums. Percentiles need the
// values: they are gathered here per group and lib/kpi takes the nearest rank.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "store/sql/resolution.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sql/summed.hpp"

namespace svc {

namespace {

// What a query counts, and so where its agent, ticket and customer are found.
enum class Subject { ticket, compensation, followup, qa, reply };

enum Query : std::size_t {
    q_created,
    q_created_past,
    q_first_response,
    q_first_response_breached,
    q_resolution,
    q_resolution_past,
    q_resolution_breached,
    q_resolution_breached_past,
    q_complaint_resolution,
    q_complaint_resolution_past,
    q_backlog_active,
    q_backlog_resolved_later,
    q_backlog_reopened_later,
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
    // {j}: the joins the group needs. ?1 and ?2 are the range, cut at the instant the
    // figures are as of, ?3 (the backlog's ?1 is that instant).
    const char* from_where;
    // Percentile queries need every value of their first column (each row's, or all that
    // collect() gathered); the others are summed per group.
    bool per_row = false;
};

using summed::condition;
using summed::quantity;
namespace rs = resolution_sql;

// Figures as of an instant A (?3): what had happened by then, and the state then. The
// ticket row holds its latest resolution; a resolution that a reopen at or after A undid was
// the one in force at A, and its twin query (…_past) reads it from past_resolution as it
// stood. A ticket's kind, channel, category, priority and customer are read as they are now.
//
// Unary plus (and `|| ''` for text) keeps SQLite from reading a range on the wrong column:
// the backlog's "created before the end" holds for nearly every ticket, the resolution index
// is the narrow one; the past resolutions are far fewer than the tickets.
constexpr std::array<QueryDef, q_count> k_queries{{
    {"created",
     Subject::ticket,
     {condition("TRUE"), condition("t.kind = 'complaint'"),
      condition("t.level > 0 AND EXISTS (SELECT 1 FROM escalation e WHERE e.ticket_id = t.id AND e.at < ?3)"),
      condition("t.kind = 'complaint' AND t.cause = 'service' AND t.resolved_at < ?3")},
     "ticket t{j} WHERE t.created_at >= ?1 AND t.created_at < ?2"},
    // A complaint whose resolution in force at A said the service caused it.
    {"created_past",
     Subject::ticket,
     {condition("TRUE")},
     "past_resolution p JOIN ticket t ON t.id = p.ticket_id{j} WHERE p.reopened_at >= ?3 AND p.resolved_at < ?3 "
     "AND p.cause = 'service' AND t.kind || '' = 'complaint' AND +t.created_at >= ?1 AND +t.created_at < ?2"},
    {"first_response",
     Subject::ticket,
     {quantity("t.first_responded_at - t.created_at"),
      condition("t.first_response_due IS NOT NULL AND t.first_responded_at <= t.first_response_due")},
     "ticket t{j} WHERE t.first_responded_at >= ?1 AND t.first_responded_at < ?2",
     true},
    {"first_response_breached",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.first_response_due >= ?1 AND t.first_response_due < ?2 "
     "AND (t.first_responded_at IS NULL OR t.first_responded_at > t.first_response_due)"},
    {"resolution",
     Subject::ticket,
     {quantity(rs::k_duration), condition(rs::k_met), condition(rs::k_first_contact), condition(rs::k_after_reopen)},
     "ticket t{j} WHERE t.resolved_at >= ?1 AND t.resolved_at < ?2",
     true},
    {"resolution_past",
     Subject::ticket,
     {quantity("p.duration"), condition("p.met <> 0"), condition("p.first_contact <> 0"),
      condition("p.after_reopen <> 0")},
     "past_resolution p JOIN ticket t ON t.id = p.ticket_id{j} WHERE p.reopened_at >= ?3 AND p.resolved_at >= ?1 "
     "AND p.resolved_at < ?2",
     true},
    {"resolution_breached",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.resolve_due >= ?1 AND t.resolve_due < ?2 "
     "AND (t.resolved_at IS NULL OR t.resolved_at > t.resolve_due)"},
    {"resolution_breached_past",
     Subject::ticket,
     {condition("TRUE")},
     "past_resolution p JOIN ticket t ON t.id = p.ticket_id{j} WHERE p.reopened_at >= ?3 AND p.resolve_due >= ?1 "
     "AND p.resolve_due < ?2 AND p.resolved_at > p.resolve_due"},
    // 投诉解决率: the complaints whose resolution target came due in the range, and those of
    // them resolved by it.
    {"complaint_resolution",
     Subject::ticket,
     {condition("TRUE"), condition("t.resolved_at IS NOT NULL AND t.resolved_at <= t.resolve_due")},
     "ticket t{j} WHERE t.resolve_due >= ?1 AND t.resolve_due < ?2 AND t.kind = 'complaint'"},
    {"complaint_resolution_past",
     Subject::ticket,
     {condition("TRUE"), condition("p.met <> 0")},
     "past_resolution p JOIN ticket t ON t.id = p.ticket_id{j} WHERE p.reopened_at >= ?3 AND p.resolve_due >= ?1 "
     "AND p.resolve_due < ?2 AND t.kind || '' = 'complaint'"},
    {"backlog_active",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.status IN ('open', 'pending') AND t.created_at < ?1"},
    {"backlog_resolved_later",
     Subject::ticket,
     {condition("TRUE")},
     "ticket t{j} WHERE t.resolved_at >= ?1 AND +t.created_at < ?1"},
    // Resolved at the end but reopened since: the two above count them, this takes them off.
    {"backlog_reopened_later",
     Subject::ticket,
     {condition("TRUE")},
     "past_resolution p JOIN ticket t ON t.id = p.ticket_id{j} WHERE p.reopened_at >= ?1 AND p.resolved_at < ?1 "
     "AND +t.created_at < ?1"},
    {"compensation",
     Subject::compensation,
     {condition("m.exception IS NOT NULL"), quantity("m.amount_fen")},
     "compensation m{j} WHERE m.at >= ?1 AND m.at < ?2"},
    // A revisit cancelled (its ticket reopened) is no longer owed; a promise called off
    // before its due time was never broken (as is_broken in lib/followups).
    {"followups_due",
     Subject::followup,
     {condition("f.kind = 'revisit' AND NOT (f.state = 'cancelled' AND f.cancelled_at < ?3)"),
      condition("f.kind = 'revisit' AND f.state = 'done' AND f.done_at < ?3"),
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

// Retention (留存率) counts customers, not tickets: without groups or by tier only. The
// customers registered before the start, less those lost then; and of them those lost at
// the end. A loss counts once it was recorded (?as_of), a return as it happened.
struct RetentionSql {
    std::string registered, lost_at_start, lost_in_range;
};
const RetentionSql& retention_sql(bool by_tier) {
    static const auto make = [](bool tier) {
        // `|| ''`: SQLite would read the whole tier index for its order rather than the
        // range of registration times and sort four groups.
        const std::string group = tier ? "c.tier || ''" : "''", group_by = tier ? " GROUP BY c.tier || ''" : "";
        const std::string losses = "customer_loss l JOIN customer c ON c.id = l.customer_id";
        return RetentionSql{
            fmt::format("SELECT {}, count(c.id) FROM customer c WHERE c.created_at < ?1{}", group, group_by),
            fmt::format("SELECT {}, count(c.id) FROM {} WHERE l.lost_at < ?1 AND l.recorded_at < ?2 "
                        "AND (l.returned_at IS NULL OR l.returned_at > ?1) AND c.created_at < ?1{}",
                        group, losses, group_by),
            fmt::format("SELECT {}, count(c.id) FROM {} WHERE l.lost_at >= ?1 AND l.lost_at < ?2 "
                        "AND l.recorded_at < ?3 AND (l.returned_at IS NULL OR l.returned_at >= ?2) "
                        "AND c.created_at < ?1{}",
                        group, losses, group_by)};
    };
    static const RetentionSql plain = make(false), tiered = make(true);
    return by_tier ? tiered : plain;
}

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

std::vector<KpiFigures> SqlKpis::kpi_figures(Instant since, Instant until, Instant as_of, SurveyGroup by,
                                             unsigned families) {
    summed::Groups<KpiFigures> groups;
    // Nothing after the instant the figures are as of has happened yet.
    const Instant end = std::min(until, as_of);
    // Defines collect() before any query uses it; nullptr when the engine has none.
    std::vector<std::int64_t>* collected = m_db.collected();
    if (collected) collected->clear();
    // Runs a query with its parameters and hands each row to `row`, which adds what the row
    // counts (one ticket's values, or a whole range's sums) to its group.
    auto run = [&](const std::string& sql, std::initializer_list<std::int64_t> params, auto&& row) {
        sql::Statement& s = m_db.cached(sql.c_str());
        int i = 0;
        for (std::int64_t p : params) s.bind(++i, p);
        while (s.step()) row(s, groups.at(s.text_view(0)));
        s.reset();
    };
    auto each = [&](Query q, std::initializer_list<std::int64_t> params, auto&& row) {
        run(kpi_sql(q, by, collected != nullptr), params, row);
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

    if (families & kpi_family::created) {
        each(q_created, {since, end, as_of}, [&](const sql::Statement& s, KpiFigures& f) {
            f.created += count(s, 1);
            f.complaints += count(s, 2);
            f.escalated += count(s, 3);
            f.service_complaints += count(s, 4);
        });
        each(q_created_past, {since, end, as_of},
             [&](const sql::Statement& s, KpiFigures& f) { f.service_complaints += count(s, 1); });
    }
    if (families & kpi_family::first_response) {
        each(q_first_response, {since, end}, [&](const sql::Statement& s, KpiFigures& f) {
            durations(s, f.first_response_times);
            f.first_response_met += count(s, 2);
        });
        each(q_first_response_breached, {since, end},
             [&](const sql::Statement& s, KpiFigures& f) { f.first_response_breached += count(s, 1); });
    }
    if (families & kpi_family::resolution) {
        auto resolutions = [&](const sql::Statement& s, KpiFigures& f) {
            f.resolved += durations(s, f.resolution_times);
            f.resolution_met += count(s, 2);
            f.first_contact += count(s, 3);
            f.reopened += count(s, 4);
        };
        each(q_resolution, {since, end}, resolutions);
        each(q_resolution_past, {since, end, as_of}, resolutions);
        auto breached = [&](const sql::Statement& s, KpiFigures& f) { f.resolution_breached += count(s, 1); };
        each(q_resolution_breached, {since, end}, breached);
        each(q_resolution_breached_past, {since, end, as_of}, breached);
        auto complaints = [&](const sql::Statement& s, KpiFigures& f) {
            f.complaints_due += count(s, 1);
            f.complaints_resolved_in_time += count(s, 2);
        };
        each(q_complaint_resolution, {since, end}, complaints);
        each(q_complaint_resolution_past, {since, end, as_of}, complaints);
    }
    if (families & kpi_family::backlog) {
        // Open or pending at the end: created before it and not resolved by then.
        each(q_backlog_active, {end}, [&](const sql::Statement& s, KpiFigures& f) { f.backlog += s.integer(1); });
        each(q_backlog_resolved_later, {end},
             [&](const sql::Statement& s, KpiFigures& f) { f.backlog += s.integer(1); });
        each(q_backlog_reopened_later, {end},
             [&](const sql::Statement& s, KpiFigures& f) { f.backlog -= s.integer(1); });
    }
    if (families & kpi_family::compensation)
        each(q_compensation, {since, end}, [&](const sql::Statement& s, KpiFigures& f) {
            f.exceptions += count(s, 1);
            f.compensation_fen += count(s, 2);
        });
    if (families & kpi_family::followups) {
        // A follow-up due later than the end cannot have been missed yet.
        each(q_followups_due, {since, end, as_of}, [&](const sql::Statement& s, KpiFigures& f) {
            f.revisits_due += count(s, 1);
            f.revisits_done += count(s, 2);
            f.promises_due += count(s, 3);
            f.promises_kept += count(s, 4);
        });
        each(q_care_done, {since, end}, [&](const sql::Statement& s, KpiFigures& f) { f.care_done += count(s, 1); });
    }
    if (families & kpi_family::qa)
        each(q_qa, {since, end}, [&](const sql::Statement& s, KpiFigures& f) {
            f.qa_count += count(s, 1);
            f.qa_sum += count(s, 2);
        });

    if (families & kpi_family::replies)
        each(q_replies, {since, end}, [&](const sql::Statement& s, KpiFigures& f) {
            f.forced_replies += count(s, 1);
            f.vague_replies += count(s, 2);
        });

    if ((families & kpi_family::customers) && (by == SurveyGroup::none || by == SurveyGroup::tier)) {
        const RetentionSql& q = retention_sql(by == SurveyGroup::tier);
        run(q.registered, {since}, [&](const sql::Statement& s, KpiFigures& f) { f.customers_active += count(s, 1); });
        run(q.lost_at_start, {since, as_of},
            [&](const sql::Statement& s, KpiFigures& f) { f.customers_active -= count(s, 1); });
        run(q.lost_in_range, {since, end, as_of},
            [&](const sql::Statement& s, KpiFigures& f) { f.customers_lost += count(s, 1); });
    }

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
