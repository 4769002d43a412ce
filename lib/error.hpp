#pragma once
// The one error type of libsvc. Each kind maps to one exit code, in cmd/main.cpp only.
#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "i18n.hpp"

namespace svc {

enum class ErrorKind {
    usage,      // bad usage or invalid input; nothing was written
    not_found,  // a ticket, customer, agent… that does not exist
    refused,    // refused by policy: authority, state transition, unregistered actor
    conflict,   // the request clashes with what is stored (duplicate phone, ref…)
    storage,    // store unavailable: busy past the timeout, corrupt, newer schema
    internal,   // a bug or an unexpected failure
};

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, std::string message) : std::runtime_error(std::move(message)), m_kind(kind) {}
    ErrorKind kind() const { return m_kind; }

private:
    ErrorKind m_kind;
};

// Throws Error with the message in the user's language (the catalogue's translation of
// `format`, see i18n.hpp).
template <typename... Args>
[[noreturn]] void fail(ErrorKind kind, fmt::format_string<Args...> format, Args&&... args) {
    throw Error(kind, trf(format, std::forward<Args>(args)...));
}

}  // namespace svc
