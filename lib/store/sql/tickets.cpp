// Tickets in the store: the current state of each ticket and its tags. Lists are built from
// fixed fragments so each filter can use its index; values are always bound, never spliced.
#include <fmt/format.h>

#include <array>
#include <tuple>
#include <utility>

#include "error.hpp"
#include "store/sql/resolution.hpp"
#include "store/sql/sql_store.hpp"

namespace svc {

namespace {

#define SVC_TICKET_COLUMNS                                                                                    \
    "t.id, t.status, t.kind, t.channel, t.priority, t.category, t.summary, t.body, t.customer_id, t.owner, "  \
    "t.assignee, t.level, t.need, t.mood, t.cause, t.resolution, t.created_at, t.updated_at, "                \
    "t.first_response_due, t.first_response_warn, t.first_responded_at, t.next_response_due, "                \
    "t.next_response_warn, t.resolve_due, t.resolve_warn, t.resolve_start, t.resolve_paused, t.resolved_at, " \
    "t.closed_at, t.paused_at, t.paused_total, t.reopen_count, t.response_count, t.transfer_count, "          \
    "t.policy_version, (SELECT p.plan FROM sla_plan p WHERE p.id = t.sla_id), t.next_due, t.next_warn, "      \
    "t.solution_due, t.solution_warn, t.level_role, "                                                         \
    "t.risk_keyword, t.resolve_paused_wall, t.contacts, t.last_contact_at"
constexpr int k_ticket_column_count = 45;

Ticket read_ticket(const sql::Statement& s) {
    Ticket t;
    int i = 0;
    t.id = s.integer(i++);
    const auto status = ticket_status_named(s.text_view(i++));
    if (!status) fail(ErrorKind::storage, "ticket {} has an unknown status '{}'", s.integer(0), s.text(1));
    t.status = *status;
    t.kind = s.text(i++);
    t.channel = s.text(i++);
    t.priority = s.text(i++);
    t.category = s.opt_text(i++);
    t.summary = s.text(i++);
    t.body = s.opt_text(i++);
    t.customer_id = s.integer(i++);
    t.owner = s.text(i++);
    t.assignee = s.text(i++);
    t.level = static_cast<int>(s.integer(i++));
    t.need = s.opt_text(i++);
    t.mood = s.opt_text(i++);
    t.cause = s.opt_text(i++);
    t.resolution = s.opt_text(i++);
    t.created_at = s.integer(i++);
    t.updated_at = s.integer(i++);
    t.first_response_due = s.opt_integer(i++);
    t.first_response_warn = s.opt_integer(i++);
    t.first_responded_at = s.opt_integer(i++);
    t.next_response_due = s.opt_integer(i++);
    t.next_response_warn = s.opt_integer(i++);
    t.resolve_due = s.opt_integer(i++);
    t.resolve_warn = s.opt_integer(i++);
    t.resolve_start = s.integer(i++);
    t.resolve_paused = s.integer(i++);
    t.resolved_at = s.opt_integer(i++);
    t.closed_at = s.opt_integer(i++);
    t.paused_at = s.opt_integer(i++);
    t.paused_total = s.integer(i++);
    t.reopen_count = static_cast<int>(s.integer(i++));
    t.response_count = static_cast<int>(s.integer(i++));
    t.transfer_count = static_cast<int>(s.integer(i++));
    t.policy_version = s.integer(i++);
    t.sla = s.text(i++);
    t.next_due = s.opt_integer(i++);
    t.next_warn = s.opt_integer(i++);
    t.solution_due = s.opt_integer(i++);
    t.solution_warn = s.opt_integer(i++);
    t.level_role = s.opt_text(i++);
    t.risk_keyword = s.opt_text(i++);
    t.resolve_paused_wall = s.integer(i++);
    t.contacts = static_cast<int>(s.integer(i++));
    t.last_contact_at = s.opt_integer(i++);
    return t;
}

// Every column but id, in the order of the insert's ?2 on.
constexpr std::array<const char*, k_ticket_column_count - 1> k_ticket_fields{"status",
                                                                             "kind",
                                                                             "channel",
                                                                             "priority",
                                                                             "category",
                                                                             "summary",
                                                                             "body",
                                                                             "customer_id",
                                                                             "owner",
                                                                             "assignee",
                                                                             "level",
                                                                             "need",
                                                                             "mood",
                                                                             "cause",
                                                                             "resolution",
                                                                             "created_at",
                                                                             "updated_at",
                                                                             "first_response_due",
                                                                             "first_response_warn",
                                                                             "first_responded_at",
                                                                             "next_response_due",
                                                                             "next_response_warn",
                                                                             "resolve_due",
                                                                             "resolve_warn",
                                                                             "resolve_start",
                                                                             "resolve_paused",
                                                                             "resolved_at",
                                                                             "closed_at",
                                                                             "paused_at",
                                                                             "paused_total",
                                                                             "reopen_count",
                                                                             "response_count",
                                                                             "transfer_count",
                                                                             "policy_version",
                                                                             "sla_id",
                                                                             "next_due",
                                                                             "next_warn",
                                                                             "solution_due",
                                                                             "solution_warn",
                                                                             "level_role",
                                                                             "risk_keyword",
                                                                             "resolve_paused_wall",
                                                                             "contacts",
                                                                             "last_contact_at"};

auto ticket_fields(const Ticket& t) {
    return std::tie(t.status, t.kind, t.channel, t.priority, t.category, t.summary, t.body, t.customer_id, t.owner,
                    t.assignee, t.level, t.need, t.mood, t.cause, t.resolution, t.created_at, t.updated_at,
                    t.first_response_due, t.first_response_warn, t.first_responded_at, t.next_response_due,
                    t.next_response_warn, t.resolve_due, t.resolve_warn, t.resolve_start, t.resolve_paused,
                    t.resolved_at, t.closed_at, t.paused_at, t.paused_total, t.reopen_count, t.response_count,
                    t.transfer_count, t.policy_version, t.sla, t.next_due, t.next_warn, t.solution_due, t.solution_warn,
                    t.level_role, t.risk_keyword, t.resolve_paused_wall, t.contacts, t.last_contact_at);
}
static_assert(std::tuple_size_v<decltype(ticket_fields(Ticket{}))> == k_ticket_fields.size());
// The SLA plan's place among the fields: stored as the id of its text in sla_plan.
constexpr std::size_t k_sla_field = 34;
static_assert(std::string_view(k_ticket_fields[k_sla_field]) == "sla_id");

using FieldMask = std::array<bool, k_ticket_fields.size()>;

// Binds the fields `selected` names to consecutive parameters from `first` on, the SLA plan
// as `sla_plan` (its id); the insert binds them all, an update the changed ones.
// A field's value as the column holds it: a status by its name.
template <typename T>
void bind_field(sql::Statement& s, int param, const T& value) {
    s.bind(param, value);
}
void bind_field(sql::Statement& s, int param, TicketStatus value) {
    s.bind(param, to_string(value));
}

template <typename Fields>
void bind_fields(sql::Statement& s, int first, const Fields& fields, std::int64_t sla_plan, const FieldMask& selected) {
    int param = first;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((selected[I]
              ? (I == k_sla_field ? s.bind(param++, sla_plan) : (bind_field(s, param++, std::get<I>(fields)), s), 0)
              : 0),
         ...);
    }
    (std::make_index_sequence<k_ticket_fields.size()>{});
}

constexpr const char* k_find_ticket = "SELECT " SVC_TICKET_COLUMNS " FROM ticket t WHERE t.id = ?1";
#define SVC_INSERT_TICKET(id)                                                                                        \
    "INSERT INTO ticket (id, status, kind, channel, priority, category, summary, body, customer_id, owner, "         \
    "assignee, level, need, mood, cause, resolution, created_at, updated_at, first_response_due, "                   \
    "first_response_warn, first_responded_at, next_response_due, next_response_warn, resolve_due, resolve_warn, "    \
    "resolve_start, resolve_paused, resolved_at, closed_at, paused_at, paused_total, reopen_count, "                 \
    "response_count, transfer_count, policy_version, sla_id, next_due, next_warn, solution_due, solution_warn, "     \
    "level_role, risk_keyword, resolve_paused_wall, contacts, last_contact_at) "                                     \
    "VALUES (" id                                                                                                    \
    ", ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, "                 \
    "?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37, ?38, ?39, ?40, ?41, ?42, ?43, " \
    "?44, ?45) "                                                                                                     \
    "RETURNING id"
// SQLite numbers a row whose id is NULL; PostgreSQL takes the next of the identity.
constexpr const char* k_insert_ticket = SVC_INSERT_TICKET("?1");
constexpr const char* k_insert_ticket_pg = SVC_INSERT_TICKET("coalesce(?1, nextval('ticket_id_seq'))");
#undef SVC_INSERT_TICKET
constexpr const char* k_find_sla_plan = "SELECT id FROM sla_plan WHERE plan = ?1";
constexpr const char* k_insert_sla_plan = "INSERT INTO sla_plan (plan) VALUES (?1) RETURNING id";
constexpr const char* k_advance_ticket_ids =
    "SELECT setval(pg_get_serial_sequence('ticket', 'id'), ?1) "
    "WHERE ?1 > (SELECT last_value FROM ticket_id_seq)";
constexpr const char* k_ticket_tags = "SELECT tag FROM ticket_tag WHERE ticket_id = ?1 ORDER BY tag";
constexpr const char* k_insert_tag = "INSERT INTO ticket_tag (tag, ticket_id) VALUES (?1, ?2) ON CONFLICT DO NOTHING";
constexpr const char* k_active_tickets =
    "SELECT " SVC_TICKET_COLUMNS " FROM ticket t WHERE t.status IN ('open', 'pending') ORDER BY t.id";
// An active ticket with a target breached and not met at `now` (a parameter): the test of
// `ticket list --overdue` and of the queue's counts, written once.
std::string breached_condition(std::string_view now) {
    return fmt::format(
        "((t.first_responded_at IS NULL AND t.first_response_due <= {0}) OR t.next_response_due <= {0} "
        "OR t.solution_due <= {0} "
        "OR (t.status = 'open' AND t.resolve_due <= {0}) "
        "OR (t.status = 'pending' AND t.resolve_due <= t.paused_at))",
        now);
}

// Past a target's warning at `now` and not yet breached (`ticket list --at-risk`).
std::string at_risk_condition(std::string_view now) {
    return fmt::format(
        "((t.first_responded_at IS NULL AND t.first_response_warn <= {0} AND t.first_response_due > {0}) "
        "OR (t.next_response_warn <= {0} AND t.next_response_due > {0}) "
        "OR (t.solution_warn <= {0} AND t.solution_due > {0}) "
        "OR (t.status = 'open' AND t.resolve_warn <= {0} AND t.resolve_due > {0}))",
        now);
}

constexpr const char* k_arrival_times =
    "SELECT created_at FROM ticket WHERE created_at >= ?1 AND created_at < ?2 ORDER BY created_at";

constexpr const char* k_count_tickets = "SELECT count(*) FROM ticket";
constexpr const char* k_highest_ticket_id = "SELECT coalesce(max(id), 0) FROM ticket";
// Walks the resolution index over the window; the survey and opt-out checks are per row.
constexpr const char* k_survey_candidates =
    "SELECT " SVC_TICKET_COLUMNS
    " FROM ticket t JOIN customer c ON c.id = t.customer_id "
    "WHERE t.resolved_at >= ?1 AND t.resolved_at < ?2 AND t.status IN ('resolved', 'closed') AND c.no_survey = 0 "
    "AND NOT EXISTS (SELECT 1 FROM survey s WHERE s.ticket_id = t.id AND s.state <> 'cancelled') "
    "ORDER BY t.resolved_at, t.id";

}  // namespace

std::int64_t SqlTickets::count_tickets() {
    return m_db.cached_integer(k_count_tickets);
}

std::int64_t SqlTickets::highest_ticket_id() {
    return m_db.cached_integer(k_highest_ticket_id);
}

namespace {
constexpr const char* k_inbound_ticket = "SELECT ticket_id FROM inbound_message WHERE source = ?1 AND external_id = ?2";
constexpr const char* k_insert_inbound =
    "INSERT INTO inbound_message (source, external_id, ticket_id, at) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* k_open_tickets_of =
    "SELECT count(*) FROM ticket WHERE assignee = ?1 AND status IN ('open', 'pending')";
constexpr const char* k_newest_ticket_of = "SELECT max(created_at) FROM ticket WHERE assignee = ?1";
constexpr const char* k_insert_link =
    "INSERT INTO ticket_link (ticket_id, other_id, kind, at, actor) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* k_delete_link = "DELETE FROM ticket_link WHERE ticket_id = ?1 AND other_id = ?2";
constexpr const char* k_links_of =
    "SELECT ticket_id, other_id, kind, at, actor FROM ticket_link WHERE ticket_id = ?1 "
    "UNION ALL SELECT ticket_id, other_id, kind, at, actor FROM ticket_link WHERE other_id = ?1 "
    "ORDER BY 4, 1, 2";
}  // namespace

std::optional<std::int64_t> SqlTickets::inbound_ticket(std::string_view source, std::string_view external_id) {
    auto& s = m_db.cached(k_inbound_ticket);
    s.bind_all(source, external_id);
    std::optional<std::int64_t> out;
    if (s.step()) out = s.integer(0);
    s.reset();
    return out;
}

void SqlTickets::insert_inbound(std::string_view source, std::string_view external_id, std::int64_t ticket_id,
                                Instant at) {
    m_db.cached(k_insert_inbound).bind_all(source, external_id, ticket_id, at).run();
}

std::int64_t SqlTickets::open_tickets_of(std::string_view login) {
    auto& s = m_db.cached(k_open_tickets_of);
    s.bind(1, login);
    std::int64_t n = 0;
    if (s.step()) n = s.integer(0);
    s.reset();
    return n;
}

std::optional<Instant> SqlTickets::newest_ticket_of(std::string_view login) {
    auto& s = m_db.cached(k_newest_ticket_of);
    s.bind(1, login);
    std::optional<Instant> out;
    if (s.step()) out = s.opt_integer(0);
    s.reset();
    return out;
}

void SqlTickets::insert_link(const TicketLink& l) {
    m_db.cached(k_insert_link).bind_all(l.ticket_id, l.other_id, l.kind, l.at, l.actor).run();
}

void SqlTickets::delete_link(std::int64_t ticket_id, std::int64_t other_id) {
    m_db.cached(k_delete_link).bind_all(ticket_id, other_id).run();
}

std::vector<TicketLink> SqlTickets::links_of(std::int64_t ticket_id) {
    auto& s = m_db.cached(k_links_of);
    s.bind(1, ticket_id);
    std::vector<TicketLink> out;
    while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.integer(3), s.text(4)});
    s.reset();
    return out;
}

std::vector<Ticket> SqlSurveys::survey_candidates(Instant since, Instant until) {
    auto& s = m_db.cached(k_survey_candidates);
    s.bind_all(since, until);
    std::vector<Ticket> out;
    while (s.step()) out.push_back(read_ticket(s));
    s.reset();
    return out;
}

std::optional<Ticket> SqlTickets::find_ticket(std::int64_t id) {
    if (const Ticket* known = m_tickets.find(id)) return *known;
    auto& s = m_db.cached(k_find_ticket);
    s.bind(1, id);
    std::optional<Ticket> out;
    if (s.step()) out = read_ticket(s);
    s.reset();
    if (out) {
        out->tags = ticket_tags(id);
        m_tickets.keep(id, *out);
    }
    return out;
}

std::vector<std::string> SqlTickets::ticket_tags(std::int64_t id) {
    auto& s = m_db.cached(k_ticket_tags);
    s.bind(1, id);
    std::vector<std::string> tags;
    while (s.step()) tags.push_back(s.text(0));
    s.reset();
    return tags;
}

std::int64_t SqlTickets::insert_ticket(const Ticket& t) {
    auto& s = m_db.cached(m_db.engine() == sql::Engine::postgresql ? k_insert_ticket_pg : k_insert_ticket);
    if (t.id)
        s.bind(1, t.id);
    else
        s.bind(1, std::nullopt);
    FieldMask all;
    all.fill(true);
    bind_fields(s, 2, ticket_fields(t), sla_plan_id(t.sla), all);
    const std::int64_t id = s.insert_id();
    // An imported ticket keeps its number: PostgreSQL's identity must not hand it out again.
    if (t.id && m_db.engine() == sql::Engine::postgresql) m_db.cached(k_advance_ticket_ids).bind(1, id).run();
    auto& tag = m_db.cached(k_insert_tag);
    for (const auto& name : t.tags) {
        tag.bind(1, name).bind(2, id);
        tag.run();
    }
    return id;
}

void SqlTickets::keep_past_resolution(std::int64_t id, Instant reopened_at) {
    using namespace resolution_sql;
    // Built once: the cached statement is keyed by the text's address.
    static const std::string sql = fmt::format(
        "INSERT INTO past_resolution (ticket_id, resolved_at, reopened_at, resolve_due, duration, met, first_contact, "
        "after_reopen, cause) SELECT t.id, t.resolved_at, ?2, t.resolve_due, {}, CASE WHEN {} THEN 1 ELSE 0 END, "
        "CASE WHEN {} THEN 1 ELSE 0 END, CASE WHEN {} THEN 1 ELSE 0 END, t.cause FROM ticket t "
        "WHERE t.id = ?1 AND t.resolved_at IS NOT NULL ON CONFLICT DO NOTHING",
        k_duration, k_met, k_first_contact, k_after_reopen);
    m_db.cached_text(sql).bind_all(id, reopened_at).run();
}

void SqlTickets::set_ticket_tags(std::int64_t id, const std::vector<std::string>& tags) {
    m_db.cached("DELETE FROM ticket_tag WHERE ticket_id = ?1").bind_all(id).run();
    auto& tag = m_db.cached(k_insert_tag);
    for (const auto& name : tags) {
        tag.bind(1, name).bind(2, id);
        tag.run();
    }
}

// The id of an SLA plan's text, recorded on first use. Looked up each time rather than kept:
// a plan recorded in a transaction that is rolled back must not be named afterwards.
std::int64_t SqlTickets::sla_plan_id(const std::string& plan) {
    if (const std::int64_t* known = m_plans.find(plan)) return *known;
    auto& find = m_db.cached(k_find_sla_plan);
    find.bind(1, plan);
    std::optional<std::int64_t> id;
    if (find.step()) id = find.integer(0);
    find.reset();
    if (!id) id = m_db.cached(k_insert_sla_plan).bind(1, plan).insert_id();
    m_plans.keep(plan, *id);
    return *id;
}

// Writes only the columns that changed: SQLite rewrites the entry of every index that
// holds a column named in SET, and a ticket has many (setting every column made a sweep's
// update about six times dearer in a store of a million tickets).
void SqlTickets::update_ticket(const Ticket& t) {
    const std::optional<Ticket> stored = find_ticket(t.id);
    if (!stored) fail(ErrorKind::internal, "ticket {} vanished while it was being updated", t.id);
    const auto now = ticket_fields(t);
    const auto was = ticket_fields(*stored);
    FieldMask changed{};
    std::string set;
    [&]<std::size_t... I>(std::index_sequence<I...>) {
        ((changed[I] = std::get<I>(now) != std::get<I>(was)), ...);
    }
    (std::make_index_sequence<k_ticket_fields.size()>{});
    int param = 1;
    for (std::size_t i = 0; i < changed.size(); ++i)
        if (changed[i]) set += fmt::format("{}{} = ?{}", set.empty() ? "" : ", ", k_ticket_fields[i], ++param);
    if (set.empty()) return;
    auto& s = m_db.cached_text(fmt::format("UPDATE ticket SET {} WHERE id = ?1", set));
    s.bind(1, t.id);
    bind_fields(s, 2, now, changed[k_sla_field] ? sla_plan_id(t.sla) : 0, changed);
    s.run();
    Ticket written = t;
    written.tags = stored->tags;  // the update writes no tags
    m_tickets.keep(t.id, written);
}

std::vector<Ticket> SqlTickets::active_tickets() {
    auto& s = m_db.cached(k_active_tickets);
    std::vector<Ticket> out;
    while (s.step()) out.push_back(read_ticket(s));
    s.reset();
    return out;
}

// One pass over the active tickets (the partial index of their deadlines, then their rows).
std::vector<QueueCount> SqlTickets::queue_counts(Instant now) {
    // Built once, from the conditions ticket list --overdue and --at-risk use.
    static const std::string sql = fmt::format(
        "SELECT t.channel, t.assignee, t.status, "
        "CASE WHEN t.status = 'open' AND (t.first_responded_at IS NULL OR t.next_response_due IS NOT NULL) "
        "THEN 1 ELSE 0 END AS waiting, count(*), "
        "count(*) FILTER (WHERE t.next_due <= ?1 AND {}), count(*) FILTER (WHERE t.next_warn <= ?1 AND {}) "
        "FROM ticket t WHERE t.status IN ('open', 'pending') "
        "GROUP BY t.channel, t.assignee, t.status, waiting ORDER BY t.channel, t.assignee, t.status, waiting",
        breached_condition("?1"), at_risk_condition("?1"));
    auto& s = m_db.cached_text(sql);
    s.bind(1, now);
    std::vector<QueueCount> out;
    while (s.step())
        out.push_back({s.text(0), s.text(1), s.text(2), s.integer(3) != 0, s.integer(4), s.integer(5), s.integer(6)});
    s.reset();
    return out;
}

std::vector<Instant> SqlTickets::arrival_times(Instant since, Instant until) {
    auto& s = m_db.cached(k_arrival_times);
    s.bind_all(since, until);
    std::vector<Instant> out;
    while (s.step()) out.push_back(s.integer(0));
    s.reset();
    return out;
}

std::vector<TicketRow> SqlTickets::list_tickets(const TicketQuery& q) {
    std::vector<TicketRow> out;
    list_tickets(q, [&](const TicketRow& row) { out.push_back(row); });
    return out;
}

namespace {

// The WHERE of a ticket query: the filters of ticket list, each a bound parameter.
sql::Conditions ticket_conditions(const TicketQuery& q) {
    sql::Conditions c;
    // The overdue and at-risk lists start from the partial indexes of active tickets; the
    // exact per-target test follows as a residual filter.
    if (q.overdue) {
        const std::string now = c.param(q.now);
        c.add(fmt::format("t.status IN ('open', 'pending') AND t.next_due <= {}", now));
        c.add(breached_condition(now));
    }
    if (q.at_risk) {
        const std::string now = c.param(q.now);
        c.add(fmt::format("t.status IN ('open', 'pending') AND t.next_warn <= {}", now));
        c.add(at_risk_condition(now));
    }
    if (q.due_within)
        c.add(fmt::format("t.status IN ('open', 'pending') AND t.next_due < {}", c.param(q.now + *q.due_within)));
    if (q.due_later) c.add(fmt::format("t.status IN ('open', 'pending') AND t.next_due > {}", c.param(q.now)));
    c.add_in("t.status", q.statuses);
    c.add_in("t.channel", q.channels);
    c.add_in("t.kind", q.kinds);
    c.add_in("t.priority", q.priorities);
    c.add_in("t.category", q.categories);
    if (q.owner) c.add("t.owner = " + c.param(*q.owner));
    if (q.assignee) c.add("t.assignee = " + c.param(*q.assignee));
    c.add_in("t.assignee", q.assignees);
    if (q.customer_id) c.add("t.customer_id = " + c.param(*q.customer_id));
    if (q.level) c.add("t.level = " + c.param(*q.level));
    if (q.since) c.add("t.created_at >= " + c.param(*q.since));
    if (q.until) c.add("t.created_at < " + c.param(*q.until));
    if (q.search) {
        const std::string p = c.param(*q.search);
        c.add(fmt::format("(instr(t.summary, {0}) > 0 OR instr(coalesce(t.body, ''), {0}) > 0)", p));
    }
    if (q.tag) c.add("t.id IN (SELECT ticket_id FROM ticket_tag WHERE tag = " + c.param(*q.tag) + ")");
    if (q.after_id) c.add("t.id > " + c.param(*q.after_id));
    // Digits only (the caller checks), so LIKE has no wildcard to misread.
    if (q.id_prefix) c.add("CAST(t.id AS TEXT) LIKE CAST(" + c.param(*q.id_prefix) + " AS TEXT) || '%'");
    return c;
}

}  // namespace

std::int64_t SqlTickets::count_matching(const TicketQuery& q) {
    const sql::Conditions c = ticket_conditions(q);
    sql::Statement s = m_db.prepare("SELECT count(*) FROM ticket t" + c.where());
    c.bind(s);
    return s.step() ? s.integer(0) : 0;
}

void SqlTickets::list_tickets(const TicketQuery& q, const std::function<void(const TicketRow&)>& take) {
    std::string sql =
        "SELECT " SVC_TICKET_COLUMNS ", c.name, c.tier FROM ticket t JOIN customer c ON c.id = t.customer_id";
    sql::Conditions c = ticket_conditions(q);
    sql += c.where();
    switch (q.sort) {
        case TicketSort::created:
            sql += " ORDER BY t.created_at DESC, t.id DESC";
            break;
        case TicketSort::updated:
            sql += " ORDER BY t.updated_at DESC, t.id DESC";
            break;
        case TicketSort::due:
            sql += " ORDER BY t.next_due IS NULL, t.next_due, t.id";
            break;
        case TicketSort::priority:
            sql +=
                " ORDER BY CASE t.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 ELSE 3 END, "
                "t.next_due IS NULL, t.next_due, t.id";
            break;
        case TicketSort::id:
            sql += " ORDER BY t.id";
            break;
    }
    if (q.limit) sql += " LIMIT " + c.param(*q.limit);

    sql::Statement s = m_db.prepare(sql);
    c.bind(s);
    while (s.step()) take({read_ticket(s), s.text(k_ticket_column_count), s.text(k_ticket_column_count + 1)});
}

#undef SVC_TICKET_COLUMNS

}  // namespace svc
