// Opening a store: a PostgreSQL URI (postgresql:// or postgres://) names a database on a
// server; anything else is an SQLite file (or ":memory:").
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace svc {

std::unique_ptr<Store> open_store(const std::string& where, Seconds busy_timeout, bool create) {
    if (postgres::is_uri(where)) return std::make_unique<PostgresStore>(where, busy_timeout, create);
    return std::make_unique<SqliteStore>(where, busy_timeout, create);
}

}  // namespace svc
