#pragma once
// Values from a store for shell completion: agent logins, customers, tickets in play.
// Best effort and harmless: it never creates, upgrades or changes a store.
#include <string>
#include <vector>

namespace svc {

class Store;

enum class CompletionValues { agent_logins, customers, open_tickets };

// The values of that kind in the store that start with `prefix`, at most 500 of them, the
// prefix applied first (agents: the active ones; customers: ref, else number; tickets: open,
// pending or resolved, most recently changed first). Empty when the store is busy, damaged,
// or of another schema; it is never migrated.
std::vector<std::string> completion_values(Store& store, CompletionValues kind, const std::string& prefix = {});

}  // namespace svc
