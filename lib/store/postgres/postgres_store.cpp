#include "store/postgres/postgres_store.hpp"

#include <fmt/format.h>

#include <set>

#include "error.hpp"
#include "store/postgres/schema.hpp"
#include "text.hpp"

namespace svc {

namespace {

// The schema's versions go on from SQLite's: a database created now is at the version
// SQLite's thirteen steps reach, and a later change to the schema is one version on both.
constexpr int k_first_version = 13;

// The triggers that keep the trail append-only, whoever connects.
constexpr const char* k_trail_triggers[] = {"event_no_update", "event_no_delete", "event_no_truncate",
                                            "audit_no_change"};

// The database's own group roles, named after it so that a manager of one database on the
// cluster is nobody in another (a training copy beside the live one): <db>_agent,
// <db>_supervisor, <db>_manager. Every group reads and writes the tables svc works in; none
// may change or remove the trail or the schema version; only managers load policies and
// register agents (svc_register_agent, which runs as the store's owner so that it may create
// login roles). The owner (who ran svc db init) keeps every right: cron and tests run as it.
constexpr const char* k_roles = R"sql(
DO $roles$
DECLARE
    db text := current_database();
    schema text := current_schema();
    role_name text;
BEGIN
    FOREACH role_name IN ARRAY ARRAY[db || '_agent', db || '_supervisor', db || '_manager'] LOOP
        BEGIN
            EXECUTE format('CREATE ROLE %I NOLOGIN', role_name);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
        EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', db, role_name);
        EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema, role_name);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', schema, role_name);
        EXECUTE format('GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA %I TO %I', schema, role_name);
        EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON event, actor, event_kind, policy_version FROM %I',
                       role_name);
        EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON svc_schema FROM %I', role_name);
        IF role_name <> db || '_manager' THEN
            EXECUTE format('REVOKE INSERT ON policy_version FROM %I', role_name);
            EXECUTE format('REVOKE INSERT, UPDATE, DELETE ON agent FROM %I', role_name);
        END IF;
    END LOOP;
END
$roles$;

-- A login role for an agent, in the group of its role here and no other group of this
-- database; a login that already has a role in the cluster is given membership only.
CREATE FUNCTION svc_register_agent(login text, agent_role text) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog AS $register$
DECLARE
    db text := current_database();
    r text;
BEGIN
    IF agent_role NOT IN ('agent', 'supervisor', 'manager') THEN
        RAISE EXCEPTION 'unknown agent role %', agent_role;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        BEGIN
            EXECUTE format('CREATE ROLE %I LOGIN', login);
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
            NULL;
        END;
    END IF;
    FOREACH r IN ARRAY ARRAY['agent', 'supervisor', 'manager'] LOOP
        IF r = agent_role THEN
            EXECUTE format('GRANT %I TO %I', db || '_' || r, login);
        ELSE
            EXECUTE format('REVOKE %I FROM %I', db || '_' || r, login);
        END IF;
    END LOOP;
END
$register$;
REVOKE ALL ON FUNCTION svc_register_agent(text, text) FROM PUBLIC;
DO $grant$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION svc_register_agent(text, text) TO %I', current_database() || '_manager');
END
$grant$;
)sql";

}  // namespace

PostgresStore::PostgresStore(const std::string& uri, Seconds busy_timeout, bool create)
    : SqlStore(std::make_unique<postgres::Connection>(uri, busy_timeout)), m_create(create) {}

int PostgresStore::latest_schema_version() const {
    return k_first_version - 1 + postgres::schema::latest_version();
}

int PostgresStore::schema_version() {
    sql::Statement exists = m_db.prepare("SELECT to_regclass('svc_schema') IS NOT NULL");
    exists.step();
    if (exists.integer(0) == 0) return 0;
    sql::Statement s = m_db.prepare("SELECT version FROM svc_schema");
    return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

void PostgresStore::check_empty_database() {
    {
        sql::Statement s = m_db.prepare(
            "SELECT string_agg(relname, ', ' ORDER BY relname), count(*) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p', 'f')");
        s.step();
        if (s.integer(1) > 0)
            fail(ErrorKind::usage,
                 "the database {} holds other tables ({}) and no svc store; give svc an empty database of its own",
                 path(), s.text(0));
    }
    // pg_trgm finds Chinese words only where the character type knows them as letters.
    sql::Statement s = m_db.prepare(
        "SELECT datctype, pg_encoding_to_char(encoding) FROM pg_database WHERE datname = current_database()");
    s.step();
    const std::string ctype = s.text(0), encoding = s.text(1);
    const bool utf8_ctype = ctype.find("UTF-8") != std::string::npos || ctype.find("utf8") != std::string::npos ||
                            ctype.find("UTF8") != std::string::npos;
    if (encoding != "UTF8" || !utf8_ctype)
        fail(ErrorKind::usage,
             "the database {} has encoding {} and character type {}; svc needs UTF8 and a UTF-8 character type "
             "so that Chinese text is found (createdb -E UTF8 --locale=C.UTF-8 -T template0 …)",
             path(), encoding, ctype);
}

std::string PostgresStore::act_as(const std::string& requested) {
    sql::Statement s = m_db.prepare(
        "SELECT session_user, "
        "(SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = session_user) "
        "OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()), "
        "?1 <> '' AND EXISTS (SELECT 1 FROM pg_roles r, unnest(ARRAY['_agent', '_supervisor', '_manager']) g "
        "WHERE r.rolname = ?1 AND pg_has_role(r.oid, to_regrole(current_database() || g), 'MEMBER')), "
        "?1 <> '' AND pg_has_role(session_user, (SELECT oid FROM pg_roles WHERE rolname = ?1), 'MEMBER')");
    s.bind(1, requested);
    s.step();
    const std::string session = s.text(0);
    // exists: the name is an agent's login role in this database (a member of its groups).
    const bool service = s.integer(1) != 0, exists = s.integer(2) != 0, may_become = s.integer(3) != 0;
    s.reset();
    if (requested.empty() || requested == session) return session;
    // Acting as someone else: an agent's login role only where the database lets this
    // session become it (SET ROLE), so that its grants apply; a name that is no agent's role
    // here only for the store's owner or an administrator (cron, scripts, a store whose
    // agents are not registered yet; svc's own rules then say whether the name may act).
    if (exists ? !may_become : !service)
        fail(ErrorKind::refused,
             "{} may not act as {} in this database: --as and $SVC_USER name a role the connection's own "
             "role ({}) is a member of (GRANT {} TO {})",
             session, requested, session, requested, session);
    if (exists) {
        sql::Statement set = m_db.prepare("SELECT set_config('role', ?1, false)");
        set.bind(1, requested);
        set.step();
    }
    return requested;
}

int PostgresStore::migrate() {
    const int before = schema_version();
    const int latest = latest_schema_version();
    if (before > latest)
        fail(ErrorKind::storage, "the store {} has schema version {} but this svc knows only up to {}; upgrade svc",
             path(), before, latest);
    if (before == latest) return before;
    if (before == 0 && !m_create)
        fail(ErrorKind::storage, "no svc store in the database {} (create one with: svc db init --db URI)", path());
    const auto steps = postgres::schema::migrations();
    for (int v = std::max(before, k_first_version - 1); v < latest; ++v) {
        sql::Transaction tx(m_db);
        // Another process may have migrated while we waited for the write lock.
        if (schema_version() > v) continue;
        if (v == k_first_version - 1) {
            check_empty_database();
            m_db.exec("CREATE EXTENSION IF NOT EXISTS pg_trgm");
            m_db.exec("CREATE TABLE svc_schema (version integer NOT NULL)");
            m_db.exec("INSERT INTO svc_schema (version) VALUES (0)");
        }
        run_migration_step(m_db, steps[static_cast<std::size_t>(v - (k_first_version - 1))]);
        if (v == k_first_version - 1) m_db.exec(k_roles);
        m_db.exec(fmt::format("UPDATE svc_schema SET version = {}", v + 1));
        tx.commit();
    }
    return before;
}

StoreCheck PostgresStore::check() {
    StoreCheck result;
    result.schema_version = schema_version();
    if (result.schema_version != latest_schema_version())
        result.problems.push_back(
            fmt::format("schema version {} (this svc expects {})", result.schema_version, latest_schema_version()));
    {
        std::set<std::string> present;
        sql::Statement s = m_db.prepare(
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
            "AND tgrelid IN (to_regclass('event'), to_regclass('audit'))");
        while (s.step()) present.insert(s.text(0));
        for (const char* name : k_trail_triggers)
            if (!present.count(name)) {
                result.problems.push_back("the audit trail is no longer protected against changes");
                break;
            }
    }
    if (result.schema_version == latest_schema_version()) {
        sql::Statement s = m_db.prepare(
            "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D' "
            "AND tgrelid = to_regclass('compensation') AND tgname = 'compensation_within_authority'");
        if (s.step() && s.integer(0) == 0)
            result.problems.push_back("compensation is no longer checked against authority by the database");
    }
    if (result.schema_version == latest_schema_version()) {
        // Every index the schema creates: without one the store still answers, only slowly,
        // and nothing else would say why.
        std::set<std::string> present;
        sql::Statement s = m_db.prepare("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()");
        while (s.step()) present.insert(s.text(0));
        for (const std::string_view step : postgres::schema::migrations()) {
            for (std::size_t at = step.find("CREATE "); at != std::string_view::npos;
                 at = step.find("CREATE ", at + 1)) {
                std::string_view rest = step.substr(at);
                const std::size_t end = rest.find(';');
                const std::string_view statement = rest.substr(0, end);
                const std::size_t index = statement.find("INDEX ");
                if (index == std::string_view::npos ||
                    statement.substr(0, index).find_first_of("(") != std::string_view::npos)
                    continue;
                const std::string_view tail = statement.substr(index + 6);
                const std::string name(tail.substr(0, tail.find(' ')));
                if (!present.count(name))
                    result.problems.push_back(
                        fmt::format("index {} is missing (create it again with: psql \"{}\" -c '{}')", name, path(),
                                    text::collapse_spaces(std::string(statement))));
            }
        }
    }
    {
        // Constraints the server keeps are kept; one marked NOT VALID was added without
        // checking the rows already there.
        sql::Statement s = m_db.prepare(
            "SELECT conrelid::regclass::text, conname FROM pg_constraint c JOIN pg_namespace n ON n.oid = "
            "c.connamespace "
            "WHERE n.nspname = current_schema() AND NOT convalidated ORDER BY 1, 2");
        while (s.step())
            result.problems.push_back(fmt::format("constraint {} on {} was never checked", s.text(1), s.text(0)));
    }
    {
        // An index a failed CREATE INDEX CONCURRENTLY left invalid answers nothing.
        sql::Statement s = m_db.prepare(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND NOT i.indisvalid ORDER BY 1");
        while (s.step())
            result.problems.push_back(
                fmt::format("index {} is invalid (rebuild it with: REINDEX INDEX {})", s.text(0), s.text(0)));
    }
    {
        // The trail's counter is ahead of every event, or the next event would clash.
        sql::Statement s =
            m_db.prepare("SELECT (SELECT last FROM event_counter) >= coalesce((SELECT max(id) FROM event), 0)");
        if (s.step() && s.integer(0) == 0) result.problems.push_back("the trail's counter is behind its last event");
    }
    return result;
}

void PostgresStore::backup_to(const std::string&) {
    fail(ErrorKind::usage,
         "svc db backup copies SQLite stores; back up a PostgreSQL store with pg_dump (for instance: pg_dump -Fc "
         "-f svc.dump DBNAME) and restore it with pg_restore");
}

std::vector<TableCount> PostgresStore::table_counts() {
    return count_rows(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' AND c.relname <> 'svc_schema' "
        "ORDER BY c.relname COLLATE \"C\"");
}

std::int64_t PostgresStore::file_size() {
    return m_db.cached_integer("SELECT pg_database_size(current_database())");
}

}  // namespace svc
