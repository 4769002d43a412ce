#pragma once
// Store housekeeping: first-use initialisation, health check, online backup, statistics.
#include <string>
#include <vector>

#include "context.hpp"

namespace svc {

struct InitResult {
    int schema_before = 0;
    int schema_after = 0;
    bool created = false;  // a new store: the default policy was loaded as version 1
};

// Gives a store without a policy (a new one) the shipped default as version 1; true when it
// did. Every command runs it on open, after Store::migrate(); it costs one indexed query.
bool ensure_default_policy(Store& store, Instant now, const std::string& actor);

struct StoreStats {
    std::vector<TableCount> tables;
    std::int64_t file_bytes = 0;
    int schema_version = 0;
    std::int64_t policy_version = 0;
};

StoreStats store_stats(Context& ctx);

}  // namespace svc
