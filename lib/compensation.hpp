#pragma once
// Compensation with authority limits. Within the granting agent's limit it is simply
// recorded; over it, it is refused unless an exception reason is given — then it is
// recorded as a policy exception to review, not to punish (容错机制).
#include <optional>
#include <string>

#include "context.hpp"
#include "money.hpp"

namespace svc {

struct CompensateRequest {
    std::int64_t ticket = 0;
    std::string amount;  // yuan as typed: "50", "49.90"
    std::string kind;    // coupon | refund | cash | gift | service
    std::optional<std::string> note, exception;
};

Compensation compensate_ticket(Context& ctx, const CompensateRequest& request);

}  // namespace svc
