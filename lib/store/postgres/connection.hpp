#pragma once
// The PostgreSQL connection under sql::Database, through libpq: one connection per command,
// statements sent with their parameters in one round trip (PQexecParams), results read as
// text. PostgreSQL errors (SQLSTATE) become svc::Error here and nowhere else.
#include <string>
#include <string_view>

#include "store/sql/database.hpp"

struct pg_conn;
struct pg_result;

namespace svc::postgres {

// postgresql://… or postgres://…
bool is_uri(std::string_view where);
// The URI as it may be shown: without a password, in the authority or as a parameter.
std::string redacted(std::string_view uri);
// The shared SQL in PostgreSQL's dialect: ?N becomes $N (outside quotes).
std::string translate(std::string_view sql);

// Throws the svc::Error that matches a failed result (or the connection's error without one).
[[noreturn]] void raise(const pg_result* result, pg_conn* conn, std::string_view doing);

class Connection final : public sql::Connection {
public:
    // Connects; waits up to busy_timeout for the write lock of a transaction.
    Connection(const std::string& uri, Seconds busy_timeout);
    ~Connection() override;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sql::Engine engine() const override { return sql::Engine::postgresql; }
    const std::string& where() const override { return m_where; }
    void exec(std::string_view sql) override;
    std::unique_ptr<sql::StatementBackend> prepare(std::string_view sql) override;
    std::int64_t changes() override;
    bool in_transaction() const override;
    void begin_write() override;
    void begin_read() override;
    void commit() override;
    void rollback() noexcept override;
    void record_statements() override { m_recording = true; }
    std::vector<StatementPlan> statement_plans() override;

    pg_conn* handle() { return m_conn; }
    // Pipeline mode (inside a write transaction): statements are sent without waiting.
    bool pipelining() const;
    // One more statement sent whose result is not yet read.
    void queued();
    // Waits for every statement sent; raises the first failure.
    void flush();
    // After sending a statement whose rows are wanted: waits for everything sent before it
    // (raising the first failure) and answers its result.
    pg_result* result_of_last();
    void count_changes(const pg_result* result);
    void remember(const std::string& sql);
    // A fresh name for a statement prepared on the server.
    std::string statement_name() { return "svc_" + std::to_string(++m_prepared); }

private:
    std::string m_where;
    Seconds m_busy_timeout;
    pg_conn* m_conn = nullptr;
    std::int64_t m_changes = 0;
    bool m_recording = false;
    int m_prepared = 0;
    int m_pending = 0;  // statements sent in pipeline mode whose results are not yet read

    void drain(bool raise_failure);
    void leave_pipeline();
    std::vector<std::string> m_statements;
};

}  // namespace svc::postgres
