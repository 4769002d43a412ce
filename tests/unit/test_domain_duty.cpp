// The duty roster (lib/duty): shifts from the policy's duty hours or given hours, overlaps,
// who may keep it, and who is on duty at an instant, on an in-memory store.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "duty.hpp"
#include "error.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

// li (manager), zhao.sup (supervisor), wang.fang (agent), on Wednesday 30 September 2026.
Centre roster_centre() {
    Centre c(cst(2026, 9, 30, 17, 0));
    add_agent(c.ctx(), {"li", "李经理", "manager", std::nullopt, std::nullopt, std::nullopt});
    add_agent(c.ctx(), {"zhao.sup", "赵主管", "supervisor", std::nullopt, std::nullopt, std::nullopt});
    add_agent(c.ctx(), {"wang.fang", "王芳", "agent", std::nullopt, std::nullopt, std::nullopt});
    return c;
}

std::vector<std::pair<Instant, Instant>> spans(const std::vector<DutyShift>& shifts) {
    std::vector<std::pair<Instant, Instant>> out;
    for (const DutyShift& d : shifts) out.emplace_back(d.starts_at, d.ends_at);
    return out;
}

}  // namespace

TEST_CASE("a range of dates is one shift per date, with the given hours or the policy's") {
    Centre c = roster_centre();
    const auto week = add_duty(c.ctx(), {"2026-10-01..2026-10-07", "zhao.sup", "10:00-16:00", std::nullopt});
    REQUIRE(week.size() == 7);
    CHECK(week.front().starts_at == cst(2026, 10, 1, 10, 0));
    CHECK(week.back().ends_at == cst(2026, 10, 7, 16, 0));
    CHECK(week.front().created_by == "li");
    // Without hours: the holiday's duty hours, the make-up Saturday's working hours.
    CHECK(spans(add_duty(c.ctx(), {"2026-10-01", "li", std::nullopt, std::nullopt})) ==
          std::vector<std::pair<Instant, Instant>>{{cst(2026, 10, 1, 9, 0), cst(2026, 10, 1, 18, 0)}});
    CHECK(spans(add_duty(c.ctx(), {"2026-10-10", "wang.fang", std::nullopt, "调休"})) ==
          std::vector<std::pair<Instant, Instant>>{{cst(2026, 10, 10, 9, 0), cst(2026, 10, 10, 12, 0)},
                                                   {cst(2026, 10, 10, 13, 30), cst(2026, 10, 10, 18, 30)}});
    CHECK(spans(add_duty(c.ctx(), {"tomorrow", "wang.fang", "18:00-21:00", std::nullopt})) ==
          std::vector<std::pair<Instant, Instant>>{{cst(2026, 10, 1, 18, 0), cst(2026, 10, 1, 21, 0)}});
}

TEST_CASE("who is on duty at an instant, and who of a role or above") {
    Centre c = roster_centre();
    add_duty(c.ctx(), {"2026-10-01", "zhao.sup", "10:00-16:00", std::nullopt});
    add_duty(c.ctx(), {"2026-10-01", "li", "09:00-12:00,18:00-21:00", std::nullopt});
    add_duty(c.ctx(), {"2026-10-01", "wang.fang", "09:00-18:00", std::nullopt});
    CHECK(on_duty_at(c.ctx(), cst(2026, 10, 1, 11, 0)) == std::vector<std::string>{"li", "wang.fang", "zhao.sup"});
    CHECK(on_duty_at(c.ctx(), cst(2026, 10, 1, 11, 0), "supervisor") == std::vector<std::string>{"li", "zhao.sup"});
    CHECK(on_duty_at(c.ctx(), cst(2026, 10, 1, 13, 0), "manager").empty());
    CHECK(on_duty_at(c.ctx(), cst(2026, 10, 1, 16, 0)) == std::vector<std::string>{"wang.fang"});  // ends exclusive
    CHECK(on_duty_at(c.ctx(), cst(2026, 10, 1, 20, 59, 59), "manager") == std::vector<std::string>{"li"});
    CHECK(on_duty_at(c.ctx(), cst(2026, 10, 1, 21, 0)).empty());
    DutyFilter now;
    now.now = true;
    c.at(cst(2026, 10, 1, 10, 30));
    CHECK(list_duty(c.ctx(), now).size() == 3);
}

TEST_CASE("the roster refuses overlaps, strangers, bad dates and agents who would keep it; nothing is written") {
    Centre c = roster_centre();
    add_duty(c.ctx(), {"2026-10-03", "zhao.sup", "10:00-16:00", std::nullopt});
    auto count = [&] { return c.store().people().list_duty_shifts(0, k_clock_latest, std::nullopt).size(); };
    // The second date overlaps: the first is not written either.
    CHECK(contains(error_message(
                       [&] {
                           add_duty(c.ctx(), {"2026-10-02..2026-10-03", "zhao.sup", "15:00-18:00", std::nullopt});
                       },
                       ErrorKind::conflict),
                   "zhao.sup is already on duty from 2026-10-03T10:00:00+08:00"));
    CHECK(count() == 1);
    CHECK(contains(error_message(
                       [&] {
                           add_duty(c.ctx(), {"2026-10-32", "zhao.sup", std::nullopt, std::nullopt});
                       },
                       ErrorKind::usage),
                   "DATES: '2026-10-32'"));
    CHECK(contains(error_message(
                       [&] {
                           add_duty(c.ctx(), {"2026-10-01", "zhao.sup", "", std::nullopt});
                       },
                       ErrorKind::usage),
                   "--hours: '' gives no hours"));
    CHECK(contains(error_message(
                       [&] {
                           add_duty(c.ctx(), {"2026-10-01", "nobody", std::nullopt, std::nullopt});
                       },
                       ErrorKind::not_found),
                   "agent 'nobody' not found"));
    c.as("wang.fang");
    CHECK(contains(error_message(
                       [&] {
                           add_duty(c.ctx(), {"2026-10-01", "wang.fang", std::nullopt, std::nullopt});
                       },
                       ErrorKind::refused),
                   "only a supervisor or above may keep the duty roster"));
    CHECK(count() == 1);
    c.as("zhao.sup");
    const DutyShift removed = remove_duty(c.ctx(), 1);
    CHECK(removed.login == "zhao.sup");
    CHECK(count() == 0);
    CHECK(contains(error_message([&] { remove_duty(c.ctx(), 1); }, ErrorKind::not_found), "duty shift 1 not found"));
}
