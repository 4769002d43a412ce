#include "render/views.hpp"

#include <fmt/format.h>

#include "customers.hpp"
#include "measures.hpp"
#include "render/events.hpp"

namespace svc::render {

namespace {
Cell phone_cell(const std::optional<std::string>& phone, bool reveal) {
    if (!phone) return {};
    return reveal ? Cell(*phone) : Cell(mask_phone(*phone));
}
Cell email_cell(const std::optional<std::string>& email, bool reveal) {
    if (!email) return {};
    return reveal ? Cell(*email) : Cell(mask_email(*email));
}
}  // namespace

RowSet agent_rows(const std::vector<AgentSummary>& agents) {
    RowSet r;
    r.fields = {{"login"},
                {"name"},
                {"role"},
                {"team"},
                {"comp_limit", FieldType::money},
                {"active", FieldType::boolean},
                {"created_at", FieldType::instant},
                {"compensation_total", FieldType::money},
                {"compensation_count", FieldType::integer},
                {"skills"}};
    for (const AgentSummary& s : agents) {
        const Agent& a = s.agent;
        r.rows.push_back({a.login, a.name, a.role, a.team, a.comp_limit, a.active, a.created_at,
                          static_cast<double>(s.compensation.fen) / 100, s.compensation.count,
                          fmt::format("{}", fmt::join(a.skills, ","))});
    }
    return r;
}

RowSet duty_rows(const std::vector<DutyShift>& shifts) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"login"},
                {"starts_at", FieldType::instant},
                {"ends_at", FieldType::instant},
                {"hours", FieldType::duration},
                {"note", FieldType::text, 30},
                {"created_by"}};
    for (const DutyShift& d : shifts)
        r.rows.push_back({d.id, d.login, d.starts_at, d.ends_at, d.ends_at - d.starts_at, d.note, d.created_by});
    return r;
}

namespace {

constexpr std::array<std::string_view, 7> k_weekday_names{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

std::string hour_label(int hour) {
    return fmt::format("{:02}:00", hour);
}

}  // namespace

RowSet hourly_rows(const std::vector<HourlyFigures>& hours, bool by_weekday) {
    RowSet r;
    if (by_weekday) r.fields.push_back({"weekday"});
    for (Field f : std::initializer_list<Field>{{"hour"},
                                                {"tickets", FieldType::integer},
                                                {"per_day", FieldType::number},
                                                {"frt_p50", FieldType::duration},
                                                {"frt_p90", FieldType::duration},
                                                {"frt_sla", FieldType::number}})
        r.fields.push_back(f);
    for (const HourlyFigures& h : hours) {
        std::vector<Cell> row;
        if (by_weekday) row.push_back(std::string(k_weekday_names[static_cast<std::size_t>(*h.weekday)]));
        for (Cell c : std::initializer_list<Cell>{
                 hour_label(h.hour), h.tickets, std::round(h.per_day * 10) / 10, h.frt_p50, h.frt_p90,
                 h.frt_sla ? std::optional(std::round(*h.frt_sla * 10) / 10) : std::nullopt})
            row.push_back(c);
        r.rows.push_back(std::move(row));
    }
    return r;
}

RowSet staffing_rows(const std::vector<StaffingRow>& rows, bool by_weekday) {
    RowSet r;
    if (by_weekday) r.fields.push_back({"weekday"});
    for (Field f : std::initializer_list<Field>{{"hour"},
                                                {"arrivals", FieldType::number},
                                                {"erlangs", FieldType::number},
                                                {"agents", FieldType::integer},
                                                {"service_level", FieldType::number},
                                                {"occupancy", FieldType::number},
                                                {"average_wait", FieldType::duration}})
        r.fields.push_back(f);
    auto one_decimal = [](const std::optional<double>& v) {
        return v ? std::optional(std::round(*v * 10) / 10) : std::nullopt;
    };
    for (const StaffingRow& s : rows) {
        std::vector<Cell> row;
        if (by_weekday) row.push_back(std::string(k_weekday_names[static_cast<std::size_t>(*s.weekday)]));
        for (Cell c : std::initializer_list<Cell>{
                 hour_label(s.hour), std::round(s.arrivals * 10) / 10, std::round(s.erlangs * 100) / 100,
                 std::int64_t{s.agents}, one_decimal(s.service_level), one_decimal(s.occupancy), s.average_wait})
            row.push_back(c);
        r.rows.push_back(std::move(row));
    }
    return r;
}

RowSet work_rows(const std::vector<WorkItem>& items, Instant now) {
    RowSet r;
    r.fields = {{"due", FieldType::instant},    {"due_in", FieldType::duration},   {"kind"},
                {"ticket", FieldType::integer}, {"customer", FieldType::text, 16}, {"who"},
                {"what", FieldType::text, 48}};
    for (const WorkItem& w : items) {
        const std::optional<Seconds> due_in = w.due ? std::optional(*w.due - now) : std::nullopt;
        r.rows.push_back({w.due, due_in, w.kind, w.ticket, w.customer, w.who, w.what});
    }
    return r;
}

RowSet customer_rows(const std::vector<Customer>& customers, bool reveal) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"ref"},
                {"name", FieldType::text, 24},
                {"phone"},
                {"email"},
                {"tier"},
                {"no_survey", FieldType::boolean},
                {"created_at", FieldType::instant}};
    for (const Customer& c : customers)
        r.rows.push_back({c.id, c.ref, c.name, phone_cell(c.phone, reveal), email_cell(c.email, reveal), c.tier,
                          c.no_survey, c.created_at});
    return r;
}

Record customer_record(const CustomerProfile& p, bool reveal) {
    const Customer& c = p.customer;
    Record rec;
    rec.fields = {{"id", FieldType::integer},
                  {"ref"},
                  {"name"},
                  {"phone"},
                  {"email"},
                  {"tier"},
                  {"no_survey", FieldType::boolean},
                  {"created_at", FieldType::instant},
                  {"updated_at", FieldType::instant},
                  {"compensation_total", FieldType::money},
                  {"lost_at", FieldType::instant},
                  {"lost_reason"}};
    rec.values = {c.id,
                  c.ref,
                  c.name,
                  phone_cell(c.phone, reveal),
                  email_cell(c.email, reveal),
                  c.tier,
                  c.no_survey,
                  c.created_at,
                  c.updated_at,
                  static_cast<double>(p.compensation.fen) / 100,
                  p.loss ? Cell(p.loss->lost_at) : Cell(),
                  p.loss ? Cell(p.loss->reason) : Cell()};
    RowSet notes;
    notes.fields = {{"at", FieldType::instant}, {"actor"}, {"text"}};
    for (const CustomerNote& n : p.notes) notes.rows.push_back({n.at, n.actor, n.text});
    rec.sections.emplace_back("notes", std::move(notes));
    RowSet tickets;
    tickets.fields = {{"id", FieldType::integer},
                      {"status"},
                      {"kind"},
                      {"channel"},
                      {"summary", FieldType::text, 40},
                      {"owner"},
                      {"created_at", FieldType::instant},
                      {"resolved_at", FieldType::instant}};
    for (const TicketRow& row : p.tickets) {
        const Ticket& t = row.ticket;
        tickets.rows.push_back({t.id, std::string(to_string(t.status)), t.kind, t.channel, t.summary, t.owner,
                                t.created_at, t.resolved_at});
    }
    rec.sections.emplace_back("tickets", std::move(tickets));
    return rec;
}

RowSet policy_history_rows(const std::vector<PolicyVersion>& versions) {
    RowSet r;
    r.fields = {{"version", FieldType::integer}, {"loaded_at", FieldType::instant}, {"loaded_by"}, {"source"}};
    for (const PolicyVersion& v : versions) r.rows.push_back({v.version, v.loaded_at, v.loaded_by, v.source});
    return r;
}

RowSet store_stats_rows(const StoreStats& s, const std::string& path) {
    RowSet r;
    r.fields = {{"item"}, {"value"}};
    r.rows.push_back({"path", path});
    r.rows.push_back({"file_bytes", s.file_bytes});
    r.rows.push_back({"schema_version", s.schema_version});
    r.rows.push_back({"policy_version", s.policy_version});
    for (const TableCount& t : s.tables) r.rows.push_back({"rows." + t.table, t.rows});
    return r;
}

RowSet store_check_rows(const StoreCheck& c) {
    RowSet r;
    r.fields = {{"check"}, {"result"}};
    r.rows.push_back({"schema_version", std::to_string(c.schema_version)});
    if (c.problems.empty()) r.rows.push_back({"integrity", "ok"});
    for (const auto& p : c.problems) r.rows.push_back({"problem", p});
    return r;
}

namespace {
Cell due_in(const Ticket& t, Instant now) {
    if (!t.next_due) return {};
    return *t.next_due - now;
}
}  // namespace

std::vector<Field> ticket_fields() {
    return {{"id", FieldType::integer},
            {"status"},
            {"kind", FieldType::text, 0, true},
            {"channel"},
            {"priority"},
            {"category", FieldType::text, 0, true},
            {"customer", FieldType::text, 12},
            {"tier", FieldType::text, 0, true},
            {"owner", FieldType::text, 0, true},
            {"assignee"},
            {"level", FieldType::integer},
            {"summary", FieldType::text, 30},
            {"created_at", FieldType::instant, 0, true},
            {"first_response_due", FieldType::instant, 0, true},
            {"first_responded_at", FieldType::instant, 0, true},
            {"resolve_due", FieldType::instant, 0, true},
            {"resolved_at", FieldType::instant, 0, true},
            {"sla_state"},
            {"due_in", FieldType::duration}};
}

std::vector<Cell> ticket_cells(const TicketRow& row, Instant now) {
    const Ticket& t = row.ticket;
    return {t.id,
            std::string(to_string(t.status)),
            t.kind,
            t.channel,
            t.priority,
            t.category,
            row.customer_name,
            row.customer_tier,
            t.owner,
            t.assignee,
            t.level,
            t.summary,
            t.created_at,
            t.first_response_due,
            t.first_responded_at,
            t.resolve_due,
            t.resolved_at,
            std::string(to_string(ticket_sla_state(t, now))),
            due_in(t, now)};
}

Record ticket_record(const TicketDetail& d, Instant now, bool reveal) {
    const Ticket& t = d.ticket;
    const Customer& c = d.customer;
    std::string tags;
    for (const auto& tag : t.tags) tags += (tags.empty() ? "" : ",") + tag;
    Record rec;
    rec.fields = {{"id", FieldType::integer},
                  {"status"},
                  {"kind"},
                  {"channel"},
                  {"priority"},
                  {"category"},
                  {"summary"},
                  {"body"},
                  {"tags"},
                  {"customer_id", FieldType::integer},
                  {"customer"},
                  {"customer_phone"},
                  {"tier"},
                  {"owner"},
                  {"assignee"},
                  {"level", FieldType::integer},
                  {"need"},
                  {"mood"},
                  {"cause"},
                  {"resolution"},
                  {"created_at", FieldType::instant},
                  {"updated_at", FieldType::instant},
                  {"first_response_due", FieldType::instant},
                  {"first_responded_at", FieldType::instant},
                  {"next_response_due", FieldType::instant},
                  {"resolve_due", FieldType::instant},
                  {"resolved_at", FieldType::instant},
                  {"closed_at", FieldType::instant},
                  {"paused_at", FieldType::instant},
                  {"paused_total", FieldType::duration},
                  {"reopen_count", FieldType::integer},
                  {"response_count", FieldType::integer},
                  {"transfer_count", FieldType::integer},
                  {"policy_version", FieldType::integer},
                  {"sla_state"},
                  {"due_in", FieldType::duration},
                  {"level_role"},
                  {"solution_due", FieldType::instant},
                  {"risk_keyword"},
                  {"compensation_total", FieldType::money},
                  {"broken_promises", FieldType::integer}};
    std::int64_t broken = 0;
    for (const Followup& f : d.followups) broken += is_broken(f, now) ? 1 : 0;
    std::int64_t compensation_fen = 0;
    for (const Compensation& c : d.compensations) compensation_fen += c.amount_fen;
    rec.values = {t.id,
                  std::string(to_string(t.status)),
                  t.kind,
                  t.channel,
                  t.priority,
                  t.category,
                  t.summary,
                  t.body,
                  tags.empty() ? Cell() : Cell(tags),
                  c.id,
                  c.name,
                  phone_cell(c.phone, reveal),
                  c.tier,
                  t.owner,
                  t.assignee,
                  t.level,
                  t.need,
                  t.mood,
                  t.cause,
                  t.resolution,
                  t.created_at,
                  t.updated_at,
                  t.first_response_due,
                  t.first_responded_at,
                  t.next_response_due,
                  t.resolve_due,
                  t.resolved_at,
                  t.closed_at,
                  t.paused_at,
                  t.paused_total,
                  t.reopen_count,
                  t.response_count,
                  t.transfer_count,
                  t.policy_version,
                  std::string(to_string(ticket_sla_state(t, now))),
                  due_in(t, now),
                  t.level_role,
                  t.solution_due,
                  t.risk_keyword,
                  static_cast<double>(compensation_fen) / 100,
                  broken};

    RowSet targets;
    targets.fields = {{"target"},
                      {"rule"},
                      {"clock"},
                      {"due", FieldType::instant},
                      {"met_at", FieldType::instant},
                      {"state"},
                      {"left", FieldType::duration}};
    for (const TargetStatus& s : d.targets) {
        const Cell left = !s.met_at && s.due ? Cell(*s.due - now) : Cell();
        targets.rows.push_back({std::string(to_string(s.target)), s.rule, std::string(to_string(s.clock)), s.due,
                                s.met_at, std::string(to_string(s.state)), left});
    }
    rec.sections.emplace_back("targets", std::move(targets));
    rec.sections.emplace_back("escalations", escalation_rows(d.escalations, d.levels, now));
    rec.sections.emplace_back("compensations", compensation_rows(d.compensations));
    rec.sections.emplace_back("followups", followup_rows(d.followups, now, d.zone));
    rec.sections.emplace_back("surveys", survey_rows(d.surveys, now, d.survey_expire_days));

    RowSet notes;
    notes.fields = {{"at", FieldType::instant}, {"actor"}, {"text"}};
    for (const CustomerNote& n : d.customer_notes) notes.rows.push_back({n.at, n.actor, n.text});
    rec.sections.emplace_back("customer_notes", std::move(notes));

    RowSet links;
    links.fields = {
        {"ticket", FieldType::integer}, {"link"}, {"other", FieldType::integer}, {"at", FieldType::instant}, {"actor"}};
    for (const TicketLink& l : d.links) links.rows.push_back({l.ticket_id, l.kind, l.other_id, l.at, l.actor});
    rec.sections.emplace_back("links", std::move(links));

    RowSet timeline;
    timeline.fields = {{"at", FieldType::instant}, {"actor"}, {"event"}, {"text", FieldType::text, 80}};
    for (const AuditEvent& e : d.timeline) {
        std::string text = describe_event(e, d.zone);
        // A message of a ticket merged into this one says whose it was.
        if (e.entity_id && *e.entity_id != d.ticket.id) text = fmt::format("(#{}) {}", *e.entity_id, text);
        timeline.rows.push_back({e.at, e.actor, e.action, std::move(text)});
    }
    rec.sections.emplace_back("timeline", std::move(timeline));
    return rec;
}

RowSet moved_deadline_rows(const std::vector<MovedDeadline>& moved) {
    RowSet r;
    r.fields = {
        {"ticket", FieldType::integer}, {"target"}, {"before", FieldType::instant}, {"after", FieldType::instant}};
    for (const MovedDeadline& m : moved) r.rows.push_back({m.ticket, m.target, m.before, m.after});
    return r;
}

json::Value ticket_export_json(const ExportedTicket& e, const Zone& zone, bool reveal) {
    const Ticket& t = e.ticket;
    auto at = [&](const std::optional<Instant>& v) {
        return v ? json::Value(format_instant(*v, zone)) : json::Value();
    };
    json::Array tags;
    for (const auto& tag : t.tags) tags.emplace_back(tag);
    json::Object customer{{"name", e.customer.name},
                          {"phone", phone_cell(e.customer.phone, reveal)},
                          {"email", email_cell(e.customer.email, reveal)},
                          {"tier", e.customer.tier},
                          {"ref", e.customer.ref}};
    json::Array events;
    for (const AuditEvent& a : e.events) {
        json::Value detail;
        if (!a.detail.empty()) {
            try {
                detail = json::parse(a.detail);
            } catch (const std::exception&) {
                detail = json::Value(a.detail);
            }
        }
        events.emplace_back(json::Object{
            {"at", format_instant(a.at, zone)}, {"actor", a.actor}, {"action", a.action}, {"detail", detail}});
    }
    json::Array escalations;
    for (const Escalation& x : e.escalations)
        escalations.emplace_back(json::Object{{"from_level", x.from_level},
                                              {"to_level", x.to_level},
                                              {"role", x.role},
                                              {"handler", x.handler},
                                              {"actor", x.actor},
                                              {"trigger", x.trigger},
                                              {"reason", x.reason},
                                              {"at", at(x.at)},
                                              {"solution_due", at(x.solution_due)},
                                              {"solution_clock", x.solution_clock},
                                              {"ended_at", at(x.ended_at)},
                                              {"outcome", x.outcome}});
    json::Array compensations;
    for (const Compensation& c : e.compensations)
        compensations.emplace_back(json::Object{{"agent", c.agent},
                                                {"role", c.role},
                                                {"amount_fen", c.amount_fen},
                                                {"kind", c.kind},
                                                {"note", c.note},
                                                {"limit_fen", c.limit_fen},
                                                {"exception", c.exception},
                                                {"level", c.level},
                                                {"at", at(c.at)}});
    json::Value sla;
    try {
        sla = json::parse(t.sla);
    } catch (const std::exception&) {
    }
    return json::Object{{"id", t.id},
                        {"status", std::string(to_string(t.status))},
                        {"kind", t.kind},
                        {"channel", t.channel},
                        {"priority", t.priority},
                        {"category", t.category},
                        {"summary", t.summary},
                        {"body", t.body},
                        {"tags", json::Value(std::move(tags))},
                        {"owner", t.owner},
                        {"assignee", t.assignee},
                        {"level", t.level},
                        {"need", t.need},
                        {"mood", t.mood},
                        {"cause", t.cause},
                        {"resolution", t.resolution},
                        {"created_at", at(t.created_at)},
                        {"updated_at", at(t.updated_at)},
                        {"first_response_due", at(t.first_response_due)},
                        {"first_response_warn", at(t.first_response_warn)},
                        {"first_responded_at", at(t.first_responded_at)},
                        {"next_response_due", at(t.next_response_due)},
                        {"next_response_warn", at(t.next_response_warn)},
                        {"resolve_due", at(t.resolve_due)},
                        {"resolve_warn", at(t.resolve_warn)},
                        {"resolve_start", at(t.resolve_start)},
                        {"resolve_paused", t.resolve_paused},
                        {"resolve_paused_wall", t.resolve_paused_wall},
                        {"contacts", t.contacts},
                        {"resolved_at", at(t.resolved_at)},
                        {"closed_at", at(t.closed_at)},
                        {"paused_at", at(t.paused_at)},
                        {"paused_total", t.paused_total},
                        {"reopen_count", t.reopen_count},
                        {"response_count", t.response_count},
                        {"transfer_count", t.transfer_count},
                        {"policy_version", t.policy_version},
                        {"sla", sla},
                        {"solution_due", at(t.solution_due)},
                        {"solution_warn", at(t.solution_warn)},
                        {"level_role", t.level_role},
                        {"risk_keyword", t.risk_keyword},
                        {"customer", json::Value(std::move(customer))},
                        {"events", json::Value(std::move(events))},
                        {"escalations", json::Value(std::move(escalations))},
                        {"compensations", json::Value(std::move(compensations))}};
}

std::vector<Field> ticket_export_fields() {
    return {{"id", FieldType::integer},
            {"status"},
            {"kind"},
            {"channel"},
            {"priority"},
            {"category"},
            {"summary"},
            {"body"},
            {"tags"},
            {"need"},
            {"mood"},
            {"cause"},
            {"resolution"},
            {"owner"},
            {"assignee"},
            {"level", FieldType::integer},
            {"customer_ref"},
            {"customer_name"},
            {"customer_phone"},
            {"customer_email"},
            {"customer_tier"},
            {"created_at", FieldType::instant},
            {"first_responded_at", FieldType::instant},
            {"resolved_at", FieldType::instant},
            {"closed_at", FieldType::instant},
            {"paused_at", FieldType::instant},
            {"updated_at", FieldType::instant}};
}

std::vector<Cell> ticket_export_cells(const ExportedTicket& e, bool reveal) {
    const Ticket& t = e.ticket;
    std::string tags;
    for (const auto& tag : t.tags) tags += (tags.empty() ? "" : ";") + tag;
    return {t.id,
            std::string(to_string(t.status)),
            t.kind,
            t.channel,
            t.priority,
            t.category,
            t.summary,
            t.body,
            tags.empty() ? Cell() : Cell(tags),
            t.need,
            t.mood,
            t.cause,
            t.resolution,
            t.owner,
            t.assignee,
            t.level,
            e.customer.ref,
            e.customer.name,
            phone_cell(e.customer.phone, reveal),
            email_cell(e.customer.email, reveal),
            e.customer.tier,
            t.created_at,
            t.first_responded_at,
            t.resolved_at,
            t.closed_at,
            t.paused_at,
            t.updated_at};
}

RowSet import_problem_rows(const std::vector<ImportProblem>& problems) {
    RowSet r;
    r.fields = {{"line", FieldType::integer}, {"problem"}};
    for (const auto& p : problems) r.rows.push_back({static_cast<std::int64_t>(p.line), p.message});
    return r;
}

RowSet escalation_rows(const std::vector<Escalation>& escalations, const std::vector<EscalationLevel>& levels,
                       Instant now) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"ticket", FieldType::integer},
                {"from_level", FieldType::integer, 0, true},
                {"to_level", FieldType::integer},
                {"level_name"},
                {"role", FieldType::text, 0, true},
                {"handler"},
                {"actor", FieldType::text, 0, true},
                {"trigger"},
                {"reason", FieldType::text, 40},
                {"at", FieldType::instant},
                {"solution_due", FieldType::instant},
                {"ended_at", FieldType::instant, 0, true},
                {"state"}};
    for (const Escalation& e : escalations) {
        const auto index = static_cast<std::size_t>(e.to_level);
        const Cell name = index < levels.size() ? Cell(levels[index].name) : Cell();
        r.rows.push_back({e.id, e.ticket_id, e.from_level, e.to_level, name, e.role, e.handler, e.actor, e.trigger,
                          e.reason, e.at, e.solution_due, e.ended_at, escalation_state(e, now)});
    }
    return r;
}

std::vector<Field> sweep_action_fields() {
    return {{"at", FieldType::instant},
            {"ticket", FieldType::integer},
            {"action"},
            {"target"},
            {"level", FieldType::integer},
            {"recipient"},
            {"detail", FieldType::text, 60}};
}

std::vector<Cell> sweep_action_cells(const SweepAction& a) {
    return {a.at, a.ticket, a.action, a.target, a.level, a.recipient, a.detail};
}

RowSet compensation_rows(const std::vector<Compensation>& compensations) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},   {"at", FieldType::instant},  {"agent"},     {"role"}, {"kind"},
                {"amount", FieldType::money}, {"limit", FieldType::money}, {"exception"}, {"note"}};
    for (const Compensation& c : compensations)
        r.rows.push_back({c.id, c.at, c.agent, c.role, c.kind, static_cast<double>(c.amount_fen) / 100,
                          c.limit_fen ? Cell(static_cast<double>(*c.limit_fen) / 100) : Cell(), c.exception, c.note});
    return r;
}

RowSet followup_rows(const std::vector<Followup>& followups, Instant now, const Zone& zone) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"kind"},
                {"ticket", FieldType::integer},
                {"customer_id", FieldType::integer, 0, true},
                {"assignee"},
                {"due", FieldType::instant},
                {"state"},
                {"broken", FieldType::boolean},
                {"done_at", FieldType::instant, 0, true},
                {"on_time", FieldType::boolean, 0, true},
                {"unsatisfied", FieldType::boolean, 0, true},
                {"outcome", FieldType::text, 30, true},
                {"note", FieldType::text, 30},
                {"every", FieldType::duration, 0, true},
                {"reminded_at", FieldType::instant, 0, true}};
    for (const Followup& f : followups) {
        const auto on_time = done_on_time(f);
        r.rows.push_back({f.id, f.kind, f.ticket_id, f.customer_id, f.assignee, f.due, followup_state(f, now, zone),
                          is_broken(f, now), f.done_at, on_time ? Cell(*on_time) : Cell(), f.unsatisfied, f.outcome,
                          f.note, f.every, f.reminded_at});
    }
    return r;
}

RowSet at_risk_rows(const std::vector<AtRiskCustomer>& customers, bool reveal) {
    RowSet r;
    // lost: when they left, if they are recorded lost now (the warning's outcome).
    r.fields = {{"id", FieldType::integer}, {"name"}, {"tier"}, {"phone"}, {"reasons"}, {"lost", FieldType::instant}};
    for (const AtRiskCustomer& c : customers) {
        std::string reasons;
        for (const auto& why : c.reasons) reasons += (reasons.empty() ? "" : "; ") + why;
        r.rows.push_back({c.customer.id, c.customer.name, c.customer.tier, phone_cell(c.customer.phone, reveal),
                          reasons, c.lost_now() ? Cell(c.loss->lost_at) : Cell()});
    }
    return r;
}

namespace {
// Where the survey goes: the address of the ticket's channel, else whatever we have.
std::optional<std::string> contact_of(const Customer& c, std::string_view channel) {
    if (channel == "email") return c.email ? c.email : c.phone;
    return c.phone ? c.phone : c.email;
}
}  // namespace

RowSet survey_due_rows(const std::vector<SurveyDue>& due, bool reveal) {
    RowSet r;
    r.fields = {{"ticket", FieldType::integer},
                {"customer_id", FieldType::integer, 0, true},
                {"customer"},
                {"contact"},
                {"phone", FieldType::text, 0, true},
                {"email", FieldType::text, 0, true},
                {"channel"},
                {"owner"},
                {"kind"},
                {"category", FieldType::text, 0, true},
                {"resolved_at", FieldType::instant},
                {"window_end", FieldType::instant, 0, true},
                {"summary", FieldType::text, 30}};
    for (const SurveyDue& d : due) {
        const Ticket& t = d.ticket;
        const auto contact = contact_of(d.customer, t.channel);
        Cell contact_cell;
        if (contact)
            contact_cell =
                contact->find('@') != std::string::npos ? email_cell(contact, reveal) : phone_cell(contact, reveal);
        r.rows.push_back({t.id, d.customer.id, d.customer.name, contact_cell, phone_cell(d.customer.phone, reveal),
                          email_cell(d.customer.email, reveal), t.channel, t.owner, t.kind, t.category, t.resolved_at,
                          d.window_end, t.summary});
    }
    return r;
}

RowSet survey_rows(const std::vector<Survey>& surveys, Instant now, int expire_days) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"ticket", FieldType::integer},
                {"customer_id", FieldType::integer, 0, true},
                {"agent"},
                {"channel"},
                {"sent_at", FieldType::instant},
                {"state"},
                {"answered_at", FieldType::instant},
                {"csat", FieldType::integer},
                {"nps", FieldType::integer},
                {"comment", FieldType::text, 30},
                {"sent_by", FieldType::text, 0, true},
                {"recorded_by", FieldType::text, 0, true},
                {"cancel_reason", FieldType::text, 20, true}};
    for (const Survey& s : surveys)
        r.rows.push_back({s.id, s.ticket_id, s.customer_id, s.agent, s.channel, s.sent_at,
                          survey_state(s, now, expire_days), s.answered_at, s.csat, s.nps, s.comment, s.sent_by,
                          s.recorded_by, s.cancel_reason});
    return r;
}

RowSet survey_stats_rows(const std::vector<SatisfactionCounts>& counts, std::string_view group) {
    RowSet r;
    if (!group.empty()) r.fields.push_back({std::string(group)});
    const std::vector<Field> figures{{"sent", FieldType::integer},
                                     {"answered", FieldType::integer},
                                     {"response_rate", FieldType::number},
                                     {"csat", FieldType::number},
                                     {"csat_avg", FieldType::number},
                                     {"nps", FieldType::number},
                                     {"promoters", FieldType::integer},
                                     {"passives", FieldType::integer},
                                     {"detractors", FieldType::integer},
                                     {"csat_1", FieldType::integer, 0, true},
                                     {"csat_2", FieldType::integer, 0, true},
                                     {"csat_3", FieldType::integer, 0, true},
                                     {"csat_4", FieldType::integer, 0, true},
                                     {"csat_5", FieldType::integer, 0, true}};
    r.fields.insert(r.fields.end(), figures.begin(), figures.end());
    for (const SatisfactionCounts& c : counts) {
        std::vector<Cell> row;
        if (!group.empty()) row.emplace_back(c.group);
        for (Cell cell :
             {Cell(c.sent), Cell(c.answered), Cell(response_rate(c)), Cell(csat_score(c)), Cell(csat_average(c)),
              Cell(nps_score(c)), Cell(c.promoters), Cell(c.passives), Cell(c.detractors), Cell(c.csat[0]),
              Cell(c.csat[1]), Cell(c.csat[2]), Cell(c.csat[3]), Cell(c.csat[4])})
            row.push_back(std::move(cell));
        r.rows.push_back(std::move(row));
    }
    return r;
}

}  // namespace svc::render

namespace svc::render {

namespace {
FieldType metric_type(MetricKind k) {
    switch (k) {
        case MetricKind::count:
            return FieldType::integer;
        case MetricKind::seconds:
            return FieldType::duration;
        case MetricKind::money:
            return FieldType::money;
        default:
            return FieldType::number;
    }
}

// Counts and seconds are whole numbers: JSON shows them without a fraction.
Cell metric_cell(MetricKind k, const std::optional<double>& v) {
    if (!v) return {};
    if (k == MetricKind::count || k == MetricKind::seconds) return static_cast<std::int64_t>(*v);
    return *v;
}

std::string kind_name(MetricKind k) {
    switch (k) {
        case MetricKind::count:
            return "count";
        case MetricKind::rate:
            return "percent";
        case MetricKind::seconds:
            return "seconds";
        case MetricKind::money:
            return "yuan";
        case MetricKind::average:
            return "average";
    }
    return "";
}
}  // namespace

RowSet kpi_rows(const KpiReport& report) {
    RowSet r;
    const bool compare = report.previous.has_value();
    r.fields.push_back({"period"});
    if (report.by != KpiDimension::none) r.fields.push_back({std::string(dimension_name(report.by))});
    for (const MetricDef* m : report.metrics) {
        const FieldType t = metric_type(m->kind);
        r.fields.push_back({std::string(m->name), t});
        if (compare) {
            r.fields.push_back({std::string(m->name) + "_prev", t});
            // A change of a count or a time is still a count or a time, possibly negative.
            r.fields.push_back({std::string(m->name) + "_change", t == FieldType::duration ? FieldType::integer : t});
        }
    }
    for (const KpiRow& row : report.rows) {
        std::vector<Cell> cells{report.period.label};
        if (report.by != KpiDimension::none) cells.emplace_back(row.group);
        for (std::size_t i = 0; i < report.metrics.size(); ++i) {
            const MetricDef& m = *report.metrics[i];
            cells.push_back(metric_cell(m.kind, row.values[i]));
            if (compare) {
                cells.push_back(metric_cell(m.kind, row.previous[i]));
                cells.push_back(metric_cell(m.kind, metric_change(m, row.values[i], row.previous[i])));
            }
        }
        r.rows.push_back(std::move(cells));
    }
    return r;
}

RowSet kpi_metric_rows(const std::vector<MetricDef>& metrics) {
    RowSet r;
    r.fields = {{"metric"}, {"unit"}, {"definition"}};
    for (const MetricDef& m : metrics)
        r.rows.push_back({std::string(m.name), kind_name(m.kind), std::string(m.definition)});
    return r;
}

RowSet star_rows(const StarsReport& report) {
    RowSet r;
    r.fields = {{"period"},
                {"rank", FieldType::integer},
                {"agent"},
                {"csat", FieldType::number},
                {"answers", FieldType::integer},
                {"promise_kept", FieldType::number},
                {"promises_due", FieldType::integer},
                {"promises_kept", FieldType::integer},
                {"resolved", FieldType::integer},
                {"reason"}};
    for (const StarCandidate& s : report.candidates) {
        std::string reason;
        if (s.csat)
            reason = fmt::format("CSAT {:.1f}% of {} answer{}", *s.csat, s.answers, s.answers == 1 ? "" : "s");
        else
            reason = "no survey answers";
        reason += s.promises_due ? fmt::format("; {} of {} promises kept", s.promises_kept, s.promises_due)
                                 : std::string("; no promises due");
        reason += fmt::format("; {} resolved", s.resolved);
        if (!s.rank)
            reason = fmt::format("left out: {} of the {} answers needed ({})", s.answers, report.min_answers, reason);
        r.rows.push_back({report.period.label, s.rank ? Cell(*s.rank) : Cell(), s.agent, s.csat, s.answers,
                          s.promise_kept, s.promises_due, s.promises_kept, s.resolved, reason});
    }
    return r;
}

}  // namespace svc::render

namespace svc::render {

namespace {
std::string joined_tags(const std::vector<std::string>& tags) {
    std::string out;
    for (const auto& t : tags) out += (out.empty() ? "" : ",") + t;
    return out;
}
}  // namespace

RowSet kb_rows(const std::vector<KbEntry>& entries) {
    RowSet r;
    r.fields = {{"id", FieldType::integer},
                {"title", FieldType::text, 40},
                {"category"},
                {"tags"},
                {"version", FieldType::integer},
                {"state"},
                {"updated_at", FieldType::instant},
                {"updated_by"},
                {"body", FieldType::text, 0, true}};
    for (const KbEntry& e : entries)
        r.rows.push_back({e.id, e.title, e.category, joined_tags(e.tags), e.version,
                          e.retired_at ? "retired" : "active", e.updated_at, e.updated_by, e.body});
    return r;
}

Record kb_record(const KbEntry& e) {
    Record rec;
    rec.fields = {{"id", FieldType::integer},
                  {"title"},
                  {"category"},
                  {"tags"},
                  {"version", FieldType::integer},
                  {"state"},
                  {"created_at", FieldType::instant},
                  {"created_by"},
                  {"updated_at", FieldType::instant},
                  {"updated_by"},
                  {"retired_at", FieldType::instant},
                  {"retired_by"},
                  {"retire_reason"},
                  {"body"}};
    rec.values = {e.id,
                  e.title,
                  e.category,
                  joined_tags(e.tags),
                  e.version,
                  e.retired_at ? "retired" : "active",
                  e.created_at,
                  e.created_by,
                  e.updated_at,
                  e.updated_by,
                  e.retired_at,
                  e.retired_by,
                  e.retire_reason,
                  e.body};
    return rec;
}

RowSet kb_version_rows(const std::vector<KbVersion>& versions) {
    RowSet r;
    r.fields = {{"version", FieldType::integer},
                {"at", FieldType::instant},
                {"actor"},
                {"title", FieldType::text, 40},
                {"category"},
                {"tags"},
                {"body", FieldType::text, 40}};
    for (const KbVersion& v : versions)
        r.rows.push_back({v.version, v.at, v.actor, v.title, v.category, joined_tags(v.tags), v.body});
    return r;
}

Record kb_version_record(const KbVersion& v) {
    Record rec;
    rec.fields = {{"id", FieldType::integer},
                  {"version", FieldType::integer},
                  {"at", FieldType::instant},
                  {"actor"},
                  {"title"},
                  {"category"},
                  {"tags"},
                  {"body"}};
    rec.values = {v.entry_id, v.version, v.at, v.actor, v.title, v.category, joined_tags(v.tags), v.body};
    return rec;
}

RowSet kb_hit_rows(const std::vector<KbHit>& hits) {
    RowSet r;
    r.fields = {{"rank", FieldType::integer},
                {"id", FieldType::integer},
                {"title", FieldType::text, 30},
                {"category"},
                {"state"},
                {"snippet", FieldType::text, 60}};
    std::int64_t rank = 0;
    for (const KbHit& h : hits)
        r.rows.push_back({++rank, h.entry.id, h.entry.title, h.entry.category,
                          h.entry.retired_at ? "retired" : "active", h.snippet});
    return r;
}

RowSet finding_rows(const std::vector<Finding>& findings) {
    RowSet r;
    r.fields = {{"line", FieldType::integer},     {"column", FieldType::integer},       {"kind"}, {"phrase"}, {"match"},
                {"instead", FieldType::text, 40}, {"reason", FieldType::text, 40, true}};
    for (const Finding& f : findings)
        r.rows.push_back({static_cast<std::int64_t>(f.line), static_cast<std::int64_t>(f.column), to_string(f.kind),
                          f.phrase, f.match, f.instead, f.reason});
    return r;
}

}  // namespace svc::render
