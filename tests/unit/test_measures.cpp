#include <doctest/doctest.h>

#include "measures.hpp"

using namespace svc;

namespace {

SatisfactionCounts answers(std::array<std::int64_t, 5> csat, std::int64_t promoters, std::int64_t passives,
                           std::int64_t detractors) {
    SatisfactionCounts c;
    c.csat = csat;
    for (std::size_t i = 0; i < 5; ++i) {
        c.answered += csat[i];
        c.csat_sum += csat[i] * static_cast<std::int64_t>(i + 1);
    }
    c.promoters = promoters;
    c.passives = passives;
    c.detractors = detractors;
    c.nps_answers = promoters + passives + detractors;
    return c;
}

}  // namespace

TEST_CASE("percentages are rounded to one decimal and absent without a whole") {
    CHECK(percentage(1, 3) == doctest::Approx(33.3));
    CHECK(percentage(2, 3) == doctest::Approx(66.7));
    CHECK(percentage(1, 8) == doctest::Approx(12.5));
    CHECK(percentage(1, 16) == doctest::Approx(6.3));  // 6.25 rounds half up
    CHECK(percentage(0, 5) == doctest::Approx(0.0));
    CHECK(percentage(5, 5) == doctest::Approx(100.0));
    CHECK_FALSE(percentage(0, 0).has_value());
    CHECK(rounded(-2.25, 1) == doctest::Approx(-2.3));
    CHECK(rounded(4.125, 2) == doctest::Approx(4.13));
}

TEST_CASE("CSAT counts 4 and 5 among the answers; the average has two decimals") {
    // 10 answers: one 1, one 2, one 3, three 4s, four 5s → 7 of 10 satisfied, average 3.8.
    const SatisfactionCounts c = answers({1, 1, 1, 3, 4}, 0, 0, 0);
    CHECK(csat_score(c) == doctest::Approx(70.0));
    CHECK(csat_average(c) == doctest::Approx(3.8));
    const SatisfactionCounts three = answers({0, 0, 1, 1, 1}, 0, 0, 0);
    CHECK(csat_score(three) == doctest::Approx(66.7));
    CHECK(csat_average(three) == doctest::Approx(4.0));
    CHECK_FALSE(csat_score(SatisfactionCounts{}).has_value());
    CHECK_FALSE(csat_average(SatisfactionCounts{}).has_value());
}

TEST_CASE("NPS is promoters' share minus detractors', rounded once") {
    // 3 promoters, 2 passives, 2 detractors of 7: 42.857… − 28.571… = 14.2857… → 14.3
    CHECK(nps_score(answers({0, 0, 0, 0, 7}, 3, 2, 2)) == doctest::Approx(14.3));
    CHECK(nps_score(answers({0, 0, 0, 0, 3}, 1, 1, 1)) == doctest::Approx(0.0));
    CHECK(nps_score(answers({0, 0, 0, 0, 2}, 0, 0, 2)) == doctest::Approx(-100.0));
    CHECK(nps_score(answers({0, 0, 0, 0, 6}, 6, 0, 0)) == doctest::Approx(100.0));
    // 2 promoters, 1 detractor of 6 answers: 33.33… − 16.66… = 16.66… → 16.7 (17 if each rounded to 0 decimals).
    CHECK(nps_score(answers({0, 0, 0, 0, 6}, 2, 3, 1)) == doctest::Approx(16.7));
    CHECK_FALSE(nps_score(answers({0, 0, 0, 0, 4}, 0, 0, 0)).has_value());  // answers without an nps
}

TEST_CASE("response rate: the share of surveys sent that were answered") {
    SatisfactionCounts c;
    c.sent = 8;
    c.sent_answered = 3;
    CHECK(response_rate(c) == doctest::Approx(37.5));
    CHECK_FALSE(response_rate(SatisfactionCounts{}).has_value());
}

TEST_CASE("nearest-rank percentiles") {
    const std::vector<std::int64_t> v{15, 20, 35, 40, 50};
    CHECK(nearest_rank(v, 0.5) == 35);  // ⌈2.5⌉ = 3
    CHECK(nearest_rank(v, 0.9) == 50);  // ⌈4.5⌉ = 5
    CHECK(nearest_rank(v, 0.2) == 15);  // ⌈1.0⌉ = 1, exactly
    CHECK(nearest_rank(v, 0.4) == 20);  // ⌈2.0⌉ = 2, no float drift past it
    CHECK(nearest_rank(v, 1.0) == 50);
    CHECK(nearest_rank({7}, 0.5) == 7);
    CHECK_FALSE(nearest_rank({}, 0.5).has_value());
    const std::vector<std::int64_t> ten{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    CHECK(nearest_rank(ten, 0.5) == 5);
    CHECK(nearest_rank(ten, 0.9) == 9);
    CHECK(nearest_rank_index(10, 0.9) == 9);
    CHECK(nearest_rank_index(11, 0.9) == 10);  // ⌈9.9⌉
    CHECK(nearest_rank_index(1, 0.01) == 1);
}
