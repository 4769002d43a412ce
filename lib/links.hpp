#pragma once
// Tickets about one another. A link says two tickets are related, or that one was caused by
// the other; `ticket show` lists a ticket's links either way round. A merge folds a
// duplicate (the same matter opened twice, often on two channels) into the ticket that
// stays: the duplicate closes without a resolution, its open follow-ups move across, the
// ticket that stays keeps the earlier of each pair of deadlines the duplicate and it still
// had to meet, and its timeline shows the duplicate's messages. The duplicate's own
// deadlines are cleared (the ticket that stays answers for them), so it counts in no SLA
// figure, and no survey or revisit is sent for it. Unmerge makes all of that undone, as the
// merge recorded it; every step is in both tickets' timelines.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "tickets.hpp"

namespace svc {

inline constexpr std::array<std::string_view, 2> k_link_kinds{"related", "caused-by"};

// `ticket` is related to / caused by `other`. A link that is there already is a no-op.
Transition link_tickets(Context& ctx, std::int64_t ticket, std::int64_t other, std::string_view kind);
Transition unlink_tickets(Context& ctx, std::int64_t ticket, std::int64_t other);

struct MergeResult {
    Transition transition;
    std::vector<std::string> moved;  // "resolution deadline 2026-… (from 43)", "follow-up 7"
};
// Merges `duplicate` into `into`: both open or pending, neither merged already.
MergeResult merge_ticket(Context& ctx, std::int64_t duplicate, std::int64_t into);
// Undoes the merge of `duplicate`; refused when it is not merged.
MergeResult unmerge_ticket(Context& ctx, std::int64_t duplicate);

}  // namespace svc
