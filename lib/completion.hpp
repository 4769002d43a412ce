#pragma once
// Values from a store for shell completion: agent logins, customers, tickets in play.
// Best effort and harmless: it never creates, upgrades or changes a store.
#include <string>
#include <vector>

namespace svc {

enum class CompletionValues { agent_logins, customers, open_tickets };

// The values of that kind in the store at `path`, at most 500 (agents: the active ones;
// customers: ref, else number; tickets: open, pending or resolved, most recently changed
// first). Empty when the store does not exist, is busy, damaged, or of another schema.
std::vector<std::string> completion_values(const std::string& path, CompletionValues kind);

}  // namespace svc
