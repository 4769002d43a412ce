#pragma once
#include <span>
#include <string_view>

namespace svc::schema {
// Migration i (1-based) brings a store from user_version i-1 to i, run by
// run_migration_step (which reads its "-- svc:…" marker lines).
std::span<const std::string_view> migrations();
inline int latest_version() {
    return static_cast<int>(migrations().size());
}
}  // namespace svc::schema
