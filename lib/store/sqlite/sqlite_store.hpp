#pragma once
// The SQLite engine: one file (WAL), one connection; its schema and maintenance.
#include <string>

#include "store/sql/sql_store.hpp"

namespace svc {

class SqliteStore final : public SqlStore {
public:
    // Opens the file; `create` allows a missing file to be created (mode 0600); ":memory:"
    // gives a store that lives as long as the object.
    SqliteStore(const std::string& path, Seconds busy_timeout, bool create);

    int schema_version() override;
    int latest_schema_version() const override;
    int migrate() override;

    void prepare_bulk_write() override;
    // Runs `write` with the secondary (non-unique) indexes of `tables` set aside and builds
    // them again afterwards; only inside a transaction.
    void with_indexes_deferred(std::initializer_list<std::string_view> tables, const std::function<void()>& write);
    void with_bulk_indexes_deferred(const std::function<void()>& write) override;
    StoreCheck check() override;
    void backup_to(const std::string& path) override;
    std::vector<TableCount> table_counts() override;
    std::int64_t file_size() override;
};

}  // namespace svc
