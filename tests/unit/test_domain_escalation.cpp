// Tiered complaint handling (lib/escalation.hpp): manual raises with their solution targets
// on the business clock, the refusals, handlers and their roles, the outcome each level
// ends with, the lists, and the sweep's risk-keyword rule.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "escalation.hpp"
#include "sweep.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

Escalation raise(Centre& c, std::int64_t ticket, std::string reason, std::optional<int> level = {},
                 std::optional<std::string> to = {}) {
    EscalateRequest r;
    r.ticket = ticket;
    r.reason = std::move(reason);
    r.level = level;
    r.to = std::move(to);
    return escalate_ticket(c.ctx(), r);
}

std::vector<std::string> swept(Centre& c) {
    std::vector<std::string> out;
    SweepOptions o;
    o.on_action = [&](const SweepAction& a) { out.push_back(a.action + " " + a.target + ": " + a.detail); };
    run_sweep(c.ctx(), o);
    return out;
}

}  // namespace

TEST_CASE("a manual escalation raises the level and starts the level's solution target") {
    Centre c;
    const std::int64_t e1 = open(c, "email", "complaint", "快递三天没到");
    const std::int64_t e2 = open(c, "email", "complaint", "退款迟迟不到账");
    const std::int64_t e3 = open(c, "email", "complaint", "商品爆炸伤人");

    const Escalation first = raise(c, e1, "顾客要求主管处理");
    CHECK(first.ticket_id == e1);
    CHECK(first.from_level == 0);
    CHECK(first.to_level == 1);
    CHECK(first.role == "supervisor");
    CHECK(first.trigger == "manual");
    CHECK(first.actor == "li");
    CHECK(first.at == cst(2026, 11, 23, 10, 0));
    CHECK(first.solution_due == cst(2026, 11, 23, 12, 0));
    CHECK(first.solution_clock == "duty");
    CHECK_FALSE(first.outcome);
    const Ticket t = get_ticket(c.ctx(), e1);
    CHECK(t.level == 1);
    CHECK(t.level_role == "supervisor");
    CHECK(t.solution_due == cst(2026, 11, 23, 12, 0));
    CHECK(t.solution_warn == cst(2026, 11, 23, 11, 36));
    CHECK(t.owner == "li");
    const TicketDetail d = show_ticket(c.ctx(), e1);
    CHECK(target_of(d, SlaTarget::solution)->rule == "supervisor");
    CHECK(last_text(c, e1, "escalate") ==
          "level 0 → 1 (supervisor, manual): 顾客要求主管处理; solution due 2026-11-23T12:00:00+08:00");

    // At 11:00 the two hours skip lunch; the crisis level has four, around the clock.
    c.at(cst(2026, 11, 23, 11, 0));
    CHECK(raise(c, e2, "顾客要求主管处理").solution_due == cst(2026, 11, 23, 14, 30));
    const Escalation crisis = raise(c, e3, "商品安全事故", 3);
    CHECK(crisis.from_level == 0);
    CHECK(crisis.to_level == 3);
    CHECK(crisis.role == "manager");
    CHECK(crisis.solution_due == cst(2026, 11, 23, 15, 0));
}

TEST_CASE("escalation never lowers a level nor goes past the last, and nothing is written when refused") {
    Centre c;
    const std::int64_t e1 = open(c, "email", "complaint", "快递三天没到");
    const std::int64_t e3 = open(c, "email", "complaint", "商品爆炸伤人");
    raise(c, e1, "顾客要求主管处理");
    raise(c, e3, "商品安全事故", 3);
    const std::vector<std::string> before = events_of(c, e3);

    CHECK(contains(error_message([&] { raise(c, e3, "降级", 2); }, ErrorKind::refused),
                   "ticket 2 is already at level 3 (crisis); escalation never lowers a level"));
    CHECK(contains(error_message([&] { raise(c, e1, "再升一次", 1); }, ErrorKind::refused), "never lowers"));
    CHECK(error_message([&] { raise(c, e3, "还要再升"); }, ErrorKind::refused) ==
          "ticket 2 is at level 3 (crisis), the highest there is");
    CHECK(contains(error_message([&] { raise(c, e3, "不存在的级别", 4); }), "0 to 3"));
    CHECK(contains(error_message([&] { raise(c, e1, "   "); }), "--reason"));
    CHECK(error_message([&] { raise(c, 999, "不存在"); }, ErrorKind::not_found) == "ticket 999 not found");

    CHECK(events_of(c, e3) == before);
    CHECK(ticket_escalations(c.ctx(), e3).size() == 1);
    CHECK(get_ticket(c.ctx(), e1).level == 1);
}

TEST_CASE("a handler must be an active agent of the level's role; the work moves, the owner stays") {
    Centre c;
    agent(c, "li", "manager");
    agent(c, "zhao.sup", "supervisor");
    agent(c, "wang.fang", "agent");
    c.as("wang.fang");
    const std::int64_t id = open(c, "email", "complaint", "客服态度恶劣");

    CHECK(error_message([&] { raise(c, id, "交给客服", 2, "wang.fang"); }, ErrorKind::refused) ==
          "--to: level 2 (complaints) is handled by a manager; 'wang.fang' is only an agent");
    CHECK(contains(error_message([&] { raise(c, id, "交给主管", 2, "zhao.sup"); }, ErrorKind::refused),
                   "'zhao.sup' is only a supervisor"));
    CHECK(error_message([&] { raise(c, id, "交给路人", {}, "nobody"); }, ErrorKind::refused) ==
          "--to: 'nobody' is not an active registered agent");

    const Escalation to_sup = raise(c, id, "主管接手", {}, "zhao.sup");
    CHECK(to_sup.handler == "zhao.sup");
    CHECK(to_sup.actor == "wang.fang");
    Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.owner == "wang.fang");
    CHECK(t.assignee == "zhao.sup");
    CHECK(t.transfer_count == 1);

    // Raised again before the level's target was due: the first escalation is superseded.
    c.at(cst(2026, 11, 23, 11, 0));
    const Escalation to_manager = raise(c, id, "顾客要求经理处理", 2, "li");
    CHECK(to_manager.from_level == 1);
    CHECK(to_manager.solution_due == cst(2026, 11, 24, 11, 0));  // one working day
    const std::vector<Escalation> es = ticket_escalations(c.ctx(), id);
    REQUIRE(es.size() == 2);
    CHECK(es[0].outcome == "superseded");
    CHECK(es[0].ended_at == cst(2026, 11, 23, 11, 0));
    CHECK(escalation_state(es[1], c.now()) == "open");
    t = get_ticket(c.ctx(), id);
    CHECK(t.assignee == "li");
    CHECK(t.transfer_count == 2);
}

TEST_CASE("resolving ends the escalation as met or breached; lists show open and overdue ones") {
    Centre c;
    const std::int64_t e1 = open(c, "email", "complaint", "快递三天没到");
    const std::int64_t e2 = open(c, "email", "complaint", "退款迟迟不到账");
    const std::int64_t e3 = open(c, "email", "complaint", "商品爆炸伤人");
    raise(c, e1, "顾客要求主管处理");
    raise(c, e3, "商品安全事故", 3);  // due 14:00: four hours around the clock
    c.at(cst(2026, 11, 23, 11, 0));
    raise(c, e2, "顾客要求主管处理");  // due 14:30
    c.at(cst(2026, 11, 23, 11, 30));
    resolve_ticket(c.ctx(), e1, "已补发", std::nullopt);
    c.at(cst(2026, 11, 23, 15, 0));
    resolve_ticket(c.ctx(), e2, "已退款", std::nullopt);

    CHECK(ticket_escalations(c.ctx(), e1)[0].outcome == "met");
    CHECK(ticket_escalations(c.ctx(), e1)[0].ended_at == cst(2026, 11, 23, 11, 30));
    CHECK(ticket_escalations(c.ctx(), e2)[0].outcome == "breached");
    CHECK_FALSE(get_ticket(c.ctx(), e1).solution_due);
    CHECK(contains(error_message([&] { raise(c, e1, "顾客仍不满意"); }, ErrorKind::refused),
                   "only open or pending tickets are escalated"));

    auto tickets_of = [&](const EscalationFilter& f) {
        std::vector<std::int64_t> out;
        for (const Escalation& e : list_escalations(c.ctx(), f)) out.push_back(e.ticket_id);
        return out;
    };
    c.at(cst(2026, 11, 23, 16, 0));
    CHECK(tickets_of({}).size() == 3);
    EscalationFilter open_ones;
    open_ones.open = true;
    CHECK(tickets_of(open_ones) == std::vector<std::int64_t>{e3});
    EscalationFilter overdue;
    overdue.overdue = true;
    CHECK(tickets_of(overdue) == std::vector<std::int64_t>{e3});
    CHECK(escalation_state(ticket_escalations(c.ctx(), e3)[0], c.now()) == "overdue");
    c.at(cst(2026, 11, 23, 13, 59, 59));
    CHECK(tickets_of(overdue).empty());
    CHECK(escalation_state(ticket_escalations(c.ctx(), e3)[0], c.now()) == "open");
    EscalationFilter level1;
    level1.level = 1;
    CHECK(tickets_of(level1) == std::vector<std::int64_t>{e1, e2});
}

TEST_CASE("a risk word sends the ticket straight to the risk level, once, before the time-based rules") {
    Centre c;
    OpenTicketRequest r = request("email", "complaint", "再不处理我就找媒体曝光");
    const std::int64_t risky = open_ticket(c.ctx(), r).id;
    const std::int64_t calm = open(c, "email", "inquiry", "退货运费谁出");
    c.at(cst(2026, 11, 23, 10, 5));
    CHECK(swept(c) == std::vector<std::string>{"escalated 3: level 0 → 3 (crisis, for a manager): risk keyword: 媒体"});
    std::vector<Escalation> es = ticket_escalations(c.ctx(), risky);
    REQUIRE(es.size() == 1);
    CHECK(es[0].trigger == "risk_keyword");
    CHECK(es[0].reason == "risk keyword: 媒体");
    CHECK(es[0].solution_due == cst(2026, 11, 23, 14, 5));  // 4 h around the clock
    c.at(cst(2026, 11, 23, 10, 6));
    CHECK(swept(c).empty());
    c.at(cst(2026, 11, 23, 10, 10));
    resolve_ticket(c.ctx(), risky, "已道歉并补偿", std::nullopt);
    CHECK(ticket_escalations(c.ctx(), risky)[0].outcome == "met");

    // A week later the calm ticket is overdue when the customer brings a risk word: one raise,
    // 0 → 3, not to 1 and stop there.
    c.at(cst(2026, 11, 30, 10, 30));
    CHECK(respond_ticket(c.ctx(), calm, "再不退款我就去消协投诉", true) == "消协");
    const std::vector<std::string> actions = swept(c);
    REQUIRE(actions.size() == 2);
    CHECK(actions[0] == "first_response_breached first_response: ");
    CHECK(actions[1] == "escalated 3: level 0 → 3 (crisis, for a manager): risk keyword: 消协");
    es = ticket_escalations(c.ctx(), calm);
    REQUIRE(es.size() == 1);
    CHECK(es[0].from_level == 0);
    CHECK(es[0].to_level == 3);
}

TEST_CASE("a reopened ticket is not raised again for the solution target it met") {
    Centre c;
    const std::int64_t id = open(c, "email", "complaint", "维修后又坏了");
    c.at(cst(2026, 11, 23, 10, 10));
    respond_ticket(c.ctx(), id, "您好, 马上安排", false);
    c.at(cst(2026, 11, 23, 10, 20));
    CHECK(raise(c, id, "顾客要求主管处理").solution_due == cst(2026, 11, 23, 13, 50));
    c.at(cst(2026, 11, 23, 11, 0));
    resolve_ticket(c.ctx(), id, "已上门维修", std::nullopt);
    c.at(cst(2026, 11, 23, 11, 30));
    reopen_ticket(c.ctx(), id, "顾客说又坏了");
    CHECK(ticket_escalations(c.ctx(), id)[0].outcome == "met");
    const Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.level == 1);
    CHECK_FALSE(t.solution_due);

    c.at(cst(2026, 11, 23, 13, 50));
    for (const std::string& a : swept(c)) CHECK_FALSE(a.starts_with("escalated"));
    CHECK(ticket_escalations(c.ctx(), id).size() == 1);
}

TEST_CASE("risk words: the first of the policy's list, numbers only standing alone") {
    Centre c;
    const Policy& p = c.ctx().policy();
    CHECK(find_risk_keyword(p, "我要打12315") == "12315");
    CHECK(find_risk_keyword(p, "订单号 3151234") == std::nullopt);
    CHECK(find_risk_keyword(p, "315晚会") == "315");
    CHECK(find_risk_keyword(p, "找律师起诉") == "律师");
    CHECK(find_risk_keyword(p, "一切正常") == std::nullopt);
}
