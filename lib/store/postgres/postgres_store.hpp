#pragma once
// The PostgreSQL engine: one database on a server, one connection per command; its schema
// and maintenance. The stores' SQL is shared with SQLite (store/sql).
#include <string>

#include "store/postgres/connection.hpp"
#include "store/sql/sql_store.hpp"

namespace svc {

class PostgresStore final : public SqlStore {
public:
    // Connects to the database the URI names; `create` allows `migrate` to create svc's
    // schema in an empty database.
    PostgresStore(const std::string& uri, Seconds busy_timeout, bool create);

    int schema_version() override;
    int latest_schema_version() const override;
    int migrate() override;
    std::string act_as(const std::string& requested) override;

    void prepare_bulk_write() override {}
    void with_bulk_indexes_deferred(const std::function<void()>& write) override { write(); }
    StoreCheck check() override;
    void backup_to(const std::string& path) override;
    std::vector<TableCount> table_counts() override;
    std::int64_t file_size() override;

private:
    // Refuses a database svc cannot live in: one that holds other tables, or whose
    // character type cannot find Chinese text.
    void check_empty_database();
    bool m_create;
};

}  // namespace svc
