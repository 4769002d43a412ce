#pragma once
// Shared by the libFuzzer targets: an input either parses or is refused with
// Error(usage); anything else (another error kind, a foreign exception, a sanitizer report,
// a broken property) is a bug and aborts so libFuzzer keeps the input.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "error.hpp"

namespace svc::fuzz {

template <typename Fn>
void expect_usage_or_ok(const char* what, Fn&& fn) {
    try {
        fn();
    } catch (const Error& e) {
        if (e.kind() == ErrorKind::usage) return;
        std::fprintf(stderr, "%s: error of kind %d: %s\n", what, static_cast<int>(e.kind()), e.what());
        std::abort();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: unexpected exception: %s\n", what, e.what());
        std::abort();
    }
}

[[noreturn]] inline void broken(const char* property) {
    std::fprintf(stderr, "property broken: %s\n", property);
    std::abort();
}

// Line breaks as the readers count them: "\n", "\r\n" and a lone "\r" (old Mac files).
inline std::size_t count_lines(std::string_view text) {
    std::size_t n = 1;
    for (std::size_t i = 0; i < text.size(); ++i)
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) ++n;
    return n;
}

}  // namespace svc::fuzz
