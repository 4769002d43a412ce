// Routing (lib/routing) and links between tickets (lib/links): the rule that matches, the
// team and skills, who is at work in working time, at night and over 国庆 (the duty
// roster), least-loaded and round-robin, ownership; links, merge and its undoing.
#include <doctest/doctest.h>

#include "agents.hpp"
#include "centre.hpp"
#include "customers.hpp"
#include "duty.hpp"
#include "error.hpp"
#include "followups.hpp"
#include "intake.hpp"
#include "links.hpp"
#include "policy_versions.hpp"
#include "routing.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// The shipped policy with routing rules: VIP complaints to the complaints team's agents
// with the vip skill, other complaints to the team, mail to the mail team.
std::string routing_policy(std::string_view method) {
    return std::string(default_policy_text()) + fmt::format(R"(
[routing]
method = "{}"
[[routing.rule]]
match = {{ kind = "complaint", tier = ["platinum", "gold"] }}
team = "complaints"
skills = ["vip"]
[[routing.rule]]
match = {{ kind = "complaint" }}
team = "complaints"
[[routing.rule]]
match = {{ channel = "email" }}
team = "mail"
)",
                                                            method);
}

// li (manager), a1 and a2 (complaints; a2 with vip), m1 (mail), at `now`.
Centre routed_centre(Instant now, std::string_view method = "least-loaded") {
    Centre c(now);
    add_agent(c.ctx(), {"li", "李经理", "manager", std::nullopt, std::nullopt, std::nullopt});
    add_agent(c.ctx(), {"a1", "甲", "agent", "complaints", std::nullopt, std::nullopt});
    add_agent(c.ctx(), {"a2", "乙", "agent", "complaints", std::nullopt, "vip,english"});
    add_agent(c.ctx(), {"m1", "丙", "agent", "mail", std::nullopt, std::nullopt});
    load_policy(c.ctx(), routing_policy(method), "test.toml", false);
    return c;
}

std::int64_t complaint(Centre& c, std::string phone) {
    return open_ticket(c.ctx(), request("phone", "complaint", "投诉", std::move(phone))).id;
}

}  // namespace

TEST_CASE("least-loaded: the agent with the fewest open tickets, ties to whose newest ticket is oldest") {
    Centre c = routed_centre(k_monday_morning);
    const OpenTicketResult first = open_ticket(c.ctx(), request("phone", "complaint", "投诉", "13800000001"));
    CHECK(first.routed_to == "a1");  // both idle: the login decides
    CHECK(first.route == "team complaints, least-loaded (0 open)");
    const Ticket t = get_ticket(c.ctx(), first.id);
    CHECK(t.assignee == "a1");
    CHECK(t.owner == "li");  // the opener took the call: first-contact ownership stays
    c.later(k_minute);
    CHECK(get_ticket(c.ctx(), complaint(c, "13800000002")).assignee == "a2");
    c.later(k_minute);
    CHECK(get_ticket(c.ctx(), complaint(c, "13800000003")).assignee == "a1");
    c.later(k_minute);
    resolve_ticket(c.ctx(), 1, "已处理", std::nullopt);
    resolve_ticket(c.ctx(), 3, "已处理", std::nullopt);
    c.later(k_minute);
    // a1 has none open now, a2 one.
    CHECK(get_ticket(c.ctx(), complaint(c, "13800000004")).assignee == "a1");
}

TEST_CASE("round-robin: whose turn it is, whatever the load") {
    Centre c = routed_centre(k_monday_morning, "round-robin");
    CHECK(get_ticket(c.ctx(), complaint(c, "13800000001")).assignee == "a1");
    c.later(k_minute);
    CHECK(get_ticket(c.ctx(), complaint(c, "13800000002")).assignee == "a2");
    c.later(k_minute);
    resolve_ticket(c.ctx(), 2, "已处理", std::nullopt);
    c.later(k_minute);
    // a2 has no open ticket now, but a1's newest is older: a1's turn.
    CHECK(get_ticket(c.ctx(), complaint(c, "13800000003")).assignee == "a1");
}

TEST_CASE("skills and tiers: a gold customer's complaint goes to the team's vip agent only") {
    Centre c = routed_centre(k_monday_morning);
    open_ticket(c.ctx(), request("phone", "complaint", "投诉", "13800000001"));  // a1
    NewCustomer gold;
    gold.name = "金卡";
    gold.phone = "13900000009";
    gold.tier = "gold";
    add_customer(c.ctx(), gold);
    c.later(k_minute);
    for (int i = 0; i < 2; ++i) {
        const OpenTicketResult r = open_ticket(c.ctx(), request("phone", "complaint", "又投诉", "13900000009"));
        CHECK(r.routed_to == "a2");
        CHECK(r.route == fmt::format("team complaints, skills vip, least-loaded ({} open)", i));
        c.later(k_minute);
    }
    // An inactive agent is no candidate; with none left the opener keeps it.
    AgentChanges deactivate;
    deactivate.active = false;
    update_agent(c.ctx(), "a2", deactivate);
    const OpenTicketResult r = open_ticket(c.ctx(), request("phone", "complaint", "又投诉", "13900000009"));
    CHECK_FALSE(r.routed_to);
    CHECK(get_ticket(c.ctx(), r.id).assignee == "li");
}

TEST_CASE("no rule matches: the opener works on it; --assignee wins over routing") {
    Centre c = routed_centre(k_monday_morning);
    const OpenTicketResult inquiry = open_ticket(c.ctx(), request("chat", "inquiry", "问问"));
    CHECK_FALSE(inquiry.routed_to);
    CHECK(get_ticket(c.ctx(), inquiry.id).assignee == "li");
    OpenTicketRequest given = request("phone", "complaint", "投诉", "13800000002");
    given.assignee = "m1";
    const OpenTicketResult r = open_ticket(c.ctx(), given);
    CHECK_FALSE(r.routed_to);
    CHECK(get_ticket(c.ctx(), r.id).assignee == "m1");
    given.assignee = "nobody";
    CHECK_THROWS_AS(open_ticket(c.ctx(), given), Error);
}

TEST_CASE("outside working time only those on duty take tickets: a night, and 国庆") {
    // Wednesday 30 September 2026, 17:00: the roster for the night and the holiday is made.
    Centre c = routed_centre(cst(2026, 9, 30, 17, 0));
    add_duty(c.ctx(), {"2026-10-01..2026-10-07", "a2", "10:00-16:00", std::nullopt});
    // 30 September 21:00: after hours, nobody on duty: nobody to route to.
    c.at(cst(2026, 9, 30, 21, 0));
    CHECK_FALSE(choose_route(c.ctx(), {"phone", "complaint", "normal", "standard", ""}));
    // 2 October 11:00, 国庆: a2 is on duty, a1 is not, though a1 is idle.
    c.at(cst(2026, 10, 2, 11, 0));
    const auto holiday = choose_route(c.ctx(), {"phone", "complaint", "normal", "standard", ""});
    REQUIRE(holiday);
    CHECK(holiday->login == "a2");
    CHECK(holiday->why == "team complaints, least-loaded (0 open, on duty)");
    // 2 October 17:00: the duty shift is over.
    c.at(cst(2026, 10, 2, 17, 0));
    CHECK_FALSE(choose_route(c.ctx(), {"phone", "complaint", "normal", "standard", ""}));
    // 8 October 10:00, a working day again: both.
    c.at(cst(2026, 10, 8, 10, 0));
    CHECK(choose_route(c.ctx(), {"phone", "complaint", "normal", "standard", ""})->login == "a1");
}

TEST_CASE("route again: the assignee changes, counted as a transfer; the owner stays") {
    Centre c = routed_centre(k_monday_morning);
    OpenTicketRequest given = request("phone", "complaint", "投诉", "13800000002");
    given.assignee = "m1";
    const std::int64_t id = open_ticket(c.ctx(), given).id;
    c.later(k_minute);
    const Transition moved = route_ticket(c.ctx(), id);
    CHECK(moved.changed);
    const Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.assignee == "a1");
    CHECK(t.owner == "li");
    CHECK(t.transfer_count == 1);
    CHECK_FALSE(route_ticket(c.ctx(), id).changed);  // with a1 already
    const std::int64_t inquiry = open_ticket(c.ctx(), request("chat", "inquiry", "问问")).id;
    CHECK_THROWS_AS(route_ticket(c.ctx(), inquiry), Error);  // no rule matches
}

TEST_CASE("a mail taken in is owned by the agent it is routed to") {
    Centre c = routed_centre(k_monday_morning);
    InboundMessage m;
    m.channel = m.source = "email";
    m.external_id = "1@x";
    m.subject = "发票";
    m.text = "发票抬头错了";
    m.email = "a@example.net";
    const IntakeResult r = take_in(c.ctx(), m);
    CHECK(r.routed_to == "m1");
    const Ticket t = get_ticket(c.ctx(), r.ticket);
    CHECK(t.owner == "m1");
    CHECK(t.assignee == "m1");
}

TEST_CASE("[routing] in the policy: bad rules are refused with their place") {
    auto error_of = [](std::string_view extra) {
        try {
            parse_policy(std::string(default_policy_text()) + std::string(extra), "test.toml");
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of("[routing]\nmethod = \"random\"\n").find("'routing.method' has unknown value \"random\"") !=
          std::string::npos);
    CHECK(error_of("[routing]\n[[routing.rule]]\nmatch = { kind = \"complaint\" }\n")
              .find("needs a 'team' or 'skills'") != std::string::npos);
    CHECK(error_of("[routing]\n[[routing.rule]]\nteam = \"a\"\nmatch = { kind = \"praise\" }\n")
              .find("unknown value \"praise\"") != std::string::npos);
    CHECK(error_of("[routing]\n[[routing.rule]]\nteam = \"a\"\nagents = [\"x\"]\n").find("agents") !=
          std::string::npos);
}

TEST_CASE("links: related or caused by, either way round once") {
    Centre c;
    const std::int64_t a = open_ticket(c.ctx(), request("phone", "complaint", "快递丢了")).id;
    const std::int64_t b = open_ticket(c.ctx(), request("chat", "after-sales", "退款慢", "13900002222", "李娜")).id;
    CHECK(link_tickets(c.ctx(), b, a, "caused-by").changed);
    CHECK_FALSE(link_tickets(c.ctx(), a, b, "related").changed);
    CHECK_THROWS_AS(link_tickets(c.ctx(), a, a, "related"), Error);
    CHECK_THROWS_AS(link_tickets(c.ctx(), a, b, "duplicate"), Error);
    CHECK(show_ticket(c.ctx(), a).links.size() == 1);
    CHECK(last_text(c, b, "link") == "caused by ticket 1");
    CHECK(unlink_tickets(c.ctx(), a, b).changed);
    CHECK(show_ticket(c.ctx(), a).links.empty());
    CHECK_FALSE(unlink_tickets(c.ctx(), a, b).changed);
}

TEST_CASE("merge: the earlier deadlines, the follow-ups, the messages; unmerge makes it all undone") {
    Centre c;
    // 42 by mail at 10:00 (first response within the mail target), 43 by phone a bit later,
    // answered at once; the customer still waits for an answer by mail.
    const std::int64_t kept = open_ticket(c.ctx(), request("email", "complaint", "破损", "13800001234")).id;
    c.later(5 * k_minute);
    OpenTicketRequest call = request("phone", "complaint", "破损 (来电)", "13800001234");
    call.waited = 10;
    const std::int64_t dup = open_ticket(c.ctx(), call).id;
    c.later(k_minute);
    respond_ticket(c.ctx(), dup, "已记录, 今天内答复您", false);
    respond_ticket(c.ctx(), dup, "什么时候能处理好?", true);
    NewFollowup promise;
    promise.ticket = dup;
    promise.kind = "callback";
    promise.due = c.now() + 2 * k_hour;
    promise.note = "回电";
    const std::int64_t f = add_followup(c.ctx(), promise);
    auto followup_ticket = [&](std::int64_t id) { return c.store().followups().find_followup(id)->ticket_id; };
    const Ticket kept_before = get_ticket(c.ctx(), kept);
    const Ticket dup_before = get_ticket(c.ctx(), dup);
    c.later(k_minute);

    const MergeResult merged = merge_ticket(c.ctx(), dup, kept);
    const Ticket k = get_ticket(c.ctx(), kept);
    const Ticket d = get_ticket(c.ctx(), dup);
    CHECK(d.status == TicketStatus::closed);
    CHECK_FALSE(d.resolved_at);
    CHECK_FALSE(d.resolve_due);
    CHECK_FALSE(d.next_response_due);
    // The earlier of the two resolution deadlines (the phone's is shorter or the same) and
    // the reply the phone customer waits for.
    CHECK(*k.resolve_due == std::min(*kept_before.resolve_due, *dup_before.resolve_due));
    CHECK(k.next_response_due == dup_before.next_response_due);
    CHECK(followup_ticket(f) == kept);
    const TicketDetail shown = show_ticket(c.ctx(), kept);
    bool has_message = false;
    for (const AuditEvent& e : shown.timeline)
        has_message = has_message || (e.entity_id == dup && e.kind == EventKind::ticket_customer_message);
    CHECK(has_message);
    CHECK_FALSE(merged.moved.empty());
    // Merged once; not into a closed ticket; not a ticket into itself.
    CHECK_THROWS_AS(merge_ticket(c.ctx(), dup, kept), Error);
    CHECK_THROWS_AS(merge_ticket(c.ctx(), kept, kept), Error);

    c.later(k_minute);
    unmerge_ticket(c.ctx(), dup);
    const Ticket k2 = get_ticket(c.ctx(), kept);
    const Ticket d2 = get_ticket(c.ctx(), dup);
    CHECK(d2.status == TicketStatus::open);
    CHECK(d2.resolve_due == dup_before.resolve_due);
    CHECK(d2.next_response_due == dup_before.next_response_due);
    CHECK(k2.resolve_due == kept_before.resolve_due);
    CHECK(k2.next_response_due == kept_before.next_response_due);
    CHECK(followup_ticket(f) == dup);
    CHECK(show_ticket(c.ctx(), kept).links.empty());
    CHECK_THROWS_AS(unmerge_ticket(c.ctx(), dup), Error);
}
