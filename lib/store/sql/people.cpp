// People (customers, their notes, agents) and policy versions in the store.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "store/sql/sql_store.hpp"

namespace svc {

// ---------------------------------------------------------------------------------------
// Agents

namespace {

// Skills are kept as one text, sorted and separated by commas ("english,vip").
std::vector<std::string> split_skills(const std::optional<std::string>& text) {
    std::vector<std::string> out;
    if (!text) return out;
    std::string_view rest = *text;
    while (!rest.empty()) {
        const std::size_t comma = std::min(rest.find(','), rest.size());
        if (comma > 0) out.emplace_back(rest.substr(0, comma));
        rest.remove_prefix(std::min(comma + 1, rest.size()));
    }
    return out;
}

std::optional<std::string> joined_skills(const std::vector<std::string>& skills) {
    if (skills.empty()) return std::nullopt;
    std::string out;
    for (const std::string& s : skills) out += (out.empty() ? "" : ",") + s;
    return out;
}

Agent read_agent(const sql::Statement& s) {
    Agent a;
    a.id = s.integer(0);
    a.login = s.text(1);
    a.name = s.text(2);
    a.role = s.text(3);
    a.team = s.opt_text(4);
    a.comp_limit = s.opt_real(5);
    a.active = s.integer(6) != 0;
    a.created_at = s.integer(7);
    a.skills = split_skills(s.opt_text(8));
    return a;
}

constexpr const char* k_count_agents = "SELECT count(*) FROM agent";
constexpr const char* k_find_agent =
    "SELECT id, login, name, role, team, comp_limit, active, created_at, skills FROM agent WHERE login = ?1";
constexpr const char* k_list_agents =
    "SELECT id, login, name, role, team, comp_limit, active, created_at, skills FROM agent "
    "WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR team = ?2) ORDER BY team, login";
constexpr const char* k_insert_agent =
    "INSERT INTO agent (login, name, role, team, comp_limit, active, created_at, skills) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
    "RETURNING id";
constexpr const char* k_update_agent =
    "UPDATE agent SET name = ?2, role = ?3, team = ?4, comp_limit = ?5, active = ?6, skills = ?7 WHERE id = ?1";

}  // namespace

std::int64_t SqlPeople::count_agents() {
    return m_db.cached_integer(k_count_agents);
}

std::optional<Agent> SqlPeople::find_agent(std::string_view login) {
    const std::string key(login);
    if (const auto* known = m_agents.find(key)) return *known;
    auto& s = m_db.cached(k_find_agent);
    s.bind(1, login);
    std::optional<Agent> out;
    if (s.step()) out = read_agent(s);
    s.reset();
    m_agents.keep(key, out);
    return out;
}

std::vector<Agent> SqlPeople::list_agents(const std::optional<std::string>& role,
                                          const std::optional<std::string>& team) {
    auto& s = m_db.cached(k_list_agents);
    s.bind_all(role, team);
    std::vector<Agent> out;
    while (s.step()) out.push_back(read_agent(s));
    s.reset();
    return out;
}

// On PostgreSQL an agent is a login role in the group of its role (the database checks that
// the one registering is a manager).
void SqlPeople::register_login(const Agent& a) {
    if (m_db.engine() != sql::Engine::postgresql) return;
    m_db.cached("SELECT svc_register_agent(?1, ?2)").bind_all(a.login, a.role).run();
}

std::int64_t SqlPeople::insert_agent(const Agent& a) {
    m_agents.drop(a.login);
    register_login(a);
    auto& s = m_db.cached(k_insert_agent);
    s.bind_all(a.login, a.name, a.role, a.team, a.comp_limit, a.active ? 1 : 0, a.created_at, joined_skills(a.skills));
    return s.insert_id();
}

void SqlPeople::update_agent(const Agent& a) {
    m_agents.drop(a.login);
    register_login(a);
    auto& s = m_db.cached(k_update_agent);
    s.bind_all(a.id, a.name, a.role, a.team, a.comp_limit, a.active ? 1 : 0, joined_skills(a.skills));
    s.run();
}

// ---------------------------------------------------------------------------------------
// Customers

namespace {

Customer read_customer(const sql::Statement& s) {
    Customer c;
    c.id = s.integer(0);
    c.ref = s.opt_text(1);
    c.name = s.text(2);
    c.phone = s.opt_text(3);
    c.email = s.opt_text(4);
    c.tier = s.text(5);
    c.no_survey = s.integer(6) != 0;
    c.created_at = s.integer(7);
    c.updated_at = s.integer(8);
    return c;
}

// The statements that read customers, per engine. PostgreSQL keeps contacts from the session
// (the view customer_masked masks them until svc_reveal_contacts), so there a phone is found
// and a contact searched through functions that look without showing.
struct CustomerReads {
    const char* by_id;
    const char* by_ids;
    const char* by_ref;
    const char* by_phone;
    const char* by_email;
    const char* list;
    const char* count;  // what list matches, without its limit
};

#define SVC_CUSTOMER_COLUMNS "id, ref, name, phone, email, tier, no_survey, created_at, updated_at"
// The search is a substring match (instr) so Chinese names match without a tokenizer.
#define SVC_CUSTOMER_MATCH(contact_match) \
    " WHERE (?1 IS NULL OR tier = ?1) "   \
    "AND (?2 IS NULL OR instr(name, ?2) > 0 OR " contact_match " OR instr(coalesce(ref, ''), ?2) > 0) "
#define SVC_CUSTOMER_LIST(source, contact_match)                       \
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM " source SVC_CUSTOMER_MATCH( \
        contact_match) "ORDER BY id LIMIT coalesce(?3, 9223372036854775807)"
#define SVC_CUSTOMER_COUNT(source, contact_match) "SELECT count(*) FROM " source SVC_CUSTOMER_MATCH(contact_match)
constexpr CustomerReads k_customer_reads_sqlite{
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE id = ?1",
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id",
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE ref = ?1",
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE phone = ?1",
    "SELECT " SVC_CUSTOMER_COLUMNS
    " FROM customer WHERE lower(email) = lower(?1) AND email IS NOT NULL ORDER BY id LIMIT 1",
    SVC_CUSTOMER_LIST("customer", "instr(coalesce(phone, ''), ?2) > 0 OR instr(coalesce(email, ''), ?2) > 0"),
    SVC_CUSTOMER_COUNT("customer", "instr(coalesce(phone, ''), ?2) > 0 OR instr(coalesce(email, ''), ?2) > 0"),
};
constexpr CustomerReads k_customer_reads_postgres{
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer_masked WHERE id = ?1",
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer_masked WHERE id = ANY (CAST(?1 AS bigint[])) ORDER BY id",
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer_masked WHERE ref = ?1",
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer_masked WHERE id = svc_customer_by_phone(?1)",
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer_masked WHERE id = svc_customer_by_email(?1)",
    SVC_CUSTOMER_LIST("customer_masked", "id IN (SELECT svc_customers_by_contact(?2))"),
    SVC_CUSTOMER_COUNT("customer_masked", "id IN (SELECT svc_customers_by_contact(?2))"),
};
#undef SVC_CUSTOMER_LIST
#undef SVC_CUSTOMER_COUNT
#undef SVC_CUSTOMER_MATCH
#undef SVC_CUSTOMER_COLUMNS

const CustomerReads& customer_reads(const sql::Database& db) {
    return db.engine() == sql::Engine::postgresql ? k_customer_reads_postgres : k_customer_reads_sqlite;
}

constexpr const char* k_insert_customer =
    "INSERT INTO customer (ref, name, phone, email, tier, no_survey, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id";
constexpr const char* k_update_customer =
    "UPDATE customer SET ref = ?2, name = ?3, tier = ?4, no_survey = ?5, updated_at = ?6 WHERE id = ?1";
constexpr const char* k_update_customer_phone = "UPDATE customer SET phone = ?2 WHERE id = ?1";
constexpr const char* k_update_customer_email = "UPDATE customer SET email = ?2 WHERE id = ?1";
constexpr const char* k_insert_customer_note =
    "INSERT INTO customer_note (customer_id, at, actor, text) VALUES (?1, ?2, ?3, ?4) RETURNING id";
constexpr const char* k_customer_notes =
    "SELECT id, customer_id, at, actor, text FROM customer_note WHERE customer_id = ?1 ORDER BY at DESC, id DESC";
#define SVC_LOSS_COLUMNS "id, customer_id, lost_at, reason, recorded_by, recorded_at, returned_at, returned_by"
constexpr const char* k_loss_in_force =
    "SELECT " SVC_LOSS_COLUMNS " FROM customer_loss WHERE customer_id = ?1 AND returned_at IS NULL";
constexpr const char* k_latest_loss =
    "SELECT " SVC_LOSS_COLUMNS " FROM customer_loss WHERE customer_id = ?1 ORDER BY lost_at DESC, id DESC LIMIT 1";
#undef SVC_LOSS_COLUMNS
constexpr const char* k_insert_loss =
    "INSERT INTO customer_loss (customer_id, lost_at, reason, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5) "
    "RETURNING id";
constexpr const char* k_end_loss =
    "UPDATE customer_loss SET returned_at = ?2, returned_by = ?3 WHERE id = ?1 AND returned_at IS NULL";

CustomerLoss read_loss(const sql::Statement& s) {
    return {s.integer(0), s.integer(1), s.integer(2),     s.text(3),
            s.text(4),    s.integer(5), s.opt_integer(6), s.is_null(7) ? std::nullopt : std::optional(s.text(7))};
}

std::optional<Customer> one_customer(sql::Statement& s) {
    std::optional<Customer> out;
    if (s.step()) out = read_customer(s);
    s.reset();
    return out;
}

}  // namespace

std::optional<Customer> SqlPeople::find_customer_by_id(std::int64_t id) {
    if (const Customer* known = m_customers.find(id)) return *known;
    auto& s = m_db.cached(customer_reads(m_db).by_id);
    s.bind(1, id);
    std::optional<Customer> out = one_customer(s);
    if (out) m_customers.keep(id, *out);
    return out;
}

std::vector<Customer> SqlPeople::find_customers_by_ids(const std::vector<std::int64_t>& ids) {
    // One parameter for the whole list: a JSON array for SQLite, an array for PostgreSQL.
    const bool pg = m_db.engine() == sql::Engine::postgresql;
    auto& s = m_db.cached(customer_reads(m_db).by_ids);
    s.bind(1, pg ? fmt::format("{{{}}}", fmt::join(ids, ",")) : fmt::format("[{}]", fmt::join(ids, ",")));
    std::vector<Customer> out;
    while (s.step()) out.push_back(read_customer(s));
    s.reset();
    return out;
}

std::optional<Customer> SqlPeople::find_customer_by_ref(std::string_view ref) {
    auto& s = m_db.cached(customer_reads(m_db).by_ref);
    s.bind(1, ref);
    return one_customer(s);
}

std::optional<Customer> SqlPeople::find_customer_by_phone(std::string_view phone) {
    auto& s = m_db.cached(customer_reads(m_db).by_phone);
    s.bind(1, phone);
    return one_customer(s);
}

std::optional<Customer> SqlPeople::find_customer_by_email(std::string_view email) {
    auto& s = m_db.cached(customer_reads(m_db).by_email);
    s.bind(1, email);
    return one_customer(s);
}

std::vector<Customer> SqlPeople::list_customers(const CustomerFilter& f) {
    auto& s = m_db.cached(customer_reads(m_db).list);
    s.bind_all(f.tier, f.search, f.limit);
    std::vector<Customer> out;
    while (s.step()) out.push_back(read_customer(s));
    s.reset();
    return out;
}

std::int64_t SqlPeople::count_customers(const CustomerFilter& f) {
    auto& s = m_db.cached(customer_reads(m_db).count);
    s.bind_all(f.tier, f.search);
    const std::int64_t n = s.step() ? s.integer(0) : 0;
    s.reset();
    return n;
}

std::int64_t SqlPeople::insert_customer(const Customer& c) {
    auto& s = m_db.cached(k_insert_customer);
    s.bind_all(c.ref, c.name, c.phone, c.email, c.tier, c.no_survey ? 1 : 0, c.created_at, c.updated_at);
    return s.insert_id();
}

void SqlPeople::update_customer(const Customer& c, ContactChange contacts) {
    m_customers.drop(c.id);
    m_db.cached(k_update_customer).bind_all(c.id, c.ref, c.name, c.tier, c.no_survey ? 1 : 0, c.updated_at).run();
    if (contacts.phone) m_db.cached(k_update_customer_phone).bind_all(c.id, c.phone).run();
    if (contacts.email) m_db.cached(k_update_customer_email).bind_all(c.id, c.email).run();
}

void SqlPeople::reveal_contacts(std::string_view purpose) {
    if (m_db.engine() != sql::Engine::postgresql) return;
    m_db.cached("SELECT svc_reveal_contacts(?1)").bind(1, purpose).run();
    m_customers.clear();  // read masked
}

std::int64_t SqlPeople::insert_customer_note(const CustomerNote& n) {
    auto& s = m_db.cached(k_insert_customer_note);
    s.bind_all(n.customer_id, n.at, n.actor, n.text);
    return s.insert_id();
}

std::vector<CustomerNote> SqlPeople::customer_notes(std::int64_t customer_id) {
    auto& s = m_db.cached(k_customer_notes);
    s.bind(1, customer_id);
    std::vector<CustomerNote> out;
    while (s.step()) out.push_back({s.integer(0), s.integer(1), s.integer(2), s.text(3), s.text(4)});
    s.reset();
    return out;
}

std::optional<CustomerLoss> SqlPeople::loss_in_force(std::int64_t customer_id) {
    auto& s = m_db.cached(k_loss_in_force);
    s.bind(1, customer_id);
    std::optional<CustomerLoss> out;
    if (s.step()) out = read_loss(s);
    s.reset();
    return out;
}

std::vector<CustomerLoss> SqlPeople::latest_losses(const std::vector<std::int64_t>& ids) {
    // A churn warning lists tens of customers: one indexed look each.
    auto& s = m_db.cached(k_latest_loss);
    std::vector<CustomerLoss> out;
    for (const std::int64_t id : ids) {
        s.bind(1, id);
        if (s.step()) out.push_back(read_loss(s));
        s.reset();
    }
    return out;
}

std::int64_t SqlPeople::insert_loss(const CustomerLoss& l) {
    auto& s = m_db.cached(k_insert_loss);
    s.bind_all(l.customer_id, l.lost_at, l.reason, l.recorded_by, l.recorded_at);
    return s.insert_id();
}

void SqlPeople::end_loss(std::int64_t id, Instant returned_at, const std::string& by) {
    m_db.cached(k_end_loss).bind_all(id, returned_at, by).run();
}

// ---------------------------------------------------------------------------------------
// Policy versions

namespace {
constexpr const char* k_active_policy =
    "SELECT version, loaded_at, loaded_by, source, text FROM policy_version ORDER BY version DESC LIMIT 1";
constexpr const char* k_policy_history =
    "SELECT version, loaded_at, loaded_by, source FROM policy_version ORDER BY version";
constexpr const char* k_has_policy = "SELECT EXISTS (SELECT 1 FROM policy_version)";
constexpr const char* k_insert_policy =
    "INSERT INTO policy_version (loaded_at, loaded_by, source, text, authority) VALUES (?1, ?2, ?3, ?4, ?5) "
    "RETURNING version";
}  // namespace

std::optional<PolicyVersion> SqlPolicies::active_policy() {
    auto& s = m_db.cached(k_active_policy);
    std::optional<PolicyVersion> out;
    if (s.step()) out = PolicyVersion{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4), {}};
    s.reset();
    return out;
}

bool SqlPolicies::has_policy() {
    auto& s = m_db.cached(k_has_policy);
    s.step();
    const bool has = s.integer(0) != 0;
    s.reset();
    return has;
}

std::vector<PolicyVersion> SqlPolicies::policy_history() {
    auto& s = m_db.cached(k_policy_history);
    std::vector<PolicyVersion> out;
    while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), {}, {}});
    s.reset();
    return out;
}

std::int64_t SqlPolicies::insert_policy(const PolicyVersion& p) {
    auto& s = m_db.cached(k_insert_policy);
    s.bind_all(p.loaded_at, p.loaded_by, p.source, p.text, p.authority);
    return s.insert_id();
}

// ---------------------------------------------------------------------------------------
// The duty roster

namespace {

constexpr const char* k_duty_columns = "id, login, starts_at, ends_at, note, created_by, created_at";

DutyShift read_duty_shift(const sql::Statement& s) {
    return DutyShift{s.integer(0), s.text(1), s.integer(2), s.integer(3), s.opt_text(4), s.text(5), s.integer(6)};
}

}  // namespace

std::vector<DutyShift> SqlPeople::list_duty_shifts(Instant from, Instant to, const std::optional<std::string>& login) {
    static const std::string k_list = fmt::format(
        "SELECT {} FROM duty_shift WHERE ends_at > ?1 AND starts_at < ?2 AND (?3 IS NULL OR login = ?3) "
        "ORDER BY starts_at, login, id",
        k_duty_columns);
    auto& s = m_db.cached(k_list.c_str());
    s.bind_all(from, to, login);
    std::vector<DutyShift> out;
    while (s.step()) out.push_back(read_duty_shift(s));
    s.reset();
    return out;
}

std::optional<DutyShift> SqlPeople::find_duty_shift(std::int64_t id) {
    static const std::string k_find = fmt::format("SELECT {} FROM duty_shift WHERE id = ?1", k_duty_columns);
    auto& s = m_db.cached(k_find.c_str());
    s.bind(1, id);
    std::optional<DutyShift> out;
    if (s.step()) out = read_duty_shift(s);
    s.reset();
    return out;
}

std::int64_t SqlPeople::insert_duty_shift(const DutyShift& d) {
    auto& s = m_db.cached(
        "INSERT INTO duty_shift (login, starts_at, ends_at, note, created_by, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id");
    s.bind_all(d.login, d.starts_at, d.ends_at, d.note, d.created_by, d.created_at);
    return s.insert_id();
}

void SqlPeople::delete_duty_shift(std::int64_t id) {
    m_db.cached("DELETE FROM duty_shift WHERE id = ?1").bind_all(id).run();
}

}  // namespace svc
