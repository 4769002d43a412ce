#pragma once
// Policy versions kept in the store: every terminal and cron job uses the same rules, and
// every version ever loaded stays on record.
#include "context.hpp"

#include <string>
#include <vector>

namespace svc {

// The TOML of the active version (the shipped default when none was loaded).
std::string active_policy_text(Context& ctx);
// Validates and stores a new version; returns its number. Needs a manager.
std::int64_t load_policy(Context& ctx, std::string_view text, std::string_view source);
std::vector<PolicyVersion> policy_history(Context& ctx);

}  // namespace svc
