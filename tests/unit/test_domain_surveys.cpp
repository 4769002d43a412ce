// Satisfaction surveys (lib/surveys.hpp) with the shipped policy: due 24 h to 48 h after the
// resolution, one per customer in 30 days, never while the problem is open or to a customer
// who opted out; sends all or nothing; answers checked, credited to the owner, expiring
// after 7 days; reopening; delivery through a notifier that may fail.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "customers.hpp"
#include "surveys.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

using Ids = std::vector<std::int64_t>;

// Customers 1..6, 顾客N with phone 1380000000N; customer 2 opted out.
void customers(Centre& c) {
    for (int i = 1; i <= 6; ++i) {
        NewCustomer n;
        n.name = "顾客" + std::to_string(i);
        n.phone = "1380000000" + std::to_string(i);
        n.email = "c" + std::to_string(i) + "@example.com";
        add_customer(c.ctx(), n);
    }
    CustomerChanges out;
    out.no_survey = true;
    update_customer(c.ctx(), "2", out);
}

// A phone inquiry of the customer, opened and resolved at the clock's now.
std::int64_t resolved(Centre& c, int customer) {
    OpenTicketRequest r;
    r.channel = "phone";
    r.kind = "inquiry";
    r.summary = "咨询保修期";
    r.customer = std::to_string(customer);
    const std::int64_t id = open_ticket(c.ctx(), r).id;
    resolve_ticket(c.ctx(), id, "已解答", std::nullopt);
    return id;
}

Ids due_now(Centre& c) {
    Ids out;
    for (const SurveyDue& d : due_surveys(c.ctx())) out.push_back(d.ticket.id);
    return out;
}

// The six tickets of the CLI tests: 1 resolved; 2 of the customer who opted out; 3 open;
// 4 customer 1's second, five minutes later; 5 reopened; 6 resolved and closed.
void six_tickets(Centre& c) {
    customers(c);
    resolved(c, 1);
    resolved(c, 2);
    OpenTicketRequest r;
    r.channel = "chat";
    r.kind = "inquiry";
    r.summary = "还没处理";
    r.customer = "3";
    open_ticket(c.ctx(), r);
    c.at(cst(2026, 11, 23, 10, 5));
    resolved(c, 1);
    c.at(cst(2026, 11, 23, 10, 0));
    resolved(c, 4);
    resolved(c, 5);
    c.at(cst(2026, 11, 23, 11, 0));
    close_ticket(c.ctx(), 6);
    c.at(cst(2026, 11, 23, 12, 0));
    reopen_ticket(c.ctx(), 5, "顾客说还有问题");
}

SurveyAnswer answer(std::int64_t ticket, std::int64_t csat, std::optional<std::int64_t> nps = {}) {
    SurveyAnswer a;
    a.ticket = ticket;
    a.csat = csat;
    a.nps = nps;
    return a;
}

}  // namespace

TEST_CASE("a resolved ticket is due from 24 h to 48 h after its resolution, one per customer") {
    Centre c;
    six_tickets(c);
    c.at(cst(2026, 11, 24, 9, 59, 59));
    CHECK(due_now(c).empty());
    c.at(cst(2026, 11, 24, 10, 0));
    CHECK(due_now(c) == Ids{1, 6});
    const SurveyDue first = due_surveys(c.ctx()).at(0);
    CHECK(first.customer.name == "顾客1");
    CHECK(first.window_end == cst(2026, 11, 25, 10, 0));
    c.at(cst(2026, 11, 24, 10, 5));
    CHECK(due_now(c) == Ids{1, 6});  // ticket 4 of the same customer waits
    c.at(cst(2026, 11, 25, 10, 0));
    CHECK(due_now(c) == Ids{1, 6});
    c.at(cst(2026, 11, 25, 10, 0, 1));
    CHECK(due_now(c) == Ids{4});
    c.at(cst(2026, 11, 25, 10, 5, 1));
    CHECK(due_now(c).empty());
    CHECK(list_surveys(c.ctx(), {}).empty());  // listing what is due records nothing
}

TEST_CASE("sending is all or nothing, once per ticket, and keeps to the window and the suppression period") {
    Centre c;
    six_tickets(c);
    c.at(cst(2026, 11, 24, 10, 0));
    CHECK(error_message(
              [&] {
                  send_surveys(c.ctx(), {1, 3}, false);
              },
              ErrorKind::refused) ==
          "nothing recorded:\n  ticket 3 is open: a survey waits until the problem is resolved");
    CHECK(list_surveys(c.ctx(), {}).empty());
    CHECK(contains(error_message([&] { send_surveys(c.ctx(), {2}, true); }, ErrorKind::refused),
                   "customer 2 (顾客2) opted out of surveys"));
    CHECK_THROWS_AS(send_surveys(c.ctx(), {99}, false), Error);
    CHECK(list_surveys(c.ctx(), {}).empty());
}

TEST_CASE("a survey goes out once; the customer is then suppressed and --force is needed") {
    Centre c;
    six_tickets(c);
    c.at(cst(2026, 11, 24, 10, 5));
    CHECK(contains(error_message(
                       [&] {
                           send_surveys(c.ctx(), {1, 4}, false);
                       },
                       ErrorKind::refused),
                   "customer 1 (顾客1) would get two surveys at once (ticket 4 too)"));
    c.at(cst(2026, 11, 24, 10, 0));
    const std::vector<SurveySent> sent = send_surveys(c.ctx(), {1}, false);
    REQUIRE(sent.size() == 1);
    CHECK_FALSE(sent[0].already);
    const Survey& s = sent[0].survey;
    CHECK(s.ticket_id == 1);
    CHECK(s.customer_id == 1);
    CHECK(s.agent == "li");
    CHECK(s.channel == "phone");
    CHECK(s.sent_at == cst(2026, 11, 24, 10, 0));
    CHECK(s.sent_by == "li");
    CHECK(s.state == SurveyState::sent);
    CHECK(last_text(c, 1, "survey_send") == "survey 1 sent via phone");

    c.at(cst(2026, 11, 24, 11, 0));
    const std::vector<SurveySent> again = send_surveys(c.ctx(), {1}, false);
    CHECK(again.at(0).already);
    CHECK(again.at(0).survey.sent_at == cst(2026, 11, 24, 10, 0));
    CHECK(list_surveys(c.ctx(), {}).size() == 1);

    c.at(cst(2026, 11, 24, 10, 6));
    CHECK(due_now(c) == Ids{6});  // ticket 4 is suppressed now
    CHECK(error_message([&] { send_surveys(c.ctx(), {4}, false); }, ErrorKind::refused) ==
          "nothing recorded:\n  customer 1 (顾客1) was surveyed within the last 30 days (survey.suppress_days); "
          "--force sends anyway");
    CHECK(send_surveys(c.ctx(), {4}, true).size() == 1);

    // Before its window only --force sends.
    Centre early;
    six_tickets(early);
    early.at(cst(2026, 11, 24, 9, 0));
    CHECK(contains(error_message([&] { send_surveys(early.ctx(), {6}, false); }, ErrorKind::refused),
                   "ticket 6: its survey window opens at 2026-11-24T10:00:00+08:00"));
    CHECK(send_surveys(early.ctx(), {6}, true).at(0).survey.sent_at == cst(2026, 11, 24, 9, 0));

    // send_due_surveys records what is due and nothing twice.
    early.at(cst(2026, 11, 24, 10, 10));
    std::vector<std::int64_t> recorded;
    for (const SurveyDue& d : send_due_surveys(early.ctx())) recorded.push_back(d.ticket.id);
    CHECK(recorded == Ids{1});
    CHECK(due_now(early).empty());
}

TEST_CASE("answers are checked, credited to the owner, refused twice and after expiry") {
    Centre c;
    six_tickets(c);
    c.at(cst(2026, 11, 24, 9, 0));
    send_surveys(c.ctx(), {6}, true);
    c.at(cst(2026, 11, 24, 10, 0));
    send_surveys(c.ctx(), {1}, false);
    c.as("wang.fang");  // recorded by a colleague: still the owner's answer

    c.at(cst(2026, 11, 24, 12, 0));
    CHECK(error_message([&] { record_answer(c.ctx(), answer(1, 6)); }) == "--csat: 6 is not between 1 and 5");
    CHECK_THROWS_AS(record_answer(c.ctx(), answer(1, 0)), Error);
    CHECK(error_message([&] { record_answer(c.ctx(), answer(1, 5, 11)); }) == "--nps: 11 is not between 0 and 10");
    SurveyAnswer future = answer(1, 5);
    future.answered_at = cst(2026, 11, 24, 13, 0);
    CHECK(contains(error_message([&] { record_answer(c.ctx(), future); }), "is in the future"));
    SurveyAnswer before_send = answer(1, 5);
    before_send.answered_at = cst(2026, 11, 24, 9, 0);
    CHECK(error_message([&] { record_answer(c.ctx(), before_send); }) ==
          "--at: 2026-11-24T09:00:00+08:00 is before the survey went out at 2026-11-24T10:00:00+08:00");

    SurveyAnswer good = answer(1, 5, 9);
    good.comment = "很满意";
    const Survey s = record_answer(c.ctx(), good);
    CHECK(s.id == 2);
    CHECK(s.state == SurveyState::answered);
    CHECK(s.agent == "li");
    CHECK(s.csat == 5);
    CHECK(s.nps == 9);
    CHECK(s.answered_at == cst(2026, 11, 24, 12, 0));
    CHECK(s.recorded_by == "wang.fang");
    CHECK(last_text(c, 1, "survey_answer") == "survey 2 answered: csat 5, nps 9: 很满意");
    c.at(cst(2026, 11, 24, 12, 5));
    CHECK(error_message([&] { record_answer(c.ctx(), answer(1, 1)); }, ErrorKind::conflict) ==
          "ticket 1: its survey was already answered at 2026-11-24T12:00:00+08:00");

    // Ticket 6 went out Tuesday 09:00: answers are taken until the next Tuesday 09:00.
    c.at(cst(2026, 12, 1, 9, 0, 1));
    SurveyFilter six;
    six.ticket = 6;
    const Survey open_one = list_surveys(c.ctx(), six).at(0);
    CHECK(survey_state(open_one, c.now(), 7) == "expired");
    CHECK(error_message([&] { record_answer(c.ctx(), answer(6, 4)); }, ErrorKind::conflict) ==
          "ticket 6: its survey expired at 2026-12-01T09:00:00+08:00 (survey.expire_days = 7)");
    SurveyAnswer in_time = answer(6, 4);
    in_time.answered_at = cst(2026, 12, 1, 9, 0);
    CHECK(record_answer(c.ctx(), in_time).state == SurveyState::answered);
}

TEST_CASE("a phone survey is sent and answered at once, never for an open ticket or an opted-out customer") {
    Centre c;
    six_tickets(c);
    c.at(cst(2026, 11, 24, 15, 0));
    SurveyAnswer a = answer(4, 3, 7);
    a.answered_at = cst(2026, 11, 24, 14, 0);
    const Survey s = record_answer(c.ctx(), a);
    CHECK(s.channel == "phone");
    CHECK(s.sent_at == cst(2026, 11, 24, 14, 0));
    CHECK(s.answered_at == s.sent_at);
    CHECK(s.state == SurveyState::answered);
    CHECK(error_message([&] { record_answer(c.ctx(), answer(3, 5)); }, ErrorKind::refused) ==
          "ticket 3 is open: a survey waits until the problem is resolved");
    CHECK(contains(error_message([&] { record_answer(c.ctx(), answer(2, 5)); }, ErrorKind::refused),
                   "opted out of surveys"));
    SurveyAnswer too_early = answer(1, 5);
    too_early.answered_at = cst(2026, 11, 23, 9, 0);
    CHECK(contains(error_message([&] { record_answer(c.ctx(), too_early); }), "before the ticket was resolved"));
}

TEST_CASE("reopening cancels an unanswered survey and keeps an answered one") {
    Centre c;
    six_tickets(c);
    c.at(cst(2026, 11, 24, 10, 0));
    send_surveys(c.ctx(), {1, 6}, false);
    c.at(cst(2026, 11, 24, 11, 0));
    record_answer(c.ctx(), answer(1, 4));
    reopen_ticket(c.ctx(), 1, "又坏了");
    reopen_ticket(c.ctx(), 6, "问题复现");
    SurveyFilter f;
    f.ticket = 6;
    const Survey cancelled = list_surveys(c.ctx(), f).at(0);
    CHECK(cancelled.state == SurveyState::cancelled);
    CHECK(cancelled.cancel_reason == "工单已重新打开");
    CHECK(last_text(c, 6, "survey_cancel") == "survey 2 cancelled: 工单已重新打开");
    f.ticket = 1;
    CHECK(list_surveys(c.ctx(), f).at(0).state == SurveyState::answered);
    SurveyFilter by_state;
    by_state.state = "cancelled";
    CHECK(list_surveys(c.ctx(), by_state).size() == 1);
    by_state.state = "sideways";
    CHECK(contains(error_message([&] { list_surveys(c.ctx(), by_state); }), "--state: unknown value 'sideways'"));
}

TEST_CASE("a survey the notifier could not deliver is taken back and goes out with the next run") {
    Centre c;
    customers(c);
    resolved(c, 1);
    c.at(cst(2026, 11, 24, 10, 0));
    auto payload = [](const SurveyDue& d) { return "{\"ticket\":" + std::to_string(d.ticket.id) + "}"; };

    FailingNotifier down;
    const SurveyDeliveryRun failed = deliver_due_surveys(c.ctx(), down, payload);
    CHECK(failed.delivered.empty());
    CHECK(failed.failures == std::vector<std::string>{"ticket 1: pager unreachable"});
    CHECK(list_surveys(c.ctx(), {}).empty());  // not counted as sent
    CHECK(contains(*last_text(c, 1, "survey_unsend"), "not delivered: pager unreachable"));
    CHECK(due_now(c) == Ids{1});

    c.at(cst(2026, 11, 24, 10, 5));
    RecordingNotifier pager;
    const SurveyDeliveryRun run = deliver_due_surveys(c.ctx(), pager, payload);
    REQUIRE(run.delivered.size() == 1);
    CHECK(run.failures.empty());
    REQUIRE(pager.lines.size() == 1);
    CHECK(pager.lines[0].starts_with("{\"delivery_id\":\"survey-"));
    CHECK(pager.lines[0].ends_with(",\"ticket\":1}"));
    const std::vector<Survey> sent = list_surveys(c.ctx(), {});
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].sent_at == cst(2026, 11, 24, 10, 5));
    CHECK(due_now(c).empty());
    CHECK(deliver_due_surveys(c.ctx(), pager, payload).delivered.empty());
    CHECK(pager.lines.size() == 1);
}
