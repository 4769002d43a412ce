#include "tickets.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "agents.hpp"
#include "audit.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "lifecycle.hpp"
#include "routing.hpp"
#include "text.hpp"
#include "vocabulary.hpp"

namespace svc {

namespace {

template <std::size_t N>
void check_word(std::string_view flag, const std::array<std::string_view, N>& list, std::string_view value) {
    if (!vocab::contains(list, value))
        fail(ErrorKind::usage, "{}: unknown value '{}' (expected {})", flag, value, vocab::joined(list));
}

std::string checked_category(std::string_view value) {
    const std::string c = text::checked("--category", value, 100);
    return c;
}

std::string checked_tag(std::string_view value) {
    const std::string t = text::checked("--tag", value, 50);
    if (t.find_first_of(",;") != std::string::npos)
        fail(ErrorKind::usage, "--tag: '{}' must not contain ',' or ';' (they separate tags in lists and CSV)", t);
    return t;
}

}  // namespace

void require_time_order(Context& ctx, const Ticket& t) {
    if (ctx.now() < t.updated_at)
        fail(ErrorKind::usage, "ticket {} was last changed at {}, after the clock's now {} (check --now)", t.id,
             format_instant(t.updated_at, ctx.policy().zone), format_instant(ctx.now(), ctx.policy().zone));
}

namespace {

// Fetches a ticket for a change by the current actor.
Ticket ticket_for(Context& ctx, std::int64_t id, Move move) {
    current_actor(ctx);
    Ticket t = get_ticket(ctx, id);
    require_move(t, move);
    require_time_order(ctx, t);
    return t;
}

// The same for a move to the status `target`: nothing when the ticket has it already (the
// move is a no-op), after the actor was checked, so a stranger learns nothing.
std::optional<Ticket> ticket_to_move(Context& ctx, std::int64_t id, Move move) {
    current_actor(ctx);
    Ticket t = get_ticket(ctx, id);
    if (t.status == leads_to(move)) return std::nullopt;
    require_move(t, move);
    require_time_order(ctx, t);
    return t;
}

SlaSubject subject_of(Context& ctx, const Ticket& t) {
    const auto customer = ctx.store().people().find_customer_by_id(t.customer_id);
    return {t.channel, t.kind, t.priority, customer ? customer->tier : "standard", t.category.value_or("")};
}

std::string instant_or_none(Context& ctx, const std::optional<Instant>& t) {
    return t ? format_instant(*t, ctx.policy().zone) : "none";
}

}  // namespace

std::int64_t parse_ticket_id(std::string_view text) {
    return text::parse_number("", text, "ticket number");
}

namespace {
// A ticket may be given to a registered, active agent (anyone in single-user mode).
void require_assignable(Context& ctx, const std::string& login, std::string_view what) {
    if (ctx.store().people().count_agents() == 0) return;
    auto agent = ctx.store().people().find_agent(login);
    if (!agent) fail(ErrorKind::refused, "'{}' is not a registered agent; cannot give {} to them", login, what);
    if (!agent->active) fail(ErrorKind::refused, "agent '{}' is deactivated; cannot give {} to them", login, what);
}
}  // namespace

Ticket get_ticket(Context& ctx, std::int64_t id) {
    auto t = ctx.store().tickets().find_ticket(id);
    if (!t) fail(ErrorKind::not_found, "ticket {} not found", id);
    return *t;
}

OpenTicketResult open_ticket(Context& ctx, const OpenTicketRequest& r) {
    const UnitOfWork unit(ctx);
    // Validate everything before the first write.
    check_word("--channel", vocab::channels, r.channel);
    check_word("--kind", vocab::kinds, r.kind);
    const std::string priority = r.priority.value_or("normal");
    check_word("--priority", vocab::priorities, priority);
    if (r.need) check_word("--need", vocab::needs, *r.need);
    if (r.mood) check_word("--mood", vocab::moods, *r.mood);
    Ticket t;
    t.summary = text::checked("--summary", r.summary, text::k_max_summary);
    if (r.body) t.body = text::checked("--body", *r.body, text::k_max_body, true);
    if (t.body && t.body->empty()) t.body.reset();
    if (r.category) t.category = checked_category(*r.category);
    for (const auto& tag : r.tags) {
        const std::string clean = checked_tag(tag);
        if (std::find(t.tags.begin(), t.tags.end(), clean) == t.tags.end()) t.tags.push_back(clean);
    }
    if (r.customer && (r.name || r.phone)) fail(ErrorKind::usage, "give either --customer or --name/--phone, not both");
    if (!r.customer && !r.phone)
        fail(ErrorKind::usage, "who is the customer? give --customer ID|REF|PHONE, or --name and --phone");
    std::optional<std::string> phone;
    if (r.phone) phone = normalize_phone("--phone", *r.phone);
    if (r.name) text::checked("--name", *r.name, text::k_max_name);
    if (r.waited) {
        if (r.channel != "phone")
            fail(ErrorKind::usage, "--waited: only for --channel phone (how long the caller waited to be answered)");
        if (*r.waited < 0 || *r.waited > k_day)
            fail(ErrorKind::usage, "--waited: {} is not a wait for a call (0s to 1d)", format_duration(*r.waited));
    }

    const Actor actor = current_actor(ctx);
    OpenTicketResult result;
    if (r.customer) {
        result.customer_id = resolve_customer(ctx, *r.customer).id;
    } else if (auto existing = ctx.store().people().find_customer_by_phone(*phone)) {
        result.customer_id = existing->id;
    } else {
        if (!r.name) fail(ErrorKind::not_found, "no customer has phone {}; give --name to register one", *phone);
        NewCustomer c;
        c.name = *r.name;
        c.phone = *phone;
        result.customer_id = add_customer(ctx, c);
        result.customer_created = true;
    }

    t.status = TicketStatus::open;
    t.kind = r.kind;
    t.channel = r.channel;
    t.priority = priority;
    t.customer_id = result.customer_id;
    t.owner = t.assignee = actor.login;  // first-contact ownership: whoever takes it owns it
    t.need = r.need;
    t.mood = r.mood;
    t.created_at = t.updated_at = t.resolve_start = ctx.now();
    if (r.written_at && *r.written_at < ctx.now()) t.created_at = t.resolve_start = *r.written_at;
    if (r.waited) {
        // The phone's first response is how long the caller waited, not how long the agent
        // took to type the ticket: it began when the call came in and was answered now.
        t.created_at = t.resolve_start = ctx.now() - *r.waited;
        t.first_responded_at = ctx.now();
    }
    t.last_contact_at = t.created_at;  // the customer's first message (or call) is contact 1
    t.policy_version = ctx.policy_version();
    if (r.assignee) {
        require_assignable(ctx, *r.assignee, "a ticket");
        t.assignee = *r.assignee;
    } else if (auto route = choose_route(ctx, subject_of(ctx, t))) {
        t.assignee = route->login;
        if (r.routed_owner) t.owner = route->login;
        result.routed_to = route->login;
        result.route = route->why;
    }
    t.risk_keyword = find_risk_keyword(ctx.policy(), t.summary + "\n" + t.body.value_or(""));
    result.risk_keyword = t.risk_keyword;
    apply_sla(ctx.policy(), plan_sla(ctx.policy(), subject_of(ctx, t)), t, true);
    if (t.category) {
        TicketQuery same;
        same.customer_id = t.customer_id;
        same.statuses = {"open", "pending"};
        same.categories = {*t.category};
        same.limit = 5;
        for (const TicketRow& row : ctx.store().tickets().list_tickets(same))
            result.same_matter.push_back(row.ticket.id);
    }
    t.id = ctx.store().tickets().insert_ticket(t);
    // Checked after the insert, which costs nothing; the unit of work takes the row back.
    if (t.id > k_max_ticket_id)
        fail(ErrorKind::refused, "no ticket number is left: ticket {} is the highest there can be", k_max_ticket_id);
    result.id = t.id;

    // The SLA plan is the ticket's own (its sla column); the trail names the policy version.
    json::Object detail{{"channel", t.channel},      {"kind", t.kind},
                        {"priority", t.priority},    {"summary", t.summary},
                        {"customer", t.customer_id}, {"policy_version", t.policy_version}};
    if (t.body) detail.emplace_back("body", *t.body);
    if (r.waited) detail.emplace_back("waited", *r.waited);
    for (const auto& field : r.origin) detail.push_back(field);
    if (t.assignee != actor.login) detail.emplace_back("assignee", t.assignee);
    if (t.owner != actor.login) detail.emplace_back("owner", t.owner);
    if (result.route) detail.emplace_back("route", *result.route);
    record_audit(ctx, EventKind::ticket_open, t.id, json::Value(std::move(detail)));
    return result;
}

namespace {
// A message either way at `at`: another contact (session) when the one before was
// contact_gap or more ago, the same one otherwise.
void note_contact(const Policy& policy, Ticket& t, Instant at) {
    if (t.last_contact_at && at - *t.last_contact_at >= policy.contact_gap) ++t.contacts;
    t.last_contact_at = at;
}

// Remembers the first risk word a ticket's text shows, for the sweep; returns it when new.
std::optional<std::string> note_risk(Context& ctx, Ticket& t, std::string_view text) {
    if (t.risk_keyword) return std::nullopt;
    t.risk_keyword = find_risk_keyword(ctx.policy(), text);
    return t.risk_keyword;
}
}  // namespace

std::optional<std::string> respond_ticket(Context& ctx, std::int64_t id, std::string_view message, bool from_customer,
                                          json::Object origin) {
    const UnitOfWork unit(ctx);
    const std::string body = text::checked("TEXT", message, text::k_max_body);
    Ticket t = ticket_for(ctx, id, Move::respond);
    json::Object detail{{"text", body}};
    note_contact(ctx.policy(), t, ctx.now());
    if (from_customer) {
        if (t.status == TicketStatus::pending) {
            // The customer answered: the wait is over.
            const Seconds moved = resume_ticket(ctx, id).moved;
            t = get_ticket(ctx, id);
            note_contact(ctx.policy(), t, ctx.now());
            detail.emplace_back("resumed", true);
            detail.emplace_back("resolution_moved", moved);
        }
        start_next_response(ctx.policy(), SlaPlan::from_json(t.sla), t, ctx.now());
        if (t.next_response_due) detail.emplace_back("next_response_due", *t.next_response_due);
        for (auto& field : origin) detail.push_back(std::move(field));
        auto risk = note_risk(ctx, t, body);
        save_move(ctx, t, EventKind::ticket_customer_message, json::Value(std::move(detail)));
        return risk;
    }
    ++t.response_count;
    if (!t.first_responded_at) {
        t.first_responded_at = ctx.now();
        detail.emplace_back("first_response", true);
        if (t.first_response_due) detail.emplace_back("met", ctx.now() <= *t.first_response_due);
    } else if (t.next_response_due) {
        detail.emplace_back("next_response_due", *t.next_response_due);
        detail.emplace_back("met", ctx.now() <= *t.next_response_due);
        t.next_response_due.reset();
        t.next_response_warn.reset();
    }
    save_move(ctx, t, EventKind::ticket_respond, json::Value(std::move(detail)));
    return std::nullopt;
}

std::optional<std::string> note_ticket(Context& ctx, std::int64_t id, std::string_view message) {
    const UnitOfWork unit(ctx);
    const std::string body = text::checked("TEXT", message, text::k_max_body);
    Ticket t = ticket_for(ctx, id, Move::note);
    auto risk = note_risk(ctx, t, body);
    save_move(ctx, t, EventKind::ticket_note, json::Object{{"text", body}});
    return risk;
}

namespace {

json::Value tags_json(const std::vector<std::string>& tags) {
    json::Array out;
    for (const std::string& t : tags) out.emplace_back(t);
    return out;
}

}  // namespace

std::vector<std::string> update_ticket(Context& ctx, std::int64_t id, const TicketChanges& c) {
    const UnitOfWork unit(ctx);
    if (c.priority) check_word("--priority", vocab::priorities, *c.priority);
    if (c.kind) check_word("--kind", vocab::kinds, *c.kind);
    if (c.need && !c.need->empty()) check_word("--need", vocab::needs, *c.need);
    if (c.mood && !c.mood->empty()) check_word("--mood", vocab::moods, *c.mood);
    std::optional<std::string> summary, category;
    if (c.summary) summary = text::checked("--summary", *c.summary, text::k_max_summary);
    if (c.category) category = checked_category(*c.category);
    std::optional<std::vector<std::string>> tags;
    if (c.tags) {
        tags.emplace();
        std::string_view rest = *c.tags;
        while (!rest.empty()) {
            const std::size_t comma = std::min(rest.find(','), rest.size());
            const std::string tag = text::trim(rest.substr(0, comma));
            rest.remove_prefix(std::min(comma + 1, rest.size()));
            if (tag.empty()) continue;
            const std::string clean = checked_tag(tag);
            if (std::find(tags->begin(), tags->end(), clean) == tags->end()) tags->push_back(clean);
        }
        std::sort(tags->begin(), tags->end());
    }
    if (!c.priority && !c.kind && !c.summary && !c.category && !c.need && !c.mood && !c.customer && !c.tags)
        fail(ErrorKind::usage,
             "nothing to change: give --priority, --kind, --category, --summary, --need, --mood, --customer or --tags");
    Ticket t = ticket_for(ctx, id, Move::update);
    const Ticket before = t;
    json::Object changes;
    if (c.priority) t.priority = *c.priority;
    if (c.kind) t.kind = *c.kind;
    if (summary) {
        t.summary = *summary;
        if (!t.risk_keyword) t.risk_keyword = find_risk_keyword(ctx.policy(), t.summary);
    }
    if (category) t.category = *category;
    if (c.need) t.need = c.need->empty() ? std::nullopt : c.need;
    if (c.mood) t.mood = c.mood->empty() ? std::nullopt : c.mood;
    if (c.customer) t.customer_id = resolve_customer(ctx, *c.customer).id;
    if (tags) t.tags = *tags;
    note_change(changes, "priority", before.priority, t.priority);
    note_change(changes, "kind", before.kind, t.kind);
    note_change(changes, "summary", before.summary, t.summary);
    note_change(changes, "category", before.category, t.category);

    std::vector<std::string> moved;
    // The deadlines depend on the rule that matches; re-choose and move the unmet ones.
    const SlaSubject was = subject_of(ctx, before), is = subject_of(ctx, t);
    if (was.priority != is.priority || was.kind != is.kind || was.category != is.category || was.tier != is.tier) {
        const SlaPlan plan = plan_sla(ctx.policy(), is);
        const bool other_rules = plan.to_json() != plan_sla(ctx.policy(), was).to_json();
        apply_sla(ctx.policy(), plan, t);
        t.policy_version = ctx.policy_version();
        auto report = [&](std::string_view target, const std::optional<Instant>& a, const std::optional<Instant>& b) {
            if (a == b) return;
            moved.push_back(trf("ticket {}: {} deadline moved from {} to {}", t.id, target, instant_or_none(ctx, a),
                                instant_or_none(ctx, b)));
            note_change(changes, std::string(target) + "_due", json::Value(a), json::Value(b));
        };
        report("first_response", before.first_response_due, t.first_response_due);
        report("resolution", before.resolve_due, t.resolve_due);
        if (other_rules && moved.empty())
            moved.push_back(trf("ticket {}: other SLA rules apply; no open deadline moved", t.id));
    }
    // After the deadlines: the catalogue's order of the event's fields.
    note_change(changes, "need", before.need, t.need);
    note_change(changes, "mood", before.mood, t.mood);
    note_change(changes, "customer", before.customer_id, t.customer_id);
    if (tags && *tags != before.tags) {
        note_change(changes, "tags", tags_json(before.tags), tags_json(t.tags));
        ctx.store().tickets().set_ticket_tags(t.id, t.tags);
    }
    if (changes.empty()) return {};
    save_move(ctx, t, EventKind::ticket_update, json::Value(std::move(changes)));
    return moved;
}

namespace {
Transition unchanged(std::string note) {
    return {false, std::move(note), 0};
}
}  // namespace

Transition assign_ticket(Context& ctx, std::int64_t id, std::string_view assignee, bool also_owner,
                         const std::optional<std::string>& route) {
    const UnitOfWork unit(ctx);
    const Actor actor = current_actor(ctx);
    Ticket t = get_ticket(ctx, id);
    require_move(t, Move::assign);
    require_time_order(ctx, t);
    const std::string login(assignee);
    require_assignable(ctx, login, fmt::format("ticket {}", id));
    if (also_owner && vocab::rank(vocab::roles, actor.role) < vocab::rank(vocab::roles, "supervisor"))
        fail(ErrorKind::refused,
             "only a supervisor or manager may change the owner of ticket {} (first-contact ownership); "
             "leave out --owner to transfer the work only",
             id);
    json::Object changes;
    note_change(changes, "assignee", t.assignee, login);
    if (also_owner) note_change(changes, "owner", t.owner, login);
    if (changes.empty())
        return unchanged(trf("ticket {} is already with {}{}", id, login, also_owner ? ", its owner" : ""));
    if (t.assignee != login) ++t.transfer_count;
    t.assignee = login;
    if (also_owner) t.owner = login;
    if (route) changes.emplace_back("route", *route);
    save_move(ctx, t, EventKind::ticket_assign, json::Value(std::move(changes)));
    return {};
}

Transition route_ticket(Context& ctx, std::int64_t id) {
    const UnitOfWork unit(ctx);
    current_actor(ctx);
    const Ticket t = get_ticket(ctx, id);
    require_move(t, Move::assign);
    const auto route = choose_route(ctx, subject_of(ctx, t), &t);
    if (!route) {
        if (ctx.policy().routing.empty())
            fail(ErrorKind::refused, "the policy has no [routing] rules: assign ticket {} with svc ticket assign", id);
        fail(ErrorKind::refused,
             "no routing rule matches ticket {}, or nobody it names is working or on duty now; "
             "assign it with svc ticket assign",
             id);
    }
    Transition moved = assign_ticket(ctx, id, route->login, false, route->why);
    if (moved.changed) moved.note = trf("ticket {} routed to {}: {}", id, route->login, route->why);
    return moved;
}

Transition pend_ticket(Context& ctx, std::int64_t id, std::string_view reason) {
    const UnitOfWork unit(ctx);
    const std::string why = text::checked("--reason", reason, text::k_max_summary);
    auto moving = ticket_to_move(ctx, id, Move::pending);
    if (!moving) return unchanged(trf("ticket {} is already pending", id));
    Ticket& t = *moving;
    t.status = TicketStatus::pending;
    t.paused_at = ctx.now();
    save_move(ctx, t, EventKind::ticket_pending, json::Object{{"reason", why}});
    return {};
}

namespace {
// Ends a hold at now. The hold is kept on the working clock of the resolution rule (the
// business clock when it has none) and on the wall clock, so the target moves by it on
// whichever clock its rule uses, now or after a later recompute. Returns the time the
// target moved.
Seconds end_hold(Context& ctx, Ticket& t) {
    const Instant since = t.paused_at.value_or(ctx.now());
    const SlaPlan plan = SlaPlan::from_json(t.sla);
    const SlaClock working =
        plan.resolution && plan.resolution->clock == SlaClock::duty ? SlaClock::duty : SlaClock::business;
    const Seconds business = ctx.policy().elapsed(working, since, ctx.now());
    const Seconds wall = ctx.now() - since;
    t.paused_total += wall;
    t.resolve_paused += business;
    t.resolve_paused_wall += wall;
    t.status = TicketStatus::open;
    t.paused_at.reset();
    apply_sla(ctx.policy(), plan, t);
    if (!plan.resolution) return 0;
    return plan.resolution->clock == SlaClock::around_the_clock ? wall : business;
}
}  // namespace

Transition resume_ticket(Context& ctx, std::int64_t id) {
    const UnitOfWork unit(ctx);
    auto moving = ticket_to_move(ctx, id, Move::resume);
    if (!moving) return unchanged(trf("ticket {} is not on hold", id));
    Ticket& t = *moving;
    const Instant since = t.paused_at.value_or(ctx.now());
    const Seconds wall = ctx.now() - since;
    const auto due_before = t.resolve_due;
    const Seconds on_clock = end_hold(ctx, t);
    save_move(ctx, t, EventKind::ticket_resume,
              json::Object{{"paused_seconds", wall},
                           {"paused_on_clock", on_clock},
                           {"resolve_due_before", due_before},
                           {"resolve_due", t.resolve_due}});
    return {true, {}, on_clock};
}

Transition resolve_ticket(Context& ctx, std::int64_t id, std::string_view resolution,
                          const std::optional<std::string>& cause) {
    const UnitOfWork unit(ctx);
    const std::string text = text::checked("--resolution", resolution, text::k_max_body);
    if (cause) check_word("--cause", vocab::causes, *cause);
    auto moving = ticket_to_move(ctx, id, Move::resolve);
    if (!moving) return unchanged(trf("ticket {} is already resolved", id));
    Ticket& t = *moving;
    // Resolved while on hold: the hold still does not count against the target.
    if (t.status == TicketStatus::pending) end_hold(ctx, t);
    t.status = TicketStatus::resolved;
    t.resolved_at = ctx.now();
    t.resolution = text;
    if (cause) t.cause = cause;
    t.next_response_due.reset();
    t.next_response_warn.reset();
    json::Object detail{{"resolution", text}, {"cause", t.cause}};
    if (t.resolve_due) detail.emplace_back("met", ctx.now() <= *t.resolve_due);
    after_resolve(ctx, t);
    save_move(ctx, t, EventKind::ticket_resolve, json::Value(std::move(detail)));
    return {};
}

Transition close_ticket(Context& ctx, std::int64_t id) {
    const UnitOfWork unit(ctx);
    auto moving = ticket_to_move(ctx, id, Move::close);
    if (!moving) return unchanged(trf("ticket {} is already closed", id));
    Ticket& t = *moving;
    t.status = TicketStatus::closed;
    t.closed_at = ctx.now();
    save_move(ctx, t, EventKind::ticket_close, {});
    return {};
}

Transition reopen_ticket(Context& ctx, std::int64_t id, std::string_view reason) {
    const UnitOfWork unit(ctx);
    const std::string why = text::checked("--reason", reason, text::k_max_body);
    auto moving = ticket_to_move(ctx, id, Move::reopen);
    if (!moving) return unchanged(trf("ticket {} is already open", id));
    reopen(ctx, *moving, why);
    return {};
}

std::vector<MovedDeadline> recompute_open_tickets(Context& ctx) {
    std::vector<MovedDeadline> moved;
    for (Ticket t : ctx.store().tickets().active_tickets()) {
        const Ticket before = t;
        apply_sla(ctx.policy(), plan_sla(ctx.policy(), subject_of(ctx, t)), t);
        t.policy_version = ctx.policy_version();
        json::Object changes;
        auto report = [&](std::string_view target, const std::optional<Instant>& a, const std::optional<Instant>& b) {
            if (a == b) return;
            moved.push_back({t.id, std::string(target), a, b});
            note_change(changes, std::string(target) + "_due", json::Value(a), json::Value(b));
        };
        report("first_response", before.first_response_due, t.first_response_due);
        report("resolution", before.resolve_due, t.resolve_due);
        if (changes.empty() && t.sla == before.sla) continue;
        changes.emplace_back("policy_version", t.policy_version);
        ctx.store().tickets().update_ticket(t);
        record_audit(ctx, EventKind::ticket_recompute, t.id, json::Value(std::move(changes)));
    }
    return moved;
}

// ---------------------------------------------------------------------------------------
// Reading

namespace {

// The next-response targets the ticket had and answered, from its timeline: a reply clears
// the target it met (or missed), and `ticket show` lists it as export reports it.
std::vector<TargetStatus> answered_next_responses(const Ticket& t, const std::vector<AuditEvent>& timeline) {
    const SlaPlan plan = SlaPlan::from_json(t.sla);
    std::vector<TargetStatus> out;
    for (const AuditEvent& e : timeline) {
        if (e.kind != EventKind::ticket_respond || e.detail.find("next_response_due") == std::string::npos) continue;
        const json::Value detail = json::parse(e.detail);
        const json::Value* due = detail.find("next_response_due");
        if (!due || !due->is_integer()) continue;
        TargetStatus s{SlaTarget::next_response,
                       plan.next_response ? plan.next_response->rule : std::string(),
                       plan.next_response ? plan.next_response->clock : SlaClock::business,
                       due->as_integer(),
                       std::nullopt,
                       e.at,
                       TargetState::met,
                       e.at > due->as_integer()};
        if (s.met_late) s.state = TargetState::breached;
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

TicketDetail show_ticket(Context& ctx, std::int64_t id) {
    const ReadUnit unit(ctx);
    current_actor(ctx);
    TicketDetail d;
    d.ticket = get_ticket(ctx, id);
    auto c = ctx.store().people().find_customer_by_id(d.ticket.customer_id);
    if (!c) fail(ErrorKind::internal, "ticket {} points to a missing customer {}", id, d.ticket.customer_id);
    d.customer = *c;
    d.customer_notes = ctx.store().people().customer_notes(c->id);
    d.targets = target_statuses(d.ticket, ctx.now());
    EscalationQuery eq;
    eq.ticket_id = id;
    d.escalations = ctx.store().escalations().list_escalations(eq);
    d.levels = ctx.policy().levels;
    d.compensations = ctx.store().escalations().compensations_for_ticket(id);
    FollowupQuery fq;
    fq.ticket_id = id;
    d.followups = ctx.store().followups().list_followups(fq);
    SurveyQuery sq;
    sq.ticket_id = id;
    d.surveys = ctx.store().surveys().list_surveys(sq);
    d.survey_expire_days = ctx.policy().survey_expire_days;
    d.zone = ctx.policy().zone;
    d.timeline = ctx.store().trail().audit_for(Entity::ticket, id);
    // Every target with its state: the answered next responses after the first response.
    auto answered = answered_next_responses(d.ticket, d.timeline);
    const auto after_first = std::find_if(d.targets.begin(), d.targets.end(),
                                          [](const TargetStatus& s) { return s.target != SlaTarget::first_response; });
    d.targets.insert(after_first, answered.begin(), answered.end());
    // What the customer said and was told on a ticket merged into this one (its entity id
    // says which), up to the merge.
    d.links = ctx.store().tickets().links_of(id);
    for (const TicketLink& l : d.links) {
        if (l.other_id != id || l.kind != "merged-into") continue;
        for (const AuditEvent& e : ctx.store().trail().audit_for(Entity::ticket, l.ticket_id)) {
            const bool message = e.kind == EventKind::ticket_open || e.kind == EventKind::ticket_customer_message ||
                                 e.kind == EventKind::ticket_respond || e.kind == EventKind::ticket_note;
            if (message && e.at <= l.at) d.timeline.push_back(e);
        }
    }
    std::stable_sort(d.timeline.begin(), d.timeline.end(),
                     [](const AuditEvent& a, const AuditEvent& b) { return a.at < b.at; });
    return d;
}

namespace {

// The query as the store takes it: its words checked, "me" made the actor, now set.
TicketQuery checked_query(Context& ctx, TicketQuery q) {
    auto check_all = [](std::string_view flag, const auto& list, const std::vector<std::string>& values) {
        for (const auto& v : values) check_word(flag, list, v);
    };
    check_all("--status", vocab::statuses, q.statuses);
    check_all("--channel", vocab::channels, q.channels);
    check_all("--kind", vocab::kinds, q.kinds);
    check_all("--priority", vocab::priorities, q.priorities);
    if (q.level && (*q.level < 0 || *q.level >= static_cast<std::int64_t>(ctx.policy().levels.size())))
        fail(ErrorKind::usage, "--level: {} is not an escalation level (0 to {})", *q.level,
             ctx.policy().levels.size() - 1);
    const Actor actor = current_actor(ctx);
    if (q.assignee && *q.assignee == "me") q.assignee = actor.login;
    if (q.owner && *q.owner == "me") q.owner = actor.login;
    q.now = ctx.now();
    return q;
}

}  // namespace

void list_tickets(Context& ctx, TicketQuery q, const std::function<void(const TicketRow&)>& take) {
    ctx.store().tickets().list_tickets(checked_query(ctx, std::move(q)), take);
}

std::int64_t count_tickets(Context& ctx, TicketQuery q) {
    return ctx.store().tickets().count_matching(checked_query(ctx, std::move(q)));
}

}  // namespace svc
