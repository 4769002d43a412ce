#pragma once
// The store: the only place that knows SQL. Every query is a named constant with explicit
// columns and an ORDER BY; statements are prepared once per connection and reused.
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/kpi_records.hpp"
#include "store/records.hpp"
#include "store/sqlite.hpp"

namespace svc {

struct CustomerFilter {
    std::optional<std::string> tier;
    std::optional<std::string> search;  // name, phone, email or ref contains
    std::optional<std::int64_t> limit;
};

enum class TicketSort { created, updated, due, priority, id };

// Filters of `ticket list` / `ticket export`; every one optional, all combined with AND.
struct TicketQuery {
    Instant now = 0;
    std::vector<std::string> statuses, channels, kinds, priorities, categories;
    std::optional<std::string> owner, assignee, search, tag;
    std::optional<std::int64_t> customer_id, level, since, until, limit, after_id;
    bool overdue = false;  // a target breached and not met
    bool at_risk = false;  // past a target's warning, not yet breached
    std::optional<Seconds> due_within;
    TicketSort sort = TicketSort::created;
};

struct EscalationQuery {
    std::optional<std::int64_t> level, since, until, ticket_id;
    bool open = false;     // the ticket's current escalation, not yet ended
    bool overdue = false;  // open and past its solution_due
    Instant now = 0;
};

struct CompensationTotal {
    std::int64_t fen = 0;
    std::int64_t count = 0;
};

struct FollowupQuery {
    std::optional<std::int64_t> ticket_id, customer_id, since, until, limit;
    std::optional<std::string> assignee, kind;
    bool open = false;
    std::optional<Instant> due_before;  // open and due before this instant
    bool broken = false;                // promises and callbacks not kept by their due time
    bool unreminded = false;
    Instant now = 0;
};

struct SurveyQuery {
    std::optional<std::int64_t> ticket_id, customer_id, since, until, limit;  // since/until: sent_at
    std::optional<std::string> agent, state;
    std::optional<Instant> answered_since, answered_until;
    bool detractors = false;  // answered with csat <= 2 or nps <= 6
};

// A customer's complaints in a window, for the churn warning.
struct RepeatComplainer {
    std::int64_t customer_id = 0;
    std::int64_t complaints = 0;
};

// Review: action items still open (not done) at `open_at`, created before `created_before`.
struct ReviewActionQuery {
    std::optional<Instant> open_at, created_before;
};

// A complaint as the weekly review groups it.
struct ComplaintRow {
    std::int64_t id = 0, customer_id = 0;
    std::string owner, summary;
    std::optional<std::string> category, cause, need, mood;
    Instant created_at = 0;
};

// A deadline due in a range and missed: met late (met_at after due) or not met at all.
struct SlaBreach {
    std::int64_t ticket_id = 0;
    std::string kind, owner, target;  // target: first_response | resolution
    Instant due = 0;
    std::optional<Instant> met_at;
};

// A closed ticket that may be drawn for quality inspection.
struct QaCandidate {
    std::int64_t ticket_id = 0;
    std::string owner, kind;
    std::optional<std::string> category;
    std::string summary;
    Instant closed_at = 0;
};

struct TableCount {
    std::string table;
    std::int64_t rows;
};

struct StoreCheck {
    std::vector<std::string> problems;  // empty = healthy
    int schema_version = 0;
};

class Store {
public:
    // Opens the file; `create` allows a missing file to be created (mode 0600).
    Store(const std::string& path, Seconds busy_timeout, bool create);

    sql::Database& db() { return m_db; }
    const std::string& path() const { return m_db.path(); }

    // Schema ------------------------------------------------------------------------
    int schema_version();
    static int latest_schema_version();
    // Applies pending migrations, each with its version bump in one transaction. A store
    // newer than this binary is refused (Error storage). Returns the version before.
    int migrate();

    // Agents -------------------------------------------------------------------------
    std::int64_t count_agents();
    std::optional<Agent> find_agent(std::string_view login);
    std::vector<Agent> list_agents(const std::optional<std::string>& role, const std::optional<std::string>& team);
    std::int64_t insert_agent(const Agent& a);
    void update_agent(const Agent& a);

    // Customers ----------------------------------------------------------------------
    std::optional<Customer> find_customer_by_id(std::int64_t id);
    // The customers of `ids` that exist, by id: one statement for a report's thousands.
    std::vector<Customer> find_customers_by_ids(const std::vector<std::int64_t>& ids);
    std::optional<Customer> find_customer_by_ref(std::string_view ref);
    std::optional<Customer> find_customer_by_phone(std::string_view phone);
    std::vector<Customer> list_customers(const CustomerFilter& f);
    std::int64_t insert_customer(const Customer& c);
    void update_customer(const Customer& c);
    std::int64_t insert_customer_note(const CustomerNote& n);
    std::vector<CustomerNote> customer_notes(std::int64_t customer_id);  // newest first

    // Tickets ------------------------------------------------------------------------
    std::optional<Ticket> find_ticket(std::int64_t id);  // with its tags
    std::vector<std::string> ticket_tags(std::int64_t id);
    // Inserts with t.id when set (imports keep their numbers), else a new id; adds the tags.
    std::int64_t insert_ticket(const Ticket& t);
    void update_ticket(const Ticket& t);  // every column but the tags
    std::vector<TicketRow> list_tickets(const TicketQuery& q);
    // The same one row at a time, for lists of any length.
    void list_tickets(const TicketQuery& q, const std::function<void(const TicketRow&)>& take);
    std::vector<Ticket> active_tickets();  // open and pending, by id
    std::int64_t count_tickets();
    std::int64_t highest_ticket_id();  // 0 for an empty store

    // Escalations, sweep events, compensation ------------------------------------------
    std::int64_t insert_escalation(const Escalation& e);
    // Ends the ticket's open escalation (if any) with an outcome.
    void end_escalation(std::int64_t ticket_id, Instant at, std::string_view outcome);
    std::vector<Escalation> list_escalations(const EscalationQuery& q);
    // Active tickets the sweep must look at: a deadline or warning passed, or a risk word
    // below the risk level.
    std::vector<std::int64_t> sweep_candidates(Instant now, int risk_level);
    // Inserts unless an event with the same ticket, kind, target and due exists; true when new.
    bool insert_sweep_event(const SweepEvent& e);
    // Whether insert_sweep_event would find the event recorded already (a dry run's check).
    bool has_sweep_event(const SweepEvent& e);
    std::vector<SweepEvent> undelivered_events();
    // Claims the event for delivery at `now`, for `by` until `until`; false while another
    // sweep's lease holds it or it was delivered.
    bool claim_sweep_event(std::int64_t id, Instant now, const std::string& by, Instant until);
    // Ends the claim held by `by`: delivered at `delivered_at`, or failed with `error`. A
    // claim that ran out and went to another sweep is left to that one.
    void mark_sweep_event(std::int64_t id, std::optional<Instant> delivered_at, const std::optional<std::string>& error,
                          const std::string& by);
    std::int64_t insert_compensation(const Compensation& c);
    std::vector<Compensation> compensations_for_ticket(std::int64_t ticket_id);
    CompensationTotal compensation_total(std::optional<std::int64_t> ticket_id, std::optional<std::int64_t> customer_id,
                                         std::optional<std::string> agent);

    // Follow-ups ------------------------------------------------------------------------
    std::int64_t insert_followup(const Followup& f);
    void update_followup(const Followup& f);
    std::optional<Followup> find_followup(std::int64_t id);
    std::vector<Followup> list_followups(const FollowupQuery& q);
    // Claims an open follow-up's reminder for delivery, for `by` until `until`: the number of
    // reminders delivered before, or nothing while another run's lease holds it.
    std::optional<std::int64_t> claim_reminder(std::int64_t id, Instant now, const std::string& by, Instant until);
    // Ends the claim held by `by`: delivered at `delivered_at`, or failed with `error` (free
    // for the next run).
    void record_reminder(std::int64_t id, std::optional<Instant> delivered_at, const std::optional<std::string>& error,
                         const std::string& by);
    // Customers with at least `min` complaints opened in [since, until).
    std::vector<RepeatComplainer> repeat_complainers(Instant since, Instant until, std::int64_t min);

    // Surveys -----------------------------------------------------------------------------
    std::int64_t insert_survey(const Survey& s);
    void update_survey(const Survey& s);
    std::optional<Survey> find_survey(std::int64_t id);
    // Claims (or, for its holder, renews) a sent survey for delivery by `by` until `until`;
    // false while another run's lease holds it, or once it is delivered or no longer sent.
    bool claim_survey_delivery(std::int64_t id, Instant now, const std::string& by, Instant until);
    void record_survey_delivered(std::int64_t id, Instant at, const std::string& by);
    // Takes back a send held by `by` that could not be delivered; false when it is no longer
    // that (delivered, answered, or taken over by another run).
    bool take_back_survey(std::int64_t id, const std::string& by);
    // Surveys claimed for delivery whose lease ran out before they were recorded delivered.
    std::vector<std::int64_t> surveys_lease_over(Instant now);
    // The ticket's survey that counts: the one not cancelled, if any.
    std::optional<Survey> current_survey(std::int64_t ticket_id);
    std::vector<Survey> list_surveys(const SurveyQuery& q);
    // Surveys sent to the customer at or after `since` (cancelled ones too: they reached them).
    std::int64_t surveys_sent_to(std::int64_t customer_id, Instant since);
    // Resolved or closed tickets resolved in [since, until) without a survey that counts,
    // whose customer has not opted out, oldest resolution first.
    std::vector<Ticket> survey_candidates(Instant since, Instant until);
    // Satisfaction counts over [since, until), per group, ordered by group.
    std::vector<SatisfactionCounts> satisfaction(Instant since, Instant until, SurveyGroup by);

    // KPIs ------------------------------------------------------------------------------
    // Raw KPI figures over [since, until) per group (SurveyGroup names the same dimensions
    // the surveys are grouped by), ordered by group; only the families asked for. `now`
    // bounds what can have been missed yet (a target due later is not breached).
    std::vector<KpiFigures> kpi_figures(Instant since, Instant until, Instant now, SurveyGroup by, unsigned families);
    // The query plan of every KPI query for a grouping, to prove they read index ranges.
    std::vector<KpiQueryPlan> kpi_query_plans(SurveyGroup by);

    // Review ---------------------------------------------------------------------------
    // Action items of the weekly review and their tickets.
    std::int64_t insert_review_action(const ReviewAction& a);
    void update_review_action(const ReviewAction& a);  // the done fields
    std::optional<ReviewAction> find_review_action(std::int64_t id);
    std::vector<ReviewAction> list_review_actions(const ReviewActionQuery& q);  // by id
    std::int64_t insert_qa_score(const QaScore& q);
    std::optional<QaScore> find_qa_score(std::int64_t ticket_id);
    std::vector<QaScore> list_qa_scores(Instant since, Instant until);  // by time
    // Closed tickets closed in [since, until) not yet inspected, by id.
    std::vector<QaCandidate> qa_candidates(Instant since, Instant until);
    // Complaints created in [since, until), by id.
    std::vector<ComplaintRow> complaints_created(Instant since, Instant until);
    std::int64_t count_complaints(Instant since, Instant until);
    // Complaints resolved in [since, until) (a resolution recorded then), and those open or
    // pending at `at`: created before it and not resolved or closed before it. Both read the
    // audit trail, so a later reopen or resolution does not change a past week's figures.
    std::int64_t complaints_resolved(Instant since, Instant until);
    std::int64_t complaint_backlog(Instant at);
    // First-response and resolution targets due in [since, until) and missed.
    std::vector<SlaBreach> sla_breaches(Instant since, Instant until);
    std::vector<Compensation> compensations_between(Instant since, Instant until);  // by time

    // Knowledge base ------------------------------------------------------------------
    // Inserts the entry and its tags; the full-text index follows by trigger.
    std::int64_t insert_kb_entry(const KbEntry& e);
    void update_kb_entry(const KbEntry& e);  // every column, and the tags replaced
    std::optional<KbEntry> find_kb_entry(std::int64_t id);
    std::vector<KbEntry> list_kb_entries(const KbQuery& q);  // by id
    void insert_kb_version(const KbVersion& v);
    std::vector<KbVersion> kb_versions(std::int64_t entry_id);  // oldest first
    std::optional<KbVersion> find_kb_version(std::int64_t entry_id, std::int64_t version);
    // Best first: bm25 (title weighted over body) when there is an FTS query, else the most
    // recently updated.
    std::vector<KbHit> search_kb(const KbSearch& s);
    std::int64_t insert_reply_check(const ReplyCheckRecord& r);
    std::vector<ReplyCheckRecord> reply_checks(std::int64_t ticket_id);  // oldest first

    // Policy versions ----------------------------------------------------------------
    std::optional<PolicyVersion> active_policy();
    bool has_policy();
    std::vector<PolicyVersion> policy_history();  // oldest first, text omitted
    std::int64_t insert_policy(const PolicyVersion& p);

    // Audit trail --------------------------------------------------------------------
    std::int64_t append_audit(const AuditEvent& e);
    std::vector<AuditEvent> audit_for(std::string_view entity, std::int64_t entity_id);

    // Maintenance --------------------------------------------------------------------
    // For one long writing transaction (bulk demo, large imports): a page cache large
    // enough that index pages are not written out and read back again and again.
    void prepare_bulk_write();
    // Runs `write` with the secondary (non-unique) indexes of `tables` set aside and builds
    // them again afterwards, sorted in one pass each: for a bulk write that is large beside
    // what the tables already hold. Unique indexes stay, so constraints hold throughout; if
    // `write` throws, the command's transaction rolls back and the indexes with it.
    void with_indexes_deferred(std::initializer_list<std::string_view> tables, const std::function<void()>& write);
    // The same for the tables a bulk demo or an import fills: tickets, their events,
    // follow-ups, surveys, escalations and compensation.
    void with_bulk_indexes_deferred(const std::function<void()>& write);
    // SVC_EXPLAIN: the statements a command ran, each with SQLite's plan for it.
    void record_statements() { m_db.record_statements(); }
    std::vector<sql::StatementPlan> statement_plans() { return m_db.statement_plans(); }
    StoreCheck check();
    void backup_to(const std::string& path);
    std::vector<TableCount> table_counts();
    std::int64_t file_size();

private:
    std::int64_t sla_plan_id(const std::string& plan);

    sql::Database m_db;
};

}  // namespace svc
