#pragma once
// Customers and their profile notes ("家里有小孩"): what they told us before, so they never
// have to repeat it.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"

namespace svc {

struct NewCustomer {
    std::string name;
    std::optional<std::string> phone, email, tier, ref, note;
};

struct CustomerChanges {
    std::optional<std::string> name, phone, email, tier, ref;
    std::optional<bool> no_survey;
};

struct CustomerProfile {
    Customer customer;
    std::vector<CustomerNote> notes;   // newest first
    CompensationTotal compensation;    // everything granted to them
    std::vector<TicketRow> tickets;    // their latest tickets, newest first
    std::optional<CustomerLoss> loss;  // 流失: they left, and have not come back
};

// Normalises a phone number ("138 0000-1234" → "13800001234"); Error(usage) naming `flag`.
std::string normalize_phone(std::string_view flag, std::string_view phone);
std::string checked_email(std::string_view flag, std::string_view email);
// Contacts as shown to anyone who has not revealed them (138****1234, 张***@example.cn); the
// PostgreSQL schema masks the same way (svc_mask_phone, svc_mask_email).
std::string mask_phone(std::string_view phone);
std::string mask_email(std::string_view email);
// A name as shown where anyone may read it (the wallboard): its first character and a star
// for each other one, at most four (张伟 → 张*, "Alice Brown" → A****).
std::string mask_name(std::string_view name);

std::int64_t add_customer(Context& ctx, const NewCustomer& c);
// Finds a customer by id, by ref, or by phone, in that order; Error(not_found).
Customer resolve_customer(Context& ctx, std::string_view key);
CustomerProfile customer_profile(Context& ctx, std::string_view key);
std::vector<Customer> list_customers(Context& ctx, const CustomerFilter& filter);
// How many customers the filter matches, its limit aside.
std::int64_t count_customers(Context& ctx, const CustomerFilter& filter);
std::int64_t add_customer_note(Context& ctx, std::string_view key, std::string_view note);
Customer update_customer(Context& ctx, std::string_view key, const CustomerChanges& changes);
// 流失: records that the customer left (the outcome a churn warning warns of), at `at` (default
// now; not later than now, not before they were registered), and why. Error(conflict) while
// an earlier loss is in force; Error(usage) naming --reason or --at. Returns the loss's id.
std::int64_t record_customer_lost(Context& ctx, std::string_view key, std::string_view reason,
                                  std::optional<Instant> at);
// The customer is back (won back, or recorded lost by mistake): ends their loss now.
// Error(conflict) when they are not recorded lost.
void record_customer_returned(Context& ctx, std::string_view key);

// Records in the audit trail that contact details are shown unmasked, and to whom; customers
// read after it carry their contacts unmasked (on PostgreSQL they are masked until then, and
// the database records the reveal too).
void record_reveal(Context& ctx, std::string_view what, std::optional<std::int64_t> customer_id);

}  // namespace svc
