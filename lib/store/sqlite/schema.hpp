#pragma once
#include <span>
#include <string_view>

namespace svc::schema {
// Migration i (1-based) brings a store from user_version i-1 to i. A line
// "-- svc:convert-trail" in one splits it: the store converts the old trail there (in C++,
// with the event catalogue) before the rest runs, all in the migration's transaction.
std::span<const std::string_view> migrations();
inline constexpr std::string_view k_convert_trail = "-- svc:convert-trail\n";
inline int latest_version() {
    return static_cast<int>(migrations().size());
}
}  // namespace svc::schema
