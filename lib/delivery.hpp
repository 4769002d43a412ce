#pragma once
// Deliveries to the outside (sweep events, follow-up reminders, surveys handed to the
// policy's notify.command) are at least once, never silently lost:
//   1. claim the item with a lease (who, until when), in a short transaction;
//   2. deliver it, outside the write lock;
//   3. record it delivered (or the failure, which frees it for the next run).
// A deliverer that dies between 1 and 3 leaves a lease that runs out; the next run delivers
// again. Each payload carries a stable "delivery_id" so the receiver can drop what it has
// already taken: the same item delivered twice has the same id.
#include <string>
#include <string_view>
#include <vector>

#include "context.hpp"
#include "time/instant.hpp"

namespace svc {

// Delivers one payload (a JSON line) to the team's notify command; false with a reason
// when it failed. Supplied by the caller: libsvc runs no programs itself.
class Notifier {
public:
    virtual ~Notifier() = default;
    virtual bool deliver(const std::string& line, std::string& error) = 0;
};

// How long a notify command may run before it is stopped and counted as failed.
inline constexpr Seconds k_notify_time_limit = 60;
// How long a claim holds: the time limit and as much again, so a lease only runs out when
// its holder is gone.
inline constexpr Seconds k_delivery_lease = 2 * k_notify_time_limit;

// Refuses (Error refused, exit 4) a notify command whose program, or a file it is given as
// an argument (a script for an interpreter), could be changed by someone other than root or
// the store's owner: every cron user of the store runs it.
void require_trusted_notify_command(Context& ctx, const std::vector<std::string>& argv);

// Who holds a lease: the acting login, this host and this process, so that two runs by one
// cron user never take each other's claims for their own.
std::string lease_holder(const Context& ctx);

// The JSON object `line` with "delivery_id": `id` as its first key.
std::string with_delivery_id(std::string_view line, std::string_view id);
// The JSON object `line` with "on_duty": [logins…] as its first key.
std::string with_on_duty(std::string_view line, const std::vector<std::string>& logins);

}  // namespace svc
