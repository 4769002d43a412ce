#pragma once
// Store housekeeping: first-use initialisation, health check, online backup, statistics.
#include "context.hpp"

#include <string>
#include <vector>

namespace svc {

struct InitResult {
    int schema_before = 0;
    int schema_after = 0;
    bool created = false;  // a new store: the default policy was loaded as version 1
};

// Brings the store to the current schema and gives a new store the default policy.
// Cheap when there is nothing to do; every command runs it on open.
InitResult prepare_store(Store& store, Instant now, const std::string& actor);

struct StoreStats {
    std::vector<TableCount> tables;
    std::int64_t file_bytes = 0;
    int schema_version = 0;
    std::int64_t policy_version = 0;
};

StoreStats store_stats(Context& ctx);

}  // namespace svc
