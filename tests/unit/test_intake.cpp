// Messages taken in (lib/intake.hpp): threading by answered ids and by the subject tag,
// redelivery, reopening a resolved ticket and a new ticket after a closed one, customers
// by mail address, the JSON of a bridge, and the text helpers (HTML, quoted replies,
// subjects). The mail parser itself is exercised by tests/cli/test_intake.sh.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "customers.hpp"
#include "error.hpp"
#include "intake.hpp"
#include "io/html_text.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

InboundMessage mail(std::string id, std::string subject, std::string text, std::string from = "zhang@example.net") {
    InboundMessage m;
    m.channel = m.source = "email";
    m.external_id = std::move(id);
    m.subject = std::move(subject);
    m.text = std::move(text);
    m.email = std::move(from);
    m.name = "张三";
    return m;
}

}  // namespace

TEST_CASE("a mail opens a ticket for its sender, registered by address and found again whatever the case") {
    Centre c;
    const IntakeResult first = take_in(c.ctx(), mail("a@x", "订单还没到", "五天了还没到"));
    CHECK(first.outcome == IntakeOutcome::opened);
    CHECK(first.customer_created);
    const Ticket t = get_ticket(c.ctx(), first.ticket);
    CHECK(t.channel == "email");
    CHECK(t.kind == "inquiry");
    CHECK(t.summary == "订单还没到");
    CHECK(t.body == "五天了还没到");
    CHECK(t.owner == "li");

    c.later(k_minute);
    const IntakeResult second = take_in(c.ctx(), mail("b@x", "另一件事", "发票", "Zhang@Example.NET"));
    CHECK(second.outcome == IntakeOutcome::opened);
    CHECK_FALSE(second.customer_created);
    CHECK(second.customer == first.customer);
}

TEST_CASE("a reply joins the ticket of the message it answers, and a redelivery changes nothing") {
    Centre c;
    const IntakeResult opened = take_in(c.ctx(), mail("first@x", "订单还没到", "五天了"));
    c.later(10 * k_minute);
    respond_ticket(c.ctx(), opened.ticket, "您好, 已为您催促快递, 今天 18:00 前回复您", false);
    c.later(k_hour);
    InboundMessage reply = mail("reply@x", "订单还没到", "还是没到\n\n在 2026年11月23日 10:10，客服 写道：\n> 您好");
    reply.answers = {"agent-77@shop", "first@x"};
    const IntakeResult added = take_in(c.ctx(), reply);
    CHECK(added.outcome == IntakeOutcome::added);
    CHECK(added.ticket == opened.ticket);
    // The quoted message is left out; the next-response target runs.
    CHECK(last_text(c, opened.ticket, "customer_message") == "(email) 还是没到");
    CHECK(get_ticket(c.ctx(), opened.ticket).next_response_due);

    c.later(k_minute);
    const IntakeResult again = take_in(c.ctx(), reply);
    CHECK(again.outcome == IntakeOutcome::duplicate);
    CHECK(again.ticket == opened.ticket);
    CHECK(events_of(c, opened.ticket) == std::vector<std::string>{"open", "respond", "customer_message"});
}

TEST_CASE("the subject tag threads a mail when no id does; a tag naming no ticket opens a new one") {
    Centre c;
    const IntakeResult opened = take_in(c.ctx(), mail("1@x", "退款", "申请退款"));
    c.later(k_minute);
    InboundMessage tagged = mail("2@x", "退款", "请尽快", "someone.else@example.org");
    tagged.ticket = opened.ticket;
    CHECK(take_in(c.ctx(), tagged).ticket == opened.ticket);
    c.later(k_minute);
    InboundMessage stray = mail("3@x", "退款", "请尽快");
    stray.ticket = 999;
    const IntakeResult other = take_in(c.ctx(), stray);
    CHECK(other.outcome == IntakeOutcome::opened);
    CHECK(other.ticket != opened.ticket);
}

TEST_CASE("a message to a resolved ticket reopens it; to a closed one it opens a new ticket linked to it") {
    Centre c;
    const IntakeResult opened = take_in(c.ctx(), mail("1@x", "质量问题", "内胆掉漆"));
    c.later(k_hour);
    resolve_ticket(c.ctx(), opened.ticket, "已换货", std::nullopt);
    c.later(k_hour);
    InboundMessage reply = mail("2@x", "质量问题", "换的这个也掉漆");
    reply.answers = {"1@x"};
    const IntakeResult reopened = take_in(c.ctx(), reply);
    CHECK(reopened.outcome == IntakeOutcome::reopened);
    CHECK(get_ticket(c.ctx(), opened.ticket).status == TicketStatus::open);
    CHECK(get_ticket(c.ctx(), opened.ticket).reopen_count == 1);

    c.later(k_hour);
    resolve_ticket(c.ctx(), opened.ticket, "已退款", std::nullopt);
    close_ticket(c.ctx(), opened.ticket);
    c.later(k_hour);
    InboundMessage late = mail("3@x", "质量问题", "退款还没到账");
    late.answers = {"2@x"};
    const IntakeResult fresh = take_in(c.ctx(), late);
    CHECK(fresh.outcome == IntakeOutcome::opened);
    CHECK(fresh.follows == opened.ticket);
    CHECK(get_ticket(c.ctx(), opened.ticket).status == TicketStatus::closed);
    const auto links = c.store().tickets().links_of(opened.ticket);
    REQUIRE(links.size() == 1);
    CHECK(links[0].ticket_id == fresh.ticket);
    CHECK(links[0].kind == "related");
}

TEST_CASE("a message taken in is all or nothing") {
    Centre c;
    InboundMessage bad = mail("1@x", "x", "");
    CHECK_THROWS_AS(take_in(c.ctx(), bad), Error);
    InboundMessage nobody = mail("2@x", "x", "text");
    nobody.email.reset();
    CHECK_THROWS_AS(take_in(c.ctx(), nobody), Error);
    CHECK(c.store().tickets().count_tickets() == 0);
    CHECK_FALSE(c.store().tickets().inbound_ticket("email", "2@x"));
}

TEST_CASE("a bridge's JSON: fields checked by name, the time it was written starts the ticket") {
    Centre c;
    const Instant written = c.now() - 20 * k_minute;
    const InboundMessage m = message_from_json(
        R"({"channel":"chat","source":"wecom","external_id":"m1","customer":{"name":"李娜","phone":"13900002222"},)"
        R"("text":"快递还没到","time":"2026-11-23T09:40:00+08:00","kind":"complaint"})",
        c.ctx().policy().zone, c.now());
    CHECK(m.source == "wecom");
    CHECK(m.written_at == written);
    const IntakeResult r = take_in(c.ctx(), m);
    const Ticket t = get_ticket(c.ctx(), r.ticket);
    CHECK(t.created_at == written);
    CHECK(t.kind == "complaint");
    CHECK(t.summary == "快递还没到");
    CHECK(resolve_customer(c.ctx(), "13900002222").id == r.customer);

    auto error_of = [&](std::string_view text) {
        try {
            message_from_json(text, c.ctx().policy().zone, c.now());
        } catch (const Error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    CHECK(error_of(R"({"text":"x"})").starts_with("channel: missing"));
    CHECK(error_of(R"({"channel":"fax","text":"x"})").starts_with("channel: unknown value 'fax'"));
    CHECK(error_of(R"({"channel":"chat"})").starts_with("text: missing"));
    CHECK(error_of(R"({"channel":"chat","text":"x","colour":1})").starts_with("colour: unknown field"));
    CHECK(error_of(R"({"channel":"chat","text":"x","customer":{"mobile":"1"}})")
              .starts_with("customer.mobile: unknown field"));
    CHECK(error_of(R"({"channel":"chat","text":"x","ticket":true})").starts_with("ticket: must be a number"));
    CHECK(error_of(R"({"channel":"chat","text":"x","time":"soon"})").starts_with("time: "));
    CHECK(error_of("[1]").starts_with("the message must be one JSON object"));
}

TEST_CASE("mail loops: automatic mail and the centre's own are dropped") {
    Centre c;
    Policy p = c.ctx().policy();
    p.own_addresses = {"kefu@shop.example"};
    io::Mail m;
    m.from_address = "zhang@example.net";
    m.message_id = "1@example.net";
    CHECK_FALSE(mail_loop(p, m));
    m.automatic = "Auto-Submitted: auto-replied";
    CHECK(mail_loop(p, m));
    m.automatic.clear();
    m.from_address = "KEFU@shop.example";
    CHECK(mail_loop(p, m));
    m.from_address = "zhang@example.net";
    m.message_id = "abc@shop.example";
    CHECK(mail_loop(p, m));
}

TEST_CASE("subjects: the tag found and taken off with reply prefixes") {
    CHECK(subject_ticket("Re: [svc#42] 退款") == 42);
    CHECK(subject_ticket("[svc#] x") == std::nullopt);
    CHECK(subject_ticket("[svc#12x] x") == std::nullopt);
    CHECK(subject_ticket("[svc#99999999999999999999] x") == std::nullopt);
    CHECK(subject_ticket("no tag") == std::nullopt);
    CHECK(clean_subject("Re: RE: Fwd: [svc#42]  退款申请 ") == "退款申请");
    CHECK(clean_subject("回复：转发: 发票") == "发票");
    CHECK(clean_subject("Return policy") == "Return policy");
}

TEST_CASE("a reply's own words without what it quotes") {
    CHECK(without_quoted_reply("好的\n\nOn Mon, 5 Oct 2026, kefu wrote:\n> earlier") == "好的");
    CHECK(without_quoted_reply("收到\n-----原始邮件-----\n发件人: kefu") == "收到");
    CHECK(without_quoted_reply("收到\n------------------ 原始邮件 ------------------\n发件人") == "收到");
    CHECK(without_quoted_reply("第一行\n> 引用\n第三行") == "第一行\n> 引用\n第三行");
    CHECK(without_quoted_reply("谢谢\n> a\n>b\n\n") == "谢谢");
    CHECK(without_quoted_reply("> only quoted") == "");
}

TEST_CASE("readable text: controls and overrides out, one blank line at most") {
    CHECK(readable_text("a\r\nb\rc") == "a\nb\nc");
    CHECK(readable_text("a\x01\x7f b  \n\n\n\nc  ") == "a b\n\nc");
    CHECK(readable_text("x\u202Ey\u2066z") == "xyz");
    CHECK(readable_text("\n\n  \nstart") == "start");
}

TEST_CASE("HTML made readable") {
    using io::html_to_text;
    CHECK(html_to_text("<p>你好&nbsp;&amp;再见</p><p>二</p>") == "你好 &再见\n\n二");
    CHECK(html_to_text("<div>a<br>b</div><ul><li>x</li><li>y</li></ul>") == "a\nb\n- x\n- y");
    CHECK(html_to_text("<head><title>t</title><style>p{}</style></head><script>x()</script>body") == "body");
    CHECK(html_to_text("<a href=\"https://e.com/o/1\">订单</a>") == "订单 <https://e.com/o/1>");
    CHECK(html_to_text("<a href=\"mailto:a@b.c\">a@b.c</a>") == "a@b.c");
    CHECK(html_to_text("&#20320;&#x597D; &lt;tag&gt; &unknown; &#xD800;") == "你好 <tag> &unknown; \uFFFD");
    CHECK(html_to_text("a <!-- hidden --> b") == "a b");
    CHECK(html_to_text("unclosed <b") == "unclosed");
    CHECK(html_to_text("") == "");
}
