#pragma once
// A realistic demo store: two teams of agents, customers in every tier, and tickets across
// channels and kinds drawn from everyday service situations, with replies, holds,
// transfers, resolutions, reopens and closes at plausible hours. Every ticket goes through
// the same operations as the CLI, so every rule holds in demo data; the same seed and end
// give the same store.
#include <cstdint>
#include <functional>

#include "context.hpp"

namespace svc {

struct DemoOptions {
    std::uint64_t seed = 1;
    int days = 28;
    int per_day = 300;
    Instant end = 0;  // the demo's "now": no event happens at or after it
    // Bulk: tickets are written in their final state with their events (open, reply,
    // resolution, close, revisit, survey) in one pass, for stores of millions of tickets.
    // The same rules hold (deadlines from the policy, revisits, survey window and
    // suppression), but no sweep runs: deadlines missed are left for `escalate sweep`.
    bool bulk = false;
};

struct DemoReport {
    std::int64_t agents = 0, customers = 0, tickets = 0, events = 0;
};

// The caller holds the transaction. `progress(done, total)` is called now and then.
DemoReport generate_demo(Context& ctx, const DemoOptions& options,
                         const std::function<void(std::int64_t, std::int64_t)>& progress);

}  // namespace svc
