#pragma once
// The SQLite connection under sql::Database: one file (WAL) or ":memory:". SQLite result
// codes become svc::Error here and nowhere else.
#include <sqlite3.h>

#include <string>
#include <unordered_set>
#include <vector>

#include "store/sql/database.hpp"

namespace svc::sqlite {

class Connection final : public sql::Connection {
public:
    // Opens (and creates with mode 0600 when `create`) the file at path; ":memory:" works.
    Connection(const std::string& path, Seconds busy_timeout, bool create);
    ~Connection() override;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    sql::Engine engine() const override { return sql::Engine::sqlite; }
    const std::string& where() const override { return m_path; }
    void exec(std::string_view sql) override;
    std::unique_ptr<sql::StatementBackend> prepare(std::string_view sql) override;
    std::int64_t changes() override;
    bool in_transaction() const override;
    void begin_write() override;
    void begin_read() override;
    void commit() override;
    void rollback() noexcept override;
    std::vector<std::int64_t>* collected() override;
    void record_statements() override;
    std::vector<StatementPlan> statement_plans() override;

    sqlite3* handle() { return m_db; }

private:
    std::string m_path;
    sqlite3* m_db = nullptr;
    std::vector<std::int64_t> m_collected;
    bool m_collect_defined = false;
    std::vector<std::string> m_statements;  // in order of first use
    std::unordered_set<std::string> m_seen;
};

// Throws the svc::Error that matches an SQLite result code.
[[noreturn]] void raise(sqlite3* db, int code, std::string_view doing);

}  // namespace svc::sqlite
