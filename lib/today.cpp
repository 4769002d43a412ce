#include "today.hpp"

#include <algorithm>
#include <set>

#include "agents.hpp"
#include "duty.hpp"
#include "error.hpp"
#include "escalation.hpp"
#include "followups.hpp"
#include "sla.hpp"
#include "surveys.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

// Whose work the list shows.
class Scope {
public:
    Scope(Context& ctx, const TodayRequest& r) : m_actor(current_actor(ctx)) {
        if (r.team && r.all) fail(ErrorKind::usage, "--team and --all contradict each other");
        if (r.all) return;
        if (r.team) {
            for (const Agent& a : ctx.store().people().list_agents(std::nullopt, *r.team)) {
                m_logins.insert(a.login);
                m_roles.insert(a.role);
            }
            if (m_logins.empty()) fail(ErrorKind::not_found, "--team: no agent is in team '{}'", *r.team);
            return;
        }
        m_logins.insert(m_actor.login);
        m_roles.insert(m_actor.role);
    }
    bool everyone() const { return m_logins.empty(); }
    // The one login of the acting agent's own list.
    std::optional<std::string> only() const {
        return m_logins.size() == 1 && m_roles.size() == 1 && *m_logins.begin() == m_actor.login
                   ? std::optional(m_actor.login)
                   : std::nullopt;
    }
    bool has(const std::string& login) const { return everyone() || m_logins.count(login) > 0; }
    bool has_role(const std::string& role) const { return everyone() || m_roles.count(role) > 0; }
    // Customers at risk are a lead's concern: shown to supervisors and managers, and in a
    // team's or everyone's list.
    bool sees_customers_at_risk() const { return !only() || m_actor.role != "agent"; }

private:
    Actor m_actor;
    std::set<std::string> m_logins, m_roles;
};

// The earliest unmet target of a ticket in `state`, for the line that says what is due.
const TargetStatus* first_in_state(const std::vector<TargetStatus>& statuses, TargetState state) {
    const TargetStatus* first = nullptr;
    for (const TargetStatus& s : statuses)
        if (s.state == state && !s.met_at && s.due && (!first || *s.due < *first->due)) first = &s;
    return first;
}

int group_of(const WorkItem& w) {
    if (w.kind == "on_duty") return 2;
    if (w.kind == "customer_at_risk") return 1;
    return 0;
}

}  // namespace

std::vector<WorkItem> todays_work(Context& ctx, const TodayRequest& request) {
    const Scope scope(ctx, request);
    const Instant now = ctx.now();
    const Zone& zone = ctx.policy().zone;
    const Instant end_of_today = zone.from_local((floor_div(zone.to_local(now), k_day) + 1) * k_day);
    std::vector<WorkItem> items;

    // Targets breached or at risk on the tickets the scope works on.
    for (const bool overdue : {true, false}) {
        TicketQuery q;
        q.overdue = overdue;
        q.at_risk = !overdue;
        q.assignee = scope.only();
        list_tickets(ctx, q, [&](const TicketRow& row) {
            const Ticket& t = row.ticket;
            if (!scope.has(t.assignee)) return;
            const auto statuses = target_statuses(t, now);
            const TargetStatus* s = first_in_state(statuses, overdue ? TargetState::breached : TargetState::at_risk);
            if (!s) return;
            items.push_back({overdue ? "breached" : "at_risk", s->due, t.id, t.customer_id, row.customer_name,
                             t.assignee, std::string(to_string(s->target)) + ": " + t.summary});
        });
    }

    // Follow-ups due by the end of today, and those overdue.
    FollowupFilter open;
    open.open = true;
    open.assignee = scope.only();
    std::vector<Followup> followups;
    for (Followup& f : list_followups(ctx, open))
        if (f.due < end_of_today && scope.has(f.assignee)) followups.push_back(std::move(f));
    std::vector<std::int64_t> ids;
    for (const Followup& f : followups) ids.push_back(f.customer_id);
    std::map<std::int64_t, std::string> names;
    for (const Customer& c : ctx.store().people().find_customers_by_ids(ids)) names[c.id] = c.name;
    for (const Followup& f : followups)
        items.push_back({f.kind, f.due, f.ticket_id, f.customer_id, names[f.customer_id], f.assignee, f.note});

    // Surveys to send now, for the tickets the scope owns.
    for (const SurveyDue& s : due_surveys(ctx))
        if (scope.has(s.ticket.owner))
            items.push_back({"survey", s.window_end, s.ticket.id, s.customer.id, s.customer.name, s.ticket.owner,
                             "survey before the window closes: " + s.ticket.summary});

    // Escalations waiting on the scope: handled by it, or unclaimed at a level of its role.
    EscalationFilter running;
    running.open = true;
    for (const Escalation& e : list_escalations(ctx, running)) {
        if (!(e.handler ? scope.has(*e.handler) : scope.has_role(e.role))) continue;
        const Ticket t = get_ticket(ctx, e.ticket_id);
        const EscalationLevel& level = ctx.policy().level(e.to_level);
        items.push_back({"escalation", e.solution_due, e.ticket_id, t.customer_id, "", e.handler.value_or(e.role),
                         fmt::format("level {} ({}): {}", e.to_level, level.name, e.reason)});
    }

    if (scope.sees_customers_at_risk())
        for (const AtRiskCustomer& a : customers_at_risk(ctx, std::nullopt)) {
            std::string reasons;
            for (const std::string& r : a.reasons) reasons += (reasons.empty() ? "" : "; ") + r;
            items.push_back(
                {"customer_at_risk", std::nullopt, std::nullopt, a.customer.id, a.customer.name, "", reasons});
        }

    DutyFilter on_duty;
    on_duty.now = true;
    for (const DutyShift& d : list_duty(ctx, on_duty))
        items.push_back({"on_duty", d.ends_at, std::nullopt, std::nullopt, "", d.login,
                         "on duty until " + format_instant_short(d.ends_at, zone)});

    // Names of the customers of escalated tickets, in one read.
    ids.clear();
    for (const WorkItem& w : items)
        if (w.customer.empty() && w.customer_id) ids.push_back(*w.customer_id);
    for (const Customer& c : ctx.store().people().find_customers_by_ids(ids)) names[c.id] = c.name;
    for (WorkItem& w : items)
        if (w.customer.empty() && w.customer_id) w.customer = names[*w.customer_id];

    std::stable_sort(items.begin(), items.end(), [](const WorkItem& a, const WorkItem& b) {
        if (group_of(a) != group_of(b)) return group_of(a) < group_of(b);
        if (a.due != b.due) return a.due.has_value() && (!b.due || *a.due < *b.due);
        return a.ticket.value_or(0) < b.ticket.value_or(0);
    });
    return items;
}

}  // namespace svc
