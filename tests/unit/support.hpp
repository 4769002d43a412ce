#pragma once
// Helpers shared by the unit tests.
#include <doctest/doctest.h>

#include <string>
#include <string_view>

#include "error.hpp"
#include "time/instant.hpp"

namespace svc::testing {

// A UTC instant from its civil parts.
inline Instant utc(int y, unsigned mo, unsigned d, int h = 0, int mi = 0, int s = 0) {
    return days_from_civil(y, mo, d) * k_day + h * k_hour + mi * k_minute + s;
}

// The message of the svc::Error that f throws, after checking its kind.
template <typename F>
std::string error_message(F&& f, ErrorKind kind = ErrorKind::usage) {
    try {
        f();
    } catch (const Error& e) {
        CHECK(static_cast<int>(e.kind()) == static_cast<int>(kind));
        return e.what();
    }
    FAIL("expected an svc::Error");
    return {};
}

inline bool contains(const std::string& haystack, std::string_view needle) {
    return haystack.find(needle) != std::string::npos;
}

inline const Zone& shanghai() {
    static const Zone z = Zone::named("Asia/Shanghai");
    return z;
}

inline const Zone& new_york() {
    static const Zone z = Zone::named("America/New_York");
    return z;
}

}  // namespace svc::testing
