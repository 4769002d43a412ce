// Erlang C and the hourly figures behind `svc kpi --by hour` and `svc kpi staffing`.
#include <doctest/doctest.h>

#include <cmath>

#include "centre.hpp"
#include "error.hpp"
#include "staffing.hpp"

using namespace svc;
using namespace svc::testing;

TEST_CASE("Erlang C: the chance to wait, checked against values worked by hand") {
    // 2 erlangs on 3 agents: Erlang B is 4/19, so C = 3B / (3 - 2(1 - B)) = 4/9.
    CHECK(erlang_c_wait_probability(3, 2.0) == doctest::Approx(4.0 / 9));
    CHECK(erlang_c_wait_probability(4, 2.0) == doctest::Approx(4.0 / 23));
    // The classic table: 10 erlangs on 11 and 12 agents.
    CHECK(erlang_c_wait_probability(11, 10.0) == doctest::Approx(0.6821).epsilon(0.001));
    CHECK(erlang_c_wait_probability(12, 10.0) == doctest::Approx(0.4494).epsilon(0.001));
    CHECK(erlang_c_wait_probability(2, 2.0) == 1);  // as many agents as erlangs never keep up
    CHECK(erlang_c_wait_probability(1, 0.0) == 0);
}

TEST_CASE("Erlang C: service level and average wait") {
    // 2 erlangs, 3 minutes a contact, answered within 20 s.
    CHECK(erlang_c_service_level(3, 2.0, 180, 20) == doctest::Approx(1 - 4.0 / 9 * std::exp(-20.0 / 180)));
    CHECK(erlang_c_service_level(4, 2.0, 180, 20) == doctest::Approx(1 - 4.0 / 23 * std::exp(-40.0 / 180)));
    CHECK(erlang_c_service_level(3, 2.0, 180, 20) < 0.8);
    CHECK(erlang_c_service_level(4, 2.0, 180, 20) > 0.8);  // so 80/20 needs 4 agents
    CHECK(erlang_c_average_wait(4, 2.0, 180) == doctest::Approx(4.0 / 23 * 180 / 2));
    CHECK(std::isinf(erlang_c_average_wait(2, 2.0, 180)));
    // More agents never make it worse.
    for (int n = 11; n < 30; ++n)
        CHECK(erlang_c_service_level(n + 1, 10.0, 300, 20) >= erlang_c_service_level(n, 10.0, 300, 20));
}

TEST_CASE("--service-level is PERCENT/SECONDS") {
    CHECK(parse_service_level("80/20") == std::pair<double, Seconds>{0.8, 20});
    CHECK(parse_service_level("90/30") == std::pair<double, Seconds>{0.9, 30});
    for (const char* bad : {"80", "80/", "/20", "100/20", "0/20", "80/0", "80/20s", "eighty/20"})
        CHECK(contains(error_message([&] { parse_service_level(bad); }), "--service-level"));
}

TEST_CASE("hourly figures count arrivals by the hour of day and average them over the days") {
    Centre c(cst(2026, 11, 23, 9, 0));  // Monday
    // Monday: two chats at 09:xx, one at 14:xx; Tuesday: one chat at 09:xx.
    for (Instant at :
         {cst(2026, 11, 23, 9, 5), cst(2026, 11, 23, 9, 40), cst(2026, 11, 23, 14, 10), cst(2026, 11, 24, 9, 20)}) {
        c.at(at);
        const std::int64_t id = open(c, "chat", "inquiry", "咨询");
        c.at(at + 20);
        respond_ticket(c.ctx(), id, "您好", false);
    }
    HourlyRequest r;
    r.period = {cst(2026, 11, 23), cst(2026, 11, 25), "2 days"};
    const auto hours = hourly_figures(c.ctx(), r);
    REQUIRE(hours.size() == 24);
    CHECK(hours[9].tickets == 3);
    CHECK(hours[9].per_day == doctest::Approx(1.5));
    CHECK(hours[9].frt_p50 == 20);
    CHECK(hours[9].frt_sla == doctest::Approx(100));  // 20 s within the chat's 30 s
    CHECK(hours[14].tickets == 1);
    CHECK(hours[10].tickets == 0);
    CHECK_FALSE(hours[10].frt_p50);
    r.by_weekday = true;
    const auto by_day = hourly_figures(c.ctx(), r);
    REQUIRE(by_day.size() == 7 * 24);
    CHECK(by_day[0 * 24 + 9].tickets == 2);  // Monday 09:00
    CHECK(by_day[0 * 24 + 9].per_day == doctest::Approx(2));
    CHECK(by_day[1 * 24 + 9].tickets == 1);  // Tuesday
    // Staffing: 1.5 chats an hour of 5 minutes each is 0.125 erlangs: one agent.
    StaffingRequest s;
    s.hours = r;
    s.hours.by_weekday = false;
    const auto rows = staffing(c.ctx(), s);
    CHECK(rows[9].erlangs == doctest::Approx(0.125));
    CHECK(rows[9].agents == 1);
    CHECK(rows[10].agents == 0);
    CHECK_FALSE(rows[10].service_level);
}
