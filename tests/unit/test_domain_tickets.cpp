// The ticket lifecycle through its operations (lib/tickets.hpp): opening with its customer
// and SLA deadlines, replies and customer messages, holds, transfers, the state machine
// with its no-op moves, updates and the time-order guard. Monday 2026-11-23 10:00 Shanghai;
// the shipped calendar works 09:00-12:00 and 13:30-18:30 (8 h a day).
#include <doctest/doctest.h>

#include "centre.hpp"
#include "customers.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

TEST_CASE("opening registers a new customer by phone and reuses them by the same phone") {
    Centre c;
    const OpenTicketResult first =
        open_ticket(c.ctx(), request("email", "inquiry", "发票开错了", "139 0000-2222", "李娜"));
    CHECK(first.id == 1);
    CHECK(first.customer_created);
    CHECK_FALSE(first.risk_keyword);
    const Customer li_na = resolve_customer(c.ctx(), "13900002222");
    CHECK(li_na.id == first.customer_id);
    CHECK(li_na.name == "李娜");

    // The same number written another way is the same customer; the name given is not needed.
    OpenTicketRequest again = request("chat", "inquiry", "会员续费怎么操作", "+86 139 0000 2222", "别的名字");
    const OpenTicketResult second = open_ticket(c.ctx(), again);
    CHECK(second.id == 2);
    CHECK_FALSE(second.customer_created);
    CHECK(second.customer_id == first.customer_id);

    const Ticket t = get_ticket(c.ctx(), second.id);
    CHECK(t.status == TicketStatus::open);
    CHECK(t.owner == "li");
    CHECK(t.assignee == "li");
    CHECK(t.priority == "normal");
    CHECK(t.created_at == c.now());
    CHECK(events_of(c, second.id) == std::vector<std::string>{"open"});
    CHECK(last_text(c, second.id, "open") == "normal inquiry via chat: 会员续费怎么操作");
}

TEST_CASE("opening refuses what names no customer, and an unknown phone without a name") {
    Centre c;
    OpenTicketRequest nobody;
    nobody.channel = "email";
    nobody.kind = "inquiry";
    nobody.summary = "发票开错了";
    CHECK(contains(error_message([&] { open_ticket(c.ctx(), nobody); }), "--customer"));

    OpenTicketRequest no_name = nobody;
    no_name.phone = "13900002222";
    CHECK(contains(error_message([&] { open_ticket(c.ctx(), no_name); }, ErrorKind::not_found),
                   "no customer has phone 13900002222; give --name"));

    OpenTicketRequest fax = request("fax", "inquiry", "发票开错了");
    CHECK(contains(error_message([&] { open_ticket(c.ctx(), fax); }), "--channel: unknown value 'fax'"));
    OpenTicketRequest blank = request("email", "inquiry", "   ");
    CHECK(contains(error_message([&] { open_ticket(c.ctx(), blank); }), "--summary"));
    OpenTicketRequest missing = request("email", "inquiry", "发票开错了");
    missing.phone.reset();
    missing.name.reset();
    missing.customer = "999";
    CHECK(contains(error_message([&] { open_ticket(c.ctx(), missing); }, ErrorKind::not_found),
                   "customer '999' not found"));

    // Nothing was written by the refusals: the first ticket that opens is number 1.
    CHECK(open(c, "email", "inquiry", "发票开错了") == 1);
}

TEST_CASE("opening sets the deadlines of the first matching rule on the business calendar") {
    Centre c;
    const std::int64_t id = open(c, "email", "complaint", "物流太慢");
    const Ticket t = get_ticket(c.ctx(), id);
    // E-mail: 4 business hours to the first reply (10-12, 13:30-15:30), 80 % at 14:42.
    CHECK(t.first_response_due == cst(2026, 11, 23, 15, 30));
    CHECK(t.first_response_warn == cst(2026, 11, 23, 14, 42));
    // Complaint resolution: one working day, the same clock time on Tuesday; it spans 8
    // working hours, so it is at risk after 6h24m of them, Monday 17:54.
    CHECK(t.resolve_due == cst(2026, 11, 24, 10, 0));
    CHECK(t.resolve_warn == cst(2026, 11, 23, 17, 54));
    CHECK_FALSE(t.next_response_due);
    CHECK(t.next_due == t.first_response_due);
    CHECK(t.next_warn == t.first_response_warn);

    const TicketDetail d = show_ticket(c.ctx(), id);
    const TargetStatus* first = target_of(d, SlaTarget::first_response);
    REQUIRE(first);
    CHECK(first->rule == "email");
    CHECK(first->clock == SlaClock::duty);
    CHECK(first->state == TargetState::ok);

    // Urgent resolution runs around the clock, past closing time; chat answers in 30 s.
    c.at(cst(2026, 11, 27, 17, 0));
    OpenTicketRequest urgent = request("chat", "inquiry", "紧急: 账户被盗");
    urgent.priority = "urgent";
    const Ticket u = get_ticket(c.ctx(), open_ticket(c.ctx(), urgent).id);
    CHECK(u.resolve_due == cst(2026, 11, 27, 21, 0));
    CHECK(u.first_response_due == cst(2026, 11, 27, 17, 0, 30));
    const TicketDetail ud = show_ticket(c.ctx(), u.id);
    CHECK(target_of(ud, SlaTarget::resolution)->rule == "urgent");
    CHECK(target_of(ud, SlaTarget::resolution)->clock == SlaClock::around_the_clock);

    // A Sunday e-mail is answered by the weekend duty (09:00-18:00) the same day; its
    // resolution runs on the business clock from Monday 09:00, three working days.
    c.at(cst(2026, 11, 22, 10, 0));
    const Ticket sunday = get_ticket(c.ctx(), open(c, "email", "inquiry", "周日来信"));
    CHECK(sunday.first_response_due == cst(2026, 11, 22, 14, 0));
    CHECK(sunday.resolve_due == cst(2026, 11, 26, 9, 0));
    c.at(cst(2026, 11, 22, 17, 0));
    const Ticket late_sunday = get_ticket(c.ctx(), open(c, "email", "inquiry", "周日傍晚来信"));
    CHECK(late_sunday.first_response_due == cst(2026, 11, 23, 12, 0));  // 1 h on Sunday, 3 h Monday
}

TEST_CASE("a risk word in the text is kept with the ticket; a number inside an order number is not one") {
    Centre c;
    OpenTicketRequest r = request("email", "complaint", "快递丢了");
    r.body = "再不处理我就找媒体曝光";
    const OpenTicketResult risky = open_ticket(c.ctx(), r);
    CHECK(risky.risk_keyword == "媒体");
    CHECK(get_ticket(c.ctx(), risky.id).risk_keyword == "媒体");

    const OpenTicketResult order = open_ticket(c.ctx(), request("email", "inquiry", "订单 83151234 还没发货"));
    CHECK_FALSE(order.risk_keyword);

    // A note brings the first risk word; a later one is not news.
    CHECK(note_ticket(c.ctx(), order.id, "顾客说要去 12315 投诉") == "12315");
    CHECK(get_ticket(c.ctx(), order.id).risk_keyword == "12315");
    CHECK_FALSE(note_ticket(c.ctx(), order.id, "还说要找律师"));
    CHECK(get_ticket(c.ctx(), order.id).risk_keyword == "12315");
}

TEST_CASE("the first reply meets the first-response target; a customer message starts the next-response one") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "发票开错了");
    c.at(cst(2026, 11, 23, 11, 0));
    CHECK_FALSE(respond_ticket(c.ctx(), id, "您好, 已收到, 正在核对发票", false));
    Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.first_responded_at == cst(2026, 11, 23, 11, 0));
    CHECK(t.response_count == 1);
    CHECK_FALSE(t.next_response_due);
    const TicketDetail met = show_ticket(c.ctx(), id);
    CHECK(target_of(met, SlaTarget::first_response)->state == TargetState::met);
    CHECK(target_of(met, SlaTarget::first_response)->met_at == cst(2026, 11, 23, 11, 0));
    CHECK_FALSE(target_of(met, SlaTarget::first_response)->met_late);

    // Written in the lunch break: one working day from 13:30 ends Tuesday 13:30.
    c.at(cst(2026, 11, 23, 12, 30));
    respond_ticket(c.ctx(), id, "还是没收到新发票", true);
    t = get_ticket(c.ctx(), id);
    CHECK(t.next_response_due == cst(2026, 11, 24, 13, 30));
    CHECK(t.response_count == 1);  // the customer's words are no reply
    const TicketDetail d = show_ticket(c.ctx(), id);
    CHECK(d.timeline.back().kind == EventKind::ticket_customer_message);
    CHECK(describe_event(d.timeline.back(), d.zone) == "还是没收到新发票");

    c.at(cst(2026, 11, 23, 14, 0));
    respond_ticket(c.ctx(), id, "新发票已寄出", false);
    t = get_ticket(c.ctx(), id);
    CHECK_FALSE(t.next_response_due);
    CHECK(t.response_count == 2);
    CHECK(events_of(c, id) == std::vector<std::string>{"open", "respond", "customer_message", "respond"});
}

TEST_CASE("a platinum customer's reply targets come from the VIP rules") {
    Centre c;
    NewCustomer vip;
    vip.name = "张伟";
    vip.phone = "13800001234";
    vip.tier = "platinum";
    vip.ref = "CRM-7";
    add_customer(c.ctx(), vip);
    OpenTicketRequest r;
    r.channel = "email";
    r.kind = "after-sales";
    r.summary = "洗衣机漏水";
    r.customer = "CRM-7";
    const std::int64_t id = open_ticket(c.ctx(), r).id;
    const Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.first_response_due == cst(2026, 11, 23, 11, 0));  // vip-written: 1 h
    CHECK(t.resolve_due == cst(2026, 11, 24, 10, 0));         // vip-platinum: 8 business hours
    c.at(cst(2026, 11, 23, 10, 30));
    respond_ticket(c.ctx(), id, "您好, 工程师今天联系您", false);
    c.at(cst(2026, 11, 23, 10, 40));
    respond_ticket(c.ctx(), id, "几点到?", true);
    CHECK(get_ticket(c.ctx(), id).next_response_due == cst(2026, 11, 23, 11, 40));
}

TEST_CASE("a hold stops the resolution clock and resume moves the deadline by the business time held") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "退款进度");
    CHECK(get_ticket(c.ctx(), id).resolve_due == cst(2026, 11, 26, 10, 0));
    c.at(cst(2026, 11, 23, 10, 30));
    const Transition held = pend_ticket(c.ctx(), id, "等待顾客提供订单截图");
    CHECK(held.changed);
    Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.status == TicketStatus::pending);
    CHECK(t.paused_at == cst(2026, 11, 23, 10, 30));

    c.at(cst(2026, 11, 23, 11, 0));
    const TicketDetail paused = show_ticket(c.ctx(), id);
    CHECK(target_of(paused, SlaTarget::resolution)->state == TargetState::paused);
    CHECK(ticket_sla_state(paused.ticket, c.now()) == TargetState::paused);
    CHECK(paused.ticket.next_due == paused.ticket.first_response_due);  // resolution left out

    // 10:30-12:00 and 13:30-15:00: three business hours on hold, four and a half on the wall.
    c.at(cst(2026, 11, 23, 15, 0));
    const Transition resumed = resume_ticket(c.ctx(), id);
    CHECK(resumed.changed);
    CHECK(resumed.moved == 3 * k_hour);
    t = get_ticket(c.ctx(), id);
    CHECK(t.status == TicketStatus::open);
    CHECK_FALSE(t.paused_at);
    CHECK(t.resolve_due == cst(2026, 11, 26, 14, 30));
    CHECK(t.paused_total == 4 * k_hour + 30 * k_minute);
    CHECK(last_text(c, id, "pending") == "on hold: 等待顾客提供订单截图");
    CHECK(contains(*last_text(c, id, "resume"), "resolution due 2026-11-26T14:30:00+08:00"));

    // A customer message ends a hold too: 50 minutes more.
    c.at(cst(2026, 11, 23, 15, 10));
    pend_ticket(c.ctx(), id, "等待物流回复");
    c.at(cst(2026, 11, 23, 16, 0));
    respond_ticket(c.ctx(), id, "截图已发", true);
    t = get_ticket(c.ctx(), id);
    CHECK(t.status == TicketStatus::open);
    CHECK(t.resolve_due == cst(2026, 11, 26, 15, 20));
    CHECK(t.paused_total == 5 * k_hour + 20 * k_minute);
}

TEST_CASE("a ticket resolved while on hold meets its target: the hold does not count") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "等配件");
    c.at(cst(2026, 11, 23, 10, 30));
    respond_ticket(c.ctx(), id, "已下单配件", false);
    c.at(cst(2026, 11, 23, 11, 0));
    pend_ticket(c.ctx(), id, "等待配件到货");
    c.at(cst(2026, 11, 27, 10, 0));  // a day past the original deadline
    CHECK(resolve_ticket(c.ctx(), id, "配件已到, 已更换", std::nullopt).changed);
    const TicketDetail d = show_ticket(c.ctx(), id);
    CHECK(d.ticket.status == TicketStatus::resolved);
    CHECK(d.ticket.resolved_at == cst(2026, 11, 27, 10, 0));
    const TargetStatus* r = target_of(d, SlaTarget::resolution);
    CHECK(r->state == TargetState::met);
    CHECK_FALSE(r->met_late);
    CHECK(ticket_sla_state(d.ticket, c.now()) == TargetState::met);
}

TEST_CASE("a transfer changes the assignee and keeps the owner; a transfer to the assignee is a no-op") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "转派测试");
    c.later(5 * k_minute);
    CHECK(assign_ticket(c.ctx(), id, "wang.fang", false).changed);
    Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.assignee == "wang.fang");
    CHECK(t.owner == "li");
    CHECK(t.transfer_count == 1);
    CHECK(last_text(c, id, "assign") == "assignee: li → wang.fang");

    const std::size_t events = events_of(c, id).size();
    const Transition again = assign_ticket(c.ctx(), id, "wang.fang", false);
    CHECK_FALSE(again.changed);
    CHECK(again.note == "ticket 1 is already with wang.fang");
    CHECK(events_of(c, id).size() == events);

    // A manager's decision moves the ownership too.
    CHECK(assign_ticket(c.ctx(), id, "chen.jie", true).changed);
    t = get_ticket(c.ctx(), id);
    CHECK(t.owner == "chen.jie");
    CHECK(t.assignee == "chen.jie");
    CHECK(t.transfer_count == 2);
}

TEST_CASE("once agents exist, only registered agents take tickets and only supervisors move ownership") {
    Centre c;
    agent(c, "li", "manager");
    agent(c, "wang.fang", "agent");
    agent(c, "old.hand", "agent");
    AgentChanges off;
    off.active = false;
    update_agent(c.ctx(), "old.hand", off);
    const std::int64_t id = open(c, "email", "inquiry", "转派测试");
    CHECK(contains(error_message([&] { assign_ticket(c.ctx(), id, "nobody", false); }, ErrorKind::refused),
                   "'nobody' is not a registered agent"));
    CHECK(contains(error_message([&] { assign_ticket(c.ctx(), id, "old.hand", false); }, ErrorKind::refused),
                   "agent 'old.hand' is deactivated"));
    assign_ticket(c.ctx(), id, "wang.fang", false);
    c.as("wang.fang");
    CHECK(contains(error_message([&] { assign_ticket(c.ctx(), id, "li", true); }, ErrorKind::refused),
                   "only a supervisor or manager may change the owner of ticket 1"));
    c.as("stranger");
    CHECK(contains(error_message([&] { note_ticket(c.ctx(), id, "看一下"); }, ErrorKind::refused),
                   "'stranger' is not a registered agent"));
    CHECK(get_ticket(c.ctx(), id).owner == "li");
}

TEST_CASE("moves to the state a ticket is in change nothing; moves its state does not allow are refused") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "状态机测试");
    c.later(10 * k_minute);
    const std::vector<std::string> before = events_of(c, id);

    const Transition resume = resume_ticket(c.ctx(), id);
    CHECK_FALSE(resume.changed);
    CHECK(resume.note == "ticket 1 is not on hold");
    const Transition reopen = reopen_ticket(c.ctx(), id, "再看看");
    CHECK_FALSE(reopen.changed);
    CHECK(reopen.note == "ticket 1 is already open");
    CHECK(
        error_message([&] { close_ticket(c.ctx(), id); }, ErrorKind::refused) ==
        "ticket 1 is open: 'close' is not possible (possible: respond, note, update, assign, pending, resolve, merge)");
    pend_ticket(c.ctx(), id, "等顾客");
    const Transition hold = pend_ticket(c.ctx(), id, "还在等");
    CHECK_FALSE(hold.changed);
    CHECK(hold.note == "ticket 1 is already pending");
    CHECK(contains(error_message([&] { reopen_ticket(c.ctx(), id, "x"); }, ErrorKind::refused),
                   "ticket 1 is pending: 'reopen' is not possible"));
    resume_ticket(c.ctx(), id);
    CHECK(events_of(c, id).size() == before.size() + 2);  // the hold and the resume only

    c.at(cst(2026, 11, 23, 11, 0));
    CHECK(resolve_ticket(c.ctx(), id, "已解答", "service").changed);
    const Transition resolved_again = resolve_ticket(c.ctx(), id, "再解决一次", std::nullopt);
    CHECK_FALSE(resolved_again.changed);
    CHECK(resolved_again.note == "ticket 1 is already resolved");
    CHECK(get_ticket(c.ctx(), id).resolution == "已解答");
    CHECK(last_text(c, id, "resolve") == "已解答 (cause: service)");
    CHECK(contains(error_message([&] { pend_ticket(c.ctx(), id, "等"); }, ErrorKind::refused),
                   "possible: respond, note, update, close, reopen"));

    c.at(cst(2026, 11, 23, 11, 30));
    CHECK(close_ticket(c.ctx(), id).changed);
    CHECK(get_ticket(c.ctx(), id).closed_at == cst(2026, 11, 23, 11, 30));
    const std::size_t closed_events = events_of(c, id).size();
    CHECK_FALSE(close_ticket(c.ctx(), id).changed);
    CHECK(close_ticket(c.ctx(), id).note == "ticket 1 is already closed");
    CHECK(contains(error_message([&] { respond_ticket(c.ctx(), id, "还有问题吗", false); }, ErrorKind::refused),
                   "possible: note, reopen"));
    CHECK(contains(error_message([&] { resolve_ticket(c.ctx(), id, "再解决一次", std::nullopt); }, ErrorKind::refused),
                   "is closed: 'resolve' is not possible"));
    CHECK(events_of(c, id).size() == closed_events);
}

TEST_CASE("a reopen runs the resolution target again from the reopen") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "又坏了");
    c.at(cst(2026, 11, 23, 11, 0));
    resolve_ticket(c.ctx(), id, "已解答", std::nullopt);
    c.at(cst(2026, 11, 23, 11, 30));
    close_ticket(c.ctx(), id);
    c.at(cst(2026, 11, 24, 10, 0));
    CHECK(reopen_ticket(c.ctx(), id, "顾客说问题又出现了").changed);
    const Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.status == TicketStatus::open);
    CHECK(t.reopen_count == 1);
    CHECK(t.resolve_start == cst(2026, 11, 24, 10, 0));
    CHECK(t.resolve_due == cst(2026, 11, 27, 10, 0));
    CHECK_FALSE(t.resolved_at);
    CHECK_FALSE(t.closed_at);
    CHECK(last_text(c, id, "reopen") == "reopened: 顾客说问题又出现了; resolution due 2026-11-27T10:00:00+08:00");
}

TEST_CASE("an update of the priority re-chooses the rule and reports the deadline that moved") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "升级测试");
    c.at(cst(2026, 11, 23, 11, 0));
    TicketChanges urgent;
    urgent.priority = "urgent";
    const std::vector<std::string> moved = update_ticket(c.ctx(), id, urgent);
    REQUIRE(moved.size() == 1);
    CHECK(moved[0] ==
          "ticket 1: resolution deadline moved from 2026-11-26T10:00:00+08:00 to 2026-11-23T14:00:00+08:00");
    const Ticket t = get_ticket(c.ctx(), id);
    CHECK(t.priority == "urgent");
    CHECK(t.resolve_due == cst(2026, 11, 23, 14, 0));
    CHECK(t.first_response_due == cst(2026, 11, 23, 15, 30));  // the e-mail rule still sets it

    // A summary change moves no deadline; an unchanged value is no change at all.
    TicketChanges summary;
    summary.summary = "升级测试 (已加急)";
    CHECK(update_ticket(c.ctx(), id, summary).empty());
    CHECK(get_ticket(c.ctx(), id).summary == "升级测试 (已加急)");
    const std::size_t events = events_of(c, id).size();
    CHECK(update_ticket(c.ctx(), id, urgent).empty());
    CHECK(events_of(c, id).size() == events);

    CHECK(contains(error_message([&] { update_ticket(c.ctx(), id, TicketChanges{}); }), "nothing to change"));
    TicketChanges bad;
    bad.priority = "whenever";
    CHECK(contains(error_message([&] { update_ticket(c.ctx(), id, bad); }), "--priority: unknown value 'whenever'"));
    CHECK(error_message([&] { update_ticket(c.ctx(), 999, urgent); }, ErrorKind::not_found) == "ticket 999 not found");
}

TEST_CASE("a change with a clock earlier than the ticket's last change is refused") {
    Centre c;
    const std::int64_t id = open(c, "email", "inquiry", "倒退的时钟");
    c.at(cst(2026, 11, 23, 11, 0));
    note_ticket(c.ctx(), id, "记录一下");
    c.at(cst(2026, 11, 23, 10, 30));
    CHECK(contains(error_message([&] { note_ticket(c.ctx(), id, "倒退"); }),
                   "last changed at 2026-11-23T11:00:00+08:00"));
    CHECK(contains(error_message([&] { resolve_ticket(c.ctx(), id, "提前解决", std::nullopt); }), "check --now"));
    CHECK(get_ticket(c.ctx(), id).status == TicketStatus::open);
    CHECK(events_of(c, id) == std::vector<std::string>{"open", "note"});
}

TEST_CASE("ticket lists filter by status, owner and channel") {
    Centre c;
    const std::int64_t a = open(c, "email", "inquiry", "甲");
    const std::int64_t b = open(c, "chat", "complaint", "乙");
    c.as("wang.fang");
    const std::int64_t d = open(c, "phone", "inquiry", "丙", "13900002222");
    c.later(k_minute);
    resolve_ticket(c.ctx(), d, "已解答", std::nullopt);
    c.as("li");
    auto ids = [&](TicketQuery q) {
        std::vector<std::int64_t> out;
        list_tickets(c.ctx(), q, [&](const TicketRow& r) { out.push_back(r.ticket.id); });
        return out;
    };
    // Newest first, the later number first among tickets opened at the same time.
    TicketQuery open_ones;
    open_ones.statuses = {"open"};
    CHECK(ids(open_ones) == std::vector<std::int64_t>{b, a});
    TicketQuery mine;
    mine.owner = "me";
    CHECK(ids(mine) == std::vector<std::int64_t>{b, a});
    TicketQuery hers;
    hers.owner = "wang.fang";
    CHECK(ids(hers) == std::vector<std::int64_t>{d});
    TicketQuery chat;
    chat.channels = {"chat"};
    CHECK(ids(chat) == std::vector<std::int64_t>{b});
    TicketQuery bad;
    bad.statuses = {"done"};
    CHECK(contains(error_message([&] { ids(bad); }), "--status: unknown value 'done'"));
}

TEST_CASE("a ticket counts its contacts: messages closer than contact_gap are one session") {
    Centre c;
    const std::int64_t chat = open(c, "chat", "inquiry", "怎么开发票");
    // Six replies and four customer messages within minutes of each other: one contact.
    for (int i = 0; i < 6; ++i) {
        c.later(2 * k_minute);
        respond_ticket(c.ctx(), chat, "回复", false);
        if (i < 4) {
            c.later(k_minute);
            respond_ticket(c.ctx(), chat, "追问", true);
        }
    }
    CHECK(get_ticket(c.ctx(), chat).contacts == 1);
    CHECK(get_ticket(c.ctx(), chat).response_count == 6);
    // The customer comes back after an hour: a second contact.
    c.later(k_hour);
    respond_ticket(c.ctx(), chat, "我又来了", true);
    CHECK(get_ticket(c.ctx(), chat).contacts == 2);
    c.later(29 * k_minute);
    respond_ticket(c.ctx(), chat, "您好", false);
    CHECK(get_ticket(c.ctx(), chat).contacts == 2);  // 29 minutes is within the 30-minute gap
    c.later(30 * k_minute);
    respond_ticket(c.ctx(), chat, "还在吗", false);
    CHECK(get_ticket(c.ctx(), chat).contacts == 3);  // 30 minutes is not
}
