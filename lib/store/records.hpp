#pragma once
// Plain records as the store keeps them. No behaviour: the rules live in lib/.
#include "time/instant.hpp"

#include <cstdint>
#include <optional>
#include <string>

namespace svc {

struct Agent {
    std::int64_t id = 0;
    std::string login;
    std::string name;
    std::string role;  // agent | supervisor | manager
    std::optional<std::string> team;
    std::optional<double> comp_limit;  // yuan; unset = the role's authority
    bool active = true;
    Instant created_at = 0;
};

struct Customer {
    std::int64_t id = 0;
    std::optional<std::string> ref;  // the caller's own id (CRM, shop)
    std::string name;
    std::optional<std::string> phone;
    std::optional<std::string> email;
    std::string tier = "standard";
    bool no_survey = false;
    Instant created_at = 0;
    Instant updated_at = 0;
};

struct CustomerNote {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    Instant at = 0;
    std::string actor;
    std::string text;
};

struct PolicyVersion {
    std::int64_t version = 0;
    Instant loaded_at = 0;
    std::string loaded_by;
    std::string source;  // the file it came from
    std::string text;    // the TOML as loaded
};

// One entry of the append-only audit trail.
struct AuditEvent {
    std::int64_t id = 0;
    Instant at = 0;
    std::string actor;
    std::string entity;  // ticket, customer, agent, policy, store
    std::optional<std::int64_t> entity_id;
    std::string action;
    std::string detail;  // JSON: the text, or before/after of what changed
};

}  // namespace svc
