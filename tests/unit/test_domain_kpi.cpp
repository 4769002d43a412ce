// KPIs over a store as of an instant (lib/kpi.hpp): a past period keeps the figures it had
// at its end when its tickets are reopened later, and --as-of shows any earlier instant.
#include <doctest/doctest.h>

#include "centre.hpp"
#include "kpi.hpp"

using namespace svc;
using namespace svc::testing;

namespace {

KpiReport september(Centre& c, std::optional<Instant> as_of = std::nullopt) {
    KpiRequest r;
    r.period = parse_period("2026-09", c.ctx().policy().zone, c.now());
    r.as_of = as_of;
    return compute_kpis(c.ctx(), r);
}

std::optional<double> value(const KpiReport& r, std::string_view metric) {
    for (std::size_t i = 0; i < r.metrics.size(); ++i)
        if (r.metrics[i]->name == metric) return r.rows.at(0).values.at(i);
    FAIL("no metric " << metric);
    return std::nullopt;
}

}  // namespace

TEST_CASE("a closed month's figures stay as they stood at its end after its tickets are reopened") {
    Centre c(cst(2026, 9, 10, 10));
    const std::int64_t complaint = open(c, "email", "complaint", "收到的商品破损");
    c.later(k_hour);
    respond_ticket(c.ctx(), complaint, "您好, 马上为您处理", false);
    c.at(cst(2026, 9, 11, 9));
    resolve_ticket(c.ctx(), complaint, "已补发", "service");
    c.at(cst(2026, 9, 12, 10));
    const std::int64_t inquiry = open(c, "chat", "inquiry", "发票怎么开", "13900005678");
    c.later(k_minute);
    respond_ticket(c.ctx(), inquiry, "请在订单页申请", false);
    c.later(k_minute);
    resolve_ticket(c.ctx(), inquiry, "已说明", "other");

    c.at(cst(2026, 9, 30, 23));
    const KpiReport printed_then = september(c);
    CHECK(value(printed_then, "resolved") == 2);
    CHECK(value(printed_then, "backlog") == 0);
    CHECK(value(printed_then, "reopen_rate") == 0);
    CHECK(value(printed_then, "service_complaint_rate") == 50);

    // October: both come back; one is resolved again, the other is still open.
    c.at(cst(2026, 10, 8, 10));
    reopen_ticket(c.ctx(), complaint, "补发的也坏了");
    reopen_ticket(c.ctx(), inquiry, "还是开不了");
    c.at(cst(2026, 10, 9, 10));
    resolve_ticket(c.ctx(), complaint, "已退款", "logistics");

    c.at(cst(2026, 11, 2, 10));
    const KpiReport printed_later = september(c);
    CHECK(printed_later.as_of == cst(2026, 10, 1));
    REQUIRE(printed_later.rows.size() == 1);
    CHECK(printed_later.rows[0].values == printed_then.rows[0].values);

    SUBCASE("the month of the second resolution counts it, as a resolution after a reopen") {
        KpiRequest r;
        r.period = parse_period("2026-10", c.ctx().policy().zone, c.now());
        r.metrics = parse_metrics("resolved,reopen_rate,backlog");
        const KpiReport october = compute_kpis(c.ctx(), r);
        CHECK(october.rows[0].values == std::vector<std::optional<double>>{1.0, 100.0, 1.0});
    }
    SUBCASE("--as-of shows the month as it stood at any instant") {
        const KpiReport mid = september(c, cst(2026, 9, 11, 8));
        CHECK(value(mid, "created") == 1);
        CHECK(value(mid, "resolved") == 0);
        CHECK(value(mid, "backlog") == 1);
        // As of a day in October the month is already over: the same as at its end.
        CHECK(september(c, cst(2026, 10, 8, 12)).rows[0].values == printed_then.rows[0].values);
    }
    SUBCASE("a period as of an instant later than now is refused, naming --as-of") {
        CHECK_THROWS_WITH_AS(september(c, cst(2026, 12, 1)), doctest::Contains("--as-of"), Error);
    }
}
