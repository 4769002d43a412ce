#include "store/postgres/connection.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

#include "error.hpp"
#include "store/postgres/libpq.hpp"

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

// Besides ?N, the hints SQLite's planner takes and PostgreSQL has no use for go: a unary plus
// before a column ("+t.kind": not this index) and INDEXED BY.
std::string translate(std::string_view sql) {
    std::string out;
    out.reserve(sql.size() + 8);
    char quote = 0;
    auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '\'' || c == '"') {
            quote = c;
        } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
            out += '$';
            continue;
        } else if (c == '+' && i + 1 < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i + 1]))) {
            continue;
        } else if (sql.substr(i).starts_with("INDEXED BY ") && (i == 0 || !is_word(sql[i - 1]))) {
            i += std::strlen("INDEXED BY ");
            while (i < sql.size() && is_word(sql[i])) ++i;
            --i;
            continue;
        }
        out += c;
    }
    return out;
}

// The SQLSTATE of a failed result, as svc's kinds of error.
[[noreturn]] void raise(const PGresult* result, pg_conn* conn, std::string_view doing) {
    const char* state = result ? libpq().PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const char* primary = result ? libpq().PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary ? primary : (conn ? libpq().PQerrorMessage(conn) : "no connection");
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

namespace {

constexpr unsigned k_int8 = 20, k_float8 = 701, k_text = 25, k_bool = 16;

class Statement final : public sql::StatementBackend {
public:
    Statement(Connection& connection, std::string_view sql) : m_connection(connection), m_sql(translate(sql)) {}
    ~Statement() override { libpq().PQclear(m_result); }
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
    void bind_null_of(int index, Type type) override {
        bind_null(index);
        m_types[static_cast<std::size_t>(index - 1)] = type == Type::integer ? k_int8
                                                       : type == Type::real  ? k_float8
                                                                             : k_text;
    }

    bool step() override {
        if (!m_result) execute();
        return ++m_row < m_rows;
    }

    void reset() override {
        libpq().PQclear(m_result);
        m_result = nullptr;
        m_row = -1;
        m_rows = 0;
        m_values.clear();
        m_null.clear();
        m_types.clear();
    }

    bool is_null(int column) const override { return libpq().PQgetisnull(m_result, m_row, column) != 0; }
    std::int64_t integer(int column) const override {
        if (is_null(column)) return 0;
        const char* v = libpq().PQgetvalue(m_result, m_row, column);
        if (libpq().PQftype(m_result, column) == k_bool) return v[0] == 't' ? 1 : 0;
        std::int64_t n = 0;
        std::from_chars(v, v + std::strlen(v), n);
        return n;
    }
    double real(int column) const override {
        return is_null(column) ? 0.0 : std::strtod(libpq().PQgetvalue(m_result, m_row, column), nullptr);
    }
    std::string_view text_view(int column) const override {
        if (is_null(column)) return {};
        return {libpq().PQgetvalue(m_result, m_row, column),
                static_cast<std::size_t>(libpq().PQgetlength(m_result, m_row, column))};
    }
    int column_count() const override {
        if (!m_result) const_cast<Statement*>(this)->describe();
        return libpq().PQnfields(m_result);
    }
    std::string column_name(int column) const override {
        if (!m_result) const_cast<Statement*>(this)->describe();
        return libpq().PQfname(m_result, column);
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
    // The parameters as libpq takes them; a parameter the SQL does not name (the id of a row
    // numbered by the database) has no type PostgreSQL could infer, so it goes as text.
    std::vector<const char*> values() {
        for (std::size_t i = 0; i < m_types.size(); ++i)
            if (m_types[i] == 0 && !names_parameter(i + 1)) m_types[i] = k_text;
        std::vector<const char*> out(m_values.size());
        for (std::size_t i = 0; i < m_values.size(); ++i) out[i] = m_null[i] ? nullptr : m_values[i].c_str();
        return out;
    }

    // Sends the statement in pipeline mode, not waiting for its result. A statement run
    // again is prepared on the server once and executed by name from then on.
    void send() {
        const std::vector<const char*> v = values();
        m_connection.remember(m_sql);
        pg_conn* conn = m_connection.handle();
        if (m_name.empty() && ++m_runs > 1) {
            m_name = m_connection.statement_name();
            if (!libpq().PQsendPrepare(conn, m_name.c_str(), m_sql.c_str(), static_cast<int>(m_types.size()),
                                       m_types.data()))
                raise(nullptr, conn, "sending a statement");
            m_connection.queued();
        }
        const int sent = m_name.empty() ? libpq().PQsendQueryParams(conn, m_sql.c_str(), static_cast<int>(v.size()),
                                                                    m_types.data(), v.data(), nullptr, nullptr, 0)
                                        : libpq().PQsendQueryPrepared(conn, m_name.c_str(), static_cast<int>(v.size()),
                                                                      v.data(), nullptr, nullptr, 0);
        if (!sent) raise(nullptr, conn, "sending a statement");
    }

    void execute() {
        if (m_connection.pipelining()) {
            send();
            take(m_connection.result_of_last());
            return;
        }
        const std::vector<const char*> v = values();
        m_connection.remember(m_sql);
        if (m_name.empty() && ++m_runs > 1) {
            const std::string name = m_connection.statement_name();
            PGresult* prepared = libpq().PQprepare(m_connection.handle(), name.c_str(), m_sql.c_str(),
                                                   static_cast<int>(m_types.size()), m_types.data());
            if (libpq().PQresultStatus(prepared) == PGRES_COMMAND_OK) m_name = name;
            libpq().PQclear(prepared);
        }
        if (!m_name.empty())
            take(libpq().PQexecPrepared(m_connection.handle(), m_name.c_str(), static_cast<int>(v.size()), v.data(),
                                        nullptr, nullptr, 0));
        else
            take(libpq().PQexecParams(m_connection.handle(), m_sql.c_str(), static_cast<int>(v.size()), m_types.data(),
                                      v.data(), nullptr, nullptr, 0));
    }

    void take(PGresult* result) {
        m_result = result;
        const ExecStatusType status = libpq().PQresultStatus(m_result);
        if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
            PGresult* failed = m_result;
            m_result = nullptr;
            try {
                raise(failed, m_connection.handle(), "running: " + m_sql.substr(0, 300));
            } catch (...) {
                libpq().PQclear(failed);
                throw;
            }
        }
        m_rows = libpq().PQntuples(m_result);
        m_row = -1;
        m_connection.count_changes(m_result);
    }

public:
    void run() override {
        if (!m_connection.pipelining()) {
            sql::StatementBackend::run();
            return;
        }
        send();
        m_connection.queued();
        reset();
    }

private:
    bool names_parameter(std::size_t n) const {
        const std::string name = fmt::format("${}", n);
        for (std::size_t at = m_sql.find(name); at != std::string::npos; at = m_sql.find(name, at + 1)) {
            const std::size_t after = at + name.size();
            if (after == m_sql.size() || m_sql[after] < '0' || m_sql[after] > '9') return true;
        }
        return false;
    }
    // Column names before any row: the statement's description from the server.
    void describe() {
        PGresult* prepared = libpq().PQprepare(m_connection.handle(), "", m_sql.c_str(), 0, nullptr);
        libpq().PQclear(prepared);
        m_result = libpq().PQdescribePrepared(m_connection.handle(), "");
        m_rows = 0;
    }

    Connection& m_connection;
    std::string m_sql;
    std::vector<std::string> m_values;
    std::vector<bool> m_null;
    std::vector<unsigned> m_types;
    PGresult* m_result = nullptr;
    std::string m_name;  // the server's name for it once prepared there
    int m_runs = 0;
    int m_row = -1;
    int m_rows = 0;
};

}  // namespace

Connection::Connection(const std::string& uri, Seconds busy_timeout)
    : m_where(redacted(uri)), m_busy_timeout(busy_timeout) {
    // Only settings every pooler passes on (pgbouncer refuses "options"); the lock timeout
    // goes with each write's BEGIN.
    const char* keys[] = {"dbname", "client_encoding", "application_name", nullptr};
    const char* values[] = {uri.c_str(), "UTF8", "svc", nullptr};
    m_conn = libpq().PQconnectdbParams(keys, values, 1);
    if (!m_conn || libpq().PQstatus(m_conn) != CONNECTION_OK) {
        std::string message = m_conn ? libpq().PQerrorMessage(m_conn) : "out of memory";
        while (!message.empty() && message.back() == '\n') message.pop_back();
        libpq().PQfinish(m_conn);
        m_conn = nullptr;
        // libpq's message may quote the URI it was given.
        for (std::size_t p = message.find(uri); p != std::string::npos; p = message.find(uri, p))
            message.replace(p, uri.size(), m_where);
        fail(ErrorKind::storage, "cannot connect to the store {}: {}", m_where, message);
    }
    // The server's notices (a REVOKE of what was not granted) are not svc's to print.
    libpq().PQsetNoticeProcessor(
        m_conn, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() {
    libpq().PQfinish(m_conn);
}

void Connection::exec(std::string_view sql) {
    // SQL of several statements goes outside pipeline mode, which takes one at a time.
    const bool resume = pipelining();
    if (resume) leave_pipeline();
    const std::string text(sql);
    remember(text);
    PGresult* r = libpq().PQexec(m_conn, text.c_str());
    const ExecStatusType status = libpq().PQresultStatus(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        try {
            raise(r, m_conn, "running SQL");
        } catch (...) {
            libpq().PQclear(r);
            throw;
        }
    }
    libpq().PQclear(r);
    if (resume && !libpq().PQenterPipelineMode(m_conn)) raise(nullptr, m_conn, "resuming a write");
}

std::unique_ptr<sql::StatementBackend> Connection::prepare(std::string_view sql) {
    return std::make_unique<Statement>(*this, sql);
}

bool Connection::in_transaction() const {
    return libpq().PQtransactionStatus(m_conn) != PQTRANS_IDLE;
}

// One writer at a time, as on SQLite: the transaction-scoped advisory lock is the store's
// write lock (each write appends to the one trail, whose counter would serialize them
// anyway), so no write ever fails for a serialization conflict; a reader never waits.
// Inside it, statements that answer nothing are sent on without waiting (pipeline mode):
// a bulk write is not one round trip per row.
void Connection::begin_write() {
    // The lock (the store's write lock included) is waited for up to the busy timeout; "0s"
    // is not to wait (PostgreSQL's 0 would be to wait for ever).
    exec(
        fmt::format("BEGIN ISOLATION LEVEL READ COMMITTED; SET LOCAL lock_timeout = '{}ms'; "
                    "SELECT pg_advisory_xact_lock(7370610)",
                    std::max<Seconds>(1, m_busy_timeout * 1000)));
    if (!libpq().PQenterPipelineMode(m_conn)) raise(nullptr, m_conn, "starting a write");
}

// One snapshot for the run of reads.
void Connection::begin_read() {
    exec("BEGIN ISOLATION LEVEL REPEATABLE READ");
}

void Connection::commit() {
    leave_pipeline();
    exec("COMMIT");
}

void Connection::leave_pipeline() {
    if (!pipelining()) return;
    flush();
    libpq().PQexitPipelineMode(m_conn);
}

void Connection::rollback() noexcept {
    if (!m_conn) return;
    if (pipelining()) {
        try {
            if (m_pending > 0 && libpq().PQpipelineSync(m_conn)) {
                drain(false);
                PGresult* r;
                while ((r = libpq().PQgetResult(m_conn)) && libpq().PQresultStatus(r) != PGRES_PIPELINE_SYNC)
                    libpq().PQclear(r);
                libpq().PQclear(r);
            }
        } catch (...) {
        }
        m_pending = 0;
        libpq().PQexitPipelineMode(m_conn);
    }
    if (in_transaction()) libpq().PQclear(libpq().PQexec(m_conn, "ROLLBACK"));
}

void Connection::count_changes(const PGresult* result) {
    const char* changed = libpq().PQcmdTuples(const_cast<PGresult*>(result));
    if (changed && *changed) m_changes = std::strtoll(changed, nullptr, 10);
}

bool Connection::pipelining() const {
    return libpq().PQpipelineStatus(m_conn) != PQ_PIPELINE_OFF;
}

void Connection::queued() {
    // Bounded, so that the server never blocks on results nobody reads while svc blocks on
    // sending it more.
    if (++m_pending >= 256) flush();
}

// Reads the results of every statement sent and not yet waited for, up to the sync point;
// the first failure among them is raised (the server skipped the rest).
void Connection::drain(bool raise_failure) {
    PGresult* failure = nullptr;
    for (; m_pending > 0; --m_pending) {
        PGresult* r = libpq().PQgetResult(m_conn);
        if (!r) {
            // The sync was lost (the connection broke): nothing more will come.
            m_pending = 0;
            break;
        }
        const ExecStatusType status = libpq().PQresultStatus(r);
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
            count_changes(r);
        else if (!failure && status != PGRES_PIPELINE_ABORTED)
            failure = r, r = nullptr;
        libpq().PQclear(r);
        libpq().PQclear(libpq().PQgetResult(m_conn));  // the NULL that ends each statement's results
    }
    if (failure && raise_failure) {
        try {
            raise(failure, m_conn, "running a statement sent before");
        } catch (...) {
            libpq().PQclear(failure);
            throw;
        }
    }
    libpq().PQclear(failure);
}

void Connection::flush() {
    if (m_pending == 0) return;
    if (!libpq().PQpipelineSync(m_conn)) raise(nullptr, m_conn, "sending statements");
    drain(true);
    libpq().PQclear(libpq().PQgetResult(m_conn));  // PGRES_PIPELINE_SYNC
}

PGresult* Connection::result_of_last() {
    if (!libpq().PQpipelineSync(m_conn)) raise(nullptr, m_conn, "sending statements");
    try {
        drain(true);
    } catch (...) {
        PGresult* r;
        while ((r = libpq().PQgetResult(m_conn)) && libpq().PQresultStatus(r) != PGRES_PIPELINE_SYNC)
            libpq().PQclear(r);
        libpq().PQclear(r);
        throw;
    }
    PGresult* result = libpq().PQgetResult(m_conn);
    libpq().PQclear(libpq().PQgetResult(m_conn));  // the NULL after it
    libpq().PQclear(libpq().PQgetResult(m_conn));  // PGRES_PIPELINE_SYNC
    return result;
}

std::int64_t Connection::changes() {
    flush();
    return m_changes;
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
    // The generic plan: the one made without the parameters' values (all NULL here, which a
    // custom plan would fold away).
    libpq().PQclear(libpq().PQexec(m_conn, "SET plan_cache_mode = force_generic_plan"));
    for (const std::string& sql : m_statements) {
        // A generic plan: the statement prepared and explained with every parameter NULL.
        StatementPlan plan{sql, {}};
        PGresult* prepared = libpq().PQprepare(m_conn, "svc_explain", sql.c_str(), 0, nullptr);
        const bool ok = libpq().PQresultStatus(prepared) == PGRES_COMMAND_OK;
        libpq().PQclear(prepared);
        if (!ok) {
            plan.steps.push_back(fmt::format("(no plan: {})", libpq().PQerrorMessage(m_conn)));
            out.push_back(std::move(plan));
            continue;
        }
        PGresult* described = libpq().PQdescribePrepared(m_conn, "svc_explain");
        const int params = libpq().PQnparams(described);
        libpq().PQclear(described);
        std::string args;
        for (int i = 0; i < params; ++i) args += i ? ", NULL" : "(NULL";
        if (params) args += ")";
        PGresult* explained = libpq().PQexec(m_conn, ("EXPLAIN (COSTS OFF) EXECUTE svc_explain" + args).c_str());
        for (int r = 0; r < libpq().PQntuples(explained); ++r)
            plan.steps.emplace_back(libpq().PQgetvalue(explained, r, 0));
        libpq().PQclear(explained);
        libpq().PQclear(libpq().PQexec(m_conn, "DEALLOCATE svc_explain"));
        if (!plan.steps.empty()) out.push_back(std::move(plan));
    }
    return out;
}

}  // namespace svc::postgres
