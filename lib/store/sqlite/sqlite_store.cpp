#include "store/sqlite/sqlite_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <map>

#include "error.hpp"
#include "store/sqlite/schema.hpp"
#include "text.hpp"

namespace svc {

SqliteStore::SqliteStore(const std::string& path, Seconds busy_timeout, bool create)
    : m_db(path, busy_timeout, create) {}

// A transaction still open when the connection goes (an error left it) ends in a rollback
// before the connection closes.
SqliteStore::~SqliteStore() {
    rollback();
}

std::unique_ptr<Store> open_store(const std::string& where, Seconds busy_timeout, bool create) {
    return std::make_unique<SqliteStore>(where, busy_timeout, create);
}

// ---------------------------------------------------------------------------------------
// Transactions

void SqliteStore::begin_write() {
    if (in_transaction()) fail(ErrorKind::internal, "a transaction is already open");
    m_write.emplace(m_db);
}

void SqliteStore::begin_read() {
    if (in_transaction()) fail(ErrorKind::internal, "a transaction is already open");
    m_read.emplace(m_db);
}

void SqliteStore::commit() {
    if (m_write) {
        m_trail.before_commit();
        m_write->commit();
        m_write.reset();
    }
    m_read.reset();
}

void SqliteStore::rollback() noexcept {
    if (m_write) m_trail.after_rollback();
    m_write.reset();
    m_read.reset();
}

// ---------------------------------------------------------------------------------------
// Schema

int SqliteStore::latest_schema_version() const {
    return schema::latest_version();
}

int SqliteStore::schema_version() {
    sql::Statement s = m_db.prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.integer(0));
}

int SqliteStore::migrate() {
    const int before = schema_version();
    const int latest = latest_schema_version();
    if (before > latest)
        fail(ErrorKind::storage, "the store {} has schema version {} but this svc knows only up to {}; upgrade svc",
             path(), before, latest);
    if (before == latest) return before;
    const auto steps = schema::migrations();
    for (int v = before; v < latest; ++v) {
        sql::Transaction tx(m_db);
        // Another process may have migrated while we waited for the write lock.
        if (schema_version() > v) continue;
        const std::string_view step = steps[static_cast<std::size_t>(v)];
        if (const std::size_t split = step.find(schema::k_convert_trail); split != std::string_view::npos) {
            m_db.exec(step.substr(0, split));
            convert_trail(m_db);
            m_db.exec(step.substr(split));
        } else {
            m_db.exec(step);
        }
        m_db.exec(fmt::format("PRAGMA user_version = {}", v + 1));
        tx.commit();
    }
    return before;
}

// ---------------------------------------------------------------------------------------
// Agents

namespace {

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
    return a;
}

constexpr const char* k_count_agents = "SELECT count(*) FROM agent";
constexpr const char* k_find_agent =
    "SELECT id, login, name, role, team, comp_limit, active, created_at FROM agent WHERE login = ?1";
constexpr const char* k_list_agents =
    "SELECT id, login, name, role, team, comp_limit, active, created_at FROM agent "
    "WHERE (?1 IS NULL OR role = ?1) AND (?2 IS NULL OR team = ?2) ORDER BY team, login";
constexpr const char* k_insert_agent =
    "INSERT INTO agent (login, name, role, team, comp_limit, active, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* k_update_agent =
    "UPDATE agent SET name = ?2, role = ?3, team = ?4, comp_limit = ?5, active = ?6 WHERE id = ?1";

}  // namespace

std::int64_t SqlitePeople::count_agents() {
    return m_db.cached_integer(k_count_agents);
}

std::optional<Agent> SqlitePeople::find_agent(std::string_view login) {
    auto& s = m_db.cached(k_find_agent);
    s.bind(1, login);
    std::optional<Agent> out;
    if (s.step()) out = read_agent(s);
    s.reset();
    return out;
}

std::vector<Agent> SqlitePeople::list_agents(const std::optional<std::string>& role,
                                             const std::optional<std::string>& team) {
    auto& s = m_db.cached(k_list_agents);
    s.bind_all(role, team);
    std::vector<Agent> out;
    while (s.step()) out.push_back(read_agent(s));
    s.reset();
    return out;
}

std::int64_t SqlitePeople::insert_agent(const Agent& a) {
    auto& s = m_db.cached(k_insert_agent);
    s.bind_all(a.login, a.name, a.role, a.team, a.comp_limit, a.active ? 1 : 0, a.created_at);
    s.run();
    return m_db.last_insert_id();
}

void SqlitePeople::update_agent(const Agent& a) {
    auto& s = m_db.cached(k_update_agent);
    s.bind_all(a.id, a.name, a.role, a.team, a.comp_limit, a.active ? 1 : 0);
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

#define SVC_CUSTOMER_COLUMNS "id, ref, name, phone, email, tier, no_survey, created_at, updated_at"
constexpr const char* k_customer_by_id = "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE id = ?1";
constexpr const char* k_customers_by_ids =
    "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY id";
constexpr const char* k_customer_by_ref = "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE ref = ?1";
constexpr const char* k_customer_by_phone = "SELECT " SVC_CUSTOMER_COLUMNS " FROM customer WHERE phone = ?1";
// The search is a substring match (instr) so Chinese names match without a tokenizer.
constexpr const char* k_list_customers =
    "SELECT " SVC_CUSTOMER_COLUMNS
    " FROM customer "
    "WHERE (?1 IS NULL OR tier = ?1) "
    "AND (?2 IS NULL OR instr(name, ?2) > 0 OR instr(coalesce(phone, ''), ?2) > 0 "
    "     OR instr(coalesce(email, ''), ?2) > 0 OR instr(coalesce(ref, ''), ?2) > 0) "
    "ORDER BY id LIMIT coalesce(?3, -1)";
constexpr const char* k_insert_customer =
    "INSERT INTO customer (ref, name, phone, email, tier, no_survey, created_at, updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* k_update_customer =
    "UPDATE customer SET ref = ?2, name = ?3, phone = ?4, email = ?5, tier = ?6, no_survey = ?7, updated_at = ?8 "
    "WHERE id = ?1";
#undef SVC_CUSTOMER_COLUMNS
constexpr const char* k_insert_customer_note =
    "INSERT INTO customer_note (customer_id, at, actor, text) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* k_customer_notes =
    "SELECT id, customer_id, at, actor, text FROM customer_note WHERE customer_id = ?1 ORDER BY at DESC, id DESC";

std::optional<Customer> one_customer(sql::Statement& s) {
    std::optional<Customer> out;
    if (s.step()) out = read_customer(s);
    s.reset();
    return out;
}

}  // namespace

std::optional<Customer> SqlitePeople::find_customer_by_id(std::int64_t id) {
    auto& s = m_db.cached(k_customer_by_id);
    s.bind(1, id);
    return one_customer(s);
}

std::vector<Customer> SqlitePeople::find_customers_by_ids(const std::vector<std::int64_t>& ids) {
    auto& s = m_db.cached(k_customers_by_ids);
    s.bind(1, fmt::format("[{}]", fmt::join(ids, ",")));
    std::vector<Customer> out;
    while (s.step()) out.push_back(read_customer(s));
    s.reset();
    return out;
}

std::optional<Customer> SqlitePeople::find_customer_by_ref(std::string_view ref) {
    auto& s = m_db.cached(k_customer_by_ref);
    s.bind(1, ref);
    return one_customer(s);
}

std::optional<Customer> SqlitePeople::find_customer_by_phone(std::string_view phone) {
    auto& s = m_db.cached(k_customer_by_phone);
    s.bind(1, phone);
    return one_customer(s);
}

std::vector<Customer> SqlitePeople::list_customers(const CustomerFilter& f) {
    auto& s = m_db.cached(k_list_customers);
    s.bind_all(f.tier, f.search, f.limit);
    std::vector<Customer> out;
    while (s.step()) out.push_back(read_customer(s));
    s.reset();
    return out;
}

std::int64_t SqlitePeople::insert_customer(const Customer& c) {
    auto& s = m_db.cached(k_insert_customer);
    s.bind_all(c.ref, c.name, c.phone, c.email, c.tier, c.no_survey ? 1 : 0, c.created_at, c.updated_at);
    s.run();
    return m_db.last_insert_id();
}

void SqlitePeople::update_customer(const Customer& c) {
    auto& s = m_db.cached(k_update_customer);
    s.bind_all(c.id, c.ref, c.name, c.phone, c.email, c.tier, c.no_survey ? 1 : 0, c.updated_at);
    s.run();
}

std::int64_t SqlitePeople::insert_customer_note(const CustomerNote& n) {
    auto& s = m_db.cached(k_insert_customer_note);
    s.bind_all(n.customer_id, n.at, n.actor, n.text);
    s.run();
    return m_db.last_insert_id();
}

std::vector<CustomerNote> SqlitePeople::customer_notes(std::int64_t customer_id) {
    auto& s = m_db.cached(k_customer_notes);
    s.bind(1, customer_id);
    std::vector<CustomerNote> out;
    while (s.step()) out.push_back({s.integer(0), s.integer(1), s.integer(2), s.text(3), s.text(4)});
    s.reset();
    return out;
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
    "INSERT INTO policy_version (loaded_at, loaded_by, source, text) VALUES (?1, ?2, ?3, ?4)";
}  // namespace

std::optional<PolicyVersion> SqlitePolicies::active_policy() {
    auto& s = m_db.cached(k_active_policy);
    std::optional<PolicyVersion> out;
    if (s.step()) out = PolicyVersion{s.integer(0), s.integer(1), s.text(2), s.text(3), s.text(4)};
    s.reset();
    return out;
}

bool SqlitePolicies::has_policy() {
    auto& s = m_db.cached(k_has_policy);
    s.step();
    const bool has = s.integer(0) != 0;
    s.reset();
    return has;
}

std::vector<PolicyVersion> SqlitePolicies::policy_history() {
    auto& s = m_db.cached(k_policy_history);
    std::vector<PolicyVersion> out;
    while (s.step()) out.push_back({s.integer(0), s.integer(1), s.text(2), s.text(3), {}});
    s.reset();
    return out;
}

std::int64_t SqlitePolicies::insert_policy(const PolicyVersion& p) {
    auto& s = m_db.cached(k_insert_policy);
    s.bind_all(p.loaded_at, p.loaded_by, p.source, p.text);
    s.run();
    return m_db.last_insert_id();
}

// ---------------------------------------------------------------------------------------
// Maintenance

void SqliteStore::prepare_bulk_write() {
    m_db.exec("PRAGMA cache_size = -131072");
}

void SqliteStore::with_indexes_deferred(std::initializer_list<std::string_view> tables,
                                        const std::function<void()>& write) {
    // Outside a transaction each DROP would commit at once, and a failed write would leave
    // the store without them.
    if (!m_db.in_transaction()) fail(ErrorKind::internal, "indexes can be set aside only inside a transaction");
    // Named indexes only (constraints' autoindexes have no SQL), and none that is UNIQUE.
    sql::Statement s = m_db.prepare(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL "
        "AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name");
    std::vector<std::pair<std::string, std::string>> deferred;  // name, its CREATE statement
    for (const std::string_view table : tables) {
        s.bind(1, table);
        while (s.step()) deferred.emplace_back(s.text(0), s.text(1));
        s.reset();
    }
    for (const auto& [name, create] : deferred) m_db.exec(fmt::format("DROP INDEX \"{}\"", name));
    write();
    // CREATE INDEX sorts in memory up to the page cache's size, on top of the cache: with a
    // bulk write's large cache the build would double the command's peak. 16 MiB sorts a
    // million keys in a few runs.
    sql::Statement current = m_db.prepare("PRAGMA cache_size");
    current.step();
    const std::int64_t cache = current.integer(0);
    current.reset();
    m_db.exec("PRAGMA cache_size = -16384");
    for (const auto& [name, create] : deferred) m_db.exec(create);
    m_db.exec(fmt::format("PRAGMA cache_size = {}", cache));
}

void SqliteStore::with_bulk_indexes_deferred(const std::function<void()>& write) {
    with_indexes_deferred({"ticket", "event", "followup", "survey", "escalation", "compensation"}, write);
}

StoreCheck SqliteStore::check() {
    StoreCheck result;
    result.schema_version = schema_version();
    if (result.schema_version != latest_schema_version())
        result.problems.push_back(
            fmt::format("schema version {} (this svc expects {})", result.schema_version, latest_schema_version()));
    {
        sql::Statement s = m_db.prepare("PRAGMA integrity_check");
        while (s.step()) {
            const std::string line = s.text(0);
            if (line != "ok") result.problems.push_back("integrity: " + line);
        }
    }
    {
        sql::Statement s = m_db.prepare("PRAGMA foreign_key_check");
        while (s.step())
            result.problems.push_back(
                fmt::format("foreign key: {} row {} points to a missing {}", s.text(0), s.integer(1), s.text(2)));
    }
    {
        sql::Statement s = m_db.prepare(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' "
            "AND name IN ('event_no_update', 'event_no_delete', 'event_no_replace', 'audit_no_update', "
            "'audit_no_delete', 'audit_no_insert')");
        s.step();
        if (s.integer(0) != 6) result.problems.push_back("the audit trail is no longer protected against changes");
    }
    if (result.schema_version == latest_schema_version()) {
        // Every index this svc's schema defines, as it defines it: without one the store
        // still answers, only slowly, and nothing else would say why.
        SqliteStore reference(":memory:", 0, true);
        reference.migrate();
        // name → CREATE statement on one line (the schema spreads some over several; an
        // index created again from the one-line form is the same index).
        const auto indexes = [](sql::Database& db) {
            std::map<std::string, std::string> out;
            sql::Statement s =
                db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL");
            while (s.step()) out.emplace(s.text(0), text::collapse_spaces(s.text(1)));
            return out;
        };
        const auto present = indexes(m_db);
        for (const auto& [name, create] : indexes(reference.m_db)) {
            const auto found = present.find(name);
            if (found == present.end())
                result.problems.push_back(
                    fmt::format("index {} is missing (create it again with: sqlite3 {} '{}')", name, path(), create));
            else if (found->second != create)
                result.problems.push_back(fmt::format("index {} differs from this svc's schema", name));
        }
    }
    {
        // integrity_check does not look inside the full-text index; FTS5 checks it against
        // kb_entry with its own command (it writes nothing).
        sql::Statement s = m_db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'kb_fts'");
        s.step();
        if (s.integer(0) == 1) {
            try {
                m_db.exec("INSERT INTO kb_fts (kb_fts, rank) VALUES ('integrity-check', 1)");
            } catch (const Error& e) {
                // The index holds nothing that kb_entry does not: rebuilding it loses nothing.
                result.problems.push_back(fmt::format(
                    "knowledge-base search index: {} (rebuild it with: sqlite3 STORE \"INSERT INTO kb_fts (kb_fts) "
                    "VALUES ('rebuild')\")",
                    e.what()));
            }
        }
    }
    return result;
}

void SqliteStore::backup_to(const std::string& target) {
    // lstat: a link there, even one leading nowhere, is not followed.
    struct stat st {};
    if (::lstat(target.c_str(), &st) == 0)
        fail(ErrorKind::usage, "backup target {} already exists{}; refusing to overwrite it", target,
             S_ISLNK(st.st_mode) ? " (a symbolic link)" : "");
    sql::Database dest(target, 5, true);
    sqlite3_backup* b = sqlite3_backup_init(dest.handle(), "main", m_db.handle(), "main");
    if (!b) sql::raise(dest.handle(), sqlite3_errcode(dest.handle()), "starting the backup");
    // One step copies every page inside a single read transaction: a consistent snapshot,
    // and in WAL mode writers are not held up while it runs.
    int rc;
    do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) sql::raise(dest.handle(), rc, "copying the store");
}

std::vector<TableCount> SqliteStore::table_counts() {
    std::vector<std::string> tables;
    {
        // Ordinary tables only: the full-text index and its shadow tables mirror kb_entry.
        sql::Statement s = m_db.prepare(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name");
        while (s.step()) tables.push_back(s.text(0));
    }
    std::vector<TableCount> out;
    for (const auto& t : tables) {
        sql::Statement s = m_db.prepare(fmt::format("SELECT count(*) FROM \"{}\"", t));
        s.step();
        out.push_back({t, s.integer(0)});
    }
    return out;
}

std::int64_t SqliteStore::file_size() {
    sql::Statement s = m_db.prepare("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
    s.step();
    return s.integer(0);
}

}  // namespace svc
