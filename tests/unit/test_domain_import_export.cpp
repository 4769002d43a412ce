// Moving tickets out and in (lib/ticket_io.hpp): a JSONL export imported into a fresh store
// reproduces each ticket with its deadlines, timeline, escalations and compensations; CSV
// rows get their deadlines from the policy; a bad line refuses the whole file unless the
// bad lines are skipped.
#include <doctest/doctest.h>

#include <cstdio>

#include "centre.hpp"
#include "compensation.hpp"
#include "escalation.hpp"
#include "json/json.hpp"
#include "render/views.hpp"
#include "ticket_io.hpp"
#include "tickets.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// Every ticket as the JSONL export writes it, contacts revealed (masked ones are refused
// by the import).
std::string exported(Centre& c) {
    std::string out;
    export_tickets(c.ctx(), {}, [&](const ExportedTicket& e) {
        out += json::dump(render::ticket_export_json(e, c.ctx().policy().zone, true)) + "\n";
    });
    return out;
}

ImportReport import_text(Centre& c, const std::string& text, ImportFormat format, bool skip_invalid = false) {
    std::FILE* f = std::tmpfile();
    REQUIRE(f);
    std::fputs(text.c_str(), f);
    std::rewind(f);
    io::Input input(f, format == ImportFormat::csv ? "tickets.csv" : "tickets.jsonl");
    return import_tickets(c.ctx(), input, format, skip_invalid, {});
}

std::vector<std::int64_t> all_ids(Centre& c) {
    std::vector<std::int64_t> out;
    TicketQuery q;
    q.sort = TicketSort::id;
    list_tickets(c.ctx(), q, [&](const TicketRow& r) { out.push_back(r.ticket.id); });
    return out;
}

}  // namespace

TEST_CASE("a JSONL export imported into a fresh store reproduces its tickets") {
    Centre a;
    OpenTicketRequest r = request("email", "complaint", "快递三天没到");
    r.tags = {"物流", "加急"};
    r.body = "顾客说快递员态度很差";
    const std::int64_t t1 = open_ticket(a.ctx(), r).id;
    const std::int64_t t2 = open(a, "chat", "inquiry", "会员续费怎么操作", "13900002222");
    a.at(cst(2026, 11, 23, 10, 30));
    respond_ticket(a.ctx(), t1, "您好, 正在核实", false);
    a.at(cst(2026, 11, 23, 11, 0));
    EscalateRequest up;
    up.ticket = t1;
    up.reason = "顾客要求主管处理";
    escalate_ticket(a.ctx(), up);
    a.at(cst(2026, 11, 23, 11, 5));
    CompensateRequest k;
    k.ticket = t1;
    k.amount = "30";
    k.kind = "coupon";
    compensate_ticket(a.ctx(), k);
    a.at(cst(2026, 11, 23, 14, 0));
    resolve_ticket(a.ctx(), t1, "已补发", "logistics");
    pend_ticket(a.ctx(), t2, "等顾客回复");

    const std::string text = exported(a);
    Centre b(cst(2026, 11, 24, 9, 0));
    const ImportReport report = import_text(b, text, ImportFormat::jsonl);
    CHECK(report.imported == 2);
    CHECK(report.customers_created == 2);
    CHECK(report.problems.empty());
    CHECK(all_ids(b) == std::vector<std::int64_t>{t1, t2});

    for (const std::int64_t id : {t1, t2}) {
        CAPTURE(id);
        const TicketDetail x = show_ticket(a.ctx(), id);
        const TicketDetail y = show_ticket(b.ctx(), id);
        const Ticket &s = x.ticket, &t = y.ticket;
        CHECK(t.status == s.status);
        CHECK(t.kind == s.kind);
        CHECK(t.channel == s.channel);
        CHECK(t.summary == s.summary);
        CHECK(t.body == s.body);
        CHECK(t.owner == s.owner);
        CHECK(t.assignee == s.assignee);
        CHECK(t.level == s.level);
        CHECK(t.cause == s.cause);
        CHECK(t.resolution == s.resolution);
        CHECK(t.created_at == s.created_at);
        CHECK(t.updated_at == s.updated_at);
        CHECK(t.first_response_due == s.first_response_due);
        CHECK(t.first_responded_at == s.first_responded_at);
        CHECK(t.resolve_due == s.resolve_due);
        CHECK(t.resolved_at == s.resolved_at);
        CHECK(t.paused_at == s.paused_at);
        CHECK(t.response_count == s.response_count);
        CHECK(t.sla == s.sla);
        CHECK(y.customer.name == x.customer.name);
        CHECK(y.customer.phone == x.customer.phone);
        // The timeline as it was, then the import itself.
        std::vector<std::string> before;
        for (const AuditEvent& e : x.timeline)
            before.push_back(e.action + " " + e.actor + " " + describe_event(e, x.zone));
        std::vector<std::string> after;
        for (const AuditEvent& e : y.timeline)
            after.push_back(e.action + " " + e.actor + " " + describe_event(e, y.zone));
        REQUIRE(after.size() == before.size() + 1);
        CHECK(std::vector<std::string>(after.begin(), after.end() - 1) == before);
        CHECK(y.timeline.back().kind == EventKind::ticket_import);
    }
    const Ticket t = get_ticket(b.ctx(), t1);
    CHECK(t.tags == std::vector<std::string>{"加急", "物流"});  // kept in the order of their text
    CHECK(t.tags == get_ticket(a.ctx(), t1).tags);
    const std::vector<Escalation> es = ticket_escalations(b.ctx(), t1);
    REQUIRE(es.size() == 1);
    CHECK(es[0].to_level == 1);
    CHECK(es[0].reason == "顾客要求主管处理");
    CHECK(es[0].solution_due == cst(2026, 11, 23, 14, 30));  // 11:00 + 2 business hours
    CHECK(es[0].outcome == "met");
    const TicketDetail d = show_ticket(b.ctx(), t1);
    REQUIRE(d.compensations.size() == 1);
    CHECK(d.compensations[0].amount_fen == 3000);
    CHECK(d.compensations[0].agent == "li");

    // The imported store goes on from there: the pending ticket resumes with its hold counted.
    b.at(cst(2026, 11, 24, 10, 0));
    CHECK(resume_ticket(b.ctx(), t2).changed);
    CHECK(get_ticket(b.ctx(), t2).paused_total == 20 * k_hour);
}

TEST_CASE("CSV rows take their deadlines from the policy and find or register their customer") {
    Centre c(cst(2026, 11, 24, 9, 0));
    open(c, "email", "inquiry", "已有的工单", "13900002222");  // ticket 1, customer 1
    const std::string csv =
        "channel,kind,summary,created_at,customer_name,customer_phone,tags\n"
        "email,inquiry,发票开错了,2026-11-23T10:00:00+08:00,李娜,13900002222,发票;退款\n"
        "chat,complaint,客服态度差,2026-11-23T10:00:00+08:00,王磊,13700003333,\n";
    const ImportReport report = import_text(c, csv, ImportFormat::csv);
    CHECK(report.imported == 2);
    CHECK(report.customers_created == 1);  // the first row's phone is known already
    CHECK(all_ids(c) == std::vector<std::int64_t>{1, 2, 3});
    const Ticket t = get_ticket(c.ctx(), 2);
    CHECK(t.customer_id == 1);
    CHECK(t.owner == "li");
    CHECK(t.created_at == cst(2026, 11, 23, 10, 0));
    CHECK(t.first_response_due == cst(2026, 11, 23, 15, 30));
    CHECK(t.resolve_due == cst(2026, 11, 26, 10, 0));
    CHECK(t.tags == std::vector<std::string>{"发票", "退款"});
    CHECK(events_of(c, 2) == std::vector<std::string>{"open", "import"});
    const Ticket chat = get_ticket(c.ctx(), 3);
    CHECK(chat.first_response_due == cst(2026, 11, 23, 10, 0, 30));
    CHECK(chat.resolve_due == cst(2026, 11, 24, 10, 0));  // complaint: one working day
}

TEST_CASE("one bad line refuses the whole file, listing every bad line; skipping imports the good ones") {
    Centre c(cst(2026, 11, 24, 9, 0));
    const std::string csv =
        "channel,kind,summary,created_at,customer_name,customer_phone\n"
        "email,inquiry,发票开错了,2026-11-23T10:00:00+08:00,李娜,13900002222\n"
        "fax,inquiry,传真来信,2026-11-23T10:00:00+08:00,王磊,13700003333\n"
        "email,inquiry,未来的工单,2026-12-23T10:00:00+08:00,赵敏,13600004444\n";
    const std::string refusal = error_message([&] { import_text(c, csv, ImportFormat::csv); });
    CHECK(contains(refusal, "2 invalid lines in tickets.csv; nothing imported:"));
    CHECK(contains(refusal, "tickets.csv:3: channel: unknown value 'fax'"));
    CHECK(contains(refusal, "tickets.csv:4: created_at: 2026-12-23T10:00:00+08:00 is in the future"));
    CHECK(all_ids(c).empty());

    const ImportReport skipped = import_text(c, csv, ImportFormat::csv, true);
    CHECK(skipped.imported == 1);
    REQUIRE(skipped.problems.size() == 2);
    CHECK(skipped.problems[0].line == 3);
    CHECK(skipped.problems[1].line == 4);
    CHECK(all_ids(c) == std::vector<std::int64_t>{1});

    // A number already taken in the store is a bad line too.
    const std::string taken =
        R"({"id":1,"channel":"email","kind":"inquiry","summary":"重复","created_at":"2026-11-23T10:00:00+08:00","customer":{"name":"李娜","phone":"13900002222"}})"
        "\n";
    CHECK(contains(error_message([&] { import_text(c, taken, ImportFormat::jsonl); }),
                   "id: ticket 1 already exists in the store"));
}

TEST_CASE("importing tickets is a supervisor's job once agents exist") {
    Centre c(cst(2026, 11, 24, 9, 0));
    agent(c, "li", "manager");
    agent(c, "wang.fang", "agent");
    c.as("wang.fang");
    const std::string csv =
        "channel,kind,summary,created_at,customer_name,customer_phone\n"
        "email,inquiry,发票开错了,2026-11-23T10:00:00+08:00,李娜,13900002222\n";
    CHECK(contains(error_message([&] { import_text(c, csv, ImportFormat::csv); }, ErrorKind::refused),
                   "only a supervisor or above may import tickets"));
    c.as("li");
    CHECK(import_text(c, csv, ImportFormat::csv).imported == 1);
}
