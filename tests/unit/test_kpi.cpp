// KPIs (lib/kpi.hpp): the metric registry and --metrics/--by parsing, calendar buckets,
// metric values without data, changes, the service-star ranking, and the store's KPI
// queries reading index ranges rather than scanning tickets.
#include <doctest/doctest.h>

#include <set>

#include "kpi.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support.hpp"

using namespace svc;
using namespace svc::testing;

namespace {
const MetricDef& metric(std::string_view name) {
    for (const MetricDef& m : kpi_metrics())
        if (m.name == name) return m;
    FAIL("no metric " << name);
    return kpi_metrics().front();
}
}  // namespace

TEST_CASE("every metric has a unique name and a definition") {
    std::set<std::string_view> names;
    for (const MetricDef& m : kpi_metrics()) {
        CHECK(!m.definition.empty());
        CHECK(m.family != 0);
        CHECK(names.insert(m.name).second);
    }
    CHECK(names.size() == 28);
}

TEST_CASE("--metrics keeps the order given, drops repeats, and names an unknown metric") {
    auto m = parse_metrics(std::string("csat, frt_p90,csat"));
    REQUIRE(m.size() == 2);
    CHECK(m[0]->name == "csat");
    CHECK(m[1]->name == "frt_p90");
    CHECK(parse_metrics(std::nullopt).size() == kpi_metrics().size());
    CHECK(
        contains(error_message([] { parse_metrics(std::string("csat,speed")); }), "--metrics: unknown metric 'speed'"));
}

TEST_CASE("--by knows the dimensions and names an unknown one") {
    CHECK(parse_dimension("agent") == KpiDimension::agent);
    CHECK(parse_dimension("month") == KpiDimension::month);
    CHECK(dimension_name(KpiDimension::week) == "week");
    CHECK(contains(error_message([] { parse_dimension("shift"); }), "--by: unknown dimension 'shift'"));
}

TEST_CASE("calendar buckets cover the period, cut at its edges, in the zone") {
    const Zone& z = shanghai();
    const Period nov = parse_period("2026-11", z, 0);
    const auto weeks = kpi_buckets(nov, KpiDimension::week, z);
    // 2026-11-01 is a Sunday: the first and last ISO weeks are cut to the month.
    REQUIRE(weeks.size() == 6);
    CHECK(weeks.front().label == "2026-W44");
    CHECK(weeks.front().start == nov.start);
    CHECK(weeks.front().length() == k_day);
    CHECK(weeks[1].label == "2026-W45");
    CHECK(weeks[1].length() == 7 * k_day);
    CHECK(weeks.back().label == "2026-W49");
    CHECK(weeks.back().end == nov.end);
    const auto days = kpi_buckets(nov, KpiDimension::day, z);
    REQUIRE(days.size() == 30);
    CHECK(days[22].label == "2026-11-23");
    CHECK(days[22].start == utc(2026, 11, 22, 16));
    const auto months = kpi_buckets(parse_period("2026-11-15..2027-01-10", z, 0), KpiDimension::month, z);
    REQUIRE(months.size() == 3);
    CHECK(months[0].label == "2026-11");
    CHECK(months[1].label == "2026-12");
    CHECK(months[1].length() == 31 * k_day);
    CHECK(months[2].label == "2027-01");
}

TEST_CASE("a metric without data is absent, a count without data is 0") {
    const KpiFigures none;
    const SatisfactionCounts no_answers;
    for (const MetricDef& m : kpi_metrics()) {
        const auto v = metric_value(m, none, no_answers);
        if (m.kind == MetricKind::count || m.kind == MetricKind::money)
            CHECK(v == 0.0);
        else
            CHECK_MESSAGE(!v, m.name);
    }
}

TEST_CASE("metric values: nearest-rank percentiles, rates of their own whole") {
    KpiFigures f;
    f.created = 8;
    f.complaints = 3;
    f.first_response_times = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    f.resolution_times = {300};
    f.resolved = 3;
    f.first_contact = 1;
    f.first_response_met = 2;
    f.first_response_breached = 1;
    f.qa_count = 3;
    f.qa_sum = 250;
    f.compensation_fen = 5050;
    const SatisfactionCounts s;
    CHECK(metric_value(metric("complaint_rate"), f, s) == 37.5);
    CHECK(metric_value(metric("service_complaint_rate"), f, s) == 0);
    CHECK(metric_value(metric("complaint_res_sla"), f, s) == std::nullopt);  // no complaint came due
    KpiFigures g = f;
    g.service_complaints = 1;
    g.complaints_due = 3;
    g.complaints_resolved_in_time = 2;
    CHECK(metric_value(metric("service_complaint_rate"), g, s) == 12.5);
    CHECK(metric_value(metric("complaint_res_sla"), g, s) == 66.7);
    CHECK(metric_value(metric("frt_p50"), f, s) == 50);
    CHECK(metric_value(metric("frt_p90"), f, s) == 90);
    CHECK(metric_value(metric("res_p90"), f, s) == 300);
    CHECK(metric_value(metric("frt_sla"), f, s) == 66.7);
    CHECK(metric_value(metric("res_sla"), f, s) == std::nullopt);
    CHECK(metric_value(metric("fcr"), f, s) == 33.3);
    CHECK(metric_value(metric("qa_avg"), f, s) == 83.3);
    CHECK(metric_value(metric("compensation_total"), f, s) == 50.5);
}

TEST_CASE("a change is absent when either side is, and rounded like its metric") {
    CHECK(metric_change(metric("csat"), 90.1, std::nullopt) == std::nullopt);
    CHECK(metric_change(metric("csat"), std::nullopt, 80.0) == std::nullopt);
    CHECK(metric_change(metric("csat"), 90.3, 90.1) == 0.2);
    CHECK(metric_change(metric("created"), 3, 5) == -2);
}

TEST_CASE("the service star ranks the exact CSAT, then the number of answers, then the login") {
    auto c = [](std::string agent, std::int64_t satisfied, std::int64_t answers) {
        StarCandidate s;
        s.agent = std::move(agent);
        s.satisfied = satisfied;
        s.answers = answers;
        return s;
    };
    // 2 of 3 and 667 of 1,000 both show as 66.7; the exact share ranks 667 of 1,000 first.
    std::vector<StarCandidate> v{c("zhou", 2, 2),   c("two", 2, 3),  c("many", 667, 1000), c("li", 24, 25),
                                 c("wang", 48, 50), c("an", 48, 50), c("bai", 0, 0),       c("low", 1, 5)};
    rank_stars(v, 3);
    std::vector<std::string> order;
    for (const auto& s : v) order.push_back(s.agent + ":" + (s.rank ? std::to_string(*s.rank) : "-"));
    // li (96 %) and an/wang (96 %, 50 answers) tie on the share: more answers first, then login.
    CHECK(order == std::vector<std::string>{"an:1", "wang:2", "li:3", "many:4", "two:5", "low:6", "bai:-", "zhou:-"});
}

TEST_CASE("the KPI queries read index ranges and never scan the tickets") {
    SqliteStore store(":memory:", 5, true);
    store.migrate();
    for (SurveyGroup g : {SurveyGroup::none, SurveyGroup::agent, SurveyGroup::team, SurveyGroup::channel,
                          SurveyGroup::kind, SurveyGroup::category, SurveyGroup::priority, SurveyGroup::tier}) {
        for (const KpiQueryPlan& p : store.kpis().kpi_query_plans(g)) {
            INFO(static_cast<int>(g), " ", p.query, ": ", p.detail);
            CHECK(!contains(p.detail, "SCAN t "));
            CHECK(!contains(p.detail + ";", "SCAN t;"));
            CHECK(!contains(p.detail, "SCAN ticket"));
            CHECK(!contains(p.detail, "SCAN m"));
            CHECK(!contains(p.detail, "SCAN f"));
            CHECK(!contains(p.detail, "SCAN q"));
            CHECK(contains(p.detail, "INDEX"));
        }
    }
}
