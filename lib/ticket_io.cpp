#include "ticket_io.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "agents.hpp"
#include "audit.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "escalation.hpp"
#include "money.hpp"
#include "sla.hpp"
#include "text.hpp"
#include "tickets.hpp"
#include "vocabulary.hpp"

namespace svc {

// ---------------------------------------------------------------------------------------
// Export

void export_tickets(Context& ctx, TicketQuery query, const std::function<void(const ExportedTicket&)>& sink) {
    const UnitOfWork unit(ctx);  // one snapshot, and the export is recorded
    const Actor actor = current_actor(ctx);
    if (query.assignee && *query.assignee == "me") query.assignee = actor.login;
    if (query.owner && *query.owner == "me") query.owner = actor.login;
    query.now = ctx.now();
    query.sort = TicketSort::id;
    const std::optional<std::int64_t> limit = query.limit;
    constexpr std::int64_t k_batch = 5000;
    std::int64_t sent = 0;
    std::optional<std::int64_t> after;
    for (;;) {
        query.after_id = after;
        query.limit = limit ? std::min(k_batch, *limit - sent) : k_batch;
        if (*query.limit <= 0) break;
        const std::vector<TicketRow> rows = ctx.store().tickets().list_tickets(query);
        for (const TicketRow& row : rows) {
            ExportedTicket e;
            e.ticket = row.ticket;
            e.ticket.tags = ctx.store().tickets().ticket_tags(row.ticket.id);
            e.customer = *ctx.store().people().find_customer_by_id(row.ticket.customer_id);
            e.events = ctx.store().trail().audit_for(Entity::ticket, row.ticket.id);
            e.escalations = ticket_escalations(ctx, row.ticket.id);
            e.compensations = ctx.store().escalations().compensations_for_ticket(row.ticket.id);
            sink(e);
        }
        sent += static_cast<std::int64_t>(rows.size());
        if (rows.size() < static_cast<std::size_t>(*query.limit)) break;
        after = rows.back().ticket.id;
    }
    record_audit(ctx, EventKind::store_export, std::nullopt, json::Object{{"tickets", sent}});
}

// ---------------------------------------------------------------------------------------
// Import

namespace {

using io::Row;

template <std::size_t N>
std::optional<std::string> word(const Row& row, std::string_view key, const std::array<std::string_view, N>& list) {
    auto v = row.text(key);
    if (v && !vocab::contains(list, *v))
        fail(ErrorKind::usage, "{}: unknown value '{}' (expected {})", key, *v, vocab::joined(list));
    return v;
}

struct ParsedRow {
    std::size_t line = 0;
    Ticket ticket;
    NewCustomer customer;         // to find or register
    bool keep_deadlines = false;  // a full export line: deadlines and plan as recorded
    struct Event {
        AuditEvent event;
        json::Value detail;  // null: none
    };
    std::vector<Event> events;
    std::vector<Escalation> escalations;
    std::vector<Compensation> compensations;
};

// What an import line may hold: the keys of the JSON Lines export and the columns of the
// CSV export, which are what parse_row reads.
const std::vector<std::string_view> k_import_columns{"id",
                                                     "status",
                                                     "kind",
                                                     "channel",
                                                     "priority",
                                                     "category",
                                                     "summary",
                                                     "body",
                                                     "tags",
                                                     "need",
                                                     "mood",
                                                     "cause",
                                                     "resolution",
                                                     "owner",
                                                     "assignee",
                                                     "level",
                                                     "level_role",
                                                     "customer",
                                                     "customer_ref",
                                                     "customer_name",
                                                     "customer_phone",
                                                     "customer_email",
                                                     "customer_tier",
                                                     "created_at",
                                                     "updated_at",
                                                     "first_responded_at",
                                                     "resolved_at",
                                                     "closed_at",
                                                     "paused_at",
                                                     "sla",
                                                     "policy_version",
                                                     "first_response_due",
                                                     "first_response_warn",
                                                     "next_response_due",
                                                     "next_response_warn",
                                                     "resolve_due",
                                                     "resolve_warn",
                                                     "resolve_start",
                                                     "resolve_paused",
                                                     "resolve_paused_wall",
                                                     "paused_total",
                                                     "solution_due",
                                                     "solution_warn",
                                                     "response_count",
                                                     "contacts",
                                                     "reopen_count",
                                                     "transfer_count",
                                                     "risk_keyword",
                                                     "events",
                                                     "escalations",
                                                     "compensations"};

ParsedRow parse_row(Context& ctx, const Row& row, std::size_t line) {
    const Zone& zone = ctx.policy().zone;
    const Instant now = ctx.now();
    ParsedRow p;
    p.line = line;
    Ticket& t = p.ticket;
    if (auto id = row.integer("id")) {
        if (*id <= 0 || *id > k_max_ticket_id)
            fail(ErrorKind::usage, "id: {} is not a ticket number (1 to {})", *id, k_max_ticket_id);
        t.id = *id;
    }
    const auto channel = word(row, "channel", vocab::channels);
    if (!channel) fail(ErrorKind::usage, "channel: missing");
    t.channel = *channel;
    const auto kind = word(row, "kind", vocab::kinds);
    if (!kind) fail(ErrorKind::usage, "kind: missing");
    t.kind = *kind;
    t.priority = word(row, "priority", vocab::priorities).value_or("normal");
    t.status = *ticket_status_named(word(row, "status", vocab::statuses).value_or("open"));
    t.summary = text::checked("summary", row.required("summary"), text::k_max_summary);
    if (auto v = row.text("body")) t.body = text::checked("body", *v, text::k_max_body);
    if (auto v = row.text("category")) t.category = text::checked("category", *v, 100);
    t.need = word(row, "need", vocab::needs);
    t.mood = word(row, "mood", vocab::moods);
    t.cause = word(row, "cause", vocab::causes);
    if (auto v = row.text("resolution")) t.resolution = text::checked("resolution", *v, text::k_max_body);
    if (const json::Value* tags = row.get("tags")) {
        std::vector<std::string> raw;
        if (tags->is_array()) {
            for (const auto& tag : tags->as_array()) {
                if (!tag.is_string()) fail(ErrorKind::usage, "tags: expected strings");
                raw.push_back(tag.as_string());
            }
        } else if (tags->is_string()) {
            std::string s = tags->as_string();
            for (std::size_t pos = 0; pos <= s.size();) {
                const std::size_t end = std::min(s.find(';', pos), s.size());
                if (end > pos) raw.push_back(s.substr(pos, end - pos));
                pos = end + 1;
            }
        } else {
            fail(ErrorKind::usage, "tags: expected a list or a ';'-separated string");
        }
        for (const auto& tag : raw) t.tags.push_back(text::checked("tags", tag, 50));
    }
    const std::string actor = ctx.actor();
    t.owner = text::checked("owner", row.text("owner").value_or(actor), 64);
    t.assignee = text::checked("assignee", row.text("assignee").value_or(t.owner), 64);
    if (auto level = row.integer("level")) {
        if (*level < 0 || *level >= static_cast<std::int64_t>(ctx.policy().levels.size()))
            fail(ErrorKind::usage, "level: {} is not an escalation level", *level);
        t.level = static_cast<int>(*level);
    }

    auto at = [&](std::string_view key) { return row.instant(key, zone, now); };
    const auto created = at("created_at");
    if (!created) fail(ErrorKind::usage, "created_at: missing (the ticket keeps its original time)");
    t.created_at = *created;
    if (t.created_at > now)
        fail(ErrorKind::usage, "created_at: {} is in the future", format_instant(t.created_at, zone));
    t.first_responded_at = at("first_responded_at");
    t.resolved_at = at("resolved_at");
    t.closed_at = at("closed_at");
    t.paused_at = at("paused_at");
    for (auto [key, v] : {std::pair{"first_responded_at", t.first_responded_at},
                          {"resolved_at", t.resolved_at},
                          {"closed_at", t.closed_at},
                          {"paused_at", t.paused_at}}) {
        if (v && *v < t.created_at) fail(ErrorKind::usage, "{}: before created_at", key);
        if (v && *v > now) fail(ErrorKind::usage, "{}: in the future", key);
    }
    if ((t.status == TicketStatus::resolved || t.status == TicketStatus::closed) && !t.resolved_at)
        fail(ErrorKind::usage, "resolved_at: missing for a {} ticket", t.status);
    if (t.status == TicketStatus::closed && !t.closed_at)
        fail(ErrorKind::usage, "closed_at: missing for a closed ticket");
    if ((t.status == TicketStatus::open || t.status == TicketStatus::pending) && (t.resolved_at || t.closed_at))
        fail(ErrorKind::usage, "status: an {} ticket cannot have resolved_at or closed_at", t.status);
    if (t.status == TicketStatus::pending && !t.paused_at) t.paused_at = t.created_at;
    if (t.status != TicketStatus::pending) t.paused_at.reset();

    // The customer: a nested object (svc's own export) or customer_* columns.
    const json::Value* nested = row.get("customer");
    auto customer_field = [&](std::string_view key) -> std::optional<std::string> {
        if (nested) {
            if (!nested->is_object()) fail(ErrorKind::usage, "customer: expected an object");
            const json::Value* v = nested->find(key);
            if (!v || v->is_null()) return std::nullopt;
            if (!v->is_string()) fail(ErrorKind::usage, "customer.{}: expected a string", key);
            return v->as_string().empty() ? std::nullopt : std::optional(v->as_string());
        }
        return row.text("customer_" + std::string(key));
    };
    if (auto v = customer_field("name")) p.customer.name = text::checked("customer name", *v, text::k_max_name);
    // An export masks contacts unless --reveal; a masked one is no contact to keep.
    auto unmasked = [](std::string_view key, const std::string& v) {
        if (v.find('*') != std::string::npos)
            fail(ErrorKind::usage, "customer {}: '{}' is masked (export with --reveal to carry contacts)", key, v);
        return v;
    };
    if (auto v = customer_field("phone")) p.customer.phone = normalize_phone("customer phone", unmasked("phone", *v));
    if (auto v = customer_field("email")) p.customer.email = checked_email("customer email", unmasked("email", *v));
    if (auto v = customer_field("ref")) p.customer.ref = text::checked("customer ref", *v, 100);
    if (auto v = customer_field("tier")) {
        if (!vocab::contains(vocab::tiers, *v)) fail(ErrorKind::usage, "customer tier: unknown value '{}'", *v);
        p.customer.tier = *v;
    }
    if (!p.customer.phone && !p.customer.ref && p.customer.name.empty())
        fail(ErrorKind::usage, "customer: give a name with a phone or ref");

    // A full export line keeps its deadlines and its timeline exactly.
    if (auto sla = row.get("sla")) {
        if (!sla->is_object()) fail(ErrorKind::usage, "sla: expected an object");
        p.keep_deadlines = true;
        t.sla = json::dump(*sla);
        t.first_response_due = at("first_response_due");
        t.first_response_warn = at("first_response_warn");
        t.next_response_due = at("next_response_due");
        t.next_response_warn = at("next_response_warn");
        t.resolve_due = at("resolve_due");
        t.resolve_warn = at("resolve_warn");
        t.resolve_start = at("resolve_start").value_or(t.created_at);
        t.resolve_paused = row.integer("resolve_paused").value_or(0);
        t.resolve_paused_wall = row.integer("resolve_paused_wall").value_or(t.resolve_paused);
        t.paused_total = row.integer("paused_total").value_or(0);
        t.reopen_count = static_cast<int>(row.integer("reopen_count").value_or(0));
        t.response_count = static_cast<int>(row.integer("response_count").value_or(0));
        t.contacts = static_cast<int>(row.integer("contacts").value_or(std::max(1, t.response_count)));
        t.transfer_count = static_cast<int>(row.integer("transfer_count").value_or(0));
        t.policy_version = row.integer("policy_version").value_or(0);
        t.solution_due = at("solution_due");
        t.solution_warn = at("solution_warn");
        t.level_role = row.text("level_role");
        t.risk_keyword = row.text("risk_keyword");
    } else {
        t.resolve_start = t.created_at;
        if (t.first_responded_at) t.response_count = 1;
    }
    const Instant last_known =
        std::max({t.created_at, t.first_responded_at.value_or(0), t.resolved_at.value_or(0), t.closed_at.value_or(0)});
    t.updated_at = row.instant("updated_at", zone, now).value_or(last_known);
    if (t.updated_at < last_known || t.updated_at > now)
        fail(ErrorKind::usage, "updated_at: must lie between the ticket's last recorded change and now");

    if (const json::Value* events = row.get("events")) {
        if (!events->is_array()) fail(ErrorKind::usage, "events: expected a list");
        std::size_t i = 0;
        for (const json::Value& ev : events->as_array()) {
            ++i;
            const Row e(ev.is_object() ? ev : json::Value(json::Object{}), true);
            if (!ev.is_object()) fail(ErrorKind::usage, "events[{}]: expected an object", i);
            AuditEvent a;
            a.entity = Entity::ticket;
            const auto event_at = e.instant("at", zone, now);
            if (!event_at) fail(ErrorKind::usage, "events[{}].at: missing", i);
            if (*event_at < t.created_at || *event_at > now)
                fail(ErrorKind::usage, "events[{}].at: {} is outside the ticket's life (created_at to now)", i,
                     format_instant(*event_at, zone));
            a.at = *event_at;
            a.actor = text::checked("events.actor", e.required("actor"), 64);
            a.action = text::checked("events.action", e.required("action"), 64);
            a.kind = event_kind(Entity::ticket, a.action);
            const json::Value* d = e.get("detail");
            p.events.push_back({std::move(a), d ? *d : json::Value()});
        }
    }
    if (const json::Value* list = row.get("escalations")) {
        if (!list->is_array()) fail(ErrorKind::usage, "escalations: expected a list");
        for (const json::Value& item : list->as_array()) {
            if (!item.is_object()) fail(ErrorKind::usage, "escalations: expected objects");
            const Row e(item, true);
            Escalation x;
            const auto levels = static_cast<std::int64_t>(ctx.policy().levels.size());
            const std::int64_t from = e.integer("from_level").value_or(0), to = e.integer("to_level").value_or(0);
            if (from < 0 || to <= from || to >= levels || to > t.level)
                fail(ErrorKind::usage,
                     "escalations: levels {} → {} do not fit the policy's levels or the ticket's level {}", from, to,
                     t.level);
            x.from_level = static_cast<int>(from);
            x.to_level = static_cast<int>(to);
            x.role = e.required("role");
            if (!vocab::contains(vocab::roles, x.role))
                fail(ErrorKind::usage, "escalations: unknown role '{}'", x.role);
            x.handler = e.text("handler");
            x.actor = text::checked("escalations.actor", e.required("actor"), 64);
            x.trigger = e.required("trigger");
            if (x.trigger != "manual" && x.trigger != "resolution_breached" && x.trigger != "solution_breached" &&
                x.trigger != "risk_keyword")
                fail(ErrorKind::usage, "escalations: unknown trigger '{}'", x.trigger);
            x.reason = text::checked("escalations.reason", e.required("reason"), text::k_max_summary);
            const auto when = e.instant("at", zone, now);
            if (!when) fail(ErrorKind::usage, "escalations: 'at' missing");
            if (*when < t.created_at || *when > now)
                fail(ErrorKind::usage, "escalations: 'at' lies outside the ticket's life");
            x.at = *when;
            x.solution_due = e.instant("solution_due", zone, now);
            x.solution_clock = e.text("solution_clock");
            x.ended_at = e.instant("ended_at", zone, now);
            x.outcome = e.text("outcome");
            p.escalations.push_back(std::move(x));
        }
    }
    if (const json::Value* list = row.get("compensations")) {
        if (!list->is_array()) fail(ErrorKind::usage, "compensations: expected a list");
        for (const json::Value& item : list->as_array()) {
            if (!item.is_object()) fail(ErrorKind::usage, "compensations: expected objects");
            const Row e(item, true);
            Compensation c;
            c.agent = text::checked("compensations.agent", e.required("agent"), 64);
            c.role = e.required("role");
            if (!vocab::contains(vocab::roles, c.role))
                fail(ErrorKind::usage, "compensations: unknown role '{}'", c.role);
            const auto fen = e.integer("amount_fen");
            if (!fen || *fen <= 0 || *fen > k_max_fen)
                fail(ErrorKind::usage, "compensations: amount_fen must be a whole number of fen from 1 to {}",
                     k_max_fen);
            c.amount_fen = *fen;
            c.kind = e.required("kind");
            if (!vocab::contains(vocab::compensation_kinds, c.kind))
                fail(ErrorKind::usage, "compensations: unknown kind '{}'", c.kind);
            c.note = e.text("note");
            c.limit_fen = e.integer("limit_fen");
            if (c.limit_fen && (*c.limit_fen < 0 || *c.limit_fen > k_max_fen))
                fail(ErrorKind::usage, "compensations: limit_fen must be a whole number of fen from 0 to {}",
                     k_max_fen);
            c.exception = e.text("exception");
            c.level = static_cast<int>(e.integer("level").value_or(0));
            if (c.level < 0 || c.level > t.level)
                fail(ErrorKind::usage, "compensations: level {} is above the ticket's", c.level);
            const auto when = e.instant("at", zone, now);
            if (!when) fail(ErrorKind::usage, "compensations: 'at' missing");
            if (*when < t.created_at || *when > now)
                fail(ErrorKind::usage, "compensations: 'at' lies outside the ticket's life");
            c.at = *when;
            p.compensations.push_back(std::move(c));
        }
    }
    return p;
}

}  // namespace

ImportReport import_tickets(Context& ctx, io::Input& input, ImportFormat format, bool skip_invalid,
                            const std::vector<std::string>& ignored_columns,
                            const std::function<void(std::size_t, std::size_t)>& progress) {
    const UnitOfWork unit(ctx);
    const io::Columns columns{k_import_columns, ignored_columns};
    require_role(ctx, "supervisor", "import tickets");
    const std::string& source = input.name();
    ImportReport report;
    // Two readings of the file, so neither the file nor its parsed rows are held: the first
    // validates every line and notes the ticket numbers the file claims; the second, when
    // the file is accepted, parses each good line again and writes it.
    std::set<std::int64_t> ids;  // the numbers the file claims
    std::size_t good_rows = 0;
    auto check = [&](std::size_t line, const Row& row) {
        try {
            const std::int64_t id = parse_row(ctx, row, line).ticket.id;
            // Ids must be free in the store and unique in the file; only a good row's id counts.
            if (id && ids.count(id)) fail(ErrorKind::usage, "id: ticket {} appears twice in the file", id);
            if (id && ctx.store().tickets().find_ticket(id))
                fail(ErrorKind::usage, "id: ticket {} already exists in the store", id);
            if (id) ids.insert(id);
            ++good_rows;
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::usage) throw;
            report.problems.push_back({line, e.what()});
        }
    };
    if (!io::read_rows(input, format, columns, check, report.problems)) skip_invalid = false;
    std::sort(report.problems.begin(), report.problems.end(),
              [](const ImportProblem& a, const ImportProblem& b) { return a.line < b.line; });
    if (!report.problems.empty() && !skip_invalid) io::refuse_file(report.problems, source);

    std::set<std::size_t> bad_lines;
    for (const ImportProblem& p : report.problems) bad_lines.insert(p.line);
    // A row without a number takes one past every number of the store and of the file, so it
    // never takes a number a later row claims (the numbers SQLite would give them had the
    // numbered rows gone in first).
    std::int64_t next_id = std::max(ctx.store().tickets().highest_ticket_id(), ids.empty() ? 0 : *ids.rbegin()) + 1;
    const std::int64_t unnumbered = static_cast<std::int64_t>(good_rows - ids.size());
    if (unnumbered > 0 && next_id - 1 > k_max_ticket_id - unnumbered)
        fail(ErrorKind::usage,
             "{}: {} row{} without an id would be numbered past {}, the highest ticket number; "
             "give them ids or lower the ids of the file",
             source, unnumbered, unnumbered == 1 ? "" : "s", k_max_ticket_id);
    const Policy& policy = ctx.policy();
    std::vector<ImportProblem> read_again;  // the first reading reported these already
    auto write = [&](std::size_t line, const Row& row) {
        if (bad_lines.count(line)) return;
        ParsedRow p = parse_row(ctx, row, line);
        Ticket& t = p.ticket;
        if (!t.id) t.id = next_id++;
        // Find the customer by ref, then phone; register them otherwise.
        std::optional<Customer> c;
        if (p.customer.ref) c = ctx.store().people().find_customer_by_ref(*p.customer.ref);
        if (!c && p.customer.phone) c = ctx.store().people().find_customer_by_phone(*p.customer.phone);
        if (c) {
            t.customer_id = c->id;
        } else {
            if (p.customer.name.empty()) p.customer.name = p.customer.ref.value_or(*p.customer.phone);
            t.customer_id = add_customer(ctx, p.customer);
            ++report.customers_created;
        }
        if (!p.keep_deadlines) {
            const auto tier = ctx.store().people().find_customer_by_id(t.customer_id)->tier;
            const SlaSubject subject{t.channel, t.kind, t.priority, tier, t.category.value_or("")};
            t.policy_version = ctx.policy_version();
            apply_sla(policy, plan_sla(policy, subject), t, true);
        } else {
            refresh_next(t);
        }
        if (!t.risk_keyword) t.risk_keyword = find_risk_keyword(policy, t.summary + "\n" + t.body.value_or(""));
        t.id = ctx.store().tickets().insert_ticket(t);
        if (p.events.empty()) {
            const json::Value opened = json::Object{
                {"channel", t.channel}, {"kind", t.kind}, {"priority", t.priority}, {"summary", t.summary}};
            ctx.store().trail().append_audit(
                {0, t.created_at, t.owner, Entity::ticket, t.id, EventKind::ticket_open, "open", ""}, &opened);
        }
        // Each detail is encoded from the value read, as svc's own events are.
        for (ParsedRow::Event& e : p.events) {
            e.event.entity_id = t.id;
            ctx.store().trail().append_audit(e.event, &e.detail);
        }
        for (Escalation& e : p.escalations) {
            e.ticket_id = t.id;
            ctx.store().escalations().insert_escalation(e);
        }
        for (Compensation& c : p.compensations) {
            c.ticket_id = t.id;
            c.customer_id = t.customer_id;
            ctx.store().escalations().insert_compensation(c);
        }
        record_audit(ctx, EventKind::ticket_import, t.id,
                     json::Object{{"source", source}, {"line", static_cast<std::int64_t>(p.line)}});
        ++report.imported;
        if (progress && report.imported % 1000 == 0) progress(report.imported, good_rows);
    };
    input.restart();
    auto second_reading = [&] { io::read_rows(input, format, columns, write, read_again); };
    // Into a store that holds no more tickets than the file brings, the indexes are built
    // once at the end rather than kept in order row by row; into a larger one, they are
    // kept in order with a page cache large enough to hold their pages.
    if (good_rows >= static_cast<std::size_t>(ctx.store().tickets().count_tickets())) {
        ctx.store().with_bulk_indexes_deferred(second_reading);
    } else {
        ctx.store().prepare_bulk_write();
        second_reading();
    }
    return report;
}

}  // namespace svc
