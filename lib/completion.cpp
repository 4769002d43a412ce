#include "completion.hpp"

#include "store/store.hpp"

namespace svc {

std::vector<std::string> completion_values(Store& store, CompletionValues kind, const std::string& prefix) {
    constexpr std::int64_t k_most = 500;
    std::vector<std::string> out;
    try {
        if (store.schema_version() != store.latest_schema_version()) return out;
        switch (kind) {
            case CompletionValues::agent_logins:
                for (const Agent& a : store.people().list_agents(std::nullopt, std::nullopt))
                    if (a.active) out.push_back(a.login);
                break;
            case CompletionValues::customers: {
                // The search (a substring of name, contact or ref) narrows before the limit;
                // the prefix itself is checked below.
                CustomerFilter f;
                if (!prefix.empty()) f.search = prefix;
                f.limit = k_most;
                for (const Customer& c : store.people().list_customers(f))
                    out.push_back(c.ref ? *c.ref : std::to_string(c.id));
                break;
            }
            case CompletionValues::open_tickets: {
                TicketQuery q;
                q.statuses = {"open", "pending", "resolved"};
                q.sort = TicketSort::updated;
                const std::string digits = prefix.starts_with('#') ? prefix.substr(1) : prefix;
                if (digits.find_first_not_of("0123456789") != std::string::npos) return out;
                if (!digits.empty()) q.id_prefix = digits;
                q.limit = k_most;
                for (const TicketRow& r : store.tickets().list_tickets(q)) out.push_back(std::to_string(r.ticket.id));
                break;
            }
        }
    } catch (const std::exception&) {
        // Completion is best effort: a busy or damaged store offers nothing.
        out.clear();
    }
    // "#12" completes ticket 12's number like "12".
    const std::string_view wanted =
        kind == CompletionValues::open_tickets && prefix.starts_with('#') ? std::string_view(prefix).substr(1) : prefix;
    std::erase_if(out, [&](const std::string& v) { return !v.starts_with(wanted); });
    return out;
}

}  // namespace svc
