#include "store/sql/database.hpp"

namespace svc::sql {

Database::~Database() {
    // Statements go before their connection (SQLite refuses to close one that has any).
    m_cache.clear();
    m_text_cache.clear();
}

Statement& Database::cached(const char* sql) {
    auto& slot = m_cache[sql];
    if (!slot)
        slot = std::make_unique<Statement>(m_connection->prepare(sql));
    else
        slot->reset();
    return *slot;
}

std::int64_t Database::cached_integer(const char* sql) {
    Statement& s = cached(sql);
    s.step();
    const std::int64_t n = s.integer(0);
    s.reset();
    return n;
}

Statement& Database::cached_text(const std::string& sql) {
    auto& slot = m_text_cache[sql];
    if (!slot)
        slot = std::make_unique<Statement>(m_connection->prepare(sql));
    else
        slot->reset();
    return *slot;
}

// ---------------------------------------------------------------------------------------

std::string Conditions::param(std::int64_t value) {
    m_params.emplace_back(value);
    return "?" + std::to_string(m_params.size());
}

std::string Conditions::param(std::string value) {
    m_params.emplace_back(std::move(value));
    return "?" + std::to_string(m_params.size());
}

void Conditions::add_in(std::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    std::string list;
    for (const auto& v : values) list += (list.empty() ? "" : ", ") + param(v);
    add(std::string(column) + " IN (" + list + ")");
}

std::string Conditions::where() const {
    std::string out;
    for (std::size_t i = 0; i < m_parts.size(); ++i) out += (i ? " AND " : " WHERE ") + m_parts[i];
    return out;
}

void Conditions::bind(Statement& statement) const {
    for (std::size_t i = 0; i < m_params.size(); ++i)
        std::visit([&](const auto& v) { statement.bind(static_cast<int>(i + 1), v); }, m_params[i]);
}

// ---------------------------------------------------------------------------------------

Transaction::Transaction(Database& db) : m_db(db) {
    m_db.connection().begin_write();
    m_db.write_lock_taken();
}

Transaction::~Transaction() {
    if (!m_done) m_db.connection().rollback();
}

void Transaction::commit() {
    m_db.connection().commit();
    m_done = true;
}

ReadTransaction::ReadTransaction(Database& db) : m_db(db) {
    m_db.connection().begin_read();
}

ReadTransaction::~ReadTransaction() {
    m_db.connection().rollback();
}

}  // namespace svc::sql
