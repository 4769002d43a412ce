// Compensation with authority limits (lib/compensation.hpp): the role's limit or the agent's
// own, counted over everything granted on one ticket (whoever granted it), exceptions over it
// kept for the weekly review, and what is refused.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "compensation.hpp"
#include "escalation.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// A store with the team of the CLI tests: a manager, a supervisor and three agents, one
// limited to the role's 50 yuan by hand, one allowed 80.
struct Team {
    Centre c;
    std::int64_t ticket = 0;
    Team() {
        c.as("li.manager");
        agent(c, "li.manager", "manager");
        agent(c, "zhao.sup", "supervisor");
        agent(c, "wang.fang", "agent", "50");
        agent(c, "chen.jie", "agent");
        agent(c, "sun.li", "agent", "80");
        agent(c, "xiao.bai", "agent", "0");
        c.as("wang.fang");
        ticket = open(c, "email", "complaint", "包装破损");
    }
    Compensation grant(std::string amount, std::string kind, std::optional<std::string> exception = {},
                       std::optional<std::string> note = {}) {
        CompensateRequest r;
        r.ticket = ticket;
        r.amount = std::move(amount);
        r.kind = std::move(kind);
        r.exception = std::move(exception);
        r.note = std::move(note);
        return compensate_ticket(c.ctx(), r);
    }
};

}  // namespace

TEST_CASE("a grant within the agent's limit is recorded with the limit it was granted under") {
    Team team;
    const Compensation k = team.grant("50", "coupon", {}, "50元无门槛券");
    CHECK(k.id > 0);
    CHECK(k.ticket_id == team.ticket);
    CHECK(k.agent == "wang.fang");
    CHECK(k.role == "agent");
    CHECK(k.amount_fen == 5000);
    CHECK(k.kind == "coupon");
    CHECK(k.limit_fen == 5000);
    CHECK_FALSE(k.exception);
    CHECK(k.level == 0);
    CHECK(k.at == cst(2026, 11, 23, 10, 0));

    const TicketDetail d = show_ticket(team.c.ctx(), team.ticket);
    REQUIRE(d.compensations.size() == 1);
    CHECK(d.compensations[0].note == "50元无门槛券");
    CHECK(last_text(team.c, team.ticket, "compensate") == "coupon 50.00 yuan: 50元无门槛券");
}

TEST_CASE("over the limit a grant is refused, naming who may grant it, unless an exception is given") {
    Team team;
    const std::vector<std::string> before = events_of(team.c, team.ticket);
    const std::string refusal = error_message([&] { team.grant("80", "refund"); }, ErrorKind::refused);
    CHECK(contains(refusal, "80.00 yuan on ticket 1 is over wang.fang's limit of 50.00 yuan"));
    CHECK(contains(refusal, "a supervisor (up to 500.00) or a manager (unlimited) may grant it"));
    CHECK(contains(refusal, "--exception REASON"));
    CHECK(events_of(team.c, team.ticket) == before);
    CHECK(show_ticket(team.c.ctx(), team.ticket).compensations.empty());

    const Compensation k = team.grant("80", "refund", "顾客第三次收到破损商品");
    CHECK(k.amount_fen == 8000);
    CHECK(k.limit_fen == 5000);
    CHECK(k.exception == "顾客第三次收到破损商品");
    CHECK(last_text(team.c, team.ticket, "compensate") ==
          "refund 80.00 yuan (exception over authority: 顾客第三次收到破损商品)");
}

TEST_CASE("an agent's limit covers everything they grant on one ticket") {
    Team team;
    team.grant("30", "coupon");
    CHECK(contains(error_message([&] { team.grant("30", "coupon"); }, ErrorKind::refused),
                   "(30.00 already granted on this ticket)"));
    CHECK(contains(error_message([&] { team.grant("20.01", "coupon"); }, ErrorKind::refused), "over wang.fang's"));
    // Exactly at the limit there is nothing to excuse: a reason given is not kept.
    const Compensation exact = team.grant("20", "gift", "不需要例外");
    CHECK_FALSE(exact.exception);
    CHECK(show_ticket(team.c.ctx(), team.ticket).compensations.size() == 2);
}

TEST_CASE("a limit covers the ticket's total: a colleague cannot add a second grant over it") {
    Team team;
    team.grant("50", "coupon");
    team.c.as("chen.jie");  // the agent role's 50, already reached on this ticket
    const std::string second = error_message([&] { team.grant("30", "coupon"); }, ErrorKind::refused);
    CHECK(contains(second, "over chen.jie's limit of 50.00 yuan (50.00 already granted on this ticket)"));
    CHECK(team.grant("30", "coupon", "顾客再次投诉").exception == "顾客再次投诉");
    team.c.as("zhao.sup");
    CHECK(team.grant("420", "refund").limit_fen == 50000);  // 500 in all: the supervisor's limit
    const std::string sup = error_message([&] { team.grant("0.01", "refund"); }, ErrorKind::refused);
    CHECK(contains(sup, "over zhao.sup's limit of 500.00 yuan (500.00 already granted on this ticket)"));
    CHECK(contains(sup, "a manager (unlimited) may grant it"));
    team.c.as("li.manager");
    const Compensation unlimited = team.grant("5000", "cash");
    CHECK_FALSE(unlimited.limit_fen);
    CHECK(unlimited.role == "manager");

    std::int64_t total = 0;
    for (const Compensation& k : show_ticket(team.c.ctx(), team.ticket).compensations) total += k.amount_fen;
    CHECK(total == 550000);
}

TEST_CASE("each agent's limit is the role's, their own, or none at all") {
    Team team;
    team.c.as("chen.jie");
    CHECK(team.grant("30", "coupon").limit_fen == 5000);
    team.c.as("sun.li");  // an own limit above the role's
    CHECK(team.grant("50", "cash").limit_fen == 8000);
    team.c.as("xiao.bai");  // an own limit of 0: no authority of one's own
    CHECK(contains(error_message([&] { team.grant("0.01", "coupon"); }, ErrorKind::refused),
                   "over xiao.bai's limit of 0.00 yuan"));
}

TEST_CASE("a grant's amount, kind and ticket are checked before anything is written") {
    Team team;
    for (const char* amount : {"abc", "12.345", "0", "-5", "0.00", "", "1e2"})
        CHECK_THROWS_AS(team.grant(amount, "coupon"), Error);
    CHECK(contains(error_message([&] { team.grant("1e2", "coupon"); }), "'1e2' is not an amount in yuan"));
    CHECK(contains(error_message([&] { team.grant("12.345", "coupon"); }), "more than two decimals"));
    CHECK(contains(error_message([&] { team.grant("5", "voucher"); }), "--kind: unknown value 'voucher'"));
    team.ticket = 999;
    CHECK(error_message([&] { team.grant("5", "coupon"); }, ErrorKind::not_found) == "ticket 999 not found");
    team.ticket = 1;
    CHECK(show_ticket(team.c.ctx(), 1).compensations.empty());
}

TEST_CASE("a compensation records the ticket's level and keeps the timeline in order") {
    Team team;
    team.c.as("li.manager");
    team.c.at(cst(2026, 11, 23, 11, 0));
    EscalateRequest r;
    r.ticket = team.ticket;
    r.reason = "顾客要求主管处理";
    escalate_ticket(team.c.ctx(), r);
    team.c.at(cst(2026, 11, 23, 10, 30));  // before the escalation
    CHECK(contains(error_message([&] { team.grant("5", "coupon"); }), "last changed at 2026-11-23T11:00:00+08:00"));
    team.c.at(cst(2026, 11, 23, 11, 5));
    CHECK(team.grant("5", "coupon").level == 1);
    CHECK(get_ticket(team.c.ctx(), team.ticket).updated_at == cst(2026, 11, 23, 11, 5));
}
