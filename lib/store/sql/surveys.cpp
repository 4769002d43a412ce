// Satisfaction surveys in the store, and the counts every satisfaction figure is made of.
#include <fmt/format.h>

#include <algorithm>

#include "error.hpp"
#include "store/sql/sql_store.hpp"
#include "store/sql/summed.hpp"

namespace svc {

namespace {

#define SVC_SURVEY_COLUMNS                                                                                 \
    "s.id, s.ticket_id, s.customer_id, s.agent, s.channel, s.sent_at, s.sent_by, s.state, s.answered_at, " \
    "s.csat, s.nps, s.comment, s.recorded_by, s.cancelled_at, s.cancel_reason"

Survey read_survey(const sql::Statement& s) {
    Survey v;
    v.id = s.integer(0);
    v.ticket_id = s.integer(1);
    v.customer_id = s.integer(2);
    v.agent = s.text(3);
    v.channel = s.text(4);
    v.sent_at = s.integer(5);
    v.sent_by = s.text(6);
    const auto state = survey_state_named(s.text_view(7));
    if (!state) fail(ErrorKind::storage, "survey {} has an unknown state '{}'", s.integer(0), s.text(7));
    v.state = *state;
    v.answered_at = s.opt_integer(8);
    if (auto c = s.opt_integer(9)) v.csat = static_cast<int>(*c);
    if (auto n = s.opt_integer(10)) v.nps = static_cast<int>(*n);
    v.comment = s.opt_text(11);
    v.recorded_by = s.opt_text(12);
    v.cancelled_at = s.opt_integer(13);
    v.cancel_reason = s.opt_text(14);
    return v;
}

constexpr const char* k_insert_survey =
    "INSERT INTO survey (ticket_id, customer_id, agent, channel, sent_at, sent_by, state, answered_at, csat, nps, "
    "comment, recorded_by, cancelled_at, cancel_reason) "
    "VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15) RETURNING id";
constexpr const char* k_update_survey =
    "UPDATE survey SET ticket_id = ?2, customer_id = ?3, agent = ?4, channel = ?5, sent_at = ?6, sent_by = ?7, "
    "state = ?8, answered_at = ?9, csat = ?10, nps = ?11, comment = ?12, recorded_by = ?13, cancelled_at = ?14, "
    "cancel_reason = ?15 WHERE id = ?1";
constexpr const char* k_find_survey = "SELECT " SVC_SURVEY_COLUMNS " FROM survey s WHERE s.id = ?1";
constexpr const char* k_current_survey =
    "SELECT " SVC_SURVEY_COLUMNS " FROM survey s WHERE s.ticket_id = ?1 AND s.state <> 'cancelled'";
// A survey handed to notify.command is a lease until it is recorded delivered (see
// delivery.hpp); one whose lease ran out was never recorded and goes out again.
constexpr const char* k_claim_survey =
    "UPDATE survey SET lease_by = ?3, lease_until = ?4 WHERE id = ?1 AND state = 'sent' AND delivered_at IS NULL "
    "AND (lease_until IS NULL OR lease_until <= ?2 OR lease_by = ?3)";
constexpr const char* k_survey_delivered =
    "UPDATE survey SET delivered_at = ?2, lease_by = NULL, lease_until = NULL WHERE id = ?1 AND lease_by = ?3";
constexpr const char* k_take_back_survey =
    "DELETE FROM survey WHERE id = ?1 AND lease_by = ?2 AND delivered_at IS NULL AND state = 'sent'";
constexpr const char* k_surveys_lease_over =
    "SELECT id FROM survey WHERE lease_until IS NOT NULL AND delivered_at IS NULL AND lease_until <= ?1 "
    "AND state = 'sent' ORDER BY lease_until, id";
constexpr const char* k_surveys_sent_to = "SELECT count(*) FROM survey WHERE customer_id = ?1 AND sent_at >= ?2";

void bind_survey(sql::Statement& s, const Survey& v) {
    s.bind_from(2, v.ticket_id, v.customer_id, v.agent, v.channel, v.sent_at, v.sent_by, to_string(v.state),
                v.answered_at, v.csat, v.nps, v.comment, v.recorded_by, v.cancelled_at, v.cancel_reason);
}

// The SQL value a group is made of; fixed fragments, never user text.
std::string_view group_expression(SurveyGroup by) {
    switch (by) {
        case SurveyGroup::none:
            return "''";
        case SurveyGroup::agent:
            return "s.agent";
        case SurveyGroup::team:
            return "coalesce(a.team, '')";
        case SurveyGroup::channel:
            return "t.channel";
        case SurveyGroup::kind:
            return "t.kind";
        case SurveyGroup::category:
            return "coalesce(t.category, '')";
        case SurveyGroup::priority:
            return "t.priority";
        case SurveyGroup::tier:
            return "c.tier";
    }
    return "''";
}

std::string_view group_join(SurveyGroup by) {
    switch (by) {
        case SurveyGroup::team:
            return " LEFT JOIN agent a ON a.login = s.agent";
        case SurveyGroup::channel:
        case SurveyGroup::kind:
        case SurveyGroup::category:
        case SurveyGroup::priority:
            return " JOIN ticket t ON t.id = s.ticket_id";
        case SurveyGroup::tier:
            return " JOIN customer c ON c.id = s.customer_id";
        default:
            return "";
    }
}

}  // namespace

std::int64_t SqlSurveys::insert_survey(const Survey& v) {
    auto& s = m_db.cached(k_insert_survey);
    bind_survey(s, v);
    return s.insert_id();
}

void SqlSurveys::update_survey(const Survey& v) {
    auto& s = m_db.cached(k_update_survey);
    s.bind(1, v.id);
    bind_survey(s, v);
    s.run();
}

bool SqlSurveys::claim_survey_delivery(std::int64_t id, Instant now, const std::string& by, Instant until) {
    auto& s = m_db.cached(k_claim_survey);
    s.bind_all(id, now, by, until);
    s.run();
    return m_db.changes() == 1;
}

void SqlSurveys::record_survey_delivered(std::int64_t id, Instant at, const std::string& by) {
    auto& s = m_db.cached(k_survey_delivered);
    s.bind_all(id, at, by);
    s.run();
}

bool SqlSurveys::take_back_survey(std::int64_t id, const std::string& by) {
    auto& s = m_db.cached(k_take_back_survey);
    s.bind_all(id, by);
    s.run();
    return m_db.changes() == 1;
}

std::vector<std::int64_t> SqlSurveys::surveys_lease_over(Instant now) {
    auto& s = m_db.cached(k_surveys_lease_over);
    s.bind(1, now);
    std::vector<std::int64_t> ids;
    while (s.step()) ids.push_back(s.integer(0));
    s.reset();
    return ids;
}

std::optional<Survey> SqlSurveys::find_survey(std::int64_t id) {
    auto& s = m_db.cached(k_find_survey);
    s.bind(1, id);
    std::optional<Survey> out;
    if (s.step()) out = read_survey(s);
    s.reset();
    return out;
}

std::optional<Survey> SqlSurveys::current_survey(std::int64_t ticket_id) {
    auto& s = m_db.cached(k_current_survey);
    s.bind(1, ticket_id);
    std::optional<Survey> out;
    if (s.step()) out = read_survey(s);
    s.reset();
    return out;
}

std::int64_t SqlSurveys::surveys_sent_to(std::int64_t customer_id, Instant since) {
    auto& s = m_db.cached(k_surveys_sent_to);
    s.bind_all(customer_id, since);
    s.step();
    const std::int64_t n = s.integer(0);
    s.reset();
    return n;
}

std::vector<Survey> SqlSurveys::list_surveys(const SurveyQuery& q) {
    std::string sql = "SELECT " SVC_SURVEY_COLUMNS " FROM survey s";
    sql::Conditions c;
    if (q.ticket_id) c.add("s.ticket_id = " + c.param(*q.ticket_id));
    if (q.customer_id) c.add("s.customer_id = " + c.param(*q.customer_id));
    if (q.agent) c.add("s.agent = " + c.param(*q.agent));
    if (q.state) c.add("s.state = " + c.param(*q.state));
    if (q.since) c.add("s.sent_at >= " + c.param(*q.since));
    if (q.until) c.add("s.sent_at < " + c.param(*q.until));
    if (q.answered_since) c.add("s.answered_at >= " + c.param(*q.answered_since));
    if (q.answered_until) c.add("s.answered_at < " + c.param(*q.answered_until));
    if (q.detractors) c.add("s.state = 'answered' AND (s.csat <= 2 OR s.nps <= 6)");
    const bool by_answer = q.answered_since || q.answered_until;
    sql += c.where() + (by_answer ? " ORDER BY s.answered_at, s.id" : " ORDER BY s.sent_at, s.id");
    if (q.limit) sql += " LIMIT " + c.param(*q.limit);
    sql::Statement s = m_db.prepare(sql);
    c.bind(s);
    std::vector<Survey> out;
    while (s.step()) out.push_back(read_survey(s));
    return out;
}

std::vector<SatisfactionCounts> SqlKpis::satisfaction(Instant since, Instant until, Instant as_of, SurveyGroup by) {
    const std::string_view group = group_expression(by);
    const std::string_view join = group_join(by);
    // Answers are counted where they were given, sends where they went out; two index
    // ranges (covering for the agent), summed by group.
    const bool stream = by != SurveyGroup::none;
    using summed::condition;
    constexpr std::array<summed::Value, 11> answer_values{
        condition("TRUE"),          condition("s.csat = 1"),
        condition("s.csat = 2"),    condition("s.csat = 3"),
        condition("s.csat = 4"),    condition("s.csat = 5"),
        summed::quantity("s.csat"), condition("s.nps IS NOT NULL"),
        condition("s.nps >= 9"),    condition("s.nps BETWEEN 7 AND 8"),
        condition("s.nps <= 6")};
    constexpr std::array<summed::Value, 2> send_values{condition("TRUE"),
                                                       condition("s.state = 'answered' AND s.answered_at < ?3")};
    const std::string answers = summed::query(
        group, answer_values,
        fmt::format("survey s{} WHERE s.answered_at >= ?1 AND s.answered_at < ?2 AND s.state = 'answered'", join),
        stream, false);
    const std::string sends = summed::query(group, send_values,
                                            fmt::format("survey s{} WHERE s.sent_at >= ?1 AND s.sent_at < ?2 "
                                                        "AND NOT (s.state = 'cancelled' AND s.cancelled_at < ?3)",
                                                        join),
                                            stream, false);
    summed::Groups<SatisfactionCounts> groups;
    const Instant end = std::min(until, as_of);
    // A NULL (a sum over nothing, an unknown comparison) counts as 0, as integer() reads it.
    auto count = [](const sql::Statement& s, int column) { return s.integer(column); };
    {
        sql::Statement s = m_db.prepare(answers);
        s.bind_all(since, end);
        while (s.step()) {
            SatisfactionCounts& r = groups.at(s.text_view(0));
            r.answered += count(s, 1);
            for (int i = 0; i < 5; ++i) r.csat[static_cast<std::size_t>(i)] += count(s, 2 + i);
            r.csat_sum += count(s, 7);
            r.nps_answers += count(s, 8);
            r.promoters += count(s, 9);
            r.passives += count(s, 10);
            r.detractors += count(s, 11);
        }
    }
    {
        sql::Statement s = m_db.prepare(sends);
        s.bind_all(since, end, as_of);
        while (s.step()) {
            SatisfactionCounts& r = groups.at(s.text_view(0));
            r.sent += count(s, 1);
            r.sent_answered += count(s, 2);
        }
    }
    return groups.take();
}

#undef SVC_SURVEY_COLUMNS

}  // namespace svc
