// Follow-ups (lib/followups.hpp): promises and callbacks kept, late and broken; the
// revisit a resolution schedules for the owner and the unsatisfied one that reopens its
// ticket; repeating care reminders; reminders for cron, with a notifier that fails.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "customers.hpp"
#include "followups.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

std::int64_t promise(Centre& c, std::int64_t ticket, std::string kind, Instant due, std::string note,
                     std::optional<std::string> assignee = {}) {
    NewFollowup f;
    f.ticket = ticket;
    f.kind = std::move(kind);
    f.due = due;
    f.note = std::move(note);
    f.assignee = std::move(assignee);
    return add_followup(c.ctx(), f);
}

Followup followup(Centre& c, std::int64_t id) {
    for (const Followup& f : list_followups(c.ctx(), {}))
        if (f.id == id) return f;
    FAIL("no follow-up " << id);
    return {};
}

std::vector<std::int64_t> ids(const std::vector<Followup>& fs) {
    std::vector<std::int64_t> out;
    for (const Followup& f : fs) out.push_back(f.id);
    return out;
}

std::vector<Followup> revisits_of(Centre& c, std::int64_t ticket) {
    FollowupFilter f;
    f.ticket = ticket;
    f.kind = "revisit";
    return list_followups(c.ctx(), f);
}

using Ids = std::vector<std::int64_t>;

}  // namespace

TEST_CASE("a promise kept on time, a callback done late and one left open past its time") {
    Centre c;
    const std::int64_t t = open(c, "email", "complaint", "快递三天没到");
    const std::int64_t kept = promise(c, t, "promise", cst(2026, 11, 23, 15, 0), "下午三点前退款");
    const std::int64_t cb = promise(c, t, "callback", c.now() + 10 * k_minute, "核实后回电");
    const std::int64_t missed = promise(c, t, "promise", cst(2026, 11, 23, 11, 0), "十一点前补发");
    const std::int64_t tomorrow = promise(c, t, "promise", cst(2026, 11, 24, 0, 0), "明天给发票", "chen.jie");
    const Zone& zone = c.ctx().policy().zone;
    CHECK(followup_state(followup(c, cb), c.now(), zone) == "due");
    CHECK(followup_state(followup(c, tomorrow), c.now(), zone) == "open");
    CHECK(followup(c, tomorrow).assignee == "chen.jie");
    CHECK(followup(c, kept).assignee == "li");
    CHECK(last_text(c, t, "followup_add") == "promise 4 for chen.jie due 2026-11-24T00:00:00+08:00: 明天给发票");

    c.at(cst(2026, 11, 23, 10, 20));
    const FollowupClosed late = complete_followup(c.ctx(), cb, "回电晚了十分钟", false);
    CHECK_FALSE(late.unchanged);
    CHECK_FALSE(late.next);
    const Followup done_late = followup(c, cb);
    CHECK(done_late.state == FollowupState::done);
    CHECK(done_late.done_at == cst(2026, 11, 23, 10, 20));
    CHECK(done_on_time(done_late) == false);
    CHECK(is_broken(done_late, c.now()));
    CHECK(last_text(c, t, "followup_done") == "callback 2 done late: 回电晚了十分钟");

    // Overdue from its due time; broken only once that time has passed.
    c.at(cst(2026, 11, 23, 11, 0));
    CHECK(followup_state(followup(c, missed), c.now(), zone) == "overdue");
    CHECK_FALSE(is_broken(followup(c, missed), c.now()));
    CHECK(is_broken(followup(c, missed), c.now() + 1));

    c.at(cst(2026, 11, 23, 14, 0));
    complete_followup(c.ctx(), kept, "已退款, 顾客确认", false);
    CHECK(done_on_time(followup(c, kept)) == true);
    CHECK_FALSE(is_broken(followup(c, kept), c.now()));
    cancel_followup(c.ctx(), tomorrow, "顾客改为到店自提", false);
    CHECK(followup(c, tomorrow).state == FollowupState::cancelled);
    CHECK_FALSE(is_broken(followup(c, tomorrow), c.now()));

    FollowupFilter broken;
    broken.broken = true;
    CHECK(ids(list_followups(c.ctx(), broken)) == Ids{cb, missed});
    FollowupFilter overdue;
    overdue.overdue = true;
    CHECK(ids(list_followups(c.ctx(), overdue)) == Ids{missed});
    FollowupFilter by_phone;
    by_phone.customer = "13800001234";
    CHECK(list_followups(c.ctx(), by_phone).size() == 4);
    CHECK(show_ticket(c.ctx(), t).followups.size() == 4);
}

TEST_CASE("follow-ups refuse what cannot be promised; closing twice changes nothing") {
    Centre c;
    const std::int64_t t = open(c, "email", "complaint", "快递三天没到");
    const std::int64_t cb = promise(c, t, "callback", c.now() + 10 * k_minute, "核实后回电");
    const std::int64_t p = promise(c, t, "promise", c.now() + k_day, "明天退款");

    CHECK(contains(error_message([&] { promise(c, t, "visit", c.now() + k_day, "回访"); }),
                   "--kind: unknown value 'visit'"));
    CHECK(error_message([&] { promise(c, t, "promise", cst(2026, 11, 23, 9, 0), "已经过去"); }) ==
          "--due: 2026-11-23T09:00:00+08:00 is not in the future");
    CHECK_THROWS_AS(promise(c, t, "callback", c.now(), "马上"), Error);
    CHECK(contains(error_message([&] { promise(c, t, "promise", c.now() + k_day, "   "); }), "--note"));
    CHECK(error_message([&] { promise(c, 999, "promise", c.now() + k_day, "退款"); }, ErrorKind::not_found) ==
          "ticket 999 not found");
    NewFollowup loose;
    loose.kind = "promise";
    loose.customer = "13800001234";
    loose.due = c.now() + k_day;
    loose.note = "退款";
    CHECK(contains(error_message([&] { add_followup(c.ctx(), loose); }), "a promise belongs to a ticket"));
    NewFollowup weekly = loose;
    weekly.ticket = t;
    weekly.customer.reset();
    weekly.every = 7 * k_day;
    CHECK(contains(error_message([&] { add_followup(c.ctx(), weekly); }), "only care reminders repeat"));
    NewFollowup twice_a_day = loose;
    twice_a_day.kind = "care";
    twice_a_day.every = 12 * k_hour;
    CHECK(contains(error_message([&] { add_followup(c.ctx(), twice_a_day); }), "at most daily"));
    CHECK(error_message([&] { complete_followup(c.ctx(), 999, "已回电", false); }, ErrorKind::not_found) ==
          "follow-up 999 not found");
    CHECK(contains(error_message([&] { complete_followup(c.ctx(), p, "已退款", true); }),
                   "--unsatisfied: only a revisit"));

    c.later(5 * k_minute);
    complete_followup(c.ctx(), cb, "已回电", false);
    const std::vector<std::string> before = events_of(c, t);
    const FollowupClosed again = complete_followup(c.ctx(), cb, "又回电了一次", false);
    CHECK(again.unchanged == "follow-up 1 is already done");
    CHECK(followup(c, cb).outcome == "已回电");
    cancel_followup(c.ctx(), p, "不需要了", false);
    const std::size_t after_cancel = events_of(c, t).size();
    CHECK(cancel_followup(c.ctx(), p, "再取消一次", false).unchanged == "follow-up 2 is already cancelled");
    CHECK(events_of(c, t).size() == after_cancel);
    CHECK(after_cancel == before.size() + 1);
    CHECK(error_message([&] { cancel_followup(c.ctx(), cb, "取消已完成的", false); }, ErrorKind::refused) ==
          "follow-up 1 is done: 'cancel' is not possible");

    resolve_ticket(c.ctx(), t, "已退款", std::nullopt);
    c.later(5 * k_minute);
    close_ticket(c.ctx(), t);
    CHECK(contains(error_message([&] { promise(c, t, "promise", c.now() + k_day, "再补一张券"); }, ErrorKind::refused),
                   "ticket 1 is closed"));
}

TEST_CASE("resolving a complaint or after-sales ticket schedules the owner's revisit on the business calendar") {
    Centre c;
    c.as("wang.fang");
    const std::int64_t r1 = open(c, "email", "complaint", "洗衣机漏水");
    const std::int64_t r2 = open(c, "email", "after-sales", "上门安装");
    const std::int64_t r3 = open(c, "email", "inquiry", "保修几年");
    assign_ticket(c.ctx(), r1, "chen.jie", false);

    // Resolved in the lunch break: one working day runs from 13:30 to Tuesday 13:30.
    c.as("chen.jie");
    c.at(cst(2026, 11, 23, 13, 10));
    resolve_ticket(c.ctx(), r1, "已上门维修", std::nullopt);
    std::vector<Followup> v = revisits_of(c, r1);
    REQUIRE(v.size() == 1);
    CHECK(v[0].kind == "revisit");
    CHECK(v[0].assignee == "wang.fang");
    CHECK(v[0].created_by == "chen.jie");
    CHECK(v[0].due == cst(2026, 11, 24, 13, 30));
    CHECK(v[0].note == "回访: 洗衣机漏水");
    CHECK(revisit_due(c.ctx().policy(), cst(2026, 11, 23, 13, 10)) == cst(2026, 11, 24, 13, 30));
    CHECK(last_text(c, r1, "followup_add") ==
          "revisit 1 for wang.fang due 2026-11-24T13:30:00+08:00: 回访: 洗衣机漏水");

    c.at(cst(2026, 11, 23, 16, 0));
    resolve_ticket(c.ctx(), r2, "已安装", std::nullopt);
    resolve_ticket(c.ctx(), r3, "保修三年", std::nullopt);
    CHECK(revisits_of(c, r2).at(0).due == cst(2026, 11, 24, 16, 0));
    CHECK(revisits_of(c, r3).empty());

    // A reopen cancels the pending revisit; the next resolution schedules a new one.
    c.at(cst(2026, 11, 23, 16, 10));
    reopen_ticket(c.ctx(), r2, "安装后有异响");
    c.at(cst(2026, 11, 23, 16, 20));
    resolve_ticket(c.ctx(), r2, "已重新固定", std::nullopt);
    v = revisits_of(c, r2);
    REQUIRE(v.size() == 2);
    CHECK(v[0].state == FollowupState::cancelled);
    CHECK(v[0].cancel_reason == "工单已重新打开");
    CHECK(v[1].state == FollowupState::open);
    CHECK(v[1].due == cst(2026, 11, 24, 16, 20));

    // A satisfied revisit leaves its ticket resolved.
    c.at(cst(2026, 11, 27, 10, 0));
    const FollowupClosed satisfied = complete_followup(c.ctx(), v[1].id, "顾客满意", false);
    CHECK_FALSE(satisfied.reopened);
    CHECK(get_ticket(c.ctx(), r2).status == TicketStatus::resolved);
}

TEST_CASE("an unsatisfied revisit reopens its resolved or closed ticket") {
    Centre c;
    c.as("wang.fang");
    const std::int64_t r1 = open(c, "email", "complaint", "洗衣机漏水");
    c.at(cst(2026, 11, 23, 13, 10));
    resolve_ticket(c.ctx(), r1, "已上门维修", std::nullopt);
    const std::int64_t first = revisits_of(c, r1).at(0).id;

    c.at(cst(2026, 11, 24, 11, 0));
    const FollowupClosed unhappy = complete_followup(c.ctx(), first, "顾客说还在漏水", true);
    CHECK(unhappy.reopened);
    Ticket t = get_ticket(c.ctx(), r1);
    CHECK(t.status == TicketStatus::open);
    CHECK(t.reopen_count == 1);
    CHECK(followup(c, first).unsatisfied);
    CHECK(last_text(c, r1, "followup_done") == "revisit 1 done, customer unsatisfied: 顾客说还在漏水");
    CHECK(contains(*last_text(c, r1, "reopen"), "reopened: 回访不满意: 顾客说还在漏水; resolution due"));

    // Resolved again: Thursday 14:00 plus one working day is Friday 14:00.
    c.at(cst(2026, 11, 26, 14, 0));
    resolve_ticket(c.ctx(), r1, "已更换水泵", std::nullopt);
    const std::vector<Followup> v = revisits_of(c, r1);
    REQUIRE(v.size() == 2);
    CHECK(v[1].due == cst(2026, 11, 27, 14, 0));
    c.at(cst(2026, 12, 1, 14, 0));
    close_ticket(c.ctx(), r1);
    c.at(cst(2026, 12, 1, 14, 30));
    CHECK(complete_followup(c.ctx(), v[1].id, "又漏了", true).reopened);
    t = get_ticket(c.ctx(), r1);
    CHECK(t.status == TicketStatus::open);
    CHECK(t.reopen_count == 2);
}

TEST_CASE("an unsatisfied revisit of a ticket open already reopens nothing") {
    Centre c;
    const std::int64_t t = open(c, "email", "complaint", "冰箱不制冷");
    c.at(cst(2026, 12, 2, 10, 10));
    resolve_ticket(c.ctx(), t, "已远程指导", std::nullopt);
    c.at(cst(2026, 12, 2, 10, 20));
    reopen_ticket(c.ctx(), t, "顾客来电说还是不行");
    CHECK(revisits_of(c, t).at(0).state == FollowupState::cancelled);
    c.at(cst(2026, 12, 2, 10, 30));
    const std::int64_t again = promise(c, t, "revisit", cst(2026, 12, 2, 11, 0), "再次回访");
    c.at(cst(2026, 12, 2, 10, 40));
    const FollowupClosed closed = complete_followup(c.ctx(), again, "顾客仍不满意", true);
    CHECK_FALSE(closed.reopened);
    CHECK(get_ticket(c.ctx(), t).reopen_count == 1);
}

TEST_CASE("an unsatisfied revisit with a long outcome still reopens its ticket") {
    Centre c;
    const std::int64_t t = open(c, "email", "complaint", "空调异响");
    c.at(cst(2026, 12, 2, 11, 10));
    resolve_ticket(c.ctx(), t, "已清洗", std::nullopt);
    std::string outcome;
    for (int i = 0; i < 162; ++i) outcome += "很";  // 486 bytes: a valid outcome
    c.at(cst(2026, 12, 2, 11, 20));
    CHECK(complete_followup(c.ctx(), revisits_of(c, t).at(0).id, outcome, true).reopened);
    CHECK(get_ticket(c.ctx(), t).status == TicketStatus::open);
}

TEST_CASE("a care reminder repeats: done or cancelled, the next is due a period after the last") {
    Centre c;
    NewCustomer zhou;
    zhou.name = "周杰";
    zhou.phone = "13500005555";
    const std::int64_t customer = add_customer(c.ctx(), zhou);
    NewFollowup care;
    care.customer = "13500005555";
    care.kind = "care";
    care.due = cst(2026, 11, 30, 10, 0);
    care.every = 7 * k_day;
    care.note = "每周关怀回访";
    const std::int64_t k1 = add_followup(c.ctx(), care);
    CHECK_FALSE(followup(c, k1).ticket_id);
    CHECK(followup(c, k1).customer_id == customer);

    c.at(cst(2026, 12, 1, 9, 0));
    const FollowupClosed done = complete_followup(c.ctx(), k1, "已致电问候", false);
    REQUIRE(done.next);
    const Followup k2 = followup(c, *done.next);
    CHECK(k2.due == cst(2026, 12, 7, 10, 0));
    CHECK(k2.previous_id == k1);
    CHECK(k2.every == 7 * k_day);
    CHECK(done_on_time(followup(c, k1)) == false);
    CHECK_FALSE(is_broken(followup(c, k1), c.now()));  // a late care reminder breaks no promise

    // Cancelled two weeks on: the due time moves by the period until it is ahead.
    c.at(cst(2026, 12, 20, 9, 0));
    const FollowupClosed cancelled = cancel_followup(c.ctx(), k2.id, "顾客出差", false);
    REQUIRE(cancelled.next);
    CHECK(followup(c, *cancelled.next).due == cst(2026, 12, 21, 10, 0));
    CHECK(followup(c, *cancelled.next).previous_id == k2.id);
    const FollowupClosed stopped = cancel_followup(c.ctx(), *cancelled.next, "顾客不再需要", true);
    CHECK_FALSE(stopped.next);

    NewFollowup once = care;
    once.every.reset();
    once.due = cst(2026, 12, 25, 0, 0);
    const std::int64_t k4 = add_followup(c.ctx(), once);
    CHECK(contains(error_message([&] { cancel_followup(c.ctx(), k4, "x", true); }), "does not repeat"));
    c.at(cst(2026, 12, 25, 10, 0));
    CHECK_FALSE(complete_followup(c.ctx(), k4, "已发祝福", false).next);
    CHECK(list_followups(c.ctx(), {}).size() == 4);
}

TEST_CASE("due follow-ups are reminded once; a failed delivery is tried again by the next run") {
    Centre c;
    const std::int64_t t = open(c, "email", "inquiry", "发票抬头");
    const std::int64_t f1 = promise(c, t, "callback", cst(2026, 11, 23, 10, 10), "回电确认抬头");
    const std::int64_t f2 = promise(c, t, "promise", cst(2026, 11, 23, 10, 30), "半小时内开票");
    const std::int64_t f3 = promise(c, t, "promise", cst(2026, 11, 23, 12, 0), "中午前寄出", "chen.jie");
    auto payload = [](const Followup& f) { return "{\"id\":" + std::to_string(f.id) + "}"; };
    auto remind = [&](Seconds within, bool again = false, Notifier* n = nullptr) {
        DueReminders due;
        due.within = within;
        due.remind_again = again;
        return remind_due_followups(c.ctx(), due, n, payload);
    };

    c.at(cst(2026, 11, 23, 10, 9, 59));
    CHECK(remind(0).reminded.empty());
    c.at(cst(2026, 11, 23, 10, 10));
    CHECK(ids(remind(0).reminded) == Ids{f1});
    CHECK(followup(c, f1).reminded_at == cst(2026, 11, 23, 10, 10));
    c.at(cst(2026, 11, 23, 10, 11));
    CHECK(remind(0).reminded.empty());
    c.at(cst(2026, 11, 23, 10, 12));
    CHECK(ids(remind(0, true).reminded) == Ids{f1});
    CHECK(remind(15 * k_minute).reminded.empty());  // 10:27 does not reach 10:30
    c.at(cst(2026, 11, 23, 10, 15));
    CHECK(ids(remind(15 * k_minute).reminded) == Ids{f2});

    FailingNotifier down;
    c.at(cst(2026, 11, 23, 10, 20));
    const ReminderRun failed = remind(2 * k_hour, false, &down);
    CHECK(failed.reminded.empty());
    CHECK(failed.failures == std::vector<std::string>{"follow-up 3: pager unreachable"});
    CHECK_FALSE(followup(c, f3).reminded_at);

    RecordingNotifier pager;
    c.at(cst(2026, 11, 23, 10, 25));
    const ReminderRun delivered = remind(2 * k_hour, false, &pager);
    CHECK(ids(delivered.reminded) == Ids{f3});
    CHECK(pager.lines == std::vector<std::string>{R"({"delivery_id":"reminder-3-1","id":3})"});
    CHECK(followup(c, f3).reminded_at == cst(2026, 11, 23, 10, 25));
    CHECK(remind(2 * k_hour, false, &pager).reminded.empty());
    CHECK(pager.lines.size() == 1);
}
