#pragma once
// The stores of both SQL engines: every query a named constant with explicit columns and an
// ORDER BY, prepared once per connection and reused, in the SQL both engines read.
#include <optional>
#include <string>
#include <unordered_map>

#include "store/sql/database.hpp"
#include "store/store.hpp"

namespace svc {

// Rows read again and again by the operations of one write transaction (its ticket, the
// customer, the acting agent), kept for the transaction where a read is a round trip to a
// server. Sound because the transaction holds the store's write lock: nobody else changes a
// row while it runs, and its own writes replace or drop what is kept. Emptied when it ends.
template <typename Key, typename Row>
class TransactionCache {
public:
    explicit TransactionCache(sql::Database& db) : m_db(db) {}
    bool active() const { return m_db.engine() == sql::Engine::postgresql && m_db.in_transaction(); }
    const Row* find(const Key& key) const {
        if (!active()) return nullptr;
        const auto it = m_rows.find(key);
        return it == m_rows.end() ? nullptr : &it->second;
    }
    void keep(const Key& key, const Row& row) {
        if (active()) m_rows.insert_or_assign(key, row);
    }
    void drop(const Key& key) { m_rows.erase(key); }
    void clear() { m_rows.clear(); }

private:
    sql::Database& m_db;
    std::unordered_map<Key, Row> m_rows;
};

class SqlPeople final : public PeopleStore {
public:
    explicit SqlPeople(sql::Database& db) : m_db(db) {}
    std::int64_t count_agents() override;
    std::optional<Agent> find_agent(std::string_view login) override;
    std::vector<Agent> list_agents(const std::optional<std::string>& role,
                                   const std::optional<std::string>& team) override;
    std::int64_t insert_agent(const Agent& a) override;
    void update_agent(const Agent& a) override;
    std::optional<Customer> find_customer_by_id(std::int64_t id) override;
    std::vector<Customer> find_customers_by_ids(const std::vector<std::int64_t>& ids) override;
    std::optional<Customer> find_customer_by_ref(std::string_view ref) override;
    std::optional<Customer> find_customer_by_phone(std::string_view phone) override;
    std::optional<Customer> find_customer_by_email(std::string_view email) override;
    std::vector<Customer> list_customers(const CustomerFilter& f) override;
    std::int64_t count_customers(const CustomerFilter& f) override;
    std::int64_t insert_customer(const Customer& c) override;
    void update_customer(const Customer& c, ContactChange contacts) override;
    void reveal_contacts(std::string_view purpose) override;
    std::int64_t insert_customer_note(const CustomerNote& n) override;
    std::vector<CustomerNote> customer_notes(std::int64_t customer_id) override;
    std::optional<CustomerLoss> loss_in_force(std::int64_t customer_id) override;
    std::vector<CustomerLoss> latest_losses(const std::vector<std::int64_t>& ids) override;
    std::int64_t insert_loss(const CustomerLoss& l) override;
    void end_loss(std::int64_t id, Instant returned_at, const std::string& by) override;
    std::vector<DutyShift> list_duty_shifts(Instant from, Instant to, const std::optional<std::string>& login) override;
    std::optional<DutyShift> find_duty_shift(std::int64_t id) override;
    std::int64_t insert_duty_shift(const DutyShift& d) override;
    void delete_duty_shift(std::int64_t id) override;
    // The transaction ended.
    void forget() {
        m_agents.clear();
        m_customers.clear();
    }

private:
    void register_login(const Agent& a);
    sql::Database& m_db;
    TransactionCache<std::string, std::optional<Agent>> m_agents{m_db};
    TransactionCache<std::int64_t, Customer> m_customers{m_db};
};

class SqlTickets final : public TicketStore {
public:
    explicit SqlTickets(sql::Database& db) : m_db(db) {}
    std::optional<Ticket> find_ticket(std::int64_t id) override;
    std::vector<std::string> ticket_tags(std::int64_t id) override;
    std::int64_t insert_ticket(const Ticket& t) override;
    void update_ticket(const Ticket& t) override;
    void set_ticket_tags(std::int64_t id, const std::vector<std::string>& tags) override;
    void keep_past_resolution(std::int64_t id, Instant reopened_at) override;
    std::vector<TicketRow> list_tickets(const TicketQuery& q) override;
    void list_tickets(const TicketQuery& q, const std::function<void(const TicketRow&)>& take) override;
    std::vector<Ticket> active_tickets() override;
    std::vector<QueueCount> queue_counts(Instant now) override;
    std::int64_t count_matching(const TicketQuery& q) override;
    std::vector<Instant> arrival_times(Instant since, Instant until) override;
    std::int64_t count_tickets() override;
    std::int64_t highest_ticket_id() override;
    std::vector<std::int64_t> sweep_candidates(Instant now, int risk_level) override;
    std::optional<std::int64_t> inbound_ticket(std::string_view source, std::string_view external_id) override;
    void insert_inbound(std::string_view source, std::string_view external_id, std::int64_t ticket_id,
                        Instant at) override;
    std::int64_t open_tickets_of(std::string_view login) override;
    std::optional<Instant> newest_ticket_of(std::string_view login) override;
    void insert_link(const TicketLink& link) override;
    void delete_link(std::int64_t ticket_id, std::int64_t other_id) override;
    std::vector<TicketLink> links_of(std::int64_t ticket_id) override;
    // The transaction ended.
    void forget() {
        m_tickets.clear();
        m_plans.clear();
    }

private:
    std::int64_t sla_plan_id(const std::string& plan);
    sql::Database& m_db;
    TransactionCache<std::int64_t, Ticket> m_tickets{m_db};
    TransactionCache<std::string, std::int64_t> m_plans{m_db};
};

class SqlEscalations final : public EscalationStore {
public:
    explicit SqlEscalations(sql::Database& db) : m_db(db) {}
    std::int64_t insert_escalation(const Escalation& e) override;
    void end_escalation(std::int64_t ticket_id, Instant at, std::string_view outcome) override;
    std::vector<Escalation> list_escalations(const EscalationQuery& q) override;
    bool insert_sweep_event(const SweepEvent& e) override;
    bool has_sweep_event(const SweepEvent& e) override;
    std::vector<SweepEvent> undelivered_events() override;
    bool claim_sweep_event(std::int64_t id, Instant now, const std::string& by, Instant until) override;
    void mark_sweep_event(std::int64_t id, std::optional<Instant> delivered_at, const std::optional<std::string>& error,
                          const std::string& by) override;
    std::int64_t insert_compensation(const Compensation& c) override;
    std::vector<Compensation> compensations_for_ticket(std::int64_t ticket_id) override;
    CompensationTotal compensation_total(std::optional<std::int64_t> ticket_id, std::optional<std::int64_t> customer_id,
                                         std::optional<std::string> agent) override;
    std::vector<Compensation> compensations_between(Instant since, Instant until) override;

private:
    sql::Database& m_db;
};

class SqlFollowups final : public FollowupStore {
public:
    explicit SqlFollowups(sql::Database& db) : m_db(db) {}
    std::int64_t insert_followup(const Followup& f) override;
    void update_followup(const Followup& f) override;
    std::optional<Followup> find_followup(std::int64_t id) override;
    std::vector<Followup> list_followups(const FollowupQuery& q) override;
    std::optional<std::int64_t> claim_reminder(std::int64_t id, Instant now, const std::string& by,
                                               Instant until) override;
    void record_reminder(std::int64_t id, std::optional<Instant> delivered_at, const std::optional<std::string>& error,
                         const std::string& by) override;

private:
    sql::Database& m_db;
};

class SqlSurveys final : public SurveyStore {
public:
    explicit SqlSurveys(sql::Database& db) : m_db(db) {}
    std::int64_t insert_survey(const Survey& s) override;
    void update_survey(const Survey& s) override;
    std::optional<Survey> find_survey(std::int64_t id) override;
    bool claim_survey_delivery(std::int64_t id, Instant now, const std::string& by, Instant until) override;
    void record_survey_delivered(std::int64_t id, Instant at, const std::string& by) override;
    bool take_back_survey(std::int64_t id, const std::string& by) override;
    std::vector<std::int64_t> surveys_lease_over(Instant now) override;
    std::optional<Survey> current_survey(std::int64_t ticket_id) override;
    std::vector<Survey> list_surveys(const SurveyQuery& q) override;
    std::int64_t surveys_sent_to(std::int64_t customer_id, Instant since) override;
    std::vector<Ticket> survey_candidates(Instant since, Instant until) override;

private:
    sql::Database& m_db;
};

class SqlKpis final : public KpiStore {
public:
    explicit SqlKpis(sql::Database& db) : m_db(db) {}
    std::vector<SatisfactionCounts> satisfaction(Instant since, Instant until, Instant as_of, SurveyGroup by) override;
    std::vector<KpiFigures> kpi_figures(Instant since, Instant until, Instant as_of, SurveyGroup by,
                                        unsigned families) override;
    std::vector<KpiQueryPlan> kpi_query_plans(SurveyGroup by) override;

private:
    sql::Database& m_db;
};

class SqlReviews final : public ReviewStore {
public:
    explicit SqlReviews(sql::Database& db) : m_db(db) {}
    std::vector<RepeatComplainer> repeat_complainers(Instant since, Instant until, std::int64_t min) override;
    std::int64_t insert_review_action(const ReviewAction& a) override;
    void update_review_action(const ReviewAction& a) override;
    std::optional<ReviewAction> find_review_action(std::int64_t id) override;
    std::vector<ReviewAction> list_review_actions(const ReviewActionQuery& q) override;
    std::int64_t insert_qa_score(const QaScore& q) override;
    std::optional<QaScore> find_qa_score(std::int64_t ticket_id) override;
    std::vector<QaScore> list_qa_scores(Instant since, Instant until) override;
    std::vector<QaCandidate> qa_candidates(Instant since, Instant until) override;
    std::vector<ComplaintRow> complaints_created(Instant since, Instant until) override;
    std::int64_t count_complaints(Instant since, Instant until) override;
    bool any_tickets(Instant since, Instant until) override;
    std::int64_t complaints_resolved(Instant since, Instant until) override;
    std::int64_t complaint_backlog(Instant at) override;
    std::vector<SlaBreach> sla_breaches(Instant since, Instant until) override;

private:
    sql::Database& m_db;
};

class SqlKb final : public KbStore {
public:
    explicit SqlKb(sql::Database& db) : m_db(db) {}
    std::int64_t insert_kb_entry(const KbEntry& e) override;
    void update_kb_entry(const KbEntry& e) override;
    std::optional<KbEntry> find_kb_entry(std::int64_t id) override;
    std::vector<KbEntry> list_kb_entries(const KbQuery& q) override;
    void insert_kb_version(const KbVersion& v) override;
    std::vector<KbVersion> kb_versions(std::int64_t entry_id) override;
    std::optional<KbVersion> find_kb_version(std::int64_t entry_id, std::int64_t version) override;
    std::vector<KbHit> search_kb(const KbSearch& s) override;
    std::int64_t insert_reply_check(const ReplyCheckRecord& r) override;
    std::vector<ReplyCheckRecord> reply_checks(std::int64_t ticket_id) override;

private:
    sql::Database& m_db;
};

class SqlPolicies final : public PolicyStore {
public:
    explicit SqlPolicies(sql::Database& db) : m_db(db) {}
    std::optional<PolicyVersion> active_policy() override;
    bool has_policy() override;
    std::vector<PolicyVersion> policy_history() override;
    std::int64_t insert_policy(const PolicyVersion& p) override;

private:
    sql::Database& m_db;
};

// Runs one schema migration inside its transaction. A marker line in it hands over to C++
// there, before the rest runs: "-- svc:convert-trail" converts the trail of a store before
// schema 13 (table audit) into events, with the catalogue; "-- svc:past-resolutions" reads the
// resolutions that reopens in the trail undid into past_resolution (schema 16).
void run_migration_step(sql::Database& db, std::string_view step);

class SqlTrail final : public TrailStore {
public:
    explicit SqlTrail(sql::Database& db) : m_db(db) {}
    std::int64_t append_audit(const AuditEvent& e, const json::Value* detail = nullptr) override;
    std::vector<AuditEvent> audit_for(Entity entity, std::int64_t entity_id) override;
    // The transaction is about to commit: the last id given out is written back.
    void before_commit();
    // The transaction rolled back: what was cached from it is forgotten.
    void after_rollback() noexcept;

private:
    friend void convert_trail(sql::Database& db);
    std::int64_t actor_id(const std::string& login);
    std::int64_t kind_code(const AuditEvent& e);

    sql::Database& m_db;
    // Logins and kinds already in the store (rows of actor and event_kind are never changed
    // or removed, so the cache stays true while no transaction that added to it rolls back).
    std::unordered_map<std::string, std::int64_t> m_actors;
    std::unordered_map<std::int64_t, bool> m_kinds;
    std::unordered_map<std::string, std::int64_t> m_other_kinds;  // "entity action" → code
    // The last event id given out in the current write transaction, once one was.
    std::optional<std::int64_t> m_last_id;
};

// One connection of an SQL engine and the stores over it; an engine adds its schema and its
// maintenance.
class SqlStore : public Store {
public:
    explicit SqlStore(std::unique_ptr<sql::Connection> connection) : m_db(std::move(connection)) {}
    // A transaction still open when the store goes (an error left it) ends in a rollback.
    ~SqlStore() override;

    // The connection, for the engine's own tests.
    sql::Database& db() { return m_db; }
    const std::string& path() const override { return m_db.path(); }
    std::string_view engine() const override {
        return m_db.engine() == sql::Engine::postgresql ? "postgresql" : "sqlite";
    }

    PeopleStore& people() override { return m_people; }
    TicketStore& tickets() override { return m_tickets; }
    EscalationStore& escalations() override { return m_escalations; }
    FollowupStore& followups() override { return m_followups; }
    SurveyStore& surveys() override { return m_surveys; }
    KpiStore& kpis() override { return m_kpis; }
    ReviewStore& reviews() override { return m_reviews; }
    KbStore& kb() override { return m_kb; }
    PolicyStore& policies() override { return m_policies; }
    TrailStore& trail() override { return m_trail; }

    bool in_transaction() const override { return m_db.in_transaction(); }
    void begin_write() override;
    void begin_read() override;
    void commit() override;
    void rollback() noexcept override;
    void on_write_lock(std::function<void()> hook) override { m_db.on_write_lock(std::move(hook)); }

    void record_statements() override { m_db.record_statements(); }
    std::vector<StatementPlan> statement_plans() override { return m_db.statement_plans(); }

protected:
    // Each table the query names (one name a row, in order) with its number of rows.
    std::vector<TableCount> count_rows(const char* tables_sql);
    sql::Database m_db;

private:
    void forget() noexcept;  // what the transaction's caches kept
    std::optional<sql::Transaction> m_write;
    std::optional<sql::ReadTransaction> m_read;
    SqlPeople m_people{m_db};
    SqlTickets m_tickets{m_db};
    SqlEscalations m_escalations{m_db};
    SqlFollowups m_followups{m_db};
    SqlSurveys m_surveys{m_db};
    SqlKpis m_kpis{m_db};
    SqlReviews m_reviews{m_db};
    SqlKb m_kb{m_db};
    SqlPolicies m_policies{m_db};
    SqlTrail m_trail{m_db};
};

}  // namespace svc
