#include "store/sqlite/sqlite_store.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <map>

#include "error.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/schema.hpp"
#include "text.hpp"

namespace svc {

SqliteStore::SqliteStore(const std::string& path, Seconds busy_timeout, bool create)
    : SqlStore(std::make_unique<sqlite::Connection>(path, busy_timeout, create)) {}

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
        run_migration_step(m_db, steps[static_cast<std::size_t>(v)]);
        m_db.exec(fmt::format("PRAGMA user_version = {}", v + 1));
        tx.commit();
    }
    return before;
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
    sqlite::Connection dest(target, 5, true);
    auto& source = static_cast<sqlite::Connection&>(m_db.connection());
    sqlite3_backup* b = sqlite3_backup_init(dest.handle(), "main", source.handle(), "main");
    if (!b) sqlite::raise(dest.handle(), sqlite3_errcode(dest.handle()), "starting the backup");
    // One step copies every page inside a single read transaction: a consistent snapshot,
    // and in WAL mode writers are not held up while it runs.
    int rc;
    do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE) sqlite::raise(dest.handle(), rc, "copying the store");
}

std::vector<TableCount> SqliteStore::table_counts() {
    // Ordinary tables only: the full-text index and its shadow tables mirror kb_entry.
    return count_rows(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
}

std::int64_t SqliteStore::file_size() {
    return m_db.cached_integer("SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()");
}

}  // namespace svc
