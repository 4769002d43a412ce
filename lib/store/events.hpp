#pragma once
// The event catalogue: every kind of change svc records in the append-only trail, what it
// happened to, and the fields of its payload in their fixed order. Domain code names events
// by kind, never by text; the engines store the kind as a number and the payload as the
// values alone (the field names are here once, not in every row); rendering turns an event
// into a human line (render/events).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "json/json.hpp"
#include "time/instant.hpp"

namespace svc {

// What an event happened to. The numbers are stored: never reuse or renumber one.
enum class Entity : std::uint8_t {
    ticket = 1,
    customer = 2,
    agent = 3,
    policy = 4,
    store = 5,
    kb = 6,
    review_action = 7,
    qa_score = 8,
};
std::string_view entity_name(Entity e);
std::optional<Entity> entity_named(std::string_view name);

// The kinds of event. The numbers are stored: never reuse or renumber one; add new kinds at
// the end. `other` is an event of a kind this catalogue does not list (kept from an import
// or an older store, under its own action name).
enum class EventKind : std::uint16_t {
    other = 0,
    ticket_open = 1,
    ticket_respond = 2,
    ticket_customer_message = 3,
    ticket_note = 4,
    ticket_update = 5,
    ticket_assign = 6,
    ticket_pending = 7,
    ticket_resume = 8,
    ticket_resolve = 9,
    ticket_close = 10,
    ticket_reopen = 11,
    ticket_escalate = 12,
    ticket_compensate = 13,
    ticket_followup_add = 14,
    ticket_followup_done = 15,
    ticket_followup_cancel = 16,
    ticket_survey_send = 17,
    ticket_survey_answer = 18,
    ticket_survey_cancel = 19,
    ticket_survey_unsend = 20,
    ticket_reply_check = 21,
    ticket_import = 22,
    ticket_recompute = 23,
    customer_add = 24,
    customer_update = 25,
    customer_note = 26,
    customer_reveal = 27,
    customer_followup_add = 28,
    customer_followup_done = 29,
    customer_followup_cancel = 30,
    agent_add = 31,
    agent_update = 32,
    policy_load = 33,
    store_init = 34,
    store_export = 35,
    kb_add = 36,
    kb_update = 37,
    kb_retire = 38,
    review_action_add = 39,
    review_action_done = 40,
    qa_score = 41,
    agent_duty_add = 42,
    agent_duty_remove = 43,
    customer_lost = 44,
    customer_returned = 45,
    ticket_link = 46,
    ticket_unlink = 47,
    ticket_merge = 48,
    ticket_merged_in = 49,
    ticket_unmerge = 50,
};

// One kind of event as the catalogue describes it.
struct EventType {
    EventKind kind;
    Entity entity;
    std::string_view action;  // the name people and exports know it by
    std::string_view fields;  // the payload's fields in order, separated by spaces
};

// Every kind but `other`, in order of their numbers.
const std::vector<EventType>& event_catalogue();
// The catalogue's entry; nullptr for `other` or a number it does not list.
const EventType* event_type(EventKind kind);
// The kind an entity's action name is, or `other`.
EventKind event_kind(Entity entity, std::string_view action);
// The payload's field names of a kind, in order (none for `other`).
std::vector<std::string_view> event_fields(EventKind kind);

// A change to one record: when, who, what happened (kind, and the action's name, which is
// all there is of an `other`), to what, and its payload as JSON text (empty for none).
struct AuditEvent {
    std::int64_t id = 0;  // order in the whole trail
    Instant at = 0;
    std::string actor;
    Entity entity = Entity::ticket;
    std::optional<std::int64_t> entity_id;
    EventKind kind = EventKind::other;
    std::string action;
    std::string detail;  // JSON: the text, or before/after of what changed
};

// The payload as stored: a JSON array of a bit mask of the fields present and their values
// in catalogue order, `[5,"text",true]` for {"text":"…","met":true} of fields
// "text first_response met". A detail the kind's fields do not describe in order (an
// imported or older event) is kept verbatim, and one that would read as an array is kept
// as `[-1,"verbatim text"]`. decode_payload(kind, encode_payload(kind, d)) == d always.
std::string encode_payload(EventKind kind, std::string_view detail);
// The same from the detail itself, as svc writes it: no text to read back, and exact because
// the values are written as the whole detail would have been.
std::string encode_detail(EventKind kind, const json::Value& detail);
// The first member of `detail` the kind's fields do not describe in order, if any: what svc
// writes always fits its catalogue.
std::optional<std::string> misfit_field(EventKind kind, const json::Value& detail);
std::string decode_payload(EventKind kind, std::string_view payload);

}  // namespace svc
