#pragma once
// How figures are computed, in one place for the survey stats, the KPIs and the weekly
// review: rates are percentages rounded to one decimal, and a figure without data is
// absent, never 0.
#include <cstdint>
#include <optional>
#include <vector>

#include "store/records.hpp"

namespace svc {

// part / whole as a percentage rounded to one decimal; none without a whole.
std::optional<double> percentage(std::int64_t part, std::int64_t whole);
// Rounded to `decimals` places, halves away from zero.
double rounded(double value, int decimals);

// CSAT: the percentage of answers with csat 4 or 5.
std::optional<double> csat_score(const SatisfactionCounts& c);
// The average csat, two decimals.
std::optional<double> csat_average(const SatisfactionCounts& c);
// NPS: the percentage of promoters (9–10) minus that of detractors (0–6) among the answers
// with an nps, computed exactly and then rounded to one decimal.
std::optional<double> nps_score(const SatisfactionCounts& c);
// The share of the surveys sent that were answered.
std::optional<double> response_rate(const SatisfactionCounts& c);

// Nearest rank: the value at rank ⌈p·n⌉ (1-based) of the values in ascending order; p in
// (0, 1]. The values come in any order: a partial sort (linear) finds the rank.
std::optional<std::int64_t> nearest_rank(std::vector<std::int64_t> values, double p);
// The rank ⌈p·n⌉ (at least 1), for a percentile taken in SQL with OFFSET rank - 1.
std::int64_t nearest_rank_index(std::int64_t n, double p);

}  // namespace svc
