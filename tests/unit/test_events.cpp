// The event catalogue and the compact payload (lib/store/events.hpp).
#include <doctest/doctest.h>

#include <set>

#include "store/events.hpp"
#include "support.hpp"

using namespace svc;

TEST_CASE("every kind of the catalogue has its own number, record type and action") {
    std::set<std::pair<Entity, std::string_view>> seen;
    std::size_t expected = 1;
    for (const EventType& t : event_catalogue()) {
        CHECK(static_cast<std::size_t>(t.kind) == expected++);
        CHECK(seen.insert({t.entity, t.action}).second);
        CHECK(event_kind(t.entity, t.action) == t.kind);
        CHECK(event_type(t.kind) == &t);
    }
    CHECK(event_kind(Entity::ticket, "teleport") == EventKind::other);
    CHECK(event_type(EventKind::other) == nullptr);
    CHECK(event_kind(Entity::customer, "note") == EventKind::customer_note);
    CHECK(event_kind(Entity::ticket, "note") == EventKind::ticket_note);
}

TEST_CASE("entities are named as the trail always named them") {
    CHECK(entity_name(Entity::ticket) == "ticket");
    CHECK(entity_name(Entity::review_action) == "review_action");
    CHECK(entity_named("qa_score") == Entity::qa_score);
    CHECK_FALSE(entity_named("invoice"));
}

TEST_CASE("a payload keeps the values only, with a mask of the fields present") {
    const std::string detail = R"({"text":"已回电, 顾客确认收到","first_response":true,"met":true})";
    const std::string payload = encode_payload(EventKind::ticket_respond, detail);
    CHECK(payload == R"([11,"已回电, 顾客确认收到",true,true])");
    CHECK(decode_payload(EventKind::ticket_respond, payload) == detail);
    CHECK(payload.size() < detail.size());
}

TEST_CASE("nested values, nulls and every field round-trip exactly") {
    const std::vector<std::pair<EventKind, std::string>> cases{
        {EventKind::ticket_escalate,
         R"({"from":0,"to":2,"level":"complaints","role":"manager","handler":null,"trigger":"risk_keyword","reason":"risk keyword: 12315","solution_due":1794980576})"},
        {EventKind::ticket_update,
         R"({"priority":{"before":"normal","after":"high"},"resolution_due":{"before":1,"after":2}})"},
        {EventKind::kb_add,
         R"({"version":1,"title":"退款","body":"原路退回\n3 个工作日","category":null,"tags":["退款","账务"]})"},
        {EventKind::ticket_open,
         R"({"channel":"phone","kind":"complaint","priority":"high","summary":"\"引号\" and \\ slash"})"},
    };
    for (const auto& [kind, detail] : cases) {
        CAPTURE(detail);
        const std::string payload = encode_payload(kind, detail);
        CHECK(payload.starts_with('['));
        CHECK(decode_payload(kind, payload) == detail);
        // svc's own events are encoded from the value, to the same payload.
        CHECK(encode_detail(kind, json::parse(detail)) == payload);
    }
}

TEST_CASE("a detail the catalogue does not describe in order is kept verbatim") {
    // Fields out of order, an unknown field, a kind outside the catalogue, not JSON at all.
    const std::vector<std::pair<EventKind, std::string>> cases{
        {EventKind::ticket_respond, R"({"met":true,"text":"x"})"},
        {EventKind::ticket_note, R"({"text":"x","mood":"angry"})"},
        {EventKind::other, R"({"anything":1})"},
        {EventKind::ticket_note, "plain words"},
        {EventKind::ticket_note, R"({ "text" : "spaced" })"},
    };
    for (const auto& [kind, detail] : cases) {
        CAPTURE(detail);
        const std::string payload = encode_payload(kind, detail);
        CHECK(payload == detail);
        CHECK(decode_payload(kind, payload) == detail);
    }
}

TEST_CASE("a verbatim detail that looks like an encoded one is wrapped") {
    const std::string detail = R"(["an","imported","list"])";
    const std::string payload = encode_payload(EventKind::other, detail);
    CHECK(payload == R"([-1,"[\"an\",\"imported\",\"list\"]"])");
    CHECK(decode_payload(EventKind::other, payload) == detail);
}

TEST_CASE("a damaged payload is a storage error, not a wrong history") {
    CHECK_THROWS_AS(decode_payload(EventKind::ticket_note, R"(["x"])"), Error);
    CHECK_THROWS_AS(decode_payload(EventKind::ticket_note, R"([1,"a","b"])"), Error);
    CHECK_THROWS_AS(decode_payload(EventKind::ticket_note, R"([2,"a"])"), Error);
}

TEST_CASE("what svc writes must fit the catalogue") {
    CHECK_FALSE(misfit_field(EventKind::ticket_resolve, json::parse(R"({"resolution":"r","met":true})")));
    CHECK(misfit_field(EventKind::ticket_resolve, json::parse(R"({"met":true,"resolution":"r"})")) == "resolution");
    CHECK(misfit_field(EventKind::ticket_resolve, json::parse(R"({"resolution":"r","mood":"ok"})")) == "mood");
    CHECK_FALSE(misfit_field(EventKind::ticket_close, json::Value()));
}

TEST_CASE("an event of svc's that does not fit its kind is kept whole") {
    const json::Value detail = json::parse(R"({"met":true,"text":"x"})");
    CHECK(encode_detail(EventKind::ticket_respond, detail) == R"({"met":true,"text":"x"})");
    CHECK(encode_detail(EventKind::ticket_close, json::Value()).empty());
}
