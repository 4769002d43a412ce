#pragma once
// The PostgreSQL schema: migrations()[v] takes a database from version v to v + 1.
#include <span>
#include <string_view>

namespace svc::postgres::schema {

std::span<const std::string_view> migrations();
inline int latest_version() {
    return static_cast<int>(migrations().size());
}

}  // namespace svc::postgres::schema
