#include "store/events.hpp"

#include <array>

#include "error.hpp"

namespace svc {

namespace {

constexpr std::array<std::string_view, 9> k_entity_names{"",      "ticket", "customer",      "agent",   "policy",
                                                         "store", "kb",     "review_action", "qa_score"};

using K = EventKind;
using E = Entity;

// The payload fields of follow-up events, whichever record they are on.
constexpr std::string_view k_followup_fields = "followup kind due assignee note";
constexpr std::string_view k_followup_done_fields = "followup kind due assignee note outcome on_time unsatisfied";
constexpr std::string_view k_followup_cancel_fields = "followup kind due assignee note reason stop";

const std::vector<EventType> k_catalogue{
    {K::ticket_open, E::ticket, "open",
     "channel kind priority summary customer policy_version body waited external_id attachments assignee owner route"},
    {K::ticket_respond, E::ticket, "respond", "text first_response next_response_due met"},
    {K::ticket_customer_message, E::ticket, "customer_message",
     "text resumed resolution_moved next_response_due via external_id attachments"},
    {K::ticket_note, E::ticket, "note", "text"},
    {K::ticket_update, E::ticket, "update",
     "priority kind summary category first_response_due resolution_due need mood customer tags"},
    {K::ticket_assign, E::ticket, "assign", "assignee owner route"},
    {K::ticket_pending, E::ticket, "pending", "reason"},
    {K::ticket_resume, E::ticket, "resume", "paused_seconds paused_on_clock resolve_due_before resolve_due"},
    {K::ticket_resolve, E::ticket, "resolve", "resolution cause met"},
    {K::ticket_close, E::ticket, "close", ""},
    {K::ticket_reopen, E::ticket, "reopen", "reason from resolve_due"},
    {K::ticket_escalate, E::ticket, "escalate", "from to level role handler trigger reason solution_due"},
    {K::ticket_compensate, E::ticket, "compensate", "amount_fen kind note limit_fen exception"},
    {K::ticket_followup_add, E::ticket, "followup_add", k_followup_fields},
    {K::ticket_followup_done, E::ticket, "followup_done", k_followup_done_fields},
    {K::ticket_followup_cancel, E::ticket, "followup_cancel", k_followup_cancel_fields},
    {K::ticket_survey_send, E::ticket, "survey_send", "survey agent channel"},
    {K::ticket_survey_answer, E::ticket, "survey_answer", "survey agent channel csat nps comment answered_at"},
    {K::ticket_survey_cancel, E::ticket, "survey_cancel", "survey reason"},
    {K::ticket_survey_unsend, E::ticket, "survey_unsend", "survey error"},
    {K::ticket_reply_check, E::ticket, "reply_check", "summary forced vague phrases kb kb_version"},
    {K::ticket_import, E::ticket, "import", "source line"},
    {K::ticket_recompute, E::ticket, "recompute", "first_response_due resolution_due policy_version"},
    {K::customer_add, E::customer, "add", "name phone email tier ref no_survey"},
    {K::customer_update, E::customer, "update", "name phone email tier ref no_survey"},
    {K::customer_note, E::customer, "note", "text"},
    {K::customer_reveal, E::customer, "reveal", "what"},
    {K::customer_followup_add, E::customer, "followup_add", k_followup_fields},
    {K::customer_followup_done, E::customer, "followup_done", k_followup_done_fields},
    {K::customer_followup_cancel, E::customer, "followup_cancel", k_followup_cancel_fields},
    {K::agent_add, E::agent, "add", "login name role team comp_limit active skills"},
    {K::agent_update, E::agent, "update", "login name role team comp_limit active skills"},
    {K::policy_load, E::policy, "load", "source"},
    {K::store_init, E::store, "init", "schema policy_version"},
    {K::store_export, E::store, "export", "tickets"},
    {K::kb_add, E::kb, "kb_add", "version title body category tags"},
    {K::kb_update, E::kb, "kb_update", "version title body category tags"},
    {K::kb_retire, E::kb, "kb_retire", "version reason"},
    {K::review_action_add, E::review_action, "add", "text owner week due tickets"},
    {K::review_action_done, E::review_action, "done", "note"},
    {K::qa_score, E::qa_score, "score", "ticket agent score note"},
    {K::agent_duty_add, E::agent, "duty_add", "shift login starts_at ends_at note"},
    {K::agent_duty_remove, E::agent, "duty_remove", "shift login starts_at ends_at note"},
    {K::customer_lost, E::customer, "lost", "loss lost_at reason"},
    {K::customer_returned, E::customer, "returned", "loss lost_at"},
    {K::ticket_link, E::ticket, "link", "other kind"},
    {K::ticket_unlink, E::ticket, "unlink", "other kind"},
    // On the ticket merged: what it was, to be made again by unmerge.
    {K::ticket_merge, E::ticket, "merge", "into status first_response_due resolve_due next_response_due followups"},
    // On the ticket merged into: the deadlines it took from the other (and had before).
    {K::ticket_merged_in, E::ticket, "merged_in", "from messages first_response_due resolve_due next_response_due"},
    {K::ticket_unmerge, E::ticket, "unmerge", "from into status"},
};

// The catalogue lists the kinds in order of their numbers, from 1.
bool catalogue_in_order() {
    for (std::size_t i = 0; i < k_catalogue.size(); ++i)
        if (static_cast<std::size_t>(k_catalogue[i].kind) != i + 1) return false;
    return true;
}

// A detail kept as it was: verbatim, unless it would read as an encoded payload.
std::string verbatim(std::string_view detail) {
    if (!detail.starts_with('[')) return std::string(detail);
    std::string out = "[-1,";
    json::append_string(out, detail);
    out += ']';
    return out;
}

}  // namespace

std::string_view entity_name(Entity e) {
    const auto i = static_cast<std::size_t>(e);
    return i < k_entity_names.size() ? k_entity_names[i] : std::string_view("unknown");
}

std::optional<Entity> entity_named(std::string_view name) {
    for (std::size_t i = 1; i < k_entity_names.size(); ++i)
        if (k_entity_names[i] == name) return static_cast<Entity>(i);
    return std::nullopt;
}

const std::vector<EventType>& event_catalogue() {
    static const bool ordered = catalogue_in_order();
    if (!ordered) fail(ErrorKind::internal, "the event catalogue is out of order");
    return k_catalogue;
}

const EventType* event_type(EventKind kind) {
    const auto& all = event_catalogue();
    const auto i = static_cast<std::size_t>(kind);
    return i >= 1 && i <= all.size() ? &all[i - 1] : nullptr;
}

EventKind event_kind(Entity entity, std::string_view action) {
    for (const EventType& t : event_catalogue())
        if (t.entity == entity && t.action == action) return t.kind;
    return EventKind::other;
}

std::vector<std::string_view> event_fields(EventKind kind) {
    std::vector<std::string_view> out;
    const EventType* t = event_type(kind);
    if (!t) return out;
    std::string_view rest = t->fields;
    while (!rest.empty()) {
        const std::size_t space = rest.find(' ');
        out.push_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    return out;
}

std::optional<std::string> misfit_field(EventKind kind, const json::Value& detail) {
    if (!detail.is_object()) return detail.is_null() ? std::nullopt : std::optional<std::string>("(not an object)");
    const std::vector<std::string_view> fields = event_fields(kind);
    std::size_t next = 0;
    for (const auto& member : detail.as_object()) {
        while (next < fields.size() && fields[next] != member.first) ++next;
        if (next == fields.size()) return member.first;
        ++next;
    }
    return std::nullopt;
}

std::string encode_detail(EventKind kind, const json::Value& detail) {
    if (detail.is_null()) return {};
    if (!detail.is_object() || misfit_field(kind, detail)) return verbatim(json::dump(detail));
    const std::vector<std::string_view> fields = event_fields(kind);
    std::int64_t mask = 0;
    std::size_t next = 0;
    std::string values;
    for (const auto& [key, value] : detail.as_object()) {
        while (fields[next] != key) ++next;  // misfit_field found each in order
        mask |= std::int64_t{1} << next++;
        values += ',';
        json::append(values, value);
    }
    return "[" + std::to_string(mask) + values + "]";
}

std::string encode_payload(EventKind kind, std::string_view detail) {
    if (detail.empty() || detail[0] != '{') return verbatim(detail);
    json::Value parsed;
    try {
        parsed = json::parse(detail);
    } catch (const Error&) {
        return verbatim(detail);
    }
    if (!parsed.is_object()) return verbatim(detail);
    const std::vector<std::string_view> fields = event_fields(kind);
    const json::Object& members = parsed.as_object();
    std::int64_t mask = 0;
    std::size_t next = 0;  // fields before it are behind us
    std::string out = "[";
    std::string values;
    for (const auto& [key, value] : members) {
        while (next < fields.size() && fields[next] != key) ++next;
        if (next == fields.size()) return verbatim(detail);  // unknown, repeated or out of order
        mask |= std::int64_t{1} << next;
        ++next;
        values += ',';
        json::append(values, value);
    }
    out += std::to_string(mask);
    out += values;
    out += ']';
    // Exact or not at all: a detail written some other way (spacing, escapes) stays verbatim.
    if (decode_payload(kind, out) != detail) return verbatim(detail);
    return out;
}

std::string decode_payload(EventKind kind, std::string_view payload) {
    if (!payload.starts_with('[')) return std::string(payload);
    const json::Value parsed = json::parse(payload);
    const json::Array& items = parsed.as_array();
    if (items.empty() || !items[0].is_integer())
        fail(ErrorKind::storage, "an event's payload is damaged: {}", payload.substr(0, 40));
    const std::int64_t mask = items[0].as_integer();
    if (mask < 0) return items.size() == 2 && items[1].is_string() ? items[1].as_string() : std::string();
    const std::vector<std::string_view> fields = event_fields(kind);
    json::Object object;
    std::size_t item = 1;
    for (std::size_t i = 0; i < fields.size() && item < items.size(); ++i)
        if (mask & (std::int64_t{1} << i)) object.emplace_back(std::string(fields[i]), items[item++]);
    if (item != items.size() || (mask >> fields.size()) != 0)
        fail(ErrorKind::storage, "an event's payload does not match its kind: {}", payload.substr(0, 40));
    return json::dump(json::Value(std::move(object)));
}

}  // namespace svc
