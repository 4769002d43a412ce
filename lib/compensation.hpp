#pragma once
// Compensation with authority limits. Within the granting agent's limit it is simply
// recorded; over it, it is refused unless an exception reason is given — then it is
// recorded as a policy exception to review, not to punish (容错机制).
#include "context.hpp"

#include <optional>
#include <string>

namespace svc {

struct CompensateRequest {
    std::int64_t ticket = 0;
    std::string amount;  // yuan as typed: "50", "49.90"
    std::string kind;    // coupon | refund | cash | gift | service
    std::optional<std::string> note, exception;
};

// "49.9" → 4990 fen; Error(usage) naming `flag` for anything that is not a positive amount
// with at most two decimals.
std::int64_t parse_yuan(std::string_view flag, std::string_view text);
std::string format_yuan(std::int64_t fen);  // "49.90"

Compensation compensate_ticket(Context& ctx, const CompensateRequest& request);

}  // namespace svc
