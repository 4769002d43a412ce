#include "store/sqlite/connection.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>
#include <unordered_map>

#include "error.hpp"

namespace svc::sqlite {

void raise(sqlite3* db, int code, std::string_view doing) {
    const char* message = db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    switch (code & 0xff) {
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            fail(ErrorKind::storage, "the store is busy: another process held it past the busy timeout ({})", doing);
        case SQLITE_CORRUPT:
        case SQLITE_NOTADB:
            fail(ErrorKind::storage, "the store is damaged or not an svc store: {} ({})", message, doing);
        case SQLITE_CANTOPEN:
        case SQLITE_IOERR:
        case SQLITE_FULL:
        case SQLITE_READONLY:
        case SQLITE_PERM:
        case SQLITE_AUTH:
            fail(ErrorKind::storage, "the store is unavailable: {} ({})", message, doing);
        case SQLITE_CONSTRAINT:
            fail(ErrorKind::conflict, "{} ({})", message, doing);
        default:
            fail(ErrorKind::internal, "SQLite error: {} ({})", message, doing);
    }
}

namespace {

class Statement final : public sql::StatementBackend {
public:
    Statement(sqlite3* db, std::string_view sql) : m_db(db) {
        const int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                          &m_stmt, nullptr);
        if (rc != SQLITE_OK) raise(db, rc, "preparing a statement");
    }
    ~Statement() override { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind_integer(int index, std::int64_t value) override;
    void bind_real(int index, double value) override;
    void bind_text(int index, std::string_view value) override;
    void bind_null(int index) override;
    bool step() override;
    void reset() override;
    bool is_null(int column) const override;
    std::int64_t integer(int column) const override;
    double real(int column) const override;
    std::string_view text_view(int column) const override;
    int column_count() const override;
    std::string column_name(int column) const override;
    std::string expanded_sql() const override;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

void check_bind(sqlite3* db, int rc) {
    if (rc != SQLITE_OK) raise(db, rc, "binding a value");
}

void Statement::bind_integer(int index, std::int64_t value) {
    check_bind(m_db, sqlite3_bind_int64(m_stmt, index, value));
}
void Statement::bind_real(int index, double value) {
    check_bind(m_db, sqlite3_bind_double(m_stmt, index, value));
}
void Statement::bind_text(int index, std::string_view value) {
    check_bind(m_db, sqlite3_bind_text64(m_stmt, index, value.data(), value.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}
void Statement::bind_null(int index) {
    check_bind(m_db, sqlite3_bind_null(m_stmt, index));
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(m_stmt);
    raise(m_db, rc, "running a statement");
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::is_null(int c) const {
    return sqlite3_column_type(m_stmt, c) == SQLITE_NULL;
}
std::int64_t Statement::integer(int c) const {
    return sqlite3_column_int64(m_stmt, c);
}
double Statement::real(int c) const {
    return sqlite3_column_double(m_stmt, c);
}
std::string_view Statement::text_view(int c) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, c));
    return p ? std::string_view(p, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, c))) : std::string_view();
}
int Statement::column_count() const {
    return sqlite3_column_count(m_stmt);
}
std::string Statement::column_name(int c) const {
    return sqlite3_column_name(m_stmt, c);
}

std::string Statement::expanded_sql() const {
    char* s = sqlite3_expanded_sql(m_stmt);
    std::string out = s ? s : "";
    sqlite3_free(s);
    return out;
}

}  // namespace

// ---------------------------------------------------------------------------------------

Connection::Connection(const std::string& path, Seconds busy_timeout, bool create) : m_path(path) {
    const bool in_memory = path == ":memory:" || path.empty();
    if (!in_memory) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) {
            if (!create) fail(ErrorKind::storage, "no store at {} (create one with: svc db init --db {})", path, path);
            // Create the file ourselves so it is private from the first byte (SQLite gives
            // its -wal and -shm files the same mode), and never through a symbolic link:
            // one left dangling there would put the store wherever it points, readable.
            struct stat link {};
            if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode))
                fail(ErrorKind::usage,
                     "{} is a symbolic link to a file that does not exist; refusing to create a store through it",
                     path);
            const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            // EEXIST: another svc created it a moment ago, which is as good.
            const bool raced = fd < 0 && errno == EEXIST && ::lstat(path.c_str(), &link) == 0 && S_ISREG(link.st_mode);
            if (fd < 0 && !raced)
                fail(ErrorKind::storage, "cannot create the store {}: {}", path, std::strerror(errno));
            if (fd >= 0) ::close(fd);
        }
    }
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(in_memory ? ":memory:" : path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        fail(ErrorKind::storage, "cannot open the store {}: {}", path, message);
    }
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, static_cast<int>(busy_timeout * 1000));
    try {
        exec("PRAGMA foreign_keys = ON");
        if (!in_memory) {
            Statement wal(m_db, "PRAGMA journal_mode = WAL");
            wal.step();
            exec("PRAGMA synchronous = NORMAL");
        }
    } catch (...) {
        sqlite3_close(m_db);
        throw;
    }
}

Connection::~Connection() {
    // sql::Database has finalized every statement: sqlite3_close refuses a connection that has any.
    if (m_db) sqlite3_close(m_db);
}

void Connection::exec(std::string_view sql) {
    char* error = nullptr;
    const std::string text(sql);
    const int rc = sqlite3_exec(m_db, text.c_str(), nullptr, nullptr, &error);
    if (error) sqlite3_free(error);
    if (rc != SQLITE_OK) raise(m_db, rc, "running SQL");
}

void Connection::record_statements() {
    // Only statements that read or write rows: explaining a CREATE fails once it has run,
    // and a PRAGMA that sets something takes effect again when it is explained.
    auto remember = [](unsigned, void* self, void* statement, void*) -> int {
        auto* db = static_cast<Connection*>(self);
        const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
        if (!sql) return 0;
        try {
            std::string verb;  // the first word, in capitals
            for (const char* c = sql + std::strspn(sql, " \t\r\n"); std::isalpha(static_cast<unsigned char>(*c)); ++c)
                verb += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
            const bool rows = verb == "SELECT" || verb == "WITH" || verb == "INSERT" || verb == "UPDATE" ||
                              verb == "DELETE" || verb == "REPLACE";
            if (rows && db->m_seen.insert(sql).second) db->m_statements.emplace_back(sql);
        } catch (...) {
            // Out of memory: the statement goes unexplained; SQLite must not see the exception.
        }
        return 0;
    };
    sqlite3_trace_v2(m_db, SQLITE_TRACE_STMT, remember, this);
}

std::vector<StatementPlan> Connection::statement_plans() {
    sqlite3_trace_v2(m_db, 0, nullptr, nullptr);
    std::vector<StatementPlan> out;
    for (const std::string& sql : m_statements) {
        StatementPlan plan{sql, {}};
        sqlite3_stmt* explain = nullptr;
        if (sqlite3_prepare_v2(m_db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &explain, nullptr) != SQLITE_OK) {
            plan.steps.push_back(fmt::format("(no plan: {})", sqlite3_errmsg(m_db)));
        } else {
            // Rows are (id, parent, unused, detail); a step is one deeper than its parent.
            std::unordered_map<int, int> depth{{0, -1}};
            while (sqlite3_step(explain) == SQLITE_ROW) {
                const int id = sqlite3_column_int(explain, 0), parent = sqlite3_column_int(explain, 1);
                const int d = depth.count(parent) ? depth[parent] + 1 : 0;
                depth[id] = d;
                const auto* detail = reinterpret_cast<const char*>(sqlite3_column_text(explain, 3));
                plan.steps.push_back(std::string(2 * static_cast<std::size_t>(d), ' ') + (detail ? detail : ""));
            }
        }
        sqlite3_finalize(explain);
        if (!plan.steps.empty()) out.push_back(std::move(plan));
    }
    return out;
}

std::unique_ptr<sql::StatementBackend> Connection::prepare(std::string_view sql) {
    return std::make_unique<Statement>(m_db, sql);
}

std::vector<std::int64_t>* Connection::collected() {
    if (!m_collect_defined) {
        auto step = [](sqlite3_context* ctx, int, sqlite3_value** argv) {
            auto* sink = static_cast<std::vector<std::int64_t>*>(sqlite3_user_data(ctx));
            auto* count = static_cast<std::int64_t*>(sqlite3_aggregate_context(ctx, sizeof(std::int64_t)));
            if (!count) return sqlite3_result_error_nomem(ctx);
            if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
            try {
                sink->push_back(sqlite3_value_int64(argv[0]));
            } catch (const std::bad_alloc&) {
                return sqlite3_result_error_nomem(ctx);
            }
            ++*count;
        };
        auto final = [](sqlite3_context* ctx) {
            auto* count = static_cast<std::int64_t*>(sqlite3_aggregate_context(ctx, 0));
            sqlite3_result_int64(ctx, count ? *count : 0);
        };
        const int rc = sqlite3_create_function_v2(m_db, "collect", 1, SQLITE_UTF8 | SQLITE_DIRECTONLY, &m_collected,
                                                  nullptr, step, final, nullptr);
        if (rc != SQLITE_OK) raise(m_db, rc, "defining collect()");
        m_collect_defined = true;
    }
    return &m_collected;
}

std::int64_t Connection::changes() {
    return sqlite3_changes(m_db);
}
bool Connection::in_transaction() const {
    return sqlite3_get_autocommit(m_db) == 0;
}

// BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy timeout), so a
// transaction never has to give up half-way for want of it.
void Connection::begin_write() {
    exec("BEGIN IMMEDIATE");
}

// A deferred BEGIN that never writes: one read lock for the run rather than one per statement.
void Connection::begin_read() {
    exec("BEGIN");
}

void Connection::commit() {
    exec("COMMIT");
}

void Connection::rollback() noexcept {
    if (in_transaction()) sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace svc::sqlite
