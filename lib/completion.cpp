#include "completion.hpp"

#include "store/store.hpp"

namespace svc {

std::vector<std::string> completion_values(Store& store, CompletionValues kind) {
    std::vector<std::string> out;
    try {
        if (store.schema_version() != store.latest_schema_version()) return out;
        switch (kind) {
            case CompletionValues::agent_logins:
                for (const Agent& a : store.people().list_agents(std::nullopt, std::nullopt))
                    if (a.active) out.push_back(a.login);
                break;
            case CompletionValues::customers: {
                CustomerFilter f;
                f.limit = 500;
                for (const Customer& c : store.people().list_customers(f))
                    out.push_back(c.ref ? *c.ref : std::to_string(c.id));
                break;
            }
            case CompletionValues::open_tickets: {
                TicketQuery q;
                q.statuses = {"open", "pending", "resolved"};
                q.sort = TicketSort::updated;
                q.limit = 500;
                for (const TicketRow& r : store.tickets().list_tickets(q)) out.push_back(std::to_string(r.ticket.id));
                break;
            }
        }
    } catch (const std::exception&) {
        // Completion is best effort: a busy or damaged store offers nothing.
        out.clear();
    }
    return out;
}

}  // namespace svc
