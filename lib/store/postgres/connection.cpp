#include "store/postgres/connection.hpp"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "error.hpp"

namespace svc::postgres {

bool is_uri(std::string_view where) {
    return where.starts_with("postgresql://") || where.starts_with("postgres://");
}

std::string redacted(std::string_view uri) {
    std::string out(uri);
    // postgresql://user:secret@host… → postgresql://user@host…
    const std::size_t scheme = out.find("://");
    if (scheme != std::string::npos) {
        const std::size_t start = scheme + 3;
        const std::size_t end = out.find_first_of("/?", start);
        const std::size_t at = out.rfind('@', end == std::string::npos ? out.size() : end);
        if (at != std::string::npos && at >= start) {
            const std::size_t colon = out.find(':', start);
            if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
        }
    }
    // …?password=secret&… → …?password=…&…
    for (std::size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
        if (p > 0 && out[p - 1] != '?' && out[p - 1] != '&') continue;
        const std::size_t value = p + std::strlen("password=");
        const std::size_t end = out.find('&', value);
        out.replace(value, (end == std::string::npos ? out.size() : end) - value, "…");
    }
    return out;
}

std::string translate(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    char quote = 0;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            out += '$';
            continue;
        }
        out += c;
    }
    return out;
}

namespace {

constexpr unsigned k_int8 = 20, k_float8 = 701, k_text = 25, k_bool = 16;

// The SQLSTATE of a failed result, as svc's kinds of error.
[[noreturn]] void raise(const PGresult* result, pg_conn* conn, std::string_view doing) {
    const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary ? primary : (conn ? PQerrorMessage(conn) : "no connection");
    while (!message.empty() && message.back() == '\n') message.pop_back();
    const std::string_view code = state ? state : "";
    if (code == "40001" || code == "40P01" || code == "55P03" || code == "57014")
        fail(ErrorKind::storage, "the store is busy: another session held it past the busy timeout ({})", doing);
    if (code.starts_with("23")) fail(ErrorKind::conflict, "{} ({})", message, doing);
    if (code == "42501") fail(ErrorKind::refused, "the database refused: {} ({})", message, doing);
    if (code.starts_with("08") || code.starts_with("53") || code.starts_with("57") || code.empty())
        fail(ErrorKind::storage, "the store is unavailable: {} ({})", message, doing);
    fail(ErrorKind::internal, "PostgreSQL error {}: {} ({})", code, message, doing);
}

class Statement final : public sql::StatementBackend {
public:
    Statement(Connection& connection, std::string_view sql) : m_connection(connection), m_sql(translate(sql)) {}
    ~Statement() override { PQclear(m_result); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind_integer(int index, std::int64_t value) override { set(index, std::to_string(value), k_int8); }
    void bind_real(int index, double value) override { set(index, fmt::format("{:.17g}", value), k_float8); }
    void bind_text(int index, std::string_view value) override { set(index, std::string(value), k_text); }
    void bind_null(int index) override {
        slot(index);
        m_null[static_cast<std::size_t>(index - 1)] = true;
        m_types[static_cast<std::size_t>(index - 1)] = 0;
    }

    bool step() override {
        if (!m_result) execute();
        return ++m_row < m_rows;
    }

    void reset() override {
        PQclear(m_result);
        m_result = nullptr;
        m_row = -1;
        m_rows = 0;
        m_values.clear();
        m_null.clear();
        m_types.clear();
    }

    bool is_null(int column) const override { return PQgetisnull(m_result, m_row, column) != 0; }
    std::int64_t integer(int column) const override {
        if (is_null(column)) return 0;
        const char* v = PQgetvalue(m_result, m_row, column);
        if (PQftype(m_result, column) == k_bool) return v[0] == 't' ? 1 : 0;
        std::int64_t n = 0;
        std::from_chars(v, v + std::strlen(v), n);
        return n;
    }
    double real(int column) const override {
        return is_null(column) ? 0.0 : std::strtod(PQgetvalue(m_result, m_row, column), nullptr);
    }
    std::string_view text_view(int column) const override {
        if (is_null(column)) return {};
        return {PQgetvalue(m_result, m_row, column), static_cast<std::size_t>(PQgetlength(m_result, m_row, column))};
    }
    int column_count() const override {
        if (!m_result) const_cast<Statement*>(this)->describe();
        return PQnfields(m_result);
    }
    std::string column_name(int column) const override {
        if (!m_result) const_cast<Statement*>(this)->describe();
        return PQfname(m_result, column);
    }
    std::string expanded_sql() const override { return m_sql; }

private:
    void slot(int index) {
        const auto n = static_cast<std::size_t>(index);
        if (m_values.size() < n) {
            m_values.resize(n);
            m_null.resize(n, true);
            m_types.resize(n, 0);
        }
    }
    void set(int index, std::string value, unsigned type) {
        slot(index);
        const auto i = static_cast<std::size_t>(index - 1);
        m_values[i] = std::move(value);
        m_null[i] = false;
        m_types[i] = type;
    }
    void execute() {
        std::vector<const char*> values(m_values.size());
        for (std::size_t i = 0; i < m_values.size(); ++i) values[i] = m_null[i] ? nullptr : m_values[i].c_str();
        m_connection.remember(m_sql);
        m_result = PQexecParams(m_connection.handle(), m_sql.c_str(), static_cast<int>(values.size()), m_types.data(),
                                values.data(), nullptr, nullptr, 0);
        const ExecStatusType status = PQresultStatus(m_result);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            PGresult* failed = m_result;
            m_result = nullptr;
            try {
                raise(failed, m_connection.handle(), "running a statement");
            } catch (...) {
                PQclear(failed);
                throw;
            }
        }
        m_rows = PQntuples(m_result);
        m_row = -1;
        const char* changed = PQcmdTuples(m_result);
        if (changed && *changed) m_connection.set_changes(std::strtoll(changed, nullptr, 10));
    }
    // Column names before any row: the statement's description from the server.
    void describe() {
        PGresult* prepared = PQprepare(m_connection.handle(), "", m_sql.c_str(), 0, nullptr);
        PQclear(prepared);
        m_result = PQdescribePrepared(m_connection.handle(), "");
        m_rows = 0;
    }

    Connection& m_connection;
    std::string m_sql;
    std::vector<std::string> m_values;
    std::vector<bool> m_null;
    std::vector<unsigned> m_types;
    PGresult* m_result = nullptr;
    int m_row = -1;
    int m_rows = 0;
};

}  // namespace

Connection::Connection(const std::string& uri, Seconds busy_timeout) : m_where(redacted(uri)) {
    // The session's settings ride with the connection request: no round trip of their own.
    // A lock (the store's write lock included) is waited for up to the busy timeout.
    const std::string options = fmt::format("-c lock_timeout={}s -c idle_in_transaction_session_timeout=0",
                                            busy_timeout > 0 ? busy_timeout : 1);
    const char* keys[] = {"dbname", "options", "client_encoding", "application_name", nullptr};
    const char* values[] = {uri.c_str(), options.c_str(), "UTF8", "svc", nullptr};
    m_conn = PQconnectdbParams(keys, values, 1);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        std::string message = m_conn ? PQerrorMessage(m_conn) : "out of memory";
        while (!message.empty() && message.back() == '\n') message.pop_back();
        PQfinish(m_conn);
        m_conn = nullptr;
        // libpq's message may quote the URI it was given.
        for (std::size_t p = message.find(uri); p != std::string::npos; p = message.find(uri, p))
            message.replace(p, uri.size(), m_where);
        fail(ErrorKind::storage, "cannot connect to the store {}: {}", m_where, message);
    }
}

Connection::~Connection() {
    PQfinish(m_conn);
}

void Connection::exec(std::string_view sql) {
    const std::string text(sql);
    remember(text);
    PGresult* r = PQexec(m_conn, text.c_str());
    const ExecStatusType status = PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        try {
            raise(r, m_conn, "running SQL");
        } catch (...) {
            PQclear(r);
            throw;
        }
    }
    PQclear(r);
}

std::unique_ptr<sql::StatementBackend> Connection::prepare(std::string_view sql) {
    return std::make_unique<Statement>(*this, sql);
}

bool Connection::in_transaction() const {
    return PQtransactionStatus(m_conn) != PQTRANS_IDLE;
}

// One writer at a time, as on SQLite: the transaction-scoped advisory lock is the store's
// write lock (each write appends to the one trail, whose counter would serialize them
// anyway), so no write ever fails for a serialization conflict; a reader never waits.
void Connection::begin_write() {
    exec("BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7370610)");
}

// One snapshot for the run of reads.
void Connection::begin_read() {
    exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
}

void Connection::commit() {
    exec("COMMIT");
}

void Connection::rollback() noexcept {
    if (m_conn && in_transaction()) PQclear(PQexec(m_conn, "ROLLBACK"));
}

void Connection::remember(const std::string& sql) {
    if (!m_recording) return;
    for (const auto& s : m_statements)
        if (s == sql) return;
    const std::size_t start = sql.find_first_not_of(" \t\n");
    const std::string verb = start == std::string::npos ? "" : sql.substr(start, 6);
    for (const char* rows : {"SELECT", "WITH", "INSERT", "UPDATE", "DELETE"})
        if (verb.starts_with(rows)) {
            m_statements.push_back(sql);
            return;
        }
}

std::vector<StatementPlan> Connection::statement_plans() {
    m_recording = false;
    std::vector<StatementPlan> out;
    for (const std::string& sql : m_statements) {
        // A generic plan: the statement prepared and explained with every parameter NULL.
        StatementPlan plan{sql, {}};
        PGresult* prepared = PQprepare(m_conn, "svc_explain", sql.c_str(), 0, nullptr);
        const bool ok = PQresultStatus(prepared) == PGRES_COMMAND_OK;
        PQclear(prepared);
        if (!ok) {
            plan.steps.push_back(fmt::format("(no plan: {})", PQerrorMessage(m_conn)));
            out.push_back(std::move(plan));
            continue;
        }
        PGresult* described = PQdescribePrepared(m_conn, "svc_explain");
        const int params = PQnparams(described);
        PQclear(described);
        std::string args;
        for (int i = 0; i < params; ++i) args += i ? ", NULL" : "(NULL";
        if (params) args += ")";
        PGresult* explained = PQexec(m_conn, ("EXPLAIN EXECUTE svc_explain" + args).c_str());
        for (int r = 0; r < PQntuples(explained); ++r) plan.steps.emplace_back(PQgetvalue(explained, r, 0));
        PQclear(explained);
        PQclear(PQexec(m_conn, "DEALLOCATE svc_explain"));
        if (!plan.steps.empty()) out.push_back(std::move(plan));
    }
    return out;
}

}  // namespace svc::postgres
