// The event trail in SQLite: events clustered by their record (WITHOUT ROWID, keyed by
// entity, record and id), actors and kinds as small numbers, payloads without field names.
#include <fmt/format.h>

#include <algorithm>

#include "error.hpp"
#include "json/json.hpp"
#include "store/sql/sql_store.hpp"

namespace svc {

namespace {

constexpr const char* k_append_event =
    "INSERT INTO event (entity, entity_id, id, at, actor, kind, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr const char* k_events_of =
    "SELECT e.id, e.at, a.login, e.kind, k.action, e.payload FROM event e "
    "JOIN actor a ON a.id = e.actor JOIN event_kind k ON k.code = e.kind "
    "WHERE e.entity = ?1 AND e.entity_id = ?2 ORDER BY e.id";
constexpr const char* k_last_event_id = "SELECT last FROM event_counter";
constexpr const char* k_set_last_event_id = "UPDATE event_counter SET last = ?1";
constexpr const char* k_find_actor = "SELECT id FROM actor WHERE login = ?1";
constexpr const char* k_insert_actor = "INSERT INTO actor (login) VALUES (?1) RETURNING id";
constexpr const char* k_has_kind = "SELECT EXISTS (SELECT 1 FROM event_kind WHERE code = ?1)";
constexpr const char* k_insert_kind = "INSERT INTO event_kind (code, entity, action, fields) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* k_find_other_kind = "SELECT code FROM event_kind WHERE entity = ?1 AND action = ?2";
constexpr const char* k_next_other_kind = "SELECT max(999, coalesce(max(code), 0)) + 1 FROM event_kind";

// The first code of kinds outside the catalogue.
constexpr std::int64_t k_first_other_kind = 1000;

std::string fields_json(EventKind kind) {
    json::Array names;
    for (const std::string_view f : event_fields(kind)) names.emplace_back(std::string(f));
    return json::dump(json::Value(std::move(names)));
}

}  // namespace

std::int64_t SqlTrail::actor_id(const std::string& login) {
    if (const auto found = m_actors.find(login); found != m_actors.end()) return found->second;
    auto& find = m_db.cached(k_find_actor);
    find.bind(1, login);
    std::int64_t id = 0;
    if (find.step()) {
        id = find.integer(0);
        find.reset();
    } else {
        find.reset();
        auto& insert = m_db.cached(k_insert_actor);
        insert.bind(1, login);
        id = insert.insert_id();
    }
    m_actors.emplace(login, id);
    return id;
}

std::int64_t SqlTrail::kind_code(const AuditEvent& e) {
    if (e.kind != EventKind::other) {
        const auto code = static_cast<std::int64_t>(e.kind);
        if (m_kinds.contains(code)) return code;
        const EventType* type = event_type(e.kind);
        if (!type) fail(ErrorKind::internal, "event kind {} is not in the catalogue", code);
        auto& has = m_db.cached(k_has_kind);
        has.bind(1, code);
        has.step();
        const bool present = has.integer(0) != 0;
        has.reset();
        if (!present) {
            auto& insert = m_db.cached(k_insert_kind);
            insert.bind_all(code, entity_name(type->entity), type->action, fields_json(e.kind));
            insert.run();
        }
        m_kinds.emplace(code, true);
        return code;
    }
    // An action outside the catalogue keeps its own name, under a code of its own.
    const std::string key = fmt::format("{} {}", entity_name(e.entity), e.action);
    if (const auto found = m_other_kinds.find(key); found != m_other_kinds.end()) return found->second;
    auto& find = m_db.cached(k_find_other_kind);
    find.bind_all(entity_name(e.entity), e.action);
    std::int64_t code = 0;
    if (find.step()) {
        code = find.integer(0);
        find.reset();
    } else {
        find.reset();
        code = m_db.cached_integer(k_next_other_kind);
        if (code < k_first_other_kind) code = k_first_other_kind;
        auto& insert = m_db.cached(k_insert_kind);
        insert.bind_all(code, entity_name(e.entity), e.action, "[]");
        insert.run();
    }
    m_other_kinds.emplace(key, code);
    return code;
}

std::int64_t SqlTrail::append_audit(const AuditEvent& e, const json::Value* detail) {
    if (!m_db.in_transaction()) fail(ErrorKind::internal, "an event is appended outside a transaction");
    if (!m_last_id) m_last_id = m_db.cached_integer(k_last_event_id);
    const std::int64_t id = ++*m_last_id;
    const std::int64_t kind = kind_code(e);
    auto& s = m_db.cached(k_append_event);
    s.bind_all(static_cast<std::int64_t>(e.entity), e.entity_id.value_or(0), id, e.at, actor_id(e.actor), kind);
    const std::string payload =
        detail ? encode_detail(e.kind, *detail) : encode_payload(e.kind, std::string_view(e.detail));
    if (payload.empty())
        s.bind(7, std::nullopt);
    else
        s.bind(7, payload);
    s.run();
    return id;
}

void SqlTrail::before_commit() {
    if (!m_last_id) return;
    auto& s = m_db.cached(k_set_last_event_id);
    s.bind(1, *m_last_id);
    s.run();
    m_last_id.reset();
}

void SqlTrail::after_rollback() noexcept {
    m_last_id.reset();
    m_actors.clear();
    m_kinds.clear();
    m_other_kinds.clear();
}

std::vector<AuditEvent> SqlTrail::audit_for(Entity entity, std::int64_t entity_id) {
    auto& s = m_db.cached(k_events_of);
    s.bind(1, static_cast<std::int64_t>(entity)).bind(2, entity_id);
    std::vector<AuditEvent> out;
    while (s.step()) {
        AuditEvent e;
        e.id = s.integer(0);
        e.at = s.integer(1);
        e.actor = s.text(2);
        e.entity = entity;
        e.entity_id = entity_id;
        const std::int64_t code = s.integer(3);
        e.kind = code < k_first_other_kind ? static_cast<EventKind>(code) : EventKind::other;
        e.action = s.text(4);
        if (!s.is_null(5)) e.detail = decode_payload(e.kind, s.text_view(5));
        out.push_back(std::move(e));
    }
    s.reset();
    return out;
}

void convert_trail(sql::Database& db) {
    // Every old row once, in trail order, through the same encoding svc writes with; a
    // detail the catalogue cannot encode exactly is kept verbatim.
    SqlTrail trail(db);
    sql::Statement rows = db.prepare("SELECT id, at, actor, entity, entity_id, action, detail FROM audit ORDER BY id");
    sql::Statement append = db.prepare(k_append_event);
    std::unordered_map<std::string, std::int64_t> entity_codes;
    while (rows.step()) {
        AuditEvent e;
        e.id = rows.integer(0);
        e.at = rows.integer(1);
        e.actor = rows.text(2);
        const std::string entity = rows.text(3);
        const auto known = entity_named(entity);
        if (!known)
            fail(ErrorKind::storage, "the trail has an event of an unknown record type '{}' (event {})", entity, e.id);
        e.entity = *known;
        e.entity_id = rows.opt_integer(4);
        e.action = rows.text(5);
        e.kind = event_kind(e.entity, e.action);
        e.detail = rows.is_null(6) ? std::string() : rows.text(6);
        append.bind_all(static_cast<std::int64_t>(e.entity), e.entity_id.value_or(0), e.id, e.at,
                        trail.actor_id(e.actor), trail.kind_code(e));
        if (e.detail.empty())
            append.bind(7, std::nullopt);
        else
            append.bind(7, encode_payload(e.kind, std::string_view(e.detail)));
        append.run();
        append.reset();
    }
}

namespace {

constexpr std::string_view k_convert_trail = "-- svc:convert-trail\n";
constexpr std::string_view k_past_resolutions = "-- svc:past-resolutions\n";

std::optional<std::int64_t> integer_field(const json::Value& detail, std::string_view name) {
    const json::Value* v = detail.find(name);
    return v && v->is_integer() ? std::optional(v->as_integer()) : std::nullopt;
}

// The resolutions that reopens undid, read back from each reopened ticket's trail as
// lib/store/sql/resolution.hpp counts them, where the trail says enough: time on hold from
// its resumes, the target from the last event that set one (none before a first reopen, as
// the open event does not say it), met as the resolve event said; first contact by the
// rule before contacts were counted (at most one response, no transfer, escalation or reopen).
void backfill_past_resolutions(sql::Database& db) {
    SqlTrail trail(db);
    std::vector<std::int64_t> reopened;
    {
        sql::Statement s = db.prepare("SELECT DISTINCT entity_id FROM event WHERE entity = ?1 AND kind = ?2");
        s.bind_all(static_cast<std::int64_t>(Entity::ticket), static_cast<std::int64_t>(EventKind::ticket_reopen));
        while (s.step()) reopened.push_back(s.integer(0));
    }
    sql::Statement created = db.prepare("SELECT created_at FROM ticket WHERE id = ?1");
    sql::Statement insert = db.prepare(
        "INSERT INTO past_resolution (ticket_id, resolved_at, reopened_at, resolve_due, duration, met, first_contact, "
        "after_reopen, cause) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT DO NOTHING");
    for (const std::int64_t id : reopened) {
        created.bind(1, id);
        if (!created.step()) {
            created.reset();
            continue;
        }
        const Instant created_at = created.integer(0);
        created.reset();
        Seconds paused = 0;
        std::int64_t responses = 0, transfers = 0, escalations = 0, reopens = 0;
        std::optional<Instant> due;
        Instant resolved_at = 0;  // of the resolution in force; 0 while none is
        bool met = false;
        std::optional<std::string> cause;
        for (const AuditEvent& e : trail.audit_for(Entity::ticket, id)) {
            const json::Value detail = e.detail.empty() ? json::Value() : json::parse(e.detail);
            switch (e.kind) {
                case EventKind::ticket_respond:
                    ++responses;
                    break;
                case EventKind::ticket_assign:
                    ++transfers;
                    break;
                case EventKind::ticket_escalate:
                    ++escalations;
                    break;
                case EventKind::ticket_resume:
                    paused += integer_field(detail, "paused_seconds").value_or(0);
                    if (auto d = integer_field(detail, "resolve_due")) due = d;
                    break;
                case EventKind::ticket_update:
                case EventKind::ticket_recompute:
                    if (auto d = integer_field(detail, "resolution_due")) due = d;
                    break;
                case EventKind::ticket_resolve: {
                    resolved_at = e.at;
                    const json::Value* m = detail.find("met");
                    met = m && m->is_bool() && m->as_bool();
                    const json::Value* c = detail.find("cause");
                    cause = c && c->is_string() ? std::optional(c->as_string()) : std::nullopt;
                    break;
                }
                case EventKind::ticket_reopen:
                    if (resolved_at) {
                        insert.bind_all(id, resolved_at, e.at, due, resolved_at - created_at - paused, met ? 1 : 0,
                                        responses <= 1 && transfers == 0 && escalations == 0 && reopens == 0 ? 1 : 0,
                                        reopens > 0 ? 1 : 0, cause);
                        insert.run();
                        insert.reset();
                    }
                    ++reopens;
                    resolved_at = 0;
                    due = integer_field(detail, "resolve_due");
                    break;
                default:
                    break;
            }
        }
    }
}

}  // namespace

void run_migration_step(sql::Database& db, std::string_view step) {
    for (;;) {
        const std::size_t trail_at = step.find(k_convert_trail), past_at = step.find(k_past_resolutions);
        const std::size_t split = std::min(trail_at, past_at);
        if (split == std::string_view::npos) break;
        db.exec(step.substr(0, split));
        if (split == trail_at) {
            convert_trail(db);
            step.remove_prefix(split + k_convert_trail.size());
        } else {
            backfill_past_resolutions(db);
            step.remove_prefix(split + k_past_resolutions.size());
        }
    }
    db.exec(step);
}

}  // namespace svc
