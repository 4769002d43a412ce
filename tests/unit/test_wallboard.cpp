// The wallboard (lib/wallboard, lib/render/wallboard_page): the queue, deadlines,
// escalations, today's figures, arrivals and who is working, on an in-memory store with a
// fixed clock; and the page it makes: self-contained, in either language.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "customers.hpp"
#include "duty.hpp"
#include "error.hpp"
#include "escalation.hpp"
#include "render/wallboard_page.hpp"
#include "wallboard.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// li (manager, lead), wang.fang (east) and chen.jie (west); a ticket from a week before, then
// on Monday 23 November 2026 at 10:00: wang.fang's e-mail (waiting), chen.jie's chat
// (waiting; its 30-second first response breaches) and wang.fang's phone call (answered,
// on hold); wang.fang's e-mail is escalated to the supervisors.
struct Floor {
    Centre c{cst(2026, 11, 16, 11, 20)};
    std::int64_t email = 0, chat = 0, phone = 0;

    Floor() {
        add_agent(c.ctx(), {"li", "李经理", "manager", std::string("lead"), std::nullopt, std::nullopt});
        add_agent(c.ctx(), {"wang.fang", "王芳", "agent", std::string("east"), std::nullopt, std::nullopt});
        add_agent(c.ctx(), {"chen.jie", "陈杰", "agent", std::string("west"), std::nullopt, std::nullopt});
        add_agent(c.ctx(), {"zhao.sup", "赵主管", "supervisor", std::string("east"), std::nullopt, std::nullopt});
        c.as("wang.fang");
        open(c, "web", "inquiry", "上周的问题", "13900009999");
        c.at(cst(2026, 11, 23, 10, 0));
        email = open(c, "email", "inquiry", "发票开错了");
        c.as("chen.jie");
        chat = open(c, "chat", "inquiry", "快递到哪了", "13700001111");
        c.as("wang.fang");
        phone = open(c, "phone", "after-sales", "洗衣机漏水", "13600002222");
        c.at(cst(2026, 11, 23, 10, 2));
        respond_ticket(c.ctx(), phone, "已安排师傅上门", false);
        pend_ticket(c.ctx(), phone, "等师傅上门");
        c.as("li");
        escalate_ticket(c.ctx(), {email, "顾客要求主管处理", std::nullopt, std::nullopt});
        c.at(cst(2026, 11, 23, 10, 5));
    }
};

const ChannelQueue* channel(const Wallboard& b, std::string_view name) {
    for (const ChannelQueue& q : b.channels)
        if (q.channel == name) return &q;
    return nullptr;
}

}  // namespace

TEST_CASE("the queue by channel, the breached and the next deadlines, escalations per level") {
    Floor f;
    const Wallboard b = read_wallboard(f.c.ctx(), {});
    CHECK(b.working_hours);
    CHECK(b.total.waiting == 3);  // the e-mail, the chat and last week's web form
    CHECK(b.total.open == 3);
    CHECK(b.total.pending == 1);
    REQUIRE(channel(b, "chat"));
    CHECK(channel(b, "chat")->waiting == 1);
    REQUIRE(channel(b, "phone"));
    CHECK(channel(b, "phone")->pending == 1);
    CHECK(channel(b, "phone")->waiting == 0);
    CHECK(b.breached == 2);  // the chat's 30 seconds, and last week's web form
    // The e-mail's next deadline is the supervisors' solution target: 2 working hours on,
    // the lunch break (12:00-13:30) left out.
    REQUIRE_FALSE(b.next_deadlines.empty());
    CHECK(b.next_deadlines.front().ticket == f.email);
    CHECK(b.next_deadlines.front().target == "solution");
    CHECK(b.next_deadlines.front().due == cst(2026, 11, 23, 13, 32));
    CHECK(b.next_deadlines.front().customer == "张*");
    for (const UpcomingDeadline& d : b.next_deadlines) CHECK(d.due > b.now);
    REQUIRE(b.escalations.size() == 3);  // every level above the front line
    CHECK(b.escalations[0].level == 1);
    CHECK(b.escalations[0].waiting == 1);
    CHECK(b.escalations[0].overdue == 0);
    CHECK(b.escalations[1].waiting == 0);

    // At 14:00 the supervisors' solution target has passed.
    f.c.at(cst(2026, 11, 23, 14, 0));
    const Wallboard later = read_wallboard(f.c.ctx(), {});
    CHECK(later.escalations[0].overdue == 1);
    CHECK(later.breached == 3);
}

TEST_CASE("a team's wallboard counts only the tickets of its agents") {
    Floor f;
    WallboardRequest east;
    east.team = "east";
    const Wallboard b = read_wallboard(f.c.ctx(), east);
    CHECK(b.total.waiting == 2);  // wang.fang's e-mail and web form; not chen.jie's chat
    CHECK_FALSE(channel(b, "chat"));
    CHECK(b.breached == 1);
    CHECK(b.escalations[0].waiting == 1);
    REQUIRE(b.agents.size() == 2);
    for (const FloorAgent& a : b.agents) CHECK((a.login == "wang.fang" || a.login == "zhao.sup"));
    WallboardRequest west;
    west.team = "west";
    CHECK(read_wallboard(f.c.ctx(), west).escalations[0].waiting == 0);
    WallboardRequest nobody;
    nobody.team = "north";
    CHECK(contains(error_message([&] { read_wallboard(f.c.ctx(), nobody); }, ErrorKind::not_found), "north"));
}

TEST_CASE("today's figures against the policy's targets, and arrivals against the same weekday") {
    Floor f;
    const Wallboard b = read_wallboard(f.c.ctx(), {});
    CHECK(b.created_today == 3);
    CHECK(b.resolved_today == 0);
    REQUIRE(b.today.size() == 3);
    CHECK(b.today[0].metric == "frt_sla");
    CHECK(b.today[0].target == doctest::Approx(90));  // the shipped policy's [kpi] targets
    CHECK(b.today[2].metric == "csat");
    CHECK_FALSE(b.today[2].value);  // no survey answered today
    REQUIRE(b.hours.size() == 24);
    CHECK(b.hours[10].today == 3);
    CHECK(b.hours[11].today == 0);
    CHECK(b.usual_days == 1);  // only last Monday had tickets among the four before
    CHECK(b.hours[11].usual == doctest::Approx(1.0));
    CHECK(b.hours[10].usual == doctest::Approx(0.0));
}

TEST_CASE("who is working: everyone active in working hours, only the duty roster outside them") {
    Floor f;
    const Wallboard day = read_wallboard(f.c.ctx(), {});
    CHECK(day.agents.size() == 4);
    CHECK(day.agents.front().login == "wang.fang");  // the heaviest load first
    CHECK(day.agents.front().open == 3);
    CHECK(day.agents.front().breached == 1);
    // The lunch break is part of the working day: the floor is staffed through it.
    f.c.at(cst(2026, 11, 23, 12, 30));
    const Wallboard lunch = read_wallboard(f.c.ctx(), {});
    CHECK(lunch.working_hours);
    CHECK(lunch.agents.size() == 4);
    add_duty(f.c.ctx(), {"2026-11-23", "chen.jie", "18:00-22:00", std::nullopt});
    f.c.at(cst(2026, 11, 23, 20, 0));
    const Wallboard night = read_wallboard(f.c.ctx(), {});
    CHECK_FALSE(night.working_hours);
    REQUIRE(night.agents.size() == 1);
    CHECK(night.agents[0].login == "chen.jie");
    CHECK(night.agents[0].on_duty_until == cst(2026, 11, 23, 22, 0));
}

TEST_CASE("a team's board keeps the tickets of an agent no longer active, and shows only active agents") {
    Floor f;
    f.c.as("wang.fang");
    assign_ticket(f.c.ctx(), f.email, "zhao.sup", false);
    f.c.as("li");
    update_agent(f.c.ctx(), "zhao.sup", [] {
        AgentChanges gone;
        gone.active = false;
        return gone;
    }());
    WallboardRequest east;
    east.team = "east";
    const Wallboard b = read_wallboard(f.c.ctx(), east);
    CHECK(b.total.waiting == 2);
    REQUIRE(b.agents.size() == 1);
    CHECK(b.agents[0].login == "wang.fang");
}

TEST_CASE("what the policy and the agents name reaches the page escaped") {
    Floor f;
    add_agent(f.c.ctx(), {"x.y", "<script>alert(1)</script>", "agent", std::string("a&b"), std::nullopt, std::nullopt});
    WallboardRequest team;
    team.team = "a&b";
    const std::string page = render::wallboard_html(read_wallboard(f.c.ctx(), team), {});
    CHECK_FALSE(contains(page, "<script"));
    CHECK(contains(page, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(contains(page, "a&amp;b"));
    CHECK_FALSE(contains(page, "a&b"));
}

TEST_CASE("a name on the wallboard is masked: its first character and stars") {
    CHECK(mask_name("张伟") == "张*");
    CHECK(mask_name("欧阳娜娜") == "欧***");
    CHECK(mask_name("Alice Brown") == "A****");
    CHECK(mask_name(" 李 ") == "李*");
    CHECK(mask_name("") == "");
}

TEST_CASE("the page stands alone, reloads itself and speaks the language asked for") {
    Floor f;
    const Wallboard b = read_wallboard(f.c.ctx(), {});
    render::WallboardPage zh;
    const std::string page = render::wallboard_html(b, zh);
    CHECK(contains(page, "<meta http-equiv=\"refresh\" content=\"60\">"));
    CHECK_FALSE(contains(page, "<script"));
    CHECK_FALSE(contains(page, "http://"));
    CHECK_FALSE(contains(page, "https://"));
    CHECK_FALSE(contains(page, "url("));
    CHECK(contains(page, "<html lang=\"zh-CN\">"));
    CHECK(contains(page, "已超时"));
    CHECK(contains(page, "data-figure=\"breached\">2<"));
    CHECK(contains(page, "张*"));
    CHECK_FALSE(contains(page, "张伟"));
    CHECK_FALSE(contains(page, "13800001234"));
    render::WallboardPage en;
    en.language = render::Language::en;
    en.refresh = 0;
    const std::string english = render::wallboard_html(b, en);
    CHECK(contains(english, "<html lang=\"en\">"));
    CHECK(contains(english, "breached"));
    CHECK_FALSE(contains(english, "已超时"));
    CHECK_FALSE(contains(english, "http-equiv"));
}
