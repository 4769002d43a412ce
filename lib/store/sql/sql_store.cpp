#include "store/sql/sql_store.hpp"

#include <fmt/format.h>

#include "error.hpp"

namespace svc {

SqlStore::~SqlStore() {
    rollback();
}

// ---------------------------------------------------------------------------------------
// Transactions

void SqlStore::begin_write() {
    if (in_transaction()) fail(ErrorKind::internal, "a transaction is already open");
    m_write.emplace(m_db);
}

void SqlStore::begin_read() {
    if (in_transaction()) fail(ErrorKind::internal, "a transaction is already open");
    m_read.emplace(m_db);
}

void SqlStore::forget() noexcept {
    m_people.forget();
    m_tickets.forget();
}

void SqlStore::commit() {
    forget();
    if (m_write) {
        m_trail.before_commit();
        m_write->commit();
        m_write.reset();
    }
    m_read.reset();
}

void SqlStore::rollback() noexcept {
    forget();
    if (m_write) m_trail.after_rollback();
    m_write.reset();
    m_read.reset();
}

std::vector<TableCount> SqlStore::count_rows(const char* tables_sql) {
    std::vector<std::string> tables;
    {
        sql::Statement s = m_db.prepare(tables_sql);
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

}  // namespace svc
