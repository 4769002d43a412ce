#pragma once
// RAII over the SQLite C API: a connection, prepared statements and transactions.
// SQLite result codes become svc::Error here and nowhere else.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "store/store.hpp"
#include "time/instant.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace svc::sql {

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;

    // Binds by 1-based position.
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::string_view value);
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, std::nullopt_t);
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }
    // bind_all(a, b, c) binds ?1, ?2, ?3.
    template <typename... Args>
    Statement& bind_all(const Args&... args) {
        int i = 0;
        (bind(++i, args), ...);
        return *this;
    }

    // bind_from(n, a, b) binds ?n, ?n+1.
    template <typename... Args>
    Statement& bind_from(int first, const Args&... args) {
        (bind(first++, args), ...);
        return *this;
    }

    bool step();   // true while a row is available
    void run();    // runs to completion, expecting no rows
    void reset();  // ready to bind and step again; bindings are cleared

    bool is_null(int column) const;
    std::int64_t integer(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    // The text without a copy: valid until the next step or reset.
    std::string_view text_view(int column) const;
    std::optional<std::int64_t> opt_integer(int column) const;
    std::optional<double> opt_real(int column) const;
    std::optional<std::string> opt_text(int column) const;
    int column_count() const;
    std::string column_name(int column) const;

    std::string expanded_sql() const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt;
};

class Database {
public:
    // Opens (and creates with mode 0600 when `create`) the file at path; ":memory:" works.
    Database(const std::string& path, Seconds busy_timeout, bool create);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    const std::string& path() const { return m_path; }
    void exec(std::string_view sql);
    // A fresh statement, for SQL built once per call.
    Statement prepare(std::string_view sql);
    // A statement prepared once per connection and reused: pass a string constant.
    Statement& cached(const char* sql);
    // The same for SQL built at run time from a few fixed fragments (one per variant).
    Statement& cached_text(const std::string& sql);
    // The one integer a cached statement without parameters answers (a count, a maximum).
    std::int64_t cached_integer(const char* sql);
    std::int64_t last_insert_id() const;
    int changes() const;
    // The values the SQL aggregate collect(x) has gathered: it appends each integer x here
    // and returns their count, so a query hands over a range's values without a row each.
    // Defined on first use; the caller takes the values and clears them.
    std::vector<std::int64_t>& collected();
    // From now on remembers the text of every statement run, once each, for
    // statement_plans(): what a command asked of SQLite and how SQLite went about it.
    void record_statements();
    // Each remembered statement that reads something, with SQLite's plan for it (EXPLAIN
    // QUERY PLAN); recording stops.
    std::vector<StatementPlan> statement_plans();
    // Inside BEGIN … COMMIT (false when each statement commits on its own).
    bool in_transaction() const;
    // Called each time a Transaction has taken the write lock (the clock reads itself again
    // there); one hook at a time, none to remove it.
    void on_write_lock(std::function<void()> hook) { m_on_write_lock = std::move(hook); }
    void write_lock_taken() {
        if (m_on_write_lock) m_on_write_lock();
    }
    sqlite3* handle() { return m_db; }

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
    std::unordered_map<const char*, std::unique_ptr<Statement>> m_cache;
    std::unordered_map<std::string, std::unique_ptr<Statement>> m_text_cache;
    std::vector<std::int64_t> m_collected;
    bool m_collect_defined = false;
    std::vector<std::string> m_statements;  // in order of first use
    std::unordered_set<std::string> m_seen;
    std::function<void()> m_on_write_lock;
};

// A WHERE clause assembled from optional conditions, for list queries whose filters come
// and go: each value becomes a numbered parameter, never text in the SQL.
class Conditions {
public:
    // "?n" for a value bound later.
    std::string param(std::int64_t value);
    std::string param(std::string value);
    void add(std::string condition) { m_parts.push_back(std::move(condition)); }
    // "column IN (?a, ?b)"; nothing when values is empty.
    void add_in(std::string_view column, const std::vector<std::string>& values);
    std::string where() const;  // " WHERE a AND b", or "" without conditions
    void bind(Statement& statement) const;

private:
    std::vector<std::string> m_parts;
    std::vector<std::variant<std::int64_t, std::string>> m_params;
};

// BEGIN IMMEDIATE … COMMIT; rolls back when destroyed without commit().
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& m_db;
    bool m_done = false;
};

// One consistent view for a run of reads (a deferred BEGIN that never writes): one read
// lock for the run rather than one per statement.
class ReadTransaction {
public:
    explicit ReadTransaction(Database& db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    Database& m_db;
};

// Throws the svc::Error that matches an SQLite result code.
[[noreturn]] void raise(sqlite3* db, int code, std::string_view doing);

}  // namespace svc::sql
