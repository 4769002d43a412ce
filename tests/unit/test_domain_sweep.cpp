// The SLA sweep (lib/sweep.hpp): its rules walked through on a fixed clock, each event
// recorded once, a dry run that writes nothing, and delivery through a notifier: at least
// once, a failure kept for the next run, business-clock events held outside working time.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "escalation.hpp"
#include "sweep.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

struct Swept {
    SweepResult result;
    std::vector<SweepAction> actions;
};

Swept sweep(Centre& c, bool dry_run = false, Notifier* notifier = nullptr) {
    Swept s;
    SweepOptions o;
    o.dry_run = dry_run;
    o.notifier = notifier;
    o.on_action = [&](const SweepAction& a) { s.actions.push_back(a); };
    s.result = run_sweep(c.ctx(), o);
    CHECK(s.result.actions == static_cast<std::int64_t>(s.actions.size()));
    return s;
}

// "action target recipient" of each action, to compare a sweep at a glance.
std::vector<std::string> brief(const Swept& s) {
    std::vector<std::string> out;
    for (const SweepAction& a : s.actions) out.push_back(a.action + " " + a.target + " " + a.recipient);
    return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("the sweep warns, reports a breach to the owner and escalates, each once") {
    Centre c;
    const std::int64_t id = open(c, "email", "complaint", "物流太慢");
    c.at(cst(2026, 11, 23, 10, 5));
    assign_ticket(c.ctx(), id, "chen.jie", false);
    CHECK(sweep(c).actions.empty());

    // At 80 % of the first-response time: a warning to the assignee.
    c.at(cst(2026, 11, 23, 14, 41, 59));
    CHECK(sweep(c).actions.empty());
    c.at(cst(2026, 11, 23, 14, 42));
    const Swept first = sweep(c);
    REQUIRE(first.actions.size() == 1);
    const SweepAction& warn = first.actions[0];
    CHECK(warn.at == cst(2026, 11, 23, 14, 42));
    CHECK(warn.ticket == id);
    CHECK(warn.action == "at_risk");
    CHECK(warn.target == "first_response");
    CHECK(warn.level == 0);
    CHECK(warn.recipient == "chen.jie");
    CHECK(warn.detail == "due 2026-11-23T15:30:00+08:00");
    c.at(cst(2026, 11, 23, 14, 50));
    CHECK(sweep(c).actions.empty());

    // The breach goes to the owner, once.
    c.at(cst(2026, 11, 23, 15, 30));
    const Swept breach = sweep(c);
    CHECK(brief(breach) == Lines{"first_response_breached first_response li"});
    CHECK(breach.actions[0].detail.empty());
    c.at(cst(2026, 11, 23, 16, 0));
    CHECK(sweep(c).actions.empty());

    // One working day to resolve a complaint: 8 working hours to Tuesday 10:00, at risk after
    // 6h24m of them.
    c.at(cst(2026, 11, 23, 17, 54));
    const Swept late = sweep(c);
    CHECK(brief(late) == Lines{"at_risk resolution chen.jie"});
    CHECK(late.actions[0].detail == "due 2026-11-24T10:00:00+08:00");

    // The resolution target passes at the front line: up to level 1, owner and assignee kept.
    c.at(cst(2026, 11, 24, 10, 0));
    const Swept raised = sweep(c);
    REQUIRE(brief(raised) == Lines{"escalated 1 supervisor"});
    CHECK(raised.actions[0].level == 1);
    CHECK(raised.actions[0].detail ==
          "level 0 → 1 (supervisor, for a supervisor): resolution target passed at 2026-11-24T10:00:00+08:00");
    Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.level == 1);
    CHECK(t.level_role == "supervisor");
    CHECK(t.owner == "li");
    CHECK(t.assignee == "chen.jie");
    CHECK(t.solution_due == cst(2026, 11, 24, 12, 0));
    CHECK(sweep(c).actions.empty());
    std::vector<Escalation> es = ticket_escalations(c.ctx(), id);
    REQUIRE(es.size() == 1);
    CHECK(es[0].trigger == "resolution_breached");
    CHECK(es[0].reason == "resolution target passed at 2026-11-24T10:00:00+08:00");

    // The level's solution target warns at 96 of its 120 minutes, then goes up a level.
    c.at(cst(2026, 11, 24, 11, 36));
    CHECK(brief(sweep(c)) == Lines{"at_risk solution chen.jie"});
    c.at(cst(2026, 11, 24, 12, 0));
    CHECK(brief(sweep(c)) == Lines{"escalated 2 manager"});
    // Raised in the lunch break: one working day from 13:30.
    CHECK(get_ticket(c.ctx(), id).solution_due == cst(2026, 11, 25, 13, 30));
    c.at(cst(2026, 11, 25, 13, 30));
    CHECK(brief(sweep(c)) == Lines{"escalated 3 manager"});
    CHECK(get_ticket(c.ctx(), id).solution_due == cst(2026, 11, 25, 17, 30));  // crisis: 4 h, 24x7
    c.at(cst(2026, 11, 25, 17, 30));
    // No level above the last: its role hears, once, that the solution target passed.
    CHECK(brief(sweep(c)) == Lines{"escalation_overdue solution manager"});
    c.at(cst(2026, 11, 25, 20, 30));
    CHECK(sweep(c).actions.empty());

    es = ticket_escalations(c.ctx(), id);
    REQUIRE(es.size() == 3);
    CHECK(escalation_state(es[0], c.now()) == "breached");
    CHECK(escalation_state(es[1], c.now()) == "breached");
    CHECK(escalation_state(es[2], c.now()) == "overdue");
    CHECK(es[1].trigger == "solution_breached");
    CHECK(get_ticket(c.ctx(), id).level == 3);
}

TEST_CASE("a dry run reports what the sweep would do and writes nothing") {
    Centre c;
    const std::int64_t id = open(c, "email", "complaint", "物流太慢");
    c.at(cst(2026, 11, 26, 10, 0));  // first response and resolution both passed
    const std::vector<std::string> before = events_of(c, id);
    const Swept dry = sweep(c, true);
    CHECK(brief(dry) == Lines{"first_response_breached first_response li", "escalated 1 supervisor"});
    CHECK(get_ticket(c.ctx(), id).level == 0);
    CHECK(ticket_escalations(c.ctx(), id).empty());
    CHECK(events_of(c, id) == before);

    // A dry run with a notifier delivers nothing either.
    RecordingNotifier pager;
    CHECK(sweep(c, true, &pager).result.delivered == 0);
    CHECK(pager.lines.empty());

    // The real sweep then does it all, and a dry run after it finds nothing left to do.
    CHECK(brief(sweep(c)) == brief(dry));
    CHECK(get_ticket(c.ctx(), id).level == 1);
    CHECK(sweep(c, true).actions.empty());
}

TEST_CASE("each new deadline of a target gets its own warning") {
    Centre c;
    const std::int64_t id = open(c, "chat", "inquiry", "在线追问");
    c.at(cst(2026, 11, 23, 10, 0, 30));
    respond_ticket(c.ctx(), id, "您好", false);
    c.at(cst(2026, 11, 23, 10, 1));
    respond_ticket(c.ctx(), id, "快递到哪了?", true);
    c.at(cst(2026, 11, 23, 10, 2, 36));  // 96 of the chat's 120 seconds
    const Swept first = sweep(c);
    REQUIRE(brief(first) == Lines{"at_risk next_response li"});
    CHECK(first.actions[0].detail == "due 2026-11-23T10:03:00+08:00");
    c.at(cst(2026, 11, 23, 10, 2, 50));
    CHECK(sweep(c).actions.empty());
    c.at(cst(2026, 11, 23, 10, 2, 55));
    respond_ticket(c.ctx(), id, "正在查询", false);
    c.at(cst(2026, 11, 23, 10, 3, 10));
    respond_ticket(c.ctx(), id, "还没查到?", true);
    c.at(cst(2026, 11, 23, 10, 4, 46));
    const Swept second = sweep(c);
    REQUIRE(second.actions.size() == 1);
    CHECK(second.actions[0].detail == "due 2026-11-23T10:05:10+08:00");
}

TEST_CASE("a failed delivery is kept with its event and the next sweep delivers it, once") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "发票抬头错误");
    c.at(cst(2026, 11, 23, 15, 30));
    FailingNotifier down;
    const Swept failed = sweep(c, false, &down);
    CHECK(brief(failed) == Lines{"first_response_breached first_response li"});
    CHECK(failed.result.delivered == 0);
    CHECK(failed.result.failures ==
          Lines{"notify failed: event 1 (ticket 1, first_response_breached): pager unreachable"});
    CHECK(down.attempts == 1);
    // What the failure left on the event: no operation shows it.
    const std::vector<SweepEvent> waiting = c.store().escalations().undelivered_events();
    REQUIRE(waiting.size() == 1);
    CHECK(waiting[0].attempts == 1);
    CHECK(waiting[0].last_error == "pager unreachable");

    c.at(cst(2026, 11, 23, 15, 35));
    RecordingNotifier pager;
    const Swept retried = sweep(c, false, &pager);
    CHECK(retried.actions.empty());  // the event is not found again, only delivered
    CHECK(retried.result.delivered == 1);
    CHECK(retried.result.failures.empty());
    REQUIRE(pager.lines.size() == 1);
    const std::string& line = pager.lines[0];
    const std::string head =
        "{\"delivery_id\":\"sweep-1\",\"event\":\"first_response_breached\",\"ticket\":" + std::to_string(id) + ",";
    CHECK(line.starts_with(head));
    CHECK(contains(line, R"("at":"2026-11-23T15:30:00+08:00")"));
    CHECK(contains(line, R"("due":"2026-11-23T15:30:00+08:00")"));
    CHECK(contains(line, R"("recipient":"li","owner":"li","assignee":"li","priority":"normal")"));
    CHECK(contains(line, R"("summary":"发票抬头错误")"));
    CHECK(c.store().escalations().undelivered_events().empty());

    c.at(cst(2026, 11, 23, 15, 40));
    CHECK(sweep(c, false, &pager).result.delivered == 0);
    CHECK(pager.lines.size() == 1);
}

TEST_CASE("duty-clock events wait for duty time; around-the-clock ones go out at once") {
    Centre c;
    c.at(cst(2026, 11, 23, 17, 0));
    const std::int64_t social = open(c, "social", "inquiry", "微博投诉");  // 2 h, 24x7
    c.at(cst(2026, 11, 23, 18, 29));
    const std::int64_t chat = open(c, "chat", "inquiry", "下班前咨询");  // 30 s, duty
    c.at(cst(2026, 11, 23, 20, 0));
    RecordingNotifier pager;
    const Swept evening = sweep(c, false, &pager);
    CHECK(evening.actions.size() == 2);
    CHECK(evening.result.delivered == 1);
    CHECK(evening.result.held == 1);
    REQUIRE(pager.lines.size() == 1);
    CHECK(contains(pager.lines[0], "\"ticket\":" + std::to_string(social) + ","));

    c.at(cst(2026, 11, 24, 9, 0));
    const Swept morning = sweep(c, false, &pager);
    CHECK(morning.actions.empty());
    CHECK(morning.result.delivered == 1);
    CHECK(morning.result.held == 0);
    REQUIRE(pager.lines.size() == 2);
    CHECK(contains(pager.lines[1], "\"ticket\":" + std::to_string(chat) + ","));
    CHECK(contains(pager.lines[1], R"("due":"2026-11-23T18:29:30+08:00")"));
}

TEST_CASE("the sweep leaves resolved tickets alone") {
    Centre c;
    const std::int64_t id = open(c, "email", "complaint", "已解决的投诉");
    c.at(cst(2026, 11, 23, 11, 0));
    resolve_ticket(c.ctx(), id, "已处理", std::nullopt);
    c.at(cst(2026, 11, 30, 10, 0));
    CHECK(sweep(c).actions.empty());
    CHECK(get_ticket(c.ctx(), id).level == 0);
}
