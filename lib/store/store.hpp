#pragma once
// The store as the domain sees it, whatever the engine: one interface per aggregate, handed
// out by the Store of one connection, and the transactions the units of work are made of.
// No SQL and no engine here: the engines live below (store/sqlite).
#include <functional>
#include <initializer_list>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/events.hpp"
#include "store/kpi_records.hpp"
#include "store/records.hpp"

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
    std::optional<std::string> id_prefix;  // numbers whose digits start so (completion)
    std::vector<std::string> assignees;    // any of them (a team's agents)
    std::optional<std::int64_t> customer_id, level, since, until, limit, after_id;
    bool overdue = false;  // a target breached and not met
    bool at_risk = false;  // past a target's warning, not yet breached
    std::optional<Seconds> due_within;
    bool due_later = false;  // active, and the earliest unmet deadline still ahead of `now`
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

// Active tickets counted by channel, assignee and status; `waiting` ones are open and owe
// the customer an answer (no first response yet, or a message not yet answered). Of them,
// those breached and at risk at the instant asked, as TicketQuery's overdue and at_risk.
struct QueueCount {
    std::string channel, assignee, status;
    bool waiting = false;
    std::int64_t tickets = 0, breached = 0, at_risk = 0;
};

struct TableCount {
    std::string table;
    std::int64_t rows;
};

struct StoreCheck {
    std::vector<std::string> problems;  // empty = healthy
    int schema_version = 0;
};

// Customers and agents: who is served and who serves.
class PeopleStore {
public:
    virtual ~PeopleStore() = default;
    virtual std::int64_t count_agents() = 0;
    virtual std::optional<Agent> find_agent(std::string_view login) = 0;
    virtual std::vector<Agent> list_agents(const std::optional<std::string>& role,
                                           const std::optional<std::string>& team) = 0;
    virtual std::int64_t insert_agent(const Agent& a) = 0;
    virtual void update_agent(const Agent& a) = 0;
    // Customers as read carry their contacts masked where the engine keeps them from the
    // session (PostgreSQL: 138****1234) until it reveals them; SQLite gives them as stored.
    virtual std::optional<Customer> find_customer_by_id(std::int64_t id) = 0;
    // The customers of `ids` that exist, by id: one statement for a report's thousands.
    virtual std::vector<Customer> find_customers_by_ids(const std::vector<std::int64_t>& ids) = 0;
    virtual std::optional<Customer> find_customer_by_ref(std::string_view ref) = 0;
    virtual std::optional<Customer> find_customer_by_phone(std::string_view phone) = 0;
    // The first customer with this mail address, whatever its case.
    virtual std::optional<Customer> find_customer_by_email(std::string_view email) = 0;
    virtual std::vector<Customer> list_customers(const CustomerFilter& f) = 0;
    // How many customers the filter matches, its limit aside.
    virtual std::int64_t count_customers(const CustomerFilter& f) = 0;
    virtual std::int64_t insert_customer(const Customer& c) = 0;
    // Writes the customer's fields; its phone and e-mail only where `contacts` says they
    // were changed (as read they may be masked).
    virtual void update_customer(const Customer& c, ContactChange contacts) = 0;
    // Lets this session read contacts unmasked from now on, the database recording who did
    // and `purpose` where it keeps contacts from the session (a no-op on SQLite).
    virtual void reveal_contacts(std::string_view purpose) = 0;
    virtual std::int64_t insert_customer_note(const CustomerNote& n) = 0;
    virtual std::vector<CustomerNote> customer_notes(std::int64_t customer_id) = 0;  // newest first
    // The customer's loss in force (recorded and not ended by a return), if any.
    virtual std::optional<CustomerLoss> loss_in_force(std::int64_t customer_id) = 0;
    // The latest loss of each of `ids` that has one, by customer id.
    virtual std::vector<CustomerLoss> latest_losses(const std::vector<std::int64_t>& ids) = 0;
    virtual std::int64_t insert_loss(const CustomerLoss& l) = 0;
    // Ends the loss `id`: the customer came back.
    virtual void end_loss(std::int64_t id, Instant returned_at, const std::string& by) = 0;
    // The duty roster: the shifts that overlap [from, to), of one login when given, by start.
    virtual std::vector<DutyShift> list_duty_shifts(Instant from, Instant to,
                                                    const std::optional<std::string>& login) = 0;
    virtual std::optional<DutyShift> find_duty_shift(std::int64_t id) = 0;
    virtual std::int64_t insert_duty_shift(const DutyShift& d) = 0;
    virtual void delete_duty_shift(std::int64_t id) = 0;
};

// Tickets, their deadlines (targets) and tags.
class TicketStore {
public:
    virtual ~TicketStore() = default;
    virtual std::optional<Ticket> find_ticket(std::int64_t id) = 0;  // with its tags
    virtual std::vector<std::string> ticket_tags(std::int64_t id) = 0;
    // Inserts with t.id when set (imports keep their numbers), else a new id; adds the tags.
    virtual std::int64_t insert_ticket(const Ticket& t) = 0;
    virtual void update_ticket(const Ticket& t) = 0;  // every column but the tags
    virtual void set_ticket_tags(std::int64_t id, const std::vector<std::string>& tags) = 0;
    // A reopen is about to undo the ticket's resolution: keeps it as the stored row has it
    // (time, target and how it counts in the KPIs), so figures as of before `reopened_at` stay.
    virtual void keep_past_resolution(std::int64_t id, Instant reopened_at) = 0;
    virtual std::vector<TicketRow> list_tickets(const TicketQuery& q) = 0;
    // The same one row at a time, for lists of any length.
    virtual void list_tickets(const TicketQuery& q, const std::function<void(const TicketRow&)>& take) = 0;
    virtual std::vector<Ticket> active_tickets() = 0;  // open and pending, by id
    virtual std::vector<QueueCount> queue_counts(Instant now) = 0;
    // How many tickets the query's filters match, its limit aside (what a capped list left out).
    virtual std::int64_t count_matching(const TicketQuery& q) = 0;
    // When each ticket created in [since, until) was created, in order (the index alone).
    virtual std::vector<Instant> arrival_times(Instant since, Instant until) = 0;
    virtual std::int64_t count_tickets() = 0;
    virtual std::int64_t highest_ticket_id() = 0;  // 0 for an empty store
    // Active tickets the sweep must look at: a deadline or warning passed, or a risk word
    // below the risk level.
    virtual std::vector<std::int64_t> sweep_candidates(Instant now, int risk_level) = 0;
    // Messages taken in from outside, by their id where `source` (email, a bridge) gives
    // them: the ticket one went to, when it was seen before.
    virtual std::optional<std::int64_t> inbound_ticket(std::string_view source, std::string_view external_id) = 0;
    virtual void insert_inbound(std::string_view source, std::string_view external_id, std::int64_t ticket_id,
                                Instant at) = 0;
    // Routing: how many open or pending tickets an agent has (as assignee), and when the
    // newest ticket given to them was created.
    virtual std::int64_t open_tickets_of(std::string_view login) = 0;
    virtual std::optional<Instant> newest_ticket_of(std::string_view login) = 0;
    // Links between tickets, either way round.
    virtual void insert_link(const TicketLink& link) = 0;
    virtual void delete_link(std::int64_t ticket_id, std::int64_t other_id) = 0;
    virtual std::vector<TicketLink> links_of(std::int64_t ticket_id) = 0;  // by time
};

// Escalations, the sweep's events and their delivery, and compensation.
class EscalationStore {
public:
    virtual ~EscalationStore() = default;
    virtual std::int64_t insert_escalation(const Escalation& e) = 0;
    // Ends the ticket's open escalation (if any) with an outcome.
    virtual void end_escalation(std::int64_t ticket_id, Instant at, std::string_view outcome) = 0;
    virtual std::vector<Escalation> list_escalations(const EscalationQuery& q) = 0;
    // Inserts unless an event with the same ticket, kind, target and due exists; true when new.
    virtual bool insert_sweep_event(const SweepEvent& e) = 0;
    // Whether insert_sweep_event would find the event recorded already (a dry run's check).
    virtual bool has_sweep_event(const SweepEvent& e) = 0;
    virtual std::vector<SweepEvent> undelivered_events() = 0;
    // Claims the event for delivery at `now`, for `by` until `until`; false while another
    // sweep's lease holds it or it was delivered.
    virtual bool claim_sweep_event(std::int64_t id, Instant now, const std::string& by, Instant until) = 0;
    // Ends the claim held by `by`: delivered at `delivered_at`, or failed with `error`. A
    // claim that ran out and went to another sweep is left to that one.
    virtual void mark_sweep_event(std::int64_t id, std::optional<Instant> delivered_at,
                                  const std::optional<std::string>& error, const std::string& by) = 0;
    virtual std::int64_t insert_compensation(const Compensation& c) = 0;
    virtual std::vector<Compensation> compensations_for_ticket(std::int64_t ticket_id) = 0;
    virtual CompensationTotal compensation_total(std::optional<std::int64_t> ticket_id,
                                                 std::optional<std::int64_t> customer_id,
                                                 std::optional<std::string> agent) = 0;
    virtual std::vector<Compensation> compensations_between(Instant since, Instant until) = 0;  // by time
};

// Follow-ups (promises, callbacks, revisits) and their reminders.
class FollowupStore {
public:
    virtual ~FollowupStore() = default;
    virtual std::int64_t insert_followup(const Followup& f) = 0;
    virtual void update_followup(const Followup& f) = 0;
    virtual std::optional<Followup> find_followup(std::int64_t id) = 0;
    virtual std::vector<Followup> list_followups(const FollowupQuery& q) = 0;
    // Claims an open follow-up's reminder for delivery, for `by` until `until`: the number of
    // reminders delivered before, or nothing while another run's lease holds it.
    virtual std::optional<std::int64_t> claim_reminder(std::int64_t id, Instant now, const std::string& by,
                                                       Instant until) = 0;
    // Ends the claim held by `by`: delivered at `delivered_at`, or failed with `error` (free
    // for the next run).
    virtual void record_reminder(std::int64_t id, std::optional<Instant> delivered_at,
                                 const std::optional<std::string>& error, const std::string& by) = 0;
};

// Satisfaction surveys and their delivery.
class SurveyStore {
public:
    virtual ~SurveyStore() = default;
    virtual std::int64_t insert_survey(const Survey& s) = 0;
    virtual void update_survey(const Survey& s) = 0;
    virtual std::optional<Survey> find_survey(std::int64_t id) = 0;
    // Claims (or, for its holder, renews) a sent survey for delivery by `by` until `until`;
    // false while another run's lease holds it, or once it is delivered or no longer sent.
    virtual bool claim_survey_delivery(std::int64_t id, Instant now, const std::string& by, Instant until) = 0;
    virtual void record_survey_delivered(std::int64_t id, Instant at, const std::string& by) = 0;
    // Takes back a send held by `by` that could not be delivered; false when it is no longer
    // that (delivered, answered, or taken over by another run).
    virtual bool take_back_survey(std::int64_t id, const std::string& by) = 0;
    // Surveys claimed for delivery whose lease ran out before they were recorded delivered.
    virtual std::vector<std::int64_t> surveys_lease_over(Instant now) = 0;
    // The ticket's survey that counts: the one not cancelled, if any.
    virtual std::optional<Survey> current_survey(std::int64_t ticket_id) = 0;
    virtual std::vector<Survey> list_surveys(const SurveyQuery& q) = 0;
    // Surveys sent to the customer at or after `since` (cancelled ones too: they reached them).
    virtual std::int64_t surveys_sent_to(std::int64_t customer_id, Instant since) = 0;
    // Resolved or closed tickets resolved in [since, until) without a survey that counts,
    // whose customer has not opted out, oldest resolution first.
    virtual std::vector<Ticket> survey_candidates(Instant since, Instant until) = 0;
};

// As `as_of` of KpiStore::satisfaction(): every answer given so far, however late (survey
// stats and the weekly review count them so).
inline constexpr Instant k_every_answer = std::numeric_limits<Instant>::max();

// The read model of the KPIs: figures summed per group over a period.
class KpiStore {
public:
    virtual ~KpiStore() = default;
    // Figures over [since, until) as they stood at `as_of` (at most now): what had happened
    // by then (a target due later was not missed yet) and the state then, from the trail
    // (a resolution a later reopen undid still counts). Per group, ordered by group.
    // Satisfaction counts: answers given, and surveys sent (those answered and not cancelled
    // by `as_of`).
    virtual std::vector<SatisfactionCounts> satisfaction(Instant since, Instant until, Instant as_of,
                                                         SurveyGroup by) = 0;
    // Raw KPI figures (SurveyGroup names the same dimensions the surveys are grouped by);
    // only the families asked for.
    virtual std::vector<KpiFigures> kpi_figures(Instant since, Instant until, Instant as_of, SurveyGroup by,
                                                unsigned families) = 0;
    // The query plan of every KPI query for a grouping, to prove they read index ranges.
    virtual std::vector<KpiQueryPlan> kpi_query_plans(SurveyGroup by) = 0;
};

// The weekly review: its action items, quality scores and the read model it draws on.
class ReviewStore {
public:
    virtual ~ReviewStore() = default;
    // Customers with at least `min` complaints opened in [since, until).
    virtual std::vector<RepeatComplainer> repeat_complainers(Instant since, Instant until, std::int64_t min) = 0;
    // Action items of the weekly review and their tickets.
    virtual std::int64_t insert_review_action(const ReviewAction& a) = 0;
    virtual void update_review_action(const ReviewAction& a) = 0;  // the done fields
    virtual std::optional<ReviewAction> find_review_action(std::int64_t id) = 0;
    virtual std::vector<ReviewAction> list_review_actions(const ReviewActionQuery& q) = 0;  // by id
    virtual std::int64_t insert_qa_score(const QaScore& q) = 0;
    virtual std::optional<QaScore> find_qa_score(std::int64_t ticket_id) = 0;
    virtual std::vector<QaScore> list_qa_scores(Instant since, Instant until) = 0;  // by time
    // Closed tickets closed in [since, until) not yet inspected, by id.
    virtual std::vector<QaCandidate> qa_candidates(Instant since, Instant until) = 0;
    // Complaints created in [since, until), by id.
    virtual std::vector<ComplaintRow> complaints_created(Instant since, Instant until) = 0;
    virtual std::int64_t count_complaints(Instant since, Instant until) = 0;
    // Whether any ticket at all was created in [since, until): a week without one is a week
    // the centre did not run svc (before it started), not a week without complaints.
    virtual bool any_tickets(Instant since, Instant until) = 0;
    // Complaints resolved in [since, until) (a resolution recorded then), and those open or
    // pending at `at`: created before it and not resolved or closed before it. Both read the
    // audit trail, so a later reopen or resolution does not change a past week's figures.
    virtual std::int64_t complaints_resolved(Instant since, Instant until) = 0;
    virtual std::int64_t complaint_backlog(Instant at) = 0;
    // First-response and resolution targets due in [since, until) and missed.
    virtual std::vector<SlaBreach> sla_breaches(Instant since, Instant until) = 0;
};

// The knowledge base, its versions and the reply checks made against it.
class KbStore {
public:
    virtual ~KbStore() = default;
    // Inserts the entry and its tags; the full-text index follows by trigger.
    virtual std::int64_t insert_kb_entry(const KbEntry& e) = 0;
    virtual void update_kb_entry(const KbEntry& e) = 0;  // every column, and the tags replaced
    virtual std::optional<KbEntry> find_kb_entry(std::int64_t id) = 0;
    virtual std::vector<KbEntry> list_kb_entries(const KbQuery& q) = 0;  // by id
    virtual void insert_kb_version(const KbVersion& v) = 0;
    virtual std::vector<KbVersion> kb_versions(std::int64_t entry_id) = 0;  // oldest first
    virtual std::optional<KbVersion> find_kb_version(std::int64_t entry_id, std::int64_t version) = 0;
    // Best first: bm25 (title weighted over body) when there is an FTS query, else the most
    // recently updated.
    virtual std::vector<KbHit> search_kb(const KbSearch& s) = 0;
    virtual std::int64_t insert_reply_check(const ReplyCheckRecord& r) = 0;
    virtual std::vector<ReplyCheckRecord> reply_checks(std::int64_t ticket_id) = 0;  // oldest first
};

// Versions of the team policy; the newest is active.
class PolicyStore {
public:
    virtual ~PolicyStore() = default;
    virtual std::optional<PolicyVersion> active_policy() = 0;
    virtual bool has_policy() = 0;
    virtual std::vector<PolicyVersion> policy_history() = 0;  // oldest first, text omitted
    virtual std::int64_t insert_policy(const PolicyVersion& p) = 0;
};

// The append-only event trail.
class TrailStore {
public:
    virtual ~TrailStore() = default;
    // Appends inside the current write transaction; the event's id is given here. The
    // detail is e.detail (JSON text), or `detail` itself when given (svc's own events).
    virtual std::int64_t append_audit(const AuditEvent& e, const json::Value* detail = nullptr) = 0;
    // A record's events, oldest first, with their action names and payloads as JSON.
    virtual std::vector<AuditEvent> audit_for(Entity entity, std::int64_t entity_id) = 0;
};

// A statement's text and the engine's plan for it, one step a line, indented by depth.
struct StatementPlan {
    std::string sql;
    std::vector<std::string> steps;
};

// One connection to a store: its schema, its transactions, housekeeping, and the stores of
// each aggregate, which all act inside the connection's current transaction.
class Store {
public:
    virtual ~Store() = default;

    // Where the store is, as the user named it.
    virtual const std::string& path() const = 0;
    // The engine's name: "sqlite" (a file) or "postgresql" (a database on a server).
    virtual std::string_view engine() const = 0;
    // Who the commands of this connection act as. `requested` is what --as or $SVC_USER
    // named ("" for neither). A file store takes the name as given (svc's own registration
    // rules apply); a server store answers to the identity it authenticated, and lets the
    // connection act as someone else only where the database would (refused otherwise).
    virtual std::string act_as(const std::string& requested) { return requested; }

    virtual PeopleStore& people() = 0;
    virtual TicketStore& tickets() = 0;
    virtual EscalationStore& escalations() = 0;
    virtual FollowupStore& followups() = 0;
    virtual SurveyStore& surveys() = 0;
    virtual KpiStore& kpis() = 0;
    virtual ReviewStore& reviews() = 0;
    virtual KbStore& kb() = 0;
    virtual PolicyStore& policies() = 0;
    virtual TrailStore& trail() = 0;

    // Schema ------------------------------------------------------------------------
    virtual int schema_version() = 0;
    virtual int latest_schema_version() const = 0;
    // Applies pending migrations, each with its version bump in one transaction. A store
    // newer than this binary is refused (Error storage). Returns the version before.
    virtual int migrate() = 0;

    // Transactions: at most one at a time; WriteTransaction and ReadSnapshot below hold them.
    virtual bool in_transaction() const = 0;
    // Takes the write lock (waiting up to the busy timeout), then calls the write-lock hook.
    virtual void begin_write() = 0;
    virtual void begin_read() = 0;  // one consistent view, no lock
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
    // Called each time a transaction has taken the write lock (the clock reads itself again
    // there); one hook at a time, nullptr removes it.
    virtual void on_write_lock(std::function<void()> hook) = 0;

    // Maintenance --------------------------------------------------------------------
    // For one long writing transaction (bulk demo, large imports): caches large enough that
    // index pages are not written out and read back again and again.
    virtual void prepare_bulk_write() = 0;
    // Runs `write` with the secondary indexes of the tables a bulk demo or an import fills
    // (tickets, their events, follow-ups, surveys, escalations and compensation) set aside,
    // and builds them again afterwards in one sorted pass each. Unique indexes stay, so
    // constraints hold throughout; if `write` throws, the transaction rolls back and the
    // indexes with it.
    virtual void with_bulk_indexes_deferred(const std::function<void()>& write) = 0;
    // SVC_EXPLAIN: the statements a command ran, each with the engine's plan for it.
    virtual void record_statements() = 0;
    virtual std::vector<StatementPlan> statement_plans() = 0;
    virtual StoreCheck check() = 0;
    virtual void backup_to(const std::string& path) = 0;
    virtual std::vector<TableCount> table_counts() = 0;
    virtual std::int64_t file_size() = 0;
};

// Opens the store at `where`; `create` allows a missing one to be created (mode 0600).
std::unique_ptr<Store> open_store(const std::string& where, Seconds busy_timeout, bool create);

// A write transaction: takes the write lock; rolls back when destroyed without commit().
class WriteTransaction {
public:
    explicit WriteTransaction(Store& store) : m_store(store) { m_store.begin_write(); }
    ~WriteTransaction() {
        if (!m_done) m_store.rollback();
    }
    WriteTransaction(const WriteTransaction&) = delete;
    WriteTransaction& operator=(const WriteTransaction&) = delete;
    void commit() {
        m_store.commit();
        m_done = true;
    }

private:
    Store& m_store;
    bool m_done = false;
};

// One consistent view for reading; ends without writing anything.
class ReadSnapshot {
public:
    explicit ReadSnapshot(Store& store) : m_store(store) { m_store.begin_read(); }
    ~ReadSnapshot() { m_store.rollback(); }
    ReadSnapshot(const ReadSnapshot&) = delete;
    ReadSnapshot& operator=(const ReadSnapshot&) = delete;

private:
    Store& m_store;
};

}  // namespace svc
