// Customers and agents (lib/customers.hpp, lib/agents.hpp) and the knowledge base
// (lib/kb.hpp): registration, look-up by id, ref and phone, profiles; the end of
// single-user mode; entries with their versions, search, retirement and replies from them.
#include <doctest/doctest.h>

#include "agents.hpp"
#include "centre.hpp"
#include "compensation.hpp"
#include "customers.hpp"
#include "kb.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

std::int64_t customer(Centre& c, std::string name, std::optional<std::string> phone,
                      std::optional<std::string> ref = {}, std::optional<std::string> tier = {}) {
    NewCustomer n;
    n.name = std::move(name);
    n.phone = std::move(phone);
    n.ref = std::move(ref);
    n.tier = std::move(tier);
    return add_customer(c.ctx(), n);
}

std::int64_t entry(Centre& c, std::string title, std::string body, std::vector<std::string> tags = {},
                   std::optional<std::string> category = {}) {
    NewKbEntry e;
    e.title = std::move(title);
    e.body = std::move(body);
    e.tags = std::move(tags);
    e.category = std::move(category);
    return add_kb_entry(c.ctx(), e);
}

std::vector<std::int64_t> found(Centre& c, std::string_view text, bool all = false) {
    std::vector<std::int64_t> out;
    for (const KbHit& h : search_kb(c.ctx(), text, all, 20)) out.push_back(h.entry.id);
    return out;
}

using Ids = std::vector<std::int64_t>;

}  // namespace

TEST_CASE("a customer is found by id, by ref and by phone however written; a phone or ref is one customer's") {
    Centre c;
    const std::int64_t zhang = customer(c, "张伟", "138 0000-1234", "CRM-7", "platinum");
    CHECK(zhang == 1);
    for (const char* key : {"1", "CRM-7", "13800001234", "+86 138 0000 1234"}) {
        const Customer found_one = resolve_customer(c.ctx(), key);
        CHECK(found_one.id == zhang);
        CHECK(found_one.tier == "platinum");
        CHECK(found_one.phone == "13800001234");
    }
    CHECK(error_message([&] { resolve_customer(c.ctx(), "999"); }, ErrorKind::not_found) ==
          "customer '999' not found (looked up as id, ref and phone)");
    CHECK(error_message([&] { customer(c, "冒名", "+8613800001234"); }, ErrorKind::conflict) ==
          "phone 13800001234 already belongs to customer 1");
    CHECK(error_message([&] { customer(c, "冒名", std::nullopt, "CRM-7"); }, ErrorKind::conflict) ==
          "ref 'CRM-7' already belongs to customer 1");
    CHECK(contains(error_message([&] { customer(c, "李娜", "13900002222", {}, "diamond"); }),
                   "--tier: unknown tier 'diamond'"));
    CHECK(list_customers(c.ctx(), {}).size() == 1);
}

TEST_CASE("a customer update checks every value and records what changed") {
    Centre c;
    customer(c, "张伟", "13800001234");
    customer(c, "李娜", "13900002222");
    c.later(k_hour);
    CustomerChanges ch;
    ch.tier = "gold";
    ch.email = "zhang@example.com";
    ch.no_survey = true;
    const Customer after = update_customer(c.ctx(), "13800001234", ch);
    CHECK(after.tier == "gold");
    CHECK(after.email == "zhang@example.com");
    CHECK(after.no_survey);
    CHECK(after.updated_at == cst(2026, 11, 23, 11, 0));
    CHECK(resolve_customer(c.ctx(), "1").tier == "gold");

    CustomerChanges taken;
    taken.phone = "13900002222";
    CHECK(error_message([&] { update_customer(c.ctx(), "1", taken); }, ErrorKind::conflict) ==
          "phone 13900002222 already belongs to customer 2");
    CustomerChanges clear;
    clear.phone = "";
    CHECK_FALSE(update_customer(c.ctx(), "1", clear).phone);
    CustomerChanges bad;
    bad.email = "not-an-address";
    CHECK(contains(error_message([&] { update_customer(c.ctx(), "1", bad); }), "is not an e-mail address"));
    CHECK(resolve_customer(c.ctx(), "1").email == "zhang@example.com");
}

TEST_CASE("a customer's profile holds their notes, tickets and everything granted to them") {
    Centre c;
    const std::int64_t id = customer(c, "张伟", "13800001234");
    add_customer_note(c.ctx(), "13800001234", "家里有小孩, 下午不方便接电话");
    const std::int64_t t1 = open(c, "email", "complaint", "包装破损");
    c.later(k_minute);
    const std::int64_t t2 = open(c, "phone", "inquiry", "保修几年");
    CompensateRequest r;
    r.ticket = t1;
    r.amount = "20";
    r.kind = "coupon";
    compensate_ticket(c.ctx(), r);
    const CustomerProfile p = customer_profile(c.ctx(), std::to_string(id));
    CHECK(p.customer.name == "张伟");
    REQUIRE(p.notes.size() == 1);
    CHECK(p.notes[0].text == "家里有小孩, 下午不方便接电话");
    CHECK(p.notes[0].actor == "li");
    CHECK(p.compensation.fen == 2000);
    CHECK(p.compensation.count == 1);
    REQUIRE(p.tickets.size() == 2);
    CHECK(p.tickets[0].ticket.id == t2);  // newest first
    CHECK(p.tickets[1].ticket.id == t1);
    CHECK(show_ticket(c.ctx(), t1).customer_notes.size() == 1);
}

TEST_CASE("the first registered agent ends single-user mode: from then on strangers are refused") {
    Centre c;
    CHECK(current_actor(c.ctx()).role == "manager");  // single-user: everyone is a manager
    NewAgent li;
    li.login = "li";
    li.name = "李经理";
    li.role = "manager";
    CHECK(add_agent(c.ctx(), li).ended_single_user);
    NewAgent wang;
    wang.login = "wang.fang";
    wang.name = "王芳";
    wang.role = "agent";
    wang.comp_limit = "49.90";
    CHECK_FALSE(add_agent(c.ctx(), wang).ended_single_user);
    CHECK(find_agent(c.ctx(), "wang.fang").comp_limit == doctest::Approx(49.9));
    CHECK(error_message([&] { add_agent(c.ctx(), wang); }, ErrorKind::conflict) == "agent 'wang.fang' already exists");
    NewAgent bad = wang;
    bad.login = "wang fang";
    CHECK(contains(error_message([&] { add_agent(c.ctx(), bad); }), "may contain only letters"));

    c.as("wang.fang");
    CHECK(current_actor(c.ctx()).role == "agent");
    NewAgent third = wang;
    third.login = "chen.jie";
    CHECK(contains(error_message([&] { add_agent(c.ctx(), third); }, ErrorKind::refused),
                   "only a manager or above may register agents; 'wang.fang' is an agent"));
    c.as("stranger");
    CHECK(contains(error_message([&] { open(c, "email", "inquiry", "你好"); }, ErrorKind::refused),
                   "'stranger' is not a registered agent of this store"));
    c.as("li");
    AgentChanges off;
    off.active = false;
    CHECK_FALSE(update_agent(c.ctx(), "wang.fang", off).active);
    c.as("wang.fang");
    CHECK(contains(error_message([&] { current_actor(c.ctx()); }, ErrorKind::refused),
                   "agent 'wang.fang' is deactivated"));
}

TEST_CASE("a knowledge-base entry keeps every version with who wrote it and when") {
    Centre c;
    const std::int64_t id = entry(c, "退款到账时间", "{customer}您好, 您的退款将在 {due} 前原路退回, 工单号 {ticket}",
                                  {"退款", "售后", "退款"}, "售后");
    KbEntry e = get_kb_entry(c.ctx(), id);
    CHECK(e.version == 1);
    CHECK(e.tags == std::vector<std::string>{"售后", "退款"});  // sorted, once each
    CHECK(e.created_by == "li");

    c.at(cst(2026, 11, 23, 11, 0));
    c.as("wang");
    KbChanges body;
    body.body = "{customer}您好, 退款将在 3 个工作日内到账 ({ticket})";
    CHECK(update_kb_entry(c.ctx(), id, body) == 2);
    CHECK(contains(error_message([&] { update_kb_entry(c.ctx(), id, body); }), "already reads so: nothing changed"));
    CHECK(contains(error_message([&] { update_kb_entry(c.ctx(), id, KbChanges{}); }), "nothing to change"));
    KbChanges tags;
    tags.tags = std::vector<std::string>{"退款"};
    CHECK(update_kb_entry(c.ctx(), id, tags) == 3);

    const std::vector<KbVersion> history = kb_history(c.ctx(), id);
    REQUIRE(history.size() == 3);
    CHECK(history[0].actor == "li");
    CHECK(history[0].at == cst(2026, 11, 23, 10, 0));
    CHECK(history[1].actor == "wang");
    CHECK(history[1].at == cst(2026, 11, 23, 11, 0));
    CHECK(get_kb_version(c.ctx(), id, 1).body == "{customer}您好, 您的退款将在 {due} 前原路退回, 工单号 {ticket}");
    CHECK(get_kb_version(c.ctx(), id, 3).tags == std::vector<std::string>{"退款"});
    CHECK(error_message([&] { get_kb_version(c.ctx(), id, 4); }, ErrorKind::not_found) ==
          "knowledge-base entry 1 has no version 4 (it has 1 to 3)");
    e = get_kb_entry(c.ctx(), id);
    CHECK(e.version == 3);
    CHECK(e.updated_by == "wang");
    CHECK(error_message([&] { get_kb_entry(c.ctx(), 99); }, ErrorKind::not_found) ==
          "knowledge-base entry 99 not found");
}

TEST_CASE("search finds long words through the index and two-character words as substrings") {
    Centre c;
    const std::int64_t refund = entry(c, "退款到账时间", "{customer}您好, 您的退款将在 {due} 前原路退回", {"退款"});
    const std::int64_t delay = entry(c, "物流延误", "快递延误了非常抱歉, 今天 18:00 前告诉您结果", {"物流"});
    const std::int64_t english =
        entry(c, "Refund policy", "Refunds go back to the original payment within 3 days. 退款三天内到账");
    const std::int64_t cancel = entry(c, "订单取消", "关于退款: 订单取消后自动退款", {}, "订单");

    CHECK(found(c, "原路退回") == Ids{refund});
    CHECK(found(c, "退款 refund") == Ids{english});
    CHECK(found(c, "REFUND") == Ids{english});
    CHECK(found(c, "退款") == Ids{refund, english, cancel});
    CHECK(found(c, "快递延误") == Ids{delay});
    const std::vector<KbHit> hits = search_kb(c.ctx(), "原路退回", false, 20);
    CHECK(contains(hits.at(0).snippet, "[原路退回]"));
    CHECK(contains(search_kb(c.ctx(), "退款", false, 20).at(0).snippet, "[退款]"));
    CHECK(search_kb(c.ctx(), "退款", false, 1).size() == 1);
    CHECK_THROWS_AS(search_kb(c.ctx(), "  ", false, 20), Error);
    CHECK(found(c, "\"退款").empty());  // a quote is text, not query syntax

    KbQuery tagged;
    tagged.tag = "退款";
    CHECK(list_kb_entries(c.ctx(), tagged).size() == 1);
    KbQuery orders;
    orders.category = "订单";
    CHECK(list_kb_entries(c.ctx(), orders).at(0).id == cancel);

    // A retired entry is kept but no longer found, listed or changed.
    c.later(k_minute);
    retire_kb_entry(c.ctx(), cancel, std::string("流程已变"));
    CHECK(found(c, "退款") == Ids{refund, english});
    CHECK(found(c, "退款", true) == Ids{refund, english, cancel});
    CHECK(list_kb_entries(c.ctx(), {}).size() == 3);
    KbChanges title;
    title.title = "订单取消 (新)";
    CHECK(error_message([&] { update_kb_entry(c.ctx(), cancel, title); }, ErrorKind::refused) ==
          "knowledge-base entry 4 is retired: add a new entry instead");
    CHECK(error_message([&] { retire_kb_entry(c.ctx(), cancel, std::nullopt); }, ErrorKind::refused) ==
          "knowledge-base entry 4 is already retired");
}

TEST_CASE("a reply from an entry fills its placeholders from the ticket and is recorded as a reply") {
    Centre c;
    const std::int64_t kb = entry(c, "退款到账时间", "{customer}您好, 您的退款将在 {due} 前原路退回, 工单号 {ticket}");
    const std::int64_t t = open(c, "email", "inquiry", "退款进度");
    c.later(10 * k_minute);
    AgentReply r;
    r.ticket = t;
    r.kb = kb;
    const ReplyResult reply = reply_checked(c.ctx(), r);
    // {due} is the next deadline once the reply is in: the resolution, Thursday 10:00.
    CHECK(reply.text == "张伟您好, 您的退款将在 2026-11-26 10:00 前原路退回, 工单号 1");
    CHECK_FALSE(reply.forced);
    const Ticket after = get_ticket(c.ctx(), t);
    CHECK(after.first_responded_at == cst(2026, 11, 23, 10, 10));
    CHECK(last_text(c, t, "respond") == reply.text);
    CHECK(last_text(c, t, "reply_check") == "reply from kb 1 v1");

    const std::int64_t unknown = entry(c, "坏模板", "您好 {name}");
    r.kb = unknown;
    CHECK(contains(error_message([&] { reply_checked(c.ctx(), r); }), "unknown placeholder {name}"));
    CHECK(placeholders_in("{customer}, {{literal}} {due} {customer}") == std::vector<std::string>{"customer", "due"});

    // An avoided phrase is refused and nothing is written; --force sends it and says so.
    AgentReply rude;
    rude.ticket = t;
    rude.text = "这个我不知道";
    const std::size_t events = events_of(c, t).size();
    CHECK(contains(error_message([&] { reply_checked(c.ctx(), rude); }, ErrorKind::refused), "'我不知道'"));
    CHECK(events_of(c, t).size() == events);
    rude.force = true;
    CHECK(reply_checked(c.ctx(), rude).forced);
    CHECK(get_ticket(c.ctx(), t).response_count == 2);
}

// svc(1): once agents are registered, commands that read the team's records are refused to
// an unregistered login (only db init/check/stats and policy show/check work for anyone).
// The knowledge base is the team's too.
TEST_CASE("once agents exist a stranger may not read the knowledge base") {
    Centre c;
    const std::int64_t id = entry(c, "退款到账时间", "退款将在 3 个工作日内原路退回");
    agent(c, "li", "manager");
    c.as("stranger");
    CHECK_THROWS_AS(search_kb(c.ctx(), "原路退回", false, 20), Error);
    CHECK_THROWS_AS(list_kb_entries(c.ctx(), {}), Error);
    CHECK_THROWS_AS(kb_history(c.ctx(), id), Error);
    CHECK_THROWS_AS(get_kb_entry(c.ctx(), id), Error);
}
