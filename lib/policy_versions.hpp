#pragma once
// Policy versions kept in the store: every terminal and cron job uses the same rules, and
// every version ever loaded stays on record.
#include <string>
#include <vector>

#include "context.hpp"
#include "tickets.hpp"

namespace svc {

// The TOML of the active version (the shipped default when none was loaded).
std::string active_policy_text(Context& ctx);
struct PolicyLoaded {
    std::int64_t version = 0;
    std::vector<MovedDeadline> moved;  // with recompute_open: the deadlines that moved
};
// Validates and stores a new version, in one unit with, when recompute_open, the new
// deadlines of every open ticket. Needs a manager.
PolicyLoaded load_policy(Context& ctx, std::string_view text, std::string_view source, bool recompute_open);
std::vector<PolicyVersion> policy_history(Context& ctx);

}  // namespace svc
