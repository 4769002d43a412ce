#pragma once
// One SQL connection whatever the engine: prepared statements, the statement cache and
// transactions, over an engine's Connection (store/sqlite, store/postgres). The SQL of the
// stores is written once, in the dialect both engines read (numbered parameters ?1, RETURNING,
// ON CONFLICT, FILTER); an engine translates what it must (PostgreSQL's $1) when it prepares.
// An engine's result codes become svc::Error in the engine and nowhere else.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <variant>
#include <vector>

#include "store/store.hpp"
#include "time/instant.hpp"

namespace svc::sql {

enum class Engine { sqlite, postgresql };

// What an engine does for one prepared statement.
class StatementBackend {
public:
    virtual ~StatementBackend() = default;
    virtual void bind_integer(int index, std::int64_t value) = 0;
    virtual void bind_real(int index, double value) = 0;
    virtual void bind_text(int index, std::string_view value) = 0;
    virtual void bind_null(int index) = 0;
    // A NULL of a known type (what an optional would hold): an engine that types its
    // parameters needs it where nothing else in the statement says.
    enum class Type { integer, real, text };
    virtual void bind_null_of(int index, Type) { bind_null(index); }
    virtual bool step() = 0;
    // Runs a statement that answers no rows; an engine may send it on without waiting for
    // the server (its error then surfaces at the next statement that waits, or at commit).
    virtual void run() {
        while (step()) {
        }
        reset();
    }
    virtual void reset() = 0;
    virtual bool is_null(int column) const = 0;
    virtual std::int64_t integer(int column) const = 0;
    virtual double real(int column) const = 0;
    virtual std::string_view text_view(int column) const = 0;
    virtual int column_count() const = 0;
    virtual std::string column_name(int column) const = 0;
    virtual std::string expanded_sql() const = 0;
};

class Statement {
public:
    explicit Statement(std::unique_ptr<StatementBackend> backend) : m(std::move(backend)) {}

    // Binds by 1-based position.
    Statement& bind(int index, std::int64_t value) {
        m->bind_integer(index, value);
        return *this;
    }
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, double value) {
        m->bind_real(index, value);
        return *this;
    }
    Statement& bind(int index, std::string_view value) {
        m->bind_text(index, value);
        return *this;
    }
    Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
    Statement& bind(int index, std::nullopt_t) {
        m->bind_null(index);
        return *this;
    }
    template <typename T>
    Statement& bind(int index, const std::optional<T>& value) {
        if (value) return bind(index, *value);
        using Type = StatementBackend::Type;
        if constexpr (std::is_floating_point_v<T>)
            m->bind_null_of(index, Type::real);
        else if constexpr (std::is_integral_v<T>)
            m->bind_null_of(index, Type::integer);
        else
            m->bind_null_of(index, Type::text);
        return *this;
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

    bool step() { return m->step(); }  // true while a row is available
    // Runs to completion, expecting no rows.
    void run() { m->run(); }
    void reset() { m->reset(); }  // ready to bind and step again; bindings are cleared
    // Runs an INSERT … RETURNING id and answers the id.
    std::int64_t insert_id() {
        const std::int64_t id = step() ? integer(0) : 0;
        reset();
        return id;
    }

    bool is_null(int column) const { return m->is_null(column); }
    // A NULL reads as 0, a boolean as 0 or 1.
    std::int64_t integer(int column) const { return m->integer(column); }
    double real(int column) const { return m->real(column); }
    std::string text(int column) const { return std::string(m->text_view(column)); }
    // The text without a copy: valid until the next step or reset.
    std::string_view text_view(int column) const { return m->text_view(column); }
    std::optional<std::int64_t> opt_integer(int column) const {
        return is_null(column) ? std::nullopt : std::optional(integer(column));
    }
    std::optional<double> opt_real(int column) const {
        return is_null(column) ? std::nullopt : std::optional(real(column));
    }
    std::optional<std::string> opt_text(int column) const {
        return is_null(column) ? std::nullopt : std::optional(text(column));
    }
    int column_count() const { return m->column_count(); }
    std::string column_name(int column) const { return m->column_name(column); }
    std::string expanded_sql() const { return m->expanded_sql(); }

private:
    std::unique_ptr<StatementBackend> m;
};

// What an engine does for one connection.
class Connection {
public:
    virtual ~Connection() = default;
    virtual Engine engine() const = 0;
    // Where the store is, as the user may see it (a URI without its password).
    virtual const std::string& where() const = 0;
    virtual void exec(std::string_view sql) = 0;
    virtual std::unique_ptr<StatementBackend> prepare(std::string_view sql) = 0;
    // Rows the last INSERT, UPDATE or DELETE changed.
    virtual std::int64_t changes() = 0;
    virtual bool in_transaction() const = 0;
    // BEGIN with the store's write lock taken; BEGIN for a consistent run of reads.
    virtual void begin_write() = 0;
    virtual void begin_read() = 0;
    virtual void commit() = 0;
    virtual void rollback() noexcept = 0;
    // See Database::collected; nullptr when the engine has no collect() aggregate.
    virtual std::vector<std::int64_t>* collected() { return nullptr; }
    virtual void record_statements() {}
    virtual std::vector<StatementPlan> statement_plans() { return {}; }
};

class Database {
public:
    explicit Database(std::unique_ptr<Connection> connection) : m_connection(std::move(connection)) {}
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Engine engine() const { return m_connection->engine(); }
    const std::string& path() const { return m_connection->where(); }
    Connection& connection() { return *m_connection; }
    void exec(std::string_view sql) { m_connection->exec(sql); }
    // A fresh statement, for SQL built once per call.
    Statement prepare(std::string_view sql) { return Statement(m_connection->prepare(sql)); }
    // A statement prepared once per connection and reused: pass a string constant.
    Statement& cached(const char* sql);
    // The same for SQL built at run time from a few fixed fragments (one per variant).
    Statement& cached_text(const std::string& sql);
    // The one integer a cached statement without parameters answers (a count, a maximum).
    std::int64_t cached_integer(const char* sql);
    std::int64_t changes() { return m_connection->changes(); }
    // The values the SQL aggregate collect(x) has gathered: it appends each integer x here
    // and returns their count, so a query hands over a range's values without a row each.
    // nullptr when the engine has no such aggregate (then a query streams its rows). The
    // caller takes the values and clears them.
    std::vector<std::int64_t>* collected() { return m_connection->collected(); }
    // From now on remembers the text of every statement run, once each, for
    // statement_plans(): what a command asked of the engine and how it went about it.
    void record_statements() { m_connection->record_statements(); }
    std::vector<StatementPlan> statement_plans() { return m_connection->statement_plans(); }
    // Inside BEGIN … COMMIT (false when each statement commits on its own).
    bool in_transaction() const { return m_connection->in_transaction(); }
    // Called each time a Transaction has taken the write lock (the clock reads itself again
    // there); one hook at a time, none to remove it.
    void on_write_lock(std::function<void()> hook) { m_on_write_lock = std::move(hook); }
    void write_lock_taken() {
        if (m_on_write_lock) m_on_write_lock();
    }

private:
    std::unique_ptr<Connection> m_connection;
    std::unordered_map<const char*, std::unique_ptr<Statement>> m_cache;
    std::unordered_map<std::string, std::unique_ptr<Statement>> m_text_cache;
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

// A write transaction (the store's write lock taken); rolls back when destroyed without
// commit().
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

// One consistent view for a run of reads (a transaction that never writes).
class ReadTransaction {
public:
    explicit ReadTransaction(Database& db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    Database& m_db;
};

}  // namespace svc::sql
